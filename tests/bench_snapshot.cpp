// Opening a seat on a long log: from the latest snapshot plus the tail (OpenFromSnapshots) against the full
// replay every seat did before (ReplayLog, the baseline), and the state at an arbitrary instant (StateAt). On the
// workspace named by GRIDLINK_BENCH_YEAR (a simulated year: `gridlink simulate WS --profile year`, BENCHMARKS.md);
// skipped without it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

#include "data/event_log.h"
#include "data/review_cursor.h"
#include "data/snapshot.h"
#include "data/workspace.h"

namespace gridlink {
namespace {

const char* YearWorkspace() { return std::getenv("GRIDLINK_BENCH_YEAR"); }

// The workspace's grids and resources, no cases: what a seat has before it reads the log.
const World& Base() {
    static const World world = [] {
        auto w = ReadWorkspace(YearWorkspace(), nullptr, false);
        return w ? std::move(w.value()) : World{};
    }();
    return world;
}

void BM_SeatOpen_SnapshotPlusTail(benchmark::State& state) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    (void)Base();  // read once, outside the timing
    for (auto _ : state) {
        World world = Base();
        OpenedState opened;
        if (!OpenWorkspaceState(YearWorkspace(), world, &opened)) return state.SkipWithError("cannot open");
        state.counters["tail_events"] = static_cast<double>(opened.replayed);
        state.counters["cases"] = static_cast<double>(world.incidents.cases.size());
    }
}
BENCHMARK(BM_SeatOpen_SnapshotPlusTail)->Unit(benchmark::kMillisecond)->Iterations(3);

// What a fresh StateAt pays before it reads anything: a copy of the workspace's World (grids, resources, indexes).
void BM_StateAt_BaseWorldCopy(benchmark::State& state) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    (void)Base();  // read once, outside the timing
    for (auto _ : state) {
        World world = Base();
        benchmark::DoNotOptimize(world.grids.size());
    }
}
BENCHMARK(BM_StateAt_BaseWorldCopy)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_SeatOpen_FullReplay(benchmark::State& state) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    (void)Base();  // read once, outside the timing
    for (auto _ : state) {
        World world = Base();
        auto log = EventLog::OpenForReading(YearWorkspace());
        std::int64_t events = 0;
        if (!log || !ReplayLog(*log.value(), world, &events)) return state.SkipWithError("cannot replay");
        state.counters["events"] = static_cast<double>(events);
    }
}
BENCHMARK(BM_SeatOpen_FullReplay)->Unit(benchmark::kMillisecond)->Iterations(1);

// A random instant within the log's year each iteration (same seed, same instants).
void BM_StateAt_RandomInstant(benchmark::State& state) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    (void)Base();  // read once, outside the timing
    auto rows = ListSnapshots(YearWorkspace());
    if (!rows || rows->empty()) return state.SkipWithError("no snapshots");
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<std::int64_t> instant(rows->front().max_t_ms - 7LL * 86400'000,
                                                        rows->back().max_t_ms);
    std::int64_t events = 0;
    for (auto _ : state) {
        OpenedState opened;
        auto at = StateAt(Base(), YearWorkspace(), instant(rng), &opened);
        if (!at) return state.SkipWithError("StateAt failed");
        events += opened.replayed;
    }
    state.counters["events_after_snapshot"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_StateAt_RandomInstant)->Unit(benchmark::kMillisecond)->Iterations(20);

// The same 20 instants as the review seat reaches them: a cursor held open jumps from one to the next (each a
// rebuild over the World it shows, or forward by the events between when that is shorter).
void BM_StateAt_ReviewCursorJump(benchmark::State& state) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    (void)Base();  // read once, outside the timing
    auto rows = ListSnapshots(YearWorkspace());
    if (!rows || rows->empty()) return state.SkipWithError("no snapshots");
    auto cursor = ReviewCursor::Open(YearWorkspace(), Base());
    if (!cursor) return state.SkipWithError("cannot open the cursor");
    World world;
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<std::int64_t> instant(rows->front().max_t_ms - 7LL * 86400'000,
                                                        rows->back().max_t_ms);
    if (!cursor.value()->move_to(world, instant(rng))) return state.SkipWithError("move failed");  // the seat's open
    std::int64_t rebuilt = 0, applied = 0;
    for (auto _ : state) {
        auto move = cursor.value()->move_to(world, instant(rng));
        if (!move) return state.SkipWithError("move failed");
        rebuilt += move->rebuilt;
        applied += move->applied;
    }
    state.counters["rebuilt"] = static_cast<double>(rebuilt);
    state.counters["applied_forward"] =
        benchmark::Counter(static_cast<double>(applied), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_StateAt_ReviewCursorJump)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
}  // namespace gridlink
