// GEOS context handling and conversions between plain geometry and GEOS geometries.
#include "geos_bridge.h"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace gridlink {

static void GeosMessage(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message ? message : "";
}

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, GeosMessage, &last_error_);
    GEOSContext_setNoticeMessageHandler_r(handle_, GeosMessage, &last_error_);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

GeosGeometry MakeGeos(GeosContext& geos, GEOSGeometry* raw) {
    return GeosGeometry(raw, GeosGeometryDeleter{geos.handle()});
}

std::optional<Vec2> PointOnSurface(GeosContext& geos, const GEOSGeometry* g) {
    const auto h = geos.handle();
    GeosGeometry point = MakeGeos(geos, g ? GEOSPointOnSurface_r(h, g) : nullptr);
    if (!point || GEOSisEmpty_r(h, point.get()) != 0) return std::nullopt;
    Vec2 at;
    GEOSGeomGetX_r(h, point.get(), &at.x);
    GEOSGeomGetY_r(h, point.get(), &at.y);
    return at;
}

static GEOSGeometry* RingToGeos(GeosContext& geos, const Ring& ring) {
    const auto h = geos.handle();
    const unsigned n = static_cast<unsigned>(ring.size());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n + 1, 2);
    for (unsigned i = 0; i <= n; ++i) {
        const Vec2 p = ring[i % n];
        GEOSCoordSeq_setXY_r(h, seq, i, p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(h, seq);
}

static GEOSGeometry* PolygonToGeosRaw(GeosContext& geos, const Polygon& polygon) {
    const auto h = geos.handle();
    if (polygon.outer.size() < 3) return GEOSGeom_createEmptyPolygon_r(h);
    GEOSGeometry* shell = RingToGeos(geos, polygon.outer);
    std::vector<GEOSGeometry*> holes;
    for (const Ring& r : polygon.holes) {
        if (r.size() >= 3) holes.push_back(RingToGeos(geos, r));
    }
    return GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

GeosGeometry ToGeos(GeosContext& geos, const Polygon& polygon) {
    return MakeGeos(geos, PolygonToGeosRaw(geos, polygon));
}

GeosGeometry ToGeos(GeosContext& geos, const MultiPolygon& shape) {
    std::vector<GEOSGeometry*> parts;
    for (const Polygon& p : shape) parts.push_back(PolygonToGeosRaw(geos, p));
    return MakeGeos(geos, GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                      static_cast<unsigned>(parts.size())));
}

GeosGeometry ToGeos(GeosContext& geos, const LineString& line) {
    const auto h = geos.handle();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(line.size()), 2);
    for (unsigned i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, line[i].x, line[i].y);
    return MakeGeos(geos, GEOSGeom_createLineString_r(h, seq));
}

static Ring RingFromGeos(GeosContext& geos, const GEOSGeometry* ring) {
    const auto h = geos.handle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    Ring out;
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        out.push_back({x, y});
    }
    if (out.size() > 1 && out.front() == out.back()) out.pop_back();
    return out;
}

static void CollectPolygons(GeosContext& geos, const GEOSGeometry* g, MultiPolygon& out) {
    const auto h = geos.handle();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g)) return;
        Polygon p;
        p.outer = RingFromGeos(geos, GEOSGetExteriorRing_r(h, g));
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) p.holes.push_back(RingFromGeos(geos, GEOSGetInteriorRingN_r(h, g, i)));
        if (p.outer.size() >= 3) out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) CollectPolygons(geos, GEOSGetGeometryN_r(h, g, i), out);
    }
}

MultiPolygon PolygonsFromGeos(GeosContext& geos, const GEOSGeometry* g) {
    MultiPolygon out;
    if (g) CollectPolygons(geos, g, out);
    return out;
}

static void CollectLines(GeosContext& geos, const GEOSGeometry* g, std::vector<LineString>& out) {
    const auto h = geos.handle();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
        LineString line = RingFromGeos(geos, g);
        if (type == GEOS_LINEARRING && !line.empty()) line.push_back(line.front());
        if (line.size() >= 2) out.push_back(std::move(line));
    } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) CollectLines(geos, GEOSGetGeometryN_r(h, g, i), out);
    }
}

std::vector<LineString> LinesFromGeos(GeosContext& geos, const GEOSGeometry* g) {
    std::vector<LineString> out;
    if (g) CollectLines(geos, g, out);
    return out;
}

MultiPolygon MakeValidPolygons(GeosContext& geos, const MultiPolygon& shape, bool* repaired, std::string* reason,
                               Vec2* at) {
    const auto h = geos.handle();
    GeosGeometry g = ToGeos(geos, shape);
    if (repaired) *repaired = false;
    if (!g) return shape;
    // One validity test gives the answer, the reason and the place.
    char* why = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(h, g.get(), 0, &why, &location);
    if (valid == 1) {
        if (why) GEOSFree_r(h, why);
        if (location) GEOSGeom_destroy_r(h, location);
        return shape;
    }
    if (reason) *reason = why ? why : "invalid";
    if (at && location) {
        GEOSGeomGetX_r(h, location, &at->x);
        GEOSGeomGetY_r(h, location, &at->y);
    }
    if (why) GEOSFree_r(h, why);
    if (location) GEOSGeom_destroy_r(h, location);
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
    GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
    GeosGeometry fixed = MakeGeos(geos, GEOSMakeValidWithParams_r(h, g.get(), params));
    GEOSMakeValidParams_destroy_r(h, params);
    if (repaired) *repaired = true;
    return PolygonsFromGeos(geos, fixed.get());
}

}  // namespace gridlink
