// Writing the result of `gridlink assign`: one row per input row, as CSV (RFC 4180 quoting) or as a
// GeoPackage point layer `assignments` (the input point in the points' CRS, written in transactions).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/crs.h"
#include "engine/grid_model.h"
#include "engine/result.h"

namespace gridlink {

struct AssignmentSchema {
    int level_columns = 0;                  // 0, or N for columns level1..levelN (ancestor codes)
    std::vector<std::string> keep_columns;  // input columns copied through, by their input names
    Crs point_crs = Crs::LonLat();          // GeoPackage: the CRS of the point geometry
};

// The output's column names in order: row, grid, status, distance_m, nearest, reason, level,
// level1..levelN, then the kept columns; a kept column whose name is taken gets an `input_` prefix.
std::vector<std::string> AssignmentColumns(const AssignmentSchema& schema);

struct AssignmentRow {
    std::int64_t row = 0;
    std::string_view grid;                                         // empty when none
    std::string_view status;                                       // inside | outside | invalid
    double distance_m = std::numeric_limits<double>::quiet_NaN();  // outside only
    std::string_view nearest;                                      // outside only
    std::string_view reason;                                       // invalid only
    int level = 0;                                                 // the assigned grid's level; 0 when none
    std::array<std::string_view, kLevelCount> ancestors{};         // [level - 1]: the code at that level
    const std::string* keep = nullptr;                             // schema.keep_columns.size() values
    bool has_point = false;  // the geometry (in the points' CRS), absent for invalid rows
    double x = 0;
    double y = 0;
};

class AssignmentWriter {
  public:
    // Creates (replacing) `path`: a GeoPackage when it ends in .gpkg, else CSV. Errors name the file.
    static Result<std::unique_ptr<AssignmentWriter>> Create(const std::string& path, const AssignmentSchema& schema);
    virtual ~AssignmentWriter() = default;

    virtual Status write(const AssignmentRow& row) = 0;
    // Flushes what was written and closes the file; call once, at the end.
    virtual Status close() = 0;
};

// Formats a distance with 2 decimals ("" for NaN), as the CSV writes it.
std::string AssignmentDistanceText(double distance_m);

}  // namespace gridlink
