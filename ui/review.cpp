// The review seat: its panels (the timeline with the reports per hour or day, playback, the range's figures), its
// keys, its frame loop in Dear ImGui's order over the workstation's App and panels on a read-only session, and the
// exports (`gridlink render --from --to --step`, `gridlink review --cases/--figures`).
#include "review.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "data/case_export.h"
#include "data/report_output.h"
#include "data/snapshot.h"
#include "engine/assessment.h"
#include "layers/heat_layer.h"
#include "layers/tracks_layer.h"
#include "server/args.h"
#include "server/commands.h"
#include "ui/commands.h"
#include "ui/frame_harness.h"
#include "ui/gl_context.h"
#include "ui/imgui_text.h"
#include "ui/incident_panels.h"
#include "ui/offscreen.h"
#include "ui/overlays.h"
#include "ui/panels.h"
#include "ui/seat.h"

namespace gridlink {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kMinute = 60 * 1000, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr float kTimelineHeight = 178;

// Every text the seat writes, for the font atlas's glyphs.
const char* kReviewTexts =
    "回放 Review 时间轴 Timeline 播放 暂停 Play Pause 循环 Loop 速度 Speed 区间 Range 起 止 事件 分钟 小时 上报 每小时 "
    "每天 "
    "考核 Figures 上报数 立案数 应结案 结案数 按期结案 结案率 按期结案率 在办 超期 轨迹 热力 重建 只读 read-only";

std::string Clock8(std::int64_t ms) { return FormatIsoTime(ms).substr(0, 19); }  // "2026-11-27T09:30:00"

}  // namespace

// [SECTION] moving in time

void SetReviewRange(Review& review, std::int64_t from, std::int64_t to) {
    const LogTimes& times = review.cursor->times();
    if (from > to) std::swap(from, to);
    review.range_from = std::clamp(from, times.first_ms(), times.last_ms());
    review.range_to = std::clamp(to, times.first_ms(), times.last_ms());
    review.app.incidents.filter.reported_from_ms = review.range_from;
    review.app.incidents.filter.reported_to_ms = review.range_to;
    review.app.request_redraw();
}

void SeekReview(Review& review, std::int64_t t) {
    const LogTimes& times = review.cursor->times();
    t = std::clamp(t, times.first_ms(), std::max(times.first_ms(), times.last_ms()));
    App& app = review.app;
    // The selected case is kept by id: a move back rebuilds the cases, whose indices may change.
    const auto& cases = app.world.incidents.cases;
    const std::string selected = app.incidents.selected >= 0 && app.incidents.selected < std::ssize(cases)
                                     ? cases[static_cast<std::size_t>(app.incidents.selected)].id
                                     : std::string();
    const auto started = Clock::now();
    auto move = review.cursor->move_to(app.world, t);
    if (!move) {
        review.error = move.error();
        review.playing = false;
        return;
    }
    review.error.clear();
    review.t_ms = t;
    app.at_ms = t;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    char text[96];
    if (move->rebuilt) {
        std::snprintf(text, sizeof text, "重建 rebuilt %.0f ms", ms);
        app.view.set_world(app.world);
        app.incidents.cache = {};
        app.incidents.selected = -1;
        if (!selected.empty()) {
            if (auto it = app.world.incidents.by_id.find(selected); it != app.world.incidents.by_id.end()) {
                app.incidents.selected = static_cast<std::int64_t>(it->second);
            }
        }
    } else if (move->applied > 0) {
        std::snprintf(text, sizeof text, "+%" PRId64 " events %.1f ms", move->applied, ms);
        app.view.notify(kChangeIncidents | kChangeResources);
    } else {
        text[0] = '\0';
    }
    if (text[0]) review.last_move = text;
    // The heat shows the range's reports up to the instant shown.
    if (auto* heat = app.view.layer_as<HeatLayer>("heat")) {
        heat->hours = static_cast<int>(std::max<std::int64_t>(1, (t - review.range_from + kHour - 1) / kHour));
    }
    app.request_redraw();
}

void AdvanceReview(Review& review, double seconds) {
    if (!review.playing) return;
    const LogTimes& times = review.cursor->times();
    const auto step = static_cast<std::int64_t>(std::llround(seconds * 1000 * kReviewSpeeds[review.speed]));
    std::int64_t t = review.t_ms + std::max<std::int64_t>(step, 1);
    if (review.loop && review.range_to > review.range_from && t > review.range_to) {
        t = review.range_from;
    } else if (t >= times.last_ms() && (!review.cursor->refresh() || t >= times.last_ms())) {
        // At the end of the log as read, and nothing appended since (a live workspace plays on into its tail).
        t = times.last_ms();
        review.playing = false;
    }
    SeekReview(review, t);
}

// Reads the tracks of the range when it changed (ReadTracks: a range costs what it returns).
static void LoadRangeTracks(Review& review) {
    if (review.tracks_from == review.range_from && review.tracks_to == review.range_to) return;
    auto* layer = review.app.view.layer_as<TracksLayer>("tracks");
    if (!layer) return;
    review.tracks_from = review.range_from;
    review.tracks_to = review.range_to;
    auto read = ReadTracks(review.cursor->path(), review.range_from, review.range_to);
    if (!read) {
        review.error = read.error();
        return;
    }
    const World& world = review.app.world;
    auto to_world = Transform::Create(Crs::LonLat(), world.crs);
    std::vector<Track> tracks;
    for (auto& [id, points] : read.value()) {
        const Resource* resource = world.find_resource(id);
        Track track;
        track.kind = resource ? resource->kind : ResourceKind::kGridWorker;
        for (const TrackPoint& p : points) track.points.push_back({p.x, p.y});
        if (to_world && !to_world->apply(track.points)) continue;
        tracks.push_back(std::move(track));
    }
    review.track_count = tracks.size();
    layer->set_tracks(tracks);
    review.app.request_redraw();
}

void HandleReviewKeys(Review& review) {
    if (ImGui::GetIO().WantCaptureKeyboard) return;
    const ImGuiIO& io = ImGui::GetIO();
    const LogTimes& times = review.cursor->times();
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) review.playing = !review.playing;
    if (pressed(GLFW_KEY_LEFT_BRACKET)) review.speed = std::max(0, review.speed - 1);
    if (pressed(GLFW_KEY_RIGHT_BRACKET)) review.speed = std::min(kReviewSpeedCount - 1, review.speed + 1);
    if (ImGui::IsKeyPressed(GLFW_KEY_L, false)) review.loop = !review.loop;
    if (ImGui::IsKeyPressed(GLFW_KEY_I, false)) SetReviewRange(review, review.t_ms, review.range_to);
    if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) SetReviewRange(review, review.range_from, review.t_ms);
    if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) SeekReview(review, times.first_ms());
    if (ImGui::IsKeyPressed(GLFW_KEY_END, false)) SeekReview(review, times.last_ms());
    for (int direction : {-1, 1}) {
        if (!pressed(direction < 0 ? GLFW_KEY_LEFT : GLFW_KEY_RIGHT)) continue;
        review.playing = false;
        if (io.KeyCtrl || io.KeyShift) {
            SeekReview(review, review.t_ms + direction * (io.KeyCtrl ? kHour : kMinute));
        } else {
            // One event: the next event's instant, or the last instant before the previous one.
            auto to = direction > 0 ? times.next_after(review.t_ms) : times.last_before(review.t_ms);
            if (to) SeekReview(review, *to);
        }
    }
    review.app.request_redraw();
}

// [SECTION] panels

// The bars' buckets: hours over a span of up to four days, days over a longer one.
static void BuildTimeline(Review& review) {
    const LogTimes& times = review.cursor->times();
    const std::int64_t span = times.last_ms() - times.first_ms();
    review.bucket_ms = span <= 4 * kDay ? kHour : kDay;
    // Buckets on the clock's hours or days at +08:00.
    const std::int64_t offset = 8 * kHour;
    review.timeline_from = (times.first_ms() + offset) / review.bucket_ms * review.bucket_ms - offset;
    const std::size_t buckets =
        static_cast<std::size_t>((times.last_ms() - review.timeline_from) / review.bucket_ms + 1);
    review.timeline_to = review.timeline_from + static_cast<std::int64_t>(buckets) * review.bucket_ms;
    review.counts = CountPerBucket(times.report_ms, review.timeline_from, review.bucket_ms, buckets);
    review.max_count = std::max<std::int64_t>(1, *std::max_element(review.counts.begin(), review.counts.end()));
}

void ShowTimeline(Review& review) {
    App& app = review.app;
    const LogTimes& times = review.cursor->times();
    // The band above the map, between the side columns.
    if (!BeginInRegion(app.regions, Region::kTop, "时间轴 Timeline", nullptr, 0, ImGuiWindowFlags_NoScrollbar)) {
        return EndInRegion(app.regions, Region::kTop);
    }

    // Controls: play, steps, speed, loop, the instant.
    if (ImGui::Button(review.playing ? "暂停 Pause" : "播放 Play")) review.playing = !review.playing;
    struct StepButton {
        const char* label;
        std::int64_t ms;  // 0: one event
        int direction;
    };
    const StepButton steps[] = {{"-1h", kHour, -1}, {"-1m", kMinute, -1}, {"-1 事件", 0, -1},
                                {"+1 事件", 0, 1},  {"+1m", kMinute, 1},  {"+1h", kHour, 1}};
    for (const StepButton& s : steps) {
        ImGui::SameLine();
        if (ImGui::Button(s.label)) {
            review.playing = false;
            auto to = s.ms ? std::optional<std::int64_t>(review.t_ms + s.direction * s.ms)
                           : (s.direction > 0 ? times.next_after(review.t_ms) : times.last_before(review.t_ms));
            if (to) SeekReview(review, *to);
        }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    char speed[32];
    std::snprintf(speed, sizeof speed, "%.0fx", kReviewSpeeds[review.speed]);
    if (ImGui::BeginCombo("速度 Speed", speed)) {
        for (int i = 0; i < kReviewSpeedCount; ++i) {
            char item[32];
            std::snprintf(item, sizeof item, "%.0fx", kReviewSpeeds[i]);
            if (ImGui::Selectable(item, i == review.speed)) review.speed = i;
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox("循环 Loop", &review.loop);
    ImGui::SameLine();
    ImGui::Text("%s", Clock8(review.t_ms).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", review.last_move.c_str());

    // The bars: reports per hour or day over the whole log; the range shaded; the instant a red line.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(std::max(100.0f, ImGui::GetContentRegionAvail().x), 74);
    ImGui::InvisibleButton("##bars", size);
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    const double span = static_cast<double>(review.timeline_to - review.timeline_from);
    auto x_of = [&](std::int64_t t) {
        return origin.x + static_cast<float>((t - review.timeline_from) / span) * size.x;
    };
    auto t_of = [&](float x) {
        return review.timeline_from + static_cast<std::int64_t>(std::clamp((x - origin.x) / size.x, 0.0f, 1.0f) * span);
    };
    const ImGuiIO& io = ImGui::GetIO();
    if (active && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        review.range_drag = io.KeyShift;
        review.range_anchor = t_of(io.MousePos.x);
    }
    if (active) {
        const std::int64_t t = t_of(io.MousePos.x);
        if (review.range_drag) {
            SetReviewRange(review, review.range_anchor, t);
        } else {
            review.playing = false;
            SeekReview(review, t);
        }
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(246, 246, 246, 255));
    draw->AddRectFilled(ImVec2(x_of(review.range_from), origin.y), ImVec2(x_of(review.range_to), origin.y + size.y),
                        IM_COL32(255, 214, 120, 110));
    const float bar_w = size.x / static_cast<float>(review.counts.size());
    for (std::size_t i = 0; i < review.counts.size(); ++i) {
        if (!review.counts[i]) continue;
        const float h = (size.y - 4) * static_cast<float>(review.counts[i]) / static_cast<float>(review.max_count);
        const float x = origin.x + bar_w * static_cast<float>(i);
        draw->AddRectFilled(ImVec2(x + (bar_w > 3 ? 0.5f : 0), origin.y + size.y - h),
                            ImVec2(x + std::max(1.0f, bar_w - (bar_w > 3 ? 0.5f : 0)), origin.y + size.y),
                            IM_COL32(70, 110, 170, 255));
    }
    // Day lines with their dates.
    const std::int64_t offset = 8 * kHour;
    const std::int64_t days = (review.timeline_to - review.timeline_from) / kDay;
    const std::int64_t label_every = std::max<std::int64_t>(1, days / 12);
    std::int64_t day_index = 0;
    for (std::int64_t d = (review.timeline_from + offset + kDay - 1) / kDay * kDay - offset; d < review.timeline_to;
         d += kDay, ++day_index) {
        const float x = x_of(d);
        draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + size.y), IM_COL32(150, 150, 150, 160));
        if (day_index % label_every == 0) {
            draw->AddText(ImVec2(x + 3, origin.y + 1), IM_COL32(90, 90, 90, 255),
                          FormatIsoTime(d).substr(5, 5).c_str());
        }
    }
    const float cursor_x = x_of(review.t_ms);
    draw->AddLine(ImVec2(cursor_x, origin.y - 2), ImVec2(cursor_x, origin.y + size.y + 2), IM_COL32(210, 40, 40, 255),
                  2.5f);
    if (hovered) {
        const std::int64_t t = t_of(io.MousePos.x);
        const std::size_t bucket = static_cast<std::size_t>(
            std::clamp<std::int64_t>((t - review.timeline_from) / review.bucket_ms, 0, std::ssize(review.counts) - 1));
        ImGui::SetTooltip("%s  %s %lld", Clock8(t).c_str(), review.bucket_ms == kHour ? "上报/小时" : "上报/天",
                          static_cast<long long>(review.counts[bucket]));
    }
    ImGui::Text("区间 Range %s .. %s  (I / O, shift-drag)   %zu tracks   %s", Clock8(review.range_from).c_str(),
                Clock8(review.range_to).c_str(), review.track_count,
                review.bucket_ms == kHour ? "bars: 上报 reports per hour" : "bars: 上报 reports per day");
    if (!review.error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", review.error.c_str());
    EndInRegion(app.regions, Region::kTop);
}

void ShowReviewFigures(Review& review) {
    // The left column, below the layers panel.
    PanelRegions& regions = review.app.regions;
    if (!BeginInRegion(regions, Region::kLeft, "考核 Figures")) return EndInRegion(regions, Region::kLeft);
    // The range's figures as the log stood at the instant shown (engine/assessment.h, as `gridlink report`).
    const std::int64_t to = std::min(review.range_to, review.t_ms) + 1;
    const Period period{review.range_from, std::max(to, review.range_from)};
    const Incidents& incidents = review.app.world.incidents;
    if (period.from_ms != review.figures_period.from_ms || period.to_ms != review.figures_period.to_ms ||
        incidents.revision != review.figures_revision || incidents.last_seq != review.figures_seq) {
        review.figures = JurisdictionFigures(review.app.world, period);
        review.figures_period = period;
        review.figures_revision = incidents.revision;
        review.figures_seq = incidents.last_seq;
    }
    const Figures& f = review.figures;
    ImGui::TextDisabled("%s ..", Clock8(review.range_from).c_str());
    ImGui::TextDisabled("   .. %s", Clock8(to - 1).c_str());
    auto rate = [](std::int64_t a, std::int64_t b) { return b ? 100.0 * static_cast<double>(a) / b : 0.0; };
    if (ImGui::BeginTable("figures", 2)) {
        auto row = [](const char* name, const std::string& value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
        };
        char pct[32];
        row("上报数 reported", std::to_string(f.reported));
        row("立案数 registered", std::to_string(f.registered));
        row("应结案 due", std::to_string(f.due));
        row("结案数 closed", std::to_string(f.closed));
        std::snprintf(pct, sizeof pct, f.due ? "%.1f%%" : "-", rate(f.closed, f.due));
        row("结案率", pct);
        std::snprintf(pct, sizeof pct, f.due ? "%.1f%%" : "-", rate(f.closed_on_time, f.due));
        row("按期结案率", pct);
        row("在办 open", std::to_string(f.open));
        row("超期 overdue", std::to_string(f.overdue_open));
        ImGui::EndTable();
    }
    EndInRegion(regions, Region::kLeft);
}

// [SECTION] the seat

namespace {

class ReviewSeat {
  public:
    explicit ReviewSeat(const ReviewOptions& options)
        : options_(options), harness_({options.max_frames, 0, options.screenshot}, Clock::now()) {}
    std::optional<int> start(std::unique_ptr<LiveSession> session, std::unique_ptr<ReviewCursor> cursor);
    bool frame();
    int shutdown();

  private:
    const ReviewOptions& options_;
    FrameHarness harness_;
    Result<std::unique_ptr<GlContext>> context_ = Error{"no window"};
    bool imgui_ = false;
    std::unique_ptr<LiveSession> session_;
    std::unique_ptr<App> app_;
    std::unique_ptr<Review> review_;
    std::unique_ptr<ImGuiTextPainter> painter_;
    MapDrag drag_;
    int fb_w_ = 0, fb_h_ = 0;
    bool first_ = true;
    double last_time_ = 0;
    Picture last_picture_;
};

std::optional<int> ReviewSeat::start(std::unique_ptr<LiveSession> session, std::unique_ptr<ReviewCursor> cursor) {
    session_ = std::move(session);
    context_ =
        GlContext::CreateWindow("gridlink 回放 review", options_.width, options_.height, options_.max_frames == 0);
    if (!context_) {
        return RenderOverviewInstead(session_->world(), session_->label(), "cannot open a window: " + context_.error());
    }
    if (harness_.timing()) glfwSwapInterval(0);
    StartImGui(context_.value()->window());
    imgui_ = true;
    ImGui::StyleColorsLight();
    ImGui::GetStyle().WindowRounding = 6;

    app_ = std::make_unique<App>(*session_);
    App& app = *app_;
    app.workspace_label = session_->label();
    app.window = context_.value()->window();
    if (auto t = Transform::Create(app.world.crs, Crs::LonLat())) app.to_lonlat.emplace(std::move(t.value()));
    review_ = std::make_unique<Review>(app, std::move(cursor));
    Review& review = *review_;
    const LogTimes& times = review.cursor->times();
    if (times.empty()) {
        std::fprintf(stderr, "gridlink: review: %s: the log has no events to review\n", session_->workspace().c_str());
        return 2;
    }
    const std::int64_t at = options_.at_ms == INT64_MIN ? times.last_ms() : options_.at_ms;
    SeekReview(review, at);
    if (!review.error.empty()) {
        std::fprintf(stderr, "gridlink: review: %s\n", review.error.c_str());
        return 2;
    }
    const std::int64_t to = options_.to_ms == INT64_MIN ? review.t_ms : options_.to_ms;
    SetReviewRange(review, options_.from_ms == INT64_MIN ? to - kDay : options_.from_ms, to);
    SeekReview(review, review.t_ms);  // the heat follows the range
    review.playing = options_.play;
    BuildTimeline(review);

    std::vector<std::string> texts = MapTexts(app.world);
    texts.emplace_back(kReviewTexts);
    app.fonts = LoadFonts(texts);
    if (!app.fonts.cjk) std::fprintf(stderr, "gridlink: warning: %s\n", app.fonts.description.c_str());
    glfwGetFramebufferSize(app.window, &fb_w_, &fb_h_);
    app.regions.top_height = kTimelineHeight;
    LayOutMap(app, std::max(fb_w_, 1), std::max(fb_h_, 1));
    if (Status s = app.view.load(app.world); !s) {
        std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
        return 1;
    }
    if (auto* heat = app.view.layer_as<HeatLayer>("heat")) heat->visible = true;
    SeekReview(review, review.t_ms);
    // The map between the side columns, below the timeline and above the queue (the camera's viewport).
    FitToJurisdiction(app.view.camera, app.world);
    app.incidents.filter.states = kAllStates;
    if (!options_.select.empty()) {
        auto found = app.world.incidents.by_id.find(options_.select);
        if (found == app.world.incidents.by_id.end()) {
            std::fprintf(stderr, "gridlink: review: --select: no case '%s' at %s\n", options_.select.c_str(),
                         FormatIsoTime(review.t_ms).c_str());
            return 2;
        }
        app.incidents.selected = static_cast<std::int64_t>(found->second);
    }
    painter_ = std::make_unique<ImGuiTextPainter>(app.fonts.label);
    last_time_ = glfwGetTime();
    return std::nullopt;
}

bool ReviewSeat::frame() {
    App& app = *app_;
    Review& review = *review_;
    if (glfwWindowShouldClose(app.window)) return false;
    if (review.playing || app.redraw_frames > 0 || app.view.camera.flying() || harness_.timing()) {
        glfwPollEvents();
    } else if (app.view.busy() || app.view.animating()) {
        glfwWaitEventsTimeout(app.view.busy() ? 0.05 : 1.0 / 20);
        app.request_redraw(1);
    } else {
        glfwWaitEvents();
        app.request_redraw();
    }
    const auto frame_start = Clock::now();
    const double now = glfwGetTime();
    AdvanceReview(review, harness_.timing() ? 0 : now - last_time_);
    last_time_ = now;
    glfwGetFramebufferSize(app.window, &fb_w_, &fb_h_);
    LayOutMap(app, std::max(fb_w_, 1), std::max(fb_h_, 1));
    if (app.view.camera.animate(now)) app.request_redraw();
    LoadRangeTracks(review);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ShowLayersPanel(app);
    ShowReviewFigures(review);
    ShowTimeline(review);
    ShowSelectionPanel(app);
    ShowIncidentQueue(app);
    ShowIncidentDetail(app);
    ShowStatusBar(app);
    HandleReviewKeys(review);
    HandleMapInput(app, drag_, now, false);

    app.view.now_ms = review.t_ms;
    app.view.draw(now, painter_.get());
    DrawMapFurniture(app);
    PresentFrame(app.window, harness_, fb_w_, fb_h_, last_picture_);
    app.redraw_frames = std::max(0, app.redraw_frames - 1);
    if (first_) {
        glFinish();
        std::printf("first frame after %.3f s (%zu grids, %s)\n",
                    std::chrono::duration<double>(Clock::now() - options_.started).count(), app.world.grids.size(),
                    context_.value()->description().c_str());
        first_ = false;
    }
    if (harness_.timing()) app.request_redraw(1);  // timing mode: every frame drawn
    return FrameDone(harness_, false, frame_start, last_picture_);
}

int ReviewSeat::shutdown() {
    if (review_) {
        char what[64];
        std::snprintf(what, sizeof what, "frames at %dx%d", fb_w_, fb_h_);
        harness_.report(what);
        // The state shown, for scripts and tests: the instant, the cases, and the checksum of its serialised form.
        const World& world = app_->world;
        std::size_t open = 0;
        for (const Incident& c : world.incidents.cases) open += IsOpen(c.state);
        std::printf("review at %s: %zu cases, %zu open, last seq %" PRId64 ", state %016" PRIx64 "\n",
                    FormatIsoTime(review_->t_ms).c_str(), world.incidents.cases.size(), open, world.incidents.last_seq,
                    SnapshotChecksum(SerializeState(world)));
    }
    painter_.reset();
    review_.reset();
    app_.reset();
    if (imgui_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    session_.reset();
    return 0;
}

}  // namespace

int RunReview(std::unique_ptr<LiveSession> session, std::unique_ptr<ReviewCursor> cursor,
              const ReviewOptions& options) {
    ReviewSeat seat(options);
    return RunSeat(seat, std::move(session), std::move(cursor));
}

// [SECTION] exports

Result<std::int64_t> ParseStep(const std::string& text) {
    if (text.size() < 2) return Error{"--step: expected a number and a unit (30s, 10m, 1h, 1d), got '" + text + "'"};
    const char unit = text.back();
    const std::int64_t scale = unit == 's'   ? 1000
                               : unit == 'm' ? kMinute
                               : unit == 'h' ? kHour
                               : unit == 'd' ? kDay
                                             : 0;
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (!scale || end != text.c_str() + text.size() - 1 || n <= 0) {
        return Error{"--step: expected a number and a unit (30s, 10m, 1h, 1d), got '" + text + "'"};
    }
    return n * scale;
}

// The path of frame `index`: the pattern's printf number (frame-%04d.png), or -NNNN before the extension.
static std::string FramePath(const std::string& pattern, int index) {
    if (pattern.find('%') != std::string::npos) {
        char path[4096];
        std::snprintf(path, sizeof path, pattern.c_str(), index);
        return path;
    }
    const std::filesystem::path p(pattern);
    char number[16];
    std::snprintf(number, sizeof number, "-%04d", index);
    std::string name = p.stem().string();
    name.append(number).append(p.extension().string());
    return (p.parent_path() / name).string();
}

int RenderSequence(const std::string& workspace, const std::string& label, World base, std::int64_t from_ms,
                   std::int64_t to_ms, std::int64_t step_ms, const std::string& out_pattern, int width, int height,
                   const std::string& video, const std::vector<std::string>& layers) {
    if (to_ms < from_ms) return Fail("render: --to is before --from");
    const std::int64_t frames = (to_ms - from_ms) / step_ms + 1;
    if (frames > 100000) return Fail("render: more than 100000 frames; take a longer --step");
    auto cursor = ReviewCursor::Open(workspace, std::move(base));
    if (!cursor) return Fail("render: " + cursor.error());
    World world;
    if (auto m = cursor.value()->move_to(world, from_ms); !m) return Fail("render: " + m.error());
    auto renderer = OffscreenRenderer::Create();
    if (!renderer) return Fail("render: " + renderer.error());
    MapView& view = renderer.value()->view();
    view.camera.width = width;
    view.camera.height = height;
    if (Status s = renderer.value()->load(world, layers); !s) return Fail("render: " + s.error());
    if (auto* heat = view.layer_as<HeatLayer>("heat")) heat->visible = true;
    view.camera.fit(world.bounds());
    const std::string title = std::filesystem::path(label).filename().string();
    const auto started = Clock::now();
    std::string first_path;
    for (std::int64_t i = 0; i < frames; ++i) {
        const std::int64_t t = from_ms + i * step_ms;
        auto move = cursor.value()->move_to(world, t);
        if (!move) return Fail("render: " + move.error());
        if (move->rebuilt) {
            view.set_world(world);
        } else if (move->applied) {
            view.notify(kChangeIncidents | kChangeResources);
        }
        view.now_ms = t;
        if (auto* heat = view.layer_as<HeatLayer>("heat")) {
            // A rolling window (three hours, or the step when longer): the range's whole heat saturates.
            heat->hours = static_cast<int>(std::max<std::int64_t>(3, (step_ms + kHour - 1) / kHour));
        }
        auto picture = renderer.value()->render(4, true, title + "  " + Clock8(t));
        if (!picture) return Fail("render: " + picture.error());
        const std::string path = FramePath(out_pattern, static_cast<int>(i) + 1);
        if (i == 0) {
            first_path = path;
            const auto dir = std::filesystem::path(path).parent_path();
            std::error_code ec;
            if (!dir.empty()) std::filesystem::create_directories(dir, ec);
        }
        if (Status s = WritePng(path, picture.value()); !s) return Fail("render: " + s.error());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("wrote %" PRId64 " frames %s .. %s (%dx%d, every %" PRId64
                " s of the log) in %.2f s, %.1f ms a frame\n",
                frames, first_path.c_str(), FramePath(out_pattern, static_cast<int>(frames)).c_str(), width, height,
                step_ms / 1000, seconds, 1000 * seconds / static_cast<double>(frames));
    if (video.empty()) return 0;
    if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) {
        std::printf("no video: ffmpeg is not installed (the frames above are the sequence; apt-get install ffmpeg)\n");
        return 0;
    }
    std::string pattern = out_pattern;
    if (pattern.find('%') == std::string::npos) {
        const std::filesystem::path p(out_pattern);
        pattern = (p.parent_path() / (p.stem().string() + "-%04d" + p.extension().string())).string();
    }
    std::string command = "ffmpeg -y -loglevel error -framerate 10 -start_number 1 -i '";
    command.append(pattern)
        .append("' -pix_fmt yuv420p -vf 'pad=ceil(iw/2)*2:ceil(ih/2)*2' '")
        .append(video)
        .append("'");
    if (std::system(command.c_str()) != 0) return Fail("render: ffmpeg could not write " + video);
    std::printf("wrote %s\n", video.c_str());
    return 0;
}

// [SECTION] the command

static const char* kReviewHelp =
    "gridlink review WORKSPACE [--at TIME] [--from TIME] [--to TIME] [--size WxH] [--frames N [--screenshot "
    "FILE.png]]\n"
    "                [--play] [--select CASE] [--cases FILE.csv|.gpkg] [--figures FILE.csv|.gpkg [--by UNIT]]\n"
    "A supervisor's review of the recorded log, read-only (the log is never written; its writers are not blocked):\n"
    "the map, the queue and the figures exactly as they stood at TIME, a timeline of the reports per hour or day\n"
    "to drag through, playback, resource tracks and the heat of reports over a range, a case's history on click.\n"
    "Keys: space play/pause, Left/Right one event (Shift: a minute, Ctrl: an hour), [ ] slower/faster (1x to 7 days\n"
    "a second), L loop the range, I / O the range's start / end at the instant shown, Home / End the log's ends;\n"
    "shift-drag on the timeline picks a range.\n"
    "  --at       the instant to open at (ISO 8601, or YYYY-MM-DD: its midnight at +08:00; default: the log's end)\n"
    "  --from, --to   the range (default: the day before --at)\n"
    "  --frames   draw N frames back to back, print their timing and the state shown, close\n"
    "  --cases    no window: write the cases reported in the range with their state at --at (CSV or GeoPackage)\n"
    "  --figures  no window: write the range's figures as `gridlink report` does (--by, default all)\n";

int CommandReview(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kReviewHelp, stdout), 0;
    const auto started = Clock::now();
    auto args = Args::Parse(
        words, {"at", "from", "to", "size", "frames", "screenshot", "select", "cases", "figures", "by"}, {"play"});
    if (!args) return Fail("review: " + args.error());
    if (args->positional().size() != 1) return Fail("review: name one WORKSPACE (a .gpkg with its event log)");
    ReviewOptions options;
    options.started = started;
    options.play = args->has("play");
    options.select = args->get("select");
    options.screenshot = args->get("screenshot");
    for (const char* name : {"at", "from", "to"}) {
        if (!args->has(name)) continue;
        auto t = ParseTimeOption(args->get(name));
        if (!t) return Fail(std::string("review: --") + name + ": " + t.error());
        (std::string(name) == "at"     ? options.at_ms
         : std::string(name) == "from" ? options.from_ms
                                       : options.to_ms) = t.value();
    }
    auto frames = args->integer("frames", 0, 0, 1'000'000);
    if (!frames) return Fail("review: " + frames.error());
    options.max_frames = static_cast<int>(frames.value());
    if (!options.screenshot.empty() && options.max_frames == 0) return Fail("review: --screenshot needs --frames N");
    if (args->has("size")) {
        auto size = ParseSize(args->get("size"));
        if (!size) return Fail("review: " + size.error());
        options.width = size->first;
        options.height = size->second;
    }
    Result<GroupBy> by = ParseGroupBy(args->get("by", "all"));
    if (!by) return Fail("review: --by: " + by.error());

    std::string label, path;
    auto base = OpenWorld(args.value(), &label, &path);
    if (!base) return Fail(base.error());
    auto cursor = ReviewCursor::Open(path, std::move(base.value()));
    if (!cursor) return Fail("review: " + cursor.error());
    const LogTimes& times = cursor.value()->times();
    if (times.empty()) return Fail("review: " + path + ": the log has no events to review");

    if (args->has("cases") || args->has("figures")) {
        // Exports, no window: the range's cases with their state at --at, the range's figures.
        const std::int64_t at = options.at_ms == INT64_MIN ? times.last_ms() : options.at_ms;
        const std::int64_t to = options.to_ms == INT64_MIN ? at : options.to_ms;
        const std::int64_t from = options.from_ms == INT64_MIN ? to - kDay : options.from_ms;
        World world;
        if (auto m = cursor.value()->move_to(world, at); !m) return Fail("review: " + m.error());
        if (args->has("cases")) {
            const auto cases = CasesReportedIn(world, from, to);
            if (Status s = WriteCases(args->get("cases"), world, cases, at); !s) return Fail("review: " + s.error());
            std::printf("wrote %s: %zu cases reported %s .. %s, as they stood at %s\n", args->get("cases").c_str(),
                        cases.size(), FormatIsoTime(from).c_str(), FormatIsoTime(to).c_str(),
                        FormatIsoTime(at).c_str());
        }
        if (args->has("figures")) {
            const auto rows = FiguresBy(world, Period{from, to}, by.value());
            if (Status s = WriteReport(args->get("figures"), rows, world); !s) return Fail("review: " + s.error());
            std::printf("wrote %s: the figures of %s .. %s, %zu rows\n", args->get("figures").c_str(),
                        FormatIsoTime(from).c_str(), FormatIsoTime(to).c_str(), rows.size());
        }
        return 0;
    }
    World first = cursor.value()->base();
    auto session = LiveSession::ReadOnly(std::move(first), label);
    if (!HaveDisplay()) {
        auto m =
            cursor.value()->move_to(session->world(), options.at_ms == INT64_MIN ? times.last_ms() : options.at_ms);
        if (!m) return Fail("review: " + m.error());
        return RenderOverviewInstead(session->world(), label, "no display (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    return RunReview(std::move(session), std::move(cursor.value()), options);
}

}  // namespace gridlink
