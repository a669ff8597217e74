// The workstation frame loop, in Dear ImGui's order: poll (or wait), new frame, panels, map input,
// map draw, ImGui render, swap. With nothing changing it blocks in glfwWaitEvents and draws nothing.
#include "workstation.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "data/workspace.h"
#include "engine/statistics.h"
#include "layers/choropleth_layer.h"
#include "layers/grids_layer.h"
#include "ui/commands.h"
#include "ui/frame_harness.h"
#include "ui/gl_context.h"
#include "ui/imgui_text.h"
#include "ui/marker_legend.h"
#include "ui/offscreen.h"
#include "ui/overlays.h"
#include "ui/panels.h"
#include "ui/seat.h"

namespace gridlink {

void FitToJurisdiction(Camera& camera, const World& world) { camera.fit(world.bounds(), 20); }

void LayOutMap(App& app, int width, int height) {
    const ImGuiIO& io = ImGui::GetIO();
    const ImFont* font = io.FontDefault ? io.FontDefault : (io.Fonts->Fonts.empty() ? nullptr : io.Fonts->Fonts[0]);
    const float title = (font ? font->FontSize : 13.0f) + 2 * ImGui::GetStyle().FramePadding.y;
    app.regions.arrange(static_cast<float>(width), static_cast<float>(height), title + kStatusBarPadding, title);
    if (app.regions.place_camera(app.view.camera)) app.request_redraw();
    app.view.target_height = height;
}

std::int64_t App::now_ms() const {
    using namespace std::chrono;
    if (at_ms > 0) return at_ms;
    const std::int64_t log =
        world.incidents.clock_ms + duration_cast<milliseconds>(steady_clock::now() - clock_seen).count();
    return std::max(WallClockMs(), log);
}

void App::focus_grid(std::size_t index, double now) {
    const Grid& g = world.grids[index];
    view.set_selected(static_cast<std::int64_t>(index));
    // Land with the grid framed in the visible map (the camera's viewport, between the panels).
    Box framed = g.bounds;
    const double margin = 0.25 * std::max(framed.width(), framed.height());
    framed.extend(Vec2{framed.min_x - margin, framed.min_y - margin});
    framed.extend(Vec2{framed.max_x + margin, framed.max_y + margin});
    Camera target = view.camera;
    target.fit(framed, 20);
    view.camera.fly_to(target.center, target.meters_per_pixel, now);
    request_redraw();
}

// [SECTION] map input

void HandleMapInput(App& app, MapDrag& drag, double now, bool keyboard) {
    ImGuiIO& io = ImGui::GetIO();
    Camera& cam = app.view.camera;
    const Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const bool mouse_valid = ImGui::IsMousePosValid();
    app.cursor_on_map = mouse_valid && !io.WantCaptureMouse &&
                        app.regions.map.contains(static_cast<float>(mouse.x), static_cast<float>(mouse.y));
    if (mouse_valid) app.cursor_screen = mouse;

    if (app.cursor_on_map) {
        if (io.MouseWheel != 0 && mouse_valid) {
            cam.stop();
            cam.zoom_at(mouse, std::pow(1.25, io.MouseWheel));
            app.request_redraw();
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) drag = {true, false, mouse, mouse};
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            if (auto pick = app.view.pick(mouse); pick && pick->layer == "grids") {
                app.focus_grid(static_cast<std::size_t>(pick->index), now);
            } else if (pick && pick->layer == "incidents") {
                FocusIncident(app, static_cast<std::size_t>(pick->index), now);
            }
        }
    }
    if (drag.pressed && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        const Vec2 d = mouse - drag.last;
        if (std::abs(mouse.x - drag.start.x) + std::abs(mouse.y - drag.start.y) > 3) drag.dragged = true;
        if (drag.dragged && (d.x != 0 || d.y != 0)) {
            cam.stop();
            cam.pan_pixels(d.x, d.y);
            app.request_redraw();
        }
        drag.last = mouse;
    }
    if (drag.pressed && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (!drag.dragged) {
            // A click on a case selects it for the detail panel; elsewhere it selects the grid there.
            auto pick = app.view.pick(mouse);
            if (pick && pick->layer == "incidents") {
                app.incidents.selected = pick->index;
            } else {
                app.view.set_selected(pick && pick->layer == "grids" ? pick->index : -1);
            }
            app.request_redraw();
        }
        drag.pressed = false;
    }

    // Hover: the grid under the cursor.
    if (app.cursor_on_map && !drag.dragged) {
        auto pick = app.view.pick(mouse);
        const std::int64_t grid = pick && pick->layer == "grids" ? pick->index : -1;
        if (grid != app.view.selection.hovered_grid) app.request_redraw();
        app.view.set_hovered(grid);
        app.hovered = pick;
    } else if (!app.cursor_on_map && app.view.selection.hovered_grid >= 0) {
        app.view.set_hovered(-1);
        app.hovered.reset();
        app.request_redraw();
    }

    if (keyboard && !io.WantCaptureKeyboard) {
        const double step = 120;
        // ImGui 1.86 indexes keys by the GLFW key codes its GLFW backend reports.
        auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
        const Vec2 centre = cam.offset + Vec2{cam.width / 2.0, cam.height / 2.0};
        bool moved = true;
        if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_A)) {
            cam.pan_pixels(step, 0);
        } else if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_D)) {
            cam.pan_pixels(-step, 0);
        } else if (pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_W)) {
            cam.pan_pixels(0, step);
        } else if (pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_S)) {
            cam.pan_pixels(0, -step);
        } else if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD) || pressed(GLFW_KEY_PAGE_UP)) {
            cam.zoom_at(centre, 1.5);
        } else if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT) || pressed(GLFW_KEY_PAGE_DOWN)) {
            cam.zoom_at(centre, 1 / 1.5);
        } else if (pressed(GLFW_KEY_HOME) || pressed(GLFW_KEY_F)) {
            Camera target = cam;
            FitToJurisdiction(target, app.world);
            cam.fly_to(target.center, target.meters_per_pixel, now);
        } else if (pressed(GLFW_KEY_C)) {
            // C: the choropleth on, then through its measures, then off.
            if (auto* choropleth = app.view.layer_as<ChoroplethLayer>("choropleth")) {
                const int next = choropleth->visible ? static_cast<int>(choropleth->measure()) + 1 : 0;
                choropleth->visible = next < kChoroplethMeasureCount;
                if (choropleth->visible) choropleth->set_measure(static_cast<ChoroplethMeasure>(next));
            }
        } else if (pressed(GLFW_KEY_H)) {
            if (Layer* heat = app.view.layer("heat")) heat->visible = !heat->visible;  // H: report heat
        } else if (pressed(GLFW_KEY_ESCAPE)) {
            app.view.set_selected(-1);
        } else if (pressed(GLFW_KEY_ENTER) && app.view.selection.selected_grid >= 0 && app.incidents.selected < 0) {
            // (with a case selected, Enter dispatches: HandleDispatchKeys)
            app.focus_grid(static_cast<std::size_t>(app.view.selection.selected_grid), now);
        } else {
            moved = false;
        }
        if (moved) app.request_redraw();
    }
}

// [SECTION] the live session

namespace {

// Takes what the session applied into the seat: new cases flagged for the queue, characters the font
// atlas lacks, layers told what changed. Returns when each line had arrived (report-to-screen latency).
std::vector<std::chrono::steady_clock::time_point> TakeChanges(App& app, const SessionChanges& changes) {
    std::vector<std::chrono::steady_clock::time_point> arrived;
    if (changes.empty()) return arrived;
    for (std::size_t index : changes.reported) {
        const Incident& c = app.world.incidents.cases[index];
        if (!app.fonts_stale && app.fonts.cjk) app.fonts_stale = !MissingGlyphs(app.fonts.ui, c.text).empty();
        NoteArrival(app.incidents, app.world, index, glfwGetTime());
    }
    for (const DurableEvent& d : changes.events) arrived.push_back(d.received);
    app.feed_events += static_cast<std::int64_t>(changes.events.size());
    app.clock_seen = std::chrono::steady_clock::now();
    app.view.notify(kChangeIncidents | (changes.resources ? kChangeResources : 0u));
    app.request_redraw();
    return arrived;
}

}  // namespace

// [SECTION] the seat: start, frame, shutdown

namespace {

using Clock = std::chrono::steady_clock;

double SecondsBetween(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// The dispatcher workstation over one live session: start() opens the window, ImGui, the session and the
// layers; frame() is one pass of Dear ImGui's loop; shutdown() stops the session and tears ImGui down.
class WorkstationSeat {
  public:
    explicit WorkstationSeat(const WorkstationOptions& options)
        : options_(options), core_({options.max_frames, options.exit_after, options.screenshot}) {}
    // Empty: started; otherwise the exit status to return (a failure, or the picture drawn instead of a
    // window that cannot open).
    std::optional<int> start(std::future<SeatSession> workspace);
    // One frame; false when the seat closes.
    bool frame();
    int shutdown();

  private:
    bool start_session();
    void rebuild_fonts();
    void report_first_frame();

    const WorkstationOptions& options_;
    SeatCore core_;
    std::unique_ptr<App> app_;
    MapDrag drag_;
    bool first_ = true;
    std::vector<Clock::time_point> shown_next_;  // arrivals applied, awaiting their frame
    std::vector<double> report_to_screen_ms_;
    Clock::time_point window_start_ = Clock::now(), window_ready_, read_, fonts_loaded_, layers_built_, fonts_built_;
};

std::optional<int> WorkstationSeat::start(std::future<SeatSession> workspace) {
    core_.context = GlContext::CreateWindow("gridlink 网格化联动指挥调度", options_.width, options_.height,
                                            options_.max_frames == 0);
    if (!core_.context) return WithoutWindow(workspace, core_.context.error());
    StartImGui(core_.context.value()->window());
    core_.imgui = true;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsLight();
    ImGui::GetStyle().WindowRounding = 6;
    window_ready_ = Clock::now();

    std::optional<SeatSession> loaded = TakeSession(workspace);
    read_ = Clock::now();
    if (!loaded) return 2;
    core_.loaded = std::move(*loaded);
    LiveSession& session = *core_.loaded.session;
    app_ = std::make_unique<App>(session);
    App& app = *app_;
    app.workspace_label = session.label();
    core_.indexing.start(app.world, [] { glfwPostEmptyEvent(); });
    app.window = core_.context.value()->window();
    if (auto t = Transform::Create(app.world.crs, Crs::LonLat())) app.to_lonlat.emplace(std::move(t.value()));
    app.fonts = LoadFonts(MapTexts(app.world));
    fonts_loaded_ = Clock::now();
    if (!app.fonts.cjk) std::fprintf(stderr, "gridlink: warning: %s\n", app.fonts.description.c_str());

    glfwGetFramebufferSize(app.window, &core_.fb_w, &core_.fb_h);
    LayOutMap(app, std::max(core_.fb_w, 1), std::max(core_.fb_h, 1));
    if (Status s = app.view.load(app.world); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return 1;
    }
    layers_built_ = Clock::now();
    // Timing runs (--frames) measure complete pictures; interactive use never waits for a level.
    app.view.layer_as<GridsLayer>("grids")->wait_for_builds = core_.harness.timing();
    FitToJurisdiction(app.view.camera, app.world);
    if (!options_.select.empty()) {
        // A grid code, or a case id from the log.
        const std::int64_t index = app.world.grids.find(options_.select);
        const auto found = app.world.incidents.by_id.find(options_.select);
        if (index >= 0) {
            app.focus_grid(static_cast<std::size_t>(index), glfwGetTime());
        } else if (found != app.world.incidents.by_id.end()) {
            app.incidents.selected = static_cast<std::int64_t>(found->second);
            FocusIncident(app, found->second, glfwGetTime());
        } else {
            std::fprintf(stderr, "gridlink: --select: no grid with code '%s' and no case with that id\n",
                         options_.select.c_str());
            return 2;
        }
        app.view.camera.animate(glfwGetTime() + 10);  // land at once
    }
    if (options_.level > 0) {
        GridStyle style = app.view.layer_as<GridsLayer>("grids")->style();
        style.force_level = options_.level;
        app.view.layer_as<GridsLayer>("grids")->set_style(style);
    }

    // The session's writer (and the feed, the simulator) starts once the grid index is there to assign
    // reports; until then the seat shows the log as replayed.
    const Status writable = session.writable();
    core_.live = static_cast<bool>(writable);
    if (!core_.live && (!options_.listen.empty() || options_.simulate > 0)) {
        std::fprintf(stderr, "gridlink: %s\n", writable.error().c_str());
        return 2;
    }
    if (core_.live && std::getenv("GRIDLINK_TRACE")) {
        std::fprintf(stderr, "event log: %lld events replayed, %zu cases\n", static_cast<long long>(session.replayed()),
                     app.world.incidents.cases.size());
    }
    if (core_.live && app.world.grid_index && !start_session()) return 2;
    core_.painter = std::make_unique<ImGuiTextPainter>(app.fonts.label);
    fonts_built_ = Clock::now();
    return std::nullopt;
}

bool WorkstationSeat::start_session() {
    if (!core_.start_session(options_.listen, options_.simulate, "workstation:" + options_.operator_name)) return false;
    LiveSession& session = *core_.loaded.session;
    app_->submit = [&session](Event event) { return session.submit(std::move(event)); };
    app_->feed_status = session.status_label();
    return true;
}

// New characters in cases' texts: the atlas rebuilt with every text on screen, at most every 5 s.
void WorkstationSeat::rebuild_fonts() {
    App& app = *app_;
    const auto rebuild_start = Clock::now();
    ImGuiIO& fonts_io = ImGui::GetIO();
    fonts_io.Fonts->Clear();
    app.fonts = LoadFonts(MapTexts(app.world));
    fonts_io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    core_.painter = std::make_unique<ImGuiTextPainter>(app.fonts.label);
    app.fonts_stale = false;
    fonts_built_ = Clock::now();
    app.request_redraw();
    if (std::getenv("GRIDLINK_TRACE")) {
        std::fprintf(stderr, "fonts: atlas rebuilt for new characters in %.3f s\n",
                     SecondsBetween(rebuild_start, fonts_built_));
    }
}

void WorkstationSeat::report_first_frame() {
    glFinish();
    const auto drawn = Clock::now();
    const auto started = options_.started == Clock::time_point{} ? window_start_ : options_.started;
    std::printf(
        "first frame after %.3f s: window %.3f s while reading the workspace, workspace read at "
        "%.3f s, fonts %.3f s, layers %.3f s, draw %.3f s (%zu grids, %s)\n",
        SecondsBetween(started, drawn), SecondsBetween(window_start_, window_ready_), SecondsBetween(started, read_),
        SecondsBetween(read_, fonts_loaded_), SecondsBetween(fonts_loaded_, layers_built_),
        SecondsBetween(layers_built_, drawn), app_->world.grids.size(), core_.context.value()->description().c_str());
    std::fflush(stdout);
}

bool WorkstationSeat::frame() {
    App& app = *app_;
    LiveSession& session = *core_.loaded.session;
    if (glfwWindowShouldClose(app.window)) return false;
    if (core_.indexing.take(app.world)) {
        if (std::getenv("GRIDLINK_TRACE")) {
            std::fprintf(stderr, "grid index: %.3f s (%zu grids, %.1f MiB), built beside the first frames\n",
                         app.world.grid_index->build_seconds(), app.world.grids.size(),
                         static_cast<double>(app.world.grid_index->memory_bytes()) / (1 << 20));
        }
        if (core_.live && !start_session()) return false;
    }
    // --exit-after: one last frame (the one --screenshot keeps), then close.
    const bool closing = core_.harness.closing();
    if (closing) app.request_redraw(1);
    if (app.fonts_stale && SecondsBetween(fonts_built_, Clock::now()) > 5) rebuild_fonts();
    const bool pulsing = app.view.animating();
    // Idle: block until input arrives, unless something is animating or settling.
    if (app.redraw_frames > 0 || app.view.camera.flying()) {
        glfwPollEvents();
    } else if (app.view.busy()) {
        glfwWaitEventsTimeout(0.05);  // a level is still building: look again soon
        app.request_redraw(1);
    } else if (pulsing || core_.harness.awake() || app.fonts_stale || session.waiting()) {
        glfwWaitEventsTimeout(pulsing ? 1.0 / 20 : 0.25);  // pulses are drawn at a calm 20 frames/s
        app.request_redraw(1);
    } else {
        glfwWaitEvents();
        app.request_redraw();
    }
    for (auto arrived : TakeChanges(app, session.poll())) shown_next_.push_back(arrived);
    const auto frame_start = Clock::now();
    const double now = glfwGetTime();
    glfwGetFramebufferSize(app.window, &core_.fb_w, &core_.fb_h);
    LayOutMap(app, std::max(core_.fb_w, 1), std::max(core_.fb_h, 1));
    if (app.view.camera.animate(now)) app.request_redraw();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ShowLayersPanel(app);
    ShowMarkerLegend(app);
    ShowGridTree(app);
    ShowSelectionPanel(app);
    ShowIncidentQueue(app);
    ShowIncidentDetail(app);
    ShowUrgentArrivals(app);
    HandleDispatchKeys(app);
    ShowStatusBar(app);
    HandleMapInput(app, drag_, now);

    app.view.now_ms = app.now_ms();
    app.view.draw(now, core_.painter.get());
    DrawMapFurniture(app);
    PresentFrame(app.window, core_.harness, core_.fb_w, core_.fb_h, core_.last_picture);
    if (!shown_next_.empty()) {
        // Report-to-screen: from the line's arrival to the swap of the first frame that draws it.
        const auto swapped = Clock::now();
        for (auto arrived : shown_next_) {
            report_to_screen_ms_.push_back(std::chrono::duration<double, std::milli>(swapped - arrived).count());
        }
        shown_next_.clear();
    }
    app.redraw_frames = std::max(0, app.redraw_frames - 1);
    app.frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count();
    if (first_) {
        report_first_frame();
        first_ = false;
    }
    if (core_.harness.timing()) app.request_redraw(1);  // timing mode: every frame drawn
    return FrameDone(core_.harness, closing, frame_start, core_.last_picture);
}

int WorkstationSeat::shutdown() {
    if (app_) {
        char what[64], after[64];
        std::snprintf(what, sizeof what, "frames at %dx%d", core_.fb_w, core_.fb_h);
        std::snprintf(after, sizeof after, " (fill level %d)", app_->view.frame(0, nullptr).grid_fill_level);
        core_.harness.report(what, after);
        if (!report_to_screen_ms_.empty()) {
            std::printf("report-to-screen latency: %zu events, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                        report_to_screen_ms_.size(), Percentile(report_to_screen_ms_, 0.5),
                        Percentile(report_to_screen_ms_, 0.99), Percentile(report_to_screen_ms_, 1.0));
        }
        app_->submit = nullptr;
    }
    core_.close([this] { app_.reset(); });
    return 0;
}

}  // namespace

int RunWorkstation(std::future<SeatSession> workspace, const WorkstationOptions& options) {
    WorkstationSeat seat(options);
    return RunSeat(seat, std::move(workspace));
}

}  // namespace gridlink
