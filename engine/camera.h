// The 2D map camera in the workspace's projected CRS: centre, metres per pixel and viewport size;
// conversions world <-> screen, pan, zoom at a cursor, fit to extent, and a smooth fly-to.
#pragma once

#include "geometry.h"

namespace gridlink {

class Camera {
  public:
    Vec2 center;                     // world coordinates at the viewport's centre
    double meters_per_pixel = 10.0;  // zoom
    int width = 1;                   // viewport size in pixels
    int height = 1;
    // The viewport's top-left in the window's pixels, where the map is the part of a window the panels leave
    // free: screen positions (to_screen, to_world, zoom_at) are the window's.
    Vec2 offset;

    static constexpr double kMinMetersPerPixel = 0.02;
    static constexpr double kMaxMetersPerPixel = 2000.0;

    // Screen pixels (origin top-left, y down) <-> world.
    Vec2 to_world(Vec2 screen) const;
    Vec2 to_screen(Vec2 world) const;
    Box visible_world() const;

    void pan_pixels(double dx, double dy);
    // Zooms by `factor` (>1 zooms in) keeping the world point under `screen` fixed.
    void zoom_at(Vec2 screen, double factor);
    // Shows the whole box with `padding` pixels around it.
    void fit(const Box& box, double padding = 20);
    // Shows the whole box inside the viewport less the given margins (where panels cover the map).
    void fit_inset(const Box& box, double left, double top, double right, double bottom);
    // Exactly maps `box` to the viewport, stretching if its aspect differs (for rasters that must align).
    static Camera ForExtent(const Box& box, int width, int height);

    // Starts a smooth flight (zoom out, travel, zoom in) to a target centre and zoom.
    void fly_to(Vec2 target, double target_meters_per_pixel, double now, double duration = 1.2);
    // Advances a flight; returns true while animating.
    bool animate(double now);
    bool flying() const { return flight_.active; }
    void stop() { flight_.active = false; }

    // Scale that differs per axis when ForExtent stretched the box.
    double meters_per_pixel_y() const { return meters_per_pixel * aspect_y_; }

  private:
    struct Flight {
        bool active = false;
        Vec2 from, to;
        double from_mpp = 1, to_mpp = 1, peak_mpp = 1;
        double start = 0, duration = 1;
    } flight_;
    double aspect_y_ = 1.0;
    void clamp_zoom();
};

}  // namespace gridlink
