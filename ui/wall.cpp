// The wall seat's frame loop, in Dear ImGui's order: poll the window and the session, new frame, keys, tour,
// panels, map draw, ImGui render, swap, then wait for the next tick of its steady rate. Unlike the workstation
// it never idles: it is a display, and its markers pulse in their shaders.
#include "wall.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "layers/grids_layer.h"
#include "ui/commands.h"
#include "ui/frame_harness.h"
#include "ui/gl_context.h"
#include "ui/imgui_text.h"
#include "ui/seat.h"
#include "ui/wall_panels.h"

namespace gridlink {

// [SECTION] layout and clock

WallLayout LayoutWall(int width, int height) {
    WallLayout l;
    l.width = static_cast<float>(width);
    l.height = static_cast<float>(height);
    l.scale = std::max(0.5f, l.height / 1080.0f);
    l.header = 84 * l.scale;
    l.gap = 14 * l.scale;
    l.column = std::clamp(0.25f * l.width, 540 * l.scale, 900 * l.scale);
    l.column = std::min(l.column, 0.34f * l.width);  // a small window still leaves the map a third
    return l;
}

std::int64_t Wall::now_ms() const {
    using namespace std::chrono;
    if (at_ms > 0) return at_ms;
    const std::int64_t log =
        world.incidents.clock_ms + duration_cast<milliseconds>(steady_clock::now() - clock_seen).count();
    return std::max(WallClockMs(), log);
}

namespace {

using Clock = std::chrono::steady_clock;

// How close the map comes to an urgent case (at scale 1; a taller wall shows the same ground sharper).
constexpr double kCaseMetersPerPixel = 2.5;

// [SECTION] where the camera goes

// The camera that shows `box` in the map area between the columns, above the tour's caption.
Camera Framing(const Wall& wall, Box box, double margin_share) {
    const WallLayout& l = wall.layout;
    const double margin = margin_share * std::max(box.width(), box.height());
    box.extend(Vec2{box.min_x - margin, box.min_y - margin});
    box.extend(Vec2{box.max_x + margin, box.max_y + margin});
    Camera target = wall.view.camera;
    target.fit_inset(box, l.map_left(), l.map_top(), l.width - l.map_right(), l.height - l.map_bottom() + 80 * l.scale);
    return target;
}

void FlyTo(Wall& wall, const WallTour::Stop& stop, double now, bool at_once) {
    Camera& camera = wall.view.camera;
    Camera target = camera;
    switch (stop.showing) {
        case WallTour::Showing::kOverview: target = Framing(wall, wall.world.bounds(), 0); break;
        case WallTour::Showing::kStreet:
            if (stop.index >= wall.world.grids.size()) return;
            target = Framing(wall, wall.world.grids[stop.index].bounds, 0.08);
            break;
        case WallTour::Showing::kCase: {
            if (stop.index >= wall.world.incidents.cases.size()) return;
            // The case at the middle of the map area.
            const WallLayout& l = wall.layout;
            const Vec2 position = wall.world.incidents.cases[stop.index].position;
            target.meters_per_pixel = kCaseMetersPerPixel / l.scale;
            target.center = position;
            const Vec2 landing{(l.map_left() + l.map_right()) / 2.0, (l.map_top() + l.map_bottom()) / 2.0};
            const Vec2 at_landing = target.to_world(landing);
            target.center = Vec2{2 * position.x - at_landing.x, 2 * position.y - at_landing.y};
            break;
        }
    }
    if (at_once) {
        camera.stop();
        camera.center = target.center;
        camera.meters_per_pixel = target.meters_per_pixel;
    } else {
        camera.fly_to(target.center, target.meters_per_pixel, now,
                      stop.showing == WallTour::Showing::kCase ? 1.6 : 2.4);
    }
}

// [SECTION] the seat

class WallSeat {
  public:
    explicit WallSeat(const WallOptions& options)
        : options_(options), harness_({options.max_frames, options.exit_after, options.screenshot}, Clock::now()) {}
    std::optional<int> start(std::future<SeatSession> workspace);
    bool frame();
    int shutdown();

  private:
    bool start_session();
    void take_changes(const SessionChanges& changes);
    void handle_keys();
    void report_figures() const;

    const WallOptions& options_;
    FrameHarness harness_;
    Result<std::unique_ptr<GlContext>> context_ = Error{"no window"};
    bool imgui_ = false;
    SeatSession loaded_;
    std::unique_ptr<Wall> wall_;
    bool live_ = false;
    BackgroundGridIndex indexing_;
    std::unique_ptr<ImGuiTextPainter> painter_;
    FigureSchedule schedule_;
    GLFWwindow* window_ = nullptr;
    int fb_w_ = 0, fb_h_ = 0;
    std::int64_t frames_ = 0;
    int fill_level_choice_ = 0;
    Picture last_picture_;
    Clock::time_point next_tick_ = Clock::now();
};

std::optional<int> WallSeat::start(std::future<SeatSession> workspace) {
    const char* title = "gridlink 指挥大屏 wall";
    if (options_.width > 0) {
        context_ = GlContext::CreateWindow(title, options_.width, options_.height, false);
    } else {
        auto area = MonitorArea(options_.monitor, options_.span);
        if (!area) {
            workspace.get();
            std::fprintf(stderr, "gridlink: wall: %s\n", area.error().c_str());
            return 2;
        }
        context_ = GlContext::CreateBorderless(title, area.value());
    }
    if (!context_) {
        SeatSession loaded = workspace.get();
        if (!loaded.session) {
            std::fprintf(stderr, "gridlink: %s\n", loaded.error.c_str());
            return 2;
        }
        return RenderOverviewInstead(loaded.session->world(), loaded.session->label(),
                                     "cannot open a window: " + context_.error());
    }
    window_ = context_.value()->window();
    // Timing runs measure the frame, not the display's refresh.
    if (harness_.timing()) glfwSwapInterval(0);
    glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    imgui_ = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    loaded_ = workspace.get();
    if (!loaded_.session) {
        std::fprintf(stderr, "gridlink: %s\n", loaded_.error.c_str());
        return 2;
    }
    LiveSession& session = *loaded_.session;
    wall_ = std::make_unique<Wall>(session);
    Wall& wall = *wall_;
    wall.workspace_label = session.label();
    wall.at_ms = options_.at_ms;
    indexing_.start(wall.world, [] { glfwPostEmptyEvent(); });

    glfwGetFramebufferSize(window_, &fb_w_, &fb_h_);
    wall.layout = LayoutWall(std::max(fb_w_, 1), std::max(fb_h_, 1));
    const float scale = wall.layout.scale;
    style.WindowRounding = 10 * scale;
    style.WindowBorderSize = 2 * scale;
    style.WindowPadding = ImVec2(0, 0);

    // Panel text and map labels, then the big numbers and headings in bold: every glyph the wall writes.
    std::vector<std::string> texts = MapTexts(wall.world);
    texts.push_back(WallTexts());
    wall.fonts = LoadFonts(texts, 26 * scale, 20);
    if (!wall.fonts.cjk) std::fprintf(stderr, "gridlink: warning: %s\n", wall.fonts.description.c_str());
    wall.figure_font = wall.fonts.ui;
    const FontFile bold = FindCjkFont(true);
    const FontFile& figure_file = bold.path.empty() ? FindCjkFont(false) : bold;
    if (wall.fonts.cjk && !figure_file.path.empty()) {
        static ImVector<ImWchar> figure_ranges;  // must outlive the atlas build
        figure_ranges.clear();
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
        for (const std::string& t : texts) builder.AddText(t.c_str());
        builder.BuildRanges(&figure_ranges);
        ImFontConfig config;
        config.OversampleH = 1;
        config.OversampleV = 1;
        config.FontNo = figure_file.index;
        if (ImFont* font =
                io.Fonts->AddFontFromFileTTF(figure_file.path.c_str(), 52 * scale, &config, figure_ranges.Data)) {
            wall.figure_font = font;
        }
    }
    io.FontDefault = wall.fonts.ui;

    wall.view.camera.width = std::max(fb_w_, 1);
    wall.view.camera.height = std::max(fb_h_, 1);
    if (Status s = wall.view.load(wall.world); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return 1;
    }
    // Timed and pictured runs show complete frames; a live wall draws what is ready and fills in.
    if (auto* grids = wall.view.layer_as<GridsLayer>("grids")) grids->wait_for_builds = harness_.timing();
    painter_ = std::make_unique<ImGuiTextPainter>(wall.fonts.label);

    const double now = options_.at_ms > 0 ? 0.0 : glfwGetTime();
    wall.seconds = now;
    wall.tour = WallTour(WallTour::StreetsOf(wall.world), options_.tour, now);
    if (auto stop = wall.tour.update(now)) FlyTo(wall, *stop, now, true);

    const Status writable = session.writable();
    live_ = static_cast<bool>(writable);
    if (!live_ && (!options_.listen.empty() || options_.simulate > 0)) {
        std::fprintf(stderr, "gridlink: %s\n", writable.error().c_str());
        return 2;
    }
    if (live_ && wall.world.grid_index && !start_session()) return 2;
    return std::nullopt;
}

// The wall follows the log's tail through the session's one writer (it sends no commands of its own).
bool WallSeat::start_session() {
    LiveSession& session = *loaded_.session;
    SessionOptions session_options;
    session_options.listen = options_.listen;
    session_options.simulate = options_.simulate;
    session_options.origin = "wall";
    if (Status s = session.start(session_options, [] { glfwPostEmptyEvent(); }); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return false;
    }
    wall_->feed_status = session.status_label();
    if (!options_.listen.empty()) std::fprintf(stderr, "gridlink: listening on %s\n", session.address().c_str());
    return true;
}

void WallSeat::take_changes(const SessionChanges& changes) {
    Wall& wall = *wall_;
    if (changes.empty()) return;
    wall.events_taken += static_cast<std::int64_t>(changes.events.size());
    wall.clock_seen = Clock::now();
    // The newest urgent case interrupts the tour (cases are numbered in order of arrival).
    for (std::size_t index : changes.reported) wall.tour.offer(wall.world, index, wall.seconds);
    wall.view.notify(kChangeIncidents | (changes.resources ? kChangeResources : 0u));
}

// The operator's keys: space pauses the tour, N the next street, M the map's measure, F the whole district.
void WallSeat::handle_keys() {
    Wall& wall = *wall_;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };  // ImGui 1.86: GLFW key codes
    if (pressed(GLFW_KEY_ESCAPE)) glfwSetWindowShouldClose(window_, GLFW_TRUE);
    if (pressed(GLFW_KEY_SPACE)) wall.tour.toggle_pause(wall.seconds);
    if (pressed(GLFW_KEY_N)) wall.tour.next(wall.seconds);
    if (pressed(GLFW_KEY_F)) wall.tour.overview(wall.seconds);
    if (pressed(GLFW_KEY_M)) {
        // The grids' fill: by zoom, then streets, communities, grids filled whatever the zoom.
        constexpr int kChoices[] = {0, 2, 3, 4};
        fill_level_choice_ = (fill_level_choice_ + 1) % 4;
        if (auto* grids = wall.view.layer_as<GridsLayer>("grids")) {
            GridStyle style = grids->style();
            style.force_level = kChoices[fill_level_choice_];
            grids->set_style(style);
        }
    }
}

bool WallSeat::frame() {
    Wall& wall = *wall_;
    LiveSession& session = *loaded_.session;
    if (glfwWindowShouldClose(window_)) return false;
    if (indexing_.take(wall.world) && live_ && !start_session()) return false;
    const bool closing = harness_.closing();
    glfwPollEvents();
    const auto frame_start = Clock::now();
    // The tour and the animations run on the clock, or with --at on the frame count (the same pictures every run).
    wall.seconds = options_.at_ms > 0 ? static_cast<double>(frames_) / options_.fps : glfwGetTime();
    take_changes(session.poll());
    glfwGetFramebufferSize(window_, &fb_w_, &fb_h_);
    if (fb_w_ != wall.view.camera.width || fb_h_ != wall.view.camera.height) {
        wall.view.camera.width = std::max(fb_w_, 1);
        wall.view.camera.height = std::max(fb_h_, 1);
        wall.layout = LayoutWall(wall.view.camera.width, wall.view.camera.height);
    }
    if (schedule_.due(wall.world.incidents.revision, wall.seconds)) {
        wall.figures = ComputeWallFigures(wall.world, wall.now_ms());
        schedule_.computed(wall.world.incidents.revision, wall.seconds);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_keys();
    if (auto stop = wall.tour.update(wall.seconds)) FlyTo(wall, *stop, wall.seconds, false);
    wall.view.camera.animate(wall.seconds);

    ShowWallHeader(wall);
    ShowWallFigures(wall);
    ShowWallTopGrids(wall);
    ShowWallHourly(wall);
    ShowWallCategories(wall);
    ShowWallResponders(wall);
    ShowWallTourCaption(wall);

    wall.view.now_ms = wall.now_ms();
    wall.view.draw(wall.seconds, painter_.get());
    DrawWallBackdrop(wall);
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (harness_.keep_this_frame()) last_picture_ = ReadBackbuffer(fb_w_, fb_h_);
    glfwSwapBuffers(window_);
    ++frames_;
    if (frames_ == 1) {
        glFinish();
        std::printf("first frame after %.3f s (%zu grids, %zu cases, %s)\n",
                    std::chrono::duration<double>(Clock::now() - options_.started).count(), wall.world.grids.size(),
                    wall.world.incidents.cases.size(), context_.value()->description().c_str());
        std::fflush(stdout);
    }
    if (closing) {
        harness_.write_screenshot(last_picture_);
        return false;
    }
    if (harness_.timing()) {
        glFinish();
        if (!harness_.frame_done(std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count())) {
            harness_.write_screenshot(last_picture_);
            return false;
        }
        return true;
    }
    // The steady rate: the next tick, or at once when this frame ran late.
    next_tick_ += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.fps));
    const auto now = Clock::now();
    if (next_tick_ < now) {
        next_tick_ = now;
    } else {
        std::this_thread::sleep_until(next_tick_);
    }
    return true;
}

// What the panels showed last, as a line (the CLI tests compare it with `gridlink cases`).
void WallSeat::report_figures() const {
    const WallFigures& f = wall_->figures;
    auto line = [](const char* what, const Figures& g) {
        std::printf("%s: reported %lld, open %lld, overdue %lld, closure rate %s, on-time rate %s\n", what,
                    static_cast<long long>(g.reported), static_cast<long long>(g.open),
                    static_cast<long long>(g.overdue_open), FormatRate(g.closure_rate()).c_str(),
                    FormatRate(g.on_time_rate()).c_str());
    };
    std::printf("wall figures at %s\n", FormatIsoTime(f.now_ms).c_str());
    line("today", f.today_figures);
    line("this month", f.month_figures);
    std::printf("responders: available %lld, busy %lld, off duty %lld\n", static_cast<long long>(f.responders[0]),
                static_cast<long long>(f.responders[1]), static_cast<long long>(f.responders[2]));
}

int WallSeat::shutdown() {
    if (wall_) {
        char what[64];
        std::snprintf(what, sizeof what, "wall frames at %dx%d", fb_w_, fb_h_);
        harness_.report(what);
        if (harness_.timing() || options_.exit_after > 0) report_figures();
    }
    indexing_.join();  // it reads the session's grids
    painter_.reset();
    wall_.reset();            // layers' GL objects go while the context is current
    loaded_.session.reset();  // the simulator, then the writer
    if (imgui_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    return 0;
}

}  // namespace

int RunWall(std::future<SeatSession> workspace, const WallOptions& options) {
    WallSeat seat(options);
    if (const std::optional<int> done = seat.start(std::move(workspace))) {
        seat.shutdown();
        return *done;
    }
    while (seat.frame()) {
    }
    return seat.shutdown();
}

}  // namespace gridlink
