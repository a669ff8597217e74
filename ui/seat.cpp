// The seats' shared pieces around the frame loop (see seat.h).
#include "seat.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "layers/gl.h"
#include "ui/commands.h"
#include "ui/imgui_text.h"
#include "ui/overlays.h"
#include "ui/workstation.h"

namespace gridlink {

Picture ReadBackbuffer(int width, int height) {
    Picture p{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, p.rgba.data());
    const std::size_t stride = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height / 2; ++y) {
        std::swap_ranges(p.rgba.begin() + y * stride, p.rgba.begin() + (y + 1) * stride,
                         p.rgba.begin() + (height - 1 - y) * stride);
    }
    for (std::size_t i = 3; i < p.rgba.size(); i += 4) p.rgba[i] = 255;
    return p;
}

void DrawMapFurniture(const App& app) {
    ImDrawList* overlay = ImGui::GetBackgroundDrawList();
    const Camera& camera = app.view.camera;
    const std::int64_t selected = app.incidents.selected;
    if (selected >= 0 && selected < std::ssize(app.world.incidents.cases)) {
        const Vec2 at = camera.to_screen(app.world.incidents.cases[static_cast<std::size_t>(selected)].position);
        overlay->AddCircle(ImVec2(static_cast<float>(at.x), static_cast<float>(at.y)), 22, IM_COL32(20, 90, 220, 255),
                           32, 3.5f);
    }
    const ScreenRect& map = app.regions.map;
    DrawScaleBar(overlay, camera, ImVec2(map.x + 10, map.bottom() - 18), app.fonts.ui);
    DrawNorthArrow(overlay, ImVec2(map.right() - 36, map.y + 40), 24, app.fonts.ui);
}

void PresentFrame(GLFWwindow* window, const FrameHarness& harness, int width, int height, Picture& kept) {
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (harness.keep_this_frame()) kept = ReadBackbuffer(width, height);
    glfwSwapBuffers(window);
}

bool FrameDone(FrameHarness& harness, bool closing, std::chrono::steady_clock::time_point frame_start,
               const Picture& kept) {
    if (closing) {
        harness.write_screenshot(kept);
        return false;
    }
    if (!harness.timing()) return true;
    glFinish();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count();
    if (harness.frame_done(ms)) return true;
    harness.write_screenshot(kept);
    return false;
}

SeatSession OpenSeatSession(Result<World> world, std::string label, std::string workspace) {
    if (!world) return {nullptr, world.error()};
    if (workspace.empty()) return {LiveSession::ReadOnly(std::move(world.value()), std::move(label)), ""};
    auto session = LiveSession::Open(std::move(world.value()), std::move(label), std::move(workspace));
    if (!session) return {nullptr, session.error()};
    if (!session.value()->read_only_reason().empty()) {
        std::fprintf(stderr, "gridlink: warning: %s; the map is read-only\n",
                     session.value()->read_only_reason().c_str());
    }
    return {std::move(session.value()), ""};
}

int WithoutWindow(std::future<SeatSession>& workspace, const std::string& why) {
    SeatSession loaded = workspace.get();
    if (!loaded.session) {
        std::fprintf(stderr, "gridlink: %s\n", loaded.error.c_str());
        return 2;
    }
    return RenderOverviewInstead(loaded.session->world(), loaded.session->label(), "cannot open a window: " + why);
}

std::optional<SeatSession> TakeSession(std::future<SeatSession>& workspace) {
    SeatSession loaded = workspace.get();
    if (!loaded.session) {
        std::fprintf(stderr, "gridlink: %s\n", loaded.error.c_str());
        return std::nullopt;
    }
    return loaded;
}

void StartImGui(GLFWwindow* window) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
}

void CloseSeat(BackgroundGridIndex& indexing, std::unique_ptr<ImGuiTextPainter>& painter,
               const std::function<void()>& drop_layers, std::unique_ptr<LiveSession>& session, bool imgui) {
    indexing.join();
    painter.reset();
    if (drop_layers) drop_layers();
    session.reset();
    if (imgui) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
}

bool SeatCore::start_session(const std::string& listen, double simulate, const std::string& origin) {
    LiveSession& session = *loaded.session;
    SessionOptions options;
    options.listen = listen;
    options.simulate = simulate;
    options.origin = origin;
    if (Status s = session.start(options, [] { glfwPostEmptyEvent(); }); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return false;
    }
    if (!listen.empty()) std::fprintf(stderr, "gridlink: listening on %s\n", session.address().c_str());
    return true;
}

void BackgroundGridIndex::start(const World& world, std::function<void()> wake) {
    if (world.grid_index) return;
    std::promise<std::shared_ptr<const GridIndex>> built;
    built_ = built.get_future();
    builder_ = std::jthread([&grids = world.grids, built = std::move(built), wake = std::move(wake)]() mutable {
        built.set_value(std::make_shared<const GridIndex>(GridIndex::Build(grids)));
        if (wake) wake();
    });
}

bool BackgroundGridIndex::take(World& world) {
    if (!built_.valid() || built_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    world.grid_index = built_.get();
    return true;
}

void BackgroundGridIndex::join() {
    if (builder_.joinable()) builder_.join();
}

}  // namespace gridlink
