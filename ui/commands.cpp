// The gridlink commands: demo (write the demo workspace), render (PNG through the offscreen renderer)
// and the dispatcher workstation, plus help texts and the shared way of opening a workspace.
#include "commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "data/demo_city.h"
#include "data/event_log.h"
#include "data/workspace.h"
#include "ui/args.h"
#include "ui/gl_context.h"
#include "ui/offscreen.h"
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
    "  gridlink demo --out FILE.gpkg [--seed N] [--scale small|district|city] [--resources N]\n"
    "  gridlink render WORKSPACE --out FILE.png [--size WxH] [--bbox minlon,minlat,maxlon,maxlat]\n"
    "                                             [--layers LIST] [--level N]\n"
    "  gridlink assign --grids FILE[:LAYER] --points FILE[:LAYER] --out FILE.csv|.gpkg [options]\n"
    "                                             assign every point to the grid responsible for it\n"
    "  gridlink check GRIDS                       validate a grid layer as a coverage (--json for machines)\n"
    "  gridlink serve [WORKSPACE] --listen [HOST:]PORT | --stdin\n"
    "                                             take the live feed into the event log, no window\n"
    "  gridlink simulate [WORKSPACE] --to HOST:PORT [--rate R] [--duration S] [--seed N]\n"
    "                                             send realistic incidents (or --from-csv FILE) to a feed\n"
    "  gridlink cases [WORKSPACE] [--open] [--overdue] [--outside]\n"
    "                                             every case as the event log rebuilds it\n"
    "  gridlink COMMAND --help                    help for one command\n";

static const char* kDemoHelp =
    "gridlink demo --out FILE.gpkg [--seed N] [--scale small|district|city] [--resources N]\n"
    "Writes the demo city workspace: five levels of grids over the real outline of Huqiu District\n"
    "(Suzhou High-tech Zone) in EPSG:4549, resources, roads and water. Same seed, same file.\n"
    "  small     ~1,500 unit grids, for fast tests\n"
    "  district  ~30,000 unit grids of ~10,000 m2 (default)\n"
    "  city      ten times more, for load tests\n"
    "  --resources N   top the resources up to N in all (volunteers, cameras, grid workers,\n"
    "                  patrol vehicles), e.g. 1000000 to load-test the map and dispatch\n";

static const char* kRenderHelp =
    "gridlink render WORKSPACE --out FILE.png [--size WxH] [--bbox minlon,minlat,maxlon,maxlat] [--layers LIST]\n"
    "                [--level N] [--frames N] [--no-overlays] [--grids FILE[:LAYER] --id-field F ...]\n"
    "Draws the map through the workstation's renderer into an offscreen framebuffer and writes a PNG.\n"
    "  --size     picture size in pixels (default 1280x800)\n"
    "  --bbox     extent in lon/lat (default: the whole workspace)\n"
    "  --layers   comma-separated layers to draw (default: all; basemap,grids,resources,labels)\n"
    "  --level    fill grids of this level (1-5) whatever the zoom\n"
    "  --frames   also draw N frames offscreen and print their timing\n";

bool WantsHelp(const std::vector<std::string>& args) {
    for (const std::string& a : args) {
        if (a == "--help" || a == "-h") return true;
    }
    return false;
}

int Fail(const std::string& message) {
    std::fprintf(stderr, "gridlink: %s\n", message.c_str());
    return 2;
}

// [SECTION] opening workspaces

std::string UserDataDir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg) return std::string(xdg) + "/gridlink";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/gridlink";
}

// The default workspace: the demo city, generated into the user's data directory on first use.
Result<std::string> DefaultWorkspace() {
    const std::string path = UserDataDir() + "/demo-district.gpkg";
    if (std::filesystem::exists(path)) return path;
    std::fprintf(stderr, "gridlink: first run: generating the demo city into %s ...\n", path.c_str());
    auto world = GenerateDemoCity(DemoOptions{});
    if (!world) return Error{"demo city: " + world.error()};
    if (Status s = WriteWorkspace(path, world.value()); !s) return Error{s.error()};
    return path;
}

static const std::set<std::string> kGridSourceOptions = {"grids", "id-field", "name-field", "level-field", "parent-field"};

GridSourceSpec GridSourceFromArgs(const Args& args, const std::string& source) {
    GridSourceSpec spec = ParseSourceArgument(source);
    spec.id_field = args.get("id-field", "code");
    spec.name_field = args.get("name-field");
    spec.level_field = args.get("level-field");
    spec.parent_field = args.get("parent-field");
    return spec;
}

// Opens the World named by a positional workspace or by --grids options; prints read warnings.
// Pictures and the workstation need no grid index to draw: the workstation builds it beside its first
// frames (ui/workstation.cpp), so it is not built here.
Result<World> OpenWorld(const Args& args, std::string* label, std::string* workspace) {
    ReadReport report;
    Result<World> world = Error{""};
    if (args.has("grids")) {
        const GridSourceSpec spec = GridSourceFromArgs(args, args.get("grids"));
        *label = spec.path;
        world = WorldFromGridSource(spec, &report, false);
    } else {
        std::string path;
        if (!args.positional().empty()) {
            path = args.positional()[0];
        } else {
            auto fallback = DefaultWorkspace();
            if (!fallback) return Error{fallback.error()};
            path = fallback.value();
        }
        *label = path;
        if (workspace) *workspace = path;
        world = ReadWorkspace(path, &report, false);
    }
    for (const std::string& w : report.warnings) std::fprintf(stderr, "gridlink: warning: %s\n", w.c_str());
    return world;
}

Result<World> OpenWorldWithCases(const Args& args, std::string* label) {
    std::string path;
    auto world = OpenWorld(args, label, &path);
    if (!world || path.empty()) return world;
    if (Status s = ReplayWorkspaceLog(path, world.value()); !s) return Error{s.error()};
    return world;
}

// [SECTION] demo

int CommandDemo(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kDemoHelp, stdout), 0;
    auto args = Args::Parse(words, {"out", "seed", "scale", "resources"}, {});
    if (!args) return Fail("demo: " + args.error());
    if (!args->has("out")) return Fail("demo: --out FILE.gpkg is required");
    if (!args->positional().empty()) return Fail("demo: unexpected argument '" + args->positional()[0] + "'");
    DemoOptions options;
    auto seed = args->integer("seed", 1, 0, 1LL << 53);
    if (!seed) return Fail("demo: " + seed.error());
    options.seed = static_cast<std::uint64_t>(seed.value());
    if (args->has("scale")) {
        auto scale = ParseDemoScale(args->get("scale"));
        if (!scale) return Fail("demo: --scale '" + args->get("scale") + "' is not small, district or city");
        options.scale = *scale;
    }
    auto resources = args->integer("resources", 0, 0, 20'000'000);
    if (!resources) return Fail("demo: " + resources.error());
    options.resources = static_cast<std::size_t>(resources.value());
    const auto start = std::chrono::steady_clock::now();
    auto world = GenerateDemoCity(options);
    if (!world) return Fail("demo: " + world.error());
    const std::string out = args->get("out");
    if (Status s = WriteWorkspace(out, world.value()); !s) return Fail("demo: " + s.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int per_level[kLevelCount + 1] = {};
    for (const Grid& g : world->grids.grids()) per_level[std::clamp(g.level, 0, kLevelCount)]++;
    std::printf("wrote %s: %s scale, seed %llu, %d/%d/%d/%d/%d grids by level, %zu resources, %zu roads, "
                "%zu water bodies, %s, in %.2f s\n",
                out.c_str(), DemoScaleName(options.scale), static_cast<unsigned long long>(options.seed), per_level[1],
                per_level[2], per_level[3], per_level[4], per_level[5], world->resources.size(), world->roads.size(),
                world->water.size(), world->crs.name().c_str(), seconds);
    return 0;
}

// [SECTION] render

// Renders a World to PNG; shared by `render` and the workstation's no-display fallback.
static int RenderWorld(const World& world, const std::string& label, const std::string& out, int width, int height,
                       const std::optional<std::vector<double>>& bbox, const std::vector<std::string>& layers, int level,
                       bool overlays, int timed_frames = 0) {
    auto renderer = OffscreenRenderer::Create();
    if (!renderer) return Fail("render: " + renderer.error());
    MapView& view = renderer.value()->view();
    view.camera.width = width;
    view.camera.height = height;
    if (Status s = renderer.value()->load(world, layers); !s) return Fail("render: " + s.error());
    if (level) {
        if (GridsLayer* grids = view.grids()) {
            GridStyle style = grids->style();
            style.force_level = level;
            grids->set_style(style);
        }
    }
    if (bbox) {
        auto to_world = Transform::Create(Crs::LonLat(), world.crs);
        if (!to_world) return Fail("render: " + to_world.error());
        std::vector<Vec2> corners{{(*bbox)[0], (*bbox)[1]}, {(*bbox)[2], (*bbox)[1]}, {(*bbox)[0], (*bbox)[3]},
                                  {(*bbox)[2], (*bbox)[3]}};
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
        std::vector<double> ms;
        for (int i = 0; i <= timed_frames; ++i) {
            const auto t = std::chrono::steady_clock::now();
            if (Status s = renderer.value()->draw(4, overlays, title); !s) return Fail("render: " + s.error());
            if (i > 0) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
        }
        const FrameTimes t = SummarizeFrameTimes(std::move(ms));
        std::printf("%d offscreen frames at %dx%d (4x MSAA, fill level %d): mean %.2f ms, median %.2f ms, max %.2f ms\n",
                    timed_frames, width, height, view.frame(0, nullptr).grid_fill_level, t.mean_ms, t.median_ms,
                    t.max_ms);
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
    std::set<std::string> valued = {"out", "size", "bbox", "layers", "level", "frames"};
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
    auto world = OpenWorldWithCases(args.value(), &label);
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

int CommandWorkstation(const std::vector<std::string>& words) {
    const auto started = std::chrono::steady_clock::now();
    std::set<std::string> valued = {"frames", "size", "level", "screenshot", "select", "listen", "exit-after", "simulate"};
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
    std::future<LoadedWorkspace> workspace = std::async(std::launch::async, [a = args.value()] {
        std::string label, path;
        auto world = OpenWorld(a, &label, &path);
        return LoadWorkspaceWithLog(std::move(world), std::move(label), std::move(path));
    });
    return RunWorkstation(std::move(workspace), options);
}

// [SECTION] dispatch

int RunCommandLine(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    if (!words.empty() && (words[0] == "--help" || words[0] == "-h" || words[0] == "help")) {
        return std::fputs(kUsage, stdout), 0;
    }
    const std::string command = words.empty() ? "" : words[0];
    const std::vector<std::string> rest = words.empty() ? words : std::vector<std::string>(words.begin() + 1, words.end());
    if (command == "demo") return CommandDemo(rest);
    if (command == "render") return CommandRender(rest);
    if (command == "assign") return CommandAssign(rest);
    if (command == "check") return CommandCheck(rest);
    if (command == "serve") return CommandServe(rest);
    if (command == "cases") return CommandCases(rest);
    if (command == "simulate") return CommandSimulate(rest);
    if (!command.empty() && command.rfind("--", 0) != 0 && command.find('.') == std::string::npos &&
        command.find('/') == std::string::npos && !std::filesystem::exists(command)) {
        std::fprintf(stderr, "gridlink: unknown command '%s'\n%s", command.c_str(), kUsage);
        return 2;
    }
    return CommandWorkstation(words);
}

}  // namespace gridlink
