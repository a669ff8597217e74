// The `gridlink` command line: one function per command, each returning the process exit status.
#pragma once

#include <string>
#include <vector>

#include "engine/world.h"

namespace gridlink {

class Args;
struct GridSourceSpec;

int RunCommandLine(int argc, char** argv);

int CommandDemo(const std::vector<std::string>& args);
int CommandRender(const std::vector<std::string>& args);
int CommandWorkstation(const std::vector<std::string>& args);
int CommandAssign(const std::vector<std::string>& args);  // ui/command_assign.cpp
int CommandCheck(const std::vector<std::string>& args);   // ui/command_check.cpp
int CommandServe(const std::vector<std::string>& args);   // ui/command_serve.cpp
int CommandCases(const std::vector<std::string>& args);   // ui/command_serve.cpp
int CommandSimulate(const std::vector<std::string>& args);  // ui/command_simulate.cpp

// The grid source named on a command line: FILE[:LAYER] with --id-field (default `code`),
// --name-field, --level-field and --parent-field.
GridSourceSpec GridSourceFromArgs(const Args& args, const std::string& source);
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

// Renders the whole World to UserDataDir()/overview.png when no window can be opened, saying why.
int RenderOverviewInstead(const World& world, const std::string& label, const std::string& reason);

// The user's data directory for gridlink ($XDG_DATA_HOME/gridlink or ~/.local/share/gridlink).
std::string UserDataDir();

}  // namespace gridlink
