// Render tests: pictures from the real renderer in an offscreen framebuffer. A peer check against
// gdal_rasterize (same polygons, same extent: >= 99% of pixels away from boundaries agree), golden
// images with a stated tolerance, label placement without overlap, selection that changes bytes only,
// incident markers and per-grid counts.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include "layers/incidents_layer.h"
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


// [SECTION] incidents

IncidentsLayer* Incidents(OffscreenRenderer& r) { return static_cast<IncidentsLayer*>(r.view().layer("incidents")); }

// The centre of the 640x480 window at `mpp` that holds the most open cases (the first such case's position
// on a tie): a view where many markers show.
Vec2 BusiestView(const World& world, double mpp) {
    const auto& cases = world.incidents.cases;
    Vec2 best;
    int best_count = -1;
    for (const Incident& centre : cases) {
        if (!IsOpen(centre.state) || centre.grid < 0) continue;
        int count = 0;
        for (const Incident& c : cases) {
            const Vec2 d = c.position - centre.position;
            count += IsOpen(c.state) && std::abs(d.x) < 300 * mpp && std::abs(d.y) < 220 * mpp;
        }
        if (count > best_count) {
            best_count = count;
            best = centre.position;
        }
    }
    return best;
}

TEST(RenderIncidents, MarkersByCategoryPriorityAndStateGolden) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemoWithIncidents();
    ASSERT_TRUE(r.load(world).ok());
    r.view().now_ms = kIncidentClock;
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.meters_per_pixel = 9.0;
    r.view().camera.center = BusiestView(world, 9.0);
    auto picture = r.render(4, true);  // no title box: it would cover markers
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_GT(Incidents(r)->drawn_markers(), 10u);
    EXPECT_EQ(Incidents(r)->drawn_bubbles(), 0u);
    EXPECT_TRUE(MatchesGolden(picture.value(), "incidents_markers"));
}

TEST(RenderIncidents, DistrictZoomShowsCountsPerGridGolden) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemoWithIncidents();
    ASSERT_TRUE(r.load(world).ok());
    r.view().now_ms = kIncidentClock;
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(world.bounds());
    ASSERT_GT(r.view().camera.meters_per_pixel, IncidentsLayer::kAggregateAboveMpp);
    auto picture = r.render(4, true, "incidents per grid");
    ASSERT_TRUE(picture.ok()) << picture.error();
    const IncidentsLayer* layer = Incidents(r);
    EXPECT_GT(layer->drawn_bubbles(), 2u);
    // Cases outside the jurisdiction stay individual markers (the demo's four are cancelled: none drawn).
    std::size_t outside = 0;
    for (const Incident& c : world.incidents.cases) outside += IsOpen(c.state) && c.grid < 0;
    EXPECT_EQ(layer->drawn_markers(), outside);
    EXPECT_TRUE(MatchesGolden(picture.value(), "incidents_counts"));
}

// A point inside the district with no case within `clear` metres.
Vec2 QuietPoint(const World& world, double clear) {
    const Box b = world.grids.bounds();
    for (int i = 1; i < 400; ++i) {
        const Vec2 p{b.min_x + b.width() * (0.2 + 0.6 * ((i * 37) % 100) / 100.0),
                     b.min_y + b.height() * (0.2 + 0.6 * ((i * 61) % 100) / 100.0)};
        if (world.grid_index->locate_at_level(p, world.grids.max_level()) < 0) continue;
        bool quiet = true;
        for (const Incident& c : world.incidents.cases) {
            const Vec2 d = c.position - p;
            quiet = quiet && d.x * d.x + d.y * d.y > clear * clear;
        }
        for (const Resource& res : world.resources) {
            const Vec2 d = res.position - p;
            quiet = quiet && d.x * d.x + d.y * d.y > clear * clear;
        }
        if (quiet) return p;
    }
    ADD_FAILURE() << "no quiet point";
    return b.center();
}

int RedPixelsNear(const Picture& picture, int cx, int cy, int radius) {
    int red = 0;
    for (int y = cy - radius; y <= cy + radius; ++y) {
        for (int x = cx - radius; x <= cx + radius; ++x) {
            const std::uint8_t* px = &picture.rgba[(static_cast<std::size_t>(y) * picture.width + x) * 4];
            red += px[0] > 170 && px[1] < 90 && px[2] < 90;
        }
    }
    return red;
}

TEST(RenderIncidents, AReportedCaseAppearsWhereItWasReportedAndIsPicked) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemoWithIncidents();  // a copy: one more event is applied below
    ASSERT_TRUE(world.grid_index);
    ASSERT_TRUE(r.load(world).ok());
    const Vec2 at = QuietPoint(world, 250);
    r.view().now_ms = world.incidents.clock_ms;
    r.view().camera = Camera{};
    r.view().camera.width = 200;
    r.view().camera.height = 200;
    r.view().camera.meters_per_pixel = 4.0;
    r.view().camera.center = at;
    auto before = r.render(0, false);
    ASSERT_TRUE(before.ok()) << before.error();
    EXPECT_EQ(RedPixelsNear(before.value(), 100, 100, 14), 0);
    const std::size_t uploads = Incidents(r)->uploads();

    // An urgent emergency reported at `at`, one second after the log's clock.
    Event e;
    e.type = EventType::kIncidentReported;
    e.id = "R0001";
    e.seq = world.incidents.last_seq + 1;
    e.t_ms = world.incidents.clock_ms + 1000;
    e.t = FormatIsoTime(e.t_ms);
    e.category = FindCategory("emergency");
    e.priority = 1;
    e.text = "render test";
    AssignEvent(*world.grid_index, world.grids, at, e);
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    ASSERT_TRUE(to_lonlat.ok()) << to_lonlat.error();
    Vec2 lonlat = at;
    ASSERT_TRUE(to_lonlat.value().apply(lonlat));
    e.lon = lonlat.x;
    e.lat = lonlat.y;
    ASSERT_TRUE(ApplyEvent(world, e).ok());
    r.view().now_ms = world.incidents.clock_ms;
    r.view().notify(kChangeIncidents);
    EXPECT_EQ(Incidents(r)->uploads(), uploads + 1) << "one upload for the new case";
    r.view().notify(kChangeIncidents);
    EXPECT_EQ(Incidents(r)->uploads(), uploads + 1) << "no upload when the revision did not move";

    auto after = r.render(0, false);
    ASSERT_TRUE(after.ok()) << after.error();
    EXPECT_EQ(Incidents(r)->uploads(), uploads + 1) << "drawing at the same clock uploads nothing";
    EXPECT_GT(RedPixelsNear(after.value(), 100, 100, 14), 40) << "a red (priority 1) marker at the reported point";
    EXPECT_GT(DifferentFraction(before.value(), after.value()), 0.003);
    auto pick = r.view().pick({100, 100});
    ASSERT_TRUE(pick.has_value());
    EXPECT_EQ(pick->layer, "incidents");
    EXPECT_EQ(pick->index, static_cast<std::int64_t>(world.incidents.cases.size() - 1));
    EXPECT_EQ(pick->label.rfind("R0001 ", 0), 0u) << pick->label;
    EXPECT_FALSE(r.view().pick({10, 10}).has_value() && r.view().pick({10, 10})->layer == "incidents");

    // Two hours later the emergency is overdue: the flags move on at draw time, with one upload.
    r.view().now_ms = world.incidents.clock_ms + 2 * 3600 * 1000 + 1000;
    ASSERT_TRUE(world.incidents.cases.back().overdue(r.view().now_ms));
    auto overdue = r.render(0, false);
    ASSERT_TRUE(overdue.ok()) << overdue.error();
    EXPECT_EQ(Incidents(r)->uploads(), uploads + 2);
    EXPECT_GT(DifferentFraction(after.value(), overdue.value()), 0.001) << "the overdue ring shows";
    r.view().now_ms = 0;
}

TEST(RenderIncidents, TheMapAnimatesOnlyWhileACaseIsNewOrOverdue) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();  // no cases yet
    ASSERT_TRUE(r.load(world).ok());
    EXPECT_FALSE(r.view().animating());
    Event e;
    e.type = EventType::kIncidentReported;
    e.id = "A0001";
    e.t_ms = test::kIncidentClock;
    e.t = FormatIsoTime(e.t_ms);
    e.category = FindCategory("street_order");  // 4 hours
    e.lon = 120.55;
    e.lat = 31.33;
    ASSERT_TRUE(ApplyEvent(world, e).ok());
    r.view().now_ms = e.t_ms;
    r.view().notify(kChangeIncidents);
    EXPECT_TRUE(r.view().animating()) << "a new case pulses";
    r.view().now_ms = e.t_ms + 30 * 60 * 1000;  // no longer new, not yet overdue
    ASSERT_TRUE(r.render(0, false).ok());
    EXPECT_FALSE(r.view().animating());
    r.view().now_ms = e.t_ms + 5 * 3600 * 1000;  // overdue
    ASSERT_TRUE(r.render(0, false).ok());
    EXPECT_TRUE(r.view().animating()) << "an overdue case pulses";
    Incidents(r)->visible = false;
    EXPECT_FALSE(r.view().animating()) << "a hidden layer animates nothing";
    Incidents(r)->visible = true;
    r.view().now_ms = 0;
}

TEST(RenderResources, AMovedResourceIsDrawnWhereItWentAndRecoloured) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();  // a copy: a resource moves below
    ASSERT_TRUE(r.load(world).ok());
    const Vec2 to = QuietPoint(world, 250);
    r.view().camera = Camera{};
    r.view().camera.width = 200;
    r.view().camera.height = 200;
    r.view().camera.meters_per_pixel = 4.0;
    r.view().camera.center = to;
    auto before = r.render(0, false);
    ASSERT_TRUE(before.ok()) << before.error();

    // The first grid worker moves to `to`, is available, then turns busy, as the feed's events say.
    std::size_t worker = 0;
    while (worker < world.resources.size() && world.resources[worker].kind != "grid_worker") ++worker;
    ASSERT_LT(worker, world.resources.size());
    Vec2 lonlat = to;
    ASSERT_TRUE(Transform::Create(world.crs, Crs::LonLat()).value().apply(lonlat));
    Event moved;
    moved.type = EventType::kResourceMoved;
    moved.id = world.resources[worker].id;
    moved.lon = lonlat.x;
    moved.lat = lonlat.y;
    ASSERT_TRUE(ApplyEvent(world, moved).ok());
    Event available_again;
    available_again.type = EventType::kResourceStatus;
    available_again.id = moved.id;
    available_again.status = "available";
    ASSERT_TRUE(ApplyEvent(world, available_again).ok());
    r.view().notify(kChangeResources);
    auto arrived = r.render(0, false);
    ASSERT_TRUE(arrived.ok());
    EXPECT_GT(DifferentFraction(before.value(), arrived.value()), 0.001) << "the worker is drawn at the new place";
    const auto centre = [](const Picture& p) {
        const std::uint8_t* px = &p.rgba[(static_cast<std::size_t>(100) * p.width + 100) * 4];
        return std::array<int, 3>{px[0], px[1], px[2]};
    };
    const auto available = centre(arrived.value());
    EXPECT_GT(available[1], available[0] + 40) << "an available worker is green";

    Event busy;
    busy.type = EventType::kResourceStatus;
    busy.id = moved.id;
    busy.status = "busy";
    ASSERT_TRUE(ApplyEvent(world, busy).ok());
    r.view().notify(kChangeResources);
    auto recoloured = r.render(0, false);
    ASSERT_TRUE(recoloured.ok());
    const auto orange = centre(recoloured.value());
    EXPECT_GT(orange[0], orange[1] + 40) << "a busy worker is orange";
}

// [SECTION] background builds

// A World with one district square and, below it, more unit squares than kBackgroundBuildGrids.
World ManySquares() {
    World world;
    const int side = 60;  // 3,600 unit grids
    const double size = 100;
    auto square = [](double x, double y, double w) {
        return MultiPolygon{Polygon{{{x, y}, {x + w, y}, {x + w, y + w}, {x, y + w}}, {}}};
    };
    Grid district;
    district.code = "320505";
    district.level = 1;
    district.shape = square(500000, 3430000, side * size);
    world.grids.add(district);
    for (int i = 0; i < side * side; ++i) {
        Grid unit;
        unit.code = "320505" + std::to_string(100000000 + i);  // 15 digits: a level-4 style code
        unit.level = 4;
        unit.parent_code = "320505";
        unit.shape = square(500000 + (i % side) * size, 3430000 + (i / side) * size, size);
        world.grids.add(unit);
    }
    world.grids.finish();
    return world;
}

TEST(RenderBackground, AnInteractiveViewNeverWaitsAndConvergesToTheCompletePicture) {
    static const World world = ManySquares();
    ASSERT_GE(world.grids.at_level(4).size(), GridsLayer::kBackgroundBuildGrids);
    OffscreenRenderer& r = Renderer();
    auto frame = [&] {
        r.view().camera = Camera{};
        r.view().camera.width = 300;
        r.view().camera.height = 300;
        r.view().camera.fit(world.bounds());
        r.view().camera.meters_per_pixel = 1.0;  // unit squares 100 px wide: level 4 is filled
        return r.render(0, false);
    };
    // The complete picture: waiting for every build.
    ASSERT_TRUE(r.load(world, {"grids"}).ok());
    auto complete = frame();
    ASSERT_TRUE(complete.ok()) << complete.error();
    ASSERT_EQ(r.view().frame(0, nullptr).grid_fill_level, 4);
    // An interactive view draws at once, then draws again while busy, until it shows the same picture.
    ASSERT_TRUE(r.load(world, {"grids"}).ok());
    r.view().grids()->wait_for_builds = false;
    Result<Picture> latest = frame();
    ASSERT_TRUE(latest.ok()) << latest.error();
    int busy_frames = 0;
    for (int i = 0; i < 400 && r.view().busy(); ++i, ++busy_frames) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        latest = frame();
        ASSERT_TRUE(latest.ok()) << latest.error();
    }
    EXPECT_FALSE(r.view().busy());
    EXPECT_EQ(DifferentFraction(complete.value(), latest.value()), 0.0);
    RecordProperty("frames_drawn_while_building", busy_frames);
}

TEST(RenderBackground, WhileALevelBuildsTheLayerDrawsTheCoarserLevelAndSaysItIsBusy) {
    static const World world = ManySquares();
    OffscreenRenderer& r = Renderer();  // for its GL context
    ASSERT_TRUE(r.load(world, {"grids"}).ok());
    gl::ProgramCache programs;
    GridsLayer layer;
    std::promise<void> release;
    // Declared after the layer, so destroyed before it: a failed assertion still lets the build finish
    // (the layer's destructor waits for it).
    struct Release {
        std::promise<void>& promise;
        bool done = false;
        void now() {
            if (!done) promise.set_value();
            done = true;
        }
        ~Release() { now(); }
    } release_guard{release};
    layer.wait_for_builds = false;
    layer.build_gate = release.get_future().share();
    LayerSetup setup{world.bounds().center(), programs};
    ASSERT_TRUE(layer.create(world, setup).ok());
    Camera camera;
    camera.width = 300;
    camera.height = 300;
    camera.fit(world.bounds());
    camera.meters_per_pixel = 1.0;
    ASSERT_EQ(layer.fill_level(camera.meters_per_pixel), 4);
    gl::Framebuffer fb(300, 300);
    fb.bind();
    const FrameContext frame{camera, world.bounds().center(), 0, nullptr};
    layer.draw(frame);  // level 4 is held back: the district is filled instead, nothing waits
    EXPECT_TRUE(layer.busy());
    EXPECT_EQ(gl::TakeErrors(), "");
    release_guard.now();
    for (int i = 0; i < 400 && layer.busy(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        layer.draw(frame);
    }
    EXPECT_FALSE(layer.busy());
    EXPECT_EQ(gl::TakeErrors(), "");
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace
}  // namespace gridlink::test
