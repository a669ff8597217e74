// The review seat's cursor (data/review_cursor.h) on two simulated days of the small demo, with a few events
// appended late (their time before events already in the log): every move, forward or back, gives the state at T
// byte for byte as StateAt gives it and as a replay written here gives it; the timeline's counts; cases export.
#include "data/review_cursor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "data/case_export.h"
#include "data/event_log.h"
#include "data/simulator.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

constexpr std::int64_t kStart = 1795190400000;  // 2026-11-21T00:00:00+08:00
constexpr std::int64_t kDays = 2LL * 24 * 3600 * 1000;

struct Log {
    std::string path;
    World base;
    std::vector<Event> events;  // as the log holds them, in seq order
};

const Log& TwoDays() {
    static const Log log = [] {
        Log l;
        l.path = test::SmallWorkspace("review.gpkg");
        auto read = ReadWorkspace(l.path, nullptr, true);
        EXPECT_TRUE(read) << (read ? "" : read.error());
        l.base = std::move(read.value());
        SimulatorOptions options;
        options.seed = 5;
        options.start_ms = kStart;
        options.rate = 0.05;
        options.id_prefix = "RV-";
        auto simulator = IncidentSimulator::Create(l.base, options);
        EXPECT_TRUE(simulator);
        auto writer = EventLog::Open(l.path);
        EXPECT_TRUE(writer);
        SnapshotOptions snapshot_options;
        snapshot_options.every = 1000;
        auto snapshots = Snapshotter::Start(l.path, l.base, 0, INT64_MAX, snapshot_options);
        EXPECT_TRUE(snapshots);
        std::vector<Event> batch;
        auto flush = [&] {
            EXPECT_TRUE(writer.value()->append(batch, {}));
            snapshots.value()->add(batch);
            for (Event& e : batch) l.events.push_back(std::move(e));
            batch.clear();
        };
        int late = 0;
        while (true) {
            Event e = simulator.value()->next();
            if (e.t_ms >= kStart + kDays) break;
            e.origin = "simulator";
            batch.push_back(e);
            // Now and then a report that arrives late: its time an hour before the events already in.
            if (e.type == EventType::kIncidentReported && ++late % 97 == 0) {
                Event old = test::ReportEvent("LATE-" + std::to_string(late), e.lon, e.lat, e.t_ms - 3600 * 1000);
                old.origin = "simulator";
                batch.push_back(std::move(old));
            }
            if (batch.size() >= 300) flush();
        }
        flush();
        snapshots.value()->close();
        return l;
    }();
    return log;
}

// The state at T as defined, written here: every event of the log in seq order whose time is at or before T.
World ReplayUpTo(const Log& log, std::int64_t t) {
    World world = log.base;
    for (const Event& e : log.events) {
        if (e.t_ms <= t) (void)ApplyEvent(world, e);
    }
    return world;
}

TEST(ReviewCursor, EveryMoveGivesTheStateAtT) {
    const Log& log = TwoDays();
    auto cursor = ReviewCursor::Open(log.path, log.base);
    ASSERT_TRUE(cursor) << cursor.error();
    ASSERT_EQ(cursor.value()->times().t_ms.size(), log.events.size());
    World world;
    std::mt19937_64 random(3);
    std::int64_t t = kStart + 3600 * 1000;
    int forward = 0, rebuilt = 0;
    for (int i = 0; i < 40; ++i) {
        // Mostly small steps forward (playing, stepping), some jumps back and far ahead (dragging).
        const int kind = static_cast<int>(random() % 10);
        if (kind < 6) {
            t += static_cast<std::int64_t>(random() % (20 * 60 * 1000));
        } else if (kind < 8) {
            t -= static_cast<std::int64_t>(random() % (6 * 3600 * 1000));
        } else {
            t = kStart + static_cast<std::int64_t>(random() % kDays);
        }
        auto move = cursor.value()->move_to(world, t);
        ASSERT_TRUE(move) << move.error();
        forward += !move->rebuilt && move->applied > 0;
        rebuilt += move->rebuilt;
        auto expected = StateAt(log.base, log.path, t);
        ASSERT_TRUE(expected);
        ASSERT_TRUE(SerializeState(world) == SerializeState(expected.value())) << "at move " << i << ", t " << t;
        // A rebuild reads the cases over those of the earlier instant: the lookup by id must follow.
        ASSERT_EQ(world.incidents.by_id.size(), world.incidents.cases.size()) << "at move " << i;
        for (std::size_t c = 0; c < world.incidents.cases.size(); ++c) {
            ASSERT_EQ(world.incidents.by_id.at(world.incidents.cases[c].id), c) << "at move " << i;
        }
        if (i % 8 == 0) {
            ASSERT_TRUE(SerializeState(world) == SerializeState(ReplayUpTo(log, t))) << "at move " << i;
        }
    }
    EXPECT_GT(forward, 10);  // the cheap path was taken, and checked
    EXPECT_GT(rebuilt, 3);
}

TEST(ReviewCursor, AForwardMoveOverALateEventRebuilds) {
    const Log& log = TwoDays();
    // The first late report: once it is in, the events of the hour after its time have smaller seqs than it, so
    // applying them forward would put them after it; the cursor must rebuild, and the state must still be exact.
    auto late =
        std::find_if(log.events.begin(), log.events.end(), [](const Event& e) { return e.id.rfind("LATE-", 0) == 0; });
    ASSERT_NE(late, log.events.end());
    auto cursor = ReviewCursor::Open(log.path, log.base);
    ASSERT_TRUE(cursor);
    World world;
    ASSERT_TRUE(cursor.value()->move_to(world, late->t_ms));
    ASSERT_NE(world.incidents.find(late->id), nullptr);
    const std::int64_t t = late->t_ms + 20 * 60 * 1000;
    auto move = cursor.value()->move_to(world, t);
    ASSERT_TRUE(move);
    EXPECT_TRUE(move->rebuilt);
    EXPECT_TRUE(SerializeState(world) == SerializeState(ReplayUpTo(log, t)));
    // Before it, a forward move that does not cross it applies only the events between.
    ASSERT_TRUE(cursor.value()->move_to(world, late->t_ms - 30 * 60 * 1000));
    move = cursor.value()->move_to(world, late->t_ms - 1);
    ASSERT_TRUE(move);
    EXPECT_FALSE(move->rebuilt);
    EXPECT_TRUE(SerializeState(world) == SerializeState(ReplayUpTo(log, late->t_ms - 1)));
}

// A live workspace reviewed read-only: a writer keeps appending while a cursor is open on it. The writer is not
// blocked, and the cursor sees what was appended: the timeline grows, a move past the old end applies the new
// events, and one appended late (its time before the instant shown) makes the next move rebuild to include it.
TEST(ReviewCursor, FollowsTheEventsAWriterAppendsWhileItIsOpen) {
    const std::string path = test::SmallWorkspace("review-live.gpkg");
    auto read = ReadWorkspace(path, nullptr, true);
    ASSERT_TRUE(read) << read.error();
    const World base = std::move(read.value());
    SimulatorOptions options;
    options.seed = 11;
    options.start_ms = kStart;
    options.rate = 0.05;
    options.id_prefix = "LV-";
    auto simulator = IncidentSimulator::Create(base, options);
    ASSERT_TRUE(simulator);
    const std::int64_t hour = 3600 * 1000;
    std::vector<Event> first, second;
    while (true) {
        Event e = simulator.value()->next();
        if (e.t_ms >= kStart + 8 * hour) break;
        e.origin = "simulator";
        (e.t_ms < kStart + 4 * hour ? first : second).push_back(std::move(e));
    }
    ASSERT_GT(first.size(), 20u);
    ASSERT_GT(second.size(), 20u);
    auto writer = EventLog::Open(path);
    ASSERT_TRUE(writer) << writer.error();
    ASSERT_TRUE(writer.value()->append(first, {}));

    auto cursor = ReviewCursor::Open(path, base);
    ASSERT_TRUE(cursor) << cursor.error();
    ASSERT_EQ(cursor.value()->times().t_ms.size(), first.size());
    World world;
    const std::int64_t shown = first.back().t_ms - 30 * 60 * 1000;
    ASSERT_TRUE(cursor.value()->move_to(world, shown));

    // The writer appends while the cursor holds its read-only connection: not blocked, not refused.
    ASSERT_TRUE(writer.value()->append(second, {}));
    std::vector<Event> all = first;
    all.insert(all.end(), second.begin(), second.end());
    auto replay = [&](std::int64_t t) {
        World w = base;
        for (const Event& e : all) {
            if (e.t_ms <= t) (void)ApplyEvent(w, e);
        }
        return SerializeState(w);
    };
    // Past the end the cursor knew: it reads the new tail and applies it forward.
    const std::int64_t end = second.back().t_ms;
    auto move = cursor.value()->move_to(world, end);
    ASSERT_TRUE(move) << move.error();
    EXPECT_EQ(cursor.value()->times().t_ms.size(), all.size());
    EXPECT_EQ(cursor.value()->times().last_ms(), end);
    EXPECT_FALSE(move->rebuilt);
    EXPECT_EQ(move->applied, static_cast<std::int64_t>(std::count_if(all.begin(), all.end(), [&](const Event& e) {
                  return e.t_ms > shown && e.t_ms <= end;
              })));
    EXPECT_TRUE(SerializeState(world) == replay(end));

    // One appended late, an hour before the instant shown: refresh finds it, the next move rebuilds with it in.
    std::vector<Event> late{test::ReportEvent("LATE-LIVE", first.front().lon, first.front().lat, end - hour)};
    late.front().origin = "simulator";
    ASSERT_TRUE(writer.value()->append(late, {}));
    all.push_back(late.front());
    auto added = cursor.value()->refresh();
    ASSERT_TRUE(added) << added.error();
    EXPECT_EQ(added.value(), 1u);
    EXPECT_EQ(cursor.value()->times().count_at_or_before(end - hour),
              static_cast<std::size_t>(
                  std::count_if(all.begin(), all.end(), [&](const Event& e) { return e.t_ms <= end - hour; })));
    move = cursor.value()->move_to(world, end);
    ASSERT_TRUE(move) << move.error();
    EXPECT_TRUE(move->rebuilt);
    ASSERT_NE(world.incidents.find("LATE-LIVE"), nullptr);
    EXPECT_TRUE(SerializeState(world) == replay(end));
    // And back in time, over the state shown: exactly the state at that instant.
    ASSERT_TRUE(cursor.value()->move_to(world, shown));
    EXPECT_TRUE(SerializeState(world) == replay(shown));
}

TEST(ReviewCursor, StepsAndReportsPerBucket) {
    const Log& log = TwoDays();
    auto times = LogTimes::Read(log.path);
    ASSERT_TRUE(times);
    EXPECT_EQ(times->first_ms(), std::min_element(log.events.begin(), log.events.end(), [](auto& a, auto& b) {
                                     return a.t_ms < b.t_ms;
                                 })->t_ms);
    const std::int64_t hour = 3600 * 1000;
    const auto counts = CountPerBucket(times->report_ms, kStart, hour, 48);
    for (std::size_t b = 0; b < counts.size(); ++b) {
        std::int64_t expected = 0;
        for (const Event& e : log.events) {
            const std::int64_t from = kStart + static_cast<std::int64_t>(b) * hour;
            expected += e.type == EventType::kIncidentReported && e.t_ms >= from && e.t_ms < from + hour;
        }
        EXPECT_EQ(counts[b], expected) << "hour " << b;
    }
    const std::int64_t t = kStart + 5 * hour + 17;
    auto next = times->next_after(t);
    ASSERT_TRUE(next);
    EXPECT_GT(*next, t);
    EXPECT_EQ(times->count_at_or_before(*next - 1), times->count_at_or_before(t));
    auto before = times->last_before(t);
    ASSERT_TRUE(before);
    EXPECT_LT(*before, t);
    EXPECT_EQ(times->count_at_or_before(*before), times->count_at_or_before(t));
}

TEST(ReviewCursor, CasesOfARangeAsCsvAndGeoPackage) {
    const Log& log = TwoDays();
    const std::int64_t at = kStart + 30 * 3600 * 1000;
    auto world = StateAt(log.base, log.path, at);
    ASSERT_TRUE(world);
    const auto cases = CasesReportedIn(world.value(), at - 6 * 3600 * 1000, at);
    ASSERT_GT(cases.size(), 5u);
    for (std::size_t i : cases) EXPECT_GE(world->incidents.cases[i].reported_ms, at - 6 * 3600 * 1000);
    const std::string csv = test::TempPath("cases.csv");
    ASSERT_TRUE(WriteCases(csv, world.value(), cases, at));
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("id,state,category,", 0), 0u);
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        const Incident& c = world->incidents.cases[cases[rows]];
        const std::string head = c.id + "," + std::string(CaseStateName(c.state)) + ",";
        EXPECT_EQ(line.rfind(head, 0), 0u) << line;
        ++rows;
    }
    EXPECT_EQ(rows, cases.size());
    const std::string gpkg = test::TempPath("cases.gpkg");
    ASSERT_TRUE(WriteCases(gpkg, world.value(), cases, at));
    EXPECT_GT(std::filesystem::file_size(gpkg), 0u);
}

}  // namespace
}  // namespace gridlink
