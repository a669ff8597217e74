// World helpers: the jurisdiction's extent (what the map fits to) and building the grid index that
// assignment and map picking use.
#include "world.h"

#include "road_network.h"

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

void IndexResources(World& world) {
    world.resource_ids.clear();
    world.resource_ids.reserve(world.resources.size());
    world.workers_by_home.clear();
    std::vector<Vec2> positions;
    positions.reserve(world.resources.size());
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        const Resource& r = world.resources[i];
        world.resource_ids.emplace(r.id, i);
        if (r.kind == ResourceKind::kGridWorker && !r.home_grid.empty()) {
            world.workers_by_home[r.home_grid].push_back(i);
        }
        positions.push_back(r.position);
    }
    world.nearby.build(positions);
    world.resources_indexed = world.resources.size();
}

void IndexRoads(World& world) {
    world.road_network = std::make_shared<const RoadNetwork>(RoadNetwork::Build(world.roads));
}

const std::vector<std::size_t>& World::workers_of(const std::string& code) const {
    static const std::vector<std::size_t> none;
    auto it = workers_by_home.find(code);
    return it == workers_by_home.end() ? none : it->second;
}

void World::moved(std::size_t index) {
    if (nearby.size() == resources.size()) nearby.move(static_cast<std::uint32_t>(index), resources[index].position);
}

const Resource* World::find_resource(std::string_view id) const {
    if (resources_indexed == resources.size()) {
        auto it = resource_ids.find(std::string(id));
        return it == resource_ids.end() ? nullptr : &resources[it->second];
    }
    for (const Resource& r : resources) {  // not indexed yet (a World being built)
        if (r.id == id) return &r;
    }
    return nullptr;
}

Resource* World::find_resource(std::string_view id) {
    if (resources_indexed != resources.size()) IndexResources(*this);
    auto it = resource_ids.find(std::string(id));
    return it == resource_ids.end() ? nullptr : &resources[it->second];
}

}  // namespace gridlink
