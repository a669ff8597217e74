// Benchmark of the demo-city generator (make bench): the district scale, which demo_city_test once required to
// take under 15 s. The figure lives here, where a busy machine gives a slow figure, not a failed test; the
// simulator's lines a second (once simulator_test's 20,000 lines/s) are in bench_simulator.cpp.
#include <benchmark/benchmark.h>

#include "data/demo_city.h"

namespace gridlink {
namespace {

void BM_DemoCity_District(benchmark::State& state) {
    for (auto _ : state) {
        Result<World> world = GenerateDemoCity({1, DemoScale::District});
        if (!world) return state.SkipWithError(world.error().c_str());
        benchmark::DoNotOptimize(world.value().grids.size());
    }
}
BENCHMARK(BM_DemoCity_District)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace gridlink
