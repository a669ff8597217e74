// Geometry conversions to and from OGR.
#include "ogr_geometry.h"

namespace gridlink {

Polygon PolygonFromOgr(const OGRPolygon& p) {
    Polygon out;
    auto ring_of = [](const OGRLinearRing* r) {
        Ring ring;
        if (!r) return ring;
        ring.reserve(r->getNumPoints());
        for (int i = 0; i < r->getNumPoints(); ++i) ring.push_back({r->getX(i), r->getY(i)});
        if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
        return ring;
    };
    out.outer = ring_of(p.getExteriorRing());
    for (int i = 0; i < p.getNumInteriorRings(); ++i) out.holes.push_back(ring_of(p.getInteriorRing(i)));
    return out;
}

bool MultiPolygonFromOgr(const OGRGeometry* g, MultiPolygon& out) {
    if (!g) return false;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon: out.push_back(PolygonFromOgr(*g->toPolygon())); return true;
        case wkbMultiPolygon:
            for (const OGRPolygon* p : *g->toMultiPolygon()) out.push_back(PolygonFromOgr(*p));
            return true;
        case wkbGeometryCollection: {
            bool any = false;
            for (const OGRGeometry* part : *g->toGeometryCollection()) any = MultiPolygonFromOgr(part, out) || any;
            return any;
        }
        default: return false;
    }
}

OGRMultiPolygon ToOgr(const MultiPolygon& shape) {
    OGRMultiPolygon mp;
    for (const Polygon& p : shape) {
        OGRPolygon poly;
        auto add_ring = [&poly](const Ring& r) {
            OGRLinearRing ring;
            for (Vec2 v : r) ring.addPoint(v.x, v.y);
            if (!r.empty()) ring.addPoint(r.front().x, r.front().y);
            poly.addRing(&ring);
        };
        add_ring(p.outer);
        for (const Ring& h : p.holes) add_ring(h);
        mp.addGeometry(&poly);
    }
    return mp;
}

OGRLineString LineToOgr(const LineString& line) {
    OGRLineString out;
    for (Vec2 v : line) out.addPoint(v.x, v.y);
    return out;
}

}  // namespace gridlink
