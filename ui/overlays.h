// Map furniture drawn over the map with Dear ImGui: scale bar, north arrow, level legend, title.
// Shared by the seats and `gridlink render`.
#pragma once

#include <imgui.h>

#include <string>

#include "engine/camera.h"

namespace gridlink {

// A "nice" scale-bar length (1, 2 or 5 x 10^n metres) no longer than max_pixels; returns metres.
double NiceScaleLength(double meters_per_pixel, double max_pixels);
std::string FormatDistance(double meters);

void DrawScaleBar(ImDrawList* list, const Camera& camera, ImVec2 bottom_left, ImFont* font);
void DrawNorthArrow(ImDrawList* list, ImVec2 center, float size, ImFont* font);
// Title block: workspace name and what is shown (top-left).
void DrawTitle(ImDrawList* list, ImVec2 top_left, const std::string& title, const std::string& subtitle, ImFont* font);

}  // namespace gridlink
