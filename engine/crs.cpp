// CRS and transforms on top of GDAL's OGRSpatialReference / OGRCoordinateTransformation.
#include "crs.h"

#include <ogr_spatialref.h>

namespace gridlink {

Crs::Crs(std::unique_ptr<OGRSpatialReference> srs) : srs_(std::move(srs)) {
    srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
}

Crs::Crs(const Crs& other) : Crs(std::unique_ptr<OGRSpatialReference>(other.srs_->Clone())) {}

Crs& Crs::operator=(const Crs& other) {
    if (this != &other) {
        srs_.reset(other.srs_->Clone());
        srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    return *this;
}

Crs::~Crs() = default;

Result<Crs> Crs::FromUserInput(const std::string& definition) {
    auto srs = std::make_unique<OGRSpatialReference>();
    if (definition.empty() || srs->SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
        return Error{"unknown CRS '" + definition + "'"};
    }
    return Crs(std::move(srs));
}

Crs Crs::FromEpsg(int code) {
    auto srs = std::make_unique<OGRSpatialReference>();
    srs->importFromEPSG(code);
    return Crs(std::move(srs));
}

Crs Crs::LonLat() { return FromEpsg(4326); }

std::string Crs::wkt() const {
    char* text = nullptr;
    srs_->exportToWkt(&text);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

std::string Crs::name() const {
    const char* authority = srs_->GetAuthorityName(nullptr);
    const char* code = srs_->GetAuthorityCode(nullptr);
    if (authority && code) return std::string(authority) + ":" + code;
    const char* n = srs_->GetName();
    return n ? n : "unnamed CRS";
}

bool Crs::is_geographic() const { return srs_->IsGeographic(); }

bool Crs::same_as(const Crs& other) const { return srs_->IsSame(other.srs_.get()) != 0; }

Result<Transform> Transform::Create(const Crs& from, const Crs& to) {
    Transform t;
    if (from.same_as(to)) return t;
    t.transform_.reset(OGRCreateCoordinateTransformation(&from.srs(), &to.srs()));
    if (!t.transform_) return Error{"no transformation from " + from.name() + " to " + to.name()};
    return t;
}

Transform::Transform(Transform&&) noexcept = default;
Transform& Transform::operator=(Transform&&) noexcept = default;
Transform::~Transform() = default;

bool Transform::apply(Vec2& p) const {
    if (!transform_) return true;
    // A point outside the projection's domain is the caller's to report (naming the line or event); GDAL's
    // own "Point outside of projection domain" on stderr would repeat it for every hostile line.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool ok = transform_->Transform(1, &p.x, &p.y) == TRUE;
    CPLPopErrorHandler();
    return ok;
}

bool Transform::apply(std::vector<Vec2>& points) const {
    if (!transform_ || points.empty()) return true;
    std::vector<double> xs(points.size()), ys(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
    }
    std::vector<int> ok(points.size());
    transform_->Transform(static_cast<int>(points.size()), xs.data(), ys.data(), nullptr, ok.data());
    bool all = true;
    for (std::size_t i = 0; i < points.size(); ++i) {
        points[i] = {xs[i], ys[i]};
        all = all && ok[i];
    }
    return all;
}

bool Transform::apply(MultiPolygon& shape) const {
    bool all = true;
    for (Polygon& p : shape) {
        all = apply(p.outer) && all;
        for (Ring& h : p.holes) all = apply(h) && all;
    }
    return all;
}

}  // namespace gridlink
