// Tessellation through GEOSConstrainedDelaunayTriangulation, which respects polygon edges and holes.
#include "tessellation.h"

#include <unordered_map>

namespace gridlink {

static bool IsSimpleConvexQuadOrTriangle(const Polygon& p) {
    if (!p.holes.empty() || p.outer.size() > 4 || p.outer.size() < 3) return false;
    const std::size_t n = p.outer.size();
    double sign = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Vec2 a = p.outer[i], b = p.outer[(i + 1) % n], c = p.outer[(i + 2) % n];
        const double cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if (cross == 0) return false;
        if (sign == 0) sign = cross;
        if ((cross > 0) != (sign > 0)) return false;
    }
    return true;
}

std::size_t Tessellate(GeosContext& geos, const MultiPolygon& shape, std::vector<Triangle>& out) {
    const std::size_t before = out.size();
    for (const Polygon& polygon : shape) {
        // Convex triangles and quads need no triangulator (city blocks are mostly quads).
        if (IsSimpleConvexQuadOrTriangle(polygon)) {
            const Ring& r = polygon.outer;
            out.push_back({r[0], r[1], r[2]});
            if (r.size() == 4) out.push_back({r[0], r[2], r[3]});
            continue;
        }
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
