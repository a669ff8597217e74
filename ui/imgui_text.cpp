// Labels with a halo: the text drawn in the halo colour around the glyphs, then on top.
#include "imgui_text.h"

namespace gridlink {

Vec2 ImGuiTextPainter::measure(std::string_view text, float pixel_size) {
    const ImVec2 s = font_->CalcTextSizeA(pixel_size, 1e9f, 0.0f, text.data(), text.data() + text.size());
    return {s.x, s.y};
}

void ImGuiTextPainter::draw(std::string_view text, Vec2 top_left, float pixel_size, Rgba color, Rgba halo) {
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    const ImVec2 p(static_cast<float>(top_left.x), static_cast<float>(top_left.y));
    if (halo.a) {
        const ImU32 h = ToImColor(halo);
        for (auto [dx, dy] : {std::pair{-1.f, 0.f},
                              {1.f, 0.f},
                              {0.f, -1.f},
                              {0.f, 1.f},
                              {-1.f, -1.f},
                              {1.f, 1.f},
                              {-1.f, 1.f},
                              {1.f, -1.f}}) {
            list->AddText(font_, pixel_size, ImVec2(p.x + dx, p.y + dy), h, text.data(), text.data() + text.size());
        }
    }
    list->AddText(font_, pixel_size, p, ToImColor(color), text.data(), text.data() + text.size());
}

}  // namespace gridlink
