// Coordinate reference systems through GDAL's OSR: the workspace's projected metric CRS (EPSG:4549
// for the demo) and lon/lat (WGS84 / CGCS2000, traditional lon,lat axis order).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "geometry.h"
#include "result.h"

class OGRSpatialReference;
class OGRCoordinateTransformation;

namespace gridlink {

inline constexpr int kDemoEpsg = 4549;  // CGCS2000 / 3-degree Gauss-Kruger CM 120E

// A CRS definition: anything OSR's SetFromUserInput accepts ("EPSG:4549", WKT, PROJ string).
class Crs {
  public:
    static Result<Crs> FromUserInput(const std::string& definition);
    static Crs FromEpsg(int code);
    static Crs LonLat();  // EPSG:4326 with lon,lat order

    Crs(const Crs& other);
    Crs& operator=(const Crs& other);
    ~Crs();

    const OGRSpatialReference& srs() const { return *srs_; }
    std::string wkt() const;
    std::string name() const;
    bool is_geographic() const;
    bool same_as(const Crs& other) const;

  private:
    explicit Crs(std::unique_ptr<OGRSpatialReference> srs);
    std::unique_ptr<OGRSpatialReference> srs_;
};

// Transforms points between two CRSs (traditional GIS axis order: x = lon/easting).
class Transform {
  public:
    static Result<Transform> Create(const Crs& from, const Crs& to);
    Transform(Transform&&) noexcept;
    Transform& operator=(Transform&&) noexcept;
    ~Transform();

    bool apply(Vec2& p) const;
    // Transforms every vertex in place; false when any vertex fails.
    bool apply(std::vector<Vec2>& points) const;
    bool apply(MultiPolygon& shape) const;
    bool is_identity() const { return !transform_; }

  private:
    Transform() = default;
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};

}  // namespace gridlink
