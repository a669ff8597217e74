// Tests of the demo-city generator: children tile their parents exactly at every level (checked with
// GEOS), codes and names are well formed, resources sit in their home grids, every street has roads and
// every unit grid is a short walk from one, and output is deterministic.
#include "data/demo_city.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "engine/geos_bridge.h"
#include "engine/road_network.h"

namespace gridlink {
namespace {

// [SECTION] helpers

const World& SmallWorld(std::uint64_t seed) {
    static std::vector<std::pair<std::uint64_t, World>> cache;
    for (auto& [s, w] : cache) {
        if (s == seed) return w;
    }
    Result<World> world = GenerateDemoCity({seed, DemoScale::Small});
    EXPECT_TRUE(world.ok()) << (world.ok() ? "" : world.error());
    cache.emplace_back(seed, std::move(world.value()));
    return cache.back().second;
}

double GeosAreaOf(GeosContext& geos, const GEOSGeometry* g) {
    double a = 0;
    if (g) GEOSArea_r(geos.handle(), g, &a);
    return a;
}

struct TilingReport {
    double worst_symdiff_ratio = 0;  // |union(children) xor parent| / |parent|
    double worst_symdiff = 0;        // in m2
    double worst_overlap = 0;        // total sibling overlap under one parent, m2
    int invalid = 0;
    int parents = 0;
};

// Checks every parent against the union of its children, and siblings against each other.
TilingReport CheckTiling(const World& world) {
    GeosContext geos;
    const auto h = geos.handle();
    const GridSet& grids = world.grids;
    std::vector<GeosGeometry> shapes;
    shapes.reserve(grids.size());
    TilingReport report;
    for (const Grid& g : grids.grids()) {
        shapes.push_back(ToGeos(geos, g.shape));
        if (GEOSisValid_r(h, shapes.back().get()) != 1) ++report.invalid;
    }
    for (std::size_t p = 0; p < grids.size(); ++p) {
        const std::vector<std::size_t>& kids = grids.children(p);
        if (kids.empty()) continue;
        ++report.parents;
        std::vector<GEOSGeometry*> parts;
        for (std::size_t k : kids) parts.push_back(GEOSGeom_clone_r(h, shapes[k].get()));
        GeosGeometry all = MakeGeos(geos, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                                      static_cast<unsigned>(parts.size())));
        GeosGeometry merged = MakeGeos(geos, GEOSUnaryUnion_r(h, all.get()));
        GeosGeometry diff = MakeGeos(geos, GEOSSymDifference_r(h, merged.get(), shapes[p].get()));
        const double symdiff = GeosAreaOf(geos, diff.get());
        report.worst_symdiff = std::max(report.worst_symdiff, symdiff);
        report.worst_symdiff_ratio = std::max(report.worst_symdiff_ratio, symdiff / grids[p].area_m2);
        double overlap = 0;
        for (std::size_t i = 0; i < kids.size(); ++i) {
            for (std::size_t j = i + 1; j < kids.size(); ++j) {
                if (!grids[kids[i]].bounds.intersects(grids[kids[j]].bounds)) continue;
                GeosGeometry both = MakeGeos(geos, GEOSIntersection_r(h, shapes[kids[i]].get(), shapes[kids[j]].get()));
                overlap += GeosAreaOf(geos, both.get());
            }
        }
        report.worst_overlap = std::max(report.worst_overlap, overlap);
    }
    return report;
}

void ExpectExactTiling(const World& world) {
    const TilingReport r = CheckTiling(world);
    std::printf(
        "%d parents: worst |union(children) xor parent| %.3g m2 (%.3g of the parent), worst sibling overlap "
        "%.3g m2\n",
        r.parents, r.worst_symdiff, r.worst_symdiff_ratio, r.worst_overlap);
    EXPECT_EQ(r.invalid, 0);
    EXPECT_GT(r.parents, 100);
    EXPECT_LT(r.worst_symdiff_ratio, 1e-6) << "worst |union(children) xor parent| = " << r.worst_symdiff << " m2";
    EXPECT_LT(r.worst_symdiff, 1.0);
    EXPECT_LT(r.worst_overlap, 1e-3) << "sibling overlap in m2";
}

// [SECTION] scale names and GCJ-02

TEST(DemoCity, ParsesScaleNames) {
    for (DemoScale s : {DemoScale::Small, DemoScale::District, DemoScale::City}) {
        ASSERT_TRUE(ParseDemoScale(DemoScaleName(s)).has_value());
        EXPECT_EQ(*ParseDemoScale(DemoScaleName(s)), s);
    }
    EXPECT_FALSE(ParseDemoScale("huge").has_value());
    EXPECT_FALSE(ParseDemoScale("").has_value());
}

TEST(DemoCity, Gcj02RoundTripsAndOffsetIsPlausible) {
    const Vec2 gcj{120.566833, 31.294845};  // the outline's "center" property
    const Vec2 wgs = Wgs84FromGcj02(gcj);
    const Vec2 back = Gcj02FromWgs84(wgs);
    EXPECT_NEAR(back.x, gcj.x, 1e-9);
    EXPECT_NEAR(back.y, gcj.y, 1e-9);
    // In Suzhou the offset is a few hundred metres: east and south in GCJ-02.
    const double dx_m = (gcj.x - wgs.x) * 111320 * std::cos(31.3 * 3.14159265358979 / 180);
    const double dy_m = (gcj.y - wgs.y) * 110900;
    EXPECT_GT(std::hypot(dx_m, dy_m), 200);
    EXPECT_LT(std::hypot(dx_m, dy_m), 800);
}

// [SECTION] the hierarchy

TEST(DemoCity, SmallHasFiveLevelsGrowingInCount) {
    const World& world = SmallWorld(1);
    ASSERT_EQ(world.grids.max_level(), 5);
    EXPECT_EQ(world.grids.at_level(1).size(), 1u);
    EXPECT_GE(world.grids.at_level(2).size(), 6u);
    EXPECT_LE(world.grids.at_level(2).size(), 12u);
    for (int level = 2; level <= 5; ++level) {
        EXPECT_GT(world.grids.at_level(level).size(), world.grids.at_level(level - 1).size()) << "level " << level;
    }
    EXPECT_GE(world.grids.at_level(5).size(), 1000u);
    EXPECT_LE(world.grids.at_level(5).size(), 2500u);
    EXPECT_TRUE(world.crs.same_as(Crs::FromEpsg(kDemoEpsg)));
    // Huqiu in CGCS2000 / 3-degree GK CM 120E: about 520-560 km east, 3455-3478 km north, 340 km2.
    const Grid& district = world.grids[world.grids.at_level(1)[0]];
    EXPECT_EQ(district.code, "320505");
    EXPECT_EQ(district.name, "虎丘区");
    EXPECT_GT(district.bounds.min_x, 515000);
    EXPECT_LT(district.bounds.max_x, 565000);
    EXPECT_GT(district.bounds.min_y, 3450000);
    EXPECT_LT(district.bounds.max_y, 3482000);
    EXPECT_NEAR(district.area_m2 / 1e6, 340, 15);
}

TEST(DemoCity, CodesNamesAndPeopleAreWellFormed) {
    const World& world = SmallWorld(1);
    const GridSet& grids = world.grids;
    std::set<std::string> codes;
    for (std::size_t i = 0; i < grids.size(); ++i) {
        const Grid& g = grids[i];
        EXPECT_TRUE(codes.insert(g.code).second) << "duplicate code " << g.code;
        EXPECT_EQ(static_cast<int>(g.code.size()), CodeLengthForLevel(g.level)) << g.code;
        EXPECT_EQ(g.code.rfind("320505", 0), 0u) << g.code;
        EXPECT_EQ(g.code.find_first_not_of("0123456789"), std::string::npos) << g.code;
        EXPECT_FALSE(g.name.empty()) << g.code;
        EXPECT_FALSE(g.shape.empty()) << g.code;
        EXPECT_EQ(grids.find(g.code), static_cast<std::int64_t>(i));
        if (g.level == 1) {
            EXPECT_TRUE(g.parent_code.empty());
            continue;
        }
        EXPECT_EQ(g.parent_code, ParentCodeOf(g.code));
        const std::int64_t parent = grids.find(g.parent_code);
        ASSERT_GE(parent, 0) << g.code;
        EXPECT_EQ(grids[parent].level, g.level - 1);
        EXPECT_FALSE(g.responsible.empty()) << g.code;
        EXPECT_EQ(g.phone.size(), 11u) << g.code;
        EXPECT_EQ(g.phone[0], '1');
        EXPECT_EQ(g.phone.find_first_not_of("0123456789"), std::string::npos) << g.phone;
        if (g.level == 4) {
            EXPECT_NE(g.name.find("网格"), std::string::npos) << g.name;
        }
        if (g.level == 5) {
            EXPECT_NE(g.name.find("单元"), std::string::npos) << g.name;
        }
    }
    std::set<std::string> streets;
    for (std::size_t i : grids.at_level(2)) streets.insert(grids[i].name);
    EXPECT_TRUE(streets.count("狮山街道"));
    EXPECT_TRUE(streets.count("浒墅关镇"));
    EXPECT_TRUE(streets.count("镇湖街道"));
    for (std::size_t i : grids.at_level(4)) EXPECT_LE(grids.children(i).size(), 99u);
}

TEST(DemoCity, ChildrenTileParentsExactly) { ExpectExactTiling(SmallWorld(1)); }

TEST(DemoCity, ChildrenTileParentsExactlyForOtherSeeds) {
    ExpectExactTiling(SmallWorld(2));
    ExpectExactTiling(SmallWorld(20240611));
}

TEST(DemoCity, NoSlivers) {
    for (std::uint64_t seed : {1ull, 2ull}) {
        const GridSet& grids = SmallWorld(seed).grids;
        for (int level = 2; level <= 5; ++level) {
            double total = 0;
            for (std::size_t i : grids.at_level(level)) total += grids[i].area_m2;
            const double mean = total / static_cast<double>(grids.at_level(level).size());
            for (std::size_t i : grids.at_level(level)) {
                EXPECT_GT(grids[i].area_m2, 0.15 * mean) << grids[i].code << " at level " << level;
                for (const Polygon& p : grids[i].shape) {
                    EXPECT_GT(Area(p), 1.0) << "a speck in " << grids[i].code;
                }
            }
        }
    }
}

// [SECTION] determinism

void ExpectSameWorld(const World& a, const World& b) {
    ASSERT_EQ(a.grids.size(), b.grids.size());
    for (std::size_t i = 0; i < a.grids.size(); ++i) {
        const Grid& x = a.grids[i];
        const Grid& y = b.grids[i];
        ASSERT_EQ(x.code, y.code);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.level, y.level);
        EXPECT_EQ(x.parent_code, y.parent_code);
        EXPECT_EQ(x.responsible, y.responsible);
        EXPECT_EQ(x.phone, y.phone);
        ASSERT_EQ(x.shape.size(), y.shape.size()) << x.code;
        for (std::size_t p = 0; p < x.shape.size(); ++p) {
            ASSERT_EQ(x.shape[p].outer, y.shape[p].outer) << x.code;
            ASSERT_EQ(x.shape[p].holes, y.shape[p].holes) << x.code;
        }
    }
    ASSERT_EQ(a.resources.size(), b.resources.size());
    for (std::size_t i = 0; i < a.resources.size(); ++i) {
        const Resource& x = a.resources[i];
        const Resource& y = b.resources[i];
        EXPECT_EQ(x.id, y.id);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.status, y.status);
        EXPECT_EQ(x.home_grid, y.home_grid);
        EXPECT_TRUE(x.position == y.position) << x.id;
    }
    ASSERT_EQ(a.roads.size(), b.roads.size());
    for (std::size_t i = 0; i < a.roads.size(); ++i) {
        EXPECT_EQ(a.roads[i].name, b.roads[i].name);
        EXPECT_EQ(a.roads[i].kind, b.roads[i].kind);
        EXPECT_EQ(a.roads[i].line, b.roads[i].line);
    }
    ASSERT_EQ(a.water.size(), b.water.size());
    for (std::size_t i = 0; i < a.water.size(); ++i) {
        EXPECT_EQ(a.water[i].name, b.water[i].name);
        ASSERT_EQ(a.water[i].shape.size(), b.water[i].shape.size());
        for (std::size_t p = 0; p < a.water[i].shape.size(); ++p) {
            EXPECT_EQ(a.water[i].shape[p].outer, b.water[i].shape[p].outer);
        }
    }
}

TEST(DemoCity, SameOptionsGiveTheSameWorld) {
    Result<World> again = GenerateDemoCity({1, DemoScale::Small});
    ASSERT_TRUE(again.ok()) << again.error();
    ExpectSameWorld(SmallWorld(1), again.value());
}

TEST(DemoCity, OtherSeedsGiveOtherGrids) {
    const World& a = SmallWorld(1);
    const World& b = SmallWorld(2);
    // Streets come from fixed anchors; the finer levels differ.
    const bool same_units =
        a.grids.at_level(5).size() == b.grids.at_level(5).size() &&
        a.grids[a.grids.at_level(5)[0]].shape[0].outer == b.grids[b.grids.at_level(5)[0]].shape[0].outer;
    EXPECT_FALSE(same_units);
}

// [SECTION] resources and basemap

TEST(DemoCity, ResourcesLieInsideTheirHomeGrids) {
    const World& world = SmallWorld(1);
    const GridSet& grids = world.grids;
    std::set<std::string> ids;
    std::set<ResourceKind> kinds;
    int available = 0, workers = 0;
    for (const Resource& r : world.resources) {
        EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
        kinds.insert(r.kind);
        EXPECT_FALSE(r.name.empty());
        available += r.status == ResourceStatus::kAvailable;
        const std::int64_t home = grids.find(r.home_grid);
        ASSERT_GE(home, 0) << r.id << " has unknown home grid " << r.home_grid;
        EXPECT_TRUE(Contains(grids[home].shape, r.position)) << r.id << " outside " << r.home_grid;
        if (r.kind == ResourceKind::kGridWorker) {
            ++workers;
            EXPECT_EQ(grids[home].level, 4);
            EXPECT_EQ(r.id.rfind("W-", 0), 0u);
            EXPECT_EQ(r.id.size(), 8u);
        }
    }
    EXPECT_EQ(kinds.size(), std::size(kResourceKinds));  // every kind appears
    EXPECT_EQ(workers, static_cast<int>(grids.at_level(4).size()));
    EXPECT_GT(available, static_cast<int>(world.resources.size()) / 2);
}

TEST(DemoCity, BasemapHasRoadsAndWater) {
    const World& world = SmallWorld(1);
    int arterial = 0, secondary = 0;
    for (const Road& r : world.roads) {
        EXPECT_GE(r.line.size(), 2u);
        if (r.kind == "arterial") {
            ++arterial;
            EXPECT_FALSE(r.name.empty());
        }
        secondary += r.kind == "secondary";
    }
    EXPECT_GT(arterial, 5);
    EXPECT_GT(secondary, 20);
    GeosContext geos;
    std::set<std::string> names;
    for (const WaterBody& w : world.water) {
        names.insert(w.name);
        EXPECT_FALSE(w.shape.empty()) << w.name;
        EXPECT_GT(Area(w.shape), 1000) << w.name;
        GeosGeometry g = ToGeos(geos, w.shape);
        EXPECT_EQ(GEOSisValid_r(geos.handle(), g.get()), 1) << w.name;
    }
    EXPECT_TRUE(names.count("京杭大运河"));
    EXPECT_TRUE(names.count("太湖"));
}

// Road length per street and how far each unit grid's centroid is from the nearest road, measured here:
// the length with GEOS (roads clipped to the street), the distance by the road graph's exact anchoring.
struct StreetRoads {
    std::string name;
    double area_km2 = 0, road_km = 0, p95_m = 0, max_m = 0;
    double density() const { return road_km / area_km2; }
};

std::vector<StreetRoads> MeasureStreetRoads(const World& world) {
    GeosContext geos;
    const auto h = geos.handle();
    std::vector<GEOSGeometry*> lines;
    for (const Road& r : world.roads) lines.push_back(ToGeos(geos, r.line).release());
    GeosGeometry roads = MakeGeos(
        geos, GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, lines.data(), static_cast<unsigned>(lines.size())));
    const RoadNetwork network = RoadNetwork::Build(world.roads);
    const GridSet& grids = world.grids;
    std::vector<StreetRoads> out;
    for (std::size_t s : grids.at_level(2)) {
        StreetRoads street;
        street.name = grids[s].name;
        street.area_km2 = grids[s].area_m2 / 1e6;
        GeosGeometry shape = ToGeos(geos, grids[s].shape);
        GeosGeometry inside = MakeGeos(geos, GEOSIntersection_r(h, roads.get(), shape.get()));
        double length = 0;
        if (inside) GEOSLength_r(h, inside.get(), &length);
        street.road_km = length / 1000;
        std::vector<double> walks;
        std::vector<std::size_t> todo = {s};
        while (!todo.empty()) {
            const std::size_t g = todo.back();
            todo.pop_back();
            if (grids[g].level == 5) {
                GeosGeometry unit = ToGeos(geos, grids[g].shape);
                GeosGeometry centroid = MakeGeos(geos, GEOSGetCentroid_r(h, unit.get()));
                Vec2 c;
                GEOSGeomGetX_r(h, centroid.get(), &c.x);
                GEOSGeomGetY_r(h, centroid.get(), &c.y);
                walks.push_back(network.anchor(c).offroad_m);
            }
            for (std::size_t k : grids.children(g)) todo.push_back(k);
        }
        EXPECT_FALSE(walks.empty()) << street.name;
        if (walks.empty()) continue;
        std::sort(walks.begin(), walks.end());
        street.p95_m = walks[static_cast<std::size_t>(0.95 * static_cast<double>(walks.size() - 1))];
        street.max_m = walks.back();
        out.push_back(street);
    }
    return out;
}

// Every street has roads at a density like the others', and every unit grid lies within `max_walk_m` of a
// road (its centroid; p95 within `p95_walk_m`). Prints the table.
void ExpectRoadsEverywhere(const World& world, const char* what, double min_density, double p95_walk_m,
                           double max_walk_m) {
    const std::vector<StreetRoads> streets = MeasureStreetRoads(world);
    ASSERT_FALSE(streets.empty());
    double densest = 0;
    for (const StreetRoads& s : streets) densest = std::max(densest, s.density());
    std::printf("%s: road km per street, and unit-grid centroids to the nearest road (p95, max)\n", what);
    for (const StreetRoads& s : streets) {
        std::printf("  %-24s %6.1f km2 %7.1f km %5.2f km/km2  p95 %4.0f m  max %4.0f m\n", s.name.c_str(), s.area_km2,
                    s.road_km, s.density(), s.p95_m, s.max_m);
        EXPECT_GE(s.density(), min_density) << what << ": " << s.name;
        EXPECT_GE(s.density(), 0.6 * densest)
            << what << ": " << s.name << " has far fewer roads than the densest street";
        EXPECT_LE(s.p95_m, p95_walk_m) << what << ": " << s.name;
        EXPECT_LE(s.max_m, max_walk_m) << what << ": " << s.name;
    }
}

TEST(DemoCity, EveryStreetHasRoadsAndEveryUnitGridIsAShortWalkFromOne) {
    // The generator aims at 250 m (kWalkM); 260 leaves room for nothing but rounding.
    for (std::uint64_t seed : {1ull, 7ull}) {
        ExpectRoadsEverywhere(SmallWorld(seed), seed == 1 ? "small, seed 1" : "small, seed 7", 2.0, 250, 260);
    }
}

TEST(DemoCity, TheDistrictIsLandTheLakeLiesOutside) {
    // 镇湖街道 and part of 东渚街道 lay under Taihu (the real outline takes in open water), and had no roads.
    const World& world = SmallWorld(1);
    GeosContext geos;
    const auto h = geos.handle();
    const std::size_t district = world.grids.at_level(1).front();
    GeosGeometry land = ToGeos(geos, world.grids[district].shape);
    bool lake = false;
    for (const WaterBody& w : world.water) {
        if (w.name != "太湖") continue;
        lake = true;
        GeosGeometry water = ToGeos(geos, w.shape);
        GeosGeometry both = MakeGeos(geos, GEOSIntersection_r(h, water.get(), land.get()));
        EXPECT_LT(GeosAreaOf(geos, both.get()), 1.0) << "m2 of Taihu inside the district";
        double gap = 0;
        GEOSDistance_r(h, water.get(), land.get(), &gap);
        EXPECT_LT(gap, 1.0) << "the lake still reaches the district's western shore";
    }
    EXPECT_TRUE(lake);
}

// [SECTION] district scale

// The district scale, seed 1, generated once for the tests below.
const World& District() {
    static const World world = [] {
        Result<World> made = GenerateDemoCity({1, DemoScale::District});
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error());
        return made.ok() ? std::move(made.value()) : World{};
    }();
    return world;
}

// How long it takes is measured in tests/bench_demo_city.cpp, not here.
TEST(DemoCity, DistrictScaleCounts) {
    const World* world = &District();
    ASSERT_GT(world->grids.size(), 0u);
    const GridSet& grids = world->grids;
    EXPECT_GE(grids.at_level(2).size(), 6u);
    EXPECT_NEAR(static_cast<double>(grids.at_level(3).size()), 100, 25);
    EXPECT_NEAR(static_cast<double>(grids.at_level(4).size()), 1000, 150);
    EXPECT_NEAR(static_cast<double>(grids.at_level(5).size()), 30000, 4500);
    for (std::size_t i : grids.at_level(4)) EXPECT_LE(grids.children(i).size(), 99u);
    std::printf("District scale: %zu streets, %zu communities, %zu grids, %zu units, %zu resources\n",
                grids.at_level(2).size(), grids.at_level(3).size(), grids.at_level(4).size(), grids.at_level(5).size(),
                world->resources.size());
}

// The real scale too (~5 s): every parent of the district workspace is tiled exactly by its children.
TEST(DemoCity, DistrictScaleTilesExactly) { ExpectExactTiling(District()); }

// The district's streets: roads in the same style everywhere (arterials and secondary roads on community
// and grid boundaries, local streets where a grid is large), every unit grid within 250 m of a road.
TEST(DemoCity, DistrictScaleHasRoadsInEveryStreet) {
    ExpectRoadsEverywhere(District(), "district, seed 1", 3.0, 250, 260);
}

}  // namespace
}  // namespace gridlink
