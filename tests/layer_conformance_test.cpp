// One conformance test run over every registered layer (every entry of LayerRegistry()): it creates
// from the demo World, an irregular real World and an empty World, draws at several zooms without GL
// errors, draws something visible on its own, honours visibility and opacity 0, and picks safely.
#include <gtest/gtest.h>

#include <optional>

#include "layers/layer_registry.h"
#include "layers/tracks_layer.h"
#include "render_support.h"
#include "test_support.h"

namespace gridlink::test {
namespace {

class LayerConformance : public ::testing::TestWithParam<std::string> {};

Result<Picture> RenderAt(OffscreenRenderer& r, const World& world, double zoom, std::optional<Vec2> centre = {}) {
    r.view().camera = Camera{};
    r.view().now_ms = 0;  // the World's own clock, whatever an earlier test showed
    r.view().camera.width = 320;
    r.view().camera.height = 240;
    r.view().camera.fit(world.bounds());
    if (centre) r.view().camera.center = *centre;
    r.view().camera.zoom_at({160, 120}, zoom);
    return r.render(0, false);
}

TEST_P(LayerConformance, CreatesDrawsAndPicksOnEveryWorld) {
    OffscreenRenderer& r = Renderer();
    const World empty;
    const char* names[] = {"demo", "chicago", "empty"};
    int n = 0;
    for (const World* world : {&SmallDemoWithIncidents(), &Chicago(), &empty}) {
        SCOPED_TRACE(names[n++]);
        ASSERT_TRUE(r.load(*world, {GetParam()}).ok());
        ASSERT_EQ(r.view().layers().size(), 1u);
        for (double zoom : {1.0, 8.0, 60.0}) {
            auto picture = RenderAt(r, *world, zoom);
            ASSERT_TRUE(picture.ok()) << GetParam() << " at zoom " << zoom << ": " << picture.error();
            EXPECT_EQ(gl::TakeErrors(), "");
            r.view().notify(kChangeAll);
            (void)r.view().pick({160, 120});
            (void)r.view().pick({-50, 9999});
        }
    }
}

TEST_P(LayerConformance, DrawsSomethingAndHonoursVisibilityAndOpacity) {
    OffscreenRenderer& r = Renderer();
    const World& world = SmallDemoWithIncidents();
    ASSERT_TRUE(r.load(world, {GetParam()}).ok());
    Layer* layer = r.view().layers().front().get();
    // The tracks layer draws what the review seat hands it: here a track through the first resources.
    if (auto* tracks = dynamic_cast<TracksLayer*>(layer)) {
        Track track;
        for (std::size_t i = 0; i < std::min<std::size_t>(world.resources.size(), 40); ++i) {
            track.points.push_back(world.resources[i].position);
        }
        tracks->set_tracks({track});
    }
    // Blank reference: the layer hidden.
    layer->visible = false;
    auto blank = RenderAt(r, world, 1.0);
    ASSERT_TRUE(blank.ok());
    layer->visible = true;
    // Some zoom shows the layer (resources only appear zoomed in), over the middle of the map, over the
    // first resource or over the first dispatched case (dispatch lines join a case and its responder).
    double best = 0;
    ASSERT_FALSE(world.resources.empty());
    std::optional<Vec2> dispatched;
    for (const Incident& c : world.incidents.cases) {
        if (!dispatched && c.state == CaseState::kDispatched) dispatched = c.position;
    }
    ASSERT_TRUE(dispatched);
    for (std::optional<Vec2> centre :
         {std::optional<Vec2>{}, std::optional<Vec2>{world.resources.front().position}, dispatched}) {
        for (double zoom : {1.0, 6.0, 30.0, 120.0}) {
            auto hidden = (layer->visible = false, RenderAt(r, world, zoom, centre));
            layer->visible = true;
            auto shown = RenderAt(r, world, zoom, centre);
            ASSERT_TRUE(hidden.ok() && shown.ok());
            best = std::max(best, DifferentFraction(hidden.value(), shown.value()));
        }
    }
    // At least 20 pixels changed by the layer (resources are sparse: a few markers at 320x240).
    EXPECT_GE(best * 320 * 240, 20.0) << GetParam() << " drew nothing visible at any zoom";
    layer->opacity = 0.0f;
    auto transparent = RenderAt(r, world, 1.0);
    layer->opacity = 1.0f;
    ASSERT_TRUE(transparent.ok());
    EXPECT_EQ(DifferentFraction(blank.value(), transparent.value()), 0.0) << GetParam() << " ignores opacity 0";
}

std::vector<std::string> RegisteredLayers() {
    std::vector<std::string> ids;
    for (const LayerEntry& e : LayerRegistry()) ids.emplace_back(e.id);
    return ids;
}

INSTANTIATE_TEST_SUITE_P(EveryRegisteredLayer, LayerConformance, ::testing::ValuesIn(RegisteredLayers()),
                         [](const auto& test_info) { return test_info.param; });

}  // namespace
}  // namespace gridlink::test
