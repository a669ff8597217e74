// The map: the World's layers in registry order, the camera, hover and selection. The workstation,
// the wall, `gridlink render` and the render tests all draw through this one class.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layer.h"

namespace gridlink {

class MapView {
  public:
    // Creates every registered layer (or only those in `only`, when not empty) for `world`.
    // Needs a current GL context. The World must outlive the MapView, or be replaced by set_world first.
    Status load(const World& world, const std::vector<std::string>& only = {});
    // Shows another World over the same grids (review rebuilding the cases and resources at another
    // instant): the layers are told with kChangeWorld and read it from every frame after. The MapView
    // holds the one pointer to the World; the layers keep none.
    void set_world(const World& world);

    Camera camera;
    // The height of the window the map is drawn into when the camera's viewport is a part of it (Camera::offset,
    // counted from the top); 0: the viewport is the whole target.
    int target_height = 0;
    MapSelection selection;
    // The cases' clock (ms since the epoch) that frames show: the seat sets it before draw (the workstation
    // App::now_ms(), `gridlink render` and tests world.incidents.clock_ms).
    std::int64_t now_ms = 0;
    // Map text and markers drawn this many times larger (FrameContext::pixel_scale): the wall sets it from its
    // size (a 7680x2160 wall seen from metres away); 1 elsewhere.
    float pixel_scale = 1.0f;

    // The colour under every layer (the wall sets a dark one).
    Rgba land{242, 240, 234, 255};

    // Clears to the land colour and draws every visible layer.
    void draw(double time, TextPainter* text);
    // The topmost pick at a screen position (incidents over resources over grids).
    std::optional<Pick> pick(Vec2 screen) const;
    // Sets hover/selection and tells the layers.
    void set_hovered(std::int64_t grid);
    void set_selected(std::int64_t grid);
    void notify(unsigned changes);
    // Some layer left something out of the last frame that is still being prepared.
    bool busy() const;
    // Some visible layer drew something that moves by itself (Layer::animating).
    bool animating() const;

    const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }
    Layer* layer(std::string_view id) const;
    // The layer `id` as its class, or nullptr (absent or another class): view.layer_as<GridsLayer>("grids").
    template <typename T>
    T* layer_as(std::string_view id) const {
        return dynamic_cast<T*>(layer(id));
    }
    const World* world() const { return world_; }
    Vec2 origin() const { return origin_; }
    // The frame every layer draws with: the World, the clock, and what layers set for each other (prepare_frame).
    FrameContext frame(double time, TextPainter* text) const;

  private:
    const World* world_ = nullptr;
    Vec2 origin_;
    gl::ProgramCache programs_;  // before layers_: outlives them
    std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace gridlink
