// Tessellation through GEOSConstrainedDelaunayTriangulation, which respects polygon edges and holes.
#include "tessellation.h"

#include <algorithm>
#include <unordered_map>

namespace gridlink {

namespace {

double Cross(Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

// Ear clipping for a ring without holes; the usual case (unit grids are blocks of a few dozen vertices).
// Returns false, having added nothing, when it cannot finish (then GEOS triangulates the polygon).
bool EarClip(const Ring& input, std::vector<Triangle>& out) {
    std::vector<Vec2> ring;
    ring.reserve(input.size());
    for (Vec2 p : input) {
        if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
    }
    while (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    if (ring.size() < 3) return true;
    if (SignedArea(ring) < 0) std::reverse(ring.begin(), ring.end());
    const std::size_t n = ring.size();
    std::vector<std::size_t> prev(n), next(n);
    for (std::size_t i = 0; i < n; ++i) {
        prev[i] = (i + n - 1) % n;
        next[i] = (i + 1) % n;
    }
    const std::size_t before = out.size();
    std::size_t remaining = n, current = 0, since_last_ear = 0;
    while (remaining > 3) {
        const std::size_t p = prev[current], nx = next[current];
        const Vec2 a = ring[p], b = ring[current], c = ring[nx];
        const double turn = Cross(a, b, c);
        bool ear = false, drop = false;
        if (turn == 0) {
            drop = true;  // a straight-through vertex adds no area
        } else if (turn > 0) {
            ear = true;
            // No other vertex may lie inside or on the candidate triangle.
            for (std::size_t k = next[nx]; k != p; k = next[k]) {
                const Vec2 q = ring[k];
                if (q == a || q == b || q == c) continue;
                if (Cross(a, b, q) >= 0 && Cross(b, c, q) >= 0 && Cross(c, a, q) >= 0) {
                    ear = false;
                    break;
                }
            }
        }
        if (ear || drop) {
            if (ear) out.push_back({a, b, c});
            next[p] = nx;
            prev[nx] = p;
            --remaining;
            current = p;
            since_last_ear = 0;
        } else {
            current = nx;
            if (++since_last_ear > remaining) {
                out.resize(before);  // no ear left: a ring this method cannot cut
                return false;
            }
        }
    }
    const Vec2 a = ring[prev[current]], b = ring[current], c = ring[next[current]];
    if (Cross(a, b, c) != 0) out.push_back({a, b, c});
    return true;
}

}  // namespace

std::size_t Tessellate(GeosContext& geos, const MultiPolygon& shape, std::vector<Triangle>& out) {
    const std::size_t before = out.size();
    for (const Polygon& polygon : shape) {
        // Small rings without holes are ear-clipped here; large rings and holes go to GEOS.
        if (polygon.holes.empty() && polygon.outer.size() <= kEarClipMaxVertices && EarClip(polygon.outer, out))
            continue;
        GeosGeometry g = ToGeos(geos, polygon);
        GeosGeometry tris = MakeGeos(geos, GEOSConstrainedDelaunayTriangulation_r(geos.handle(), g.get()));
        for (const Polygon& t : PolygonsFromGeos(geos, tris.get())) {
            if (t.outer.size() == 3) out.push_back({t.outer[0], t.outer[1], t.outer[2]});
        }
    }
    return out.size() - before;
}

std::size_t TessellateIndexed(GeosContext& geos, const MultiPolygon& shape, IndexedMesh& mesh,
                              std::vector<Triangle>& scratch) {
    const std::size_t first = mesh.vertices.size();
    scratch.clear();
    Tessellate(geos, shape, scratch);
    struct Hash {
        std::size_t operator()(const Vec2& v) const {
            return std::hash<double>()(v.x) * 1000003u ^ std::hash<double>()(v.y);
        }
    };
    std::unordered_map<Vec2, std::uint32_t, Hash> index_of;
    index_of.reserve(scratch.size() * 2);
    for (const Triangle& t : scratch) {
        for (Vec2 p : {t.a, t.b, t.c}) {
            auto [it, added] = index_of.try_emplace(p, static_cast<std::uint32_t>(mesh.vertices.size()));
            if (added) mesh.vertices.push_back(p);
            mesh.indices.push_back(it->second);
        }
    }
    return first;
}

}  // namespace gridlink
