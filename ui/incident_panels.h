// Incident panels: the queue (sort; filter by state, category, grid, overdue; the outside-jurisdiction
// queue), the selected case's details with its full event history and lifecycle actions, and fly-to.
// The queue's logic (filter, sort, counts) lives in engine/incident_queue.h; formatting here is plain
// functions, tested without ImGui.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/incident.h"
#include "engine/incident_queue.h"
#include "ui/dispatch_panel.h"

namespace gridlink {

struct App;
struct World;

// [SECTION] formatting and actions (no ImGui)

// A duration as "45m", "1h 20m", "2d 3h"; under a minute "<1m".
std::string FormatDuration(std::int64_t ms);
// Time to a deadline: "剩余 1h 20m" before it, "超时 35m overdue" after it.
std::string FormatTimeLeft(std::int64_t deadline_ms, std::int64_t now_ms);
// What the queue's time column says of a case: the time left while open; "按期 on time" or
// "超期 late" once closed; "作废 cancelled" once cancelled.
std::string CaseTimeText(const Incident& incident, std::int64_t now_ms);
// Beijing time (+08:00): "09:05" on the same day as now_ms, "11-26 17:05" on another day.
std::string FormatClock(std::int64_t ms, std::int64_t now_ms);

// The button for an event a dispatcher sends: "派遣 Dispatch".
const char* ActionLabel(EventType type);
// Who reported a case, in words: "12345热线 hotline" for "hotline_12345"; unknown sources as sent.
std::string SourceLabel(const std::string& source);

// The event a lifecycle button sends for `incident` at now_ms (Beijing time). `resource` goes only on
// incident.dispatched and incident.reassigned; `reason` on any event that is not a report.
Event MakeCaseEvent(const Incident& incident, EventType type, std::int64_t now_ms, const std::string& resource,
                    const std::string& reason);

// [SECTION] panels

// What the incident panels remember between frames.
struct IncidentPanels {
    std::int64_t selected = -1;  // index into World::incidents.cases; -1: none
    IncidentFilter filter;       // the main queue's (outside_only and grid are set per tab when drawn)
    IncidentSort sort = IncidentSort::kDeadline;
    bool follow_map_grid = true;  // filter by the grid selected on the map
    bool outside_tab = false;     // the outside-jurisdiction queue is showing
    char search[64] = {};
    char reason[160] = {};     // the note or reason the next action sends
    DispatchPanel dispatch;    // candidates, summon and the keyboard path (ui/dispatch_panel.h)
    std::string action_error;  // the last action's refusal, for the case it was sent for
    std::int64_t action_error_case = -1;
    // Urgent cases just reported (priority 1-2 or emergencies), newest last, with when they arrived
    // (glfwGetTime): shown in the 紧急 Urgent window for kUrgentShownSeconds.
    struct Arrival {
        std::size_t index = 0;
        double arrived = 0;
    };
    std::vector<Arrival> urgent;

    // What the queue last computed, again when the World, the filter, the sort or the second changes.
    struct Cache {
        std::int64_t revision = -1, second = -1;
        IncidentFilter filter;
        IncidentSort sort = IncidentSort::kNewest;
        std::vector<std::size_t> rows;
        IncidentCounts counts;
        std::int64_t totals_revision = -1, totals_second = -1;
        IncidentCounts totals;  // every case: the header line and the tabs
    } cache;
};

void ShowIncidentQueue(App& app);
void ShowIncidentDetail(App& app);
// Urgent cases as they arrive, above the map: one line each with fly-to, for a minute.
void ShowUrgentArrivals(App& app);
inline constexpr double kUrgentShownSeconds = 60;
// True for a case that should catch the dispatcher's eye on arrival: priority 1-2, or an emergency.
bool IsUrgent(const Incident& incident);
// Notes a case that just arrived (ShowUrgentArrivals shows it when urgent); keeps the last five.
void NoteArrival(IncidentPanels& panels, const World& world, std::size_t index, double now);
// Selects a case and flies the camera close to it, clear of the panels.
void FocusIncident(App& app, std::size_t index, double now);

}  // namespace gridlink
