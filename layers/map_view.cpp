// MapView: layer creation, the per-frame draw in registry order, picking from the top down.
#include "map_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "layer_registry.h"

namespace gridlink {

Status MapView::load(const World& world, const std::vector<std::string>& only) {
    world_ = &world;
    layers_.clear();
    const Box bounds = world.bounds();
    origin_ = bounds.empty() ? Vec2{} : Vec2{std::round(bounds.center().x), std::round(bounds.center().y)};
    for (const std::string& id : only) {
        const auto& reg = LayerRegistry();
        if (std::none_of(reg.begin(), reg.end(), [&](const LayerEntry& e) { return e.id == id; })) {
            std::string known;
            for (const LayerEntry& e : reg) known += (known.empty() ? "" : ", ") + std::string(e.id);
            return Error{"unknown layer '" + id + "' (layers: " + known + ")"};
        }
    }
    for (const LayerEntry& entry : LayerRegistry()) {
        if (!only.empty() && std::find(only.begin(), only.end(), entry.id) == only.end()) continue;
        std::unique_ptr<Layer> layer = entry.make();
        const auto t0 = std::chrono::steady_clock::now();
        LayerSetup setup{origin_, programs_};
        Status created = layer->create(world, setup);
        if (std::getenv("GRIDLINK_TRACE")) {
            std::fprintf(stderr, "layer %s: %.3f s\n", std::string(entry.id).c_str(),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        if (Status s = created; !s) return Error{"layer '" + std::string(entry.id) + "': " + s.error()};
        layers_.push_back(std::move(layer));
    }
    if (camera.width > 1) camera.fit(bounds);
    return {};
}

void MapView::set_world(const World& world) {
    world_ = &world;
    notify(kChangeWorld);
}

FrameContext MapView::frame(double time, TextPainter* text) const {
    FrameContext f{camera, origin_, time, text};
    f.now_ms = now_ms;
    f.world = world_;
    f.pixel_scale = pixel_scale > 0 ? pixel_scale : 1.0f;
    for (const auto& layer : layers_) layer->prepare_frame(f);
    return f;
}

void MapView::draw(double time, TextPainter* text) {
    const int below = target_height > 0 ? target_height - static_cast<int>(camera.offset.y) - camera.height : 0;
    glViewport(static_cast<int>(camera.offset.x), below, camera.width, camera.height);
    glClearColor(land.r / 255.0f, land.g / 255.0f, land.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    const FrameContext f = frame(time, text);
    // GRIDLINK_TRACE_LAYERS=1: each layer's draw finished and timed (glFinish between layers), printed per frame.
    static const bool trace = std::getenv("GRIDLINK_TRACE_LAYERS") != nullptr;
    std::string times;
    for (const auto& layer : layers_) {
        if (!layer->shown(f)) continue;
        const auto t0 = std::chrono::steady_clock::now();
        layer->draw(f);
        if (!trace) continue;
        glFinish();
        char item[64];
        std::snprintf(item, sizeof item, " %s %.1f", std::string(layer->id()).c_str(),
                      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        times.append(item);
    }
    if (trace) std::fprintf(stderr, "layers ms:%s\n", times.c_str());
    // Leave no layer program bound: a program deleted with its layer must not linger as current.
    glUseProgram(0);
    glBindVertexArray(0);
}

std::optional<Pick> MapView::pick(Vec2 screen) const {
    if (!world_) return std::nullopt;
    const FrameContext f = frame(0, nullptr);
    const Vec2 p = camera.to_world(screen);
    for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) {
        if (!(*it)->visible) continue;
        if (auto hit = (*it)->pick(*world_, p, f)) return hit;
    }
    return std::nullopt;
}

void MapView::set_hovered(std::int64_t grid) {
    if (grid == selection.hovered_grid) return;
    selection.hovered_grid = grid;
    notify(kChangeSelection);
}

void MapView::set_selected(std::int64_t grid) {
    if (grid == selection.selected_grid) return;
    selection.selected_grid = grid;
    notify(kChangeSelection);
}

void MapView::notify(unsigned changes) {
    if (!world_) return;
    for (const auto& layer : layers_) layer->update(*world_, selection, changes);
}

bool MapView::animating() const {
    return std::any_of(layers_.begin(), layers_.end(),
                       [](const auto& layer) { return layer->visible && layer->animating(); });
}

bool MapView::busy() const {
    return std::any_of(layers_.begin(), layers_.end(), [](const auto& layer) { return layer->busy(); });
}

Layer* MapView::layer(std::string_view id) const {
    for (const auto& l : layers_) {
        if (l->id() == id) return l.get();
    }
    return nullptr;
}

}  // namespace gridlink
