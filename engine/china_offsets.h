// The Chinese web-map offsets: GCJ-02 (国测局, "Mars coordinates", used by AMap/Gaode, Tencent and Google's
// China tiles) and BD-09 (Baidu). Neither has an EPSG code: GCJ-02 is WGS84 shifted by the published
// obfuscation series on the Krasovsky ellipsoid (none outside mainland China's box), BD-09 is GCJ-02
// rotated and scaled about the origin. The forward transforms are closed formulas; the inverses are found
// by fixed-point iteration to below 1e-9 degrees (about 0.1 mm), so a round trip is exact to well under
// 0.1 m, where the usual one-step inverse is off by up to a few metres.
#pragma once

#include <optional>
#include <string_view>

namespace gridlink {

struct LonLat {
    double lon = 0, lat = 0;  // degrees
};

enum class ChineseSrs { kGcj02, kBd09 };

// "gcj02" / "gcj-02" / "bd09" / "bd-09" (any case); nullopt for anything else (an EPSG code, a WKT).
std::optional<ChineseSrs> ParseChineseSrs(std::string_view text);
std::string_view ChineseSrsName(ChineseSrs srs);  // "gcj02", "bd09"

// Whether the GCJ-02 offset applies at a WGS84 (or GCJ-02) point: inside the published box around
// mainland China (lon 72.004..137.8347, lat 0.8293..55.8271).
bool InChinaBox(LonLat p);

LonLat WgsToGcj(LonLat wgs);
LonLat GcjToWgs(LonLat gcj);  // iterative inverse of WgsToGcj
LonLat GcjToBd(LonLat gcj);
LonLat BdToGcj(LonLat bd);  // iterative inverse of GcjToBd

// A point written in `srs` as WGS84, and back.
LonLat ToWgs84(ChineseSrs srs, LonLat p);
LonLat FromWgs84(ChineseSrs srs, LonLat wgs);

}  // namespace gridlink
