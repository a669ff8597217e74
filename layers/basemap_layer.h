// The basemap layer: water bodies filled and roads drawn as wide lines (arterials heavier), under the grids.
#pragma once

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
    LineBatch arterials_, secondary_, shorelines_;
};

}  // namespace gridlink
