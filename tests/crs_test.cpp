// Unit tests for engine/crs.h (CRS definitions and transforms through GDAL OSR) and the working-CRS
// choice of data/workspace.h: EPSG:4549 <-> lon/lat round trips across Suzhou, projected values
// checked against gdaltransform, bad definitions, identity transforms and UTM zone selection.
#include "engine/crs.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/workspace.h"

namespace gridlink {
namespace {

Transform MakeTransform(const Crs& from, const Crs& to) {
    auto t = Transform::Create(from, to);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error());
    return std::move(t.value());
}

TEST(Crs, DemoCrsIsProjectedAndNamed) {
    const Crs demo = Crs::FromEpsg(kDemoEpsg);
    EXPECT_FALSE(demo.is_geographic());
    EXPECT_EQ(demo.name(), "EPSG:4549");
    EXPECT_NE(demo.wkt().find("CGCS2000"), std::string::npos) << demo.wkt();
    EXPECT_TRUE(Crs::LonLat().is_geographic());
    EXPECT_EQ(Crs::LonLat().name(), "EPSG:4326");
    EXPECT_TRUE(demo.same_as(Crs::FromEpsg(4549)));
    EXPECT_FALSE(demo.same_as(Crs::LonLat()));
}

// Values from GDAL 3.6.2 on this machine:
//   echo "120 31"     | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:4549 -output_xy -> 500000 3430974.32340885
//   echo "120.5 31.3" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:4549 -output_xy -> 547602.264556443 3464343.84547618
//   echo "120.2 31.1" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:4549 -output_xy -> 519080.909236686 3442078.55770131
// EPSG:4549 is a 3-degree Gauss-Krueger zone with false easting 500000 and no zone prefix on eastings.
TEST(Crs, LonLatToEpsg4549MatchesGdalTransform) {
    const Transform to_plane = MakeTransform(Crs::LonLat(), Crs::FromEpsg(kDemoEpsg));
    EXPECT_FALSE(to_plane.is_identity());
    struct Case {
        Vec2 lonlat, expected;
    };
    for (const Case& c :
         {Case{{120.0, 31.0}, {500000.0, 3430974.32340885}}, Case{{120.5, 31.3}, {547602.264556443, 3464343.84547618}},
          Case{{120.2, 31.1}, {519080.909236686, 3442078.55770131}}}) {
        Vec2 p = c.lonlat;
        ASSERT_TRUE(to_plane.apply(p));
        EXPECT_NEAR(p.x, c.expected.x, 1e-6) << c.lonlat.x << "," << c.lonlat.y;
        EXPECT_NEAR(p.y, c.expected.y, 1e-6) << c.lonlat.x << "," << c.lonlat.y;
    }
}

TEST(Crs, RoundTripAcrossSuzhouWithinOneHundredMillionthOfADegree) {
    const Transform to_plane = MakeTransform(Crs::LonLat(), Crs::FromEpsg(kDemoEpsg));
    const Transform to_lonlat = MakeTransform(Crs::FromEpsg(kDemoEpsg), Crs::LonLat());
    std::vector<Vec2> originals, batch;
    for (double lon = 120.2; lon <= 120.7 + 1e-9; lon += 0.05) {
        for (double lat = 31.1; lat <= 31.5 + 1e-9; lat += 0.05) originals.push_back({lon, lat});
    }
    ASSERT_EQ(originals.size(), 11u * 9u);
    for (Vec2 original : originals) {
        Vec2 p = original;
        ASSERT_TRUE(to_plane.apply(p));
        // Plausible plane coordinates: within ~70 km of the central meridian, northing ~3.44-3.49e6 m.
        EXPECT_GT(p.x, 400000.0);
        EXPECT_LT(p.x, 570000.0);
        EXPECT_GT(p.y, 3.4e6);
        EXPECT_LT(p.y, 3.5e6);
        ASSERT_TRUE(to_lonlat.apply(p));
        EXPECT_NEAR(p.x, original.x, 1e-8);
        EXPECT_NEAR(p.y, original.y, 1e-8);
    }
    // The batch form gives the same answers as the single-point form.
    batch = originals;
    ASSERT_TRUE(to_plane.apply(batch));
    Vec2 single = originals[17];
    ASSERT_TRUE(to_plane.apply(single));
    EXPECT_EQ(batch[17].x, single.x);
    EXPECT_EQ(batch[17].y, single.y);
    ASSERT_TRUE(to_lonlat.apply(batch));
    for (std::size_t i = 0; i < batch.size(); ++i) {
        EXPECT_NEAR(batch[i].x, originals[i].x, 1e-8);
        EXPECT_NEAR(batch[i].y, originals[i].y, 1e-8);
    }
}

TEST(Crs, TransformOfMultiPolygonMovesEveryRing) {
    const Transform to_plane = MakeTransform(Crs::LonLat(), Crs::FromEpsg(kDemoEpsg));
    MultiPolygon shape{Polygon{Ring{{120.0, 31.0}, {120.1, 31.0}, {120.1, 31.1}}, {Ring{{120.05, 31.02}}}}};
    ASSERT_TRUE(to_plane.apply(shape));
    EXPECT_NEAR(shape[0].outer[0].x, 500000.0, 1e-6);
    EXPECT_NEAR(shape[0].outer[0].y, 3430974.32340885, 1e-6);
    EXPECT_GT(shape[0].holes[0][0].x, 500000.0);
    EXPECT_GT(shape[0].holes[0][0].y, 3430974.0);
}

TEST(Crs, FromUserInputAcceptsEpsgAndProjStrings) {
    auto epsg = Crs::FromUserInput("EPSG:4549");
    ASSERT_TRUE(epsg.ok()) << epsg.error();
    EXPECT_TRUE(epsg->same_as(Crs::FromEpsg(4549)));
    auto proj = Crs::FromUserInput("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs");
    ASSERT_TRUE(proj.ok()) << proj.error();
    EXPECT_FALSE(proj->is_geographic());
    auto wkt = Crs::FromUserInput(Crs::FromEpsg(32616).wkt());
    ASSERT_TRUE(wkt.ok()) << wkt.error();
    EXPECT_TRUE(wkt->same_as(Crs::FromEpsg(32616)));
}

TEST(Crs, FromUserInputRejectsGarbageNamingTheInput) {
    for (const std::string bad : {"not a crs at all", "EPSG:99999999", "+proj=nonsense"}) {
        auto crs = Crs::FromUserInput(bad);
        ASSERT_FALSE(crs.ok()) << bad;
        EXPECT_NE(crs.error().find("'" + bad + "'"), std::string::npos) << crs.error();
        EXPECT_NE(crs.error().find("CRS"), std::string::npos) << crs.error();
    }
    auto empty = Crs::FromUserInput("");
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().find("''"), std::string::npos) << empty.error();
}

TEST(Crs, SameCrsGivesIdentityTransform) {
    const Transform same = MakeTransform(Crs::FromEpsg(kDemoEpsg), Crs::FromEpsg(kDemoEpsg));
    EXPECT_TRUE(same.is_identity());
    Vec2 p{512345.678, 3456789.012};
    ASSERT_TRUE(same.apply(p));
    EXPECT_EQ(p.x, 512345.678);
    EXPECT_EQ(p.y, 3456789.012);
    // A copy of a CRS is the same CRS.
    const Crs original = Crs::FromEpsg(32616);
    Crs copy = Crs::LonLat();
    copy = original;
    EXPECT_TRUE(MakeTransform(original, copy).is_identity());
}

TEST(Crs, ChooseWorkingCrsPicksUtmForLonLat) {
    // Chicago: lon -87.6 is in UTM zone 16 (-90..-84), northern hemisphere.
    Box chicago;
    chicago.extend(Vec2{-87.94, 41.64});
    chicago.extend(Vec2{-87.52, 42.02});
    EXPECT_EQ(ChooseWorkingCrs(Crs::LonLat(), chicago).name(), "EPSG:32616");
    // Suzhou (lon 120.5): zone 51 north.
    Box suzhou;
    suzhou.extend(Vec2{120.2, 31.1});
    suzhou.extend(Vec2{120.7, 31.5});
    EXPECT_EQ(ChooseWorkingCrs(Crs::LonLat(), suzhou).name(), "EPSG:32651");
    // Sydney (151.2E, 33.9S): zone 56 south.
    Box sydney;
    sydney.extend(Vec2{151.1, -34.0});
    sydney.extend(Vec2{151.3, -33.8});
    EXPECT_EQ(ChooseWorkingCrs(Crs::LonLat(), sydney).name(), "EPSG:32756");
}

TEST(Crs, ChooseWorkingCrsKeepsAProjectedMetricSource) {
    Box anywhere;
    anywhere.extend(Vec2{-87.6, 41.8});
    EXPECT_EQ(ChooseWorkingCrs(Crs::FromEpsg(kDemoEpsg), anywhere).name(), "EPSG:4549");
    EXPECT_EQ(ChooseWorkingCrs(Crs::FromEpsg(3857), anywhere).name(), "EPSG:3857");
    // A projected CRS in US survey feet is not metric: a UTM zone is chosen instead.
    EXPECT_EQ(ChooseWorkingCrs(Crs::FromEpsg(3435), anywhere).name(), "EPSG:32616");
}

}  // namespace
}  // namespace gridlink
