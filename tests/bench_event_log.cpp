// Durable appends to the event log: gridlink's group commit (EventLog::append of a batch: events,
// payloads, the incidents layer, one fsync) against the textbook durable logger, plain SQLite with one
// fsynced transaction per event, and against plain SQLite inserting the same rows in one transaction
// (the ceiling for these rows). All three write the workspace's `events` table in WAL, synchronous=FULL.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "data/demo_city.h"
#include "data/event_log.h"
#include "data/feed_protocol.h"
#include "data/workspace.h"

namespace gridlink {
namespace {

// A fresh small workspace per benchmark, in the temp directory, its tables as EventLog::Open leaves them
// (so that all three write the same tables).
std::string FreshWorkspace(const char* name) {
    static const World world = [] {
        auto w = GenerateDemoCity(DemoOptions{7, DemoScale::Small});
        return w ? std::move(w.value()) : World{};
    }();
    const std::string path = (std::filesystem::temp_directory_path() / name).string();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    WriteWorkspace(path, world);
    (void)EventLog::Open(path);
    return path;
}

// Reports with distinct ids, as the feed delivers them (assigned, with text).
std::vector<Event> Reports(std::int64_t first, std::size_t count) {
    std::vector<Event> events(count);
    for (std::size_t i = 0; i < count; ++i) {
        Event& e = events[i];
        e.type = EventType::kIncidentReported;
        char id[32];
        std::snprintf(id, sizeof id, "B%lld", static_cast<long long>(first) + static_cast<long long>(i));
        e.id = id;
        e.t_ms = 1795750000000 + static_cast<std::int64_t>(i) * 1000;
        e.t = FormatIsoTime(e.t_ms);
        e.lon = 120.5 + 0.0001 * static_cast<double>(i % 1000);
        e.lat = 31.3 + 0.0001 * static_cast<double>(i % 700);
        e.category = static_cast<int>(i % kCategoryCount);
        e.priority = 1 + static_cast<int>(i % 4);
        e.source = "grid_worker";
        e.text = "路边垃圾堆放 rubbish by the road";
        e.grid = "32050500300100103";
    }
    return events;
}

void BM_DurableAppend_GridlinkGroupCommit(benchmark::State& state) {
    const std::string path = FreshWorkspace("bench-log-group.gpkg");
    auto log = EventLog::Open(path);
    if (!log) return state.SkipWithError(log.error().c_str());
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::int64_t next = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<Event> events = Reports(next, batch);
        next += static_cast<std::int64_t>(batch);
        state.ResumeTiming();
        if (Status s = log.value()->append(events, {}); !s) return state.SkipWithError(s.error().c_str());
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(batch), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DurableAppend_GridlinkGroupCommit)
    ->Arg(1)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same events' rows (seq, t, type, subject, payload) through a prepared INSERT.
void InsertRows(sqlite3* db, sqlite3_stmt* insert, const std::vector<Event>& events, std::int64_t& seq,
                bool each_own_transaction) {
    if (!each_own_transaction) sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const Event& e : events) {
        const std::string payload = EventPayload(e);
        ++seq;
        sqlite3_bind_int64(insert, 1, seq);
        sqlite3_bind_text(insert, 2, e.t.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, "incident.reported", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 4, e.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 5, payload.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    if (!each_own_transaction) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

void PlainSqlite(benchmark::State& state, bool each_own_transaction, const char* name) {
    const std::string path = FreshWorkspace(name);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events (fid, seq, t, type, subject, payload) VALUES (?1, ?1, ?2, ?3, ?4, ?5)",
                       -1, &insert, nullptr);
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::int64_t seq = 0, next = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<Event> events = Reports(next, batch);
        next += static_cast<std::int64_t>(batch);
        state.ResumeTiming();
        InsertRows(db, insert, events, seq, each_own_transaction);
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(batch), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_DurableAppend_SqliteTransactionPerEvent(benchmark::State& state) {
    PlainSqlite(state, true, "bench-log-autocommit.gpkg");
}
BENCHMARK(BM_DurableAppend_SqliteTransactionPerEvent)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DurableAppend_SqliteOneTransaction(benchmark::State& state) {
    PlainSqlite(state, false, "bench-log-one-transaction.gpkg");
}
BENCHMARK(BM_DurableAppend_SqliteOneTransaction)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gridlink
