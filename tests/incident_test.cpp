// The case lifecycle: legal and illegal transitions, validation messages, ApplyEvent, ISO 8601 times.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/incident.h"
#include "engine/world.h"
#include "test_support.h"

namespace gridlink {
namespace {

using E = EventType;

Event Make(E type, const std::string& id, std::int64_t t_ms = 1795750000000) {
    Event e;
    e.type = type;
    e.id = id;
    e.t_ms = t_ms;
    e.t = FormatIsoTime(t_ms);
    if (type == E::kIncidentReported) {
        e.lon = 120.55;
        e.lat = 31.33;
        e.category = 0;
        e.priority = 2;
    }
    if (type == E::kIncidentDispatched) e.resource = "W-000001";
    if (type == E::kIncidentReturned || type == E::kIncidentCancelled) e.reason = "why";
    return e;
}

TEST(Lifecycle, EveryStateAllowsExactlyTheDocumentedEvents) {
    // The table, written out independently of incident.cpp.
    const std::map<CaseState, std::set<E>> expected = {
        {CaseState::kReported, {E::kIncidentRegistered, E::kIncidentCancelled}},
        {CaseState::kRegistered, {E::kIncidentDispatched, E::kIncidentCancelled}},
        {CaseState::kDispatched, {E::kIncidentAccepted, E::kIncidentReturned}},
        {CaseState::kAccepted, {E::kIncidentHandled, E::kIncidentReturned}},
        {CaseState::kHandled, {E::kIncidentVerified, E::kIncidentReturned}},
        {CaseState::kVerified, {E::kIncidentClosed}},
        {CaseState::kClosed, {}},
        {CaseState::kReturned, {E::kIncidentDispatched, E::kIncidentCancelled}},
        {CaseState::kCancelled, {}},
    };
    for (const auto& [state, allowed] : expected) {
        CaseLedger ledger;
        ledger.cases["C"] = state;
        ledger.resources.insert("W-000001");
        for (int t = 1; t <= static_cast<int>(E::kIncidentCancelled); ++t) {
            const Status s = CheckEvent(ledger, Make(static_cast<E>(t), "C"));
            EXPECT_EQ(s.ok(), allowed.contains(static_cast<E>(t)))
                << CaseStateName(state) << " -> " << EventTypeName(static_cast<E>(t)) << ": " << (s ? "" : s.error());
        }
    }
}

TEST(Lifecycle, ErrorsNameTheFieldAndTheWay) {
    CaseLedger ledger;
    ledger.resources.insert("W-000001");
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentRegistered, "X")).error(), "id: no case 'X' has been reported");
    ASSERT_TRUE(CheckEvent(ledger, Make(E::kIncidentReported, "X")));
    RecordEvent(ledger, Make(E::kIncidentReported, "X"));
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentReported, "X")).error(), "id: case 'X' was already reported");
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentClosed, "X")).error(),
              "type: incident.closed is not allowed for case 'X', which is reported (allowed: incident.registered, "
              "incident.cancelled)");
    Event cancel = Make(E::kIncidentCancelled, "X");
    cancel.reason.clear();
    EXPECT_EQ(CheckEvent(ledger, cancel).error(), "reason: required for incident.cancelled");
    RecordEvent(ledger, Make(E::kIncidentRegistered, "X"));
    Event dispatch = Make(E::kIncidentDispatched, "X");
    dispatch.resource = "nobody";
    EXPECT_EQ(CheckEvent(ledger, dispatch).error(), "resource: no resource 'nobody' in the workspace");
    Event moved = Make(E::kResourceMoved, "R9");
    EXPECT_EQ(CheckEvent(ledger, moved).error(), "id: no resource 'R9' in the workspace");
    Event status = Make(E::kResourceStatus, "W-000001");
    status.status = "asleep";
    EXPECT_EQ(CheckEvent(ledger, status).error(), "status: 'asleep' is not one of available, busy, off_duty");
    RecordEvent(ledger, Make(E::kIncidentCancelled, "X"));
    EXPECT_NE(CheckEvent(ledger, Make(E::kIncidentRegistered, "X")).error().find("(finished)"), std::string::npos);
}

TEST(Lifecycle, ApplyEventBuildsTheCaseWithItsHistoryAndDeadline) {
    World world = test::SmallDemo();
    const std::string resource = world.resources.at(3).id;
    const std::int64_t t0 = 1795750000000;
    Event report = Make(E::kIncidentReported, "K1", t0);
    report.category = FindCategory("街面秩序");  // 4 hours
    ASSERT_EQ(report.category, 1);
    ASSERT_TRUE(ApplyEvent(world, report));
    Event dispatch = Make(E::kIncidentRegistered, "K1", t0 + 60000);
    ASSERT_TRUE(ApplyEvent(world, dispatch));
    dispatch = Make(E::kIncidentDispatched, "K1", t0 + 120000);
    dispatch.resource = resource;
    ASSERT_TRUE(ApplyEvent(world, dispatch));
    const Incident* c = world.incidents.find("K1");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->state, CaseState::kDispatched);
    EXPECT_EQ(c->resource, resource);
    EXPECT_EQ(c->deadline_ms, t0 + 4 * 3600 * 1000);
    EXPECT_FALSE(c->overdue(t0 + 4 * 3600 * 1000));
    EXPECT_TRUE(c->overdue(t0 + 4 * 3600 * 1000 + 1));
    ASSERT_EQ(c->history.size(), 3u);
    EXPECT_EQ(c->history[2].type, E::kIncidentDispatched);
    EXPECT_EQ(c->history[2].note, resource);
    EXPECT_EQ(world.incidents.clock_ms, t0 + 120000);
    // The projected position agrees with a direct transform of the reported lon/lat.
    auto t = Transform::Create(Crs::LonLat(), world.crs);
    ASSERT_TRUE(t);
    Vec2 p{120.55, 31.33};
    ASSERT_TRUE(t->apply(p));
    EXPECT_NEAR(c->position.x, p.x, 1e-6);
    EXPECT_NEAR(c->position.y, p.y, 1e-6);
    // An illegal event leaves the World unchanged.
    const std::int64_t revision = world.incidents.revision;
    EXPECT_FALSE(ApplyEvent(world, Make(E::kIncidentClosed, "K1", t0 + 180000)));
    EXPECT_EQ(world.incidents.revision, revision);
    EXPECT_EQ(world.incidents.find("K1")->state, CaseState::kDispatched);
    // A closed case is not overdue however late it is.
    for (E step : {E::kIncidentAccepted, E::kIncidentHandled, E::kIncidentVerified, E::kIncidentClosed}) {
        ASSERT_TRUE(ApplyEvent(world, Make(step, "K1", t0 + 5 * 3600 * 1000)));
    }
    EXPECT_FALSE(world.incidents.find("K1")->overdue(t0 + 100 * 3600 * 1000));
    EXPECT_EQ(world.incidents.find("K1")->closed_ms, t0 + 5 * 3600 * 1000);
}

TEST(Lifecycle, ResourceEventsMoveAndRestatus) {
    World world = test::SmallDemo();
    Resource before = world.resources.at(0);
    Event moved = Make(E::kResourceMoved, before.id);
    moved.lon = 120.50;
    moved.lat = 31.30;
    ASSERT_TRUE(ApplyEvent(world, moved));
    EXPECT_NE(world.resources[0].position.x, before.position.x);
    Event status = Make(E::kResourceStatus, before.id);
    status.status = "busy";
    ASSERT_TRUE(ApplyEvent(world, status));
    EXPECT_EQ(world.resources[0].status, "busy");
}

TEST(Lifecycle, AssignEventAgreesWithTheIndex) {
    const World& world = test::SmallDemo();
    const Grid& g = world.grids[world.grids.size() - 1];
    Vec2 inside{(g.bounds.min_x + g.bounds.max_x) / 2, (g.bounds.min_y + g.bounds.max_y) / 2};
    Event e = Make(E::kIncidentReported, "A");
    AssignEvent(*world.grid_index, world.grids, inside, e);
    EXPECT_EQ(e.grid, world.grids[static_cast<std::size_t>(world.grid_index->locate(inside).grid)].code);
    Box b = world.bounds();
    AssignEvent(*world.grid_index, world.grids, Vec2{b.min_x - 500, b.min_y - 500}, e);
    EXPECT_TRUE(e.grid.empty());
    EXPECT_FALSE(e.nearest_grid.empty());
    EXPECT_GT(e.distance_m, 500);
}

TEST(IsoTime, ParsesOffsetsAndFractions) {
    EXPECT_EQ(ParseIsoTime("1970-01-01T00:00:00Z").value(), 0);
    EXPECT_EQ(ParseIsoTime("1970-01-01T08:00:00+08:00").value(), 0);
    EXPECT_EQ(ParseIsoTime("1970-01-01T08:00:00+0800").value(), 0);
    EXPECT_EQ(ParseIsoTime("1969-12-31T19:00:00.250-05:00").value(), 250);
    EXPECT_EQ(ParseIsoTime("2026-11-27T12:00:00+08:00").value(), test::kIncidentClock);
    EXPECT_EQ(ParseIsoTime("2024-02-29T12:00:00Z").value(), 1709208000000);
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00"));
    EXPECT_FALSE(ParseIsoTime("2026-02-30T09:20:00Z"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27 09:20"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T25:00:00Z"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00+8"));
    EXPECT_NE(ParseIsoTime("yesterday").error().find("expected e.g."), std::string::npos);
}

TEST(IsoTime, FormatRoundTrips) {
    for (std::int64_t ms : {std::int64_t{0}, std::int64_t{-1}, test::kIncidentClock, std::int64_t{1709208000123}}) {
        for (int offset : {0, 480, -300}) {
            const std::string text = FormatIsoTime(ms, offset);
            auto back = ParseIsoTime(text);
            ASSERT_TRUE(back) << text;
            EXPECT_EQ(back.value(), ms) << text;
        }
    }
    EXPECT_EQ(FormatIsoTime(test::kIncidentClock), "2026-11-27T12:00:00.000+08:00");
}

TEST(Lifecycle, SharedFixtureCoversEveryState) {
    const World& world = test::SmallDemoWithIncidents();
    std::set<CaseState> states;
    int outside = 0;
    for (const Incident& c : world.incidents.cases) {
        states.insert(c.state);
        outside += c.grid < 0;
    }
    EXPECT_EQ(states.size(), static_cast<std::size_t>(kCaseStateCount));
    EXPECT_EQ(outside, 4);
}

}  // namespace
}  // namespace gridlink
