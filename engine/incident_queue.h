// The incident queue's logic: which cases pass a filter (states, category, grid subtree, overdue, outside,
// text), in which order, and the counts over them. Plain functions of the World, shared by the
// workstation's queue (ui/incident_panels.h) and the headless commands (`gridlink serve`).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "incident.h"

namespace gridlink {

struct World;

// A set of case states as bits, one per CaseState.
using CaseStateMask = std::uint32_t;
inline constexpr CaseStateMask StateBit(CaseState state) { return CaseStateMask{1} << static_cast<int>(state); }
inline constexpr CaseStateMask kAllStates = (CaseStateMask{1} << kCaseStateCount) - 1;
inline constexpr CaseStateMask kOpenStates =
    kAllStates & ~StateBit(CaseState::kClosed) & ~StateBit(CaseState::kCancelled);

// Which cases the queue shows. Every criterion must hold.
struct IncidentFilter {
    CaseStateMask states = kOpenStates;
    int category = -1;       // index into kIncidentCategories; -1: any
    std::int64_t grid = -1;  // a grid index: cases whose finest grid is it or a descendant; -1: any
    bool overdue_only = false;
    bool outside_only = false;  // only cases outside the jurisdiction (no grid)
    std::string text;           // substring of the id or the case's text; empty: any
    // Only cases reported in [reported_from_ms, reported_to_ms] (review: the range on its timeline).
    std::int64_t reported_from_ms = INT64_MIN, reported_to_ms = INT64_MAX;

    bool operator==(const IncidentFilter&) const = default;
};

enum class IncidentSort {
    kNewest,    // latest report first
    kOldest,    // earliest report first
    kPriority,  // priority 1 first, then earliest deadline
    kDeadline,  // open cases by deadline (most overdue first), then finished cases
    kGrid,      // by the finest grid's code, outside cases last, then latest report first
};
inline constexpr int kIncidentSortCount = 5;
const char* IncidentSortLabel(IncidentSort sort);  // "时限 deadline"

// Marks the grids in the subtree of `root` (itself and every descendant), indexed like world.grids.
std::vector<bool> GridSubtree(const World& world, std::size_t root);
// Whether one case passes the filter. `subtree` is GridSubtree(filter.grid) when filter.grid >= 0.
bool MatchesFilter(const Incident& incident, const IncidentFilter& filter, const std::vector<bool>& subtree,
                   std::int64_t now_ms);
// The queue: indexes into world.incidents.cases of the cases passing the filter, in the sort's order
// (ties by arrival, so the order is total and stable).
std::vector<std::size_t> QueueRows(const World& world, const IncidentFilter& filter, IncidentSort sort,
                                   std::int64_t now_ms);

// Figures for the header line and the state buttons' badges, over the cases that pass the filter with
// its states ignored (IncidentFilter{kAllStates}: every case).
struct IncidentCounts {
    int total = 0;
    int open = 0;
    int overdue = 0;       // open and past the deadline
    int outside_open = 0;  // open and outside the jurisdiction
    std::array<int, kCaseStateCount> by_state{};
};
IncidentCounts CountIncidents(const World& world, const IncidentFilter& filter, std::int64_t now_ms);

}  // namespace gridlink
