// Unit tests for engine/camera.h: world <-> screen conversions, pan, zoom at the cursor, fit,
// ForExtent (exact corners, stretched aspect), zoom clamping and the fly-to animation.
#include "engine/camera.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gridlink {
namespace {

// A camera over the demo district in EPSG:4549 coordinates.
Camera DemoCamera() {
    Camera c;
    c.width = 1280;
    c.height = 800;
    c.center = {515000.0, 3465000.0};
    c.meters_per_pixel = 12.5;
    return c;
}

void ExpectNear(Vec2 actual, Vec2 expected, double tolerance) {
    EXPECT_NEAR(actual.x, expected.x, tolerance);
    EXPECT_NEAR(actual.y, expected.y, tolerance);
}

TEST(Camera, ScreenCentreIsTheCameraCentreAndYGoesDown) {
    const Camera c = DemoCamera();
    ExpectNear(c.to_world({640, 400}), c.center, 1e-9);
    // 100 px right is 1250 m east; 100 px down is 1250 m south.
    ExpectNear(c.to_world({740, 500}), {516250.0, 3463750.0}, 1e-9);
    ExpectNear(c.to_world({0, 0}), {507000.0, 3470000.0}, 1e-9);
    const Box visible = c.visible_world();
    EXPECT_NEAR(visible.min_x, 507000.0, 1e-9);
    EXPECT_NEAR(visible.max_x, 523000.0, 1e-9);
    EXPECT_NEAR(visible.min_y, 3460000.0, 1e-9);
    EXPECT_NEAR(visible.max_y, 3470000.0, 1e-9);
}

TEST(Camera, ToWorldAndToScreenRoundTrip) {
    const Camera c = DemoCamera();
    for (Vec2 s : {Vec2{0, 0}, Vec2{1280, 800}, Vec2{17.25, 733.5}, Vec2{-300, 2000}}) {
        ExpectNear(c.to_screen(c.to_world(s)), s, 1e-6);
    }
    for (Vec2 w : {Vec2{515000.0, 3465000.0}, Vec2{512345.67, 3467890.12}}) {
        ExpectNear(c.to_world(c.to_screen(w)), w, 1e-6);
    }
}

TEST(Camera, PanMovesTheWorldWithTheCursor) {
    Camera c = DemoCamera();
    const Vec2 grabbed_screen{300, 200};
    const Vec2 grabbed_world = c.to_world(grabbed_screen);
    c.pan_pixels(40, -25);
    ExpectNear(c.to_screen(grabbed_world), {340, 175}, 1e-6);
    ExpectNear(c.center, {515000.0 - 40 * 12.5, 3465000.0 - 25 * 12.5}, 1e-9);
    EXPECT_EQ(c.meters_per_pixel, 12.5);
}

TEST(Camera, ZoomAtKeepsThePointUnderTheCursorFixed) {
    Camera c = DemoCamera();
    for (auto [cursor, factor] : {std::pair{Vec2{100, 700}, 2.0}, std::pair{Vec2{1200, 50}, 0.25},
                                  std::pair{Vec2{640, 400}, 1.1}, std::pair{Vec2{3, 797}, 3.7}}) {
        const double before_mpp = c.meters_per_pixel;
        const Vec2 under = c.to_world(cursor);
        c.zoom_at(cursor, factor);
        EXPECT_NEAR(c.meters_per_pixel, before_mpp / factor, 1e-12 * before_mpp);
        ExpectNear(c.to_world(cursor), under, 1e-6);
    }
}

TEST(Camera, ZoomIsClampedAndStillKeepsTheCursorPoint) {
    Camera c = DemoCamera();
    const Vec2 cursor{900, 100};
    Vec2 under = c.to_world(cursor);
    c.zoom_at(cursor, 1e6);
    EXPECT_EQ(c.meters_per_pixel, Camera::kMinMetersPerPixel);
    ExpectNear(c.to_world(cursor), under, 1e-6);
    under = c.to_world(cursor);
    c.zoom_at(cursor, 1e-9);
    EXPECT_EQ(c.meters_per_pixel, Camera::kMaxMetersPerPixel);
    ExpectNear(c.to_world(cursor), under, 1e-6);
}

TEST(Camera, FitShowsTheWholeBoxWithPadding) {
    for (Box box : {Box{500000, 3440000, 540000, 3490000}, Box{-100, -5, 900, 5}, Box{0, 0, 1, 1000}}) {
        Camera c;
        c.width = 1280;
        c.height = 800;
        const double padding = 20;
        c.fit(box, padding);
        ExpectNear(c.center, box.center(), 1e-9);
        const Vec2 top_left = c.to_screen({box.min_x, box.max_y});
        const Vec2 bottom_right = c.to_screen({box.max_x, box.min_y});
        EXPECT_GE(top_left.x, padding - 1e-6);
        EXPECT_GE(top_left.y, padding - 1e-6);
        EXPECT_LE(bottom_right.x, c.width - padding + 1e-6);
        EXPECT_LE(bottom_right.y, c.height - padding + 1e-6);
        // Tight along the limiting axis: one side touches the padding.
        const bool x_tight = std::abs(top_left.x - padding) < 1e-6;
        const bool y_tight = std::abs(top_left.y - padding) < 1e-6;
        EXPECT_TRUE(x_tight || y_tight) << top_left.x << "," << top_left.y;
    }
}

TEST(Camera, FitIgnoresAnEmptyBox) {
    Camera c = DemoCamera();
    c.fit(Box{});
    ExpectNear(c.center, {515000.0, 3465000.0}, 0);
    EXPECT_EQ(c.meters_per_pixel, 12.5);
}

TEST(Camera, ForExtentMapsCornersExactlyEvenWhenStretched) {
    // 4000 m x 1000 m onto 400 x 300 pixels: 10 m/px across, 3.33 m/px down.
    const Box box{510000, 3460000, 514000, 3461000};
    const Camera c = Camera::ForExtent(box, 400, 300);
    EXPECT_DOUBLE_EQ(c.meters_per_pixel, 10.0);
    EXPECT_NEAR(c.meters_per_pixel_y(), 1000.0 / 300.0, 1e-12);
    ExpectNear(c.to_screen({box.min_x, box.max_y}), {0, 0}, 1e-6);
    ExpectNear(c.to_screen({box.max_x, box.min_y}), {400, 300}, 1e-6);
    ExpectNear(c.to_screen({box.min_x, box.min_y}), {0, 300}, 1e-6);
    ExpectNear(c.to_screen({box.max_x, box.max_y}), {400, 0}, 1e-6);
    ExpectNear(c.to_world({0, 0}), {box.min_x, box.max_y}, 1e-6);
    ExpectNear(c.to_world({400, 300}), {box.max_x, box.min_y}, 1e-6);
    const Box visible = c.visible_world();
    EXPECT_NEAR(visible.min_x, box.min_x, 1e-6);
    EXPECT_NEAR(visible.min_y, box.min_y, 1e-6);
    EXPECT_NEAR(visible.max_x, box.max_x, 1e-6);
    EXPECT_NEAR(visible.max_y, box.max_y, 1e-6);
    // Stretched the other way (tall box on a wide viewport).
    const Box tall{0, 0, 100, 900};
    const Camera t = Camera::ForExtent(tall, 1000, 100);
    ExpectNear(t.to_screen({0, 900}), {0, 0}, 1e-9);
    ExpectNear(t.to_screen({100, 0}), {1000, 100}, 1e-9);
    ExpectNear(t.to_screen({50, 450}), {500, 50}, 1e-9);
}

TEST(Camera, FlyToEndsExactlyAtTheTarget) {
    Camera c = DemoCamera();
    const Vec2 target{520123.456, 3461234.567};
    c.fly_to(target, 0.5, 10.0, 2.0);
    EXPECT_TRUE(c.flying());
    EXPECT_TRUE(c.animate(10.0));
    ExpectNear(c.center, {515000.0, 3465000.0}, 1e-9);  // starts where it was
    EXPECT_NEAR(c.meters_per_pixel, 12.5, 1e-9);
    EXPECT_TRUE(c.animate(11.0));
    EXPECT_TRUE(c.flying());
    EXPECT_TRUE(c.animate(12.5));  // past the end: the last frame lands on the target
    EXPECT_FALSE(c.flying());
    EXPECT_EQ(c.center.x, target.x);
    EXPECT_EQ(c.center.y, target.y);
    EXPECT_EQ(c.meters_per_pixel, 0.5);
    EXPECT_FALSE(c.animate(13.0));
}

TEST(Camera, LongFlightZoomsOutAtItsMidpoint) {
    Camera c;
    c.width = 800;
    c.height = 600;
    c.center = {500000.0, 3450000.0};
    c.meters_per_pixel = 1.0;
    const Vec2 from = c.center, to{560000.0, 3450000.0};  // 60 km east
    c.fly_to(to, 1.0, 0.0, 1.0);
    ASSERT_TRUE(c.animate(0.5));
    // Midway the centre is halfway and the zoom rises to distance / min(width, height) = 100 m/px.
    ExpectNear(c.center, {530000.0, 3450000.0}, 1e-6);
    EXPECT_NEAR(c.meters_per_pixel, 100.0, 1e-6);
    const Box visible = c.visible_world();
    EXPECT_TRUE(visible.contains(from));
    EXPECT_TRUE(visible.contains(to));
    // The zoom rises monotonically to the midpoint, then falls back.
    Camera rising;
    rising.width = 800;
    rising.height = 600;
    rising.center = from;
    rising.meters_per_pixel = 1.0;
    rising.fly_to(to, 2.0, 0.0, 1.0);
    double previous = 1.0;
    for (int i = 1; i <= 5; ++i) {
        rising.animate(i * 0.1);
        EXPECT_GT(rising.meters_per_pixel, previous) << "t=" << i * 0.1;
        previous = rising.meters_per_pixel;
    }
    for (int i = 6; i <= 10; ++i) {
        rising.animate(i * 0.1);
        EXPECT_LT(rising.meters_per_pixel, previous) << "t=" << i * 0.1;
        previous = rising.meters_per_pixel;
    }
    EXPECT_EQ(rising.meters_per_pixel, 2.0);
    EXPECT_EQ(rising.center.x, to.x);
}

// camera.cpp promises "high enough at mid-flight to keep both ends on screen" also when the start and
// target zooms differ (a wall flying from an overview down to one incident).
TEST(Camera, LongFlightShowsBothEndsAtItsMidpointWhenZoomsDiffer) {
    Camera c;
    c.width = 800;
    c.height = 600;
    c.center = {500000.0, 3400000.0};
    c.meters_per_pixel = 1.0;
    const Vec2 from = c.center, to{500000.0, 3460000.0};  // 60 km north: the short screen axis limits
    c.fly_to(to, 4.0, 0.0, 1.0);
    ASSERT_TRUE(c.animate(0.5));
    ExpectNear(c.center, {500000.0, 3430000.0}, 1e-6);
    EXPECT_GE(c.meters_per_pixel, 100.0 - 1e-6);
    // Each end on screen (the limit is exact at the edge, so allow a thousandth of a pixel).
    for (Vec2 end : {from, to}) {
        const Vec2 s = c.to_screen(end);
        EXPECT_GE(s.y, -1e-3) << "end at " << end.y << " is off screen at mid-flight (m/px " << c.meters_per_pixel
                              << ")";
        EXPECT_LE(s.y, c.height + 1e-3) << "end at " << end.y << " is off screen at mid-flight (m/px "
                                        << c.meters_per_pixel << ")";
    }
}

TEST(Camera, ShortFlightDoesNotZoomOutBeyondItsEnds) {
    Camera c = DemoCamera();
    c.fly_to({515100.0, 3465000.0}, 6.0, 0.0, 1.0);  // 100 m: far less than a screen
    for (int i = 0; i <= 10; ++i) {
        c.animate(i * 0.1);
        EXPECT_LE(c.meters_per_pixel, 12.5 + 1e-9);
        EXPECT_GE(c.meters_per_pixel, 6.0 - 1e-9);
    }
    EXPECT_EQ(c.meters_per_pixel, 6.0);
}

TEST(Camera, FlyToClampsTheTargetZoomAndStopHalts) {
    Camera c = DemoCamera();
    c.fly_to({515000.0, 3465000.0}, 1e-6, 0.0, 1.0);
    c.animate(1.0);
    EXPECT_EQ(c.meters_per_pixel, Camera::kMinMetersPerPixel);
    c.fly_to({600000.0, 3465000.0}, 1e9, 0.0, 1.0);
    c.animate(1.0);
    EXPECT_EQ(c.meters_per_pixel, Camera::kMaxMetersPerPixel);

    Camera s = DemoCamera();
    s.fly_to({600000.0, 3465000.0}, 1.0, 0.0, 1.0);
    s.animate(0.3);
    const Vec2 where = s.center;
    s.stop();
    EXPECT_FALSE(s.flying());
    EXPECT_FALSE(s.animate(0.9));
    EXPECT_EQ(s.center.x, where.x);
}

TEST(Camera, FitInsetKeepsTheBoxInsideTheFreeArea) {
    Camera c;
    c.width = 1600;
    c.height = 1000;
    const Box box{500000, 3430000, 530000, 3450000};
    c.fit_inset(box, 300, 20, 20, 50);
    const Vec2 bottom_left = c.to_screen({box.min_x, box.min_y});
    const Vec2 top_right = c.to_screen({box.max_x, box.max_y});
    EXPECT_GE(bottom_left.x, 300 - 1e-6);
    EXPECT_LE(bottom_left.y, 1000 - 50 + 1e-6);
    EXPECT_LE(top_right.x, 1600 - 20 + 1e-6);
    EXPECT_GE(top_right.y, 20 - 1e-6);
    // One axis touches both of its margins: the box fills the free area as far as it can.
    const bool fills_x = std::abs(bottom_left.x - 300) < 1e-6 && std::abs(top_right.x - 1580) < 1e-6;
    const bool fills_y = std::abs(top_right.y - 20) < 1e-6 && std::abs(bottom_left.y - 950) < 1e-6;
    EXPECT_TRUE(fills_x || fills_y);
}

TEST(Camera, AViewportBesidePanelsMapsTheWindowsPixels) {
    // The map in the part of a 1600x1000 window the panels leave free: 300 px from the left, 20 from the top.
    Camera c;
    c.width = 1000;
    c.height = 700;
    c.offset = {300, 20};
    c.center = {510000, 3440000};
    c.meters_per_pixel = 4;
    const Vec2 middle = c.to_screen(c.center);
    EXPECT_DOUBLE_EQ(middle.x, 300 + 500);
    EXPECT_DOUBLE_EQ(middle.y, 20 + 350);
    const Vec2 back = c.to_world({123, 456});
    EXPECT_NEAR(c.to_screen(back).x, 123, 1e-9);
    EXPECT_NEAR(c.to_screen(back).y, 456, 1e-9);
    const Box seen = c.visible_world();
    EXPECT_DOUBLE_EQ(seen.width(), 4000);
    EXPECT_DOUBLE_EQ(seen.height(), 2800);
    // Fitting centres the box in the viewport, not in the window.
    const Box box{500000, 3430000, 530000, 3450000};
    c.fit(box, 20);
    const Vec2 box_middle = c.to_screen(box.center());
    EXPECT_NEAR(box_middle.x, 800, 1e-6);
    EXPECT_NEAR(box_middle.y, 370, 1e-6);
    EXPECT_GE(c.to_screen({box.min_x, box.min_y}).x, 300 + 20 - 1e-6);
}

}  // namespace
}  // namespace gridlink
