// The resources layer (资源上图): grid workers, volunteers, patrol vehicles, service stations and
// cameras as instanced signed-distance markers, a shape per kind and a colour per status.
#pragma once

#include <memory>

#include "layer.h"

namespace gridlink {

class ResourcesLayer : public Layer {
public:
    std::string_view id() const override { return "resources"; }
    std::string_view title() const override { return "资源 Resources"; }
    Status create(const World& world, LayerSetup& setup) override;
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;
    std::optional<Pick> pick(const World& world, Vec2 world_point, const FrameContext& frame) const override;

    // Markers show once the map is zoomed in this far (metres per pixel).
    static constexpr double kVisibleBelowMpp = 12.0;

private:
    void upload(const World& world);
    gl::Program* program_ = nullptr;
    std::unique_ptr<gl::VertexArray> vao_;
    std::unique_ptr<gl::Buffer> vbo_;
    std::size_t count_ = 0;
    Vec2 origin_;
};

}  // namespace gridlink
