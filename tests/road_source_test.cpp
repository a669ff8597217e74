// Roads for `gridlink init` (data/road_source.h): the OpenStreetMap highway rule, an .osm extract read
// through GDAL's OSM driver, a plain GeoJSON line layer with its own kinds, and errors naming file and layer.
#include "data/road_source.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.h"

namespace gridlink {
namespace {

TEST(RoadSource, HighwayRuleKeepsRoadsAndDropsWaysForPeopleOnFoot) {
    EXPECT_EQ(RoadKindOfHighway("motorway"), "arterial");
    EXPECT_EQ(RoadKindOfHighway("primary_link"), "arterial");
    EXPECT_EQ(RoadKindOfHighway("tertiary"), "secondary");
    EXPECT_EQ(RoadKindOfHighway("residential"), "local");
    EXPECT_EQ(RoadKindOfHighway("service"), "local");
    for (const char* dropped :
         {"footway", "path", "cycleway", "steps", "pedestrian", "track", "", "residential_link"}) {
        EXPECT_EQ(RoadKindOfHighway(dropped), "") << dropped;
    }
}

TEST(RoadSource, ReadsAnOsmExtractsLinesWithTheRule) {
    const std::string path = test::TempPath("roads.osm");
    test::WriteText(path, R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="41.8781" lon="-87.6400" version="1"/>
  <node id="2" lat="41.8781" lon="-87.6200" version="1"/>
  <node id="3" lat="41.8800" lon="-87.6400" version="1"/>
  <node id="4" lat="41.8800" lon="-87.6200" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="trunk"/><tag k="name" v="Main"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="cycleway"/></way>
</osm>
)");
    RoadReadReport report;
    auto roads = ReadRoadSource(path, "", Crs::FromEpsg(32616), &report);
    ASSERT_TRUE(roads) << roads.error();
    ASSERT_EQ(roads->size(), 1u);
    EXPECT_EQ((*roads)[0].kind, "arterial");
    EXPECT_EQ((*roads)[0].name, "Main");
    EXPECT_EQ(report.layer, "lines");
    EXPECT_EQ(report.dropped_kind, 1u);
    // 0.02 degrees of longitude at 41.88 N: about 1.66 km, in metres of UTM 16N.
    const Vec2 a = (*roads)[0].line.front(), b = (*roads)[0].line.back();
    EXPECT_NEAR(std::hypot(b.x - a.x, b.y - a.y), 1657, 10);
}

TEST(RoadSource, PlainLayersKeepTheirKindsElseLocal) {
    const std::string path = test::TempPath("roads.geojson");
    test::WriteText(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"secondary","name":"S"},"geometry":{"type":"LineString","coordinates":[[0,0],[0.01,0]]}},
{"type":"Feature","properties":{"kind":"lane","name":"L"},"geometry":{"type":"MultiLineString","coordinates":[[[0,0.01],[0.01,0.01]],[[0,0.02],[0.01,0.02]]]}}]})");
    auto roads = ReadRoadSource(path, "", Crs::FromEpsg(32631), nullptr);
    ASSERT_TRUE(roads) << roads.error();
    ASSERT_EQ(roads->size(), 3u);
    EXPECT_EQ((*roads)[0].kind, "secondary");
    EXPECT_EQ((*roads)[1].kind, "local");
    EXPECT_EQ((*roads)[2].name, "L");
}

TEST(RoadSource, ErrorsNameTheFileAndLayer) {
    auto missing = ReadRoadSource(test::TempPath("nope.shp"), "", Crs::FromEpsg(32616), nullptr);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("nope.shp: no such file"), std::string::npos) << missing.error();
    auto polygons =
        ReadRoadSource(test::TestData("chicago_community_areas.geojson"), "", Crs::FromEpsg(32616), nullptr);
    ASSERT_FALSE(polygons);
    EXPECT_NE(polygons.error().find("not lines"), std::string::npos) << polygons.error();
    auto layer =
        ReadRoadSource(test::TestData("chicago_community_areas.geojson"), "streets", Crs::FromEpsg(32616), nullptr);
    ASSERT_FALSE(layer);
    EXPECT_NE(layer.error().find("no layer 'streets'"), std::string::npos) << layer.error();
}

}  // namespace
}  // namespace gridlink
