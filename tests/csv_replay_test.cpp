// Unit tests for data/csv_replay.h (`gridlink simulate --from-csv`): parsing a record's time and category,
// and reading a CSV into sorted, shifted incident.reported events with each bad record's row and reason.
#include "data/csv_replay.h"

#include <gtest/gtest.h>

#include "data/feed_protocol.h"
#include "test_support.h"

namespace gridlink {
namespace {

constexpr std::int64_t kStart = 1795742400000;  // 2026-11-27T09:20:00+08:00

TEST(Replay, RecordTimes) {
    EXPECT_EQ(ParseRecordTime("2026-11-27T09:20:00+08:00").value(), kStart);
    EXPECT_EQ(ParseRecordTime("2026-11-27T01:20:00Z").value(), kStart);
    EXPECT_EQ(ParseRecordTime("2026-11-27 09:20:00").value(), kStart);
    EXPECT_EQ(ParseRecordTime("2026/11/27 09:20").value(), kStart);
    EXPECT_EQ(ParseRecordTime("2026-11-27T09:20:00.250").value(), kStart + 250);
    EXPECT_EQ(ParseRecordTime("1795742400").value(), kStart);
    EXPECT_EQ(ParseRecordTime("1795742400000").value(), kStart);
    EXPECT_EQ(ParseRecordTime("2026-11-27 01:20:00", 0).value(), kStart);
    EXPECT_FALSE(ParseRecordTime("yesterday").ok());
    EXPECT_FALSE(ParseRecordTime("2026-13-27 09:20").ok());
    EXPECT_FALSE(ParseRecordTime("").ok());
}

TEST(Replay, Categories) {
    EXPECT_EQ(CategoryFromText("street_order"), 1);
    EXPECT_EQ(CategoryFromText("施工管理"), 2);
    EXPECT_EQ(CategoryFromText("Advertising"), 3);
    EXPECT_EQ(CategoryFromText("占道经营"), 1);
    EXPECT_EQ(CategoryFromText("暴露垃圾"), 0);
    EXPECT_EQ(CategoryFromText("Pothole in Street"), 5);
    EXPECT_EQ(CategoryFromText("Graffiti Removal"), 0);
    EXPECT_EQ(CategoryFromText("Abandoned Vehicle"), 1);
    EXPECT_EQ(CategoryFromText("道路积水"), 4);
    EXPECT_EQ(CategoryFromText("something else"), 0);
}

TEST(Replay, ReadsSortsShiftsAndSkipsBadRecords) {
    const std::string path = test::TempPath("replay.csv");
    test::WriteText(path,
                    "case,lon,lat,when,kind\n"
                    "a,120.55,31.30,2026-11-27 09:00:30,占道经营\n"
                    "b,120.56,31.31,2026-11-27 09:00:00,city_appearance\n"
                    "c,abc,31.31,2026-11-27 09:01:00,x\n"
                    "d,120.57,31.32,not a time,x\n"
                    "a,120.57,31.32,2026-11-27 09:02:00,x\n"
                    "e,120.58,31.33,2026-11-27T09:01:00+08:00,Pothole\n");
    ReplaySpec spec;
    spec.path = path;
    spec.time_field = "When";
    spec.category_field = "kind";
    spec.id_field = "case";
    spec.id_prefix = "R-";
    spec.start_ms = kStart;
    auto input = ReadReplayCsv(spec);
    ASSERT_TRUE(input.ok()) << input.error();
    ASSERT_EQ(input->records.size(), 3u);
    EXPECT_EQ(input->records[0].event.id, "R-b");
    EXPECT_EQ(input->records[0].offset_ms, 0);
    EXPECT_EQ(input->records[0].event.t_ms, kStart);
    EXPECT_EQ(input->records[1].event.id, "R-a");
    EXPECT_EQ(input->records[1].offset_ms, 30000);
    EXPECT_EQ(input->records[1].event.category, 1);
    EXPECT_EQ(input->records[1].event.text, "占道经营");
    EXPECT_EQ(input->records[2].event.id, "R-e");
    EXPECT_EQ(input->records[2].event.t_ms, kStart + 60000);
    EXPECT_EQ(input->records[2].event.category, 5);
    EXPECT_DOUBLE_EQ(input->records[2].event.lon, 120.58);
    ASSERT_EQ(input->skipped.size(), 3u);
    EXPECT_EQ(input->skipped[0], "row 3: unparsable: lon 'abc'");
    EXPECT_EQ(input->skipped[1].rfind("row 4: When: 'not a time' is not a time", 0), 0u) << input->skipped[1];
    EXPECT_EQ(input->skipped[2], "row 5: case: 'a' repeats row 1");
    for (const ReplayRecord& r : input->records) {
        CaseLedger ledger;
        EXPECT_TRUE(CheckEvent(ledger, r.event).ok());
        EXPECT_TRUE(ParseFeedLine(FeedLine(r.event)).ok()) << FeedLine(r.event);
    }

    spec.keep_time = true;
    auto kept = ReadReplayCsv(spec);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->records[0].event.t, "2026-11-27T09:00:00.000+08:00");

    spec.time_field = "time";
    auto missing = ReadReplayCsv(spec);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("no column 'time' for --time-field (columns: case, lon, lat, when, kind)"),
              std::string::npos)
        << missing.error();
}

}  // namespace
}  // namespace gridlink
