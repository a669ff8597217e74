// Unit tests for data/case_import.h (`gridlink import cases`): UTC offsets, strptime formats, the category
// map, every kind of bad record named by file, row and field, GCJ-02 points, the plan's events against the
// workspace's cases, and the one lifecycle exception for imported closings (engine/incident.cpp).
#include "data/case_import.h"

#include <gtest/gtest.h>

#include "engine/china_offsets.h"
#include "engine/world.h"
#include "test_support.h"

namespace gridlink {
namespace {

using namespace test;

std::int64_t Iso(const std::string& text) { return ParseIsoTime(text).value(); }

TEST(CaseImport, ParsesUtcOffsets) {
    EXPECT_EQ(ParseUtcOffset("+08:00").value(), 480);
    EXPECT_EQ(ParseUtcOffset("-05:30").value(), -330);
    EXPECT_EQ(ParseUtcOffset("+0800").value(), 480);
    EXPECT_EQ(ParseUtcOffset("Z").value(), 0);
    EXPECT_FALSE(ParseUtcOffset("8"));
    EXPECT_FALSE(ParseUtcOffset("+25:00"));
    EXPECT_FALSE(ParseUtcOffset("+08:xx"));
}

TEST(CaseImport, ParsesTimesInAStrftimeFormat) {
    EXPECT_EQ(ParseTimeWithFormat("11/27/2026 09:30:15 PM", "%m/%d/%Y %I:%M:%S %p", 480).value(),
              Iso("2026-11-27T21:30:15+08:00"));
    EXPECT_EQ(ParseTimeWithFormat("2026年11月27日 08:05", "%Y年%m月%d日 %H:%M", 480).value(),
              Iso("2026-11-27T08:05:00+08:00"));
    EXPECT_EQ(ParseTimeWithFormat("27.11.2026 08:05", "%d.%m.%Y %H:%M", -300).value(),
              Iso("2026-11-27T08:05:00-05:00"));
    // An offset in the text wins over --tz.
    EXPECT_EQ(ParseTimeWithFormat("2026-11-27 08:05 +0000", "%Y-%m-%d %H:%M %z", 480).value(),
              Iso("2026-11-27T08:05:00Z"));
    auto bad = ParseTimeWithFormat("2026-11-27", "%m/%d/%Y", 480);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("does not match --time-format '%m/%d/%Y'"), std::string::npos) << bad.error();
    EXPECT_FALSE(ParseTimeWithFormat("11/27/2026 trailing", "%m/%d/%Y", 480));
    EXPECT_FALSE(ParseTimeWithFormat("", "%m/%d/%Y", 480));
}

TEST(CaseImport, ReadsACategoryMapAndNamesItsBadRows) {
    const std::string path = TempPath("map.csv");
    WriteText(path, "value,category\n垃圾满溢,city_appearance\n\"Pothole, road\",public_facility\n占道经营,街面秩序\n");
    std::unordered_map<std::string, int> map;
    Status read = ReadCategoryMap(path, map);
    ASSERT_TRUE(read) << read.error();
    EXPECT_EQ(map.size(), 3u);
    EXPECT_EQ(map.at("垃圾满溢"), FindCategory("city_appearance"));
    EXPECT_EQ(map.at("Pothole, road"), FindCategory("public_facility"));
    EXPECT_EQ(map.at("占道经营"), FindCategory("street_order"));
    WriteText(path, "垃圾满溢,city_appearance\n井盖,manholes\n");
    Status bad = ReadCategoryMap(path, map);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("row 2: category: 'manholes' is not one of"), std::string::npos) << bad.error();
}

// A small export: good rows, and one bad record of each kind.
std::string WriteExport() {
    const std::string path = TempPath("cases.csv");
    WriteText(
        path,
        "case_no,lon,lat,reported,closed,state,kind\n"
        "A1,120.58,31.32,11/01/2026 08:00:00 AM,11/01/2026 10:00:00 AM,结案,垃圾满溢\n"    // row 1: closed
        "A2,120.58,31.32,11/01/2026 09:00:00 AM,,处理中,占道经营\n"                        // row 2: open
        "A3,120.58,31.32,11/01/2026 09:00:00 AM,11/02/2026 09:00:00 AM,处理中,垃圾满溢\n"  // row 3: open by status
        ",120.58,31.32,11/01/2026 09:00:00 AM,,处理中,垃圾满溢\n"                          // row 4: no id
        "A5,abc,31.32,11/01/2026 09:00:00 AM,,处理中,垃圾满溢\n"                           // row 5: bad lon
        "A6,120.58,31.32,2026-11-01,,处理中,垃圾满溢\n"                                    // row 6: bad time
        "A7,120.58,31.32,11/01/2026 09:00:00 AM,,结案,垃圾满溢\n"                          // row 7: closed, no time
        "A8,120.58,31.32,11/02/2026 09:00:00 AM,11/01/2026 09:00:00 AM,结案,垃圾满溢\n"    // row 8: closed first
        "A9,120.58,31.32,11/01/2026 09:00:00 AM,,处理中,鸟叫\n"                            // row 9: unmapped
        "A1,120.58,31.32,11/01/2026 09:00:00 AM,,处理中,垃圾满溢\n");                      // row 10: repeat
    return path;
}

CaseImportSpec ExportSpec(const std::string& path) {
    CaseImportSpec spec;
    spec.path = path;
    spec.id_field = "case_no";
    spec.reported_field = "reported";
    spec.closed_field = "closed";
    spec.status_field = "state";
    spec.closed_values = {"结案", "closed"};
    spec.category_field = "kind";
    spec.category_map = {{"垃圾满溢", FindCategory("city_appearance")}, {"占道经营", FindCategory("street_order")}};
    spec.category_map_path = "map.csv";
    spec.time_format = "%m/%d/%Y %I:%M:%S %p";
    return spec;
}

TEST(CaseImport, KeepsGoodRecordsAndNamesEveryBadOne) {
    const std::string path = WriteExport();
    auto input = ReadCaseCsv(ExportSpec(path));
    ASSERT_TRUE(input) << input.error();
    EXPECT_EQ(input->rows, 10);
    ASSERT_EQ(input->records.size(), 3u);
    const CaseRecord& a1 = input->records[0];
    EXPECT_EQ(a1.id, "A1");
    EXPECT_EQ(a1.row, 1);
    EXPECT_EQ(a1.reported_ms, Iso("2026-11-01T08:00:00+08:00"));
    EXPECT_EQ(a1.closed_ms, Iso("2026-11-01T10:00:00+08:00"));
    EXPECT_EQ(a1.category, FindCategory("city_appearance"));
    EXPECT_EQ(input->records[1].closed_ms, -1);
    EXPECT_EQ(input->records[1].category, FindCategory("street_order"));
    EXPECT_EQ(input->records[2].closed_ms, -1) << "the status says open: the closing time is not used";
    ASSERT_EQ(input->bad.size(), 7u);
    const std::string expected[] = {
        path + " row 4: case_no: empty",
        path + " row 5: lon: unparsable 'abc'",
        path + " row 6: reported: '2026-11-01' does not match --time-format",
        path + " row 7: closed: empty, but status '结案' is closed",
        path + " row 8: closed: '11/01/2026 09:00:00 AM' is before the reported time",
        path + " row 9: kind: '鸟叫' is not in map.csv",
        path + " row 10: case_no: 'A1' repeats row 1",
    };
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        EXPECT_EQ(input->bad[i].rfind(expected[i], 0), 0u) << input->bad[i] << "\n expected: " << expected[i];
    }
}

TEST(CaseImport, RefusesMissingColumnsAndIncompleteOptions) {
    const std::string path = WriteExport();
    CaseImportSpec spec = ExportSpec(path);
    spec.reported_field = "reported_at";
    auto missing = ReadCaseCsv(spec);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("no column 'reported_at' for --reported-field"), std::string::npos);
    spec = ExportSpec(path);
    spec.closed_values.clear();
    EXPECT_FALSE(ReadCaseCsv(spec));
    spec = ExportSpec(path);
    spec.id_field.clear();
    EXPECT_FALSE(ReadCaseCsv(spec));
}

TEST(CaseImport, TakesGcj02AndBd09PointsBackToWgs84) {
    const LonLat wgs{120.58, 31.32};
    const LonLat gcj = WgsToGcj(wgs), bd = GcjToBd(gcj);
    const std::string path = TempPath("offset.csv");
    char text[256];
    std::snprintf(text, sizeof text, "id,x,y,t\nG,%.10f,%.10f,2026-11-01 08:00\nB,%.10f,%.10f,2026-11-01 08:00\n",
                  gcj.lon, gcj.lat, bd.lon, bd.lat);
    WriteText(path, text);
    CaseImportSpec spec;
    spec.path = path;
    spec.id_field = "id";
    spec.x_field = "x";
    spec.y_field = "y";
    spec.reported_field = "t";
    spec.points_srs = "gcj02";
    auto input = ReadCaseCsv(spec);
    ASSERT_TRUE(input) << input.error();
    ASSERT_EQ(input->records.size(), 2u);
    EXPECT_NEAR(input->records[0].lon, wgs.lon, 2e-7);
    EXPECT_NEAR(input->records[0].lat, wgs.lat, 2e-7);
    spec.points_srs = "bd09";
    input = ReadCaseCsv(spec);
    ASSERT_TRUE(input) << input.error();
    EXPECT_NEAR(input->records[1].lon, wgs.lon, 2e-7);
    EXPECT_NEAR(input->records[1].lat, wgs.lat, 2e-7);
}

TEST(CaseImport, ClosesStraightFromRegisteredOnlyWhenImported) {
    CaseLedger ledger;
    Event report = ReportEvent("X1", 120.58, 31.32, 1000);
    RecordEvent(ledger, report);
    Event registered = StepEvent(EventType::kIncidentRegistered, "X1", 2000);
    ASSERT_TRUE(CheckEvent(ledger, registered));
    RecordEvent(ledger, registered);
    Event closed = StepEvent(EventType::kIncidentClosed, "X1", 3000);
    closed.origin = "feed 127.0.0.1:5000";
    EXPECT_FALSE(CheckEvent(ledger, closed)) << "a live case must be dispatched, handled and verified first";
    closed.origin = "import cases.csv row 7";
    EXPECT_TRUE(CheckEvent(ledger, closed));
    Event handled = StepEvent(EventType::kIncidentHandled, "X1", 3000);
    handled.origin = "import cases.csv row 7";
    EXPECT_FALSE(CheckEvent(ledger, handled)) << "only the closing skips steps";
}

TEST(CaseImport, PlansEventsInTimeOrderAndSkipsCasesTheLogHas) {
    const World& world = SmallDemoWithIncidents();
    ASSERT_FALSE(world.incidents.cases.empty());
    const Incident& known = world.incidents.cases.front();
    CaseImportInput input;
    input.records.push_back({known.id, 1, known.lon, known.lat, 0, "", Iso("2026-11-01T08:00:00+08:00"), -1});
    input.records.push_back(
        {"NEW-1", 2, known.lon, known.lat, 1, "", Iso("2026-11-01T08:00:00+08:00"), Iso("2026-11-01T09:00:00+08:00")});
    input.records.push_back({"NEW-2", 3, known.lon, known.lat, 0, "", Iso("2026-11-01T08:30:00+08:00"), -1});
    auto plan = PlanImport(input, world, "cases.csv");
    ASSERT_TRUE(plan) << plan.error();
    EXPECT_EQ(plan->already, 1);
    EXPECT_EQ(plan->cases, 2);
    EXPECT_EQ(plan->closed, 1);
    ASSERT_EQ(plan->events.size(), 5u);
    const EventType expected[] = {EventType::kIncidentReported, EventType::kIncidentRegistered,
                                  EventType::kIncidentReported, EventType::kIncidentRegistered,
                                  EventType::kIncidentClosed};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(plan->events[i].type, expected[i]) << i;
        if (i > 0) {
            EXPECT_LE(plan->events[i - 1].t_ms, plan->events[i].t_ms);
        }
    }
    EXPECT_EQ(plan->events[0].id, "NEW-1");
    EXPECT_EQ(plan->events[0].origin, "import cases.csv row 2");
    EXPECT_EQ(plan->events[4].id, "NEW-1");
    EXPECT_EQ(plan->events[0].grid.empty(), known.grid < 0) << "assigned as the feed assigns it";
    World copy = world;
    for (const Event& e : plan->events) ASSERT_TRUE(ApplyEvent(copy, e));
    EXPECT_EQ(copy.incidents.find("NEW-1")->state, CaseState::kClosed);
    EXPECT_EQ(copy.incidents.find("NEW-2")->state, CaseState::kRegistered);
}

}  // namespace
}  // namespace gridlink
