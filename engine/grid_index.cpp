// Temporary brute-force implementation of the grid index API; the cell trie replaces it.
#include "grid_index.h"

#include <cmath>
#include <limits>
#include <thread>

#include "parallel.h"

namespace gridlink {

struct PolygonIndex::Impl {
    std::vector<MultiPolygon> shapes;
    std::vector<Box> boxes;
    std::vector<std::uint32_t> rank;
};

PolygonIndex::PolygonIndex() : impl_(std::make_unique<Impl>()) {}
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;
PolygonIndex::~PolygonIndex() = default;

PolygonIndex PolygonIndex::Build(const std::vector<const MultiPolygon*>& shapes, const std::vector<std::uint32_t>& rank) {
    PolygonIndex index;
    for (const MultiPolygon* s : shapes) {
        index.impl_->shapes.push_back(*s);
        index.impl_->boxes.push_back(Bounds(*s));
    }
    index.impl_->rank = rank;
    return index;
}

std::int64_t PolygonIndex::locate(Vec2 p) const {
    std::int64_t best = -1;
    for (std::size_t i = 0; i < impl_->shapes.size(); ++i) {
        if (!impl_->boxes[i].contains(p) || !Contains(impl_->shapes[i], p)) continue;
        if (best < 0 || impl_->rank[i] < impl_->rank[static_cast<std::size_t>(best)]) best = static_cast<std::int64_t>(i);
    }
    return best;
}

std::pair<std::int64_t, double> PolygonIndex::nearest(Vec2 p) const {
    std::pair<std::int64_t, double> best{-1, std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < impl_->shapes.size(); ++i) {
        const double d = Contains(impl_->shapes[i], p) ? 0 : std::sqrt(SquaredDistanceToBoundary(impl_->shapes[i], p));
        if (d < best.second) best = {static_cast<std::int64_t>(i), d};
    }
    return best;
}

std::size_t PolygonIndex::size() const { return impl_->shapes.size(); }
std::size_t PolygonIndex::memory_bytes() const { return 0; }

GridIndex::GridIndex() = default;
GridIndex::GridIndex(GridIndex&&) noexcept = default;
GridIndex& GridIndex::operator=(GridIndex&&) noexcept = default;
GridIndex::~GridIndex() = default;

GridIndex GridIndex::Build(const GridSet& grids) {
    GridIndex index;
    for (int level = kLevelCount; level >= 1; --level) {
        const auto& items = grids.at_level(level);
        if (items.empty()) continue;
        Level l;
        l.level = level;
        std::vector<const MultiPolygon*> shapes;
        std::vector<std::uint32_t> rank;
        for (std::size_t i : items) {
            shapes.push_back(&grids[i].shape);
            l.grid_of_item.push_back(static_cast<std::int64_t>(i));
            rank.push_back(static_cast<std::uint32_t>(rank.size()));
        }
        l.index = PolygonIndex::Build(shapes, rank);
        index.levels_.push_back(std::move(l));
    }
    return index;
}

const GridIndex::Level* GridIndex::level_for(int level) const {
    if (levels_.empty()) return nullptr;
    for (const Level& l : levels_) {
        if (l.level <= level) return &l;
    }
    return &levels_.back();
}

GridHit GridIndex::locate(Vec2 p) const {
    GridHit hit;
    for (const Level& l : levels_) {
        const std::int64_t item = l.index.locate(p);
        if (item >= 0) {
            hit.grid = l.grid_of_item[static_cast<std::size_t>(item)];
            return hit;
        }
    }
    if (!levels_.empty()) {
        auto [item, d] = levels_.front().index.nearest(p);
        if (item >= 0) hit.nearest = levels_.front().grid_of_item[static_cast<std::size_t>(item)];
        hit.distance_m = d;
    }
    return hit;
}

std::int64_t GridIndex::locate_at_level(Vec2 p, int level) const {
    const Level* l = level_for(level);
    if (!l) return -1;
    const std::int64_t item = l->index.locate(p);
    return item < 0 ? -1 : l->grid_of_item[static_cast<std::size_t>(item)];
}

void GridIndex::locate_many(std::span<const Vec2> points, std::span<GridHit> hits, int threads) const {
    const std::size_t runs = threads > 0 ? static_cast<std::size_t>(threads) : RunCount(points.size(), 4096);
    ForEachRun(points.size(), runs, [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) hits[i] = locate(points[i]);
    });
}

bool GridIndex::empty() const { return levels_.empty(); }
std::size_t GridIndex::memory_bytes() const { return 0; }

}  // namespace gridlink
