// Simplification of a grid coverage for drawing zoomed out, with its topology kept: every boundary shared by
// neighbouring grids (at one level or across levels) is cut at its nodes and simplified once, the same way
// from either side, so neighbours still meet and parents' outlines still lie on their children's.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "geometry.h"
#include "grid_model.h"

namespace gridlink {

// A polyline simplified by Douglas-Peucker at `tolerance` metres, its ends kept (roads drawn zoomed out).
LineString SimplifyLine(const LineString& line, double tolerance);

class CoverageSimplifier {
  public:
    // Finds the nodes of the coverage formed by `shapes` (every grid of every level): the vertices where
    // three or more distinct edges meet. Boundaries between nodes are the chains simplified as one.
    explicit CoverageSimplifier(const std::vector<const MultiPolygon*>& shapes);
    static CoverageSimplifier ForGrids(const GridSet& grids);

    // `shape` with each chain simplified by Douglas-Peucker at `tolerance` (metres), nodes kept. A chain is
    // simplified in a canonical direction, so the neighbour holding the same chain gets the same vertices.
    // A ring that would fall below three vertices is kept whole (it is smaller than the tolerance anyway).
    MultiPolygon simplify(const MultiPolygon& shape, double tolerance) const;
    Ring simplify_ring(const Ring& ring, double tolerance) const;

    bool is_node(Vec2 p) const;
    std::size_t node_count() const { return nodes_; }

  private:
    struct Key {
        double x, y;
        bool operator==(const Key& o) const { return x == o.x && y == o.y; }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const;
    };
    // Up to two distinct neighbours; `node` once a third one appears.
    struct Vertex {
        Key a{0, 0}, b{0, 0};
        std::uint8_t seen = 0;
        bool node = false;
    };
    std::unordered_map<Key, Vertex, KeyHash> vertices_;
    std::size_t nodes_ = 0;
};

}  // namespace gridlink
