// Grid polygons on the GPU: one triangle buffer and one deduplicated outline buffer per level,
// a colour and a state buffer texture indexed by grid, so that hover and selection upload bytes only.
#include "grids_layer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <unordered_set>

#include "engine/parallel.h"
#include "engine/tessellation.h"

namespace gridlink {

// [SECTION] colours

namespace {

Rgba Hsl(double h, double s, double l, double alpha) {
    auto channel = [&](double n) {
        const double k = std::fmod(n + h / 30.0, 12.0);
        const double a = s * std::min(l, 1 - l);
        return l - a * std::max(-1.0, std::min({k - 3, 9 - k, 1.0}));
    };
    auto byte = [](double v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
    return {byte(channel(0)), byte(channel(8)), byte(channel(4)), byte(alpha)};
}

std::uint32_t Hash(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
    return h;
}

// Street hue families so that a street reads as one colour at every zoom; cells vary in lightness.
Rgba GridColor(const GridSet& grids, std::size_t index, float alpha) {
    const Grid& g = grids[index];
    std::size_t street = index;
    for (std::size_t a : grids.ancestry(index)) {
        if (grids[a].level == 2) street = a;
    }
    static const double hues[] = {205, 140, 35, 280, 175, 0, 95, 320, 55, 240};
    const std::uint32_t street_hash = Hash(grids[street].code);
    const double hue = hues[street_hash % 10] + (Hash(g.code) % 19) - 9.0;
    const double light = 0.62 + ((Hash(g.code) >> 8) % 100) / 100.0 * 0.16;
    return Hsl(hue, g.level <= 1 ? 0.25 : 0.55, light, alpha);
}

const Rgba kOutlineColors[] = {{0, 0, 0, 0},       {30, 45, 80, 255},  {45, 60, 100, 235},
                               {60, 75, 110, 210}, {80, 92, 120, 180}, {100, 110, 130, 150}};
const float kOutlineWidths[] = {0, 3.2f, 2.2f, 1.5f, 1.0f, 0.8f};

}  // namespace

// [SECTION] lifecycle

Status GridsLayer::create(const World& world, LayerSetup& setup) {
    const Vec2 origin = setup.origin;
    programs_ = &setup.programs;
    origin_ = origin;
    const GridSet& grids = world.grids;
    lod_.measure(grids);
    auto fill = setup.programs.get("polygon_fill", FillShaders());
    if (!fill) return Error{fill.error()};
    fill_ = fill.value();
    auto line = setup.programs.get("line", LineShaders());
    if (!line) return Error{line.error()};
    line_ = line.value();

    // Each level's full polygons and its simplified bands are built when a frame first needs them: small
    // levels at once, large ones (unit grids) in the background, uploaded when ready, so the first frame does
    // not wait for levels it does not show. The simplifier (the coverage's nodes) is found once, beside.
    for (auto& bands : levels_) {
        for (LevelBuffers& lb : bands) {
            lb.ready = false;
            lb.pending = {};
        }
    }
    grids_ = &grids;
    simplifier_ = std::async(std::launch::async, [&grids, gate = build_gate] {
                      if (gate.valid()) gate.wait();
                      return std::make_shared<const CoverageSimplifier>(CoverageSimplifier::ForGrids(grids));
                  }).share();
    colors_ = std::make_unique<gl::BufferTexture>(GL_RGBA8);
    state_ = std::make_unique<gl::BufferTexture>(GL_R8UI);
    upload_colors(world);
    state_bytes_.assign(std::max<std::size_t>(grids.size(), 1), 0);
    state_->upload(state_bytes_.data(), state_bytes_.size());
    return {};
}

void GridsLayer::upload_colors(const World& world) {
    const GridSet& grids = world.grids;
    std::vector<Rgba> colors(std::max<std::size_t>(grids.size(), 1));
    for (std::size_t i = 0; i < grids.size(); ++i) {
        if (style_.id_colors) {
            const std::uint32_t id = static_cast<std::uint32_t>(i + 1);
            colors[i] = {static_cast<std::uint8_t>(id & 255), static_cast<std::uint8_t>((id >> 8) & 255),
                         static_cast<std::uint8_t>((id >> 16) & 255), 255};
        } else {
            colors[i] = GridColor(grids, i, style_.fill_alpha);
        }
    }
    colors_->upload(colors.data(), colors.size() * sizeof(Rgba));
    colors_stale_ = false;
}

void GridsLayer::set_style(const GridStyle& style) {
    // The id-colour variant is only for tests and exports: built on first use.
    if (style.id_colors && !fill_ids_ && programs_) {
        auto built = programs_->get("polygon_fill", FillShaders(), {"ID_COLORS"});
        if (built) fill_ids_ = built.value();
    }
    const bool recolor = style.id_colors != style_.id_colors || style.fill_alpha != style_.fill_alpha;
    style_ = style;
    if (recolor) colors_stale_ = true;
}

void GridsLayer::update(const World& world, const MapSelection& selection, unsigned changes) {
    if (changes & kChangeStyle) upload_colors(world);
    if (changes & kChangeWorld) grids_ = &world.grids;
    if (!(changes & kChangeSelection)) return;
    auto outline_of = [&](std::int64_t index, LineBatch& batch) {
        std::vector<Segment> segments;
        if (index >= 0 && static_cast<std::size_t>(index) < world.grids.size()) {
            AppendShapeSegments(world.grids[static_cast<std::size_t>(index)].shape, origin_, segments);
        }
        batch.upload(segments);
    };
    if (selection.selected_grid != selection_.selected_grid) {
        // Only the bytes of the two features that changed go to the GPU.
        for (std::int64_t index : {selection_.selected_grid, selection.selected_grid}) {
            if (index < 0 || static_cast<std::size_t>(index) >= state_bytes_.size()) continue;
            state_bytes_[index] = index == selection.selected_grid ? 1 : 0;
            state_->update(static_cast<std::size_t>(index), &state_bytes_[index], 1);
        }
        outline_of(selection.selected_grid, selected_outline_);
    }
    if (selection.hovered_grid != selection_.hovered_grid) outline_of(selection.hovered_grid, hovered_outline_);
    selection_ = selection;
}

int GridsLayer::BandOf(double mpp) {
    if (mpp < kDetailBelowMpp) return 0;
    return 1 + std::min(kBands - 1, static_cast<int>(std::floor(std::log(mpp / kDetailBelowMpp) / std::log(4.0))));
}

double GridsLayer::ToleranceOf(int band) { return band <= 0 ? 0.0 : 0.5 * kDetailBelowMpp * std::pow(4.0, band - 1); }

int GridsLayer::ensure_level(const GridSet& grids, int level, int band) {
    auto& bands = levels_[level];
    const std::vector<std::size_t>& list = grids.at_level(level);
    const bool small = list.size() < kBackgroundBuildGrids;
    if (band > 0 && !wait_for_builds && simplifier_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        waiting_ = true;  // the coverage's nodes are still being found: the full polygons meanwhile
        band = 0;
    }
    LevelBuffers& lb = bands[band];
    if (!lb.ready && !lb.pending.valid()) {
        auto build = [&grids, &list, origin = origin_, simplifier = simplifier_, band] {
            if (band == 0) return BuildGridLevel(grids, list, origin);
            return BuildGridLevel(grids, list, origin, simplifier.get().get(), ToleranceOf(band));
        };
        if (small) {
            upload_level(lb, build());
            return band;
        }
        lb.pending = std::async(std::launch::async, [build, gate = build_gate] {
            if (gate.valid()) gate.wait();
            return build();
        });
    }
    if (!lb.ready) {
        // An interactive seat never waits for a background build: it draws what is ready and comes back,
        // meanwhile the nearest band of the level that is ready.
        if (!wait_for_builds && lb.pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            waiting_ = true;
            for (int d = 1; d <= kBands; ++d) {
                for (int other : {band - d, band + d}) {
                    if (other >= 0 && other <= kBands && bands[other].ready) return other;
                }
            }
            return -1;
        }
        upload_level(lb, lb.pending.get());
    }
    return band;
}

void GridsLayer::upload_level(LevelBuffers& lb, const LevelGeometry& geometry) {
    lb.fill.upload(geometry.mesh, geometry.features, origin_);
    lb.outline.upload(geometry.segments);
    lb.ready = true;
}

int GridsLayer::fill_level(double mpp) const { return style_.force_level ? style_.force_level : lod_.fill_level(mpp); }

void GridsLayer::prepare_frame(FrameContext& frame) const {
    frame.grid_fill_level = fill_level(frame.camera.meters_per_pixel);
}

// [SECTION] drawing

void GridsLayer::draw(const FrameContext& frame) {
    const double mpp = frame.camera.meters_per_pixel;
    waiting_ = false;
    drawn_segments_ = drawn_triangles_ = 0;
    if (!grids_) return;
    const GridSet& grids = *grids_;
    if (colors_stale_ && colors_ && frame.world) upload_colors(*frame.world);
    const int band = BandOf(mpp);
    // The level to fill, or while it is still being built, the finest coarser one that is ready.
    int fill = fill_level(mpp);
    int fill_band = -1;
    while (fill > 1 && fill <= kLevelCount &&
           (!lod_.present(fill) || (fill_band = ensure_level(grids, fill, band)) < 0)) {
        --fill;
    }
    if (fill == 1 && lod_.present(1)) fill_band = ensure_level(grids, 1, band);
    if (fill >= 1 && fill <= kLevelCount && fill_band >= 0 && levels_[fill][fill_band].fill.size()) {
        gl::Program& program = style_.id_colors && fill_ids_ ? *fill_ids_ : *fill_;
        program.use();
        SetViewUniforms(program, frame);
        colors_->bind(0);
        state_->bind(1);
        program.set("u_colors", 0);
        program.set("u_state", 1);
        program.set("u_hover", static_cast<int>(selection_.hovered_grid));
        program.set("u_opacity", style_.id_colors ? 1.0f : opacity);
        levels_[fill][fill_band].fill.draw();
        drawn_triangles_ += levels_[fill][fill_band].fill.size() / 3;
    }
    if (!style_.outlines) return;
    // Finest first so that coarser, heavier boundaries stay on top.
    for (int level = kLevelCount; level >= 1; --level) {
        const bool coarsest = level == 1 || (!lod_.present(level - 1) && level <= fill);
        if (!(level <= fill + 1 && lod_.outline_visible(level, mpp)) && !coarsest) continue;
        if (!lod_.present(level)) continue;
        const int drawn = ensure_level(grids, level, band);
        if (drawn < 0) continue;
        const LineBatch& batch = levels_[level][drawn].outline;
        batch.draw(*line_, frame, kOutlineWidths[level], kOutlineColors[level], opacity);
        drawn_segments_ += batch.size();
    }
    hovered_outline_.draw(*line_, frame, 2.0f, {255, 200, 40, 255}, 1.0f);
    selected_outline_.draw(*line_, frame, 3.5f, {235, 90, 20, 255}, 1.0f);
}

// [SECTION] picking

std::optional<Pick> GridsLayer::pick(const World& world, Vec2 world_point, const FrameContext& frame) const {
    // A click is a point to assign: the same index, and the same boundary rule, as assignment.
    if (!world.grid_index) return std::nullopt;
    const int level = fill_level(frame.camera.meters_per_pixel);
    const std::int64_t index = world.grid_index->locate_at_level(world_point, level);
    if (index < 0) return std::nullopt;
    const Grid& g = world.grids[static_cast<std::size_t>(index)];
    return Pick{"grids", index, g.name.empty() ? g.code : g.name};
}

}  // namespace gridlink
