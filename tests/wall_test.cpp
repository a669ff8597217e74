// The wall seat opened for real under Xvfb on a small workspace whose log holds cases written here: the figures
// it shows equal the counts made here from what was written, and its pictures at 3840x1080 and 7680x2160 match
// the golden images (the clock held with --at, so every run draws the same frames).
#include "ui/wall.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "data/workspace.h"
#include "engine/grid_display.h"
#include "render_support.h"
#include "test_support.h"

namespace gridlink {
namespace {

constexpr std::int64_t kAt = test::kIncidentClock;  // 2026-11-27T12:00:00+08:00
constexpr std::int64_t kMinute = 60'000;

// What the log was given, counted as the wall should show it at kAt.
struct Written {
    std::string path;
    std::int64_t reported_today = 0, open = 0, overdue = 0;
};

// The small demo with 40 cases over the 33 hours before kAt, written through a live session as the feed
// would: every category and priority; a quarter closed, a quarter registered, a quarter cancelled, the rest
// just reported (some of those past their deadline).
const Written& WallWorkspace() {
    static const Written written = [] {
        Written w;
        w.path = test::SmallWorkspace("wall.gpkg");
        auto opened = LiveSession::Open(test::SmallDemo(), "wall", w.path);
        if (!opened) ADD_FAILURE() << opened.error();
        LiveSession& session = *opened.value();
        SessionOptions options;
        options.origin = "test";
        if (Status s = session.start(options); !s) ADD_FAILURE() << s.error();
        const World& world = session.world();
        auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
        GridLabelPoints points;
        const int level = world.grids.max_level();
        const std::vector<Vec2>& at = points.at_level(world.grids, level);
        std::vector<std::string> free;
        for (const Resource& r : world.resources) {
            if (r.kind == ResourceKind::kGridWorker && r.status == ResourceStatus::kAvailable) free.push_back(r.id);
        }
        const std::int64_t midnight = ParseIsoTime("2026-11-27T00:00:00+08:00").value();
        std::size_t sent = 0;
        auto send = [&](Event e) {
            if (Status s = session.submit(std::move(e)); !s) ADD_FAILURE() << s.error();
            ++sent;
        };
        for (int i = 0; i < 40; ++i) {
            Vec2 p = at[(static_cast<std::size_t>(i) * 37) % at.size()];
            to_lonlat->apply(p);
            const std::string id = "W" + std::to_string(100 + i);
            Event report = test::ReportEvent(id, p.x, p.y, kAt - (40 - i) * 50 * kMinute);
            report.category = i % kCategoryCount;
            report.priority = 1 + i % 4;
            send(report);
            std::int64_t t = report.t_ms;
            using E = EventType;
            std::vector<E> steps;
            if (i % 4 == 0) {
                steps = {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted,
                         E::kIncidentHandled,    E::kIncidentVerified,   E::kIncidentClosed};
            } else if (i % 4 == 1) {
                steps = {E::kIncidentRegistered};
            } else if (i % 4 == 2) {
                steps = {E::kIncidentCancelled};
            }
            if (report.t_ms >= midnight) ++w.reported_today;
            const bool open = i % 4 == 1 || i % 4 == 3;
            if (open) ++w.open;
            if (open && kAt > DeadlineOf(report.category, report.t_ms)) ++w.overdue;
            const std::string responder = free.at(static_cast<std::size_t>(i));
            for (E type : steps) {
                t += 5 * kMinute;
                Event e = test::StepEvent(type, id, t, type == E::kIncidentDispatched ? responder : "");
                if (type == E::kIncidentCancelled) e.reason = "重复上报 duplicate";
                send(std::move(e));
            }
        }
        // Wait until the writer made every line durable.
        std::size_t durable = 0;
        for (int k = 0; k < 1000 && durable < sent; ++k) {
            durable += session.poll().events.size();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_EQ(durable, sent);
        return w;
    }();
    return written;
}

// Runs the wall on the workspace for a few frames at a size; returns what it printed.
std::string RunWallFor(int width, int height, const std::string& screenshot) {
    const Written& w = WallWorkspace();
    std::promise<SeatSession> loaded;
    loaded.set_value(OpenSeatSession(ReadWorkspace(w.path, nullptr), "wall.gpkg", w.path));
    WallOptions options;
    options.width = width;
    options.height = height;
    options.max_frames = 3;
    options.screenshot = screenshot;
    options.at_ms = kAt;
    options.started = std::chrono::steady_clock::now();
    testing::internal::CaptureStdout();
    const int status = RunWall(loaded.get_future(), options);
    std::fflush(stdout);
    const std::string printed = testing::internal::GetCapturedStdout();
    EXPECT_EQ(status, 0) << printed;
    return printed;
}

TEST(WallSeat, ShowsTheFiguresOfWhatTheLogHoldsAndMatchesItsGoldenAt3840x1080) {
    const Written& w = WallWorkspace();
    ASSERT_GT(w.overdue, 0);
    ASSERT_GT(w.reported_today, 0);
    ASSERT_LT(w.reported_today, 40);
    const std::string png = test::TempPath("wall_3840.png");
    const std::string printed = RunWallFor(3840, 1080, png);
    char expected[160];
    std::snprintf(expected, sizeof expected, "today: reported %lld, open %lld, overdue %lld,",
                  static_cast<long long>(w.reported_today), static_cast<long long>(w.open),
                  static_cast<long long>(w.overdue));
    EXPECT_NE(printed.find(expected), std::string::npos) << "expected '" << expected << "' in:\n" << printed;
    EXPECT_NE(printed.find("this month: reported 40,"), std::string::npos) << printed;
    auto picture = ReadPng(png);
    ASSERT_TRUE(picture) << picture.error();
    EXPECT_EQ(picture->width, 3840);
    EXPECT_EQ(picture->height, 1080);
    EXPECT_TRUE(test::MatchesGolden(picture.value(), "wall_3840x1080"));
}

TEST(WallSeat, MatchesItsGoldenAt7680x2160) {
    const std::string png = test::TempPath("wall_7680.png");
    RunWallFor(7680, 2160, png);
    auto picture = ReadPng(png);
    ASSERT_TRUE(picture) << picture.error();
    EXPECT_EQ(picture->width, 7680);
    EXPECT_EQ(picture->height, 2160);
    EXPECT_TRUE(test::MatchesGolden(picture.value(), "wall_7680x2160"));
}

}  // namespace
}  // namespace gridlink
