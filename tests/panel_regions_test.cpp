// The panel regions around the map (ui/panel_regions.h): the map gets the rectangle the columns and bands leave,
// the camera's viewport follows it, folding a region gives the map its room, and an edge the user drags resizes
// the region. Dear ImGui runs headless here (no window, no GL): a context, a display size and a built atlas.
#include "ui/panel_regions.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include "engine/camera.h"

namespace gridlink {
namespace {

TEST(PanelRegions, TheMapTakesWhatTheColumnsAndTheBandsLeave) {
    PanelRegions r;
    r.arrange(1600, 1000, 30, 20);
    EXPECT_FLOAT_EQ(r.left.w, 345);
    EXPECT_FLOAT_EQ(r.right.x, 1600 - 380);
    EXPECT_FLOAT_EQ(r.bottom.bottom(), 970);  // above the status bar
    EXPECT_FLOAT_EQ(r.map.x, 345);
    EXPECT_FLOAT_EQ(r.map.right(), 1220);
    EXPECT_FLOAT_EQ(r.map.y, 0);
    EXPECT_FLOAT_EQ(r.map.bottom(), r.bottom.y);

    Camera camera;
    EXPECT_TRUE(r.place_camera(camera));
    EXPECT_EQ(camera.width, 875);
    EXPECT_EQ(camera.height, 670);
    EXPECT_EQ(camera.offset.x, 345);
    EXPECT_FALSE(r.place_camera(camera));  // unchanged
    // Fitting centres a box in the visible map, not in the window.
    const Box box{0, 0, 1000, 1000};
    camera.fit(box, 20);
    const Vec2 middle = camera.to_screen(box.center());
    EXPECT_NEAR(middle.x, 345 + 875 / 2.0, 1e-6);
    EXPECT_NEAR(middle.y, 670 / 2.0, 1e-6);

    // Folded away: the map takes the room.
    r.left_open = false;
    r.bottom_folded = true;
    r.arrange(1600, 1000, 30, 20);
    EXPECT_FLOAT_EQ(r.map.x, 0);
    EXPECT_FLOAT_EQ(r.map.bottom(), 950);
    r.right_open = false;
    r.bottom_open = false;
    r.top_height = 100;  // review's timeline
    r.arrange(1600, 1000, 30, 20);
    EXPECT_FLOAT_EQ(r.map.w, 1600);
    EXPECT_FLOAT_EQ(r.map.y, 100);
    EXPECT_FLOAT_EQ(r.map.bottom(), 970);
}

TEST(PanelRegions, NoRegionTakesTheWholeWindow) {
    PanelRegions r;
    r.left_width = 5000;
    r.bottom_height = 5000;
    r.arrange(1000, 800, 30, 20);
    EXPECT_LE(r.left.w, 400);
    EXPECT_LE(r.bottom.h, 0.6f * 770 + 0.01f);
    EXPECT_GT(r.map.w, 100);
    EXPECT_GT(r.map.h, 100);
}

// Headless Dear ImGui: frames with a mouse the test moves.
class HeadlessImGui {
  public:
    HeadlessImGui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    // One frame of a left column (two windows, the second filling the rest) and the bottom band.
    void frame(PanelRegions& r, ImVec2 mouse, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = mouse;
        io.MouseDown[0] = down;
        r.arrange(1600, 1000, 30, ImGui::GetFontSize() + 2 * ImGui::GetStyle().FramePadding.y);
        ImGui::NewFrame();
        if (BeginInRegion(r, Region::kLeft, "first")) ImGui::TextUnformatted("first");
        first = {ImGui::GetWindowPos(), ImGui::GetWindowSize()};
        EndInRegion(r, Region::kLeft);
        if (BeginInRegion(r, Region::kLeft, "rest", nullptr, -1)) ImGui::TextUnformatted("rest");
        rest = {ImGui::GetWindowPos(), ImGui::GetWindowSize()};
        EndInRegion(r, Region::kLeft);
        if (BeginInRegion(r, Region::kBottom, "band")) ImGui::TextUnformatted("band");
        EndInRegion(r, Region::kBottom);
        ImGui::Render();
    }
    std::pair<ImVec2, ImVec2> first, rest;
};

TEST(PanelRegions, WindowsStackInTheirColumnAndAnEdgeDraggedResizesIt) {
    HeadlessImGui imgui;
    PanelRegions r;
    for (int k = 0; k < 3; ++k) imgui.frame(r, ImVec2(800, 300), false);
    EXPECT_FLOAT_EQ(imgui.first.first.x, 0);
    EXPECT_FLOAT_EQ(imgui.first.first.y, 0);
    EXPECT_FLOAT_EQ(imgui.first.second.x, 345);
    // The second window starts where the first ends and reaches the column's foot.
    EXPECT_NEAR(imgui.rest.first.y, imgui.first.second.y, 0.5);
    EXPECT_NEAR(imgui.rest.first.y + imgui.rest.second.y, 970, 0.5);

    // Drag the column's last window by its resize grip (bottom right) 120 px to the right.
    const ImVec2 grip(imgui.rest.first.x + imgui.rest.second.x - 3, imgui.rest.first.y + imgui.rest.second.y - 3);
    imgui.frame(r, grip, false);
    imgui.frame(r, grip, true);
    for (int step = 1; step <= 6; ++step) imgui.frame(r, ImVec2(grip.x + 20.0f * step, grip.y), true);
    imgui.frame(r, ImVec2(grip.x + 120, grip.y), false);
    EXPECT_NEAR(r.left_width, 345 + 120, 2);
    imgui.frame(r, ImVec2(800, 300), false);
    EXPECT_NEAR(imgui.first.second.x, 345 + 120, 2);  // the whole column follows
    EXPECT_NEAR(r.map.x, 345 + 120, 2);
}

}  // namespace
}  // namespace gridlink
