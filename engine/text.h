// The text interface layers draw labels through. The engine knows nothing of ImGui: the program's
// window or offscreen renderer supplies an implementation (ui/ uses Dear ImGui with a CJK font).
#pragma once

#include <cstdint>
#include <string_view>

#include "geometry.h"

namespace gridlink {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

class TextPainter {
  public:
    virtual ~TextPainter() = default;
    // Size in pixels of `text` at `pixel_size`.
    virtual Vec2 measure(std::string_view text, float pixel_size) = 0;
    // Draws `text` with its top-left at `top_left` (screen pixels), with a halo for legibility on the map.
    virtual void draw(std::string_view text, Vec2 top_left, float pixel_size, Rgba color, Rgba halo) = 0;
};

}  // namespace gridlink
