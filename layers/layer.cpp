// Shared layer plumbing: default lifecycle methods, view uniforms, line and fill batches.
#include "layer.h"

#include <functional>
#include <unordered_set>

#include "engine/parallel.h"
#include "shaders/shaders.h"

namespace gridlink {

void Layer::update(const World&, const MapSelection&, unsigned) {}

std::optional<Pick> Layer::pick(const World&, Vec2, const FrameContext&) const { return std::nullopt; }

void SetViewUniforms(gl::Program& program, const FrameContext& frame) {
    const Camera& c = frame.camera;
    program.set("u_center", static_cast<float>(c.center.x - frame.origin.x),
                static_cast<float>(c.center.y - frame.origin.y));
    program.set("u_scale", static_cast<float>(2.0 / (c.width * c.meters_per_pixel)),
                static_cast<float>(2.0 / (c.height * c.meters_per_pixel_y())));
    program.set("u_viewport", static_cast<float>(c.width), static_cast<float>(c.height));
}

void AppendRingSegments(const Ring& ring, bool closed, Vec2 origin, std::vector<Segment>& out) {
    const std::size_t n = ring.size();
    if (n < 2) return;
    for (std::size_t i = 0; i + 1 < n; ++i) out.push_back({ToLocal(ring[i], origin), ToLocal(ring[i + 1], origin)});
    if (closed) out.push_back({ToLocal(ring[n - 1], origin), ToLocal(ring[0], origin)});
}

void AppendShapeSegments(const MultiPolygon& shape, Vec2 origin, std::vector<Segment>& out) {
    for (const Polygon& p : shape) {
        AppendRingSegments(p.outer, true, origin, out);
        for (const Ring& h : p.holes) AppendRingSegments(h, true, origin, out);
    }
}

void LineBatch::upload(const std::vector<Segment>& segments) {
    struct LineVertex {
        LocalVertex from, to;
        float corner;
    };
    if (!vao_) {
        vao_ = std::make_unique<gl::VertexArray>();
        vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
        vao_->bind();
        vbo_->bind();
        gl::VertexArray::Float(0, 2, sizeof(LineVertex), offsetof(LineVertex, from));
        gl::VertexArray::Float(1, 2, sizeof(LineVertex), offsetof(LineVertex, to));
        gl::VertexArray::Float(2, 1, sizeof(LineVertex), offsetof(LineVertex, corner));
        glBindVertexArray(0);
    }
    std::vector<LineVertex> vertices;
    vertices.reserve(segments.size() * 6);
    for (const Segment& s : segments) {
        for (float corner : {0.f, 1.f, 2.f, 2.f, 1.f, 3.f}) vertices.push_back({s.from, s.to, corner});
    }
    vbo_->upload(vertices, GL_DYNAMIC_DRAW);
    count_ = segments.size();
}

void LineBatch::draw(gl::Program& program, const FrameContext& frame, float width_px, Rgba color, float opacity) const {
    if (!count_) return;
    program.use();
    SetViewUniforms(program, frame);
    program.set("u_width", width_px);
    program.set("u_opacity", opacity);
    program.set("u_color", color.r / 255.f, color.g / 255.f, color.b / 255.f, color.a / 255.f);
    vao_->bind();
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(count_ * 6));
    glBindVertexArray(0);
}

void FillBatch::upload(const IndexedMesh& mesh, const std::vector<std::int32_t>& features, Vec2 origin) {
    struct FillVertex {
        LocalVertex position;
        std::int32_t feature;
    };
    index_count_ = mesh.indices.size();
    if (!index_count_) return;
    std::vector<FillVertex> vertices(mesh.vertices.size());
    for (std::size_t v = 0; v < vertices.size(); ++v) vertices[v] = {ToLocal(mesh.vertices[v], origin), features[v]};
    vao_ = std::make_unique<gl::VertexArray>();
    vbo_ = std::make_unique<gl::Buffer>(GL_ARRAY_BUFFER);
    ibo_ = std::make_unique<gl::Buffer>(GL_ELEMENT_ARRAY_BUFFER);
    vao_->bind();
    vbo_->upload(vertices);
    gl::VertexArray::Float(0, 2, sizeof(FillVertex), offsetof(FillVertex, position));
    gl::VertexArray::Int(1, 1, GL_INT, sizeof(FillVertex), offsetof(FillVertex, feature));
    ibo_->upload(mesh.indices);  // the element buffer binding is part of the vertex array
    glBindVertexArray(0);
}

void FillBatch::draw() const {
    if (!index_count_) return;
    vao_->bind();
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(index_count_), GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);
}

// [SECTION] grid level geometry

namespace {

struct SegmentKey {
    float x0, y0, x1, y1;
    bool operator==(const SegmentKey& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
};
struct SegmentKeyHash {
    std::size_t operator()(const SegmentKey& k) const {
        std::size_t h = std::hash<float>()(k.x0);
        for (float v : {k.y0, k.x1, k.y1}) h = h * 1000003u ^ std::hash<float>()(v);
        return h;
    }
};

// Outline segments of several shapes, each shared edge once.
std::vector<Segment> UniqueSegments(const std::vector<Segment>& all) {
    std::unordered_set<SegmentKey, SegmentKeyHash> seen;
    seen.reserve(all.size());
    std::vector<Segment> out;
    out.reserve(all.size() / 2 + 16);
    for (const Segment& s : all) {
        SegmentKey k{s.from.x, s.from.y, s.to.x, s.to.y};
        if (std::tie(k.x0, k.y0) > std::tie(k.x1, k.y1)) k = {k.x1, k.y1, k.x0, k.y0};
        if (seen.insert(k).second) out.push_back(s);
    }
    return out;
}

}  // namespace

// Tessellates the grids of one level, split over the cores in contiguous runs that are joined in
// order, so the result is the same as one thread's.
GridLevelGeometry BuildGridLevel(const GridSet& grids, const std::vector<std::size_t>& list, Vec2 origin,
                                 const CoverageSimplifier* simplifier, double tolerance) {
    using LevelGeometry = GridLevelGeometry;
    std::vector<LevelGeometry> parts(RunCount(list.size(), 512));
    ForEachRun(list.size(), parts.size(), [&](std::size_t run, std::size_t begin, std::size_t end) {
        GeosContext geos;
        std::vector<Triangle> scratch;
        LevelGeometry& out = parts[run];
        for (std::size_t k = begin; k < end; ++k) {
            const std::size_t i = list[k];
            const bool simplified = simplifier && tolerance > 0;
            const MultiPolygon shape = simplified ? simplifier->simplify(grids[i].shape, tolerance) : MultiPolygon{};
            const MultiPolygon& drawn = simplified ? shape : grids[i].shape;
            TessellateIndexed(geos, drawn, out.mesh, scratch);
            out.features.resize(out.mesh.vertices.size(), static_cast<std::int32_t>(i));
            AppendShapeSegments(drawn, origin, out.segments);
        }
    });
    LevelGeometry all = std::move(parts[0]);
    for (std::size_t part = 1; part < parts.size(); ++part) {
        const auto offset = static_cast<std::uint32_t>(all.mesh.vertices.size());
        const LevelGeometry& p = parts[part];
        all.mesh.vertices.insert(all.mesh.vertices.end(), p.mesh.vertices.begin(), p.mesh.vertices.end());
        for (std::uint32_t index : p.mesh.indices) all.mesh.indices.push_back(index + offset);
        all.features.insert(all.features.end(), p.features.begin(), p.features.end());
        all.segments.insert(all.segments.end(), p.segments.begin(), p.segments.end());
    }
    all.segments = UniqueSegments(all.segments);
    return all;
}

gl::ShaderSources LineShaders() { return {shaders::line_vert, shaders::line_frag}; }
gl::ShaderSources FillShaders() { return {shaders::polygon_fill_vert, shaders::polygon_fill_frag}; }

}  // namespace gridlink
