// What the layers drawing point markers share, so that none includes another: the zoom below which markers are
// drawn one by one, their size in pixels, and the glide a moved marker makes (shaders/resource.vert and
// shaders/dispatch.vert follow the same curve).
#pragma once

#include <algorithm>
#include <cmath>

namespace gridlink::markers {

// Markers are drawn one by one once the map is zoomed in this far (metres per pixel); zoomed out further,
// resources give way to a density hint and cases are counted per grid.
inline constexpr double kVisibleBelowMpp = 12.0;

// A moved marker glides from where it was drawn to where it went over this long.
inline constexpr double kGlideSeconds = 1.2;

// How far a glide that started at `start` has gone at `now` (seconds on the layer's clock): 0..1, smoothstep.
inline float GlideAt(float now, float start) {
    const float t = std::clamp((now - start) / static_cast<float>(kGlideSeconds), 0.0f, 1.0f);
    return t * t * (3 - 2 * t);
}

// A resource marker's size in pixels at this zoom.
inline double MarkerPixels(double meters_per_pixel) {
    return std::clamp(9.0 + 6.0 / std::sqrt(meters_per_pixel), 9.0, 22.0);
}

}  // namespace gridlink::markers
