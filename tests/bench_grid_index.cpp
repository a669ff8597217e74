// Benchmarks of the grid index (make bench): point -> unit grid on the demo city at district and city
// scale, uniform and clustered points, against GEOS (STRtree + prepared geometry, the usual way) and
// Boost.Geometry (R*-tree + within) in the same binary and run; plus threads, build time and memory.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <chrono>
#include <map>
#include <random>

#include "data/demo_city.h"
#include "data/workspace.h"
#include "engine/geos_bridge.h"
#include "engine/grid_index.h"

namespace gridlink {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// [SECTION] data: the demo city's unit grids and a million points

struct Dataset {
    World world;
    std::vector<const MultiPolygon*> shapes;  // level 5
    std::vector<std::uint32_t> rank;
    std::vector<Vec2> uniform;
    std::vector<Vec2> clustered;
};

// Uniform over the district's bounding box (about 55% fall outside the district: the nearest grid is
// then looked up), or clustered: 200 hot spots at the centres of random unit grids, spread about 300 m.
std::vector<Vec2> Points(const GridSet& grids, std::size_t n, std::uint64_t seed, bool clustered) {
    const Box box = grids.bounds();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(box.min_x, box.max_x), uy(box.min_y, box.max_y);
    std::vector<Vec2> points;
    points.reserve(n);
    if (!clustered) {
        for (std::size_t i = 0; i < n; ++i) points.push_back({ux(rng), uy(rng)});
        return points;
    }
    std::normal_distribution<double> spread(0, 300);
    const std::vector<std::size_t>& units = grids.at_level(5);
    std::vector<Vec2> centres;
    for (int i = 0; i < 200; ++i) centres.push_back(grids[units[rng() % units.size()]].bounds.center());
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 c = centres[rng() % centres.size()];
        points.push_back({c.x + spread(rng), c.y + spread(rng)});
    }
    return points;
}

const Dataset& Demo(DemoScale scale) {
    static std::map<DemoScale, Dataset> cache;
    auto it = cache.find(scale);
    if (it != cache.end()) return it->second;
    Dataset d;
    auto world = GenerateDemoCity(DemoOptions{1, scale});
    if (world) d.world = std::move(world.value());
    const GridSet& grids = d.world.grids;
    std::vector<std::size_t> units = grids.at_level(5);
    std::vector<std::size_t> by_code = units;
    std::sort(by_code.begin(), by_code.end(),
              [&](std::size_t a, std::size_t b) { return grids[a].code < grids[b].code; });
    std::unordered_map<std::size_t, std::uint32_t> rank_of;
    for (std::size_t r = 0; r < by_code.size(); ++r) rank_of[by_code[r]] = static_cast<std::uint32_t>(r);
    for (std::size_t i : units) {
        d.shapes.push_back(&grids[i].shape);
        d.rank.push_back(rank_of[i]);
    }
    d.uniform = Points(grids, 1'000'000, 1, false);
    d.clustered = Points(grids, 1'000'000, 2, true);
    return cache.emplace(scale, std::move(d)).first->second;
}

const std::vector<Vec2>& PointsOf(const Dataset& d, bool clustered) { return clustered ? d.clustered : d.uniform; }

void SetRate(benchmark::State& state, std::size_t points) {
    state.counters["points/s"] =
        benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsIterationInvariantRate);
}

// [SECTION] GEOS: STRtree of envelopes, prepared geometry intersects per candidate

void BM_Locate_GeosOn(benchmark::State& state, const Dataset& d, const std::vector<Vec2>& points) {
    GeosContext geos;
    const auto h = geos.handle();
    std::vector<GeosGeometry> geometries;
    std::vector<const GEOSPreparedGeometry*> prepared;
    GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
    for (const MultiPolygon* s : d.shapes) {
        geometries.push_back(ToGeos(geos, *s));
        prepared.push_back(GEOSPrepare_r(h, geometries.back().get()));
    }
    for (std::size_t i = 0; i < geometries.size(); ++i) {
        GEOSSTRtree_insert_r(h, tree, geometries[i].get(), reinterpret_cast<void*>(i));
    }
    std::vector<std::size_t> candidates;
    for (auto _ : state) {
        std::size_t found = 0;
        for (const Vec2& p : points) {
            GEOSGeometry* point = GEOSGeom_createPointFromXY_r(h, p.x, p.y);
            candidates.clear();
            GEOSSTRtree_query_r(
                h, tree, point,
                [](void* item, void* data) {
                    static_cast<std::vector<std::size_t>*>(data)->push_back(reinterpret_cast<std::size_t>(item));
                },
                &candidates);
            for (std::size_t c : candidates) {
                if (GEOSPreparedIntersects_r(h, prepared[c], point) == 1) {
                    ++found;
                    break;
                }
            }
            GEOSGeom_destroy_r(h, point);
        }
        benchmark::DoNotOptimize(found);
    }
    SetRate(state, points.size());
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
    GEOSSTRtree_destroy_r(h, tree);
}

void BM_Locate_Geos(benchmark::State& state, DemoScale scale, bool clustered) {
    const Dataset& d = Demo(scale);
    BM_Locate_GeosOn(state, d, PointsOf(d, clustered));
}

// [SECTION] Boost.Geometry: R*-tree of boxes, within per candidate

void BM_Locate_Boost(benchmark::State& state, DemoScale scale, bool clustered) {
    using BPoint = bg::model::d2::point_xy<double>;
    using BPolygon = bg::model::polygon<BPoint, false, false>;  // counter-clockwise, open rings
    using BMulti = bg::model::multi_polygon<BPolygon>;
    using BBox = bg::model::box<BPoint>;
    const Dataset& d = Demo(scale);
    std::vector<BMulti> shapes;
    std::vector<std::pair<BBox, std::uint32_t>> boxes;
    for (const MultiPolygon* s : d.shapes) {
        BMulti m;
        for (const Polygon& p : *s) {
            BPolygon bp;
            for (Vec2 v : p.outer) bp.outer().push_back({v.x, v.y});
            for (const Ring& hole : p.holes) {
                bp.inners().emplace_back();
                for (Vec2 v : hole) bp.inners().back().push_back({v.x, v.y});
            }
            bg::correct(bp);
            m.push_back(std::move(bp));
        }
        const Box b = Bounds(*s);
        boxes.push_back({BBox({b.min_x, b.min_y}, {b.max_x, b.max_y}), static_cast<std::uint32_t>(shapes.size())});
        shapes.push_back(std::move(m));
    }
    const bgi::rtree<std::pair<BBox, std::uint32_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    const std::vector<Vec2>& points = PointsOf(d, clustered);
    for (auto _ : state) {
        std::size_t found = 0;
        for (const Vec2& p : points) {
            const BPoint bp(p.x, p.y);
            for (auto it = tree.qbegin(bgi::intersects(bp)); it != tree.qend(); ++it) {
                if (bg::within(bp, shapes[it->second])) {
                    ++found;
                    break;
                }
            }
        }
        benchmark::DoNotOptimize(found);
    }
    SetRate(state, points.size());
}

// [SECTION] gridlink: the cell trie

void BM_Locate_Gridlink(benchmark::State& state, DemoScale scale, bool clustered) {
    const Dataset& d = Demo(scale);
    const PolygonIndex index = PolygonIndex::Build(d.shapes, d.rank);
    const std::vector<Vec2>& points = PointsOf(d, clustered);
    for (auto _ : state) {
        std::int64_t sum = 0;
        for (const Vec2& p : points) sum += index.locate(p);
        benchmark::DoNotOptimize(sum);
    }
    SetRate(state, points.size());
    state.counters["index_MiB"] = static_cast<double>(index.memory_bytes()) / (1 << 20);
    state.SetLabel(index.describe());
}

// The same, as a batch (PolygonIndex::locate_many: queries interleaved, their cache misses overlapped).
void BM_LocateBatch_Gridlink(benchmark::State& state, DemoScale scale, bool clustered) {
    const Dataset& d = Demo(scale);
    const PolygonIndex index = PolygonIndex::Build(d.shapes, d.rank);
    const std::vector<Vec2>& points = PointsOf(d, clustered);
    std::vector<std::int64_t> items(points.size());
    for (auto _ : state) {
        index.locate_many(points, items);
        benchmark::DoNotOptimize(items.data());
    }
    SetRate(state, points.size());
}

// The whole five-level index as `gridlink assign` uses it (finest grid; the nearest grid for points outside
// every grid) over a million points, split over state.range(0) threads; wall-clock time.
void BM_LocateMany_Gridlink(benchmark::State& state, DemoScale scale, bool clustered) {
    const Dataset& d = Demo(scale);
    const GridIndex index = GridIndex::Build(d.world.grids);
    const std::vector<Vec2>& points = PointsOf(d, clustered);
    std::vector<GridHit> hits(points.size());
    for (auto _ : state) {
        index.locate_many(points, hits, static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(hits.data());
    }
    SetRate(state, points.size());
}

// Building the five-level index for a whole GridSet.
void BM_Build_GridIndex(benchmark::State& state, DemoScale scale) {
    const Dataset& d = Demo(scale);
    std::size_t bytes = 0;
    for (auto _ : state) {
        const GridIndex index = GridIndex::Build(d.world.grids);
        bytes = index.memory_bytes();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["grids"] = static_cast<double>(d.world.grids.size());
    state.counters["index_MiB"] = static_cast<double>(bytes) / (1 << 20);
}

// [SECTION] the nearest grid to points outside every grid, on a real city (Chicago's 77 community areas)

// A million points uniform over Chicago's bounding box (about 65% outside: the lake and the suburbs), and
// the first 100,000 of those outside every area.
struct City {
    World world;
    std::vector<const MultiPolygon*> shapes;
    std::vector<Vec2> uniform;
    std::vector<Vec2> outside;
};

const City& Chicago() {
    static const City city = [] {
        City c;
        GridSourceSpec spec;
        spec.path = std::string(GRIDLINK_TEST_DATA) + "/chicago_community_areas.geojson";
        spec.id_field = "area_numbe";
        spec.name_field = "community";
        ReadReport report;
        auto w = WorldFromGridSource(spec, &report, false);
        if (w) c.world = std::move(w.value());
        for (std::size_t i = 0; i < c.world.grids.size(); ++i) c.shapes.push_back(&c.world.grids[i].shape);
        const Box box = c.world.grids.bounds();
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> ux(box.min_x, box.max_x), uy(box.min_y, box.max_y);
        for (int i = 0; i < 1'000'000; ++i) c.uniform.push_back({ux(rng), uy(rng)});
        const GridIndex index = GridIndex::Build(c.world.grids);
        for (const Vec2& p : c.uniform) {
            if (c.outside.size() < 100'000 && !index.locate(p).inside()) c.outside.push_back(p);
        }
        return c;
    }();
    return city;
}

// GEOS, the usual way: an STRtree of the areas and GEOSSTRtree_nearest_generic_r with GEOSDistance_r.
void BM_Nearest_Geos(benchmark::State& state) {
    const City& c = Chicago();
    GeosContext geos;
    const auto h = geos.handle();
    std::vector<GeosGeometry> geometries;
    GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
    for (const MultiPolygon* s : c.shapes) geometries.push_back(ToGeos(geos, *s));
    for (std::size_t i = 0; i < geometries.size(); ++i) {
        GEOSSTRtree_insert_r(h, tree, geometries[i].get(), geometries[i].get());
    }
    double sum = 0;
    for (auto _ : state) {
        for (const Vec2& p : c.outside) {
            GEOSGeometry* point = GEOSGeom_createPointFromXY_r(h, p.x, p.y);
            const void* found = GEOSSTRtree_nearest_generic_r(
                h, tree, point, point,
                [](const void* item, const void* q, double* d, void* userdata) {
                    return GEOSDistance_r(static_cast<GEOSContextHandle_t>(userdata),
                                          static_cast<const GEOSGeometry*>(item), static_cast<const GEOSGeometry*>(q),
                                          d);
                },
                h);
            double d = 0;
            if (found) GEOSDistance_r(h, static_cast<const GEOSGeometry*>(found), point, &d);
            sum += d;
            GEOSGeom_destroy_r(h, point);
        }
        benchmark::DoNotOptimize(sum);
    }
    SetRate(state, c.outside.size());
    GEOSSTRtree_destroy_r(h, tree);
}

// gridlink: GridIndex::locate on the same points (all outside: the nearest area and its distance).
void BM_Nearest_Gridlink(benchmark::State& state) {
    const City& c = Chicago();
    const GridIndex index = GridIndex::Build(c.world.grids);
    double sum = 0;
    for (auto _ : state) {
        for (const Vec2& p : c.outside) sum += index.locate(p).distance_m;
        benchmark::DoNotOptimize(sum);
    }
    SetRate(state, c.outside.size());
    state.counters["index_MiB"] = static_cast<double>(index.memory_bytes()) / (1 << 20);
}

// The whole million (inside and outside) through GridIndex::locate_many on one thread, as `assign` calls it.
void BM_LocateMany_Chicago(benchmark::State& state) {
    const City& c = Chicago();
    const GridIndex index = GridIndex::Build(c.world.grids);
    std::vector<GridHit> hits(c.uniform.size());
    for (auto _ : state) {
        index.locate_many(c.uniform, hits, 1);
        benchmark::DoNotOptimize(hits.data());
    }
    SetRate(state, c.uniform.size());
    std::size_t outside = 0;
    for (const GridHit& hit : hits) outside += hit.inside() ? 0 : 1;
    state.counters["outside_share"] = static_cast<double>(outside) / static_cast<double>(hits.size());
}

const bool registered = [] {
    for (DemoScale scale : {DemoScale::District, DemoScale::City}) {
        const std::string s = DemoScaleName(scale);
        for (bool clustered : {false, true}) {
            const std::string suffix = "/" + s + (clustered ? "/clustered" : "/uniform");
            benchmark::RegisterBenchmark(("BM_Locate_Geos" + suffix).c_str(), BM_Locate_Geos, scale, clustered)
                ->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark(("BM_Locate_Boost" + suffix).c_str(), BM_Locate_Boost, scale, clustered)
                ->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark(("BM_Locate_Gridlink" + suffix).c_str(), BM_Locate_Gridlink, scale, clustered)
                ->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark(("BM_LocateBatch_Gridlink" + suffix).c_str(), BM_LocateBatch_Gridlink, scale,
                                         clustered)
                ->Unit(benchmark::kMillisecond);
        }
        for (bool clustered : {false, true}) {
            const std::string name = "BM_LocateMany_Gridlink/" + s + (clustered ? "/clustered" : "/uniform");
            benchmark::RegisterBenchmark(name.c_str(), BM_LocateMany_Gridlink, scale, clustered)
                ->Arg(1)
                ->Arg(2)
                ->UseRealTime()
                ->Unit(benchmark::kMillisecond);
        }
        benchmark::RegisterBenchmark(("BM_Build_GridIndex/" + s).c_str(), BM_Build_GridIndex, scale)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark("BM_Nearest_Geos/chicago/outside", BM_Nearest_Geos)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Nearest_Gridlink/chicago/outside", BM_Nearest_Gridlink)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_LocateMany_Chicago/uniform", BM_LocateMany_Chicago)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    return true;
}();

}  // namespace
}  // namespace gridlink
