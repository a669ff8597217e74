// The gridlink commands that need GL: render (PNG through the offscreen renderer) and the dispatcher
// workstation, their help texts, and the dispatch that hands every headless command to server/commands.h.
#include "commands.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "data/snapshot.h"
#include "data/workspace.h"
#include "engine/quoting.h"
#include "layers/grids_layer.h"
#include "server/args.h"
#include "ui/frame_harness.h"
#include "ui/gl_context.h"
#include "ui/offscreen.h"
#include "ui/review.h"
#include "ui/wall.h"
#include "ui/workstation.h"

namespace gridlink {

// [SECTION] help

static const char* kUsage =
    "gridlink: GIS command and dispatch for grid-based urban governance (网格化联动指挥调度)\n"
    "\n"
    "usage:\n"
    "  gridlink [WORKSPACE]                       dispatcher workstation (default: the demo city)\n"
    "  gridlink --grids FILE[:LAYER] --id-field F [--name-field F] [--level-field F]\n"
    "                                             workstation on any GDAL polygon source\n"
    "      [--size WxH] [--level N] [--select CODE|CASE] [--frames N [--screenshot FILE.png]]\n"
    "      [--listen [HOST:]PORT] [--simulate R] [--exit-after S]\n"
    "                                             window size, level to fill, grid to select and fly to,\n"
    "                                             draw N frames, report timing, save the last one\n"
    "                                             take the live feed (docs/feed.md); a built-in simulated\n"
    "                                             feed of R lines/s (a demo); close after S seconds\n"
    "                                             and report report-to-screen latency\n"
    "  gridlink render WORKSPACE --out FILE.png [--size WxH] [--bbox minlon,minlat,maxlon,maxlat]\n"
    "                                             [--layers LIST] [--level N]\n"
    "  gridlink wall [WORKSPACE] [--monitor N | --span | --size WxH]\n"
    "                                             the command centre's video wall (gridlink wall --help)\n"
    "  gridlink review WORKSPACE [--at TIME] [--from TIME --to TIME]\n"
    "                                             review the recorded log at any instant (gridlink review --help)\n";
// Then the headless commands (kHeadlessUsage, also in gridlink-server), then:
static const char* kUsageEnd = "  gridlink COMMAND --help                    help for one command\n";

static const char* kRenderHelp =
    "gridlink render WORKSPACE --out FILE.png [--size WxH] [--bbox minlon,minlat,maxlon,maxlat] [--layers LIST]\n"
    "                [--level N] [--frames N] [--no-overlays] [--at TIME] [--grids FILE[:LAYER] --id-field F ...]\n"
    "Draws the map through the workstation's renderer into an offscreen framebuffer and writes a PNG.\n"
    "  --size     picture size in pixels (default 1280x800)\n"
    "  --bbox     extent in lon/lat (default: the whole workspace)\n"
    "  --layers   comma-separated layers to draw (default: all; basemap,grids,resources,labels)\n"
    "  --level    fill grids of this level (1-5) whatever the zoom\n"
    "  --frames   also draw N frames offscreen and print their timing\n"
    "  --at       the state at TIME (ISO 8601) rebuilt from the log (data/snapshot.h), not today's\n"
    "  --from T1 --to T2 --step 10m   a numbered sequence of the states at every step of the range, --out\n"
    "             DIR/frame-%04d.png (the number where %04d is, or -NNNN before .png); --video FILE.mp4: also\n"
    "             a video through ffmpeg at 10 frames a second, when ffmpeg is installed\n";

static const char* kWallHelp =
    "gridlink wall [WORKSPACE] [--monitor N | --span | --size WxH] [--frames N] [--screenshot FILE.png]\n"
    "              [--exit-after S] [--listen [HOST:]PORT] [--simulate R] [--at TIME] [--fps F]\n"
    "              [--dwell S] [--hold S]\n"
    "The command centre's video wall over the workspace's live session: today's and this month's figures,\n"
    "the last 24 hours, the category mix, the grids with the most open cases and the responders around a map\n"
    "that tours the streets and flies to each new urgent case. Keys: space pause/resume the tour, N next\n"
    "street, M the grids' fill level, F the whole district, Esc quit.\n"
    "  --monitor     borderless fullscreen on this monitor (default 0, the primary)\n"
    "  --span        borderless over every monitor\n"
    "  --size        a window of this size instead (1920x1080 .. 7680x2160)\n"
    "  --frames      draw N frames back to back, print their timing and the figures shown, close\n"
    "  --screenshot  with --frames or --exit-after: keep the last frame as a PNG\n"
    "  --listen, --simulate   take the live feed, or a simulated one of R lines/s, as the workstation does\n"
    "  --at          hold the wall's clock at TIME (ISO 8601): a recorded day as it stood\n"
    "  --fps         the steady rate it draws at (default 30)\n"
    "  --dwell       seconds on each street (default 12); --hold: seconds on an urgent case (default 15)\n";

// [SECTION] render

// Renders a World to PNG; shared by `render` and the workstation's no-display fallback.
static int RenderWorld(const World& world, const std::string& label, const std::string& out, int width, int height,
                       const std::optional<std::vector<double>>& bbox, const std::vector<std::string>& layers,
                       int level, bool overlays, int timed_frames = 0) {
    auto renderer = OffscreenRenderer::Create();
    if (!renderer) return Fail("render: " + renderer.error());
    MapView& view = renderer.value()->view();
    view.camera.width = width;
    view.camera.height = height;
    if (Status s = renderer.value()->load(world, layers); !s) return Fail("render: " + s.error());
    if (level) {
        if (auto* grids = view.layer_as<GridsLayer>("grids")) {
            GridStyle style = grids->style();
            style.force_level = level;
            grids->set_style(style);
        }
    }
    if (bbox) {
        auto to_world = Transform::Create(Crs::LonLat(), world.crs);
        if (!to_world) return Fail("render: " + to_world.error());
        std::vector<Vec2> corners{
            {(*bbox)[0], (*bbox)[1]}, {(*bbox)[2], (*bbox)[1]}, {(*bbox)[0], (*bbox)[3]}, {(*bbox)[2], (*bbox)[3]}};
        if (!to_world->apply(corners)) return Fail("render: --bbox cannot be transformed to " + world.crs.name());
        Box box;
        for (Vec2 c : corners) box.extend(c);
        view.camera.fit(box, 0);
    } else {
        view.camera.fit(world.bounds());
    }
    const std::string title = std::filesystem::path(label).filename().string();
    if (timed_frames > 0) {
        // Frame timing: the same frame drawn again and again, each waited for (glFinish), none read back.
        FrameHarness harness({timed_frames + 1, 0, ""}, std::chrono::steady_clock::now());
        bool more = true;
        while (more) {
            const auto t = std::chrono::steady_clock::now();
            if (Status s = renderer.value()->draw(4, overlays, title); !s) return Fail("render: " + s.error());
            more = harness.frame_done(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
        }
        char what[96];
        std::snprintf(what, sizeof what, "offscreen frames at %dx%d (4x MSAA, fill level %d)", width, height,
                      view.frame(0, nullptr).grid_fill_level);
        harness.report(what);
    }
    auto picture = renderer.value()->render(4, overlays, title);
    if (!picture) return Fail("render: " + picture.error());
    if (Status s = WritePng(out, picture.value()); !s) return Fail("render: " + s.error());
    std::printf("wrote %s (%dx%d, %zu grids, %s)\n", out.c_str(), width, height, world.grids.size(),
                renderer.value()->context_description().c_str());
    return 0;
}

int CommandRender(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kRenderHelp, stdout), 0;
    std::set<std::string> valued = {"out", "size", "bbox", "layers", "level", "frames",
                                    "at",  "from", "to",   "step",   "video"};
    valued.insert(kGridSourceOptions.begin(), kGridSourceOptions.end());
    auto args = Args::Parse(words, valued, {"no-overlays"});
    if (!args) return Fail("render: " + args.error());
    auto frames = args->integer("frames", 0, 0, 100000);
    if (!frames) return Fail("render: " + frames.error());
    if (!args->has("out")) return Fail("render: --out FILE.png is required");
    if (args->positional().empty() && !args->has("grids")) return Fail("render: name a WORKSPACE (or --grids FILE)");
    auto size = ParseSize(args->get("size", "1280x800"));
    if (!size) return Fail("render: " + size.error());
    std::optional<std::vector<double>> bbox;
    if (args->has("bbox")) {
        auto numbers = ParseNumbers(args->get("bbox"), 4, "--bbox");
        if (!numbers) return Fail("render: " + numbers.error());
        const auto& b = numbers.value();
        if (b[0] >= b[2] || b[1] >= b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
            return Fail("render: --bbox must be minlon,minlat,maxlon,maxlat with min < max, in degrees");
        }
        bbox = b;
    }
    auto level = args->integer("level", 0, 1, kLevelCount);
    if (!level) return Fail("render: " + level.error());
    std::string label;
    if (args->has("from") || args->has("to") || args->has("step")) {
        // A sequence of the range at a step (ui/review.h).
        if (!args->has("from") || !args->has("to") || !args->has("step")) {
            return Fail("render: a sequence needs --from, --to and --step together");
        }
        auto from = ParseTimeOption(args->get("from"));
        auto to = ParseTimeOption(args->get("to"));
        if (!from || !to) return Fail("render: --from/--to: " + (from ? to.error() : from.error()));
        auto step = ParseStep(args->get("step"));
        if (!step) return Fail("render: " + step.error());
        std::string path;
        auto base = OpenWorld(args.value(), &label, &path);
        if (!base) return Fail(base.error());
        if (path.empty()) return Fail("render: a sequence needs a WORKSPACE with its event log");
        return RenderSequence(path, label, std::move(base.value()), from.value(), to.value(), step.value(),
                              args->get("out"), size->first, size->second, args->get("video"),
                              SplitList(args->get("layers")));
    }
    Result<World> world = Error{""};
    if (args->has("at")) {
        auto at = ParseIsoTime(args->get("at"));
        if (!at) return Fail("render: --at: " + at.error());
        std::string path;
        auto base = OpenWorld(args.value(), &label, &path);
        if (!base) return Fail(base.error());
        world = path.empty() ? std::move(base) : StateAt(std::move(base.value()), path, at.value());
    } else {
        world = OpenWorldWithCases(args.value(), &label);
    }
    if (!world) return Fail(world.error());
    return RenderWorld(world.value(), label, args->get("out"), size->first, size->second, bbox,
                       SplitList(args->get("layers")), static_cast<int>(level.value()), !args->has("no-overlays"),
                       static_cast<int>(frames.value()));
}

// [SECTION] workstation

int RenderOverviewInstead(const World& world, const std::string& label, const std::string& reason) {
    // No screen to open a window on: show the map the only way possible, as a picture.
    const std::string out = UserDataDir() + "/overview.png";
    std::printf("gridlink: %s, so no window; rendering %s to a picture instead.\n", reason.c_str(), label.c_str());
    const int status = RenderWorld(world, label, out, 1600, 1000, std::nullopt, {}, 0, true);
    if (status == 0) std::printf("open %s to see it; run gridlink on a desktop for the workstation.\n", out.c_str());
    return status;
}

// The operator a seat's commands are recorded under by default: the login name.
static std::string LoginName() {
    if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

int CommandWorkstation(const std::vector<std::string>& words) {
    const auto started = std::chrono::steady_clock::now();
    std::set<std::string> valued = {"frames", "size",       "level",    "screenshot", "select",
                                    "listen", "exit-after", "simulate", "operator"};
    valued.insert(kGridSourceOptions.begin(), kGridSourceOptions.end());
    auto args = Args::Parse(words, valued, {});
    if (!args) return Fail(args.error());
    auto frames = args->integer("frames", 0, 0, 1'000'000);
    if (!frames) return Fail(frames.error());
    auto level = args->integer("level", 0, 1, kLevelCount);
    if (!level) return Fail(level.error());
    if (!HaveDisplay()) {
        std::string label;
        auto world = OpenWorldWithCases(args.value(), &label);
        if (!world) return Fail(world.error());
        return RenderOverviewInstead(world.value(), label, "no display (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    WorkstationOptions options;
    options.started = started;
    options.max_frames = static_cast<int>(frames.value());
    options.level = static_cast<int>(level.value());
    options.screenshot = args->get("screenshot");
    options.select = args->get("select");
    options.listen = args->get("listen");
    options.operator_name = args->has("operator") ? args->get("operator") : LoginName();
    if (const std::string why = ControlCharacterError("--operator", options.operator_name); !why.empty()) {
        return Fail(why);
    }
    if (args->has("simulate")) {
        auto rate = args->integer("simulate", 0, 1, 10000);
        if (!rate) return Fail(rate.error());
        options.simulate = static_cast<double>(rate.value());
    }
    if (args->has("exit-after")) {
        auto seconds = args->integer("exit-after", 0, 1, 86400);
        if (!seconds) return Fail(seconds.error());
        options.exit_after = static_cast<double>(seconds.value());
    }
    if (!options.screenshot.empty() && options.max_frames == 0 && options.exit_after == 0) {
        return Fail("--screenshot needs --frames N or --exit-after S");
    }
    if (args->has("size")) {
        auto size = ParseSize(args->get("size"));
        if (!size) return Fail(size.error());
        options.width = size->first;
        options.height = size->second;
    }
    // The workspace is read while the window and its GL context start: the two take about as long.
    auto workspace = std::async(std::launch::async, [a = args.value()] {
        std::string label, path;
        auto world = OpenWorld(a, &label, &path);
        return OpenSeatSession(std::move(world), std::move(label), std::move(path));
    });
    return RunWorkstation(std::move(workspace), options);
}

// [SECTION] wall

int CommandWall(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kWallHelp, stdout), 0;
    const auto started = std::chrono::steady_clock::now();
    auto args = Args::Parse(
        words,
        {"monitor", "size", "frames", "screenshot", "exit-after", "listen", "simulate", "at", "fps", "dwell", "hold"},
        {"span"});
    if (!args) return Fail("wall: " + args.error());
    WallOptions options;
    options.started = started;
    auto frames = args->integer("frames", 0, 0, 1'000'000);
    if (!frames) return Fail("wall: " + frames.error());
    options.max_frames = static_cast<int>(frames.value());
    auto monitor = args->integer("monitor", 0, 0, 64);
    if (!monitor) return Fail("wall: " + monitor.error());
    options.monitor = static_cast<int>(monitor.value());
    options.span = args->has("span");
    if (args->has("size")) {
        if (args->has("monitor") || options.span)
            return Fail("wall: --size is a window; leave out --monitor and --span");
        auto size = ParseSize(args->get("size"));
        if (!size) return Fail("wall: " + size.error());
        options.width = size->first;
        options.height = size->second;
    } else if (args->has("monitor") && options.span) {
        return Fail("wall: --monitor N or --span, not both");
    }
    options.screenshot = args->get("screenshot");
    options.listen = args->get("listen");
    for (const char* name : {"exit-after", "simulate", "fps", "dwell", "hold"}) {
        if (!args->has(name)) continue;
        auto value = args->integer(name, 0, 1, 86400);
        if (!value) return Fail("wall: " + value.error());
        const double v = static_cast<double>(value.value());
        const std::string n = name;
        if (n == "exit-after") options.exit_after = v;
        if (n == "simulate") options.simulate = v;
        if (n == "fps") options.fps = v;
        if (n == "dwell") options.tour.dwell_s = v;
        if (n == "hold") options.tour.hold_s = v;
    }
    if (args->has("at")) {
        auto at = ParseIsoTime(args->get("at"));
        if (!at) return Fail("wall: --at: " + at.error());
        options.at_ms = at.value();
    }
    if (!options.screenshot.empty() && options.max_frames == 0 && options.exit_after == 0) {
        return Fail("wall: --screenshot needs --frames N or --exit-after S");
    }
    if (!HaveDisplay()) {
        std::string label;
        auto world = OpenWorldWithCases(args.value(), &label);
        if (!world) return Fail(world.error());
        return RenderOverviewInstead(world.value(), label, "no display (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    auto workspace = std::async(std::launch::async, [a = args.value()] {
        std::string label, path;
        auto world = OpenWorld(a, &label, &path);
        return OpenSeatSession(std::move(world), std::move(label), std::move(path));
    });
    return RunWall(std::move(workspace), options);
}

// [SECTION] dispatch

int RunCommandLine(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    if (!words.empty() && (words[0] == "--help" || words[0] == "-h" || words[0] == "help")) {
        return std::printf("%s%s%s", kUsage, kHeadlessUsage, kUsageEnd), 0;
    }
    const std::string command = words.empty() ? "" : words[0];
    const std::vector<std::string> rest =
        words.empty() ? words : std::vector<std::string>(words.begin() + 1, words.end());
    if (command == "render") return CommandRender(rest);
    if (command == "wall") return CommandWall(rest);
    if (command == "review") return CommandReview(rest);
    if (auto status = RunHeadlessCommand(command, rest)) return *status;
    if (!command.empty() && command.rfind("--", 0) != 0 && command.find('.') == std::string::npos &&
        command.find('/') == std::string::npos && !std::filesystem::exists(command)) {
        std::fprintf(stderr, "gridlink: unknown command '%s'\n%s%s%s", command.c_str(), kUsage, kHeadlessUsage,
                     kUsageEnd);
        return 2;
    }
    return CommandWorkstation(words);
}

}  // namespace gridlink
