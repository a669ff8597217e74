// What the windowed seats (the workstation, the wall, review) share around their frame loops, so that each seat
// is a layout of panels and layers (STYLE.md 13): the live session opened beside the window, Dear ImGui started
// and stopped, the map's furniture, the end of a frame (present, --screenshot, --frames, --exit-after), the
// grid index built beside the first frames, the teardown order, and the start / frame / shutdown loop.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "data/live_session.h"
#include "engine/grid_index.h"
#include "engine/world.h"
#include "ui/frame_harness.h"
#include "ui/gl_context.h"
#include "ui/imgui_text.h"
#include "ui/offscreen.h"

struct GLFWwindow;

namespace gridlink {

struct App;

// A workspace being read (in another thread) while the window opens: its live session, the log replayed.
// `workspace` empty (a plain grid source): a read-only session. A log that cannot be opened for writing
// leaves the seat read-only, with a warning.
struct SeatSession {
    std::unique_ptr<LiveSession> session;  // null when it could not be opened
    std::string error;
};
SeatSession OpenSeatSession(Result<World> world, std::string label, std::string workspace);

// The window did not open: the workspace drawn to a picture instead (RenderOverviewInstead), or its error (2).
int WithoutWindow(std::future<SeatSession>& workspace, const std::string& why);
// Waits for the workspace; its error printed when it could not be opened.
std::optional<SeatSession> TakeSession(std::future<SeatSession>& workspace);
// Dear ImGui over the window (no .ini file; GLFW and OpenGL 3 backends); styled by the seat.
void StartImGui(GLFWwindow* window);

// The window's back buffer as a picture, top row first (read it before the swap).
Picture ReadBackbuffer(int width, int height);

// Over the map, in the camera's viewport: the selected case's ring (what the detail panel shows), the scale
// bar at its foot and the north arrow at its top right.
void DrawMapFurniture(const App& app);

// The end of a frame in Dear ImGui's order: the panels rendered, the back buffer kept when the harness wants
// this frame (read before the swap: a back buffer is undefined after it), the buffers swapped.
void PresentFrame(GLFWwindow* window, const FrameHarness& harness, int width, int height, Picture& kept);
// After the swap: false when the seat closes (--exit-after's last frame, or --frames all timed), the kept picture
// written. In timing mode each frame is finished first, so that its time is the whole frame's cost.
bool FrameDone(FrameHarness& harness, bool closing, std::chrono::steady_clock::time_point frame_start,
               const Picture& kept);

// The grid index (assignment, picking) is built in another thread while the first frames draw: drawing does
// not need it. The World's grids must stay put until it is joined.
class BackgroundGridIndex {
  public:
    // Starts building when `world` has no index yet; `wake` is called from the builder when it is done.
    void start(const World& world, std::function<void()> wake);
    // Puts the index into the World once built: true on the one call that does.
    bool take(World& world);
    void join();

  private:
    std::future<std::shared_ptr<const GridIndex>> built_;
    std::jthread builder_;
};

// Tears a seat down in the order GL and the session need: the index builder joined (it reads the session's
// grids), the text painter and the seat's layers dropped while the GL context is current, the session closed
// (the simulator, then the writer answering every line already taken), then Dear ImGui stopped.
void CloseSeat(BackgroundGridIndex& indexing, std::unique_ptr<ImGuiTextPainter>& painter,
               const std::function<void()>& drop_layers, std::unique_ptr<LiveSession>& session, bool imgui);

// What every windowed seat holds around its layout: the frame harness, the window, whether Dear ImGui runs, the
// live session (and whether it writes), the grid index built beside the first frames, the map's text painter,
// the framebuffer's size and the picture kept for --screenshot.
struct SeatCore {
    explicit SeatCore(FrameHarness::Options options) : harness(std::move(options), std::chrono::steady_clock::now()) {}
    FrameHarness harness;
    Result<std::unique_ptr<GlContext>> context = Error{"no window"};
    bool imgui = false;
    SeatSession loaded;
    bool live = false;
    BackgroundGridIndex indexing;
    std::unique_ptr<ImGuiTextPainter> painter;
    int fb_w = 0, fb_h = 0;
    Picture last_picture;

    // Starts the session's writer (and the feed on `listen`, the simulator at `simulate` lines a second),
    // recording `origin` on what the seat sends; prints why not.
    bool start_session(const std::string& listen, double simulate, const std::string& origin);
    // CloseSeat over the core's parts.
    void close(const std::function<void()>& drop_layers) {
        CloseSeat(indexing, painter, drop_layers, loaded.session, imgui);
    }
};

// A seat's life: start() (an exit status when it cannot open), frame() until it returns false, shutdown().
template <typename Seat, typename... Inputs>
int RunSeat(Seat& seat, Inputs&&... inputs) {
    if (const std::optional<int> done = seat.start(std::forward<Inputs>(inputs)...)) {
        seat.shutdown();
        return *done;
    }
    while (seat.frame()) {
    }
    return seat.shutdown();
}

}  // namespace gridlink
