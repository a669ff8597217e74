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
// The small demo written as a workspace GeoPackage at a fresh temp path (with its empty event log).
std::string SmallWorkspace(const std::string& name);
// Events as a sender writes them, for log and session tests: a report (category 4, priority 1, a text), and
// a lifecycle step naming `resource` where the type takes one.
Event ReportEvent(const std::string& id, double lon, double lat, std::int64_t t_ms);
Event StepEvent(EventType type, const std::string& id, std::int64_t t_ms, const std::string& resource = "");
// Chicago's 77 community areas read as grids (id: area_numbe, name: community).
const World& Chicago();

}  // namespace gridlink::test
