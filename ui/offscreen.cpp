// Offscreen frames: map layers into a multisampled framebuffer, then ImGui's draw lists on top.
#include "offscreen.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "ui/fonts.h"
#include "ui/imgui_text.h"
#include "ui/overlays.h"

namespace gridlink {

Status WritePng(const std::string& path, const Picture& p) {
    std::error_code ec;
    if (std::filesystem::path(path).has_parent_path())
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (!stbi_write_png(path.c_str(), p.width, p.height, 4, p.rgba.data(), p.width * 4)) {
        return Error{path + ": cannot write PNG"};
    }
    return {};
}

Result<Picture> ReadPng(const std::string& path) {
    int w = 0, h = 0, n = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 4);
    if (!data) return Error{path + ": cannot read PNG (" + (stbi_failure_reason() ? stbi_failure_reason() : "?") + ")"};
    Picture p{w, h, std::vector<std::uint8_t>(data, data + static_cast<std::size_t>(w) * h * 4)};
    stbi_image_free(data);
    return p;
}

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::Create() {
    auto context = GlContext::CreateOffscreen();
    if (!context) return Error{"offscreen OpenGL: " + context.error()};
    std::unique_ptr<OffscreenRenderer> r(new OffscreenRenderer);
    r->context_ = std::move(context.value());
    if (const char* debug = std::getenv("GRIDLINK_GL_DEBUG"); debug && *debug == '1') {
        // Every GL error and warning, as the driver words it, on stderr.
        glEnable(GL_DEBUG_OUTPUT);
        glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
        glDebugMessageCallback([](GLenum, GLenum, GLuint, GLenum, GLsizei, const GLchar* message,
                                  const void*) { std::fprintf(stderr, "GL: %s\n", message); },
                               nullptr);
    }
    r->imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(r->imgui_);
    ImGui::GetIO().IniFilename = nullptr;
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) return Error{"ImGui cannot start its OpenGL 3 renderer"};
    return r;
}

OffscreenRenderer::~OffscreenRenderer() {
    if (imgui_) {
        ImGui::SetCurrentContext(imgui_);
        ImGui_ImplOpenGL3_Shutdown();
        ImGui::DestroyContext(imgui_);
    }
}

Status OffscreenRenderer::load(const World& world, const std::vector<std::string>& layers) {
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    const Fonts fonts = LoadFonts(MapTexts(world));
    label_font_ = fonts.label;
    if (!ImGui_ImplOpenGL3_CreateFontsTexture()) return Error{"cannot upload the font atlas"};
    return view_.load(world, layers);
}

Status OffscreenRenderer::draw(int samples, bool overlays, const std::string& title) {
    ImGui::SetCurrentContext(imgui_);
    const Camera& cam = view_.camera;
    if (!framebuffer_ || framebuffer_->width() != cam.width || framebuffer_->height() != cam.height ||
        framebuffer_samples_ != samples) {
        framebuffer_ = std::make_unique<gl::Framebuffer>(cam.width, cam.height, samples);
        framebuffer_samples_ = samples;
    }
    gl::Framebuffer& fb = *framebuffer_;
    if (!fb.complete()) {
        return Error{"offscreen framebuffer " + std::to_string(cam.width) + "x" + std::to_string(cam.height) +
                     " is incomplete"};
    }
    fb.bind();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(cam.width), static_cast<float>(cam.height));
    io.DeltaTime = 1.0f / 60;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ImFont* font = label_font_;
    ImGuiTextPainter painter(font);
    view_.draw(0, &painter);
    if (overlays) {
        ImDrawList* list = ImGui::GetForegroundDrawList();
        if (!title.empty()) {
            const std::string subtitle = std::to_string(view_.world()->grids.size()) + " grids, " +
                                         view_.world()->crs.name() + ", 1 px = " + FormatDistance(cam.meters_per_pixel);
            DrawTitle(list, ImVec2(12, 12), title, subtitle, font);
        }
        DrawScaleBar(list, cam, ImVec2(20, static_cast<float>(cam.height) - 18), font);
        DrawNorthArrow(list, ImVec2(static_cast<float>(cam.width) - 36, 40), 24, font);
    }
    ImGui::Render();
    fb.bind();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    if (std::string errors = gl::TakeErrors(); !errors.empty())
        return Error{"OpenGL errors while rendering: " + errors};
    return {};
}

Result<Picture> OffscreenRenderer::render(int samples, bool overlays, const std::string& title) {
    if (Status s = draw(samples, overlays, title); !s) return Error{s.error()};
    return Picture{view_.camera.width, view_.camera.height, framebuffer_->read_rgba()};
}

}  // namespace gridlink
