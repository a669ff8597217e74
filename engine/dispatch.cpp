// Candidate ranking for dispatch: the own grid's worker, then k-nearest free resources refined by road
// distance and ETA; the summon list.
#include "dispatch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "road_network.h"

namespace gridlink {

namespace {

double Straight(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Grid codes of the incident's grid and its ancestors, finest first.
std::vector<std::string> ResponsibleCodes(const World& world, const Incident& incident) {
    std::vector<std::string> codes;
    const std::int64_t grid = incident.grid >= 0 ? incident.grid : incident.nearest_grid;
    if (grid < 0 || static_cast<std::size_t>(grid) >= world.grids.size()) return codes;
    for (std::size_t g : world.grids.ancestry(static_cast<std::size_t>(grid))) codes.push_back(world.grids[g].code);
    return codes;
}

}  // namespace

Arrival ArrivalOf(ResourceKind kind, double straight_m, const std::optional<RoadTrip>& road) {
    const double speed = TravelSpeedKmh(kind) / 3.6;  // m/s
    Arrival a;
    a.metres = straight_m;
    if (!road) {
        a.seconds = straight_m * kDetour / speed;
        return a;
    }
    const bool reached = std::isfinite(road->metres);
    if (reached && road->source_offroad_m <= kMaxOffRoadM && road->target_offroad_m <= kMaxOffRoadM &&
        road->metres <= kMaxDetourRatio * straight_m + kDetourSlackM) {
        a.by_road = true;
        a.metres = road->metres;
        a.seconds = road->metres / speed;
        return a;
    }
    const double offroad_speed = OffRoadSpeedKmh(kind) / 3.6;
    a.uncovered = true;
    a.seconds = straight_m * kDetour / offroad_speed;
    if (reached) {
        const double legs = road->source_offroad_m + road->target_offroad_m;
        const double seconds = (road->metres - legs) / speed + legs / offroad_speed;
        if (seconds < a.seconds) {
            a.by_road = true;
            a.metres = road->metres;
            a.seconds = seconds;
        }
    }
    return a;
}

Arrival EstimateArrival(const World& world, const Resource& resource, Vec2 to) {
    std::optional<RoadTrip> road;
    if (world.road_network && !world.road_network->empty()) {
        road = world.road_network->trips(to, std::span<const Vec2>(&resource.position, 1))[0];
    }
    return ArrivalOf(resource.kind, Straight(resource.position, to), road);
}

std::vector<DispatchCandidate> RankCandidates(const World& world, const Incident& incident,
                                              const DispatchOptions& options) {
    std::vector<DispatchCandidate> out;
    const Vec2 at = incident.position;
    auto candidate = [&](std::size_t i) {
        const Resource& r = world.resources[i];
        DispatchCandidate c;
        c.resource = i;
        c.distance_m = Straight(r.position, at);
        c.free = IsSendable(r);
        return c;
    };

    // 1. The responsible grid's own worker(s): the finest grid that has one.
    for (const std::string& code : ResponsibleCodes(world, incident)) {
        for (std::size_t i : world.workers_of(code)) {
            DispatchCandidate c = candidate(i);
            c.own_worker = true;
            out.push_back(c);
        }
        if (!out.empty()) break;
    }
    const std::size_t own = out.size();

    // 2. The nearest free resources by straight line: a pool for the road search.
    std::vector<std::size_t> pool;
    auto accept = [&](std::uint32_t item) {
        const Resource& r = world.resources[item];
        if (!IsSendable(r)) return false;
        for (std::size_t k = 0; k < own; ++k) {
            if (out[k].resource == item) return false;
        }
        return true;
    };
    const bool roads = world.road_network && !world.road_network->empty();
    const std::size_t wanted = roads ? std::max(options.pool, options.nearest) : options.nearest;
    if (world.nearby.size() == world.resources.size()) {
        std::vector<Neighbor> found;
        world.nearby.nearest(at, wanted, accept, found);
        for (const Neighbor& n : found) pool.push_back(n.item);
    } else {  // not indexed (a World being built): the same answer by a scan
        std::vector<std::pair<double, std::size_t>> all;
        for (std::size_t i = 0; i < world.resources.size(); ++i) {
            if (accept(static_cast<std::uint32_t>(i))) all.push_back({Straight(world.resources[i].position, at), i});
        }
        std::sort(all.begin(), all.end());
        for (std::size_t k = 0; k < all.size() && k < wanted; ++k) pool.push_back(all[k].second);
    }
    for (std::size_t i : pool) out.push_back(candidate(i));

    // 3. Road distance and ETA for everyone listed: one shortest-path search from the incident.
    std::vector<RoadTrip> trips;
    if (roads) {
        std::vector<Vec2> targets;
        for (const DispatchCandidate& c : out) targets.push_back(world.resources[c.resource].position);
        trips = world.road_network->trips(at, targets);
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::optional<RoadTrip> road = roads ? std::optional<RoadTrip>(trips[k]) : std::nullopt;
        const Arrival a = ArrivalOf(world.resources[out[k].resource].kind, out[k].distance_m, road);
        out[k].road_m = a.by_road ? a.metres : -1;
        out[k].eta_s = a.seconds;
        out[k].uncovered = a.uncovered;
    }
    auto sooner = [](const DispatchCandidate& a, const DispatchCandidate& b) {
        if (a.eta_s != b.eta_s) return a.eta_s < b.eta_s;
        return a.resource < b.resource;
    };
    std::sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(own), sooner);
    if (roads) {
        std::sort(out.begin() + static_cast<std::ptrdiff_t>(own), out.end(), sooner);
    }  // without roads the pool is already nearest first, which is soonest first within a kind
    if (out.size() > own + options.nearest) out.resize(own + options.nearest);
    return out;
}

std::vector<std::size_t> SummonCandidates(const World& world, const Incident& incident, double radius_m) {
    std::vector<std::size_t> out;
    auto accept = [&](std::uint32_t item) {
        const Resource& r = world.resources[item];
        return r.kind == ResourceKind::kVolunteer && IsSendable(r) &&
               std::find(incident.summoned.begin(), incident.summoned.end(), r.id) == incident.summoned.end();
    };
    if (world.nearby.size() == world.resources.size()) {
        std::vector<Neighbor> found;
        world.nearby.within(incident.position, radius_m, accept, found);
        for (const Neighbor& n : found) out.push_back(n.item);
        return out;
    }
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        const double d = Straight(world.resources[i].position, incident.position);
        if (d <= radius_m && accept(static_cast<std::uint32_t>(i))) all.push_back({d, i});
    }
    std::sort(all.begin(), all.end());
    for (const auto& [d, i] : all) out.push_back(i);
    return out;
}

std::string FormatMeters(double meters) {
    char text[32];
    if (meters >= 1000) {
        std::snprintf(text, sizeof text, "%.1f km", meters / 1000);
    } else {
        std::snprintf(text, sizeof text, "%.0f m", meters);
    }
    return text;
}

std::string FormatArrival(const Arrival& arrival) {
    return (arrival.uncovered ? "≈" : "") + FormatEta(arrival.seconds) + " · " + FormatMeters(arrival.metres);
}

std::string FormatEta(double seconds) {
    if (!std::isfinite(seconds)) return "-";
    const long minutes = std::lround(seconds / 60);
    char text[32];
    if (seconds < 60) return "< 1 min";
    if (minutes < 60) {
        std::snprintf(text, sizeof text, "%ld min", minutes);
    } else {
        std::snprintf(text, sizeof text, "%ld h %02ld min", minutes / 60, minutes % 60);
    }
    return text;
}

}  // namespace gridlink
