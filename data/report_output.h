// Writing `gridlink report`: the figures of each unit (engine/assessment.h) as CSV, or as a GeoPackage layer
// `figures` whose grid units carry their polygons so that QGIS draws the choropleth.
#pragma once

#include <string>
#include <vector>

#include "engine/assessment.h"
#include "engine/result.h"

namespace gridlink {

struct World;

// The columns, in order: unit, name, then the figures (ReportCells).
const std::vector<std::string>& ReportColumns();
// One row's cells as the CSV writes them: counts as integers, rates as fractions with 4 decimals and medians
// in minutes with 1 decimal, both empty when there is nothing to measure.
std::vector<std::string> ReportCells(const UnitFigures& row);

// Writes `rows` to `path` (replacing it): a GeoPackage when it ends in .gpkg (grid rows with their shapes in
// the World's CRS, other rows without geometry), else CSV. "-" writes CSV to standard output. Errors name the
// file.
Status WriteReport(const std::string& path, const std::vector<UnitFigures>& rows, const World& world);

}  // namespace gridlink
