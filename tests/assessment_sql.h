// The assessment figures computed a second way, for the test and the benchmark: one SQLite query over the
// workspace's `events` table, written from the definitions in engine/assessment.h and sharing no code with it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/assessment.h"

namespace gridlink::test {

// The figures of every unit the query finds (units with at least one case reported before `to`), by unit:
// a grid code cut to `group.level`'s length or "outside", a category code, a responder id, or "all".
std::map<std::string, Figures> FiguresBySql(const std::string& workspace, Period period, GroupBy group);

}  // namespace gridlink::test
