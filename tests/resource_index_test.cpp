// The resource index (engine/resource_index.h) against a brute-force scan, item for item and in order:
// uniform, clustered and lattice points (exact ties), duplicates, items added and moved outside the build
// extent, filters accepting none, few, half or all, far query points, distance limits, the empty index.
#include "engine/resource_index.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <sstream>

namespace gridlink {
namespace {

// [SECTION] brute force and comparison

using Filter = std::function<bool(std::uint32_t)>;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

// The documented order and limit: squared distance dx * dx + dy * dy as computed, ties by the smaller item;
// within a limit when its square root is <= the limit.
std::vector<Neighbor> BruteForce(const std::vector<Vec2>& positions, Vec2 p, std::size_t k, const Filter& accept,
                                 double max_distance) {
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::uint32_t i = 0; i < positions.size(); ++i) {
        const double dx = positions[i].x - p.x, dy = positions[i].y - p.y;
        const double d2 = dx * dx + dy * dy;
        if (std::sqrt(d2) <= max_distance && accept(i)) all.push_back({d2, i});
    }
    std::sort(all.begin(), all.end());
    if (all.size() > k) all.resize(k);
    std::vector<Neighbor> out;
    for (auto [d2, i] : all) out.push_back({i, std::sqrt(d2)});
    return out;
}

std::string Show(const std::vector<Neighbor>& list) {
    std::ostringstream s;
    s.precision(17);
    s << list.size() << " [";
    for (std::size_t i = 0; i < list.size() && i < 12; ++i) s << " " << list[i].item << "@" << list[i].distance_m;
    s << (list.size() > 12 ? " ...]" : " ]");
    return s.str();
}

// Same items, same order, same distances (bit for bit).
testing::AssertionResult Same(const std::vector<Neighbor>& got, const std::vector<Neighbor>& want) {
    bool same = got.size() == want.size();
    for (std::size_t i = 0; same && i < got.size(); ++i) {
        same = got[i].item == want[i].item && got[i].distance_m == want[i].distance_m;
    }
    if (same) return testing::AssertionSuccess();
    return testing::AssertionFailure() << "got " << Show(got) << "\n    want " << Show(want);
}

// [SECTION] data

constexpr double kX0 = 500000, kY0 = 4400000;  // UTM-like magnitudes: rounding as in a real CRS

std::vector<Vec2> Uniform(std::size_t n, double w, double h, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> ux(kX0, kX0 + w), uy(kY0, kY0 + h);
    std::vector<Vec2> points(n);
    for (Vec2& p : points) p = {ux(rng), uy(rng)};
    return points;
}

// 80% around 25 hot spots (spread 40 m), 20% uniform over 3 x 2 km, then 400 copies of earlier points and
// 150 items at one spot.
std::vector<Vec2> Clustered(std::size_t n, std::mt19937_64& rng) {
    std::vector<Vec2> centres = Uniform(25, 3000, 2000, rng);
    std::vector<Vec2> points = Uniform(n, 3000, 2000, rng);
    std::normal_distribution<double> spread(0, 40);
    for (std::size_t i = 0; i < n * 8 / 10; ++i) {
        const Vec2 c = centres[rng() % centres.size()];
        points[i] = {c.x + spread(rng), c.y + spread(rng)};
    }
    for (int i = 0; i < 400; ++i) points.push_back(points[rng() % points.size()]);
    for (int i = 0; i < 150; ++i) points.push_back(centres[0]);
    return points;
}

// Integer points 0..39 x 0..29, each twice: many exact ties, and points on cell edges.
std::vector<Vec2> Lattice() {
    std::vector<Vec2> points;
    for (int copy = 0; copy < 2; ++copy) {
        for (int y = 0; y < 30; ++y) {
            for (int x = 0; x < 40; ++x) points.push_back({kX0 + x, kY0 + y});
        }
    }
    return points;
}

// Query points: inside the extent, at items, just outside, far away (kilometres to 10^4 km), extreme.
std::vector<Vec2> Queries(const std::vector<Vec2>& positions, std::size_t n, std::mt19937_64& rng) {
    Box box;
    for (Vec2 p : positions) box.extend(p);
    const double w = std::max(box.width(), 1.0), h = std::max(box.height(), 1.0);
    std::uniform_real_distribution<double> unit(0, 1), sign(-1, 1);
    std::vector<Vec2> queries;
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 inside{box.min_x + unit(rng) * w, box.min_y + unit(rng) * h};
        switch (i % 8) {
            case 0:
            case 1:
            case 2: queries.push_back(inside); break;
            case 3: queries.push_back(positions[rng() % positions.size()]); break;
            case 4: queries.push_back({inside.x + sign(rng) * 2 * w, inside.y + sign(rng) * 2 * h}); break;
            case 5: queries.push_back({inside.x + sign(rng) * 1e4, inside.y}); break;
            case 6: queries.push_back({inside.x + sign(rng) * 1e6, inside.y + sign(rng) * 1e7}); break;
            default: queries.push_back({box.min_x + 0.5 * std::round(2 * unit(rng) * w), box.min_y}); break;
        }
    }
    return queries;
}

std::vector<std::pair<std::string, Filter>> Filters(std::size_t n, std::mt19937_64& rng) {
    auto status = std::make_shared<std::vector<std::uint8_t>>(n);
    for (std::uint8_t& s : *status) s = static_cast<std::uint8_t>(rng() & 1);
    return {{"all", [](std::uint32_t) { return true; }},
            {"none", [](std::uint32_t) { return false; }},
            {"half", [status](std::uint32_t i) { return (*status)[i] != 0; }},
            {"few", [](std::uint32_t i) { return i % 97 == 5; }}};
}

// Every query with every filter: nearest for several k and limits, within for several radii.
void ExpectExact(const ResourceIndex& index, const std::vector<Vec2>& truth, const std::vector<Vec2>& queries,
                 std::mt19937_64& rng) {
    ASSERT_EQ(index.size(), truth.size());
    const auto filters = Filters(truth.size(), rng);
    std::uniform_real_distribution<double> radius(0, 300);
    std::vector<Neighbor> got;
    int failures = 0;
    for (std::size_t q = 0; q < queries.size() && failures < 5; ++q) {
        const Vec2 p = queries[q];
        for (const auto& [name, accept] : filters) {
            const double r = radius(rng);
            for (std::size_t k : {std::size_t{1}, std::size_t{3}, std::size_t{10}, std::size_t{57}, kAll}) {
                for (double limit : {kInf, r}) {
                    index.nearest(p, k, accept, got, limit);
                    const auto result = Same(got, BruteForce(truth, p, k, accept, limit));
                    EXPECT_TRUE(result) << "nearest q" << q << " (" << p.x << ", " << p.y << ") k " << k << " filter "
                                        << name << " max " << limit;
                    failures += !result;
                }
            }
            for (double within : {0.0, r, 5 * r, kInf}) {
                index.within(p, within, accept, got);
                const auto result = Same(got, BruteForce(truth, p, kAll, accept, within));
                EXPECT_TRUE(result) << "within q" << q << " (" << p.x << ", " << p.y << ") radius " << within
                                    << " filter " << name;
                failures += !result;
            }
        }
    }
}

// [SECTION] tests

TEST(ResourceIndex, EmptyIndexAnswersNothing) {
    std::vector<Neighbor> out{{1, 2.0}};
    const Filter all = [](std::uint32_t) { return true; };
    ResourceIndex never_built;
    never_built.nearest({0, 0}, 5, all, out);
    EXPECT_TRUE(out.empty());
    ResourceIndex index;
    index.build({});
    EXPECT_EQ(index.size(), 0u);
    out = {{1, 2.0}};
    index.nearest({kX0, kY0}, 5, all, out);
    EXPECT_TRUE(out.empty());
    out = {{1, 2.0}};
    index.within({kX0, kY0}, kInf, all, out);
    EXPECT_TRUE(out.empty());
    EXPECT_GT(index.memory_bytes(), 0u);
    // Items added to an empty index are found.
    const std::vector<Vec2> truth{{kX0, kY0}, {kX0 + 10, kY0}, {kX0 - 3, kY0 + 4}};
    for (Vec2 p : truth) never_built.add(p);
    never_built.nearest({kX0, kY0}, 5, all, out);
    EXPECT_TRUE(Same(out, BruteForce(truth, {kX0, kY0}, 5, all, kInf)));
    EXPECT_EQ(out.size(), 3u);
}

TEST(ResourceIndex, MatchesBruteForceOnUniformPoints) {
    std::mt19937_64 rng(1);
    const std::vector<Vec2> points = Uniform(4000, 2000, 1500, rng);
    ResourceIndex index;
    index.build(points);
    ExpectExact(index, points, Queries(points, 80, rng), rng);
}

TEST(ResourceIndex, MatchesBruteForceOnClusteredPointsWithDuplicates) {
    std::mt19937_64 rng(2);
    const std::vector<Vec2> points = Clustered(5000, rng);
    ResourceIndex index;
    index.build(points);
    ExpectExact(index, points, Queries(points, 80, rng), rng);
    // A smaller and a larger cell size answer the same.
    for (double per_cell : {1.0, 50.0}) {
        ResourceIndex other;
        other.build(points, per_cell);
        ExpectExact(other, points, Queries(points, 24, rng), rng);
    }
}

TEST(ResourceIndex, BreaksTiesBySmallerItemOnALattice) {
    std::mt19937_64 rng(3);
    const std::vector<Vec2> points = Lattice();
    ResourceIndex index;
    index.build(points);
    ExpectExact(index, points, Queries(points, 100, rng), rng);
    // Four lattice points (each twice) at exactly sqrt(0.5) from a cell centre: the limit is inclusive.
    const Filter all = [](std::uint32_t) { return true; };
    const Vec2 centre{kX0 + 10.5, kY0 + 7.5};
    std::vector<Neighbor> out;
    const double d = std::sqrt(0.5 * 0.5 + 0.5 * 0.5);
    index.nearest(centre, 100, all, out, d);
    ASSERT_EQ(out.size(), 8u);
    const std::uint32_t a = 7 * 40 + 10, b = a + 1200;  // (10, 7) and its copy
    const std::vector<std::uint32_t> expected{a, a + 1, a + 40, a + 41, b, b + 1, b + 40, b + 41};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(out[i].item, expected[i]) << i;
    index.nearest(centre, 100, all, out, std::nextafter(d, 0.0));
    EXPECT_TRUE(out.empty());
    index.within(centre, d, all, out);
    EXPECT_EQ(out.size(), 8u);
    index.nearest(centre, 3, all, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[2].item, a + 40);
}

TEST(ResourceIndex, HandlesDegenerateExtents) {
    std::mt19937_64 rng(4);
    const std::vector<Vec2> one_spot(300, Vec2{kX0 + 5, kY0 + 5});
    std::vector<Vec2> line;  // a horizontal line
    for (int i = 0; i < 2000; ++i) line.push_back({kX0 + std::uniform_real_distribution<double>(0, 5000)(rng), kY0});
    const std::vector<Vec2> single{{kX0, kY0}};
    const std::vector<Vec2>& line_points = line;
    for (const std::vector<Vec2>* points : {&one_spot, &line_points, &single}) {
        ResourceIndex index;
        index.build(*points);
        ExpectExact(index, *points, Queries(*points, 40, rng), rng);
    }
}

TEST(ResourceIndex, ReturnsFewerWhenFewAreAccepted) {
    std::mt19937_64 rng(5);
    const std::vector<Vec2> points = Uniform(3000, 1000, 1000, rng);
    ResourceIndex index;
    index.build(points);
    const Filter seven = [](std::uint32_t i) { return i % 431 == 0; };  // items 0, 431, ..., 2586
    std::vector<Neighbor> out;
    for (std::size_t k : {std::size_t{7}, std::size_t{20}, kAll}) {
        index.nearest({kX0 + 500, kY0 + 500}, k, seven, out);
        EXPECT_EQ(out.size(), 7u);
        EXPECT_TRUE(Same(out, BruteForce(points, {kX0 + 500, kY0 + 500}, k, seven, kInf)));
    }
    index.within({kX0 + 500, kY0 + 500}, kInf, seven, out);
    EXPECT_EQ(out.size(), 7u);
    for (double bad : {-1.0, std::nan("")}) {
        index.within({kX0, kY0}, bad, seven, out);
        EXPECT_TRUE(out.empty());
        index.nearest({kX0, kY0}, 5, seven, out, bad);
        EXPECT_TRUE(out.empty());
    }
    for (Vec2 bad : {Vec2{std::nan(""), kY0}, Vec2{kX0, kInf}, Vec2{-kInf, kY0}}) {
        index.nearest(bad, 5, seven, out);
        EXPECT_TRUE(out.empty());
        index.within(bad, kInf, seven, out);
        EXPECT_TRUE(out.empty());
    }
}

TEST(ResourceIndex, MovesThenQueries) {
    std::mt19937_64 rng(6);
    std::vector<Vec2> truth = Clustered(4000, rng);
    ResourceIndex index;
    index.build(truth);
    std::uniform_real_distribution<double> unit(0, 1), jitter(-20, 20);
    for (int round = 0; round < 4; ++round) {
        for (int m = 0; m < 5000; ++m) {
            const auto item = static_cast<std::uint32_t>(rng() % truth.size());
            Vec2 to = truth[item];
            switch (rng() % 6) {
                case 0:  // a short walk
                    to = {to.x + jitter(rng), to.y + jitter(rng)};
                    break;
                case 1:  // anywhere inside
                    to = {kX0 + unit(rng) * 3000, kY0 + unit(rng) * 2000};
                    break;
                case 2:  // outside the build extent
                    to = {kX0 - 6000 + unit(rng) * 15000, kY0 - 2000 + unit(rng) * 6000};
                    break;
                case 3:  // onto another item
                    to = truth[rng() % truth.size()];
                    break;
                case 4:  // the same place
                    break;
                default:  // a hair
                    to = {to.x + 1e-3, to.y};
                    break;
            }
            index.move(item, to);
            truth[item] = to;
        }
        if (round == 1) {  // new resources, some outside the build extent
            for (int i = 0; i < 300; ++i) {
                const Vec2 p{kX0 - 3000 + unit(rng) * 9000, kY0 + unit(rng) * 2000};
                EXPECT_EQ(index.add(p), truth.size());
                truth.push_back(p);
            }
        }
        for (std::uint32_t i = 0; i < truth.size(); ++i) {
            ASSERT_TRUE(index.position(i) == truth[i]) << "item " << i;
        }
        ExpectExact(index, truth, Queries(truth, 32, rng), rng);
    }
}

TEST(ResourceIndex, FindsItemsMovedFarOutsideTheBuildExtent) {
    std::mt19937_64 rng(7);
    std::vector<Vec2> truth = Uniform(2000, 1000, 1000, rng);
    ResourceIndex index;
    index.build(truth);
    // A few items leave for far away; queries near them and between them and the extent.
    const std::vector<Vec2> far{{kX0 - 50000, kY0 + 500}, {kX0 + 500, kY0 + 80000}, {kX0 + 1e6, kY0 - 1e6}};
    for (std::uint32_t i = 0; i < far.size(); ++i) {
        index.move(i * 100, far[i]);
        truth[i * 100] = far[i];
    }
    std::vector<Vec2> queries = Queries(truth, 40, rng);
    for (Vec2 f : far) {
        queries.push_back({f.x + 10, f.y - 10});
        queries.push_back({(f.x + kX0) / 2, (f.y + kY0) / 2});
    }
    ExpectExact(index, truth, queries, rng);
    // The nearest item to a far item's place is that item.
    std::vector<Neighbor> out;
    index.nearest(
        {far[1].x + 1, far[1].y}, 1, [](std::uint32_t) { return true; }, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].item, 100u);
    EXPECT_EQ(out[0].distance_m, 1.0);
}

// Moves that pile most items into one cell (another each round) and then scatter them: cells outgrow their
// room again and again, the pool is compacted, and its memory stays bounded (without compaction it grows
// to 12 times its size after build in these six rounds).
TEST(ResourceIndex, CrowdsOneCellThenScattersItems) {
    std::mt19937_64 rng(10);
    std::vector<Vec2> truth = Uniform(3000, 1000, 1000, rng);
    ResourceIndex index;
    index.build(truth);
    const std::size_t built_bytes = index.memory_bytes();
    std::uniform_real_distribution<double> unit(0, 1);
    for (int round = 0; round < 6; ++round) {
        for (std::uint32_t i = 0; i < 2500; ++i) {
            const Vec2 to{kX0 + 50 + 150 * round + unit(rng), kY0 + 400 + unit(rng)};
            index.move(i, to);
            truth[i] = to;
        }
        ExpectExact(index, truth, Queries(truth, 8, rng), rng);
        for (std::uint32_t i = 0; i < 2500; ++i) {
            const Vec2 to = Uniform(1, 1000, 1000, rng)[0];
            index.move(i, to);
            truth[i] = to;
        }
        ExpectExact(index, truth, Queries(truth, 8, rng), rng);
        EXPECT_LT(index.memory_bytes(), 3 * built_bytes) << "round " << round;
    }
    for (std::uint32_t i = 0; i < truth.size(); ++i) ASSERT_TRUE(index.position(i) == truth[i]) << "item " << i;
}

// An item exactly at the limit counts: the limit compares the computed distance, not its square with the
// limit's square (which rounds differently about half the time).
TEST(ResourceIndex, LimitsIncludeItemsExactlyAtTheLimit) {
    std::mt19937_64 rng(9);
    const std::vector<Vec2> points = Uniform(3000, 1000, 1000, rng);
    ResourceIndex index;
    index.build(points);
    const Filter all = [](std::uint32_t) { return true; };
    std::vector<Neighbor> out;
    int squares_differ = 0;
    for (int q = 0; q < 300; ++q) {
        const Vec2 p = Uniform(1, 1000, 1000, rng)[0];
        const auto item = static_cast<std::uint32_t>(rng() % points.size());
        const double dx = points[item].x - p.x, dy = points[item].y - p.y;
        const double limit = std::sqrt(dx * dx + dy * dy);
        squares_differ += limit * limit != dx * dx + dy * dy;
        index.within(p, limit, all, out);
        ASSERT_TRUE(Same(out, BruteForce(points, p, kAll, all, limit))) << q;
        EXPECT_TRUE(std::any_of(out.begin(), out.end(), [&](const Neighbor& n) { return n.item == item; })) << q;
        index.nearest(p, kAll, all, out, limit);
        ASSERT_TRUE(Same(out, BruteForce(points, p, kAll, all, limit))) << q;
        EXPECT_EQ(out.back().distance_m, limit);
    }
    EXPECT_GT(squares_differ, 30);  // the case this test is about did come up
}

// The grid prunes: a k = 1 query reads a few cells, not the whole index, and calls accept only for items
// that would enter the answer.
TEST(ResourceIndex, NearestCallsAcceptForFewItems) {
    std::mt19937_64 rng(8);
    const std::vector<Vec2> points = Uniform(100000, 10000, 10000, rng);
    ResourceIndex index;
    index.build(points);
    std::size_t calls = 0;
    std::vector<Neighbor> out;
    for (int q = 0; q < 100; ++q) {
        const Vec2 p = points[rng() % points.size()];
        index.nearest(
            p, 10, [&](std::uint32_t i) { return ++calls, i % 2 == 0; }, out);
        ASSERT_EQ(out.size(), 10u);
    }
    EXPECT_LT(calls, 100u * 60);
}

}  // namespace
}  // namespace gridlink
