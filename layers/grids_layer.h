// The grids layer: grid polygons of all five levels, filled and outlined with level of detail
// (district and streets when zoomed out, grids and unit grids when zoomed in), hover and selection.
#pragma once

#include <array>
#include <future>
#include <memory>

#include "engine/grid_display.h"
#include "layer.h"

namespace gridlink {

struct GridStyle {
    float fill_alpha = 0.42f;
    bool id_colors = false;  // fill colour encodes the grid index + 1 (tests compare against rasters)
    int force_level = 0;     // fill this level at every zoom (0: by zoom)
    bool outlines = true;
};

class GridsLayer : public Layer {
  public:
    std::string_view id() const override { return "grids"; }
    std::string_view title() const override { return "网格 Grids"; }
    Status create(const World& world, LayerSetup& setup) override;
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;
    // The grid of the level filled at this zoom under the point, through world.grid_index (on a shared
    // edge, the smallest code); none outside every grid or without an index.
    std::optional<Pick> pick(const World& world, Vec2 world_point, const FrameContext& frame) const override;
    // Every layer's frame learns the level filled at its zoom from here (labels, incident bubbles).
    void prepare_frame(FrameContext& frame) const override;

    bool busy() const override { return waiting_; }
    // Pictures (render, tests) wait for background builds; the seats set this false and draw what is ready.
    bool wait_for_builds = true;
    // When valid before create(), background builds start only once it is ready (lets tests hold them).
    std::shared_future<void> build_gate;

    // A new colouring is uploaded at the next draw (or update with kChangeStyle).
    void set_style(const GridStyle& style);
    const GridStyle& style() const { return style_; }
    const GridLod& lod() const { return lod_; }
    int fill_level(double meters_per_pixel) const;

    using LevelGeometry = GridLevelGeometry;
    // Levels with at least this many grids are built in the background.
    static constexpr std::size_t kBackgroundBuildGrids = 2000;
    // Level of detail of the polygons themselves: zoomed out to band k (meters per pixel in [kDetailBelowMpp
    // 4^k, kDetailBelowMpp 4^(k+1))), each level is drawn simplified at half a pixel of band k's finest zoom,
    // with shared edges simplified once (CoverageSimplifier) so neighbours still meet; closer in, as stored.
    static constexpr double kDetailBelowMpp = 1.0;
    static constexpr int kBands = 7;
    // The band drawn at a zoom: 0 for the full polygons, 1 + k for band k.
    static int BandOf(double meters_per_pixel);
    static double ToleranceOf(int band);  // metres; 0 for band 0
    // For tests and benchmarks: the segments and triangles the last frame drew.
    std::size_t drawn_segments() const { return drawn_segments_; }
    std::size_t drawn_triangles() const { return drawn_triangles_; }

  private:
    struct LevelBuffers {
        FillBatch fill;
        LineBatch outline;
        bool ready = false;
        std::future<LevelGeometry> pending;
    };
    // Uploads a level's buffers at a band once built (starting the build on first need); the band drawn,
    // or -1 when neither it nor any other band of the level is ready and builds are not waited for.
    int ensure_level(const GridSet& grids, int level, int band);
    void upload_level(LevelBuffers& lb, const LevelGeometry& geometry);
    bool waiting_ = false;
    void upload_colors(const World& world);

    GridStyle style_;
    GridLod lod_;
    std::array<std::array<LevelBuffers, kBands + 1>, kLevelCount + 2> levels_;
    std::shared_future<std::shared_ptr<const CoverageSimplifier>> simplifier_;
    // The grids drawn: the World's at create, or the one a kChangeWorld update brings (same grids, MapView::set_world).
    const GridSet* grids_ = nullptr;
    std::size_t drawn_segments_ = 0, drawn_triangles_ = 0;
    std::unique_ptr<gl::BufferTexture> colors_, state_;
    gl::Program* fill_ = nullptr;
    gl::Program* fill_ids_ = nullptr;
    gl::Program* line_ = nullptr;
    gl::ProgramCache* programs_ = nullptr;
    LineBatch selected_outline_, hovered_outline_;
    std::vector<std::uint8_t> state_bytes_;
    MapSelection selection_;
    Vec2 origin_;
    bool colors_stale_ = false;  // the style changed the colours since they were uploaded
};

}  // namespace gridlink
