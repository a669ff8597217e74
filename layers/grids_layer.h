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

    // The CPU half of a level's buffers: triangles with a grid index per vertex, and outline segments
    // (each shared edge once).
    struct LevelGeometry {
        IndexedMesh mesh;
        std::vector<std::int32_t> features;
        std::vector<Segment> segments;
    };
    // Levels with at least this many grids are built in the background.
    static constexpr std::size_t kBackgroundBuildGrids = 2000;

  private:
    struct LevelBuffers {
        FillBatch fill;
        LineBatch outline;
        bool ready = false;
        std::future<LevelGeometry> pending;
    };
    // Uploads a level's buffers once built; false when it is still building and builds are not waited for.
    bool ensure_level(int level);
    void upload_level(LevelBuffers& lb, const LevelGeometry& geometry);
    bool waiting_ = false;
    void upload_colors(const World& world);

    GridStyle style_;
    GridLod lod_;
    std::array<LevelBuffers, kLevelCount + 2> levels_;
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
