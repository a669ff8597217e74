// Conversions between gridlink's plain geometry and GDAL/OGR geometries, for readers, writers and
// the tests that hand polygons to GDAL tools.
#pragma once

#include <ogr_geometry.h>

#include "engine/geometry.h"

namespace gridlink {

Polygon PolygonFromOgr(const OGRPolygon& polygon);
// Collects the polygons of a Polygon, MultiPolygon or collection; false when `g` holds none.
bool MultiPolygonFromOgr(const OGRGeometry* g, MultiPolygon& out);

OGRMultiPolygon ToOgr(const MultiPolygon& shape);
OGRLineString LineToOgr(const LineString& line);

}  // namespace gridlink
