// Roads from any GDAL line source, with the OpenStreetMap highway rule of road_source.h.
#include "road_source.h"

#include <filesystem>

#include "data/gdal_support.h"

namespace gridlink {

std::string RoadKindOfHighway(const std::string& highway) {
    std::string base = highway;
    if (base.size() > 5 && base.compare(base.size() - 5, 5, "_link") == 0) base.resize(base.size() - 5);
    if (base == "motorway" || base == "trunk" || base == "primary") return "arterial";
    if (base == "secondary" || base == "tertiary") return "secondary";
    if (highway == "residential" || highway == "unclassified" || highway == "living_street" || highway == "service") {
        return "local";
    }
    return "";
}

namespace {

bool IsOsmPath(const std::string& path) {
    auto ends = [&](const char* suffix) {
        const std::string s = suffix;
        return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    return ends(".osm") || ends(".osm.pbf") || ends(".pbf");
}

}  // namespace

Result<std::vector<Road>> ReadRoadSource(const std::string& path, const std::string& layer_name, const Crs& working,
                                         RoadReadReport* report) {
    EnsureGdal();
    if (!std::filesystem::exists(path) && path.rfind("/vsi", 0) != 0) return Error{path + ": no such file"};
    CPLErrorReset();
    DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return Error{path + ": not a vector source GDAL can read" + LastGdalError()};
    const std::string wanted = !layer_name.empty() ? layer_name : IsOsmPath(path) ? "lines" : "";
    OGRLayer* layer =
        wanted.empty() ? (ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr) : ds->GetLayerByName(wanted.c_str());
    if (!layer) {
        std::string names;
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            if (i) names += ", ";
            names += ds->GetLayer(i)->GetName();
        }
        return Error{path +
                     (wanted.empty() ? ": has no layers" : ": no layer '" + wanted + "' (layers: " + names + ")")};
    }
    std::string where = path;
    where.append(", layer '").append(layer->GetName()).append("'");
    const OGRwkbGeometryType type = wkbFlatten(layer->GetGeomType());
    if (type != wkbUnknown && type != wkbLineString && type != wkbMultiLineString) {
        return Error{where + ": holds " + OGRGeometryTypeToName(type) + ", not lines"};
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int highway = defn->GetFieldIndex("highway"), kind = defn->GetFieldIndex("kind"),
              name = defn->GetFieldIndex("name");
    Crs source = Crs::LonLat();
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        auto parsed = Crs::FromUserInput(wkt ? wkt : "");
        CPLFree(wkt);
        if (!parsed) return Error{where + ": its CRS is not one GDAL can use"};
        source = parsed.value();
    }
    auto to_working = Transform::Create(source, working);
    if (!to_working) return Error{where + ": " + to_working.error()};

    RoadReadReport local;
    RoadReadReport& r = report ? *report : local;
    r.layer = layer->GetName();
    std::vector<Road> roads;
    auto text = [](OGRFeature& f, int i) -> std::string {
        return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
    };
    layer->ResetReading();
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        ++r.features;
        std::string road_kind;
        if (highway >= 0) {
            road_kind = RoadKindOfHighway(text(*f, highway));
            if (road_kind.empty()) {
                ++r.dropped_kind;
                continue;
            }
        } else {
            road_kind = text(*f, kind);
            if (road_kind != "arterial" && road_kind != "secondary" && road_kind != "local") road_kind = "local";
        }
        const OGRGeometry* g = f->GetGeometryRef();
        const auto t = g ? wkbFlatten(g->getGeometryType()) : wkbNone;
        if (!g || g->IsEmpty() || (t != wkbLineString && t != wkbMultiLineString)) {
            ++r.no_geometry;
            continue;
        }
        auto add_line = [&](const OGRLineString& ls) -> Status {
            Road road{road_kind, text(*f, name), {}};
            for (int i = 0; i < ls.getNumPoints(); ++i) road.line.push_back({ls.getX(i), ls.getY(i)});
            if (!to_working->apply(road.line)) {
                return Error{where + ", feature " + std::to_string(f->GetFID()) +
                             ": coordinates cannot be transformed to " + working.name()};
            }
            if (road.line.size() >= 2) {
                roads.push_back(std::move(road));
                ++r.kept;
            }
            return {};
        };
        if (t == wkbLineString) {
            if (Status s = add_line(*g->toLineString()); !s) return Error{s.error()};
        } else {
            for (const OGRLineString* ls : *g->toMultiLineString()) {
                if (Status s = add_line(*ls); !s) return Error{s.error()};
            }
        }
    }
    return roads;
}

}  // namespace gridlink
