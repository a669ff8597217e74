// The choropleth layer (专题图): the grids of the level shown coloured by a measure the seat switches: open
// cases, overdue cases, 结案率 closure rate or 按期结案率 on-time rate over a period; with the legend (ramp and
// breaks) that panels draw. Off until a seat turns it on; the incidents layer's bubbles give way to it.
#pragma once

#include <array>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "engine/class_breaks.h"
#include "engine/grid_display.h"
#include "layer.h"

namespace gridlink {

enum class ChoroplethMeasure : std::uint8_t { kOpen, kOverdue, kClosureRate, kOnTimeRate };
inline constexpr int kChoroplethMeasureCount = 4;
// "未结案 open cases" .. for menus and the legend's title.
const char* MeasureName(ChoroplethMeasure measure);

// What a legend shows: one swatch and label per class, then "no data" when some grid has none.
struct ChoroplethLegend {
    std::string title;
    std::vector<Rgba> colors;
    std::vector<std::string> labels;
    bool has_no_data = false;
    Rgba no_data{};
};

// Each grid's value of `measure` at `level` (indexed like grids.at_level(level)); empty optional: no data
// (a rate with nothing due). Open and overdue count the open cases at `now_ms`; the rates are FiguresBy over
// the `period_days` before `now_ms`.
std::vector<std::optional<double>> ChoroplethValues(const World& world, int level, ChoroplethMeasure measure,
                                                    std::int64_t now_ms, int period_days);

class ChoroplethLayer : public Layer {
  public:
    ChoroplethLayer() { visible = false; }
    std::string_view id() const override { return "choropleth"; }
    std::string_view title() const override { return "专题 Choropleth"; }
    Status create(const World& world, LayerSetup& setup) override;
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;
    // Tells the incidents layer (FrameContext::cases_in_choropleth) that case counts are on the map.
    void prepare_frame(FrameContext& frame) const override;
    // Visible, or off but shown by itself (open cases) where the incidents crowd (FrameContext::cases_crowded).
    bool shown(const FrameContext& frame) const override;
    bool busy() const override { return waiting_; }

    void set_measure(ChoroplethMeasure measure);
    ChoroplethMeasure measure() const { return measure_; }
    int period_days = 30;
    // While off, show open cases by itself where the cases crowd, in place of the incidents' grid bubbles.
    bool when_crowded = true;
    // The last frame showed the choropleth because the cases crowded, not because it was on (panels show
    // the legend then too).
    bool shown_by_crowding() const { return shown_by_crowding_; }
    // Pictures (render, tests) wait for background builds; the seats set this false.
    bool wait_for_builds = true;
    // The legend of the last frame drawn (empty before the first).
    const ChoroplethLegend& legend() const { return legend_; }

  private:
    struct LevelFill {
        FillBatch fill;
        LineBatch outline;
        bool ready = false;
        std::future<GridLevelGeometry> pending;
    };
    bool ensure_level(int level);
    void recolor(const World& world, int level, ChoroplethMeasure measure, std::int64_t now_ms);

    ChoroplethMeasure measure_ = ChoroplethMeasure::kOpen;
    GridLod lod_;
    Vec2 origin_;
    gl::Program* fill_ = nullptr;
    gl::Program* line_ = nullptr;
    std::array<LevelFill, kLevelCount + 2> levels_;
    const GridSet* grids_ = nullptr;  // the World's grids (create, or a kChangeWorld update)
    std::unique_ptr<gl::BufferTexture> colors_, state_;
    ChoroplethLegend legend_;
    // What the uploaded colours show.
    int shown_level_ = -1;
    std::int64_t shown_revision_ = -1;
    std::int64_t shown_minute_ = -1;
    int shown_measure_ = -1;
    bool waiting_ = false;
    mutable bool shown_by_crowding_ = false;  // set by shown(), which MapView asks every frame
};

}  // namespace gridlink
