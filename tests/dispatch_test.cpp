// Flattened dispatch: candidate ranking (own grid worker first, then nearest free by ETA) against brute
// force, the arrival rule (road route where the roads cover the trip, a bounded estimate from the straight
// line where they do not) on its own and on workspaces with a gap in their roads, the summon list, the
// events a dispatch click sends and that the feed's rules accept exactly the candidates shown as free,
// and the index following live moves.
#include "engine/dispatch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

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
            EXPECT_FALSE(d.uncovered) << "without roads there is nothing to cover";
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
    int checked = 0, reordered = 0, by_road = 0, uncovered = 0, listed = 0;
    for (const Incident& c : world.incidents.cases) {
        if (!IsOpen(c.state)) continue;
        const DispatchOptions options{6, 20};
        const std::vector<DispatchCandidate> ranked = RankCandidates(world, c, options);
        std::size_t own = 0;
        while (own < ranked.size() && ranked[own].own_worker) ++own;
        std::vector<std::string> own_ids;
        for (std::size_t k = 0; k < own; ++k) own_ids.push_back(world.resources[ranked[k].resource].id);
        // The pool: the 20 nearest free by straight line; each one's ETA by ArrivalOf on an independent road
        // search (distances) and anchoring (the off-road legs).
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
            const RoadTrip trip{world.road_network->distances(c.position, std::span<const Vec2>(&r.position, 1))[0],
                                world.road_network->anchor(c.position).offroad_m,
                                world.road_network->anchor(r.position).offroad_m};
            by_eta.push_back({ArrivalOf(r.kind, d, trip).seconds, i});
        }
        std::sort(by_eta.begin(), by_eta.end());
        ASSERT_EQ(ranked.size() - own, std::min<std::size_t>(6, by_eta.size()));
        for (std::size_t j = 0; own + j < ranked.size(); ++j) {
            EXPECT_EQ(ranked[own + j].resource, by_eta[j].second) << c.id;
            EXPECT_NEAR(ranked[own + j].eta_s, by_eta[j].first, 1e-6 * std::max(1.0, by_eta[j].first));
            by_road += ranked[own + j].road_m >= 0;
            uncovered += ranked[own + j].uncovered;
            ++listed;
            // The map's label for the same trip: the same rule, the same answer.
            const Resource& r = world.resources[ranked[own + j].resource];
            const Arrival label = EstimateArrival(world, r, c.position);
            EXPECT_NEAR(label.seconds, ranked[own + j].eta_s, 1e-6 * std::max(1.0, label.seconds));
            EXPECT_EQ(label.uncovered, ranked[own + j].uncovered);
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
    EXPECT_LT(uncovered, listed / 10) << "the demo's roads cover most trips";
    std::printf("small demo: %d of %d candidates by road, %d not covered by the roads\n", by_road, listed, uncovered);
}

// [SECTION] the arrival rule

TEST(Dispatch, ArrivalOfTakesTheRoadRouteOnlyWhereTheRoadsCoverTheTrip) {
    const double worker = TravelSpeedKmh(ResourceKind::kGridWorker) / 3.6,
                 worker_off = OffRoadSpeedKmh(ResourceKind::kGridWorker) / 3.6;
    const double car = TravelSpeedKmh(ResourceKind::kPatrolVehicle) / 3.6,
                 car_off = OffRoadSpeedKmh(ResourceKind::kPatrolVehicle) / 3.6;
    EXPECT_LT(worker_off, worker);
    EXPECT_LT(car_off, car);
    // No roads in the workspace: the straight line x kDetour at the kind's road speed, nothing uncovered.
    Arrival a = ArrivalOf(ResourceKind::kGridWorker, 1000, std::nullopt);
    EXPECT_FALSE(a.by_road);
    EXPECT_FALSE(a.uncovered);
    EXPECT_DOUBLE_EQ(a.seconds, 1000 * kDetour / worker);
    EXPECT_DOUBLE_EQ(a.metres, 1000);
    // Covered: both ends near a road, a plausible route (a bridge away: 3x the straight line + 1 km).
    a = ArrivalOf(ResourceKind::kGridWorker, 1000, RoadTrip{4000, 120, 80});
    EXPECT_TRUE(a.by_road);
    EXPECT_FALSE(a.uncovered);
    EXPECT_DOUBLE_EQ(a.metres, 4000);
    EXPECT_DOUBLE_EQ(a.seconds, 4000 / worker);
    EXPECT_EQ(FormatArrival(a), "16 min · 4.0 km");
    // The case: 229 m apart, both kilometres from the roads, 9.9 km by road: a few minutes.
    a = ArrivalOf(ResourceKind::kGridWorker, 229, RoadTrip{9900, 4800, 4900});
    EXPECT_TRUE(a.uncovered);
    EXPECT_FALSE(a.by_road);
    EXPECT_DOUBLE_EQ(a.metres, 229);
    EXPECT_DOUBLE_EQ(a.seconds, 229 * kDetour / worker_off);
    EXPECT_EQ(FormatEta(a.seconds), "2 min");
    EXPECT_EQ(FormatArrival(a), "≈2 min · 229 m") << "the map's label: marked, with the straight line";
    // A route far longer than the straight line, though both ends are on roads (a gap in the roads layer).
    a = ArrivalOf(ResourceKind::kPatrolVehicle, 400, RoadTrip{kMaxDetourRatio * 400 + kDetourSlackM + 1, 5, 5});
    EXPECT_TRUE(a.uncovered);
    EXPECT_DOUBLE_EQ(a.seconds, 400 * kDetour / car_off);
    a = ArrivalOf(ResourceKind::kPatrolVehicle, 400, RoadTrip{kMaxDetourRatio * 400 + kDetourSlackM, 5, 5});
    EXPECT_FALSE(a.uncovered) << "the limit itself is still a road route";
    // Unreachable (another component of the graph).
    a = ArrivalOf(ResourceKind::kVolunteer, 300, RoadTrip{std::numeric_limits<double>::infinity(), 10, 10});
    EXPECT_TRUE(a.uncovered);
    EXPECT_DOUBLE_EQ(a.seconds, 300 * kDetour / (OffRoadSpeedKmh(ResourceKind::kVolunteer) / 3.6));
    // Far from a road but far away too: the road route with its off-road legs at the off-road speed when
    // that is sooner than the straight line at the off-road speed.
    a = ArrivalOf(ResourceKind::kPatrolVehicle, 10000, RoadTrip{11200, 600, 100});
    EXPECT_TRUE(a.uncovered);
    EXPECT_TRUE(a.by_road);
    EXPECT_DOUBLE_EQ(a.metres, 11200);
    EXPECT_DOUBLE_EQ(a.seconds, (11200 - 700) / car + 700 / car_off);
    // Whatever the roads say, an uncovered trip never takes longer than the straight line at the off-road
    // speed, and a covered one never more than the detour limit at the road speed.
    for (double straight : {0.0, 50.0, 229.0, 660.0, 3000.0, 20000.0}) {
        for (double road :
             {straight, straight * 2 + 300, straight * 5 + 3000, 1e7, std::numeric_limits<double>::infinity()}) {
            for (double leg : {0.0, 300.0, 499.0, 501.0, 7000.0}) {
                for (int k = 0; k < kResourceKindCount; ++k) {
                    const ResourceKind kind = static_cast<ResourceKind>(k);
                    const Arrival b = ArrivalOf(kind, straight, RoadTrip{road, leg, 20});
                    const double bound =
                        b.uncovered ? straight * kDetour / (OffRoadSpeedKmh(kind) / 3.6)
                                    : (kMaxDetourRatio * straight + kDetourSlackM) / (TravelSpeedKmh(kind) / 3.6);
                    EXPECT_LE(b.seconds, bound * (1 + 1e-12))
                        << CodeOf(kind) << " " << straight << " " << road << " " << leg;
                    EXPECT_EQ(b.uncovered, !(std::isfinite(road) && leg <= kMaxOffRoadM &&
                                             road <= kMaxDetourRatio * straight + kDetourSlackM));
                }
            }
        }
    }
}

// A workspace of its own: a lattice of streets every `spacing` metres over [0, size]^2, one road per block
// side (so that crossings are junctions), none inside `gap` (the roads layer has nothing there; its edges
// on the lattice are streets), no grids.
World LatticeWorld(double size, double spacing, const Box& gap) {
    World world;
    const int n = static_cast<int>(std::lround(size / spacing));
    for (int i = 0; i <= n; ++i) {
        for (int j = 0; j < n; ++j) {
            const double fixed = i * spacing, a = j * spacing, b = (j + 1) * spacing;
            const bool x_inside =
                fixed > gap.min_x && fixed<gap.max_x, y_inside = fixed> gap.min_y && fixed < gap.max_y;
            // Along x at y = fixed, and along y at x = fixed.
            if (!(y_inside && a >= gap.min_x && b <= gap.max_x))
                world.roads.push_back({"secondary", "", {{a, fixed}, {b, fixed}}});
            if (!(x_inside && a >= gap.min_y && b <= gap.max_y))
                world.roads.push_back({"secondary", "", {{fixed, a}, {fixed, b}}});
        }
    }
    IndexRoads(world);
    return world;
}

void AddResource(World& world, const std::string& id, ResourceKind kind, Vec2 at) {
    Resource r;
    r.id = id;
    r.kind = kind;
    r.name = id;
    r.status = ResourceStatus::kAvailable;
    r.position = at;
    world.resources.push_back(r);
}

Incident CaseAt(Vec2 at) {
    Incident c;
    c.id = "GAP";
    c.position = at;
    c.state = CaseState::kRegistered;
    return c;
}

TEST(Dispatch, AGapInTheRoadsGivesBoundedEtasNotDetours) {
    // 8 km x 8 km of streets 200 m apart with a 3 km x 3 km hole in the middle: the case and a grid worker
    // 229 m from it are 1.5 km from the nearest road, as in 园岩社区 before the demo had roads there.
    const Box gap{2400, 2400, 5600, 5600};
    World world = LatticeWorld(8000, 200, gap);
    const Vec2 at{3900, 4000};
    AddResource(world, "W-near", ResourceKind::kGridWorker, {3900 + 229, 4000});
    AddResource(world, "P-road", ResourceKind::kPatrolVehicle, {1000, 4000});  // on a street, 2.9 km west
    AddResource(world, "V-road", ResourceKind::kVolunteer, {2000, 3000});      // on a street west of the gap
    IndexResources(world);
    const std::vector<DispatchCandidate> ranked = RankCandidates(world, CaseAt(at));
    ASSERT_EQ(ranked.size(), 3u);
    // The worker 229 m away first, a few minutes away, not 1.3 km + 1.3 km + a detour by road.
    const DispatchCandidate& first = ranked[0];
    EXPECT_EQ(world.resources[first.resource].id, "W-near");
    EXPECT_TRUE(first.uncovered);
    EXPECT_LT(first.road_m, 0);
    EXPECT_NEAR(first.eta_s, 229 * kDetour / (OffRoadSpeedKmh(ResourceKind::kGridWorker) / 3.6), 1e-9);
    EXPECT_LT(first.eta_s, 5 * 60);
    const double by_road =
        world.road_network->distances(at, std::span<const Vec2>(&world.resources[first.resource].position, 1))[0];
    EXPECT_GT(by_road, 2500) << "the road route the old rule used: both legs to the gap's edge";
    // The case is 1.5 km from any road: no candidate's ETA comes from the roads as if it were covered.
    for (const DispatchCandidate& c : ranked) {
        EXPECT_TRUE(c.uncovered) << world.resources[c.resource].id;
        const Resource& r = world.resources[c.resource];
        EXPECT_LE(c.eta_s, c.distance_m * kDetour / (OffRoadSpeedKmh(r.kind) / 3.6) + 1e-9) << r.id;
        // The map's label says the same.
        const Arrival label = EstimateArrival(world, r, at);
        EXPECT_TRUE(label.uncovered);
        EXPECT_DOUBLE_EQ(label.seconds, c.eta_s);
    }
    // The vehicle 2.9 km west on a street: the road route with its 1.5 km off-road leg at the off-road speed
    // is sooner than the straight line at that speed, and is what it shows.
    const auto vehicle = std::find_if(ranked.begin(), ranked.end(), [&](const DispatchCandidate& c) {
        return world.resources[c.resource].id == "P-road";
    });
    ASSERT_NE(vehicle, ranked.end());
    EXPECT_NEAR(vehicle->road_m, 2900, 1e-6);
    EXPECT_NEAR(vehicle->eta_s,
                1400 / (TravelSpeedKmh(ResourceKind::kPatrolVehicle) / 3.6) +
                    1500 / (OffRoadSpeedKmh(ResourceKind::kPatrolVehicle) / 3.6),
                1e-6);
    EXPECT_LT(vehicle->eta_s, vehicle->distance_m * kDetour / (OffRoadSpeedKmh(ResourceKind::kPatrolVehicle) / 3.6));

    // Outside the gap everything is covered: the same workspace, a case on the streets in the north-west.
    const Vec2 covered{930, 7120};
    AddResource(world, "W-nw", ResourceKind::kGridWorker, {1300, 7300});
    IndexResources(world);
    const std::vector<DispatchCandidate> north = RankCandidates(world, CaseAt(covered));
    const auto worker = std::find_if(north.begin(), north.end(), [&](const DispatchCandidate& c) {
        return world.resources[c.resource].id == "W-nw";
    });
    ASSERT_NE(worker, north.end());
    EXPECT_FALSE(worker->uncovered);
    const double road = world.road_network->distances(
        covered, std::span<const Vec2>(&world.resources[worker->resource].position, 1))[0];
    EXPECT_DOUBLE_EQ(worker->road_m, road);
    EXPECT_DOUBLE_EQ(worker->eta_s, road / (TravelSpeedKmh(ResourceKind::kGridWorker) / 3.6));
}

TEST(Dispatch, ARouteFarLongerThanTheStraightLineIsNotBelieved) {
    // Two blocks of streets 400 m apart across a strip with no road, joined by one bridge. Far from the
    // case (8 km) the bridge makes a route the roads layer cannot mean; close by (1 km) it is a real detour.
    for (const double bridge_y : {8000.0, 1000.0}) {
        World world;
        for (double y = 0; y <= 9000; y += 250) {
            world.roads.push_back({"secondary", "", {{0, y}, {1000, y}}});
            world.roads.push_back({"secondary", "", {{1400, y}, {2400, y}}});
        }
        for (double x : {0.0, 500.0, 1000.0, 1400.0, 1900.0, 2400.0})
            world.roads.push_back({"secondary", "", {{x, 0}, {x, 9000}}});
        world.roads.push_back({"arterial", "bridge", {{1000, bridge_y}, {1400, bridge_y}}});
        IndexRoads(world);
        AddResource(world, "W-across", ResourceKind::kGridWorker, {1400, 0});
        IndexResources(world);
        const Vec2 at{1000, 0};
        const std::vector<DispatchCandidate> ranked = RankCandidates(world, CaseAt(at));
        ASSERT_EQ(ranked.size(), 1u);
        const DispatchCandidate& c = ranked[0];
        const double road =
            world.road_network->distances(at, std::span<const Vec2>(&world.resources[0].position, 1))[0];
        EXPECT_NEAR(road, 400 + 2 * bridge_y, 1e-6);
        if (bridge_y > 5000) {
            EXPECT_TRUE(c.uncovered) << "16.4 km by road for 400 m";
            EXPECT_LT(c.road_m, 0);
            EXPECT_NEAR(c.eta_s, 400 * kDetour / (OffRoadSpeedKmh(ResourceKind::kGridWorker) / 3.6), 1e-9);
        } else {
            EXPECT_FALSE(c.uncovered) << "2.4 km by road for 400 m: a bridge away";
            EXPECT_DOUBLE_EQ(c.road_m, road);
            EXPECT_DOUBLE_EQ(c.eta_s, road / (TravelSpeedKmh(ResourceKind::kGridWorker) / 3.6));
        }
    }
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
            EXPECT_EQ(status.ok(), d.free)
                << c.id << " -> " << world.resources[d.resource].id << ": " << (status ? "" : status.error());
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
    const auto first =
        std::find_if(ranked.begin(), ranked.end(), [](const DispatchCandidate& d) { return !d.own_worker; });
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
