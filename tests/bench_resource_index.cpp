// Benchmarks of the resource index (make bench): the k nearest available resources to an incident, the radius
// summon and live moves over a million resources clustered like a city, gridlink's grid against Boost.Geometry's
// R*-tree in the same binary and run. Before any timing both must give the same answers on 1000 queries.
#include <benchmark/benchmark.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "engine/resource_index.h"

namespace gridlink {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using BoostPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BoostBox = bg::model::box<BoostPoint>;
using BoostValue = std::pair<BoostPoint, std::uint32_t>;
using BoostTree = bgi::rtree<BoostValue, bgi::rstar<16>>;

constexpr std::size_t kResources = 1'000'000;
constexpr std::size_t kIncidents = 10'000;
constexpr std::size_t kChecked = 1000;  // queries compared between the two before timing
constexpr std::size_t kNearest = 10;
constexpr double kSummonRadius = 500;
constexpr std::size_t kMoves = 100'000;

// [SECTION] data: a city of a million resources

struct City {
    std::vector<Vec2> resources;
    std::vector<std::uint8_t> available;  // the status byte the filters read: 1 for half of them
    std::vector<Vec2> incidents;
};

// 30 x 25 km at UTM-like coordinates: 70% around 300 hot spots (normal, 250 m spread), 30% uniform.
std::vector<Vec2> CityPoints(std::size_t n, const std::vector<Vec2>& hot_spots, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> ux(440000, 470000), uy(4410000, 4435000), unit(0, 1);
    std::normal_distribution<double> spread(0, 250);
    std::vector<Vec2> points(n);
    for (Vec2& p : points) {
        if (unit(rng) < 0.7) {
            const Vec2 c = hot_spots[rng() % hot_spots.size()];
            p = {c.x + spread(rng), c.y + spread(rng)};
        } else {
            p = {ux(rng), uy(rng)};
        }
    }
    return points;
}

const City& TheCity() {
    static const City city = [] {
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> ux(440000, 470000), uy(4410000, 4435000);
        std::vector<Vec2> hot_spots(300);
        for (Vec2& h : hot_spots) h = {ux(rng), uy(rng)};
        City c;
        c.resources = CityPoints(kResources, hot_spots, rng);
        c.available.resize(kResources);
        for (std::uint8_t& a : c.available) a = static_cast<std::uint8_t>(rng() & 1);
        c.incidents = CityPoints(kIncidents, hot_spots, rng);
        return c;
    }();
    return city;
}

BoostTree BuildTree(const std::vector<Vec2>& points) {
    std::vector<BoostValue> values;
    values.reserve(points.size());
    for (std::uint32_t i = 0; i < points.size(); ++i) values.push_back({BoostPoint(points[i].x, points[i].y), i});
    return BoostTree(values.begin(), values.end());  // the packing constructor
}

// [SECTION] the two ways to answer, the same output: nearest first, ties by item, distance in metres

void SortAnswer(Vec2 p, const std::vector<BoostValue>& found, std::vector<Neighbor>& out) {
    out.clear();
    for (const BoostValue& v : found) {
        const double dx = bg::get<0>(v.first) - p.x, dy = bg::get<1>(v.first) - p.y;
        out.push_back({v.second, dx * dx + dy * dy});
    }
    std::sort(out.begin(), out.end(), [](const Neighbor& a, const Neighbor& b) {
        return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.item < b.item);
    });
    for (Neighbor& n : out) n.distance_m = std::sqrt(n.distance_m);
}

void BoostNearest(const BoostTree& tree, const std::vector<std::uint8_t>& available, Vec2 p,
                  std::vector<BoostValue>& found, std::vector<Neighbor>& out) {
    found.clear();
    tree.query(bgi::nearest(BoostPoint(p.x, p.y), kNearest) &&
                   bgi::satisfies([&](const BoostValue& v) { return available[v.second] != 0; }),
               std::back_inserter(found));
    SortAnswer(p, found, out);
}

// covered_by rather than within: within leaves out points on the box's boundary.
void BoostWithin(const BoostTree& tree, const std::vector<std::uint8_t>& available, Vec2 p,
                 std::vector<BoostValue>& found, std::vector<Neighbor>& out) {
    found.clear();
    const BoostBox box(BoostPoint(p.x - kSummonRadius, p.y - kSummonRadius),
                       BoostPoint(p.x + kSummonRadius, p.y + kSummonRadius));
    tree.query(bgi::covered_by(box), std::back_inserter(found));
    std::erase_if(found, [&](const BoostValue& v) {
        const double dx = bg::get<0>(v.first) - p.x, dy = bg::get<1>(v.first) - p.y;
        return available[v.second] == 0 || !(std::sqrt(dx * dx + dy * dy) <= kSummonRadius);
    });
    SortAnswer(p, found, out);
}

// [SECTION] shared setup: both indexes, checked against each other

struct Indexes {
    BoostTree tree;
    ResourceIndex grid;
};

bool SameAnswer(const std::vector<Neighbor>& a, const std::vector<Neighbor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].item != b[i].item || a[i].distance_m != b[i].distance_m) return false;
    }
    return true;
}

const Indexes& TheIndexes() {
    static const Indexes indexes = [] {
        const City& city = TheCity();
        Indexes built{BuildTree(city.resources), {}};
        built.grid.build(city.resources);
        std::vector<BoostValue> found;
        std::vector<Neighbor> theirs, ours;
        const auto available = [&](std::uint32_t i) { return city.available[i] != 0; };
        for (std::size_t q = 0; q < kChecked; ++q) {
            const Vec2 p = city.incidents[q];
            BoostNearest(built.tree, city.available, p, found, theirs);
            built.grid.nearest(p, kNearest, available, ours);
            bool same = SameAnswer(ours, theirs);
            if (same) {
                BoostWithin(built.tree, city.available, p, found, theirs);
                built.grid.within(p, kSummonRadius, available, ours);
                same = SameAnswer(ours, theirs);
            }
            if (!same) {
                std::fprintf(stderr,
                             "bench_resource_index: gridlink and Boost differ on query %zu at (%.3f, %.3f): "
                             "%zu against %zu items\n",
                             q, p.x, p.y, ours.size(), theirs.size());
                std::abort();
            }
        }
        return built;
    }();
    return indexes;
}

void SetRate(benchmark::State& state, std::size_t count, const char* name) {
    state.counters[name] =
        benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
}

// [SECTION] k nearest available (k = 10, half the resources available)

void BM_Nearest_BoostRtree(benchmark::State& state) {
    const City& city = TheCity();
    const Indexes& indexes = TheIndexes();
    std::vector<BoostValue> found;
    std::vector<Neighbor> out;
    for (auto _ : state) {
        std::size_t total = 0;
        for (Vec2 p : city.incidents) {
            BoostNearest(indexes.tree, city.available, p, found, out);
            total += out.size();
        }
        benchmark::DoNotOptimize(total);
    }
    SetRate(state, kIncidents, "queries/s");
}
BENCHMARK(BM_Nearest_BoostRtree)->Unit(benchmark::kMillisecond);

void BM_Nearest_Gridlink(benchmark::State& state) {
    const City& city = TheCity();
    const Indexes& indexes = TheIndexes();
    std::vector<Neighbor> out;
    for (auto _ : state) {
        std::size_t total = 0;
        for (Vec2 p : city.incidents) {
            indexes.grid.nearest(
                p, kNearest, [&](std::uint32_t i) { return city.available[i] != 0; }, out);
            total += out.size();
        }
        benchmark::DoNotOptimize(total);
    }
    SetRate(state, kIncidents, "queries/s");
    state.counters["index_MiB"] = static_cast<double>(indexes.grid.memory_bytes()) / (1 << 20);
    state.SetLabel(indexes.grid.describe());
}
BENCHMARK(BM_Nearest_Gridlink)->Unit(benchmark::kMillisecond);

// [SECTION] summon: every available resource within 500 m

void BM_Within_Boost(benchmark::State& state) {
    const City& city = TheCity();
    const Indexes& indexes = TheIndexes();
    std::vector<BoostValue> found;
    std::vector<Neighbor> out;
    std::size_t total = 0;
    for (auto _ : state) {
        total = 0;
        for (Vec2 p : city.incidents) {
            BoostWithin(indexes.tree, city.available, p, found, out);
            total += out.size();
        }
        benchmark::DoNotOptimize(total);
    }
    SetRate(state, kIncidents, "queries/s");
    state.counters["found/query"] = static_cast<double>(total) / kIncidents;
}
BENCHMARK(BM_Within_Boost)->Unit(benchmark::kMillisecond);

void BM_Within_Gridlink(benchmark::State& state) {
    const City& city = TheCity();
    const Indexes& indexes = TheIndexes();
    std::vector<Neighbor> out;
    std::size_t total = 0;
    for (auto _ : state) {
        total = 0;
        for (Vec2 p : city.incidents) {
            indexes.grid.within(
                p, kSummonRadius, [&](std::uint32_t i) { return city.available[i] != 0; }, out);
            total += out.size();
        }
        benchmark::DoNotOptimize(total);
    }
    SetRate(state, kIncidents, "queries/s");
    state.counters["found/query"] = static_cast<double>(total) / kIncidents;
}
BENCHMARK(BM_Within_Gridlink)->Unit(benchmark::kMillisecond);

// [SECTION] live moves: 100,000 `resource.moved` events per iteration

struct Move {
    std::uint32_t item;
    Vec2 step;  // added to the current position, or
    Vec2 jump;  // when step is zero: the new position
};

// 90% a walk of about 30 m (a vehicle or worker between two position reports), 10% a jump anywhere.
const std::vector<Move>& Moves() {
    static const std::vector<Move> moves = [] {
        std::mt19937_64 rng(12);
        std::normal_distribution<double> walk(0, 30);
        std::uniform_real_distribution<double> ux(440000, 470000), uy(4410000, 4435000), unit(0, 1);
        std::vector<Move> m(kMoves);
        for (Move& move : m) {
            move.item = static_cast<std::uint32_t>(rng() % kResources);
            if (unit(rng) < 0.9) {
                move.step = {walk(rng), walk(rng)};
            } else {
                move.jump = {ux(rng), uy(rng)};
            }
        }
        return m;
    }();
    return moves;
}

Vec2 Destination(const Move& move, Vec2 from) { return move.step == Vec2{} ? move.jump : from + move.step; }

void BM_Move_BoostRtree(benchmark::State& state) {
    std::vector<Vec2> positions = TheCity().resources;
    BoostTree tree = BuildTree(positions);
    std::size_t missing = 0;
    for (auto _ : state) {
        for (const Move& move : Moves()) {
            const Vec2 from = positions[move.item], to = Destination(move, from);
            missing += tree.remove(BoostValue(BoostPoint(from.x, from.y), move.item)) != 1;
            tree.insert(BoostValue(BoostPoint(to.x, to.y), move.item));
            positions[move.item] = to;
        }
    }
    if (missing != 0) state.SkipWithError("an R-tree remove did not find its value");
    SetRate(state, kMoves, "moves/s");
}
BENCHMARK(BM_Move_BoostRtree)->Unit(benchmark::kMillisecond);

void BM_Move_Gridlink(benchmark::State& state) {
    ResourceIndex index;
    index.build(TheCity().resources);
    for (auto _ : state) {
        for (const Move& move : Moves()) index.move(move.item, Destination(move, index.position(move.item)));
    }
    SetRate(state, kMoves, "moves/s");
}
BENCHMARK(BM_Move_Gridlink)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridlink
