// The review seat (`gridlink review`): a supervisor's look back over a recorded log, read-only. A timeline with the
// reports per hour or day, playback and steps, and the map, queue, figures and tracks at exactly the instant shown
// (data/review_cursor.h); plus the exports: a PNG sequence of a range (and a video), the range's cases and figures.
#pragma once

#include <chrono>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "data/review_cursor.h"
#include "engine/assessment.h"
#include "ui/workstation.h"

namespace gridlink {

struct ReviewOptions {
    int width = 1600, height = 1000;
    int max_frames = 0;              // >0: draw this many frames back to back, print their timing and the state, close
    std::string screenshot;          // with max_frames: keep the last frame as this PNG
    std::int64_t at_ms = INT64_MIN;  // the instant to open at; INT64_MIN: the log's end
    std::int64_t from_ms = INT64_MIN;  // the range's start; INT64_MIN: a day before at_ms
    std::int64_t to_ms = INT64_MIN;    // the range's end; INT64_MIN: at_ms
    bool play = false;                 // start playing
    std::string select;                // a case id to select (its history in the detail panel)
    std::chrono::steady_clock::time_point started;
};

// Playback speeds, in log seconds per second: [ and ] step through them.
inline constexpr double kReviewSpeeds[] = {1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600};
inline constexpr int kReviewSpeedCount = static_cast<int>(std::size(kReviewSpeeds));

// What the review panels read and change: the workstation's App over a read-only session whose World the cursor
// moves, the instant shown, the range, playback.
struct Review {
    Review(App& a, std::unique_ptr<ReviewCursor> c) : app(a), cursor(std::move(c)) {}
    App& app;
    std::unique_ptr<ReviewCursor> cursor;
    std::int64_t t_ms = 0;                      // the instant the World holds
    std::int64_t range_from = 0, range_to = 0;  // the range: tracks, heat, the queue, the figures
    bool playing = false, loop = false;
    int speed = 3;          // index into kReviewSpeeds
    std::string last_move;  // how the last move got there ("+12 events", "rebuilt 40 ms")
    std::string error;      // the last move's failure, shown in the timeline
    // The timeline's bars: reports per bucket over the whole log.
    std::int64_t bucket_ms = 3600 * 1000, timeline_from = 0, timeline_to = 0;
    std::vector<std::int64_t> counts;
    std::int64_t max_count = 0;
    std::int64_t tracks_from = -1, tracks_to = -1;  // the range the tracks layer holds
    std::size_t track_count = 0;
    bool range_drag = false;  // shift-dragging a range on the timeline
    std::int64_t range_anchor = 0;
    // The figures panel's last computation and what it was computed for (the period and the World's revision and
    // last event), so that a frame with nothing new does not recompute every case's figures.
    Figures figures;
    Period figures_period{-1, -1};
    std::int64_t figures_revision = -1, figures_seq = -1;
};

// Moves the seat to instant `t` (clamped to the log): the World, the queue's range, the heat, the clock.
void SeekReview(Review& review, std::int64_t t);
// Sets the range (ordered, clamped to the log) and what follows it: the queue's filter, the heat, the tracks.
void SetReviewRange(Review& review, std::int64_t from, std::int64_t to);
// Advances playback by `seconds` of screen time at the chosen speed; loops within the range when looping.
void AdvanceReview(Review& review, double seconds);
// The keys: space play/pause, Left/Right one event (Shift: a minute, Ctrl: an hour), [ ] speed, L loop,
// I / O the range's start / end at the instant shown, Home / End the log's start / end.
void HandleReviewKeys(Review& review);

// The panels.
void ShowTimeline(Review& review);
void ShowReviewFigures(Review& review);

int RunReview(std::unique_ptr<LiveSession> session, std::unique_ptr<ReviewCursor> cursor, const ReviewOptions& options);

// `gridlink render WORKSPACE --from T1 --to T2 --step 10m --out DIR/frame-%04d.png [--video FILE.mp4]`: the
// state at every step of the range, each a PNG drawn as `render` draws one; a video through ffmpeg when installed.
int RenderSequence(const std::string& workspace, const std::string& label, World base, std::int64_t from_ms,
                   std::int64_t to_ms, std::int64_t step_ms, const std::string& out_pattern, int width, int height,
                   const std::string& video, const std::vector<std::string>& layers);
// "10m", "1h", "30s", "1d" as ms.
Result<std::int64_t> ParseStep(const std::string& text);

int CommandReview(const std::vector<std::string>& args);

}  // namespace gridlink
