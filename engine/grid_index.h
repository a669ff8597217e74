// The grid index: point -> the finest grid responsible for it (DESIGN.md, "The grid index").
// Exact (the same answer as GEOS, with exact orientation predicates), deterministic on shared edges,
// and fast: an adaptive cell trie whose cells are either wholly inside one grid (answered at once)
// or hold the few edges that cross them (answered by counting crossings to a reference point).
//
// Rule for points on a boundary: a point on the boundary of several grids (a shared edge or vertex)
// belongs to the one with the smallest code (byte order). The same rule settles overlaps: of all grids
// whose closure holds the point (GEOS `intersects`), the one with the smallest code wins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "geometry.h"
#include "grid_model.h"

namespace gridlink {

// [SECTION] one flat set of polygons

// Point location over one flat set of polygons (one level of grids). Items are numbered in the
// order given; `rank` orders them for the boundary rule (lower rank wins).
class PolygonIndex {
  public:
    PolygonIndex();
    PolygonIndex(PolygonIndex&&) noexcept;
    PolygonIndex& operator=(PolygonIndex&&) noexcept;
    ~PolygonIndex();

    // shapes[i] is item i; rank[i] its place in the boundary rule (need not be dense, must be distinct).
    static PolygonIndex Build(const std::vector<const MultiPolygon*>& shapes, const std::vector<std::uint32_t>& rank);

    // The item whose closure holds p with the lowest rank, or -1 when none does.
    std::int64_t locate(Vec2 p) const;
    // locate() for a batch (items[i] answers points[i]): queries are interleaved so that their cache
    // misses overlap, several times the throughput of one locate() after another.
    void locate_many(std::span<const Vec2> points, std::span<std::int64_t> items) const;
    // The nearest item to p and its distance (0 when p is inside); {-1, inf} for an empty index.
    std::pair<std::int64_t, double> nearest(Vec2 p) const;

    std::size_t size() const;
    std::size_t memory_bytes() const;
    // What the trie holds, in one line (cells, leaves, edges), for benchmarks and tuning.
    std::string describe() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// [SECTION] the grid index over a GridSet

struct GridHit {
    std::int64_t grid = -1;     // index into the GridSet of the finest grid holding the point; -1: outside
    std::int64_t nearest = -1;  // outside only: the nearest grid of the finest level
    double distance_m = 0;      // outside only: the distance to `nearest`, in the CRS's metres

    bool inside() const { return grid >= 0; }
};

class GridIndex {
  public:
    GridIndex();
    GridIndex(GridIndex&&) noexcept;
    GridIndex& operator=(GridIndex&&) noexcept;
    ~GridIndex();

    // Builds one PolygonIndex per level present, in parallel. Ranks follow code order.
    static GridIndex Build(const GridSet& grids);

    // The finest grid containing p (ancestors come from GridSet::ancestry). Outside every grid:
    // grid = -1 and the nearest grid of the finest level with its distance. A point with a NaN or
    // infinite coordinate is outside with no nearest grid (distance infinite).
    GridHit locate(Vec2 p) const;
    // The grid of `level` containing p, or -1. A level finer than any present uses the finest present;
    // a level coarser than any present uses the coarsest (flat sources have level 1 only).
    std::int64_t locate_at_level(Vec2 p, int level) const;
    // locate() for many points at once, split over `threads` threads (0: one per core).
    void locate_many(std::span<const Vec2> points, std::span<GridHit> hits, int threads = 0) const;

    bool empty() const;
    std::size_t memory_bytes() const;
    double build_seconds() const { return build_seconds_; }

  private:
    struct Level {
        int level = 0;
        PolygonIndex index;
        std::vector<std::int64_t> grid_of_item;  // item -> GridSet index
    };
    const Level* level_for(int level) const;
    // The answer for a point no level holds: the nearest grid of the finest level.
    GridHit outside_hit(Vec2 p) const;

    std::vector<Level> levels_;  // finest first
    double build_seconds_ = 0;
};

}  // namespace gridlink
