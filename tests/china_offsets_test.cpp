// Unit tests for engine/china_offsets.h: WGS84 <-> GCJ-02 <-> BD-09 against published pairs, the box
// outside which GCJ-02 is WGS84, and round trips within 0.1 m over a grid of points across China.
#include "engine/china_offsets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace gridlink {
namespace {

// Metres between two nearby lon/lat points (equirectangular; exact enough below a kilometre).
double MetresBetween(LonLat a, LonLat b) {
    constexpr double kMetresPerDegree = 6378137.0 * std::numbers::pi / 180.0;
    const double dx = (a.lon - b.lon) * std::cos(a.lat * std::numbers::pi / 180.0);
    return std::hypot(dx, a.lat - b.lat) * kMetresPerDegree;
}

// Published pairs: wandergis/coordtransform (MIT), test/app.js, for the input (116.404, 39.915) in
// Beijing ("//result" comment block):
//   wgs84togcj02 -> [116.41024449916938, 39.91640428150164]
//   gcj02tobd09  -> [116.41036949371029, 39.92133699351021]
//   bd09togcj02  -> [116.39762729119315, 39.90865673957631]   (one-step inverse)
//   gcj02towgs84 -> [116.39775550083061, 39.91359571849836]   (one-step inverse)
constexpr LonLat kBeijing{116.404, 39.915};

TEST(ChinaOffsets, ForwardMatchesPublishedPairs) {
    const LonLat gcj = WgsToGcj(kBeijing);
    EXPECT_NEAR(gcj.lon, 116.41024449916938, 1e-12);
    EXPECT_NEAR(gcj.lat, 39.91640428150164, 1e-12);
    const LonLat bd = GcjToBd(kBeijing);
    EXPECT_NEAR(bd.lon, 116.41036949371029, 1e-12);
    EXPECT_NEAR(bd.lat, 39.92133699351021, 1e-12);
}

TEST(ChinaOffsets, InversesAgreeWithPublishedOneStepInverseToAMetre) {
    // The published inverses take one step, so they are off by up to a few metres; ours iterate. They must
    // still agree to about a metre, and ours must be exact where theirs is not.
    const LonLat wgs = GcjToWgs(kBeijing);
    EXPECT_LT(MetresBetween(wgs, {116.39775550083061, 39.91359571849836}), 1.0);
    const LonLat gcj = BdToGcj(kBeijing);
    EXPECT_LT(MetresBetween(gcj, {116.39762729119315, 39.90865673957631}), 1.0);
    EXPECT_LT(MetresBetween(WgsToGcj(wgs), kBeijing), 1e-3);
    EXPECT_LT(MetresBetween(GcjToBd(gcj), kBeijing), 1e-3);
    EXPECT_GT(MetresBetween(WgsToGcj({116.39775550083061, 39.91359571849836}), kBeijing), 1e-3)
        << "the one-step inverse is not exact, so the comparison above can tell";
}

TEST(ChinaOffsets, ShiftIsHundredsOfMetresInsideChinaAndNoneOutside) {
    const double shift = MetresBetween(WgsToGcj(kBeijing), kBeijing);
    EXPECT_GT(shift, 100.0);
    EXPECT_LT(shift, 1000.0);
    for (LonLat outside : {LonLat{2.35, 48.85}, LonLat{-87.63, 41.88}, LonLat{139.69, 35.69}, LonLat{100.0, 60.0}}) {
        const LonLat gcj = WgsToGcj(outside);
        EXPECT_EQ(gcj.lon, outside.lon);
        EXPECT_EQ(gcj.lat, outside.lat);
        const LonLat back = GcjToWgs(outside);
        EXPECT_EQ(back.lon, outside.lon);
        EXPECT_EQ(back.lat, outside.lat);
    }
    EXPECT_TRUE(InChinaBox({120.6, 31.3}));  // Suzhou
    EXPECT_FALSE(InChinaBox({140.0, 31.3}));
}

TEST(ChinaOffsets, RoundTripsWithinATenthOfAMetreAcrossChina) {
    double worst_gcj = 0, worst_bd = 0;
    int points = 0;
    for (double lon = 73.0; lon <= 135.0; lon += 0.37) {
        for (double lat = 18.0; lat <= 53.5; lat += 0.29) {
            const LonLat wgs{lon, lat};
            worst_gcj = std::max(worst_gcj, MetresBetween(GcjToWgs(WgsToGcj(wgs)), wgs));
            worst_bd =
                std::max(worst_bd, MetresBetween(ToWgs84(ChineseSrs::kBd09, FromWgs84(ChineseSrs::kBd09, wgs)), wgs));
            ++points;
        }
    }
    EXPECT_GT(points, 10000);
    EXPECT_LT(worst_gcj, 0.1);
    EXPECT_LT(worst_bd, 0.1);
    EXPECT_LT(worst_gcj, 1e-3) << "the iteration stops below 1e-9 degrees";
}

TEST(ChinaOffsets, ParsesTheSrsNames) {
    EXPECT_EQ(ParseChineseSrs("gcj02"), ChineseSrs::kGcj02);
    EXPECT_EQ(ParseChineseSrs("GCJ-02"), ChineseSrs::kGcj02);
    EXPECT_EQ(ParseChineseSrs("bd09"), ChineseSrs::kBd09);
    EXPECT_EQ(ParseChineseSrs("BD-09"), ChineseSrs::kBd09);
    EXPECT_FALSE(ParseChineseSrs("EPSG:4326"));
    EXPECT_FALSE(ParseChineseSrs(""));
    EXPECT_EQ(ChineseSrsName(ChineseSrs::kBd09), "bd09");
}

}  // namespace
}  // namespace gridlink
