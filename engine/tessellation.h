// Polygon tessellation: turns polygons with holes into triangles once at load time (GEOS
// constrained Delaunay triangulation), for filling on the GPU.
#pragma once

#include <vector>

#include "geometry.h"
#include "geos_bridge.h"

namespace gridlink {

struct Triangle {
    Vec2 a, b, c;
};

// Appends the triangles of `shape` to `out`; returns how many were added.
std::size_t Tessellate(GeosContext& geos, const MultiPolygon& shape, std::vector<Triangle>& out);

}  // namespace gridlink
