// The grid index: an adaptive cell trie over each level's polygons. A cell is pure (wholly inside one
// grid, or outside all) and answers at once, or is a leaf holding the edges that touch it and, for each
// candidate grid, whether a reference point in the cell is inside; a query flips that answer once per
// edge crossed on the way from the point to the reference point. All decisions use exact predicates.
#include "grid_index.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // false positives inside Boost.Geometry's R-tree
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#pragma GCC diagnostic pop

#include "parallel.h"
#include "predicates.h"

namespace gridlink {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// [SECTION] cells, leaves and the crossing rule

namespace {

// A slot names what a cell holds: the top two bits say what, the rest where.
constexpr std::uint32_t kPayloadBits = 30;
constexpr std::uint32_t kPayloadMask = (1u << kPayloadBits) - 1;
constexpr std::uint32_t kPure = 0u;           // payload: the item
constexpr std::uint32_t kNode = 1u;           // payload: first slot of kBranch x kBranch children
constexpr std::uint32_t kLeaf = 2u;           // payload: the leaf
constexpr std::uint32_t kNone = 0xFFFFFFFFu;  // outside every item

constexpr int kTile = 16;               // root cells are laid out and batches ordered in tiles of 16 x 16
constexpr int kBranch = 4;              // a subdivided cell has kBranch x kBranch children
constexpr int kMaxDepth = 5;            // below the root cells: a root cell's side / 1024 at most
constexpr std::size_t kLeafEdges = 16;  // a cell with more edges than this is subdivided...

std::uint32_t Slot(std::uint32_t tag, std::uint32_t payload) { return (tag << kPayloadBits) | payload; }

using Edge = Segment;

// A leaf is one run of 32-bit words in `leaf_words`, read in one or two cache lines:
//   ref.x, ref.y (two doubles, four words) | candidates | segments | inside-at-ref mask
//   | candidates x item (in rank order) | segments x (edge id, mask of the candidates it bounds)
// A segment shared by two grids is stored once, with both candidates' bits in its mask. A leaf with
// more than kMaxLeafCandidates candidates (only where many grids overlap) stores no segments and is
// answered by ray tests over whole grids.
constexpr std::uint32_t kMaxLeafCandidates = 32;
// Flags in a segment's edge-id word. A segment that spans the cell (both ends beyond its expanded box)
// holds the whole chord of its line through the cell, so one orientation test places the point.
constexpr std::uint32_t kSpans = 1u << 31;
constexpr std::uint32_t kRefLeft = 1u << 30;  // the reference point lies to the segment's left
constexpr std::uint32_t kEdgeIdMask = kRefLeft - 1;
constexpr std::uint32_t kLeafHeaderWords = 7;

double ReadDouble(const std::uint32_t* words) {
    double v;
    std::memcpy(&v, words, sizeof v);
    return v;
}

// Conservative: true when the segment may touch the closed box.
bool SegmentTouchesBox(const Edge& e, const Box& box) {
    if (std::max(e.a.x, e.b.x) < box.min_x || std::min(e.a.x, e.b.x) > box.max_x ||
        std::max(e.a.y, e.b.y) < box.min_y || std::min(e.a.y, e.b.y) > box.max_y) {
        return false;
    }
    if (box.contains(e.a) || box.contains(e.b)) return true;
    const int s0 = Orient(e.a, e.b, {box.min_x, box.min_y});
    const int s1 = Orient(e.a, e.b, {box.max_x, box.min_y});
    const int s2 = Orient(e.a, e.b, {box.max_x, box.max_y});
    const int s3 = Orient(e.a, e.b, {box.min_x, box.max_y});
    return !((s0 > 0 && s1 > 0 && s2 > 0 && s3 > 0) || (s0 < 0 && s1 < 0 && s2 < 0 && s3 < 0));
}

Box Expanded(const Box& b, double margin) {
    return {b.min_x - margin, b.min_y - margin, b.max_x + margin, b.max_y + margin};
}

// Child (i, j) of a cell: the same arithmetic in building and in querying.
Box ChildBox(const Box& cell, int i, int j) {
    const double w = (cell.max_x - cell.min_x) / kBranch;
    const double h = (cell.max_y - cell.min_y) / kBranch;
    const double x0 = cell.min_x + w * i;
    const double y0 = cell.min_y + h * j;
    return {x0, y0, i == kBranch - 1 ? cell.max_x : x0 + w, j == kBranch - 1 ? cell.max_y : y0 + h};
}

int ChildIndex(double v, double lo, double hi) {
    const int i = static_cast<int>((v - lo) * (kBranch / (hi - lo)));
    return std::clamp(i, 0, kBranch - 1);
}

// Beyond either end the distance is to that vertex itself, computed the same way from every edge that
// shares it, so that ties between grids meeting at a vertex are exact.
double SquaredDistanceToSegment(Vec2 p, const Edge& e) {
    const Vec2 d = e.b - e.a;
    const double len2 = d.x * d.x + d.y * d.y;
    const double t = len2 > 0 ? ((p.x - e.a.x) * d.x + (p.y - e.a.y) * d.y) / len2 : 0;
    const Vec2 q = t <= 0 ? e.a - p : (t >= 1 ? e.b - p : Vec2{e.a.x + d.x * t - p.x, e.a.y + d.y * t - p.y});
    return q.x * q.x + q.y * q.y;
}

// A packed R-tree of n values with 16 per node: the values plus one box and pointer per child.
std::size_t NearestTreeBytes(std::size_t n) {
    const std::size_t value =
        sizeof(std::pair<bg::model::segment<bg::model::point<double, 2, bg::cs::cartesian>>, std::uint32_t>);
    return n * value + (n / 15 + 1) * (32 + 8) * 16 / 15;
}

// Flat per-cell lists: each(add) calls add(cell, value) for every entry. It runs twice, once to count
// and once to fill; cell c then holds values[first[c]] .. values[first[c + 1] - 1], in the order added.
template <typename EachEntry>
void FillCellLists(std::size_t cells, std::vector<std::uint32_t>& first, std::vector<std::uint32_t>& values,
                   EachEntry each) {
    first.assign(cells + 1, 0);
    each([&](std::size_t cell, std::uint32_t) { first[cell + 1]++; });
    std::partial_sum(first.begin(), first.end(), first.begin());
    values.resize(first.back());
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    each([&](std::size_t cell, std::uint32_t value) { values[fill[cell]++] = value; });
}

template <typename T>
std::size_t Bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}

}  // namespace

// [SECTION] the index of one level

using TreePoint = bg::model::point<double, 2, bg::cs::cartesian>;
using TreeSegment = bg::model::segment<TreePoint>;
// Nearest grid to a point outside them all: an R-tree (packed, STR) of every edge.
using SegmentTree = bgi::rtree<std::pair<TreeSegment, std::uint32_t>, bgi::linear<16>>;

struct PolygonIndex::Impl {
    // All edges of all items, grouped by item, and which item each belongs to.
    std::vector<Edge> edges;
    std::vector<std::uint32_t> edge_item;
    std::vector<std::uint32_t> item_first_edge;  // item i: edges [item_first_edge[i], item_first_edge[i + 1])
    std::vector<std::uint32_t> rank;

    // Root cells: a regular grid over the extent, nx x ny, row-major.
    Box extent;
    double margin = 0;
    int nx = 0, ny = 0;
    double cell_w = 1, cell_h = 1;
    double inverse_w = 1, inverse_h = 1;  // queries multiply: a point rounded into a neighbour is within the margin
    int tiles_x = 0, tiles_y = 0;
    // Edges touching each root cell (ids into `edges`): cell c has [root_first[c], root_first[c + 1]).
    std::vector<std::uint32_t> root_first;
    std::vector<std::uint32_t> root_edges;

    // The trie: root slots first (nx * ny), then blocks of children.
    std::vector<std::uint32_t> slots;
    std::vector<std::uint32_t> leaf_words;
    std::size_t leaf_count = 0;
    // The segments leaves name, each once, in the order the leaves were written (row by row, depth
    // first): neighbouring cells find their segments in neighbouring cache lines.
    std::vector<Edge> leaf_segments;

    SegmentTree nearest_tree;

    Box root_box(int i, int j) const {
        const double x0 = extent.min_x + cell_w * i;
        const double y0 = extent.min_y + cell_h * j;
        return {x0, y0, i == nx - 1 ? extent.max_x : x0 + cell_w, j == ny - 1 ? extent.max_y : y0 + cell_h};
    }
    std::int64_t query_leaf(std::uint32_t offset, Vec2 p) const;
    void build(const std::vector<const MultiPolygon*>& shapes);
};

std::int64_t PolygonIndex::Impl::query_leaf(std::uint32_t offset, Vec2 p) const {
    const std::uint32_t* w = leaf_words.data() + offset;
    const Vec2 ref{ReadDouble(w), ReadDouble(w + 2)};
    const std::uint32_t cand_count = w[4];
    const std::uint32_t segment_count = w[5];
    const std::uint32_t* items = w + kLeafHeaderWords;
    if (cand_count > kMaxLeafCandidates) {
        for (std::uint32_t c = 0; c < cand_count; ++c) {
            const std::uint32_t first = item_first_edge[items[c]];
            if (LocateByRay(p, edges.data() + first, item_first_edge[items[c] + 1] - first) != Location::Outside) {
                return items[c];
            }
        }
        return -1;
    }
    // One bit per candidate: inside at the reference point, flipped by every segment crossed on the way.
    std::uint32_t inside = w[6];
    std::uint32_t on_edge = 0;
    const std::uint32_t* seg = items + cand_count;
    for (std::uint32_t k = 0; k < segment_count; ++k, seg += 2) {
        const Edge& e = leaf_segments[seg[0] & kEdgeIdMask];
        const int op = Orient(e.a, e.b, p);
        if (op == 0) {
            if ((seg[0] & kSpans) || InSegmentBox(e, p)) on_edge |= seg[1];
            continue;
        }
        const bool ref_left = (seg[0] & kRefLeft) != 0;
        if (seg[0] & kSpans) {
            if ((op > 0) != ref_left) inside ^= seg[1];
            continue;
        }
        // The general rule (EffectOfEdge), with the reference point's side known in advance.
        const bool left_a = Orient(p, ref, e.a) >= 0;
        const bool left_b = Orient(p, ref, e.b) >= 0;
        if (left_a != left_b && (op > 0) != ref_left) inside ^= seg[1];
    }
    const std::uint32_t holding = inside | on_edge;
    if (holding == 0) return -1;
    return items[std::countr_zero(holding)];  // candidates are in rank order: the lowest bit wins
}

// [SECTION] building

namespace {

// A candidate while building: an item, its edges touching the current cell, and whether the cell's
// reference point is inside it.
struct BuildCandidate {
    std::uint32_t item;
    std::vector<std::uint32_t> edges;
    bool inside;
};

// Builds the trie under a range of root cells into its own buffers: node blocks numbered from 0 in
// `blocks`, leaves from 0 in `leaf_words`. Several builders run side by side; their buffers are joined
// afterwards and the numbers shifted (PolygonIndex::Impl::build).
struct Builder {
    const PolygonIndex::Impl& index;
    std::vector<std::uint32_t> blocks;
    std::vector<std::uint32_t> leaf_words;
    std::size_t leaf_count = 0;

    // A point of `box` on none of the candidates' edges, trying the centre first.
    Vec2 ChooseReference(const Box& box, const std::vector<BuildCandidate>& cands) const {
        for (int k = 0; k < 256; ++k) {
            const double fx = k == 0 ? 0.5 : std::fmod(0.5 + k * 0.6180339887498949, 1.0);
            const double fy = k == 0 ? 0.5 : std::fmod(0.5 + k * 0.7548776662466927, 1.0);
            const Vec2 r{box.min_x + fx * box.width(), box.min_y + fy * box.height()};
            bool clear = box.contains(r);
            for (const BuildCandidate& c : cands) {
                for (std::uint32_t e : c.edges) {
                    if (!clear) break;
                    const Edge& edge = index.edges[e];
                    if (OnSegment(edge.a, edge.b, r)) clear = false;
                }
            }
            if (clear) return r;
        }
        return box.center();  // unreachable in practice: 256 points all on edges
    }

    // True when one vertex is an end of every candidate edge (grids meeting at a point).
    bool IsStar(const std::vector<BuildCandidate>& cands) const {
        const Edge* first = nullptr;
        for (const BuildCandidate& c : cands) {
            if (!c.edges.empty()) {
                first = &index.edges[c.edges.front()];
                break;
            }
        }
        if (!first) return false;
        for (Vec2 v : {first->a, first->b}) {
            bool all = true;
            for (const BuildCandidate& c : cands) {
                for (std::uint32_t e : c.edges) {
                    const Edge& edge = index.edges[e];
                    if (!(edge.a == v) && !(edge.b == v)) {
                        all = false;
                        break;
                    }
                }
                if (!all) break;
            }
            if (all) return true;
        }
        return false;
    }

    // Writes a leaf into leaf_words; returns its offset.
    std::uint32_t EmitLeaf(const Box& touch, Vec2 ref, const std::vector<BuildCandidate>& cands) {
        std::vector<std::uint32_t>& out = leaf_words;
        const auto offset = static_cast<std::uint32_t>(out.size());
        std::uint32_t ref_words[4];
        std::memcpy(ref_words, &ref.x, sizeof(double));
        std::memcpy(ref_words + 2, &ref.y, sizeof(double));
        out.insert(out.end(), ref_words, ref_words + 4);
        const auto cand_count = static_cast<std::uint32_t>(cands.size());
        // Segments: each distinct segment once, with the bits of every candidate it bounds.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> segments;
        std::uint32_t inside = 0;
        if (cand_count <= kMaxLeafCandidates) {
            for (std::uint32_t c = 0; c < cand_count; ++c) {
                if (cands[c].inside) inside |= 1u << c;
                for (std::uint32_t e : cands[c].edges) {
                    const Edge& edge = index.edges[e];
                    auto same = std::find_if(segments.begin(), segments.end(), [&](const auto& s) {
                        const Edge& o = index.edges[s.first];
                        return (o.a == edge.a && o.b == edge.b) || (o.a == edge.b && o.b == edge.a);
                    });
                    if (same == segments.end()) {
                        segments.push_back({e, 1u << c});
                    } else {
                        same->second ^= 1u << c;  // twice in one grid cancels, as crossing it twice would
                    }
                }
            }
        }
        out.push_back(cand_count);
        out.push_back(static_cast<std::uint32_t>(segments.size()));
        out.push_back(inside);
        for (const BuildCandidate& c : cands) out.push_back(c.item);
        for (const auto& [id, mask] : segments) {
            const Edge& e = index.edges[id];
            const bool spans = !touch.contains(e.a) && !touch.contains(e.b);
            out.push_back(id | (spans ? kSpans : 0) | (Orient(e.a, e.b, ref) > 0 ? kRefLeft : 0));
            out.push_back(mask);
        }
        leaf_count++;
        return offset;
    }

    // Emits the slot for a cell whose candidates (with edges touching the cell's expanded box, and
    // their status at `ref`) are known.
    std::uint32_t Emit(const Box& box, int depth, Vec2 ref, std::vector<BuildCandidate>& cands) {
        // Items with no edge here cover the cell or miss it; those that miss it are dropped.
        std::erase_if(cands, [](const BuildCandidate& c) { return c.edges.empty() && !c.inside; });
        std::size_t edge_total = 0;
        for (const BuildCandidate& c : cands) edge_total += c.edges.size();
        std::sort(cands.begin(), cands.end(), [&](const BuildCandidate& a, const BuildCandidate& b) {
            return index.rank[a.item] < index.rank[b.item];
        });
        if (edge_total == 0) return cands.empty() ? kNone : Slot(kPure, cands.front().item);
        // The cell lies wholly inside the best-ranked item when that item has no edge here.
        if (cands.front().edges.empty()) return Slot(kPure, cands.front().item);

        // ...unless every edge ends at one vertex: where grids meet, dividing only repeats the same edges.
        if (edge_total <= kLeafEdges || depth >= kMaxDepth || IsStar(cands)) {
            // Only candidates up to the first that covers the whole cell can ever win.
            for (std::size_t k = 0; k < cands.size(); ++k) {
                if (cands[k].edges.empty()) {
                    cands.resize(k + 1);
                    break;
                }
            }
            return Slot(kLeaf, EmitLeaf(Expanded(box, index.margin), ref, cands));
        }

        const std::uint32_t block = static_cast<std::uint32_t>(blocks.size());
        blocks.resize(blocks.size() + kBranch * kBranch, kNone);
        for (int j = 0; j < kBranch; ++j) {
            for (int i = 0; i < kBranch; ++i) {
                const Box child = ChildBox(box, i, j);
                const Box touch = Expanded(child, index.margin);
                std::vector<BuildCandidate> child_cands;
                child_cands.reserve(cands.size());
                for (const BuildCandidate& c : cands) {
                    BuildCandidate cc{c.item, {}, c.inside};
                    for (std::uint32_t e : c.edges) {
                        if (SegmentTouchesBox(index.edges[e], touch)) cc.edges.push_back(e);
                    }
                    child_cands.push_back(std::move(cc));
                }
                const Vec2 child_ref = ChooseReference(child, child_cands);
                // Status at the child's reference: the parent's, flipped per edge crossed between them.
                for (std::size_t k = 0; k < cands.size(); ++k) {
                    bool inside = cands[k].inside;
                    for (std::uint32_t e : cands[k].edges) {
                        if (EffectOfEdge(child_ref, ref, index.edges[e]) == EdgeEffect::Flip) inside = !inside;
                    }
                    child_cands[k].inside = inside;
                }
                const std::uint32_t slot = Emit(child, depth + 1, child_ref, child_cands);
                blocks[block + static_cast<std::uint32_t>(j * kBranch + i)] = slot;
            }
        }
        return Slot(kNode, block);
    }
};

}  // namespace

void PolygonIndex::Impl::build(const std::vector<const MultiPolygon*>& shapes) {
    // Edges, grouped by item; rings are stored without their closing vertex.
    item_first_edge.assign(1, 0);
    double max_abs = 0;
    std::vector<bool> interior_left;  // per edge: the item's interior lies to the left of a -> b
    for (std::uint32_t item = 0; item < shapes.size(); ++item) {
        for (const Polygon& polygon : *shapes[item]) {
            auto add_ring = [&](const Ring& ring) {
                const bool outer = &ring == &polygon.outer;
                const bool left = outer == (SignedArea(ring) > 0);
                for (std::size_t i = 0; i < ring.size(); ++i) {
                    const Vec2 a = ring[i];
                    const Vec2 b = ring[(i + 1) % ring.size()];
                    if (a == b) continue;
                    edges.push_back({a, b});
                    edge_item.push_back(item);
                    interior_left.push_back(left);
                    extent.extend(a);
                    max_abs = std::max({max_abs, std::abs(a.x), std::abs(a.y)});
                }
            };
            add_ring(polygon.outer);
            for (const Ring& hole : polygon.holes) add_ring(hole);
        }
        item_first_edge.push_back(static_cast<std::uint32_t>(edges.size()));
    }
    if (edges.empty()) return;

    // A margin far above rounding (about 10^4 ulps) and far below any cell: points that rounding puts
    // in a neighbouring cell are still within the margin of the cell whose edges were collected.
    margin = std::max(max_abs, std::max(extent.width(), extent.height())) * 1e-12 + 1e-12;
    extent = Expanded(extent, 4 * margin);

    // Root cells: about 32 per item (most queries end in the root cell they start in), square, at least
    // 64 and at most 16M. Tuned on the demo district with `make bench` (see BENCHMARKS.md).
    const double area = std::max(extent.width() * extent.height(), 1e-12);
    const double target = std::clamp<double>(32.0 * static_cast<double>(shapes.size()), 64.0, 16.0e6);
    const double side = std::sqrt(area / target);
    nx = std::clamp(static_cast<int>(std::ceil(extent.width() / side)), 1, 1 << 14);
    ny = std::clamp(static_cast<int>(std::ceil(extent.height() / side)), 1, 1 << 14);
    cell_w = extent.width() / nx;
    cell_h = extent.height() / ny;
    inverse_w = 1.0 / cell_w;
    inverse_h = 1.0 / cell_h;
    tiles_x = (nx + kTile - 1) / kTile;
    tiles_y = (ny + kTile - 1) / kTile;

    // The root cells a box may touch, [i0, i1] x [j0, j1].
    const std::size_t cell_count = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
    auto cell_range = [&](const Box& b, int& i0, int& i1, int& j0, int& j1) {
        auto col = [&](double x) { return std::clamp(static_cast<int>((x - extent.min_x) / cell_w), 0, nx - 1); };
        auto row = [&](double y) { return std::clamp(static_cast<int>((y - extent.min_y) / cell_h), 0, ny - 1); };
        i0 = col(b.min_x - 2 * margin);
        i1 = col(b.max_x + 2 * margin);
        j0 = row(b.min_y - 2 * margin);
        j1 = row(b.max_y + 2 * margin);
    };
    // Every edge, in the root cells it may touch.
    FillCellLists(cell_count, root_first, root_edges, [&](auto&& add) {
        for (std::uint32_t id = 0; id < edges.size(); ++id) {
            Box b;
            b.extend(edges[id].a);
            b.extend(edges[id].b);
            int i0, i1, j0, j1;
            cell_range(b, i0, i1, j0, j1);
            for (int j = j0; j <= j1; ++j) {
                for (int i = i0; i <= i1; ++i) {
                    if (SegmentTouchesBox(edges[id], Expanded(root_box(i, j), margin))) {
                        add(static_cast<std::size_t>(j) * nx + i, id);
                    }
                }
            }
        }
    });
    // Every item, in the root cells its bounds cover: candidates that may hold a cell without an edge in it.
    std::vector<Box> item_bounds(shapes.size());
    for (std::uint32_t item = 0; item < shapes.size(); ++item) {
        for (std::uint32_t e = item_first_edge[item]; e < item_first_edge[item + 1]; ++e) {
            item_bounds[item].extend(edges[e].a);
            item_bounds[item].extend(edges[e].b);
        }
    }
    std::vector<std::uint32_t> cover_first, cover;
    FillCellLists(cell_count, cover_first, cover, [&](auto&& add) {
        for (std::uint32_t item = 0; item < shapes.size(); ++item) {
            if (item_bounds[item].empty()) continue;  // no edges
            int i0, i1, j0, j1;
            cell_range(item_bounds[item], i0, i1, j0, j1);
            for (int j = j0; j <= j1; ++j) {
                for (int i = i0; i <= i1; ++i) add(static_cast<std::size_t>(j) * nx + i, item);
            }
        }
    });

    // Root cells are built tile by tile (kTile x kTile cells), so that a tile's leaves and segments lie
    // together in memory; contiguous runs of tiles go to the cores.
    slots.assign(cell_count, kNone);
    const int tile_count = tiles_x * tiles_y;
    const std::size_t runs = std::min<std::size_t>(RunCount(shapes.size(), 2000), static_cast<std::size_t>(tile_count));
    std::vector<Builder> builders;
    for (std::size_t r = 0; r < std::max<std::size_t>(runs, 1); ++r) builders.push_back(Builder{*this, {}, {}, 0});
    ForEachRun(
        static_cast<std::size_t>(tile_count), builders.size(),
        [&](std::size_t run, std::size_t begin, std::size_t end) {
            Builder& builder = builders[run];
            for (std::size_t tile = begin; tile < end; ++tile) {
                for (int c_in = 0; c_in < kTile * kTile; ++c_in) {
                    const int i = static_cast<int>(tile % static_cast<std::size_t>(tiles_x)) * kTile + c_in % kTile;
                    const int j = static_cast<int>(tile / static_cast<std::size_t>(tiles_x)) * kTile + c_in / kTile;
                    if (i >= nx || j >= ny) continue;
                    const std::size_t c = static_cast<std::size_t>(j) * nx + i;
                    const Box box = root_box(i, j);
                    std::vector<BuildCandidate> cands;
                    for (std::uint32_t k = cover_first[c]; k < cover_first[c + 1]; ++k)
                        cands.push_back({cover[k], {}, false});
                    for (std::uint32_t k = root_first[c]; k < root_first[c + 1]; ++k) {
                        const std::uint32_t id = root_edges[k];
                        auto it = std::find_if(cands.begin(), cands.end(),
                                               [&](const BuildCandidate& bc) { return bc.item == edge_item[id]; });
                        if (it == cands.end()) it = cands.insert(cands.end(), BuildCandidate{edge_item[id], {}, false});
                        it->edges.push_back(id);
                    }
                    if (cands.empty()) continue;
                    const Vec2 ref = builder.ChooseReference(box, cands);
                    for (BuildCandidate& bc : cands) {
                        const std::uint32_t first = item_first_edge[bc.item];
                        bc.inside = LocateByRay(ref, edges.data() + first, item_first_edge[bc.item + 1] - first) ==
                                    Location::Inside;
                    }
                    slots[c] = builder.Emit(box, 0, ref, cands);
                }
            }
        });
    // Join the builders' buffers, in run order, shifting their block and leaf numbers.
    std::vector<std::uint32_t> block_base, leaf_base;
    std::size_t total_blocks = cell_count, total_words = 0;
    for (const Builder& b : builders) {
        block_base.push_back(static_cast<std::uint32_t>(total_blocks));
        leaf_base.push_back(static_cast<std::uint32_t>(total_words));
        total_blocks += b.blocks.size();
        total_words += b.leaf_words.size();
        leaf_count += b.leaf_count;
    }
    auto shift = [&](std::uint32_t slot, std::size_t run) {
        if (slot == kNone) return slot;
        const std::uint32_t tag = slot >> kPayloadBits, payload = slot & kPayloadMask;
        if (tag == kNode) return Slot(kNode, payload + block_base[run]);
        if (tag == kLeaf) return Slot(kLeaf, payload + leaf_base[run]);
        return slot;
    };
    std::vector<std::size_t> run_of_tile(static_cast<std::size_t>(tile_count));
    {
        const std::size_t chunk = (static_cast<std::size_t>(tile_count) + builders.size() - 1) / builders.size();
        for (std::size_t t = 0; t < run_of_tile.size(); ++t) run_of_tile[t] = t / chunk;
    }
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            const std::size_t tile = static_cast<std::size_t>((j / kTile) * tiles_x + i / kTile);
            std::uint32_t& slot = slots[static_cast<std::size_t>(j) * nx + i];
            slot = shift(slot, run_of_tile[tile]);
        }
    }
    slots.reserve(total_blocks);
    leaf_words.reserve(total_words);
    for (std::size_t r = 0; r < builders.size(); ++r) {
        for (std::uint32_t slot : builders[r].blocks) slots.push_back(shift(slot, r));
        leaf_words.insert(leaf_words.end(), builders[r].leaf_words.begin(), builders[r].leaf_words.end());
        builders[r].blocks = {};  // free as we go
        builders[r].leaf_words = {};
    }

    // Renumber the leaves' segments in order of first use, into their own array.
    {
        std::vector<std::uint32_t> renumber(edges.size(), kNone);
        for (std::size_t at = 0; at < leaf_words.size();) {
            const std::uint32_t cand_count = leaf_words[at + 4], segment_count = leaf_words[at + 5];
            std::uint32_t* seg = leaf_words.data() + at + kLeafHeaderWords + cand_count;
            for (std::uint32_t k = 0; k < segment_count; ++k, seg += 2) {
                const std::uint32_t id = seg[0] & kEdgeIdMask;
                if (renumber[id] == kNone) {
                    renumber[id] = static_cast<std::uint32_t>(leaf_segments.size());
                    leaf_segments.push_back(edges[id]);
                }
                seg[0] = (seg[0] & ~kEdgeIdMask) | renumber[id];
            }
            at += kLeafHeaderWords + cand_count + 2 * segment_count;
        }
    }
    // The nearest grid to a point outside them all lies on the outline of their union: an edge shared by
    // two grids with their interiors on either side is inside that union, and stays out of the R-tree.
    std::vector<bool> shared(edges.size(), false);
    {
        struct Keyed {
            Vec2 lo, hi;
            bool left;  // the interior's side, seen from lo to hi
            std::uint32_t id;
        };
        auto less = [](Vec2 u, Vec2 v) { return u.x < v.x || (u.x == v.x && u.y < v.y); };
        std::vector<Keyed> keyed;
        keyed.reserve(edges.size());
        for (std::uint32_t id = 0; id < edges.size(); ++id) {
            const Edge& e = edges[id];
            const bool forward = less(e.a, e.b);
            keyed.push_back({forward ? e.a : e.b, forward ? e.b : e.a, interior_left[id] == forward, id});
        }
        std::sort(keyed.begin(), keyed.end(), [&](const Keyed& u, const Keyed& v) {
            return less(u.lo, v.lo) || (u.lo == v.lo && less(u.hi, v.hi));
        });
        for (std::size_t i = 0; i < keyed.size();) {
            std::size_t j = i;
            bool left = false, right = false;
            while (j < keyed.size() && keyed[j].lo == keyed[i].lo && keyed[j].hi == keyed[i].hi) {
                (keyed[j].left ? left : right) = true;
                ++j;
            }
            if (left && right) {
                for (std::size_t k = i; k < j; ++k) shared[keyed[k].id] = true;
            }
            i = j;
        }
    }
    std::vector<std::pair<TreeSegment, std::uint32_t>> values;
    for (std::uint32_t id = 0; id < edges.size(); ++id) {
        if (shared[id]) continue;
        values.push_back({TreeSegment({edges[id].a.x, edges[id].a.y}, {edges[id].b.x, edges[id].b.y}), id});
    }
    nearest_tree = SegmentTree(values.begin(), values.end());
    // The root cells' edge lists served the build only.
    root_first = {};
    root_edges = {};
    slots.shrink_to_fit();
    leaf_words.shrink_to_fit();
}

PolygonIndex::PolygonIndex() : impl_(std::make_unique<Impl>()) {}
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;
PolygonIndex::~PolygonIndex() = default;

PolygonIndex PolygonIndex::Build(const std::vector<const MultiPolygon*>& shapes,
                                 const std::vector<std::uint32_t>& rank) {
    PolygonIndex index;
    index.impl_->rank = rank;
    index.impl_->rank.resize(shapes.size(), std::numeric_limits<std::uint32_t>::max());
    index.impl_->build(shapes);
    return index;
}

// [SECTION] queries

std::int64_t PolygonIndex::locate(Vec2 p) const {
    const Impl& x = *impl_;
    if (x.slots.empty() || !x.extent.contains(p)) return -1;
    const int i = std::clamp(static_cast<int>((p.x - x.extent.min_x) * x.inverse_w), 0, x.nx - 1);
    const int j = std::clamp(static_cast<int>((p.y - x.extent.min_y) * x.inverse_h), 0, x.ny - 1);
    std::uint32_t slot = x.slots[static_cast<std::size_t>(j) * x.nx + i];
    Box box = x.root_box(i, j);
    for (;;) {
        if (slot == kNone) return -1;
        const std::uint32_t payload = slot & kPayloadMask;
        switch (slot >> kPayloadBits) {
            case kPure: return payload;
            case kLeaf: return x.query_leaf(payload, p);
            default: {  // kNode
                const int ci = ChildIndex(p.x, box.min_x, box.max_x);
                const int cj = ChildIndex(p.y, box.min_y, box.max_y);
                box = ChildBox(box, ci, cj);
                slot = x.slots[payload + static_cast<std::uint32_t>(cj * kBranch + ci)];
            }
        }
    }
}

void PolygonIndex::locate_many(std::span<const Vec2> points, std::span<std::int64_t> items) const {
    // Interleaved: kInFlight queries advance in turn, one memory step each, and every step prefetches the
    // line its query reads next. A lone query waits for each of its cache misses in turn; sixteen
    // interleaved ones wait for theirs together. Each query gets exactly locate()'s answer.
    constexpr int kInFlight = 16;
    struct Query {
        std::size_t at = 0;
        Vec2 p;
        Box box;
        std::uint32_t slot = 0;
        int stage = 0;  // 0: free, 1: read the slot, 2: fetch the leaf's segments, 3: answer from the leaf
    };
    const Impl& x = *impl_;
    if (x.slots.empty()) {
        std::fill(items.begin(), items.end(), -1);
        return;
    }
    Query queries[kInFlight];
    std::size_t next = 0;
    int active = 0;
    // Starts the next point on q: settled at once outside the extent, else its root slot is fetched.
    auto start = [&](Query& q) {
        while (next < points.size()) {
            const std::size_t at = next++;
            const Vec2 p = points[at];
            if (!x.extent.contains(p)) {
                items[at] = -1;
                continue;
            }
            const int i = std::clamp(static_cast<int>((p.x - x.extent.min_x) * x.inverse_w), 0, x.nx - 1);
            const int j = std::clamp(static_cast<int>((p.y - x.extent.min_y) * x.inverse_h), 0, x.ny - 1);
            q.at = at;
            q.p = p;
            q.box = x.root_box(i, j);
            q.slot = static_cast<std::uint32_t>(j * x.nx + i);
            q.stage = 1;
            __builtin_prefetch(&x.slots[q.slot]);
            ++active;
            return;
        }
        q.stage = 0;
    };
    for (Query& q : queries) start(q);
    while (active > 0) {
        for (Query& q : queries) {
            if (q.stage == 0) continue;
            if (q.stage == 2) {
                const std::uint32_t* w = x.leaf_words.data() + q.slot;
                const std::uint32_t* seg = w + kLeafHeaderWords + w[4];
                for (std::uint32_t k = 0; k < w[5] && w[4] <= kMaxLeafCandidates; ++k) {
                    __builtin_prefetch(&x.leaf_segments[seg[2 * k] & kEdgeIdMask]);
                }
                q.stage = 3;
                continue;
            }
            if (q.stage == 3) {
                items[q.at] = x.query_leaf(q.slot, q.p);
                --active;
                start(q);
                continue;
            }
            const std::uint32_t slot = x.slots[q.slot];
            const std::uint32_t payload = slot & kPayloadMask;
            const std::uint32_t tag = slot == kNone ? kNone : slot >> kPayloadBits;
            if (tag == kNode) {
                const int ci = ChildIndex(q.p.x, q.box.min_x, q.box.max_x);
                const int cj = ChildIndex(q.p.y, q.box.min_y, q.box.max_y);
                q.box = ChildBox(q.box, ci, cj);
                q.slot = payload + static_cast<std::uint32_t>(cj * kBranch + ci);
                __builtin_prefetch(&x.slots[q.slot]);
            } else if (tag == kLeaf) {
                // The leaf's words (a leaf rarely spans more than two lines).
                const std::uint32_t* w = x.leaf_words.data() + payload;
                __builtin_prefetch(w);
                __builtin_prefetch(w + 16);
                q.slot = payload;
                q.stage = 2;
            } else {
                items[q.at] = tag == kPure ? static_cast<std::int64_t>(payload) : -1;
                --active;
                start(q);
            }
        }
    }
}

std::pair<std::int64_t, double> PolygonIndex::nearest(Vec2 p) const {
    const Impl& x = *impl_;
    if (x.slots.empty()) return {-1, std::numeric_limits<double>::infinity()};
    if (const std::int64_t inside = locate(p); inside >= 0) return {inside, 0.0};
    // The R-tree's nearest edge; then the edges through the nearest point found (a vertex shared by grids
    // is at exactly the same distance through all of its edges, see SquaredDistanceToSegment), of which
    // the best-ranked grid takes the tie.
    std::pair<TreeSegment, std::uint32_t> found[1];
    if (x.nearest_tree.query(bgi::nearest(TreePoint(p.x, p.y), 1), found) == 0) {
        return {-1, std::numeric_limits<double>::infinity()};
    }
    const Edge& e = x.edges[found[0].second];
    double best = SquaredDistanceToSegment(p, e);
    std::int64_t best_item = x.edge_item[found[0].second];
    const Vec2 d = e.b - e.a;
    const double len2 = d.x * d.x + d.y * d.y;
    const double t = len2 > 0 ? std::clamp(((p.x - e.a.x) * d.x + (p.y - e.a.y) * d.y) / len2, 0.0, 1.0) : 0;
    const Vec2 q = t <= 0 ? e.a : (t >= 1 ? e.b : Vec2{e.a.x + d.x * t, e.a.y + d.y * t});
    const bg::model::box<TreePoint> at(TreePoint(q.x - x.margin, q.y - x.margin),
                                       TreePoint(q.x + x.margin, q.y + x.margin));
    for (auto it = x.nearest_tree.qbegin(bgi::intersects(at)); it != x.nearest_tree.qend(); ++it) {
        const double dd = SquaredDistanceToSegment(p, x.edges[it->second]);
        const std::uint32_t item = x.edge_item[it->second];
        if (dd < best || (dd == best && x.rank[item] < x.rank[static_cast<std::size_t>(best_item)])) {
            best = dd;
            best_item = item;
        }
    }
    best = std::sqrt(best);
    return {best_item, best};
}

std::size_t PolygonIndex::size() const {
    return impl_->item_first_edge.empty() ? 0 : impl_->item_first_edge.size() - 1;
}

std::size_t PolygonIndex::memory_bytes() const {
    const Impl& x = *impl_;
    return sizeof(Impl) + Bytes(x.edges) + Bytes(x.edge_item) + Bytes(x.item_first_edge) + Bytes(x.rank) +
           Bytes(x.root_first) + Bytes(x.root_edges) + Bytes(x.slots) + Bytes(x.leaf_words) + Bytes(x.leaf_segments) +
           NearestTreeBytes(x.nearest_tree.size());
}

std::string PolygonIndex::describe() const {
    const Impl& x = *impl_;
    std::size_t pure = 0, none = 0, nodes = 0, leaves = 0;
    for (std::uint32_t slot : x.slots) {
        if (slot == kNone) {
            ++none;
        } else {
            const std::uint32_t tag = slot >> kPayloadBits;
            (tag == kPure ? pure : tag == kNode ? nodes : leaves)++;
        }
    }
    char line[512];
    std::snprintf(line, sizeof line,
                  "%zu items, %zu edges, %dx%d root cells; slots: %zu pure, %zu empty, %zu divided, %zu leaves; "
                  "%.1f words a leaf; %.1f MiB",
                  size(), x.edges.size(), x.nx, x.ny, pure, none, nodes, leaves,
                  static_cast<double>(x.leaf_words.size()) / std::max<std::size_t>(x.leaf_count, 1),
                  static_cast<double>(memory_bytes()) / (1 << 20));
    return line;
}

// [SECTION] the grid index over a GridSet

GridIndex::GridIndex() = default;
GridIndex::GridIndex(GridIndex&&) noexcept = default;
GridIndex& GridIndex::operator=(GridIndex&&) noexcept = default;
GridIndex::~GridIndex() = default;

GridIndex GridIndex::Build(const GridSet& grids) {
    const auto start = std::chrono::steady_clock::now();
    GridIndex index;
    for (int level = kLevelCount; level >= 1; --level) {
        if (grids.at_level(level).empty()) continue;
        Level l;
        l.level = level;
        index.levels_.push_back(std::move(l));
    }
    // Ranks follow code order, so that the boundary rule does not depend on the order of the source.
    std::vector<std::size_t> by_code(grids.size());
    std::iota(by_code.begin(), by_code.end(), 0);
    std::sort(by_code.begin(), by_code.end(), [&](std::size_t a, std::size_t b) {
        return grids[a].code != grids[b].code ? grids[a].code < grids[b].code : a < b;
    });
    std::vector<std::uint32_t> code_rank(grids.size());
    for (std::size_t r = 0; r < by_code.size(); ++r) code_rank[by_code[r]] = static_cast<std::uint32_t>(r);

    // Levels are independent: build them side by side (the finest dominates).
    ForEachRun(index.levels_.size(), std::min<std::size_t>(index.levels_.size(), RunCount(index.levels_.size(), 2)),
               [&](std::size_t, std::size_t begin, std::size_t end) {
                   for (std::size_t k = begin; k < end; ++k) {
                       Level& l = index.levels_[k];
                       std::vector<const MultiPolygon*> shapes;
                       std::vector<std::uint32_t> rank;
                       for (std::size_t i : grids.at_level(l.level)) {
                           shapes.push_back(&grids[i].shape);
                           rank.push_back(code_rank[i]);
                           l.grid_of_item.push_back(static_cast<std::int64_t>(i));
                       }
                       l.index = PolygonIndex::Build(shapes, rank);
                   }
               });
    index.build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return index;
}

const GridIndex::Level* GridIndex::level_for(int level) const {
    if (levels_.empty()) return nullptr;
    for (const Level& l : levels_) {
        if (l.level <= level) return &l;
    }
    return &levels_.back();
}

GridHit GridIndex::locate(Vec2 p) const {
    for (const Level& l : levels_) {
        const std::int64_t item = l.index.locate(p);
        if (item >= 0) return GridHit{l.grid_of_item[static_cast<std::size_t>(item)], -1, 0};
    }
    return outside_hit(p);
}

GridHit GridIndex::outside_hit(Vec2 p) const {
    GridHit hit;
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {  // no grid holds it, and none is nearest
        hit.distance_m = std::numeric_limits<double>::infinity();
        return hit;
    }
    if (!levels_.empty()) {
        const auto [item, distance] = levels_.front().index.nearest(p);
        if (item >= 0) hit.nearest = levels_.front().grid_of_item[static_cast<std::size_t>(item)];
        hit.distance_m = distance;
    }
    return hit;
}

std::int64_t GridIndex::locate_at_level(Vec2 p, int level) const {
    const Level* l = level_for(level);
    if (!l) return -1;
    const std::int64_t item = l->index.locate(p);
    return item < 0 ? -1 : l->grid_of_item[static_cast<std::size_t>(item)];
}

void GridIndex::locate_many(std::span<const Vec2> points, std::span<GridHit> hits, int threads) const {
    const std::size_t runs = threads > 0
                                 ? std::min<std::size_t>(static_cast<std::size_t>(threads), points.size() / 1024 + 1)
                                 : RunCount(points.size(), 4096);
    ForEachRun(points.size(), std::max<std::size_t>(runs, 1), [&](std::size_t, std::size_t begin, std::size_t end) {
        // Level by level, finest first, each a batch; what no level holds gets its nearest grid.
        std::vector<std::size_t> pending(end - begin);
        std::iota(pending.begin(), pending.end(), begin);
        std::vector<Vec2> batch;
        std::vector<std::int64_t> items;
        for (const Level& l : levels_) {
            if (pending.empty()) break;
            batch.clear();
            for (std::size_t i : pending) batch.push_back(points[i]);
            items.assign(batch.size(), -1);
            l.index.locate_many(batch, items);
            std::size_t kept = 0;
            for (std::size_t k = 0; k < pending.size(); ++k) {
                if (items[k] >= 0) {
                    hits[pending[k]] = GridHit{l.grid_of_item[static_cast<std::size_t>(items[k])], -1, 0};
                } else {
                    pending[kept++] = pending[k];
                }
            }
            pending.resize(kept);
        }
        for (std::size_t i : pending) hits[i] = outside_hit(points[i]);
    });
}

bool GridIndex::empty() const { return levels_.empty(); }

std::size_t GridIndex::memory_bytes() const {
    std::size_t bytes = sizeof(GridIndex);
    for (const Level& l : levels_) bytes += sizeof(Level) + l.index.memory_bytes() + Bytes(l.grid_of_item);
    return bytes;
}

}  // namespace gridlink
