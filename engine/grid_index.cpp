// The grid index: an adaptive cell trie over each level's polygons. A cell is pure (wholly inside one
// grid, or outside all) and answers at once, or is a leaf holding the edges that touch it and, for each
// candidate grid, whether a reference point in the cell is inside; a query flips that answer once per
// edge crossed on the way from the point to the reference point. All decisions use exact predicates.
#include "grid_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "parallel.h"
#include "predicates.h"

namespace gridlink {

// [SECTION] cells, leaves and the crossing rule

namespace {

// A slot names what a cell holds: the top two bits say what, the rest where.
constexpr std::uint32_t kPayloadBits = 30;
constexpr std::uint32_t kPayloadMask = (1u << kPayloadBits) - 1;
constexpr std::uint32_t kPure = 0u;  // payload: the item
constexpr std::uint32_t kNode = 1u;  // payload: first slot of kBranch x kBranch children
constexpr std::uint32_t kLeaf = 2u;  // payload: the leaf
constexpr std::uint32_t kNone = 0xFFFFFFFFu;  // outside every item

constexpr int kBranch = 4;            // a subdivided cell has kBranch x kBranch children
constexpr int kMaxDepth = 12;         // below the root cells
constexpr std::size_t kLeafEdges = 4; // a cell with more edges than this is subdivided

std::uint32_t Slot(std::uint32_t tag, std::uint32_t payload) { return (tag << kPayloadBits) | payload; }

using Edge = Segment;

struct Leaf {
    Vec2 ref;                    // a point of the cell on no edge
    std::uint32_t first = 0;     // candidates [first, first + count), in rank order
    std::uint32_t count = 0;
};

struct Candidate {
    std::uint32_t item = 0;
    std::uint32_t first_edge = 0;  // its edges touching the cell: [first_edge, first_edge + edge_count)
    std::uint32_t edge_count = 0;
    std::uint32_t inside_at_ref = 0;
};

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
    const int i = static_cast<int>((v - lo) * kBranch / (hi - lo));
    return std::clamp(i, 0, kBranch - 1);
}

double SquaredDistanceToSegment(Vec2 p, const Edge& e) {
    const Vec2 d = e.b - e.a;
    const double len2 = d.x * d.x + d.y * d.y;
    double t = len2 > 0 ? ((p.x - e.a.x) * d.x + (p.y - e.a.y) * d.y) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const Vec2 q{e.a.x + d.x * t - p.x, e.a.y + d.y * t - p.y};
    return q.x * q.x + q.y * q.y;
}

double SquaredDistanceToBox(Vec2 p, const Box& b) {
    const double dx = std::max({b.min_x - p.x, 0.0, p.x - b.max_x});
    const double dy = std::max({b.min_y - p.y, 0.0, p.y - b.max_y});
    return dx * dx + dy * dy;
}

template <typename T>
std::size_t Bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}

}  // namespace

// [SECTION] the index of one level

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
    // Edges touching each root cell (ids into `edges`): cell c has [root_first[c], root_first[c + 1]).
    std::vector<std::uint32_t> root_first;
    std::vector<std::uint32_t> root_edges;

    // The trie: root slots first (nx * ny), then blocks of children.
    std::vector<std::uint32_t> slots;
    std::vector<Leaf> leaves;
    std::vector<Candidate> candidates;
    std::vector<Edge> leaf_edges;

    Box root_box(int i, int j) const {
        const double x0 = extent.min_x + cell_w * i;
        const double y0 = extent.min_y + cell_h * j;
        return {x0, y0, i == nx - 1 ? extent.max_x : x0 + cell_w, j == ny - 1 ? extent.max_y : y0 + cell_h};
    }
    std::int64_t query_leaf(const Leaf& leaf, Vec2 p) const;
    void build(const std::vector<const MultiPolygon*>& shapes);
};

std::int64_t PolygonIndex::Impl::query_leaf(const Leaf& leaf, Vec2 p) const {
    for (std::uint32_t c = leaf.first; c < leaf.first + leaf.count; ++c) {
        const Candidate& cand = candidates[c];
        bool inside = cand.inside_at_ref != 0;
        const Edge* e = leaf_edges.data() + cand.first_edge;
        for (std::uint32_t k = 0; k < cand.edge_count; ++k, ++e) {
            const EdgeEffect effect = EffectOfEdge(p, leaf.ref, *e);
            if (effect == EdgeEffect::OnEdge) return cand.item;  // its closure holds p
            if (effect == EdgeEffect::Flip) inside = !inside;
        }
        if (inside) return cand.item;
    }
    return -1;
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

struct Builder {
    PolygonIndex::Impl& index;

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

    // Emits the slot for a cell whose candidates (with edges touching the cell's expanded box, and
    // their status at `ref`) are known.
    std::uint32_t Emit(const Box& box, int depth, Vec2 ref, std::vector<BuildCandidate>& cands) {
        // Items with no edge here cover the cell or miss it; those that miss it are dropped.
        std::erase_if(cands, [](const BuildCandidate& c) { return c.edges.empty() && !c.inside; });
        std::size_t edge_total = 0;
        for (const BuildCandidate& c : cands) edge_total += c.edges.size();
        std::sort(cands.begin(), cands.end(),
                  [&](const BuildCandidate& a, const BuildCandidate& b) { return index.rank[a.item] < index.rank[b.item]; });
        if (edge_total == 0) return cands.empty() ? kNone : Slot(kPure, cands.front().item);
        // The cell lies wholly inside the best-ranked item when that item has no edge here.
        if (cands.front().edges.empty()) return Slot(kPure, cands.front().item);

        if (edge_total <= kLeafEdges || depth >= kMaxDepth) {
            Leaf leaf;
            leaf.ref = ref;
            leaf.first = static_cast<std::uint32_t>(index.candidates.size());
            for (const BuildCandidate& c : cands) {
                Candidate out;
                out.item = c.item;
                out.first_edge = static_cast<std::uint32_t>(index.leaf_edges.size());
                out.edge_count = static_cast<std::uint32_t>(c.edges.size());
                out.inside_at_ref = c.inside ? 1 : 0;
                for (std::uint32_t e : c.edges) index.leaf_edges.push_back(index.edges[e]);
                index.candidates.push_back(out);
                leaf.count++;
                if (c.edges.empty()) break;  // covers the whole cell: nothing after it can win
            }
            index.leaves.push_back(leaf);
            return Slot(kLeaf, static_cast<std::uint32_t>(index.leaves.size() - 1));
        }

        const std::uint32_t block = static_cast<std::uint32_t>(index.slots.size());
        index.slots.resize(index.slots.size() + kBranch * kBranch, kNone);
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
                index.slots[block + static_cast<std::uint32_t>(j * kBranch + i)] = slot;
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
    for (std::uint32_t item = 0; item < shapes.size(); ++item) {
        for (const Polygon& polygon : *shapes[item]) {
            auto add_ring = [&](const Ring& ring) {
                for (std::size_t i = 0; i < ring.size(); ++i) {
                    const Vec2 a = ring[i];
                    const Vec2 b = ring[(i + 1) % ring.size()];
                    if (a == b) continue;
                    edges.push_back({a, b});
                    edge_item.push_back(item);
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

    // Root cells: about two per item, square, at least 16 and at most 4M.
    const double area = std::max(extent.width() * extent.height(), 1e-12);
    const double target = std::clamp<double>(2.0 * static_cast<double>(shapes.size()), 16.0, 4.0e6);
    const double side = std::sqrt(area / target);
    nx = std::clamp(static_cast<int>(std::ceil(extent.width() / side)), 1, 1 << 14);
    ny = std::clamp(static_cast<int>(std::ceil(extent.height() / side)), 1, 1 << 14);
    cell_w = extent.width() / nx;
    cell_h = extent.height() / ny;

    // Bin every edge into the root cells it may touch (counting pass, then filling pass).
    const std::size_t cell_count = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
    auto cell_range = [&](const Edge& e, int& i0, int& i1, int& j0, int& j1) {
        auto col = [&](double x) { return std::clamp(static_cast<int>((x - extent.min_x) / cell_w), 0, nx - 1); };
        auto row = [&](double y) { return std::clamp(static_cast<int>((y - extent.min_y) / cell_h), 0, ny - 1); };
        i0 = col(std::min(e.a.x, e.b.x) - 2 * margin);
        i1 = col(std::max(e.a.x, e.b.x) + 2 * margin);
        j0 = row(std::min(e.a.y, e.b.y) - 2 * margin);
        j1 = row(std::max(e.a.y, e.b.y) + 2 * margin);
    };
    root_first.assign(cell_count + 1, 0);
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<std::uint32_t> fill;
        if (pass == 1) {
            std::partial_sum(root_first.begin(), root_first.end(), root_first.begin());
            root_edges.resize(root_first.back());
            fill.assign(root_first.begin(), root_first.end() - 1);
        }
        for (std::uint32_t id = 0; id < edges.size(); ++id) {
            int i0, i1, j0, j1;
            cell_range(edges[id], i0, i1, j0, j1);
            for (int j = j0; j <= j1; ++j) {
                for (int i = i0; i <= i1; ++i) {
                    const std::size_t c = static_cast<std::size_t>(j) * nx + i;
                    if (!SegmentTouchesBox(edges[id], Expanded(root_box(i, j), margin))) continue;
                    if (pass == 0) {
                        root_first[c + 1]++;
                    } else {
                        root_edges[fill[c]++] = id;
                    }
                }
            }
        }
    }

    // Items whose bounds cover each root cell: candidates that may hold a cell without an edge in it.
    std::vector<std::vector<std::uint32_t>> covering(cell_count);
    for (std::uint32_t item = 0; item + 1 < item_first_edge.size(); ++item) {
        Box b;
        for (std::uint32_t e = item_first_edge[item]; e < item_first_edge[item + 1]; ++e) {
            b.extend(edges[e].a);
            b.extend(edges[e].b);
        }
        if (b.empty()) continue;
        Edge diagonal{{b.min_x, b.min_y}, {b.max_x, b.max_y}};
        int i0, i1, j0, j1;
        cell_range(diagonal, i0, i1, j0, j1);
        for (int j = j0; j <= j1; ++j) {
            for (int i = i0; i <= i1; ++i) covering[static_cast<std::size_t>(j) * nx + i].push_back(item);
        }
    }

    slots.assign(cell_count, kNone);
    Builder builder{*this};
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            const std::size_t c = static_cast<std::size_t>(j) * nx + i;
            const Box box = root_box(i, j);
            std::vector<BuildCandidate> cands;
            for (std::uint32_t item : covering[c]) cands.push_back({item, {}, false});
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
                bc.inside = LocateByRay(ref, edges.data() + first, item_first_edge[bc.item + 1] - first) == Location::Inside;
            }
            const std::uint32_t slot = builder.Emit(box, 0, ref, cands);
            slots[c] = slot;
        }
    }
    slots.shrink_to_fit();
    leaves.shrink_to_fit();
    candidates.shrink_to_fit();
    leaf_edges.shrink_to_fit();
}

PolygonIndex::PolygonIndex() : impl_(std::make_unique<Impl>()) {}
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;
PolygonIndex::~PolygonIndex() = default;

PolygonIndex PolygonIndex::Build(const std::vector<const MultiPolygon*>& shapes, const std::vector<std::uint32_t>& rank) {
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
    const int i = std::clamp(static_cast<int>((p.x - x.extent.min_x) / x.cell_w), 0, x.nx - 1);
    const int j = std::clamp(static_cast<int>((p.y - x.extent.min_y) / x.cell_h), 0, x.ny - 1);
    std::uint32_t slot = x.slots[static_cast<std::size_t>(j) * x.nx + i];
    Box box = x.root_box(i, j);
    for (;;) {
        if (slot == kNone) return -1;
        const std::uint32_t payload = slot & kPayloadMask;
        switch (slot >> kPayloadBits) {
            case kPure:
                return payload;
            case kLeaf:
                return x.query_leaf(x.leaves[payload], p);
            default: {  // kNode
                const int ci = ChildIndex(p.x, box.min_x, box.max_x);
                const int cj = ChildIndex(p.y, box.min_y, box.max_y);
                box = ChildBox(box, ci, cj);
                slot = x.slots[payload + static_cast<std::uint32_t>(cj * kBranch + ci)];
            }
        }
    }
}

std::pair<std::int64_t, double> PolygonIndex::nearest(Vec2 p) const {
    const Impl& x = *impl_;
    if (x.slots.empty()) return {-1, std::numeric_limits<double>::infinity()};
    if (const std::int64_t inside = locate(p); inside >= 0) return {inside, 0.0};
    // Rings of root cells around the nearest one, until no closer edge can remain.
    const int ci = std::clamp(static_cast<int>(std::floor((p.x - x.extent.min_x) / x.cell_w)), 0, x.nx - 1);
    const int cj = std::clamp(static_cast<int>(std::floor((p.y - x.extent.min_y) / x.cell_h)), 0, x.ny - 1);
    double best = std::numeric_limits<double>::infinity();
    std::int64_t best_item = -1;
    for (int ring = 0; ring <= std::max(x.nx, x.ny); ++ring) {
        double ring_min = std::numeric_limits<double>::infinity();
        for (int j = cj - ring; j <= cj + ring; ++j) {
            if (j < 0 || j >= x.ny) continue;
            const bool edge_row = j == cj - ring || j == cj + ring;
            for (int i = ci - ring; i <= ci + ring; i += edge_row ? 1 : 2 * ring) {
                if (i >= 0 && i < x.nx) {
                    const double d = SquaredDistanceToBox(p, x.root_box(i, j));
                    ring_min = std::min(ring_min, d);
                    if (d < best) {
                        const std::size_t c = static_cast<std::size_t>(j) * x.nx + i;
                        for (std::uint32_t k = x.root_first[c]; k < x.root_first[c + 1]; ++k) {
                            const std::uint32_t id = x.root_edges[k];
                            const double de = SquaredDistanceToSegment(p, x.edges[id]);
                            const std::uint32_t item = x.edge_item[id];
                            // Ties go to the better-ranked item, as on boundaries.
                            if (de < best || (de == best && best_item >= 0 &&
                                              x.rank[item] < x.rank[static_cast<std::size_t>(best_item)])) {
                                best = de;
                                best_item = item;
                            }
                        }
                    }
                }
                if (ring == 0) break;
            }
        }
        if (ring_min >= best) break;
    }
    return {best_item, std::sqrt(best)};
}

std::size_t PolygonIndex::size() const { return impl_->item_first_edge.empty() ? 0 : impl_->item_first_edge.size() - 1; }

std::size_t PolygonIndex::memory_bytes() const {
    const Impl& x = *impl_;
    return sizeof(Impl) + Bytes(x.edges) + Bytes(x.edge_item) + Bytes(x.item_first_edge) + Bytes(x.rank) +
           Bytes(x.root_first) + Bytes(x.root_edges) + Bytes(x.slots) + Bytes(x.leaves) + Bytes(x.candidates) +
           Bytes(x.leaf_edges);
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
    GridHit hit;
    for (const Level& l : levels_) {
        const std::int64_t item = l.index.locate(p);
        if (item >= 0) {
            hit.grid = l.grid_of_item[static_cast<std::size_t>(item)];
            return hit;
        }
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
    const std::size_t runs = threads > 0 ? std::min<std::size_t>(static_cast<std::size_t>(threads), points.size() / 1024 + 1)
                                         : RunCount(points.size(), 4096);
    ForEachRun(points.size(), std::max<std::size_t>(runs, 1), [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) hits[i] = locate(points[i]);
    });
}

bool GridIndex::empty() const { return levels_.empty(); }

std::size_t GridIndex::memory_bytes() const {
    std::size_t bytes = sizeof(GridIndex);
    for (const Level& l : levels_) bytes += sizeof(Level) + l.index.memory_bytes() + Bytes(l.grid_of_item);
    return bytes;
}

}  // namespace gridlink
