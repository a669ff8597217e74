// The built-in demo city: a five-level grid over the real outline of Huqiu District (Suzhou
// High-tech Zone), with resources and a basemap, generated deterministically from a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

enum class DemoScale { Small, District, City };

std::optional<DemoScale> ParseDemoScale(std::string_view text);
const char* DemoScaleName(DemoScale scale);

struct DemoOptions {
    std::uint64_t seed = 1;
    DemoScale scale = DemoScale::District;
    // Resources in all: 0 keeps the scale's own population; a larger number tops it up with more
    // volunteers, cameras, grid workers and patrol vehicles spread over the unit grids (to try the map
    // and dispatch at a million resources).
    std::size_t resources = 0;
};

// Builds the demo World in EPSG:4549. Same options, same World (bit for bit).
Result<World> GenerateDemoCity(const DemoOptions& options);

// The public GCJ-02 offset of Chinese web maps (lon,lat degrees), and its iterative inverse (to ~1e-9 degrees).
Vec2 Gcj02FromWgs84(Vec2 wgs84);
Vec2 Wgs84FromGcj02(Vec2 gcj02);

}  // namespace gridlink
