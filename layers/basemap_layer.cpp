// Basemap drawing: water triangles in one flat-colour batch, roads in two line batches by class.
#include "basemap_layer.h"

#include <geos_c.h>

#include <algorithm>
#include <cmath>

#include "engine/geos_bridge.h"

namespace gridlink {

Status BasemapLayer::create(const World& world, LayerSetup& setup) {
    const Vec2 origin = setup.origin;
    auto fill = setup.programs.get("polygon_fill", FillShaders(), {"FLAT_COLOR"});
    if (!fill) return Error{fill.error()};
    fill_ = fill.value();
    auto line = setup.programs.get("line", LineShaders());
    if (!line) return Error{line.error()};
    line_ = line.value();

    GeosContext geos;
    IndexedMesh mesh;
    std::vector<Triangle> scratch;
    std::vector<Segment> shore;
    for (const WaterBody& w : world.water) {
        AppendShapeSegments(w.shape, origin, shore);
        // Cut into kWaterCellMetres cells before triangulating: a lake's ear-clipped triangles are long slivers
        // across the whole lake otherwise, and a software rasterizer pays for every screen tile each one crosses
        // (the lake cost 30-40 ms a frame on llvmpipe). In cells, every triangle stays within one.
        const Box b = Bounds(w.shape);
        if (b.width() <= kWaterCellMetres && b.height() <= kWaterCellMetres) {
            TessellateIndexed(geos, w.shape, mesh, scratch);
            continue;
        }
        const GeosGeometry whole = ToGeos(geos, w.shape);
        if (!whole) continue;
        for (double y = std::floor(b.min_y / kWaterCellMetres) * kWaterCellMetres; y < b.max_y; y += kWaterCellMetres) {
            for (double x = std::floor(b.min_x / kWaterCellMetres) * kWaterCellMetres; x < b.max_x;
                 x += kWaterCellMetres) {
                GEOSGeometry* cut =
                    GEOSClipByRect_r(geos.handle(), whole.get(), x, y, x + kWaterCellMetres, y + kWaterCellMetres);
                if (!cut) continue;
                const GeosGeometry piece = MakeGeos(geos, cut);
                const MultiPolygon part = PolygonsFromGeos(geos, piece.get());
                if (!part.empty()) TessellateIndexed(geos, part, mesh, scratch);
            }
        }
    }
    water_.upload(mesh, std::vector<std::int32_t>(mesh.vertices.size(), 0), origin);
    shorelines_.upload(shore);

    for (int detail = 0; detail < kRoadDetails; ++detail) {
        // Half a pixel at the coarsest zoom the detail serves.
        const double tolerance = 0.5 * kRoadDetailMpp[detail];
        std::vector<Segment> arterial, secondary, local;
        for (const Road& r : world.roads) {
            std::vector<Segment>& out = r.kind == "arterial" ? arterial : r.kind == "local" ? local : secondary;
            AppendRingSegments(SimplifyLine(r.line, tolerance), false, origin, out);
        }
        arterials_[detail].upload(arterial);
        secondary_[detail].upload(secondary);
        local_[detail].upload(local);
    }
    return {};
}

void BasemapLayer::draw(const FrameContext& frame) {
    const double mpp = frame.camera.meters_per_pixel;
    if (water_.size()) {
        fill_->use();
        SetViewUniforms(*fill_, frame);
        fill_->set("u_color", 0.55f, 0.74f, 0.90f, 1.0f);
        fill_->set("u_opacity", opacity);
        // Opaque water needs no blending: on a software rasterizer the lake is a large share of the frame's fill.
        if (opacity >= 1.0f) glDisable(GL_BLEND);
        water_.draw();
        glEnable(GL_BLEND);
        shorelines_.draw(*line_, frame, 1.0f, {90, 140, 190, 255}, opacity);
    }
    // Roads widen as the map zooms in: real widths (arterial ~30 m, secondary ~14 m), at least a hairline.
    const float arterial_px = static_cast<float>(std::clamp(30.0 / mpp, 1.2, 14.0));
    const float secondary_px = static_cast<float>(std::clamp(14.0 / mpp, 0.6, 8.0));
    int detail = 0;
    while (detail + 1 < kRoadDetails && mpp >= kRoadDetailMpp[detail + 1]) ++detail;
    // Cased (a darker line under a lighter one) when zoomed in; zoomed out, where a road is a pixel or two,
    // one line in the casing's colour reads the same at half the cost, and local streets are left out.
    const bool cased = mpp < 8;
    const bool locals = mpp < 15;
    if (cased) {
        if (locals) local_[detail].draw(*line_, frame, secondary_px + 1.0f, {200, 196, 186, 255}, opacity);
        secondary_[detail].draw(*line_, frame, secondary_px + 1.0f, {200, 196, 186, 255}, opacity);
        arterials_[detail].draw(*line_, frame, arterial_px + 1.5f, {196, 176, 140, 255}, opacity);
        if (locals) local_[detail].draw(*line_, frame, secondary_px, {255, 255, 255, 255}, opacity);
        secondary_[detail].draw(*line_, frame, secondary_px, {255, 255, 255, 255}, opacity);
        arterials_[detail].draw(*line_, frame, arterial_px, {255, 236, 190, 255}, opacity);
    } else {
        if (locals) local_[detail].draw(*line_, frame, secondary_px + 0.5f, {214, 208, 196, 255}, opacity);
        if (mpp < 40) secondary_[detail].draw(*line_, frame, secondary_px + 0.5f, {214, 208, 196, 255}, opacity);
        arterials_[detail].draw(*line_, frame, arterial_px + 0.5f, {214, 186, 136, 255}, opacity);
    }
}

}  // namespace gridlink
