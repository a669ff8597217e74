// The in-memory World: everything on the map in the workspace's projected CRS. Grids (with their
// index, for assigning and picking) and basemap are loaded once; resources and incidents change only
// by applying events (incident.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crs.h"
#include "geometry.h"
#include "grid_index.h"
#include "grid_model.h"
#include "incident.h"
#include "resource_index.h"

namespace gridlink {

class RoadNetwork;

// A resource on the map (资源上图); its kind and status are closed sets (resource_kinds.h).
struct Resource {
    std::string id;
    ResourceKind kind = ResourceKind::kGridWorker;
    std::string name;
    ResourceStatus status = ResourceStatus::kAvailable;
    std::string home_grid;
    Vec2 position;
    std::string task;           // the case it works on (one active task); empty when free
    std::int64_t revision = 0;  // Incidents::revision when it last changed, for layers to notice
};

struct Road {
    std::string kind;  // "arterial", "secondary", "local"
    std::string name;
    LineString line;
};

struct WaterBody {
    std::string kind;  // "river", "lake", "canal", "pond"
    std::string name;
    MultiPolygon shape;
};

// The resources changed by applied events, in order (an index each, repeats allowed), so that a layer
// follows a million resources without scanning them all: it remembers the epoch and how many entries it
// has read. When the journal grows past kMax it starts over with the next epoch, and a reader that sees a
// new epoch scans everything once.
struct ResourceJournal {
    static constexpr std::size_t kMax = std::size_t{1} << 20;
    std::uint64_t epoch = 0;
    std::vector<std::uint32_t> changed;

    void note(std::size_t index) {
        if (changed.size() >= kMax) {
            changed.clear();
            ++epoch;
        }
        changed.push_back(static_cast<std::uint32_t>(index));
    }
};

struct World {
    Crs crs = Crs::FromEpsg(kDemoEpsg);
    GridSet grids;
    // Point -> grid over `grids` (assignment, map picking); null until IndexGrids. Shared so that a World
    // stays copyable: the index is immutable once built.
    std::shared_ptr<const GridIndex> grid_index;
    std::vector<Resource> resources;
    ResourceJournal resource_changes;  // which resources ApplyEvent changed, for layers
    // Resource id -> index into resources; built by IndexResources.
    std::unordered_map<std::string, std::size_t> resource_ids;
    std::size_t resources_indexed = 0;  // resources.size() when resource_ids was built
    // Grid workers by home grid code; built by IndexResources.
    std::unordered_map<std::string, std::vector<std::size_t>> workers_by_home;
    // Resource positions for k-nearest and radius queries (dispatch, summon); built by IndexResources and
    // kept in step by ApplyEvent.
    ResourceIndex nearby;
    // The road graph for road distances and ETAs; null or empty without roads. Built by IndexRoads; shared
    // because it never changes once built.
    std::shared_ptr<const RoadNetwork> road_network;
    Incidents incidents;
    std::vector<Road> roads;
    std::vector<WaterBody> water;
    // lon/lat -> crs for events, made on first use by ApplyEvent (shared: a World stays copyable).
    std::shared_ptr<Transform> from_lonlat;
    // Counts of repairs made while reading, for warnings.
    int repaired_geometries = 0;

    // The grids' extent (the jurisdiction); the basemap's when there are no grids.
    Box bounds() const;
    // Keeps what indexes resource positions in step after resources[index] moved (ApplyEvent calls it).
    void moved(std::size_t index);
    // Indices of the grid workers whose home grid is `code`.
    const std::vector<std::size_t>& workers_of(const std::string& code) const;
    // The resource with this id, or null.
    const Resource* find_resource(std::string_view id) const;
    Resource* find_resource(std::string_view id);
};

// Builds world.grid_index over world.grids (GridIndex::Build). Readers and the demo generator call it
// once, after the grids are final; call it again only after changing them.
void IndexGrids(World& world);
// Builds world.resource_ids, workers_by_home and nearby over world.resources; call it after adding
// resources. find_resource builds the ids on first use when the counts disagree.
void IndexResources(World& world);
// Builds world.road_network from world.roads.
void IndexRoads(World& world);

}  // namespace gridlink
