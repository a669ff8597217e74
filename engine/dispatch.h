// Flattened dispatch (扁平化): who can go to an incident, ranked. The responsible grid's own worker first,
// then the nearest free resources (a k-nearest query on World::nearby), by road distance and estimated
// time when the workspace has roads (a bounded estimate from the straight line where they do not cover
// the trip), by straight line otherwise; and every free volunteer within a radius for one-click summon
// (一键召唤).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "incident.h"
#include "road_network.h"
#include "world.h"

namespace gridlink {

struct DispatchCandidate {
    std::size_t resource = 0;  // index into World::resources
    double distance_m = 0;     // straight line to the incident
    double road_m = -1;        // along roads (with the off-road legs) when eta_s comes from them, else -1
    double eta_s = 0;          // ArrivalOf
    bool uncovered = false;    // ArrivalOf: the workspace's roads do not cover this trip; eta_s is bounded
    bool own_worker = false;   // a grid worker whose home grid is the incident's grid or one of its ancestors
    bool free = false;         // IsSendable: a dispatch would be accepted
};

struct DispatchOptions {
    std::size_t nearest = 8;  // free resources offered after the own worker
    // Straight-line candidates whose road distance is computed before the best `nearest` by ETA are kept:
    // a resource close as the crow flies may be far by road (across a river).
    std::size_t pool = 24;
};

// Without roads, a straight line is this much shorter than the way there (the usual urban detour index).
inline constexpr double kDetour = 1.3;
// The road network covers a trip when both ends lie within kMaxOffRoadM of a road and the road route is at
// most kMaxDetourRatio x the straight line + kDetourSlackM (a bridge or two away, not a detour round a
// gap in the roads layer).
inline constexpr double kMaxOffRoadM = 500;
inline constexpr double kMaxDetourRatio = 3;
inline constexpr double kDetourSlackM = 2000;

// The ranked candidates for `incident`: own grid workers first (free or not, so the dispatcher sees why
// not), then up to options.nearest free resources by ETA. Uses world.nearby (IndexResources) and
// world.road_network (IndexRoads) when present.
std::vector<DispatchCandidate> RankCandidates(const World& world, const Incident& incident,
                                              const DispatchOptions& options = {});

// How far and how long a resource of `kind` has to go, the one rule for the ranking and the map's labels:
// - no roads in the workspace (`road` empty): the straight line x kDetour at TravelSpeedKmh(kind);
// - the road network covers the trip (see kMaxOffRoadM): the road route at TravelSpeedKmh(kind);
// - it does not (unreachable, an end far from any road, or a route absurdly longer than the straight
//   line): `uncovered`, and a bounded estimate, the straight line x kDetour at OffRoadSpeedKmh(kind), or
//   the road route with its off-road legs at that speed when that is sooner. Never longer than the
//   straight line at the off-road speed, however far the roads.
struct Arrival {
    double seconds = 0;
    double metres = 0;       // along roads when by_road, else the straight line
    bool by_road = false;    // seconds come from the road route
    bool uncovered = false;  // the workspace has roads, but they do not cover this trip
};
Arrival ArrivalOf(ResourceKind kind, double straight_m, const std::optional<RoadTrip>& road);
// The arrival of `resource` at `to`: one road search when the workspace has roads.
Arrival EstimateArrival(const World& world, const Resource& resource, Vec2 to);

// The one-click summon's radius unless a dispatcher sets another: the panel's default and the simulator's.
inline constexpr double kDefaultSummonRadiusM = 1000;

// Every free volunteer within radius_m of the incident who has not been summoned for it yet, nearest
// first: whom incident.summoned calls.
std::vector<std::size_t> SummonCandidates(const World& world, const Incident& incident, double radius_m);

// "6 min", "1 h 05 min", "< 1 min".
std::string FormatEta(double seconds);
// "850 m", "2.3 km".
std::string FormatMeters(double meters);
// The map's label for an arrival: "4 min · 1.0 km" (by road), "≈2 min · 229 m" where the roads do not cover
// the trip (the bounded estimate, with the straight line's length unless it still came from the roads).
std::string FormatArrival(const Arrival& arrival);

}  // namespace gridlink
