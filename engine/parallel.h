// Splitting an index range over the cores in contiguous runs, for CPU work done once at load time
// (reading, tessellation). Runs are numbered, so callers can join their results in order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace gridlink {

// How many runs to split `count` items into: one below `serial_below`, else one per core.
inline std::size_t RunCount(std::size_t count, std::size_t serial_below) {
    if (count < serial_below) return 1;
    return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 16);
}

// Calls work(run, begin, end) for `runs` contiguous runs covering [0, count), run 0 on this thread.
template <typename Work>
void ForEachRun(std::size_t count, std::size_t runs, Work work) {
    const std::size_t chunk = (count + runs - 1) / std::max<std::size_t>(runs, 1);
    auto run = [&](std::size_t r) { work(r, std::min(count, r * chunk), std::min(count, (r + 1) * chunk)); };
    std::vector<std::thread> workers;
    for (std::size_t r = 1; r < runs; ++r) workers.emplace_back(run, r);
    run(0);
    for (std::thread& w : workers) w.join();
}

}  // namespace gridlink
