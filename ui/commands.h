// The `gridlink` command line: the window commands (render, the workstation), one function each returning
// the process exit status; the headless commands come from server/commands.h and run in this process.
#pragma once

#include <string>
#include <vector>

#include "engine/world.h"
#include "server/commands.h"

namespace gridlink {

int RunCommandLine(int argc, char** argv);

int CommandRender(const std::vector<std::string>& args);
int CommandWorkstation(const std::vector<std::string>& args);
int CommandWall(const std::vector<std::string>& args);

// Renders the whole World to UserDataDir()/overview.png when no window can be opened, saying why.
int RenderOverviewInstead(const World& world, const std::string& label, const std::string& reason);

}  // namespace gridlink
