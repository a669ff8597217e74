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

#include "layers/choropleth_layer.h"
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

// The land under the wall's map: a night map, so the grids' colours and the markers stand out.
constexpr Rgba kWallLand{28, 34, 46, 255};

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
        : options_(options), core_({options.max_frames, options.exit_after, options.screenshot}) {}
    std::optional<int> start(std::future<SeatSession> workspace);
    bool frame();
    int shutdown();

  private:
    bool start_session();
    void take_changes(const SessionChanges& changes);
    void handle_keys();
    void report_figures() const;
    void load_fonts();
    void rebuild_fonts();

    const WallOptions& options_;
    SeatCore core_;
    std::unique_ptr<Wall> wall_;
    FigureSchedule schedule_;
    GLFWwindow* window_ = nullptr;
    std::int64_t frames_ = 0;
    Clock::time_point fonts_built_ = Clock::now();
    Clock::time_point next_tick_ = Clock::now();
};

std::optional<int> WallSeat::start(std::future<SeatSession> workspace) {
    const char* title = "gridlink 指挥大屏 wall";
    if (options_.width > 0) {
        core_.context = GlContext::CreateWindow(title, options_.width, options_.height, false);
    } else {
        auto area = MonitorArea(options_.monitor, options_.span);
        if (!area) {
            workspace.get();
            std::fprintf(stderr, "gridlink: wall: %s\n", area.error().c_str());
            return 2;
        }
        core_.context = GlContext::CreateBorderless(title, area.value());
    }
    if (!core_.context) return WithoutWindow(workspace, core_.context.error());
    window_ = core_.context.value()->window();
    // Timing runs measure the frame, not the display's refresh.
    if (core_.harness.timing()) glfwSwapInterval(0);
    glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    StartImGui(window_);
    core_.imgui = true;
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();

    std::optional<SeatSession> loaded = TakeSession(workspace);
    if (!loaded) return 2;
    core_.loaded = std::move(*loaded);
    LiveSession& session = *core_.loaded.session;
    wall_ = std::make_unique<Wall>(session);
    Wall& wall = *wall_;
    wall.workspace_label = session.label();
    wall.at_ms = options_.at_ms;
    core_.indexing.start(wall.world, [] { glfwPostEmptyEvent(); });

    glfwGetFramebufferSize(window_, &core_.fb_w, &core_.fb_h);
    wall.layout = LayoutWall(std::max(core_.fb_w, 1), std::max(core_.fb_h, 1));
    const float scale = wall.layout.scale;
    style.WindowRounding = 10 * scale;
    style.WindowBorderSize = 2 * scale;
    style.WindowPadding = ImVec2(0, 0);

    load_fonts();
    if (!wall.fonts.cjk) std::fprintf(stderr, "gridlink: warning: %s\n", wall.fonts.description.c_str());

    wall.view.camera.width = std::max(core_.fb_w, 1);
    wall.view.camera.height = std::max(core_.fb_h, 1);
    if (Status s = wall.view.load(wall.world); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return 1;
    }
    // Timed and pictured runs show complete frames; a live wall draws what is ready and fills in.
    if (auto* grids = wall.view.layer_as<GridsLayer>("grids")) grids->wait_for_builds = core_.harness.timing();
    if (auto* choropleth = wall.view.layer_as<ChoroplethLayer>("choropleth")) {
        choropleth->wait_for_builds = core_.harness.timing();
    }
    // A night map under the dark panels; markers and map text sized for the room like the panels' text.
    wall.view.land = kWallLand;
    wall.view.pixel_scale = wall.layout.scale;
    core_.painter = std::make_unique<ImGuiTextPainter>(wall.fonts.label);

    const double now = options_.at_ms > 0 ? 0.0 : glfwGetTime();
    wall.seconds = now;
    wall.tour = WallTour(WallTour::StreetsOf(wall.world), options_.tour, now);
    if (auto stop = wall.tour.update(now)) FlyTo(wall, *stop, now, true);

    const Status writable = session.writable();
    core_.live = static_cast<bool>(writable);
    if (!core_.live && (!options_.listen.empty() || options_.simulate > 0)) {
        std::fprintf(stderr, "gridlink: %s\n", writable.error().c_str());
        return 2;
    }
    if (core_.live && wall.world.grid_index && !start_session()) return 2;
    return std::nullopt;
}

// Panel text and map labels, then the big numbers and headings in bold: every glyph the wall writes (the
// World's names and cases' texts, the panels' and keys' words).
void WallSeat::load_fonts() {
    Wall& wall = *wall_;
    ImGuiIO& io = ImGui::GetIO();
    const float scale = wall.layout.scale;
    std::vector<std::string> texts = MapTexts(wall.world);
    texts.push_back(WallTexts());
    for (const Incident& c : wall.world.incidents.cases) {
        if (!c.text.empty()) texts.push_back(c.text);
    }
    wall.fonts = LoadFonts(texts, 26 * scale, 20);
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
    fonts_built_ = Clock::now();
}

// New characters in cases' texts (the banner writes them): the atlas rebuilt, at most every 5 s.
void WallSeat::rebuild_fonts() {
    ImGui::GetIO().Fonts->Clear();
    load_fonts();
    ImGui::GetIO().Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    core_.painter = std::make_unique<ImGuiTextPainter>(wall_->fonts.label);
    wall_->fonts_stale = false;
}

// The wall follows the log's tail through the session's one writer (it sends no commands of its own).
bool WallSeat::start_session() {
    if (!core_.start_session(options_.listen, options_.simulate, "wall")) return false;
    wall_->feed_status = core_.loaded.session->status_label();
    return true;
}

void WallSeat::take_changes(const SessionChanges& changes) {
    Wall& wall = *wall_;
    if (changes.empty()) return;
    wall.events_taken += static_cast<std::int64_t>(changes.events.size());
    wall.clock_seen = Clock::now();
    // The newest urgent case interrupts the tour (cases are numbered in order of arrival).
    for (std::size_t index : changes.reported) {
        wall.tour.offer(wall.world, index, wall.seconds);
        const Incident& c = wall.world.incidents.cases[index];
        if (!wall.fonts_stale && wall.fonts.cjk) wall.fonts_stale = !MissingGlyphs(wall.fonts.ui, c.text).empty();
    }
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
        // The choropleth on (open cases), then through its measures (overdue, 结案率, 按期结案率), then off.
        if (auto* choropleth = wall.view.layer_as<ChoroplethLayer>("choropleth")) {
            const int next = choropleth->visible ? static_cast<int>(choropleth->measure()) + 1 : 0;
            choropleth->visible = next < kChoroplethMeasureCount;
            if (choropleth->visible) choropleth->set_measure(static_cast<ChoroplethMeasure>(next));
        }
    }
}

bool WallSeat::frame() {
    Wall& wall = *wall_;
    LiveSession& session = *core_.loaded.session;
    if (glfwWindowShouldClose(window_)) return false;
    if (core_.indexing.take(wall.world) && core_.live && !start_session()) return false;
    const bool closing = core_.harness.closing();
    glfwPollEvents();
    const auto frame_start = Clock::now();
    // The tour and the animations run on the clock, or with --at on the frame count (the same pictures every run).
    wall.seconds = options_.at_ms > 0 ? static_cast<double>(frames_) / options_.fps : glfwGetTime();
    take_changes(session.poll());
    glfwGetFramebufferSize(window_, &core_.fb_w, &core_.fb_h);
    if (core_.fb_w != wall.view.camera.width || core_.fb_h != wall.view.camera.height) {
        wall.view.camera.width = std::max(core_.fb_w, 1);
        wall.view.camera.height = std::max(core_.fb_h, 1);
        wall.layout = LayoutWall(wall.view.camera.width, wall.view.camera.height);
        wall.view.pixel_scale = wall.layout.scale;
    }
    if (wall.fonts_stale && std::chrono::duration<double>(Clock::now() - fonts_built_).count() > 5) rebuild_fonts();
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
    ShowWallLegends(wall);

    wall.view.now_ms = wall.now_ms();
    wall.view.draw(wall.seconds, core_.painter.get());
    DrawWallBackdrop(wall);
    PresentFrame(window_, core_.harness, core_.fb_w, core_.fb_h, core_.last_picture);
    ++frames_;
    if (frames_ == 1) {
        glFinish();
        std::printf("first frame after %.3f s (%zu grids, %zu cases, %s)\n",
                    std::chrono::duration<double>(Clock::now() - options_.started).count(), wall.world.grids.size(),
                    wall.world.incidents.cases.size(), core_.context.value()->description().c_str());
        std::fflush(stdout);
    }
    if (closing || core_.harness.timing()) return FrameDone(core_.harness, closing, frame_start, core_.last_picture);
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
        std::snprintf(what, sizeof what, "wall frames at %dx%d", core_.fb_w, core_.fb_h);
        core_.harness.report(what);
        if (core_.harness.timing() || options_.exit_after > 0) report_figures();
    }
    core_.close([this] { wall_.reset(); });
    return 0;
}

}  // namespace

int RunWall(std::future<SeatSession> workspace, const WallOptions& options) {
    WallSeat seat(options);
    return RunSeat(seat, std::move(workspace));
}

}  // namespace gridlink
