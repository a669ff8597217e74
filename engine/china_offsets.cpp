// GCJ-02 and BD-09: the published forward formulas and fixed-point inverses (see china_offsets.h).
#include "china_offsets.h"

#include <cmath>
#include <numbers>

#include "ascii_case.h"

namespace gridlink {

namespace {

constexpr double kPi = std::numbers::pi;
// The Krasovsky 1940 ellipsoid the GCJ-02 series is scaled on.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
// BD-09's rotation factor.
constexpr double kXPi = kPi * 3000.0 / 180.0;
// Fixed-point iteration: stop below this step (degrees), give up after this many rounds.
constexpr double kInverseTolerance = 1e-9;
constexpr int kInverseRounds = 30;

// The obfuscation series, in units that the ellipsoid scaling below turns into degrees; x and y are
// longitude - 105 and latitude - 35.
double SeriesLat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    return r;
}

double SeriesLon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    return r;
}

// Solves forward(p) == target for p by p <- p + (target - forward(p)), from `p`: the offsets change
// slowly (their derivative is far below 1), so each round gains several digits.
template <typename Forward>
LonLat Invert(LonLat target, LonLat p, Forward&& forward) {
    for (int round = 0; round < kInverseRounds; ++round) {
        const LonLat f = forward(p);
        const double dlon = target.lon - f.lon, dlat = target.lat - f.lat;
        p.lon += dlon;
        p.lat += dlat;
        if (std::fabs(dlon) < kInverseTolerance && std::fabs(dlat) < kInverseTolerance) break;
    }
    return p;
}

}  // namespace

std::optional<ChineseSrs> ParseChineseSrs(std::string_view text) {
    const std::string lower = AsciiLower(text);
    if (lower == "gcj02" || lower == "gcj-02") return ChineseSrs::kGcj02;
    if (lower == "bd09" || lower == "bd-09") return ChineseSrs::kBd09;
    return std::nullopt;
}

std::string_view ChineseSrsName(ChineseSrs srs) { return srs == ChineseSrs::kGcj02 ? "gcj02" : "bd09"; }

bool InChinaBox(LonLat p) { return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271; }

LonLat WgsToGcj(LonLat wgs) {
    if (!InChinaBox(wgs)) return wgs;
    const double x = wgs.lon - 105.0, y = wgs.lat - 35.0;
    const double rad_lat = wgs.lat / 180.0 * kPi;
    const double s = std::sin(rad_lat);
    const double magic = 1.0 - kKrasovskyEe * s * s;
    const double sqrt_magic = std::sqrt(magic);
    const double dlat = SeriesLat(x, y) * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
    const double dlon = SeriesLon(x, y) * 180.0 / (kKrasovskyA / sqrt_magic * std::cos(rad_lat) * kPi);
    return {wgs.lon + dlon, wgs.lat + dlat};
}

LonLat GcjToWgs(LonLat gcj) {
    if (!InChinaBox(gcj)) return gcj;
    return Invert(gcj, gcj, WgsToGcj);
}

LonLat GcjToBd(LonLat gcj) {
    const double x = gcj.lon, y = gcj.lat;
    const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
    const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat BdToGcj(LonLat bd) {
    // The published one-step inverse as the start, then the same iteration.
    const double x = bd.lon - 0.0065, y = bd.lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
    return Invert(bd, LonLat{z * std::cos(theta), z * std::sin(theta)}, GcjToBd);
}

LonLat ToWgs84(ChineseSrs srs, LonLat p) { return GcjToWgs(srs == ChineseSrs::kBd09 ? BdToGcj(p) : p); }

LonLat FromWgs84(ChineseSrs srs, LonLat wgs) {
    const LonLat gcj = WgsToGcj(wgs);
    return srs == ChineseSrs::kBd09 ? GcjToBd(gcj) : gcj;
}

}  // namespace gridlink
