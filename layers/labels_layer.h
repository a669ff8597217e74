// The labels layer: Chinese grid names at the levels shown, placed greedily without overlap
// (coarser levels and larger grids first), drawn through the TextPainter the program supplies.
#pragma once

#include <string>
#include <vector>

#include "engine/grid_display.h"
#include "layer.h"

namespace gridlink {

class LabelsLayer : public Layer {
  public:
    std::string_view id() const override { return "labels"; }
    std::string_view title() const override { return "标注 Labels"; }
    Status create(const World& world, LayerSetup& setup) override;
    // kChangeWorld: the names, sizes and label points are taken from the World again.
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;

    struct Placed {
        std::size_t grid;
        Vec2 top_left;
        Vec2 size;
    };
    static constexpr double kMinLabelPixels = 28;  // a grid narrower than this on screen gets no label

    // The labels drawn in the last frame (for tests: none overlap).
    const std::vector<Placed>& placed() const { return placed_; }

  private:
    void measure(const World& world);

    GridLod lod_;  // typical sizes per level; the fill level when no grids layer sets the frame's
    GridLabelPoints label_points_;
    std::vector<std::string> names_;
    std::vector<Placed> placed_;
};

}  // namespace gridlink
