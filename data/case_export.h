// Writing a set of cases with their state at an instant (the review seat's range, `gridlink review --cases`): CSV,
// or a GeoPackage point layer `cases` in lon/lat (EPSG:4326) that QGIS and ogrinfo read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/result.h"

namespace gridlink {

struct World;

// The columns, in order: id, state, category, priority, grid, reported, deadline, closed, overdue, resource,
// source, reason, lon, lat.
const std::vector<std::string>& CaseExportColumns();
// One case's cells at `at_ms` (times in ISO 8601 at +08:00; closed empty while open; overdue 1/0 at at_ms).
std::vector<std::string> CaseExportCells(const World& world, std::size_t index, std::int64_t at_ms);
// Writes the cases `indices` of `world` to `path` (replacing it): a GeoPackage when it ends in .gpkg, else CSV.
// Errors name the file.
Status WriteCases(const std::string& path, const World& world, const std::vector<std::size_t>& indices,
                  std::int64_t at_ms);

}  // namespace gridlink
