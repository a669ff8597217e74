// Map picking without GL: GridsLayer::pick asks the World's grid index for the grid of the level filled
// at the zoom, so it must name what GEOS names (of the grids whose closure holds the point, the one with
// the smallest code), on every level, on shared edges, for flat sources and outside the jurisdiction.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "data/workspace.h"
#include "engine/geos_bridge.h"
#include "layers/grids_layer.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

// What the grids layer picks at `point` with `level` filled (whatever the zoom), or -1 for nothing.
std::int64_t PickAt(const World& world, Vec2 point, int level) {
    GridsLayer layer;
    GridStyle style;
    style.force_level = level;
    layer.set_style(style);
    Camera camera;
    const FrameContext frame{camera, {}, 0, nullptr};
    const std::optional<Pick> pick = layer.pick(world, point, frame);
    if (!pick) return -1;
    EXPECT_EQ(pick->layer, "grids");
    return pick->index;
}

// GEOS over every grid of one level: of the grids whose closure holds a point (`intersects`), the one
// with the smallest code, or -1.
class GeosPicker {
  public:
    GeosPicker(const World& world, int level) : grids_(world.grids) {
        for (std::size_t i : grids_.at_level(level)) {
            GeosGeometry g = ToGeos(geos_, grids_[i].shape);
            const GEOSPreparedGeometry* p = GEOSPrepare_r(geos_.handle(), g.get());
            prepared_.push_back({std::move(g), p, i});
        }
    }
    ~GeosPicker() {
        for (Prepared& p : prepared_) GEOSPreparedGeom_destroy_r(geos_.handle(), p.prepared);
    }
    GeosPicker(const GeosPicker&) = delete;
    GeosPicker& operator=(const GeosPicker&) = delete;

    std::int64_t pick(Vec2 p, int* holders = nullptr) {
        GeosGeometry point = MakeGeos(geos_, GEOSGeom_createPointFromXY_r(geos_.handle(), p.x, p.y));
        std::int64_t best = -1;
        int count = 0;
        for (const Prepared& g : prepared_) {
            if (GEOSPreparedIntersects_r(geos_.handle(), g.prepared, point.get()) != 1) continue;
            ++count;
            if (best < 0 || grids_[g.index].code < grids_[static_cast<std::size_t>(best)].code) {
                best = static_cast<std::int64_t>(g.index);
            }
        }
        if (holders) *holders = count;
        return best;
    }

  private:
    struct Prepared {
        GeosGeometry geometry;
        const GEOSPreparedGeometry* prepared;
        std::size_t index;
    };
    const GridSet& grids_;
    GeosContext geos_;
    std::vector<Prepared> prepared_;
};

MultiPolygon Square(double x, double y, double side) {
    return MultiPolygon{Polygon{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}}, {}}};
}

TEST(Picking, AgreesWithGeosOnEveryLevel) {
    const World& world = SmallDemo();
    ASSERT_GT(world.grids.size(), 0u);
    ASSERT_TRUE(world.grid_index);
    std::mt19937_64 rng(42);
    Box b = world.grids.bounds();
    const double pad = 0.05 * std::max(b.width(), b.height());
    b = {b.min_x - pad, b.min_y - pad, b.max_x + pad, b.max_y + pad};
    std::uniform_real_distribution<double> x(b.min_x, b.max_x), y(b.min_y, b.max_y);
    std::vector<Vec2> points;
    for (int n = 0; n < 2000; ++n) points.push_back({x(rng), y(rng)});
    // Points on boundaries, where a descent without a rule goes wrong: vertices and edge midpoints of unit grids.
    const std::vector<std::size_t>& units = world.grids.at_level(5);
    for (std::size_t k = 0; k < units.size(); k += 7) {
        const Ring& ring = world.grids[units[k]].shape.front().outer;
        points.push_back(ring[k % ring.size()]);
        const Vec2 a = ring[(k + 1) % ring.size()], c = ring[(k + 2) % ring.size()];
        points.push_back({(a.x + c.x) / 2, (a.y + c.y) / 2});
    }
    int inside = 0, compared = 0, shared = 0;
    for (int level = 1; level <= kLevelCount; ++level) {
        GeosPicker geos(world, level);
        for (const Vec2& p : points) {
            int holders = 0;
            const std::int64_t expected = geos.pick(p, &holders);
            ASSERT_EQ(PickAt(world, p, level), expected) << "point " << p.x << "," << p.y << " level " << level;
            ++compared;
            inside += expected >= 0;
            shared += holders > 1;
        }
    }
    // The points must exercise every answer: inside one grid, on the boundary of several, and outside.
    EXPECT_GT(inside, compared / 4);
    EXPECT_LT(inside, compared);
    EXPECT_GT(shared, 100);
}

TEST(Picking, SharedEdgePicksTheSmallerCode) {
    // Two squares sharing an edge, the larger code added first: the rule follows codes, not order.
    World world;
    Grid east, west;
    east.code = "320505002";
    east.level = 1;
    east.shape = Square(500100, 3440000, 100);
    west.code = "320505001";
    west.level = 1;
    west.shape = Square(500000, 3440000, 100);
    const auto east_index = static_cast<std::int64_t>(world.grids.add(east));
    const auto west_index = static_cast<std::int64_t>(world.grids.add(west));
    world.grids.finish();
    IndexGrids(world);
    EXPECT_EQ(PickAt(world, {500150, 3440050}, 1), east_index);
    EXPECT_EQ(PickAt(world, {500050, 3440050}, 1), west_index);
    EXPECT_EQ(PickAt(world, {500100, 3440050}, 1), west_index);  // on the shared edge
    EXPECT_EQ(PickAt(world, {500100, 3440000}, 1), west_index);  // on the shared corner
    EXPECT_EQ(PickAt(world, {500100, 3440100}, 1), west_index);
    EXPECT_EQ(PickAt(world, {500200, 3440050}, 1), east_index);  // on east's own edge

    // In the demo city: a point on an edge between two unit grids picks the smaller of their codes.
    const World& demo = SmallDemo();
    GeosPicker geos(demo, 5);
    int checked = 0;
    for (std::size_t i : demo.grids.at_level(5)) {
        const Ring& ring = demo.grids[i].shape.front().outer;
        for (std::size_t k = 0; k + 1 < ring.size() && checked < 200; ++k) {
            const Vec2 mid{(ring[k].x + ring[k + 1].x) / 2, (ring[k].y + ring[k + 1].y) / 2};
            int holders = 0;
            const std::int64_t expected = geos.pick(mid, &holders);
            if (holders != 2) continue;
            ++checked;
            ASSERT_EQ(PickAt(demo, mid, 5), expected) << "edge midpoint " << mid.x << "," << mid.y;
        }
        if (checked >= 200) break;
    }
    EXPECT_EQ(checked, 200);
}

TEST(Picking, FlatSourcesPickAtTheirOnlyLevel) {
    const World& world = Chicago();
    ASSERT_TRUE(world.grid_index);
    const std::int64_t loop = world.grids.find("32");
    ASSERT_GE(loop, 0);
    const Grid& g = world.grids[static_cast<std::size_t>(loop)];
    // The Loop's bounding-box centre lies inside it.
    ASSERT_TRUE(Contains(g.shape, g.bounds.center()));
    for (int level = 1; level <= kLevelCount; ++level) EXPECT_EQ(PickAt(world, g.bounds.center(), level), loop);
    // And every requested level agrees with GEOS over the only one.
    GeosPicker geos(world, 1);
    std::mt19937_64 rng(5);
    const Box b = world.grids.bounds();
    std::uniform_real_distribution<double> x(b.min_x, b.max_x), y(b.min_y, b.max_y);
    for (int n = 0; n < 300; ++n) {
        const Vec2 p{x(rng), y(rng)};
        const std::int64_t expected = geos.pick(p);
        for (int level : {1, 3, 5}) ASSERT_EQ(PickAt(world, p, level), expected) << p.x << "," << p.y;
    }
}

TEST(Picking, OutsideEveryGridPicksNothing) {
    const World& world = SmallDemo();
    const Box b = world.grids.bounds();
    for (int level = 1; level <= kLevelCount; ++level) {
        EXPECT_EQ(PickAt(world, {b.min_x - 1000, b.min_y - 1000}, level), -1);
        EXPECT_EQ(PickAt(world, {b.max_x + 1, b.center().y}, level), -1);
    }
    // A World whose grids were never indexed picks nothing rather than guessing.
    World unindexed;
    unindexed.grids = world.grids;
    EXPECT_EQ(PickAt(unindexed, world.grids[0].bounds.center(), 1), -1);
}

TEST(Picking, EveryReaderIndexesTheWorldItMakes) {
    // The demo generator and WorldFromGridSource (SmallDemo, Chicago) are checked above; the workspace reader here.
    const World& demo = SmallDemo();
    const std::string path = TempPath("picking.gpkg");
    ASSERT_TRUE(WriteWorkspace(path, demo).ok());
    auto read = ReadWorkspace(path, nullptr);
    ASSERT_TRUE(read.ok()) << read.error();
    const World& world = read.value();
    ASSERT_TRUE(world.grid_index);
    EXPECT_FALSE(world.grid_index->empty());
    std::mt19937_64 rng(11);
    const Box b = world.grids.bounds();
    std::uniform_real_distribution<double> x(b.min_x, b.max_x), y(b.min_y, b.max_y);
    for (int n = 0; n < 500; ++n) {
        const Vec2 p{x(rng), y(rng)};
        for (int level = 1; level <= kLevelCount; ++level) {
            const std::int64_t a = PickAt(world, p, level), d = PickAt(demo, p, level);
            ASSERT_EQ(a < 0, d < 0);
            if (a < 0) continue;
            EXPECT_EQ(world.grids[static_cast<std::size_t>(a)].code, demo.grids[static_cast<std::size_t>(d)].code);
        }
    }
    // A copy of a World shares its (immutable) index.
    const World copy = world;
    EXPECT_EQ(copy.grid_index, world.grid_index);
}

}  // namespace
}  // namespace gridlink::test
