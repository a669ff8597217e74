// The dispatch section of the incident window (扁平化派遣): ranked candidates with one-click dispatch or
// reassignment, one-click summon of volunteers (一键召唤) with their answers, and the keyboard path
// (N/P next case, 1-9 pick, Enter dispatch, V summon, Delete recall). What each click sends is a plain
// function, tested without ImGui.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/dispatch.h"
#include "engine/incident.h"

namespace gridlink {

struct App;

// [SECTION] events (no ImGui)

// True for the states a case can be sent to a responder from: not yet dispatched (reported cases are
// registered first), or dispatched / accepted (then it is a reassignment, 改派).
bool CanDispatch(CaseState state);
// The events that send `resource` to `incident`: 立案 then 派遣 for a case just reported; 派遣 for a
// registered or returned one; 改派 for one already with a responder.
std::vector<Event> DispatchEvents(const Incident& incident, const Resource& resource, std::int64_t now_ms,
                                  const std::string& reason);
// incident.summoned calling `volunteers` (SummonCandidates) within radius_m.
Event SummonEvent(const World& world, const Incident& incident, const std::vector<std::size_t>& volunteers,
                  double radius_m, std::int64_t now_ms);

// [SECTION] panel

// What the dispatch section remembers between frames.
struct DispatchPanel {
    int picked = 0;                                                     // the candidate row Enter dispatches
    float summon_radius_m = static_cast<float>(kDefaultSummonRadiusM);  // 一键召唤 radius
    std::string message;  // the last dispatch's outcome ("已派遣 ..." or the refusal)
    bool message_is_error = false;
    // The ranked list, again when the case or the World changes.
    std::int64_t case_index = -1, revision = -1;
    std::vector<DispatchCandidate> candidates;
    std::vector<std::size_t> summonable;
    float summonable_radius = -1;
};

// The candidates table, summon and the summoned volunteers' answers for the selected case.
void ShowDispatchSection(App& app, const Incident& incident);
// The keyboard path; call once per frame after the panels.
void HandleDispatchKeys(App& app);

}  // namespace gridlink
