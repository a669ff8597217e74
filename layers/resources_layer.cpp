// Resource markers: one instance per resource; recolouring after a status change re-uploads the instance bytes.
#include "resources_layer.h"

#include <cmath>

namespace gridlink {

namespace {

struct MarkerInstance {
    LocalVertex position;
    std::uint8_t r, g, b, a;
    float shape;
    float max_mpp;
};

// Cameras are many and small: they join the map only when zoomed in further than the rest.
float MaxMetersPerPixel(const std::string& kind) {
    return kind == "camera" ? 3.0f : static_cast<float>(ResourcesLayer::kVisibleBelowMpp);
}

float ShapeOf(const std::string& kind) {
    if (kind == "grid_worker") return 0;
    if (kind == "volunteer") return 3;
    if (kind == "patrol_vehicle") return 1;
    if (kind == "service_station") return 2;
    return 4;  // camera
}

Rgba ColorOf(const Resource& r) {
    if (r.status == "busy") return {235, 120, 30, 255};
    if (r.status == "off_duty") return {150, 150, 150, 220};
    if (r.kind == "volunteer") return {220, 40, 50, 255};  // party-member red
    if (r.kind == "camera") return {70, 90, 160, 255};
    return {30, 170, 90, 255};
}

}  // namespace

Status ResourcesLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    auto built = setup.programs.get("marker", MarkerShaders());
    if (!built) return Error{built.error()};
    program_ = built.value();
    vao_ = std::make_unique<gl::VertexArray>();
    vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    vao_->bind();
    vbo_->bind();
    gl::VertexArray::Float(0, 2, sizeof(MarkerInstance), offsetof(MarkerInstance, position), 1);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(MarkerInstance),
                          reinterpret_cast<const void*>(offsetof(MarkerInstance, r)));
    glVertexAttribDivisor(1, 1);
    gl::VertexArray::Float(2, 1, sizeof(MarkerInstance), offsetof(MarkerInstance, shape), 1);
    gl::VertexArray::Float(3, 1, sizeof(MarkerInstance), offsetof(MarkerInstance, max_mpp), 1);
    glBindVertexArray(0);
    upload(world);
    return {};
}

void ResourcesLayer::upload(const World& world) {
    std::vector<MarkerInstance> instances;
    instances.reserve(world.resources.size());
    for (const Resource& r : world.resources) {
        const Rgba c = ColorOf(r);
        instances.push_back({ToLocal(r.position, origin_), c.r, c.g, c.b, c.a, ShapeOf(r.kind), MaxMetersPerPixel(r.kind)});
    }
    vbo_->upload(instances, GL_DYNAMIC_DRAW);
    count_ = instances.size();
}

void ResourcesLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (changes & (kChangeWorld | kChangeResources)) upload(world);
}

void ResourcesLayer::draw(const FrameContext& frame) {
    const double mpp = frame.camera.meters_per_pixel;
    if (!count_ || mpp > kVisibleBelowMpp) return;
    program_->use();
    SetViewUniforms(*program_, frame);
    program_->set("u_size", static_cast<float>(std::clamp(9.0 + 6.0 / std::sqrt(mpp), 9.0, 22.0)));
    program_->set("u_opacity", opacity);
    program_->set("u_meters_per_pixel", static_cast<float>(mpp));
    vao_->bind();
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(count_));
    glBindVertexArray(0);
}

std::optional<Pick> ResourcesLayer::pick(const World& world, Vec2 p, const FrameContext& frame) const {
    const double mpp = frame.camera.meters_per_pixel;
    if (mpp > kVisibleBelowMpp) return std::nullopt;
    const double radius = 8 * mpp;
    std::int64_t best = -1;
    double best_d2 = radius * radius;
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        if (mpp > MaxMetersPerPixel(world.resources[i].kind)) continue;
        const Vec2 d = world.resources[i].position - p;
        const double d2 = d.x * d.x + d.y * d.y;
        if (d2 < best_d2) {
            best_d2 = d2;
            best = static_cast<std::int64_t>(i);
        }
    }
    if (best < 0) return std::nullopt;
    return Pick{"resources", best, world.resources[static_cast<std::size_t>(best)].name};
}

}  // namespace gridlink
