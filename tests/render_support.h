// Render-test helpers: one offscreen renderer per process, pixel comparison with a stated
// tolerance, golden images under tests/golden/, and gdal_rasterize as the peer renderer.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/world.h"
#include "ui/offscreen.h"

namespace gridlink::test {

// The process's offscreen renderer (created on first use).
OffscreenRenderer& Renderer();

// Pixels whose largest channel difference exceeds kChannelTolerance count as different; a golden
// test passes when at most kMaxDifferentFraction of the pixels differ.
inline constexpr int kChannelTolerance = 24;
inline constexpr double kMaxDifferentFraction = 0.005;
double DifferentFraction(const Picture& a, const Picture& b);

// Compares with tests/golden/NAME.png. GRIDLINK_UPDATE_GOLDEN=1 rewrites the golden instead.
// On mismatch the actual picture is written next to the test binary as NAME.actual.png.
::testing::AssertionResult MatchesGolden(const Picture& actual, const std::string& name);

// Rasterizes the World's grids of one level (0: all) with gdal_rasterize semantics (pixel centres),
// burning grid index + 1, over `extent` at width x height. Returns ids, top row first.
std::vector<std::uint32_t> RasterizeGrids(const World& world, int level, const Box& extent, int width, int height);

// Decodes the id-colour picture (R + G<<8 + B<<16 = index + 1).
std::vector<std::uint32_t> IdsFromPicture(const Picture& picture);

}  // namespace gridlink::test
