// The road network graph: building it from un-noded road lines (snapping, T-junction splits), the segment
// grid that anchors points to it, and the early-stopping Dijkstra behind distances() and route().
#include "road_network.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace gridlink {

// [SECTION] travel speeds

double TravelSpeedKmh(ResourceKind kind) { return InfoOf(kind).speed_kmh; }

double OffRoadSpeedKmh(ResourceKind kind) {
    switch (kind) {
        case ResourceKind::kPatrolVehicle: return 15;         // lanes and yards, slowly
        case ResourceKind::kGridWorker: return 10;            // e-bike on paths
        default: return std::min(5.0, TravelSpeedKmh(kind));  // on foot, as on the roads
    }
}

namespace {

using detail::SegmentGrid;

constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

double Length(Vec2 a, Vec2 b) { return std::hypot(b.x - a.x, b.y - a.y); }
double SquaredLength(Vec2 v) { return v.x * v.x + v.y * v.y; }
bool Finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// Parameter t in [0, 1] of the point of segment a-b nearest to p.
double NearestT(Vec2 a, Vec2 b, Vec2 p) {
    const Vec2 d = b - a;
    const double dd = SquaredLength(d);
    if (dd <= 0) return 0;
    return std::clamp(((p.x - a.x) * d.x + (p.y - a.y) * d.y) / dd, 0.0, 1.0);
}

// [SECTION] segment grid

// The cell index of coordinate v, clamped far beyond any grid so that the conversion is always defined.
std::int64_t CellOf(double v, double origin, double cell) {
    return static_cast<std::int64_t>(std::clamp(std::floor((v - origin) / cell), -1e15, 1e15));
}

// Calls visit(cell) for every cell that segment a-b passes through: row by row, the x-range the segment
// covers within the row's band; rows and ranges widened by a hair so that rounding never drops a cell.
template <typename Visit>
void ForEachCell(const SegmentGrid& g, Vec2 a, Vec2 b, Visit&& visit) {
    const double min_y = std::min(a.y, b.y), max_y = std::max(a.y, b.y);
    const double hair = 1e-9 * g.cell_m;
    const std::int64_t r0 = std::max<std::int64_t>(0, CellOf(min_y - hair, g.box.min_y, g.cell_m));
    const std::int64_t r1 = std::min<std::int64_t>(g.rows - 1, CellOf(max_y + hair, g.box.min_y, g.cell_m));
    for (std::int64_t r = r0; r <= r1; ++r) {
        double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
        if (a.y != b.y) {
            const double y0 = std::max(min_y, g.box.min_y + static_cast<double>(r) * g.cell_m);
            const double y1 = std::min(max_y, g.box.min_y + static_cast<double>(r + 1) * g.cell_m);
            const double slope = (b.x - a.x) / (b.y - a.y);
            const double xa = a.x + (y0 - a.y) * slope, xb = a.x + (y1 - a.y) * slope;
            x0 = std::max(x0, std::min(xa, xb));
            x1 = std::min(x1, std::max(xa, xb));
        }
        const std::int64_t c0 = std::max<std::int64_t>(0, CellOf(x0 - hair, g.box.min_x, g.cell_m));
        const std::int64_t c1 = std::min<std::int64_t>(g.cols - 1, CellOf(x1 + hair, g.box.min_x, g.cell_m));
        for (std::int64_t c = c0; c <= c1; ++c) visit(static_cast<std::uint32_t>(r * g.cols + c));
    }
}

// A grid over segments (ends[i] = {a, b} node indices into `points`), about one segment per cell on
// average and cells no shorter than the mean segment.
using SegmentEnds = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // node pairs

SegmentGrid BuildSegmentGrid(const std::vector<Vec2>& points, const SegmentEnds& ends) {
    SegmentGrid g;
    double total_length = 0;
    for (const auto& [a, b] : ends) {
        g.box.extend(points[a]);
        g.box.extend(points[b]);
        total_length += Length(points[a], points[b]);
    }
    if (ends.empty()) return g;
    const double n = static_cast<double>(ends.size());
    const double area = std::max(g.box.width(), 1e-9) * std::max(g.box.height(), 1e-9);
    g.cell_m = std::max({total_length / n, std::sqrt(area / n), 1e-6});
    // At most about 4 cells per segment plus a few, whatever the extent.
    g.cols = static_cast<std::uint32_t>(std::min(std::floor(g.box.width() / g.cell_m) + 1, 4 * n + 16));
    g.rows = static_cast<std::uint32_t>(std::min(std::floor(g.box.height() / g.cell_m) + 1, 4 * n + 16));
    g.cell_m = std::max({g.cell_m, g.box.width() / g.cols, g.box.height() / g.rows});
    const std::size_t cells = static_cast<std::size_t>(g.cols) * g.rows;
    g.start.assign(cells + 1, 0);
    for (const auto& [a, b] : ends) ForEachCell(g, points[a], points[b], [&](std::uint32_t c) { ++g.start[c + 1]; });
    for (std::size_t c = 0; c < cells; ++c) g.start[c + 1] += g.start[c];
    g.items.resize(g.start[cells]);
    std::vector<std::uint32_t> fill(g.start.begin(), g.start.end() - 1);
    for (std::uint32_t i = 0; i < ends.size(); ++i) {
        ForEachCell(g, points[ends[i].first], points[ends[i].second], [&](std::uint32_t c) { g.items[fill[c]++] = i; });
    }
    return g;
}

// Calls visit(item) for every segment in the cells that box [p - r, p + r] overlaps (duplicates possible).
template <typename Visit>
void ForEachNear(const SegmentGrid& g, Vec2 p, double r, Visit&& visit) {
    if (g.cols == 0) return;
    const std::int64_t c0 = std::max<std::int64_t>(0, CellOf(p.x - r, g.box.min_x, g.cell_m));
    const std::int64_t c1 = std::min<std::int64_t>(g.cols - 1, CellOf(p.x + r, g.box.min_x, g.cell_m));
    const std::int64_t r0 = std::max<std::int64_t>(0, CellOf(p.y - r, g.box.min_y, g.cell_m));
    const std::int64_t r1 = std::min<std::int64_t>(g.rows - 1, CellOf(p.y + r, g.box.min_y, g.cell_m));
    for (std::int64_t row = r0; row <= r1; ++row) {
        for (std::int64_t c = c0; c <= c1; ++c) {
            const std::size_t cell = static_cast<std::size_t>(row * g.cols + c);
            for (std::uint32_t k = g.start[cell]; k < g.start[cell + 1]; ++k) visit(g.items[k]);
        }
    }
}

// [SECTION] snapping vertices into nodes

// Places nodes greedily: a vertex joins the nearest node within snap_m, or becomes a new node. Node
// positions are therefore pairwise more than snap_m apart.
class NodePlacer {
  public:
    explicit NodePlacer(double snap_m) : snap_m_(snap_m), cell_m_(snap_m > 0 ? snap_m : 1.0) {}

    std::uint32_t place(Vec2 p) {
        const std::int64_t cx = CellOf(p.x, 0, cell_m_), cy = CellOf(p.y, 0, cell_m_);
        std::uint32_t best = kNoNode;
        double best_d2 = snap_m_ * snap_m_;
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                auto it = cells_.find(Key(cx + dx, cy + dy));
                if (it == cells_.end()) continue;
                for (std::uint32_t n : it->second) {
                    const double d2 = SquaredLength(nodes_[n] - p);
                    if (d2 < best_d2 || (d2 == best_d2 && (best == kNoNode || n < best))) {
                        best = n;
                        best_d2 = d2;
                    }
                }
            }
        }
        if (best != kNoNode) return best;
        const auto n = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(p);
        cells_[Key(cx, cy)].push_back(n);
        return n;
    }
    std::vector<Vec2>& nodes() { return nodes_; }

  private:
    // Collisions of the packed key only put unrelated nodes in one bucket; distances decide.
    static std::uint64_t Key(std::int64_t x, std::int64_t y) {
        return (static_cast<std::uint64_t>(x) << 32) ^ (static_cast<std::uint64_t>(y) & 0xFFFFFFFFu);
    }

    double snap_m_;
    double cell_m_;
    std::vector<Vec2> nodes_;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;
};

// Interleaves the low 16 bits of x and y (Z-order).
std::uint32_t Morton(std::uint32_t x, std::uint32_t y) {
    auto spread = [](std::uint32_t v) {
        v &= 0xFFFF;
        v = (v | (v << 8)) & 0x00FF00FF;
        v = (v | (v << 4)) & 0x0F0F0F0F;
        v = (v | (v << 2)) & 0x33333333;
        v = (v | (v << 1)) & 0x55555555;
        return v;
    };
    return spread(x) | (spread(y) << 1);
}

}  // namespace

// [SECTION] build

RoadNetwork RoadNetwork::Build(std::span<const Road> roads, double snap_m) {
    snap_m = std::isfinite(snap_m) ? std::max(snap_m, 0.0) : 0.0;
    // Each road's vertices, non-finite ones left out (they cannot be placed anywhere).
    std::vector<std::vector<Vec2>> lines(roads.size());
    for (std::size_t r = 0; r < roads.size(); ++r) {
        for (Vec2 p : roads[r].line) {
            if (Finite(p)) lines[r].push_back(p);
        }
    }
    // Nodes: endpoints first (junctions and dead ends keep their exact place), then the other vertices.
    NodePlacer placer(snap_m);
    std::vector<std::vector<std::uint32_t>> line_nodes(lines.size());
    for (std::size_t r = 0; r < lines.size(); ++r) {
        line_nodes[r].assign(lines[r].size(), kNoNode);
        if (lines[r].empty()) continue;
        line_nodes[r].front() = placer.place(lines[r].front());
        line_nodes[r].back() = placer.place(lines[r].back());
    }
    for (std::size_t r = 0; r < lines.size(); ++r) {
        for (std::size_t i = 1; i + 1 < lines[r].size(); ++i) line_nodes[r][i] = placer.place(lines[r][i]);
    }
    std::vector<Vec2> points = std::move(placer.nodes());

    // Segments between consecutive distinct nodes of each road.
    SegmentEnds segments;
    std::vector<std::uint32_t> segment_road;
    for (std::size_t r = 0; r < line_nodes.size(); ++r) {
        for (std::size_t i = 1; i < line_nodes[r].size(); ++i) {
            const std::uint32_t a = line_nodes[r][i - 1], b = line_nodes[r][i];
            if (a == b) continue;
            segments.push_back({a, b});
            segment_road.push_back(static_cast<std::uint32_t>(r));
        }
    }

    // T-junctions: a road endpoint within snap_m of another segment's interior splits that segment there.
    struct Split {
        std::uint32_t segment;
        double t;
        std::uint32_t node;
    };
    std::vector<Split> splits;
    struct Connector {
        std::uint32_t end, split, road;
    };
    std::vector<Connector> connectors;
    if (!segments.empty()) {
        const SegmentGrid grid = BuildSegmentGrid(points, segments);
        std::vector<std::uint32_t> ends;
        for (const auto& nodes : line_nodes) {
            if (nodes.empty()) continue;
            ends.push_back(nodes.front());
            ends.push_back(nodes.back());
        }
        std::sort(ends.begin(), ends.end());
        ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
        std::vector<std::uint32_t> near;
        for (std::uint32_t n : ends) {
            const Vec2 p = points[n];
            near.clear();
            ForEachNear(grid, p, snap_m, [&](std::uint32_t s) { near.push_back(s); });
            std::sort(near.begin(), near.end());
            near.erase(std::unique(near.begin(), near.end()), near.end());
            for (std::uint32_t s : near) {
                const auto [a, b] = segments[s];
                if (a == n || b == n) continue;
                const double t = NearestT(points[a], points[b], p);
                const Vec2 at = points[a] + (points[b] - points[a]) * t;
                const double gap2 = SquaredLength(at - p);
                if (t <= 0 || t >= 1 || gap2 > snap_m * snap_m) continue;
                // The segment is split where the endpoint projects onto it; an endpoint off the segment
                // joins that point by a short connector, so neither road is bent.
                std::uint32_t split_node = n;
                if (gap2 > 0) {
                    split_node = static_cast<std::uint32_t>(points.size());
                    points.push_back(at);
                    connectors.push_back({n, split_node, segment_road[s]});
                }
                splits.push_back({s, t, split_node});
            }
        }
    }
    std::sort(splits.begin(), splits.end(), [](const Split& x, const Split& y) {
        return x.segment != y.segment ? x.segment < y.segment : x.t != y.t ? x.t < y.t : x.node < y.node;
    });

    // Edges: each segment, or the pieces between its splits; undirected duplicates dropped.
    std::vector<RoadEdge> edges;
    auto add_edge = [&](std::uint32_t a, std::uint32_t b, std::uint32_t road) {
        if (a != b) edges.push_back({std::min(a, b), std::max(a, b), 0, road});
    };
    std::size_t k = 0;
    for (std::uint32_t s = 0; s < segments.size(); ++s) {
        std::uint32_t previous = segments[s].first;
        for (; k < splits.size() && splits[k].segment == s; ++k) {
            add_edge(previous, splits[k].node, segment_road[s]);
            previous = splits[k].node;
        }
        add_edge(previous, segments[s].second, segment_road[s]);
    }
    for (const Connector& c : connectors) add_edge(c.end, c.split, c.road);

    // Keep nodes that have an edge, numbered along a Z-order curve.
    std::vector<bool> used(points.size(), false);
    Box box;
    for (const RoadEdge& e : edges) {
        used[e.from] = used[e.to] = true;
        box.extend(points[e.from]);
        box.extend(points[e.to]);
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> order;  // (z-order code, old node)
    const double scale = 65535.0 / std::max({box.width(), box.height(), 1e-9});
    for (std::uint32_t n = 0; n < points.size(); ++n) {
        if (!used[n]) continue;
        const auto qx = static_cast<std::uint32_t>((points[n].x - box.min_x) * scale);
        const auto qy = static_cast<std::uint32_t>((points[n].y - box.min_y) * scale);
        order.push_back({Morton(qx, qy), n});
    }
    std::sort(order.begin(), order.end());
    std::vector<std::uint32_t> renumber(points.size(), kNoNode);
    RoadNetwork net;
    for (const auto& [code, old] : order) {
        renumber[old] = static_cast<std::uint32_t>(net.nodes_.size());
        net.nodes_.push_back(points[old]);
    }
    for (RoadEdge& e : edges) {
        const std::uint32_t a = renumber[e.from], b = renumber[e.to];
        e.from = std::min(a, b);
        e.to = std::max(a, b);
        e.length_m = Length(net.nodes_[e.from], net.nodes_[e.to]);
    }
    std::sort(edges.begin(), edges.end(), [](const RoadEdge& x, const RoadEdge& y) {
        return x.from != y.from ? x.from < y.from : x.to != y.to ? x.to < y.to : x.road < y.road;
    });
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [](const RoadEdge& x, const RoadEdge& y) { return x.from == y.from && x.to == y.to; }),
                edges.end());
    net.edges_ = std::move(edges);

    // Adjacency (both directions of every edge), grouped by node.
    const std::size_t node_count = net.nodes_.size();
    net.arc_start_.assign(node_count + 1, 0);
    for (const RoadEdge& e : net.edges_) {
        ++net.arc_start_[e.from + 1];
        ++net.arc_start_[e.to + 1];
    }
    for (std::size_t n = 0; n < node_count; ++n) net.arc_start_[n + 1] += net.arc_start_[n];
    net.arcs_.resize(net.arc_start_[node_count]);
    std::vector<std::uint32_t> fill(net.arc_start_.begin(), net.arc_start_.end() - 1);
    for (std::uint32_t i = 0; i < net.edges_.size(); ++i) {
        const RoadEdge& e = net.edges_[i];
        net.arcs_[fill[e.from]++] = {e.to, i, e.length_m};
        net.arcs_[fill[e.to]++] = {e.from, i, e.length_m};
    }

    SegmentEnds ends;
    ends.reserve(net.edges_.size());
    for (const RoadEdge& e : net.edges_) ends.push_back({e.from, e.to});
    net.grid_ = BuildSegmentGrid(net.nodes_, ends);
    return net;
}

// [SECTION] anchoring

RoadAnchor RoadNetwork::anchor(Vec2 p) const {
    RoadAnchor best;
    if (edges_.empty() || !Finite(p)) return best;
    const SegmentGrid& g = grid_;
    const double fx = (p.x - g.box.min_x) / g.cell_m, fy = (p.y - g.box.min_y) / g.cell_m;
    // Clamp far-away points into a range where int64 cell arithmetic is safe; distances stay exact.
    const double limit = 4.0 * (static_cast<double>(g.cols) + g.rows) + 8;
    const double cfx = std::clamp(fx, -limit, limit), cfy = std::clamp(fy, -limit, limit);
    const auto cx = static_cast<std::int64_t>(std::floor(cfx)), cy = static_cast<std::int64_t>(std::floor(cfy));
    // Every cell of ring r (Chebyshev distance r from p's cell) lies at least (r - 1 + inset) cells from p.
    const double inset = std::min({cfx - static_cast<double>(cx), static_cast<double>(cx) + 1 - cfx,
                                   cfy - static_cast<double>(cy), static_cast<double>(cy) + 1 - cfy});
    const std::int64_t cols = g.cols, rows = g.rows;
    const std::int64_t first_ring = std::max<std::int64_t>({0, -cx, cx - (cols - 1), -cy, cy - (rows - 1)});
    double best_d2 = infinity;
    std::uint32_t best_edge = 0;
    double best_t = 0;
    auto visit_cell = [&](std::int64_t c, std::int64_t r) {
        if (c < 0 || c >= cols || r < 0 || r >= rows) return;
        // Skip a cell lying wholly farther than the best so far.
        const double gx = std::max({0.0, static_cast<double>(c) - fx, fx - static_cast<double>(c + 1)});
        const double gy = std::max({0.0, static_cast<double>(r) - fy, fy - static_cast<double>(r + 1)});
        if ((gx * gx + gy * gy) * g.cell_m * g.cell_m > best_d2) return;
        const std::size_t cell = static_cast<std::size_t>(r * cols + c);
        for (std::uint32_t k = g.start[cell]; k < g.start[cell + 1]; ++k) {
            const std::uint32_t e = g.items[k];
            const Vec2 a = nodes_[edges_[e].from], b = nodes_[edges_[e].to];
            const double t = NearestT(a, b, p);
            const double d2 = SquaredLength(a + (b - a) * t - p);
            if (d2 < best_d2 || (d2 == best_d2 && e < best_edge)) {
                best_d2 = d2;
                best_edge = e;
                best_t = t;
            }
        }
    };
    for (std::int64_t ring = first_ring;; ++ring) {
        if (ring > 0) {
            const double gap = (static_cast<double>(ring - 1) + inset) * g.cell_m;
            if (gap > 0 && gap * gap > best_d2) break;
        }
        if (ring == 0) {
            visit_cell(cx, cy);
        } else {
            const std::int64_t c0 = std::max<std::int64_t>(cx - ring, 0),
                               c1 = std::min<std::int64_t>(cx + ring, cols - 1);
            for (std::int64_t c = c0; c <= c1; ++c) {
                visit_cell(c, cy - ring);
                visit_cell(c, cy + ring);
            }
            const std::int64_t r0 = std::max<std::int64_t>(cy - ring + 1, 0);
            const std::int64_t r1 = std::min<std::int64_t>(cy + ring - 1, rows - 1);
            for (std::int64_t r = r0; r <= r1; ++r) {
                visit_cell(cx - ring, r);
                visit_cell(cx + ring, r);
            }
        }
        // Once the square of rings covers the whole grid, nothing is left to visit.
        if (cx - ring <= 0 && cx + ring >= cols - 1 && cy - ring <= 0 && cy + ring >= rows - 1) break;
    }
    const RoadEdge& e = edges_[best_edge];
    const Vec2 a = nodes_[e.from], b = nodes_[e.to];
    best.edge = best_edge;
    best.along_m = best_t * e.length_m;
    best.at = a + (b - a) * best_t;
    best.offroad_m = Length(p, best.at);
    best.valid = true;
    return best;
}

// [SECTION] search

// Per-thread search state, sized to the largest network searched; entries are valid only when their
// stamp equals the current search's, so nothing is cleared between searches.
struct RoadNetwork::Scratch {
    struct NodeState {
        double dist;
        std::uint32_t stamp;
        std::uint32_t parent;  // predecessor node on the best path, kNone: reached from the source anchor
        std::uint32_t target_stamp;
        std::uint32_t target_head;  // first entry in `links` of the targets whose edge ends here
        std::uint32_t heap_pos;     // where in `heap` while queued
    };
    struct Queued {
        double dist;
        std::uint32_t node;
    };
    std::vector<NodeState> nodes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;  // (target, next link)
    std::vector<Queued> heap;                                    // a 4-ary min-heap on dist, with positions
    std::uint32_t stamp = 0;

    std::uint32_t begin(std::size_t node_count) {
        if (nodes.size() < node_count) nodes.resize(node_count, NodeState{0, 0, 0, 0, 0, 0});
        if (++stamp == 0) {  // wrapped: forget every old stamp
            for (NodeState& s : nodes) s.stamp = s.target_stamp = 0;
            stamp = 1;
        }
        links.clear();
        heap.clear();
        return stamp;
    }
    void place(std::size_t i, Queued q) {
        heap[i] = q;
        nodes[q.node].heap_pos = static_cast<std::uint32_t>(i);
    }
    // Moves q up from position i (a new entry at the end, or a lowered key).
    void sift_up(std::size_t i, Queued q) {
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            if (heap[parent].dist <= q.dist) break;
            place(i, heap[parent]);
            i = parent;
        }
        place(i, q);
    }
    Queued pop() {
        const Queued top = heap[0];
        const Queued last = heap.back();
        heap.pop_back();
        const std::size_t size = heap.size();
        if (size == 0) return top;
        std::size_t i = 0;
        for (;;) {
            const std::size_t first = 4 * i + 1;
            if (first >= size) break;
            std::size_t best = first;
            for (std::size_t c = first + 1; c < std::min(first + 4, size); ++c) {
                if (heap[c].dist < heap[best].dist) best = c;
            }
            if (heap[best].dist >= last.dist) break;
            place(i, heap[best]);
            i = best;
        }
        place(i, last);
        return top;
    }
};

RoadNetwork::Scratch& RoadNetwork::thread_scratch() {
    thread_local Scratch scratch;
    return scratch;
}

void RoadNetwork::search(const RoadAnchor& source, std::vector<Target>& targets, double max_m, Scratch& s) const {
    const std::uint32_t stamp = s.begin(nodes_.size());
    auto relax = [&](std::uint32_t n, double d, std::uint32_t parent) {
        Scratch::NodeState& st = s.nodes[n];
        if (st.stamp != stamp) {
            st.stamp = stamp;
            st.dist = d;
            st.parent = parent;
            s.heap.push_back({d, n});
            s.sift_up(s.heap.size() - 1, {d, n});
        } else if (d < st.dist) {  // n is still queued: a settled node is never improved
            st.dist = d;
            st.parent = parent;
            s.sift_up(st.heap_pos, {d, n});
        }
    };
    auto attach = [&](std::uint32_t n, std::uint32_t target) {
        Scratch::NodeState& st = s.nodes[n];
        if (st.target_stamp != stamp) {
            st.target_stamp = stamp;
            st.target_head = kNone;
        }
        s.links.push_back({target, st.target_head});
        st.target_head = static_cast<std::uint32_t>(s.links.size() - 1);
    };

    const RoadEdge& source_edge = edges_[source.edge];
    std::size_t remaining = 0;
    // A target is final once the frontier reaches best - offroad: no path through an unsettled node is shorter.
    double threshold = infinity;
    for (std::uint32_t i = 0; i < targets.size(); ++i) {
        Target& t = targets[i];
        if (!t.anchor.valid) {
            t.done = true;
            continue;
        }
        if (t.anchor.edge == source.edge) {
            t.best = source.offroad_m + std::abs(source.along_m - t.anchor.along_m) + t.anchor.offroad_m;
            threshold = std::min(threshold, t.best - t.anchor.offroad_m);
        }
        attach(edges_[t.anchor.edge].from, i);
        attach(edges_[t.anchor.edge].to, i);
        ++remaining;
    }
    relax(source_edge.from, source.offroad_m + source.along_m, kNone);
    relax(source_edge.to, source.offroad_m + (source_edge.length_m - source.along_m), kNone);

    while (!s.heap.empty() && remaining > 0) {
        const auto [d, n] = s.pop();
        const Scratch::NodeState& st = s.nodes[n];
        if (d > max_m) break;
        if (d >= threshold) {
            threshold = infinity;
            for (Target& t : targets) {
                if (t.done) continue;
                if (t.best - t.anchor.offroad_m <= d) {
                    t.done = true;
                    --remaining;
                } else {
                    threshold = std::min(threshold, t.best - t.anchor.offroad_m);
                }
            }
            if (remaining == 0) break;
        }
        if (st.target_stamp == stamp) {
            for (std::uint32_t link = st.target_head; link != kNone; link = s.links[link].second) {
                Target& t = targets[s.links[link].first];
                if (t.done) continue;
                const RoadEdge& e = edges_[t.anchor.edge];
                const double along = n == e.from ? t.anchor.along_m : e.length_m - t.anchor.along_m;
                const double candidate = d + along + t.anchor.offroad_m;
                if (candidate < t.best) {
                    t.best = candidate;
                    t.via = n;
                    threshold = std::min(threshold, t.best - t.anchor.offroad_m);
                }
                if (++t.settled_ends == 2) {
                    t.done = true;
                    --remaining;
                }
            }
            if (remaining == 0) break;
        }
        for (std::uint32_t a = arc_start_[n]; a < arc_start_[n + 1]; ++a) relax(arcs_[a].to, d + arcs_[a].length_m, n);
    }
    for (Target& t : targets) {
        if (!(t.best <= max_m)) t.best = infinity;
    }
}

std::vector<double> RoadNetwork::distances(Vec2 source, std::span<const Vec2> targets, double max_m) const {
    std::vector<double> out(targets.size(), infinity);
    const RoadAnchor from = anchor(source);
    if (!from.valid || targets.empty()) return out;
    std::vector<Target> search_targets(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) search_targets[i].anchor = anchor(targets[i]);
    search(from, search_targets, max_m, thread_scratch());
    for (std::size_t i = 0; i < targets.size(); ++i) out[i] = search_targets[i].best;
    return out;
}

std::vector<RoadTrip> RoadNetwork::trips(Vec2 source, std::span<const Vec2> targets, double max_m) const {
    std::vector<RoadTrip> out(targets.size());
    const RoadAnchor from = anchor(source);
    if (!from.valid || targets.empty()) return out;
    std::vector<Target> search_targets(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) search_targets[i].anchor = anchor(targets[i]);
    search(from, search_targets, max_m, thread_scratch());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const Target& t = search_targets[i];
        out[i] = {t.best, from.offroad_m, t.anchor.valid ? t.anchor.offroad_m : infinity};
    }
    return out;
}

std::vector<Vec2> RoadNetwork::route(Vec2 from, Vec2 to) const {
    const RoadAnchor start = anchor(from);
    std::vector<Target> targets(1);
    targets[0].anchor = anchor(to);
    if (!start.valid || !targets[0].anchor.valid) return {};
    Scratch& s = thread_scratch();
    search(start, targets, infinity, s);
    const Target& t = targets[0];
    if (!std::isfinite(t.best)) return {};
    std::vector<Vec2> path;
    for (std::uint32_t n = t.via; n != kNone; n = s.nodes[n].parent) path.push_back(nodes_[n]);
    std::vector<Vec2> points = {from, start.at};
    points.insert(points.end(), path.rbegin(), path.rend());
    points.push_back(t.anchor.at);
    points.push_back(to);
    // Drop repeated points (an endpoint on the road, an anchor at a node); the length is unchanged.
    std::vector<Vec2> out;
    for (Vec2 p : points) {
        if (out.empty() || !(out.back() == p)) out.push_back(p);
    }
    if (out.size() == 1) out.push_back(to);  // from == to: still a polyline from `from` to `to`
    return out;
}

}  // namespace gridlink
