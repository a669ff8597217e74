// Helpers shared by the tests: paths to shared data, temporary files, the small demo World.
#pragma once

#include <cstdint>
#include <string>

#include "engine/world.h"

namespace gridlink::test {

std::string TestData(const std::string& name);  // tests/data/NAME (real boundary data kept in the repository)
std::string TempPath(const std::string& name);  // a fresh path in a per-process temp dir
void WriteText(const std::string& path, const std::string& text);
// The demo city at small scale, seed 7, generated once per process.
const World& SmallDemo();
// SmallDemo with 72 incidents applied through ApplyEvent: every category, priority and state, reported
// over the 3 hours before kIncidentClock, some overdue, four outside the district. Deterministic.
const World& SmallDemoWithIncidents();
inline constexpr std::int64_t kIncidentClock = 1795752000000;  // 2026-11-27T12:00:00+08:00
// Chicago's 77 community areas read as grids (id: area_numbe, name: community).
const World& Chicago();

}  // namespace gridlink::test
