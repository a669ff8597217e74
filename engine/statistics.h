// Summary figures over samples, such as the latencies the workstation and `gridlink simulate` report: one
// definition of a percentile, so that two reports of the same run agree.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace gridlink {

// The p-th percentile (p in 0..1) by the nearest-rank method: the smallest sample that at least a share p of
// the samples are at or below. p = 0 gives the least sample, p = 1 the greatest; 0 when there are none.
inline double Percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    const double share = p > 0 ? std::min(p, 1.0) : 0.0;  // NaN reads as 0
    // The small allowance keeps 0.7 x 10 (7.000000000000001 in doubles) at rank 7.
    const double rank = std::ceil(share * static_cast<double>(samples.size()) - 1e-9);
    const std::size_t at = rank < 1 ? 0 : std::min(samples.size(), static_cast<std::size_t>(rank)) - 1;
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(at), samples.end());
    return samples[at];
}

}  // namespace gridlink
