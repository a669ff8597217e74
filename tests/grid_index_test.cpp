// The grid index against GEOS: exact predicates against integer arithmetic, the boundary rule on
// hand-made coverages (shared edges, shared vertices, holes, multipart grids, slivers), and property
// tests over more than a million random and adversarial points on the demo city and Chicago.
#include "engine/grid_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <random>

#include "data/workspace.h"
#include "engine/geos_bridge.h"
#include "engine/predicates.h"
#include "test_support.h"

namespace gridlink {
namespace {

// [SECTION] exact orientation

// Points on a lattice of 2^-20 with integer parts below 2^30: products of differences fit in 128 bits.
int OrientByIntegers(Vec2 a, Vec2 b, Vec2 c) {
    auto fixed = [](double v) { return static_cast<__int128>(std::llround(v * 1048576.0)); };
    const __int128 det =
        (fixed(a.x) - fixed(c.x)) * (fixed(b.y) - fixed(c.y)) - (fixed(a.y) - fixed(c.y)) * (fixed(b.x) - fixed(c.x));
    return det > 0 ? 1 : (det < 0 ? -1 : 0);
}

TEST(Predicates, OrientIsExactOnNearlyCollinearPoints) {
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<long long> coord(-(1LL << 49), 1LL << 49);  // x 2^-20: about +-5e8
    std::uniform_int_distribution<int> nudge(-3, 3);
    int collinear = 0, filtered_wrong = 0;
    for (int n = 0; n < 200000; ++n) {
        const Vec2 a{coord(rng) / 1048576.0, coord(rng) / 1048576.0};
        const Vec2 b{coord(rng) / 1048576.0, coord(rng) / 1048576.0};
        // c on the line a-b at a lattice point when possible (t = k / 2^m), then nudged by a few lattice steps.
        const int m = static_cast<int>(rng() % 8);
        const long long k = static_cast<long long>(rng() % (1ULL << m));
        const double t = std::ldexp(static_cast<double>(k), -m);
        Vec2 c{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
        c = {std::round(c.x * 1048576.0) / 1048576.0 + nudge(rng) / 1048576.0,
             std::round(c.y * 1048576.0) / 1048576.0 + nudge(rng) / 1048576.0};
        const int want = OrientByIntegers(a, b, c);
        ASSERT_EQ(Orient(a, b, c), want) << n;
        ASSERT_EQ(Orient(b, c, a), want) << n;
        ASSERT_EQ(Orient(b, a, c), -want) << n;
        collinear += want == 0;
        const double naive = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
        filtered_wrong += (naive > 0 ? 1 : (naive < 0 ? -1 : 0)) != want;
    }
    // The test is only worth something if it met exact ties and cases plain doubles get wrong.
    EXPECT_GT(collinear, 1000);
    EXPECT_GT(filtered_wrong, 100);
}

TEST(Predicates, OnSegment) {
    EXPECT_TRUE(OnSegment({0, 0}, {2, 2}, {1, 1}));
    EXPECT_TRUE(OnSegment({0, 0}, {2, 2}, {2, 2}));
    EXPECT_FALSE(OnSegment({0, 0}, {2, 2}, {3, 3}));
    EXPECT_FALSE(OnSegment({0, 0}, {2, 2}, {1, std::nextafter(1.0, 2.0)}));
}

// On a small integer lattice nearly everything is degenerate: vertices on the line between the two
// ends, collinear edges, ends on edges' lines. The crossing rule must hold through all of it.
TEST(Predicates, CrossingRuleHoldsThroughDegenerateCases) {
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<int> lattice(0, 8);
    GeosContext geos;
    int degenerate = 0, checked = 0;
    for (int shape = 0; shape < 300; ++shape) {
        // A random simple polygon: a star-shaped ring around the lattice centre, sorted by angle.
        std::vector<Vec2> ring;
        for (int k = 0; k < 3 + shape % 8; ++k) ring.push_back({double(lattice(rng)), double(lattice(rng))});
        std::sort(ring.begin(), ring.end(),
                  [](Vec2 a, Vec2 b) { return std::atan2(a.y - 4.1, a.x - 4.05) < std::atan2(b.y - 4.1, b.x - 4.05); });
        ring.erase(std::unique(ring.begin(), ring.end()), ring.end());
        if (ring.size() < 3 || std::abs(SignedArea(ring)) < 0.5) continue;
        GeosGeometry g = ToGeos(geos, Polygon{ring, {}});
        if (GEOSisValid_r(geos.handle(), g.get()) != 1) continue;
        std::vector<Segment> edges;
        for (std::size_t i = 0; i < ring.size(); ++i) edges.push_back({ring[i], ring[(i + 1) % ring.size()]});
        for (int n = 0; n < 300; ++n) {
            const Vec2 p{lattice(rng) * 0.5, lattice(rng) * 0.5};
            const Vec2 r{double(lattice(rng)), double(lattice(rng))};
            const Location lp = LocateByRay(p, edges.data(), edges.size());
            // The ray rule against GEOS on every lattice point, boundary included.
            GeosGeometry point = MakeGeos(geos, GEOSGeom_createPointFromXY_r(geos.handle(), p.x, p.y));
            const bool covers = GEOSIntersects_r(geos.handle(), g.get(), point.get()) == 1;
            const bool interior = GEOSContains_r(geos.handle(), g.get(), point.get()) == 1;
            ASSERT_EQ(lp == Location::Boundary, covers && !interior);
            ASSERT_EQ(lp == Location::Inside, interior);
            const Location lr = LocateByRay(r, edges.data(), edges.size());
            if (lr == Location::Boundary) continue;
            bool inside = lr == Location::Inside, on_edge = false;
            for (const Segment& e : edges) {
                degenerate += Orient(p, r, e.a) == 0 && !(p == r);
                const EdgeEffect effect = EffectOfEdge(p, r, e);
                on_edge |= effect == EdgeEffect::OnEdge;
                if (effect == EdgeEffect::Flip) inside = !inside;
            }
            ASSERT_EQ(on_edge, lp == Location::Boundary) << p.x << "," << p.y;
            if (!on_edge) {
                ASSERT_EQ(inside, lp == Location::Inside) << p.x << "," << p.y << " ref " << r.x << "," << r.y;
            }
            ++checked;
        }
    }
    EXPECT_GT(checked, 20000);
    EXPECT_GT(degenerate, 5000);  // vertices exactly on the walk were met many times
}

// [SECTION] hand-made coverages

MultiPolygon Rect(double x0, double y0, double x1, double y1) {
    return {Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, {}}};
}

PolygonIndex IndexOf(const std::vector<MultiPolygon>& shapes, std::vector<std::uint32_t> rank = {}) {
    std::vector<const MultiPolygon*> pointers;
    for (const MultiPolygon& s : shapes) pointers.push_back(&s);
    if (rank.empty()) {
        for (std::uint32_t i = 0; i < shapes.size(); ++i) rank.push_back(i);
    }
    return PolygonIndex::Build(pointers, rank);
}

TEST(GridIndex, SharedEdgesAndVerticesGoToTheBestRanked) {
    // Four unit squares meeting at (1, 1); ranks 3, 2, 1, 0 from bottom-left anticlockwise.
    const std::vector<MultiPolygon> shapes{Rect(0, 0, 1, 1), Rect(1, 0, 2, 1), Rect(1, 1, 2, 2), Rect(0, 1, 1, 2)};
    const PolygonIndex index = IndexOf(shapes, {3, 2, 1, 0});
    EXPECT_EQ(index.locate({0.5, 0.5}), 0);
    EXPECT_EQ(index.locate({1.5, 0.5}), 1);
    EXPECT_EQ(index.locate({1, 1}), 3);    // the shared vertex: all four hold it, rank 0 wins
    EXPECT_EQ(index.locate({1, 0.5}), 1);  // edge between 0 (rank 3) and 1 (rank 2)
    EXPECT_EQ(index.locate({0.5, 1}), 3);  // edge between 0 and 3
    EXPECT_EQ(index.locate({1.5, 1}), 2);  // edge between 1 and 2
    EXPECT_EQ(index.locate({0, 0}), 0);    // outer corner: only 0 holds it
    EXPECT_EQ(index.locate({2, 2}), 2);
    EXPECT_EQ(index.locate({2.0000001, 1}), -1);
    EXPECT_EQ(index.locate({-1e-300, 0.5}), -1);
    EXPECT_EQ(index.locate({1, std::nextafter(0.5, 1.0)}), 1);
    EXPECT_EQ(index.locate({std::nextafter(1.0, 0.0), 0.5}), 0);  // one ulp inside square 0
}

TEST(GridIndex, HolesAndMultipartGrids) {
    // Item 0: a 10x10 square with a 4x4 hole; item 1 fills the hole; item 2 has two parts.
    MultiPolygon ring{Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{3, 3}, {3, 7}, {7, 7}, {7, 3}}}}};
    MultiPolygon plug = Rect(3, 3, 7, 7);
    MultiPolygon pair = Rect(20, 0, 21, 1);
    pair.push_back(Rect(30, 5, 31, 6)[0]);
    const PolygonIndex index = IndexOf({ring, plug, pair}, {1, 0, 2});
    EXPECT_EQ(index.locate({1, 1}), 0);
    EXPECT_EQ(index.locate({5, 5}), 1);  // in the hole: the plug
    EXPECT_EQ(index.locate({3, 5}), 1);  // on the hole's boundary: both hold it, the plug ranks first
    EXPECT_EQ(index.locate({20.5, 0.5}), 2);
    EXPECT_EQ(index.locate({30.5, 5.5}), 2);
    EXPECT_EQ(index.locate({25, 3}), -1);
    const PolygonIndex ring_only = IndexOf({ring});
    EXPECT_EQ(ring_only.locate({5, 5}), -1);  // inside the hole
    EXPECT_EQ(ring_only.locate({7, 7}), 0);   // a hole vertex is on the boundary
    const auto [item, distance] = index.nearest({25, 0.5});
    EXPECT_EQ(item, 2);
    EXPECT_DOUBLE_EQ(distance, 4.0);
}

TEST(GridIndex, SliversAndNeedles) {
    // A sliver 1e-7 wide between two squares, and a needle triangle.
    const std::vector<MultiPolygon> shapes{Rect(0, 0, 1, 1),
                                           Rect(1, 0, 1 + 1e-7, 1),
                                           Rect(1 + 1e-7, 0, 2, 1),
                                           {Polygon{{{0, 2}, {100, 2.000001}, {0, 2.000002}}, {}}}};
    const PolygonIndex index = IndexOf(shapes);
    EXPECT_EQ(index.locate({1 + 5e-8, 0.5}), 1);
    EXPECT_EQ(index.locate({1, 0.5}), 0);
    EXPECT_EQ(index.locate({1 + 1e-7, 0.5}), 1);
    EXPECT_EQ(index.locate({50, 2.000001}), 3);
    EXPECT_EQ(index.locate({50, 2.0000016}), -1);
}

// [SECTION] property tests against GEOS

// GEOS the usual way: an STRtree of envelopes and prepared geometries, `intersects` per candidate.
class GeosOracle {
  public:
    explicit GeosOracle(const std::vector<const MultiPolygon*>& shapes)
        : tree_(GEOSSTRtree_create_r(geos_.handle(), 10)) {
        for (const MultiPolygon* s : shapes) {
            geometries_.push_back(ToGeos(geos_, *s));
            prepared_.push_back(GEOSPrepare_r(geos_.handle(), geometries_.back().get()));
        }
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            GEOSSTRtree_insert_r(geos_.handle(), tree_, geometries_[i].get(), reinterpret_cast<void*>(i + 1));
        }
    }
    ~GeosOracle() {
        for (auto* p : prepared_) GEOSPreparedGeom_destroy_r(geos_.handle(), p);
        GEOSSTRtree_destroy_r(geos_.handle(), tree_);
    }
    // Every item whose closure holds p.
    std::vector<std::size_t> holding(Vec2 p) {
        GeosGeometry point = MakeGeos(geos_, GEOSGeom_createPointFromXY_r(geos_.handle(), p.x, p.y));
        std::vector<std::size_t> candidates;
        GEOSSTRtree_query_r(
            geos_.handle(), tree_, point.get(),
            [](void* item, void* data) {
                static_cast<std::vector<std::size_t>*>(data)->push_back(reinterpret_cast<std::size_t>(item) - 1);
            },
            &candidates);
        std::vector<std::size_t> out;
        for (std::size_t c : candidates) {
            if (GEOSPreparedIntersects_r(geos_.handle(), prepared_[c], point.get()) == 1) out.push_back(c);
        }
        return out;
    }
    double distance(Vec2 p, std::size_t item) {
        GeosGeometry point = MakeGeos(geos_, GEOSGeom_createPointFromXY_r(geos_.handle(), p.x, p.y));
        double d = -1;
        GEOSDistance_r(geos_.handle(), geometries_[item].get(), point.get(), &d);
        return d;
    }

  private:
    GeosContext geos_;
    GEOSSTRtree* tree_;
    std::vector<GeosGeometry> geometries_;
    std::vector<const GEOSPreparedGeometry*> prepared_;
};

// Points that make a point-location test work: every vertex, every edge midpoint, and points a few
// nanometres either side of edges (across the edge's normal), for every ring including holes.
std::vector<Vec2> AdversarialPoints(const std::vector<const MultiPolygon*>& shapes, std::size_t every) {
    std::vector<Vec2> points;
    std::size_t n = 0;
    for (const MultiPolygon* s : shapes) {
        for (const Polygon& polygon : *s) {
            std::vector<const Ring*> rings{&polygon.outer};
            for (const Ring& h : polygon.holes) rings.push_back(&h);
            for (const Ring* ring : rings) {
                for (std::size_t i = 0; i < ring->size(); ++i) {
                    if (n++ % every) continue;
                    const Vec2 a = (*ring)[i];
                    const Vec2 b = (*ring)[(i + 1) % ring->size()];
                    const Vec2 mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
                    const double len = std::hypot(b.x - a.x, b.y - a.y);
                    if (len == 0) continue;
                    const Vec2 normal{-(b.y - a.y) / len, (b.x - a.x) / len};
                    points.push_back(a);
                    points.push_back(mid);
                    for (double nm : {1.0, 3.0, 10.0}) {
                        points.push_back(mid + normal * (nm * 1e-9));
                        points.push_back(mid - normal * (nm * 1e-9));
                    }
                    // A quarter along the edge, a nanometre off it (not a lattice point of anything).
                    const Vec2 quarter{a.x + (b.x - a.x) * 0.25, a.y + (b.y - a.y) * 0.25};
                    points.push_back(quarter + normal * 1e-9);
                    points.push_back({a.x + 1e-9, a.y});  // beside a vertex
                }
            }
        }
    }
    return points;
}

struct Agreement {
    std::size_t points = 0, inside = 0, several = 0, outside = 0;  // several: on shared edges, or overlaps
};

// Checks one level: the index must name the best-ranked item GEOS says holds the point, or -1.
Agreement CheckLevel(const std::vector<const MultiPolygon*>& shapes, const std::vector<std::uint32_t>& rank,
                     const std::vector<Vec2>& points) {
    const PolygonIndex index = PolygonIndex::Build(shapes, rank);
    GeosOracle geos(shapes);
    Agreement a;
    int failures = 0;
    for (const Vec2& p : points) {
        const std::vector<std::size_t> holding = geos.holding(p);
        std::int64_t want = -1;
        for (std::size_t h : holding) {
            if (want < 0 || rank[h] < rank[static_cast<std::size_t>(want)]) want = static_cast<std::int64_t>(h);
        }
        const std::int64_t got = index.locate(p);
        if (got != want) {
            ADD_FAILURE() << "point (" << std::setprecision(17) << p.x << ", " << p.y << "): index says " << got
                          << ", GEOS says " << want << " (" << holding.size() << " items hold it)";
            if (++failures >= 10) return a;
        }
        a.points++;
        if (want < 0) {
            a.outside++;
        } else if (holding.size() > 1) {
            a.several++;
        } else {
            a.inside++;
        }
    }
    return a;
}

std::vector<Vec2> RandomPoints(const Box& box, std::size_t n, std::uint64_t seed, bool clustered) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(box.min_x, box.max_x), uy(box.min_y, box.max_y);
    std::vector<Vec2> points;
    points.reserve(n);
    if (!clustered) {
        for (std::size_t i = 0; i < n; ++i) points.push_back({ux(rng), uy(rng)});
        return points;
    }
    // Hot spots: incidents cluster around a few places.
    std::normal_distribution<double> spread(0, std::min(box.width(), box.height()) / 60);
    std::vector<Vec2> centres;
    for (int i = 0; i < 40; ++i) centres.push_back({ux(rng), uy(rng)});
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 c = centres[i % centres.size()];
        points.push_back({c.x + spread(rng), c.y + spread(rng)});
    }
    return points;
}

struct LevelShapes {
    std::vector<const MultiPolygon*> shapes;
    std::vector<std::uint32_t> rank;
};

LevelShapes ShapesAtLevel(const GridSet& grids, int level) {
    LevelShapes out;
    std::vector<std::size_t> items = grids.at_level(level);
    std::vector<std::size_t> by_code = items;
    std::sort(by_code.begin(), by_code.end(),
              [&](std::size_t a, std::size_t b) { return grids[a].code < grids[b].code; });
    for (std::size_t i : items) {
        out.shapes.push_back(&grids[i].shape);
        out.rank.push_back(static_cast<std::uint32_t>(std::find(by_code.begin(), by_code.end(), i) - by_code.begin()));
    }
    return out;
}

Box Padded(Box b, double fraction) {
    const double dx = b.width() * fraction, dy = b.height() * fraction;
    return {b.min_x - dx, b.min_y - dy, b.max_x + dx, b.max_y + dy};
}

TEST(GridIndexProperty, DemoUnitGridsAgreeWithGeosOnRandomAndAdversarialPoints) {
    const World& world = test::SmallDemo();
    const LevelShapes level = ShapesAtLevel(world.grids, 5);
    std::vector<Vec2> points = RandomPoints(Padded(world.grids.bounds(), 0.05), 400000, 1, false);
    const std::vector<Vec2> clustered = RandomPoints(world.grids.bounds(), 200000, 2, true);
    points.insert(points.end(), clustered.begin(), clustered.end());
    const std::vector<Vec2> adversarial = AdversarialPoints(level.shapes, 1);
    points.insert(points.end(), adversarial.begin(), adversarial.end());
    const Agreement a = CheckLevel(level.shapes, level.rank, points);
    EXPECT_GT(a.several, 10000u);  // vertices and shared edges were really met
    EXPECT_GT(a.outside, 1000u);
    std::printf(
        "demo unit grids: %zu points (%zu adversarial) agree with GEOS: %zu inside, %zu held by several, %zu outside\n",
        a.points, adversarial.size(), a.inside, a.several, a.outside);
}

TEST(GridIndexProperty, DemoCoarserLevelsAgreeWithGeos) {
    const World& world = test::SmallDemo();
    for (int level = 1; level <= 4; ++level) {
        const LevelShapes shapes = ShapesAtLevel(world.grids, level);
        std::vector<Vec2> points = RandomPoints(Padded(world.grids.bounds(), 0.05), 50000, 10 + level, false);
        const std::vector<Vec2> adversarial = AdversarialPoints(shapes.shapes, 1);
        points.insert(points.end(), adversarial.begin(), adversarial.end());
        CheckLevel(shapes.shapes, shapes.rank, points);
        if (HasFailure()) return;
    }
}

TEST(GridIndexProperty, ChicagoAgreesWithGeosOnRandomAndAdversarialPoints) {
    // Concave, multipart community areas with lake-shore detail, in UTM metres.
    const World& world = test::Chicago();
    const LevelShapes level = ShapesAtLevel(world.grids, 1);
    std::vector<Vec2> points = RandomPoints(Padded(world.grids.bounds(), 0.02), 300000, 3, false);
    const std::vector<Vec2> clustered = RandomPoints(world.grids.bounds(), 100000, 4, true);
    points.insert(points.end(), clustered.begin(), clustered.end());
    const std::vector<Vec2> adversarial = AdversarialPoints(level.shapes, 1);
    points.insert(points.end(), adversarial.begin(), adversarial.end());
    const Agreement a = CheckLevel(level.shapes, level.rank, points);
    EXPECT_GT(a.several, 1000u);
    std::printf("chicago: %zu points (%zu adversarial) agree with GEOS: %zu inside, %zu held by several, %zu outside\n",
                a.points, adversarial.size(), a.inside, a.several, a.outside);
}

TEST(GridIndexProperty, SuzhouPrefectureAgreesWithGeos) {
    // Suzhou's districts and county-level cities from TopoJSON, with their neighbours: shared edges are
    // exact, and the file also holds the whole prefecture and an extent polygon over them (overlaps
    // everywhere) and two codes twice. The smallest code must win wherever several hold a point.
    GridSourceSpec spec;
    spec.path = test::TestData("suzhou_prefecture.topojson");
    spec.id_field = "QUHUADAIMA";
    spec.name_field = "NAME";
    ReadReport report;
    auto world = WorldFromGridSource(spec, &report);
    ASSERT_TRUE(world) << world.error();
    const LevelShapes level = ShapesAtLevel(world->grids, 1);
    ASSERT_GE(level.shapes.size(), 10u);
    std::vector<Vec2> points = RandomPoints(Padded(world->grids.bounds(), 0.02), 200000, 6, false);
    const std::vector<Vec2> adversarial = AdversarialPoints(level.shapes, 1);
    points.insert(points.end(), adversarial.begin(), adversarial.end());
    const Agreement a = CheckLevel(level.shapes, level.rank, points);
    EXPECT_GT(a.several, 1000u);
    std::printf(
        "suzhou prefecture: %zu points (%zu adversarial) agree with GEOS: %zu inside, %zu held by several, %zu "
        "outside\n",
        a.points, adversarial.size(), a.inside, a.several, a.outside);
}

TEST(GridIndexProperty, FinestGridAncestryAndOutsideDistances) {
    const World& world = test::SmallDemo();
    const GridIndex index = GridIndex::Build(world.grids);
    const LevelShapes finest = ShapesAtLevel(world.grids, 5);
    GeosOracle geos(finest.shapes);
    const std::vector<std::size_t>& units = world.grids.at_level(5);
    const std::vector<Vec2> points = RandomPoints(Padded(world.grids.bounds(), 0.1), 20000, 5, false);
    int outside = 0;
    for (const Vec2& p : points) {
        const GridHit hit = index.locate(p);
        if (hit.inside()) {
            // The finest grid holds the point, and its ancestry is by codes.
            const Grid& g = world.grids[static_cast<std::size_t>(hit.grid)];
            EXPECT_EQ(g.level, 5);
            const auto chain = world.grids.ancestry(static_cast<std::size_t>(hit.grid));
            ASSERT_EQ(chain.size(), 5u);
            EXPECT_EQ(g.code.rfind(world.grids[chain.back()].code, 0), 0u);
            continue;
        }
        ++outside;
        EXPECT_TRUE(geos.holding(p).empty());
        // The nearest unit grid and its distance, against GEOS over every unit grid.
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < units.size(); ++k) best = std::min(best, geos.distance(p, k));
        ASSERT_GE(hit.nearest, 0);
        EXPECT_NEAR(hit.distance_m, best, 1e-6);
        const auto item = static_cast<std::size_t>(std::find(units.begin(), units.end(), hit.nearest) - units.begin());
        EXPECT_NEAR(geos.distance(p, item), best, 1e-6);
        if (outside > 300) break;
    }
    EXPECT_GT(outside, 100);
    EXPECT_GT(index.memory_bytes(), 0u);
}

// The nearest grid and its distance for points outside every grid, against GEOS over every grid (pruned by
// bounding boxes): random points over and beyond the grids' bounds, and points scattered within metres
// to millimetres of the grids' vertices, where cells hold the most candidate edges.
void CheckNearestAgainstGeos(const World& world, int level, std::size_t random, std::uint64_t seed) {
    const GridIndex index = GridIndex::Build(world.grids);
    const LevelShapes shapes = ShapesAtLevel(world.grids, level);
    const std::vector<std::size_t>& items = world.grids.at_level(level);
    GeosOracle geos(shapes.shapes);
    std::vector<Box> bounds;
    for (const MultiPolygon* s : shapes.shapes) bounds.push_back(Bounds(*s));
    std::vector<Vec2> points = RandomPoints(Padded(world.grids.bounds(), 0.15), random, seed, false);
    std::mt19937_64 rng(seed + 1);
    std::uniform_real_distribution<double> angle(0, 2 * M_PI), exponent(-3, 2);
    for (std::size_t k = 0; k < random / 2; ++k) {
        const MultiPolygon& s = *shapes.shapes[rng() % shapes.shapes.size()];
        const Ring& ring = s[rng() % s.size()].outer;
        const Vec2 v = ring[rng() % ring.size()];
        const double r = std::pow(10.0, exponent(rng)), a = angle(rng);
        points.push_back({v.x + r * std::cos(a), v.y + r * std::sin(a)});
    }
    std::size_t outside = 0;
    for (const Vec2& p : points) {
        const GridHit hit = index.locate(p);
        if (hit.inside()) continue;
        ++outside;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < shapes.shapes.size(); ++k) {
            const Box& b = bounds[k];
            const double dx = std::max({b.min_x - p.x, 0.0, p.x - b.max_x});
            const double dy = std::max({b.min_y - p.y, 0.0, p.y - b.max_y});
            if (std::sqrt(dx * dx + dy * dy) <= best) best = std::min(best, geos.distance(p, k));
        }
        ASSERT_GE(hit.nearest, 0) << p.x << " " << p.y;
        const auto item = static_cast<std::size_t>(std::find(items.begin(), items.end(), hit.nearest) - items.begin());
        ASSERT_LT(item, items.size());
        const double tolerance = 1e-9 * std::max(1.0, best);
        ASSERT_NEAR(hit.distance_m, best, tolerance) << std::setprecision(17) << p.x << " " << p.y;
        ASSERT_NEAR(geos.distance(p, item), best, tolerance) << std::setprecision(17) << p.x << " " << p.y;
    }
    EXPECT_GT(outside, random / 2);
    std::printf("%zu outside points: the nearest grid and its distance agree with GEOS\n", outside);
}

TEST(GridIndexProperty, ChicagoNearestGridAgreesWithGeosOutside) {
    CheckNearestAgainstGeos(test::Chicago(), 1, 20000, 11);
}

TEST(GridIndexProperty, DemoNearestUnitGridAgreesWithGeosOutside) {
    CheckNearestAgainstGeos(test::SmallDemo(), 5, 4000, 12);
}

TEST(GridIndex, NearestTiesGoToTheBestRanked) {
    // Two unit squares side by side (and a third far above, so that the points lie within the cells): a
    // point straight above their shared vertex is as near to both.
    const std::vector<MultiPolygon> shapes{Rect(0, 0, 1, 1), Rect(1, 0, 2, 1), Rect(0, 10, 2, 11)};
    for (const std::vector<std::uint32_t>& rank :
         {std::vector<std::uint32_t>{0, 1, 2}, std::vector<std::uint32_t>{1, 0, 2}}) {
        const PolygonIndex index = IndexOf(shapes, rank);
        const std::int64_t best = rank[0] < rank[1] ? 0 : 1;
        for (double y : {1.5, 3.0, 1e-6 + 1, 5.25}) {
            const auto [item, distance] = index.nearest({1, y});
            EXPECT_EQ(item, best) << y;
            EXPECT_DOUBLE_EQ(distance, y - 1);
        }
        EXPECT_EQ(index.nearest({1, -100}).first, best);  // beyond the extent: the R-tree's path
        EXPECT_EQ(index.nearest({1.5, 5}).first, 1);
        EXPECT_DOUBLE_EQ(index.nearest({1.5, 5}).second, 4.0);
        EXPECT_EQ(index.nearest({1.5, 7}).first, 2);
        EXPECT_DOUBLE_EQ(index.nearest({1.5, 7}).second, 3.0);
    }
}

TEST(GridIndex, SameAnswersWhateverTheOrderOfTheSource) {
    const World& world = test::SmallDemo();
    const LevelShapes level = ShapesAtLevel(world.grids, 5);
    std::vector<std::size_t> order(level.shapes.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937_64(9));
    std::vector<const MultiPolygon*> shuffled;
    std::vector<std::uint32_t> shuffled_rank;
    for (std::size_t i : order) {
        shuffled.push_back(level.shapes[i]);
        shuffled_rank.push_back(level.rank[i]);
    }
    const PolygonIndex a = PolygonIndex::Build(level.shapes, level.rank);
    const PolygonIndex b = PolygonIndex::Build(shuffled, shuffled_rank);
    const std::vector<Vec2> points = AdversarialPoints(level.shapes, 3);
    for (const Vec2& p : points) {
        const std::int64_t x = a.locate(p), y = b.locate(p);
        ASSERT_EQ(x < 0 ? -1 : static_cast<std::int64_t>(level.rank[static_cast<std::size_t>(x)]),
                  y < 0 ? -1 : static_cast<std::int64_t>(shuffled_rank[static_cast<std::size_t>(y)]));
    }
}

TEST(GridIndex, BatchesGiveTheSameAnswersAsSingleQueries) {
    for (const World* world : {&test::SmallDemo(), &test::Chicago()}) {
        const GridIndex index = GridIndex::Build(world->grids);
        std::vector<Vec2> points = RandomPoints(Padded(world->grids.bounds(), 0.1), 200000, 8, false);
        const LevelShapes finest = ShapesAtLevel(world->grids, world->grids.max_level());
        const std::vector<Vec2> adversarial = AdversarialPoints(finest.shapes, 3);
        points.insert(points.end(), adversarial.begin(), adversarial.end());
        for (int threads : {1, 2, 3}) {
            std::vector<GridHit> hits(points.size());
            index.locate_many(points, hits, threads);
            for (std::size_t i = 0; i < points.size(); ++i) {
                const GridHit one = index.locate(points[i]);
                ASSERT_EQ(hits[i].grid, one.grid) << i;
                ASSERT_EQ(hits[i].nearest, one.nearest) << i;
                ASSERT_EQ(hits[i].distance_m, one.distance_m) << i;
            }
        }
    }
}

TEST(GridIndex, LocateAtLevelAndEmptyIndex) {
    const World& world = test::SmallDemo();
    const GridIndex index = GridIndex::Build(world.grids);
    const std::size_t unit = world.grids.at_level(5).front();
    const Vec2 inside = world.grids[unit].shape.front().outer.front();  // a vertex: on the boundary
    const GridHit hit = index.locate(inside);
    ASSERT_TRUE(hit.inside());
    const auto chain = world.grids.ancestry(static_cast<std::size_t>(hit.grid));
    for (int level = 1; level <= 5; ++level) {
        const std::int64_t at = index.locate_at_level(inside, level);
        ASSERT_GE(at, 0);
        EXPECT_EQ(world.grids[static_cast<std::size_t>(at)].level, level);
    }
    EXPECT_EQ(index.locate_at_level(inside, 5), hit.grid);
    EXPECT_EQ(index.locate_at_level(inside, 1), static_cast<std::int64_t>(chain.back()));
    for (Vec2 bad : {Vec2{std::nan(""), 0.0}, Vec2{0.0, std::numeric_limits<double>::infinity()}}) {
        const GridHit h = index.locate(bad);
        EXPECT_FALSE(h.inside());
        EXPECT_EQ(h.nearest, -1);
        EXPECT_EQ(index.locate_at_level(bad, 5), -1);
    }
    const GridIndex none = GridIndex::Build(GridSet{});
    EXPECT_TRUE(none.empty());
    EXPECT_FALSE(none.locate({0, 0}).inside());
    EXPECT_EQ(none.locate_at_level({0, 0}, 3), -1);
}

}  // namespace
}  // namespace gridlink
