// The incidents layer (事件): one instanced signed-distance marker per case, shape by category, colour by
// priority, fill style by state, and a shader-driven pulse for new and overdue cases; zoomed out, one
// count bubble per grid of the filled level instead of a forest of markers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/grid_display.h"
#include "layer.h"
#include "markers.h"

namespace gridlink {

// How a case looks (shaders/incident.frag draws it):
//
//   shape by category   circle 市容环境 city appearance, square 街面秩序 street order, triangle 施工管理
//                       construction, diamond 宣传广告 advertising, star 突发事件 emergency, hexagon 公共设施
//                       public facilities
//   colour by priority  1 red, 2 orange, 3 amber, 4 blue-grey; always a dark rim and a white halo
//   style by state      reported, registered: hollow (a thick coloured ring around a white centre)
//                       dispatched: solid            accepted: solid with a white centre dot
//                       handled, verified: pale fill with a dark check mark
//                       returned: solid with a dashed orange rim
//                       closed, cancelled: not drawn; with show_finished, small faint grey
//   flags               new (reported in the last 10 minutes): a ring in the case's colour expanding
//                       every 2 s; overdue (open past its deadline): a steady red outer ring and a
//                       stronger, faster red pulse. The pulse is computed from u_time in the shader.
//
// Zoomed out beyond kAggregateAboveMpp the open cases inside grids are counted per grid of the level the
// grids layer fills (the frame's grid_fill_level) and drawn as one bubble per grid at its label point
// (shifted below the grid's name), sized by the count, coloured by its most urgent case (red ring and
// pulse when any is overdue), with the count as text. Cases outside the jurisdiction (no grid) are counted
// the same way per square cell of about kOutsideCellPixels (a power of two in metres, so that panning keeps
// the clusters), each bubble at its cases' mean position. Where the choropleth colours open or overdue
// cases per grid (FrameContext::cases_in_choropleth) and some grid holds kCrowdedCount or more, the grids'
// bubbles give way to it (the outside ones stay: no grid colours them); with the choropleth off, it comes on
// by itself (open cases) when they crowd so (prepare_frame). Marker and bubble sizes, and the counts' text,
// follow FrameContext::pixel_scale.
class IncidentsLayer : public Layer {
  public:
    std::string_view id() const override { return "incidents"; }
    std::string_view title() const override { return "事件 Incidents"; }
    Status create(const World& world, LayerSetup& setup) override;
    // kChangeIncidents (or kChangeWorld): re-uploads the instance bytes when world.incidents.revision moved.
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    // Per-case flags follow the frame's now_ms (the log's clock when 0). Rather than on every minute, the
    // instance bytes are rebuilt only when now_ms reaches the next instant a flag flips (a case stops being
    // new or passes its deadline) or runs backwards (replay): one comparison per frame otherwise.
    void draw(const FrameContext& frame) override;
    // New and overdue cases pulse (u_time in the shader): the seat keeps drawing while any is drawn.
    bool animating() const override { return pulsing_; }
    // The nearest marker under the point (within its drawn radius); zoomed out, a bubble picks the most
    // urgent case of its grid. The index is into world.incidents.cases.
    std::optional<Pick> pick(const World& world, Vec2 world_point, const FrameContext& frame) const override;
    // Where the choropleth would show by itself (FrameContext::choropleth_when_crowded) and some grid of the
    // aggregated level holds kCrowdedCount or more open cases: sets cases_crowded and cases_in_choropleth, so
    // that the grids' bubbles step back for it.
    void prepare_frame(FrameContext& frame) const override;

    // Zoomed out further than this (metres per pixel), cases inside grids are counted per grid: where the
    // resources give way too (dispatch lines join markers drawn one by one).
    static constexpr double kAggregateAboveMpp = markers::kVisibleBelowMpp;
    // A case reported this recently (ms before the frame's now_ms) pulses as new.
    static constexpr std::int64_t kNewForMs = 10 * 60 * 1000;
    // Draw closed and cancelled cases too (small and faint); off by default.
    bool show_finished = false;

    static constexpr double kOutsideCellPixels = 96;
    static constexpr int kCrowdedCount = 25;
    // The last aggregated frame had a grid with kCrowdedCount or more open cases: the seat may show the
    // choropleth instead of bubbles.
    bool crowded() const { return crowded_; }

    // For tests: how many markers and bubbles the last frame drew, and how often the instance bytes were uploaded.
    std::size_t drawn_markers() const { return drawn_markers_; }
    std::size_t drawn_bubbles() const { return bubbles_.size(); }
    std::size_t uploads() const { return uploads_; }

  private:
    struct Bubble {
        std::int64_t grid;  // -1: a cluster of cases outside the jurisdiction
        Vec2 position;
        int count;
        std::size_t worst;  // the most urgent case inside
    };
    // Flags and urgency of each case at now_ms; re-uploads the instances.
    void rebuild(const World& world, std::int64_t now_ms);
    void rebuild_bubbles(const World& world, int level, double outside_cell, bool grids_too);
    // Level of detail, label points and each grid's position in its level, for the World's grids.
    void measure_grids(const GridSet& grids);
    bool drawn(const Incident& incident) const;
    // The grid of `level` holding the case, or -1 (outside, or its finest grid is coarser than `level`).
    static std::int64_t grid_at_level(const GridSet& grids, const Incident& incident, int level);
    double marker_size(double mpp, float pixel_scale) const;
    int aggregate_level(const World& world, const FrameContext& frame) const;
    void draw_instances(gl::VertexArray& vao, std::size_t count, float size_px, float offset_px);

    gl::Program* program_ = nullptr;
    Vec2 origin_;
    GridLod lod_;  // the aggregation level when no grids layer sets the frame's fill level

    // Markers: every drawn case, least urgent first (urgent ones on top).
    std::unique_ptr<gl::VertexArray> marker_vao_, bubble_vao_;
    std::unique_ptr<gl::Buffer> marker_vbo_, bubble_vbo_;
    std::vector<std::size_t> marker_cases_;  // instance -> case, in drawing order
    std::vector<std::uint8_t> flags_;        // per case: 1 new, 2 overdue
    bool pulsing_ = false;                   // some drawn case is new or overdue
    std::int64_t revision_ = -1;             // world.incidents.revision the instances show
    std::int64_t flags_now_ms_ = 0;          // the now_ms the flags were computed for
    std::int64_t next_flag_change_ms_ = 0;   // the first instant a flag changes after flags_now_ms_
    std::size_t uploads_ = 0;
    std::size_t drawn_markers_ = 0;

    // Bubbles of the last aggregated frame.
    std::vector<Bubble> bubbles_;
    int bubbles_level_ = -1;
    double bubbles_cell_ = 0;
    bool bubbles_grids_ = true;
    bool crowded_ = false;
    std::int64_t bubbles_revision_ = -1;
    std::size_t bubbles_upload_ = 0;
    // The most open cases in one grid of a level, for the revision and level it was counted at (prepare_frame).
    mutable std::int64_t most_revision_ = -1;
    mutable int most_level_ = -1;
    mutable int most_ = 0;
    GridLabelPoints label_points_;
    std::vector<std::int64_t> position_in_level_;  // grid -> position within its level's list
};

}  // namespace gridlink
