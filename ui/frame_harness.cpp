// The --frames / --exit-after / --screenshot harness (see frame_harness.h).
#include "frame_harness.h"

#include <algorithm>
#include <cstdio>

namespace gridlink {

FrameTimes SummarizeFrameTimes(std::vector<double> ms) {
    if (ms.empty()) return {};
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) sum += v;
    return {sum / static_cast<double>(ms.size()), ms[ms.size() / 2], ms.back()};
}

FrameHarness::FrameHarness(Options options, std::chrono::steady_clock::time_point started)
    : options_(std::move(options)), started_(started) {}

bool FrameHarness::closing() const {
    return options_.exit_after > 0 &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() > options_.exit_after;
}

bool FrameHarness::keep_this_frame() const {
    if (options_.screenshot.empty()) return false;
    return (options_.max_frames > 0 && frames_ + 1 >= options_.max_frames) || closing();
}

bool FrameHarness::frame_done(double ms) {
    if (options_.max_frames <= 0) return true;
    frame_ms_.push_back(ms);
    return ++frames_ < options_.max_frames;
}

void FrameHarness::write_screenshot(const Picture& picture) const {
    if (options_.screenshot.empty()) return;
    const Status s = WritePng(options_.screenshot, picture);
    if (s) {
        std::printf("wrote %s\n", options_.screenshot.c_str());
    } else {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
    }
}

void FrameHarness::report(const std::string& what, const std::string& after) const {
    if (frame_ms_.size() < 2) return;
    const FrameTimes t = SummarizeFrameTimes({frame_ms_.begin() + 1, frame_ms_.end()});
    std::printf("%zu %s: mean %.2f ms, median %.2f ms, max %.2f ms%s\n", frame_ms_.size() - 1, what.c_str(), t.mean_ms,
                t.median_ms, t.max_ms, after.c_str());
}

}  // namespace gridlink
