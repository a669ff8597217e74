// Unit tests for data/workspace.h: errors on bad input name what is wrong (file, layer, field), invalid
// polygons are repaired and reported, a hand-built World survives a GeoPackage round trip, and the
// real Chicago community areas read as 77 grids in UTM zone 16N.
#include "data/workspace.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "test_support.h"

namespace gridlink {
namespace {

using test::TempPath;
using test::TestData;
using test::WriteText;

// A GeoJSON FeatureCollection; `crs` (e.g. "EPSG::4549") adds a named-CRS member.
std::string FeatureCollection(const std::vector<std::string>& features, const std::string& crs = "") {
    std::string text = "{\"type\":\"FeatureCollection\",";
    if (!crs.empty()) text += "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:" + crs + "\"}},";
    text += "\"features\":[";
    for (std::size_t i = 0; i < features.size(); ++i) text += (i ? "," : "") + features[i];
    return text + "]}";
}

std::string Feature(const std::string& properties, const std::string& geometry) {
    return "{\"type\":\"Feature\",\"properties\":{" + properties + "},\"geometry\":" + geometry + "}";
}

// A lon/lat square near Suzhou, `size` degrees wide.
std::string LonLatSquare(double lon, double lat, double size) {
    auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return "{\"type\":\"Polygon\",\"coordinates\":[[" + p(lon, lat) + "," + p(lon + size, lat) + "," +
           p(lon + size, lat + size) + "," + p(lon, lat + size) + "," + p(lon, lat) + "]]}";
}

std::string WriteGeoJson(const std::string& name, const std::string& text) {
    const std::string path = TempPath(name);
    WriteText(path, text);
    return path;
}

GridSourceSpec Spec(const std::string& path) {
    GridSourceSpec spec;
    spec.path = path;
    return spec;
}

// Reads grids into their chosen working CRS, for tests that expect an error.
std::string ReadError(const GridSourceSpec& spec) {
    ReadReport report;
    Crs chosen = Crs::LonLat();
    auto grids = ReadGrids(spec, nullptr, &chosen, &report);
    EXPECT_FALSE(grids.ok()) << spec.path << " read without error";
    return grids.ok() ? "" : grids.error();
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A two-grid lon/lat source that is fine in every way, to vary one thing at a time.
std::string GoodFeatures(const std::string& level_a = "2", const std::string& level_b = "2") {
    return FeatureCollection({Feature("\"code\":\"320505001\",\"name\":\"狮山街道\",\"level\":" + level_a,
                                      LonLatSquare(120.50, 31.30, 0.01)),
                              Feature("\"code\":\"320505002\",\"name\":\"枫桥街道\",\"level\":" + level_b,
                                      LonLatSquare(120.51, 31.30, 0.01))});
}

// [SECTION] bad input

TEST(Workspace, GoodSourceReads) {
    const std::string path = WriteGeoJson("good.geojson", GoodFeatures());
    ReadReport report;
    Crs chosen = Crs::LonLat();
    auto grids = ReadGrids(Spec(path), nullptr, &chosen, &report);
    ASSERT_TRUE(grids.ok()) << grids.error();
    ASSERT_EQ(grids->size(), 2u);
    EXPECT_EQ(chosen.name(), "EPSG:32651");  // lon 120.5: UTM 51N
    const Grid& g = (*grids)[static_cast<std::size_t>(grids->find("320505002"))];
    EXPECT_EQ(g.name, "枫桥街道");
    EXPECT_EQ(g.level, 2);
    EXPECT_EQ(g.parent_code, "320505");  // from the code: the source has no parent field
    // 0.01 x 0.01 degrees at 31.3N in UTM 51N; measured on the same file with
    //   ogrinfo good.geojson -dialect SQLite -sql "SELECT ST_Area(ST_Transform(geometry,32651)) FROM good"
    EXPECT_NEAR(g.area_m2, 1056127.88878816, 1e-6 * 1056127.88878816);
    EXPECT_TRUE(report.warnings.empty());
    EXPECT_EQ(report.repaired_geometries, 0);
}

TEST(Workspace, MissingFileNamesThePath) {
    const std::string path = TempPath("does-not-exist.geojson");
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, path)) << error;
    EXPECT_TRUE(Has(error, "no such file")) << error;
    auto world = ReadWorkspace(path, nullptr);
    ASSERT_FALSE(world.ok());
    EXPECT_TRUE(Has(world.error(), path)) << world.error();
}

TEST(Workspace, NotAVectorFileIsAnError) {
    const std::string path = WriteGeoJson("garbage.geojson", "this is { not json");
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, path)) << error;
    EXPECT_TRUE(Has(error, "not a vector source")) << error;
}

TEST(Workspace, PointLayerIsNotPolygons) {
    const std::string path = WriteGeoJson(
        "points.geojson",
        FeatureCollection({Feature("\"code\":\"320505\"", "{\"type\":\"Point\",\"coordinates\":[120.5,31.3]}"),
                           Feature("\"code\":\"320506\"", "{\"type\":\"Point\",\"coordinates\":[120.6,31.3]}")}));
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, path)) << error;
    EXPECT_TRUE(Has(error, "layer 'points'")) << error;
    EXPECT_TRUE(Has(error, "holds points, not polygons")) << error;
}

TEST(Workspace, MixedLayerWithAPointFeatureNamesTheFeature) {
    // GeoJSON with mixed types has an unknown layer type: the offending feature is named instead.
    const std::string path = WriteGeoJson(
        "mixed.geojson",
        FeatureCollection({Feature("\"code\":\"320505001\"", LonLatSquare(120.5, 31.3, 0.01)),
                           Feature("\"code\":\"320505002\"", "{\"type\":\"Point\",\"coordinates\":[120.6,31.3]}")}));
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, "feature 1")) << error;
    EXPECT_TRUE(Has(error, "not a polygon")) << error;
}

TEST(Workspace, MissingIdFieldNamesItAndListsTheFields) {
    const std::string path = WriteGeoJson("ids.geojson", GoodFeatures());
    GridSourceSpec spec = Spec(path);
    spec.id_field = "grid_id";
    const std::string error = ReadError(spec);
    EXPECT_TRUE(Has(error, "'grid_id'")) << error;
    EXPECT_TRUE(Has(error, "fields: code, name, level")) << error;
    // The same for an optional field asked for by name.
    GridSourceSpec named = Spec(path);
    named.name_field = "title";
    const std::string name_error = ReadError(named);
    EXPECT_TRUE(Has(name_error, "'title'")) << name_error;
    EXPECT_TRUE(Has(name_error, "fields: code, name, level")) << name_error;
}

TEST(Workspace, BadLevelNamesTheFieldAndTheValue) {
    for (const std::string bad : {"7", "0", "\"street\""}) {
        const std::string path = WriteGeoJson("levels.geojson", GoodFeatures("2", bad));
        const std::string error = ReadError(Spec(path));
        EXPECT_TRUE(Has(error, "field 'level'")) << error;
        EXPECT_TRUE(Has(error, "feature 1")) << error;
        EXPECT_TRUE(Has(error, "expected a level 1..5")) << error;
    }
    // A differently named level field is named in the message too.
    const std::string path = WriteGeoJson(
        "tier.geojson",
        FeatureCollection({Feature("\"code\":\"320505001\",\"tier\":\"9\"", LonLatSquare(120.5, 31.3, 0.01))}));
    GridSourceSpec spec = Spec(path);
    spec.level_field = "tier";
    const std::string error = ReadError(spec);
    EXPECT_TRUE(Has(error, "field 'tier' is '9'")) << error;
}

TEST(Workspace, EmptyIdValueIsAnError) {
    const std::string path =
        WriteGeoJson("noid.geojson", FeatureCollection({Feature("\"code\":null", LonLatSquare(120.5, 31.3, 0.01))}));
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, "field 'code' is empty")) << error;
}

TEST(Workspace, UnknownLayerListsTheLayers) {
    World world;
    Grid g;
    g.code = "320505";
    g.level = 1;
    g.shape = {Polygon{Ring{{500000, 3440000}, {501000, 3440000}, {501000, 3441000}, {500000, 3441000}}, {}}};
    world.grids.add(g);
    world.grids.finish();
    const std::string path = TempPath("layers.gpkg");
    ASSERT_TRUE(WriteWorkspace(path, world).ok());
    GridSourceSpec spec = Spec(path);
    spec.layer = "communities";
    const std::string error = ReadError(spec);
    EXPECT_TRUE(Has(error, "no layer 'communities'")) << error;
    EXPECT_TRUE(Has(error, "grids")) << error;
    EXPECT_TRUE(Has(error, "resources")) << error;
    EXPECT_TRUE(Has(error, "events")) << error;
}

TEST(Workspace, EmptyLayerIsAnError) {
    const std::string path = WriteGeoJson("empty.geojson", FeatureCollection({}));
    const std::string error = ReadError(Spec(path));
    EXPECT_TRUE(Has(error, path)) << error;
    EXPECT_TRUE(Has(error, "empty")) << error;
}

TEST(Workspace, WorkspaceWithoutGridsLayerIsAnError) {
    const std::string path = WriteGeoJson("nogrids.geojson", GoodFeatures());
    auto world = ReadWorkspace(path, nullptr);
    ASSERT_FALSE(world.ok());
    EXPECT_TRUE(Has(world.error(), "no layer 'grids'")) << world.error();
}

TEST(Workspace, BowTieIsRepairedAndReported) {
    // Coordinates in EPSG:4549; the first polygon crosses itself at (500050, 3440050).
    const std::string bow_tie =
        "{\"type\":\"Polygon\",\"coordinates\":[[[500000,3440000],[500100,3440100],[500100,3440000],"
        "[500000,3440100],[500000,3440000]]]}";
    const std::string square =
        "{\"type\":\"Polygon\",\"coordinates\":[[[500200,3440000],[500300,3440000],[500300,3440100],"
        "[500200,3440100],[500200,3440000]]]}";
    const std::string path = WriteGeoJson(
        "bowtie.geojson",
        FeatureCollection({Feature("\"code\":\"320505001\"", bow_tie), Feature("\"code\":\"320505002\"", square)},
                          "EPSG::4549"));
    ReadReport report;
    Crs chosen = Crs::LonLat();
    auto grids = ReadGrids(Spec(path), nullptr, &chosen, &report);
    ASSERT_TRUE(grids.ok()) << grids.error();
    EXPECT_EQ(chosen.name(), "EPSG:4549");  // projected and metric: kept
    ASSERT_EQ(grids->size(), 2u);
    EXPECT_EQ(report.repaired_geometries, 1);
    bool mentions_repair = false;
    for (const std::string& w : report.warnings)
        mentions_repair = mentions_repair || (Has(w, "repaired") && Has(w, "320505001"));
    EXPECT_TRUE(mentions_repair) << "warnings: " << ::testing::PrintToString(report.warnings);
    // The repair keeps both lobes of the bow tie: two triangles of 50 x 100 / 2 m².
    const Grid& repaired = (*grids)[static_cast<std::size_t>(grids->find("320505001"))];
    EXPECT_NEAR(repaired.area_m2, 5000.0, 1e-6);
    EXPECT_TRUE(Contains(repaired.shape, {500010, 3440050}));
    EXPECT_TRUE(Contains(repaired.shape, {500090, 3440050}));
    EXPECT_FALSE(Contains(repaired.shape, {500050, 3440010}));
    const Grid& untouched = (*grids)[static_cast<std::size_t>(grids->find("320505002"))];
    EXPECT_NEAR(untouched.area_m2, 10000.0, 1e-6);

    // The same through WorldFromGridSource, which records the count on the World.
    ReadReport world_report;
    auto world = WorldFromGridSource(Spec(path), &world_report);
    ASSERT_TRUE(world.ok()) << world.error();
    EXPECT_EQ(world->repaired_geometries, 1);
}

// GDAL's GeoJSON driver does not fail on a "crs" member it cannot resolve: it reports
// "PROJ: proj_create: crs not found" through CPLError and falls back to WGS84 lon/lat (checked with
// ogrinfo on this machine, GDAL 3.6.2). The reader catches that and refuses the source, naming the file
// and saying the CRS is unknown, whether the coordinates look projected or like lon/lat.
TEST(Workspace, UnknownCrsIsAnErrorNamingTheFile) {
    const std::string projected =
        "{\"type\":\"Polygon\",\"coordinates\":[[[500200,3440000],[500300,3440000],[500300,3440100],"
        "[500200,3440100],[500200,3440000]]]}";
    const std::string lonlat =
        "{\"type\":\"Polygon\",\"coordinates\":[[[120.5,31.3],[120.6,31.3],[120.6,31.4],[120.5,31.3]]]}";
    for (const std::string& square : {projected, lonlat}) {
        const std::string path = WriteGeoJson(
            "badcrs.geojson", FeatureCollection({Feature("\"code\":\"320505001\"", square)}, "EPSG::999999"));
        CPLPushErrorHandler(CPLQuietErrorHandler);
        const std::string error = ReadError(Spec(path));
        CPLPopErrorHandler();
        EXPECT_TRUE(Has(error, path)) << error;
        EXPECT_TRUE(Has(error, "CRS is unknown")) << error;
    }
}

// [SECTION] ParseSourceArgument

TEST(Workspace, ParseSourceArgument) {
    GridSourceSpec spec = ParseSourceArgument("city.gpkg:communities");
    EXPECT_EQ(spec.path, "city.gpkg");
    EXPECT_EQ(spec.layer, "communities");
    spec = ParseSourceArgument("city.gpkg");
    EXPECT_EQ(spec.path, "city.gpkg");
    EXPECT_EQ(spec.layer, "");
    spec = ParseSourceArgument("C:\\data\\city.gpkg");  // drive letter is not a layer separator
    EXPECT_EQ(spec.path, "C:\\data\\city.gpkg");
    EXPECT_EQ(spec.layer, "");
    spec = ParseSourceArgument("/data/a:b/city.gpkg");  // a colon in a folder name
    EXPECT_EQ(spec.path, "/data/a:b/city.gpkg");
    EXPECT_EQ(spec.layer, "");
    spec = ParseSourceArgument("city.gpkg:");
    EXPECT_EQ(spec.path, "city.gpkg:");
    EXPECT_EQ(spec.layer, "");
}

// [SECTION] round trip

Polygon Rectangle(double x0, double y0, double x1, double y1) {
    return Polygon{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, {}};
}

World HandBuiltWorld() {
    World world;  // EPSG:4549
    Grid district;
    district.code = "320505";
    district.name = "虎丘区";
    district.level = 1;
    district.responsible = "区指挥中心";
    district.phone = "0512-12345";
    district.shape = {Rectangle(510000, 3460000, 512000, 3461000)};
    district.shape[0].holes.push_back(Ring{{511400, 3460400}, {511400, 3460600}, {511600, 3460600}, {511600, 3460400}});
    Grid street_a;
    street_a.code = "320505001";
    street_a.name = "狮山街道";
    street_a.level = 2;
    street_a.parent_code = "320505";
    street_a.shape = {Rectangle(510000, 3460000, 511000, 3461000)};
    Grid street_b;
    street_b.code = "320505002";
    street_b.name = "枫桥街道";
    street_b.level = 2;
    street_b.parent_code = "320505";
    // Two parts, the second an island inside the district's hole.
    street_b.shape = {Rectangle(511000, 3460000, 512000, 3460300), Rectangle(511450.25, 3460450.5, 511550.75, 3460550)};
    world.grids.add(district);
    world.grids.add(street_a);
    world.grids.add(street_b);
    world.grids.finish();
    world.resources.push_back(Resource{"W001",
                                       ResourceKind::kGridWorker,
                                       "张伟",
                                       ResourceStatus::kAvailable,
                                       "320505001",
                                       {510500.125, 3460500.5},
                                       "",
                                       0});
    world.roads.push_back(Road{"arterial", "长江路", {{510000, 3460700}, {511000, 3460710}, {512000, 3460690}}});
    world.water.push_back(WaterBody{"canal", "京杭运河", {Rectangle(510100, 3460100, 510300, 3460150)}});
    return world;
}

std::vector<std::string> LayerNames(const std::string& path) {
    GDALAllRegister();
    std::vector<std::string> names;
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY);
    if (!ds) return names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) names.push_back(ds->GetLayer(i)->GetName());
    GDALClose(ds);
    return names;
}

TEST(Workspace, RoundTripThroughGeoPackage) {
    const World original = HandBuiltWorld();
    const std::string path = TempPath("roundtrip.gpkg");
    const Status written = WriteWorkspace(path, original);
    ASSERT_TRUE(written.ok()) << written.error();

    std::vector<std::string> layers = LayerNames(path);
    std::sort(layers.begin(), layers.end());
    EXPECT_EQ(layers,
              (std::vector<std::string>{"events", "grids", "incidents", "rejects", "resources", "roads", "water"}));

    ReadReport report;
    auto read = ReadWorkspace(path, &report);
    ASSERT_TRUE(read.ok()) << read.error();
    const World& world = read.value();
    EXPECT_EQ(world.crs.name(), "EPSG:4549");
    EXPECT_TRUE(world.crs.same_as(original.crs));
    EXPECT_TRUE(report.warnings.empty()) << ::testing::PrintToString(report.warnings);
    EXPECT_EQ(world.repaired_geometries, 0);

    ASSERT_EQ(world.grids.size(), original.grids.size());
    for (const Grid& expected : original.grids.grids()) {
        const std::int64_t index = world.grids.find(expected.code);
        ASSERT_GE(index, 0) << expected.code;
        const Grid& g = world.grids[static_cast<std::size_t>(index)];
        EXPECT_EQ(g.name, expected.name);
        EXPECT_EQ(g.level, expected.level);
        EXPECT_EQ(g.parent_code, expected.parent_code);
        EXPECT_EQ(g.responsible, expected.responsible);
        EXPECT_EQ(g.phone, expected.phone);
        EXPECT_NEAR(g.area_m2, expected.area_m2, 1e-6 * expected.area_m2) << g.code;
        EXPECT_EQ(g.shape.size(), expected.shape.size()) << g.code;
        EXPECT_EQ(VertexCount(g.shape), VertexCount(expected.shape)) << g.code;
    }
    EXPECT_NEAR(world.grids[static_cast<std::size_t>(world.grids.find("320505"))].area_m2, 2e6 - 40000, 1e-3);
    EXPECT_NEAR(world.grids[static_cast<std::size_t>(world.grids.find("320505002"))].area_m2, 300000 + 100.5 * 99.5,
                1e-3);
    const auto& children = world.grids.children(static_cast<std::size_t>(world.grids.find("320505")));
    ASSERT_EQ(children.size(), 2u);
    EXPECT_EQ(world.grids[children[0]].code, "320505001");

    ASSERT_EQ(world.resources.size(), 1u);
    const Resource& r = world.resources[0];
    EXPECT_EQ(r.id, "W001");
    EXPECT_EQ(r.kind, ResourceKind::kGridWorker);
    EXPECT_EQ(r.name, "张伟");
    EXPECT_EQ(r.status, ResourceStatus::kAvailable);
    EXPECT_EQ(r.home_grid, "320505001");
    EXPECT_NEAR(r.position.x, 510500.125, 1e-6);
    EXPECT_NEAR(r.position.y, 3460500.5, 1e-6);

    ASSERT_EQ(world.roads.size(), 1u);
    EXPECT_EQ(world.roads[0].name, "长江路");
    EXPECT_EQ(world.roads[0].kind, "arterial");
    ASSERT_EQ(world.roads[0].line.size(), 3u);
    EXPECT_NEAR(world.roads[0].line[1].y, 3460710, 1e-6);

    ASSERT_EQ(world.water.size(), 1u);
    EXPECT_EQ(world.water[0].name, "京杭运河");
    EXPECT_EQ(world.water[0].kind, "canal");
    EXPECT_NEAR(Area(world.water[0].shape), 10000.0, 1e-6);
}

TEST(Workspace, UnknownKindAndStatusAreReadWithAWarning) {
    const std::string path = TempPath("unknown_kind.gpkg");
    ASSERT_TRUE(WriteWorkspace(path, HandBuiltWorld()).ok());
    {
        GDALAllRegister();
        GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
        ASSERT_NE(ds, nullptr);
        ds->ExecuteSQL("UPDATE resources SET kind = 'firefighter', status = 'asleep'", nullptr, nullptr);
        GDALClose(ds);
    }
    ReadReport report;
    auto read = ReadWorkspace(path, &report);
    ASSERT_TRUE(read.ok()) << read.error();
    ASSERT_EQ(read.value().resources.size(), 1u);
    const Resource& r = read.value().resources[0];
    EXPECT_EQ(r.kind, ResourceKind::kServiceStation);
    EXPECT_EQ(r.status, ResourceStatus::kOffDuty);
    const std::string warnings = ::testing::PrintToString(report.warnings);
    EXPECT_NE(warnings.find("kind: 'firefighter' is not a known kind; read as service_station"), std::string::npos)
        << warnings;
    EXPECT_NE(warnings.find("status: 'asleep' is not available, busy, off_duty; read as off_duty"), std::string::npos)
        << warnings;
}

TEST(Workspace, WritingTwiceGivesTheSameFile) {
    const World world = HandBuiltWorld();
    const std::string a = TempPath("same-a.gpkg"), b = TempPath("same-b.gpkg");
    ASSERT_TRUE(WriteWorkspace(a, world).ok());
    ASSERT_TRUE(WriteWorkspace(b, world).ok());
    auto grids_a = ReadGrids(Spec(a), nullptr, nullptr, nullptr);
    auto grids_b = ReadGrids(Spec(b), nullptr, nullptr, nullptr);
    ASSERT_TRUE(grids_a.ok() && grids_b.ok());
    EXPECT_EQ(grids_a->size(), grids_b->size());
    // Writing over an existing file replaces it rather than appending.
    ASSERT_TRUE(WriteWorkspace(a, world).ok());
    auto again = ReadWorkspace(a, nullptr);
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(again->grids.size(), 3u);
    EXPECT_EQ(again->resources.size(), 1u);
}

// [SECTION] real data

// Measured with GDAL 3.6.2 / SpatiaLite on this machine:
//   ogrinfo chicago_community_areas.geojson -dialect SQLite -sql
//     "SELECT SUM(ST_Area(ST_Transform(geometry,32616))) FROM chicago_community_areas"
//   -> 597698415.342166 m² (all 77 geometries valid); LOOP (32): 4301423.44807664, OHARE (76): 34522423.583924
TEST(Workspace, ChicagoCommunityAreas) {
    GridSourceSpec spec = Spec(TestData("chicago_community_areas.geojson"));
    spec.id_field = "area_numbe";
    spec.name_field = "community";
    ReadReport report;
    Crs chosen = Crs::LonLat();
    auto grids = ReadGrids(spec, nullptr, &chosen, &report);
    ASSERT_TRUE(grids.ok()) << grids.error();
    EXPECT_EQ(chosen.name(), "EPSG:32616");
    ASSERT_EQ(grids->size(), 77u);
    EXPECT_EQ(report.repaired_geometries, 0);
    double total = 0;
    for (const Grid& g : grids->grids()) {
        total += g.area_m2;
        EXPECT_EQ(g.level, 1) << g.code;  // codes 1..77 fit no level: one flat level
        EXPECT_EQ(g.parent_code, "") << g.code;
    }
    EXPECT_NEAR(total, 597698415.342166, 0.001 * 597698415.342166);
    const Grid& loop = (*grids)[static_cast<std::size_t>(grids->find("32"))];
    EXPECT_EQ(loop.name, "LOOP");
    EXPECT_NEAR(loop.area_m2, 4301423.44807664, 1e-6 * 4301423.44807664);
    const Grid& ohare = (*grids)[static_cast<std::size_t>(grids->find("76"))];
    EXPECT_EQ(ohare.name, "OHARE");
    EXPECT_NEAR(ohare.area_m2, 34522423.583924, 1e-6 * 34522423.583924);
    EXPECT_EQ((*grids)[static_cast<std::size_t>(grids->find("1"))].name, "ROGERS PARK");
    // UTM 16N eastings and northings around Chicago.
    EXPECT_GT(grids->bounds().min_x, 420000.0);
    EXPECT_LT(grids->bounds().max_x, 460000.0);
    EXPECT_GT(grids->bounds().min_y, 4610000.0);
    EXPECT_LT(grids->bounds().max_y, 4655000.0);
}

TEST(Workspace, ChicagoIntoAGivenTarget) {
    GridSourceSpec spec = Spec(TestData("chicago_community_areas.geojson"));
    spec.id_field = "area_numbe";
    const Crs web_mercator = Crs::FromEpsg(3857);
    Crs chosen = Crs::LonLat();
    auto grids = ReadGrids(spec, &web_mercator, &chosen, nullptr);
    ASSERT_TRUE(grids.ok()) << grids.error();
    EXPECT_EQ(chosen.name(), "EPSG:3857");
    // Web Mercator inflates areas by 1/cos²(lat) ≈ 1.8 at 41.8N.
    double total = 0;
    for (const Grid& g : grids->grids()) total += g.area_m2;
    EXPECT_NEAR(total / 597698415.342166, 1.0 / std::pow(std::cos(41.83 * std::acos(-1.0) / 180), 2), 0.02);
}

}  // namespace
}  // namespace gridlink
