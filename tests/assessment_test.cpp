// The assessment figures (engine/assessment.h): the definitions on a handful of hand-made cases, and every
// figure of every grouping on a simulated month (returns, cancellations, late closures, cases outside) against
// the same figures computed by SQL over the log's events table (assessment_sql.h), written apart from them.
#include "engine/assessment.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assessment_sql.h"
#include "data/event_log.h"
#include "data/report_output.h"
#include "data/simulator.h"
#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

using E = EventType;
constexpr std::int64_t kMinute = 60000, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr std::int64_t kStart = 1793462400000;  // 2026-11-01T00:00:00+08:00

// [SECTION] the definitions, case by case

Incident Case(int category, std::int64_t reported, std::vector<std::pair<E, std::int64_t>> steps,
              const std::string& responder = "W1") {
    Incident c;
    c.category = category;
    c.reported_ms = reported;
    c.deadline_ms = DeadlineOf(category, reported);
    c.history.push_back({1, reported, E::kIncidentReported, "", ""});
    for (const auto& [type, t] : steps) {
        std::string note;
        if (type == E::kIncidentDispatched || type == E::kIncidentAccepted) note = responder;
        c.history.push_back({0, t, type, note, ""});
    }
    return c;
}

TEST(Assessment, DueClosedAndOnTimeFollowTheirDefinitions) {
    const int street_order = FindCategory("street_order");  // 4 hours
    ASSERT_GE(street_order, 0);
    const std::int64_t t0 = kStart + 9 * kHour;
    const Period day{kStart, kStart + kDay};
    auto all_steps = [](std::int64_t t, std::int64_t close) {
        return std::vector<std::pair<E, std::int64_t>>{{E::kIncidentRegistered, t + 2 * kMinute},
                                                       {E::kIncidentDispatched, t + 6 * kMinute},
                                                       {E::kIncidentAccepted, t + 10 * kMinute},
                                                       {E::kIncidentHandled, t + 40 * kMinute},
                                                       {E::kIncidentClosed, close}};
    };
    World world;
    // On time; late (closed 5 h after report); open and overdue at `to`; open and not yet due at `to`;
    // cancelled after registering; cancelled before registering; reported yesterday and still open.
    world.incidents.cases.push_back(Case(street_order, t0, all_steps(t0, t0 + 3 * kHour)));
    world.incidents.cases.push_back(Case(street_order, t0, all_steps(t0, t0 + 5 * kHour)));
    world.incidents.cases.push_back(Case(street_order, t0, {{E::kIncidentRegistered, t0 + 4 * kMinute}}));
    const std::int64_t late = kStart + kDay - kHour;
    world.incidents.cases.push_back(Case(street_order, late, {{E::kIncidentRegistered, late + 8 * kMinute}}));
    world.incidents.cases.push_back(
        Case(street_order, t0, {{E::kIncidentRegistered, t0 + kMinute}, {E::kIncidentCancelled, t0 + kHour}}));
    world.incidents.cases.push_back(Case(street_order, t0, {{E::kIncidentCancelled, t0 + kHour}}));
    world.incidents.cases.push_back(
        Case(street_order, kStart - kHour, {{E::kIncidentRegistered, kStart - 50 * kMinute}}));

    const Figures f = JurisdictionFigures(world, day);
    EXPECT_EQ(f.reported, 6);
    EXPECT_EQ(f.registered, 5);
    EXPECT_EQ(f.cancelled, 2);
    EXPECT_EQ(f.due, 3);  // on time, late, overdue; not the one due tomorrow, nor the cancelled
    EXPECT_EQ(f.closed, 2);
    EXPECT_EQ(f.closed_on_time, 1);
    EXPECT_DOUBLE_EQ(f.closure_rate().value(), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(f.on_time_rate().value(), 1.0 / 3.0);
    EXPECT_EQ(f.open, 3);                                  // overdue, not yet due, yesterday's
    EXPECT_EQ(f.overdue_open, 2);                          // today's overdue and yesterday's
    EXPECT_DOUBLE_EQ(f.median_register_min.value(), 2.0);  // 2, 2, 4, 8, 1 minutes
    EXPECT_DOUBLE_EQ(f.median_dispatch_min.value(), 4.0);
    EXPECT_DOUBLE_EQ(f.median_accept_min.value(), 4.0);
    EXPECT_DOUBLE_EQ(f.median_handle_min.value(), 34.0);
    EXPECT_DOUBLE_EQ(f.median_close_min.value(), 4 * 60.0);  // 180 and 300 minutes: the mean of the middle two

    // Only what happened before `to` counts: at 10:00 nothing is closed and nothing is due yet.
    const Figures early = JurisdictionFigures(world, {kStart, t0 + kHour});
    EXPECT_EQ(early.closed, 0);
    EXPECT_EQ(early.due, 0);
    EXPECT_FALSE(early.closure_rate().has_value());
    EXPECT_FALSE(early.median_close_min.has_value());
}

TEST(Assessment, AVolunteersAnswerIsNotTheResponderAccepting) {
    const std::int64_t t0 = kStart + 9 * kHour;
    Incident c = Case(FindCategory("emergency"), t0,
                      {{E::kIncidentRegistered, t0 + kMinute}, {E::kIncidentDispatched, t0 + 2 * kMinute}}, "W1");
    c.history.push_back({0, t0 + 3 * kMinute, E::kIncidentAccepted, "V9", ""});  // a summoned volunteer
    c.history.push_back({0, t0 + 4 * kMinute, E::kIncidentReassigned, "W2", ""});
    c.history.push_back({0, t0 + 7 * kMinute, E::kIncidentAccepted, "W2", ""});
    c.history.push_back({0, t0 + 30 * kMinute, E::kIncidentHandled, "", ""});
    const CaseTimes times = TimesOf(c);
    EXPECT_EQ(times.accepted_ms, t0 + 7 * kMinute);
    ASSERT_EQ(times.handled_by.size(), 1u);
    EXPECT_EQ(times.handled_by[0].responder, "W2");
}

TEST(Assessment, GroupByNamesItsChoices) {
    EXPECT_EQ(ParseGroupBy("street")->level, 2);
    EXPECT_EQ(ParseGroupBy("unit")->level, 5);
    EXPECT_EQ(ParseGroupBy("responder")->grouping, Grouping::kResponder);
    auto wrong = ParseGroupBy("streets");
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("'streets' is not one of district, street"), std::string::npos) << wrong.error();
}

TEST(Assessment, LocalDayAndMonthStarts) {
    const std::int64_t t = ParseIsoTime("2026-12-08T07:30:00+08:00").value();
    EXPECT_EQ(LocalDayStart(t), ParseIsoTime("2026-12-08T00:00:00+08:00").value());
    EXPECT_EQ(LocalMonthStart(t), ParseIsoTime("2026-12-01T00:00:00+08:00").value());
    // 2026-12-01T01:00+08:00 is still November in UTC.
    const std::int64_t early = ParseIsoTime("2026-12-01T01:00:00+08:00").value();
    EXPECT_EQ(LocalMonthStart(early), ParseIsoTime("2026-12-01T00:00:00+08:00").value());
    EXPECT_EQ(LocalMonthStart(early, 0), ParseIsoTime("2026-11-01T00:00:00Z").value());
}

TEST(Assessment, ReportCellsWriteRatesWithFourDecimalsAndNothingForNothing) {
    UnitFigures row{"320505001", "狮山街道", 3, {}};
    row.figures.due = 3;
    row.figures.closed = 2;
    row.figures.closed_on_time = 1;
    row.figures.median_close_min = 95.25;
    const std::vector<std::string> cells = ReportCells(row);
    ASSERT_EQ(cells.size(), ReportColumns().size());
    EXPECT_EQ(cells[8], "0.6667");
    EXPECT_EQ(cells[9], "0.3333");
    EXPECT_EQ(cells[12], "");
    EXPECT_EQ(cells[16], "95.2");  // 95.25 is 95.2499... in binary
    row.figures.due = 0;
    EXPECT_EQ(ReportCells(row)[8], "");
}

// [SECTION] a simulated month against SQL over the log

struct SimulatedMonth {
    std::string workspace;
    World world;
    std::int64_t end_ms = 0;
};

// The small demo with a month of simulated feed (about 1,500 cases) in its log, replayed as `report` does.
const SimulatedMonth& Month() {
    static const SimulatedMonth month = [] {
        SimulatedMonth m;
        m.workspace = test::SmallWorkspace("assessment-month.gpkg");
        const World& demo = test::SmallDemo();
        SimulatorOptions options;
        options.seed = 31;
        options.start_ms = kStart;
        options.rate = 0.006;  // lines a second: about 50 reports a day on the small demo
        options.id_prefix = "M-";
        auto sim = IncidentSimulator::Create(demo, options);
        EXPECT_TRUE(sim.ok());
        auto log = EventLog::Open(m.workspace);
        EXPECT_TRUE(log.ok()) << (log.ok() ? "" : log.error());
        auto to_world = Transform::Create(Crs::LonLat(), demo.crs);
        std::vector<Event> batch;
        const std::int64_t end = kStart + 30 * kDay;
        for (;;) {
            Event e = sim.value()->next();
            if (e.t_ms >= end) break;
            if (e.type == EventType::kIncidentReported) {
                Vec2 p{e.lon, e.lat};
                to_world->apply(p);
                AssignEvent(*demo.grid_index, demo.grids, p, e);  // as the feed does on arrival
            }
            batch.push_back(std::move(e));
            if (batch.size() == 2000) {
                EXPECT_TRUE(log.value()->append(batch, {}));
                batch.clear();
            }
        }
        EXPECT_TRUE(log.value()->append(batch, {}));
        m.end_ms = end;
        auto world = ReadWorkspace(m.workspace, nullptr);
        EXPECT_TRUE(world.ok());
        m.world = std::move(world.value());
        EXPECT_TRUE(ReplayWorkspaceLog(m.workspace, m.world));
        return m;
    }();
    return month;
}

void ExpectSame(const Figures& ours, const Figures& sql, const std::string& unit) {
    SCOPED_TRACE("unit " + unit);
    EXPECT_EQ(ours.reported, sql.reported);
    EXPECT_EQ(ours.registered, sql.registered);
    EXPECT_EQ(ours.cancelled, sql.cancelled);
    EXPECT_EQ(ours.due, sql.due);
    EXPECT_EQ(ours.closed, sql.closed);
    EXPECT_EQ(ours.closed_on_time, sql.closed_on_time);
    EXPECT_EQ(ours.returned, sql.returned);
    EXPECT_EQ(ours.open, sql.open);
    EXPECT_EQ(ours.overdue_open, sql.overdue_open);
    auto same = [](const std::optional<double>& a, const std::optional<double>& b, const char* what) {
        ASSERT_EQ(a.has_value(), b.has_value()) << what;
        if (a) {
            EXPECT_NEAR(*a, *b, 1e-6) << what;
        }
    };
    same(ours.median_register_min, sql.median_register_min, "median_register_min");
    same(ours.median_dispatch_min, sql.median_dispatch_min, "median_dispatch_min");
    same(ours.median_accept_min, sql.median_accept_min, "median_accept_min");
    same(ours.median_handle_min, sql.median_handle_min, "median_handle_min");
    same(ours.median_close_min, sql.median_close_min, "median_close_min");
}

bool AllZero(const Figures& f) {
    return f.reported + f.registered + f.cancelled + f.due + f.closed + f.returned + f.open == 0;
}

TEST(Assessment, SimulatedMonthHasWhatTheFiguresMustHandle) {
    const Figures f = JurisdictionFigures(Month().world, {kStart, Month().end_ms});
    EXPECT_GT(f.reported, 1000);
    EXPECT_GT(f.cancelled, 10);
    EXPECT_GT(f.returned, 10);
    EXPECT_GT(f.closed - f.closed_on_time, 5);  // late closures
    EXPECT_GT(f.open, 0);
    EXPECT_GT(f.due, f.closed);  // some due cases still open at the end
    EXPECT_LE(f.due, f.registered);
    const std::vector<UnitFigures> streets = FiguresBy(Month().world, {kStart, Month().end_ms}, {Grouping::kLevel, 2});
    EXPECT_EQ(streets.back().unit, "outside");
}

TEST(Assessment, EveryFigureOfEveryGroupingAgreesWithSqlOverTheLog) {
    const SimulatedMonth& month = Month();
    const std::vector<Period> periods = {
        {kStart, month.end_ms},                    // the month
        {kStart + 10 * kDay, kStart + 17 * kDay},  // a week: cases open at `to`, some not yet due
        {kStart + 20 * kDay + 9 * kHour, kStart + 21 * kDay + 9 * kHour},  // a day from 09:00
    };
    for (const char* by : {"all", "district", "street", "community", "grid", "unit", "category", "responder"}) {
        const GroupBy group = ParseGroupBy(by).value();
        for (const Period& period : periods) {
            SCOPED_TRACE(std::string("--by ") + by + " from " + FormatIsoTime(period.from_ms));
            const std::map<std::string, Figures> sql = test::FiguresBySql(month.workspace, period, group);
            ASSERT_FALSE(sql.empty());
            std::map<std::string, Figures> ours;
            for (const UnitFigures& row : FiguresBy(month.world, period, group)) ours[row.unit] = row.figures;
            int compared = 0;
            for (const auto& [unit, figures] : ours) {
                auto found = sql.find(unit);
                if (found == sql.end()) {
                    EXPECT_TRUE(AllZero(figures)) << unit << " has figures SQL does not find";
                    continue;
                }
                ExpectSame(figures, found->second, unit);
                ++compared;
            }
            for (const auto& [unit, figures] : sql) {
                if (!ours.contains(unit)) {
                    EXPECT_TRUE(AllZero(figures)) << unit << " is missing from FiguresBy";
                }
            }
            EXPECT_GT(compared, 0);
        }
    }
}

}  // namespace
}  // namespace gridlink
