// Polygon tessellation: turns polygons into triangles once at load time, for filling on the GPU.
// Small rings without holes are ear-clipped; anything larger, or with holes, goes through GEOS's
// constrained Delaunay triangulation.
#pragma once

#include <cstdint>
#include <vector>

#include "geometry.h"
#include "geos_bridge.h"

namespace gridlink {

struct Triangle {
    Vec2 a, b, c;
};

inline constexpr std::size_t kEarClipMaxVertices = 64;

// Appends the triangles of `shape` to `out`; returns how many were added.
std::size_t Tessellate(GeosContext& geos, const MultiPolygon& shape, std::vector<Triangle>& out);

// Triangles sharing their vertices: what the GPU draws with glDrawElements.
struct IndexedMesh {
    std::vector<Vec2> vertices;
    std::vector<std::uint32_t> indices;  // three per triangle
};

// Appends the triangles of `shape` to `mesh`, each distinct vertex of the shape once.
// Returns the index of the first vertex added (the shape's vertices are [first, mesh.vertices.size())).
std::size_t TessellateIndexed(GeosContext& geos, const MultiPolygon& shape, IndexedMesh& mesh,
                              std::vector<Triangle>& scratch);

}  // namespace gridlink
