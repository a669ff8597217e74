// Incident panels: the queue window (header totals, the outside-jurisdiction tab, filters, a clipped
// table) and the detail window (the case, its grid chain, lifecycle actions sent as events, history).
// The World changes only when a sent event comes back durable; these panels never write to it.
#include "incident_panels.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "engine/grid_display.h"
#include "ui/workstation.h"

namespace gridlink {

// [SECTION] formatting and actions

std::string FormatDuration(std::int64_t ms) {
    const std::int64_t minutes = (ms < 0 ? -ms : ms) / 60000;
    const std::int64_t hours = minutes / 60, days = hours / 24;
    char text[48];
    if (minutes < 1) {
        std::snprintf(text, sizeof text, "<1m");
    } else if (hours < 1) {
        std::snprintf(text, sizeof text, "%lldm", static_cast<long long>(minutes));
    } else if (days < 1) {
        if (minutes % 60) {
            std::snprintf(text, sizeof text, "%lldh %lldm", static_cast<long long>(hours),
                          static_cast<long long>(minutes % 60));
        } else {
            std::snprintf(text, sizeof text, "%lldh", static_cast<long long>(hours));
        }
    } else if (hours % 24) {
        std::snprintf(text, sizeof text, "%lldd %lldh", static_cast<long long>(days),
                      static_cast<long long>(hours % 24));
    } else {
        std::snprintf(text, sizeof text, "%lldd", static_cast<long long>(days));
    }
    return text;
}

std::string FormatTimeLeft(std::int64_t deadline_ms, std::int64_t now_ms) {
    if (now_ms > deadline_ms) return "超时 " + FormatDuration(now_ms - deadline_ms) + " overdue";
    return "剩余 " + FormatDuration(deadline_ms - now_ms);
}

std::string CaseTimeText(const Incident& incident, std::int64_t now_ms) {
    switch (incident.state) {
        case CaseState::kClosed: return incident.closed_ms <= incident.deadline_ms ? "按期 on time" : "超期 late";
        case CaseState::kCancelled: return "-";
        default: return FormatTimeLeft(incident.deadline_ms, now_ms);
    }
}

std::string FormatClock(std::int64_t ms, std::int64_t now_ms) {
    const std::string time = FormatIsoTime(ms);  // 2026-11-27T09:05:00+08:00
    const std::string today = FormatIsoTime(now_ms);
    if (time.size() < 16 || today.size() < 10) return time;
    if (time.compare(0, 10, today, 0, 10) == 0) return time.substr(11, 5);
    return time.substr(5, 5) + " " + time.substr(11, 5);
}

const char* ActionLabel(EventType type) {
    switch (type) {
        case EventType::kIncidentReported: return "上报 Report";
        case EventType::kIncidentRegistered: return "立案 Register";
        case EventType::kIncidentDispatched: return "派遣 Dispatch";
        case EventType::kIncidentAccepted: return "接单 Accept";
        case EventType::kIncidentHandled: return "处置 Handled";
        case EventType::kIncidentVerified: return "核查 Verify";
        case EventType::kIncidentClosed: return "结案 Close";
        case EventType::kIncidentReturned: return "退回 Return";
        case EventType::kIncidentCancelled: return "作废 Cancel";
        case EventType::kIncidentReassigned: return "改派 Reassign";
        case EventType::kIncidentRecalled: return "撤回 Recall";
        case EventType::kIncidentSummoned: return "一键召唤 Summon";
        case EventType::kResourceMoved: return "移动 Move";
        case EventType::kResourceStatus: return "状态 Status";
    }
    return "";
}

std::string SourceLabel(const std::string& source) {
    struct Known {
        std::string_view code, label;
    };
    static constexpr Known kKnown[] = {
        {"hotline_12345", "12345热线 hotline"}, {"grid_worker", "网格员巡查 grid worker"},
        {"camera_ai", "智能监控 video AI"},     {"public_app", "随手拍 public app"},
        {"supervisor", "监督员 supervisor"},
    };
    for (const Known& k : kKnown) {
        if (k.code == source) return std::string(k.label);
    }
    return source.empty() ? "-" : source;
}

Event MakeCaseEvent(const Incident& incident, EventType type, std::int64_t now_ms, const std::string& resource,
                    const std::string& reason) {
    Event event;
    event.type = type;
    event.id = incident.id;
    event.t_ms = now_ms;
    event.t = FormatIsoTime(now_ms);
    if (type == EventType::kIncidentDispatched || type == EventType::kIncidentReassigned) event.resource = resource;
    if (type != EventType::kIncidentReported) event.reason = reason;
    return event;
}

// [SECTION] drawing helpers

namespace {

constexpr double kIncidentMetersPerPixel = 2.0;  // close enough to see the street the case is on

const ImVec4 kOverdueRed(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kOutsideOrange(0.82f, 0.42f, 0.0f, 1.0f);
const ImVec4 kGrey(0.45f, 0.45f, 0.48f, 1.0f);

ImVec4 PriorityColour(int priority) {
    switch (priority) {
        case 1: return kOverdueRed;
        case 2: return kOutsideOrange;
        case 3: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
        default: return kGrey;
    }
}

std::string GridName(const World& world, std::int64_t grid) {
    if (grid < 0 || static_cast<std::size_t>(grid) >= world.grids.size()) return "-";
    const std::string name = DisplayName(world.grids, static_cast<std::size_t>(grid));
    return name.empty() ? world.grids[static_cast<std::size_t>(grid)].code : name;
}

// A finest grid with its community, so that "第15单元" is not ambiguous: "龙康社区 第15单元".
std::string GridWithCommunity(const World& world, std::int64_t grid) {
    if (grid < 0 || static_cast<std::size_t>(grid) >= world.grids.size()) return "-";
    const auto chain = world.grids.ancestry(static_cast<std::size_t>(grid));
    for (std::size_t k = 1; k < chain.size(); ++k) {
        if (world.grids[chain[k]].level == static_cast<int>(GridLevel::Community)) {
            return GridName(world, static_cast<std::int64_t>(chain[k])) + " " + GridName(world, grid);
        }
    }
    return GridName(world, grid);
}

// A toggle that looks like a button, highlighted while on. Returns true when clicked.
bool ToggleChip(const char* label, bool on) {
    const ImVec4 off_colour = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
    const ImVec4 on_colour = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
    ImGui::PushStyleColor(ImGuiCol_Button, on ? on_colour : off_colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
    ImGui::PushStyleColor(ImGuiCol_Text, on ? ImVec4(1, 1, 1, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    const bool clicked = ImGui::SmallButton(label);
    ImGui::PopStyleColor(3);
    return clicked;
}

// SameLine when the next item of `width` still fits on the line, else a new line.
void SameLineIfFits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (next + width <= right) ImGui::SameLine();
}

void ReadOnlyTooltip(bool read_only) {
    if (read_only && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("只读 read-only: no event log open");
    }
}

// Recomputes the totals of every case when the World or the second changed.
void RefreshTotals(const World& world, IncidentPanels::Cache& cache, std::int64_t now_ms) {
    const std::int64_t second = now_ms / 1000;
    if (cache.totals_revision == world.incidents.revision && cache.totals_second == second) return;
    cache.totals_revision = world.incidents.revision;
    cache.totals_second = second;
    IncidentFilter every_case;
    every_case.states = kAllStates;
    cache.totals = CountIncidents(world, every_case, now_ms);
}

// Recomputes the queue when the World, filter, sort or second changed.
void RefreshQueue(const World& world, IncidentPanels& panels, const IncidentFilter& filter, std::int64_t now_ms) {
    IncidentPanels::Cache& cache = panels.cache;
    const std::int64_t second = now_ms / 1000;
    if (cache.revision == world.incidents.revision && cache.second == second && cache.filter == filter &&
        cache.sort == panels.sort) {
        return;
    }
    cache.revision = world.incidents.revision;
    cache.second = second;
    cache.filter = filter;
    cache.sort = panels.sort;
    cache.rows = QueueRows(world, filter, panels.sort, now_ms);
    cache.counts = CountIncidents(world, filter, now_ms);
}

}  // namespace

// [SECTION] fly-to

void FocusIncident(App& app, std::size_t index, double now) {
    const std::vector<Incident>& cases = app.world.incidents.cases;
    if (index >= cases.size()) return;
    app.incidents.selected = static_cast<std::int64_t>(index);
    const Vec2 position = cases[index].position;
    // The camera's viewport is the visible map (the panels sit around it): the case lands in its middle.
    app.view.camera.fly_to(position, kIncidentMetersPerPixel, now);
    app.request_redraw();
}

// [SECTION] urgent arrivals

bool IsUrgent(const Incident& incident) {
    return incident.priority <= 2 || kIncidentCategories[incident.category].code == "emergency";
}

void NoteArrival(IncidentPanels& panels, const World& world, std::size_t index, double now) {
    if (index >= world.incidents.cases.size() || !IsUrgent(world.incidents.cases[index])) return;
    panels.urgent.push_back({index, now});
    if (panels.urgent.size() > 5) panels.urgent.erase(panels.urgent.begin());
}

void ShowUrgentArrivals(App& app) {
    IncidentPanels& panels = app.incidents;
    const double now = glfwGetTime();
    std::erase_if(panels.urgent, [&](const IncidentPanels::Arrival& a) {
        return now - a.arrived > kUrgentShownSeconds || a.index >= app.world.incidents.cases.size() ||
               !IsOpen(app.world.incidents.cases[a.index].state);
    });
    if (panels.urgent.empty()) return;
    ImGui::SetNextWindowPos(ImVec2(app.regions.map.x + 10, app.regions.map.y + 10), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.92f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                   ImGuiWindowFlags_NoMove;
    if (!ImGui::Begin("紧急事件 Urgent cases", nullptr, flags)) return ImGui::End();
    std::size_t dismissed = panels.urgent.size();
    for (std::size_t k = panels.urgent.size(); k-- > 0;) {  // newest first
        const IncidentPanels::Arrival& a = panels.urgent[k];
        const Incident& c = app.world.incidents.cases[a.index];
        ImGui::PushID(static_cast<int>(a.index));
        ImGui::TextColored(ImVec4(0.85f, 0.1f, 0.1f, 1), "P%d", c.priority);
        ImGui::SameLine();
        ImGui::Text("%s  %s  %s  %s", std::string(kIncidentCategories[c.category].name_zh).c_str(),
                    c.grid >= 0 ? GridWithCommunity(app.world, c.grid).c_str() : "辖区外 outside",
                    FormatClock(c.reported_ms, app.now_ms()).c_str(), c.id.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("飞至 fly")) FocusIncident(app, a.index, now);
        ImGui::SameLine();
        if (ImGui::SmallButton("×")) dismissed = k;
        ImGui::PopID();
    }
    if (dismissed < panels.urgent.size())
        panels.urgent.erase(panels.urgent.begin() + static_cast<std::ptrdiff_t>(dismissed));
    ImGui::End();
}

// [SECTION] queue window

namespace {

void ShowQueueHeader(const IncidentCounts& totals, std::int64_t now_ms) {
    ImGui::Text("未结 open %d", totals.open);
    ImGui::SameLine(0, 18);
    ImGui::TextColored(totals.overdue ? kOverdueRed : kGrey, "超时 overdue %d", totals.overdue);
    ImGui::SameLine(0, 18);
    ImGui::TextColored(totals.outside_open ? kOutsideOrange : kGrey, "辖区外 outside %d", totals.outside_open);
    ImGui::SameLine(0, 18);
    ImGui::TextDisabled("共 total %d   现在 now %s", totals.total, FormatClock(now_ms, now_ms).c_str());
}

void ShowStateChips(IncidentPanels& panels, const IncidentCounts& counts) {
    CaseStateMask& states = panels.filter.states;
    char label[96];
    std::snprintf(label, sizeof label, "未结 open %d", counts.open);
    if (ToggleChip(label, states == kOpenStates)) states = kOpenStates;
    ImGui::SameLine();
    std::snprintf(label, sizeof label, "全部 all %d", counts.total);
    if (ToggleChip(label, states == kAllStates)) states = kAllStates;
    ImGui::SameLine(0, 16);
    ImGui::TextDisabled("|");
    for (int s = 0; s < kCaseStateCount; ++s) {
        const auto state = static_cast<CaseState>(s);
        const std::string name(CaseStateLabel(state));
        const int count = counts.by_state[static_cast<std::size_t>(s)];
        std::snprintf(label, sizeof label, "%s %d##state%d", name.c_str(), count, s);
        SameLineIfFits(ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x);
        const bool on = states & StateBit(state);
        // A click on one state of a preset shows that state alone; later clicks add or remove states.
        if (ToggleChip(label, on)) {
            if (states == kOpenStates || states == kAllStates) {
                states = StateBit(state);
            } else {
                states ^= StateBit(state);
                if (!states) states = kOpenStates;
            }
        }
    }
}

void ShowFilterRow(App& app, IncidentPanels& panels) {
    IncidentFilter& filter = panels.filter;
    ImGui::SetNextItemWidth(170);
    const std::string category_preview = filter.category < 0
                                             ? "全部类别 any category"
                                             : std::string(kIncidentCategories[filter.category].name_zh) + " " +
                                                   std::string(kIncidentCategories[filter.category].name_en);
    if (ImGui::BeginCombo("##category", category_preview.c_str())) {
        if (ImGui::Selectable("全部类别 any category", filter.category < 0)) filter.category = -1;
        for (int k = 0; k < kCategoryCount; ++k) {
            const IncidentCategory& c = kIncidentCategories[k];
            char label[128];
            std::snprintf(label, sizeof label, "%.*s %.*s (%dh)", static_cast<int>(c.name_zh.size()), c.name_zh.data(),
                          static_cast<int>(c.name_en.size()), c.name_en.data(), c.deadline_hours);
            if (ImGui::Selectable(label, filter.category == k)) filter.category = k;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox("仅超时 overdue", &filter.overdue_only);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    if (ImGui::BeginCombo("##sort", IncidentSortLabel(panels.sort))) {
        for (int s = 0; s < kIncidentSortCount; ++s) {
            const auto sort = static_cast<IncidentSort>(s);
            if (ImGui::Selectable(IncidentSortLabel(sort), panels.sort == sort)) panels.sort = sort;
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("排序 sort");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##search", "搜索编号或内容 search id or text", panels.search, sizeof panels.search);
    if (!panels.outside_tab) {
        const std::int64_t map_grid = app.view.selection.selected_grid;
        ImGui::Checkbox("按地图所选网格 map grid", &panels.follow_map_grid);
        ImGui::SameLine();
        if (map_grid >= 0) {
            const Grid& g = app.world.grids[static_cast<std::size_t>(map_grid)];
            if (panels.follow_map_grid) {
                ImGui::Text("%s %s (%s)", LevelName(g.level), GridName(app.world, map_grid).c_str(), g.code.c_str());
            } else {
                ImGui::TextDisabled("%s %s", LevelName(g.level), GridName(app.world, map_grid).c_str());
            }
        } else {
            ImGui::TextDisabled("地图未选网格: 全辖区 no grid selected: whole jurisdiction");
        }
    }
}

void ShowQueueTable(App& app, IncidentPanels& panels, std::int64_t now_ms) {
    const World& world = app.world;
    const std::vector<std::size_t>& rows = panels.cache.rows;
    if (rows.empty()) {
        ImGui::TextDisabled(world.incidents.cases.empty() ? "暂无事件 no incidents yet"
                                                          : "无符合条件的事件 no case matches");
        return;
    }
    const bool outside = panels.outside_tab;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Sortable;
    // A click on a header sorts by it (the sort combo above does the same); columns without a sort say so.
    enum SortColumn : ImGuiID { kByNothing, kByPriority, kByReported, kByDeadline, kByGrid };
    const auto first = [&](ImGuiID column) {
        const bool now =
            (column == kByPriority && panels.sort == IncidentSort::kPriority) ||
            (column == kByReported && (panels.sort == IncidentSort::kNewest || panels.sort == IncidentSort::kOldest)) ||
            (column == kByDeadline && panels.sort == IncidentSort::kDeadline) ||
            (column == kByGrid && panels.sort == IncidentSort::kGrid);
        return now ? ImGuiTableColumnFlags_DefaultSort : ImGuiTableColumnFlags_None;
    };
    const ImGuiTableColumnFlags unsorted = ImGuiTableColumnFlags_NoSort;
    const int columns = outside ? 9 : 8;
    const ImVec2 size(0, ImGui::GetContentRegionAvail().y);
    if (!ImGui::BeginTable(outside ? "outside" : "queue", columns, flags, size)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("优先 P", first(kByPriority) | ImGuiTableColumnFlags_PreferSortAscending, 0, kByPriority);
    ImGui::TableSetupColumn("编号 ID", unsorted);
    ImGui::TableSetupColumn("类别 category", unsorted);
    ImGui::TableSetupColumn("状态 state", unsorted);
    if (outside) {
        ImGui::TableSetupColumn("最近网格 nearest grid", ImGuiTableColumnFlags_WidthStretch | unsorted);
        ImGui::TableSetupColumn("距离 distance", unsorted);
    } else {
        ImGui::TableSetupColumn("网格 grid", ImGuiTableColumnFlags_WidthStretch | first(kByGrid), 0, kByGrid);
    }
    ImGui::TableSetupColumn("上报 reported", first(kByReported) | ImGuiTableColumnFlags_PreferSortDescending, 0,
                            kByReported);
    ImGui::TableSetupColumn("时限 time left", first(kByDeadline) | ImGuiTableColumnFlags_PreferSortAscending, 0,
                            kByDeadline);
    ImGui::TableSetupColumn("##fly", unsorted);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& by = specs->Specs[0];
            const IncidentSort before = panels.sort;
            switch (by.ColumnUserID) {
                case kByPriority: panels.sort = IncidentSort::kPriority; break;
                case kByReported:
                    panels.sort = by.SortDirection == ImGuiSortDirection_Ascending ? IncidentSort::kOldest
                                                                                   : IncidentSort::kNewest;
                    break;
                case kByDeadline: panels.sort = IncidentSort::kDeadline; break;
                case kByGrid: panels.sort = IncidentSort::kGrid; break;
                default: break;
            }
            if (panels.sort != before) app.request_redraw();
        }
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t index = rows[static_cast<std::size_t>(row)];
            const Incident& c = world.incidents.cases[index];
            ImGui::PushID(static_cast<int>(index));
            ImGui::TableNextRow();

            ImGui::TableNextColumn();
            char priority[16];
            std::snprintf(priority, sizeof priority, "P%d", c.priority);
            ImGui::PushStyleColor(ImGuiCol_Text, PriorityColour(c.priority));
            const bool selected = panels.selected == static_cast<std::int64_t>(index);
            const ImGuiSelectableFlags select_flags = ImGuiSelectableFlags_SpanAllColumns |
                                                      ImGuiSelectableFlags_AllowDoubleClick |
                                                      ImGuiSelectableFlags_AllowItemOverlap;
            if (ImGui::Selectable(priority, selected, select_flags)) {
                panels.selected = static_cast<std::int64_t>(index);
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) FocusIncident(app, index, glfwGetTime());
                app.request_redraw();
            }
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n双击飞至 double-click to fly there", c.text.c_str());

            ImGui::TableNextColumn();
            ImGui::TextUnformatted(c.id.c_str());
            ImGui::TableNextColumn();
            const std::string_view category = kIncidentCategories[c.category].name_zh;
            ImGui::TextUnformatted(category.data(), category.data() + category.size());
            ImGui::TableNextColumn();
            const std::string_view state = CaseStateLabel(c.state);
            if (IsOpen(c.state)) {
                ImGui::TextUnformatted(state.data(), state.data() + state.size());
            } else {
                ImGui::TextDisabled("%.*s", static_cast<int>(state.size()), state.data());
            }
            ImGui::TableNextColumn();
            if (outside) {
                ImGui::TextUnformatted(GridWithCommunity(world, c.nearest_grid).c_str());
                ImGui::TableNextColumn();
                ImGui::TextColored(kOutsideOrange, "%s", FormatMeters(c.distance_m).c_str());
            } else if (c.grid >= 0) {
                ImGui::TextUnformatted(GridWithCommunity(world, c.grid).c_str());
            } else {
                ImGui::TextColored(kOutsideOrange, "辖区外 outside");
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatClock(c.reported_ms, now_ms).c_str());
            ImGui::TableNextColumn();
            const std::string time_left = CaseTimeText(c, now_ms);
            const bool late = c.overdue(now_ms) || (c.state == CaseState::kClosed && c.closed_ms > c.deadline_ms);
            if (late) {
                ImGui::TextColored(kOverdueRed, "%s", time_left.c_str());
            } else {
                ImGui::TextUnformatted(time_left.c_str());
            }
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("飞至 fly")) FocusIncident(app, index, glfwGetTime());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

void ShowIncidentQueue(App& app) {
    IncidentPanels& panels = app.incidents;
    // The bottom band, under the map between the side columns (folding it gives the map the room).
    if (!BeginInRegion(app.regions, Region::kBottom, "事件队列 Incidents"))
        return EndInRegion(app.regions, Region::kBottom);
    const std::int64_t now_ms = app.now_ms();
    // Totals first (every case): the header and the tab labels show them.
    RefreshTotals(app.world, panels.cache, now_ms);
    const IncidentCounts totals = panels.cache.totals;
    ShowQueueHeader(totals, now_ms);

    bool outside_tab = panels.outside_tab;
    if (ImGui::BeginTabBar("queues")) {
        char label[96];
        std::snprintf(label, sizeof label, "辖区内 jurisdiction %d###inside", totals.open - totals.outside_open);
        if (ImGui::BeginTabItem(label)) {
            outside_tab = false;
            ImGui::EndTabItem();
        }
        // The outside-jurisdiction queue stands out while it holds open cases.
        const bool alert = totals.outside_open > 0;
        if (alert) {
            ImGui::PushStyleColor(ImGuiCol_Tab, ImVec4(0.98f, 0.80f, 0.55f, 1.0f));
            ImGui::PushStyleColor(ImGuiCol_TabHovered, ImVec4(1.0f, 0.70f, 0.35f, 1.0f));
            ImGui::PushStyleColor(ImGuiCol_TabActive, ImVec4(1.0f, 0.62f, 0.25f, 1.0f));
        }
        std::snprintf(label, sizeof label, "辖区外 outside jurisdiction %d###outside", totals.outside_open);
        if (ImGui::BeginTabItem(label)) {
            outside_tab = true;
            ImGui::EndTabItem();
        }
        if (alert) ImGui::PopStyleColor(3);
        ImGui::EndTabBar();
    }
    panels.outside_tab = outside_tab;

    IncidentFilter filter = panels.filter;
    filter.text = panels.search;
    filter.outside_only = panels.outside_tab;
    filter.grid = !panels.outside_tab && panels.follow_map_grid ? app.view.selection.selected_grid : -1;
    RefreshQueue(app.world, panels, filter, now_ms);

    ShowStateChips(panels, panels.cache.counts);
    ShowFilterRow(app, panels);
    ImGui::Separator();
    ShowQueueTable(app, panels, now_ms);
    EndInRegion(app.regions, Region::kBottom);
}

// [SECTION] detail window

namespace {

void ShowCaseFacts(App& app, const Incident& c, std::int64_t now_ms) {
    const World& world = app.world;
    const IncidentCategory& category = kIncidentCategories[c.category];
    if (!ImGui::BeginTable("facts", 2)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    auto key = [](const char* text) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", text);
        ImGui::TableNextColumn();
    };
    key("类别 category");
    ImGui::Text("%.*s %.*s", static_cast<int>(category.name_zh.size()), category.name_zh.data(),
                static_cast<int>(category.name_en.size()), category.name_en.data());
    key("优先级 priority");
    ImGui::TextColored(PriorityColour(c.priority), "P%d", c.priority);
    key("状态 state");
    const std::string_view state = CaseStateLabel(c.state);
    ImGui::TextUnformatted(state.data(), state.data() + state.size());
    key("来源 source");
    ImGui::TextUnformatted(SourceLabel(c.source).c_str());
    key("内容 text");
    ImGui::TextWrapped("%s", c.text.empty() ? "-" : c.text.c_str());
    key("经纬度 lon/lat");
    ImGui::Text("%.6f, %.6f", c.lon, c.lat);
    key("上报 reported");
    ImGui::TextUnformatted(FormatClock(c.reported_ms, now_ms).c_str());
    key("时限 deadline");
    ImGui::Text("%s  (%dh)", FormatClock(c.deadline_ms, now_ms).c_str(), category.deadline_hours);
    key("时效 time left");
    const std::string time_left = CaseTimeText(c, now_ms);
    if (c.overdue(now_ms)) {
        ImGui::TextColored(kOverdueRed, "%s", time_left.c_str());
    } else {
        ImGui::TextUnformatted(time_left.c_str());
    }
    if (!IsOpen(c.state) && c.closed_ms >= 0) {
        key(c.state == CaseState::kClosed ? "结案 closed" : "作废 cancelled");
        ImGui::TextUnformatted(FormatClock(c.closed_ms, now_ms).c_str());
    }
    key("处置力量 resource");
    if (c.resource.empty()) {
        ImGui::TextDisabled("-");
    } else {
        if (const Resource* found = world.find_resource(c.resource)) {
            ImGui::Text("%s (%s)", found->name.c_str(), c.resource.c_str());
        } else {
            ImGui::TextUnformatted(c.resource.c_str());
        }
    }
    if (!c.reason.empty()) {
        key("原因 reason");
        ImGui::TextWrapped("%s", c.reason.c_str());
    }
    ImGui::EndTable();

    // Where: the grid chain from the district down to the finest grid, or outside with the nearest grid.
    ImGui::Separator();
    if (c.grid >= 0) {
        ImGui::TextDisabled("所属网格 grids (点击定位 click to focus)");
        const auto chain = world.grids.ancestry(static_cast<std::size_t>(c.grid));
        for (std::size_t k = chain.size(); k-- > 0;) {
            const Grid& g = world.grids[chain[k]];
            const std::string label = std::string(LevelName(g.level)) + "  " +
                                      GridName(world, static_cast<std::int64_t>(chain[k])) + "  " + g.code + "##chain" +
                                      std::to_string(k);
            if (ImGui::Selectable(label.c_str())) app.focus_grid(chain[k], glfwGetTime());
        }
        if (!chain.empty() && !world.grids[chain.front()].responsible.empty()) {
            const Grid& finest = world.grids[chain.front()];
            ImGui::TextDisabled("负责人 responsible");
            ImGui::SameLine();
            ImGui::Text("%s  %s", finest.responsible.c_str(), finest.phone.c_str());
        }
    } else {
        ImGui::TextColored(kOutsideOrange, "辖区外 outside jurisdiction");
        if (c.nearest_grid >= 0) {
            ImGui::Text("最近网格 nearest grid: %s  %s", GridName(world, c.nearest_grid).c_str(),
                        world.grids[static_cast<std::size_t>(c.nearest_grid)].code.c_str());
            ImGui::Text("距离 distance: %s", FormatMeters(c.distance_m).c_str());
        }
    }
}

void SendAction(App& app, IncidentPanels& panels, const Incident& c, EventType type) {
    const Event event = MakeCaseEvent(c, type, app.now_ms(), "", panels.reason);
    const Status status = app.submit(event);
    if (status) {
        panels.action_error.clear();
        panels.reason[0] = '\0';
    } else {
        panels.action_error = status.error();
    }
    panels.action_error_case = panels.selected;
    app.request_redraw();
}

void ShowActions(App& app, IncidentPanels& panels, const Incident& c) {
    const std::span<const EventType> allowed = AllowedEvents(c.state);
    ImGui::TextDisabled("处置 actions");
    if (allowed.empty()) {
        ImGui::TextDisabled("已办结, 无后续操作 finished: no further actions");
        return;
    }
    const bool read_only = !app.submit;
    ImGui::BeginDisabled(read_only);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", "原因/备注 reason or note (退回作废必填 required)", panels.reason,
                             sizeof panels.reason);
    ReadOnlyTooltip(read_only);
    const bool has_reason = panels.reason[0] != '\0';
    for (EventType type : allowed) {
        // Dispatch, reassignment and summons are sent from the dispatch section, with whom they name.
        if (type == EventType::kIncidentDispatched || type == EventType::kIncidentReassigned ||
            type == EventType::kIncidentSummoned) {
            continue;
        }
        ImGui::PushID(static_cast<int>(type));
        const bool needs_reason = type == EventType::kIncidentReturned || type == EventType::kIncidentCancelled;
        ImGui::BeginDisabled(needs_reason && !has_reason);
        if (needs_reason) ImGui::PushStyleColor(ImGuiCol_Text, kOverdueRed);
        if (ImGui::Button(ActionLabel(type))) SendAction(app, panels, c, type);
        if (needs_reason) ImGui::PopStyleColor();
        ImGui::EndDisabled();
        const bool explain = needs_reason && !has_reason && !read_only;
        if (explain && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::SetTooltip("请先填写原因 enter a reason first");
        }
        ImGui::SameLine();
        ReadOnlyTooltip(read_only);
        ImGui::PopID();
    }
    ImGui::NewLine();
    ImGui::EndDisabled();
    if (read_only) ImGui::TextDisabled("只读 read-only: no event log open");
    if (panels.action_error_case == panels.selected && !panels.action_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kOverdueRed);
        ImGui::TextWrapped("未接受 refused: %s", panels.action_error.c_str());
        ImGui::PopStyleColor();
    }
}

// A history row's origin, short and Chinese first: "调度 alice" for a dispatcher, "接入 127.0.0.1:5000" for a
// feed line, "模拟 simulator"; "—" where an older log did not record it.
std::string HistoryOrigin(const std::string& origin) {
    if (origin.empty()) return "—";
    if (origin.rfind("workstation:", 0) == 0) return "调度 " + origin.substr(12);
    if (origin.rfind("feed ", 0) == 0) return "接入 " + origin.substr(5);
    if (origin == "simulator" || origin.rfind("simulator via ", 0) == 0) return "模拟 simulator";
    return "接入 " + origin;
}

void ShowHistory(const Incident& c, std::int64_t now_ms) {
    ImGui::TextDisabled("事件记录 history (%zu)", c.history.size());
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("history", 4, flags)) return;
    ImGui::TableSetupColumn("时间 time");
    ImGui::TableSetupColumn("事件 event");
    ImGui::TableSetupColumn("来源 by");
    ImGui::TableSetupColumn("备注 note", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const CaseHistoryEntry& entry : c.history) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string time = FormatIsoTime(entry.t_ms);
        ImGui::TextUnformatted(FormatClock(entry.t_ms, now_ms).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s  #%lld", time.c_str(), static_cast<long long>(entry.seq));
        ImGui::TableNextColumn();
        // What happened: the state a lifecycle step led to; a summons, a volunteer's answer, a
        // reassignment or a recall by name (they do not, or not only, change the state).
        const bool answer = entry.type == EventType::kIncidentAccepted && entry.note != c.resource &&
                            std::find(c.summoned.begin(), c.summoned.end(), entry.note) != c.summoned.end();
        std::string_view label = CaseStateLabel(TargetState(entry.type));
        if (entry.type == EventType::kIncidentSummoned) label = "召唤 summoned";
        if (entry.type == EventType::kIncidentReassigned) label = "改派 reassigned";
        if (entry.type == EventType::kIncidentRecalled) label = "撤回 recalled";
        if (answer) label = "报到 answered";
        ImGui::TextUnformatted(label.data(), label.data() + label.size());
        ImGui::TableNextColumn();
        // Who sent it (older logs did not record it): the seat and operator, the feed's peer, the simulator.
        const std::string by = HistoryOrigin(entry.origin);
        ImGui::TextUnformatted(by.c_str());
        if (ImGui::IsItemHovered() && !entry.origin.empty()) ImGui::SetTooltip("%s", entry.origin.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", entry.note.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void ShowIncidentDetail(App& app) {
    IncidentPanels& panels = app.incidents;
    const std::vector<Incident>& cases = app.world.incidents.cases;
    if (panels.selected < 0 || static_cast<std::size_t>(panels.selected) >= cases.size()) return;
    const Incident& c = cases[static_cast<std::size_t>(panels.selected)];
    const std::int64_t now_ms = app.now_ms();
    // The right column, below the grid details, to the column's foot.
    bool open = true;
    if (!BeginInRegion(app.regions, Region::kRight, "事件详情 Incident###incident_detail", &open, -1)) {
        EndInRegion(app.regions, Region::kRight);
        if (!open) panels.selected = -1;
        return;
    }
    ImGui::PushFont(app.fonts.label);
    ImGui::TextUnformatted(c.id.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (c.overdue(now_ms)) {
        ImGui::TextColored(kOverdueRed, "超时 overdue");
        ImGui::SameLine();
    }
    const float fly_width = ImGui::CalcTextSize("飞至 Fly to").x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - fly_width));
    if (ImGui::Button("飞至 Fly to")) FocusIncident(app, static_cast<std::size_t>(panels.selected), glfwGetTime());

    // Who can go first: the case's facts and grids below it (two clicks from the queue to a responder).
    ShowDispatchSection(app, c);
    ShowCaseFacts(app, c, now_ms);
    ImGui::Separator();
    ShowActions(app, panels, c);
    ImGui::Separator();
    ShowHistory(c, now_ms);
    EndInRegion(app.regions, Region::kRight);
    if (!open) {
        panels.selected = -1;
        app.request_redraw();
    }
}

}  // namespace gridlink
