// The seats' shared pieces around the frame loop (see seat.h).
#include "seat.h"

#include <algorithm>
#include <chrono>

#include "layers/gl.h"

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
