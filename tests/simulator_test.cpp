// Unit tests for data/simulator.h (`gridlink simulate`): determinism, legal lifecycles against a ledger,
// the category mix, reports inside and just outside the jurisdiction, the day-and-night rhythm, and the CSV
// replay's parsing of times, categories and bad records.
#include "data/simulator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "data/feed_protocol.h"
#include "engine/crs.h"
#include "engine/grid_index.h"
#include "test_support.h"

namespace gridlink {
namespace {

using test::SmallDemo;

constexpr std::int64_t kStart = 1795742400000;  // 2026-11-27T09:20:00+08:00

std::unique_ptr<IncidentSimulator> Make(std::uint64_t seed, double rate = 1) {
    SimulatorOptions options;
    options.seed = seed;
    options.start_ms = kStart;
    options.rate = rate;
    options.id_prefix = "T" + std::to_string(seed) + "-";
    auto sim = IncidentSimulator::Create(SmallDemo(), options);
    EXPECT_TRUE(sim.ok()) << (sim.ok() ? "" : sim.error());
    return std::move(sim.value());
}

// [SECTION] the generator

TEST(Simulator, SameSeedSameStream) {
    auto a = Make(11), b = Make(11), c = Make(12);
    bool differs = false;
    for (int i = 0; i < 3000; ++i) {
        const std::string line = FeedLine(a->next());
        ASSERT_EQ(line, FeedLine(b->next())) << "line " << i;
        differs = differs || line != FeedLine(c->next());
    }
    EXPECT_TRUE(differs);
}

TEST(Simulator, EveryEventIsLegalAndTimesDoNotGoBack) {
    // A rate the small demo's responders keep up with (one active task per resource).
    auto sim = Make(3, 0.1);
    CaseLedger ledger = CaseLedger::FromWorld(SmallDemo());
    std::int64_t last = 0;
    std::map<EventType, int> seen;
    for (int i = 0; i < 60000; ++i) {
        const Event e = sim->next();
        ASSERT_GE(e.t_ms, last) << "event " << i;
        last = e.t_ms;
        ASSERT_TRUE(CheckEvent(ledger, e).ok()) << "event " << i << ": " << CheckEvent(ledger, e).error() << "\n"
                                                << FeedLine(e);
        RecordEvent(ledger, e);
        // The line a sender writes parses back to the same event.
        auto parsed = ParseFeedLine(FeedLine(e));
        ASSERT_TRUE(parsed.ok()) << FeedLine(e) << ": " << parsed.error();
        ASSERT_EQ(parsed->t_ms, e.t_ms);
        ++seen[e.type];
    }
    // Every kind of event shows up: the whole lifecycle, returns, cancellations, resources.
    for (int t = 0; t < kEventTypeCount; ++t) {
        EXPECT_GT(seen[static_cast<EventType>(t)], 0) << EventTypeName(static_cast<EventType>(t));
    }
    EXPECT_GT(seen[EventType::kIncidentClosed], seen[EventType::kIncidentCancelled] * 3);
    EXPECT_EQ(sim->counts().reports, seen[EventType::kIncidentReported]);
    int open = 0;
    for (const auto& [id, entry] : ledger.cases) open += IsOpen(entry.state) ? 1 : 0;
    EXPECT_EQ(sim->counts().open_cases, open);
}

TEST(Simulator, DispatchGoesToANearbyResponder) {
    auto sim = Make(5, 0.1);
    const World& world = SmallDemo();
    auto to_world = Transform::Create(Crs::LonLat(), world.crs);
    ASSERT_TRUE(to_world.ok());
    std::map<std::string, Vec2> where;
    std::map<std::string, const Resource*> resources;
    std::map<std::string, Vec2> at;  // where each resource is now, as the stream has moved it
    for (const Resource& r : world.resources) {
        resources[r.id] = &r;
        at[r.id] = r.position;
    }
    int dispatched = 0, near = 0;
    for (int i = 0; i < 20000; ++i) {
        const Event e = sim->next();
        if (e.type == EventType::kResourceMoved) {
            Vec2 p{e.lon, e.lat};
            to_world->apply(p);
            at[e.id] = p;
        } else if (e.type == EventType::kIncidentReported) {
            Vec2 p{e.lon, e.lat};
            to_world->apply(p);
            where[e.id] = p;
        } else if (e.type == EventType::kIncidentDispatched) {
            const Resource* r = resources.at(e.resource);
            EXPECT_TRUE(r->kind == std::string("grid_worker") || r->kind == std::string("volunteer") ||
                        r->kind == std::string("patrol_vehicle"))
                << r->kind;
            const Vec2 d = at.at(r->id) - where.at(e.id);
            ++dispatched;
            near += std::hypot(d.x, d.y) < 3000 ? 1 : 0;
        }
    }
    ASSERT_GT(dispatched, 100);
    EXPECT_GT(near, dispatched * 8 / 10);
}

// Reports of a long run: categories, places and hours.
struct ReportStats {
    std::map<int, int> categories;
    int reports = 0, inside = 0, outside = 0, far_outside = 0, emergency_low_priority = 0;
    std::map<std::int64_t, int> by_hour;  // local hours since the epoch -> reports
    std::int64_t first_ms = 0, last_ms = 0;
};

const ReportStats& LongRun() {
    static const ReportStats stats = [] {
        ReportStats s;
        auto sim = Make(7, 1);
        const World& world = SmallDemo();
        auto to_world = Transform::Create(Crs::LonLat(), world.crs);
        const GridIndex& index = *world.grid_index;
        s.first_ms = kStart;
        while (s.reports < 20000) {
            const Event e = sim->next();
            s.last_ms = e.t_ms;
            if (e.type != EventType::kIncidentReported) continue;
            ++s.reports;
            ++s.categories[e.category];
            if (e.category == 4 && e.priority > 2) ++s.emergency_low_priority;
            Vec2 p{e.lon, e.lat};
            to_world->apply(p);
            const GridHit hit = index.locate(p);
            if (hit.grid >= 0) {
                ++s.inside;
            } else {
                ++s.outside;
                if (hit.distance_m > 1000) ++s.far_outside;
            }
            s.by_hour[(e.t_ms + 8 * 3600000) / 3600000]++;
        }
        return s;
    }();
    return stats;
}

TEST(Simulator, CategoryMix) {
    const ReportStats& s = LongRun();
    auto share = [&s](int category) { return static_cast<double>(s.categories.at(category)) / s.reports; };
    // city_appearance most, then street_order; advertising, construction and public facilities in between;
    // emergencies rare and always priority 1 or 2.
    EXPECT_GT(share(0), 0.33);
    EXPECT_LT(share(0), 0.50);
    EXPECT_GT(share(1), 0.17);
    EXPECT_LT(share(1), 0.33);
    EXPECT_LT(share(1), share(0));
    for (int c : {2, 3, 5}) {
        EXPECT_GT(share(c), 0.05) << kIncidentCategories[c].code;
        EXPECT_LT(share(c), 0.18) << kIncidentCategories[c].code;
        EXPECT_LT(share(c), share(1)) << kIncidentCategories[c].code;
    }
    EXPECT_GT(share(4), 0.008);
    EXPECT_LT(share(4), 0.04);
    EXPECT_EQ(s.emergency_low_priority, 0);
}

TEST(Simulator, ReportsInsideAndJustOutside) {
    const ReportStats& s = LongRun();
    const double outside = static_cast<double>(s.outside) / s.reports;
    EXPECT_GT(outside, 0.005);
    EXPECT_LT(outside, 0.02);
    EXPECT_EQ(s.far_outside, 0);
    EXPECT_EQ(s.inside + s.outside, s.reports);
}

TEST(Simulator, DayAndNightRhythm) {
    const ReportStats& s = LongRun();
    ASSERT_GT(s.last_ms - s.first_ms, 86400000LL) << "the run should span days";
    // Reports per hour from 03:00 and from 10:00, over the whole hours of the run.
    const std::int64_t first = (s.first_ms + 8 * 3600000) / 3600000 + 1, last = (s.last_ms + 8 * 3600000) / 3600000;
    double sum[24] = {}, hours[24] = {};
    for (std::int64_t h = first; h < last; ++h) {
        sum[h % 24] += s.by_hour.count(h) ? s.by_hour.at(h) : 0;
        hours[h % 24] += 1;
    }
    std::printf("reports per hour of the day:");
    for (int h = 0; h < 24; ++h) std::printf(" %02d:%.0f", h, hours[h] ? sum[h] / hours[h] : -1.0);
    std::printf("\n");
    ASSERT_GT(hours[3], 0);
    ASSERT_GT(hours[10], 0);
    const double night = sum[3] / hours[3], morning = sum[10] / hours[10];
    EXPECT_LT(night * 4, morning) << night << " at 03:00, " << morning << " at 10:00";
    EXPECT_LT(DayRhythm(kStart - 6 * 3600000 - 20 * 60000), 0.3);  // 03:00
    EXPECT_GT(DayRhythm(kStart + 40 * 60000), 1.8);                // 10:00
}

TEST(Simulator, LineRateFollowsTheRhythm) {
    // About rate x DayRhythm lines per simulated second: 3,600 lines at rate 1 from 10:00 take well under an hour.
    SimulatorOptions options;
    options.start_ms = kStart + 40 * 60000;
    options.rate = 1;
    auto sim = IncidentSimulator::Create(SmallDemo(), options);
    ASSERT_TRUE(sim.ok());
    std::int64_t t = 0;
    for (int i = 0; i < 3600; ++i) t = sim.value()->next().t_ms;
    const double seconds = (t - options.start_ms) / 1000.0;
    EXPECT_GT(seconds, 3600 / 2.6);
    EXPECT_LT(seconds, 3600 / 1.7);
}

TEST(Simulator, FlatRate) {
    SimulatorOptions options;
    options.start_ms = kStart - 6 * 3600000;  // 03:20, when the rhythm is lowest
    options.rate = 1;
    options.flat = true;
    auto sim = IncidentSimulator::Create(SmallDemo(), options);
    ASSERT_TRUE(sim.ok());
    std::int64_t t = 0;
    for (int i = 0; i < 3600; ++i) t = sim.value()->next().t_ms;
    const double seconds = (t - options.start_ms) / 1000.0;
    EXPECT_GT(seconds, 3600 * 0.9);
    EXPECT_LT(seconds, 3600 * 1.1);
}

TEST(Simulator, Throughput) {
    auto sim = Make(9, 50);
    const auto start = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) bytes += FeedLine(sim->next()).size();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("simulator: %d lines (%zu bytes) in %.3f s: %.0f lines/s with FeedLine\n", n, bytes, s, n / s);
    EXPECT_GT(n / s, 20000);
}

TEST(Simulator, DefaultIdPrefix) {
    EXPECT_EQ(DefaultIdPrefix(kStart + 5123), "SIM20261127T092005-");
    EXPECT_EQ(DefaultIdPrefix(kStart, "CSV"), "CSV20261127T092000-");
}

// [SECTION] CSV replay

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
