// Offscreen rendering through the same MapView as the seats: an offscreen GL context, a framebuffer,
// Dear ImGui for labels and map furniture, and PNG output. Serves `gridlink render` and the render tests.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.h"
#include "layers/map_view.h"
#include "ui/gl_context.h"

struct ImGuiContext;
struct ImFont;

namespace gridlink {

struct Picture {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;  // top row first
};

Status WritePng(const std::string& path, const Picture& picture);
Result<Picture> ReadPng(const std::string& path);

class OffscreenRenderer {
  public:
    static Result<std::unique_ptr<OffscreenRenderer>> Create();
    ~OffscreenRenderer();

    // Creates the layers for `world` (all, or only `layers`) and the fonts its names need.
    Status load(const World& world, const std::vector<std::string>& layers = {});
    MapView& view() { return view_; }
    // Draws one frame at the camera's size and reads it back; `overlays` adds title, scale bar and north arrow.
    Result<Picture> render(int samples, bool overlays, const std::string& title = "");
    // Draws one frame and waits for the GPU to finish it, without reading it back (for timing).
    Status draw(int samples, bool overlays, const std::string& title = "");
    const std::string& context_description() const { return context_->description(); }

  private:
    OffscreenRenderer() = default;
    std::unique_ptr<GlContext> context_;
    ImGuiContext* imgui_ = nullptr;
    MapView view_;
    ImFont* label_font_ = nullptr;
    std::unique_ptr<gl::Framebuffer> framebuffer_;  // kept while the size and samples stay the same
    int framebuffer_samples_ = -1;
};

}  // namespace gridlink
