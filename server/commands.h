// The headless commands (demo, assign, check, serve, cases, simulate): one function each, returning the
// process exit status, plus the way of opening a workspace they share with the window commands. They
// need no window, so `gridlink-server` links no GL, windowing, ImGui or fonts; `gridlink` runs them too.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/world.h"

namespace gridlink {

class Args;
struct GridSourceSpec;

int CommandDemo(const std::vector<std::string>& args);      // server/commands.cpp
int CommandAssign(const std::vector<std::string>& args);    // server/command_assign.cpp
int CommandCheck(const std::vector<std::string>& args);     // server/command_check.cpp
int CommandServe(const std::vector<std::string>& args);     // server/command_serve.cpp
int CommandCases(const std::vector<std::string>& args);     // server/command_serve.cpp
int CommandSimulate(const std::vector<std::string>& args);  // server/command_simulate.cpp
int CommandReport(const std::vector<std::string>& args);    // server/command_report.cpp
int CommandImport(const std::vector<std::string>& args);    // server/command_import.cpp
int CommandInit(const std::vector<std::string>& args);      // server/command_init.cpp

// Runs the headless command named `command` with the words after it; nullopt when it is not one.
std::optional<int> RunHeadlessCommand(const std::string& command, const std::vector<std::string>& args);
// The usage lines of the headless commands ("  gridlink demo ..."), printed by both binaries' --help.
extern const char* const kHeadlessUsage;
// `gridlink-server COMMAND ...`: the headless commands alone.
int RunServerCommandLine(int argc, char** argv);

// The options naming a grid source instead of a workspace: --grids FILE[:LAYER] and its fields.
inline const std::set<std::string> kGridSourceOptions = {"grids", "id-field", "name-field", "level-field",
                                                         "parent-field"};
// The grid source named on a command line: FILE[:LAYER] with --id-field (default `code`),
// --name-field, --level-field and --parent-field.
GridSourceSpec GridSourceFromArgs(const Args& args, const std::string& source);
// A time on the command line: ISO 8601 with an offset, or a date (YYYY-MM-DD) meaning its midnight at
// +08:00, the demo district's clock.
Result<std::int64_t> ParseTimeOption(const std::string& text);
// Shared by the commands: prints "gridlink: MESSAGE" on stderr and returns exit status 2.
int Fail(const std::string& message);
// True when the words ask for help (--help or -h).
bool WantsHelp(const std::vector<std::string>& args);

// The default workspace: the demo city, generated into UserDataDir() on first use; its path.
Result<std::string> DefaultWorkspace();
// Opens the World named by a positional workspace (default: the demo city) or by --grids options,
// without its grid index; prints read warnings. *workspace gets the GeoPackage's path (for its event
// log) and stays empty for --grids sources.
Result<World> OpenWorld(const Args& args, std::string* label, std::string* workspace);

// OpenWorld with the cases as the workspace's event log has them now, read only (the file is not
// changed): for pictures and reports.
Result<World> OpenWorldWithCases(const Args& args, std::string* label);

// The user's data directory for gridlink ($XDG_DATA_HOME/gridlink or ~/.local/share/gridlink).
std::string UserDataDir();

}  // namespace gridlink
