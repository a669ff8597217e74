// Grid codes and the grid hierarchy.
#include "grid_model.h"

#include <algorithm>
#include <cstdio>

namespace gridlink {

const char* LevelName(int level) {
    static const char* names[] = {"", "区", "街道", "社区", "网格", "单元网格"};
    return level >= 1 && level <= kLevelCount ? names[level] : "图层";
}

const char* LevelNameEnglish(int level) {
    static const char* names[] = {"", "district", "street", "community", "grid", "unit grid"};
    return level >= 1 && level <= kLevelCount ? names[level] : "area";
}

int CodeLengthForLevel(int level) {
    static const int lengths[] = {0, 6, 9, 12, 15, 17};
    return level >= 1 && level <= kLevelCount ? lengths[level] : 0;
}

int LevelFromCode(std::string_view code) {
    for (int level = 1; level <= kLevelCount; ++level) {
        if (static_cast<int>(code.size()) == CodeLengthForLevel(level)) return level;
    }
    return 0;
}

std::string ParentCodeOf(std::string_view code) {
    const int level = LevelFromCode(code);
    if (level <= 1) return "";
    return std::string(code.substr(0, CodeLengthForLevel(level - 1)));
}

std::string ChildCode(std::string_view parent, int child_level, int index) {
    const int width = CodeLengthForLevel(child_level) - CodeLengthForLevel(child_level - 1);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%0*d", width, index);
    return std::string(parent) + digits;
}

std::size_t GridSet::add(Grid grid) {
    grid.bounds = Bounds(grid.shape);
    grid.area_m2 = Area(grid.shape);
    bounds_.extend(grid.bounds);
    grids_.push_back(std::move(grid));
    return grids_.size() - 1;
}

void GridSet::finish() {
    by_code_.clear();
    children_.assign(grids_.size(), {});
    for (auto& level : by_level_) level.clear();
    max_level_ = 0;
    for (std::size_t i = 0; i < grids_.size(); ++i) by_code_.emplace(grids_[i].code, i);
    for (std::size_t i = 0; i < grids_.size(); ++i) {
        const Grid& g = grids_[i];
        const int level = std::clamp(g.level, 0, kLevelCount + 1);
        by_level_[level].push_back(i);
        max_level_ = std::max(max_level_, level);
        if (!g.parent_code.empty()) {
            auto it = by_code_.find(g.parent_code);
            if (it != by_code_.end() && it->second != i) children_[it->second].push_back(i);
        }
    }
    auto by_code = [this](std::size_t a, std::size_t b) { return grids_[a].code < grids_[b].code; };
    for (auto& c : children_) std::sort(c.begin(), c.end(), by_code);
}

std::int64_t GridSet::find(std::string_view code) const {
    auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

std::vector<std::size_t> GridSet::ancestry(std::size_t index) const {
    std::vector<std::size_t> chain{index};
    while (chain.size() <= static_cast<std::size_t>(kLevelCount + 1)) {
        const std::int64_t parent = find(grids_[chain.back()].parent_code);
        if (parent < 0 || static_cast<std::size_t>(parent) == chain.back()) break;
        chain.push_back(static_cast<std::size_t>(parent));
    }
    return chain;
}

const std::vector<std::size_t>& GridSet::at_level(int level) const {
    static const std::vector<std::size_t> none;
    return level >= 0 && level < static_cast<int>(by_level_.size()) ? by_level_[level] : none;
}

}  // namespace gridlink
