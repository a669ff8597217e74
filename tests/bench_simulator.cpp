// Benchmark of the simulator on the engine's rules (make bench): feed lines a second from IncidentSimulator::next
// written by FeedLine, on the small demo as a workspace read from disk has it (grid index, resource index,
// roads), at a rate that keeps every responder busy and at an ordinary one. Each line is checked (CheckEvent)
// and applied (ApplyEvent) to the simulator's own World, and each dispatch ranks candidates by road.
#include <benchmark/benchmark.h>

#include <cstddef>

#include "data/demo_city.h"
#include "data/feed_protocol.h"
#include "data/simulator.h"

namespace gridlink {
namespace {

const World& SmallDemoFromDisk() {
    static const World world = [] {
        auto w = GenerateDemoCity(DemoOptions{7, DemoScale::Small});
        World demo = w ? std::move(w.value()) : World{};
        IndexGrids(demo);
        IndexResources(demo);
        IndexRoads(demo);
        return demo;
    }();
    return world;
}

// Lines of one run from the start: 200,000 at --rate 50 (the figure the unit tests once asserted), 50,000 at 1.
void BM_Simulator_Lines(benchmark::State& state) {
    const double rate = static_cast<double>(state.range(0));
    for (auto _ : state) {
        SimulatorOptions options;
        options.seed = 9;
        options.start_ms = 1795742400000;  // 2026-11-27T09:20:00+08:00
        options.rate = rate;
        auto sim = IncidentSimulator::Create(SmallDemoFromDisk(), options);
        if (!sim) return state.SkipWithError(sim.error().c_str());
        std::size_t bytes = 0;
        for (std::int64_t i = 0; i < state.range(1); ++i) bytes += FeedLine(sim.value()->next()).size();
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(state.iterations() * state.range(1));
}
BENCHMARK(BM_Simulator_Lines)->Args({50, 200000})->Args({1, 50000})->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace gridlink
