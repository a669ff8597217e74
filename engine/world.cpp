// World helpers: the jurisdiction's extent (what the map fits to) and building the grid index that
// assignment and map picking use.
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

void IndexGrids(World& world) { world.grid_index = std::make_shared<const GridIndex>(GridIndex::Build(world.grids)); }

}  // namespace gridlink
