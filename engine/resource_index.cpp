// The resource index: building the grid, adding and moving items, and the bounds the queries in
// resource_index.h prune with.
#include "resource_index.h"

#include <cassert>
#include <cstdio>

namespace gridlink {

void ResourceIndex::build(std::span<const Vec2> positions, double items_per_cell) {
    assert(positions.size() < std::numeric_limits<std::uint32_t>::max());
    seen_ = Box{};
    for (Vec2 p : positions) seen_.extend(p);
    const double n = static_cast<double>(positions.size());
    const double target_cells = std::max(1.0, std::floor(n / std::max(items_per_cell, 1.0)));
    const double w = positions.empty() ? 0 : seen_.width(), h = positions.empty() ? 0 : seen_.height();
    // Square cells: the area split into target_cells, but never so small that a thin extent (all items on
    // one line) needs more than target_cells along its length. Then nx * ny <= 3 * target_cells + 1.
    double cell = std::max(std::sqrt(w * h / target_cells), std::max(w, h) / target_cells);
    const double scale = positions.empty() ? 1
                                           : std::max({1.0, std::abs(seen_.min_x), std::abs(seen_.max_x),
                                                       std::abs(seen_.min_y), std::abs(seen_.max_y)});
    // All items at one point (or a cell below a micrometre per kilometre of coordinate): any cell will do.
    cell = positions.empty() ? 1 : std::max(cell, scale * 1e-9);
    cell_ = cell;
    inverse_cell_ = 1 / cell;
    origin_x_ = positions.empty() ? 0 : seen_.min_x;
    origin_y_ = positions.empty() ? 0 : seen_.min_y;
    nx_ = static_cast<std::uint32_t>(std::floor(w / cell)) + 1;
    ny_ = static_cast<std::uint32_t>(std::floor(h / cell)) + 1;
    // Cell assignment computes floor((x - origin) / cell) with three roundings, and the edges origin + i * cell
    // with two, each below 2^-53 of the largest magnitude involved: the margin stays well above all of them.
    const double far_edge = std::max(std::abs(origin_x_) + nx_ * cell, std::abs(origin_y_) + ny_ * cell);
    margin_ = cell * 1e-9 + far_edge * 1e-14;

    places_.resize(positions.size());
    std::vector<std::uint32_t> counts(std::size_t{nx_} * ny_, 0);
    for (std::size_t item = 0; item < positions.size(); ++item) {
        places_[item].cell = cell_of(positions[item]);
        ++counts[places_[item].cell];
    }
    lay_out(counts);
    for (std::size_t item = 0; item < positions.size(); ++item) {
        append(places_[item].cell, static_cast<std::uint32_t>(item), positions[item]);
    }
}

std::uint32_t ResourceIndex::add(Vec2 p) {
    assert(places_.size() < std::numeric_limits<std::uint32_t>::max());
    seen_.extend(p);
    const auto item = static_cast<std::uint32_t>(places_.size());
    places_.push_back({});
    append(cell_of(p), item, p);
    return item;
}

void ResourceIndex::move(std::uint32_t item, Vec2 to) {
    assert(item < places_.size());
    seen_.extend(to);
    const std::uint32_t cell = cell_of(to);
    const Place from = places_[item];
    if (cell == from.cell) {
        xy_[from.at] = to;
        return;
    }
    // Swap-remove: the cell's last item takes the slot (it may be the item itself).
    Span& span = spans_[from.cell];
    const std::uint32_t last = span.begin + span.count - 1;
    xy_[from.at] = xy_[last];
    items_[from.at] = items_[last];
    places_[items_[from.at]].at = from.at;
    --span.count;
    append(cell, item, to);
}

// [SECTION] the pool

namespace {

// Room for a quarter more than the cell holds, and one more: a cell outgrows it only after that many
// arrivals, which pay for copying it.
std::uint32_t WithSlack(std::uint32_t count) { return count + count / 4 + 1; }

}  // namespace

void ResourceIndex::lay_out(std::span<const std::uint32_t> counts) {
    spans_.assign(counts.size(), Span{0, 0});
    capacity_.assign(counts.size(), 0);
    std::size_t total = 0;
    for (std::size_t c = 0; c < counts.size(); ++c) {
        spans_[c].begin = static_cast<std::uint32_t>(total);
        capacity_[c] = WithSlack(counts[c]);
        total += capacity_[c];
    }
    assert(total + total / 2 < std::numeric_limits<std::uint32_t>::max());
    // Cells that outgrow their room move to the end; the pool is compacted before it grows past about 1.7
    // times this, so reserving that keeps those moves from reallocating it.
    xy_ = {};
    items_ = {};
    xy_.reserve(total + total * 3 / 4);
    items_.reserve(total + total * 3 / 4);
    xy_.resize(total);
    items_.resize(total);
    garbage_ = 0;
}

void ResourceIndex::append(std::uint32_t cell, std::uint32_t item, Vec2 p) {
    if (spans_[cell].count == capacity_[cell]) grow(cell);
    Span& span = spans_[cell];
    const std::uint32_t at = span.begin + span.count++;
    xy_[at] = p;
    items_[at] = item;
    places_[item] = {cell, at};
}

void ResourceIndex::grow(std::uint32_t cell) {
    garbage_ += capacity_[cell];
    if (garbage_ > xy_.size() / 4) {
        compact();  // leaves every cell room for one more
        return;
    }
    Span& span = spans_[cell];
    const std::size_t begin = xy_.size();
    const std::uint32_t capacity = 2 * span.count + 2;
    assert(begin + capacity < std::numeric_limits<std::uint32_t>::max());
    xy_.resize(begin + capacity);
    items_.resize(begin + capacity);
    for (std::uint32_t n = 0; n < span.count; ++n) {
        const auto at = static_cast<std::uint32_t>(begin + n);
        xy_[at] = xy_[span.begin + n];
        items_[at] = items_[span.begin + n];
        places_[items_[at]].at = at;
    }
    span.begin = static_cast<std::uint32_t>(begin);
    capacity_[cell] = capacity;
}

void ResourceIndex::compact() {
    const std::vector<Vec2> xy = std::move(xy_);
    const std::vector<std::uint32_t> items = std::move(items_);
    const std::vector<Span> spans = spans_;
    std::vector<std::uint32_t> counts(spans.size());
    for (std::size_t c = 0; c < spans.size(); ++c) counts[c] = spans[c].count;
    lay_out(counts);
    for (std::size_t c = 0; c < spans.size(); ++c) {
        for (std::uint32_t n = 0; n < spans[c].count; ++n) {
            append(static_cast<std::uint32_t>(c), items[spans[c].begin + n], xy[spans[c].begin + n]);
        }
    }
}

// [SECTION] bounds and reports

std::size_t ResourceIndex::memory_bytes() const {
    return spans_.capacity() * sizeof(Span) + capacity_.capacity() * sizeof(std::uint32_t) + xy_.size() * sizeof(Vec2) +
           items_.size() * sizeof(std::uint32_t) + places_.capacity() * sizeof(Place);
}

std::string ResourceIndex::describe() const {
    std::uint32_t fullest = 0;
    std::size_t empty = 0;
    for (const Span& s : spans_) {
        fullest = std::max(fullest, s.count);
        empty += s.count == 0;
    }
    char line[160];
    std::snprintf(line, sizeof line, "%ux%u cells of %.1f m, %.1f%% empty, fullest %u", nx_, ny_, cell_,
                  100.0 * static_cast<double>(empty) / static_cast<double>(spans_.size()), fullest);
    return line;
}

}  // namespace gridlink
