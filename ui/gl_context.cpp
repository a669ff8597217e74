// GL context creation through GLFW (windows, hidden windows) or EGL (surfaceless, no display at all).
#include "gl_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "layers/gl.h"

namespace gridlink {

bool HaveDisplay() {
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

static std::string glfw_error;

static Result<GLFWwindow*> GlfwWindow(const char* title, int width, int height, bool visible, bool maximized,
                                      bool decorated = true, int samples = 0) {
    glfwSetErrorCallback([](int, const char* message) { glfw_error = message ? message : ""; });
    if (!glfwInit()) return Error{"cannot start GLFW: " + glfw_error};
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_MAXIMIZED, maximized ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SAMPLES, samples);
    glfwWindowHint(GLFW_DECORATED, decorated ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window) return Error{"cannot open an OpenGL 3.3 core window: " + glfw_error};
    glfwMakeContextCurrent(window);
    return window;
}

static std::string RendererName() {
    const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(r ? r : "?") + ", OpenGL " + (v ? v : "?");
}

// A software rasterizer (Mesa's llvmpipe, softpipe, swrast) pays for every sample of every pixel on the CPU.
static bool IsSoftwareRenderer() {
    const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string name = r ? r : "";
    for (const char* software : {"llvmpipe", "softpipe", "swrast", "Software Rasterizer"}) {
        if (name.find(software) != std::string::npos) return true;
    }
    return false;
}

// A visible window, multisampled 4x on a GPU and not at all on a software rasterizer, where 4x multiplies the
// cost of every filled pixel (the district map at 1920x1080 on llvmpipe: 118 ms a frame with 4x, 49 ms without;
// BENCHMARKS.md); the shaders' own edges (markers, lines) stay smooth either way. GRIDLINK_MSAA=N forces N samples.
// *samples_used gets what the window has.
static Result<GLFWwindow*> VisibleWindow(const char* title, int width, int height, bool maximized, bool decorated,
                                         int* samples_used) {
    const char* forced = std::getenv("GRIDLINK_MSAA");
    const int samples = forced ? std::clamp(std::atoi(forced), 0, 16) : 4;
    auto window = GlfwWindow(title, width, height, true, maximized, decorated, samples);
    *samples_used = samples;
    if (!window || forced || samples == 0 || !IsSoftwareRenderer()) return window;
    glfwDestroyWindow(window.value());
    *samples_used = 0;
    return GlfwWindow(title, width, height, true, maximized, decorated, 0);
}

static std::string SamplesNote(int samples) {
    return samples > 0 ? "; " + std::to_string(samples) + "x MSAA" : std::string("; no MSAA");
}

Result<std::unique_ptr<GlContext>> GlContext::CreateWindow(const char* title, int width, int height, bool maximized) {
    if (!HaveDisplay()) return Error{"no display (DISPLAY and WAYLAND_DISPLAY are unset)"};
    int samples = 0;
    auto window = VisibleWindow(title, width, height, maximized, true, &samples);
    if (!window) return Error{window.error()};
    std::unique_ptr<GlContext> ctx(new GlContext);
    ctx->window_ = window.value();
    glfwSwapInterval(1);
    ctx->description_ = "GLFW window; " + RendererName() + SamplesNote(samples);
    return ctx;
}

Result<ScreenArea> MonitorArea(int index, bool span) {
    if (!HaveDisplay()) return Error{"no display (DISPLAY and WAYLAND_DISPLAY are unset)"};
    glfwSetErrorCallback([](int, const char* message) { glfw_error = message ? message : ""; });
    if (!glfwInit()) return Error{"cannot start GLFW: " + glfw_error};
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count == 0) return Error{"the display has no monitor"};
    auto area_of = [](GLFWmonitor* monitor) {
        ScreenArea a;
        glfwGetMonitorPos(monitor, &a.x, &a.y);
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
            a.width = mode->width;
            a.height = mode->height;
        }
        return a;
    };
    if (!span) {
        if (index < 0 || index >= count) {
            return Error{"--monitor " + std::to_string(index) + ": the display has " + std::to_string(count) +
                         " monitor(s), numbered from 0"};
        }
        return area_of(monitors[index]);
    }
    ScreenArea all = area_of(monitors[0]);
    int right = all.x + all.width, bottom = all.y + all.height;
    for (int i = 1; i < count; ++i) {
        const ScreenArea a = area_of(monitors[i]);
        all.x = std::min(all.x, a.x);
        all.y = std::min(all.y, a.y);
        right = std::max(right, a.x + a.width);
        bottom = std::max(bottom, a.y + a.height);
    }
    all.width = right - all.x;
    all.height = bottom - all.y;
    return all;
}

Result<std::unique_ptr<GlContext>> GlContext::CreateBorderless(const char* title, ScreenArea area) {
    if (!HaveDisplay()) return Error{"no display (DISPLAY and WAYLAND_DISPLAY are unset)"};
    int samples = 0;
    auto window = VisibleWindow(title, area.width, area.height, false, false, &samples);
    if (!window) return Error{window.error()};
    glfwSetWindowPos(window.value(), area.x, area.y);
    std::unique_ptr<GlContext> ctx(new GlContext);
    ctx->window_ = window.value();
    glfwSwapInterval(1);
    ctx->description_ = "GLFW borderless window; " + RendererName() + SamplesNote(samples);
    return ctx;
}

Result<std::unique_ptr<GlContext>> GlContext::CreateEgl() {
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLDisplay display = EGL_NO_DISPLAY;
    if (get_platform_display)
        display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor)) {
        return Error{"no display, and EGL cannot start without one"};
    }
    if (!eglBindAPI(EGL_OPENGL_API)) return Error{"EGL has no desktop OpenGL"};
    const EGLint config_attributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    eglChooseConfig(display, config_attributes, &config, 1, &count);
    const EGLint context_attributes[] = {
        EGL_CONTEXT_MAJOR_VERSION,           3,       EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext context = eglCreateContext(display, count ? config : nullptr, EGL_NO_CONTEXT, context_attributes);
    if (context == EGL_NO_CONTEXT) return Error{"EGL cannot create an OpenGL 3.3 core context"};
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
        return Error{"EGL cannot make a surfaceless context current"};
    }
    std::unique_ptr<GlContext> ctx(new GlContext);
    ctx->egl_display_ = display;
    ctx->egl_context_ = context;
    ctx->description_ = "EGL surfaceless; " + RendererName();
    return ctx;
}

Result<std::unique_ptr<GlContext>> GlContext::CreateOffscreen() {
    if (HaveDisplay()) {
        auto window = GlfwWindow("gridlink offscreen", 64, 64, false, false);
        if (window) {
            std::unique_ptr<GlContext> ctx(new GlContext);
            ctx->window_ = window.value();
            ctx->description_ = "hidden GLFW window; " + RendererName();
            return ctx;
        }
    }
    return CreateEgl();
}

GlContext::~GlContext() {
    if (window_) {
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
    if (egl_display_) {
        eglMakeCurrent(egl_display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(egl_display_, egl_context_);
        eglTerminate(egl_display_);
    }
}

}  // namespace gridlink
