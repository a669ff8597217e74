// The heat layer (热力图): reports of the last N hours as a smooth kernel density, drawn in shaders: Gaussian
// splats summed into a half-resolution float texture, then coloured by a ramp over the jurisdiction's own
// triangles, so the heat never spills past the district's outline.
#pragma once

#include <cstdint>
#include <memory>

#include "layer.h"

namespace gridlink {

// The heat technique, for every layer that draws a density (report heat, the resources' density at city
// scale): instanced splats (location 0: vec2 local metres, location 1: float weight) summed additively into a
// half-resolution R16F texture, then a ramp over the jurisdiction's triangles, so nothing spills past it.
class HeatSurface {
  public:
    enum class Ramp { kReports, kDensity };  // blue-yellow-red; one teal hue (shaders/heat.frag RAMP_DENSITY)
    HeatSurface() = default;
    HeatSurface(const HeatSurface&) = delete;
    HeatSurface& operator=(const HeatSurface&) = delete;
    ~HeatSurface();
    // Builds the programs and the jurisdiction's triangles (the coarsest level present).
    Status create(const World& world, LayerSetup& setup, Ramp ramp);
    // Draws `count` splats of `splats` (bound VAO with the two attributes above), `radius_px` wide on screen;
    // the ramp is two thirds up where the summed weights reach `saturation`.
    void draw(const FrameContext& frame, const gl::VertexArray& splats, std::size_t count, double radius_px,
              double saturation, float opacity);
    bool ready() const { return splat_ && clip_.size(); }

  private:
    bool ensure_target(int width, int height);

    gl::Program* splat_ = nullptr;
    gl::Program* color_ = nullptr;
    FillBatch clip_;  // the coarsest level's triangles: the jurisdiction
    GLuint fbo_ = 0, texture_ = 0;
    int target_w_ = 0, target_h_ = 0;
};

class HeatLayer : public Layer {
  public:
    HeatLayer() { visible = false; }
    std::string_view id() const override { return "heat"; }
    std::string_view title() const override { return "热力 Report heat"; }
    Status create(const World& world, LayerSetup& setup) override;
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;

    int hours = 24;           // reports of this many hours before the frame's clock
    double radius_px = 36;    // kernel radius on screen
    double saturation = 2.5;  // summed kernels at which the ramp is two thirds up
    std::size_t splats() const { return splat_count_; }

  private:
    void rebuild(const World& world, std::int64_t now_ms);

    HeatSurface surface_;
    Vec2 origin_;
    std::unique_ptr<gl::VertexArray> splat_vao_;
    std::unique_ptr<gl::Buffer> splat_vbo_;
    std::size_t splat_count_ = 0;
    std::int64_t revision_ = -1, hour_ = -1;
};

}  // namespace gridlink
