// The headless command line: usage texts, the dispatch shared by `gridlink-server` and `gridlink`, the
// shared way of opening a workspace, and `demo` (write the demo workspace).
#include "commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "data/demo_city.h"
#include "data/event_log.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "server/args.h"

namespace gridlink {

// [SECTION] help

const char* const kHeadlessUsage =
    "  gridlink demo --out FILE.gpkg [--seed N] [--scale small|district|city] [--resources N]\n"
    "                                             write the demo city workspace\n"
    "  gridlink assign --grids FILE[:LAYER] --points FILE[:LAYER] --out FILE.csv|.gpkg [options]\n"
    "                                             assign every point to the grid responsible for it\n"
    "  gridlink init WORKSPACE.gpkg --grids FILE[:LAYER] --code-field F [--resources FILE] [--roads FILE]\n"
    "                                             a workspace from a district's own grids, people and roads\n"
    "  gridlink check GRIDS                       validate a grid layer as a coverage (--json for machines)\n"
    "  gridlink serve [WORKSPACE] --listen [HOST:]PORT | --stdin\n"
    "                                             take the live feed into the event log, no window\n"
    "  gridlink simulate [WORKSPACE] --to HOST:PORT [--rate R] [--duration S] [--seed N]\n"
    "                                             send realistic incidents (or --from-csv FILE) to a feed\n"
    "  gridlink cases [WORKSPACE] [--open] [--overdue] [--outside]\n"
    "                                             every case as the event log rebuilds it\n"
    "  gridlink report [WORKSPACE] [--from TIME] [--to TIME] [--by UNIT] [--out FILE.csv|.gpkg]\n"
    "                                             assessment figures (结案率, 按期结案率) per unit\n"
    "  gridlink import cases WORKSPACE --from-csv FILE.csv --id-field F --reported-field F [options]\n"
    "                                             a case history (hotline, 数字城管 export) into the log\n";

static const char* kServerUsage =
    "gridlink-server: the commands of gridlink that need no window, in a binary that links no GL,\n"
    "windowing, ImGui or fonts (for ingest servers and scripts). `gridlink COMMAND` runs the same ones.\n"
    "\n"
    "usage (gridlink-server COMMAND or gridlink COMMAND):\n";

static const char* kDemoHelp =
    "gridlink demo --out FILE.gpkg [--seed N] [--scale small|district|city] [--resources N]\n"
    "Writes the demo city workspace: five levels of grids over the real outline of Huqiu District\n"
    "(Suzhou High-tech Zone) in EPSG:4549, resources, roads and water. Same seed, same file.\n"
    "  small     ~1,500 unit grids, for fast tests\n"
    "  district  ~30,000 unit grids of ~10,000 m2 (default)\n"
    "  city      ten times more, for load tests\n"
    "  --resources N   top the resources up to N in all (volunteers, cameras, grid workers,\n"
    "                  patrol vehicles), e.g. 1000000 to load-test the map and dispatch\n";

Result<std::int64_t> ParseTimeOption(const std::string& text) {
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') return ParseIsoTime(text + "T00:00:00+08:00");
    return ParseIsoTime(text);
}

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
    if (Status s = OpenWorkspaceState(path, world.value()); !s) return Error{s.error()};  // snapshot + tail
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
    std::printf(
        "wrote %s: %s scale, seed %llu, %d/%d/%d/%d/%d grids by level, %zu resources, %zu roads, "
        "%zu water bodies, %s, in %.2f s\n",
        out.c_str(), DemoScaleName(options.scale), static_cast<unsigned long long>(options.seed), per_level[1],
        per_level[2], per_level[3], per_level[4], per_level[5], world->resources.size(), world->roads.size(),
        world->water.size(), world->crs.name().c_str(), seconds);
    return 0;
}

// [SECTION] dispatch

std::optional<int> RunHeadlessCommand(const std::string& command, const std::vector<std::string>& args) {
    if (command == "demo") return CommandDemo(args);
    if (command == "assign") return CommandAssign(args);
    if (command == "check") return CommandCheck(args);
    if (command == "serve") return CommandServe(args);
    if (command == "cases") return CommandCases(args);
    if (command == "simulate") return CommandSimulate(args);
    if (command == "report") return CommandReport(args);
    if (command == "import") return CommandImport(args);
    if (command == "init") return CommandInit(args);
    return std::nullopt;
}

int RunServerCommandLine(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    const std::string command = words.empty() ? "" : words[0];
    if (command.empty() || command == "--help" || command == "-h" || command == "help") {
        std::FILE* out = command.empty() ? stderr : stdout;  // no command is a mistake; help asked for is not
        std::fprintf(out, "%s%s  gridlink COMMAND --help                    help for one command\n", kServerUsage,
                     kHeadlessUsage);
        return command.empty() ? 2 : 0;
    }
    if (auto status = RunHeadlessCommand(command, std::vector<std::string>(words.begin() + 1, words.end()))) {
        return *status;
    }
    std::fprintf(stderr,
                 "gridlink-server: unknown command '%s' (the window commands, render and the seats, are "
                 "in gridlink)\n",
                 command.c_str());
    return 2;
}

}  // namespace gridlink
