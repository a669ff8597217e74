// Benchmarks of the road network (make bench): road distances from an incident to 20 candidate responders
// on the district demo's roads, gridlink's early-stopping Dijkstra against Boost.Graph's dijkstra_shortest_paths
// (full single-source search, anchors by a Boost.Geometry R-tree) in the same binary and run; plus Build.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "data/demo_city.h"
#include "engine/dispatch.h"
#include "engine/road_network.h"

namespace gridlink {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// [SECTION] data: the district demo's roads and 1,000 queries

constexpr std::size_t kQueries = 1000;
constexpr std::size_t kTargets = 20;
constexpr double kTargetRadiusM = 3000;

struct Query {
    Vec2 source;
    std::vector<Vec2> targets;
};

struct Dataset {
    World world;
    RoadNetwork net;
    std::vector<Query> queries;
};

// Sources: a random unit grid's centre moved by ~50 m (an incident in the district); targets: uniform over
// the part of the 3 km disk around it that lies in the district (responders nearby, some far from a road).
const Dataset& District() {
    static const Dataset data = [] {
        Dataset d;
        auto world = GenerateDemoCity(DemoOptions{1, DemoScale::District});
        if (world) d.world = std::move(world.value());
        IndexGrids(d.world);
        d.net = RoadNetwork::Build(d.world.roads);
        std::mt19937_64 rng(7);
        std::normal_distribution<double> jitter(0, 50);
        std::uniform_real_distribution<double> unit(0, 1);
        const std::vector<std::size_t>& units = d.world.grids.at_level(5);
        for (std::size_t q = 0; q < kQueries && !units.empty(); ++q) {
            Query query;
            const Vec2 c = d.world.grids[units[rng() % units.size()]].bounds.center();
            query.source = {c.x + jitter(rng), c.y + jitter(rng)};
            while (query.targets.size() < kTargets) {
                const double r = kTargetRadiusM * std::sqrt(unit(rng)), angle = 2 * std::numbers::pi * unit(rng);
                const Vec2 p{query.source.x + r * std::cos(angle), query.source.y + r * std::sin(angle)};
                if (d.world.grid_index->locate(p).inside()) query.targets.push_back(p);
            }
            d.queries.push_back(std::move(query));
        }
        return d;
    }();
    return data;
}

void SetRate(benchmark::State& state, std::size_t queries) {
    state.counters["queries/s"] =
        benchmark::Counter(static_cast<double>(queries), benchmark::Counter::kIsIterationInvariantRate);
}

// [SECTION] Boost: adjacency_list + dijkstra_shortest_paths, R-tree of segments for the anchors

using BPoint = bg::model::d2::point_xy<double>;
using BSegment = bg::model::segment<BPoint>;
using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                     boost::property<boost::edge_weight_t, double>>;

struct BoostRoads {
    BGraph graph;
    bgi::rtree<std::pair<BSegment, std::uint32_t>, bgi::quadratic<16>> segments;
    const RoadNetwork* net = nullptr;

    explicit BoostRoads(const RoadNetwork& network) : graph(network.node_count()), net(&network) {
        std::vector<std::pair<BSegment, std::uint32_t>> items;
        for (std::uint32_t e = 0; e < network.edge_count(); ++e) {
            const RoadEdge& edge = network.edge(e);
            boost::add_edge(edge.from, edge.to, edge.length_m, graph);
            const Vec2 a = network.node(edge.from), b = network.node(edge.to);
            items.push_back({BSegment({a.x, a.y}, {b.x, b.y}), e});
        }
        segments = decltype(segments)(items.begin(), items.end());
    }

    // The nearest segment (R-tree nearest query), and where on it.
    RoadAnchor anchor(Vec2 p) const {
        RoadAnchor a;
        const auto hit = segments.qbegin(bgi::nearest(BPoint(p.x, p.y), 1));
        if (hit == segments.qend()) return a;
        const RoadEdge& edge = net->edge(hit->second);
        const Vec2 from = net->node(edge.from), d = net->node(edge.to) - from;
        const double dd = d.x * d.x + d.y * d.y;
        const double t = dd > 0 ? std::clamp(((p.x - from.x) * d.x + (p.y - from.y) * d.y) / dd, 0.0, 1.0) : 0.0;
        a.edge = hit->second;
        a.at = from + d * t;
        a.along_m = t * edge.length_m;
        a.offroad_m = std::hypot(p.x - a.at.x, p.y - a.at.y);
        a.valid = true;
        return a;
    }

    // Full single-source Dijkstra from the source's anchor (its edge's two ends as sources, at their
    // distances), then each target from its edge's ends; `dist` is scratch of node_count() entries.
    void distances(Vec2 source, const std::vector<Vec2>& targets, std::vector<double>& dist,
                   std::vector<double>& out) const {
        const double inf = std::numeric_limits<double>::infinity();
        const RoadAnchor s = anchor(source);
        const RoadEdge& se = net->edge(s.edge);
        std::fill(dist.begin(), dist.end(), inf);
        dist[se.from] = s.offroad_m + s.along_m;
        dist[se.to] = s.offroad_m + se.length_m - s.along_m;
        const std::size_t sources[] = {se.from, se.to};
        boost::dijkstra_shortest_paths_no_init(
            graph, std::begin(sources), std::end(sources), boost::dummy_property_map(),
            boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph)),
            boost::get(boost::edge_weight, graph), boost::get(boost::vertex_index, graph), std::less<double>(),
            boost::closed_plus<double>(), 0.0, boost::default_dijkstra_visitor());
        out.clear();
        for (Vec2 p : targets) {
            const RoadAnchor t = anchor(p);
            const RoadEdge& te = net->edge(t.edge);
            double best = std::min(dist[te.from] + t.along_m, dist[te.to] + te.length_m - t.along_m);
            if (t.edge == s.edge) best = std::min(best, s.offroad_m + std::abs(s.along_m - t.along_m));
            out.push_back(best + t.offroad_m);
        }
    }
};

// [SECTION] the benchmarks

void BM_RoadDistances_Gridlink(benchmark::State& state) {
    const Dataset& d = District();
    double sum = 0;
    for (auto _ : state) {
        for (const Query& q : d.queries) {
            const std::vector<double> out = d.net.distances(q.source, q.targets);
            sum += out[0];
        }
        benchmark::DoNotOptimize(sum);
    }
    SetRate(state, d.queries.size());
    state.counters["nodes"] = static_cast<double>(d.net.node_count());
    state.counters["edges"] = static_cast<double>(d.net.edge_count());
}
BENCHMARK(BM_RoadDistances_Gridlink)->Unit(benchmark::kMillisecond);

void BM_RoadDistances_BoostGraph(benchmark::State& state) {
    const Dataset& d = District();
    const BoostRoads boost_roads(d.net);
    std::vector<double> dist(d.net.node_count()), out;
    // Same answers as gridlink on the first queries (finite ones to 1e-6 relative, infinite ones alike).
    for (std::size_t q = 0; q < std::min<std::size_t>(50, d.queries.size()); ++q) {
        const std::vector<double> ours = d.net.distances(d.queries[q].source, d.queries[q].targets);
        boost_roads.distances(d.queries[q].source, d.queries[q].targets, dist, out);
        for (std::size_t i = 0; i < ours.size(); ++i) {
            const bool same =
                std::isinf(ours[i]) ? std::isinf(out[i]) : std::abs(ours[i] - out[i]) <= 1e-6 * std::max(1.0, ours[i]);
            if (!same) {
                state.SkipWithError("Boost.Graph and gridlink disagree");
                std::fprintf(stderr, "query %zu target %zu: gridlink %.9f, boost %.9f\n", q, i, ours[i], out[i]);
                return;
            }
        }
    }
    double sum = 0;
    for (auto _ : state) {
        for (const Query& q : d.queries) {
            boost_roads.distances(q.source, q.targets, dist, out);
            sum += out[0];
        }
        benchmark::DoNotOptimize(sum);
    }
    SetRate(state, d.queries.size());
}
BENCHMARK(BM_RoadDistances_BoostGraph)->Unit(benchmark::kMillisecond);

// Anchoring alone (21 points a query): gridlink's segment grid against the Boost.Geometry R-tree.
void BM_RoadAnchor_Gridlink(benchmark::State& state) {
    const Dataset& d = District();
    double sum = 0;
    for (auto _ : state) {
        for (const Query& q : d.queries) {
            sum += d.net.anchor(q.source).offroad_m;
            for (Vec2 p : q.targets) sum += d.net.anchor(p).offroad_m;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.counters["points/s"] = benchmark::Counter(static_cast<double>(d.queries.size() * (kTargets + 1)),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RoadAnchor_Gridlink)->Unit(benchmark::kMillisecond);

void BM_RoadAnchor_BoostRtree(benchmark::State& state) {
    const Dataset& d = District();
    const BoostRoads boost_roads(d.net);
    double sum = 0;
    for (auto _ : state) {
        for (const Query& q : d.queries) {
            sum += boost_roads.anchor(q.source).offroad_m;
            for (Vec2 p : q.targets) sum += boost_roads.anchor(p).offroad_m;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.counters["points/s"] = benchmark::Counter(static_cast<double>(d.queries.size() * (kTargets + 1)),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RoadAnchor_BoostRtree)->Unit(benchmark::kMillisecond);

// Building the network from the demo's road lines (snapping, T-junctions, adjacency, segment grid).
void BM_RoadNetwork_Build(benchmark::State& state) {
    const Dataset& d = District();
    std::size_t nodes = 0;
    for (auto _ : state) {
        const RoadNetwork net = RoadNetwork::Build(d.world.roads);
        nodes = net.node_count();
        benchmark::DoNotOptimize(nodes);
    }
    state.counters["roads"] = static_cast<double>(d.world.roads.size());
    state.counters["nodes"] = static_cast<double>(nodes);
}
BENCHMARK(BM_RoadNetwork_Build)->Unit(benchmark::kMillisecond);

// The whole ranking a dispatcher's click asks for (engine/dispatch.h): the own grid's worker, the 24 nearest
// free resources, one road search to all of them, ETA by kind, on the district demo's 6,433 resources.
void BM_RankCandidates_District(benchmark::State& state) {
    static World world = [] {
        World w = District().world;
        IndexResources(w);
        IndexRoads(w);
        return w;
    }();
    std::vector<Incident> incidents;
    for (const Query& q : District().queries) {
        Incident c;
        c.position = q.source;
        const GridHit hit = world.grid_index->locate(q.source);
        c.grid = hit.grid;
        c.nearest_grid = hit.nearest;
        incidents.push_back(std::move(c));
    }
    std::size_t listed = 0;
    for (auto _ : state) {
        for (const Incident& c : incidents) {
            const std::vector<DispatchCandidate> ranked = RankCandidates(world, c);
            listed += ranked.size();
            benchmark::DoNotOptimize(ranked.data());
        }
    }
    SetRate(state, incidents.size());
    state.counters["listed"] = static_cast<double>(listed) / static_cast<double>(state.iterations() * incidents.size());
}
BENCHMARK(BM_RankCandidates_District)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridlink
