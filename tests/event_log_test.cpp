// The event log: appends are read back in order, the incidents layer follows each case and GDAL reads
// it, rejects are kept, an older workspace is brought up to date, and a World rebuilt from the log
// equals the World the events were applied to; two writers share one log; and the feed server in
// process, as a dispatcher's button uses it.
#include "data/event_log.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>

#include "data/feed_server.h"
#include "data/gdal_support.h"
#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

using E = EventType;

using test::ReportEvent;
using test::SmallWorkspace;
using test::StepEvent;

TEST(EventLog, AppendsAreReadBackInOrderAndMirroredInTheIncidentsLayer) {
    const std::string path = SmallWorkspace("log.gpkg");
    const std::string resource = test::SmallDemo().resources[0].id;
    {
        auto log = EventLog::Open(path);
        ASSERT_TRUE(log) << log.error();
        std::vector<Event> first = {ReportEvent("A", 120.55, 31.33, 1000), ReportEvent("B", 120.56, 31.34, 2000)};
        first[0].grid = "32050500300100103";
        ASSERT_TRUE(log.value()->append(first, {}));
        EXPECT_EQ(first[0].seq, 1);
        EXPECT_EQ(first[1].seq, 2);
        std::vector<Event> second = {StepEvent(E::kIncidentRegistered, "A", 3000),
                                     StepEvent(E::kIncidentDispatched, "A", 4000, resource)};
        std::vector<RejectedLine> rejects = {{5000, "127.0.0.1:5555", 7, "garbage", "not JSON"}};
        ASSERT_TRUE(log.value()->append(second, rejects));
        EXPECT_EQ(log.value()->last_seq(), 4);
        EXPECT_EQ(log.value()->reject_count(), 1);
    }
    auto log = EventLog::Open(path);  // reopened: seq continues
    ASSERT_TRUE(log);
    EXPECT_EQ(log.value()->last_seq(), 4);
    std::vector<std::pair<std::int64_t, std::string>> read;
    ASSERT_TRUE(log.value()->read_all([&](const Event& e) {
        read.emplace_back(e.seq, std::string(EventTypeName(e.type)) + " " + e.id + " " + e.grid);
        return Status();
    }));
    const std::vector<std::pair<std::int64_t, std::string>> expected = {{1, "incident.reported A 32050500300100103"},
                                                                        {2, "incident.reported B "},
                                                                        {3, "incident.registered A "},
                                                                        {4, "incident.dispatched A "}};
    EXPECT_EQ(read, expected);

    // GDAL reads the incidents layer the log writer keeps.
    EnsureGdal();
    DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    ASSERT_TRUE(ds);
    OGRLayer* incidents = ds->GetLayerByName("incidents");
    ASSERT_NE(incidents, nullptr);
    EXPECT_EQ(incidents->GetFeatureCount(), 2);
    incidents->SetAttributeFilter("id = 'A'");
    FeaturePtr a(incidents->GetNextFeature());
    ASSERT_TRUE(a);
    EXPECT_STREQ(a->GetFieldAsString("state"), "dispatched");
    EXPECT_STREQ(a->GetFieldAsString("resource"), resource.c_str());
    EXPECT_STREQ(a->GetFieldAsString("grid"), "32050500300100103");
    EXPECT_STREQ(a->GetFieldAsString("category"), "emergency");
    const OGRPoint* p = a->GetGeometryRef()->toPoint();
    EXPECT_DOUBLE_EQ(p->getX(), 120.55);
    EXPECT_DOUBLE_EQ(p->getY(), 31.33);
    OGRLayer* rejects = ds->GetLayerByName("rejects");
    ASSERT_NE(rejects, nullptr);
    FeaturePtr r(rejects->GetNextFeature());
    ASSERT_TRUE(r);
    EXPECT_STREQ(r->GetFieldAsString("error"), "not JSON");
    EXPECT_EQ(r->GetFieldAsInteger64("line"), 7);
}

TEST(EventLog, AFailedAppendWritesNothing) {
    const std::string path = SmallWorkspace("fail.gpkg");
    auto log = EventLog::Open(path);
    ASSERT_TRUE(log);
    std::vector<Event> ok = {ReportEvent("A", 120.55, 31.33, 1000)};
    ASSERT_TRUE(log.value()->append(ok, {}));
    // The incidents layer's unique id makes a second report of A fail inside the transaction.
    std::vector<Event> bad = {ReportEvent("B", 120.55, 31.33, 2000), ReportEvent("A", 120.55, 31.33, 3000)};
    Status s = log.value()->append(bad, {});
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().find("case A"), std::string::npos) << s.error();
    EXPECT_EQ(bad[0].seq, 0);
    EXPECT_EQ(log.value()->last_seq(), 1);
    int count = 0;
    ASSERT_TRUE(log.value()->read_all([&](const Event&) {
        ++count;
        return Status();
    }));
    EXPECT_EQ(count, 1);
    std::vector<Event> next = {ReportEvent("C", 120.55, 31.33, 4000)};
    ASSERT_TRUE(log.value()->append(next, {}));
    EXPECT_EQ(next[0].seq, 2);
}

TEST(EventLog, ReplayRebuildsTheSameWorld) {
    const std::string path = SmallWorkspace("replay.gpkg");
    World live = test::SmallDemo();
    const std::string resource = live.resources[5].id;
    // B at the middle of the last unit grid: inside the district.
    const Grid& g = live.grids[live.grids.size() - 1];
    Vec2 middle{(g.bounds.min_x + g.bounds.max_x) / 2, (g.bounds.min_y + g.bounds.max_y) / 2};
    ASSERT_TRUE(Transform::Create(live.crs, Crs::LonLat())->apply(middle));
    ASSERT_GE(live.grid_index->locate(g.bounds.center()).grid, 0);
    std::vector<Event> events = {ReportEvent("A", 120.55, 31.33, 1000), ReportEvent("B", middle.x, middle.y, 2000),
                                 StepEvent(E::kIncidentRegistered, "B", 3000),
                                 StepEvent(E::kIncidentDispatched, "B", 4000, resource),
                                 StepEvent(E::kIncidentCancelled, "A", 5000)};
    events[4].reason = "重复 duplicate";
    for (Event& e : events) {
        if (e.type == E::kIncidentReported) {
            auto t = Transform::Create(Crs::LonLat(), live.crs);
            Vec2 p{e.lon, e.lat};
            t->apply(p);
            AssignEvent(*live.grid_index, live.grids, p, e);
        }
    }
    auto log = EventLog::Open(path);
    ASSERT_TRUE(log);
    ASSERT_TRUE(log.value()->append(events, {}));
    for (const Event& e : events) ASSERT_TRUE(ApplyEvent(live, e));

    World rebuilt = test::SmallDemo();
    std::int64_t replayed = 0;
    ASSERT_TRUE(ReplayLog(*log.value(), rebuilt, &replayed));
    EXPECT_EQ(replayed, 5);
    ASSERT_EQ(rebuilt.incidents.cases.size(), live.incidents.cases.size());
    for (std::size_t i = 0; i < live.incidents.cases.size(); ++i) {
        const Incident& a = live.incidents.cases[i];
        const Incident& b = rebuilt.incidents.cases[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.state, b.state);
        EXPECT_EQ(a.grid, b.grid);
        EXPECT_EQ(a.resource, b.resource);
        EXPECT_EQ(a.reason, b.reason);
        EXPECT_EQ(a.history.size(), b.history.size());
        EXPECT_EQ(a.deadline_ms, b.deadline_ms);
    }
    EXPECT_EQ(rebuilt.incidents.find("A")->state, CaseState::kCancelled);
    EXPECT_GE(rebuilt.incidents.find("B")->grid, 0);
}

TEST(EventLog, AnOlderWorkspaceIsBroughtUpToDate) {
    // A workspace as gridlink wrote it before the log: incidents in the working CRS with an R-tree
    // (GDAL's triggers call functions plain SQLite lacks), no rejects table, fewer columns.
    const std::string path = SmallWorkspace("old.gpkg");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE rejects; DELETE FROM gpkg_contents WHERE table_name='rejects';"
                           "UPDATE gpkg_geometry_columns SET srs_id=4549 WHERE table_name='incidents';"
                           "ALTER TABLE incidents DROP COLUMN deadline_at;"
                           "CREATE TRIGGER rtree_incidents_geom_insert AFTER INSERT ON incidents "
                           "BEGIN SELECT ST_IsEmpty(NEW.geom); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
    auto log = EventLog::Open(path);
    ASSERT_TRUE(log) << log.error();
    std::vector<Event> events = {ReportEvent("A", 120.55, 31.33, 1000)};
    std::vector<RejectedLine> rejects = {{1, "stdin", 2, "x", "bad"}};
    ASSERT_TRUE(log.value()->append(events, rejects)) << "the R-tree trigger was not dropped";
    EXPECT_EQ(log.value()->reject_count(), 1);
}

TEST(EventLog, TwoWritersShareOneLog) {
    // Two seats (or a seat and an ingest node) on one workspace: each reads what the other appended
    // before it may append, and the seqs stay one sequence.
    const std::string path = SmallWorkspace("shared.gpkg");
    auto a = EventLog::Open(path);
    auto b = EventLog::Open(path);
    ASSERT_TRUE(a && b);
    std::vector<Event> from_a = {ReportEvent("A1", 120.55, 31.33, 1000), ReportEvent("A2", 120.55, 31.33, 2000)};
    ASSERT_TRUE(a.value()->append(from_a, {}));
    std::vector<Event> from_b = {StepEvent(E::kIncidentRegistered, "A1", 3000)};
    Status stale = b.value()->append(from_b, {});
    ASSERT_FALSE(stale);
    EXPECT_NE(stale.error().find("another writer appended events 1..2"), std::string::npos) << stale.error();
    std::vector<std::string> seen;
    ASSERT_TRUE(b.value()->begin());
    ASSERT_TRUE(b.value()->read_new([&](const Event& e) {
        seen.push_back(e.id + "@" + std::to_string(e.seq));
        return Status();
    }));
    EXPECT_EQ(seen, (std::vector<std::string>{"A1@1", "A2@2"}));
    ASSERT_TRUE(b.value()->append(from_b, {}));
    EXPECT_EQ(from_b[0].seq, 3);
    seen.clear();
    ASSERT_TRUE(a.value()->read_new([&](const Event& e) {
        seen.push_back(std::string(EventTypeName(e.type)) + "@" + std::to_string(e.seq));
        return Status();
    }));
    EXPECT_EQ(seen, (std::vector<std::string>{"incident.registered@3"}));
    EXPECT_EQ(a.value()->last_seq(), 3);
}

TEST(EventLog, ErrorsNameTheFile) {
    auto missing = EventLog::Open(test::TempPath("none.gpkg"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("none.gpkg"), std::string::npos);
    const std::string not_workspace = test::TempPath("plain.sqlite");
    sqlite3* db = nullptr;
    sqlite3_open(not_workspace.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto plain = EventLog::Open(not_workspace);
    ASSERT_FALSE(plain);
    EXPECT_NE(plain.error().find("no 'events' table"), std::string::npos) << plain.error();
}

}  // namespace
}  // namespace gridlink

// [SECTION] the feed server in process: what a dispatcher's button goes through

namespace gridlink {
namespace {

struct Collected {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Event> events;

    // Waits up to 5 s for at least `count` events.
    bool wait_for(std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(5), [&] { return events.size() >= count; });
    }
};

TEST(FeedServer, SubmitChecksAppendsAndFollowsOtherWriters) {
    const std::string path = SmallWorkspace("submit.gpkg");
    const World& world = test::SmallDemo();
    auto log = EventLog::Open(path);
    ASSERT_TRUE(log);
    Collected seen;
    FeedContext context{world.grid_index, &world.grids, world.crs, CaseLedger::FromWorld(world)};
    auto server = FeedServer::Start(FeedOptions{}, std::move(log.value()), std::move(context),
                                    [&](std::vector<DurableEvent>&& durable) {
                                        std::lock_guard lock(seen.mutex);
                                        for (DurableEvent& d : durable) seen.events.push_back(std::move(d.event));
                                        seen.changed.notify_all();
                                    });
    ASSERT_TRUE(server) << server.error();
    EXPECT_EQ(server.value()->address(), "") << "no TCP without --listen";

    // A report: assigned to its grid on the way, durable, then handed to the seat.
    const Grid& g = world.grids[world.grids.size() - 1];
    Vec2 middle = g.bounds.center();
    ASSERT_GE(world.grid_index->locate(middle).grid, 0);
    ASSERT_TRUE(Transform::Create(world.crs, Crs::LonLat())->apply(middle));
    ASSERT_TRUE(server.value()->submit(ReportEvent("S1", middle.x, middle.y, 1000)));
    ASSERT_TRUE(seen.wait_for(1));
    EXPECT_EQ(seen.events[0].seq, 1);
    EXPECT_FALSE(seen.events[0].grid.empty());

    // An illegal step is refused with the lifecycle's reason, and kept in rejects.
    Status refused = server.value()->submit(StepEvent(E::kIncidentClosed, "S1", 2000));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("is not allowed for case 'S1', which is reported"), std::string::npos)
        << refused.error();

    // Another writer registers S1; this server learns it (the seat is told) and refuses to register again.
    {
        auto other = EventLog::Open(path);
        ASSERT_TRUE(other);
        ASSERT_TRUE(other.value()->read_all([](const Event&) { return Status(); }));
        std::vector<Event> step = {StepEvent(E::kIncidentRegistered, "S1", 3000)};
        ASSERT_TRUE(other.value()->append(step, {}));
        EXPECT_EQ(step[0].seq, 2);
    }
    ASSERT_TRUE(seen.wait_for(2)) << "an idle writer reads what others appended";
    EXPECT_EQ(seen.events[1].type, E::kIncidentRegistered);
    Status again = server.value()->submit(StepEvent(E::kIncidentRegistered, "S1", 4000));
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().find("which is registered"), std::string::npos) << again.error();
    const auto free_one =
        std::find_if(world.resources.begin(), world.resources.end(), [](const Resource& r) { return IsSendable(r); });
    ASSERT_NE(free_one, world.resources.end());
    ASSERT_TRUE(server.value()->submit(StepEvent(E::kIncidentDispatched, "S1", 5000, free_one->id)));
    ASSERT_TRUE(seen.wait_for(3));
    EXPECT_EQ(seen.events[2].seq, 3);
    const FeedStats stats = server.value()->stats();
    EXPECT_EQ(stats.accepted, 2);
    EXPECT_EQ(stats.rejected, 2);
    server.value().reset();
    auto reread = EventLog::OpenForReading(path);
    ASSERT_TRUE(reread);
    EXPECT_EQ(reread.value()->reject_count(), 2);
}

}  // namespace
}  // namespace gridlink
