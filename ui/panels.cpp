// Panels: layers (visibility, opacity), the five-level grid tree with search, the selected grid's
// details, and the status bar (cursor lon/lat, scale, frame time).
#include "panels.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <functional>

#include "engine/grid_display.h"
#include "layers/choropleth_layer.h"
#include "ui/overlays.h"
#include "ui/workstation.h"

namespace gridlink {

// [SECTION] layers

void ShowLayersPanel(App& app) {
    if (!BeginInRegion(app.regions, Region::kLeft, "图层 Layers")) return EndInRegion(app.regions, Region::kLeft);
    for (const auto& layer : app.view.layers()) {
        ImGui::PushID(layer.get());
        std::string title(layer->title());
        if (ImGui::Checkbox(title.c_str(), &layer->visible)) app.request_redraw();
        ImGui::SetNextItemWidth(120);
        if (ImGui::SliderFloat("##opacity", &layer->opacity, 0.0f, 1.0f, "%.2f")) app.request_redraw();
        if (auto* choropleth = dynamic_cast<ChoroplethLayer*>(layer.get()); choropleth && layer->visible) {
            ShowChoroplethControls(*choropleth, [&app] { app.request_redraw(); });
        }
        ImGui::PopID();
    }
    EndInRegion(app.regions, Region::kLeft);
}

// [SECTION] the choropleth's measure and legend (the wall calls these too)

void ShowChoroplethControls(ChoroplethLayer& layer, const std::function<void()>& changed) {
    int measure = static_cast<int>(layer.measure());
    ImGui::SetNextItemWidth(200);
    if (ImGui::BeginCombo("##measure", MeasureName(layer.measure()))) {
        for (int m = 0; m < kChoroplethMeasureCount; ++m) {
            if (ImGui::Selectable(MeasureName(static_cast<ChoroplethMeasure>(m)), m == measure)) {
                layer.set_measure(static_cast<ChoroplethMeasure>(m));
                changed();
            }
        }
        ImGui::EndCombo();
    }
    ShowChoroplethLegend(layer.legend());
}

void ShowChoroplethLegend(const ChoroplethLegend& legend) {
    if (legend.labels.empty()) return;
    ImGui::TextDisabled("%s", legend.title.c_str());
    ImDrawList* list = ImGui::GetWindowDrawList();
    auto swatch = [&](Rgba c, const std::string& label) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        list->AddRectFilled(at, ImVec2(at.x + 2 * h, at.y + h), IM_COL32(c.r, c.g, c.b, c.a));
        list->AddRect(at, ImVec2(at.x + 2 * h, at.y + h), IM_COL32(90, 90, 90, 200));
        ImGui::Dummy(ImVec2(2 * h, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(label.c_str());
    };
    for (std::size_t k = 0; k < legend.labels.size(); ++k) swatch(legend.colors[k], legend.labels[k]);
    if (legend.has_no_data) swatch(legend.no_data, "无数据 no data");
}

// [SECTION] grid tree and search

static bool Matches(const Grid& g, const char* query) {
    return std::strstr(g.code.c_str(), query) || std::strstr(g.name.c_str(), query);
}

static void TreeNode(App& app, std::size_t index) {
    const GridSet& grids = app.world.grids;
    const Grid& g = grids[index];
    const auto& children = grids.children(index);
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (children.empty()) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (app.view.selection.selected_grid == static_cast<std::int64_t>(index)) flags |= ImGuiTreeNodeFlags_Selected;
    const std::string label = DisplayName(grids, index) + "  " + g.code;
    const bool open = ImGui::TreeNodeEx(g.code.c_str(), flags, "%s", label.c_str());
    if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) app.focus_grid(index, glfwGetTime());
    if (open && !children.empty()) {
        for (std::size_t c : children) TreeNode(app, c);
        ImGui::TreePop();
    }
}

void ShowGridTree(App& app) {
    if (!BeginInRegion(app.regions, Region::kLeft, "网格树 Grid tree", nullptr, -1)) {
        return EndInRegion(app.regions, Region::kLeft);
    }
    const GridSet& grids = app.world.grids;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##search", "搜索编码或名称 search code or name", app.search, sizeof app.search);
    if (app.search[0]) {
        int shown = 0;
        for (std::size_t i = 0; i < grids.size() && shown < 200; ++i) {
            if (!Matches(grids[i], app.search)) continue;
            ++shown;
            const std::string label = grids[i].name + "  " + grids[i].code + "  (" + LevelName(grids[i].level) + ")";
            if (ImGui::Selectable(label.c_str(), app.view.selection.selected_grid == static_cast<std::int64_t>(i))) {
                app.focus_grid(i, glfwGetTime());
            }
        }
        if (!shown) ImGui::TextDisabled("无结果 no match");
    } else {
        const int top = [&] {
            for (int l = 1; l <= kLevelCount; ++l) {
                if (!grids.at_level(l).empty()) return l;
            }
            return 0;
        }();
        for (std::size_t i : grids.at_level(top)) TreeNode(app, i);
    }
    EndInRegion(app.regions, Region::kLeft);
}

// [SECTION] selection

static std::string FormatArea(double m2) {
    char text[64];
    if (m2 >= 1e6) {
        std::snprintf(text, sizeof text, "%.2f km²", m2 / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.0f m²", m2);
    }
    return text;
}

void ShowSelectionPanel(App& app) {
    const std::int64_t selected = app.view.selection.selected_grid;
    if (selected < 0) {
        // Nothing picked: the right column says how to fill it (it keeps its place, so the map does not jump).
        if (app.incidents.selected >= 0) return;
        if (BeginInRegion(app.regions, Region::kRight, "详情 Details", nullptr, -1)) {
            ImGui::TextWrapped("点击地图上的网格或事件查看详情。Click a grid or a case on the map to see it here.");
        }
        return EndInRegion(app.regions, Region::kRight);
    }
    const GridSet& grids = app.world.grids;
    const Grid& g = grids[static_cast<std::size_t>(selected)];
    bool open = true;
    if (!BeginInRegion(app.regions, Region::kRight, "网格详情 Grid", &open)) {
        EndInRegion(app.regions, Region::kRight);
        if (!open) app.view.set_selected(-1);
        return;
    }
    ImGui::PushFont(app.fonts.label);
    ImGui::TextUnformatted(g.name.empty() ? g.code.c_str() : g.name.c_str());
    ImGui::PopFont();
    if (ImGui::BeginTable("grid", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [](const char* key, const std::string& value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", key);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
        };
        row("编码 code", g.code);
        row("级别 level", std::to_string(g.level) + " " + LevelName(g.level) + " (" + LevelNameEnglish(g.level) + ")");
        row("负责人 responsible", g.responsible.empty() ? "-" : g.responsible);
        row("电话 phone", g.phone.empty() ? "-" : g.phone);
        row("面积 area", FormatArea(g.area_m2));
        row("下级 children", std::to_string(grids.children(static_cast<std::size_t>(selected)).size()));
        ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextDisabled("上级 parents");
    const auto chain = grids.ancestry(static_cast<std::size_t>(selected));
    for (std::size_t k = chain.size(); k-- > 1;) {
        const Grid& p = grids[chain[k]];
        const std::string label = std::string(LevelName(p.level)) + "  " + p.name + "  " + p.code;
        if (ImGui::Selectable(label.c_str())) app.focus_grid(chain[k], glfwGetTime());
    }
    EndInRegion(app.regions, Region::kRight);
    if (!open) {
        app.view.set_selected(-1);
        app.request_redraw();
    }
}

// [SECTION] status bar

void ShowStatusBar(App& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float height = ImGui::GetFrameHeight() + kStatusBarPadding;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
    ImGui::SetNextWindowBgAlpha(0.85f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (!ImGui::Begin("##status", nullptr, flags)) return ImGui::End();
    if (app.cursor_on_map && app.to_lonlat) {
        Vec2 p = app.view.camera.to_world(app.cursor_screen);
        app.to_lonlat->apply(p);
        ImGui::Text("经纬度 %.6f, %.6f", p.x, p.y);
    } else {
        ImGui::TextDisabled("经纬度 -");
    }
    ImGui::SameLine(260);
    const int level = app.view.frame(0, nullptr).grid_fill_level;
    ImGui::Text("1 px = %s   显示 %s", FormatDistance(app.view.camera.meters_per_pixel).c_str(), LevelName(level));
    ImGui::SameLine(520);
    if (app.hovered) {
        ImGui::TextUnformatted(app.hovered->label.c_str());
    }
    ImGui::SameLine(vp->Size.x - 760);
    if (app.feed_status.empty()) {
        ImGui::TextDisabled("只读 read-only");
    } else {
        // The log's clock: the time of the latest event the seat holds.
        const std::int64_t clock = app.world.incidents.clock_ms;
        ImGui::Text("%s  %lld events  %s", app.feed_status.c_str(), static_cast<long long>(app.feed_events),
                    clock > 0 ? ("最新 latest " + FormatIsoTime(clock).substr(11, 8)).c_str() : "");
    }
    ImGui::SameLine(vp->Size.x - 420);
    ImGui::TextDisabled("%s  %zu grids  %.1f ms", app.workspace_label.c_str(), app.world.grids.size(), app.frame_ms);
    // The panel regions folded away or back: the map takes the room.
    ImGui::SameLine(vp->Size.x - 190);
    PanelRegions& r = app.regions;
    const bool before[] = {r.left_open, r.bottom_open, r.right_open};
    ImGui::Checkbox("左##left", &r.left_open);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("左栏 left panels");
    ImGui::SameLine();
    ImGui::Checkbox("下##bottom", &r.bottom_open);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("底栏 incident queue");
    ImGui::SameLine();
    ImGui::Checkbox("右##right", &r.right_open);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("右栏 details");
    if (before[0] != r.left_open || before[1] != r.bottom_open || before[2] != r.right_open) app.request_redraw();
    ImGui::End();
}

}  // namespace gridlink
