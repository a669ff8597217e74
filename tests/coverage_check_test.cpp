// Tests of the coverage check (engine/coverage_check.h) on small GridSets built in code with known
// overlaps, gaps, strays, duplicates and orphans, a bow-tie read from GeoJSON, and the clean demo city.
#include "engine/coverage_check.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

// [SECTION] helpers

Polygon Rect(double x0, double y0, double x1, double y1) {
    return Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, {}};
}

Grid MakeGrid(const std::string& code, int level, const std::string& parent, MultiPolygon shape) {
    Grid g;
    g.code = code;
    g.name = "grid " + code;
    g.level = level;
    g.parent_code = parent;
    g.shape = std::move(shape);
    return g;
}

// A 100 m x 100 m street (level 2) and its four communities (level 3); `last` replaces the fourth quadrant.
GridSet ParentWithQuadrants(const Polygon& last = Rect(50, 50, 100, 100)) {
    GridSet set;
    set.add(MakeGrid("320505001", 2, "", {Rect(0, 0, 100, 100)}));
    set.add(MakeGrid("320505001001", 3, "320505001", {Rect(0, 0, 50, 50)}));
    set.add(MakeGrid("320505001002", 3, "320505001", {Rect(50, 0, 100, 50)}));
    set.add(MakeGrid("320505001003", 3, "320505001", {Rect(0, 50, 50, 100)}));
    set.add(MakeGrid("320505001004", 3, "320505001", {last}));
    set.finish();
    return set;
}

CoverageReport Check(const GridSet& set) { return CheckCoverage(set, CoverageSource{}, CoverageOptions{}); }

// [SECTION] tests

TEST(CoverageCheck, CleanSplitOfAParentHasNoFindings) {
    const CoverageReport r = Check(ParentWithQuadrants());
    EXPECT_TRUE(r.clean()) << r.finding_count() << " findings";
    EXPECT_EQ(r.slivers_ignored, 0u);
    EXPECT_GT(r.candidate_pairs, 0u);
}

TEST(CoverageCheck, OverlapOfKnownArea) {
    GridSet set;
    set.add(MakeGrid("320505001", 2, "", {Rect(0, 0, 100, 100)}));
    set.add(MakeGrid("320505001001", 3, "320505001", {Rect(0, 0, 60, 100)}));
    // Reaches 20 m into its neighbour: overlap 20 m x 100 m.
    set.add(MakeGrid("320505001002", 3, "320505001", {Polygon{{{40, 0}, {100, 0}, {100, 100}, {40, 100}}, {}}}));
    set.finish();
    const CoverageReport r = Check(set);
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_EQ(set[r.overlaps[0].a].code, "320505001001");
    EXPECT_EQ(set[r.overlaps[0].b].code, "320505001002");
    EXPECT_EQ(r.overlaps[0].level, 3);
    EXPECT_NEAR(r.overlaps[0].area_m2, 2000.0, 2000.0 * 1e-6);
    EXPECT_GE(r.overlaps[0].at.x, 40.0);
    EXPECT_LE(r.overlaps[0].at.x, 60.0);
    EXPECT_TRUE(r.gaps.empty());
    EXPECT_TRUE(r.outside_parent.empty());
}

TEST(CoverageCheck, SlantedOverlapAreaIsExact) {
    GridSet set;
    set.add(MakeGrid("320505001001", 3, "", {Rect(0, 0, 10, 10)}));
    // Overlaps the square in the triangle (5,0) (10,0) (10,5): 12.5 m².
    set.add(MakeGrid("320505001002", 3, "", {Polygon{{{5, 0}, {20, 0}, {20, 15}}, {}}}));
    set.finish();
    const CoverageReport r = Check(set);
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_NEAR(r.overlaps[0].area_m2, 12.5, 12.5 * 1e-6);
}

TEST(CoverageCheck, GapInsideAParent) {
    const CoverageReport r = Check(ParentWithQuadrants(Rect(50, 50, 100, 90)));
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].parent, 0);
    EXPECT_NEAR(r.gaps[0].area_m2, 500.0, 500.0 * 1e-6);
    EXPECT_GT(r.gaps[0].at.y, 90.0);
    ASSERT_EQ(r.incomplete_parents.size(), 1u);
    EXPECT_NEAR(r.incomplete_parents[0].percent(), 95.0, 1e-9);
    EXPECT_TRUE(r.overlaps.empty());
    EXPECT_TRUE(r.outside_parent.empty());
}

TEST(CoverageCheck, HoleInsideASingleLevelExtent) {
    // A 3 x 3 block of 10 m squares without its centre.
    GridSet set;
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) {
            if (row == 1 && col == 1) continue;
            std::string code = "A";
            code += std::to_string(row * 3 + col);
            set.add(MakeGrid(code, 1, "", {Rect(col * 10.0, row * 10.0, col * 10.0 + 10, row * 10.0 + 10)}));
        }
    }
    set.finish();
    const CoverageReport r = Check(set);
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].parent, -1);
    EXPECT_NEAR(r.gaps[0].area_m2, 100.0, 100.0 * 1e-6);
    EXPECT_TRUE(Box({10, 10, 20, 20}).contains(r.gaps[0].at));
    EXPECT_EQ(r.finding_count(), 1u);
}

TEST(CoverageCheck, ChildStickingOutOfItsParent) {
    const CoverageReport r = Check(ParentWithQuadrants(Rect(50, 50, 110, 100)));
    ASSERT_EQ(r.outside_parent.size(), 1u);
    EXPECT_EQ(r.outside_parent[0].parent, 0u);
    EXPECT_EQ(r.outside_parent[0].child, 4);
    EXPECT_NEAR(r.outside_parent[0].area_m2, 500.0, 500.0 * 1e-6);
    EXPECT_TRUE(r.gaps.empty());
}

TEST(CoverageCheck, DuplicateCodes) {
    GridSet set;
    set.add(MakeGrid("320505", 1, "", {Rect(0, 0, 10, 10)}));
    set.add(MakeGrid("320506", 1, "", {Rect(10, 0, 20, 10)}));
    set.add(MakeGrid("320505", 1, "", {Rect(20, 0, 30, 10)}));
    set.finish();
    CoverageSource source;
    source.feature_ids = {11, 12, 13};
    const CoverageReport r = CheckCoverage(set, source, CoverageOptions{});
    ASSERT_EQ(r.duplicate_codes.size(), 1u);
    EXPECT_EQ(r.duplicate_codes[0].code, "320505");
    EXPECT_EQ(r.duplicate_codes[0].grids, (std::vector<std::size_t>{0, 2}));
    EXPECT_EQ(r.duplicate_codes[0].feature_ids, (std::vector<long long>{11, 13}));
}

TEST(CoverageCheck, Orphans) {
    GridSet set;
    set.add(MakeGrid("320505", 1, "", {Rect(0, 0, 100, 100)}));
    set.add(MakeGrid("320505001001", 3, "320505", {Rect(0, 0, 100, 100)}));  // parent two levels up
    set.add(MakeGrid("320599001", 2, "320599", {Rect(200, 0, 300, 100)}));   // parent missing
    set.finish();
    const CoverageReport r = Check(set);
    ASSERT_EQ(r.orphans.size(), 2u);
    EXPECT_EQ(r.orphans[0].grid, 1u);
    EXPECT_EQ(r.orphans[0].parent, 0);
    EXPECT_EQ(r.orphans[0].parent_level, 1);
    EXPECT_EQ(r.orphans[1].grid, 2u);
    EXPECT_EQ(r.orphans[1].parent, -1);
}

TEST(CoverageCheck, SliversBelowMinAreaAreNotFindings) {
    GridSet set;
    set.add(MakeGrid("A", 1, "", {Rect(0, 0, 10, 10)}));
    set.add(MakeGrid("B", 1, "", {Rect(9.999, 0, 20, 10)}));  // overlap 0.01 m²
    set.finish();
    CoverageReport r = Check(set);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(r.slivers_ignored, 1u);
    CoverageOptions strict;
    strict.min_area_m2 = 0.001;
    r = CheckCoverage(set, CoverageSource{}, strict);
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_NEAR(r.overlaps[0].area_m2, 0.01, 1e-6);
}

TEST(CoverageCheck, BowTieInTheSourceIsReported) {
    const std::string path = test::TempPath("bowtie.geojson");
    const std::string bow = "[[120.5,31.3],[120.6,31.4],[120.6,31.3],[120.5,31.4],[120.5,31.3]]";
    const std::string box = "[[120.7,31.3],[120.8,31.3],[120.8,31.4],[120.7,31.4],[120.7,31.3]]";
    auto feature = [](const std::string& code, const std::string& ring) {
        return R"({"type":"Feature","properties":{"code":")" + code +
               R"("},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
    };
    test::WriteText(
        path, R"({"type":"FeatureCollection","features":[)" + feature("bow", bow) + "," + feature("box", box) + "]}");
    GridSourceSpec spec;
    spec.path = path;
    ReadReport read;
    Crs working = Crs::LonLat();
    auto grids = ReadGrids(spec, nullptr, &working, &read);
    ASSERT_TRUE(grids) << grids.error();
    ASSERT_EQ(read.feature_ids.size(), grids->size());
    const CoverageReport r =
        CheckCoverage(grids.value(), CoverageSource{read.invalid_geometries, read.feature_ids}, CoverageOptions{});
    ASSERT_EQ(r.invalid_geometries.size(), 1u);
    const InvalidGeometry& bad = r.invalid_geometries[0];
    EXPECT_EQ(bad.code, "bow");
    EXPECT_EQ(bad.feature_id, read.feature_ids[grids->find("bow")]);
    EXPECT_NE(bad.reason.find("Self-intersection"), std::string::npos) << bad.reason;
    Vec2 lonlat = bad.at;
    auto to_lonlat = Transform::Create(working, Crs::LonLat());
    ASSERT_TRUE(to_lonlat);
    ASSERT_TRUE(to_lonlat->apply(lonlat));
    EXPECT_NEAR(lonlat.x, 120.55, 1e-3);
    EXPECT_NEAR(lonlat.y, 31.35, 1e-3);
}

TEST(CoverageCheck, SmallDemoIsClean) {
    const World& demo = test::SmallDemo();
    ASSERT_GT(demo.grids.size(), 1000u);
    const CoverageReport r = Check(demo.grids);
    EXPECT_EQ(r.finding_count(), 0u) << r.overlaps.size() << " overlaps, " << r.gaps.size() << " gaps, "
                                     << r.outside_parent.size() << " outside, " << r.orphans.size() << " orphans";
    EXPECT_GT(r.unions, 10u);
}

}  // namespace
}  // namespace gridlink
