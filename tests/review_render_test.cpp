// Render at T for the review seat: the map after the cursor's moves (back through StateAt, forward by the events
// between) is the same picture as the state at T drawn afresh, and a golden image of a simulated morning at T with
// the range's tracks and heat, looked at.
#include <gtest/gtest.h>

#include "data/event_log.h"
#include "data/review_cursor.h"
#include "data/simulator.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "layers/heat_layer.h"
#include "layers/tracks_layer.h"
#include "render_support.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

constexpr std::int64_t kStart = 1795190400000;  // 2026-11-21T00:00:00+08:00
constexpr std::int64_t kHour = 3600 * 1000;

// The small demo with twelve simulated hours in its log.
struct Morning {
    std::string path;
    World base;
};

const Morning& SimulatedMorning() {
    static const Morning morning = [] {
        Morning m;
        m.path = SmallWorkspace("review_render.gpkg");
        auto read = ReadWorkspace(m.path, nullptr, true);
        EXPECT_TRUE(read);
        m.base = std::move(read.value());
        SimulatorOptions options;
        options.seed = 21;
        options.start_ms = kStart;
        options.rate = 0.1;
        options.id_prefix = "RR-";
        auto simulator = IncidentSimulator::Create(m.base, options);
        auto log = EventLog::Open(m.path);
        EXPECT_TRUE(simulator && log);
        std::vector<Event> batch;
        while (true) {
            Event e = simulator.value()->next();
            if (e.t_ms >= kStart + 12 * kHour) break;
            e.origin = "simulator";
            batch.push_back(std::move(e));
        }
        EXPECT_TRUE(log.value()->append(batch, {}));
        return m;
    }();
    return morning;
}

void Frame(OffscreenRenderer& r, const World& world, std::int64_t t) {
    r.view().camera = Camera{};
    r.view().camera.width = 640;
    r.view().camera.height = 480;
    r.view().camera.fit(world.bounds());
    r.view().now_ms = t;
}

TEST(RenderReview, MovesGiveTheSamePictureAsTheStateDrawnAfresh) {
    const Morning& m = SimulatedMorning();
    const std::int64_t t = kStart + 9 * kHour;
    OffscreenRenderer& r = Renderer();
    auto cursor = ReviewCursor::Open(m.path, m.base);
    ASSERT_TRUE(cursor) << cursor.error();
    World moved;
    ASSERT_TRUE(cursor.value()->move_to(moved, kStart + 11 * kHour));
    ASSERT_TRUE(r.load(moved, {"basemap", "grids", "resources", "incidents"}).ok());
    Frame(r, moved, kStart + 11 * kHour);
    ASSERT_TRUE(r.render(0, false).ok());
    // Back (a rebuild), then forward by the events between.
    auto back = cursor.value()->move_to(moved, t - 2 * kHour);
    ASSERT_TRUE(back && back->rebuilt);
    r.view().set_world(moved);
    ASSERT_TRUE(r.render(0, false).ok());
    auto forward = cursor.value()->move_to(moved, t);
    ASSERT_TRUE(forward);
    ASSERT_FALSE(forward->rebuilt);
    ASSERT_GT(forward->applied, 50);
    r.view().notify(kChangeIncidents | kChangeResources);
    Frame(r, moved, t);
    auto after_moves = r.render(0, false);
    ASSERT_TRUE(after_moves.ok());

    auto fresh = StateAt(m.base, m.path, t);
    ASSERT_TRUE(fresh);
    ASSERT_TRUE(r.load(fresh.value(), {"basemap", "grids", "resources", "incidents"}).ok());
    Frame(r, fresh.value(), t);
    auto afresh = r.render(0, false);
    ASSERT_TRUE(afresh.ok());
    EXPECT_EQ(DifferentFraction(after_moves.value(), afresh.value()), 0.0);
}

TEST(RenderReview, StateAtTWithTracksAndHeatGolden) {
    const Morning& m = SimulatedMorning();
    const std::int64_t from = kStart + 6 * kHour, t = kStart + 10 * kHour;
    auto state = StateAt(m.base, m.path, t);
    ASSERT_TRUE(state);
    OffscreenRenderer& r = Renderer();
    ASSERT_TRUE(r.load(state.value()).ok());
    auto tracks = ReadTracks(m.path, from, t);
    ASSERT_TRUE(tracks);
    auto to_world = Transform::Create(Crs::LonLat(), state->crs);
    ASSERT_TRUE(to_world);
    std::vector<Track> lines;
    for (const auto& [id, points] : tracks.value()) {
        Track track;
        if (const Resource* resource = state->find_resource(id)) track.kind = resource->kind;
        for (const TrackPoint& p : points) track.points.push_back({p.x, p.y});
        ASSERT_TRUE(to_world->apply(track.points));
        lines.push_back(std::move(track));
    }
    auto* layer = r.view().layer_as<TracksLayer>("tracks");
    ASSERT_NE(layer, nullptr);
    layer->set_tracks(lines);
    if (auto* heat = r.view().layer_as<HeatLayer>("heat")) {
        heat->visible = true;
        heat->hours = 4;
    }
    Frame(r, state.value(), t);
    r.view().camera.width = 800;
    r.view().camera.height = 560;
    r.view().camera.fit(state->bounds());
    auto picture = r.render(4, true, "review 2026-11-21 10:00");
    ASSERT_TRUE(picture.ok()) << picture.error();
    EXPECT_GT(layer->segment_count(), 20u);
    EXPECT_TRUE(MatchesGolden(picture.value(), "review_at_t"));
}

}  // namespace
}  // namespace gridlink::test
