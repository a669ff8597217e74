// The road network as a graph, for dispatch: road-network distances and routes from an incident to its
// candidate responders (ranked by distance and ETA when the workspace has roads), built from un-noded road
// lines (T-junctions, near-duplicate vertices) as real data and the demo city's generator give them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "geometry.h"
#include "world.h"

namespace gridlink {

// Assumed average travel speed of a resource kind on the road network, for ETAs (ETA = road distance /
// speed): the kind's speed_kmh in kResourceKinds.
double TravelSpeedKmh(ResourceKind kind);
// Its speed where the road network has no road (lanes, yards and paths the roads layer leaves out), for
// bounded ETAs (ArrivalOf in dispatch.h): a patrol vehicle 15 km/h, a grid worker 10 km/h (e-bike on
// paths), everyone else on foot as on the roads (5 km/h); never faster than TravelSpeedKmh.
double OffRoadSpeedKmh(ResourceKind kind);

// Where a point joins the network: the nearest point on any road segment. `along_m` is measured from the
// edge's `from` node; `offroad_m` is the straight distance from the point to `at`.
struct RoadAnchor {
    std::uint32_t edge = 0;
    double along_m = 0;
    Vec2 at;
    double offroad_m = 0;
    bool valid = false;
};

// A road distance with the two off-road legs it includes (each point straight to where it joins the
// network), so that a caller can tell a route that starts far from any road.
struct RoadTrip {
    double metres = std::numeric_limits<double>::infinity();            // as distances(): infinity when unreachable
    double source_offroad_m = std::numeric_limits<double>::infinity();  // infinity: empty network
    double target_offroad_m = std::numeric_limits<double>::infinity();
};

// One undirected edge: a straight segment between two nodes, `length_m` = their distance. `road` is the
// index (in the span given to Build) of a road it came from.
struct RoadEdge {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    double length_m = 0;
    std::uint32_t road = 0;
};

namespace detail {
// Segments by the square grid cells they touch (every cell a segment passes through holds it).
struct SegmentGrid {
    Box box;
    double cell_m = 1;
    std::uint32_t cols = 0;
    std::uint32_t rows = 0;
    std::vector<std::uint32_t> start;  // cell c (row-major) holds items[start[c] .. start[c + 1])
    std::vector<std::uint32_t> items;
};
}  // namespace detail

class RoadNetwork {
  public:
    static constexpr double infinity = std::numeric_limits<double>::infinity();

    // Builds the graph: a node at every road vertex, vertices closer than snap_m merged, an endpoint
    // lying within snap_m of another road's segment splits that segment there (T-junctions), edges
    // weighted by length in metres, undirected.
    //
    // A T-junction splits the segment at the endpoint's foot on it, so no road is bent; an endpoint a few
    // centimetres off the segment joins that foot by a short connector edge of its true length.
    // Merging is greedy, not transitive: road endpoints are placed first, then the other vertices, each
    // joining the nearest node already placed within snap_m or making a new one; so a densely sampled
    // road keeps its shape (nodes about snap_m apart) instead of collapsing into one node. Roads that
    // cross without a shared vertex (within snap_m) stay unconnected: bridges and underpasses. Nodes are
    // numbered along a Z-order curve, so that a search touches nearby memory.
    static RoadNetwork Build(std::span<const Road> roads, double snap_m = 1.0);

    bool empty() const { return edges_.empty(); }
    std::size_t node_count() const { return nodes_.size(); }
    std::size_t edge_count() const { return edges_.size(); }
    Vec2 node(std::uint32_t i) const { return nodes_[i]; }
    const RoadEdge& edge(std::uint32_t i) const { return edges_[i]; }

    // Nearest point on the network (a segment grid index, exact nearest; ties go to the lower edge).
    // Invalid only when the network is empty.
    RoadAnchor anchor(Vec2 p) const;

    // Road distance from `source` to every target: off-road leg at the source (straight to its anchor)
    // + shortest path along roads between the anchors (both may be on the same edge) + off-road leg at the
    // target. One Dijkstra from the source that stops once every target is settled or the frontier
    // passes max_m; infinity where unreachable or beyond max_m. Thread-safe (scratch is per thread).
    std::vector<double> distances(Vec2 source, std::span<const Vec2> targets, double max_m = infinity) const;
    // distances() with each trip's off-road legs (the same search).
    std::vector<RoadTrip> trips(Vec2 source, std::span<const Vec2> targets, double max_m = infinity) const;

    // The route polyline from `from` to `to` (off-road legs included, so it starts at `from` and ends at
    // `to`; its length is distances(from, {to})), empty when unreachable.
    std::vector<Vec2> route(Vec2 from, Vec2 to) const;

  private:
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    struct Arc {  // one direction of an edge in the adjacency arrays
        std::uint32_t to;
        std::uint32_t edge;
        double length_m;
    };
    struct Target {  // a target's anchor, as the search sees it
        RoadAnchor anchor;
        double best = infinity;
        int settled_ends = 0;
        std::uint32_t via = kNone;  // the node the best path reached the target's edge through; kNone: same edge
        bool done = false;
    };
    struct Scratch;
    static Scratch& thread_scratch();

    // Dijkstra from `source` until every target is done or the frontier passes max_m; fills targets[i].best
    // and .via, and leaves each settled node's predecessor in the scratch (kNone: reached from the source).
    void search(const RoadAnchor& source, std::vector<Target>& targets, double max_m, Scratch& scratch) const;

    std::vector<Vec2> nodes_;
    std::vector<RoadEdge> edges_;
    std::vector<std::uint32_t> arc_start_;  // node i's arcs are arcs_[arc_start_[i] .. arc_start_[i + 1])
    std::vector<Arc> arcs_;
    detail::SegmentGrid grid_;
};

}  // namespace gridlink
