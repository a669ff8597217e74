// Unit tests for engine/tessellation.h: the triangles of a shape cover exactly its area (sum of
// |signed area| equals the polygon area) and every triangle lies inside it, for hand-made shapes,
// every real Chicago community area and every grid of the small demo city.
#include "engine/tessellation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_support.h"

namespace gridlink {
namespace {

double TriangleArea(const Triangle& t) {
    return std::abs((t.b.x - t.a.x) * (t.c.y - t.a.y) - (t.c.x - t.a.x) * (t.b.y - t.a.y)) / 2;
}

struct Coverage {
    std::size_t triangles = 0;
    double area = 0;
    std::size_t centroids_outside = 0;
};

Coverage Cover(GeosContext& geos, const MultiPolygon& shape) {
    std::vector<Triangle> triangles{Triangle{{-1, -1}, {-2, -1}, {-1, -2}}};  // Tessellate appends
    Coverage c;
    c.triangles = Tessellate(geos, shape, triangles);
    EXPECT_EQ(triangles.size(), c.triangles + 1);
    for (std::size_t i = 1; i < triangles.size(); ++i) {
        const Triangle& t = triangles[i];
        c.area += TriangleArea(t);
        const Vec2 centroid{(t.a.x + t.b.x + t.c.x) / 3, (t.a.y + t.b.y + t.c.y) / 3};
        // A zero-area sliver along three nearly collinear boundary vertices has its centroid on the
        // boundary, where even-odd may go either way; it covers nothing, so only count real misses.
        if (!Contains(shape, centroid) && SquaredDistanceToBoundary(shape, centroid) > 1e-12) ++c.centroids_outside;
    }
    return c;
}

Coverage ExpectExactCover(GeosContext& geos, const MultiPolygon& shape, const std::string& what) {
    const Coverage c = Cover(geos, shape);
    const double expected = Area(shape);
    EXPECT_GT(expected, 0) << what;
    EXPECT_GT(c.triangles, 0u) << what;
    EXPECT_LT(std::abs(c.area - expected) / expected, 1e-9) << what << ": triangles " << c.area << " vs " << expected;
    EXPECT_EQ(c.centroids_outside, 0u) << what;
    return c;
}

Ring Square(double x0, double y0, double size) {
    return {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}};
}

TEST(Tessellation, ConvexQuadMakesTwoTriangles) {
    GeosContext geos;
    const MultiPolygon quad{
        Polygon{Ring{{510000, 3460000}, {510040, 3460005}, {510035, 3460030}, {509998, 3460025}}, {}}};
    const Coverage c = Cover(geos, quad);
    EXPECT_EQ(c.triangles, 2u);
    EXPECT_NEAR(c.area, Area(quad), 1e-9 * Area(quad));
    EXPECT_EQ(c.centroids_outside, 0u);
    // Clockwise too.
    const MultiPolygon clockwise{Polygon{Ring{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, {}}};
    const Coverage cw = Cover(geos, clockwise);
    EXPECT_EQ(cw.triangles, 2u);
    EXPECT_DOUBLE_EQ(cw.area, 100.0);
}

TEST(Tessellation, TriangleStaysOneTriangle) {
    GeosContext geos;
    const MultiPolygon triangle{Polygon{Ring{{0, 0}, {4, 0}, {0, 3}}, {}}};
    const Coverage c = Cover(geos, triangle);
    EXPECT_EQ(c.triangles, 1u);
    EXPECT_DOUBLE_EQ(c.area, 6.0);
}

TEST(Tessellation, ConcaveQuadIsNotFanned) {
    // A dart (arrowhead): fanning from the wrong vertex would cover area outside it.
    GeosContext geos;
    const MultiPolygon dart{Polygon{Ring{{0, 0}, {10, 5}, {0, 10}, {3, 5}}, {}}};
    EXPECT_DOUBLE_EQ(Area(dart), 35.0);
    const Coverage c = Cover(geos, dart);
    EXPECT_EQ(c.triangles, 2u);
    EXPECT_NEAR(c.area, 35.0, 1e-9);
    EXPECT_EQ(c.centroids_outside, 0u);
    // The same dart starting at the reflex vertex.
    ExpectExactCover(geos, MultiPolygon{Polygon{Ring{{3, 5}, {0, 0}, {10, 5}, {0, 10}}, {}}},
                     "dart from reflex vertex");
}

TEST(Tessellation, ConcavePolygon) {
    GeosContext geos;
    // A comb: three teeth on a spine, 9 vertices more than a quad.
    const Ring comb{{0, 0}, {7, 0}, {7, 5}, {6, 5}, {6, 1}, {4, 1}, {4, 5}, {3, 5}, {3, 1}, {1, 1}, {1, 5}, {0, 5}};
    const Coverage c = ExpectExactCover(geos, MultiPolygon{Polygon{comb, {}}}, "comb");
    EXPECT_EQ(c.triangles, comb.size() - 2);  // a simple polygon with n vertices has n - 2 triangles
    EXPECT_NEAR(c.area, 7 + 3 * 4.0, 1e-9);
}

TEST(Tessellation, PolygonWithHole) {
    GeosContext geos;
    const MultiPolygon framed{Polygon{Square(0, 0, 10), {Square(3, 3, 4)}}};
    const Coverage c = ExpectExactCover(geos, framed, "square with hole");
    EXPECT_NEAR(c.area, 84.0, 1e-9);
    EXPECT_EQ(c.triangles, 8u);  // n + 2h - 2 = 8 + 2 - 2
}

TEST(Tessellation, MultiPolygonCoversEveryPart) {
    GeosContext geos;
    const MultiPolygon shape{Polygon{Square(0, 0, 10), {Square(3, 3, 4)}}, Polygon{Square(20, 0, 5), {}},
                             Polygon{Ring{{40, 0}, {50, 0}, {50, 10}, {45, 2}, {40, 10}}, {}}};
    EXPECT_NEAR(ExpectExactCover(geos, shape, "three parts").area, 84.0 + 25.0 + 60.0, 1e-9);
}

TEST(Tessellation, EmptyShapeAddsNothing) {
    GeosContext geos;
    std::vector<Triangle> out;
    EXPECT_EQ(Tessellate(geos, MultiPolygon{}, out), 0u);
    EXPECT_TRUE(out.empty());
}

TEST(Tessellation, EveryChicagoCommunityArea) {
    const World& chicago = test::Chicago();
    ASSERT_EQ(chicago.grids.size(), 77u);
    GeosContext geos;
    std::size_t triangles = 0, vertices = 0;
    for (const Grid& g : chicago.grids.grids()) {
        triangles += ExpectExactCover(geos, g.shape, "Chicago area " + g.code + " " + g.name).triangles;
        vertices += VertexCount(g.shape);
    }
    // Roughly one triangle per vertex: a tessellation that dropped parts would fall far below.
    EXPECT_GT(triangles, vertices * 9 / 10);
}

TEST(Tessellation, EverySmallDemoGrid) {
    const World& demo = test::SmallDemo();
    ASSERT_GT(demo.grids.size(), 0u);
    GeosContext geos;
    for (const Grid& g : demo.grids.grids()) ExpectExactCover(geos, g.shape, "demo grid " + g.code);
}

}  // namespace
}  // namespace gridlink
