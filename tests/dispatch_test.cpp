// Flattened dispatch: candidate ranking (own grid worker first, then nearest free by ETA) against brute
// force, the summon list, the events a dispatch click sends and that the feed's rules accept exactly the
// candidates shown as free, and the index following live moves.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/dispatch.h"
#include "engine/road_network.h"
#include "test_support.h"
#include "ui/dispatch_panel.h"
#include "ui/incident_panels.h"

namespace gridlink {
namespace {

using test::kIncidentClock;
using test::SmallDemoWithIncidents;

double Straight(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

bool Free(const Resource& r) {
    return r.status == ResourceStatus::kAvailable && r.task.empty() && r.kind != ResourceKind::kCamera;
}

std::vector<std::string> OwnWorkers(const World& world, const Incident& c) {
    std::vector<std::string> found;
    const std::int64_t grid = c.grid >= 0 ? c.grid : c.nearest_grid;
    for (std::size_t g : world.grids.ancestry(static_cast<std::size_t>(grid))) {
        for (const Resource& r : world.resources) {
            if (r.kind == ResourceKind::kGridWorker && r.home_grid == world.grids[g].code) found.push_back(r.id);
        }
        if (!found.empty()) break;
    }
    std::sort(found.begin(), found.end());
    return found;
}

TEST(Dispatch, WithoutRoadsTheOwnWorkerComesFirstThenTheNearestFreeByBruteForce) {
    World world = SmallDemoWithIncidents();
    world.road_network.reset();
    int checked = 0;
    for (const Incident& c : world.incidents.cases) {
        if (!IsOpen(c.state)) continue;
        const std::vector<DispatchCandidate> ranked = RankCandidates(world, c, DispatchOptions{8, 24});
        std::vector<std::string> own;
        std::size_t k = 0;
        for (; k < ranked.size() && ranked[k].own_worker; ++k) {
            own.push_back(world.resources[ranked[k].resource].id);
            EXPECT_EQ(ranked[k].free, Free(world.resources[ranked[k].resource]));
        }
        std::sort(own.begin(), own.end());
        EXPECT_EQ(own, OwnWorkers(world, c)) << c.id;
        // The rest: exactly the 8 nearest free resources that are not own workers, nearest first.
        std::vector<std::pair<double, std::size_t>> brute;
        for (std::size_t i = 0; i < world.resources.size(); ++i) {
            const Resource& r = world.resources[i];
            if (Free(r) && std::find(own.begin(), own.end(), r.id) == own.end()) {
                brute.push_back({Straight(r.position, c.position), i});
            }
        }
        std::sort(brute.begin(), brute.end());
        ASSERT_EQ(ranked.size() - k, std::min<std::size_t>(8, brute.size())) << c.id;
        for (std::size_t j = 0; k + j < ranked.size(); ++j) {
            const DispatchCandidate& d = ranked[k + j];
            EXPECT_EQ(d.resource, brute[j].second) << c.id << " row " << k + j;
            EXPECT_TRUE(d.free);
            EXPECT_FALSE(d.own_worker);
            EXPECT_DOUBLE_EQ(d.distance_m, brute[j].first);
            EXPECT_LT(d.road_m, 0);
            const double speed = TravelSpeedKmh(world.resources[d.resource].kind) / 3.6;
            EXPECT_NEAR(d.eta_s, d.distance_m * kDetour / speed, 1e-6);
        }
        ++checked;
    }
    EXPECT_GT(checked, 30);
}

TEST(Dispatch, WithRoadsTheFreeCandidatesAreTheSoonestOfTheStraightLinePoolByRoad) {
    const World& world = SmallDemoWithIncidents();
    ASSERT_TRUE(world.road_network);
    ASSERT_FALSE(world.road_network->empty());
    int checked = 0, reordered = 0, by_road = 0, listed = 0;
    for (const Incident& c : world.incidents.cases) {
        if (!IsOpen(c.state)) continue;
        const DispatchOptions options{6, 20};
        const std::vector<DispatchCandidate> ranked = RankCandidates(world, c, options);
        std::size_t own = 0;
        while (own < ranked.size() && ranked[own].own_worker) ++own;
        std::vector<std::string> own_ids;
        for (std::size_t k = 0; k < own; ++k) own_ids.push_back(world.resources[ranked[k].resource].id);
        // The pool: the 20 nearest free by straight line; each one's ETA by an independent road search.
        std::vector<std::pair<double, std::size_t>> pool;
        for (std::size_t i = 0; i < world.resources.size(); ++i) {
            const Resource& r = world.resources[i];
            if (Free(r) && std::find(own_ids.begin(), own_ids.end(), r.id) == own_ids.end()) {
                pool.push_back({Straight(r.position, c.position), i});
            }
        }
        std::sort(pool.begin(), pool.end());
        pool.resize(std::min<std::size_t>(20, pool.size()));
        std::vector<std::pair<double, std::size_t>> by_eta;
        for (const auto& [d, i] : pool) {
            const Resource& r = world.resources[i];
            const double road = world.road_network->distances(c.position, std::span<const Vec2>(&r.position, 1))[0];
            const double metres = std::isfinite(road) ? road : d * kDetour;
            by_eta.push_back({metres / (TravelSpeedKmh(r.kind) / 3.6), i});
        }
        std::sort(by_eta.begin(), by_eta.end());
        ASSERT_EQ(ranked.size() - own, std::min<std::size_t>(6, by_eta.size()));
        for (std::size_t j = 0; own + j < ranked.size(); ++j) {
            EXPECT_EQ(ranked[own + j].resource, by_eta[j].second) << c.id;
            EXPECT_NEAR(ranked[own + j].eta_s, by_eta[j].first, 1e-6 * std::max(1.0, by_eta[j].first));
            by_road += ranked[own + j].road_m >= 0;
            ++listed;
            if (j > 0) {
                EXPECT_LE(ranked[own + j - 1].eta_s, ranked[own + j].eta_s);
            }
        }
        if (!by_eta.empty() && by_eta[0].second != pool[0].second) ++reordered;
        ++checked;
    }
    EXPECT_GT(checked, 30);
    // Road distance and kind speeds change who is soonest for some cases (else this test proves little).
    EXPECT_GT(reordered, 0);
    // Most candidates are reached by road; the rest (off the road graph's main part) by the straight line.
    EXPECT_GT(by_road, listed * 8 / 10);
}

TEST(Dispatch, TheFeedAcceptsExactlyTheCandidatesShownAsFree) {
    const World& world = SmallDemoWithIncidents();
    const CaseLedger ledger = CaseLedger::FromWorld(world);
    const std::int64_t now = kIncidentClock + 5 * 60000;
    int accepted = 0, refused = 0;
    for (const Incident& c : world.incidents.cases) {
        if (!CanDispatch(c.state)) continue;
        for (const DispatchCandidate& d : RankCandidates(world, c)) {
            const std::vector<Event> events = DispatchEvents(c, world.resources[d.resource], now, "");
            ASSERT_FALSE(events.empty());
            // Check them in order against a ledger that has taken the earlier ones.
            CaseLedger copy = ledger;
            Status status;
            for (const Event& e : events) {
                status = CheckEvent(copy, e);
                if (!status) break;
                RecordEvent(copy, e);
            }
            EXPECT_EQ(status.ok(), d.free) << c.id << " -> " << world.resources[d.resource].id << ": "
                                           << (status ? "" : status.error());
            (status ? accepted : refused)++;
            if (status) {
                const LedgerCase& after = copy.cases.at(c.id);
                EXPECT_EQ(after.state, CaseState::kDispatched);
                EXPECT_EQ(after.resource, world.resources[d.resource].id);
                EXPECT_EQ(copy.resources.at(after.resource).task, c.id);
            }
        }
        const bool held = c.state == CaseState::kDispatched || c.state == CaseState::kAccepted;
        const std::vector<Event> events = DispatchEvents(c, world.resources[0], now, "");
        EXPECT_EQ(events.back().type, held ? EventType::kIncidentReassigned : EventType::kIncidentDispatched);
        EXPECT_EQ(events.size(), c.state == CaseState::kReported ? 2u : 1u);
    }
    EXPECT_GT(accepted, 100);
    EXPECT_GT(refused, 0);  // some own workers are busy or off duty: shown, not sendable
}

TEST(Dispatch, SummonCallsEveryFreeVolunteerWithinTheRadiusAndTheirAnswersAreKept) {
    World world = SmallDemoWithIncidents();
    const std::int64_t now = kIncidentClock + 5 * 60000;
    const double radius = 3000;
    // The registered case with the most free volunteers around it (the small demo has few volunteers).
    auto volunteers_near = [&](const Incident& i) {
        std::vector<std::size_t> found;
        for (std::size_t k = 0; k < world.resources.size(); ++k) {
            const Resource& r = world.resources[k];
            if (r.kind == ResourceKind::kVolunteer && Free(r) && Straight(r.position, i.position) <= radius) {
                found.push_back(k);
            }
        }
        return found;
    };
    const Incident* c = nullptr;
    std::vector<std::size_t> brute;
    for (const Incident& i : world.incidents.cases) {
        if (i.state != CaseState::kRegistered) continue;
        std::vector<std::size_t> found = volunteers_near(i);
        if (!c || found.size() > brute.size()) {
            c = &i;
            brute = std::move(found);
        }
    }
    ASSERT_NE(c, nullptr);
    const std::vector<std::size_t> called = SummonCandidates(world, *c, radius);
    std::sort(brute.begin(), brute.end(), [&](std::size_t a, std::size_t b) {
        const double da = Straight(world.resources[a].position, c->position);
        const double db = Straight(world.resources[b].position, c->position);
        return da != db ? da < db : a < b;
    });
    ASSERT_GE(brute.size(), 2u);
    EXPECT_EQ(called, brute);

    CaseLedger ledger = CaseLedger::FromWorld(world);
    std::int64_t seq = world.incidents.last_seq;
    auto send = [&](Event e) {
        const Status s = CheckEvent(ledger, e);
        if (!s) return s;
        RecordEvent(ledger, e);
        e.seq = ++seq;
        return ApplyEvent(world, e);
    };
    const std::string id = c->id;
    ASSERT_TRUE(send(SummonEvent(world, *c, called, radius, now)));
    c = world.incidents.find(id);
    EXPECT_EQ(c->summoned.size(), called.size());
    EXPECT_EQ(c->summon_radius_m, radius);
    EXPECT_EQ(c->state, CaseState::kRegistered);
    // Nobody is called twice: the next summon finds only volunteers not yet called.
    EXPECT_TRUE(SummonCandidates(world, *c, radius).empty());
    // Two volunteers answer (党员报到); they are on the case and busy, the case does not move.
    for (std::size_t k = 0; k < 2; ++k) {
        Event answer = MakeCaseEvent(*c, EventType::kIncidentAccepted, now + 60000, "", "");
        answer.resource = world.resources[called[k]].id;
        ASSERT_TRUE(send(answer)) << answer.resource;
    }
    c = world.incidents.find(id);
    EXPECT_EQ(c->answered.size(), 2u);
    EXPECT_EQ(c->state, CaseState::kRegistered);
    EXPECT_EQ(world.resources[called[0]].task, id);
    EXPECT_EQ(world.resources[called[0]].status, ResourceStatus::kBusy);
    // The history says who answered.
    EXPECT_EQ(c->history.back().note, world.resources[called[1]].id);
    // Busy now: neither is offered to another case.
    for (const Incident& other : world.incidents.cases) {
        for (const DispatchCandidate& d : RankCandidates(world, other)) {
            if (!d.own_worker) {
                EXPECT_NE(d.resource, called[0]);
            }
        }
    }
}

TEST(Dispatch, TheIndexFollowsLiveMoves) {
    World world = SmallDemoWithIncidents();
    const Incident* c = nullptr;
    for (const Incident& i : world.incidents.cases) {
        if (i.state == CaseState::kRegistered) c = &i;
    }
    ASSERT_NE(c, nullptr);
    world.road_network.reset();
    // The farthest free patrol vehicle drives to 5 m from the case: it becomes the nearest free resource.
    std::size_t far = world.resources.size();
    double far_d = -1;
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        const Resource& r = world.resources[i];
        if (r.kind == ResourceKind::kPatrolVehicle && Free(r) && Straight(r.position, c->position) > far_d) {
            far_d = Straight(r.position, c->position);
            far = i;
        }
    }
    ASSERT_LT(far, world.resources.size());
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    ASSERT_TRUE(to_lonlat);
    Vec2 target{c->position.x + 3, c->position.y + 4};
    ASSERT_TRUE(to_lonlat->apply(target));
    Event move;
    move.type = EventType::kResourceMoved;
    move.id = world.resources[far].id;
    move.t_ms = kIncidentClock;
    move.t = FormatIsoTime(move.t_ms);
    move.lon = target.x;
    move.lat = target.y;
    move.seq = world.incidents.last_seq + 1;
    ASSERT_TRUE(ApplyEvent(world, move));
    EXPECT_NEAR(world.nearby.position(static_cast<std::uint32_t>(far)).x, world.resources[far].position.x, 1e-9);
    const std::vector<DispatchCandidate> ranked = RankCandidates(world, *c);
    const auto first = std::find_if(ranked.begin(), ranked.end(), [](const DispatchCandidate& d) { return !d.own_worker; });
    ASSERT_NE(first, ranked.end());
    EXPECT_EQ(first->resource, far);
    EXPECT_NEAR(first->distance_m, 5.0, 1e-3);
}

TEST(Dispatch, FormatsEtas) {
    EXPECT_EQ(FormatEta(20), "< 1 min");
    EXPECT_EQ(FormatEta(6 * 60 + 10), "6 min");
    EXPECT_EQ(FormatEta(65 * 60), "1 h 05 min");
}

}  // namespace
}  // namespace gridlink
