// Resource markers: instances sorted by 1 km tile so a frame draws only the ranges in view, partial uploads of
// the slots whose resources changed, glides and patrol trails animated in shaders/resource.vert, names at
// close zoom through the frame's TextPainter.
#include "resources_layer.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "shaders/shaders.h"

namespace gridlink {

// [SECTION] look

namespace {

constexpr float kLongAgo = -1.0e6f;          // a glide start that is long over
constexpr double kRebaseAfterSeconds = 1e5;  // keeps the layer's clock small enough for float seconds
constexpr std::uint32_t kMergeGap = 32;      // changed slots closer than this are written in one call
constexpr float kTrailHeadAlpha = 0.75f;
constexpr Rgba kTrailColor{40, 90, 170, 255};
// The density: one splat per 1 km tile at its resources' mean position, weighted by their count; the teal
// ramp is two thirds up where the summed kernels reach kDensitySaturation times the mean count of the occupied
// tiles (so a district and a city both span the ramp), the kernel spans kDensityRadiusTiles tiles (at least
// kDensityMinRadiusPx) on screen.
constexpr double kDensitySaturation = 2.5;
constexpr double kDensityRadiusTiles = 1.6;
constexpr double kDensityMinRadiusPx = 14;

struct DensityTile {
    LocalVertex position;
    float count;
};

// The status's colour, or the kind's while available; a resource on a case shows busy unless it is off duty.
Rgba ColorOf(const Resource& r) {
    const ResourceStatus shown =
        !r.task.empty() && r.status == ResourceStatus::kAvailable ? ResourceStatus::kBusy : r.status;
    const Rgba colour = InfoOf(shown).colour;
    return colour.a ? colour : InfoOf(r.kind).colour;
}

bool Same(LocalVertex a, LocalVertex b) { return a.x == b.x && a.y == b.y; }

}  // namespace

// [SECTION] lifecycle

Status ResourcesLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    const gl::ShaderSources sources{shaders::resource_vert, shaders::resource_frag};
    auto built = setup.programs.get("resource", sources);
    if (!built) return Error{built.error()};
    program_ = built.value();
    auto trail = setup.programs.get("resource", sources, {"TRAIL"});
    if (!trail) return Error{trail.error()};
    trail_program_ = trail.value();
    if (Status s = density_.create(world, setup, HeatSurface::Ramp::kDensity); !s) return s;
    vao_ = std::make_unique<gl::VertexArray>();
    vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    vao_->bind();
    vbo_->bind();
    for (GLuint location = 0; location < 5; ++location) {
        glEnableVertexAttribArray(location);  // pointed at each visible range's first slot when drawing
        glVertexAttribDivisor(location, 1);
    }
    glBindVertexArray(0);
    trail_vao_ = std::make_unique<gl::VertexArray>();
    trail_vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    trail_vao_->bind();
    trail_vbo_->bind();
    const std::size_t stride = sizeof(TrailSegment);
    gl::VertexArray::Float(0, 2, stride, offsetof(TrailSegment, tail), 1);
    gl::VertexArray::Float(1, 2, stride, offsetof(TrailSegment, head_from), 1);
    gl::VertexArray::Float(2, 2, stride, offsetof(TrailSegment, head_to), 1);
    gl::VertexArray::Float(3, 1, stride, offsetof(TrailSegment, start), 1);
    gl::VertexArray::Float(4, 2, stride, offsetof(TrailSegment, alpha_tail), 1);
    density_vao_ = std::make_unique<gl::VertexArray>();
    density_vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    density_vao_->bind();
    density_vbo_->bind();
    gl::VertexArray::Float(0, 2, sizeof(DensityTile), offsetof(DensityTile, position), 1);
    gl::VertexArray::Float(1, 1, sizeof(DensityTile), offsetof(DensityTile, count), 1);
    glBindVertexArray(0);
    stats_ = {};
    clock_started_ = false;
    rebuild(world, false);
    return {};
}

void ResourcesLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (!program_) return;
    if (changes & kChangeWorld) {
        rebuild(world, false);
    } else if (changes & (kChangeResources | kChangeIncidents)) {
        restyle(world);
    }
}

ResourcesLayer::Instance ResourcesLayer::make_instance(const Resource& r) const {
    const Rgba c = ColorOf(r);
    const LocalVertex p = ToLocal(r.position, origin_);
    return {p, p, kLongAgo, c.r, c.g, c.b, c.a, InfoOf(r.kind).symbol, {0, 0, 0}};
}

std::int64_t ResourcesLayer::tile_key(Vec2 p) const {
    constexpr double kLimit = 1 << 29;
    const double column = std::clamp(std::floor((p.x - tile_origin_.x) / kTileMetres), -kLimit, kLimit);
    const double row = std::clamp(std::floor((p.y - tile_origin_.y) / kTileMetres), -kLimit, kLimit);
    // Row-major order: sorting keys sorts by row, then column.
    return (static_cast<std::int64_t>(row) + (1 << 30)) << 32 | (static_cast<std::int64_t>(column) + (1 << 30));
}

// [SECTION] slots sorted by tile

void ResourcesLayer::rebuild(const World& world, bool keep) {
    const std::vector<Resource>& resources = world.resources;
    const std::size_t n = resources.size();
    // Sorting the same resources again (too many strayed) keeps their glides, trails and pending changes.
    const bool resort = keep && n == instances_.size();
    std::vector<Instance> old_instances;
    std::vector<std::uint8_t> old_flags;
    std::vector<std::uint32_t> old_slot_of;
    if (resort) {
        old_instances = std::move(instances_);
        old_flags = std::move(dirty_flag_);
        old_slot_of = std::move(slot_of_);
    } else {
        Box extent;
        for (const Resource& r : resources) extent.extend(r.position);
        tile_origin_ = extent.empty() ? Vec2{}
                                      : Vec2{std::floor(extent.min_x / kTileMetres) * kTileMetres,
                                             std::floor(extent.min_y / kTileMetres) * kTileMetres};
        trails_.clear();
        trail_of_.assign(n, -1);
        dirty_trails_.clear();
        trail_dirty_.clear();
        trail_start_.clear();
        next_trail_ = 0;
        glides_until_ = -1e30f;
    }

    // Tiles in key order: a provisional id per distinct key, then ranks by key.
    std::vector<std::int64_t> keys;
    std::vector<std::uint32_t> provisional(n);
    std::unordered_map<std::int64_t, std::uint32_t> id_of_key;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t key = tile_key(resources[i].position);
        auto [it, added] = id_of_key.try_emplace(key, static_cast<std::uint32_t>(keys.size()));
        if (added) keys.push_back(key);
        provisional[i] = it->second;
    }
    std::vector<std::uint32_t> order(keys.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    std::vector<std::uint32_t> rank(keys.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;

    tiles_.assign(keys.size(), Tile{});
    for (std::uint32_t k = 0; k < order.size(); ++k) tiles_[k].key = keys[order[k]];
    tile_of_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        tile_of_[i] = rank[provisional[i]];
        ++tiles_[tile_of_[i]].end;  // a count for now
    }
    std::uint32_t next = 0;
    for (Tile& t : tiles_) {
        const std::uint32_t count = t.end;
        t.begin = next;
        t.end = next;  // advanced as slots are assigned
        next += count;
    }
    slot_of_.resize(n);
    resource_of_.resize(n);
    instances_.resize(n);
    dirty_flag_.assign(n, 0);
    dirty_.clear();
    for (std::size_t i = 0; i < n; ++i) {
        Tile& t = tiles_[tile_of_[i]];
        const std::uint32_t slot = t.end++;
        slot_of_[i] = slot;
        resource_of_[slot] = static_cast<std::uint32_t>(i);
        t.bounds.extend(resources[i].position);
        if (resort) {
            Instance& kept = instances_[slot] = old_instances[old_slot_of[i]];
            // A glide keeps its path: the tile must hold where it started too.
            t.bounds.extend(Vec2{kept.from.x + origin_.x, kept.from.y + origin_.y});
            if (const std::uint8_t flag = old_flags[old_slot_of[i]]) {
                dirty_flag_[slot] = flag;
                dirty_.push_back(slot);
            }
        } else {
            instances_[slot] = make_instance(resources[i]);
        }
    }
    std::vector<DensityTile> density;
    density.reserve(tiles_.size());
    for (const Tile& t : tiles_) {
        Vec2 sum;
        for (std::uint32_t slot = t.begin; slot < t.end; ++slot) sum = sum + resources[resource_of_[slot]].position;
        const double count = static_cast<double>(t.end - t.begin);
        density.push_back({ToLocal(sum * (1.0 / std::max(count, 1.0)), origin_), static_cast<float>(count)});
    }
    density_vbo_->upload(density, GL_DYNAMIC_DRAW);
    stray_.assign(n, 0);
    strays_ = 0;
    vao_->bind();
    vbo_->upload(instances_, GL_DYNAMIC_DRAW);
    glBindVertexArray(0);
    ++stats_.full_uploads;
    seen_count_ = n;
    seen_revision_ = world.incidents.revision;
    seen_epoch_ = world.resource_changes.epoch;
    seen_journal_ = world.resource_changes.changed.size();
}

void ResourcesLayer::mark(std::uint32_t slot, bool glide) {
    if (!dirty_flag_[slot]) dirty_.push_back(slot);
    dirty_flag_[slot] = std::max<std::uint8_t>(dirty_flag_[slot], glide ? 2 : 1);
}

void ResourcesLayer::restyle(const World& world) {
    const std::vector<Resource>& resources = world.resources;
    // Resources added or removed, or a World rebuilt from an earlier point of the log (replay): start over.
    if (resources.size() != seen_count_ || world.incidents.revision < seen_revision_) {
        rebuild(world, false);
        return;
    }
    if (world.incidents.revision == seen_revision_) return;
    const std::int64_t since = seen_revision_;
    auto restyle_one = [&](std::uint32_t i) {
        const Resource& r = resources[i];
        const std::uint32_t slot = slot_of_[i];
        Instance& in = instances_[slot];
        const Instance fresh = make_instance(r);
        const bool recoloured = fresh.r != in.r || fresh.g != in.g || fresh.b != in.b || fresh.a != in.a;
        in.r = fresh.r, in.g = fresh.g, in.b = fresh.b, in.a = fresh.a;
        if (!Same(fresh.to, in.to)) {
            moved(world, i, r.position);
        } else if (recoloured) {
            mark(slot, false);
        }
    };
    const ResourceJournal& journal = world.resource_changes;
    if (journal.epoch == seen_epoch_ && seen_journal_ <= journal.changed.size()) {
        // What changed since the last update, from the World's journal: work in proportion to the changes.
        for (std::size_t k = seen_journal_; k < journal.changed.size(); ++k) {
            if (journal.changed[k] < resources.size()) restyle_one(journal.changed[k]);
        }
    } else {
        // The journal started over: one number per resource is read (a cache line each, ~30 ms at 1M on
        // the test machine); only the resources whose revision moved are touched further.
        for (std::size_t index = 0; index < resources.size(); ++index) {
            if (resources[index].revision > since) restyle_one(static_cast<std::uint32_t>(index));
        }
    }
    seen_epoch_ = journal.epoch;
    seen_journal_ = journal.changed.size();
    seen_revision_ = world.incidents.revision;
    // Many resources far from their tiles make tiles wide and culling weak: sort the slots again.
    if (strays_ > std::max<std::size_t>(1024, resources.size() / 16)) rebuild(world, true);
}

void ResourcesLayer::moved(const World& world, std::uint32_t index, Vec2 to) {
    const std::uint32_t slot = slot_of_[index];
    Instance& in = instances_[slot];
    // The glide starts where the marker was last drawn (mid-glide, if it was still gliding); a second move
    // before the next frame keeps that start.
    const bool pending = dirty_flag_[slot] == 2;
    if (!pending) {
        const float last = static_cast<float>(last_time_ - time_base_);
        in.from = clock_started_ ? Mix(in.from, in.to, markers::GlideAt(last, in.start)) : in.to;
    }
    in.to = ToLocal(to, origin_);
    mark(slot, true);
    Tile& tile = tiles_[tile_of_[index]];
    tile.bounds.extend(to);
    const std::uint8_t stray = tile_key(to) != tile.key;
    strays_ += stray;
    strays_ -= stray_[index];
    stray_[index] = stray;

    if (world.resources[index].kind != ResourceKind::kPatrolVehicle) return;
    std::int32_t t = trail_of_[index];
    if (t < 0) {
        if (trails_.size() < kMaxTrails) {
            t = static_cast<std::int32_t>(trails_.size());
            trails_.emplace_back();
            trail_dirty_.push_back(0);
            trail_start_.push_back(kLongAgo);
        } else {  // all used: give up the oldest started
            t = static_cast<std::int32_t>(next_trail_);
            next_trail_ = (next_trail_ + 1) % kMaxTrails;
            trail_of_[trails_[t].resource] = -1;
            trails_[t] = Trail{};
        }
        trails_[t].resource = index;
        trail_of_[index] = t;
    }
    Trail& trail = trails_[t];
    if (trail_dirty_[t] == 2 && pending) return;  // its newest point is already where this glide starts
    if (trail.count == kTrailPoints) {
        std::rotate(trail.points.begin(), trail.points.begin() + 1, trail.points.end());
        --trail.count;
    }
    trail.points[trail.count++] = in.from;
    if (!trail_dirty_[t]) dirty_trails_.push_back(static_cast<std::uint32_t>(t));
    trail_dirty_[t] = 2;
}

// [SECTION] uploads and the clock

float ResourcesLayer::layer_time(double frame_time) {
    if (!clock_started_) {
        clock_started_ = true;
        time_base_ = frame_time;
    }
    const double relative = frame_time - time_base_;
    if (relative >= -1.0 && relative <= kRebaseAfterSeconds) return static_cast<float>(relative);
    // The clock went back (another clock) or grew too large for float seconds: glides in progress end.
    time_base_ = frame_time;
    for (Instance& in : instances_) {
        in.from = in.to;
        in.start = kLongAgo;
    }
    if (!instances_.empty()) {
        vbo_->upload(instances_, GL_DYNAMIC_DRAW);
        ++stats_.full_uploads;
    }
    for (std::size_t t = 0; t < trails_.size(); ++t) {
        trail_start_[t] = kLongAgo;
        if (!trail_dirty_[t]) dirty_trails_.push_back(static_cast<std::uint32_t>(t));
        trail_dirty_[t] = 1;  // rewritten, without a glide, at the flush below
    }
    glides_until_ = -1e30f;
    return 0.0f;
}

void ResourcesLayer::flush(float now) {
    if (!dirty_.empty()) {
        for (std::uint32_t slot : dirty_) {
            if (dirty_flag_[slot] == 2) instances_[slot].start = now;
        }
        if (std::any_of(dirty_.begin(), dirty_.end(), [&](std::uint32_t s) { return dirty_flag_[s] == 2; })) {
            glides_until_ = std::max(glides_until_, now + static_cast<float>(kGlideSeconds));
        }
        std::sort(dirty_.begin(), dirty_.end());
        if (dirty_.size() > instances_.size() / 4) {
            vbo_->upload(instances_, GL_DYNAMIC_DRAW);
            ++stats_.full_uploads;
        } else {
            vbo_->bind();
            std::size_t i = 0;
            while (i < dirty_.size()) {
                std::size_t j = i;
                while (j + 1 < dirty_.size() && dirty_[j + 1] - dirty_[j] <= kMergeGap) ++j;
                const std::uint32_t first = dirty_[i], last = dirty_[j];
                const std::size_t count = last - first + 1;
                glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(first * sizeof(Instance)),
                                static_cast<GLsizeiptr>(count * sizeof(Instance)), &instances_[first]);
                stats_.slots_written += count;
                ++stats_.partial_writes;
                i = j + 1;
            }
        }
        for (std::uint32_t slot : dirty_) dirty_flag_[slot] = 0;
        dirty_.clear();
    }
    if (dirty_trails_.empty()) return;
    if (trail_vbo_->bytes() == 0) {
        trail_vbo_->upload(nullptr, kMaxTrails * kTrailPoints * sizeof(TrailSegment), GL_DYNAMIC_DRAW);
    }
    trail_vbo_->bind();
    std::array<TrailSegment, kTrailPoints> segments;
    for (std::uint32_t t : dirty_trails_) {
        if (trail_dirty_[t] == 2) trail_start_[t] = now;
        trail_dirty_[t] = 0;
        const Trail& trail = trails_[t];
        const LocalVertex head = instances_[slot_of_[trail.resource]].to;
        segments.fill(TrailSegment{{0, 0}, {0, 0}, {0, 0}, kLongAgo, 0, 0});
        const float steps = static_cast<float>(trail.count);
        for (int k = 0; k < trail.count; ++k) {
            const bool newest = k + 1 == trail.count;
            const LocalVertex end = newest ? trail.points[k] : trail.points[k + 1];
            segments[k] = {trail.points[k],
                           end,
                           newest ? head : end,
                           newest ? trail_start_[t] : kLongAgo,
                           kTrailHeadAlpha * k / steps,
                           kTrailHeadAlpha * (k + 1) / steps};
        }
        glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(t * kTrailPoints * sizeof(TrailSegment)),
                        sizeof(segments), segments.data());
    }
    dirty_trails_.clear();
}

// [SECTION] drawing

Vec2 ResourcesLayer::drawn_position(std::size_t index, double time) const {
    const Instance& in = instances_[slot_of_[index]];
    const float now = clock_started_ ? static_cast<float>(time - time_base_) : 0.0f;
    const LocalVertex p = Mix(in.from, in.to, markers::GlideAt(now, in.start));
    return {origin_.x + p.x, origin_.y + p.y};
}

bool ResourcesLayer::animating() const {
    const bool pending =
        std::any_of(dirty_.begin(), dirty_.end(), [&](std::uint32_t s) { return dirty_flag_[s] == 2; });
    return opacity > 0 && (pending || (drew_markers_ && static_cast<float>(last_time_ - time_base_) < glides_until_));
}

void ResourcesLayer::draw(const FrameContext& frame) {
    drew_markers_ = false;
    stats_.drawn_instances = stats_.drawn_ranges = stats_.drawn_names = 0;
    stats_.drew_density = false;
    stats_.trails = trails_.size();
    if (!program_) return;
    const float now = layer_time(frame.time);
    last_time_ = frame.time;
    flush(now);
    const double mpp = frame.camera.meters_per_pixel;
    if (instances_.empty()) return;
    if (mpp > kVisibleBelowMpp) {
        if (instances_.size() >= kDensityHintFrom) draw_density(frame);
        return;
    }
    const double size = markers::MarkerPixels(mpp) * frame.pixel_scale;

    // The tiles in view, merged into runs of contiguous slots.
    Box view = frame.camera.visible_world();
    const double reach_x = (size / 2 + 3) * mpp, reach_y = (size / 2 + 3) * frame.camera.meters_per_pixel_y();
    view = {view.min_x - reach_x, view.min_y - reach_y, view.max_x + reach_x, view.max_y + reach_y};
    if (too_dense(frame.camera)) {
        draw_density(frame);
        return;
    }
    SlotRanges ranges;
    (void)markers_in(view, &ranges);

    if (!trails_.empty()) {
        draw_trails(frame, now, static_cast<float>(std::clamp(3.0 / std::sqrt(mpp), 2.0, 4.0) * frame.pixel_scale));
    }
    program_->use();
    SetViewUniforms(*program_, frame);
    program_->set("u_size", static_cast<float>(size));
    program_->set("u_opacity", opacity);
    program_->set("u_meters_per_pixel", static_cast<float>(mpp));
    program_->set("u_camera_max_mpp", static_cast<float>(kCameraBelowMpp));
    program_->set("u_time", now);
    program_->set("u_glide_seconds", static_cast<float>(kGlideSeconds));
    vao_->bind();
    vbo_->bind();
    const GLsizei stride = sizeof(Instance);
    for (const auto& [begin, end] : ranges) {
        // No base instance in GL 3.3: the attributes start at the range's first slot instead.
        const auto at = [&](std::size_t field) {
            return reinterpret_cast<const void*>(begin * sizeof(Instance) + field);
        };
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, at(offsetof(Instance, from)));
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, at(offsetof(Instance, to)));
        glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride, at(offsetof(Instance, start)));
        glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, at(offsetof(Instance, r)));
        glVertexAttribPointer(4, 1, GL_UNSIGNED_BYTE, GL_FALSE, stride, at(offsetof(Instance, shape)));
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(end - begin));
        stats_.drawn_instances += end - begin;
        ++stats_.drawn_ranges;
    }
    glBindVertexArray(0);
    drew_markers_ = true;
    if (mpp < kNamesBelowMpp && frame.text) draw_names(frame, ranges, frame.time);
}

double ResourcesLayer::markers_in(const Box& view, SlotRanges* ranges) const {
    double count = 0;
    for (const Tile& t : tiles_) {
        if (!view.intersects(t.bounds)) continue;
        const double w = t.bounds.width(), h = t.bounds.height();
        const double inside_w = std::min(view.max_x, t.bounds.max_x) - std::max(view.min_x, t.bounds.min_x);
        const double inside_h = std::min(view.max_y, t.bounds.max_y) - std::max(view.min_y, t.bounds.min_y);
        const double fraction = (w > 0 ? inside_w / w : 1.0) * (h > 0 ? inside_h / h : 1.0);
        count += (t.end - t.begin) * fraction;
        if (!ranges) continue;
        if (!ranges->empty() && ranges->back().second == t.begin) {
            ranges->back().second = t.end;
        } else {
            ranges->emplace_back(t.begin, t.end);
        }
    }
    return count;
}

bool ResourcesLayer::too_dense(const Camera& camera) const {
    return markers_in(camera.visible_world(), nullptr) * kMinPixelsPerMarker >
           static_cast<double>(camera.width) * camera.height;
}

void ResourcesLayer::draw_density(const FrameContext& frame) {
    const double radius =
        std::max(kDensityMinRadiusPx, kDensityRadiusTiles * kTileMetres / frame.camera.meters_per_pixel);
    const double mean = tiles_.empty() ? 1.0 : static_cast<double>(instances_.size()) / tiles_.size();
    density_.draw(frame, *density_vao_, tiles_.size(), radius, kDensitySaturation * mean, opacity);
    stats_.drew_density = true;
}

void ResourcesLayer::draw_trails(const FrameContext& frame, float now, float width_px) {
    trail_program_->use();
    SetViewUniforms(*trail_program_, frame);
    trail_program_->set("u_size", width_px);
    trail_program_->set("u_opacity", opacity);
    trail_program_->set("u_time", now);
    trail_program_->set("u_glide_seconds", static_cast<float>(kGlideSeconds));
    trail_program_->set("u_color", kTrailColor.r / 255.f, kTrailColor.g / 255.f, kTrailColor.b / 255.f, 1.0f);
    trail_vao_->bind();
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(trails_.size() * kTrailPoints));
    glBindVertexArray(0);
}

void ResourcesLayer::draw_names(const FrameContext& frame, const SlotRanges& ranges, double time) {
    if (!frame.world || frame.world->resources.size() != resource_of_.size()) return;
    const std::vector<Resource>& resources = frame.world->resources;
    const Camera& cam = frame.camera;
    const Box view = cam.visible_world();
    const Vec2 centre = cam.center;
    const float now = static_cast<float>(time - time_base_);
    struct Candidate {
        double distance2;
        std::uint32_t resource;
        Vec2 at;
    };
    std::vector<Candidate> candidates;
    for (const auto& [begin, end] : ranges) {
        for (std::uint32_t slot = begin; slot < end; ++slot) {
            const Instance& in = instances_[slot];
            const LocalVertex local = Mix(in.from, in.to, markers::GlideAt(now, in.start));
            const Vec2 p{origin_.x + local.x, origin_.y + local.y};
            if (!view.contains(p)) continue;
            const Vec2 d = p - centre;
            candidates.push_back({d.x * d.x + d.y * d.y, resource_of_[slot], p});
        }
    }
    // The names nearest the centre first; a few times kMaxNames are tried, since some overlap.
    const std::size_t tries = std::min(candidates.size(), kMaxNames * 4);
    const auto nearer = [](const Candidate& a, const Candidate& b) { return a.distance2 < b.distance2; };
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(tries), candidates.end(),
                      nearer);
    struct Placed {
        Vec2 top_left, size;
    };
    std::vector<Placed> placed;
    const double offset = (markers::MarkerPixels(cam.meters_per_pixel) / 2 + 4) * frame.pixel_scale;
    const float text_size = 13.0f * frame.pixel_scale;
    const auto alpha = [this](int a) { return static_cast<std::uint8_t>(a * opacity); };
    for (std::size_t k = 0; k < tries && placed.size() < kMaxNames; ++k) {
        const std::string& name = resources[candidates[k].resource].name;
        if (name.empty()) continue;
        const Vec2 screen = cam.to_screen(candidates[k].at);
        const Vec2 extent = frame.text->measure(name, text_size);
        const Vec2 top_left{screen.x + offset, screen.y - extent.y / 2};
        const double pad = 2 * frame.pixel_scale;
        const bool overlaps = std::any_of(placed.begin(), placed.end(), [&](const Placed& p) {
            return !(top_left.x - pad > p.top_left.x + p.size.x || top_left.x + extent.x + pad < p.top_left.x ||
                     top_left.y - pad > p.top_left.y + p.size.y || top_left.y + extent.y + pad < p.top_left.y);
        });
        if (overlaps) continue;
        placed.push_back({top_left, extent});
        frame.text->draw(name, top_left, text_size, {30, 36, 48, alpha(255)}, {255, 255, 255, alpha(210)});
    }
    stats_.drawn_names = placed.size();
}

// [SECTION] picking

std::optional<Pick> ResourcesLayer::pick(const World& world, Vec2 p, const FrameContext& frame) const {
    const double mpp = frame.camera.meters_per_pixel;
    if (mpp > kVisibleBelowMpp || world.resources.size() != resource_of_.size()) return std::nullopt;
    if (too_dense(frame.camera)) return std::nullopt;  // drawn as density, not markers
    const double radius = 8 * mpp * frame.pixel_scale;
    const Box around{p.x - radius, p.y - radius, p.x + radius, p.y + radius};
    std::int64_t best = -1;
    double best_d2 = radius * radius;
    for (const Tile& t : tiles_) {
        if (!around.intersects(t.bounds)) continue;
        for (std::uint32_t slot = t.begin; slot < t.end; ++slot) {
            const std::uint32_t i = resource_of_[slot];
            const Resource& r = world.resources[i];
            if (r.kind == ResourceKind::kCamera && mpp > kCameraBelowMpp) continue;
            const Vec2 d = r.position - p;
            const double d2 = d.x * d.x + d.y * d.y;
            if (d2 < best_d2) {
                best_d2 = d2;
                best = static_cast<std::int64_t>(i);
            }
        }
    }
    if (best < 0) return std::nullopt;
    return Pick{"resources", best, world.resources[static_cast<std::size_t>(best)].name};
}

}  // namespace gridlink
