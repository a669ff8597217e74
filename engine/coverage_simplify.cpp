// Topology-keeping simplification of a coverage: nodes found from each vertex's distinct neighbours over every
// ring, chains between nodes simplified by Douglas-Peucker in a canonical direction (lexicographically smaller
// end first), so a boundary shared by two grids, or by a grid and its parent, comes out the same from both.
#include "coverage_simplify.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace gridlink {

namespace {

bool Less(Vec2 a, Vec2 b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }
bool Equal(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }

// A ring's vertices without a repeated closing vertex or consecutive duplicates.
Ring OpenRing(const Ring& ring) {
    Ring out;
    out.reserve(ring.size());
    for (const Vec2& p : ring) {
        if (out.empty() || !Equal(out.back(), p)) out.push_back(p);
    }
    while (out.size() > 1 && Equal(out.front(), out.back())) out.pop_back();
    return out;
}

double SegmentDistance2(Vec2 p, Vec2 a, Vec2 b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Douglas-Peucker over chain[0..n-1], ends kept; `keep_one` keeps the farthest interior point even within the
// tolerance (a closed chain must not collapse to its one node). The first farthest point wins ties.
std::vector<Vec2> DouglasPeucker(const std::vector<Vec2>& chain, double tolerance, bool keep_one) {
    const std::size_t n = chain.size();
    if (n <= 2) return chain;
    std::vector<char> keep(n, 0);
    keep[0] = keep[n - 1] = 1;
    const double tol2 = tolerance * tolerance;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, n - 1}};
    bool first = true;
    while (!stack.empty()) {
        const auto [from, to] = stack.back();
        stack.pop_back();
        if (to <= from + 1) continue;
        double best = -1;
        std::size_t at = from;
        for (std::size_t i = from + 1; i < to; ++i) {
            const double d2 = Equal(chain[from], chain[to])
                                  ? (chain[i].x - chain[from].x) * (chain[i].x - chain[from].x) +
                                        (chain[i].y - chain[from].y) * (chain[i].y - chain[from].y)
                                  : SegmentDistance2(chain[i], chain[from], chain[to]);
            if (d2 > best) {
                best = d2;
                at = i;
            }
        }
        if (best > tol2 || (first && keep_one)) {
            keep[at] = 1;
            stack.push_back({at, to});
            stack.push_back({from, at});
        }
        first = false;
    }
    std::vector<Vec2> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (keep[i]) out.push_back(chain[i]);
    }
    return out;
}

// Simplifies a chain in its canonical direction and returns it in the given one.
std::vector<Vec2> SimplifyChain(std::vector<Vec2> chain, double tolerance, bool closed) {
    const std::size_t n = chain.size();
    bool reversed = false;
    if (n >= 2) {
        if (Less(chain[n - 1], chain[0])) {
            reversed = true;
        } else if (Equal(chain[0], chain[n - 1]) && n >= 3 && Less(chain[n - 2], chain[1])) {
            reversed = true;
        }
    }
    if (reversed) std::reverse(chain.begin(), chain.end());
    std::vector<Vec2> out = DouglasPeucker(chain, tolerance, closed);
    if (reversed) std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace

LineString SimplifyLine(const LineString& line, double tolerance) {
    return tolerance > 0 ? DouglasPeucker(line, tolerance, false) : line;
}

std::size_t CoverageSimplifier::KeyHash::operator()(const Key& k) const {
    return std::hash<double>()(k.x) * 1000003u ^ std::hash<double>()(k.y);
}

CoverageSimplifier::CoverageSimplifier(const std::vector<const MultiPolygon*>& shapes) {
    auto note = [&](Vec2 at, Vec2 neighbour) {
        Vertex& v = vertices_[Key{at.x, at.y}];
        if (v.node) return;
        const Key n{neighbour.x, neighbour.y};
        if ((v.seen >= 1 && v.a == n) || (v.seen >= 2 && v.b == n)) return;
        if (v.seen == 0) {
            v.a = n;
        } else if (v.seen == 1) {
            v.b = n;
        } else {
            v.node = true;
            ++nodes_;
            return;
        }
        ++v.seen;
    };
    auto add_ring = [&](const Ring& raw) {
        const Ring ring = OpenRing(raw);
        const std::size_t n = ring.size();
        if (n < 2) return;
        for (std::size_t i = 0; i < n; ++i) {
            note(ring[i], ring[(i + n - 1) % n]);
            note(ring[i], ring[(i + 1) % n]);
        }
    };
    for (const MultiPolygon* shape : shapes) {
        for (const Polygon& p : *shape) {
            add_ring(p.outer);
            for (const Ring& h : p.holes) add_ring(h);
        }
    }
}

CoverageSimplifier CoverageSimplifier::ForGrids(const GridSet& grids) {
    std::vector<const MultiPolygon*> shapes;
    shapes.reserve(grids.size());
    for (std::size_t i = 0; i < grids.size(); ++i) shapes.push_back(&grids[i].shape);
    return CoverageSimplifier(shapes);
}

bool CoverageSimplifier::is_node(Vec2 p) const {
    const auto it = vertices_.find(Key{p.x, p.y});
    return it != vertices_.end() && it->second.node;
}

Ring CoverageSimplifier::simplify_ring(const Ring& raw, double tolerance) const {
    const Ring ring = OpenRing(raw);
    const std::size_t n = ring.size();
    if (n <= 3 || tolerance <= 0) return ring;
    std::vector<std::size_t> nodes;
    for (std::size_t i = 0; i < n; ++i) {
        if (is_node(ring[i])) nodes.push_back(i);
    }
    Ring out;
    if (nodes.empty()) {
        // A ring no other boundary touches: one closed chain from its smallest vertex, the same from any start.
        std::size_t start = 0;
        for (std::size_t i = 1; i < n; ++i) {
            if (Less(ring[i], ring[start])) start = i;
        }
        std::vector<Vec2> chain;
        for (std::size_t k = 0; k <= n; ++k) chain.push_back(ring[(start + k) % n]);
        out = SimplifyChain(std::move(chain), tolerance, true);
        out.pop_back();
    } else {
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            const std::size_t from = nodes[k], to = k + 1 < nodes.size() ? nodes[k + 1] : nodes[0] + n;
            std::vector<Vec2> chain;
            for (std::size_t i = from; i <= to; ++i) chain.push_back(ring[i % n]);
            std::vector<Vec2> simple = SimplifyChain(std::move(chain), tolerance, nodes.size() == 1);
            out.insert(out.end(), simple.begin(), simple.end() - 1);  // the next chain starts with this end
        }
    }
    return out.size() >= 3 ? out : ring;
}

MultiPolygon CoverageSimplifier::simplify(const MultiPolygon& shape, double tolerance) const {
    MultiPolygon out;
    out.reserve(shape.size());
    for (const Polygon& p : shape) {
        Polygon q;
        q.outer = simplify_ring(p.outer, tolerance);
        for (const Ring& h : p.holes) q.holes.push_back(simplify_ring(h, tolerance));
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace gridlink
