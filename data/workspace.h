// The workspace: one GeoPackage holding grids, resources, basemap layers, incidents and the event
// log (DESIGN.md, "Workspace"). Also opens any GDAL polygon source as the grid layer.
#pragma once

#include <string>
#include <vector>

#include "engine/coverage_check.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

// Where to find grids in an arbitrary GDAL source, and which fields mean what.
struct GridSourceSpec {
    std::string path;
    std::string layer;  // empty: the only / first layer
    std::string id_field = "code";
    std::string name_field;    // empty: "name" when present
    std::string level_field;   // empty: "level" when present, else from the code's length
    std::string parent_field;  // empty: "parent_code" when present, else from the code
};

// Parses "FILE[:LAYER]" as the command line writes it. A Windows-style drive letter is not split.
GridSourceSpec ParseSourceArgument(const std::string& argument);

// What reading noticed without failing: repaired geometries, skipped features, and so on.
struct ReadReport {
    std::vector<std::string> warnings;
    int repaired_geometries = 0;
    // Every source polygon found invalid before repair (feature id, code, GEOS reason, location in the working CRS).
    std::vector<InvalidGeometry> invalid_geometries;
    // The source feature id of each grid returned, by index in the GridSet.
    std::vector<long long> feature_ids;
};

// Picks the working CRS for data in `source`: the source itself when projected and metric, else a
// UTM zone (northern or southern) around the centre of `lonlat_bounds`.
Crs ChooseWorkingCrs(const Crs& source, const Box& lonlat_bounds);

// Reads grids from any GDAL polygon source into `target` CRS (when null, into ChooseWorkingCrs of the
// source, returned in *chosen). Errors name the file, the layer and the field.
Result<GridSet> ReadGrids(const GridSourceSpec& spec, const Crs* target, Crs* chosen, ReadReport* report);

// Reads a whole workspace GeoPackage: grids (required) and whichever of resources, roads and water exist.
// The World comes with its grid index unless `build_index` is false (a caller that builds it elsewhere).
Result<World> ReadWorkspace(const std::string& path, ReadReport* report, bool build_index = true);

// Opens grids from a source as a World with no resources or basemap.
Result<World> WorldFromGridSource(const GridSourceSpec& spec, ReadReport* report, bool build_index = true);

// Writes a World as a new workspace GeoPackage (replacing any file at path), with empty incidents
// and events layers ready for the live log.
Status WriteWorkspace(const std::string& path, const World& world);

}  // namespace gridlink
