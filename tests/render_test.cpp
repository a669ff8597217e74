// Render tests: pictures from the real renderer in an offscreen framebuffer. A peer check against
// gdal_rasterize (same polygons, same extent: >= 99% of pixels away from boundaries agree), golden
// images with a stated tolerance, label placement without overlap, selection that changes bytes only.
#include <gtest/gtest.h>

#include <map>

#include "layers/labels_layer.h"
#include "render_support.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

// [SECTION] peer check against gdal_rasterize

struct PeerResult {
    std::size_t interior = 0, agree = 0, grids_seen = 0;
};

// Renders grids of `level` in id colours over `extent` and compares with gdal_rasterize, pixel for pixel,
// on pixels whose 3x3 neighbourhood is one grid in the reference (pixels touching a boundary are left out).
PeerResult PeerCheck(const World& world, int level, const Box& extent, int width, int height) {
    OffscreenRenderer& r = Renderer();
    EXPECT_TRUE(r.load(world, {"grids"}).ok());
    GridsLayer* grids = r.view().grids();
    GridStyle style;
    style.id_colors = true;
    style.force_level = level ? level : 1;
    style.outlines = false;
    grids->set_style(style);
    r.view().camera = Camera::ForExtent(extent, width, height);
    auto picture = r.render(0, false);
    EXPECT_TRUE(picture.ok()) << (picture.ok() ? "" : picture.error());
    grids->set_style(GridStyle{});
    if (!picture) return {};
    const std::vector<std::uint32_t> ours = IdsFromPicture(picture.value());
    const std::vector<std::uint32_t> reference = RasterizeGrids(world, level, extent, width, height);
    PeerResult result;
    std::map<std::uint32_t, int> seen;
    for (int y = 1; y + 1 < height; ++y) {
        for (int x = 1; x + 1 < width; ++x) {
            const std::uint32_t id = reference[y * width + x];
            bool interior = true;
            for (int dy = -1; dy <= 1 && interior; ++dy) {
                for (int dx = -1; dx <= 1 && interior; ++dx) interior = reference[(y + dy) * width + x + dx] == id;
            }
            if (!interior || id == 0) continue;
            ++result.interior;
            result.agree += ours[y * width + x] == id;
            seen[id]++;
        }
    }
    result.grids_seen = seen.size();
    return result;
}

Box Padded(Box b, double fraction) {
    const double dx = b.width() * fraction, dy = b.height() * fraction;
    return {b.min_x - dx, b.min_y - dy, b.max_x + dx, b.max_y + dy};
}

TEST(RenderPeer, ChicagoCommunityAreasAgreeWithGdalRasterize) {
    const World& world = Chicago();
    ASSERT_EQ(world.grids.size(), 77u);
    const Box extent = Padded(world.grids.bounds(), 0.02);
    const int width = 700, height = static_cast<int>(700 * extent.height() / extent.width());
    const PeerResult r = PeerCheck(world, 1, extent, width, height);
    ASSERT_GT(r.interior, 100000u);
    EXPECT_GE(static_cast<double>(r.agree) / r.interior, 0.99) << r.agree << " of " << r.interior;
    EXPECT_EQ(r.grids_seen, 77u);
}

TEST(RenderPeer, DemoGridsAndUnitGridsAgreeWithGdalRasterize) {
    const World& world = SmallDemo();
    ASSERT_GT(world.grids.size(), 0u);
    for (int level : {2, 4, 5}) {
        // Level 5 is checked on a zoomed-in window so that unit grids are many pixels wide.
        Box extent = Padded(world.grids.bounds(), 0.01);
        if (level == 5) {
            const Vec2 c = extent.center();
            extent = {c.x - 1500, c.y - 1000, c.x + 1500, c.y + 1000};
        }
        const int width = 600, height = static_cast<int>(600 * extent.height() / extent.width());
        const PeerResult r = PeerCheck(world, level, extent, width, height);
        ASSERT_GT(r.interior, 10000u) << "level " << level;
        EXPECT_GE(static_cast<double>(r.agree) / r.interior, 0.99) << "level " << level << ": " << r.agree << " of "
                                                                   << r.interior;
        EXPECT_GT(r.grids_seen, 5u) << "level " << level;
    }
}

// [SECTION] golden images

TEST(RenderGolden, ChicagoOverview) {
    OffscreenRenderer& r = Renderer();
    ASSERT_TRUE(r.load(Chicago()).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 480;
    r.view().camera.height = 480;
    r.view().camera.fit(Chicago().bounds());
    auto picture = r.render(4, true, "chicago");
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_TRUE(MatchesGolden(picture.value(), "chicago_overview"));
}

TEST(RenderGolden, DemoDistrictOverview) {
    OffscreenRenderer& r = Renderer();
    ASSERT_TRUE(r.load(SmallDemo()).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(SmallDemo().bounds());
    auto picture = r.render(4, true, "demo small");
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_TRUE(MatchesGolden(picture.value(), "demo_overview"));
}

TEST(RenderGolden, DemoZoomedToUnitGrids) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemo();
    ASSERT_TRUE(r.load(world).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    // The first level-4 grid, framed so that its unit grids fill the picture.
    ASSERT_FALSE(world.grids.at_level(4).empty());
    const Grid& g = world.grids[world.grids.at_level(4).front()];
    r.view().camera.fit(g.bounds);
    const int fill = r.view().grids()->fill_level(r.view().camera.meters_per_pixel);
    EXPECT_EQ(fill, 5) << "zoomed to one grid, its unit grids should be filled";
    auto picture = r.render(4, true, "demo unit grids");
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_TRUE(MatchesGolden(picture.value(), "demo_unit_grids"));
}

// [SECTION] behaviour visible in pixels

TEST(RenderLabels, PlacedLabelsNeverOverlap) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemo();
    ASSERT_TRUE(r.load(world).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 900;
    r.view().camera.height = 700;
    for (double zoom : {1.0, 3.0, 9.0}) {
        r.view().camera.fit(world.bounds());
        r.view().camera.zoom_at({450, 350}, zoom);
        ASSERT_TRUE(r.render(0, false).ok());
        const auto& placed = static_cast<LabelsLayer*>(r.view().layer("labels"))->placed();
        EXPECT_GT(placed.size(), 3u) << "zoom " << zoom;
        for (std::size_t i = 0; i < placed.size(); ++i) {
            for (std::size_t j = i + 1; j < placed.size(); ++j) {
                const auto& a = placed[i];
                const auto& b = placed[j];
                const bool apart = a.top_left.x + a.size.x <= b.top_left.x || b.top_left.x + b.size.x <= a.top_left.x ||
                                   a.top_left.y + a.size.y <= b.top_left.y || b.top_left.y + b.size.y <= a.top_left.y;
                EXPECT_TRUE(apart) << "labels " << i << " and " << j << " overlap at zoom " << zoom;
            }
        }
    }
}

TEST(RenderSelection, SelectingAGridRecoloursItAndUnselectingRestoresThePicture) {
    OffscreenRenderer& r = Renderer();
    const World& world = Chicago();
    ASSERT_TRUE(r.load(world, {"grids"}).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 400;
    r.view().camera.height = 400;
    r.view().camera.fit(world.bounds());
    auto before = r.render(0, false);
    ASSERT_TRUE(before.ok());
    const std::int64_t loop = world.grids.find("32");  // The Loop
    ASSERT_GE(loop, 0);
    r.view().set_selected(loop);
    auto selected = r.render(0, false);
    ASSERT_TRUE(selected.ok());
    EXPECT_GT(DifferentFraction(before.value(), selected.value()), 0.0005);
    r.view().set_selected(-1);
    auto after = r.render(0, false);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(DifferentFraction(before.value(), after.value()), 0.0);
}

}  // namespace
}  // namespace gridlink::test
