// The dispatcher workstation seat: a GLFW window with the map, Dear ImGui panels, and the frame
// loop in Dear ImGui's order. It draws only when something changed.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/live_session.h"
#include "engine/crs.h"
#include "engine/world.h"
#include "layers/map_view.h"
#include "ui/fonts.h"
#include "ui/incident_panels.h"
#include "ui/panel_regions.h"
#include "ui/seat.h"

struct GLFWwindow;

namespace gridlink {

struct WorkstationOptions {
    int width = 1600;
    int height = 1000;
    int max_frames = 0;         // >0: draw this many frames back to back, print their timing, close (tests, figures)
    int level = 0;              // >0: fill grids of this level at every zoom
    std::string screenshot;     // with max_frames: write the window's last frame to this PNG
    std::string select;         // select this grid code (or case id) at start and fly to it
    std::string listen;         // take the live feed on this address (docs/feed.md)
    std::string operator_name;  // the dispatcher; the log records "workstation:NAME" on every command
    double exit_after = 0;      // >0: close after this many seconds and report report-to-screen latency
    double simulate = 0;        // >0: a built-in simulated feed of this many lines per second (a demo)
    // When the process started, for the first-frame report.
    std::chrono::steady_clock::time_point started;
};

// Everything a panel may read or change. Panels are free functions `void ShowX(App&)`. The World is the
// live session's: a seat reads it and sends commands, and the session applies what became durable.
struct App {
    explicit App(LiveSession& live) : session(&live), world(live.world()) {}
    LiveSession* session;
    World& world;
    std::string workspace_label;
    MapView view;
    Fonts fonts;
    GLFWwindow* window = nullptr;
    std::optional<Transform> to_lonlat;

    // Interaction state
    Vec2 cursor_screen{-1, -1};
    bool cursor_on_map = false;
    std::optional<Pick> hovered;
    char search[128] = {};
    IncidentPanels incidents;  // queue filters and the selected case (ui/incident_panels.h)
    PanelRegions regions;      // the panels' columns and bands around the map (ui/panel_regions.h)
    // Sends a dispatcher's command as an event to the log (LiveSession::submit); it reaches the World when
    // durable. Null when no log is open (the map is read-only).
    std::function<Status(Event)> submit;
    // When the last event arrived, for now_ms().
    std::chrono::steady_clock::time_point clock_seen = std::chrono::steady_clock::now();
    std::string feed_status;       // "实时 live 127.0.0.1:7800", "日志 log", or empty: read-only
    std::int64_t feed_events = 0;  // events taken from the log since the seat started
    bool fonts_stale = false;      // a case's text has characters the atlas lacks: rebuild it between frames
    int redraw_frames = 3;         // frames still to draw before idling
    double frame_ms = 0;           // CPU time of the last drawn frame
    std::int64_t at_ms = 0;        // >0: the clock stands at this instant (review: the state shown)

    void request_redraw(int frames = 3) { redraw_frames = std::max(redraw_frames, frames); }
    // The time cases are judged by (deadlines, overdue): the wall clock, or the log's clock run on since
    // its last event when the log is ahead of the wall (a replay sent faster than real time).
    std::int64_t now_ms() const;
    // Selects a grid and flies the camera to it.
    void focus_grid(std::size_t index, double now);
};

// Arranges the panel regions for a window of `width` x `height` and gives the camera the map's rectangle
// (its viewport, the part of the window the panels leave free). Every frame, before the panels.
void LayOutMap(App& app, int width, int height);
// Fits the whole jurisdiction into the visible map.
void FitToJurisdiction(Camera& camera, const World& world);

// A mouse drag on the map, from press to release.
struct MapDrag {
    bool pressed = false;
    bool dragged = false;
    Vec2 start, last;
};
// The map's mouse (pan, zoom at the cursor, click to select a grid or case, double-click to fly) and, with
// `keyboard`, its keys (pan, zoom, fit, Escape, Enter); only when ImGui does not want them. Shared by the seats.
void HandleMapInput(App& app, MapDrag& drag, double now, bool keyboard = true);

int RunWorkstation(std::future<SeatSession> workspace, const WorkstationOptions& options);

}  // namespace gridlink
