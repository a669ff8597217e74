// The resource index: the k nearest accepted resources to an incident and every accepted resource within a
// radius (one-click summon), over up to millions of points that move live (`resource.moved`). Exact: answers
// equal a brute-force scan, the same items in the same order.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory_resource>
#include <span>
#include <string>
#include <vector>

#include "geometry.h"

namespace gridlink {

struct Neighbor {
    std::uint32_t item;
    double distance_m;
};

// Design: a uniform grid of square cells over the extent of build()'s positions, about six items per cell.
// The items live in one pool, cell after cell in row-major order with some slack after each cell: a query
// reads a cell's coordinates as one contiguous run, and neighbouring cells of a row as nearly one run.
// Coordinates and item numbers sit in parallel arrays: the scan reads 16 bytes per item, and item numbers
// only for the few that beat the k-th best. accept() is called only for an item that would enter the answer
// (accept usually reads a status array elsewhere in memory: a cache miss per call, which the distance test
// spares for most items).
// Software prefetching of the cells about to be read made no measurable difference, so there is none.
//
// Moves: each item remembers its cell and pool slot, so move() is a swap-remove plus an append into the
// destination's slack; a cell that runs out of slack moves to the end of the pool with twice the room, and
// the pool is compacted once a quarter of it is left behind that way (O(1) amortised; the compacting move
// copies the pool, tens of milliseconds at a million items). A move within the cell only rewrites coordinates.
//
// Why a grid rather than a tree (Boost's R*-tree, a kd-tree): a tree adapts better to uneven density but pays
// a descent and node updates for every move. At city densities (a few hundred to a few thousand resources per
// km²) a grid sized from the mean density keeps the hot spots at tens of items per cell, and reading a few
// contiguous cells costs less than a tree's descent (tests/bench_resource_index.cpp measures both).
//
// Positions outside the build extent clamp into the border cells. Distances always come from true positions,
// and the bounds of border cells stretch to the bounding box of every position seen since build(), so the
// pruning bounds stay valid and queries far outside the extent still prune. Many items far outside the build
// extent crowd the border cells: build() again when the world's extent has changed a lot.
//
// nearest() visits cells best-first, nearest box first, and stops once the nearest cell not yet visited lies
// farther than the k-th best so far; within() visits the cells whose boxes meet the circle. (Rings of cells
// around the query's cell, the usual grid search, were tried first: as fast inside the extent, but a query
// far outside it crosses hundreds of rings: 0.8 ms at 1000 km from a million items, against 0.04 ms now.)
//
// Exactness: the distance is sqrt(dx * dx + dy * dy) in doubles, dx = item.x - p.x; answers are ordered by
// the squared distance dx * dx + dy * dy as computed, ties by the smaller item, and an item is within a
// limit R when sqrt(dx * dx + dy * dy) <= R as computed. Pruning bounds are computed by the same operations
// from cell edges widened by a margin larger than any rounding in the cell assignment; as rounding is
// monotonic, a bound never exceeds the computed squared distance of an item in its cell, and ties at the
// bound are visited, so no item is missed through rounding. Positions must be finite. (This assumes
// dx * dx + dy * dy is not fused into an FMA in some places and not others: true for the project's
// x86-64 flags; with -march=native add -ffp-contract=off.)
class ResourceIndex {
  public:
    static constexpr double kDefaultItemsPerCell = 6;

    // Items 0..positions.size()-1 at the given positions. Cell size chosen from the extent and count so that
    // cells hold items_per_cell items on average.
    void build(std::span<const Vec2> positions, double items_per_cell = kDefaultItemsPerCell);
    // Adds an item at p (a new resource); returns its number, size() before the call. O(1) amortised.
    std::uint32_t add(Vec2 p);
    void move(std::uint32_t item, Vec2 to);  // O(1) amortised
    std::size_t size() const { return places_.size(); }
    Vec2 position(std::uint32_t item) const { return xy_[places_[item].at]; }

    // The k items nearest to p that accept(item) holds for, nearest first, ties by smaller item;
    // none farther than max_distance_m. Replaces `out`; p must be finite (otherwise none), a negative or
    // NaN limit gives none. accept is called only for items that would enter the answer at the time they
    // are seen, in no particular order.
    template <typename Accept>
    void nearest(Vec2 p, std::size_t k, Accept&& accept, std::vector<Neighbor>& out,
                 double max_distance_m = std::numeric_limits<double>::infinity()) const;
    // Every accepted item within radius_m of p (distance <= radius), nearest first, ties by item.
    // Replaces `out`; p must be finite (otherwise none), a negative or NaN radius gives none.
    template <typename Accept>
    void within(Vec2 p, double radius_m, Accept&& accept, std::vector<Neighbor>& out) const;

    // Heap memory in use: the pool (with its slack and any cells left behind by moves), the per-cell and
    // per-item tables. The pool's reserve for cells that will move to its end is not counted: it is
    // address space that holds no pages until used.
    std::size_t memory_bytes() const;
    // The grid in one line (cells, cell size, fullest cell), for benchmarks and tuning.
    std::string describe() const;

  private:
    struct Span {  // a cell's items: pool slots begin..begin+count-1
        std::uint32_t begin;
        std::uint32_t count;
    };
    struct Place {  // an item's cell and pool slot
        std::uint32_t cell;
        std::uint32_t at;
    };
    // Squared distances up to a limit R, exactly: lo and hi bracket R * R so that d2 <= lo surely passes,
    // d2 > hi surely fails, and only d2 in between needs the square root.
    struct Limit {
        double lo;
        double hi;
        double radius;
        explicit Limit(double r) : lo(r * r * (1 - 1e-14)), hi(r * r * (1 + 1e-14)), radius(r) {}
        bool admits(double d2) const { return d2 <= lo || (d2 <= hi && std::sqrt(d2) <= radius); }
    };
    struct Closer {  // distance_m holds the squared distance; a type rather than a function so that it inlines
        bool operator()(const Neighbor& a, const Neighbor& b) const {
            return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.item < b.item);
        }
    };
    static void Finish(std::vector<Neighbor>& found) {
        for (Neighbor& n : found) n.distance_m = std::sqrt(n.distance_m);
    }
    static std::uint32_t ClampIndex(double t, std::uint32_t n) {
        t = std::floor(t);
        if (!(t >= 1)) return 0;  // NaN too
        if (t >= n - 1) return n - 1;
        return static_cast<std::uint32_t>(t);
    }
    std::uint32_t column(double x) const { return ClampIndex((x - origin_x_) * inverse_cell_, nx_); }
    std::uint32_t row(double y) const { return ClampIndex((y - origin_y_) * inverse_cell_, ny_); }
    std::uint32_t cell_of(Vec2 p) const { return row(p.y) * nx_ + column(p.x); }
    // Bounds of a column or row of cells: every item in it lies within them. Edges are widened by the margin;
    // the border ones stretch to the bounding box of all positions, and never shrink below the grid's own
    // edge, so that boxes get farther from p cell by cell away from p's cell (nearest() relies on it).
    double column_min(std::uint32_t i) const {
        const double edge = origin_x_ + i * cell_ - margin_;
        return i == 0 ? std::min(seen_.min_x, edge) : edge;
    }
    double column_max(std::uint32_t i) const {
        const double edge = origin_x_ + (i + 1) * cell_ + margin_;
        return i + 1 == nx_ ? std::max(seen_.max_x, edge) : edge;
    }
    double row_min(std::uint32_t j) const {
        const double edge = origin_y_ + j * cell_ - margin_;
        return j == 0 ? std::min(seen_.min_y, edge) : edge;
    }
    double row_max(std::uint32_t j) const {
        const double edge = origin_y_ + (j + 1) * cell_ + margin_;
        return j + 1 == ny_ ? std::max(seen_.max_y, edge) : edge;
    }
    // Squared distance from p to the box of columns i0..i1 and rows j0..j1; never more than the computed
    // squared distance from p to an item in those cells.
    double box_distance2(Vec2 p, std::uint32_t i0, std::uint32_t i1, std::uint32_t j0, std::uint32_t j1) const {
        const double x0 = column_min(i0), x1 = column_max(i1), y0 = row_min(j0), y1 = row_max(j1);
        const double gx = p.x < x0 ? x0 - p.x : (p.x > x1 ? p.x - x1 : 0);
        const double gy = p.y < y0 ? y0 - p.y : (p.y > y1 ? p.y - y1 : 0);
        return gx * gx + gy * gy;
    }
    // A cell waiting in nearest()'s best-first search: key is its squared box distance. Within a row, boxes
    // only get farther from p moving away from p's (clamped) column, and rows only get farther moving away
    // from p's row, so each row is entered at p's column and grows outward to the left and right.
    struct Frontier {
        enum Step : std::uint8_t { kRow, kLeft, kRight };  // kRow: (cx, j), the first cell of row j
        double key;
        std::uint32_t i;
        std::uint32_t j;
        Step step;
        bool operator>(const Frontier& o) const { return key > o.key; }
    };
    // The pool: cell c's slots start at spans_[c].begin and hold capacity_[c] items (count of them used).
    void lay_out(std::span<const std::uint32_t> counts);  // a fresh pool with slack for these counts
    void append(std::uint32_t cell, std::uint32_t item, Vec2 p);
    void grow(std::uint32_t cell);  // moves a full cell to the end of the pool, or compacts the pool
    void compact();

    std::uint32_t nx_ = 1;
    std::uint32_t ny_ = 1;
    double origin_x_ = 0;
    double origin_y_ = 0;
    double cell_ = 1;
    double inverse_cell_ = 1;
    double margin_ = 1e-9;
    Box seen_;                                                    // bounding box of every position since build()
    std::vector<Span> spans_ = std::vector<Span>(1, Span{0, 0});  // by cell, row-major: ny_ rows of nx_
    std::vector<std::uint32_t> capacity_ = std::vector<std::uint32_t>(1, 0);  // by cell
    std::vector<Vec2> xy_;                                                    // the pool: coordinates
    std::vector<std::uint32_t> items_;                                        // the pool: item numbers
    std::size_t garbage_ = 0;                                                 // pool slots no cell holds any more
    std::vector<Place> places_;                                               // by item
};

// [SECTION] queries

template <typename Accept>
void ResourceIndex::nearest(Vec2 p, std::size_t k, Accept&& accept, std::vector<Neighbor>& out,
                            double max_distance_m) const {
    out.clear();
    if (k == 0 || places_.empty() || !std::isfinite(p.x) || !std::isfinite(p.y) || !(max_distance_m >= 0)) return;
    const Limit limit(max_distance_m);
    // `out` is a max-heap by Closer of the best so far; `bound` is the squared distance an item must not
    // exceed to enter it (the worst's once full), `bound_item` the worst's item (ties at `bound` need a
    // smaller item).
    double bound = limit.hi;
    std::uint32_t bound_item = std::numeric_limits<std::uint32_t>::max();
    bool full = false;
    auto scan = [&](std::uint32_t i, std::uint32_t j) {
        const Span s = spans_[std::size_t{j} * nx_ + i];
        const Vec2* xy = xy_.data() + s.begin;
        for (std::uint32_t n = 0; n < s.count; ++n) {
            const double dx = xy[n].x - p.x, dy = xy[n].y - p.y;
            const double d2 = dx * dx + dy * dy;
            if (d2 > bound) continue;
            const std::uint32_t item = items_[s.begin + n];
            if (full ? (d2 == bound && item > bound_item) : !limit.admits(d2)) continue;
            if (!accept(item)) continue;
            if (full) {
                std::pop_heap(out.begin(), out.end(), Closer{});
                out.back() = {item, d2};
            } else {
                out.push_back({item, d2});
            }
            std::push_heap(out.begin(), out.end(), Closer{});
            if (out.size() == k) {
                full = true;
                bound = out.front().distance_m;
                bound_item = out.front().item;
            }
        }
    };
    // Best-first over cells: the nearest waiting cell is scanned next, until it lies farther than the k-th
    // best (a cell exactly at that distance may hold a tie with a smaller item, so it is scanned).
    // The waiting cells live on the stack (a query far outside the extent may need more: then the heap).
    std::array<std::byte, 64 * sizeof(Frontier)> stack_room;
    std::pmr::monotonic_buffer_resource room(stack_room.data(), stack_room.size());
    std::pmr::vector<Frontier> frontier(&room);
    frontier.reserve(64);
    auto wait = [&](std::uint32_t i, std::uint32_t j, typename Frontier::Step step) {
        frontier.push_back({box_distance2(p, i, i, j, j), i, j, step});
        std::push_heap(frontier.begin(), frontier.end(), std::greater<>{});
    };
    const std::uint32_t cx = column(p.x), cy = row(p.y);
    wait(cx, cy, Frontier::kRow);
    while (!frontier.empty() && !(frontier.front().key > bound)) {
        std::pop_heap(frontier.begin(), frontier.end(), std::greater<>{});
        const Frontier f = frontier.back();
        frontier.pop_back();
        scan(f.i, f.j);
        if (f.step == Frontier::kRow) {
            if (f.j <= cy && f.j > 0) wait(cx, f.j - 1, Frontier::kRow);
            if (f.j >= cy && f.j + 1 < ny_) wait(cx, f.j + 1, Frontier::kRow);
        }
        if (f.step != Frontier::kRight && f.i > 0) wait(f.i - 1, f.j, Frontier::kLeft);
        if (f.step != Frontier::kLeft && f.i + 1 < nx_) wait(f.i + 1, f.j, Frontier::kRight);
    }
    std::sort_heap(out.begin(), out.end(), Closer{});
    Finish(out);
}

template <typename Accept>
void ResourceIndex::within(Vec2 p, double radius_m, Accept&& accept, std::vector<Neighbor>& out) const {
    out.clear();
    if (places_.empty() || !std::isfinite(p.x) || !std::isfinite(p.y) || !(radius_m >= 0)) return;
    const Limit limit(radius_m);
    // One cell of slack each way: an item whose computed distance rounds to the radius may lie a hair
    // outside the circle's bounding box.
    std::uint32_t i0 = column(p.x - radius_m), i1 = column(p.x + radius_m);
    std::uint32_t j0 = row(p.y - radius_m), j1 = row(p.y + radius_m);
    i0 = i0 > 0 ? i0 - 1 : 0, j0 = j0 > 0 ? j0 - 1 : 0;
    i1 = std::min(i1 + 1, nx_ - 1), j1 = std::min(j1 + 1, ny_ - 1);
    for (std::uint32_t j = j0; j <= j1; ++j) {
        for (std::uint32_t i = i0; i <= i1; ++i) {
            const Span s = spans_[std::size_t{j} * nx_ + i];
            if (s.count == 0 || box_distance2(p, i, i, j, j) > limit.hi) continue;
            const Vec2* xy = xy_.data() + s.begin;
            for (std::uint32_t n = 0; n < s.count; ++n) {
                const double dx = xy[n].x - p.x, dy = xy[n].y - p.y;
                const double d2 = dx * dx + dy * dy;
                if (limit.admits(d2) && accept(items_[s.begin + n])) out.push_back({items_[s.begin + n], d2});
            }
        }
    }
    std::sort(out.begin(), out.end(), Closer{});
    Finish(out);
}

}  // namespace gridlink
