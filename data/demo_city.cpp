// The demo-city generator: a five-level grid that tiles the real outline of Huqiu District exactly
// (Voronoi partitions for streets, communities and grids; rotated city-block lattices for unit grids),
// with people, phones, resources and a basemap (arterial and secondary roads on community and grid
// boundaries, local streets of the block lattice where a grid is large, Taihu, the Grand Canal).
#include "demo_city.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data/ogr_geometry.h"
#include "demo_assets.h"
#include "engine/geos_bridge.h"
#include "engine/road_network.h"

namespace gridlink {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

// [SECTION] GCJ-02

Vec2 Gcj02FromWgs84(Vec2 wgs) {
    const double a = 6378245.0;
    const double ee = 0.00669342162296594323;
    const double x = wgs.x - 105.0, y = wgs.y - 35.0;
    double dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    dlat += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    dlat += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    dlat += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    double dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    dlon += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    dlon += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    dlon += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    const double rad_lat = wgs.y / 180.0 * kPi;
    double magic = std::sin(rad_lat);
    magic = 1 - ee * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sqrt_magic) * kPi);
    dlon = (dlon * 180.0) / (a / sqrt_magic * std::cos(rad_lat) * kPi);
    return {wgs.x + dlon, wgs.y + dlat};
}

// Fixed-point iteration on the forward formula; 1e-10 degrees is about 0.01 mm.
Vec2 Wgs84FromGcj02(Vec2 gcj) {
    Vec2 wgs = gcj;
    for (int i = 0; i < 10; ++i) {
        const Vec2 back = Gcj02FromWgs84(wgs);
        const Vec2 d = back - gcj;
        wgs = wgs - d;
        if (std::abs(d.x) < 1e-10 && std::abs(d.y) < 1e-10) break;
    }
    return wgs;
}

std::optional<DemoScale> ParseDemoScale(std::string_view text) {
    if (text == "small") return DemoScale::Small;
    if (text == "district") return DemoScale::District;
    if (text == "city") return DemoScale::City;
    return std::nullopt;
}

const char* DemoScaleName(DemoScale scale) {
    switch (scale) {
        case DemoScale::Small: return "small";
        case DemoScale::District: return "district";
        case DemoScale::City: return "city";
    }
    return "district";
}

namespace {

// [SECTION] constants and targets

// The outline is snapped to this grid (metres); segments are compared on it when merging slivers. Siblings
// share identical edges because each partition is noded once (floating point) and polygonized.
constexpr double kGridSize = 1e-6;
constexpr double kGridScale = 1e6;  // 1 / kGridSize, as GEOS computes it
// A piece smaller than this fraction of its target size is merged into a neighbour.
constexpr double kSliverFraction = 0.25;
constexpr int kMaxUnitsPerGrid = 99;    // two-digit unit codes
constexpr int kMaxChildrenCoded = 999;  // three-digit street, community and grid codes
// Local streets of the block lattice (a lane where the lattice cannot) bring every unit grid's centroid
// within this of a road.
constexpr double kWalkM = 250;
// A local street starts on a road (or an earlier local street) passing this close to one of its ends.
constexpr double kJoinM = 0.5;

constexpr const char* kDistrictCode = "320505";
constexpr const char* kDistrictName = "虎丘区";

struct ScaleTargets {
    int communities;  // level 3, over the whole district
    int grids;        // level 4
    int units;        // level 5 (approximate)
    int cameras_per_grid;
    int volunteers_per_community;
};

ScaleTargets TargetsFor(DemoScale scale) {
    switch (scale) {
        case DemoScale::Small: return {30, 150, 1500, 2, 2};
        case DemoScale::District: return {100, 1000, 30000, 5, 3};
        case DemoScale::City: return {1000, 10000, 300000, 5, 3};
    }
    return {100, 1000, 30000, 5, 3};
}

// The demo's fixed geography is sketched in EPSG:4549 metres over the outline's extent.
Vec2 Sketch(double x, double y) { return {519659.74 + x * 42.769, 3477741.49 - y * 42.769}; }

// [SECTION] random numbers

// xoshiro256** seeded through splitmix64: small, fast and the same on every platform.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (std::uint64_t& word : state_) word = SplitMix(seed);
    }
    std::uint64_t next() {
        const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = Rotl(state_[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(double p) { return uniform() < p; }
    // A derived generator, so that one part's draws do not shift another's.
    Rng fork(std::uint64_t salt) { return Rng(next() ^ (salt * 0x9E3779B97F4A7C15ull)); }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t SplitMix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t state_[4];
};

// [SECTION] GEOS helpers

class Prepared {
  public:
    Prepared(GeosContext& geos, const GEOSGeometry* g) : h_(geos.handle()), p_(GEOSPrepare_r(h_, g)) {}
    ~Prepared() {
        if (p_) GEOSPreparedGeom_destroy_r(h_, p_);
    }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
    bool intersects(const GEOSGeometry* g) const { return GEOSPreparedIntersects_r(h_, p_, g) == 1; }

  private:
    GEOSContextHandle_t h_;
    const GEOSPreparedGeometry* p_;
};

Box GeosBounds(GeosContext& geos, const GEOSGeometry* g) {
    Box b;
    if (!g || GEOSisEmpty_r(geos.handle(), g)) return b;
    GEOSGeom_getXMin_r(geos.handle(), g, &b.min_x);
    GEOSGeom_getYMin_r(geos.handle(), g, &b.min_y);
    GEOSGeom_getXMax_r(geos.handle(), g, &b.max_x);
    GEOSGeom_getYMax_r(geos.handle(), g, &b.max_y);
    return b;
}

double GeosArea(GeosContext& geos, const GEOSGeometry* g) {
    double a = 0;
    GEOSArea_r(geos.handle(), g, &a);
    return a;
}

Vec2 GeosPointXY(GeosContext& geos, const GEOSGeometry* point) {
    Vec2 p;
    GEOSGeomGetX_r(geos.handle(), point, &p.x);
    GEOSGeomGetY_r(geos.handle(), point, &p.y);
    return p;
}

Vec2 Centroid(GeosContext& geos, const GEOSGeometry* g) {
    GeosGeometry c = MakeGeos(geos, GEOSGetCentroid_r(geos.handle(), g));
    return GeosPointXY(geos, c.get());
}

Vec2 InteriorPoint(GeosContext& geos, const GEOSGeometry* g) { return PointOnSurface(geos, g).value_or(Vec2{}); }

GeosGeometry MultiPointOf(GeosContext& geos, const std::vector<Vec2>& points) {
    std::vector<GEOSGeometry*> parts;
    parts.reserve(points.size());
    for (Vec2 p : points) parts.push_back(GEOSGeom_createPointFromXY_r(geos.handle(), p.x, p.y));
    return MakeGeos(geos, GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOINT, parts.data(),
                                                      static_cast<unsigned>(parts.size())));
}

GeosGeometry CollectionOf(GeosContext& geos, std::vector<GeosGeometry>& owned, int type) {
    std::vector<GEOSGeometry*> parts;
    parts.reserve(owned.size());
    for (GeosGeometry& g : owned) parts.push_back(g.release());
    owned.clear();
    return MakeGeos(
        geos, GEOSGeom_createCollection_r(geos.handle(), type, parts.data(), static_cast<unsigned>(parts.size())));
}

// The polygons of g as separate geometries (copies).
std::vector<GeosGeometry> PolygonParts(GeosContext& geos, const GEOSGeometry* g) {
    std::vector<GeosGeometry> out;
    if (!g || GEOSisEmpty_r(geos.handle(), g)) return out;
    const int type = GEOSGeomTypeId_r(geos.handle(), g);
    if (type == GEOS_POLYGON) {
        out.push_back(MakeGeos(geos, GEOSGeom_clone_r(geos.handle(), g)));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos.handle(), g);
        for (int i = 0; i < n; ++i) {
            std::vector<GeosGeometry> sub = PolygonParts(geos, GEOSGetGeometryN_r(geos.handle(), g, i));
            for (GeosGeometry& s : sub) out.push_back(std::move(s));
        }
    }
    return out;
}

// Points strictly inside a polygonal shape, at least `margin` from its boundary.
bool InsideWithMargin(const MultiPolygon& shape, Vec2 p, double margin) {
    return Contains(shape, p) && SquaredDistanceToBoundary(shape, p) >= margin * margin;
}

// [SECTION] the outline: GCJ-02 -> WGS84 -> EPSG:4549

Result<MultiPolygon> ReadOutlineLonLat() {
    GDALAllRegister();
    static std::atomic<int> counter{0};
    const std::string path = "/vsimem/gridlink_demo_huqiu_" + std::to_string(counter++) + ".geojson";
    const char* text = demo_assets::huqiu_district_geojson;
    VSILFILE* mem = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(text)),
                                         static_cast<vsi_l_offset>(std::char_traits<char>::length(text)), FALSE);
    if (!mem) return Error{"demo city: cannot map the embedded Huqiu outline into " + path};
    VSIFCloseL(mem);
    const char* drivers[] = {"GeoJSON", nullptr};
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers);
    if (!ds) {
        VSIUnlink(path.c_str());
        return Error{"demo city: the embedded Huqiu outline (huqiu_district.geojson) is not readable GeoJSON: " +
                     std::string(CPLGetLastErrorMsg())};
    }
    MultiPolygon shape;
    if (ds->GetLayerCount() > 0) {
        OGRLayer* layer = ds->GetLayer(0);
        layer->ResetReading();
        while (OGRFeature* feature = layer->GetNextFeature()) {
            MultiPolygonFromOgr(feature->GetGeometryRef(), shape);
            OGRFeature::DestroyFeature(feature);
        }
    }
    GDALClose(ds);
    VSIUnlink(path.c_str());
    std::erase_if(shape, [](const Polygon& p) { return p.outer.size() < 3; });
    if (shape.empty()) return Error{"demo city: the embedded Huqiu outline has no polygon"};
    return shape;
}

// Reads the outline, undoes the GCJ-02 offset, projects to EPSG:4549, repairs, and snaps to the precision grid.
Result<GeosGeometry> DistrictOutline(GeosContext& geos, int* repairs) {
    Result<MultiPolygon> lonlat = ReadOutlineLonLat();
    if (!lonlat) return Error{lonlat.error()};
    MultiPolygon shape = std::move(lonlat.value());
    for (Polygon& p : shape) {
        for (Vec2& v : p.outer) v = Wgs84FromGcj02(v);
        for (Ring& hole : p.holes) {
            for (Vec2& v : hole) v = Wgs84FromGcj02(v);
        }
    }
    Result<Transform> to_plane = Transform::Create(Crs::LonLat(), Crs::FromEpsg(kDemoEpsg));
    if (!to_plane) return Error{"demo city: " + to_plane.error()};
    if (!to_plane->apply(shape)) return Error{"demo city: cannot project the Huqiu outline to EPSG:4549"};
    bool repaired = false;
    std::string reason;
    shape = MakeValidPolygons(geos, shape, &repaired, &reason);
    if (repaired) ++*repairs;
    GeosGeometry g = ToGeos(geos, shape);
    GeosGeometry snapped = MakeGeos(geos, GEOSGeom_setPrecision_r(geos.handle(), g.get(), kGridSize, 0));
    if (!snapped || GEOSisEmpty_r(geos.handle(), snapped.get()) || GEOSisValid_r(geos.handle(), snapped.get()) != 1) {
        return Error{"demo city: the projected Huqiu outline is empty or invalid" +
                     (geos.last_error().empty() ? std::string() : " (" + geos.last_error() + ")")};
    }
    return snapped;
}

// [SECTION] partitions: pieces, sliver merging, ordering

// An edge between two vertices on the precision grid, in grid units, with its ends in a canonical order.
struct Segment {
    std::int64_t ax, ay, bx, by;
    auto operator<=>(const Segment&) const = default;
    double length() const { return std::hypot(double(bx - ax), double(by - ay)) / kGridScale; }
};

void CollectSegments(GeosContext& geos, const GEOSGeometry* g, std::vector<Segment>& out) {
    const auto h = geos.handle();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g)) return;
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int r = -1; r < holes; ++r) {
            const GEOSGeometry* ring = r < 0 ? GEOSGetExteriorRing_r(h, g) : GEOSGetInteriorRingN_r(h, g, r);
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
            unsigned n = 0;
            GEOSCoordSeq_getSize_r(h, seq, &n);
            std::int64_t px = 0, py = 0;
            for (unsigned i = 0; i < n; ++i) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
                const std::int64_t qx = std::llround(x * kGridScale), qy = std::llround(y * kGridScale);
                if (i > 0 && (qx != px || qy != py)) {
                    out.push_back(std::pair(px, py) < std::pair(qx, qy) ? Segment{px, py, qx, qy}
                                                                        : Segment{qx, qy, px, py});
                }
                px = qx;
                py = qy;
            }
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) CollectSegments(geos, GEOSGetGeometryN_r(h, g, i), out);
    }
}

struct Piece {
    GeosGeometry geom;
    double area = 0;
    Box box;
    std::vector<Segment> segments;  // sorted; filled only while merging slivers
};

Piece MakePiece(GeosContext& geos, GeosGeometry g) {
    Piece p;
    p.area = GeosArea(geos, g.get());
    p.box = GeosBounds(geos, g.get());
    p.geom = std::move(g);
    return p;
}

void FillSegments(GeosContext& geos, Piece& piece) {
    piece.segments.clear();
    CollectSegments(geos, piece.geom.get(), piece.segments);
    std::sort(piece.segments.begin(), piece.segments.end());
}

// Length of the boundary two pieces share. Pieces cut from one noded network share identical edges, so
// matching segments finds it exactly; GEOS measures it when that finds nothing.
double SharedLength(GeosContext& geos, const Piece& a, const Piece& b) {
    double length = 0;
    for (const Segment& s : a.segments) {
        if (std::binary_search(b.segments.begin(), b.segments.end(), s)) length += s.length();
    }
    if (length > 0) return length;
    const auto h = geos.handle();
    GeosGeometry boundary = MakeGeos(geos, GEOSBoundary_r(h, a.geom.get()));
    GeosGeometry shared = MakeGeos(geos, GEOSIntersection_r(h, boundary.get(), b.geom.get()));
    if (shared) GEOSLength_r(h, shared.get(), &length);
    return length;
}

// Splits a parent into the faces of its boundary noded (on the precision grid) with the given lines, keeping
// the faces inside it. Siblings made this way share identical edges and tile the parent exactly.
std::vector<Piece> FacesOf(GeosContext& geos, const GEOSGeometry* parent, const MultiPolygon& parent_shape,
                           GeosGeometry lines) {
    const auto h = geos.handle();
    std::vector<GeosGeometry> parts;
    parts.push_back(std::move(lines));
    parts.push_back(MakeGeos(geos, GEOSBoundary_r(h, parent)));
    GeosGeometry all = CollectionOf(geos, parts, GEOS_GEOMETRYCOLLECTION);
    GeosGeometry noded = MakeGeos(geos, GEOSUnaryUnion_r(h, all.get()));
    std::vector<Piece> pieces;
    if (!noded) return pieces;
    const GEOSGeometry* inputs[] = {noded.get()};
    GeosGeometry faces = MakeGeos(geos, GEOSPolygonize_r(h, inputs, 1));
    for (GeosGeometry& face : PolygonParts(geos, faces.get())) {
        if (!Contains(parent_shape, InteriorPoint(geos, face.get()))) continue;
        Piece piece = MakePiece(geos, std::move(face));
        if (piece.area > 0) pieces.push_back(std::move(piece));
    }
    return pieces;
}

bool BoxesTouch(const Box& a, const Box& b, double eps) {
    return !(b.min_x > a.max_x + eps || b.max_x < a.min_x - eps || b.min_y > a.max_y + eps || b.max_y < a.min_y - eps);
}

// Merges pieces smaller than min_area (smallest first) into the neighbour with which they share the
// longest boundary, or the nearest piece when they touch none; then merges further while there are
// more than max_count pieces.
void MergeSlivers(GeosContext& geos, std::vector<Piece>& pieces, double min_area, std::size_t max_count) {
    const auto h = geos.handle();
    bool have_segments = false;
    while (pieces.size() > 1) {
        std::size_t k = 0;
        for (std::size_t i = 1; i < pieces.size(); ++i) {
            if (pieces[i].area < pieces[k].area) k = i;
        }
        if (pieces[k].area >= min_area && pieces.size() <= max_count) break;
        if (!have_segments) {
            for (Piece& p : pieces) FillSegments(geos, p);
            have_segments = true;
        }
        std::size_t best = pieces.size();
        double best_length = 0;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            if (i == k || !BoxesTouch(pieces[k].box, pieces[i].box, 10 * kGridSize)) continue;
            const double length = SharedLength(geos, pieces[k], pieces[i]);
            if (length > best_length) {
                best_length = length;
                best = i;
            }
        }
        if (best == pieces.size()) {
            double nearest = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                if (i == k) continue;
                double d = 0;
                GEOSDistance_r(h, pieces[k].geom.get(), pieces[i].geom.get(), &d);
                if (d < nearest) {
                    nearest = d;
                    best = i;
                }
            }
        }
        // Floating-point union: the pieces share identical edges, so it computes no new vertex.
        GeosGeometry merged = MakeGeos(geos, GEOSUnion_r(h, pieces[best].geom.get(), pieces[k].geom.get()));
        if (!merged) break;  // GEOS failed; keep the sliver rather than lose area
        pieces[best] = MakePiece(geos, std::move(merged));
        FillSegments(geos, pieces[best]);
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(k));
    }
}

// Orders pieces for numbering: bands from north to south, alternating west->east and east->west.
void OrderPieces(GeosContext& geos, std::vector<Piece>& pieces, const Box& parent_box) {
    if (pieces.empty()) return;
    double total = 0;
    for (const Piece& p : pieces) total += p.area;
    const double band = std::max(1.0, std::sqrt(total / static_cast<double>(pieces.size())));
    struct Key {
        long long band;
        double x;
        std::size_t index;
    };
    std::vector<Key> keys;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Vec2 c = Centroid(geos, pieces[i].geom.get());
        const long long b = static_cast<long long>(std::floor((parent_box.max_y - c.y) / band));
        keys.push_back({b, (b % 2 == 0) ? c.x : -c.x, i});
    }
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (a.band != b.band) return a.band < b.band;
        if (a.x != b.x) return a.x < b.x;
        return a.index < b.index;
    });
    std::vector<Piece> ordered;
    ordered.reserve(pieces.size());
    for (const Key& key : keys) ordered.push_back(std::move(pieces[key.index]));
    pieces = std::move(ordered);
}

// [SECTION] levels 2-4: Voronoi partitions

// Random points inside the shape (rejection sampling in its bounds).
std::vector<Vec2> SampleInside(GeosContext& geos, const GEOSGeometry* parent, const MultiPolygon& shape, int count,
                               Rng& rng) {
    const Box b = Bounds(shape);
    std::vector<Vec2> out;
    int attempts = 0;
    while (static_cast<int>(out.size()) < count && attempts < count * 2000) {
        ++attempts;
        const Vec2 p{rng.range(b.min_x, b.max_x), rng.range(b.min_y, b.max_y)};
        if (Contains(shape, p)) out.push_back(p);
    }
    while (static_cast<int>(out.size()) < count) out.push_back(InteriorPoint(geos, parent));
    return out;
}

// Splits parent into Voronoi cells of the seeds after `lloyd_steps` relaxation steps, clipped to the parent
// on the precision grid, each cell split into its connected parts.
std::vector<Piece> VoronoiPieces(GeosContext& geos, const GEOSGeometry* parent, const MultiPolygon& parent_shape,
                                 std::vector<Vec2> seeds, int lloyd_steps) {
    const auto h = geos.handle();
    Prepared prepared(geos, parent);
    for (int step = 0; step < lloyd_steps; ++step) {
        GeosGeometry sites = MultiPointOf(geos, seeds);
        GeosGeometry diagram = MakeGeos(geos, GEOSVoronoiDiagram_r(h, sites.get(), parent, 0.0, 0));
        if (!diagram) break;
        const int n = GEOSGetNumGeometries_r(h, diagram.get());
        std::vector<Vec2> next;
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* cell = GEOSGetGeometryN_r(h, diagram.get(), i);
            if (!prepared.intersects(cell)) continue;
            GeosGeometry clipped = MakeGeos(geos, GEOSIntersection_r(h, cell, parent));
            if (!clipped || GEOSisEmpty_r(h, clipped.get())) continue;
            Vec2 c = Centroid(geos, clipped.get());
            if (!Contains(parent_shape, c)) c = InteriorPoint(geos, clipped.get());
            next.push_back(c);
        }
        seeds = std::move(next);
    }
    GeosGeometry sites = MultiPointOf(geos, seeds);
    GeosGeometry edges = MakeGeos(geos, GEOSVoronoiDiagram_r(h, sites.get(), parent, 0.0, 1));
    if (!edges) return {};
    return FacesOf(geos, parent, parent_shape, std::move(edges));
}

int ChildCount(double area, double target_area, int at_most) {
    const int n = static_cast<int>(std::lround(area / target_area));
    return std::clamp(n, 2, at_most);
}

// [SECTION] level 5: city blocks

struct BlockStyle {
    double angle = 0;   // radians, the lattice's orientation
    double aspect = 1;  // width / height of an average block
};

// Cuts the grid into city blocks: a rotated lattice of rows of jittered height, each row with its own
// jittered column breaks (so that blocks vary in size and cross streets do not all line up), noded with
// the grid's boundary. The lattice's lines (rows first, then the column breaks, unclipped) go to `streets`:
// where the grid's own roads are too far, some of them become local streets (build_roads).
std::vector<Piece> CityBlocks(GeosContext& geos, const GEOSGeometry* grid, const MultiPolygon& grid_shape, double side,
                              const BlockStyle& style, Rng& rng, std::vector<LineString>& streets) {
    const double c = std::cos(style.angle), s = std::sin(style.angle);
    double umin = std::numeric_limits<double>::infinity(), umax = -umin, vmin = umin, vmax = -umin;
    for (const Polygon& p : grid_shape) {
        for (Vec2 v : p.outer) {
            const double u = v.x * c + v.y * s, w = -v.x * s + v.y * c;
            umin = std::min(umin, u);
            umax = std::max(umax, u);
            vmin = std::min(vmin, w);
            vmax = std::max(vmax, w);
        }
    }
    const double row_height = side / std::sqrt(style.aspect);
    const double col_width = side * std::sqrt(style.aspect);
    std::vector<double> rows{vmin - rng.range(0.1, 0.9) * row_height};
    while (rows.back() < vmax) rows.push_back(rows.back() + row_height * rng.range(0.75, 1.25));
    auto to_xy = [c, s](double u, double v) { return Vec2{u * c - v * s, u * s + v * c}; };
    const double u0 = umin - col_width, u1 = umax + col_width;
    std::vector<GeosGeometry> lines;
    std::vector<LineString> columns;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r] > vmin && rows[r] < vmax) {
            streets.push_back({to_xy(u0, rows[r]), to_xy(u1, rows[r])});
            lines.push_back(ToGeos(geos, streets.back()));
        }
        if (r + 1 == rows.size()) break;
        double u = umin - rng.range(0.1, 0.9) * col_width;
        while (u < umax) {
            u += col_width * rng.range(0.6, 1.5);
            if (u < umax) {
                columns.push_back({to_xy(u, rows[r]), to_xy(u, rows[r + 1])});
                lines.push_back(ToGeos(geos, columns.back()));
            }
        }
    }
    streets.insert(streets.end(), columns.begin(), columns.end());
    return FacesOf(geos, grid, grid_shape, CollectionOf(geos, lines, GEOS_MULTILINESTRING));
}

// [SECTION] names, people and phones

constexpr const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "朱", "马",
                                     "胡", "郭", "林", "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
                                     "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶",
                                     "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
                                     "汪", "范", "金", "石", "顾", "钱", "缪", "浦", "邵", "华", "俞", "殷"};
constexpr const char* kGivenNames[] = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",   "洋",   "勇",   "艳",   "杰",
    "娟",   "涛",   "明",   "超",   "秀英", "华",   "慧",   "建华", "建国", "志强", "海燕", "丹",   "萍",
    "玲",   "斌",   "刚",   "桂英", "婷",   "宇",   "浩",   "晨",   "欣怡", "俊",   "鹏",   "辉",   "琳",
    "雪",   "峰",   "文杰", "晓东", "红梅", "卫东", "国平", "振华", "佳怡", "子涵", "梓萱", "一鸣", "思远",
    "嘉豪", "雨婷", "建平", "美玲", "春燕", "永刚", "立新", "海峰", "亚男", "志伟", "晓燕", "金宝"};
constexpr const char* kMobilePrefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139",
                                           "150", "151", "152", "153", "155", "156", "157", "158", "159",
                                           "177", "180", "181", "182", "185", "186", "187", "188", "189"};
// Syllables for community and secondary-road names.
constexpr const char* kSyllables[] = {
    "金", "山", "枫", "桥", "塘", "湖", "河", "阳", "华", "新", "景", "苑", "竹", "园", "长", "江", "玉",
    "龙", "凤", "鹿", "白", "马", "康", "乐", "安", "宁", "泰", "锦", "绣", "文", "昌", "明", "星", "月",
    "兴", "旺", "嘉", "和", "春", "秋", "清", "溪", "浦", "港", "湾", "岭", "庄", "灵", "岩", "秀", "翠",
    "荷", "梅", "桂", "松", "柏", "兰", "芳", "青", "虹", "通", "惠", "丰", "瑞", "盛", "福", "寿", "田"};
constexpr const char* kArterialNames[] = {
    "长江路",   "狮山路",   "金山路",   "珠江路",   "塔园路",   "玉山路",   "滨河路", "运河路", "何山路",
    "竹园路",   "向阳路",   "太湖大道", "鹿山路",   "嵩山路",   "华山路",   "泰山路", "马运路", "青城山路",
    "建林路",   "邓尉路",   "湘江路",   "漓江路",   "金枫路",   "枫桥路",   "横山路", "浒杨路", "阳山环路",
    "通浒路",   "城际路",   "兴贤路",   "华金路",   "五台山路", "峨眉山路", "衡山路", "黄山路", "庐山路",
    "普陀山路", "天目山路", "金沙江路", "富春江路", "锦峰路",   "大同路",   "科灵路", "科锐路", "石阳路"};
constexpr const char* kRoadSections[] = {"", "二段", "三段", "四段", "五段", "六段", "七段", "八段", "九段"};

std::string PersonName(Rng& rng) {
    return std::string(kSurnames[rng.below(std::size(kSurnames))]) + kGivenNames[rng.below(std::size(kGivenNames))];
}

std::string MobilePhone(Rng& rng) {
    std::string phone = kMobilePrefixes[rng.below(std::size(kMobilePrefixes))];
    for (int i = 0; i < 8; ++i) phone += static_cast<char>('0' + rng.below(10));
    return phone;
}

// Two-syllable names, all distinct, in a seeded shuffled order.
class NamePool {
  public:
    explicit NamePool(Rng& rng) {
        const int n = static_cast<int>(std::size(kSyllables));
        for (int a = 0; a < n; ++a) {
            for (int b = 0; b < n; ++b) {
                if (a != b) names_.push_back(std::string(kSyllables[a]) + kSyllables[b]);
            }
        }
        for (std::size_t i = names_.size(); i > 1; --i)
            std::swap(names_[i - 1], names_[rng.below(static_cast<int>(i))]);
    }
    std::string next() {
        std::string name = names_[next_ % names_.size()];
        if (next_ >= names_.size()) name += std::to_string(next_ / names_.size() + 1);
        ++next_;
        return name;
    }

  private:
    std::vector<std::string> names_;
    std::size_t next_ = 0;
};

std::string TwoDigits(int n) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d", n);
    return text;
}

// The streets and towns of Huqiu, with a rough position for each (in the sketch's pixels), used as the
// seeds of the level-2 partition and to name its cells.
struct StreetAnchor {
    const char* name;
    double x, y;
};
constexpr StreetAnchor kStreets[] = {
    {"浒墅关镇", 640, 70},  {"浒墅关经济技术开发区", 760, 60},
    {"通安镇", 520, 110},   {"东渚街道", 430, 190},
    {"镇湖街道", 250, 200}, {"枫桥街道", 700, 180},
    {"狮山街道", 740, 280}, {"横塘街道", 810, 420},
};
constexpr const char* kExtraStreetNames[] = {"科技城", "阳山街道", "白马涧街道", "金墅街道", "西津街道"};

// [SECTION] the generator

struct Cell {
    GeosGeometry geom;
    MultiPolygon shape;
    std::string code;
    std::string name;
    int level = 0;
    int parent = -1;
    std::vector<int> children;
    BlockStyle style;                 // communities: the orientation of their blocks
    std::vector<LineString> streets;  // grids (level 4): their block lattice's lines (CityBlocks)
    std::string responsible;
    std::string phone;
};

class Generator {
  public:
    Generator(const DemoOptions& options)
        : options_(options), targets_(TargetsFor(options.scale)), rng_(options.seed) {}

    Result<World> run();

  private:
    Status build_district();
    void build_streets();
    void build_voronoi_level(int level, int target_count);
    void build_units();
    void build_water();
    void build_roads();
    void build_local_streets(Rng& rng, NamePool& names);
    void join_road_pieces(NamePool& names);
    void build_resources();
    int add_cell(GeosGeometry geom, int level, int parent, const std::string& code, const std::string& name);
    Vec2 point_in(int cell_index, Rng& rng);

    const DemoOptions& options_;
    ScaleTargets targets_;
    Rng rng_;
    GeosContext geos_;
    World world_;
    std::vector<Cell> cells_;
    std::vector<std::vector<int>> by_level_ = std::vector<std::vector<int>>(kLevelCount + 1);
    double district_area_ = 0;
    GeosGeometry taihu_;
};

int Generator::add_cell(GeosGeometry geom, int level, int parent, const std::string& code, const std::string& name) {
    Cell cell;
    cell.shape = PolygonsFromGeos(geos_, geom.get());
    cell.geom = std::move(geom);
    cell.code = code;
    cell.name = name;
    cell.level = level;
    cell.parent = parent;
    if (level >= 2) {
        cell.responsible = PersonName(rng_);
        cell.phone = MobilePhone(rng_);
    }
    const int index = static_cast<int>(cells_.size());
    if (parent >= 0) cells_[parent].children.push_back(index);
    by_level_[level].push_back(index);
    cells_.push_back(std::move(cell));
    return index;
}

Status Generator::build_district() {
    Result<GeosGeometry> outline = DistrictOutline(geos_, &world_.repaired_geometries);
    if (!outline) return Error{outline.error()};
    district_area_ = GeosArea(geos_, outline->get());
    add_cell(std::move(outline.value()), 1, -1, kDistrictCode, kDistrictName);
    return {};
}

void Generator::build_streets() {
    Cell& district = cells_[0];
    std::vector<Vec2> seeds;
    for (const StreetAnchor& a : kStreets) {
        Vec2 p = Sketch(a.x, a.y);
        if (!Contains(district.shape, p)) p = InteriorPoint(geos_, district.geom.get());
        seeds.push_back(p);
    }
    std::vector<Piece> pieces = VoronoiPieces(geos_, district.geom.get(), district.shape, seeds, 1);
    const double target = district_area_ / static_cast<double>(std::size(kStreets));
    MergeSlivers(geos_, pieces, kSliverFraction * target, kMaxChildrenCoded);
    OrderPieces(geos_, pieces, Bounds(district.shape));
    // Name each piece after the nearest unused anchor, larger pieces choosing first.
    std::vector<std::size_t> by_size(pieces.size());
    for (std::size_t i = 0; i < by_size.size(); ++i) by_size[i] = i;
    std::stable_sort(by_size.begin(), by_size.end(),
                     [&pieces](std::size_t a, std::size_t b) { return pieces[a].area > pieces[b].area; });
    std::vector<std::string> names(pieces.size());
    std::vector<bool> used(std::size(kStreets), false);
    std::size_t extra = 0;
    for (std::size_t i : by_size) {
        const Vec2 c = Centroid(geos_, pieces[i].geom.get());
        std::size_t best = std::size(kStreets);
        double best_d = std::numeric_limits<double>::infinity();
        for (std::size_t a = 0; a < std::size(kStreets); ++a) {
            const Vec2 d = Sketch(kStreets[a].x, kStreets[a].y) - c;
            const double dd = d.x * d.x + d.y * d.y;
            if (!used[a] && dd < best_d) {
                best_d = dd;
                best = a;
            }
        }
        if (best < std::size(kStreets)) {
            used[best] = true;
            names[i] = kStreets[best].name;
        } else {
            names[i] = std::string(kExtraStreetNames[extra % std::size(kExtraStreetNames)]) +
                       (extra >= std::size(kExtraStreetNames) ? std::to_string(extra) : "");
            ++extra;
        }
    }
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        add_cell(std::move(pieces[i].geom), 2, 0, ChildCode(kDistrictCode, 2, static_cast<int>(i) + 1), names[i]);
    }
}

void Generator::build_voronoi_level(int level, int target_count) {
    const double target = district_area_ / static_cast<double>(target_count);
    NamePool community_names(rng_);
    const std::vector<int> parents = by_level_[level - 1];
    for (int parent_index : parents) {
        Rng rng = rng_.fork(static_cast<std::uint64_t>(parent_index));
        const Cell& parent = cells_[parent_index];
        const double area = GeosArea(geos_, parent.geom.get());
        const int count = ChildCount(area, target, kMaxChildrenCoded);
        std::vector<Vec2> seeds = SampleInside(geos_, parent.geom.get(), parent.shape, count, rng);
        std::vector<Piece> pieces = VoronoiPieces(geos_, parent.geom.get(), parent.shape, std::move(seeds), 2);
        MergeSlivers(geos_, pieces, kSliverFraction * area / count, kMaxChildrenCoded);
        OrderPieces(geos_, pieces, Bounds(parent.shape));
        const std::string parent_code = parent.code;
        const std::string parent_name = parent.name;
        const bool town = parent_name.size() >= 3 && parent_name.compare(parent_name.size() - 3, 3, "镇") == 0;
        // Each community has its own block orientation and proportions, varying around its street's.
        const double street_angle = level == 3 ? rng.range(-0.6, 0.6) : 0;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const int number = static_cast<int>(i) + 1;
            std::string name;
            if (level == 3) {
                name = community_names.next() + (town && rng.chance(0.4) ? "村" : "社区");
            } else {
                name = parent_name + "第" + std::to_string(number) + "网格";
            }
            const int child =
                add_cell(std::move(pieces[i].geom), level, parent_index, ChildCode(parent_code, level, number), name);
            if (level == 3) {
                cells_[child].style.angle = street_angle + rng.range(-0.35, 0.35);
                cells_[child].style.aspect = rng.range(1.0, 1.8);
            }
        }
    }
}

void Generator::build_units() {
    // Blocks a little smaller than the target, since clipped blocks at the edges get merged.
    const double target = district_area_ / static_cast<double>(targets_.units);
    const std::vector<int> grids = by_level_[4];
    for (int grid_index : grids) {
        Rng rng = rng_.fork(0x5000000ull + static_cast<std::uint64_t>(grid_index));
        const Cell& grid = cells_[grid_index];
        BlockStyle style = cells_[grid.parent].style;
        style.angle += rng.range(-0.05, 0.05);
        const double area = GeosArea(geos_, grid.geom.get());
        double block_area = target * 1.15;
        // Keep the count comfortably below the two-digit limit, whatever this grid's size.
        block_area = std::max(block_area, area / 70.0);
        std::vector<LineString> streets;
        std::vector<Piece> pieces =
            CityBlocks(geos_, grid.geom.get(), grid.shape, std::sqrt(block_area), style, rng, streets);
        cells_[grid_index].streets = std::move(streets);
        MergeSlivers(geos_, pieces, kSliverFraction * block_area, kMaxUnitsPerGrid);
        OrderPieces(geos_, pieces, Bounds(grid.shape));
        const std::string grid_code = grid.code;
        const std::string grid_name = grid.name;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const int number = static_cast<int>(i) + 1;
            add_cell(std::move(pieces[i].geom), 5, grid_index, ChildCode(grid_code, 5, number),
                     grid_name + "第" + TwoDigits(number) + "单元");
        }
    }
}

// [SECTION] basemap: water

LineString Chaikin(LineString line, int iterations) {
    for (int it = 0; it < iterations; ++it) {
        LineString out{line.front()};
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const Vec2 a = line[i], b = line[i + 1];
            out.push_back(a * 0.75 + b * 0.25);
            out.push_back(a * 0.25 + b * 0.75);
        }
        out.push_back(line.back());
        line = std::move(out);
    }
    return line;
}

// A meandering line through sketch points: midpoints pushed sideways, then smoothed.
LineString Meander(const std::vector<Vec2>& sketch, double amplitude, Rng& rng) {
    LineString line;
    for (std::size_t i = 0; i < sketch.size(); ++i) {
        const Vec2 p = Sketch(sketch[i].x, sketch[i].y);
        if (i > 0) {
            const Vec2 q = Sketch(sketch[i - 1].x, sketch[i - 1].y);
            const Vec2 d = p - q;
            const double len = std::hypot(d.x, d.y);
            const Vec2 normal{-d.y / len, d.x / len};
            line.push_back((p + q) * 0.5 + normal * (amplitude * rng.range(-1, 1)));
        }
        line.push_back(p);
    }
    return Chaikin(std::move(line), 4);
}

void Generator::build_water() {
    const auto h = geos_.handle();
    Rng rng(0x7A1B00ull);  // the fixed geography does not depend on the seed
    const Box box = Bounds(cells_[0].shape);
    Box frame = box;
    frame.min_x -= 2000;
    frame.min_y -= 2000;
    frame.max_x += 2000;
    frame.max_y += 2000;
    GeosGeometry frame_geom = ToGeos(geos_, Polygon{{{frame.min_x, frame.min_y},
                                                     {frame.max_x, frame.min_y},
                                                     {frame.max_x, frame.max_y},
                                                     {frame.min_x, frame.max_y}},
                                                    {}});
    // Taihu: everything west of a sketched shoreline around the Zhenhu peninsula, outside the district. The
    // real outline takes in open water of the lake; here the district is all land, since its grids have
    // people, resources, cases and streets everywhere (a lake over 镇湖街道 left it without roads).
    {
        // The shore runs on south-west past the district, and the lake closes far to the west, where the
        // rounded extent below cuts it.
        LineString shore = Meander({{470, -1500},
                                    {450, -80},
                                    {430, 60},
                                    {395, 115},
                                    {345, 150},
                                    {305, 190},
                                    {292, 228},
                                    {310, 262},
                                    {335, 380},
                                    {330, 470},
                                    {290, 560},
                                    {220, 640},
                                    {120, 700},
                                    {-100, 1500}},
                                   400, rng);
        Ring ring = shore;
        ring.push_back(Sketch(-1500, 1500));
        ring.push_back(Sketch(-1500, -1500));
        GeosGeometry lake = ToGeos(geos_, Polygon{ring, {}});
        GeosGeometry valid = MakeGeos(geos_, GEOSMakeValid_r(h, lake.get()));
        // The lake reaches well beyond the district, rounded like a lake rather than cut off by a frame.
        Ring extent;
        const Vec2 centre{box.min_x + box.width() * 0.15, box.center().y};
        const double rx = box.width() * 0.55, ry = box.height() * 0.9;
        for (int i = 0; i < 96; ++i) {
            const double t = 2 * kPi * i / 96;
            const double wobble = 1 + 0.06 * std::sin(3 * t + 0.7) + 0.04 * std::sin(7 * t + 2.1);
            extent.push_back(centre + Vec2{rx * wobble * std::cos(t), ry * wobble * std::sin(t)});
        }
        GeosGeometry extent_geom = ToGeos(geos_, Polygon{extent, {}});
        GeosGeometry lake_extent = MakeGeos(geos_, GEOSIntersection_r(h, valid.get(), extent_geom.get()));
        taihu_ = MakeGeos(geos_, GEOSDifference_r(h, lake_extent.get(), cells_[0].geom.get()));
        world_.water.push_back({"lake", "太湖", PolygonsFromGeos(geos_, taihu_.get())});
    }
    auto band = [&](const std::vector<Vec2>& sketch, double width, double amplitude) {
        LineString centre = Meander(sketch, amplitude, rng);
        GeosGeometry line = ToGeos(geos_, centre);
        GeosGeometry body = MakeGeos(
            geos_, GEOSBufferWithStyle_r(h, line.get(), width / 2, 8, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_ROUND, 5.0));
        GeosGeometry land = MakeGeos(geos_, GEOSDifference_r(h, body.get(), taihu_.get()));
        return MakeGeos(geos_, GEOSIntersection_r(h, land.get(), frame_geom.get()));
    };
    GeosGeometry canal = band(
        {{600, -60}, {630, 40}, {670, 110}, {700, 170}, {730, 230}, {765, 300}, {790, 360}, {815, 440}, {835, 600}}, 90,
        350);
    GeosGeometry river = band({{560, -60}, {565, 60}, {548, 160}, {540, 250}, {528, 330}, {520, 420}}, 40, 250);
    GeosGeometry channel = band({{300, 200}, {380, 205}, {470, 215}, {560, 205}, {650, 215}}, 30, 200);
    std::vector<GeosGeometry> taken;
    taken.push_back(MakeGeos(geos_, GEOSGeom_clone_r(h, canal.get())));
    taken.push_back(MakeGeos(geos_, GEOSGeom_clone_r(h, river.get())));
    taken.push_back(MakeGeos(geos_, GEOSGeom_clone_r(h, channel.get())));
    taken.push_back(MakeGeos(geos_, GEOSGeom_clone_r(h, taihu_.get())));
    world_.water.push_back({"canal", "京杭大运河", PolygonsFromGeos(geos_, canal.get())});
    world_.water.push_back({"river", "浒光运河", PolygonsFromGeos(geos_, river.get())});
    world_.water.push_back({"river", "金墅港", PolygonsFromGeos(geos_, channel.get())});
    // Lakes and ponds on land, clear of the other water.
    static const char* pond_names[] = {"游湖", "大白荡", "白荡湖", "金墅荡", "西津湖", "何山塘", "鹿山池", "镜湖"};
    Rng pond_rng(options_.seed ^ 0x90D5ull);
    int placed = 0;
    for (int attempt = 0; attempt < 400 && placed < static_cast<int>(std::size(pond_names)); ++attempt) {
        const Vec2 centre{pond_rng.range(box.min_x, box.max_x), pond_rng.range(box.min_y, box.max_y)};
        const double radius = placed < 2 ? pond_rng.range(500, 800) : pond_rng.range(120, 350);
        if (!InsideWithMargin(cells_[0].shape, centre, radius * 1.5)) continue;
        Ring ring;
        const double p1 = pond_rng.range(0, 2 * kPi), p2 = pond_rng.range(0, 2 * kPi);
        const double a1 = pond_rng.range(0.1, 0.25), a2 = pond_rng.range(0.05, 0.15);
        const double stretch = pond_rng.range(1.0, 1.6), turn = pond_rng.range(0, kPi);
        for (int i = 0; i < 40; ++i) {
            const double t = 2 * kPi * i / 40;
            const double r = radius * (1 + a1 * std::sin(2 * t + p1) + a2 * std::sin(3 * t + p2));
            const Vec2 local{r * std::cos(t) * stretch, r * std::sin(t) / stretch};
            ring.push_back(centre + Vec2{local.x * std::cos(turn) - local.y * std::sin(turn),
                                         local.x * std::sin(turn) + local.y * std::cos(turn)});
        }
        GeosGeometry pond = ToGeos(geos_, Polygon{ring, {}});
        bool clear = true;
        for (const GeosGeometry& other : taken) {
            double d = 0;
            GEOSDistance_r(h, pond.get(), other.get(), &d);
            if (d < 150) {
                clear = false;
                break;
            }
        }
        if (!clear) continue;
        world_.water.push_back({placed < 2 ? "lake" : "pond", pond_names[placed], PolygonsFromGeos(geos_, pond.get())});
        taken.push_back(std::move(pond));
        ++placed;
    }
}

// [SECTION] basemap: roads

double LineLength(const LineString& line) {
    double length = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
    return length;
}

// The boundaries between the cells of one level, noded and dissolved.
GeosGeometry BoundaryNetwork(GeosContext& geos, const std::vector<Cell>& cells, const std::vector<int>& level) {
    const auto h = geos.handle();
    std::vector<GeosGeometry> lines;
    for (int i : level) lines.push_back(MakeGeos(geos, GEOSBoundary_r(h, cells[i].geom.get())));
    GeosGeometry all = CollectionOf(geos, lines, GEOS_GEOMETRYCOLLECTION);
    return MakeGeos(geos, GEOSUnaryUnion_r(h, all.get()));
}

void Generator::build_roads() {
    const auto h = geos_.handle();
    GeosGeometry outline = MakeGeos(geos_, GEOSBoundary_r(h, cells_[0].geom.get()));
    GeosGeometry arterial_net = BoundaryNetwork(geos_, cells_, by_level_[3]);
    GeosGeometry secondary_net = BoundaryNetwork(geos_, cells_, by_level_[4]);
    // The lines of `net` less `minus` and the lake, longest first. A piece shorter than min_length (a
    // sliver along a boundary) is left out unless both its ends join other roads: a piece of this network
    // ending at the same junction, or a line of `joins` passing within kJoinM; without it the roads on
    // either side of a short link would meet only kilometres away.
    auto roads_from = [&](const GEOSGeometry* net, const GEOSGeometry* minus, const GEOSGeometry* joins,
                          double min_length) {
        GeosGeometry inner = MakeGeos(geos_, GEOSDifference_r(h, net, minus));
        GeosGeometry land = MakeGeos(geos_, GEOSDifference_r(h, inner.get(), taihu_.get()));
        GeosGeometry merged = MakeGeos(geos_, GEOSLineMerge_r(h, land.get()));
        std::vector<LineString> lines = LinesFromGeos(geos_, merged.get());
        auto key = [](Vec2 p) { return std::pair(std::llround(p.x * kGridScale), std::llround(p.y * kGridScale)); };
        std::map<std::pair<long long, long long>, int> ends;  // how many pieces end at each point
        for (const LineString& line : lines) {
            if (line.size() < 2) continue;
            ++ends[key(line.front())];
            ++ends[key(line.back())];
        }
        auto joined = [&](Vec2 p) {
            if (ends[key(p)] >= 2) return true;
            if (!joins) return false;
            GeosGeometry point = MakeGeos(geos_, GEOSGeom_createPointFromXY_r(h, p.x, p.y));
            double d = std::numeric_limits<double>::infinity();
            GEOSDistance_r(h, point.get(), joins, &d);
            return d <= kJoinM;
        };
        std::vector<std::pair<double, std::size_t>> by_length;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].size() < 2) continue;
            const double length = LineLength(lines[i]);
            if (length >= min_length || (length > 0 && joined(lines[i].front()) && joined(lines[i].back()))) {
                by_length.push_back({-length, i});
            }
        }
        std::sort(by_length.begin(), by_length.end());
        std::vector<LineString> out;
        for (const auto& [negative_length, i] : by_length) out.push_back(std::move(lines[i]));
        return out;
    };
    std::vector<LineString> arterials = roads_from(arterial_net.get(), outline.get(), nullptr, 150);
    std::vector<GeosGeometry> laid;
    for (const LineString& line : arterials) laid.push_back(ToGeos(geos_, line));
    GeosGeometry arterial_lines = CollectionOf(geos_, laid, GEOS_MULTILINESTRING);
    for (std::size_t i = 0; i < arterials.size(); ++i) {
        const std::size_t n = std::size(kArterialNames);
        const std::size_t section = std::min(i / n, std::size(kRoadSections) - 1);
        world_.roads.push_back(
            {"arterial", std::string(kArterialNames[i % n]) + kRoadSections[section], std::move(arterials[i])});
    }
    GeosGeometry major = MakeGeos(geos_, GEOSUnion_r(h, arterial_net.get(), outline.get()));
    std::vector<LineString> secondary = roads_from(secondary_net.get(), major.get(), arterial_lines.get(), 60);
    Rng rng = rng_.fork(0x20AD);
    NamePool names(rng);
    static const char* suffixes[] = {"路", "街", "巷", "弄"};
    for (LineString& line : secondary) {
        world_.roads.push_back({"secondary", names.next() + suffixes[rng.below(4)], std::move(line)});
    }
    build_local_streets(rng, names);
    join_road_pieces(names);
}

// A piece of the road network that touches the rest nowhere (a rim grid's roads, a part of the district
// beyond a neck whose sides are the outline) gets a link road from its node nearest the rest, so that
// every road is reachable from every other; pieces farther than kMaxLinkM stay apart.
void Generator::join_road_pieces(NamePool& names) {
    constexpr double kMaxLinkM = 1500;
    const RoadNetwork network = RoadNetwork::Build(world_.roads);
    const std::size_t n = network.node_count();
    if (n == 0) return;
    std::vector<std::uint32_t> root(n);
    for (std::uint32_t i = 0; i < n; ++i) root[i] = i;
    auto find = [&](std::uint32_t x) {
        while (root[x] != x) x = root[x] = root[root[x]];
        return x;
    };
    for (std::uint32_t e = 0; e < network.edge_count(); ++e) {
        const std::uint32_t a = find(network.edge(e).from), b = find(network.edge(e).to);
        if (a != b) root[std::max(a, b)] = std::min(a, b);
    }
    std::map<std::uint32_t, std::vector<std::uint32_t>> pieces;  // by root (its smallest node): the nodes
    for (std::uint32_t i = 0; i < n; ++i) pieces[find(i)].push_back(i);
    if (pieces.size() < 2) return;
    std::uint32_t largest = pieces.begin()->first;
    for (const auto& [r, nodes] : pieces) {
        if (nodes.size() > pieces[largest].size()) largest = r;
    }
    std::vector<bool> in_main(world_.roads.size(), false);
    for (std::uint32_t e = 0; e < network.edge_count(); ++e) {
        if (find(network.edge(e).from) == largest) in_main[network.edge(e).road] = true;
    }
    std::vector<Road> main_roads;
    for (std::size_t i = 0; i < world_.roads.size(); ++i) {
        if (in_main[i]) main_roads.push_back(world_.roads[i]);
    }
    const RoadNetwork main_network = RoadNetwork::Build(main_roads);
    for (const auto& [r, nodes] : pieces) {
        if (r == largest) continue;
        RoadAnchor best;
        Vec2 from;
        for (std::uint32_t i : nodes) {
            const RoadAnchor a = main_network.anchor(network.node(i));
            if (a.valid && (!best.valid || a.offroad_m < best.offroad_m)) {
                best = a;
                from = network.node(i);
            }
        }
        if (!best.valid || best.offroad_m > kMaxLinkM || best.offroad_m <= 0) continue;
        world_.roads.push_back({"local", names.next() + "路", {from, best.at}});
    }
}

// The point of `line` nearest to p, and its distance.
std::pair<Vec2, double> NearestOnLine(const LineString& line, Vec2 p) {
    std::pair<Vec2, double> best{p, std::numeric_limits<double>::infinity()};
    for (std::size_t i = 1; i < line.size(); ++i) {
        const Vec2 a = line[i - 1], d = line[i] - a;
        const double dd = d.x * d.x + d.y * d.y;
        const double t = dd > 0 ? std::clamp(((p.x - a.x) * d.x + (p.y - a.y) * d.y) / dd, 0.0, 1.0) : 0.0;
        const Vec2 q = a + d * t;
        const double distance = std::hypot(p.x - q.x, p.y - q.y);
        if (distance < best.second) best = {q, distance};
    }
    return best;
}

double DistanceToLine(const LineString& line, Vec2 p) { return NearestOnLine(line, p).second; }

// Arterials and secondary roads run along community and grid boundaries, so a large grid keeps the unit
// grids in its middle far from any road. There, streets of the grid's block lattice (clipped to the grid)
// become local streets. While some unit grid's centroid is farther than kWalkM from every road and local
// street, the farthest one is served: of the lattice streets that would bring it within kWalkM, the one
// reached from the roads by the shortest chain of lattice streets (each starting on the one before, the
// first on a road or a street already laid) is laid with its chain; when none would, the one that brings
// it closest. A rim grid whose edge is mostly the district's outline (no road) thus gets streets in from
// its one road side; a unit grid that no lattice street brings within kWalkM (a lobe of the grid walled in
// by the outline) gets a lane straight to the nearest road or street. No random draws but the names',
// which come last in the stream.
void Generator::build_local_streets(Rng& rng, NamePool& names) {
    const auto h = geos_.handle();
    const RoadNetwork network = RoadNetwork::Build(world_.roads);
    static const char* suffixes[] = {"巷", "弄", "里"};
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    constexpr double kInf = std::numeric_limits<double>::infinity();
    for (int g : by_level_[4]) {
        Cell& grid = cells_[g];
        const std::vector<LineString> lattice = std::move(grid.streets);
        grid.streets = {};
        std::vector<Vec2> centres;
        std::vector<double> walk;  // each unit grid's centroid to the nearest road or local street so far
        for (int u : grid.children) {
            centres.push_back(Centroid(geos_, cells_[u].geom.get()));
            walk.push_back(network.empty() ? kInf : network.anchor(centres.back()).offroad_m);
        }
        if (std::none_of(walk.begin(), walk.end(), [](double d) { return d > kWalkM; })) continue;
        // The lattice inside the grid: the streets that may be laid.
        std::vector<LineString> streets;
        for (const LineString& line : lattice) {
            GeosGeometry whole = ToGeos(geos_, line);
            GeosGeometry inside = MakeGeos(geos_, GEOSIntersection_r(h, whole.get(), grid.geom.get()));
            if (!inside) continue;
            for (LineString& piece : LinesFromGeos(geos_, inside.get())) {
                if (LineLength(piece) >= 1) streets.push_back(std::move(piece));
            }
        }
        const std::size_t n = streets.size();
        std::vector<double> length(n);
        std::vector<bool> on_road(n), laid(n, false);
        for (std::size_t c = 0; c < n; ++c) {
            length[c] = LineLength(streets[c]);
            on_road[c] = !network.empty() && (network.anchor(streets[c].front()).offroad_m <= kJoinM ||
                                              network.anchor(streets[c].back()).offroad_m <= kJoinM);
        }
        // Two lattice streets meet where an end of one lies on the other.
        std::vector<std::vector<std::size_t>> meets(n);
        for (std::size_t a = 0; a < n; ++a) {
            for (std::size_t b = a + 1; b < n; ++b) {
                if (DistanceToLine(streets[a], streets[b].front()) <= kJoinM ||
                    DistanceToLine(streets[a], streets[b].back()) <= kJoinM ||
                    DistanceToLine(streets[b], streets[a].front()) <= kJoinM ||
                    DistanceToLine(streets[b], streets[a].back()) <= kJoinM) {
                    meets[a].push_back(b);
                    meets[b].push_back(a);
                }
            }
        }
        std::vector<bool> settled(centres.size(), false);
        std::vector<LineString> lanes;
        std::vector<double> cost(n);
        std::vector<std::size_t> via(n);
        for (;;) {
            std::size_t far = kNone;
            for (std::size_t i = 0; i < centres.size(); ++i) {
                if (!settled[i] && walk[i] > kWalkM && (far == kNone || walk[i] > walk[far])) far = i;
            }
            if (far == kNone) break;
            // The cheapest chain to each street not yet laid: Dijkstra by the length to lay (n is small).
            std::vector<bool> done(n, false);
            for (std::size_t c = 0; c < n; ++c) {
                bool joined = on_road[c];
                for (std::size_t m : meets[c]) joined = joined || laid[m];
                cost[c] = laid[c] ? kInf : joined ? length[c] : kInf;
                via[c] = kNone;
            }
            for (;;) {
                std::size_t next = kNone;
                for (std::size_t c = 0; c < n; ++c) {
                    if (!done[c] && cost[c] < kInf && (next == kNone || cost[c] < cost[next])) next = c;
                }
                if (next == kNone) break;
                done[next] = true;
                for (std::size_t m : meets[next]) {
                    if (!laid[m] && !done[m] && cost[next] + length[m] < cost[m]) {
                        cost[m] = cost[next] + length[m];
                        via[m] = next;
                    }
                }
            }
            std::size_t best = kNone;
            double best_walk = walk[far], best_cost = kInf;
            for (std::size_t c = 0; c < n; ++c) {
                if (!(cost[c] < kInf)) continue;
                const double d = DistanceToLine(streets[c], centres[far]);
                if (d >= walk[far]) continue;
                const bool within = d <= kWalkM, best_within = best_walk <= kWalkM;
                if (within ? (!best_within || cost[c] < best_cost) : (!best_within && d < best_walk)) {
                    best = c;
                    best_walk = d;
                    best_cost = cost[c];
                }
            }
            if (best == kNone) {
                settled[far] = true;  // nothing in the lattice brings it closer
                if (!(walk[far] > kWalkM) || network.empty()) continue;
                std::pair<Vec2, double> to = {network.anchor(centres[far]).at, network.anchor(centres[far]).offroad_m};
                for (std::size_t c = 0; c < n; ++c) {
                    if (!laid[c]) continue;
                    const std::pair<Vec2, double> on = NearestOnLine(streets[c], centres[far]);
                    if (on.second < to.second) to = on;
                }
                lanes.push_back({to.first, centres[far]});
                for (std::size_t i = 0; i < centres.size(); ++i)
                    walk[i] = std::min(walk[i], DistanceToLine(lanes.back(), centres[i]));
                continue;
            }
            for (std::size_t c = best; c != kNone; c = via[c]) {
                laid[c] = true;
                for (std::size_t i = 0; i < centres.size(); ++i)
                    walk[i] = std::min(walk[i], DistanceToLine(streets[c], centres[i]));
            }
        }
        for (std::size_t c = 0; c < n; ++c) {
            if (laid[c])
                world_.roads.push_back({"local", names.next() + suffixes[rng.below(3)], std::move(streets[c])});
        }
        for (LineString& lane : lanes)
            world_.roads.push_back({"local", names.next() + suffixes[rng.below(3)], std::move(lane)});
    }
}

// [SECTION] resources

Vec2 Generator::point_in(int cell_index, Rng& rng) {
    // Descend to a unit grid, then sample inside it, clear of its edges.
    int c = cell_index;
    while (!cells_[c].children.empty()) c = cells_[c].children[rng.below(static_cast<int>(cells_[c].children.size()))];
    const MultiPolygon& shape = cells_[c].shape;
    const Box b = Bounds(shape);
    const double margin = std::min(2.0, 0.05 * std::min(b.width(), b.height()));
    for (int attempt = 0; attempt < 200; ++attempt) {
        const Vec2 p{rng.range(b.min_x, b.max_x), rng.range(b.min_y, b.max_y)};
        if (InsideWithMargin(shape, p, margin)) return p;
    }
    return InteriorPoint(geos_, cells_[c].geom.get());
}

void Generator::build_resources() {
    Rng rng = rng_.fork(0xE5);
    auto status = [&rng](double available, double busy) {
        const double r = rng.uniform();
        return r < available          ? ResourceStatus::kAvailable
               : r < available + busy ? ResourceStatus::kBusy
                                      : ResourceStatus::kOffDuty;
    };
    auto id = [](char prefix, int n) {
        char text[24];
        std::snprintf(text, sizeof text, "%c-%06d", prefix, n);
        return std::string(text);
    };
    // Fields in a braced list, so that the random draws happen left to right as before.
    struct Seed {
        std::string id;
        ResourceKind kind;
        std::string name;
        ResourceStatus status;
        std::string home;
        Vec2 at;
    };
    auto add = [this](Seed seed) {
        Resource r;
        r.id = std::move(seed.id);
        r.kind = seed.kind;
        r.name = std::move(seed.name);
        r.status = seed.status;
        r.home_grid = std::move(seed.home);
        r.position = seed.at;
        world_.resources.push_back(std::move(r));
    };
    int workers = 0, volunteers = 0, vehicles = 0, stations = 0, cameras = 0;
    for (int g : by_level_[4]) {
        add({id('W', ++workers), ResourceKind::kGridWorker, "网格员 " + PersonName(rng), status(0.72, 0.2),
             cells_[g].code, point_in(g, rng)});
    }
    for (int c : by_level_[3]) {
        for (int i = 0; i < targets_.volunteers_per_community; ++i) {
            add({id('V', ++volunteers), ResourceKind::kVolunteer, "党员志愿者 " + PersonName(rng), status(0.6, 0.15),
                 cells_[c].code, point_in(c, rng)});
        }
    }
    static const char kPlateChars[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    for (int s : by_level_[2]) {
        const int count = 3 + rng.below(3) + (options_.scale == DemoScale::City ? 20 : 0);
        for (int i = 0; i < count; ++i) {
            std::string plate = "苏E·";
            for (int k = 0; k < 5; ++k) plate += kPlateChars[k == 0 ? rng.below(34) : rng.below(10)];
            add({id('P', ++vehicles), ResourceKind::kPatrolVehicle, "巡逻车 " + plate, status(0.65, 0.3),
                 cells_[s].code, point_in(s, rng)});
        }
    }
    for (int c : by_level_[3]) {
        const int count = 1 + (rng.chance(0.4) ? 1 : 0);
        static const char* kinds[] = {"党群服务站", "便民服务站"};
        for (int i = 0; i < count; ++i) {
            add({id('S', ++stations), ResourceKind::kServiceStation, cells_[c].name + kinds[i], status(0.9, 0.05),
                 cells_[c].code, point_in(c, rng)});
        }
    }
    for (int g : by_level_[4]) {
        for (int i = 0; i < targets_.cameras_per_grid; ++i) {
            add({id('C', ++cameras), ResourceKind::kCamera, "视频监控 " + cells_[g].name + "-" + std::to_string(i + 1),
                 status(0.93, 0), cells_[g].code, point_in(g, rng)});
        }
    }
    // Topping up to options_.resources: a random grid (level 4) for each, the kind by share.
    Rng extra = rng_.fork(0xE6);
    const std::vector<int>& grids = by_level_[4];
    int extra_cameras = 0;
    while (!grids.empty() && world_.resources.size() < options_.resources) {
        const int g = grids[static_cast<std::size_t>(extra.below(static_cast<int>(grids.size())))];
        const double kind = extra.uniform();
        if (kind < 0.55) {
            add({id('V', ++volunteers), ResourceKind::kVolunteer, "党员志愿者 " + PersonName(extra), status(0.6, 0.15),
                 cells_[g].code, point_in(g, extra)});
        } else if (kind < 0.9) {
            add({id('C', ++cameras), ResourceKind::kCamera,
                 "视频监控 " + cells_[g].name + "-x" + std::to_string(++extra_cameras), status(0.93, 0), cells_[g].code,
                 point_in(g, extra)});
        } else if (kind < 0.97) {
            add({id('W', ++workers), ResourceKind::kGridWorker, "网格员 " + PersonName(extra), status(0.72, 0.2),
                 cells_[g].code, point_in(g, extra)});
        } else {
            std::string plate = "苏E·";
            for (int k = 0; k < 5; ++k) plate += kPlateChars[k == 0 ? extra.below(34) : extra.below(10)];
            add({id('P', ++vehicles), ResourceKind::kPatrolVehicle, "巡逻车 " + plate, status(0.65, 0.3),
                 cells_[g].code, point_in(g, extra)});
        }
    }
}

Result<World> Generator::run() {
    if (Status s = build_district(); !s) return Error{s.error()};
    build_streets();
    build_voronoi_level(3, targets_.communities);
    build_voronoi_level(4, targets_.grids);
    build_units();
    build_water();
    build_roads();
    build_resources();
    for (Cell& cell : cells_) {
        Grid grid;
        grid.code = cell.code;
        grid.name = cell.name;
        grid.level = cell.level;
        grid.parent_code = cell.parent >= 0 ? cells_[cell.parent].code : "";
        grid.responsible = cell.responsible;
        grid.phone = cell.phone;
        grid.shape = std::move(cell.shape);
        world_.grids.add(std::move(grid));
    }
    world_.grids.finish();
    return std::move(world_);  // without its grid index: `gridlink demo` only writes it (IndexGrids when needed)
}

}  // namespace

Result<World> GenerateDemoCity(const DemoOptions& options) {
    Generator generator(options);
    return generator.run();
}

}  // namespace gridlink
