// What the windowed seats (the workstation, the wall) share around their frame loops: reading the back buffer
// for --screenshot and the grid index built beside the first frames. The seats' own layouts stay in their files.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "engine/grid_index.h"
#include "engine/world.h"
#include "ui/offscreen.h"

namespace gridlink {

// The window's back buffer as a picture, top row first (read it before the swap).
Picture ReadBackbuffer(int width, int height);

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

}  // namespace gridlink
