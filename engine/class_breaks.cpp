// Class breaks for choropleths: quantiles of the non-zero counts rounded to 1-2-5 steps, fixed rate
// thresholds, and the legend's text for each class.
#include "class_breaks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gridlink {

int ClassBreaks::class_of(double value) const {
    return static_cast<int>(std::upper_bound(breaks.begin(), breaks.end(), value) - breaks.begin());
}

static std::string Number(double v, bool percent) {
    char text[32];
    if (percent) {
        std::snprintf(text, sizeof text, "%g%%", std::round(v * 1000) / 10);
    } else {
        std::snprintf(text, sizeof text, "%g", v);
    }
    return text;
}

std::string ClassBreaks::label(int k) const {
    if (breaks.empty()) return "all";
    const int last = classes() - 1;
    if (k <= 0) {
        if (integer && breaks[0] == 1) return "0";
        return "< " + Number(breaks[0], percent);
    }
    if (k >= last) return "≥ " + Number(breaks.back(), percent);
    const double low = breaks[static_cast<std::size_t>(k - 1)], high = breaks[static_cast<std::size_t>(k)];
    // Whole numbers: the class holds low .. high - 1.
    if (integer) return high - 1 <= low ? Number(low, false) : Number(low, false) + "–" + Number(high - 1, false);
    std::string text = Number(percent ? low * 100 : low, false);
    text.append("–");
    text.append(Number(high, percent));
    return text;
}

// The smallest 1, 2, 5 x 10^n at or above v (v >= 1).
static double RoundUp125(double v) {
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= v - 1e-9) return m * p;
    }
    return 10 * p;
}

ClassBreaks CountBreaks(const std::vector<double>& values, int classes) {
    ClassBreaks out;
    out.integer = true;
    out.breaks.push_back(1);  // zero is its own class
    std::vector<double> positive;
    for (double v : values) {
        if (v >= 1) positive.push_back(std::floor(v));
    }
    if (positive.empty() || classes < 3) return out;
    std::sort(positive.begin(), positive.end());
    const int steps = classes - 1;  // classes over the positive values
    for (int k = 1; k < steps; ++k) {
        const double q = positive[static_cast<std::size_t>(std::floor(k * (positive.size() - 1) / double(steps)))];
        const double b = RoundUp125(q + 1);  // the class above holds values > q
        if (b > out.breaks.back() && b <= positive.back()) out.breaks.push_back(b);
    }
    return out;
}

ClassBreaks RateBreaks() {
    ClassBreaks out;
    out.percent = true;
    out.breaks = {0.6, 0.8, 0.9, 0.95};
    return out;
}

}  // namespace gridlink
