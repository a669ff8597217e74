// The wall's board without a window: its figures against counts made here from the cases themselves (periods in
// local time, the top grids' order, the responders), how often they are taken, and the tour's timers (streets in
// order, pause, next, an urgent case interrupting and the return).
#include "ui/wall_board.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_support.h"

namespace gridlink {
namespace {

using test::kIncidentClock;
using test::SmallDemoWithIncidents;

TEST(WallFigures, PeriodsStartAtLocalMidnightAndTheFirstOfTheMonth) {
    const WallFigures f = ComputeWallFigures(SmallDemoWithIncidents(), kIncidentClock);
    EXPECT_EQ(f.today.from_ms, ParseIsoTime("2026-11-27T00:00:00+08:00").value());
    EXPECT_EQ(f.month.from_ms, ParseIsoTime("2026-11-01T00:00:00+08:00").value());
    EXPECT_GT(f.today.to_ms, kIncidentClock);  // a case reported at `now` counts
    // 24 bars, the last the hour now under way (12:00 to 13:00 local).
    ASSERT_EQ(f.hourly.reported.size(), 24u);
    EXPECT_EQ(f.hourly_from_ms + 23 * 3'600'000, ParseIsoTime("2026-11-27T12:00:00+08:00").value());
}

TEST(WallFigures, HeadlineCountsEqualTheCasesCountedHere) {
    const World& world = SmallDemoWithIncidents();
    const std::int64_t now = kIncidentClock;
    const WallFigures f = ComputeWallFigures(world, now);
    const std::int64_t midnight = ParseIsoTime("2026-11-27T00:00:00+08:00").value();
    std::int64_t reported_today = 0, open = 0, overdue = 0, in_24h = 0;
    for (const Incident& c : world.incidents.cases) {
        if (c.reported_ms >= midnight && c.reported_ms <= now) ++reported_today;
        if (IsOpen(c.state)) ++open;
        if (c.overdue(now)) ++overdue;
        if (c.reported_ms >= f.hourly_from_ms && c.reported_ms < f.hourly_from_ms + 24 * 3'600'000) ++in_24h;
    }
    ASSERT_GT(overdue, 0);  // the fixture has overdue cases, so the check below can fail
    EXPECT_EQ(f.today_figures.reported, reported_today);
    EXPECT_EQ(f.today_figures.open, open);
    EXPECT_EQ(f.today_figures.overdue_open, overdue);
    std::int64_t hourly = 0;
    for (std::int64_t n : f.hourly.reported) hourly += n;
    EXPECT_EQ(hourly, in_24h);
    std::int64_t by_category = 0;
    for (const UnitFigures& u : f.categories) by_category += u.figures.reported;
    EXPECT_EQ(by_category, f.month_figures.reported);
}

TEST(WallFigures, TopGridsAreTheGridsWithMostOpenCasesCountedHere) {
    const World& world = SmallDemoWithIncidents();
    const WallFigures f = ComputeWallFigures(world, kIncidentClock);
    const int level = f.top_grid_level;
    ASSERT_GT(level, 0);
    // Open and overdue cases per grid of that level, through each case's ancestry.
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;
    for (const Incident& c : world.incidents.cases) {
        if (!IsOpen(c.state) || c.grid < 0) continue;
        for (std::size_t g : world.grids.ancestry(static_cast<std::size_t>(c.grid))) {
            if (world.grids[g].level != level) continue;
            ++counts[world.grids[g].code].first;
            if (c.overdue(kIncidentClock)) ++counts[world.grids[g].code].second;
        }
    }
    std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> expected;
    for (const auto& [code, n] : counts) expected.emplace_back(-n.first, -n.second, code);
    std::sort(expected.begin(), expected.end());
    if (expected.size() > kWallTopGrids) expected.resize(kWallTopGrids);
    ASSERT_EQ(f.top_grids.size(), expected.size());
    ASSERT_GE(expected.size(), 5u);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(f.top_grids[i].unit, std::get<2>(expected[i])) << i;
        EXPECT_EQ(f.top_grids[i].figures.open, -std::get<0>(expected[i])) << i;
        EXPECT_EQ(f.top_grids[i].figures.overdue_open, -std::get<1>(expected[i])) << i;
    }
}

TEST(WallFigures, RespondersCountEveryDispatchableResourceByStatusAndNoCamera) {
    const World& world = SmallDemoWithIncidents();
    const WallFigures f = ComputeWallFigures(world, kIncidentClock);
    std::array<std::int64_t, 3> counts{};
    std::int64_t cameras = 0;
    for (const Resource& r : world.resources) {
        if (r.kind == ResourceKind::kCamera) {
            ++cameras;
            continue;
        }
        ++counts[static_cast<std::size_t>(r.status)];
    }
    ASSERT_GT(cameras, 0);
    ASSERT_GT(counts[1], 0);  // the fixture's dispatched cases keep responders busy
    EXPECT_EQ(f.responders, counts);
}

TEST(FigureSchedule, AtMostOnceASecondAndOnlyWhenSomethingChangedOrTenSecondsPassed) {
    FigureSchedule schedule(1.0, 10.0);
    EXPECT_TRUE(schedule.due(5, 100.0));
    schedule.computed(5, 100.0);
    EXPECT_FALSE(schedule.due(6, 100.5));  // changed, but within the second
    EXPECT_TRUE(schedule.due(6, 101.0));
    EXPECT_FALSE(schedule.due(5, 105.0));  // nothing changed
    EXPECT_TRUE(schedule.due(5, 110.0));   // the clock alone moves overdue counts
}

// [SECTION] the tour

Incident Case(int category, int priority) {
    Incident c;
    c.category = category;
    c.priority = priority;
    return c;
}

World WorldWithCases(const std::vector<Incident>& cases) {
    World world;
    for (const Incident& c : cases) world.incidents.cases.push_back(c);
    return world;
}

TEST(WallTour, ShowsTheOverviewThenEveryStreetInCodeOrderRoundAndRound) {
    const World& demo = test::SmallDemo();
    const std::vector<std::size_t> streets = WallTour::StreetsOf(demo);
    ASSERT_GE(streets.size(), 2u);
    for (std::size_t i = 1; i < streets.size(); ++i) {
        EXPECT_EQ(demo.grids[streets[i]].level, 2);
        EXPECT_LT(demo.grids[streets[i - 1]].code, demo.grids[streets[i]].code);
    }
    WallTour tour(streets, {10, 15}, 0);
    auto stop = tour.update(0);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->showing, WallTour::Showing::kOverview);
    EXPECT_FALSE(tour.update(9.9));  // nothing new within the dwell
    for (std::size_t k = 0; k < streets.size(); ++k) {
        stop = tour.update(10.0 * static_cast<double>(k + 1));
        ASSERT_TRUE(stop) << k;
        EXPECT_EQ(*stop, (WallTour::Stop{WallTour::Showing::kStreet, streets[k]})) << k;
    }
    stop = tour.update(10.0 * static_cast<double>(streets.size() + 1));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->showing, WallTour::Showing::kOverview);  // and round again
}

TEST(WallTour, PauseHoldsTheStreetNextAndOverviewMoveAtOnce) {
    WallTour tour({7, 8, 9}, {10, 15}, 0);
    tour.update(0);
    tour.next(1);
    EXPECT_EQ(tour.update(1)->index, 7u);
    tour.toggle_pause(2);
    EXPECT_FALSE(tour.update(100));  // paused: stays on street 7
    EXPECT_LT(tour.remaining(100), 0);
    tour.toggle_pause(100);
    EXPECT_FALSE(tour.update(109));  // resumed: a whole dwell from the resume
    EXPECT_EQ(tour.update(110)->index, 8u);
    tour.overview(111);
    EXPECT_EQ(tour.update(111)->showing, WallTour::Showing::kOverview);
}

TEST(WallTour, AnUrgentCaseInterruptsHoldsAndTheTourReturnsToItsStreet) {
    const World world = WorldWithCases({Case(0, 4), Case(0, 1), Case(4, 3), Case(1, 3)});
    WallTour tour({7, 8, 9}, {10, 15}, 0);
    tour.update(0);
    EXPECT_EQ(tour.update(10)->index, 7u);
    EXPECT_FALSE(tour.offer(world, 0, 12));  // priority 4, city appearance: no interruption
    EXPECT_FALSE(tour.offer(world, 3, 12));  // priority 3, street order
    EXPECT_TRUE(tour.offer(world, 1, 12));   // priority 1
    auto stop = tour.update(12);
    ASSERT_TRUE(stop);
    EXPECT_EQ(*stop, (WallTour::Stop{WallTour::Showing::kCase, 1}));
    EXPECT_TRUE(tour.holding());
    EXPECT_FALSE(tour.update(26.9));        // held for 15 s, the street's dwell stopped meanwhile
    EXPECT_TRUE(tour.offer(world, 2, 20));  // an emergency (priority 3) replaces it and holds anew
    EXPECT_EQ(tour.update(20)->index, 2u);
    EXPECT_FALSE(tour.update(34.9));
    stop = tour.update(35);
    ASSERT_TRUE(stop);
    EXPECT_EQ(*stop, (WallTour::Stop{WallTour::Showing::kStreet, 7}));  // back where the tour was
    EXPECT_FALSE(tour.holding());
    EXPECT_EQ(tour.update(45)->index, 8u);  // with a whole dwell on it first
}

TEST(WallTour, AnUrgentCaseInterruptsAPausedTourToo) {
    const World world = WorldWithCases({Case(0, 2)});
    WallTour tour({7, 8}, {10, 15}, 0);
    tour.update(0);
    tour.toggle_pause(1);
    EXPECT_TRUE(tour.offer(world, 0, 5));
    EXPECT_EQ(tour.update(5)->showing, WallTour::Showing::kCase);
    EXPECT_EQ(tour.update(20)->showing, WallTour::Showing::kOverview);
    EXPECT_TRUE(tour.paused());
    EXPECT_FALSE(tour.update(60));
}

}  // namespace
}  // namespace gridlink
