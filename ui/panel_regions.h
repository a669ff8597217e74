// Where a seat's panels go around the map: a column on each side and a band at the bottom (and, for review,
// one at the top), each resizable by its inner edge and folded away from the status bar; the map gets the
// rectangle they leave free. Debian's ImGui 1.86 has no docking: the windows are placed every frame from
// the regions' sizes, and a size the user drags is read back into them.
#pragma once

#include <imgui.h>

namespace gridlink {

class Camera;

// A rectangle in the window's pixels, origin top-left.
struct ScreenRect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

enum class Region { kLeft, kRight, kBottom, kTop };

struct PanelRegions {
    // What the user chose: sizes (dragged edges) and which regions are open (the status bar's toggles).
    float left_width = 345, right_width = 380, bottom_height = 300, top_height = 0;
    bool left_open = true, right_open = true, bottom_open = true;
    bool bottom_folded = false;  // the bottom band's window is folded to its title bar

    // Computed by arrange() each frame.
    ScreenRect left, right, bottom, top, map;

    // Lays the regions out in a window of `width` x `height` above a status bar `status_height` tall;
    // `title_height` is a folded window's height. Resets the columns' stacking.
    void arrange(float width, float height, float status_height, float title_height);
    // The map's camera over the free rectangle (its viewport and offset); true when that changed.
    bool place_camera(Camera& camera) const;

    // Stacking in the side columns this frame: where the next window goes; whether a window was begun.
    float left_next = 0, right_next = 0;
    bool began = false;
};

// A window in a region: in a side column below the previous one, `height` tall (0: fitted to its content,
// <0: the rest of the column); the bottom and top bands take the whole band. Call EndInRegion whatever this
// returns (it is ImGui::Begin's answer).
bool BeginInRegion(PanelRegions& regions, Region region, const char* name, bool* open = nullptr, float height = 0,
                   ImGuiWindowFlags flags = 0);
void EndInRegion(PanelRegions& regions, Region region);

}  // namespace gridlink
