// Grid naming, label points (GEOS PointOnSurface, per level on first use) and level of detail by zoom
// (median cell size per level against on-screen pixel thresholds).
#include "grid_display.h"

#include <algorithm>
#include <cmath>

#include "geos_bridge.h"

namespace gridlink {

std::string DisplayName(const GridSet& grids, std::size_t index) {
    const Grid& g = grids[index];
    if (g.name.empty()) return g.code;
    const std::int64_t parent = grids.find(g.parent_code);
    if (parent >= 0) {
        const std::string& prefix = grids[static_cast<std::size_t>(parent)].name;
        if (!prefix.empty() && g.name.size() > prefix.size() && g.name.compare(0, prefix.size(), prefix) == 0) {
            return g.name.substr(prefix.size());
        }
    }
    return g.name;
}

const std::vector<Vec2>& GridLabelPoints::at_level(const GridSet& grids, int level) {
    if (!done_[level]) {
        GeosContext geos;
        auto& out = points_[level];
        out.clear();
        for (std::size_t i : grids.at_level(level)) {
            GeosGeometry g = ToGeos(geos, grids[i].shape);
            out.push_back(PointOnSurface(geos, g.get()).value_or(grids[i].bounds.center()));
        }
        done_[level] = true;
    }
    return points_[level];
}

void GridLod::measure(const GridSet& grids) {
    typical_size_.fill(0);
    for (int level = 1; level <= kLevelCount; ++level) {
        std::vector<double> areas;
        for (std::size_t i : grids.at_level(level)) areas.push_back(grids[i].area_m2);
        if (areas.empty()) continue;
        std::nth_element(areas.begin(), areas.begin() + areas.size() / 2, areas.end());
        typical_size_[level] = std::sqrt(std::max(areas[areas.size() / 2], 1.0));
    }
}

int GridLod::fill_level(double mpp) const {
    int coarsest = 0, chosen = 0;
    for (int level = 1; level <= kLevelCount; ++level) {
        if (!present(level)) continue;
        if (!coarsest) coarsest = level;
        if (typical_size_[level] / mpp >= kFillPixels) chosen = level;
    }
    return chosen ? chosen : coarsest;
}

bool GridLod::outline_visible(int level, double mpp) const {
    return present(level) && typical_size_[level] / mpp >= kOutlinePixels;
}

}  // namespace gridlink
