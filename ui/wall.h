// The wall seat (`gridlink wall`): the command centre's video wall over the same live session as the
// workstation. No mouse: big figures around a map that tours the streets and flies to urgent cases; it draws
// continuously at a steady rate, following the log's tail.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <string>

#include "data/live_session.h"
#include "layers/map_view.h"
#include "ui/fonts.h"
#include "ui/wall_board.h"
#include "ui/workstation.h"

struct ImFont;
struct GLFWwindow;

namespace gridlink {

struct WallOptions {
    // A window of this size (--size); 0: borderless over monitor `monitor`, or over every monitor with `span`.
    int width = 0, height = 0;
    int monitor = 0;
    bool span = false;
    int max_frames = 0;      // >0: draw this many frames back to back, print their timing, close
    std::string screenshot;  // with max_frames or exit_after: keep the last frame as this PNG
    double exit_after = 0;   // >0: close after this many seconds
    std::string listen;      // take the live feed on this address too (docs/feed.md)
    double simulate = 0;     // >0: a built-in simulated feed of this many lines a second (a demo)
    // >0: the wall's clock stands at this instant (ms since the epoch) and animations run on the frame count:
    // a recorded day shown as it stood, and pictures that are the same every run (tests).
    std::int64_t at_ms = 0;
    double fps = 30;  // the steady rate it draws at (besides vsync, which a virtual display lacks)
    WallTour::Options tour;
    std::chrono::steady_clock::time_point started;  // when the process started, for the first-frame report
};

// Where the wall's panels go at a screen size: a header across the top, a column each side, the map between.
// Sizes scale with the screen's height (1080 px: scale 1) so text reads the same from the room's back.
struct WallLayout {
    float width = 0, height = 0, scale = 1;
    float header = 0, column = 0, gap = 0;
    float map_left() const { return column + 2 * gap; }
    float map_right() const { return width - column - 2 * gap; }
    float map_top() const { return header + gap; }
    float map_bottom() const { return height - gap; }
};
WallLayout LayoutWall(int width, int height);

// Everything the wall's panels read: the live session's World, the figures taken from it, the tour.
struct Wall {
    explicit Wall(LiveSession& live) : session(&live), world(live.world()) {}
    LiveSession* session;
    World& world;
    std::string workspace_label;
    std::string feed_status;  // "实时 live 127.0.0.1:7800", "日志 log", or empty: the log as replayed
    MapView view;
    Fonts fonts;                    // ui: panel text; label: map labels
    ImFont* figure_font = nullptr;  // the big numbers
    WallLayout layout;
    WallFigures figures;
    WallTour tour{{}, {}, 0};
    std::int64_t events_taken = 0;  // events the wall took from the log's tail since it started
    // The latest event's arrival, for now_ms() between events.
    std::chrono::steady_clock::time_point clock_seen = std::chrono::steady_clock::now();
    std::int64_t at_ms = 0;    // WallOptions::at_ms
    double seconds = 0;        // the seat's steady clock this frame (tour timers)
    bool fonts_stale = false;  // a case's text has characters the atlas lacks: rebuild it between frames

    // The instant the figures are taken at: --at, or the wall clock, or the log's clock run on since its last
    // event when the log is ahead of the wall clock (a replay sent faster than real time).
    std::int64_t now_ms() const;
};

int RunWall(std::future<SeatSession> workspace, const WallOptions& options);

}  // namespace gridlink
