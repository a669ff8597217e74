// Label placement: anchors inside each polygon (GEOS PointOnSurface, computed per level on first
// use), a size per level, and a greedy overlap test against the labels already placed.
#include "labels_layer.h"

#include <algorithm>

namespace gridlink {

Status LabelsLayer::create(const World& world, LayerSetup&) {
    measure(world);
    return {};
}

void LabelsLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (changes & kChangeWorld) measure(world);
}

void LabelsLayer::measure(const World& world) {
    lod_.measure(world.grids);
    label_points_.reset();
    names_.clear();
    names_.reserve(world.grids.size());
    for (std::size_t i = 0; i < world.grids.size(); ++i) names_.push_back(DisplayName(world.grids, i));
}

void LabelsLayer::draw(const FrameContext& frame) {
    placed_.clear();
    if (!frame.text || !frame.world || frame.world->grids.size() != names_.size()) return;
    const GridSet& grids = frame.world->grids;
    const Camera& cam = frame.camera;
    const double mpp = cam.meters_per_pixel;
    const int fill = frame.grid_fill_level ? frame.grid_fill_level : lod_.fill_level(mpp);
    if (fill < 1) return;
    struct Candidate {
        std::size_t grid;
        Vec2 screen;
        int level;
        double area;
    };
    std::vector<Candidate> candidates;
    const Box view = cam.visible_world();
    // A wall's larger text (pixel_scale) needs grids as many times wider on screen to hold it.
    const double scale = frame.pixel_scale;
    const double min_pixels = kMinLabelPixels * scale;
    // The filled level and the level above it; the level above is labelled larger.
    for (int level = std::max(1, fill - 1); level <= fill; ++level) {
        const auto& list = grids.at_level(level);
        if (list.empty() || (level == 1 && fill > 1)) continue;
        // A level whose typical grid is far too narrow for a label on screen is not walked at all
        // (at city scale that is 300,000 grids a frame).
        if (lod_.typical_size(level) / mpp < min_pixels / 2) continue;
        const auto& points = label_points_.at_level(grids, level);
        for (std::size_t k = 0; k < list.size(); ++k) {
            const Grid& g = grids[list[k]];
            if (!view.intersects(g.bounds)) continue;
            // Too narrow on screen for even two characters: no label, and no text measured for it.
            if (g.bounds.width() / mpp < min_pixels) continue;
            if (!view.contains(points[k])) continue;
            candidates.push_back({list[k], cam.to_screen(points[k]), level, g.area_m2});
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.level != b.level ? a.level < b.level : a.area > b.area;
    });
    const std::size_t kMaxLabels = 600;
    for (const Candidate& c : candidates) {
        if (placed_.size() >= kMaxLabels) break;
        const float size = static_cast<float>((c.level < fill ? 19.0 : 15.0) * scale);
        const std::string& text = names_[c.grid];
        const Vec2 extent = frame.text->measure(text, size);
        // Only where the grid is wide enough on screen to own its label.
        const double cell_px = grids[c.grid].bounds.width() / mpp;
        if (extent.x > cell_px * 1.15 && c.level == fill) continue;
        const Vec2 top_left{c.screen.x - extent.x / 2, c.screen.y - extent.y / 2};
        const double pad = 4 * scale;
        const bool overlaps = std::any_of(placed_.begin(), placed_.end(), [&](const Placed& p) {
            return !(top_left.x - pad > p.top_left.x + p.size.x || top_left.x + extent.x + pad < p.top_left.x ||
                     top_left.y - pad > p.top_left.y + p.size.y || top_left.y + extent.y + pad < p.top_left.y);
        });
        if (overlaps) continue;
        placed_.push_back({c.grid, top_left, extent});
        const auto alpha = [this](int a) { return static_cast<std::uint8_t>(a * opacity); };
        const Rgba color = c.level < fill ? Rgba{20, 30, 60, alpha(255)} : Rgba{40, 45, 60, alpha(255)};
        frame.text->draw(text, top_left, size, color, {255, 255, 255, alpha(200)});
    }
}

}  // namespace gridlink
