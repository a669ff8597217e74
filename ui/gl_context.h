// OpenGL 3.3 core contexts: a visible GLFW window for the seats, and an offscreen context for
// `gridlink render` and tests (a hidden GLFW window when there is a display, EGL surfaceless otherwise).
#pragma once

#include <memory>
#include <string>

#include "engine/result.h"

struct GLFWwindow;

namespace gridlink {

class GlContext {
  public:
    ~GlContext();
    GlContext(const GlContext&) = delete;
    GlContext& operator=(const GlContext&) = delete;

    // A window of the given size (fullscreen-sized for the wall); needs a display.
    static Result<std::unique_ptr<GlContext>> CreateWindow(const char* title, int width, int height, bool maximized);
    // A context with no visible surface; render into a gl::Framebuffer.
    static Result<std::unique_ptr<GlContext>> CreateOffscreen();

    GLFWwindow* window() const { return window_; }
    // "GLFW/X11" or "EGL surfaceless", plus the GL renderer string.
    const std::string& description() const { return description_; }

  private:
    GlContext() = default;
    static Result<std::unique_ptr<GlContext>> CreateEgl();
    GLFWwindow* window_ = nullptr;
    void* egl_display_ = nullptr;
    void* egl_context_ = nullptr;
    std::string description_;
};

// True when a window system is reachable (DISPLAY or WAYLAND_DISPLAY set).
bool HaveDisplay();

}  // namespace gridlink
