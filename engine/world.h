// The in-memory World: everything on the map in the workspace's projected CRS. Grids (with their
// index, for assigning and picking) and basemap are loaded once; resources and incidents change only
// by applying events (incident.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crs.h"
#include "geometry.h"
#include "grid_index.h"
#include "grid_model.h"
#include "incident.h"

namespace gridlink {

// Kinds of resource on the map (资源上图).
inline constexpr const char* kResourceKinds[] = {"grid_worker", "volunteer", "patrol_vehicle", "service_station",
                                                 "camera"};
inline constexpr const char* kResourceStatuses[] = {"available", "busy", "off_duty"};

struct Resource {
    std::string id;
    std::string kind;
    std::string name;
    std::string status;
    std::string home_grid;
    Vec2 position;
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

struct World {
    Crs crs = Crs::FromEpsg(kDemoEpsg);
    GridSet grids;
    // Point -> grid over `grids` (assignment, map picking); null until IndexGrids. Shared so that a World
    // stays copyable: the index is immutable once built.
    std::shared_ptr<const GridIndex> grid_index;
    std::vector<Resource> resources;
    Incidents incidents;
    std::vector<Road> roads;
    std::vector<WaterBody> water;
    // lon/lat -> crs for events, made on first use by ApplyEvent (shared: a World stays copyable).
    std::shared_ptr<Transform> from_lonlat;
    // Counts of repairs made while reading, for warnings.
    int repaired_geometries = 0;

    // The grids' extent (the jurisdiction); the basemap's when there are no grids.
    Box bounds() const;
};

// Builds world.grid_index over world.grids (GridIndex::Build). Readers and the demo generator call it
// once, after the grids are final; call it again only after changing them.
void IndexGrids(World& world);

}  // namespace gridlink
