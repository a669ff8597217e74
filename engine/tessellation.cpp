// Tessellation through GEOSConstrainedDelaunayTriangulation, which respects polygon edges and holes.
#include "tessellation.h"

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

}  // namespace gridlink
