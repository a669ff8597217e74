// The basemap layer: water bodies filled and roads drawn as wide lines (arterials heavier), under the grids.
#pragma once

#include <memory>

#include "layer.h"

namespace gridlink {

class BasemapLayer : public Layer {
public:
    std::string_view id() const override { return "basemap"; }
    std::string_view title() const override { return "底图 Basemap"; }
    Status create(const World& world, Vec2 origin) override;
    void draw(const FrameContext& frame) override;

private:
    std::unique_ptr<gl::Program> fill_, line_;
    std::unique_ptr<gl::VertexArray> water_vao_;
    std::unique_ptr<gl::Buffer> water_vbo_;
    std::size_t water_vertices_ = 0;
    LineBatch arterials_, secondary_, shorelines_;
};

}  // namespace gridlink
