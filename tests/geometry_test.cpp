// Unit tests for engine/geometry.h: ring orientation, areas with holes and multiple parts, bounds,
// even-odd containment (inside, outside, in a hole, in another part), distance to the boundary and
// vertex counts.
#include "engine/geometry.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gridlink {
namespace {

Ring Square(double x0, double y0, double size) {
    return {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}};
}

Ring Reversed(Ring r) { return Ring(r.rbegin(), r.rend()); }

// A 10x10 square at the origin with a 4x4 hole in its middle (area 100 - 16 = 84).
Polygon SquareWithHole() { return Polygon{Square(0, 0, 10), {Reversed(Square(3, 3, 4))}}; }

TEST(Geometry, SignedAreaIsPositiveForCounterClockwiseRings) {
    const Ring ccw = Square(0, 0, 2);
    EXPECT_DOUBLE_EQ(SignedArea(ccw), 4.0);
    EXPECT_DOUBLE_EQ(SignedArea(Reversed(ccw)), -4.0);
    // A right triangle far from the origin: the formula must not lose precision at projected offsets.
    const Ring far_triangle{{40500000.0, 3430000.0}, {40500003.0, 3430000.0}, {40500000.0, 3430004.0}};
    EXPECT_DOUBLE_EQ(SignedArea(far_triangle), 6.0);
    EXPECT_DOUBLE_EQ(SignedArea(Reversed(far_triangle)), -6.0);
}

TEST(Geometry, SignedAreaOfDegenerateRingsIsZero) {
    EXPECT_EQ(SignedArea(Ring{}), 0.0);
    EXPECT_EQ(SignedArea(Ring{{0, 0}, {1, 1}}), 0.0);
    EXPECT_EQ(SignedArea(Ring{{0, 0}, {1, 1}, {2, 2}}), 0.0);  // collinear
}

TEST(Geometry, AreaOfConcavePolygon) {
    // An L shape: 3x3 square minus its 2x2 top-right corner = 5.
    const Ring l_shape{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}};
    EXPECT_DOUBLE_EQ(Area(Polygon{l_shape, {}}), 5.0);
    EXPECT_DOUBLE_EQ(Area(Polygon{Reversed(l_shape), {}}), 5.0);  // orientation does not matter
}

TEST(Geometry, AreaSubtractsHolesWhateverTheirOrientation) {
    EXPECT_DOUBLE_EQ(Area(SquareWithHole()), 84.0);
    const Polygon same_orientation_hole{Square(0, 0, 10), {Square(3, 3, 4)}};
    EXPECT_DOUBLE_EQ(Area(same_orientation_hole), 84.0);
    const Polygon clockwise_outer{Reversed(Square(0, 0, 10)), {Square(3, 3, 4), Square(0.5, 0.5, 1)}};
    EXPECT_DOUBLE_EQ(Area(clockwise_outer), 83.0);
}

TEST(Geometry, AreaOfMultiPolygonSumsItsParts) {
    const MultiPolygon shape{SquareWithHole(), Polygon{Square(20, 0, 5), {}}};
    EXPECT_DOUBLE_EQ(Area(shape), 84.0 + 25.0);
    EXPECT_EQ(Area(MultiPolygon{}), 0.0);
}

TEST(Geometry, BoundsOfRingAndMultiPolygon) {
    const Box ring_box = Bounds(Ring{{1, -2}, {5, 0}, {3, 7}});
    EXPECT_EQ(ring_box.min_x, 1.0);
    EXPECT_EQ(ring_box.min_y, -2.0);
    EXPECT_EQ(ring_box.max_x, 5.0);
    EXPECT_EQ(ring_box.max_y, 7.0);
    EXPECT_DOUBLE_EQ(ring_box.width(), 4.0);
    EXPECT_DOUBLE_EQ(ring_box.height(), 9.0);
    EXPECT_DOUBLE_EQ(ring_box.center().x, 3.0);
    EXPECT_DOUBLE_EQ(ring_box.center().y, 2.5);

    const Box shape_box = Bounds(MultiPolygon{SquareWithHole(), Polygon{Square(20, -5, 5), {}}});
    EXPECT_EQ(shape_box.min_x, 0.0);
    EXPECT_EQ(shape_box.min_y, -5.0);
    EXPECT_EQ(shape_box.max_x, 25.0);
    EXPECT_EQ(shape_box.max_y, 10.0);
}

TEST(Geometry, EmptyBoundsAndBoxOperations) {
    Box empty = Bounds(MultiPolygon{});
    EXPECT_TRUE(empty.empty());
    EXPECT_FALSE(empty.contains({0, 0}));
    empty.extend(Vec2{2, 3});
    EXPECT_FALSE(empty.empty());
    EXPECT_TRUE(empty.contains({2, 3}));
    EXPECT_EQ(empty.width(), 0.0);

    const Box a = Bounds(Square(0, 0, 10));
    EXPECT_TRUE(a.intersects(Bounds(Square(10, 10, 1))));  // touching corners intersect
    EXPECT_FALSE(a.intersects(Bounds(Square(10.5, 0, 1))));
    EXPECT_TRUE(a.contains({10, 0}));
    EXPECT_FALSE(a.contains({10.000001, 0}));
}

TEST(Geometry, ContainsInsideOutsideAndInHole) {
    const Polygon p = SquareWithHole();
    EXPECT_TRUE(Contains(p, {1, 1}));
    EXPECT_TRUE(Contains(p, {9.5, 5}));
    EXPECT_TRUE(Contains(p, {2.9, 5}));  // just left of the hole
    EXPECT_FALSE(Contains(p, {5, 5}));   // in the hole
    EXPECT_FALSE(Contains(p, {3.1, 6.9}));
    EXPECT_FALSE(Contains(p, {-0.1, 5}));
    EXPECT_FALSE(Contains(p, {5, 10.1}));
    EXPECT_FALSE(Contains(p, {20, 20}));
}

TEST(Geometry, ContainsConcavePolygon) {
    const Polygon l_shape{Ring{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 3}, {0, 3}}, {}};
    EXPECT_TRUE(Contains(l_shape, {0.5, 2.5}));
    EXPECT_TRUE(Contains(l_shape, {2.5, 0.5}));
    EXPECT_FALSE(Contains(l_shape, {2, 2}));  // inside the bounds, outside the L
}

TEST(Geometry, ContainsMultipart) {
    const MultiPolygon shape{SquareWithHole(), Polygon{Square(20, 0, 5), {}}};
    EXPECT_TRUE(Contains(shape, {1, 1}));
    EXPECT_TRUE(Contains(shape, {22, 2}));
    EXPECT_FALSE(Contains(shape, {5, 5}));   // hole of the first part
    EXPECT_FALSE(Contains(shape, {15, 2}));  // between the parts
    EXPECT_FALSE(Contains(MultiPolygon{}, {0, 0}));
    // An island inside the hole counts as inside again.
    MultiPolygon with_island = shape;
    with_island.push_back(Polygon{Square(4, 4, 2), {}});
    EXPECT_TRUE(Contains(with_island, {5, 5}));
    EXPECT_FALSE(Contains(with_island, {3.5, 3.5}));
}

TEST(Geometry, SquaredDistanceToBoundary) {
    const MultiPolygon shape{SquareWithHole(), Polygon{Square(20, 0, 5), {}}};
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {1, 5}), 1.0);     // 1 from the left edge
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {5, 5}), 4.0);     // centre of the hole: 2 from its edges
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {-3, -4}), 25.0);  // nearest is the corner (0,0)
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {15, 5}), 25.0);   // halfway between the parts
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {22, 8}), 9.0);    // above the second part
    EXPECT_DOUBLE_EQ(SquaredDistanceToBoundary(shape, {10, 4}), 0.0);    // on an edge
    EXPECT_TRUE(std::isinf(SquaredDistanceToBoundary(MultiPolygon{}, {0, 0})));
}

TEST(Geometry, VertexCountIncludesHolesAndParts) {
    EXPECT_EQ(VertexCount(MultiPolygon{}), 0u);
    EXPECT_EQ(VertexCount(MultiPolygon{SquareWithHole()}), 8u);
    const Polygon triangle{Ring{{0, 0}, {1, 0}, {0, 1}}, {}};
    EXPECT_EQ(VertexCount(MultiPolygon{SquareWithHole(), triangle}), 11u);
}

}  // namespace
}  // namespace gridlink
