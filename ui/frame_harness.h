// The timing harness every seat and `render` share: --frames N (draw N frames back to back, each waited
// for, and print their times), --exit-after S (close after S seconds) and --screenshot FILE.png (keep the
// last frame). A seat asks it what to do each frame; it knows nothing of windows or layers.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ui/offscreen.h"

namespace gridlink {

// Mean, median and worst of frame times in milliseconds.
struct FrameTimes {
    double mean_ms = 0, median_ms = 0, max_ms = 0;
};
FrameTimes SummarizeFrameTimes(std::vector<double> ms);

class FrameHarness {
  public:
    struct Options {
        int max_frames = 0;      // >0: draw this many frames back to back, then close
        double exit_after = 0;   // >0: close after this many seconds
        std::string screenshot;  // keep the last frame as this PNG
    };
    FrameHarness(Options options, std::chrono::steady_clock::time_point started);

    // Timing mode (--frames): every frame drawn and finished, none skipped while idle.
    bool timing() const { return options_.max_frames > 0; }
    // --exit-after has run out: the frame now being drawn is the last.
    bool closing() const;
    // Whether anything keeps the seat awake without input (--exit-after waits on the clock).
    bool awake() const { return options_.exit_after > 0; }
    // Whether the frame about to be swapped is the one to keep (read the back buffer before the swap).
    bool keep_this_frame() const;
    // Records a finished frame's time; returns false once the seat should close.
    bool frame_done(double ms);
    // Writes the kept picture, if --screenshot asked for one (prints "wrote FILE").
    void write_screenshot(const Picture& picture) const;
    // "N <what>: mean .., median .., max ..<after>": the frames after the first (which builds GPU state and
    // is reported on its own); nothing when fewer than two were timed.
    void report(const std::string& what, const std::string& after = "") const;

  private:
    Options options_;
    std::chrono::steady_clock::time_point started_;
    std::vector<double> frame_ms_;
    int frames_ = 0;
};

}  // namespace gridlink
