// Exact geometric predicates on double coordinates: the orientation of three points, decided by a
// floating-point filter and, when the filter cannot tell, by exact expansion arithmetic (Shewchuk).
// Everything the grid index decides (inside, outside, on the boundary) rests on this one test.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "geometry.h"

namespace gridlink {

namespace predicates_detail {

// a + b = s + e exactly (Knuth's TwoSum).
inline void TwoSum(double a, double b, double& s, double& e) {
    s = a + b;
    const double bv = s - a;
    const double av = s - bv;
    e = (a - av) + (b - bv);
}

// a * b = p + e exactly (fused multiply-add).
inline void TwoProduct(double a, double b, double& p, double& e) {
    p = a * b;
    e = std::fma(a, b, -p);
}

// Adds b to the nonoverlapping expansion e[0..n) (increasing magnitude); returns the new length.
inline int GrowExpansion(double* e, int n, double b) {
    double q = b;
    int m = 0;
    for (int i = 0; i < n; ++i) {
        double s, h;
        TwoSum(q, e[i], s, h);
        q = s;
        if (h != 0) e[m++] = h;
    }
    if (q != 0) e[m++] = q;
    return m;
}

// The exact sign of (a - c) x (b - c), for when the filter fails. Rarely called, so kept out of line.
[[gnu::noinline, gnu::cold]] inline int OrientExact(Vec2 a, Vec2 b, Vec2 c) {
    double acx[2], acy[2], bcx[2], bcy[2];
    TwoSum(a.x, -c.x, acx[1], acx[0]);
    TwoSum(a.y, -c.y, acy[1], acy[0]);
    TwoSum(b.x, -c.x, bcx[1], bcx[0]);
    TwoSum(b.y, -c.y, bcy[1], bcy[0]);
    double e[32];
    int n = 0;
    for (int i = 0; i < 2; ++i) {
        for (int j = 0; j < 2; ++j) {
            double p, q;
            TwoProduct(acx[i], bcy[j], p, q);
            n = GrowExpansion(e, n, q);
            n = GrowExpansion(e, n, p);
            TwoProduct(acy[i], bcx[j], p, q);
            n = GrowExpansion(e, n, -q);
            n = GrowExpansion(e, n, -p);
        }
    }
    // The most significant component carries the sign.
    return n == 0 ? 0 : (e[n - 1] > 0 ? 1 : -1);
}

}  // namespace predicates_detail

// +1 when c lies to the left of the directed line a -> b (a, b, c counter-clockwise), -1 to the
// right, 0 exactly on the line. Exact for all finite inputs whose products neither overflow nor underflow.
[[gnu::always_inline]] inline int Orient(Vec2 a, Vec2 b, Vec2 c) {
    const double detleft = (a.x - c.x) * (b.y - c.y);
    const double detright = (a.y - c.y) * (b.x - c.x);
    const double det = detleft - detright;
    // Shewchuk's error bound for this evaluation: (3 + 16 eps) eps * (|detleft| + |detright|).
    constexpr double kEpsilon = 1.1102230246251565e-16;  // 2^-53
    constexpr double kBound = (3.0 + 16.0 * kEpsilon) * kEpsilon;
    const double bound = kBound * (std::abs(detleft) + std::abs(detright));
    if (det > bound) return 1;
    if (-det > bound) return -1;
    if (detleft == 0 && detright == 0) return 0;  // exact zero products: the sign is exact too
    return predicates_detail::OrientExact(a, b, c);
}

struct Segment {
    Vec2 a;
    Vec2 b;
};

// True when p lies in the closed bounding box of the segment.
inline bool InSegmentBox(const Segment& s, Vec2 p) {
    return p.x >= std::min(s.a.x, s.b.x) && p.x <= std::max(s.a.x, s.b.x) && p.y >= std::min(s.a.y, s.b.y) &&
           p.y <= std::max(s.a.y, s.b.y);
}

// True when p lies on the closed segment a-b (exactly).
inline bool OnSegment(Vec2 a, Vec2 b, Vec2 p) { return InSegmentBox({a, b}, p) && Orient(a, b, p) == 0; }

// [SECTION] point in polygon

enum class EdgeEffect { None, Flip, OnEdge };

// What edge e does to the walk from p to a reference point r that is on no edge: p lies on it, or the
// walk crosses it (inside/outside flips), or neither. Vertices exactly on the line p-r count as lying to
// its left: the line moves an infinitesimal step right, which changes neither end's answer and makes
// every crossing a proper one. With p and r off the boundary, the flips along the way give
// inside(p) = inside(r) XOR (number of flips is odd), whatever lies exactly on the line.
inline EdgeEffect EffectOfEdge(Vec2 p, Vec2 r, const Segment& e) {
    const int op = Orient(e.a, e.b, p);
    if (op == 0) return InSegmentBox(e, p) ? EdgeEffect::OnEdge : EdgeEffect::None;
    const bool left_a = Orient(p, r, e.a) >= 0;
    const bool left_b = Orient(p, r, e.b) >= 0;
    if (left_a == left_b) return EdgeEffect::None;
    return op * Orient(e.a, e.b, r) < 0 ? EdgeEffect::Flip : EdgeEffect::None;
}

enum class Location { Outside = 0, Inside = 1, Boundary = 2 };

// Point in polygon by a ray to +x over all of a shape's edges (every ring of every part; even-odd, as
// GEOS locates points), with exact predicates.
inline Location LocateByRay(Vec2 p, const Segment* edges, std::size_t count) {
    bool inside = false;
    for (std::size_t i = 0; i < count; ++i) {
        const Segment& e = edges[i];
        if (InSegmentBox(e, p) && Orient(e.a, e.b, p) == 0) return Location::Boundary;
        if ((e.a.y > p.y) != (e.b.y > p.y)) {
            const int o = Orient(e.a, e.b, p);
            if (e.b.y > e.a.y ? o > 0 : o < 0) inside = !inside;
        }
    }
    return inside ? Location::Inside : Location::Outside;
}

}  // namespace gridlink
