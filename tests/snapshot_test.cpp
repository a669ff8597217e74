// Snapshots, the state at an instant and tracks (data/snapshot.h) on a simulated week of the small demo:
// snapshot + tail equals a full replay byte for byte, StateAt equals a replay written here, damaged, foreign
// and missing snapshots are ignored and the state rebuilt from the log, tracks by time range equal the log's moves.
#include "data/snapshot.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "data/event_log.h"
#include "data/live_session.h"
#include "data/simulator.h"
#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

constexpr std::int64_t kWeekStart = 1795190400000;  // 2026-11-21T00:00:00+08:00
constexpr std::int64_t kWeekMs = 7LL * 24 * 3600 * 1000;

// The small demo's workspace with a simulated week in its log, snapshots every 1,500 events (a full one after
// every two deltas), the events as the log holds them and the workspace's World without cases.
struct Week {
    std::string path;
    World base;
    std::vector<Event> events;
};

const Week& SimulatedWeek() {
    static const Week week = [] {
        Week w;
        w.path = test::SmallWorkspace("week.gpkg");
        auto read = ReadWorkspace(w.path, nullptr, true);
        EXPECT_TRUE(read) << (read ? "" : read.error());
        w.base = std::move(read.value());
        SimulatorOptions options;
        options.seed = 11;
        options.start_ms = kWeekStart;
        options.rate = 0.03;  // lines a second: ~18,000 in the week
        options.id_prefix = "WK-";
        auto simulator = IncidentSimulator::Create(w.base, options);
        EXPECT_TRUE(simulator);
        auto log = EventLog::Open(w.path);
        EXPECT_TRUE(log);
        SnapshotOptions snapshot_options;
        snapshot_options.every = 1500;
        snapshot_options.full_every = 2;
        auto snapshots = Snapshotter::Start(w.path, w.base, 0, INT64_MAX, snapshot_options);
        EXPECT_TRUE(snapshots);
        std::vector<Event> batch;
        auto flush = [&] {
            EXPECT_TRUE(log.value()->append(batch, {}));
            snapshots.value()->add(batch);
            for (Event& e : batch) w.events.push_back(std::move(e));
            batch.clear();
        };
        while (true) {
            Event e = simulator.value()->next();
            if (e.t_ms >= kWeekStart + kWeekMs) break;
            e.origin = "simulator";
            batch.push_back(std::move(e));
            if (batch.size() == 400) flush();
        }
        flush();
        snapshots.value()->close();
        EXPECT_EQ(snapshots.value()->last_error(), "");
        return w;
    }();
    return week;
}

World FullReplay(const Week& week) {
    World world = week.base;
    auto log = EventLog::OpenForReading(week.path);
    EXPECT_TRUE(log);
    EXPECT_TRUE(ReplayLog(*log.value(), world));
    return world;
}

// The state at T as defined (data/snapshot.h), written independently: from no cases, every event of the log in
// seq order whose time is at or before T.
World ReplayUpTo(const Week& week, std::int64_t t_ms) {
    World world = week.base;
    for (const Event& e : week.events) {
        if (e.t_ms <= t_ms) (void)ApplyEvent(world, e);
    }
    return world;
}

TEST(Snapshot, TheWeekHasEveryKindOfStepAndSeveralSnapshots) {
    const Week& week = SimulatedWeek();
    std::map<EventType, int> types;
    for (const Event& e : week.events) types[e.type]++;
    for (EventType t : {EventType::kIncidentReturned, EventType::kIncidentCancelled, EventType::kIncidentRecalled,
                        EventType::kIncidentSummoned, EventType::kIncidentClosed, EventType::kResourceMoved}) {
        EXPECT_GT(types[t], 0) << EventTypeName(t);
    }
    auto rows = ListSnapshots(week.path);
    ASSERT_TRUE(rows);
    EXPECT_GE(rows->size(), 5u);
    int deltas = 0;
    for (const SnapshotRow& r : rows.value()) deltas += r.base_id != 0;
    EXPECT_GT(deltas, 0);
    EXPECT_LT(deltas, static_cast<int>(rows->size()));
}

TEST(Snapshot, SnapshotPlusTailEqualsFullReplayByteForByte) {
    const Week& week = SimulatedWeek();
    const std::string replayed = SerializeState(FullReplay(week));
    World opened = week.base;
    OpenedState how;
    ASSERT_TRUE(OpenWorkspaceState(week.path, opened, &how));
    EXPECT_GT(how.snapshot_seq, 0);
    EXPECT_LT(how.replayed, static_cast<std::int64_t>(week.events.size()) / 4);
    EXPECT_TRUE(how.warnings.empty());
    EXPECT_TRUE(SerializeState(opened) == replayed);
    // The resource index follows the restored positions.
    ASSERT_EQ(opened.nearby.size(), opened.resources.size());
}

TEST(Snapshot, SerialisedFormRoundTrips) {
    const Week& week = SimulatedWeek();
    const World replayed = FullReplay(week);
    const std::string bytes = SerializeState(replayed);
    World restored = week.base;
    ASSERT_TRUE(RestoreState(restored, bytes));
    EXPECT_TRUE(SerializeState(restored) == bytes);
    ASSERT_EQ(restored.incidents.cases.size(), replayed.incidents.cases.size());
    EXPECT_EQ(restored.incidents.find(replayed.incidents.cases.back().id)->history.size(),
              replayed.incidents.cases.back().history.size());
    // Cut short, it is refused.
    World cut = week.base;
    EXPECT_FALSE(RestoreState(cut, std::string_view(bytes).substr(0, bytes.size() - 3)));
}

TEST(Snapshot, StateAtEqualsAnIndependentReplayAtManyInstants) {
    const Week& week = SimulatedWeek();
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<std::int64_t> in_week(kWeekStart - 3600'000, kWeekStart + kWeekMs + 3600'000);
    std::vector<std::int64_t> instants;
    for (int i = 0; i < 16; ++i) instants.push_back(in_week(rng));
    auto rows = ListSnapshots(week.path);
    ASSERT_TRUE(rows);
    ASSERT_FALSE(rows->empty());
    for (std::size_t i : {std::size_t{0}, rows->size() / 2, rows->size() - 1}) {
        instants.push_back(rows.value()[i].max_t_ms);  // exactly at a snapshot's end
    }
    int from_snapshot = 0;
    for (std::int64_t t : instants) {
        OpenedState how;
        auto at = StateAt(week.base, week.path, t, &how);
        ASSERT_TRUE(at) << at.error();
        from_snapshot += how.snapshot_seq > 0;
        EXPECT_TRUE(SerializeState(at.value()) == SerializeState(ReplayUpTo(week, t))) << "at " << FormatIsoTime(t);
    }
    EXPECT_GT(from_snapshot, 10);
}

TEST(Snapshot, ADamagedSnapshotIsIgnoredAndTheStateRebuilt) {
    const Week& week = SimulatedWeek();
    const std::string copy = test::TempPath("damaged.gpkg");
    std::filesystem::copy_file(week.path, copy);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(copy.c_str(), &db), SQLITE_OK);
    // One byte of the latest blob changed (its checksum no longer matches).
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT id, state FROM snapshots ORDER BY id DESC LIMIT 1", -1, &stmt, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const std::int64_t id = sqlite3_column_int64(stmt, 0);
    std::string blob(static_cast<const char*>(sqlite3_column_blob(stmt, 1)),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt, 1)));
    sqlite3_finalize(stmt);
    blob[blob.size() / 2] ^= 0x20;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE snapshots SET state = ? WHERE id = ?", -1, &stmt, nullptr), SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, id);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);

    World opened = week.base;
    OpenedState how;
    ASSERT_TRUE(OpenWorkspaceState(copy, opened, &how));
    ASSERT_FALSE(how.warnings.empty());
    EXPECT_NE(how.warnings[0].find("checksum"), std::string::npos) << how.warnings[0];
    EXPECT_NE(how.warnings[0].find("id " + std::to_string(id)), std::string::npos) << how.warnings[0];
    EXPECT_TRUE(SerializeState(opened) == SerializeState(FullReplay(week)));
}

TEST(Snapshot, ForeignAndMissingSnapshotsAreIgnored) {
    const Week& week = SimulatedWeek();
    // Foreign: built against other resources (one fewer).
    World other = week.base;
    other.resources.pop_back();
    IndexResources(other);
    OpenedState how;
    ASSERT_TRUE(OpenWorkspaceState(week.path, other, &how));
    ASSERT_FALSE(how.warnings.empty());
    EXPECT_NE(how.warnings[0].find("fingerprint"), std::string::npos) << how.warnings[0];
    EXPECT_EQ(how.snapshot_seq, 0);

    // Missing: every snapshot deleted; the log alone rebuilds the same state, without a warning.
    const std::string copy = test::TempPath("missing.gpkg");
    std::filesystem::copy_file(week.path, copy);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(copy.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DELETE FROM snapshots", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    World opened = week.base;
    OpenedState none;
    ASSERT_TRUE(OpenWorkspaceState(copy, opened, &none));
    EXPECT_TRUE(none.warnings.empty());
    EXPECT_EQ(none.snapshot_seq, 0);
    EXPECT_EQ(none.replayed, static_cast<std::int64_t>(week.events.size()));
    EXPECT_TRUE(SerializeState(opened) == SerializeState(FullReplay(week)));
}

TEST(Snapshot, TracksByTimeRangeAreTheLogsMoves) {
    const Week& week = SimulatedWeek();
    const std::int64_t from = kWeekStart + 2 * 24 * 3600'000LL, to = from + 36 * 3600'000LL;
    std::map<std::string, std::vector<std::int64_t>> expected;
    for (const Event& e : week.events) {
        if (e.type == EventType::kResourceMoved && e.t_ms >= from && e.t_ms <= to) expected[e.id].push_back(e.seq);
    }
    ASSERT_FALSE(expected.empty());
    auto tracks = ReadTracks(week.path, from, to);
    ASSERT_TRUE(tracks) << tracks.error();
    ASSERT_EQ(tracks->size(), expected.size());
    for (const auto& [id, points] : tracks.value()) {
        std::vector<std::int64_t> seqs;
        for (const TrackPoint& p : points) {
            seqs.push_back(p.seq);
            const Event& e = week.events[static_cast<std::size_t>(p.seq - week.events.front().seq)];
            EXPECT_EQ(e.seq, p.seq);
            EXPECT_EQ(p.t_ms, e.t_ms);
            EXPECT_DOUBLE_EQ(p.x, e.lon);
            EXPECT_DOUBLE_EQ(p.y, e.lat);
        }
        EXPECT_EQ(seqs, expected[id]) << id;
    }
}

TEST(Snapshot, ASessionOpensFromTheSnapshotAndWritesOneWhenItCloses) {
    const Week& week = SimulatedWeek();
    const std::string copy = test::TempPath("session-week.gpkg");
    std::filesystem::copy_file(week.path, copy);
    const std::size_t before = ListSnapshots(copy)->size();
    {
        auto session = LiveSession::Open(week.base, "week", copy);
        ASSERT_TRUE(session) << session.error();
        EXPECT_GT(session.value()->opened().snapshot_seq, 0);
        EXPECT_TRUE(SerializeState(session.value()->world()) == SerializeState(FullReplay(week)));
        SessionOptions options;
        options.snapshots.at_close_min = 1;
        ASSERT_TRUE(session.value()->start(options));
        ASSERT_TRUE(session.value()->submit(test::ReportEvent("SNAP-1", 120.55, 31.32, kWeekStart + kWeekMs + 60'000)));
    }
    auto rows = ListSnapshots(copy);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), before + 1);
    World reopened = week.base;
    OpenedState how;
    ASSERT_TRUE(OpenWorkspaceState(copy, reopened, &how));
    EXPECT_EQ(how.snapshot_seq, rows->back().seq);
    EXPECT_EQ(how.replayed, 0);
    EXPECT_NE(reopened.incidents.find("SNAP-1"), nullptr);
}

}  // namespace
}  // namespace gridlink
