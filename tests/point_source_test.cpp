// Unit tests for data/point_source.h and data/assignment_output.h (`gridlink assign`): CSV edge cases
// (quotes, embedded newlines, BOM, CRLF, short rows), invalid-row categories, row numbering, chunked
// reading, GDAL point layers, and the CSV and GeoPackage writers read back through GDAL and ogrinfo.
#include "data/point_source.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "data/assignment_output.h"
#include "test_support.h"

namespace gridlink {
namespace {

using test::TempPath;
using test::WriteText;

// One row as the tests look at it, after read + resolve.
struct Row {
    std::int64_t row = 0;
    bool valid = false;
    std::string reason;
    Vec2 point;
    Vec2 working;
    std::vector<std::string> keep;
};

Result<std::unique_ptr<PointSource>> OpenCsv(const std::string& text, const std::string& name = "points.csv",
                                             const std::string& x = "lon", const std::string& y = "lat") {
    const std::string path = TempPath(name);
    WriteText(path, text);
    PointSourceSpec spec;
    spec.path = path;
    spec.x_field = x;
    spec.y_field = y;
    return PointSource::Open(spec);
}

// Reads every row in chunks of `chunk_rows`, resolving each chunk in two halves (slots 0 and 1).
std::vector<Row> ReadAll(PointSource& source, const Crs& working, std::size_t chunk_rows = 1000) {
    EXPECT_TRUE(source.prepare(working, 2).ok());
    std::vector<Row> rows;
    PointChunk chunk;
    for (;;) {
        auto got = source.read(chunk, chunk_rows);
        EXPECT_TRUE(got.ok()) << (got.ok() ? "" : got.error());
        if (!got.ok() || got.value() == 0) break;
        EXPECT_LE(got.value(), chunk_rows);
        const std::size_t half = chunk.size() / 2;
        source.resolve(chunk, 0, half, 0);
        source.resolve(chunk, half, chunk.size(), 1);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            Row r;
            r.row = chunk.rows[i];
            r.valid = chunk.valid(i);
            r.reason = chunk.reasons[i];
            r.point = chunk.points[i];
            r.working = chunk.working[i];
            r.keep.assign(chunk.kept(i), chunk.kept(i) + chunk.keep_count);
            rows.push_back(r);
        }
    }
    return rows;
}

std::vector<Row> ReadCsv(const std::string& text, const std::vector<std::string>& keep = {},
                         const Crs& working = Crs::LonLat()) {
    auto source = OpenCsv(text);
    EXPECT_TRUE(source.ok()) << (source.ok() ? "" : source.error());
    if (!source.ok()) return {};
    EXPECT_TRUE((*source)->select_keep(keep).ok());
    return ReadAll(*source.value(), working);
}

// [SECTION] CSV parsing

TEST(PointSource, CsvQuotesEmbeddedNewlinesBomAndCrlf) {
    const std::string text =
        "\xEF\xBB\xBFid,lon,lat,note\r\n"
        "a,120.5,31.3,\"plain, with comma\"\r\n"
        "b,\"120.6\",31.4,\"say \"\"hi\"\"\"\r\n"
        "c,120.7,31.5,\"two\r\nlines\"\r\n"
        "d,120.8,31.6,\r\n";
    auto source = OpenCsv(text);
    ASSERT_TRUE(source.ok()) << source.error();
    EXPECT_EQ((*source)->columns(), (std::vector<std::string>{"id", "lon", "lat", "note"}));  // BOM stripped
    ASSERT_TRUE((*source)->select_keep({"id", "note"}).ok());
    const std::vector<Row> rows = ReadAll(*source.value(), Crs::LonLat());
    ASSERT_EQ(rows.size(), 4u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].row, static_cast<std::int64_t>(i + 1));
        EXPECT_TRUE(rows[i].valid) << rows[i].reason;
    }
    EXPECT_EQ(rows[0].keep, (std::vector<std::string>{"a", "plain, with comma"}));
    EXPECT_EQ(rows[1].keep[1], "say \"hi\"");
    EXPECT_EQ(rows[2].keep[1], "two\r\nlines");
    EXPECT_EQ(rows[3].keep, (std::vector<std::string>{"d", ""}));
    EXPECT_DOUBLE_EQ(rows[1].point.x, 120.6);
    EXPECT_DOUBLE_EQ(rows[3].point.y, 31.6);
}

TEST(PointSource, CsvWrongFieldCountsBlankLinesAndOpenQuotesAreMalformedRowsNotDropped) {
    const std::vector<Row> rows = ReadCsv(
        "id,lon,lat\n"
        "a,120.5\n"             // 1: short
        "b,120.5,31.3,extra\n"  // 2: long
        "\n"                    // 3: blank
        "c,120.5,31.3\n"        // 4: fine
        "d,120.5,\"31.3\n");    // 5: quote never closed
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].reason, "malformed: 2 fields, header has 3");
    EXPECT_EQ(rows[1].reason, "malformed: 4 fields, header has 3");
    EXPECT_EQ(rows[2].reason, "malformed: blank line");
    EXPECT_TRUE(rows[3].valid) << rows[3].reason;
    EXPECT_EQ(rows[3].row, 4);
    EXPECT_EQ(rows[4].reason.rfind("malformed: ", 0), 0u) << rows[4].reason;
}

TEST(PointSource, CsvNoTrailingNewlineAndLoneCarriageReturns) {
    const std::vector<Row> rows = ReadCsv("lon,lat\r120.5,31.3\r120.6,31.4");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_TRUE(rows[1].valid) << rows[1].reason;
    EXPECT_DOUBLE_EQ(rows[1].point.y, 31.4);
}

TEST(PointSource, InvalidRowsSayTheCategoryAndTheColumn) {
    const std::vector<Row> rows = ReadCsv(
        "lon,lat\n"
        ",31.3\n"
        "120.5,\n"
        ",\n"
        "120.5,abc\n"
        "nan,31.3\n"
        "120.5,inf\n"
        "120.5,95\n"
        "-200,31.3\n"
        "120.5 ,+31.3\n"
        "120.5,31.3x\n");
    ASSERT_EQ(rows.size(), 10u);
    EXPECT_EQ(rows[0].reason, "empty: lon");
    EXPECT_EQ(rows[1].reason, "empty: lat");
    EXPECT_EQ(rows[2].reason, "empty: lon, lat");
    EXPECT_EQ(rows[3].reason, "unparsable: lat 'abc'");
    EXPECT_EQ(rows[4].reason, "unparsable: lon 'nan'");
    EXPECT_EQ(rows[5].reason, "unparsable: lat 'inf'");
    EXPECT_EQ(rows[6].reason, "out of range: lat 95 (expected -90..90)");
    EXPECT_EQ(rows[7].reason, "out of range: lon -200 (expected -180..180)");
    EXPECT_TRUE(rows[8].valid) << rows[8].reason;
    EXPECT_EQ(rows[9].reason, "unparsable: lat '31.3x'");
}

TEST(PointSource, ColumnsAreFoundIgnoringCaseAndMissingOnesAreListed) {
    auto source = OpenCsv("ID,Lon,LAT\n1,120.5,31.3\n");
    ASSERT_TRUE(source.ok()) << source.error();
    auto missing = OpenCsv("id,x,y\n1,2,3\n", "noxy.csv");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("no column 'lon' for --x-field"), std::string::npos) << missing.error();
    EXPECT_NE(missing.error().find("(columns: id, x, y)"), std::string::npos) << missing.error();
    auto bad_y = OpenCsv("id,x,y\n1,2,3\n", "noy.csv", "x", "northing");
    ASSERT_FALSE(bad_y.ok());
    EXPECT_NE(bad_y.error().find("'northing' for --y-field"), std::string::npos) << bad_y.error();
    auto keep = (*source)->select_keep({"id", "colour"});
    ASSERT_FALSE(keep.ok());
    EXPECT_NE(keep.error().find("no column 'colour'"), std::string::npos) << keep.error();
    EXPECT_NE(keep.error().find("ID, Lon, LAT"), std::string::npos) << keep.error();
}

TEST(PointSource, MissingFileEmptyFileAndUnknownCrsAreErrors) {
    PointSourceSpec spec;
    spec.path = TempPath("absent.csv");
    auto absent = PointSource::Open(spec);
    ASSERT_FALSE(absent.ok());
    EXPECT_NE(absent.error().find(spec.path + ": no such file"), std::string::npos) << absent.error();
    auto empty = OpenCsv("", "empty.csv");
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().find("header"), std::string::npos) << empty.error();
    WriteText(spec.path, "lon,lat\n1,2\n");
    spec.srs = "EPSG:999999";
    auto crs = PointSource::Open(spec);
    ASSERT_FALSE(crs.ok());
    EXPECT_NE(crs.error().find("EPSG:999999"), std::string::npos) << crs.error();
}

TEST(PointSource, RowsAreNumberedAcrossChunks) {
    std::string text = "lon,lat\n";
    for (int i = 0; i < 10; ++i) text += (i == 4 ? std::string("x,y") : "120.5,31." + std::to_string(i)) + "\n";
    auto source = OpenCsv(text);
    ASSERT_TRUE(source.ok()) << source.error();
    const std::vector<Row> rows = ReadAll(*source.value(), Crs::LonLat(), 3);
    ASSERT_EQ(rows.size(), 10u);
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].row, static_cast<std::int64_t>(i + 1));
    EXPECT_FALSE(rows[4].valid);
    EXPECT_DOUBLE_EQ(rows[9].point.y, 31.9);
    EXPECT_DOUBLE_EQ((*source)->fraction_read(), 1.0);
}

TEST(PointSource, TransformsToTheWorkingCrsAndRejectsWhatTheTransformCannotTake) {
    const Crs working = Crs::FromEpsg(kDemoEpsg);
    const std::vector<Row> rows = ReadCsv("lon,lat\n120.5,31.3\n", {}, working);
    ASSERT_EQ(rows.size(), 1u);
    Vec2 expected{120.5, 31.3};
    ASSERT_TRUE(Transform::Create(Crs::LonLat(), working)->apply(expected));
    EXPECT_NEAR(rows[0].working.x, expected.x, 1e-6);
    EXPECT_NEAR(rows[0].working.y, expected.y, 1e-6);
    EXPECT_NEAR(rows[0].working.x, 547950, 1000);  // east of the 120E central meridian's 500 km

    // Gauss-Kruger metres far beyond the earth have no lon/lat.
    const std::string path = TempPath("projected.csv");
    WriteText(path, "e,n\n547950,3463000\n1e12,1e12\n");
    PointSourceSpec spec;
    spec.path = path;
    spec.x_field = "e";
    spec.y_field = "n";
    spec.srs = "EPSG:4549";
    auto source = PointSource::Open(spec);
    ASSERT_TRUE(source.ok()) << source.error();
    const std::vector<Row> projected = ReadAll(*source.value(), Crs::LonLat());
    ASSERT_EQ(projected.size(), 2u);
    EXPECT_TRUE(projected[0].valid) << projected[0].reason;
    EXPECT_NEAR(projected[0].working.x, 120.5, 0.01);
    EXPECT_EQ(projected[1].reason.rfind("out of range: e 1e12, n 1e12 (cannot be transformed to EPSG:4326)", 0), 0u)
        << projected[1].reason;
}

// [SECTION] GDAL point layers

TEST(PointSource, GdalPointLayerRowsFollowFeatureOrder) {
    const std::string path = TempPath("points.geojson");
    WriteText(path,
              R"({"type":"FeatureCollection",
                  "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}},
                  "features":[
      {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[547950,3463000]}},
      {"type":"Feature","properties":{"name":"b"},"geometry":null},
      {"type":"Feature","properties":{"name":"c"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}},
      {"type":"Feature","properties":{"name":"d"},"geometry":{"type":"MultiPoint","coordinates":[[547960,3463010]]}},
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[547970,3463020]}}]})");
    PointSourceSpec spec;
    spec.path = path;
    auto source = PointSource::Open(spec);
    ASSERT_TRUE(source.ok()) << source.error();
    EXPECT_TRUE((*source)->crs().same_as(Crs::FromEpsg(kDemoEpsg))) << (*source)->crs().name();
    ASSERT_TRUE((*source)->select_keep({"NAME"}).ok());
    const std::vector<Row> rows = ReadAll(*source.value(), Crs::FromEpsg(kDemoEpsg), 2);
    ASSERT_EQ(rows.size(), 5u);
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].row, static_cast<std::int64_t>(i + 1));
    EXPECT_TRUE(rows[0].valid) << rows[0].reason;
    EXPECT_DOUBLE_EQ(rows[0].working.x, 547950);
    EXPECT_EQ(rows[1].reason, "empty: geometry");
    EXPECT_EQ(rows[2].reason, "malformed: geometry is LINESTRING, not a point");
    EXPECT_TRUE(rows[3].valid) << rows[3].reason;
    EXPECT_DOUBLE_EQ(rows[3].point.y, 3463010);
    EXPECT_EQ(rows[3].keep, (std::vector<std::string>{"d"}));
    EXPECT_EQ(rows[4].keep, (std::vector<std::string>{""}));
}

TEST(PointSource, GdalPolygonLayerIsRefusedAndMissingLayerListsLayers) {
    const std::string path = TempPath("polygons.geojson");
    WriteText(path, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
    PointSourceSpec spec;
    spec.path = path;
    auto polygons = PointSource::Open(spec);
    ASSERT_FALSE(polygons.ok());
    EXPECT_NE(polygons.error().find("not points"), std::string::npos) << polygons.error();
    spec.layer = "incidents";
    auto layer = PointSource::Open(spec);
    ASSERT_FALSE(layer.ok());
    EXPECT_NE(layer.error().find("no layer 'incidents' (layers: polygons)"), std::string::npos) << layer.error();
}

// [SECTION] output

AssignmentRow MakeRow(std::int64_t number, const std::string* keep) {
    AssignmentRow row;
    row.row = number;
    row.keep = keep;
    return row;
}

TEST(AssignOutput, ColumnsInOrderWithLevelsAndRenamedKeptColumns) {
    AssignmentSchema schema;
    schema.level_columns = 3;
    schema.keep_columns = {"id", "Grid", "fid"};
    EXPECT_EQ(AssignmentColumns(schema),
              (std::vector<std::string>{"row", "grid", "status", "distance_m", "nearest", "reason", "level", "level1",
                                        "level2", "level3", "id", "input_Grid", "input_fid"}));
    EXPECT_EQ(AssignmentDistanceText(12.3456), "12.35");
    EXPECT_EQ(AssignmentDistanceText(std::nan("")), "");
}

TEST(AssignOutput, CsvRoundTripsThroughGdal) {
    const std::string path = TempPath("assigned.csv");
    AssignmentSchema schema;
    schema.level_columns = 2;
    schema.keep_columns = {"note"};
    auto writer = AssignmentWriter::Create(path, schema);
    ASSERT_TRUE(writer.ok()) << writer.error();
    const std::string keeps[3] = {"comma, \"quoted\"", "two\nlines", ""};
    AssignmentRow inside = MakeRow(1, &keeps[0]);
    inside.grid = "320505001";
    inside.status = "inside";
    inside.level = 2;
    inside.ancestors[0] = "320505";
    inside.ancestors[1] = "320505001";
    AssignmentRow outside = MakeRow(2, &keeps[1]);
    outside.status = "outside";
    outside.nearest = "320505002";
    outside.distance_m = 1234.5678;
    AssignmentRow invalid = MakeRow(3, &keeps[2]);
    invalid.status = "invalid";
    invalid.reason = "unparsable: lat 'a,b'";
    for (const AssignmentRow* r : {&inside, &outside, &invalid}) ASSERT_TRUE((*writer)->write(*r).ok());
    ASSERT_TRUE((*writer)->close().ok());

    GDALAllRegister();
    const char* options[] = {"AUTODETECT_TYPE=NO", nullptr};
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, nullptr, options, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), 10);
    EXPECT_STREQ(defn->GetFieldDefn(8)->GetNameRef(), "level2");
    std::vector<std::vector<std::string>> got;
    for (auto* f = layer->GetNextFeature(); f; f = layer->GetNextFeature()) {
        std::vector<std::string> fields;
        for (int i = 0; i < defn->GetFieldCount(); ++i) fields.push_back(f->GetFieldAsString(i));
        got.push_back(fields);
        OGRFeature::DestroyFeature(f);
    }
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], (std::vector<std::string>{"1", "320505001", "inside", "", "", "", "2", "320505", "320505001",
                                                "comma, \"quoted\""}));
    EXPECT_EQ(got[1],
              (std::vector<std::string>{"2", "", "outside", "1234.57", "320505002", "", "", "", "", "two\nlines"}));
    EXPECT_EQ(got[2], (std::vector<std::string>{"3", "", "invalid", "", "", "unparsable: lat 'a,b'", "", "", "", ""}));
}

TEST(AssignOutput, GeoPackageHasTheRowsAndPointsAndOgrinfoReadsIt) {
    const std::string path = TempPath("assigned.gpkg");
    AssignmentSchema schema;
    schema.keep_columns = {"id"};
    schema.point_crs = Crs::FromEpsg(kDemoEpsg);
    auto writer = AssignmentWriter::Create(path, schema);
    ASSERT_TRUE(writer.ok()) << writer.error();
    const int count = 250;
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) ids.push_back(std::string(1, 'p').append(std::to_string(i)));
    for (int i = 0; i < count; ++i) {
        AssignmentRow row = MakeRow(i + 1, &ids[static_cast<std::size_t>(i)]);
        row.status = i % 10 == 0 ? "invalid" : "inside";
        row.has_point = i % 10 != 0;
        row.x = 547950 + i;
        row.y = 3463000;
        ASSERT_TRUE((*writer)->write(row).ok());
    }
    ASSERT_TRUE((*writer)->close().ok());

    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("assignments");
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->GetFeatureCount(), count);
    EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbPoint);
    ASSERT_TRUE(layer->GetSpatialRef());
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
    int nulls = 0;
    for (auto* f = layer->GetNextFeature(); f; f = layer->GetNextFeature()) {
        nulls += f->GetGeometryRef() == nullptr;
        OGRFeature::DestroyFeature(f);
    }
    EXPECT_EQ(nulls, count / 10);
    ds.reset();

    std::string command = "ogrinfo -ro -so '";  // appended piecewise: GCC 12 warns falsely on a + b + c here
    command.append(path).append("' assignments 2>&1");
    std::FILE* pipe = popen(command.c_str(), "r");
    ASSERT_TRUE(pipe);
    std::string text;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
    pclose(pipe);
    EXPECT_NE(text.find("Feature Count: " + std::to_string(count)), std::string::npos) << text;
}

TEST(AssignOutput, UnwritablePathIsAnErrorNamingIt) {
    auto writer = AssignmentWriter::Create("/nonexistent-dir/out.csv", AssignmentSchema{});
    ASSERT_FALSE(writer.ok());
    EXPECT_NE(writer.error().find("/nonexistent-dir/out.csv"), std::string::npos) << writer.error();
}

}  // namespace
}  // namespace gridlink
