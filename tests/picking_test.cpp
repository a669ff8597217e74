// Map picking without GL: GridsLayer::Locate (descending the hierarchy from the district) must name
// the same grid as GEOS finds by testing every grid of the level, on random points of the demo city.
#include <gtest/gtest.h>

#include <random>

#include "engine/geos_bridge.h"
#include "layers/grids_layer.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

TEST(Picking, LocateAgreesWithGeosOnEveryLevel) {
    const World& world = SmallDemo();
    ASSERT_GT(world.grids.size(), 0u);
    GeosContext geos;
    const auto h = geos.handle();
    // Prepared GEOS geometries of every grid, by level.
    struct Prepared {
        GeosGeometry geometry;
        const GEOSPreparedGeometry* prepared;
        std::size_t index;
    };
    std::vector<std::vector<Prepared>> by_level(kLevelCount + 1);
    for (int level = 1; level <= kLevelCount; ++level) {
        for (std::size_t i : world.grids.at_level(level)) {
            GeosGeometry g = ToGeos(geos, world.grids[i].shape);
            const GEOSPreparedGeometry* p = GEOSPrepare_r(h, g.get());
            by_level[level].push_back({std::move(g), p, i});
        }
    }
    std::mt19937_64 rng(42);
    const Box b = world.grids.bounds();
    std::uniform_real_distribution<double> x(b.min_x, b.max_x), y(b.min_y, b.max_y);
    int inside = 0, compared = 0;
    for (int n = 0; n < 3000; ++n) {
        const Vec2 p{x(rng), y(rng)};
        GeosGeometry point = MakeGeos(geos, GEOSGeom_createPointFromXY_r(h, p.x, p.y));
        for (int level = 1; level <= kLevelCount; ++level) {
            std::int64_t expected = -1;
            for (const Prepared& g : by_level[level]) {
                if (GEOSPreparedContains_r(h, g.prepared, point.get()) == 1) {
                    expected = static_cast<std::int64_t>(g.index);
                    break;
                }
            }
            const std::int64_t got = GridsLayer::Locate(world.grids, p, level);
            ++compared;
            EXPECT_EQ(got, expected) << "point " << p.x << "," << p.y << " level " << level;
            inside += expected >= 0;
        }
    }
    for (auto& level : by_level) {
        for (Prepared& g : level) GEOSPreparedGeom_destroy_r(h, g.prepared);
    }
    // The points must exercise both answers: inside some grid, and outside the district.
    EXPECT_GT(inside, compared / 4);
    EXPECT_LT(inside, compared);
}

TEST(Picking, OutsideEveryGridIsMinusOne) {
    const World& world = SmallDemo();
    const Box b = world.grids.bounds();
    EXPECT_EQ(GridsLayer::Locate(world.grids, {b.min_x - 1000, b.min_y - 1000}, 5), -1);
    EXPECT_EQ(GridsLayer::Locate(world.grids, {b.max_x + 1, b.center().y}, 1), -1);
}

TEST(Picking, FlatSourcesLocateAtTheirOnlyLevel) {
    const World& world = Chicago();
    const std::int64_t loop = world.grids.find("32");
    ASSERT_GE(loop, 0);
    const Grid& g = world.grids[static_cast<std::size_t>(loop)];
    // The Loop's bounding-box centre lies inside it.
    ASSERT_TRUE(Contains(g.shape, g.bounds.center()));
    EXPECT_EQ(GridsLayer::Locate(world.grids, g.bounds.center(), 1), loop);
    EXPECT_EQ(GridsLayer::Locate(world.grids, g.bounds.center(), 5), loop);  // finest available
}

}  // namespace
}  // namespace gridlink::test
