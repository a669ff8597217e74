// World helpers.
#include "world.h"

namespace gridlink {

Box World::bounds() const {
    Box b = grids.bounds();
    for (const WaterBody& w : water) b.extend(Bounds(w.shape));
    if (b.empty()) {
        for (const Road& r : roads) b.extend(Bounds(r.line));
    }
    return b;
}

}  // namespace gridlink
