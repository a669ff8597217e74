// Plain geometry in a projected, metric CRS: points, rings, polygons with holes, multipolygons,
// boxes, and the few measures the rest of the program needs (area, bounds, point-in-polygon).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace gridlink {

struct Vec2 {
    double x = 0;
    double y = 0;
};

inline Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
inline Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
inline Vec2 operator*(Vec2 a, double s) { return {a.x * s, a.y * s}; }
inline bool operator==(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }

// A ring lists its vertices once: the closing vertex (equal to the first) is not stored.
using Ring = std::vector<Vec2>;

struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;
using LineString = std::vector<Vec2>;  // the same type as Ring: Bounds(Ring) serves both

struct Box {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool empty() const { return min_x > max_x || min_y > max_y; }
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
    Vec2 center() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
    void extend(Vec2 p) {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    void extend(const Box& b) {
        min_x = std::min(min_x, b.min_x);
        min_y = std::min(min_y, b.min_y);
        max_x = std::max(max_x, b.max_x);
        max_y = std::max(max_y, b.max_y);
    }
    bool contains(Vec2 p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
    bool intersects(const Box& b) const {
        return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
    }
};

// Signed area: positive for counter-clockwise rings.
double SignedArea(const Ring& ring);
// Area of a polygon (outer minus holes) or multipolygon, in square units of the CRS.
double Area(const Polygon& polygon);
double Area(const MultiPolygon& shape);
Box Bounds(const Ring& ring);
Box Bounds(const MultiPolygon& shape);
// Even-odd containment test; points exactly on an edge may go either way.
bool Contains(const Polygon& polygon, Vec2 p);
bool Contains(const MultiPolygon& shape, Vec2 p);
// Squared distance from p to the nearest edge of the shape.
double SquaredDistanceToBoundary(const MultiPolygon& shape, Vec2 p);
std::size_t VertexCount(const MultiPolygon& shape);

}  // namespace gridlink
