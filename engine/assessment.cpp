// The assessment figures (assessment.h): each case's times from its history, one tally per unit, and the
// groupings `gridlink report`, the wall and the choropleth ask for.
#include "assessment.h"

#include <algorithm>
#include <map>
#include <set>

#include "world.h"

namespace gridlink {

// [SECTION] one case's times

CaseTimes TimesOf(const Incident& incident) {
    CaseTimes times;
    times.category = incident.category;
    times.grid = incident.grid;
    times.reported_ms = incident.reported_ms;
    times.deadline_ms = incident.deadline_ms;
    auto first = [](std::int64_t& slot, std::int64_t t) {
        if (slot < 0) slot = t;
    };
    std::string responder;  // who the case is with, as dispatch, reassignment and recall leave it
    for (const CaseHistoryEntry& step : incident.history) {
        switch (step.type) {
            case EventType::kIncidentRegistered: first(times.registered_ms, step.t_ms); break;
            case EventType::kIncidentDispatched:
                first(times.dispatched_ms, step.t_ms);
                responder = step.note;
                break;
            case EventType::kIncidentReassigned: responder = step.note; break;
            case EventType::kIncidentRecalled: responder.clear(); break;
            case EventType::kIncidentAccepted:
                // A summoned volunteer's answer is not the dispatched responder accepting.
                if (step.note.empty() || step.note == responder) first(times.accepted_ms, step.t_ms);
                break;
            case EventType::kIncidentHandled:
                first(times.handled_ms, step.t_ms);
                times.handled_by.push_back({responder, step.t_ms});
                break;
            case EventType::kIncidentReturned: first(times.first_return_ms, step.t_ms); break;
            case EventType::kIncidentClosed: first(times.closed_ms, step.t_ms); break;
            case EventType::kIncidentCancelled: first(times.cancelled_ms, step.t_ms); break;
            default: break;
        }
    }
    return times;
}

// [SECTION] the figures of one unit

std::optional<double> Figures::closure_rate() const {
    if (due == 0) return std::nullopt;
    return static_cast<double>(closed) / static_cast<double>(due);
}

std::optional<double> Figures::on_time_rate() const {
    if (due == 0) return std::nullopt;
    return static_cast<double>(closed_on_time) / static_cast<double>(due);
}

namespace {

enum Step { kRegisterStep, kDispatchStep, kAcceptStep, kHandleStep, kCloseStep };

double Minutes(std::int64_t from_ms, std::int64_t to_ms) { return static_cast<double>(to_ms - from_ms) / 60000.0; }

// The median by the usual definition (the mean of the middle two of an even count); empty without samples.
std::optional<double> Median(std::vector<double> samples) {
    if (samples.empty()) return std::nullopt;
    const std::size_t middle = samples.size() / 2;
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(middle), samples.end());
    const double upper = samples[middle];
    if (samples.size() % 2 == 1) return upper;
    const double lower = *std::max_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(middle));
    return (lower + upper) / 2;
}

}  // namespace

void FigureTally::add(const CaseTimes& c) {
    const std::int64_t from = period_.from_ms, to = period_.to_ms;
    auto before_to = [to](std::int64_t t) { return t >= 0 && t < to; };
    auto in_period = [from, to](std::int64_t t) { return t >= from && t < to; };
    if (in_period(c.reported_ms)) ++counts_.reported;
    if (in_period(c.cancelled_ms)) ++counts_.cancelled;
    const bool closed = before_to(c.closed_ms), cancelled = before_to(c.cancelled_ms);
    const bool open_at_to = c.reported_ms < to && !closed && !cancelled;
    if (open_at_to) {
        ++counts_.open;
        if (to > c.deadline_ms) ++counts_.overdue_open;
    }
    if (!in_period(c.registered_ms)) return;
    ++counts_.registered;
    if (before_to(c.first_return_ms)) ++counts_.returned;
    const bool due = !cancelled && !(open_at_to && c.deadline_ms > to);
    if (due && closed) {
        ++counts_.closed;
        if (c.closed_ms <= c.deadline_ms) ++counts_.closed_on_time;
    }
    if (due) ++counts_.due;
    minutes_[kRegisterStep].push_back(Minutes(c.reported_ms, c.registered_ms));
    if (before_to(c.dispatched_ms)) {
        minutes_[kDispatchStep].push_back(Minutes(c.registered_ms, c.dispatched_ms));
        if (before_to(c.accepted_ms)) minutes_[kAcceptStep].push_back(Minutes(c.dispatched_ms, c.accepted_ms));
        if (before_to(c.handled_ms)) minutes_[kHandleStep].push_back(Minutes(c.dispatched_ms, c.handled_ms));
    }
    if (closed) minutes_[kCloseStep].push_back(Minutes(c.reported_ms, c.closed_ms));
}

Figures FigureTally::finish() const {
    Figures figures = counts_;
    figures.median_register_min = Median(minutes_[kRegisterStep]);
    figures.median_dispatch_min = Median(minutes_[kDispatchStep]);
    figures.median_accept_min = Median(minutes_[kAcceptStep]);
    figures.median_handle_min = Median(minutes_[kHandleStep]);
    figures.median_close_min = Median(minutes_[kCloseStep]);
    return figures;
}

// [SECTION] figures by unit

Result<GroupBy> ParseGroupBy(std::string_view text) {
    static constexpr std::string_view kLevels[] = {"district", "street", "community", "grid", "unit"};
    for (int level = 1; level <= 5; ++level) {
        if (text == kLevels[level - 1]) return GroupBy{Grouping::kLevel, level};
    }
    if (text == "category") return GroupBy{Grouping::kCategory, 0};
    if (text == "responder") return GroupBy{Grouping::kResponder, 0};
    if (text == "all") return GroupBy{Grouping::kAll, 0};
    std::string message = "--by: '";
    message.append(text);
    message += "' is not one of district, street, community, grid, unit, category, responder, all";
    return Error{message};
}

namespace {

constexpr const char* kOutsideName = "辖区外 outside";
constexpr const char* kAllName = "全部案件 all cases";

std::vector<UnitFigures> ByLevel(const World& world, Period period, int level) {
    const GridSet& grids = world.grids;
    const std::vector<std::size_t>& units = grids.at_level(level);
    // Each grid's ancestor at `level` (itself when it is at that level), as a row number; -1 when it has none.
    std::vector<std::int64_t> row_of(grids.size(), -1);
    std::vector<std::size_t> ordered(units.begin(), units.end());
    std::sort(ordered.begin(), ordered.end(),
              [&](std::size_t a, std::size_t b) { return grids[a].code < grids[b].code; });
    std::vector<std::int64_t> unit_row(grids.size(), -1);
    for (std::size_t row = 0; row < ordered.size(); ++row) unit_row[ordered[row]] = static_cast<std::int64_t>(row);
    for (std::size_t g = 0; g < grids.size(); ++g) {
        for (std::size_t up : grids.ancestry(g)) {
            if (unit_row[up] >= 0) {
                row_of[g] = unit_row[up];
                break;
            }
        }
    }
    std::vector<FigureTally> tallies(ordered.size(), FigureTally(period));
    FigureTally outside(period);
    bool any_outside = false;
    for (const Incident& incident : world.incidents.cases) {
        if (incident.reported_ms >= period.to_ms) continue;
        if (incident.grid < 0) {
            outside.add(TimesOf(incident));
            any_outside = true;
            continue;
        }
        const std::int64_t row = row_of[static_cast<std::size_t>(incident.grid)];
        if (row >= 0) tallies[static_cast<std::size_t>(row)].add(TimesOf(incident));
    }
    std::vector<UnitFigures> rows;
    rows.reserve(ordered.size() + 1);
    for (std::size_t row = 0; row < ordered.size(); ++row) {
        const Grid& grid = grids[ordered[row]];
        rows.push_back({grid.code, grid.name, static_cast<std::int64_t>(ordered[row]), tallies[row].finish()});
    }
    if (any_outside) rows.push_back({"outside", kOutsideName, -1, outside.finish()});
    return rows;
}

std::vector<UnitFigures> ByCategory(const World& world, Period period) {
    std::vector<FigureTally> tallies(kCategoryCount, FigureTally(period));
    for (const Incident& incident : world.incidents.cases) {
        if (incident.reported_ms < period.to_ms)
            tallies[static_cast<std::size_t>(incident.category)].add(TimesOf(incident));
    }
    std::vector<UnitFigures> rows;
    for (int category = 0; category < kCategoryCount; ++category) {
        const IncidentCategory& info = kIncidentCategories[category];
        rows.push_back({std::string(info.code), std::string(info.name_zh), -1,
                        tallies[static_cast<std::size_t>(category)].finish()});
    }
    return rows;
}

std::vector<UnitFigures> ByResponder(const World& world, Period period) {
    std::map<std::string, FigureTally> tallies;  // by id, so rows come in id order
    for (const Incident& incident : world.incidents.cases) {
        if (incident.reported_ms >= period.to_ms) continue;
        CaseTimes times = TimesOf(incident);
        std::set<std::string> handlers;
        for (const CaseTimes::Handling& handling : times.handled_by) {
            if (handling.t_ms < period.to_ms && !handling.responder.empty()) handlers.insert(handling.responder);
        }
        for (const std::string& responder : handlers) tallies.try_emplace(responder, period).first->second.add(times);
    }
    std::vector<UnitFigures> rows;
    for (const auto& [responder, tally] : tallies) {
        Figures figures = tally.finish();
        if (figures.reported + figures.registered + figures.cancelled + figures.open == 0) continue;
        const Resource* resource = world.find_resource(responder);
        rows.push_back({responder, resource ? resource->name : std::string(), -1, std::move(figures)});
    }
    return rows;
}

}  // namespace

std::vector<UnitFigures> FiguresBy(const World& world, Period period, GroupBy group) {
    switch (group.grouping) {
        case Grouping::kLevel: return ByLevel(world, period, group.level);
        case Grouping::kCategory: return ByCategory(world, period);
        case Grouping::kResponder: return ByResponder(world, period);
        case Grouping::kAll: break;
    }
    return {{"all", kAllName, -1, JurisdictionFigures(world, period)}};
}

Figures JurisdictionFigures(const World& world, Period period) {
    FigureTally tally(period);
    for (const Incident& incident : world.incidents.cases) {
        if (incident.reported_ms < period.to_ms) tally.add(TimesOf(incident));
    }
    return tally.finish();
}

// [SECTION] series for charts

HourlySeries HourlyCounts(const World& world, std::int64_t from_ms, int hours) {
    HourlySeries series;
    const std::size_t n = static_cast<std::size_t>(std::max(hours, 0));
    series.reported.assign(n, 0);
    series.closed.assign(n, 0);
    constexpr std::int64_t kHour = 3600 * 1000;
    auto bucket = [&](std::int64_t t) -> std::int64_t {
        if (t < from_ms) return -1;
        const std::int64_t index = (t - from_ms) / kHour;
        return index < static_cast<std::int64_t>(n) ? index : -1;
    };
    for (const Incident& incident : world.incidents.cases) {
        if (std::int64_t at = bucket(incident.reported_ms); at >= 0) ++series.reported[static_cast<std::size_t>(at)];
        if (incident.state != CaseState::kClosed) continue;
        if (std::int64_t at = bucket(incident.closed_ms); at >= 0) ++series.closed[static_cast<std::size_t>(at)];
    }
    return series;
}

std::int64_t LocalDayStart(std::int64_t ms, int offset_minutes) {
    constexpr std::int64_t kDay = 86400000;
    const std::int64_t offset = std::int64_t{offset_minutes} * 60000;
    const std::int64_t local = ms + offset;
    const std::int64_t days = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
    return days * kDay - offset;
}

std::int64_t LocalMonthStart(std::int64_t ms, int offset_minutes) {
    // The local date as FormatIsoTime writes it ("2026-11-27T09:30:00.000+08:00"), moved to the 1st at 00:00.
    const std::string local = FormatIsoTime(ms, offset_minutes);
    std::string first = local.substr(0, 7);
    first += "-01T00:00:00";
    first += local.substr(23);
    Result<std::int64_t> parsed = ParseIsoTime(first);
    return parsed ? parsed.value() : LocalDayStart(ms, offset_minutes);
}

}  // namespace gridlink
