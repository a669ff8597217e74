// Roads for a workspace from any GDAL line source (Shapefile, GeoPackage, GeoJSON, an OpenStreetMap
// .osm/.osm.pbf extract through GDAL's OSM driver), classified into the workspace's road kinds.
#pragma once

#include <string>
#include <vector>

#include "engine/crs.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

// The road kind of an OpenStreetMap `highway` value, or "" when the way is not kept. The rule:
//   motorway, trunk, primary (and their _link ramps)  -> arterial
//   secondary, tertiary (and their _link ramps)       -> secondary
//   residential, unclassified, living_street, service -> local
//   anything else is dropped: footway, path, cycleway, steps, pedestrian, bridleway, track, corridor,
//   construction, proposed, platform, ... (people on foot reach them off-road; vehicles cannot use them).
std::string RoadKindOfHighway(const std::string& highway);

struct RoadReadReport {
    std::size_t features = 0;      // features read
    std::size_t kept = 0;          // roads kept (a multi-line counts each part)
    std::size_t dropped_kind = 0;  // dropped by the highway rule
    std::size_t no_geometry = 0;   // features with no line geometry (points, empty)
    std::string layer;             // the layer read
};

// Reads FILE[:LAYER] (an .osm/.osm.pbf file's default layer is `lines`) into roads in `working`.
// Each feature's kind: its `highway` field by RoadKindOfHighway when the layer has one, else its `kind`
// field when that is arterial/secondary/local, else local. Its name: the `name` field when present.
// Errors name the file, the layer and what is wrong.
Result<std::vector<Road>> ReadRoadSource(const std::string& path, const std::string& layer_name, const Crs& working,
                                         RoadReadReport* report);

}  // namespace gridlink
