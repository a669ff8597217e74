// Report heat: the splats (one per report in the window) re-uploaded when the log moves or the hour turns,
// summed additively into an R16F texture at half the map's resolution, coloured over the jurisdiction.
#include "heat_layer.h"

#include <algorithm>

#include "shaders/shaders.h"

namespace gridlink {

namespace {
struct Splat {
    LocalVertex position;
    float weight;
};
constexpr std::int64_t kHourMs = 3600 * 1000;
}  // namespace

// [SECTION] the heat surface

HeatSurface::~HeatSurface() {
    if (texture_) glDeleteTextures(1, &texture_);
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
}

Status HeatSurface::create(const World& world, LayerSetup& setup, Ramp ramp) {
    const gl::ShaderSources sources{shaders::heat_vert, shaders::heat_frag};
    auto splat = setup.programs.get("heat", sources, {"SPLAT"});
    if (!splat) return Error{splat.error()};
    splat_ = splat.value();
    auto color = ramp == Ramp::kDensity ? setup.programs.get("heat", sources, {"RAMP_DENSITY"})
                                        : setup.programs.get("heat", sources);
    if (!color) return Error{color.error()};
    color_ = color.value();
    // The jurisdiction: the coarsest level present (the district), or nothing clips when there are no grids.
    for (int level = 1; level <= kLevelCount; ++level) {
        if (world.grids.at_level(level).empty()) continue;
        const GridLevelGeometry geometry = BuildGridLevel(world.grids, world.grids.at_level(level), setup.origin);
        clip_.upload(geometry.mesh, geometry.features, setup.origin);
        break;
    }
    return {};
}

bool HeatSurface::ensure_target(int width, int height) {
    if (fbo_ && width == target_w_ && height == target_h_) return true;
    if (!texture_) glGenTextures(1, &texture_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R16F, width, height, 0, GL_RED, GL_FLOAT, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    target_w_ = width;
    target_h_ = height;
    return complete;
}

void HeatSurface::draw(const FrameContext& frame, const gl::VertexArray& splats, std::size_t count, double radius_px,
                       double saturation, float opacity) {
    if (!ready() || !count) return;
    // Pass 1: splats into the heat texture (half resolution: the kernel is smooth), then back to the map's target.
    GLint previous_fbo = 0, viewport[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    const int w = std::max(1, frame.camera.width / 2), h = std::max(1, frame.camera.height / 2);
    const bool ready = ensure_target(w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    if (ready) {
        glViewport(0, 0, w, h);
        glClearColor(0, 0, 0, 0);
        glClear(GL_COLOR_BUFFER_BIT);
        glBlendFunc(GL_ONE, GL_ONE);
        splat_->use();
        SetViewUniforms(*splat_, frame);
        splat_->set("u_radius", static_cast<float>(radius_px));
        splats.bind();
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(count));
        glBindVertexArray(0);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    if (!ready) return;
    // Pass 2: the ramp over the jurisdiction's triangles only.
    color_->use();
    SetViewUniforms(*color_, frame);
    color_->set("u_origin", static_cast<float>(viewport[0]), static_cast<float>(viewport[1]));
    color_->set("u_viewport", static_cast<float>(viewport[2]), static_cast<float>(viewport[3]));
    color_->set("u_saturation", static_cast<float>(saturation));
    color_->set("u_opacity", opacity);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, texture_);
    color_->set("u_heat", 0);
    clip_.draw();
    glBindTexture(GL_TEXTURE_2D, 0);
}

// [SECTION] the heat layer

Status HeatLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    if (Status s = surface_.create(world, setup, HeatSurface::Ramp::kReports); !s) return s;
    splat_vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    splat_vao_ = std::make_unique<gl::VertexArray>();
    splat_vao_->bind();
    splat_vbo_->bind();
    gl::VertexArray::Float(0, 2, sizeof(Splat), offsetof(Splat, position), 1);
    gl::VertexArray::Float(1, 1, sizeof(Splat), offsetof(Splat, weight), 1);
    glBindVertexArray(0);
    revision_ = hour_ = -1;
    return {};
}

void HeatLayer::update(const World&, const MapSelection&, unsigned changes) {
    if (changes & (kChangeIncidents | kChangeWorld)) revision_ = -1;
}

void HeatLayer::rebuild(const World& world, std::int64_t now_ms) {
    std::vector<Splat> splats;
    const std::int64_t from = now_ms - hours * kHourMs;
    for (const Incident& c : world.incidents.cases) {
        if (c.reported_ms < from || c.reported_ms > now_ms) continue;
        // Urgent reports weigh more: priority 1 counts twice, 4 once.
        splats.push_back({ToLocal(c.position, origin_), 1.0f + (4 - std::clamp(c.priority, 1, 4)) / 3.0f});
    }
    splat_vbo_->upload(splats, GL_DYNAMIC_DRAW);
    splat_count_ = splats.size();
}

void HeatLayer::draw(const FrameContext& frame) {
    if (!frame.world || !surface_.ready()) return;
    const World& world = *frame.world;
    const std::int64_t now = frame.now_ms ? frame.now_ms : world.incidents.clock_ms;
    if (world.incidents.revision != revision_ || now / kHourMs != hour_) {
        rebuild(world, now);
        revision_ = world.incidents.revision;
        hour_ = now / kHourMs;
    }
    surface_.draw(frame, *splat_vao_, splat_count_, radius_px, saturation, opacity);
}

}  // namespace gridlink
