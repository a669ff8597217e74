// OpenGL 3.3 core contexts: a visible GLFW window for the seats, and an offscreen context for
// `gridlink render` and tests (a hidden GLFW window when there is a display, EGL surfaceless otherwise).
#pragma once

#include <memory>
#include <string>

#include "engine/result.h"

struct GLFWwindow;

namespace gridlink {

struct ScreenArea;

class GlContext {
  public:
    ~GlContext();
    GlContext(const GlContext&) = delete;
    GlContext& operator=(const GlContext&) = delete;

    // A window of the given size (fullscreen-sized for the wall); needs a display.
    static Result<std::unique_ptr<GlContext>> CreateWindow(const char* title, int width, int height, bool maximized);
    // A borderless window over `area` (the wall: fullscreen on one monitor, or spanning several).
    static Result<std::unique_ptr<GlContext>> CreateBorderless(const char* title, ScreenArea area);
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

// A rectangle of the window system's desktop, in screen coordinates.
struct ScreenArea {
    int x = 0, y = 0, width = 0, height = 0;
};
// Monitor `index` (0: the primary, then in the window system's order), or with `span` the rectangle around
// every monitor; the error names how many monitors there are.
Result<ScreenArea> MonitorArea(int index, bool span);

}  // namespace gridlink
