// Tests of the road network (engine/road_network.h): distances against a brute-force O(V^2) Dijkstra on an
// adjacency matrix built here from the same segments, T-junctions, snapping, cut-offs, routes, and how
// well the demo city's roads hang together as one network.
#include "engine/road_network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "data/demo_city.h"

namespace gridlink {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// [SECTION] brute force: its own anchoring and an O(V^2) Dijkstra over a dense matrix

double Dist(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

struct Segment {
    Vec2 a, b;
};

// Every segment of every road, with no snapping or splitting: only for roads whose junctions are shared
// vertices (exact equality).
std::vector<Segment> SegmentsOf(const std::vector<Road>& roads) {
    std::vector<Segment> out;
    for (const Road& r : roads) {
        for (std::size_t i = 1; i < r.line.size(); ++i) out.push_back({r.line[i - 1], r.line[i]});
    }
    return out;
}

struct BruteAnchor {
    std::size_t segment = 0;
    Vec2 at;
    double offroad = kInf;
};

BruteAnchor BruteNearest(const std::vector<Segment>& segments, Vec2 p) {
    BruteAnchor best;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const Vec2 a = segments[s].a, d = segments[s].b - segments[s].a;
        const double dd = d.x * d.x + d.y * d.y;
        const double t = dd > 0 ? std::clamp(((p.x - a.x) * d.x + (p.y - a.y) * d.y) / dd, 0.0, 1.0) : 0.0;
        const Vec2 at = a + d * t;
        const double off = Dist(p, at);
        if (off < best.offroad) best = {s, at, off};
    }
    return best;
}

// The road distance from p to q: vertices by exact coordinates, the two anchors added as extra vertices
// joined to their segment's ends (and to each other when on one segment), dense Dijkstra in O(V^2).
double BruteDistance(const std::vector<Segment>& segments, Vec2 p, Vec2 q) {
    std::map<std::pair<double, double>, std::size_t> index;
    std::vector<Vec2> vertices;
    auto vertex = [&](Vec2 v) {
        auto [it, added] = index.insert({{v.x, v.y}, vertices.size()});
        if (added) vertices.push_back(v);
        return it->second;
    };
    for (const Segment& s : segments) {
        vertex(s.a);
        vertex(s.b);
    }
    const BruteAnchor ap = BruteNearest(segments, p), aq = BruteNearest(segments, q);
    if (!std::isfinite(ap.offroad)) return kInf;
    const std::size_t n = vertices.size() + 2, source = n - 2, target = n - 1;
    std::vector<std::vector<double>> w(n, std::vector<double>(n, kInf));
    auto join = [&](std::size_t i, std::size_t j, double length) {
        w[i][j] = std::min(w[i][j], length);
        w[j][i] = std::min(w[j][i], length);
    };
    for (const Segment& s : segments) join(vertex(s.a), vertex(s.b), Dist(s.a, s.b));
    join(source, vertex(segments[ap.segment].a), Dist(ap.at, segments[ap.segment].a));
    join(source, vertex(segments[ap.segment].b), Dist(ap.at, segments[ap.segment].b));
    join(target, vertex(segments[aq.segment].a), Dist(aq.at, segments[aq.segment].a));
    join(target, vertex(segments[aq.segment].b), Dist(aq.at, segments[aq.segment].b));
    if (ap.segment == aq.segment) join(source, target, Dist(ap.at, aq.at));
    std::vector<double> dist(n, kInf);
    std::vector<bool> done(n, false);
    dist[source] = 0;
    for (std::size_t round = 0; round < n; ++round) {
        std::size_t u = n;
        for (std::size_t i = 0; i < n; ++i) {
            if (!done[i] && std::isfinite(dist[i]) && (u == n || dist[i] < dist[u])) u = i;
        }
        if (u == n) break;
        done[u] = true;
        for (std::size_t v = 0; v < n; ++v) dist[v] = std::min(dist[v], dist[u] + w[u][v]);
    }
    return std::isfinite(dist[target]) ? ap.offroad + dist[target] + aq.offroad : kInf;
}

double PolylineLength(const std::vector<Vec2>& line) {
    double length = 0;
    for (std::size_t i = 1; i < line.size(); ++i) length += Dist(line[i - 1], line[i]);
    return length;
}

void ExpectSameDistance(double expected, double actual, const char* what) {
    if (!std::isfinite(expected)) {
        EXPECT_EQ(actual, kInf) << what;
    } else {
        EXPECT_NEAR(actual, expected, 1e-7 * std::max(1.0, expected)) << what;
    }
}

// [SECTION] random grids of roads

// An n x n lattice (100 m spacing, each vertex jittered up to 25 m), every lattice edge present with
// probability `keep`; each row's and column's runs of present edges are roads (polylines through the
// lattice vertices, so crossings share vertices), now and then broken in two at a vertex.
std::vector<Road> RandomGrid(std::uint64_t seed, int n, double keep) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> jitter(-25, 25), unit(0, 1);
    std::vector<Vec2> lattice(static_cast<std::size_t>(n * n));
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i)
            lattice[static_cast<std::size_t>(j * n + i)] = {i * 100.0 + jitter(rng), j * 100.0 + jitter(rng)};
    }
    std::vector<Road> roads;
    for (int horizontal = 0; horizontal < 2; ++horizontal) {
        for (int line = 0; line < n; ++line) {
            auto at = [&](int k) {
                return lattice[static_cast<std::size_t>(horizontal ? line * n + k : k * n + line)];
            };
            LineString run;
            for (int k = 0; k + 1 < n; ++k) {
                const bool present = unit(rng) < keep;
                if (present) {
                    if (run.empty()) run.push_back(at(k));
                    run.push_back(at(k + 1));
                }
                const bool split = present && unit(rng) < 0.1;
                if ((!present || split || k + 2 == n) && run.size() >= 2) {
                    roads.push_back({"local", std::to_string(roads.size()), run});
                    run.clear();
                    if (split && k + 2 < n) run.push_back(at(k + 1));
                }
                if (!present) run.clear();
            }
        }
    }
    return roads;
}

std::vector<Vec2> RandomPoints(std::mt19937_64& rng, std::size_t count, double lo, double hi) {
    std::uniform_real_distribution<double> u(lo, hi);
    std::vector<Vec2> points;
    for (std::size_t i = 0; i < count; ++i) points.push_back({u(rng), u(rng)});
    return points;
}

// [SECTION] tests

TEST(RoadNetwork, TravelSpeedsPerKind) {
    EXPECT_EQ(TravelSpeedKmh(ResourceKind::kPatrolVehicle), 30);
    EXPECT_EQ(TravelSpeedKmh(ResourceKind::kGridWorker), 15);
    EXPECT_EQ(TravelSpeedKmh(ResourceKind::kVolunteer), 5);
    EXPECT_EQ(TravelSpeedKmh(ResourceKind::kServiceStation), 5);
    EXPECT_EQ(TravelSpeedKmh(ResourceKind::kCamera), 5);
    // Off the roads a vehicle and an e-bike are slower; everyone else walks, as on the roads.
    EXPECT_EQ(OffRoadSpeedKmh(ResourceKind::kPatrolVehicle), 15);
    EXPECT_EQ(OffRoadSpeedKmh(ResourceKind::kGridWorker), 10);
    EXPECT_EQ(OffRoadSpeedKmh(ResourceKind::kVolunteer), 5);
    for (int k = 0; k < kResourceKindCount; ++k) {
        const ResourceKind kind = static_cast<ResourceKind>(k);
        EXPECT_GT(OffRoadSpeedKmh(kind), 0) << CodeOf(kind);
        EXPECT_LE(OffRoadSpeedKmh(kind), TravelSpeedKmh(kind)) << CodeOf(kind);
    }
}

TEST(RoadNetwork, EmptyNetworkAnswersNothing) {
    const RoadNetwork net = RoadNetwork::Build({});
    EXPECT_TRUE(net.empty());
    EXPECT_EQ(net.node_count(), 0u);
    EXPECT_FALSE(net.anchor({1, 2}).valid);
    const std::vector<Vec2> targets = {{3, 4}};
    EXPECT_EQ(net.distances({0, 0}, targets)[0], kInf);
    EXPECT_TRUE(net.route({0, 0}, {3, 4}).empty());
    // A road of one vertex (or all its vertices snapped together) has no edge.
    const std::vector<Road> degenerate = {{"local", "dot", {{5, 5}}}, {"local", "tiny", {{0, 0}, {0.2, 0.1}}}};
    EXPECT_TRUE(RoadNetwork::Build(degenerate).empty());
}

TEST(RoadNetwork, AnchorIsTheExactNearestPoint) {
    for (std::uint64_t seed : {1, 2, 3}) {
        const std::vector<Road> roads = RandomGrid(seed, 9, 0.7);
        const std::vector<Segment> segments = SegmentsOf(roads);
        const RoadNetwork net = RoadNetwork::Build(roads);
        std::mt19937_64 rng(seed + 100);
        std::vector<Vec2> points = RandomPoints(rng, 400, -300, 1100);
        points.push_back({1e7, -3e6});  // far outside the grid
        for (Vec2 p : points) {
            const RoadAnchor a = net.anchor(p);
            ASSERT_TRUE(a.valid);
            const BruteAnchor b = BruteNearest(segments, p);
            EXPECT_NEAR(a.offroad_m, b.offroad, 1e-9 * std::max(1.0, b.offroad)) << p.x << "," << p.y;
            EXPECT_NEAR(Dist(a.at, p), a.offroad_m, 1e-9 * std::max(1.0, b.offroad));
            const RoadEdge& e = net.edge(a.edge);
            EXPECT_NEAR(Dist(net.node(e.from), a.at), a.along_m, 1e-6);
        }
    }
}

TEST(RoadNetwork, DistancesMatchBruteForceOnRandomGrids) {
    for (std::uint64_t seed : {1, 2, 3, 4, 5, 6}) {
        const double keep = seed % 2 ? 0.8 : 0.55;  // the sparser grids fall apart into components
        const std::vector<Road> roads = RandomGrid(seed, 8, keep);
        const std::vector<Segment> segments = SegmentsOf(roads);
        const RoadNetwork net = RoadNetwork::Build(roads);
        std::mt19937_64 rng(seed);
        const std::vector<Vec2> sources = RandomPoints(rng, 6, -150, 850);
        const std::vector<Vec2> targets = RandomPoints(rng, 20, -150, 850);
        std::size_t finite = 0, unreachable = 0;
        for (Vec2 s : sources) {
            const std::vector<double> got = net.distances(s, targets);
            ASSERT_EQ(got.size(), targets.size());
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const double expected = BruteDistance(segments, s, targets[i]);
                ExpectSameDistance(expected, got[i], "seed and target");
                (std::isfinite(expected) ? finite : unreachable) += 1;
            }
        }
        EXPECT_GT(finite, 0u) << "seed " << seed;
        if (seed == 2) {
            EXPECT_GT(unreachable, 0u) << "the sparse grid should have unreachable targets";
        }
    }
}

TEST(RoadNetwork, TripsAreTheDistancesWithTheirOffRoadLegs) {
    for (std::uint64_t seed : {1, 2}) {
        const std::vector<Road> roads = RandomGrid(seed, 8, seed % 2 ? 0.8 : 0.55);
        const std::vector<Segment> segments = SegmentsOf(roads);
        const RoadNetwork net = RoadNetwork::Build(roads);
        std::mt19937_64 rng(seed + 50);
        const std::vector<Vec2> sources = RandomPoints(rng, 5, -1500, 2300);  // some far off the grid
        const std::vector<Vec2> targets = RandomPoints(rng, 25, -1500, 2300);
        for (Vec2 s : sources) {
            const std::vector<RoadTrip> trips = net.trips(s, targets);
            const std::vector<double> distances = net.distances(s, targets);
            ASSERT_EQ(trips.size(), targets.size());
            for (std::size_t i = 0; i < targets.size(); ++i) {
                EXPECT_EQ(trips[i].metres, distances[i]);
                EXPECT_NEAR(trips[i].source_offroad_m, BruteNearest(segments, s).offroad,
                            1e-9 * std::max(1.0, trips[i].source_offroad_m));
                EXPECT_NEAR(trips[i].target_offroad_m, BruteNearest(segments, targets[i]).offroad,
                            1e-9 * std::max(1.0, trips[i].target_offroad_m));
                if (std::isfinite(trips[i].metres)) {
                    EXPECT_GE(trips[i].metres + 1e-9, trips[i].source_offroad_m + trips[i].target_offroad_m);
                }
            }
        }
    }
    // An empty network: no trip, no legs.
    const std::vector<Vec2> one = {{3, 4}};
    const RoadTrip none = RoadNetwork::Build({}).trips({0, 0}, one)[0];
    EXPECT_EQ(none.metres, kInf);
    EXPECT_EQ(none.source_offroad_m, kInf);
    EXPECT_EQ(none.target_offroad_m, kInf);
}

TEST(RoadNetwork, MaxDistanceCutsOffExactly) {
    const std::vector<Road> roads = RandomGrid(11, 8, 0.8);
    const std::vector<Segment> segments = SegmentsOf(roads);
    const RoadNetwork net = RoadNetwork::Build(roads);
    std::mt19937_64 rng(11);
    const std::vector<Vec2> targets = RandomPoints(rng, 30, -100, 800);
    const Vec2 source{350, 350};
    const std::vector<double> full = net.distances(source, targets);
    for (double max_m : {0.0, 150.0, 400.0, 700.0, 1200.0}) {
        const std::vector<double> cut = net.distances(source, targets, max_m);
        std::size_t kept = 0;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            ExpectSameDistance(BruteDistance(segments, source, targets[i]), full[i], "uncut");
            if (full[i] <= max_m) {
                EXPECT_NEAR(cut[i], full[i], 1e-9) << "max_m " << max_m;
                ++kept;
            } else {
                EXPECT_EQ(cut[i], kInf) << "max_m " << max_m << " full " << full[i];
            }
        }
        if (max_m == 700.0) {
            EXPECT_GT(kept, 0u);
            EXPECT_LT(kept, targets.size());
        }
    }
}

TEST(RoadNetwork, TJunctionConnectsMidSegment) {
    // Road "across" has no vertex at x = 40 or x = 70; "up" ends on it at x = 40, "down" 0.6 m short of it
    // at x = 70: both must join it there.
    const std::vector<Road> roads = {
        {"arterial", "across", {{0, 0}, {100, 0}}},
        {"secondary", "up", {{40, 0}, {40, 50}}},
        {"secondary", "down", {{70, -0.6}, {70, -80}}},
    };
    const RoadNetwork net = RoadNetwork::Build(roads, 1.0);
    // "across" split at (40, 0) and at (70, 0), the foot of "down"'s end, which a 0.6 m connector joins.
    EXPECT_EQ(net.node_count(), 7u);
    EXPECT_EQ(net.edge_count(), 6u);
    const std::vector<Vec2> targets = {{100, 0}, {0, 0}, {70, -80}};
    const std::vector<double> d = net.distances({40, 50}, targets);
    EXPECT_NEAR(d[0], 50 + 60, 1e-9);
    EXPECT_NEAR(d[1], 50 + 40, 1e-9);
    EXPECT_NEAR(d[2], 50 + 30 + 0.6 + 79.4, 1e-9);
    // Beyond snap_m the end stays a dead end: "down" is then its own component.
    const RoadNetwork loose = RoadNetwork::Build(roads, 0.5);
    EXPECT_EQ(loose.distances({40, 50}, targets)[2], kInf);
    EXPECT_NEAR(loose.distances({40, 50}, targets)[0], 110, 1e-9);
}

TEST(RoadNetwork, TJunctionOnALongPolyline) {
    // The side road ends on the middle of the second segment of a three-segment road.
    const std::vector<Road> roads = {
        {"arterial", "main", {{0, 0}, {100, 0}, {200, 100}, {300, 100}}},
        {"local", "side", {{150, 50}, {250, -50}}},
    };
    const RoadNetwork net = RoadNetwork::Build(roads);
    const std::vector<Vec2> targets = {{250, -50}};
    const std::vector<double> d = net.distances({0, 0}, targets);
    EXPECT_NEAR(d[0], 100 + std::hypot(50, 50) + std::hypot(100, 100), 1e-9);
    const std::vector<Vec2> route = net.route({0, 0}, {250, -50});
    ASSERT_EQ(route.size(), 4u);
    EXPECT_NEAR(route[2].x, 150, 1e-9);
    EXPECT_NEAR(route[2].y, 50, 1e-9);
}

TEST(RoadNetwork, NearDuplicateVerticesMerge) {
    // Two roads whose ends are 36 cm apart, a third crossing with a vertex 20 cm off the second's vertex.
    const std::vector<Road> roads = {
        {"local", "a", {{0, 0}, {50, 0}}},
        {"local", "b", {{50.3, 0.2}, {100, 0}, {150, 0}}},
        {"local", "c", {{100.2, -60}, {100.2, 0}, {100.2, 60}}},
    };
    const RoadNetwork net = RoadNetwork::Build(roads, 1.0);
    EXPECT_EQ(net.node_count(), 6u);
    const std::vector<Vec2> targets = {{150, 0}, {100.2, 60}};
    const std::vector<double> d = net.distances({0, 0}, targets);
    EXPECT_NEAR(d[0], 150, 0.1);
    EXPECT_NEAR(d[1], 160, 0.5);
    // With a 1 cm snap nothing merges: the roads are three components.
    const RoadNetwork exact = RoadNetwork::Build(roads, 0.01);
    EXPECT_EQ(exact.node_count(), 8u);
    const std::vector<double> e = exact.distances({0, 0}, targets);
    EXPECT_EQ(e[0], kInf);
    EXPECT_EQ(e[1], kInf);
}

TEST(RoadNetwork, DenselySampledRoadKeepsItsLength) {
    // Vertices every 30 cm: greedy snapping thins them to about one a metre but keeps the road.
    LineString line;
    for (int i = 0; i <= 1000; ++i) line.push_back({i * 0.3, 0});
    const std::vector<Road> roads = {{"local", "track", line}};
    const RoadNetwork net = RoadNetwork::Build(roads, 1.0);
    EXPECT_GT(net.node_count(), 200u);
    const std::vector<Vec2> targets = {{300, 0}};
    EXPECT_NEAR(net.distances({0, 0}, targets)[0], 300, 1e-6);
}

TEST(RoadNetwork, BothAnchorsOnOneEdge) {
    const std::vector<Road> roads = {
        {"local", "long", {{0, 0}, {100, 0}}},
        {"local", "loop", {{0, 0}, {0, 10}, {100, 10}, {100, 0}}},
    };
    const RoadNetwork net = RoadNetwork::Build(roads);
    const std::vector<Vec2> targets = {{70, -3}, {20, -5}, {90, -1}};
    const std::vector<double> d = net.distances({20, -5}, targets);
    EXPECT_NEAR(d[0], 5 + 50 + 3, 1e-9);
    EXPECT_NEAR(d[1], 10, 1e-9);  // the same point: off-road there and back
    EXPECT_NEAR(d[2], 5 + 70 + 1, 1e-9);
    const std::vector<Vec2> route = net.route({20, -5}, {70, -3});
    ASSERT_EQ(route.size(), 4u);
    EXPECT_NEAR(PolylineLength(route), d[0], 1e-9);
}

TEST(RoadNetwork, UnreachableComponentsAreInfinite) {
    const std::vector<Road> roads = {
        {"local", "west", {{0, 0}, {100, 0}, {100, 100}}},
        {"local", "east", {{500, 0}, {600, 0}}},
    };
    const RoadNetwork net = RoadNetwork::Build(roads);
    const std::vector<Vec2> targets = {{550, 10}, {100, 50}, {600, 0}};
    const std::vector<double> d = net.distances({0, 5}, targets);
    EXPECT_EQ(d[0], kInf);
    EXPECT_NEAR(d[1], 5 + 150, 1e-9);
    EXPECT_EQ(d[2], kInf);
    EXPECT_TRUE(net.route({0, 5}, {550, 10}).empty());
}

TEST(RoadNetwork, RouteLengthEqualsDistanceAndEndsAtThePoints) {
    for (std::uint64_t seed : {1, 3, 5}) {
        const std::vector<Road> roads = RandomGrid(seed, 8, 0.8);
        const RoadNetwork net = RoadNetwork::Build(roads);
        std::mt19937_64 rng(seed + 7);
        const std::vector<Vec2> points = RandomPoints(rng, 20, -100, 800);
        std::size_t routes = 0;
        for (std::size_t i = 0; i + 1 < points.size(); ++i) {
            const Vec2 from = points[i], to = points[i + 1];
            const std::vector<Vec2> targets = {to};
            const double d = net.distances(from, targets)[0];
            const std::vector<Vec2> route = net.route(from, to);
            if (!std::isfinite(d)) {
                EXPECT_TRUE(route.empty());
                continue;
            }
            ASSERT_GE(route.size(), 2u);
            EXPECT_EQ(route.front(), from);
            EXPECT_EQ(route.back(), to);
            EXPECT_NEAR(PolylineLength(route), d, 1e-7 * std::max(1.0, d));
            ++routes;
        }
        EXPECT_GT(routes, 10u);
    }
}

// Fraction of nodes in the largest connected component (and of road length, when `length` is given).
double LargestComponentFraction(const RoadNetwork& net, std::size_t* components, double* length = nullptr) {
    std::vector<std::uint32_t> parent(net.node_count());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) parent[find(net.edge(e).from)] = find(net.edge(e).to);
    std::map<std::uint32_t, std::size_t> sizes;
    for (std::uint32_t n = 0; n < net.node_count(); ++n) ++sizes[find(n)];
    std::size_t largest = 0;
    std::uint32_t largest_root = 0;
    for (const auto& [root, size] : sizes) {
        if (size > largest) {
            largest = size;
            largest_root = root;
        }
    }
    *components = sizes.size();
    if (length) {
        double total = 0, in_largest = 0;
        for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
            total += net.edge(e).length_m;
            if (find(net.edge(e).from) == largest_root) in_largest += net.edge(e).length_m;
        }
        *length = total > 0 ? in_largest / total : 0;
    }
    return static_cast<double>(largest) / static_cast<double>(std::max<std::size_t>(1, net.node_count()));
}

TEST(RoadNetwork, DemoCityIsMostlyOneComponent) {
    Result<World> world = GenerateDemoCity(DemoOptions{1, DemoScale::Small});
    ASSERT_TRUE(world) << world.error();
    const std::vector<Road>& roads = world->roads;
    ASSERT_FALSE(roads.empty());
    const RoadNetwork net = RoadNetwork::Build(roads);
    std::size_t components = 0;
    double length_fraction = 0;
    const double fraction = LargestComponentFraction(net, &components, &length_fraction);
    std::printf(
        "demo small: %zu roads, %zu nodes, %zu edges, %zu components; the largest holds %.4f of the nodes, "
        "%.4f of the road length\n",
        roads.size(), net.node_count(), net.edge_count(), components, fraction, length_fraction);
    RecordProperty("largest_component_fraction", std::to_string(fraction));
    // The generator links every piece of its roads to the rest (a rim grid's roads, the part of 横塘街道
    // beyond a neck whose sides are the district's outline), so that every road reaches every other.
    EXPECT_EQ(components, 1u);
    EXPECT_GT(fraction, 0.95);
    EXPECT_GT(length_fraction, 0.95);
    // Without snapping or T-junctions (snap 0 joins only identical vertices) the network falls apart more.
    std::size_t exact_components = 0;
    const double exact_fraction = LargestComponentFraction(RoadNetwork::Build(roads, 0.0), &exact_components);
    std::printf("demo small, snap 0: %zu components, largest holds %.4f of nodes\n", exact_components, exact_fraction);
    EXPECT_GE(fraction, exact_fraction);
    // Road distances are never shorter than straight lines, and mostly finite between grid centres.
    std::vector<Vec2> centres;
    for (std::size_t i : world->grids.at_level(5)) centres.push_back(world->grids[i].bounds.center());
    centres.resize(std::min<std::size_t>(centres.size(), 200));
    const std::vector<double> d = net.distances(centres[0], centres);
    std::size_t finite = 0;
    for (std::size_t i = 0; i < centres.size(); ++i) {
        if (!std::isfinite(d[i])) continue;
        ++finite;
        EXPECT_GE(d[i] + 1e-9, Dist(centres[0], centres[i]));
    }
    EXPECT_GT(finite, centres.size() * 9 / 10);
}

}  // namespace
}  // namespace gridlink
