// Render tests: pictures from the real renderer in an offscreen framebuffer. A peer check against
// gdal_rasterize (same polygons, same extent: >= 99% of pixels away from boundaries agree), golden
// images with a stated tolerance, label placement without overlap, selection that changes bytes only,
// incident markers and per-grid counts, resource glides and trails, dispatch lines, and 1M resources timed.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <map>
#include <thread>

#include "engine/dispatch.h"
#include "layers/choropleth_layer.h"
#include "layers/dispatch_layer.h"
#include "layers/grids_layer.h"
#include "layers/heat_layer.h"
#include "layers/incidents_layer.h"
#include "layers/labels_layer.h"
#include "layers/resources_layer.h"
#include "render_support.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

// A deterministic uniform draw in [0, 1) (a 64-bit LCG's top 53 bits), for pictures that must not change.
struct Uniform {
    std::uint64_t state;
    double operator()() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;
    }
};

// [SECTION] peer check against gdal_rasterize

struct PeerResult {
    std::size_t interior = 0, agree = 0, grids_seen = 0;
};

// Renders grids of `level` in id colours over `extent` and compares with gdal_rasterize, pixel for pixel,
// on pixels whose 3x3 neighbourhood is one grid in the reference (pixels touching a boundary are left out).
PeerResult PeerCheck(const World& world, int level, const Box& extent, int width, int height) {
    OffscreenRenderer& r = Renderer();
    EXPECT_TRUE(r.load(world, {"grids"}).ok());
    GridsLayer* grids = r.view().layer_as<GridsLayer>("grids");
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
        EXPECT_GE(static_cast<double>(r.agree) / r.interior, 0.99)
            << "level " << level << ": " << r.agree << " of " << r.interior;
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
    const int fill = r.view().layer_as<GridsLayer>("grids")->fill_level(r.view().camera.meters_per_pixel);
    EXPECT_EQ(fill, 5) << "zoomed to one grid, its unit grids should be filled";
    auto picture = r.render(4, true, "demo unit grids");
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_TRUE(MatchesGolden(picture.value(), "demo_unit_grids"));
}

// [SECTION] thematic layers: choropleth and heat

TEST(RenderThematic, ChoroplethOfOpenCasesGoldenAndRecolouringUploadsNoGeometry) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemoWithIncidents();
    ASSERT_TRUE(r.load(world, {"basemap", "grids", "choropleth", "labels"}).ok());
    auto* choropleth = r.view().layer_as<ChoroplethLayer>("choropleth");
    ASSERT_NE(choropleth, nullptr);
    EXPECT_FALSE(choropleth->visible) << "off until a seat turns it on";
    choropleth->visible = true;
    r.view().now_ms = world.incidents.clock_ms;
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(world.bounds());
    auto open = r.render(4, true, "open cases");
    ASSERT_TRUE(open.ok()) << open.error();
    EXPECT_TRUE(MatchesGolden(open.value(), "choropleth_open"));
    // The legend follows the measure: zero apart, then ascending classes.
    const ChoroplethLegend& legend = choropleth->legend();
    ASSERT_GE(legend.labels.size(), 2u);
    EXPECT_EQ(legend.labels.front(), "0");
    EXPECT_EQ(legend.colors.size(), legend.labels.size());
    // Another measure changes the picture.
    choropleth->set_measure(ChoroplethMeasure::kClosureRate);
    auto rate = r.render(4, true, "closure rate");
    ASSERT_TRUE(rate.ok());
    EXPECT_GT(DifferentFraction(open.value(), rate.value()), 0.05);
    EXPECT_EQ(choropleth->legend().labels.back(), "≥ 95%");
    // The values behind it agree with a count done here.
    const int level = r.view().frame(0, nullptr).grid_fill_level;
    const auto values = ChoroplethValues(world, level, ChoroplethMeasure::kOpen, world.incidents.clock_ms, 30);
    double total = 0;
    for (const auto& v : values) total += v.value_or(0);
    int open_inside = 0;
    for (const Incident& c : world.incidents.cases) open_inside += IsOpen(c.state) && c.grid >= 0;
    EXPECT_EQ(total, open_inside);
}

TEST(RenderThematic, ReportHeatGoldenClippedToTheJurisdiction) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemoWithIncidents();
    const Status loaded = r.load(world, {"basemap", "grids", "heat"});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    auto* heat = r.view().layer_as<HeatLayer>("heat");
    ASSERT_NE(heat, nullptr);
    heat->hours = 24 * 365;  // every report of the small demo
    r.view().now_ms = world.incidents.clock_ms;
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(world.bounds());
    r.view().camera.zoom_at({320, 240}, 0.6);  // room around the district
    heat->visible = false;
    auto without = r.render(0, false);
    heat->visible = true;
    auto with = r.render(0, false);
    ASSERT_TRUE(without.ok() && with.ok());
    EXPECT_GT(heat->splats(), 10u);
    EXPECT_GT(DifferentFraction(without.value(), with.value()), 0.02);
    // Outside the jurisdiction nothing changes: pixels whose world point no grid holds.
    std::size_t outside = 0, changed_outside = 0;
    const Picture& a = without.value();
    const Picture& b = with.value();
    for (int y = 0; y < a.height; y += 3) {
        for (int x = 0; x < a.width; x += 3) {
            const Vec2 p = r.view().camera.to_world({x + 0.5, y + 0.5});
            bool inside = false;
            for (std::size_t g : world.grids.at_level(1)) inside = inside || world.grids[g].bounds.contains(p);
            if (inside) continue;
            ++outside;
            const std::size_t at = (static_cast<std::size_t>(y) * a.width + x) * 4;
            changed_outside +=
                a.rgba[at] != b.rgba[at] || a.rgba[at + 1] != b.rgba[at + 1] || a.rgba[at + 2] != b.rgba[at + 2];
        }
    }
    EXPECT_GT(outside, 1000u);
    EXPECT_EQ(changed_outside, 0u);
    auto golden = r.render(4, true, "report heat");
    ASSERT_TRUE(golden.ok());
    EXPECT_TRUE(MatchesGolden(golden.value(), "heat_reports"));
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

// At heavy load (thousands of open cases) the grids' bubbles step back by themselves and the choropleth of
// open cases shows, with its legend; without the crowd, or with that turned off, the bubbles stay.
TEST(RenderIncidents, AtHeavyLoadTheBubblesGiveWayToTheChoroplethGolden) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemoWithIncidents();
    std::vector<Incident> inside;
    for (const Incident& c : world.incidents.cases) {
        if (IsOpen(c.state) && c.grid >= 0) inside.push_back(c);
    }
    ASSERT_FALSE(inside.empty());
    std::uint64_t state = 7;
    for (int k = 0; k < 4000; ++k) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        Incident c = inside[(state >> 33) % inside.size()];
        c.id = "LOAD" + std::to_string(k);
        world.incidents.cases.push_back(std::move(c));
    }
    ++world.incidents.revision;
    ASSERT_TRUE(r.load(world).ok());
    r.view().now_ms = kIncidentClock;
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(world.bounds());
    auto* choropleth = r.view().layer_as<ChoroplethLayer>("choropleth");
    ASSERT_NE(choropleth, nullptr);
    ASSERT_FALSE(choropleth->visible);
    auto crowded = r.render(4, true, "heavy load");
    ASSERT_TRUE(crowded.ok()) << crowded.error();
    EXPECT_TRUE(r.view().frame(0, nullptr).cases_crowded);
    EXPECT_TRUE(choropleth->shown_by_crowding());
    EXPECT_TRUE(Incidents(r)->crowded());
    // Only the clusters outside the jurisdiction keep bubbles.
    std::size_t outside = 0;
    for (const Incident& c : world.incidents.cases) outside += IsOpen(c.state) && c.grid < 0;
    const std::size_t crowded_bubbles = Incidents(r)->drawn_bubbles();
    EXPECT_LE(crowded_bubbles, outside);
    EXPECT_EQ(choropleth->legend().title, MeasureName(ChoroplethMeasure::kOpen));
    EXPECT_GE(choropleth->legend().labels.size(), 2u);
    EXPECT_TRUE(MatchesGolden(crowded.value(), "incidents_crowded"));
    // Turned off, the bubbles stay and the picture differs.
    choropleth->when_crowded = false;
    auto bubbles = r.render(4, true, "heavy load, bubbles");
    ASSERT_TRUE(bubbles.ok());
    EXPECT_FALSE(choropleth->shown_by_crowding());
    EXPECT_GT(DifferentFraction(crowded.value(), bubbles.value()), 0.02);
    EXPECT_GT(Incidents(r)->drawn_bubbles(), crowded_bubbles + 2);
}

// Zoomed out over a city-sized population, the resources' density is a smooth heat clipped to the
// jurisdiction: outside it the picture is the one without resources.
TEST(RenderResources, DensityAtCityScaleIsAHeatClippedToTheJurisdictionGolden) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();
    const Box box = world.grids.bounds();
    Uniform next{99};
    while (world.resources.size() < ResourcesLayer::kDensityHintFrom + 10000) {
        Resource res;
        res.id = "D" + std::to_string(world.resources.size());
        // Denser towards the south-west corner, and spilling past the bounds (into what is not jurisdiction).
        const double u = next() * next(), v = next() * next();
        res.position = {box.min_x - 0.1 * box.width() + u * 1.2 * box.width(),
                        box.min_y - 0.1 * box.height() + v * 1.2 * box.height()};
        world.resources.push_back(std::move(res));
    }
    IndexResources(world);
    const auto frame = [&](OffscreenRenderer& renderer) {
        renderer.view().camera = Camera{};
        renderer.view().camera.width = 640;
        renderer.view().camera.height = 480;
        renderer.view().camera.fit(world.bounds());
    };
    ASSERT_TRUE(r.load(world, {"basemap", "grids"}).ok());
    frame(r);
    auto without = r.render(4, false, "");
    ASSERT_TRUE(without.ok());
    ASSERT_TRUE(r.load(world, {"basemap", "grids", "resources"}).ok());
    frame(r);
    auto with = r.render(4, false, "");
    ASSERT_TRUE(with.ok()) << with.error();
    const auto* layer = r.view().layer_as<ResourcesLayer>("resources");
    ASSERT_TRUE(layer->stats().drew_density);
    // Tinted inside, untouched outside the jurisdiction (a pixel's centre outside every grid, 2 px from any).
    std::size_t inside_changed = 0, outside_changed = 0, outside = 0;
    const Camera& cam = r.view().camera;
    for (int y = 0; y < 480; y += 3) {
        for (int x = 0; x < 640; x += 3) {
            const std::size_t at = (static_cast<std::size_t>(y) * 640 + x) * 4;
            int diff = 0;
            for (int c = 0; c < 3; ++c) diff = std::max(diff, std::abs(with->rgba[at + c] - without->rgba[at + c]));
            bool in = false, near = false;
            for (int dy = -2; dy <= 2; ++dy) {
                for (int dx = -2; dx <= 2; ++dx) {
                    const bool hit =
                        world.grid_index->locate_at_level(cam.to_world({x + 0.5 + dx, y + 0.5 + dy}), 1) >= 0;
                    near = near || hit;
                    if (dx == 0 && dy == 0) in = hit;
                }
            }
            if (in) inside_changed += diff > 8;
            if (!near) {
                ++outside;
                outside_changed += diff > 2;
            }
        }
    }
    EXPECT_GT(outside, 1000u);
    EXPECT_EQ(outside_changed, 0u);
    EXPECT_GT(inside_changed, 1000u);
    EXPECT_TRUE(MatchesGolden(with.value(), "resources_density"));
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

// [SECTION] resources and dispatch

ResourcesLayer* Resources(OffscreenRenderer& r) { return static_cast<ResourcesLayer*>(r.view().layer("resources")); }
DispatchLayer* Dispatch(OffscreenRenderer& r) { return static_cast<DispatchLayer*>(r.view().layer("dispatch")); }

// Draws the map at `time` seconds into a framebuffer of the camera's size, without text, and reads it back:
// OffscreenRenderer::render always draws at time 0, and a glide needs the clock to move.
Picture DrawAt(OffscreenRenderer& r, double time) {
    const Camera& cam = r.view().camera;
    gl::Framebuffer fb(cam.width, cam.height);
    fb.bind();
    r.view().draw(time, nullptr);
    glFinish();
    EXPECT_EQ(gl::TakeErrors(), "");
    Picture picture{cam.width, cam.height, fb.read_rgba()};
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return picture;
}

// Applies one event after the World's last, a second later on the log's clock.
void Apply(World& world, Event e) {
    e.seq = world.incidents.last_seq + 1;
    e.t_ms = std::max(world.incidents.clock_ms, kIncidentClock) + 1000;
    e.t = FormatIsoTime(e.t_ms);
    Status s = ApplyEvent(world, e);
    ASSERT_TRUE(s.ok()) << s.error();
}

Vec2 ToLonLat(const World& world, Vec2 p) {
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    EXPECT_TRUE(to_lonlat.ok());
    if (to_lonlat) {
        EXPECT_TRUE(to_lonlat.value().apply(p));
    }
    return p;
}

Event MoveTo(const World& world, const std::string& id, Vec2 to) {
    Event e;
    e.type = EventType::kResourceMoved;
    e.id = id;
    const Vec2 lonlat = ToLonLat(world, to);
    e.lon = lonlat.x;
    e.lat = lonlat.y;
    return e;
}

// Available and on no case (drawn in its kind's colour).
bool IsFree(const Resource& r) { return r.status == ResourceStatus::kAvailable && r.task.empty(); }

// The first free resource of a kind.
std::size_t FirstOfKind(const World& world, ResourceKind kind) {
    std::size_t i = 0;
    while (i < world.resources.size() && (world.resources[i].kind != kind || !IsFree(world.resources[i]))) ++i;
    EXPECT_LT(i, world.resources.size()) << "no " << CodeOf(kind);
    return i;
}

// Pixels within `radius` of `at` (screen) for which `accept(r, g, b)` holds.
template <typename Accept>
int CountNear(const Picture& p, Vec2 at, int radius, Accept accept) {
    int count = 0;
    const int cx = static_cast<int>(std::lround(at.x)), cy = static_cast<int>(std::lround(at.y));
    for (int y = std::max(0, cy - radius); y <= std::min(p.height - 1, cy + radius); ++y) {
        for (int x = std::max(0, cx - radius); x <= std::min(p.width - 1, cx + radius); ++x) {
            const std::uint8_t* px = &p.rgba[(static_cast<std::size_t>(y) * p.width + x) * 4];
            count += accept(int{px[0]}, int{px[1]}, int{px[2]});
        }
    }
    return count;
}
const auto kGreen = [](int r, int g, int b) { return g > r + 60 && g > b + 30; };
const auto kOrange = [](int r, int g, int b) { return r > g + 40 && g > b + 20; };
const auto kBluish = [](int r, int, int b) { return b > r + 30; };

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
    const Picture before = DrawAt(r, 1.0);
    const ResourcesLayer::Stats uploads = Resources(r)->stats();

    // The first grid worker moves to `to`, is available, then turns busy, as the feed's events say.
    const std::size_t worker = FirstOfKind(world, ResourceKind::kGridWorker);
    Apply(world, MoveTo(world, world.resources[worker].id, to));
    Event available_again;
    available_again.type = EventType::kResourceStatus;
    available_again.id = world.resources[worker].id;
    available_again.status = "available";
    Apply(world, available_again);
    r.view().notify(kChangeResources);
    (void)DrawAt(r, 2.0);  // the glide starts
    const Picture arrived = DrawAt(r, 2.0 + ResourcesLayer::kGlideSeconds);
    EXPECT_GT(DifferentFraction(before, arrived), 0.001) << "the worker is drawn at the new place";
    EXPECT_GT(CountNear(arrived, {100, 100}, 2, kGreen), 15) << "an available worker is green";

    Event busy;
    busy.type = EventType::kResourceStatus;
    busy.id = world.resources[worker].id;
    busy.status = "busy";
    Apply(world, busy);
    r.view().notify(kChangeResources);
    EXPECT_FALSE(r.view().animating()) << "a new colour does not glide";
    const Picture recoloured = DrawAt(r, 5.0);
    EXPECT_GT(CountNear(recoloured, {100, 100}, 2, kOrange), 15) << "a busy worker is orange";
    // Two events for this worker, each written into its own slot: no upload of the whole buffer.
    const ResourcesLayer::Stats& after = Resources(r)->stats();
    EXPECT_EQ(after.full_uploads, uploads.full_uploads);
    EXPECT_EQ(after.slots_written, uploads.slots_written + 2);
    EXPECT_EQ(after.partial_writes, uploads.partial_writes + 2);
}

TEST(RenderResources, AGlideEndsWhereTheResourceWent) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();
    const Vec2 start = QuietPoint(world, 250);
    const Vec2 end = start + Vec2{120, 0};
    const std::size_t worker = FirstOfKind(world, ResourceKind::kGridWorker);
    const std::string id = world.resources[worker].id;
    Apply(world, MoveTo(world, id, start));  // before the layer exists: nothing glides
    ASSERT_TRUE(r.load(world, {"resources"}).ok());
    ResourcesLayer* layer = Resources(r);
    r.view().camera = Camera{};
    r.view().camera.width = 300;
    r.view().camera.height = 160;
    r.view().camera.meters_per_pixel = 1.0;
    r.view().camera.center = start + Vec2{60, 0};  // start at (90, 80), end at (210, 80)
    const Vec2 start_px{90, 80}, middle_px{150, 80}, end_px{210, 80};
    const Picture before = DrawAt(r, 10.0);
    EXPECT_FALSE(r.view().animating());
    EXPECT_GT(CountNear(before, start_px, 3, kGreen), 25);

    Apply(world, MoveTo(world, id, end));
    r.view().notify(kChangeResources);
    EXPECT_TRUE(r.view().animating()) << "a move starts a glide";
    const Picture first = DrawAt(r, 10.0);  // the glide starts with this frame, where the marker was
    EXPECT_GT(CountNear(first, start_px, 3, kGreen), 25);
    EXPECT_EQ(CountNear(first, end_px, 8, kGreen), 0);
    EXPECT_TRUE(r.view().animating());

    const Picture middle = DrawAt(r, 10.0 + ResourcesLayer::kGlideSeconds / 2);  // smoothstep(0.5) = 0.5
    EXPECT_TRUE(r.view().animating());
    EXPECT_GT(CountNear(middle, middle_px, 3, kGreen), 25) << "halfway through the glide, halfway there";
    EXPECT_EQ(CountNear(middle, start_px, 8, kGreen), 0);
    EXPECT_EQ(CountNear(middle, end_px, 8, kGreen), 0);
    const Vec2 halfway = layer->drawn_position(worker, 10.0 + ResourcesLayer::kGlideSeconds / 2);
    EXPECT_NEAR(halfway.x, start.x + 60, 0.5);
    EXPECT_NEAR(halfway.y, start.y, 0.5);

    const Picture last = DrawAt(r, 10.0 + ResourcesLayer::kGlideSeconds + 0.05);
    EXPECT_FALSE(r.view().animating()) << "the glide is over";
    EXPECT_GT(CountNear(last, end_px, 3, kGreen), 25);
    EXPECT_EQ(CountNear(last, start_px, 8, kGreen), 0);

    // The glide's last frame is the picture a new layer draws with the worker already there.
    const Camera camera = r.view().camera;
    ASSERT_TRUE(r.load(world, {"resources"}).ok());
    r.view().camera = camera;
    const Picture fresh = DrawAt(r, 30.0);
    EXPECT_EQ(DifferentFraction(last, fresh), 0.0);
}

TEST(RenderResources, APatrolVehicleLeavesATrailThatFadesToItsTail) {
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();
    const Vec2 centre = QuietPoint(world, 250);
    const std::size_t vehicle = FirstOfKind(world, ResourceKind::kPatrolVehicle);
    const std::string id = world.resources[vehicle].id;
    Apply(world, MoveTo(world, id, centre - Vec2{150, 0}));
    ASSERT_TRUE(r.load(world, {"resources"}).ok());
    r.view().camera = Camera{};
    r.view().camera.width = 400;
    r.view().camera.height = 120;
    r.view().camera.meters_per_pixel = 1.0;
    r.view().camera.center = centre;  // x pixel = 200 + metres east of the centre
    double t = 10;
    (void)DrawAt(r, t);
    // Three moves east, 100 m each, each glide finished before the next.
    for (double x : {-50.0, 50.0, 150.0}) {
        Apply(world, MoveTo(world, id, centre + Vec2{x, 0}));
        r.view().notify(kChangeResources);
        (void)DrawAt(r, t += 2);
        (void)DrawAt(r, t += 2);
    }
    EXPECT_EQ(Resources(r)->stats().trails, 1u);
    const Picture picture = DrawAt(r, t += 1);
    EXPECT_FALSE(r.view().animating());
    // Bluer toward the vehicle (x = 350), nothing behind the tail (x = 50).
    const auto blueness = [&](int x) {
        int best = -255;
        for (int y = 56; y <= 64; ++y) {
            const std::uint8_t* px = &picture.rgba[(static_cast<std::size_t>(y) * picture.width + x) * 4];
            best = std::max(best, int{px[2]} - int{px[0]});
        }
        return best;
    };
    EXPECT_LT(blueness(30), 5) << "nothing behind the oldest point";
    EXPECT_GT(blueness(100), 0);
    EXPECT_GT(blueness(200), blueness(100) + 10);
    EXPECT_GT(blueness(300), blueness(200) + 10);
}

// A dispatch in progress near a free grid worker: case D0001 dispatched to that worker with a summoned
// volunteer who answered, case D0002 dispatched to another free responder nearby and accepted.
struct DispatchScene {
    World world;
    std::size_t worker = 0, second = 0, volunteer = 0;
    Vec2 first_case, second_case;
    Box extent;  // everything above, padded
};

const DispatchScene& TheDispatchScene() {
    static const DispatchScene scene = [] {
        DispatchScene s;
        s.world = SmallDemo();
        World& w = s.world;
        const auto distance = [&](std::size_t a, std::size_t b) {
            const Vec2 d = w.resources[a].position - w.resources[b].position;
            return std::sqrt(d.x * d.x + d.y * d.y);
        };
        const auto is = [&](std::size_t i, ResourceKind kind) {
            return w.resources[i].kind == kind && IsFree(w.resources[i]);
        };
        const std::size_t n = w.resources.size();
        bool found = false;
        for (std::size_t i = 0; i < n && !found; ++i) {
            if (!is(i, ResourceKind::kGridWorker)) continue;
            for (std::size_t j = 0; j < n && !found; ++j) {
                if (j == i || !(is(j, ResourceKind::kGridWorker) || is(j, ResourceKind::kPatrolVehicle))) continue;
                if (distance(i, j) < 250 || distance(i, j) > 450) continue;
                for (std::size_t v = 0; v < n && !found; ++v) {
                    if (!is(v, ResourceKind::kVolunteer) || distance(i, v) > 450 || distance(j, v) > 450) continue;
                    s.worker = i, s.second = j, s.volunteer = v;
                    found = true;
                }
            }
        }
        EXPECT_TRUE(found) << "no scene in the demo";
        const Vec2 a = w.resources[s.worker].position, b = w.resources[s.second].position;
        // The cases a little aside of the line between the two responders.
        const Vec2 across = Vec2{-(b - a).y, (b - a).x} * 0.45;
        s.first_case = a + (b - a) * 0.35 + across;
        s.second_case = a + (b - a) * 0.8 - across;
        for (Vec2 p : {a, b, w.resources[s.volunteer].position, s.first_case, s.second_case}) s.extent.extend(p);
        s.extent = {s.extent.min_x - 120, s.extent.min_y - 120, s.extent.max_x + 160, s.extent.max_y + 120};

        const auto report = [&](const std::string& id, Vec2 at) {
            Event e;
            e.type = EventType::kIncidentReported;
            e.id = id;
            e.category = FindCategory("city_appearance");
            e.priority = 2;
            e.text = "调度测试 dispatch test";
            if (w.grid_index) AssignEvent(*w.grid_index, w.grids, at, e);
            const Vec2 lonlat = ToLonLat(w, at);
            e.lon = lonlat.x;
            e.lat = lonlat.y;
            Apply(w, e);
        };
        const auto step = [&](const std::string& id, EventType type, const std::string& resource = {}) {
            Event e;
            e.type = type;
            e.id = id;
            e.resource = resource;
            Apply(w, e);
        };
        report("D0001", s.first_case);
        step("D0001", EventType::kIncidentRegistered);
        step("D0001", EventType::kIncidentDispatched, w.resources[s.worker].id);
        Event summon;
        summon.type = EventType::kIncidentSummoned;
        summon.id = "D0001";
        summon.resources = {w.resources[s.volunteer].id};
        summon.radius_m = 800;
        Apply(w, summon);
        step("D0001", EventType::kIncidentAccepted, w.resources[s.volunteer].id);  // the volunteer answers
        report("D0002", s.second_case);
        step("D0002", EventType::kIncidentRegistered);
        step("D0002", EventType::kIncidentDispatched, w.resources[s.second].id);
        step("D0002", EventType::kIncidentAccepted, w.resources[s.second].id);
        return s;
    }();
    return scene;
}

Camera SceneCamera(const DispatchScene& scene) {
    Camera camera;
    camera.width = 800;
    camera.height = 600;
    camera.fit(scene.extent, 10);
    return camera;
}

TEST(RenderDispatch, ADispatchInProgressGolden) {
    OffscreenRenderer& r = Renderer();
    const DispatchScene& scene = TheDispatchScene();
    const World& world = scene.world;
    ASSERT_EQ(world.incidents.cases.size(), 2u);
    EXPECT_EQ(world.incidents.cases[0].state, CaseState::kDispatched);
    EXPECT_EQ(world.incidents.cases[1].state, CaseState::kAccepted);
    ASSERT_TRUE(r.load(world).ok());
    r.view().now_ms = world.incidents.clock_ms;
    r.view().camera = SceneCamera(scene);
    ASSERT_LT(r.view().camera.meters_per_pixel, ResourcesLayer::kNamesBelowMpp) << "names must show";
    auto picture = r.render(4, true);
    ASSERT_TRUE(picture.ok()) << picture.error();
    const DispatchLayer* dispatch = Dispatch(r);
    ASSERT_EQ(dispatch->lines().size(), 3u) << "two responders and one volunteer";
    EXPECT_EQ(dispatch->lines()[0].kind, DispatchLayer::LineKind::kVolunteer);
    EXPECT_EQ(dispatch->drawn_labels(), 2u) << "an ETA beside each responder's line";
    EXPECT_EQ(dispatch->eta_searches(), 2u);
    EXPECT_TRUE(dispatch->animating()) << "the dashes flow";
    EXPECT_GE(Resources(r)->stats().drawn_names, 3u);
    EXPECT_TRUE(MatchesGolden(picture.value(), "dispatch_in_progress"));
    ASSERT_TRUE(r.render(4, true).ok());
    EXPECT_EQ(dispatch->eta_searches(), 2u) << "ETAs are cached while the responders stay put";
    r.view().now_ms = 0;
}

TEST(RenderDispatch, TheLineFollowsTheResponder) {
    OffscreenRenderer& r = Renderer();
    World world = TheDispatchScene().world;  // a copy: the responder moves
    const DispatchScene& scene = TheDispatchScene();
    ASSERT_TRUE(r.load(world, {"resources", "dispatch"}).ok());
    r.view().camera = SceneCamera(scene);
    const Camera& cam = r.view().camera;
    const Picture before = DrawAt(r, 5.0);
    EXPECT_TRUE(r.view().animating()) << "the dashes flow while a line is in view";

    // The dispatched worker walks around its case: a quarter turn about it.
    const Vec2 was = world.resources[scene.worker].position;
    const Vec2 arm = was - scene.first_case;
    const Vec2 now = scene.first_case + Vec2{-arm.y, arm.x} * 0.8;
    ASSERT_TRUE(cam.visible_world().contains(now));
    Apply(world, MoveTo(world, world.resources[scene.worker].id, now));
    r.view().notify(kChangeResources);
    (void)DrawAt(r, 5.0);  // the glide starts
    const Picture after = DrawAt(r, 5.0 + ResourcesLayer::kGlideSeconds + 0.1);

    const auto& lines = Dispatch(r)->lines();
    const auto line = std::find_if(lines.begin(), lines.end(),
                                   [&](const DispatchLayer::Line& l) { return l.resource == scene.worker; });
    ASSERT_NE(line, lines.end());
    EXPECT_NEAR(line->from.x, world.resources[scene.worker].position.x, 1e-9);
    EXPECT_NEAR(line->from.y, world.resources[scene.worker].position.y, 1e-9);
    // Part-way along the old line and along the new one (clear of both markers).
    const Vec2 old_probe = cam.to_screen(was + (scene.first_case - was) * 0.45);
    const Vec2 new_probe = cam.to_screen(now + (scene.first_case - now) * 0.45);
    EXPECT_GT(CountNear(before, old_probe, 4, kBluish), 10) << "the line was drawn from where the worker was";
    EXPECT_LT(CountNear(after, old_probe, 4, kBluish), 3) << "and is gone from there";
    EXPECT_LT(CountNear(before, new_probe, 4, kBluish), 3);
    EXPECT_GT(CountNear(after, new_probe, 4, kBluish), 10) << "the line now starts where the worker went";

    // Nothing in view: nothing flows, and the seat may stop drawing.
    r.view().camera.center = scene.extent.center() + Vec2{50000, 0};
    (void)DrawAt(r, 9.0);
    EXPECT_FALSE(Dispatch(r)->animating());
}

// 1,000,000 resources over the demo district (SmallDemo's grids, roads and basemap): frames timed offscreen,
// everything drawn (all layers, labels and names through ImGui, glFinish), at close zooms and while 1000
// resources move every frame. The figures are printed; the bound is generous (llvmpipe on 2 cores).
TEST(RenderResources, AMillionResourcesStayInteractive) {
    using Clock = std::chrono::steady_clock;
    OffscreenRenderer& r = Renderer();
    World world = SmallDemo();
    const Box box = world.grids.bounds();
    Uniform next{2024};
    constexpr std::size_t kTotal = 1'000'000;
    world.resources.reserve(kTotal);
    while (world.resources.size() < kTotal) {
        Resource res;
        const double kind = next();
        res.kind = kind < 0.5    ? ResourceKind::kGridWorker
                   : kind < 0.8  ? ResourceKind::kVolunteer
                   : kind < 0.9  ? ResourceKind::kPatrolVehicle
                   : kind < 0.95 ? ResourceKind::kServiceStation
                                 : ResourceKind::kCamera;
        res.id = "M" + std::to_string(world.resources.size());
        res.name = res.id;
        const double status = next();
        res.status = status < 0.7   ? ResourceStatus::kAvailable
                     : status < 0.9 ? ResourceStatus::kBusy
                                    : ResourceStatus::kOffDuty;
        res.position = {box.min_x + next() * box.width(), box.min_y + next() * box.height()};
        world.resources.push_back(std::move(res));
    }
    IndexResources(world);  // as a workspace read from disk has it (ids, k-nearest index)
    auto t0 = Clock::now();
    ASSERT_TRUE(r.load(world).ok());
    const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
    ResourcesLayer* layer = Resources(r);
    r.view().camera = Camera{};
    r.view().camera.width = 1280;
    r.view().camera.height = 720;
    r.view().camera.center = box.center();
    const auto ms_per_frame = [&](int frames, auto&& before_each) {
        for (int i = 0; i < 2; ++i) EXPECT_TRUE(r.draw(0, false).ok());  // warm up
        const auto start = Clock::now();
        for (int i = 0; i < frames; ++i) {
            before_each();
            EXPECT_TRUE(r.draw(0, false).ok());
        }
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / frames;
    };
    std::printf("[ 1M resources ] %zu resources over %.1f x %.1f km (%.0f per km2), %s; all layers created in %.2f s\n",
                world.resources.size(), box.width() / 1000, box.height() / 1000,
                world.resources.size() / (box.width() * box.height() / 1e6), r.context_description().c_str(), load_s);
    std::map<double, double> still;
    for (double mpp : {1.0, 2.0, 3.0, 4.0, 11.0, 20.0}) {
        r.view().camera.meters_per_pixel = mpp;
        still[mpp] = ms_per_frame(10, [] {});
        const ResourcesLayer::Stats drawn = layer->stats();
        // The resources layer hidden: what the rest of the map costs at this zoom.
        layer->visible = false;
        const double without = ms_per_frame(5, [] {});
        layer->visible = true;
        std::printf(
            "[ 1M resources ] 1280x720 at %4.1f m/px: %6.1f ms/frame (%6.1f without the resources layer), "
            "%zu markers in %zu ranges, %zu names%s\n",
            mpp, still[mpp], without, drawn.drawn_instances, drawn.drawn_ranges, drawn.drawn_names,
            drawn.drew_density ? ", density hint" : "");
        EXPECT_EQ(drawn.drew_density, drawn.drawn_instances == 0);
        if (mpp < ResourcesLayer::kVisibleBelowMpp) {
            EXPECT_LT(drawn.drawn_instances, kTotal) << "tiles cull";
        }
    }

    // 1000 resources move each frame (up to 40 m), as resource.moved events through ApplyEvent, then notify
    // and draw.
    const ResourcesLayer::Stats uploads = layer->stats();
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    ASSERT_TRUE(to_lonlat);
    double notify_ms = 0;
    std::int64_t seq = world.incidents.last_seq;
    const auto move_thousand = [&] {
        const auto start = Clock::now();
        for (int k = 0; k < 1000; ++k) {
            const Resource& res = world.resources[static_cast<std::size_t>(next() * kTotal) % kTotal];
            Vec2 to = res.position + Vec2{(next() - 0.5) * 80, (next() - 0.5) * 80};
            to_lonlat->apply(to);
            Event e;
            e.type = EventType::kResourceMoved;
            e.id = res.id;
            e.seq = ++seq;
            e.t_ms = test::kIncidentClock + seq;
            e.lon = to.x;
            e.lat = to.y;
            if (Status applied = ApplyEvent(world, e); !applied) ADD_FAILURE() << applied.error();
        }
        r.view().notify(kChangeResources);
        notify_ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    std::map<double, double> moving;
    for (double mpp : {1.0, 2.0}) {
        r.view().camera.meters_per_pixel = mpp;
        notify_ms = 0;
        moving[mpp] = ms_per_frame(20, move_thousand);
        std::printf(
            "[ 1M resources ] 1280x720 at %4.1f m/px, 1000 moves a frame: %6.1f ms/frame, of which %.1f ms "
            "applying 1000 resource.moved events and notify(kChangeResources)\n",
            mpp, moving[mpp], notify_ms / 20);
    }
    const ResourcesLayer::Stats& after = layer->stats();
    std::printf(
        "[ 1M resources ] %zu full uploads (re-sorts) in 40 frames of moves; %.0f slots in %.0f "
        "glBufferSubData calls per 1000 moves\n",
        after.full_uploads - uploads.full_uploads, (after.slots_written - uploads.slots_written) / 40.0,
        (after.partial_writes - uploads.partial_writes) / 40.0);
    EXPECT_EQ(after.full_uploads, uploads.full_uploads) << "moves write their slots, not the buffer";
    EXPECT_GE(after.slots_written - uploads.slots_written, 40u * 900) << "every move reaches the buffer";
    for (double mpp : {1.0, 2.0, 4.0, 11.0}) {
        EXPECT_LT(still[mpp], 250.0) << mpp << " m/px";
    }
    EXPECT_LT(moving[1.0], 250.0);
    EXPECT_LT(moving[2.0], 250.0);
    RecordProperty("ms_per_frame_1mpp", static_cast<int>(still[1.0]));
    RecordProperty("ms_per_frame_2mpp_moving", static_cast<int>(moving[2.0]));
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
    r.view().layer_as<GridsLayer>("grids")->wait_for_builds = false;
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
