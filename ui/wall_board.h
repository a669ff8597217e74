// What the wall seat shows, apart from drawing it: the figures its panels read (all from engine/assessment.h
// over the session's World, recomputed at most once a second) and the tour its map follows (the streets on a
// timer, interrupted by urgent cases). No GL and no ImGui, so tests drive both without a window.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/assessment.h"
#include "engine/world.h"

namespace gridlink {

// [SECTION] figures

// Everything the wall's panels print, taken at one instant `now_ms`.
struct WallFigures {
    std::int64_t now_ms = 0;
    std::int64_t revision = -1;            // world.incidents.revision they were taken at
    Period today, month;                   // [LocalDayStart(now), now] and [LocalMonthStart(now), now]
    Figures today_figures, month_figures;  // JurisdictionFigures over each
    // Reports and closures per hour over the 24 hours ending with the current hour (the last bar is the hour
    // now under way); hourly_from_ms is where bar 0 starts.
    std::int64_t hourly_from_ms = 0;
    HourlySeries hourly;
    std::vector<UnitFigures> categories;  // FiguresBy category over this month, in table order
    // The grids (level kWallGridLevel, or the workspace's finest level when it has none of that level) with open cases,
    // most open first, then most overdue, then by code; at most kWallTopGrids.
    std::vector<UnitFigures> top_grids;
    int top_grid_level = 0;
    // Responders (resources of a dispatchable kind) by status, in ResourceStatus order.
    std::array<std::int64_t, 3> responders{};
};
inline constexpr int kWallGridLevel = 4;
inline constexpr std::size_t kWallTopGrids = 10;

WallFigures ComputeWallFigures(const World& world, std::int64_t now_ms);

// When figures are due again: at most once every `min_interval` seconds, and then only when the World's
// revision moved or `max_interval` seconds passed (overdue counts and the hour move with the clock alone).
class FigureSchedule {
  public:
    explicit FigureSchedule(double min_interval = 1.0, double max_interval = 10.0)
        : min_interval_(min_interval), max_interval_(max_interval) {}
    bool due(std::int64_t revision, double now_s) const;
    void computed(std::int64_t revision, double now_s);

  private:
    double min_interval_, max_interval_;
    std::int64_t revision_ = -1;
    double at_ = 0;
    bool ever_ = false;
};

// [SECTION] the tour

// The map's tour: the overview, then each street (level-2 grid) in code order, each shown for `dwell_s`
// seconds, round and round. An urgent case (priority 1-2 or an emergency, IsUrgent) interrupts it: the map
// flies to the case, holds it `hold_s` seconds, then returns to where the tour was. Time is in seconds on
// any steady clock.
class WallTour {
  public:
    enum class Showing { kOverview, kStreet, kCase };
    struct Stop {
        Showing showing = Showing::kOverview;
        std::size_t index = 0;  // kStreet: grid index; kCase: case index
        bool operator==(const Stop&) const = default;
    };
    struct Options {
        double dwell_s = 12;
        double hold_s = 15;
    };

    WallTour(std::vector<std::size_t> streets, Options options, double now_s);
    // The streets of a World: its level-2 grids in code order.
    static std::vector<std::size_t> StreetsOf(const World& world);

    // Advances the timers; returns the stop to fly to when it changed since the last call (the first call
    // returns the overview).
    std::optional<Stop> update(double now_s);
    // Operator's keys: pause / resume the timer (an urgent case still interrupts), the next stop now, the
    // overview now (the tour goes on from there).
    void toggle_pause(double now_s);
    void next(double now_s);
    void overview(double now_s);
    // A case arrived: when it is urgent, the tour flies to it and holds (a newer urgent case replaces the one
    // held). Returns whether it interrupted.
    bool offer(const World& world, std::size_t case_index, double now_s);

    Stop current() const { return interrupt_ ? *interrupt_ : tour_stop(); }
    bool paused() const { return paused_; }
    bool holding() const { return interrupt_.has_value(); }
    // Seconds until the tour moves on by itself (the hold's end while holding); <0 when paused.
    double remaining(double now_s) const;
    std::size_t position() const { return position_; }  // 0: overview, k: streets[k - 1]
    const std::vector<std::size_t>& streets() const { return streets_; }

  private:
    Stop tour_stop() const;
    std::vector<std::size_t> streets_;
    Options options_;
    std::size_t position_ = 0;
    double stop_started_ = 0;
    bool paused_ = false;
    std::optional<Stop> interrupt_;
    double interrupt_until_ = 0;
    std::optional<Stop> reported_;  // the stop update() last returned
};

}  // namespace gridlink
