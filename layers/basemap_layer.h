// The basemap layer: water bodies filled and roads drawn as wide lines (arterials heavier), under the grids.
#pragma once

#include <array>
#include <memory>

#include "layer.h"

namespace gridlink {

class BasemapLayer : public Layer {
  public:
    std::string_view id() const override { return "basemap"; }
    std::string_view title() const override { return "底图 Basemap"; }
    Status create(const World& world, LayerSetup& setup) override;
    void draw(const FrameContext& frame) override;

  private:
    gl::Program* fill_ = nullptr;
    gl::Program* line_ = nullptr;
    FillBatch water_;
    LineBatch shorelines_;
    // Roads at three levels of detail: as stored, and simplified for the zooms in kRoadDetailMpp (a road
    // zoomed out is a few pixels of many tiny segments: the software rasterizer's cost is per triangle).
    static constexpr int kRoadDetails = 3;
    // Water is triangulated in square cells this wide (bounded triangles: see create).
    static constexpr double kWaterCellMetres = 1000;
    static constexpr double kRoadDetailMpp[kRoadDetails] = {0, 4, 16};
    std::array<LineBatch, kRoadDetails> arterials_, secondary_, local_;
};

}  // namespace gridlink
