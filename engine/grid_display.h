// How grids show on the map, apart from any drawing: the name shown for a grid, the point its label and
// per-grid figures sit at, and which levels are filled and outlined at a zoom. Read by the grids, labels and
// incidents layers and by the panels, which must all agree.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "geometry.h"
#include "grid_model.h"

namespace gridlink {

// The name shown on the map: the grid's name without its parent's name in front
// ("狮山街道金色社区" under "狮山街道" shows "金色社区").
std::string DisplayName(const GridSet& grids, std::size_t index);

// The label point of each grid of a level (GEOS PointOnSurface; the bounds' centre when GEOS finds
// none), computed on first use per level: where grid names and per-grid counts are drawn.
class GridLabelPoints {
  public:
    void reset() { done_.fill(false); }
    // Indexed by position within grids.at_level(level).
    const std::vector<Vec2>& at_level(const GridSet& grids, int level);

  private:
    std::array<std::vector<Vec2>, kLevelCount + 2> points_;
    std::array<bool, kLevelCount + 2> done_{};
};

// Which levels show at a zoom: the finest level whose cells are big enough on screen is filled,
// coarser levels (and one finer, when legible) are outlined.
class GridLod {
  public:
    void measure(const GridSet& grids);  // typical cell size per level, from median areas
    int fill_level(double meters_per_pixel) const;
    bool outline_visible(int level, double meters_per_pixel) const;
    bool present(int level) const { return typical_size_[level] > 0; }
    double typical_size(int level) const { return typical_size_[level]; }

    static constexpr double kFillPixels = 70;     // a level is filled once its cells are this wide
    static constexpr double kOutlinePixels = 22;  // and outlined once this wide

  private:
    std::array<double, kLevelCount + 2> typical_size_{};
};

}  // namespace gridlink
