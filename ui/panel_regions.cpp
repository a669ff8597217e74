// The panel regions around the map (see panel_regions.h): arranged each frame, windows placed in them, sizes
// the user drags read back.
#include "panel_regions.h"

#include <algorithm>
#include <cmath>

#include "engine/camera.h"

namespace gridlink {

namespace {

constexpr float kMinColumn = 200, kMinBand = 120;

}  // namespace

void PanelRegions::arrange(float width, float height, float status_height, float title_height) {
    const float free_height = std::max(1.0f, height - status_height);
    const float lw = left_open ? std::clamp(left_width, kMinColumn, std::max(kMinColumn, 0.4f * width)) : 0;
    const float rw = right_open ? std::clamp(right_width, kMinColumn, std::max(kMinColumn, 0.4f * width)) : 0;
    left = {0, 0, lw, free_height};
    right = {width - rw, 0, rw, free_height};
    const float middle = std::max(1.0f, width - lw - rw);
    top = {lw, 0, middle, std::min(top_height, 0.4f * free_height)};
    float bh = 0;
    if (bottom_open) bh = bottom_folded ? title_height : std::clamp(bottom_height, kMinBand, 0.6f * free_height);
    bottom = {lw, free_height - bh, middle, bh};
    map = {lw, top.h, middle, std::max(1.0f, free_height - bh - top.h)};
    left_next = left.y;
    right_next = right.y;
}

bool PanelRegions::place_camera(Camera& camera) const {
    const Vec2 offset{std::round(map.x), std::round(map.y)};
    const int w = std::max(1, static_cast<int>(std::lround(map.w)));
    const int h = std::max(1, static_cast<int>(std::lround(map.h)));
    const bool changed =
        camera.width != w || camera.height != h || camera.offset.x != offset.x || camera.offset.y != offset.y;
    camera.width = w;
    camera.height = h;
    camera.offset = offset;
    return changed;
}

bool BeginInRegion(PanelRegions& regions, Region region, const char* name, bool* open, float height,
                   ImGuiWindowFlags flags) {
    regions.began = false;
    const bool side = region == Region::kLeft || region == Region::kRight;
    const ScreenRect& rect = region == Region::kLeft    ? regions.left
                             : region == Region::kRight ? regions.right
                             : region == Region::kTop   ? regions.top
                                                        : regions.bottom;
    if (rect.w < 1 || rect.h < 1) return false;  // the region is closed
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImVec2 pos(rect.x, rect.y), size(rect.w, rect.h);
    if (side) {
        float& next = region == Region::kLeft ? regions.left_next : regions.right_next;
        pos.y = next;
        const float rest = rect.bottom() - next;
        if (rest < ImGui::GetFrameHeight()) return false;  // no room left in the column
        size.y = height < 0 ? rest : std::min(height, rest);
    }
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + pos.x, viewport->Pos.y + pos.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    if (side && height == 0) {
        // Fitted to its content, never taller than what the column has left.
        ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, rect.bottom() - pos.y));
    }
    const bool shown = ImGui::Begin(name, open, flags | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    regions.began = true;
    // A size the user dragged becomes the region's (the panels' inner edges resize their region).
    const ImVec2 now = ImGui::GetWindowSize();
    if (!ImGui::IsWindowCollapsed()) {
        if (region == Region::kLeft && std::abs(now.x - size.x) > 0.5f) regions.left_width = now.x;
        if (region == Region::kRight && std::abs(now.x - size.x) > 0.5f) regions.right_width = now.x;
        if (region == Region::kBottom && std::abs(now.y - size.y) > 0.5f) regions.bottom_height = now.y;
        if (region == Region::kTop && std::abs(now.y - size.y) > 0.5f) regions.top_height = now.y;
    }
    if (region == Region::kBottom) regions.bottom_folded = ImGui::IsWindowCollapsed();
    return shown;
}

void EndInRegion(PanelRegions& regions, Region region) {
    if (!regions.began) return;
    const float bottom = ImGui::GetWindowPos().y - ImGui::GetMainViewport()->Pos.y + ImGui::GetWindowSize().y;
    if (region == Region::kLeft) regions.left_next = bottom;
    if (region == Region::kRight) regions.right_next = bottom;
    ImGui::End();
    regions.began = false;
}

}  // namespace gridlink
