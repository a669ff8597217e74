// The wall's figures (engine/assessment.h over the World at one instant) and its tour's timers; see
// wall_board.h.
#include "wall_board.h"

#include <algorithm>

#include "ui/incident_panels.h"

namespace gridlink {

// [SECTION] figures

WallFigures ComputeWallFigures(const World& world, std::int64_t now_ms) {
    WallFigures f;
    f.now_ms = now_ms;
    f.revision = world.incidents.revision;
    // Periods are half-open [from, to): `to` one past now, so that a case reported at `now` counts.
    f.today = {LocalDayStart(now_ms), now_ms + 1};
    f.month = {LocalMonthStart(now_ms), now_ms + 1};
    f.today_figures = JurisdictionFigures(world, f.today);
    f.month_figures = JurisdictionFigures(world, f.month);
    constexpr std::int64_t kHourMs = 3'600'000;
    const std::int64_t hour_start = now_ms - ((now_ms % kHourMs) + kHourMs) % kHourMs;
    f.hourly_from_ms = hour_start - 23 * kHourMs;
    f.hourly = HourlyCounts(world, f.hourly_from_ms, 24);
    f.categories = FiguresBy(world, f.month, {Grouping::kCategory, 0});

    f.top_grid_level = world.grids.at_level(kWallGridLevel).empty() ? world.grids.max_level() : kWallGridLevel;
    if (f.top_grid_level > 0) {
        std::vector<UnitFigures> grids = FiguresBy(world, f.month, {Grouping::kLevel, f.top_grid_level});
        std::erase_if(grids, [](const UnitFigures& u) { return u.grid < 0 || u.figures.open == 0; });
        std::sort(grids.begin(), grids.end(), [](const UnitFigures& a, const UnitFigures& b) {
            if (a.figures.open != b.figures.open) return a.figures.open > b.figures.open;
            if (a.figures.overdue_open != b.figures.overdue_open)
                return a.figures.overdue_open > b.figures.overdue_open;
            return a.unit < b.unit;
        });
        if (grids.size() > kWallTopGrids) grids.resize(kWallTopGrids);
        f.top_grids = std::move(grids);
    }

    for (const Resource& r : world.resources) {
        if (InfoOf(r.kind).dispatchable) ++f.responders[static_cast<std::size_t>(r.status)];
    }
    return f;
}

bool FigureSchedule::due(std::int64_t revision, double now_s) const {
    if (!ever_) return true;
    const double since = now_s - at_;
    if (since < min_interval_) return false;
    return revision != revision_ || since >= max_interval_;
}

void FigureSchedule::computed(std::int64_t revision, double now_s) {
    revision_ = revision;
    at_ = now_s;
    ever_ = true;
}

// [SECTION] the tour

WallTour::WallTour(std::vector<std::size_t> streets, Options options, double now_s)
    : streets_(std::move(streets)), options_(options), stop_started_(now_s) {}

std::vector<std::size_t> WallTour::StreetsOf(const World& world) {
    std::vector<std::size_t> streets = world.grids.at_level(2);
    std::sort(streets.begin(), streets.end(),
              [&](std::size_t a, std::size_t b) { return world.grids[a].code < world.grids[b].code; });
    return streets;
}

WallTour::Stop WallTour::tour_stop() const {
    if (position_ == 0 || position_ > streets_.size()) return {Showing::kOverview, 0};
    return {Showing::kStreet, streets_[position_ - 1]};
}

std::optional<WallTour::Stop> WallTour::update(double now_s) {
    if (interrupt_ && now_s >= interrupt_until_) {
        interrupt_.reset();
        stop_started_ = now_s;  // the street interrupted gets a whole dwell again
    }
    if (!interrupt_ && !paused_ && now_s - stop_started_ >= options_.dwell_s) next(now_s);
    const Stop stop = current();
    if (reported_ && *reported_ == stop) return std::nullopt;
    reported_ = stop;
    return stop;
}

void WallTour::toggle_pause(double now_s) {
    paused_ = !paused_;
    if (!paused_) stop_started_ = now_s;
}

void WallTour::next(double now_s) {
    interrupt_.reset();
    position_ = (position_ + 1) % (streets_.size() + 1);
    stop_started_ = now_s;
}

void WallTour::overview(double now_s) {
    interrupt_.reset();
    position_ = 0;
    stop_started_ = now_s;
}

bool WallTour::offer(const World& world, std::size_t case_index, double now_s) {
    if (case_index >= world.incidents.cases.size() || !IsUrgent(world.incidents.cases[case_index])) return false;
    interrupt_ = Stop{Showing::kCase, case_index};
    interrupt_until_ = now_s + options_.hold_s;
    return true;
}

double WallTour::remaining(double now_s) const {
    if (interrupt_) return interrupt_until_ - now_s;
    if (paused_) return -1;
    return std::max(0.0, stop_started_ + options_.dwell_s - now_s);
}

}  // namespace gridlink
