// World helpers.
#include "world.h"

namespace gridlink {

Box World::bounds() const {
    // The jurisdiction is what the map fits to; the basemap only when there are no grids.
    Box b = grids.bounds();
    if (!b.empty()) return b;
    for (const WaterBody& w : water) b.extend(Bounds(w.shape));
    for (const Road& r : roads) b.extend(Bounds(r.line));
    return b;
}

}  // namespace gridlink
