// TextPainter on Dear ImGui: map labels go to the background draw list, under the panels.
#pragma once

#include <imgui.h>

#include "engine/text.h"

namespace gridlink {

class ImGuiTextPainter : public TextPainter {
  public:
    explicit ImGuiTextPainter(ImFont* font) : font_(font) {}
    Vec2 measure(std::string_view text, float pixel_size) override;
    void draw(std::string_view text, Vec2 top_left, float pixel_size, Rgba color, Rgba halo) override;

  private:
    ImFont* font_;
};

inline ImU32 ToImColor(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

}  // namespace gridlink
