// Dispatch lines: collected from the open cases when the log moves, one instance each, the responder's end
// gliding with its marker; the dashes flow in shaders/dispatch.frag; ETA labels through the frame's text.
#include "dispatch_layer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/dispatch.h"
#include "markers.h"
#include "shaders/shaders.h"

namespace gridlink {

namespace {

constexpr float kLongAgo = -1.0e6f;
constexpr double kRebaseAfterSeconds = 1e5;
constexpr float kDashPx = 18.0f;
constexpr double kFlowPxPerSecond = 24.0;

Rgba ColorOf(DispatchLayer::LineKind kind) {
    switch (kind) {
        case DispatchLayer::LineKind::kDispatched: return {30, 100, 220, 255};  // on the way: blue
        case DispatchLayer::LineKind::kAccepted: return {20, 150, 70, 255};     // accepted: green
        case DispatchLayer::LineKind::kVolunteer: return {215, 45, 55, 230};    // party-member red
    }
    return {30, 100, 220, 255};
}

Rgba LabelColorOf(DispatchLayer::LineKind kind) {
    return kind == DispatchLayer::LineKind::kAccepted ? Rgba{15, 95, 45, 255} : Rgba{20, 60, 150, 255};
}

float WidthOf(DispatchLayer::LineKind kind) { return kind == DispatchLayer::LineKind::kVolunteer ? 2.0f : 4.0f; }

std::uint64_t KeyOf(std::size_t incident, std::size_t resource) {
    return static_cast<std::uint64_t>(incident) << 32 ^ static_cast<std::uint64_t>(resource);
}

}  // namespace

// [SECTION] lifecycle

Status DispatchLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    auto built = setup.programs.get("dispatch", gl::ShaderSources{shaders::dispatch_vert, shaders::dispatch_frag});
    if (!built) return Error{built.error()};
    program_ = built.value();
    vao_ = std::make_unique<gl::VertexArray>();
    vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    vao_->bind();
    vbo_->bind();
    const std::size_t stride = sizeof(Instance);
    gl::VertexArray::Float(0, 2, stride, offsetof(Instance, from_start), 1);
    gl::VertexArray::Float(1, 2, stride, offsetof(Instance, from), 1);
    gl::VertexArray::Float(2, 1, stride, offsetof(Instance, start), 1);
    gl::VertexArray::Float(3, 2, stride, offsetof(Instance, to), 1);
    glEnableVertexAttribArray(4);
    glVertexAttribPointer(4, 4, GL_UNSIGNED_BYTE, GL_TRUE, static_cast<GLsizei>(stride),
                          reinterpret_cast<const void*>(offsetof(Instance, r)));
    glVertexAttribDivisor(4, 1);
    gl::VertexArray::Float(5, 1, stride, offsetof(Instance, width), 1);
    glBindVertexArray(0);
    lines_.clear();
    instances_.clear();
    etas_.clear();
    clock_started_ = false;
    revision_ = -1;
    collect(world);
    return {};
}

void DispatchLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (!program_ || !(changes & (kChangeIncidents | kChangeResources | kChangeWorld))) return;
    if (world.incidents.revision == revision_ && !(changes & kChangeWorld)) return;
    if (world.incidents.revision < revision_ || (changes & kChangeWorld)) {
        lines_.clear();  // another World, or an earlier point of the log: nothing glides
        instances_.clear();
        etas_.clear();
    }
    collect(world);
}

void DispatchLayer::collect(const World& world) {
    revision_ = world.incidents.revision;
    // What each line showed, so that a responder that moved glides from where it was drawn.
    std::unordered_map<std::uint64_t, std::size_t> before;
    for (std::size_t k = 0; k < lines_.size(); ++k) before.emplace(KeyOf(lines_[k].incident, lines_[k].resource), k);
    const std::vector<Instance> old_instances = std::move(instances_);
    const std::vector<std::uint8_t> old_gliding = std::move(gliding_);

    std::vector<Line> lines;
    const auto& cases = world.incidents.cases;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Incident& c = cases[i];
        if (!IsOpen(c.state)) continue;
        const auto add = [&](const std::string& id, LineKind kind) {
            const Resource* r = world.find_resource(id);
            if (!r) return;
            lines.push_back({i, static_cast<std::size_t>(r - world.resources.data()), kind, r->position, c.position});
        };
        // Volunteers on the case: those who answered and still work on it.
        for (const std::string& v : c.answered) {
            const Resource* r = world.find_resource(v);
            if (r && r->task == c.id) add(v, LineKind::kVolunteer);
        }
        if (c.resource.empty()) continue;
        if (c.state == CaseState::kDispatched) add(c.resource, LineKind::kDispatched);
        if (c.state == CaseState::kAccepted) add(c.resource, LineKind::kAccepted);
    }
    // Volunteers' thin lines under the responders'.
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        return (a.kind == LineKind::kVolunteer) > (b.kind == LineKind::kVolunteer);
    });

    const float last = static_cast<float>(last_time_ - time_base_);
    instances_.clear();
    gliding_.assign(lines.size(), 0);
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const Line& line = lines[k];
        const Rgba c = ColorOf(line.kind);
        const LocalVertex from = ToLocal(line.from, origin_);
        Instance in{from, from, kLongAgo, ToLocal(line.to, origin_), c.r, c.g, c.b, c.a, WidthOf(line.kind)};
        if (auto it = before.find(KeyOf(line.incident, line.resource)); it != before.end()) {
            const Instance& was = old_instances[it->second];
            in.start = was.start;
            in.from_start = was.from_start;
            gliding_[k] = old_gliding[it->second];
            if (was.from.x != from.x || was.from.y != from.y) {
                // Moved: glide from where the line's end was last drawn (kept when a glide is still to start).
                if (!gliding_[k]) {
                    const float t = clock_started_ ? markers::GlideAt(last, was.start) : 1.0f;
                    in.from_start = Mix(was.from_start, was.from, t);
                }
                gliding_[k] = 1;
            }
        }
        instances_.push_back(in);
    }
    lines_ = std::move(lines);
    dirty_ = true;
}

float DispatchLayer::layer_time(double frame_time) {
    if (!clock_started_) {
        clock_started_ = true;
        time_base_ = frame_time;
    }
    const double relative = frame_time - time_base_;
    if (relative >= -1.0 && relative <= kRebaseAfterSeconds) return static_cast<float>(relative);
    time_base_ = frame_time;  // glides in progress end
    for (Instance& in : instances_) {
        in.from_start = in.from;
        in.start = kLongAgo;
    }
    dirty_ = true;
    return 0.0f;
}

// [SECTION] drawing

const std::string* DispatchLayer::eta_text(const World& world, const Line& line, std::size_t& searches) {
    const Resource& r = world.resources[line.resource];
    Eta& eta = etas_[line.incident];
    if (eta.resource == line.resource && eta.revision == r.revision && !eta.text.empty()) return &eta.text;
    if (searches >= kMaxEtaSearchesPerFrame) {
        etas_pending_ = true;
        return nullptr;
    }
    ++searches;
    ++eta_searches_;
    const Vec2 to = world.incidents.cases[line.incident].position;
    // The same estimate as the ranking (ArrivalOf), "≈" where the roads do not cover the trip.
    eta = {line.resource, r.revision, FormatArrival(EstimateArrival(world, r, to))};
    return &eta.text;
}

void DispatchLayer::draw(const FrameContext& frame) {
    lines_in_view_ = 0;
    drawn_labels_ = 0;
    etas_pending_ = false;
    if (!program_ || !frame.world) return;
    const float now = layer_time(frame.time);
    last_time_ = frame.time;
    if (dirty_) {
        for (std::size_t k = 0; k < instances_.size(); ++k) {
            if (gliding_[k]) instances_[k].start = now;
            gliding_[k] = 0;
        }
        vbo_->upload(instances_, GL_DYNAMIC_DRAW);
        dirty_ = false;
    }
    // The lines join markers: drawn while resources and cases are drawn one by one (zoomed out, the cases
    // are counted per grid and the resources are hidden).
    const Camera& cam = frame.camera;
    if (instances_.empty() || cam.meters_per_pixel > markers::kVisibleBelowMpp) return;

    // Where each line's ends are drawn this frame; which lines are in view.
    const Box view = cam.visible_world();
    std::vector<std::size_t> in_view;
    std::vector<Vec2> ends(instances_.size());
    for (std::size_t k = 0; k < instances_.size(); ++k) {
        const Instance& in = instances_[k];
        const LocalVertex drawn = Mix(in.from_start, in.from, markers::GlideAt(now, in.start));
        const Vec2 from{origin_.x + drawn.x, origin_.y + drawn.y};
        ends[k] = from;
        Box box;
        box.extend(from);
        box.extend(lines_[k].to);
        if (view.intersects(box)) in_view.push_back(k);
    }
    lines_in_view_ = in_view.size();
    if (in_view.empty()) return;

    const double mpp = cam.meters_per_pixel;
    const double marker_px = markers::MarkerPixels(mpp) * frame.pixel_scale;
    program_->use();
    SetViewUniforms(*program_, frame);
    program_->set("u_time", now);
    program_->set("u_glide_seconds", static_cast<float>(markers::kGlideSeconds));
    program_->set("u_gap_px", static_cast<float>(marker_px / 2 + 2));
    program_->set("u_opacity", opacity);
    program_->set("u_dash_px", kDashPx);
    program_->set("u_dash_offset", static_cast<float>(std::fmod(frame.time * kFlowPxPerSecond, kDashPx)));
    vao_->bind();
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(instances_.size()));
    glBindVertexArray(0);

    // ETA beside the midpoint of each responder's line in view, nearest the centre first.
    if (mpp >= kEtaBelowMpp || !frame.text) return;
    std::vector<std::pair<double, std::size_t>> candidates;
    for (std::size_t k : in_view) {
        if (lines_[k].kind == LineKind::kVolunteer) continue;
        const Vec2 mid = (ends[k] + lines_[k].to) * 0.5;
        if (!view.contains(mid)) continue;
        const Vec2 d = mid - cam.center;
        candidates.emplace_back(d.x * d.x + d.y * d.y, k);
    }
    std::sort(candidates.begin(), candidates.end());
    struct Placed {
        Vec2 top_left, size;
    };
    std::vector<Placed> placed;
    std::size_t searches = 0;
    const float text_size = 14.0f;
    const auto alpha = [this](int a) { return static_cast<std::uint8_t>(a * opacity); };
    for (const auto& [distance2, k] : candidates) {
        if (placed.size() >= kMaxEtaLabels) break;
        const std::string* text = eta_text(*frame.world, lines_[k], searches);
        if (!text) continue;
        const Vec2 a = cam.to_screen(ends[k]), b = cam.to_screen(lines_[k].to);
        const Vec2 mid = (a + b) * 0.5;
        const Vec2 extent = frame.text->measure(*text, text_size);
        // Beside the line: along its normal on the upper side, far enough for the label's box to clear it.
        Vec2 dir = b - a;
        const double length = std::sqrt(dir.x * dir.x + dir.y * dir.y);
        dir = length > 1e-6 ? dir * (1 / length) : Vec2{1, 0};
        Vec2 normal{-dir.y, dir.x};
        if (normal.y > 0) normal = normal * -1;
        const double clearance = 6 + std::abs(normal.x) * extent.x / 2 + std::abs(normal.y) * extent.y / 2;
        const Vec2 centre = mid + normal * clearance;
        const Vec2 top_left{centre.x - extent.x / 2, centre.y - extent.y / 2};
        const double pad = 3;
        const bool overlaps = std::any_of(placed.begin(), placed.end(), [&](const Placed& p) {
            return !(top_left.x - pad > p.top_left.x + p.size.x || top_left.x + extent.x + pad < p.top_left.x ||
                     top_left.y - pad > p.top_left.y + p.size.y || top_left.y + extent.y + pad < p.top_left.y);
        });
        if (overlaps) continue;
        placed.push_back({top_left, extent});
        const Rgba color = LabelColorOf(lines_[k].kind);
        frame.text->draw(*text, top_left, text_size, {color.r, color.g, color.b, alpha(255)},
                         {255, 255, 255, alpha(230)});
    }
    drawn_labels_ = placed.size();
}

}  // namespace gridlink
