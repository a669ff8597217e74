// Helpers shared by the tests: paths to shared data, temporary files, the small demo World.
#pragma once

#include <string>

#include "engine/world.h"

namespace gridlink::test {

std::string SharedData(const std::string& name);  // ../shared/data/NAME
std::string TempPath(const std::string& name);    // a fresh path in a per-process temp dir
void WriteText(const std::string& path, const std::string& text);
// The demo city at small scale, seed 7, generated once per process.
const World& SmallDemo();
// Chicago's 77 community areas read as grids (id: area_numbe, name: community).
const World& Chicago();

}  // namespace gridlink::test
