// `gridlink report` over a simulated year: gridlink's figures (the workspace opened from its latest snapshot and
// the log's tail, then FiguresBy) against the same figures computed by SQLite SQL over the events table
// (assessment_sql.h, the test's independent computation), in the same run. On the workspace named by
// GRIDLINK_BENCH_YEAR (`gridlink simulate WS --profile year`, BENCHMARKS.md); skipped without it.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "assessment_sql.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "engine/assessment.h"

namespace gridlink {
namespace {

const char* YearWorkspace() { return std::getenv("GRIDLINK_BENCH_YEAR"); }

// The year's period: from the first case reported to the last event, as `report --from --to` would name it.
Period YearPeriod(const World& world) {
    Period period{0, world.incidents.clock_ms + 1};
    if (!world.incidents.cases.empty()) period.from_ms = world.incidents.cases.front().reported_ms;
    return period;
}

const World& OpenedYear() {
    static const World world = [] {
        auto w = ReadWorkspace(YearWorkspace(), nullptr);
        if (!w) return World{};
        (void)OpenWorkspaceState(YearWorkspace(), w.value());
        return std::move(w.value());
    }();
    return world;
}

void BM_Report_Gridlink(benchmark::State& state, GroupBy group) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    const Period period = YearPeriod(OpenedYear());
    std::size_t rows = 0, cases = 0;
    for (auto _ : state) {
        auto world = ReadWorkspace(YearWorkspace(), nullptr);
        if (!world) return state.SkipWithError(world.error().c_str());
        if (Status s = OpenWorkspaceState(YearWorkspace(), world.value()); !s)
            return state.SkipWithError(s.error().c_str());
        rows = FiguresBy(world.value(), period, group).size();
        cases = world->incidents.cases.size();
    }
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["cases"] = static_cast<double>(cases);
}

void BM_Report_FiguresOnly(benchmark::State& state, GroupBy group) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    const Period period = YearPeriod(OpenedYear());
    for (auto _ : state) benchmark::DoNotOptimize(FiguresBy(OpenedYear(), period, group));
}

void BM_Report_SqliteSql(benchmark::State& state, GroupBy group) {
    if (!YearWorkspace()) return state.SkipWithError("GRIDLINK_BENCH_YEAR names no workspace");
    const Period period = YearPeriod(OpenedYear());
    std::size_t rows = 0;
    for (auto _ : state) rows = test::FiguresBySql(YearWorkspace(), period, group).size();
    state.counters["rows"] = static_cast<double>(rows);
}

const GroupBy kByStreet{Grouping::kLevel, 2};
const GroupBy kByCategory{Grouping::kCategory, 0};
BENCHMARK_CAPTURE(BM_Report_Gridlink, street, kByStreet)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_Report_SqliteSql, street, kByStreet)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_Report_FiguresOnly, street, kByStreet)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Report_FiguresOnly, category, kByCategory)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridlink
