// Incident panels: the queue (sort; filter by state, category, grid, overdue; the outside-jurisdiction
// queue), the selected case's details with its full event history and lifecycle actions, and fly-to.
#pragma once

#include <cstdint>

namespace gridlink {

struct App;

// What the incident panels remember between frames.
struct IncidentPanels {
    std::int64_t selected = -1;  // index into World::incidents.cases; -1: none
};

void ShowIncidentQueue(App& app);
void ShowIncidentDetail(App& app);

}  // namespace gridlink
