// Benchmarks (make bench): each of ours beside a well-known baseline in the same binary and run.
// Tessellation of the demo's unit grids: gridlink's path (convex quads and triangles split directly,
// everything else through GEOS) against GEOS constrained Delaunay for every polygon.
#include <benchmark/benchmark.h>

#include "data/demo_city.h"
#include "engine/tessellation.h"

namespace gridlink {
namespace {

const World& DemoDistrict() {
    static const World world = [] {
        auto w = GenerateDemoCity(DemoOptions{1, DemoScale::District});
        return w ? std::move(w.value()) : World{};
    }();
    return world;
}

void BM_TessellateUnitGrids_Gridlink(benchmark::State& state) {
    const World& world = DemoDistrict();
    GeosContext geos;
    std::vector<Triangle> triangles;
    for (auto _ : state) {
        triangles.clear();
        for (std::size_t i : world.grids.at_level(5)) Tessellate(geos, world.grids[i].shape, triangles);
        benchmark::DoNotOptimize(triangles.data());
    }
    state.counters["polygons/s"] = benchmark::Counter(static_cast<double>(world.grids.at_level(5).size()),
                                                      benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TessellateUnitGrids_Gridlink)->Unit(benchmark::kMillisecond);

void BM_TessellateUnitGrids_GeosConstrainedDelaunay(benchmark::State& state) {
    const World& world = DemoDistrict();
    GeosContext geos;
    std::size_t triangles = 0;
    for (auto _ : state) {
        triangles = 0;
        for (std::size_t i : world.grids.at_level(5)) {
            GeosGeometry g = ToGeos(geos, world.grids[i].shape);
            GeosGeometry t = MakeGeos(geos, GEOSConstrainedDelaunayTriangulation_r(geos.handle(), g.get()));
            triangles += static_cast<std::size_t>(GEOSGetNumGeometries_r(geos.handle(), t.get()));
        }
        benchmark::DoNotOptimize(triangles);
    }
    state.counters["polygons/s"] = benchmark::Counter(static_cast<double>(world.grids.at_level(5).size()),
                                                      benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TessellateUnitGrids_GeosConstrainedDelaunay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridlink

BENCHMARK_MAIN();
