// What the layers drawing point markers share, so that none includes another: the zoom below which markers are
// drawn one by one, their size in pixels, the glide a moved marker makes (shaders/resource.vert and
// shaders/dispatch.vert follow the same curve), and how a case's marker looks (the map and the legends read it).
#pragma once

#include <algorithm>
#include <cmath>

#include "engine/incident.h"
#include "engine/text.h"

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

// [SECTION] how a case looks (shaders/incident.frag draws it; IncidentsLayer's comment shows the whole key)

// Shapes follow the order of kIncidentCategories: circle, square, triangle, diamond, star, hexagon.
enum class CaseShape : int { kCircle, kSquare, kTriangle, kDiamond, kStar, kHexagon };
inline float ShapeOf(int category) { return category >= 0 && category < 6 ? static_cast<float>(category) : 0.0f; }

inline Rgba PriorityColor(int priority) {
    switch (priority) {
        case 1: return {214, 39, 40, 255};    // red
        case 2: return {242, 119, 22, 255};   // orange
        case 3: return {233, 178, 20, 255};   // amber
        default: return {92, 118, 150, 255};  // blue-grey
    }
}
inline constexpr int kPriorityCount = 4;

// The fill style of a state, as the shader's style number.
enum class CaseStyle : int { kHollow, kSolid, kDot, kChecked, kReturned, kFaint };
inline float StyleOf(CaseState state) {
    switch (state) {
        case CaseState::kReported:
        case CaseState::kRegistered: return 0;  // hollow
        case CaseState::kDispatched: return 1;  // solid
        case CaseState::kAccepted: return 2;    // solid with a white dot
        case CaseState::kHandled:
        case CaseState::kVerified: return 3;  // pale with a check mark
        case CaseState::kReturned: return 4;  // dashed orange rim
        case CaseState::kClosed:
        case CaseState::kCancelled: return 5;  // faint
    }
    return 1;
}

// The colours shaders/incident.frag gives an overdue case's ring (kOverdue) and a returned case's dashed rim
// (kReturned), for legends; a new case pulses in its own colour.
inline constexpr Rgba kOverdueRing{219, 20, 31, 255};
inline constexpr Rgba kReturnedRim{255, 140, 13, 255};

}  // namespace gridlink::markers
