// The choropleth: each grid of the level shown gets one colour from its measure's class (per-grid colours in
// a buffer texture, so a new measure or new counts upload bytes, never geometry); fills and outlines of a
// level are built once, when a frame first shows it.
#include "choropleth_layer.h"

#include <algorithm>
#include <chrono>

#include "engine/assessment.h"

namespace gridlink {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr float kFillAlpha = 0.78f;

// Sequential ramps (ColorBrewer): counts from pale yellow to dark red; rates from red (low) to green (high).
const std::vector<Rgba> kCountRamp = {
    {255, 255, 255, 0}, {254, 217, 118, 255}, {254, 178, 76, 255}, {240, 59, 32, 255}, {189, 0, 38, 255}};
const std::vector<Rgba> kOverdueRamp = {
    {255, 255, 255, 0}, {252, 187, 161, 255}, {251, 106, 74, 255}, {203, 24, 29, 255}, {103, 0, 13, 255}};
const std::vector<Rgba> kRateRamp = {
    {215, 25, 28, 255}, {253, 174, 97, 255}, {255, 255, 191, 255}, {166, 217, 106, 255}, {26, 150, 65, 255}};
constexpr Rgba kNoData{200, 200, 200, 255};

bool IsCount(ChoroplethMeasure m) { return m == ChoroplethMeasure::kOpen || m == ChoroplethMeasure::kOverdue; }

// The ramp's colour for class k of n: spread over the ramp so that fewer classes keep its ends.
Rgba RampColor(const std::vector<Rgba>& ramp, int k, int n) {
    if (n <= 1) return ramp.back();
    const std::size_t at = static_cast<std::size_t>(std::lround(k * (ramp.size() - 1) / double(n - 1)));
    return ramp[std::min(at, ramp.size() - 1)];
}

}  // namespace

const char* MeasureName(ChoroplethMeasure measure) {
    switch (measure) {
        case ChoroplethMeasure::kOpen: return "未结案 open cases";
        case ChoroplethMeasure::kOverdue: return "超时 overdue cases";
        case ChoroplethMeasure::kClosureRate: return "结案率 closure rate";
        case ChoroplethMeasure::kOnTimeRate: return "按期结案率 on-time rate";
    }
    return "";
}

std::vector<std::optional<double>> ChoroplethValues(const World& world, int level, ChoroplethMeasure measure,
                                                    std::int64_t now_ms, int period_days) {
    const GridSet& grids = world.grids;
    const std::vector<std::size_t>& list = grids.at_level(level);
    std::vector<std::optional<double>> values(list.size());
    if (list.empty()) return values;
    std::vector<std::int64_t> position(grids.size(), -1);
    for (std::size_t k = 0; k < list.size(); ++k) position[list[k]] = static_cast<std::int64_t>(k);
    if (IsCount(measure)) {
        std::vector<double> counts(list.size(), 0);
        for (const Incident& c : world.incidents.cases) {
            if (!IsOpen(c.state) || c.grid < 0 || static_cast<std::size_t>(c.grid) >= grids.size()) continue;
            if (measure == ChoroplethMeasure::kOverdue && !c.overdue(now_ms)) continue;
            for (std::size_t g : grids.ancestry(static_cast<std::size_t>(c.grid))) {
                if (grids[g].level == level) ++counts[static_cast<std::size_t>(position[g])];
            }
        }
        for (std::size_t k = 0; k < list.size(); ++k) values[k] = counts[k];
        return values;
    }
    const Period period{now_ms - period_days * kDayMs, now_ms + 1};
    for (const UnitFigures& unit : FiguresBy(world, period, GroupBy{Grouping::kLevel, level})) {
        if (unit.grid < 0 || static_cast<std::size_t>(unit.grid) >= grids.size()) continue;
        const std::int64_t k = position[static_cast<std::size_t>(unit.grid)];
        if (k < 0) continue;
        values[static_cast<std::size_t>(k)] =
            measure == ChoroplethMeasure::kClosureRate ? unit.figures.closure_rate() : unit.figures.on_time_rate();
    }
    return values;
}

// [SECTION] lifecycle

Status ChoroplethLayer::create(const World& world, LayerSetup& setup) {
    origin_ = setup.origin;
    lod_.measure(world.grids);
    auto fill = setup.programs.get("polygon_fill", FillShaders());
    if (!fill) return Error{fill.error()};
    fill_ = fill.value();
    auto line = setup.programs.get("line", LineShaders());
    if (!line) return Error{line.error()};
    line_ = line.value();
    for (LevelFill& l : levels_) {
        l.ready = false;
        l.pending = {};
    }
    const std::size_t n = std::max<std::size_t>(world.grids.size(), 1);
    colors_ = std::make_unique<gl::BufferTexture>(GL_RGBA8);
    state_ = std::make_unique<gl::BufferTexture>(GL_R8UI);
    const std::vector<Rgba> clear(n, Rgba{0, 0, 0, 0});
    colors_->upload(clear.data(), n * sizeof(Rgba));
    const std::vector<std::uint8_t> zero(n, 0);
    state_->upload(zero.data(), n);
    grids_ = &world.grids;
    shown_level_ = -1;
    return {};
}

void ChoroplethLayer::update(const World& world, const MapSelection&, unsigned changes) {
    if (changes & kChangeWorld) {
        lod_.measure(world.grids);
        grids_ = &world.grids;
        shown_level_ = -1;
    }
    if (changes & (kChangeIncidents | kChangeWorld)) shown_revision_ = -1;
}

void ChoroplethLayer::set_measure(ChoroplethMeasure measure) { measure_ = measure; }

void ChoroplethLayer::prepare_frame(FrameContext& frame) const {
    frame.cases_in_choropleth = visible && opacity > 0 && IsCount(measure_);
    frame.choropleth_when_crowded = !visible && when_crowded && opacity > 0;
}

bool ChoroplethLayer::shown(const FrameContext& frame) const {
    const bool on = visible && opacity > 0;
    shown_by_crowding_ = !on && frame.choropleth_when_crowded && frame.cases_crowded;
    return on || shown_by_crowding_;
}

bool ChoroplethLayer::ensure_level(int level) {
    LevelFill& l = levels_[level];
    if (l.ready) return true;
    if (!l.pending.valid()) {
        l.pending = std::async(std::launch::async, [grids = grids_, level, origin = origin_] {
            return BuildGridLevel(*grids, grids->at_level(level), origin);
        });
    }
    if (!wait_for_builds && l.pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        waiting_ = true;
        return false;
    }
    const GridLevelGeometry geometry = l.pending.get();
    l.fill.upload(geometry.mesh, geometry.features, origin_);
    l.outline.upload(geometry.segments);
    l.ready = true;
    return true;
}

void ChoroplethLayer::recolor(const World& world, int level, ChoroplethMeasure measure, std::int64_t now_ms) {
    const std::vector<std::optional<double>> values = ChoroplethValues(world, level, measure, now_ms, period_days);
    ClassBreaks breaks;
    if (IsCount(measure)) {
        std::vector<double> plain;
        for (const auto& v : values) {
            if (v) plain.push_back(*v);
        }
        breaks = CountBreaks(plain);
    } else {
        breaks = RateBreaks();
    }
    const std::vector<Rgba>& ramp = measure == ChoroplethMeasure::kOpen      ? kCountRamp
                                    : measure == ChoroplethMeasure::kOverdue ? kOverdueRamp
                                                                             : kRateRamp;
    const int n = breaks.classes();
    legend_ = {};
    legend_.title = MeasureName(measure);
    if (!IsCount(measure)) legend_.title += " · " + std::to_string(period_days) + " 天 days";
    for (int k = 0; k < n; ++k) {
        Rgba c = RampColor(ramp, k, n);
        if (IsCount(measure) && k == 0) c = Rgba{255, 255, 255, 0};  // no case: the grid as it is
        legend_.colors.push_back(c);
        legend_.labels.push_back(breaks.label(k));
    }
    legend_.no_data = kNoData;
    std::vector<Rgba> colors(std::max<std::size_t>(world.grids.size(), 1), Rgba{0, 0, 0, 0});
    const std::vector<std::size_t>& list = world.grids.at_level(level);
    for (std::size_t k = 0; k < list.size() && k < values.size(); ++k) {
        Rgba c = kNoData;
        if (values[k]) {
            c = legend_.colors[static_cast<std::size_t>(breaks.class_of(*values[k]))];
        } else {
            legend_.has_no_data = true;
        }
        c.a = static_cast<std::uint8_t>(c.a * kFillAlpha);
        colors[list[k]] = c;
    }
    colors_->upload(colors.data(), colors.size() * sizeof(Rgba));
}

// [SECTION] drawing

void ChoroplethLayer::draw(const FrameContext& frame) {
    waiting_ = false;
    if (!frame.world || !fill_ || !grids_) return;
    const World& world = *frame.world;
    const double mpp = frame.camera.meters_per_pixel;
    int level = frame.grid_fill_level ? frame.grid_fill_level : lod_.fill_level(mpp);
    if (level < 1 || level > kLevelCount || world.grids.at_level(level).empty()) return;
    if (!ensure_level(level)) return;
    // Off but shown where the cases crowd: the open cases, whatever measure the seat last chose.
    const ChoroplethMeasure measure = visible ? measure_ : ChoroplethMeasure::kOpen;
    const std::int64_t now = frame.now_ms ? frame.now_ms : world.incidents.clock_ms;
    // Rates move with the period's end: recomputed once a minute, counts whenever the log moves.
    const std::int64_t minute = now / 60000;
    if (level != shown_level_ || world.incidents.revision != shown_revision_ ||
        static_cast<int>(measure) != shown_measure_ || (minute != shown_minute_)) {
        recolor(world, level, measure, now);
        shown_level_ = level;
        shown_revision_ = world.incidents.revision;
        shown_measure_ = static_cast<int>(measure);
        shown_minute_ = minute;
    }
    LevelFill& l = levels_[level];
    fill_->use();
    SetViewUniforms(*fill_, frame);
    colors_->bind(0);
    state_->bind(1);
    fill_->set("u_colors", 0);
    fill_->set("u_state", 1);
    fill_->set("u_hover", -1);
    fill_->set("u_opacity", opacity);
    l.fill.draw();
    l.outline.draw(*line_, frame, 0.8f, {90, 70, 60, 160}, opacity);
}

}  // namespace gridlink
