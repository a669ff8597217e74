// The map's pure logic, no GL: choropleth class breaks (counts, rates, labels) and coverage simplification
// that keeps shared edges shared (neighbours still meet; a parent's outline still lies on its children's).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/class_breaks.h"
#include "engine/coverage_simplify.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

// [SECTION] class breaks

TEST(ClassBreaks, CountsPutZeroApartAndCutTheRestAtRoundNumbers) {
    std::vector<double> values(40, 0);
    for (int i = 0; i < 60; ++i) values.push_back(1 + i % 30);  // 1..30
    const ClassBreaks b = CountBreaks(values, 5);
    ASSERT_GE(b.breaks.size(), 3u);
    EXPECT_EQ(b.breaks.front(), 1);
    EXPECT_TRUE(std::is_sorted(b.breaks.begin(), b.breaks.end()));
    EXPECT_EQ(std::set<double>(b.breaks.begin(), b.breaks.end()).size(), b.breaks.size());
    for (double v : b.breaks) {
        const double p = std::pow(10.0, std::floor(std::log10(v)));
        const double m = v / p;
        EXPECT_TRUE(m == 1 || m == 2 || m == 5) << v << " is not a 1-2-5 number";
    }
    EXPECT_EQ(b.class_of(0), 0);
    EXPECT_EQ(b.class_of(1), 1);
    EXPECT_EQ(b.class_of(30), b.classes() - 1);
    EXPECT_EQ(b.label(0), "0");
    EXPECT_EQ(b.label(b.classes() - 1).rfind("≥ ", 0), 0u);
}

TEST(ClassBreaks, FewOrEqualValuesGiveFewerClassesNeverEqualBreaks) {
    EXPECT_EQ(CountBreaks({}, 5).classes(), 2);
    EXPECT_EQ(CountBreaks({0, 0, 0}, 5).classes(), 2);
    const ClassBreaks same = CountBreaks({3, 3, 3, 3}, 5);
    EXPECT_EQ(std::set<double>(same.breaks.begin(), same.breaks.end()).size(), same.breaks.size());
    EXPECT_EQ(same.class_of(3), same.classes() - 1);
}

TEST(ClassBreaks, RatesUseFixedThresholdsAndPercentLabels) {
    const ClassBreaks b = RateBreaks();
    EXPECT_EQ(b.classes(), 5);
    EXPECT_EQ(b.class_of(0.5), 0);
    EXPECT_EQ(b.class_of(0.8), 2);
    EXPECT_EQ(b.class_of(0.999), 4);
    EXPECT_EQ(b.label(0), "< 60%");
    EXPECT_EQ(b.label(2), "80–90%");
    EXPECT_EQ(b.label(4), "≥ 95%");
}

// [SECTION] coverage simplification

// Every edge of a ring as an unordered pair of vertices.
std::set<std::pair<std::pair<double, double>, std::pair<double, double>>> Edges(const Ring& ring) {
    std::set<std::pair<std::pair<double, double>, std::pair<double, double>>> out;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        std::pair<double, double> a{ring[i].x, ring[i].y},
            b{ring[(i + 1) % ring.size()].x, ring[(i + 1) % ring.size()].y};
        out.insert(std::minmax(a, b));
    }
    return out;
}

TEST(CoverageSimplify, TwoNeighboursWithAWigglySharedEdgeStillMeet) {
    // Two squares sharing a wiggly vertical edge x = 100 +- 1 (40 vertices), traversed in opposite directions.
    Ring wiggle;
    for (int i = 0; i <= 40; ++i) wiggle.push_back({100.0 + (i % 2 ? 1.0 : -1.0) * (i % 5 == 0 ? 6.0 : 1.0), i * 5.0});
    wiggle.front().x = wiggle.back().x = 100;
    Ring left{{0, 0}}, right;
    for (const Vec2& p : wiggle) left.push_back(p);
    left.push_back({0, 200});
    right = {{200, 200}, {200, 0}};
    for (const Vec2& p : wiggle) right.push_back(p);
    std::reverse(right.begin() + 2, right.end());
    const MultiPolygon a{{left, {}}}, b{{right, {}}};
    const CoverageSimplifier simplifier({&a, &b});
    EXPECT_TRUE(simplifier.is_node({100, 0}));
    EXPECT_TRUE(simplifier.is_node({100, 200}));
    EXPECT_FALSE(simplifier.is_node({wiggle[3].x, wiggle[3].y}));
    for (double tolerance : {0.5, 2.0, 10.0}) {
        const Ring sa = simplifier.simplify(a, tolerance)[0].outer, sb = simplifier.simplify(b, tolerance)[0].outer;
        if (tolerance >= 2) {
            EXPECT_LT(sa.size(), left.size()) << tolerance;  // the wiggle is 1 m, its spikes 6 m
        }
        // The shared chain: the edges of each ring away from the squares' outer sides are the same set.
        auto inner = [](const Ring& r) {
            auto e = Edges(r);
            std::erase_if(e, [](const auto& edge) {
                return (edge.first.first == 0 || edge.second.first == 0 || edge.first.first == 200 ||
                        edge.second.first == 200);
            });
            return e;
        };
        EXPECT_EQ(inner(sa), inner(sb)) << "tolerance " << tolerance;
        // Nodes survive.
        EXPECT_NE(std::find_if(sa.begin(), sa.end(), [](Vec2 p) { return p.x == 100 && p.y == 0; }), sa.end());
    }
}

TEST(CoverageSimplify, DemoGridsKeepEveryNodeAndParentsLieOnChildren) {
    const World& world = SmallDemo();
    const CoverageSimplifier simplifier = CoverageSimplifier::ForGrids(world.grids);
    ASSERT_GT(simplifier.node_count(), 10u);
    const double tolerance = 20;
    // Every vertex of a simplified street outline is a vertex of some simplified child's outline.
    std::size_t checked = 0, before = 0, after = 0;
    for (std::size_t street : world.grids.at_level(2)) {
        std::set<std::pair<double, double>> child_vertices;
        for (std::size_t c : world.grids.children(street)) {
            for (const Polygon& p : simplifier.simplify(world.grids[c].shape, tolerance)) {
                for (const Vec2& v : p.outer) child_vertices.insert({v.x, v.y});
            }
        }
        for (const Polygon& p : simplifier.simplify(world.grids[street].shape, tolerance)) {
            for (const Vec2& v : p.outer) {
                EXPECT_TRUE(child_vertices.count({v.x, v.y})) << world.grids[street].code;
                ++checked;
            }
            after += p.outer.size();
        }
        for (const Polygon& p : world.grids[street].shape) before += p.outer.size();
    }
    EXPECT_GT(checked, 20u);
    EXPECT_LT(after, before);
}

}  // namespace
}  // namespace gridlink::test
