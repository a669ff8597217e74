// Validating a grid layer as a coverage (gridlink check): invalid source geometries, overlaps between
// grids of one level, gaps inside parents and inside the extent, children outside their parent, duplicate
// codes and orphans. Pure computation over a GridSet; the command formats the findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geometry.h"
#include "grid_model.h"

namespace gridlink {

// A source polygon GEOS found invalid (before any repair), with where it goes wrong.
struct InvalidGeometry {
    long long feature_id = -1;  // -1 when unknown
    std::string code;
    std::string reason;  // GEOS's words, e.g. "Self-intersection"
    Vec2 at;             // in the working CRS
};

// Two grids of the same level whose interiors overlap.
struct Overlap {
    std::size_t a = 0, b = 0;  // grid indices, a < b
    int level = 0;
    double area_m2 = 0;
    Vec2 at;  // a point on the surface of the largest piece of the overlap
};

// A piece of a parent not covered by its children, or (parent < 0) a hole inside the extent of a top level.
struct Gap {
    std::int64_t parent = -1;  // grid index; -1: a hole in the union of the top-level grids of `level`
    int level = 0;             // the level of the children (or of the top-level grids)
    double area_m2 = 0;
    Vec2 at;
};

// A piece of the union of a parent's children that lies outside the parent.
struct OutsideParent {
    std::size_t parent = 0;
    std::int64_t child = -1;  // the child holding the piece's point, -1 when none does
    double area_m2 = 0;
    Vec2 at;
};

// A parent whose children cover less than all of it (reported when it has at least one gap).
struct IncompleteParent {
    std::size_t parent = 0;
    double parent_area_m2 = 0;
    double covered_m2 = 0;
    double percent() const { return parent_area_m2 > 0 ? 100.0 * covered_m2 / parent_area_m2 : 0.0; }
};

struct DuplicateCode {
    std::string code;
    std::vector<std::size_t> grids;      // every grid carrying the code
    std::vector<long long> feature_ids;  // their source feature ids (empty when unknown)
};

// A grid whose parent_code names no grid, names itself, or names a grid of the wrong level.
struct Orphan {
    std::size_t grid = 0;
    std::int64_t parent = -1;  // -1: no such grid
    int parent_level = 0;
};

struct CoverageOptions {
    double min_area_m2 = 0.1;  // smaller pieces are floating-point noise: counted as slivers, not findings
};

// What the reader knows about the source and the GridSet does not hold.
struct CoverageSource {
    std::vector<InvalidGeometry> invalid_geometries;  // from ReadReport (before MakeValid)
    std::vector<long long> feature_ids;               // source feature id of each grid, by index (may be empty)
};

struct CoverageReport {
    std::vector<InvalidGeometry> invalid_geometries;
    std::vector<Overlap> overlaps;
    std::vector<Gap> gaps;
    std::vector<OutsideParent> outside_parent;
    std::vector<IncompleteParent> incomplete_parents;
    std::vector<DuplicateCode> duplicate_codes;
    std::vector<Orphan> orphans;
    std::size_t slivers_ignored = 0;  // pieces below min_area_m2
    double sliver_area_m2 = 0;
    std::size_t candidate_pairs = 0;  // same-level pairs whose bounds meet
    std::size_t unions = 0;           // unions computed (parents and top levels)

    std::size_t finding_count() const {
        return invalid_geometries.size() + overlaps.size() + gaps.size() + outside_parent.size() +
               incomplete_parents.size() + duplicate_codes.size() + orphans.size();
    }
    bool clean() const { return finding_count() == 0; }
};

// Checks `grids` as a coverage. Runs over all cores with one GEOS context per thread; deterministic output
// (findings in grid order).
CoverageReport CheckCoverage(const GridSet& grids, const CoverageSource& source, const CoverageOptions& options);

}  // namespace gridlink
