// The resources layer (资源上图): grid workers, volunteers, patrol vehicles, service stations and cameras as
// instanced signed-distance markers (a shape per kind, a colour per status), names at close zoom, a glide
// to where a resource moved, fading trails behind patrol vehicles; built to stay interactive at 1M resources.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "heat_layer.h"
#include "layer.h"
#include "markers.h"

namespace gridlink {

// How a resource looks (shaders/resource.frag draws it):
//
//   shape by kind       grid worker circle, patrol vehicle square, service station triangle, volunteer
//                       diamond, camera ring (cameras only below kCameraBelowMpp: they are many and small)
//   colour by status    available green (volunteers party red, cameras blue), busy orange, off duty grey;
//                       a resource working on a case (non-empty task) is drawn busy
//   names               below kNamesBelowMpp, beside the markers nearest the view's centre (at most
//                       kMaxNames, none overlapping another)
//   moves               a marker glides from where it was drawn to where it went over kGlideSeconds
//                       (smoothstep in the vertex shader); patrol vehicles leave a trail of their last
//                       kTrailPoints positions, fading to nothing at the tail
//
// Scale: the instances sit in the GPU buffer sorted by 1 km tile, so the tiles in view form a few contiguous
// ranges and only those are drawn (GL 3.3 has no base instance: the attribute offsets are re-pointed per
// range). A resource keeps its slot while it moves (its tile's bounds grow to include it); when many have
// strayed from their tiles the slots are sorted again. kChangeResources scans the revision numbers and
// rewrites only the slots of resources whose revision moved (glBufferSubData per run of changed slots).
// Where the markers in view would have less than kMinPixelsPerMarker of the viewport each (a city-wide
// population zoomed out: a carpet no one can read, and slow to fill), they give way to a density hint: a smooth
// heat of the 1 km tiles' counts (HeatSurface, the heat layer's technique) clipped to the jurisdiction. Zoomed out
// beyond kVisibleBelowMpp the hint shows only for layers of at least kDensityHintFrom resources, so that a district's
// few hundred leave the overview untouched.
class ResourcesLayer : public Layer {
  public:
    std::string_view id() const override { return "resources"; }
    std::string_view title() const override { return "资源 Resources"; }
    Status create(const World& world, LayerSetup& setup) override;
    // kChangeResources or kChangeIncidents (a dispatch changes its responder's task): the resources whose
    // revision moved are restyled, and moved ones start a glide at the next frame. kChangeWorld, or a World
    // whose resources were replaced, rebuilds everything.
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;
    // True while a marker is gliding (drawn markers only).
    bool animating() const override;
    std::optional<Pick> pick(const World& world, Vec2 world_point, const FrameContext& frame) const override;

    // Markers show once the map is zoomed in this far (metres per pixel), and while each has at least
    // kMinPixelsPerMarker of the viewport; cameras only zoomed in further still.
    static constexpr double kVisibleBelowMpp = markers::kVisibleBelowMpp;
    static constexpr double kMinPixelsPerMarker = 80.0;
    static constexpr std::size_t kDensityHintFrom = 20000;
    static constexpr double kCameraBelowMpp = 3.0;
    // Names show below this (metres per pixel), at most kMaxNames a frame.
    static constexpr double kNamesBelowMpp = 1.5;
    static constexpr std::size_t kMaxNames = 120;
    // A moved marker's glide (markers::GlideAt, as in shaders/resource.vert); the dispatch layer's line ends
    // glide with the markers by the same curve.
    static constexpr double kGlideSeconds = markers::kGlideSeconds;
    static constexpr double kTileMetres = 1000.0;
    static constexpr int kTrailPoints = 8;
    // Trails are kept for this many patrol vehicles; when all are used, the trail started longest ago goes.
    static constexpr std::size_t kMaxTrails = 4096;

    // For tests and benchmarks: what the last frame drew and what has been uploaded since create.
    struct Stats {
        std::size_t drawn_instances = 0;  // after tile culling
        std::size_t drawn_ranges = 0;     // draw calls for markers
        std::size_t drawn_names = 0;
        bool drew_density = false;       // the density hint instead of markers
        std::size_t trails = 0;          // patrol vehicles with a trail
        std::size_t full_uploads = 0;    // every instance written (create, re-sort)
        std::size_t slots_written = 0;   // instances written by partial updates
        std::size_t partial_writes = 0;  // glBufferSubData calls for them
    };
    const Stats& stats() const { return stats_; }
    // Where resource `index` is drawn at frame time `time` (mid-glide: between where it was and where it went).
    Vec2 drawn_position(std::size_t index, double time) const;

  private:
    // What the GPU holds per resource (28 bytes).
    struct Instance {
        LocalVertex from, to;
        float start;  // on the layer's clock; kLongAgo when not gliding
        std::uint8_t r, g, b, a;
        std::uint8_t shape, pad[3];
    };
    struct TrailSegment {
        LocalVertex tail, head_from, head_to;
        float start;
        float alpha_tail, alpha_head;
    };
    struct Tile {
        std::int64_t key;          // row << 32 | column
        std::uint32_t begin, end;  // slots
        Box bounds;                // of its resources, grown as they move
    };
    using SlotRanges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // [begin, end) slots
    struct Trail {
        std::uint32_t resource = 0;
        int count = 0;  // points kept, oldest first
        std::array<LocalVertex, kTrailPoints> points{};
    };

    // Sorts the slots by tile and uploads every instance; `keep` keeps glides and trails (a re-sort).
    void rebuild(const World& world, bool keep);
    void restyle(const World& world);  // writes the slots of resources whose revision moved
    void moved(const World& world, std::uint32_t index, Vec2 from);
    void flush(float now);  // uploads the changed slots and trails, starting their glides at `now`
    void mark(std::uint32_t slot, bool glide);
    std::int64_t tile_key(Vec2 p) const;
    float layer_time(double frame_time);  // the frame's time on the layer's clock (rebased as it grows)
    Instance make_instance(const Resource& r) const;
    void draw_trails(const FrameContext& frame, float now, float size_px);
    void draw_density(const FrameContext& frame);
    // Tiles intersecting `view` as runs of contiguous slots; returns about how many resources lie inside `view`
    // (each tile's count in proportion to the part of its bounds inside).
    double markers_in(const Box& view, SlotRanges* ranges) const;
    bool too_dense(const Camera& camera) const;
    void draw_names(const FrameContext& frame, const SlotRanges& ranges, double time);

    gl::Program* program_ = nullptr;
    gl::Program* trail_program_ = nullptr;
    Vec2 origin_;
    Vec2 tile_origin_;

    // Markers: the GPU buffer and its CPU mirror, in slot order.
    std::unique_ptr<gl::VertexArray> vao_;
    std::unique_ptr<gl::Buffer> vbo_;
    std::vector<Instance> instances_;
    std::vector<std::uint32_t> slot_of_;      // resource -> slot
    std::vector<std::uint32_t> resource_of_;  // slot -> resource
    std::vector<std::uint32_t> tile_of_;      // resource -> index into tiles_
    std::vector<std::uint8_t> stray_;         // resource -> 1 when outside its tile's cell
    std::size_t strays_ = 0;
    std::vector<Tile> tiles_;  // by key: row by row, so the visible tiles of a row are contiguous slots

    // The density hint: one splat per tile (its resources' mean position and their count), uploaded with the
    // tiles, summed and coloured by the heat technique over the jurisdiction.
    HeatSurface density_;
    std::unique_ptr<gl::VertexArray> density_vao_;
    std::unique_ptr<gl::Buffer> density_vbo_;

    // Changes seen but not uploaded yet (glides start when they are drawn).
    std::vector<std::uint32_t> dirty_;      // slots
    std::vector<std::uint8_t> dirty_flag_;  // per slot: 1 dirty, 2 dirty and gliding
    std::int64_t seen_revision_ = -1;       // world.incidents.revision when last scanned
    std::uint64_t seen_epoch_ = 0;          // world.resource_changes epoch and entries read when last updated
    std::size_t seen_journal_ = 0;
    std::size_t seen_count_ = 0;

    // Trails of patrol vehicles, kTrailPoints - 1 segments each plus the gliding head.
    std::unique_ptr<gl::VertexArray> trail_vao_;
    std::unique_ptr<gl::Buffer> trail_vbo_;
    std::vector<Trail> trails_;
    std::vector<std::int32_t> trail_of_;  // resource -> index into trails_, -1 when none
    std::vector<std::uint32_t> dirty_trails_;
    std::vector<std::uint8_t> trail_dirty_;  // per trail: 1 rewrite, 2 rewrite and start the head's glide
    std::vector<float> trail_start_;         // per trail: its head's glide start
    std::size_t next_trail_ = 0;             // the slot given up next when all are used

    // The layer's clock: frame time minus time_base_, in float on the GPU.
    double time_base_ = 0;
    bool clock_started_ = false;
    double last_time_ = 0;         // the last frame's time (frame clock)
    float glides_until_ = -1e30f;  // layer clock: when the last glide started so far ends
    bool drew_markers_ = false;
    Stats stats_;
};

}  // namespace gridlink
