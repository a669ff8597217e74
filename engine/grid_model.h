// The five-level grid hierarchy: grids with hierarchical codes (6-digit county + 3 street +
// 3 community + 3 grid + 2 unit), their shapes, and lookups by code, parent and level.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geometry.h"

namespace gridlink {

inline constexpr int kLevelCount = 5;
enum class GridLevel : int { District = 1, Street = 2, Community = 3, Grid = 4, Unit = 5 };

// Chinese and English names of each level, e.g. LevelName(3) == "社区".
const char* LevelName(int level);
const char* LevelNameEnglish(int level);

// Length of a code at each level under the national style: 6, 9, 12, 15, 17 digits.
int CodeLengthForLevel(int level);
// The level a code has by its length, or 0 when the length fits no level.
int LevelFromCode(std::string_view code);
// The parent code by truncation ("" for a district code or a non-standard code).
std::string ParentCodeOf(std::string_view code);
// Builds a child code: parent + index zero-padded to the width of the child's level.
std::string ChildCode(std::string_view parent, int child_level, int index);

struct Grid {
    std::string code;
    std::string name;
    int level = 0;
    std::string parent_code;
    std::string responsible;
    std::string phone;
    MultiPolygon shape;
    Box bounds;
    double area_m2 = 0;
};

// Every grid of a workspace, indexed by code, with the parent/child structure.
class GridSet {
  public:
    // Adds a grid (bounds and area are computed here). Returns its index.
    std::size_t add(Grid grid);
    // Rebuilds the code index and child lists; call after the last add().
    void finish();

    const std::vector<Grid>& grids() const { return grids_; }
    std::size_t size() const { return grids_.size(); }
    const Grid& operator[](std::size_t i) const { return grids_[i]; }
    // Index of a grid by code, or -1.
    std::int64_t find(std::string_view code) const;
    // Indices of a grid's children, in code order.
    const std::vector<std::size_t>& children(std::size_t index) const { return children_[index]; }
    // The chain from the grid itself up to its root, by parent codes: [self, parent, ..., district].
    std::vector<std::size_t> ancestry(std::size_t index) const;
    // Indices of grids at one level.
    const std::vector<std::size_t>& at_level(int level) const;
    int max_level() const { return max_level_; }
    const Box& bounds() const { return bounds_; }

  private:
    std::vector<Grid> grids_;
    std::unordered_map<std::string, std::size_t> by_code_;
    std::vector<std::vector<std::size_t>> children_;
    std::vector<std::vector<std::size_t>> by_level_ = std::vector<std::vector<std::size_t>>(kLevelCount + 2);
    Box bounds_;
    int max_level_ = 0;
};

}  // namespace gridlink
