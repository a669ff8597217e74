// The incident queue's logic (engine/incident_queue.h) and the panels' formatting (ui/incident_panels.h)
// without ImGui: filters, sorts and counts over the small demo's 72 cases, checked against figures computed
// here from the cases themselves; time formatting; the events the lifecycle buttons send.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "test_support.h"
#include "ui/incident_panels.h"

namespace gridlink {
namespace {

using test::kIncidentClock;
using test::SmallDemoWithIncidents;

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;

IncidentFilter AllStates() {
    IncidentFilter filter;
    filter.states = kAllStates;
    return filter;
}

template <typename Predicate>
std::vector<std::size_t> CasesWhere(const World& world, Predicate keep) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < world.incidents.cases.size(); ++i) {
        if (keep(world.incidents.cases[i])) found.push_back(i);
    }
    return found;
}

std::vector<std::size_t> Sorted(std::vector<std::size_t> rows) {
    std::sort(rows.begin(), rows.end());
    return rows;
}

// [SECTION] filters

TEST(IncidentQueue, DemoHasWhatTheseTestsNeed) {
    const World& world = SmallDemoWithIncidents();
    ASSERT_EQ(world.incidents.cases.size(), 72u);
    EXPECT_EQ(CasesWhere(world, [](const Incident& c) { return c.grid < 0; }).size(), 4u);
    const auto overdue = CasesWhere(world, [](const Incident& c) { return c.overdue(kIncidentClock); });
    EXPECT_GT(overdue.size(), 0u);
    EXPECT_LT(overdue.size(), 72u);
}

TEST(IncidentQueue, DefaultFilterShowsOpenCasesOnly) {
    const World& world = SmallDemoWithIncidents();
    const auto rows = QueueRows(world, IncidentFilter{}, IncidentSort::kNewest, kIncidentClock);
    const auto open = CasesWhere(world, [](const Incident& c) { return IsOpen(c.state); });
    EXPECT_EQ(open.size(), 72u - 8 - 8);  // 8 closed and 8 cancelled of 72 spread over 9 states
    EXPECT_EQ(Sorted(rows), open);
}

TEST(IncidentQueue, EachStateAloneAndAll) {
    const World& world = SmallDemoWithIncidents();
    for (int s = 0; s < kCaseStateCount; ++s) {
        const auto state = static_cast<CaseState>(s);
        IncidentFilter filter;
        filter.states = StateBit(state);
        const auto rows = QueueRows(world, filter, IncidentSort::kOldest, kIncidentClock);
        const auto expected = CasesWhere(world, [&](const Incident& c) { return c.state == state; });
        EXPECT_EQ(expected.size(), 8u) << CaseStateName(state);
        EXPECT_EQ(Sorted(rows), expected) << CaseStateName(state);
    }
    EXPECT_EQ(QueueRows(world, AllStates(), IncidentSort::kOldest, kIncidentClock).size(), 72u);
    IncidentFilter none;
    none.states = 0;
    EXPECT_TRUE(QueueRows(world, none, IncidentSort::kOldest, kIncidentClock).empty());
}

TEST(IncidentQueue, CategoryOverdueOutsideAndTheirCombination) {
    const World& world = SmallDemoWithIncidents();
    for (int k = 0; k < kCategoryCount; ++k) {
        IncidentFilter filter = AllStates();
        filter.category = k;
        const auto expected = CasesWhere(world, [&](const Incident& c) { return c.category == k; });
        EXPECT_EQ(expected.size(), 12u);
        EXPECT_EQ(Sorted(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock)), expected);

        filter.states = kOpenStates;
        filter.overdue_only = true;
        const auto open_overdue = CasesWhere(world, [&](const Incident& c) {
            return c.category == k && IsOpen(c.state) && kIncidentClock > c.deadline_ms;
        });
        EXPECT_EQ(Sorted(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock)), open_overdue);
    }
    IncidentFilter overdue = AllStates();
    overdue.overdue_only = true;
    const auto expected_overdue = CasesWhere(world, [](const Incident& c) { return c.overdue(kIncidentClock); });
    EXPECT_EQ(Sorted(QueueRows(world, overdue, IncidentSort::kNewest, kIncidentClock)), expected_overdue);
    // Nothing is overdue before the first report's shortest deadline (2 h), everything open is a day later.
    EXPECT_TRUE(QueueRows(world, overdue, IncidentSort::kNewest, kIncidentClock - 3 * kHour).empty());

    IncidentFilter outside = AllStates();
    outside.outside_only = true;
    const auto rows = QueueRows(world, outside, IncidentSort::kNewest, kIncidentClock);
    EXPECT_EQ(Sorted(rows), CasesWhere(world, [](const Incident& c) { return c.grid < 0; }));
    for (std::size_t i : rows) {
        const Incident& c = world.incidents.cases[i];
        EXPECT_GE(c.nearest_grid, 0) << c.id;
        EXPECT_GT(c.distance_m, 0) << c.id;
    }
}

TEST(IncidentQueue, TextSearchMatchesIdOrTextIgnoringAsciiCase) {
    const World& world = SmallDemoWithIncidents();
    IncidentFilter filter = AllStates();
    filter.text = "t0007";
    const auto rows = QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(world.incidents.cases[rows[0]].id, "T0007");

    filter.text = "incident 1";  // 1, 10..19
    const auto expected =
        CasesWhere(world, [](const Incident& c) { return c.text.find("incident 1") != std::string::npos; });
    EXPECT_EQ(expected.size(), 11u);
    EXPECT_EQ(Sorted(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock)), expected);

    filter.text = "测试事件";
    EXPECT_EQ(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock).size(), 72u);
    filter.text = "no such case";
    EXPECT_TRUE(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock).empty());
}

TEST(IncidentQueue, GridSubtreeAgreesWithAncestry) {
    const World& world = SmallDemoWithIncidents();
    const GridSet& grids = world.grids;
    for (int level = 1; level <= 3; ++level) {
        for (std::size_t root : grids.at_level(level)) {
            const std::vector<bool> subtree = GridSubtree(world, root);
            ASSERT_EQ(subtree.size(), grids.size());
            for (std::size_t g = 0; g < grids.size(); ++g) {
                const auto chain = grids.ancestry(g);
                const bool below = std::find(chain.begin(), chain.end(), root) != chain.end();
                ASSERT_EQ(subtree[g], below) << grids[root].code << " / " << grids[g].code;
            }
        }
    }
}

TEST(IncidentQueue, GridFilterTakesTheSubtree) {
    const World& world = SmallDemoWithIncidents();
    const GridSet& grids = world.grids;
    std::set<std::size_t> finest_grids;
    for (const Incident& c : world.incidents.cases) {
        if (c.grid >= 0) finest_grids.insert(static_cast<std::size_t>(c.grid));
    }
    // Every grid that is some case's finest grid or one of its ancestors, plus a few with no case.
    std::set<std::size_t> roots;
    for (std::size_t g : finest_grids) {
        for (std::size_t a : grids.ancestry(g)) roots.insert(a);
    }
    for (std::size_t g = 0; g < grids.size(); g += 97) roots.insert(g);
    std::size_t nonempty = 0;
    for (std::size_t root : roots) {
        IncidentFilter filter = AllStates();
        filter.grid = static_cast<std::int64_t>(root);
        const auto expected = CasesWhere(world, [&](const Incident& c) {
            if (c.grid < 0) return false;
            const auto chain = grids.ancestry(static_cast<std::size_t>(c.grid));
            return std::find(chain.begin(), chain.end(), root) != chain.end();
        });
        if (!expected.empty()) ++nonempty;
        ASSERT_EQ(Sorted(QueueRows(world, filter, IncidentSort::kGrid, kIncidentClock)), expected) << grids[root].code;
        if (grids[root].level == 1) {
            EXPECT_EQ(expected.size(), 68u);  // the district holds every case inside
        }
    }
    EXPECT_GT(nonempty, finest_grids.size());  // finest grids and their ancestors
    // The finest grid alone: exactly the cases assigned to it.
    const std::size_t one = *finest_grids.begin();
    IncidentFilter filter = AllStates();
    filter.grid = static_cast<std::int64_t>(one);
    EXPECT_EQ(Sorted(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock)),
              CasesWhere(world, [&](const Incident& c) { return c.grid == static_cast<std::int64_t>(one); }));
    // Outside cases never match a grid filter.
    filter.outside_only = true;
    EXPECT_TRUE(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock).empty());
}

// [SECTION] sorting

TEST(IncidentQueue, SortsOrderTheSameRows) {
    const World& world = SmallDemoWithIncidents();
    const auto& cases = world.incidents.cases;
    const IncidentFilter filter = AllStates();
    const auto reference = Sorted(QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock));
    for (int s = 0; s < kIncidentSortCount; ++s) {
        const auto rows = QueueRows(world, filter, static_cast<IncidentSort>(s), kIncidentClock);
        EXPECT_EQ(Sorted(rows), reference) << IncidentSortLabel(static_cast<IncidentSort>(s));
    }

    const auto newest = QueueRows(world, filter, IncidentSort::kNewest, kIncidentClock);
    for (std::size_t k = 1; k < newest.size(); ++k) {
        EXPECT_GE(cases[newest[k - 1]].reported_ms, cases[newest[k]].reported_ms);
    }
    EXPECT_EQ(cases[newest.front()].id, "T0072");
    const auto oldest = QueueRows(world, filter, IncidentSort::kOldest, kIncidentClock);
    EXPECT_EQ(oldest, std::vector<std::size_t>(newest.rbegin(), newest.rend()));

    const auto priority = QueueRows(world, filter, IncidentSort::kPriority, kIncidentClock);
    for (std::size_t k = 1; k < priority.size(); ++k) {
        const Incident& a = cases[priority[k - 1]];
        const Incident& b = cases[priority[k]];
        ASSERT_LE(a.priority, b.priority);
        if (a.priority == b.priority) {
            EXPECT_LE(a.deadline_ms, b.deadline_ms);
        }
    }
    EXPECT_EQ(cases[priority.front()].priority, 1);

    const auto deadline = QueueRows(world, filter, IncidentSort::kDeadline, kIncidentClock);
    const std::size_t open_count = CasesWhere(world, [](const Incident& c) { return IsOpen(c.state); }).size();
    for (std::size_t k = 0; k < deadline.size(); ++k) {
        EXPECT_EQ(IsOpen(cases[deadline[k]].state), k < open_count) << k;
        if (k > 0 && k != open_count) {
            EXPECT_LE(cases[deadline[k - 1]].deadline_ms, cases[deadline[k]].deadline_ms);
        }
    }
    // The most overdue open case comes first.
    std::int64_t earliest = INT64_MAX;
    for (const Incident& c : cases) {
        if (IsOpen(c.state)) earliest = std::min(earliest, c.deadline_ms);
    }
    EXPECT_EQ(cases[deadline.front()].deadline_ms, earliest);
    EXPECT_TRUE(cases[deadline.front()].overdue(kIncidentClock));

    const auto by_grid = QueueRows(world, filter, IncidentSort::kGrid, kIncidentClock);
    for (std::size_t k = 0; k < by_grid.size(); ++k) {
        EXPECT_EQ(cases[by_grid[k]].grid < 0, k >= by_grid.size() - 4) << k;  // outside last
        if (k == 0 || cases[by_grid[k]].grid < 0) continue;
        const Incident& a = cases[by_grid[k - 1]];
        const Incident& b = cases[by_grid[k]];
        const std::string& code_a = world.grids[static_cast<std::size_t>(a.grid)].code;
        const std::string& code_b = world.grids[static_cast<std::size_t>(b.grid)].code;
        ASSERT_LE(code_a, code_b);
        if (code_a == code_b) {
            EXPECT_GE(a.reported_ms, b.reported_ms);
        }
    }
}

// [SECTION] counts

TEST(IncidentQueue, CountsMatchTheCases) {
    const World& world = SmallDemoWithIncidents();
    const IncidentCounts all = CountIncidents(world, AllStates(), kIncidentClock);
    EXPECT_EQ(all.total, 72);
    EXPECT_EQ(all.open, static_cast<int>(CasesWhere(world, [](const Incident& c) { return IsOpen(c.state); }).size()));
    EXPECT_EQ(all.overdue,
              static_cast<int>(CasesWhere(world, [](const Incident& c) { return c.overdue(kIncidentClock); }).size()));
    EXPECT_EQ(
        all.outside_open,
        static_cast<int>(CasesWhere(world, [](const Incident& c) { return c.grid < 0 && IsOpen(c.state); }).size()));
    for (int s = 0; s < kCaseStateCount; ++s) EXPECT_EQ(all.by_state[static_cast<std::size_t>(s)], 8);

    // The badges ignore the filter's states but keep its other criteria.
    IncidentFilter filter;
    filter.states = StateBit(CaseState::kDispatched);
    filter.category = 2;
    const IncidentCounts counts = CountIncidents(world, filter, kIncidentClock);
    int sum = 0;
    for (int s = 0; s < kCaseStateCount; ++s) {
        const auto state = static_cast<CaseState>(s);
        const auto expected = CasesWhere(world, [&](const Incident& c) { return c.category == 2 && c.state == state; });
        EXPECT_EQ(counts.by_state[static_cast<std::size_t>(s)], static_cast<int>(expected.size())) << s;
        sum += counts.by_state[static_cast<std::size_t>(s)];
    }
    EXPECT_EQ(sum, 12);
    EXPECT_EQ(counts.total, 12);
}

// [SECTION] formatting

TEST(IncidentQueue, DurationsAndTimeLeft) {
    EXPECT_EQ(FormatDuration(0), "<1m");
    EXPECT_EQ(FormatDuration(59 * 1000), "<1m");
    EXPECT_EQ(FormatDuration(35 * kMinute), "35m");
    EXPECT_EQ(FormatDuration(80 * kMinute + 59 * 1000), "1h 20m");
    EXPECT_EQ(FormatDuration(2 * kHour), "2h");
    EXPECT_EQ(FormatDuration(27 * kHour + 5 * kMinute), "1d 3h");
    EXPECT_EQ(FormatDuration(48 * kHour), "2d");
    EXPECT_EQ(FormatDuration(-35 * kMinute), "35m");

    const std::int64_t now = kIncidentClock;
    EXPECT_EQ(FormatTimeLeft(now + 80 * kMinute, now), "剩余 1h 20m");
    EXPECT_EQ(FormatTimeLeft(now - 35 * kMinute, now), "超时 35m overdue");
    EXPECT_EQ(FormatTimeLeft(now, now), "剩余 <1m");  // due now, not yet overdue (Incident::overdue agrees)
}

TEST(IncidentQueue, CaseTimeTextByState) {
    const World& world = SmallDemoWithIncidents();
    int overdue = 0;
    for (const Incident& c : world.incidents.cases) {
        const std::string text = CaseTimeText(c, kIncidentClock);
        if (c.state == CaseState::kCancelled) {
            EXPECT_EQ(text, "-");
        } else if (c.state == CaseState::kClosed) {
            EXPECT_EQ(text, c.closed_ms <= c.deadline_ms ? "按期 on time" : "超期 late");
        } else if (c.overdue(kIncidentClock)) {
            EXPECT_EQ(text, "超时 " + FormatDuration(kIncidentClock - c.deadline_ms) + " overdue");
            ++overdue;
        } else {
            EXPECT_EQ(text, "剩余 " + FormatDuration(c.deadline_ms - kIncidentClock));
        }
    }
    EXPECT_GT(overdue, 0);
}

TEST(IncidentQueue, ClockIsBeijingTimeWithTheDateWhenNotToday) {
    const auto parsed = ParseIsoTime("2026-11-27T09:20:00+08:00");
    ASSERT_TRUE(parsed);
    const std::int64_t now = parsed.value();
    EXPECT_EQ(FormatClock(now, now), "09:20");
    EXPECT_EQ(FormatClock(now - 75 * kMinute, now), "08:05");
    EXPECT_EQ(FormatClock(now - 9 * kHour - 20 * kMinute, now), "00:00");
    EXPECT_EQ(FormatClock(now - 9 * kHour - 21 * kMinute, now), "11-26 23:59");
    EXPECT_EQ(FormatClock(now + 24 * kHour, now), "11-28 09:20");
    EXPECT_EQ(FormatClock(test::kIncidentClock, test::kIncidentClock), "12:00");  // 2026-11-27T12:00:00+08:00
}

TEST(IncidentQueue, LabelsAreChineseFirstAndDistinct) {
    std::set<std::string> sorts;
    for (int s = 0; s < kIncidentSortCount; ++s) sorts.insert(IncidentSortLabel(static_cast<IncidentSort>(s)));
    EXPECT_EQ(sorts.size(), static_cast<std::size_t>(kIncidentSortCount));
    // Each lifecycle button starts with the Chinese word of the state it leads to.
    for (int t = 0; t <= static_cast<int>(EventType::kIncidentCancelled); ++t) {
        const auto type = static_cast<EventType>(t);
        const std::string_view state = CaseStateLabel(TargetState(type));
        const std::string_view word = state.substr(0, state.find(' '));
        EXPECT_EQ(std::string_view(ActionLabel(type)).substr(0, word.size()), word) << EventTypeName(type);
    }
    EXPECT_EQ(SourceLabel("hotline_12345"), "12345热线 hotline");
    EXPECT_EQ(SourceLabel("radio"), "radio");
    EXPECT_EQ(SourceLabel(""), "-");
}

// [SECTION] actions

TEST(IncidentQueue, EveryButtonSendsAnEventTheLogAccepts) {
    const World& world = SmallDemoWithIncidents();
    const CaseLedger ledger = CaseLedger::FromWorld(world);
    const std::int64_t now = kIncidentClock + 5 * kMinute;
    int sent = 0;
    // The lifecycle buttons; dispatch, reassignment and summons go through the dispatch section
    // (tests/dispatch_test.cpp).
    auto button = [](EventType type) {
        return type != EventType::kIncidentDispatched && type != EventType::kIncidentReassigned &&
               type != EventType::kIncidentSummoned;
    };
    for (const Incident& c : world.incidents.cases) {
        for (EventType type : AllowedEvents(c.state)) {
            if (!button(type)) continue;
            const Event event = MakeCaseEvent(c, type, now, "", "现场核实 checked on site");
            ASSERT_TRUE(CheckEvent(ledger, event))
                << c.id << " " << EventTypeName(type) << ": " << CheckEvent(ledger, event).error();
            EXPECT_EQ(event.id, c.id);
            EXPECT_EQ(event.t_ms, now);
            const auto parsed = ParseIsoTime(event.t);
            ASSERT_TRUE(parsed) << event.t;
            EXPECT_EQ(parsed.value(), now);
            EXPECT_TRUE(event.resource.empty());
            // Applied (as the log would once durable), the case moves to the state the button names.
            World copy = world;
            Event durable = event;
            durable.seq = world.incidents.last_seq + 1;
            ASSERT_TRUE(ApplyEvent(copy, durable));
            EXPECT_EQ(copy.incidents.find(c.id)->state, TargetState(type));
            EXPECT_EQ(copy.incidents.find(c.id)->history.back().type, type);
            ++sent;
        }
        // Without a reason, returning or cancelling is refused: the panel keeps those buttons disabled.
        for (EventType type : AllowedEvents(c.state)) {
            if (type != EventType::kIncidentReturned && type != EventType::kIncidentCancelled) continue;
            EXPECT_FALSE(CheckEvent(ledger, MakeCaseEvent(c, type, now, "", ""))) << c.id;
        }
    }
    // reported 2, registered 1, dispatched 3, accepted 3, handled 2, verified 1, closed 0, returned 1,
    // cancelled 0; eight cases in each state.
    EXPECT_EQ(sent, 8 * (2 + 1 + 3 + 3 + 2 + 1 + 0 + 1 + 0));
}

TEST(IncidentQueue, UrgentArrivalsKeepTheLastFiveUrgentCases) {
    const World& world = SmallDemoWithIncidents();
    IncidentPanels panels;
    std::vector<std::size_t> urgent;
    for (std::size_t i = 0; i < world.incidents.cases.size(); ++i) {
        const Incident& c = world.incidents.cases[i];
        const bool expected = c.priority <= 2 || kIncidentCategories[c.category].code == "emergency";
        EXPECT_EQ(IsUrgent(c), expected) << c.id;
        NoteArrival(panels, world, i, static_cast<double>(i));
        if (expected) urgent.push_back(i);
    }
    ASSERT_GE(urgent.size(), 5u);
    ASSERT_EQ(panels.urgent.size(), 5u);
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(panels.urgent[k].index, urgent[urgent.size() - 5 + k]);
        EXPECT_EQ(panels.urgent[k].arrived, static_cast<double>(panels.urgent[k].index));
    }
    NoteArrival(panels, world, world.incidents.cases.size(), 0);  // no such case: nothing noted
    EXPECT_EQ(panels.urgent.size(), 5u);
}

}  // namespace
}  // namespace gridlink
