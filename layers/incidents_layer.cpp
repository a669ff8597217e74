// Incident markers: per-case instances (re-uploaded when the log moves or a new/overdue flag flips), per-grid
// count bubbles when zoomed out, and picking. The pulse itself is animated in shaders/incident.frag.
#include "incidents_layer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "shaders/shaders.h"

namespace gridlink {

// [SECTION] look

namespace {

struct IncidentInstance {
    LocalVertex position;
    std::uint8_t r, g, b, a;
    float shape;
    float style;
    float scale;
    float flags;
};

enum Flag : std::uint8_t { kFlagNew = 1, kFlagOverdue = 2 };
constexpr float kBubbleShape = 6;
constexpr double kBubbleGapPx = 10;  // between a grid's label point and the top of its bubble

// How a case looks: layers/markers.h (the legends read the same tables).
using markers::PriorityColor;
using markers::ShapeOf;
using markers::StyleOf;

float PriorityScale(const Incident& c) {
    if (!IsOpen(c.state)) return 0.7f;
    return c.priority <= 1 ? 1.15f : c.priority == 2 ? 1.0f : c.priority == 3 ? 0.92f : 0.86f;
}

// Larger is more urgent: overdue first, then priority, then how far the case is from being handled.
int Urgency(const Incident& c, std::uint8_t flags) {
    int rank = 0;
    switch (c.state) {
        case CaseState::kReported:
        case CaseState::kRegistered:
        case CaseState::kReturned: rank = 3; break;
        case CaseState::kDispatched:
        case CaseState::kAccepted: rank = 2; break;
        case CaseState::kHandled:
        case CaseState::kVerified: rank = 1; break;
        default: rank = 0; break;
    }
    if (!IsOpen(c.state)) return 0;
    return (flags & kFlagOverdue ? 1000 : 0) + (5 - std::clamp(c.priority, 1, 4)) * 10 + rank + 1;
}

IncidentInstance MakeInstance(LocalVertex position, Rgba color, float shape, float style, float scale,
                              std::uint8_t flags) {
    return {position, color.r, color.g, color.b, color.a, shape, style, scale, static_cast<float>(flags)};
}

std::string CountText(int count) { return count > 999 ? "999+" : std::to_string(count); }

double BubbleDiameter(int count) { return std::clamp(18.0 + 7.0 * std::sqrt(static_cast<double>(count)), 24.0, 64.0); }

std::unique_ptr<gl::VertexArray> InstanceArray(const gl::Buffer& vbo) {
    auto vao = std::make_unique<gl::VertexArray>();
    vao->bind();
    vbo.bind();
    const std::size_t stride = sizeof(IncidentInstance);
    gl::VertexArray::Float(0, 2, stride, offsetof(IncidentInstance, position), 1);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, static_cast<GLsizei>(stride),
                          reinterpret_cast<const void*>(offsetof(IncidentInstance, r)));
    glVertexAttribDivisor(1, 1);
    gl::VertexArray::Float(2, 1, stride, offsetof(IncidentInstance, shape), 1);
    gl::VertexArray::Float(3, 1, stride, offsetof(IncidentInstance, style), 1);
    gl::VertexArray::Float(4, 1, stride, offsetof(IncidentInstance, scale), 1);
    gl::VertexArray::Float(5, 1, stride, offsetof(IncidentInstance, flags), 1);
    glBindVertexArray(0);
    return vao;
}

}  // namespace

// [SECTION] lifecycle

Status IncidentsLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    auto built = setup.programs.get("incident", gl::ShaderSources{shaders::incident_vert, shaders::incident_frag});
    if (!built) return Error{built.error()};
    program_ = built.value();
    marker_vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    bubble_vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    marker_vao_ = InstanceArray(*marker_vbo_);
    bubble_vao_ = InstanceArray(*bubble_vbo_);
    measure_grids(world.grids);
    revision_ = -1;
    rebuild(world, world.incidents.clock_ms);
    return {};
}

void IncidentsLayer::measure_grids(const GridSet& grids) {
    lod_.measure(grids);
    label_points_.reset();
    position_in_level_.assign(grids.size(), -1);
    for (int level = 1; level <= kLevelCount; ++level) {
        const auto& list = grids.at_level(level);
        for (std::size_t k = 0; k < list.size(); ++k) position_in_level_[list[k]] = static_cast<std::int64_t>(k);
    }
    bubbles_revision_ = -1;
}

void IncidentsLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (!(changes & (kChangeIncidents | kChangeWorld)) || !program_) return;
    if (changes & kChangeWorld) {
        measure_grids(world.grids);  // another World: its grids and cases from scratch
        revision_ = -1;
    }
    if (world.incidents.revision == revision_) return;
    // Flags for the last frame's clock, or the log's when it has moved past it (a seat's clock never runs
    // behind its log); draw() moves them on to the frame's clock.
    rebuild(world, std::max(flags_now_ms_, world.incidents.clock_ms));
}

bool IncidentsLayer::drawn(const Incident& incident) const { return show_finished || IsOpen(incident.state); }

void IncidentsLayer::rebuild(const World& world, std::int64_t now_ms) {
    const std::vector<Incident>& cases = world.incidents.cases;
    flags_.assign(cases.size(), 0);
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    std::vector<std::size_t> order;
    order.reserve(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Incident& c = cases[i];
        if (!drawn(c)) continue;
        order.push_back(i);
        if (!IsOpen(c.state)) continue;
        if (now_ms < c.reported_ms) {
            next = std::min(next, c.reported_ms);
        } else if (now_ms - c.reported_ms < kNewForMs) {
            flags_[i] |= kFlagNew;
            next = std::min(next, c.reported_ms + kNewForMs);
        }
        if (c.overdue(now_ms)) {
            flags_[i] |= kFlagOverdue;
        } else {
            next = std::min(next, c.deadline_ms + 1);
        }
    }
    // Least urgent first, so that urgent markers are drawn on top.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return Urgency(cases[a], flags_[a]) < Urgency(cases[b], flags_[b]);
    });
    std::vector<IncidentInstance> markers;
    markers.reserve(order.size());
    for (std::size_t i : order) {
        const Incident& c = cases[i];
        const IncidentInstance instance =
            MakeInstance(ToLocal(c.position, origin_), PriorityColor(c.priority), ShapeOf(c.category), StyleOf(c.state),
                         PriorityScale(c), flags_[i]);
        markers.push_back(instance);
    }
    marker_vbo_->upload(markers, GL_DYNAMIC_DRAW);
    marker_cases_ = std::move(order);
    revision_ = world.incidents.revision;
    flags_now_ms_ = now_ms;
    next_flag_change_ms_ = next;
    pulsing_ = std::any_of(marker_cases_.begin(), marker_cases_.end(), [&](std::size_t i) { return flags_[i] != 0; });
    bubbles_revision_ = -1;  // counts and worst cases follow the new flags
    ++uploads_;
}

// [SECTION] aggregation per grid

std::int64_t IncidentsLayer::grid_at_level(const GridSet& grids, const Incident& incident, int level) {
    if (incident.grid < 0 || static_cast<std::size_t>(incident.grid) >= grids.size()) return -1;
    // The case's own grid when it is as coarse as `level` already, else its ancestor at `level`.
    for (std::size_t g : grids.ancestry(static_cast<std::size_t>(incident.grid))) {
        if (grids[g].level <= level) return static_cast<std::int64_t>(g);
    }
    return -1;
}

void IncidentsLayer::rebuild_bubbles(const World& world, int level, double outside_cell, bool grids_too) {
    const std::vector<Incident>& cases = world.incidents.cases;
    std::unordered_map<std::int64_t, std::size_t> slot;          // grid -> bubble
    std::unordered_map<std::int64_t, std::size_t> outside_slot;  // outside cell -> bubble
    std::vector<Vec2> sums;                                      // outside bubbles: their cases' positions summed
    bubbles_.clear();
    std::vector<std::uint8_t> bubble_flags;
    int most = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Incident& c = cases[i];
        if (!IsOpen(c.state)) continue;
        std::size_t at_slot = 0;
        if (c.grid < 0) {
            const auto column = static_cast<std::int64_t>(std::floor(c.position.x / outside_cell));
            const auto row = static_cast<std::int64_t>(std::floor(c.position.y / outside_cell));
            auto [it, inserted] = outside_slot.try_emplace(row * 4000037 + column, bubbles_.size());
            if (inserted) {
                bubbles_.push_back({-1, c.position, 0, i});
                bubble_flags.push_back(0);
                sums.resize(bubbles_.size());
            }
            at_slot = it->second;
            sums[at_slot] = sums[at_slot] + c.position;
        } else {
            const std::int64_t g = grid_at_level(world.grids, c, level);
            if (g < 0) continue;
            const std::size_t grid = static_cast<std::size_t>(g);
            auto [it, inserted] = slot.try_emplace(g, bubbles_.size());
            if (inserted) {
                const int grid_level = world.grids[grid].level;
                const auto& points = label_points_.at_level(world.grids, grid_level);
                const Vec2 at = points[static_cast<std::size_t>(position_in_level_[grid])];
                bubbles_.push_back({g, at, 0, i});
                bubble_flags.push_back(0);
            }
            at_slot = it->second;
        }
        Bubble& b = bubbles_[at_slot];
        ++b.count;
        if (b.grid >= 0) most = std::max(most, b.count);
        bubble_flags[at_slot] |= flags_[i];
        if (Urgency(c, flags_[i]) > Urgency(cases[b.worst], flags_[b.worst])) b.worst = i;
    }
    for (std::size_t k = 0; k < bubbles_.size(); ++k) {
        if (bubbles_[k].grid < 0) bubbles_[k].position = sums[k] * (1.0 / bubbles_[k].count);
    }
    crowded_ = most >= kCrowdedCount;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < bubbles_.size(); ++k) {
        // Given way to the choropleth: only the outside clusters stay.
        if (grids_too || !crowded_ || bubbles_[k].grid < 0) order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return Urgency(cases[bubbles_[a].worst], flags_[bubbles_[a].worst]) <
               Urgency(cases[bubbles_[b].worst], flags_[bubbles_[b].worst]);
    });
    std::vector<Bubble> sorted;
    std::vector<IncidentInstance> instances;
    for (std::size_t k : order) {
        const Bubble& b = bubbles_[k];
        sorted.push_back(b);
        const float diameter = static_cast<float>(BubbleDiameter(b.count));
        instances.push_back(MakeInstance(ToLocal(b.position, origin_), PriorityColor(cases[b.worst].priority),
                                         kBubbleShape, 1, diameter, bubble_flags[k]));
    }
    bubbles_ = std::move(sorted);
    bubble_vbo_->upload(instances, GL_DYNAMIC_DRAW);
    bubbles_level_ = level;
    bubbles_cell_ = outside_cell;
    bubbles_grids_ = grids_too;
    bubbles_revision_ = revision_;
}

int IncidentsLayer::aggregate_level(const World& world, const FrameContext& frame) const {
    const double mpp = frame.camera.meters_per_pixel;
    if (mpp <= kAggregateAboveMpp || world.grids.size() == 0) return 0;
    const int level = frame.grid_fill_level ? frame.grid_fill_level : lod_.fill_level(mpp);
    return level >= 1 && level <= kLevelCount ? level : 0;
}

void IncidentsLayer::prepare_frame(FrameContext& frame) const {
    if (!frame.world || !frame.choropleth_when_crowded || !program_) return;
    const World& world = *frame.world;
    const int level = aggregate_level(world, frame);
    if (!level) return;
    if (world.incidents.revision != most_revision_ || level != most_level_) {
        // The same count as rebuild_bubbles' (open cases inside grids, per grid of `level`), without the bubbles.
        std::unordered_map<std::int64_t, int> per_grid;
        int most = 0;
        for (const Incident& c : world.incidents.cases) {
            if (!IsOpen(c.state) || c.grid < 0) continue;
            const std::int64_t g = grid_at_level(world.grids, c, level);
            if (g >= 0) most = std::max(most, ++per_grid[g]);
        }
        most_ = most;
        most_revision_ = world.incidents.revision;
        most_level_ = level;
    }
    if (most_ >= kCrowdedCount) {
        frame.cases_crowded = true;
        frame.cases_in_choropleth = true;
    }
}

// [SECTION] drawing

double IncidentsLayer::marker_size(double mpp, float pixel_scale) const {
    return std::clamp(18.0 + 16.0 / std::sqrt(mpp), 22.0, 32.0) * pixel_scale;
}

void IncidentsLayer::draw_instances(gl::VertexArray& vao, std::size_t count, float size_px, float offset_px) {
    if (!count) return;
    program_->set("u_size", size_px);
    program_->set("u_offset_px", offset_px);
    vao.bind();
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(count));
    glBindVertexArray(0);
}

void IncidentsLayer::draw(const FrameContext& frame) {
    drawn_markers_ = 0;
    if (!frame.world || !program_) return;
    const World& world = *frame.world;
    // Without a clock from the seat, the log's own clock.
    const std::int64_t now = frame.now_ms ? frame.now_ms : world.incidents.clock_ms;
    // Cheap checks: the log moved, a new/overdue flag flips at `now`, or time ran backwards (replay).
    if (world.incidents.revision != revision_ || now >= next_flag_change_ms_ || now < flags_now_ms_) {
        rebuild(world, now);
    }
    program_->use();
    SetViewUniforms(*program_, frame);
    program_->set("u_opacity", opacity);
    program_->set("u_time", static_cast<float>(std::fmod(frame.time, 3600.0)));
    const double mpp = frame.camera.meters_per_pixel;
    const int level = aggregate_level(world, frame);
    if (!level) {
        bubbles_.clear();
        bubbles_level_ = -1;
        draw_instances(*marker_vao_, marker_cases_.size(), static_cast<float>(marker_size(mpp, frame.pixel_scale)), 0);
        drawn_markers_ = marker_cases_.size();
        return;
    }
    // Outside clusters: cells of a power of two metres near kOutsideCellPixels, stable while panning.
    const double cell = std::exp2(std::ceil(std::log2(kOutsideCellPixels * mpp)));
    const bool grids_too = !frame.cases_in_choropleth;
    if (level != bubbles_level_ || bubbles_revision_ != revision_ || cell != bubbles_cell_ ||
        grids_too != bubbles_grids_) {
        rebuild_bubbles(world, level, cell, grids_too);
    }
    // Bubbles sit below their grid's name: the vertex shader moves each down by the gap plus its radius.
    const double scale = frame.pixel_scale;
    draw_instances(*bubble_vao_, bubbles_.size(), frame.pixel_scale, static_cast<float>(kBubbleGapPx * scale));
    if (!frame.text) return;
    const Box view = frame.camera.visible_world();
    const auto alpha = [this](int a) { return static_cast<std::uint8_t>(std::clamp(a * opacity, 0.0f, 255.0f)); };
    for (const Bubble& b : bubbles_) {
        if (!view.contains(b.position)) continue;
        const double diameter = BubbleDiameter(b.count) * scale;
        const Vec2 centre = frame.camera.to_screen(b.position) + Vec2{0, (kBubbleGapPx * scale) + diameter / 2};
        const std::string text = CountText(b.count);
        const float size = static_cast<float>(std::clamp(diameter * 0.45, 13.0 * scale, 22.0 * scale));
        const Vec2 extent = frame.text->measure(text, size);
        const int priority = world.incidents.cases[b.worst].priority;
        // Dark figures on amber, white on the darker colours.
        const Rgba ink = priority == 3 ? Rgba{40, 30, 0, alpha(255)} : Rgba{255, 255, 255, alpha(255)};
        const Rgba halo = priority == 3 ? Rgba{0, 0, 0, 0} : Rgba{0, 0, 0, alpha(70)};
        frame.text->draw(text, centre - extent * 0.5, size, ink, halo);
    }
}

// [SECTION] picking

std::optional<Pick> IncidentsLayer::pick(const World& world, Vec2 p, const FrameContext& frame) const {
    if (!program_) return std::nullopt;
    const std::vector<Incident>& cases = world.incidents.cases;
    const double mpp = frame.camera.meters_per_pixel;
    const double size = marker_size(mpp, frame.pixel_scale);
    const bool aggregated = aggregate_level(world, frame) != 0;
    const auto label = [&](std::size_t i) {
        const Incident& c = cases[i];
        const bool known = c.category >= 0 && c.category < kCategoryCount;
        return c.id + " " + std::string(known ? kIncidentCategories[c.category].name_zh : "?");
    };
    // Markers: the nearest whose drawn radius (plus a little slack) holds the point.
    std::int64_t best = -1;
    double best_d2 = std::numeric_limits<double>::max();
    for (std::size_t i : marker_cases_) {
        if (i >= cases.size() || aggregated) continue;
        const double radius = (size * PriorityScale(cases[i]) / 2 + 2) * mpp;
        const Vec2 d = cases[i].position - p;
        const double d2 = d.x * d.x + d.y * d.y;
        if (d2 <= radius * radius && d2 <= best_d2) {  // on a tie the later (more urgent, drawn on top) wins
            best_d2 = d2;
            best = static_cast<std::int64_t>(i);
        }
    }
    if (best >= 0) return Pick{"incidents", best, label(static_cast<std::size_t>(best))};
    if (!aggregated || aggregate_level(world, frame) != bubbles_level_) return std::nullopt;
    // Bubbles: the most urgent case of the grid, topmost bubble first.
    for (auto it = bubbles_.rbegin(); it != bubbles_.rend(); ++it) {
        if (it->worst >= cases.size()) continue;
        const double radius_px = BubbleDiameter(it->count) * frame.pixel_scale / 2;
        const Vec2 centre =
            it->position - Vec2{0, (kBubbleGapPx * frame.pixel_scale + radius_px) * frame.camera.meters_per_pixel_y()};
        const Vec2 d = centre - p;
        if (d.x * d.x + d.y * d.y <= (radius_px + 2) * (radius_px + 2) * mpp * mpp) {
            return Pick{"incidents", static_cast<std::int64_t>(it->worst), label(it->worst)};
        }
    }
    return std::nullopt;
}

}  // namespace gridlink
