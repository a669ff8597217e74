// The bridge to GEOS (reentrant C API): a context per thread, owning geometry handles, and
// conversions between gridlink's plain geometry and GEOS geometries.
#pragma once

#include <geos_c.h>

#include <memory>
#include <optional>
#include <string>

#include "geometry.h"

namespace gridlink {

// One GEOS context; not shared between threads.
class GeosContext {
  public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    // The last error or notice GEOS reported on this context (empty if none).
    const std::string& last_error() const { return last_error_; }

  private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct GeosGeometryDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSGeometry* g) const {
        if (g) GEOSGeom_destroy_r(context, g);
    }
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

GeosGeometry MakeGeos(GeosContext& geos, GEOSGeometry* raw);
GeosGeometry ToGeos(GeosContext& geos, const Polygon& polygon);
GeosGeometry ToGeos(GeosContext& geos, const MultiPolygon& shape);
GeosGeometry ToGeos(GeosContext& geos, const LineString& line);
// Collects every polygon found in g (Polygon, MultiPolygon or any collection); other parts are dropped.
MultiPolygon PolygonsFromGeos(GeosContext& geos, const GEOSGeometry* g);
// Collects every line string found in g (LineString, MultiLineString, LinearRing or collections).
std::vector<LineString> LinesFromGeos(GeosContext& geos, const GEOSGeometry* g);

// GEOS PointOnSurface: a point guaranteed inside g (a label point, an interior point); nullopt when GEOS finds
// none (an empty geometry).
std::optional<Vec2> PointOnSurface(GeosContext& geos, const GEOSGeometry* g);

// Repairs an invalid shape with GEOS MakeValid (structure method, keeping polygons only).
// Returns the shape unchanged when it is valid; sets *repaired when a repair was needed, with GEOS's
// reason (e.g. "Self-intersection") in *reason and, when `at` is given, where the shape is invalid.
MultiPolygon MakeValidPolygons(GeosContext& geos, const MultiPolygon& shape, bool* repaired, std::string* reason,
                               Vec2* at = nullptr);

}  // namespace gridlink
