// Plain geometry measures: area by the shoelace formula, bounds, even-odd point-in-polygon.
#include "geometry.h"

#include <cmath>

namespace gridlink {

double SignedArea(const Ring& ring) {
    const std::size_t n = ring.size();
    if (n < 3) return 0;
    double twice = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        twice += (ring[j].x - ring[0].x) * (ring[i].y - ring[0].y) - (ring[i].x - ring[0].x) * (ring[j].y - ring[0].y);
    }
    return twice / 2;
}

double Area(const Polygon& polygon) {
    double a = std::abs(SignedArea(polygon.outer));
    for (const Ring& hole : polygon.holes) a -= std::abs(SignedArea(hole));
    return a;
}

double Area(const MultiPolygon& shape) {
    double a = 0;
    for (const Polygon& p : shape) a += Area(p);
    return a;
}

Box Bounds(const Ring& ring) {
    Box b;
    for (Vec2 p : ring) b.extend(p);
    return b;
}

Box Bounds(const MultiPolygon& shape) {
    Box b;
    for (const Polygon& p : shape) b.extend(Bounds(p.outer));
    return b;
}

static bool RingContains(const Ring& ring, Vec2 p) {
    bool inside = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Vec2 a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x) inside = !inside;
        }
    }
    return inside;
}

bool Contains(const Polygon& polygon, Vec2 p) {
    if (!RingContains(polygon.outer, p)) return false;
    for (const Ring& hole : polygon.holes) {
        if (RingContains(hole, p)) return false;
    }
    return true;
}

bool Contains(const MultiPolygon& shape, Vec2 p) {
    for (const Polygon& polygon : shape) {
        if (Contains(polygon, p)) return true;
    }
    return false;
}

static double SquaredDistanceToSegment(Vec2 p, Vec2 a, Vec2 b) {
    const Vec2 ab = b - a, ap = p - a;
    const double len2 = ab.x * ab.x + ab.y * ab.y;
    double t = len2 > 0 ? (ap.x * ab.x + ap.y * ab.y) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const Vec2 q = a + ab * t;
    return (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
}

static double SquaredDistanceToRing(const Ring& ring, Vec2 p) {
    double best = std::numeric_limits<double>::infinity();
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++)
        best = std::min(best, SquaredDistanceToSegment(p, ring[j], ring[i]));
    return best;
}

double SquaredDistanceToBoundary(const MultiPolygon& shape, Vec2 p) {
    double best = std::numeric_limits<double>::infinity();
    for (const Polygon& polygon : shape) {
        best = std::min(best, SquaredDistanceToRing(polygon.outer, p));
        for (const Ring& hole : polygon.holes) best = std::min(best, SquaredDistanceToRing(hole, p));
    }
    return best;
}

std::size_t VertexCount(const MultiPolygon& shape) {
    std::size_t n = 0;
    for (const Polygon& p : shape) {
        n += p.outer.size();
        for (const Ring& h : p.holes) n += h.size();
    }
    return n;
}

}  // namespace gridlink
