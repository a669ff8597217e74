// Camera maths. The flight eases in and out, and rises to a zoom that shows both ends when they are far apart.
#include "camera.h"

#include <algorithm>
#include <cmath>

namespace gridlink {

Vec2 Camera::to_world(Vec2 s) const {
    return {center.x + (s.x - offset.x - width / 2.0) * meters_per_pixel,
            center.y - (s.y - offset.y - height / 2.0) * meters_per_pixel_y()};
}

Vec2 Camera::to_screen(Vec2 w) const {
    return {(w.x - center.x) / meters_per_pixel + width / 2.0 + offset.x,
            height / 2.0 - (w.y - center.y) / meters_per_pixel_y() + offset.y};
}

Box Camera::visible_world() const {
    Box b;
    b.extend(to_world(offset));
    b.extend(to_world(offset + Vec2{static_cast<double>(width), static_cast<double>(height)}));
    return b;
}

void Camera::pan_pixels(double dx, double dy) {
    center.x -= dx * meters_per_pixel;
    center.y += dy * meters_per_pixel_y();
}

void Camera::clamp_zoom() { meters_per_pixel = std::clamp(meters_per_pixel, kMinMetersPerPixel, kMaxMetersPerPixel); }

void Camera::zoom_at(Vec2 screen, double factor) {
    const Vec2 before = to_world(screen);
    meters_per_pixel /= factor;
    clamp_zoom();
    const Vec2 after = to_world(screen);
    center = center + (before - after);
}

void Camera::fit(const Box& box, double padding) {
    if (box.empty()) return;
    center = box.center();
    const double w = std::max(1.0, width - 2 * padding), h = std::max(1.0, height - 2 * padding);
    meters_per_pixel = std::max(box.width() / w, box.height() / h);
    if (meters_per_pixel <= 0) meters_per_pixel = 1;
    clamp_zoom();
}

void Camera::fit_inset(const Box& box, double left, double top, double right, double bottom) {
    if (box.empty()) return;
    const double w = std::max(1.0, width - left - right), h = std::max(1.0, height - top - bottom);
    meters_per_pixel = std::max(box.width() / w, box.height() / h);
    if (meters_per_pixel <= 0) meters_per_pixel = 1;
    clamp_zoom();
    // The box's centre goes to the centre of the free area.
    const Vec2 free_centre{offset.x + left + w / 2, offset.y + top + h / 2};
    center = box.center();
    center = center + (box.center() - to_world(free_centre));
}

Camera Camera::ForExtent(const Box& box, int w, int h) {
    Camera c;
    c.width = w;
    c.height = h;
    c.center = box.center();
    c.meters_per_pixel = box.width() / w;
    c.aspect_y_ = (box.height() / h) / c.meters_per_pixel;
    return c;
}

void Camera::fly_to(Vec2 target, double target_mpp, double now, double duration) {
    flight_.active = true;
    flight_.from = center;
    flight_.to = target;
    flight_.from_mpp = meters_per_pixel;
    flight_.to_mpp = std::clamp(target_mpp, kMinMetersPerPixel, kMaxMetersPerPixel);
    const double distance = std::hypot(target.x - center.x, target.y - center.y);
    // High enough at mid-flight to keep both ends on screen.
    const double span_mpp = distance / std::max(1, std::min(width, height));
    flight_.peak_mpp = std::max({flight_.from_mpp, flight_.to_mpp, span_mpp});
    flight_.start = now;
    flight_.duration = duration;
}

bool Camera::animate(double now) {
    if (!flight_.active) return false;
    double t = std::clamp((now - flight_.start) / flight_.duration, 0.0, 1.0);
    const double e = t * t * (3 - 2 * t);  // smoothstep
    // Zoom follows log-space: from -> peak -> to, the peak reached mid-flight.
    const double lf = std::log(flight_.from_mpp), lt = std::log(flight_.to_mpp), lp = std::log(flight_.peak_mpp);
    const double base = lf + (lt - lf) * e;
    // When the ends are too far apart to share the screen, rise mid-flight: at e = 0.5 base is the mean of
    // both ends and the bump lifts it to exactly the peak. Otherwise zoom straight from one end to the other.
    const double bump = lp > std::max(lf, lt) ? (lp - (lf + lt) / 2) * 4 * e * (1 - e) : 0.0;
    meters_per_pixel = std::exp(base + bump);
    center = flight_.from + (flight_.to - flight_.from) * e;
    if (t >= 1.0) {
        flight_.active = false;
        center = flight_.to;
        meters_per_pixel = flight_.to_mpp;
    }
    return true;
}

}  // namespace gridlink
