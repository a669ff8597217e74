// The layer lifecycle (STYLE.md 2): create GPU state from the World, update only what changed,
// draw a frame, pick a point. One class per layer; data description and GPU state live together.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/camera.h"
#include "engine/coverage_simplify.h"
#include "engine/result.h"
#include "engine/tessellation.h"
#include "engine/text.h"
#include "engine/world.h"
#include "layers/gl.h"

namespace gridlink {

// What changed since the last update (bit flags).
enum Change : unsigned {
    kChangeNone = 0,
    kChangeWorld = 1u << 0,      // geometry or attributes of the World
    kChangeSelection = 1u << 1,  // hovered / selected grid
    kChangeStyle = 1u << 2,      // colours, opacity, visibility
    kChangeIncidents = 1u << 3,  // cases appended or their states changed (world.incidents)
    kChangeResources = 1u << 4,  // resources moved or changed status (world.resources)
    kChangeAll = ~0u,
};

// What the user points at and has picked, shared by every layer.
struct MapSelection {
    std::int64_t hovered_grid = -1;
    std::int64_t selected_grid = -1;
};

// What one frame draws with. Layers read the World from here (and from update's and pick's arguments), never
// from a pointer of their own: the seat may rebuild the World (review moving its time slider) between frames.
struct FrameContext {
    const Camera& camera;
    Vec2 origin;      // world coordinates that GPU positions are relative to
    double time = 0;  // seconds, drives shader animation
    TextPainter* text = nullptr;
    int grid_fill_level = 0;  // the grid level filled at this zoom (set by the grids layer's prepare_frame)
    bool cases_in_choropleth =
        false;                     // open or overdue cases per grid are coloured in (the choropleth's prepare_frame)
    std::int64_t now_ms = 0;       // the cases' clock this frame (deadlines, new/overdue pulses)
    const World* world = nullptr;  // the World the frame shows (MapView sets it; null: draw nothing of it)
    // Map text and markers are drawn this many times their normal pixel size (MapView::pixel_scale: a wall
    // seen from metres away); line widths and fills are not scaled.
    float pixel_scale = 1.0f;
    // The choropleth is off but would show open cases by itself where the cases crowd (its prepare_frame)...
    bool choropleth_when_crowded = false;
    // ...and they do: at this zoom some grid of the aggregated level holds IncidentsLayer::kCrowdedCount or
    // more open cases (the incidents layer's prepare_frame, which then also sets cases_in_choropleth).
    bool cases_crowded = false;
};

// What a layer is created with: the local origin GPU positions are relative to, and the map's shared
// shader programs.
struct LayerSetup {
    Vec2 origin;
    gl::ProgramCache& programs;
};

struct Pick {
    std::string layer;
    std::int64_t index = -1;  // index into the layer's World collection
    std::string label;
};

class Layer {
  public:
    virtual ~Layer() = default;
    virtual std::string_view id() const = 0;     // stable id for --layers, e.g. "grids"
    virtual std::string_view title() const = 0;  // for panels, Chinese first
    // Builds GPU buffers from the World. Called with a current GL context.
    virtual Status create(const World& world, LayerSetup& setup) = 0;
    // Re-uploads what `changes` invalidated; the default does nothing.
    virtual void update(const World& world, const MapSelection& selection, unsigned changes);
    virtual void draw(const FrameContext& frame) = 0;
    virtual std::optional<Pick> pick(const World& world, Vec2 world_point, const FrameContext& frame) const;
    // True when the last frame left something out that is still being prepared: draw again soon.
    virtual bool busy() const { return false; }
    // True while what the last frame drew moves by itself (a pulse animated in a shader): draw again soon.
    virtual bool animating() const { return false; }
    // Sets what this layer decides for every layer's frame, before any draws (the grids layer: the level
    // filled at this zoom). Called whether or not the layer is visible; the default sets nothing.
    virtual void prepare_frame(FrameContext&) const {}
    // Whether MapView draws the layer this frame: when visible, unless a layer shows itself where the frame
    // asks for it (the choropleth where cases crowd).
    virtual bool shown(const FrameContext&) const { return visible && opacity > 0; }

    bool visible = true;
    float opacity = 1.0f;
};

// [SECTION] helpers shared by layers

// Sets u_center, u_scale and u_viewport for a program drawing in local metres.
void SetViewUniforms(gl::Program& program, const FrameContext& frame);

// A float32 position relative to the local origin.
struct LocalVertex {
    float x, y;
};
inline LocalVertex ToLocal(Vec2 p, Vec2 origin) {
    return {static_cast<float>(p.x - origin.x), static_cast<float>(p.y - origin.y)};
}
inline LocalVertex Mix(LocalVertex a, LocalVertex b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// One segment per instance for line.vert.
struct Segment {
    LocalVertex from, to;
};
void AppendRingSegments(const Ring& ring, bool closed, Vec2 origin, std::vector<Segment>& out);
void AppendShapeSegments(const MultiPolygon& shape, Vec2 origin, std::vector<Segment>& out);

// A batch of segments drawn with line.vert/line.frag.
class LineBatch {
  public:
    void upload(const std::vector<Segment>& segments);
    void draw(gl::Program& program, const FrameContext& frame, float width_px, Rgba color, float opacity) const;
    std::size_t size() const { return count_; }

  private:
    std::unique_ptr<gl::VertexArray> vao_;
    std::unique_ptr<gl::Buffer> vbo_;
    std::size_t count_ = 0;
};

// Filled triangles with a feature id per vertex, drawn with polygon_fill.vert/.frag (the caller
// binds the program and sets its uniforms).
class FillBatch {
  public:
    // `features` holds one id per mesh vertex; positions become float32 relative to `origin`.
    void upload(const IndexedMesh& mesh, const std::vector<std::int32_t>& features, Vec2 origin);
    void draw() const;
    std::size_t size() const { return index_count_; }

  private:
    std::unique_ptr<gl::VertexArray> vao_;
    std::unique_ptr<gl::Buffer> vbo_, ibo_;
    std::size_t index_count_ = 0;
};

// The CPU half of one grid level's buffers: triangles with a grid index per vertex, and outline segments
// (each shared edge once). With a simplifier, each grid's shape is simplified at `tolerance` metres first.
struct GridLevelGeometry {
    IndexedMesh mesh;
    std::vector<std::int32_t> features;
    std::vector<Segment> segments;
};
GridLevelGeometry BuildGridLevel(const GridSet& grids, const std::vector<std::size_t>& list, Vec2 origin,
                                 const CoverageSimplifier* simplifier = nullptr, double tolerance = 0);

// Builds programs once per GL context for every layer.
gl::ShaderSources LineShaders();
gl::ShaderSources FillShaders();

}  // namespace gridlink
