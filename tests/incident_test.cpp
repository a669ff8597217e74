// The case lifecycle: legal and illegal transitions, validation messages, ApplyEvent, ISO 8601 times.
#include "engine/incident.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

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
    if (type == E::kIncidentDispatched || type == E::kIncidentReassigned) e.resource = "W-000001";
    if (type == E::kIncidentSummoned) {
        e.resources = {"V-000001"};
        e.radius_m = 500;
    }
    if (type == E::kIncidentReturned || type == E::kIncidentCancelled) e.reason = "why";
    return e;
}

// Available and on no case, whatever the kind.
bool Free(const LedgerResource& r) { return r.status == ResourceStatus::kAvailable && r.task.empty(); }

TEST(Lifecycle, EveryStateAllowsExactlyTheDocumentedEvents) {
    // The table, written out independently of incident.cpp.
    const std::map<CaseState, std::set<E>> expected = {
        {CaseState::kReported, {E::kIncidentRegistered, E::kIncidentCancelled}},
        {CaseState::kRegistered, {E::kIncidentDispatched, E::kIncidentSummoned, E::kIncidentCancelled}},
        {CaseState::kDispatched,
         {E::kIncidentAccepted, E::kIncidentReassigned, E::kIncidentRecalled, E::kIncidentSummoned,
          E::kIncidentReturned}},
        {CaseState::kAccepted,
         {E::kIncidentHandled, E::kIncidentReassigned, E::kIncidentRecalled, E::kIncidentSummoned,
          E::kIncidentReturned}},
        {CaseState::kHandled, {E::kIncidentVerified, E::kIncidentReturned}},
        {CaseState::kVerified, {E::kIncidentClosed}},
        {CaseState::kClosed, {}},
        {CaseState::kReturned, {E::kIncidentDispatched, E::kIncidentSummoned, E::kIncidentCancelled}},
        {CaseState::kCancelled, {}},
    };
    for (const auto& [state, allowed] : expected) {
        CaseLedger ledger;
        ledger.cases["C"].state = state;
        ledger.cases["C"].resource = "W-000002";  // whoever holds it now
        ledger.resources["W-000001"] = {ResourceKind::kGridWorker, ResourceStatus::kAvailable, ""};
        ledger.resources["W-000002"] = {ResourceKind::kGridWorker, ResourceStatus::kBusy, "C"};
        ledger.resources["V-000001"] = {ResourceKind::kVolunteer, ResourceStatus::kAvailable, ""};
        for (int t = 1; t <= static_cast<int>(E::kIncidentSummoned); ++t) {
            const Status s = CheckEvent(ledger, Make(static_cast<E>(t), "C"));
            EXPECT_EQ(s.ok(), allowed.contains(static_cast<E>(t)))
                << CaseStateName(state) << " -> " << EventTypeName(static_cast<E>(t)) << ": " << (s ? "" : s.error());
        }
    }
}

TEST(ResourceKinds, CodesRoundTripThroughTheTables) {
    for (int i = 0; i < kResourceKindCount; ++i) {
        const ResourceKind kind = static_cast<ResourceKind>(i);
        EXPECT_EQ(ResourceKindFromCode(CodeOf(kind)), kind) << CodeOf(kind);
        EXPECT_GT(InfoOf(kind).speed_kmh, 0) << CodeOf(kind);
        // Only cameras cannot be sent; stations can, though they do not move.
        EXPECT_EQ(InfoOf(kind).dispatchable, kind != ResourceKind::kCamera) << CodeOf(kind);
    }
    for (int i = 0; i < kResourceStatusCount; ++i) {
        const ResourceStatus status = static_cast<ResourceStatus>(i);
        EXPECT_EQ(ResourceStatusFromCode(CodeOf(status)), status) << CodeOf(status);
        EXPECT_NE(kResourceStatusCodes.find(CodeOf(status)), std::string_view::npos) << CodeOf(status);
    }
    EXPECT_FALSE(ResourceKindFromCode("firefighter"));
    EXPECT_FALSE(ResourceKindFromCode("Camera"));
    EXPECT_FALSE(ResourceStatusFromCode("asleep"));
    EXPECT_FALSE(ResourceStatusFromCode(""));
    EXPECT_FALSE(InfoOf(ResourceKind::kServiceStation).mobile);
}

TEST(Lifecycle, ErrorsNameTheFieldAndTheWay) {
    CaseLedger ledger;
    ledger.resources["W-000001"] = {ResourceKind::kGridWorker, ResourceStatus::kAvailable, ""};
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentRegistered, "X")).error(), "id: no case 'X' has been reported");
    ASSERT_TRUE(CheckEvent(ledger, Make(E::kIncidentReported, "X")));
    RecordEvent(ledger, Make(E::kIncidentReported, "X"));
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentReported, "X")).error(), "id: case 'X' was already reported");
    EXPECT_EQ(CheckEvent(ledger, Make(E::kIncidentClosed, "X")).error(),
              "type: incident.closed is not allowed for case 'X', which is reported (allowed: incident.registered, "
              "incident.cancelled)");
    Event summon = Make(E::kIncidentSummoned, "X");
    EXPECT_EQ(CheckEvent(ledger, summon).error(),
              "type: incident.summoned is not allowed for case 'X', which is reported (allowed: incident.registered, "
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
    EXPECT_EQ(world.resources[0].status, ResourceStatus::kBusy);
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

TEST(IsoTime, RefusesImpossibleDatesTimesAndOffsets) {
    // The calendar: 29 February only in leap years (2000 and 2024 are, 1900 and 2026 are not).
    EXPECT_TRUE(ParseIsoTime("2000-02-29T00:00:00Z"));
    EXPECT_TRUE(ParseIsoTime("2024-02-29T00:00:00Z"));
    EXPECT_FALSE(ParseIsoTime("1900-02-29T00:00:00Z"));
    const auto feb = ParseIsoTime("2026-02-29T10:00:00+08:00");
    ASSERT_FALSE(feb);
    EXPECT_NE(feb.error().find("2026-02 has 28 days"), std::string::npos) << feb.error();
    EXPECT_FALSE(ParseIsoTime("2026-04-31T10:00:00Z"));
    EXPECT_TRUE(ParseIsoTime("2026-12-31T23:59:59Z"));
    // Second 60 would be read as the next minute; refused.
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:60Z"));
    // Offsets: -12:00..+14:00 in whole quarter hours.
    EXPECT_TRUE(ParseIsoTime("2026-11-27T09:20:00+14:00"));
    EXPECT_TRUE(ParseIsoTime("2026-11-27T09:20:00-12:00"));
    EXPECT_TRUE(ParseIsoTime("2026-11-27T09:20:00+05:45"));
    EXPECT_TRUE(ParseIsoTime("2026-11-27T09:20:00-09:30"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00+14:59"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00+14:15"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00-12:30"));
    EXPECT_FALSE(ParseIsoTime("2026-11-27T09:20:00+08:07"));
    // The echo of a bad time holds no control character.
    const auto bad = ParseIsoTime(std::string("2026-11-27\nok 1", 15));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().find('\n'), std::string::npos) << bad.error();
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

// [SECTION] one active task per resource, reassign, recall, summon

CaseLedger TaskLedger() {
    CaseLedger ledger;
    ledger.resources["W1"] = {ResourceKind::kGridWorker, ResourceStatus::kAvailable, ""};
    ledger.resources["W2"] = {ResourceKind::kGridWorker, ResourceStatus::kAvailable, ""};
    ledger.resources["W3"] = {ResourceKind::kGridWorker, ResourceStatus::kOffDuty, ""};
    ledger.resources["W4"] = {ResourceKind::kGridWorker, ResourceStatus::kBusy, ""};
    ledger.resources["C1"] = {ResourceKind::kCamera, ResourceStatus::kAvailable, ""};
    ledger.resources["V1"] = {ResourceKind::kVolunteer, ResourceStatus::kAvailable, ""};
    ledger.resources["V2"] = {ResourceKind::kVolunteer, ResourceStatus::kAvailable, ""};
    ledger.resources["V3"] = {ResourceKind::kVolunteer, ResourceStatus::kAvailable, ""};
    for (const char* id : {"A", "B"}) {
        RecordEvent(ledger, Make(E::kIncidentReported, id));
        RecordEvent(ledger, Make(E::kIncidentRegistered, id));
    }
    return ledger;
}

Event Send(E type, const std::string& id, const std::string& resource) {
    Event e = Make(type, id);
    e.resource = resource;
    return e;
}

// Checks and records; the error when refused.
std::string Try(CaseLedger& ledger, const Event& e) {
    const Status s = CheckEvent(ledger, e);
    if (!s) return s.error();
    RecordEvent(ledger, e);
    return "ok";
}

TEST(OneTaskRule, ABusyResourceIsRefusedUntilItsTaskEnds) {
    CaseLedger ledger = TaskLedger();
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "A", "W1")), "ok");
    EXPECT_EQ(ledger.resources["W1"].task, "A");
    EXPECT_EQ(ledger.resources["W1"].status, ResourceStatus::kBusy);
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W1")),
              "resource: 'W1' already has an active task, case 'A' (one task per resource: reassign or recall "
              "that case first)");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W3")), "resource: 'W3' is off duty");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W4")), "resource: 'W4' is busy, not available");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "C1")), "resource: 'C1' is a camera, which cannot be sent");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W9")), "resource: no resource 'W9' in the workspace");
    // Accepted keeps the task; handled ends it and W1 is available again.
    EXPECT_EQ(Try(ledger, Make(E::kIncidentAccepted, "A")), "ok");
    EXPECT_EQ(ledger.resources["W1"].task, "A");
    EXPECT_EQ(Try(ledger, Make(E::kIncidentHandled, "A")), "ok");
    EXPECT_EQ(ledger.resources["W1"].task, "");
    EXPECT_EQ(ledger.resources["W1"].status, ResourceStatus::kAvailable);
    EXPECT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W1")), "ok");
    // A return ends the task too.
    EXPECT_EQ(Try(ledger, Make(E::kIncidentReturned, "B")), "ok");
    EXPECT_TRUE(Free(ledger.resources["W1"]));
}

TEST(OneTaskRule, ReassignMovesTheTaskAndRecallEndsIt) {
    CaseLedger ledger = TaskLedger();
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "A", "W1")), "ok");
    ASSERT_EQ(Try(ledger, Make(E::kIncidentAccepted, "A")), "ok");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentReassigned, "A", "W1")), "resource: case 'A' is already with 'W1'");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentAccepted, "A", "W2")),
              "resource: 'W2' was neither dispatched to nor summoned for case 'A'");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentReassigned, "A", "W2")), "ok");
    EXPECT_EQ(ledger.cases["A"].state, CaseState::kDispatched);  // the new responder accepts again
    EXPECT_EQ(ledger.cases["A"].resource, "W2");
    EXPECT_TRUE(Free(ledger.resources["W1"]));
    EXPECT_EQ(ledger.resources["W2"].task, "A");
    // W2 cannot be reassigned another case while it holds A.
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W1")), "ok");
    EXPECT_NE(Try(ledger, Send(E::kIncidentReassigned, "B", "W2")).find("already has an active task, case 'A'"),
              std::string::npos);
    EXPECT_EQ(Try(ledger, Make(E::kIncidentRecalled, "A")), "ok");
    EXPECT_EQ(ledger.cases["A"].state, CaseState::kRegistered);
    EXPECT_TRUE(Free(ledger.resources["W2"]));
    EXPECT_EQ(Try(ledger, Send(E::kIncidentReassigned, "B", "W2")), "ok");
    EXPECT_NE(Try(ledger, Make(E::kIncidentRecalled, "A")).find("not allowed for case 'A', which is registered"),
              std::string::npos);
}

TEST(OneTaskRule, SummonedVolunteersAnswerWithoutMovingTheCase) {
    CaseLedger ledger = TaskLedger();
    Event summon = Make(E::kIncidentSummoned, "A");
    summon.resources = {"V1", "V2"};
    EXPECT_EQ(Try(ledger, summon), "ok");
    EXPECT_EQ(ledger.cases["A"].state, CaseState::kRegistered);
    EXPECT_EQ(ledger.cases["A"].summoned, (std::vector<std::string>{"V1", "V2"}));
    EXPECT_TRUE(Free(ledger.resources["V1"]));  // a call is not a task until it is answered
    Event again = Make(E::kIncidentSummoned, "A");
    again.resources = {"V3", "V2"};
    EXPECT_EQ(Try(ledger, again), "resources: 'V2' was already summoned for case 'A'");
    again.resources = {"V3", "V3"};
    EXPECT_EQ(Try(ledger, again), "resources: 'V3' is named twice");
    again.resources = {};
    EXPECT_EQ(Try(ledger, again), "resources: empty: name the volunteers summoned");

    EXPECT_EQ(Try(ledger, Send(E::kIncidentAccepted, "A", "V1")), "ok");  // 党员报到
    EXPECT_EQ(ledger.cases["A"].state, CaseState::kRegistered);
    EXPECT_EQ(ledger.cases["A"].answered, (std::vector<std::string>{"V1"}));
    EXPECT_EQ(ledger.resources["V1"].task, "A");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentAccepted, "A", "V1")),
              "resource: 'V1' has already answered the summons for case 'A'");
    EXPECT_EQ(Try(ledger, Send(E::kIncidentAccepted, "A", "V3")),
              "resource: 'V3' was neither dispatched to nor summoned for case 'A'");
    // V2 takes another task first: its answer to A is refused by the one-task rule.
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "V2")), "ok");
    EXPECT_NE(Try(ledger, Send(E::kIncidentAccepted, "A", "V2")).find("already has an active task, case 'B'"),
              std::string::npos);
    // The volunteers stay on the case through a dispatch and are released when it is handled.
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "A", "W1")), "ok");
    ASSERT_EQ(Try(ledger, Send(E::kIncidentAccepted, "A", "W1")), "ok");
    EXPECT_EQ(ledger.cases["A"].state, CaseState::kAccepted);
    EXPECT_EQ(ledger.resources["V1"].task, "A");
    ASSERT_EQ(Try(ledger, Make(E::kIncidentHandled, "A")), "ok");
    EXPECT_TRUE(Free(ledger.resources["V1"]));
    EXPECT_TRUE(Free(ledger.resources["W1"]));
    EXPECT_EQ(ledger.resources["V2"].task, "B");
}

TEST(OneTaskRule, RollbackForgetsABatchThatWasNotStored) {
    CaseLedger ledger = TaskLedger();
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "A", "W1")), "ok");
    const auto cases = ledger.cases;
    const auto resources = ledger.resources;
    ledger.begin_batch();
    ASSERT_EQ(Try(ledger, Send(E::kIncidentReassigned, "A", "W2")), "ok");
    ASSERT_EQ(Try(ledger, Send(E::kIncidentDispatched, "B", "W1")), "ok");
    ASSERT_EQ(Try(ledger, Make(E::kIncidentReported, "Z")), "ok");
    ledger.rollback_batch();
    EXPECT_EQ(ledger.cases.size(), cases.size());
    for (const auto& [id, c] : cases) {
        EXPECT_EQ(ledger.cases[id].state, c.state) << id;
        EXPECT_EQ(ledger.cases[id].resource, c.resource) << id;
    }
    for (const auto& [id, r] : resources) {
        EXPECT_EQ(ledger.resources[id].task, r.task) << id;
        EXPECT_EQ(ledger.resources[id].status, r.status) << id;
    }
}

// The feed's ledger and the World follow one set of rules: after any sequence of accepted events, the
// ledger rebuilt from the World equals the ledger kept beside it.
TEST(OneTaskRule, LedgerAndWorldAgreeOverRandomEvents) {
    World world = test::SmallDemo();
    CaseLedger ledger = CaseLedger::FromWorld(world);
    std::vector<std::string> volunteers, responders;
    for (const Resource& r : world.resources) {
        if (r.kind == ResourceKind::kVolunteer && volunteers.size() < 12) volunteers.push_back(r.id);
        if (r.kind != ResourceKind::kCamera && responders.size() < 20) responders.push_back(r.id);
    }
    std::uint64_t seed = 12345;
    auto below = [&seed](std::size_t n) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>((seed >> 33) % n);
    };
    const E kinds[] = {E::kIncidentReported,  E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted,
                       E::kIncidentHandled,   E::kIncidentVerified,   E::kIncidentClosed,     E::kIncidentReturned,
                       E::kIncidentCancelled, E::kIncidentReassigned, E::kIncidentRecalled,   E::kIncidentSummoned,
                       E::kResourceStatus};
    int accepted = 0, refused = 0, most_tasked = 0;
    for (int step = 0; step < 6000; ++step) {
        std::string id = "K";                        // (not "K" + to_string: GCC 12 warns falsely on that, -Wrestrict)
        id += std::to_string(step / 40 + below(8));  // a moving window of cases, so that new ones keep coming
        Event e = Make(kinds[below(std::size(kinds))], id, 1795750000000 + step * 1000);
        if (e.type == E::kIncidentDispatched || e.type == E::kIncidentReassigned) e.resource = responders[below(20)];
        if (e.type == E::kIncidentAccepted && below(2)) e.resource = volunteers[below(12)];
        if (e.type == E::kIncidentSummoned) e.resources = {volunteers[below(12)], volunteers[below(12)]};
        if (e.type == E::kResourceStatus) {
            e.id = responders[below(20)];
            e.status = kResourceStatuses[below(3)].code;
        }
        if (!CheckEvent(ledger, e)) {
            ++refused;
            continue;
        }
        ++accepted;
        RecordEvent(ledger, e);
        e.seq = step + 1;
        ASSERT_TRUE(ApplyEvent(world, e)) << step << " " << EventTypeName(e.type);
        int tasked_now = 0;
        for (const auto& [rid, r] : ledger.resources) tasked_now += !r.task.empty();
        most_tasked = std::max(most_tasked, tasked_now);
    }
    EXPECT_GT(accepted, 600);
    EXPECT_GT(refused, 1000);
    EXPECT_GT(most_tasked, 3);
    const CaseLedger rebuilt = CaseLedger::FromWorld(world);
    ASSERT_EQ(rebuilt.cases.size(), ledger.cases.size());
    for (const auto& [id, c] : ledger.cases) {
        const LedgerCase& w = rebuilt.cases.at(id);
        EXPECT_EQ(w.state, c.state) << id;
        EXPECT_EQ(w.resource, c.resource) << id;
        EXPECT_EQ(w.summoned, c.summoned) << id;
        EXPECT_EQ(w.answered, c.answered) << id;
    }
    for (const auto& [id, r] : ledger.resources) {
        const LedgerResource& w = rebuilt.resources.at(id);
        EXPECT_EQ(w.status, r.status) << id;
        EXPECT_EQ(w.task, r.task) << id;
        // Whoever holds a task is named on that case.
        if (!r.task.empty()) {
            const LedgerCase& c = ledger.cases.at(r.task);
            EXPECT_TRUE(c.resource == id || std::find(c.answered.begin(), c.answered.end(), id) != c.answered.end())
                << id;
        }
    }
}

}  // namespace
}  // namespace gridlink
