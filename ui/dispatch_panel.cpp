// The dispatch section and the keyboard path: ranked candidates (engine/dispatch.h) with a dispatch or
// reassign button each, one-click summon with the volunteers' answers, and the keys that do the same.
#include "dispatch_panel.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/workstation.h"

namespace gridlink {

// [SECTION] events

bool CanDispatch(CaseState state) {
    return state == CaseState::kReported || state == CaseState::kRegistered || state == CaseState::kReturned ||
           state == CaseState::kDispatched || state == CaseState::kAccepted;
}

std::vector<Event> DispatchEvents(const Incident& incident, const Resource& resource, std::int64_t now_ms,
                                  const std::string& reason) {
    std::vector<Event> events;
    if (!CanDispatch(incident.state)) return events;
    if (incident.state == CaseState::kReported) {
        events.push_back(MakeCaseEvent(incident, EventType::kIncidentRegistered, now_ms, "", ""));
    }
    const bool held = incident.state == CaseState::kDispatched || incident.state == CaseState::kAccepted;
    events.push_back(MakeCaseEvent(incident, held ? EventType::kIncidentReassigned : EventType::kIncidentDispatched,
                                   now_ms, resource.id, reason));
    return events;
}

Event SummonEvent(const World& world, const Incident& incident, const std::vector<std::size_t>& volunteers,
                  double radius_m, std::int64_t now_ms) {
    Event event = MakeCaseEvent(incident, EventType::kIncidentSummoned, now_ms, "", "");
    for (std::size_t i : volunteers) event.resources.push_back(world.resources[i].id);
    event.radius_m = radius_m;
    return event;
}

// [SECTION] panel

namespace {

const ImVec4 kRefused(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kDone(0.10f, 0.55f, 0.25f, 1.0f);

// Why a candidate cannot be sent (the feed's rule, WhyUnsendable), in words; empty when it can.
std::string WhyNot(const Resource& r) {
    switch (WhyUnsendable(r)) {
        case Unsendable::kNo: return {};
        case Unsendable::kNotDispatchable: return "不可派遣 cannot be sent";
        case Unsendable::kOnTask: return "任务中 on case " + r.task;
        case Unsendable::kOffDuty: return "下班 off duty";
        case Unsendable::kBusy: return "忙 busy";
    }
    return {};
}

// The ranked list and the summon list, again when the case or the World changed.
void Refresh(App& app, const Incident& incident) {
    DispatchPanel& d = app.incidents.dispatch;
    const std::int64_t index = app.incidents.selected;
    if (d.case_index != index || d.revision != app.world.incidents.revision) {
        d.candidates = RankCandidates(app.world, incident);
        d.summonable_radius = -1;
        if (d.case_index != index) {
            d.message.clear();
            const auto first_free = std::find_if(d.candidates.begin(), d.candidates.end(),
                                                 [](const DispatchCandidate& c) { return c.free; });
            d.picked = first_free == d.candidates.end() ? 0 : static_cast<int>(first_free - d.candidates.begin());
        }
        d.case_index = index;
        d.revision = app.world.incidents.revision;
    }
    if (d.summonable_radius != d.summon_radius_m) {
        d.summonable = SummonCandidates(app.world, incident, d.summon_radius_m);
        d.summonable_radius = d.summon_radius_m;
    }
}

// Sends events in order, stopping at the first refusal; says what happened.
void Send(App& app, const std::vector<Event>& events, const std::string& done) {
    DispatchPanel& d = app.incidents.dispatch;
    if (!app.submit) {
        d.message = "只读 read-only: no event log open";
        d.message_is_error = true;
        return;
    }
    for (const Event& e : events) {
        if (Status s = app.submit(e); !s) {
            d.message = "未接受 refused: " + s.error();
            d.message_is_error = true;
            app.request_redraw();
            return;
        }
    }
    d.message = done;
    d.message_is_error = false;
    app.request_redraw();
}

// The candidate's ETA as shown: "≈" marks the bounded estimate where the roads do not cover the trip
// (ArrivalOf decides; the panel and the map's labels only show it).
std::string EtaText(const DispatchCandidate& c) { return (c.uncovered ? "≈" : "") + FormatEta(c.eta_s); }

void DispatchTo(App& app, const Incident& incident, const DispatchCandidate& candidate) {
    const Resource& r = app.world.resources[candidate.resource];
    const bool held = incident.state == CaseState::kDispatched || incident.state == CaseState::kAccepted;
    Send(app, DispatchEvents(incident, r, app.now_ms(), app.incidents.reason),
         std::string(held ? "已改派 reassigned to " : "已派遣 dispatched to ") + r.name + " · " + EtaText(candidate));
}

void Summon(App& app, const Incident& incident) {
    const DispatchPanel& d = app.incidents.dispatch;
    if (d.summonable.empty()) return;
    char done[96];
    std::snprintf(done, sizeof done, "已召唤 summoned %zu 名志愿者 volunteers", d.summonable.size());
    Send(app, {SummonEvent(app.world, incident, d.summonable, d.summon_radius_m, app.now_ms())}, done);
}

bool CanSummon(CaseState state) { return IsAllowed(state, EventType::kIncidentSummoned); }

void ShowCandidates(App& app, const Incident& incident) {
    DispatchPanel& d = app.incidents.dispatch;
    const bool held = incident.state == CaseState::kDispatched || incident.state == CaseState::kAccepted;
    const bool roads = app.world.road_network != nullptr;
    ImGui::TextDisabled(held ? "改派 reassign: 候选力量 candidates" : "派遣 dispatch: 候选力量 candidates");
    ImGui::SameLine();
    ImGui::TextDisabled(roads ? "(按路网预计到达 by road ETA)" : "(直线距离 straight line)");
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("candidates", 5, flags)) return;
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("力量 responder", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(roads ? "路程 road" : "距离 dist.");
    ImGui::TableSetupColumn("预计 ETA");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < d.candidates.size(); ++k) {
        const DispatchCandidate& c = d.candidates[k];
        const Resource& r = app.world.resources[c.resource];
        ImGui::PushID(static_cast<int>(k));
        ImGui::TableNextRow();
        if (static_cast<int>(k) == d.picked) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_HeaderHovered));
        }
        ImGui::TableNextColumn();
        if (ImGui::Selectable(k < 9 ? std::to_string(k + 1).c_str() : " ", static_cast<int>(k) == d.picked)) {
            d.picked = static_cast<int>(k);
        }
        ImGui::TableNextColumn();
        const std::string why = WhyNot(r);
        if (!why.empty()) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        // The kind in words, unless the name already says it (the demo's names do: "巡逻车 苏E·D9171").
        const std::string kind(InfoOf(r.kind).name_zh);
        const bool named = r.name.find(kind) != std::string::npos;
        ImGui::Text("%s%s%s%s", c.own_worker ? "本网格 " : "", named ? "" : kind.c_str(), named ? "" : " ",
                    r.name.c_str());
        if (!why.empty()) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s  %s%s%s", r.id.c_str(), std::string(CodeOf(r.status)).c_str(),
                              why.empty() ? "" : "\n", why.c_str());
        }
        ImGui::TableNextColumn();
        const std::string metres = FormatMeters(c.road_m >= 0 ? c.road_m : c.distance_m);
        if (c.uncovered) {
            ImGui::TextDisabled("%s", metres.c_str());
        } else {
            ImGui::TextUnformatted(metres.c_str());
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("直线 straight %s%s%s", FormatMeters(c.distance_m).c_str(),
                              c.road_m >= 0 ? " · 路网 by road " : "",
                              c.road_m >= 0 ? FormatMeters(c.road_m).c_str() : "");
        }
        ImGui::TableNextColumn();
        if (c.uncovered) {
            // Greyed and marked "≈", the note in the tooltip and once under the table: a bounded estimate.
            ImGui::TextDisabled("%s", EtaText(c).c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip(
                    "路网未覆盖 · %s\nthe road network does not cover this trip (an end far from any "
                    "road, or a route far longer than the straight line):\nETA %s at off-road speed",
                    c.road_m >= 0 ? "离路段 off-road legs" : "直线 straight line",
                    c.road_m >= 0 ? "by road, the off-road legs" : "from the straight line");
            }
        } else {
            ImGui::TextUnformatted(EtaText(c).c_str());
        }
        ImGui::TableNextColumn();
        ImGui::BeginDisabled(!c.free || !app.submit);
        if (ImGui::SmallButton(held ? "改派" : "派遣")) {
            d.picked = static_cast<int>(k);
            DispatchTo(app, incident, c);
        }
        ImGui::EndDisabled();
        if (!c.free && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip("%s", why.c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (d.candidates.empty()) ImGui::TextDisabled("无可用力量 no free responder nearby");
    if (std::any_of(d.candidates.begin(), d.candidates.end(), [](const DispatchCandidate& c) { return c.uncovered; })) {
        ImGui::TextDisabled("≈ 路网未覆盖 · straight line");
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(
                "路网未覆盖: 按直线以离路速度估算\nthe road network does not cover these trips: their ETA is "
                "bounded, from the straight line at off-road speed");
        }
    }
}

void ShowSummon(App& app, const Incident& incident) {
    DispatchPanel& d = app.incidents.dispatch;
    if (CanSummon(incident.state)) {
        ImGui::SetNextItemWidth(150);
        ImGui::SliderFloat("##radius", &d.summon_radius_m, 100, 3000, "半径 radius %.0f m");
        ImGui::SameLine();
        char label[96];
        std::snprintf(label, sizeof label, "一键召唤 Summon %zu (V)", d.summonable.size());
        ImGui::BeginDisabled(d.summonable.empty() || !app.submit);
        if (ImGui::Button(label)) Summon(app, incident);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip("召唤半径内所有空闲党员志愿者 call every free volunteer within the radius");
        }
    }
    if (incident.summoned.empty()) return;
    ImGui::TextDisabled("已召唤 summoned %zu · 已报到 answered %zu (%.0f m)", incident.summoned.size(),
                        incident.answered.size(), incident.summon_radius_m);
    for (const std::string& id : incident.answered) {
        const Resource* r = app.world.find_resource(id);
        ImGui::TextColored(kDone, "报到 answered  %s", r ? r->name.c_str() : id.c_str());
    }
    std::size_t waiting = 0;
    for (const std::string& id : incident.summoned) {
        waiting += std::find(incident.answered.begin(), incident.answered.end(), id) == incident.answered.end();
    }
    if (waiting > 0) ImGui::TextDisabled("待响应 waiting for %zu", waiting);
}

}  // namespace

void ShowDispatchSection(App& app, const Incident& incident) {
    if (!IsOpen(incident.state)) return;
    Refresh(app, incident);
    DispatchPanel& d = app.incidents.dispatch;
    if (CanDispatch(incident.state)) ShowCandidates(app, incident);
    ShowSummon(app, incident);
    if (!d.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, d.message_is_error ? kRefused : kDone);
        ImGui::TextWrapped("%s", d.message.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextDisabled("键盘 keys: N/P 下一/上一 case · 1-9 选 pick · Enter 派遣 · V 召唤 · Del 撤回");
    ImGui::Separator();
}

void HandleDispatchKeys(App& app) {
    if (ImGui::GetIO().WantTextInput) return;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    IncidentPanels& panels = app.incidents;
    const std::vector<std::size_t>& rows = panels.cache.rows;
    if ((pressed(GLFW_KEY_N) || pressed(GLFW_KEY_P)) && !rows.empty()) {
        const bool forward = pressed(GLFW_KEY_N);
        auto at =
            std::find(rows.begin(), rows.end(), static_cast<std::size_t>(std::max<std::int64_t>(panels.selected, 0)));
        std::size_t pos = 0;
        if (panels.selected >= 0 && at != rows.end()) {
            const std::size_t here = static_cast<std::size_t>(at - rows.begin());
            pos = forward ? (here + 1) % rows.size() : (here + rows.size() - 1) % rows.size();
        } else if (!forward) {
            pos = rows.size() - 1;
        }
        FocusIncident(app, rows[pos], glfwGetTime());
        return;
    }
    const std::vector<Incident>& cases = app.world.incidents.cases;
    if (panels.selected < 0 || static_cast<std::size_t>(panels.selected) >= cases.size()) return;
    const Incident& incident = cases[static_cast<std::size_t>(panels.selected)];
    if (!IsOpen(incident.state)) return;
    Refresh(app, incident);
    DispatchPanel& d = panels.dispatch;
    for (int k = 0; k < 9; ++k) {
        if ((pressed(GLFW_KEY_1 + k) || pressed(GLFW_KEY_KP_1 + k)) && k < static_cast<int>(d.candidates.size())) {
            d.picked = k;
            app.request_redraw();
        }
    }
    // Enter belongs to ImGui while its keyboard navigation shows a focused widget (Enter presses that).
    const bool enter = (pressed(GLFW_KEY_ENTER) || pressed(GLFW_KEY_KP_ENTER)) && !ImGui::GetIO().NavVisible;
    if (enter && CanDispatch(incident.state) && d.picked < static_cast<int>(d.candidates.size())) {
        DispatchTo(app, incident, d.candidates[static_cast<std::size_t>(d.picked)]);
    }
    if (pressed(GLFW_KEY_V) && CanSummon(incident.state)) Summon(app, incident);
    if (pressed(GLFW_KEY_DELETE) && IsAllowed(incident.state, EventType::kIncidentRecalled)) {
        Send(app, {MakeCaseEvent(incident, EventType::kIncidentRecalled, app.now_ms(), "", panels.reason)},
             "已撤回 recalled");
    }
}

}  // namespace gridlink
