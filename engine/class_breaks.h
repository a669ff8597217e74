// Class breaks for choropleth maps: how per-grid values (case counts, rates) fall into a few classes of a
// colour ramp, and the legend's labels for them. Pure functions, no GL: the choropleth layer, its legend
// and the tests read the same breaks.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gridlink {

// Upper-open classes: a value v falls in class k when breaks[k-1] <= v < breaks[k] (class 0 below
// breaks[0], the last class at or above breaks.back()). `classes` = breaks.size() + 1.
struct ClassBreaks {
    std::vector<double> breaks;  // ascending, distinct
    bool integer = false;        // counts: labels as whole numbers
    bool percent = false;        // rates: labels as percentages
    int classes() const { return static_cast<int>(breaks.size()) + 1; }
    int class_of(double value) const;
    // "0", "1–4", "5–19", "≥ 20" for counts; "< 80%", "80–90%", "≥ 98%" for rates.
    std::string label(int k) const;
};

// Breaks for counts (open, overdue cases): zero is its own class, then up to `classes` - 1 classes over the
// non-zero values cut at their quantiles and rounded to 1, 2, 5 x 10^n so that the legend reads as round
// numbers. Fewer classes when the values are few or alike; never two equal breaks.
ClassBreaks CountBreaks(const std::vector<double>& values, int classes = 5);

// Breaks for rates in [0, 1] (closure, on-time closure): fixed at 60, 80, 90, 95%, the thresholds digital
// city management assessments grade by, so that maps of two periods compare.
ClassBreaks RateBreaks();

}  // namespace gridlink
