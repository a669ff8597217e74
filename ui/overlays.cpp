// Map furniture.
#include "overlays.h"

#include <cmath>
#include <cstdio>

namespace gridlink {

double NiceScaleLength(double mpp, double max_pixels) {
    const double max_m = mpp * max_pixels;
    const double power = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double step : {5.0, 2.0, 1.0}) {
        if (step * power <= max_m) return step * power;
    }
    return power;
}

std::string FormatDistance(double meters) {
    char text[32];
    if (meters >= 1000) {
        std::snprintf(text, sizeof text, "%g km", meters / 1000);
    } else if (meters >= 1) {
        std::snprintf(text, sizeof text, "%g m", meters);
    } else {
        std::snprintf(text, sizeof text, "%g cm", meters * 100);
    }
    return text;
}

void DrawScaleBar(ImDrawList* list, const Camera& camera, ImVec2 bl, ImFont* font) {
    const double meters = NiceScaleLength(camera.meters_per_pixel, 160);
    const float px = static_cast<float>(meters / camera.meters_per_pixel);
    const ImU32 dark = IM_COL32(30, 35, 45, 255), light = IM_COL32(255, 255, 255, 220);
    list->AddRectFilled(ImVec2(bl.x - 6, bl.y - 30), ImVec2(bl.x + px + 10, bl.y + 6), IM_COL32(255, 255, 255, 180), 4);
    list->AddRectFilled(ImVec2(bl.x, bl.y - 6), ImVec2(bl.x + px / 2, bl.y), dark);
    list->AddRectFilled(ImVec2(bl.x + px / 2, bl.y - 6), ImVec2(bl.x + px, bl.y), light);
    list->AddRect(ImVec2(bl.x, bl.y - 6), ImVec2(bl.x + px, bl.y), dark);
    const std::string label = FormatDistance(meters);
    list->AddText(font, 15, ImVec2(bl.x, bl.y - 26), dark, "0");
    const ImVec2 size = font->CalcTextSizeA(15, 1e9f, 0, label.c_str());
    list->AddText(font, 15, ImVec2(bl.x + px - size.x / 2, bl.y - 26), dark, label.c_str());
}

void DrawNorthArrow(ImDrawList* list, ImVec2 c, float size, ImFont* font) {
    const ImU32 dark = IM_COL32(30, 35, 45, 255);
    list->AddCircleFilled(c, size * 0.9f, IM_COL32(255, 255, 255, 180));
    list->AddTriangleFilled(ImVec2(c.x, c.y - size * 0.7f), ImVec2(c.x - size * 0.3f, c.y + size * 0.4f), c, dark);
    list->AddTriangle(ImVec2(c.x, c.y - size * 0.7f), ImVec2(c.x + size * 0.3f, c.y + size * 0.4f), c, dark);
    list->AddText(font, 14, ImVec2(c.x - 4, c.y + size * 0.35f), dark, "N");
}

void DrawTitle(ImDrawList* list, ImVec2 tl, const std::string& title, const std::string& subtitle, ImFont* font) {
    const ImVec2 a = font->CalcTextSizeA(22, 1e9f, 0, title.c_str());
    const ImVec2 b = font->CalcTextSizeA(14, 1e9f, 0, subtitle.c_str());
    list->AddRectFilled(tl, ImVec2(tl.x + std::max(a.x, b.x) + 20, tl.y + a.y + b.y + 16), IM_COL32(255, 255, 255, 200),
                        6);
    list->AddText(font, 22, ImVec2(tl.x + 10, tl.y + 6), IM_COL32(20, 30, 60, 255), title.c_str());
    list->AddText(font, 14, ImVec2(tl.x + 10, tl.y + 8 + a.y), IM_COL32(70, 80, 100, 255), subtitle.c_str());
}

}  // namespace gridlink
