// The incident queue's logic: filter, sort and counts over the World's cases.
#include "incident_queue.h"

#include <algorithm>
#include <string_view>

#include "ascii_case.h"
#include "world.h"

namespace gridlink {

const char* IncidentSortLabel(IncidentSort sort) {
    switch (sort) {
        case IncidentSort::kNewest: return "最新 newest";
        case IncidentSort::kOldest: return "最早 oldest";
        case IncidentSort::kPriority: return "优先级 priority";
        case IncidentSort::kDeadline: return "时限 deadline";
        case IncidentSort::kGrid: return "网格 grid";
    }
    return "";
}

std::vector<bool> GridSubtree(const World& world, std::size_t root) {
    std::vector<bool> in_subtree(world.grids.size(), false);
    if (root >= world.grids.size()) return in_subtree;
    std::vector<std::size_t> stack{root};
    while (!stack.empty()) {
        const std::size_t grid = stack.back();
        stack.pop_back();
        if (in_subtree[grid]) continue;
        in_subtree[grid] = true;
        for (std::size_t child : world.grids.children(grid)) stack.push_back(child);
    }
    return in_subtree;
}

bool MatchesFilter(const Incident& incident, const IncidentFilter& filter, const std::vector<bool>& subtree,
                   std::int64_t now_ms) {
    if (!(filter.states & StateBit(incident.state))) return false;
    if (filter.category >= 0 && incident.category != filter.category) return false;
    if (incident.reported_ms < filter.reported_from_ms || incident.reported_ms > filter.reported_to_ms) return false;
    if (filter.overdue_only && !incident.overdue(now_ms)) return false;
    if (filter.outside_only && incident.grid >= 0) return false;
    if (filter.grid >= 0) {
        if (incident.grid < 0 || static_cast<std::size_t>(incident.grid) >= subtree.size()) return false;
        if (!subtree[static_cast<std::size_t>(incident.grid)]) return false;
    }
    if (!filter.text.empty() && !ContainsIgnoringAsciiCase(incident.id, filter.text) &&
        !ContainsIgnoringAsciiCase(incident.text, filter.text)) {
        return false;
    }
    return true;
}

std::vector<std::size_t> QueueRows(const World& world, const IncidentFilter& filter, IncidentSort sort,
                                   std::int64_t now_ms) {
    const std::vector<Incident>& cases = world.incidents.cases;
    const std::vector<bool> subtree =
        filter.grid >= 0 ? GridSubtree(world, static_cast<std::size_t>(filter.grid)) : std::vector<bool>{};
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        if (MatchesFilter(cases[i], filter, subtree, now_ms)) rows.push_back(i);
    }
    auto grid_code = [&](const Incident& c) -> const std::string* {
        return c.grid >= 0 ? &world.grids[static_cast<std::size_t>(c.grid)].code : nullptr;
    };
    // Every comparator ends on the arrival order, so the order is total.
    auto less = [&](std::size_t a, std::size_t b) {
        const Incident& x = cases[a];
        const Incident& y = cases[b];
        switch (sort) {
            case IncidentSort::kNewest:
                if (x.reported_ms != y.reported_ms) return x.reported_ms > y.reported_ms;
                return a > b;
            case IncidentSort::kOldest:
                if (x.reported_ms != y.reported_ms) return x.reported_ms < y.reported_ms;
                return a < b;
            case IncidentSort::kPriority:
                if (x.priority != y.priority) return x.priority < y.priority;
                if (x.deadline_ms != y.deadline_ms) return x.deadline_ms < y.deadline_ms;
                return a < b;
            case IncidentSort::kDeadline:
                if (IsOpen(x.state) != IsOpen(y.state)) return IsOpen(x.state);
                if (x.deadline_ms != y.deadline_ms) return x.deadline_ms < y.deadline_ms;
                return a < b;
            case IncidentSort::kGrid: {
                const std::string* gx = grid_code(x);
                const std::string* gy = grid_code(y);
                if ((gx == nullptr) != (gy == nullptr)) return gy == nullptr;
                if (gx && *gx != *gy) return *gx < *gy;
                if (x.reported_ms != y.reported_ms) return x.reported_ms > y.reported_ms;
                return a > b;
            }
        }
        return a < b;
    };
    std::sort(rows.begin(), rows.end(), less);
    return rows;
}

IncidentCounts CountIncidents(const World& world, const IncidentFilter& filter, std::int64_t now_ms) {
    IncidentFilter any_state = filter;
    any_state.states = kAllStates;
    const std::vector<bool> subtree =
        filter.grid >= 0 ? GridSubtree(world, static_cast<std::size_t>(filter.grid)) : std::vector<bool>{};
    IncidentCounts counts;
    for (const Incident& c : world.incidents.cases) {
        if (!MatchesFilter(c, any_state, subtree, now_ms)) continue;
        ++counts.total;
        ++counts.by_state[static_cast<std::size_t>(c.state)];
        if (!IsOpen(c.state)) continue;
        ++counts.open;
        if (c.overdue(now_ms)) ++counts.overdue;
        if (c.grid < 0) ++counts.outside_open;
    }
    return counts;
}

}  // namespace gridlink
