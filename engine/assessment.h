// The assessment figures (考核, DESIGN.md "Case lifecycle"): 结案率, 按期结案率 and the counts and median times
// behind them, per jurisdiction, grid at any level, category, responder or `outside`, over a period. Pure
// functions of the World's cases (each case's history is its log events), so `gridlink report`, the wall's
// panels and the map's choropleth read one definition.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident.h"

namespace gridlink {

struct World;

// [SECTION] one case's times, read from its history

// The instants of one case that the figures need, from its history (its log events), ms since the epoch; -1
// when it never happened. "First" times are the first event of that type; a case counts as handled by every
// responder who was on it (dispatched, reassigned to) when an incident.handled was logged.
struct CaseTimes {
    int category = 0;
    std::int64_t grid = -1;  // finest grid (index into World::grids); -1 outside every grid
    std::int64_t reported_ms = 0;
    std::int64_t deadline_ms = 0;  // DeadlineOf(category, reported_ms): what the log gives it at report
    std::int64_t registered_ms = -1, dispatched_ms = -1, accepted_ms = -1, handled_ms = -1;
    std::int64_t closed_ms = -1, cancelled_ms = -1;
    std::int64_t first_return_ms = -1;
    struct Handling {
        std::string responder;
        std::int64_t t_ms = 0;
    };
    std::vector<Handling> handled_by;  // one entry per incident.handled, in log order
};
CaseTimes TimesOf(const Incident& incident);

// [SECTION] the figures of one unit

// A period [from_ms, to_ms).
struct Period {
    std::int64_t from_ms = 0, to_ms = 0;
};

// What one unit's cases give over a period. A case is counted only with what happened before `to`.
struct Figures {
    std::int64_t reported = 0;    // 上报数: reported in the period
    std::int64_t registered = 0;  // 立案数: first registered in the period
    std::int64_t cancelled = 0;   // 作废数: cancelled in the period
    // 应结案数: registered in the period, less those cancelled before `to`, less those still open at `to` whose
    // deadline is after `to`.
    std::int64_t due = 0;
    std::int64_t closed = 0;          // 结案数: due cases closed before `to`
    std::int64_t closed_on_time = 0;  // 按期结案数: of those, closed at or before the deadline
    std::int64_t returned = 0;        // 返工数: registered in the period and returned at least once before `to`
    // Reported before `to` (in the period or earlier), neither closed nor cancelled before `to`: the open caseload
    // at `to`, and of it those past their deadline at `to`.
    std::int64_t open = 0;
    std::int64_t overdue_open = 0;
    // Medians in minutes over the cases registered in the period, of the steps taken before `to`; empty when
    // no case took the step: reported->registered, registered->dispatched, dispatched->accepted (by the
    // dispatched responder), dispatched->handled, reported->closed.
    std::optional<double> median_register_min, median_dispatch_min, median_accept_min, median_handle_min,
        median_close_min;

    // 结案率 = closed / due and 按期结案率 = closed_on_time / due; empty when nothing is due.
    std::optional<double> closure_rate() const;
    std::optional<double> on_time_rate() const;
};

// Adds cases one at a time and gives the unit's Figures (the medians need every sample, so finish() sorts).
class FigureTally {
  public:
    explicit FigureTally(Period period) : period_(period) {}
    void add(const CaseTimes& times);
    Figures finish() const;

  private:
    Period period_;
    Figures counts_;
    std::array<std::vector<double>, 5> minutes_;
};

// [SECTION] figures by unit

// How `gridlink report --by` groups: the grids of one level (a case counts for its finest grid's ancestor at
// that level; cases outside every grid form the unit `outside`), categories, responders, or the whole
// jurisdiction as one unit `all`.
enum class Grouping : std::uint8_t { kLevel, kCategory, kResponder, kAll };
struct GroupBy {
    Grouping grouping = Grouping::kAll;
    int level = 0;  // kLevel: 1 district .. 5 unit grid
};
// "district", "street", "community", "grid", "unit" (the five levels), "category", "responder", "all"; an
// error lists them.
Result<GroupBy> ParseGroupBy(std::string_view text);

struct UnitFigures {
    std::string unit;        // grid code, category code, responder id, "outside" or "all"
    std::string name;        // grid name, category's Chinese name, responder's name, 辖区外, 全辖区
    std::int64_t grid = -1;  // kLevel: the grid's index into World::grids; -1 otherwise
    Figures figures;
};

// The figures of every unit of a grouping over a period: every grid of the level (zero rows included, in
// code order) and `outside` when a case lies outside; every category in table order; every responder who
// handled a case counted in the period (id order); or one row `all`.
std::vector<UnitFigures> FiguresBy(const World& world, Period period, GroupBy group);
// The whole jurisdiction's figures (outside cases included): the wall's headline.
Figures JurisdictionFigures(const World& world, Period period);

// [SECTION] series for charts

// Reports and closures per hour over `hours` hours from `from_ms` (index 0 is [from, from + 1 h)).
struct HourlySeries {
    std::vector<std::int64_t> reported, closed;
};
HourlySeries HourlyCounts(const World& world, std::int64_t from_ms, int hours);

// The start of the local day (offset minutes east of UTC) and month that hold `ms`, for "today" and "this month".
std::int64_t LocalDayStart(std::int64_t ms, int offset_minutes = 480);
std::int64_t LocalMonthStart(std::int64_t ms, int offset_minutes = 480);

}  // namespace gridlink
