// Reading and writing the workspace GeoPackage, and opening any GDAL polygon source as grids.
// Every error names the file, the layer and, where it applies, the field or feature.
#include "workspace.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <variant>

#include "data/gdal_support.h"
#include "data/ogr_geometry.h"
#include "engine/geos_bridge.h"
#include "engine/parallel.h"

namespace gridlink {

// [SECTION] helpers

namespace {

bool IsPolygonType(OGRwkbGeometryType t) {
    t = wkbFlatten(t);
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbUnknown || t == wkbGeometryCollection ||
           t == wkbCurvePolygon || t == wkbMultiSurface;
}

const char* GeometryTypeWord(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPoint:
        case wkbMultiPoint: return "points";
        case wkbLineString:
        case wkbMultiLineString: return "lines";
        case wkbNone: return "no geometry";
        default: return OGRGeometryTypeToName(t);
    }
}

std::string FieldText(OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) return "";
    return f.GetFieldAsString(index);
}

int FindField(OGRLayer& layer, const std::string& name) {
    return name.empty() ? -1 : layer.GetLayerDefn()->GetFieldIndex(name.c_str());
}

std::string FieldList(OGRLayer& layer) {
    std::string list;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        if (i) list += ", ";
        list += defn->GetFieldDefn(i)->GetNameRef();
    }
    return list.empty() ? "(none)" : list;
}

// A layer's CRS, or `fallback` when it declares none.
Result<Crs> LayerCrs(OGRLayer& layer, const Crs& fallback) {
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (!srs) return fallback;
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    auto parsed = Crs::FromUserInput(wkt ? wkt : "");
    CPLFree(wkt);
    if (!parsed) return Error{"its CRS is not one GDAL can use"};
    return parsed.value();
}

Result<DatasetPtr> OpenVector(const std::string& path, bool update = false) {
    EnsureGdal();
    if (!std::filesystem::exists(path) && path.rfind("/vsi", 0) != 0) return Error{path + ": no such file"};
    CPLErrorReset();
    // GDAL reports a CRS it cannot resolve only as a logged PROJ error, then falls back to another CRS:
    // collect what it says while opening, and refuse such a source rather than misplace it.
    std::vector<std::string> messages;
    CPLPushErrorHandlerEx(
        [](CPLErr, CPLErrorNum, const char* message) {
            static_cast<std::vector<std::string>*>(CPLGetErrorHandlerUserData())->push_back(message ? message : "");
        },
        &messages);
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY));
    for (int i = 0; ds && i < ds->GetLayerCount(); ++i) ds->GetLayer(i)->GetSpatialRef();
    CPLPopErrorHandler();
    if (!ds) {
        return Error{path + ": not a vector source GDAL can read" + (messages.empty() ? "" : ": " + messages.back())};
    }
    for (const std::string& m : messages) {
        if (m.find("crs not found") != std::string::npos || m.find("proj_create") != std::string::npos) {
            GDALClose(ds);
            return Error{path + ": its CRS is unknown (" + m + ")"};
        }
    }
    return DatasetPtr(ds);
}

// "x y" in metres, to the centimetre.
std::string FormatXY(Vec2 p) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f %.2f", p.x, p.y);
    return text;
}

}  // namespace

// [SECTION] sources and CRS

GridSourceSpec ParseSourceArgument(const std::string& argument) {
    GridSourceSpec spec;
    spec.path = argument;
    const auto colon = argument.rfind(':');
    if (colon != std::string::npos && colon > 1 && colon + 1 < argument.size() &&
        argument.find('/', colon) == std::string::npos && !std::filesystem::exists(argument)) {
        spec.path = argument.substr(0, colon);
        spec.layer = argument.substr(colon + 1);
    }
    return spec;
}

Crs ChooseWorkingCrs(const Crs& source, const Box& lonlat_bounds) {
    if (!source.is_geographic() && source.srs().IsProjected() && std::abs(source.srs().GetLinearUnits() - 1.0) < 1e-9) {
        return source;
    }
    const Vec2 c = lonlat_bounds.empty() ? Vec2{0, 0} : lonlat_bounds.center();
    const int zone = std::clamp(static_cast<int>(std::floor((c.x + 180.0) / 6.0)) + 1, 1, 60);
    return Crs::FromEpsg((c.y >= 0 ? 32600 : 32700) + zone);
}

// [SECTION] grids

Result<GridSet> ReadGrids(const GridSourceSpec& spec, const Crs* target, Crs* chosen, ReadReport* report) {
    auto opened = OpenVector(spec.path);
    if (!opened) return Error{opened.error()};
    GDALDataset& ds = *opened.value();
    OGRLayer* layer = nullptr;
    if (!spec.layer.empty()) {
        layer = ds.GetLayerByName(spec.layer.c_str());
        if (!layer) {
            std::string names;
            for (int i = 0; i < ds.GetLayerCount(); ++i)
                names += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
            return Error{spec.path + ": no layer '" + spec.layer + "' (layers: " + names + ")"};
        }
    } else if (ds.GetLayerCount() > 0) {
        layer = ds.GetLayerByName("grids");
        if (!layer) layer = ds.GetLayer(0);
    }
    if (!layer) return Error{spec.path + ": has no layers"};
    const std::string where = spec.path + ", layer '" + layer->GetName() + "'";
    if (!IsPolygonType(layer->GetGeomType())) {
        return Error{where + ": holds " + GeometryTypeWord(layer->GetGeomType()) + ", not polygons"};
    }

    if (layer->GetFeatureCount(TRUE) == 0) return Error{where + ": no features (empty layer)"};
    const int id_index = FindField(*layer, spec.id_field);
    if (id_index < 0) {
        return Error{where + ": no field '" + spec.id_field + "' for grid ids (fields: " + FieldList(*layer) + ")"};
    }
    auto optional_field = [&](const std::string& asked, const char* fallback, int* index) -> Status {
        if (!asked.empty()) {
            *index = FindField(*layer, asked);
            if (*index < 0) return Error{where + ": no field '" + asked + "' (fields: " + FieldList(*layer) + ")"};
        } else {
            *index = FindField(*layer, fallback);
        }
        return {};
    };
    int name_index = -1, level_index = -1, parent_index = -1;
    for (auto [asked, fallback, index] :
         {std::tuple{&spec.name_field, "name", &name_index}, std::tuple{&spec.level_field, "level", &level_index},
          std::tuple{&spec.parent_field, "parent_code", &parent_index}}) {
        if (Status s = optional_field(*asked, fallback, index); !s) return Error{s.error()};
    }
    const int responsible_index = FindField(*layer, "responsible");
    const int phone_index = FindField(*layer, "phone");

    // CRS: the layer's own, else lon/lat (GeoJSON's default).
    Result<Crs> layer_crs = LayerCrs(*layer, Crs::LonLat());
    if (!layer_crs) return Error{where + ": " + layer_crs.error()};
    const Crs source = layer_crs.value();

    // Read features in the source CRS first; the working CRS may depend on their extent.
    struct Raw {
        Grid grid;
        long long fid;
    };
    std::vector<Raw> raws;
    Box source_bounds;
    layer->ResetReading();
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        Raw raw;
        raw.fid = f->GetFID();
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            if (report)
                report->warnings.push_back(where + ", feature " + std::to_string(raw.fid) + ": no geometry, skipped");
            continue;
        }
        std::unique_ptr<OGRGeometry> linear;
        if (OGR_GT_IsNonLinear(g->getGeometryType())) {
            linear.reset(g->getLinearGeometry());
            g = linear.get();
        }
        if (!MultiPolygonFromOgr(g, raw.grid.shape)) {
            return Error{where + ", feature " + std::to_string(raw.fid) + ": geometry is " + g->getGeometryName() +
                         ", not a polygon"};
        }
        raw.grid.code = FieldText(*f, id_index);
        if (raw.grid.code.empty()) {
            return Error{where + ", feature " + std::to_string(raw.fid) + ": field '" + spec.id_field + "' is empty"};
        }
        raw.grid.name = FieldText(*f, name_index);
        raw.grid.responsible = FieldText(*f, responsible_index);
        raw.grid.phone = FieldText(*f, phone_index);
        if (level_index >= 0) {
            const std::string text = FieldText(*f, level_index);
            char* end = nullptr;
            const long level = std::strtol(text.c_str(), &end, 10);
            if (text.empty() || *end != '\0' || level < 1 || level > kLevelCount) {
                return Error{where + ", feature " + std::to_string(raw.fid) + ": field '" +
                             layer->GetLayerDefn()->GetFieldDefn(level_index)->GetNameRef() + "' is '" + text +
                             "', expected a level 1.." + std::to_string(kLevelCount)};
            }
            raw.grid.level = static_cast<int>(level);
        } else {
            raw.grid.level = LevelFromCode(raw.grid.code);
        }
        raw.grid.parent_code = parent_index >= 0 ? FieldText(*f, parent_index) : ParentCodeOf(raw.grid.code);
        for (const Polygon& p : raw.grid.shape) source_bounds.extend(Bounds(p.outer));
        raws.push_back(std::move(raw));
    }
    if (raws.empty()) return Error{where + ": no features with polygons (empty layer)"};
    // Codes that fit no level: a flat, single-level layer.
    for (Raw& r : raws) {
        if (r.grid.level == 0) r.grid.level = 1;
    }

    Box lonlat_bounds = source_bounds;
    if (!source.is_geographic()) {
        auto to_lonlat = Transform::Create(source, Crs::LonLat());
        if (!to_lonlat) return Error{where + ": " + to_lonlat.error()};
        std::vector<Vec2> corners{{source_bounds.min_x, source_bounds.min_y},
                                  {source_bounds.max_x, source_bounds.max_y}};
        to_lonlat->apply(corners);
        lonlat_bounds = Box{};
        for (Vec2 c : corners) lonlat_bounds.extend(c);
    }
    const Crs working = target ? *target : ChooseWorkingCrs(source, lonlat_bounds);
    if (chosen) *chosen = working;
    if (auto probe = Transform::Create(source, working); !probe) return Error{where + ": " + probe.error()};

    // Transforming and validating every polygon is the bulk of reading: split it over the cores. Each
    // thread has its own transform and GEOS context; results land by index, so the outcome is the same.
    struct Checked {
        bool transformed = true;
        bool repaired = false;
        std::string reason;  // GEOS's reason, e.g. "Self-intersection"
        Vec2 at;             // where the source polygon is invalid, in the working CRS
    };
    std::vector<Checked> checked(raws.size());
    ForEachRun(raws.size(), RunCount(raws.size(), 256), [&](std::size_t, std::size_t begin, std::size_t end) {
        auto transform = Transform::Create(source, working);
        GeosContext geos;
        for (std::size_t i = begin; i < end; ++i) {
            if (!transform->apply(raws[i].grid.shape)) {
                checked[i].transformed = false;
                continue;
            }
            raws[i].grid.shape =
                MakeValidPolygons(geos, raws[i].grid.shape, &checked[i].repaired, &checked[i].reason, &checked[i].at);
        }
    });

    GridSet set;
    for (std::size_t i = 0; i < raws.size(); ++i) {
        Raw& r = raws[i];
        if (!checked[i].transformed) {
            return Error{where + ", feature " + std::to_string(r.fid) + ": coordinates cannot be transformed to " +
                         working.name()};
        }
        if (checked[i].repaired && report) {
            report->invalid_geometries.push_back({r.fid, r.grid.code, checked[i].reason, checked[i].at});
            ++report->repaired_geometries;
            if (report->repaired_geometries <= 5) {
                report->warnings.push_back(where + ", feature " + std::to_string(r.fid) + " (" + r.grid.code +
                                           "): invalid polygon repaired (" + checked[i].reason + " at " +
                                           FormatXY(checked[i].at) + ")");
            }
        }
        if (r.grid.shape.empty()) {
            if (report)
                report->warnings.push_back(where + ", feature " + std::to_string(r.fid) +
                                           ": empty after repair, skipped");
            continue;
        }
        set.add(std::move(r.grid));
        if (report) report->feature_ids.push_back(r.fid);
    }
    set.finish();
    if (set.size() == 0) return Error{where + ": no usable polygons"};
    int duplicates = 0;
    for (std::size_t i = 0; i < set.size(); ++i) {
        if (static_cast<std::size_t>(set.find(set[i].code)) != i && ++duplicates <= 5 && report) {
            report->warnings.push_back(where + ": duplicate " + spec.id_field + " '" + set[i].code + "'");
        }
    }
    if (report && report->repaired_geometries > 0) {
        report->warnings.push_back(where + ": " + std::to_string(report->repaired_geometries) +
                                   " invalid polygon(s) repaired with GEOS MakeValid");
    }
    return set;
}

// [SECTION] workspace

namespace {

void ReadResources(GDALDataset& ds, const Transform& to_world, World& world, ReadReport* report) {
    OGRLayer* layer = ds.GetLayerByName("resources");
    if (!layer) return;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int id = defn->GetFieldIndex("id"), kind = defn->GetFieldIndex("kind"), name = defn->GetFieldIndex("name"),
              status = defn->GetFieldIndex("status"), home = defn->GetFieldIndex("home_grid");
    std::unordered_map<std::string, GIntBig> seen;
    int problems = 0;
    auto warn = [&](const std::string& text) {
        if (report && ++problems <= 20) report->warnings.push_back(text);
    };
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const std::string where = "resources, feature " + std::to_string(f->GetFID());
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint) {
            warn(where + ": not a point, skipped");
            continue;
        }
        Resource r;
        r.id = FieldText(*f, id);
        const std::string kind_code = FieldText(*f, kind), status_code = FieldText(*f, status);
        r.name = FieldText(*f, name);
        r.home_grid = FieldText(*f, home);
        r.position = {g->toPoint()->getX(), g->toPoint()->getY()};
        if (r.id.empty()) {
            warn(where + ": id: empty, skipped");
            continue;
        }
        if (auto [it, fresh] = seen.emplace(r.id, f->GetFID()); !fresh) {
            warn(where + ": id: '" + r.id + "' repeats feature " + std::to_string(it->second) + ", skipped");
            continue;
        }
        // Unknown codes are read as what the engine did with them before kinds were a type: a service station
        // is sent like anyone else and travels on foot, but the simulator leaves it in place; off duty is not sent.
        if (auto k = ResourceKindFromCode(kind_code)) {
            r.kind = *k;
        } else {
            warn(where + ": kind: '" + kind_code + "' is not a known kind; read as service_station");
            r.kind = ResourceKind::kServiceStation;
        }
        if (auto s = ResourceStatusFromCode(status_code)) {
            r.status = *s;
        } else {
            warn(where + ": status: '" + status_code + "' is not " + std::string(kResourceStatusCodes) +
                 "; read as off_duty");
            r.status = ResourceStatus::kOffDuty;
        }
        if (r.name.empty()) r.name = r.id;
        to_world.apply(r.position);
        world.resources.push_back(std::move(r));
    }
    if (report && problems > 20)
        report->warnings.push_back("resources: " + std::to_string(problems - 20) + " more problems");
    IndexResources(world);
}

void ReadRoads(GDALDataset& ds, const Transform& to_world, World& world) {
    OGRLayer* layer = ds.GetLayerByName("roads");
    if (!layer) return;
    const int kind = layer->GetLayerDefn()->GetFieldIndex("kind"), name = layer->GetLayerDefn()->GetFieldIndex("name");
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g) continue;
        auto add_line = [&](const OGRLineString& ls) {
            Road road{FieldText(*f, kind), FieldText(*f, name), {}};
            for (int i = 0; i < ls.getNumPoints(); ++i) road.line.push_back({ls.getX(i), ls.getY(i)});
            to_world.apply(road.line);
            if (road.line.size() >= 2) world.roads.push_back(std::move(road));
        };
        const auto t = wkbFlatten(g->getGeometryType());
        if (t == wkbLineString) add_line(*g->toLineString());
        if (t == wkbMultiLineString) {
            for (const OGRLineString* ls : *g->toMultiLineString()) add_line(*ls);
        }
    }
}

void ReadWater(GDALDataset& ds, const Transform& to_world, World& world) {
    OGRLayer* layer = ds.GetLayerByName("water");
    if (!layer) return;
    const int kind = layer->GetLayerDefn()->GetFieldIndex("kind"), name = layer->GetLayerDefn()->GetFieldIndex("name");
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        WaterBody w{FieldText(*f, kind), FieldText(*f, name), {}};
        if (!MultiPolygonFromOgr(f->GetGeometryRef(), w.shape)) continue;
        to_world.apply(w.shape);
        world.water.push_back(std::move(w));
    }
}

}  // namespace

Result<World> ReadWorkspace(const std::string& path, ReadReport* report, bool build_index) {
    auto opened = OpenVector(path);
    if (!opened) return Error{opened.error()};
    if (!opened.value()->GetLayerByName("grids")) {
        return Error{path + ": no layer 'grids' (a workspace needs one; use --grids FILE[:LAYER] for other sources)"};
    }
    GridSourceSpec spec;
    spec.path = path;
    spec.layer = "grids";
    // Grids and their index; the other layers below do not change the grids.
    auto read = WorldFromGridSource(spec, report, build_index);
    if (!read) return Error{read.error()};
    World& world = read.value();
    GDALDataset& ds = *opened.value();
    // Other layers are brought into the grids' working CRS.
    for (const char* name : {"resources", "roads", "water"}) {
        OGRLayer* layer = ds.GetLayerByName(name);
        if (!layer) continue;
        Result<Crs> from = LayerCrs(*layer, world.crs);
        if (!from) return Error{path + ", layer '" + name + "': " + from.error()};
        auto t = Transform::Create(from.value(), world.crs);
        if (!t) return Error{path + ", layer '" + name + "': " + t.error()};
        if (std::string(name) == "resources") ReadResources(ds, t.value(), world, report);
        if (std::string(name) == "roads") ReadRoads(ds, t.value(), world);
        if (std::string(name) == "water") ReadWater(ds, t.value(), world);
    }
    if (!world.roads.empty()) IndexRoads(world);
    return read;
}

Result<World> WorldFromGridSource(const GridSourceSpec& spec, ReadReport* report, bool build_index) {
    World world;
    Crs chosen = world.crs;
    auto grids = ReadGrids(spec, nullptr, &chosen, report);
    if (!grids) return Error{grids.error()};
    world.crs = chosen;
    world.grids = std::move(grids.value());
    if (report) world.repaired_geometries = report->repaired_geometries;
    // The one place both readers index their grids (ReadWorkspace comes through here).
    if (build_index) IndexGrids(world);
    return world;
}

// [SECTION] writing

namespace {

using FieldValue = std::variant<std::string, int, double>;

OGRLayer* CreateLayer(GDALDataset& ds, const char* name, OGRwkbGeometryType type, const OGRSpatialReference* srs,
                      std::initializer_list<std::pair<const char*, OGRFieldType>> fields, bool spatial_index = true) {
    char** options = nullptr;
    options = CSLSetNameValue(options, "SPATIAL_INDEX", type == wkbNone || !spatial_index ? "NO" : "YES");
    OGRLayer* layer =
        ds.CreateLayer(name, type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs), type, options);
    CSLDestroy(options);
    if (!layer) return nullptr;
    for (auto [field, ftype] : fields) {
        OGRFieldDefn defn(field, ftype);
        if (layer->CreateField(&defn) != OGRERR_NONE) return nullptr;
    }
    return layer;
}

}  // namespace

Status WriteWorkspace(const std::string& path, const World& world) {
    EnsureGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) return Error{"GDAL has no GeoPackage driver"};
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (std::filesystem::path(path).has_parent_path())
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    // A fixed timestamp keeps the file the same for the same World.
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00.000Z");
    DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return Error{path + ": cannot create GeoPackage" + LastGdalError()};
    const OGRSpatialReference* srs = &world.crs.srs();

    OGRLayer* grids = CreateLayer(*ds, "grids", wkbMultiPolygon, srs,
                                  {{"code", OFTString},
                                   {"name", OFTString},
                                   {"level", OFTInteger},
                                   {"parent_code", OFTString},
                                   {"responsible", OFTString},
                                   {"phone", OFTString},
                                   {"area_m2", OFTReal}});
    OGRLayer* resources = CreateLayer(
        *ds, "resources", wkbPoint, srs,
        {{"id", OFTString}, {"kind", OFTString}, {"name", OFTString}, {"status", OFTString}, {"home_grid", OFTString}});
    OGRLayer* roads = CreateLayer(*ds, "roads", wkbLineString, srs, {{"kind", OFTString}, {"name", OFTString}});
    OGRLayer* water = CreateLayer(*ds, "water", wkbMultiPolygon, srs, {{"kind", OFTString}, {"name", OFTString}});
    // The event log's writer (data/event_log.cpp) keeps incidents current with plain SQLite, in lon/lat
    // as the feed sends them, and without GDAL's R-tree (its triggers need GDAL's SQL functions).
    const Crs lonlat = Crs::LonLat();
    OGRLayer* incidents = CreateLayer(*ds, "incidents", wkbPoint, &lonlat.srs(),
                                      {{"id", OFTString},
                                       {"category", OFTString},
                                       {"priority", OFTInteger},
                                       {"state", OFTString},
                                       {"grid", OFTString},
                                       {"reported_at", OFTString},
                                       {"updated_at", OFTString},
                                       {"text", OFTString},
                                       {"nearest_grid", OFTString},
                                       {"distance_m", OFTReal},
                                       {"resource", OFTString},
                                       {"reason", OFTString},
                                       {"source", OFTString},
                                       {"deadline_at", OFTString}},
                                      /*spatial_index=*/false);
    OGRLayer* events = CreateLayer(
        *ds, "events", wkbNone, nullptr,
        {{"seq", OFTInteger64}, {"t", OFTString}, {"type", OFTString}, {"subject", OFTString}, {"payload", OFTString}});
    OGRLayer* rejects = CreateLayer(*ds, "rejects", wkbNone, nullptr,
                                    {{"received_at", OFTString},
                                     {"peer", OFTString},
                                     {"line", OFTInteger64},
                                     {"text", OFTString},
                                     {"error", OFTString}});
    if (!grids || !resources || !roads || !water || !incidents || !events || !rejects) {
        return Error{path + ": cannot create workspace layers" + LastGdalError()};
    }

    if (ds->StartTransaction() != OGRERR_NONE) return Error{path + ": cannot start a transaction" + LastGdalError()};
    auto write = [&](OGRLayer* layer, std::initializer_list<std::pair<const char*, FieldValue>> fields,
                     const OGRGeometry& geometry) -> Status {
        OGRFeature f(layer->GetLayerDefn());
        for (const auto& [name, value] : fields) {
            if (const auto* text = std::get_if<std::string>(&value)) f.SetField(name, text->c_str());
            if (const auto* number = std::get_if<int>(&value)) f.SetField(name, *number);
            if (const auto* real = std::get_if<double>(&value)) f.SetField(name, *real);
        }
        f.SetGeometry(&geometry);
        if (layer->CreateFeature(&f) != OGRERR_NONE) {
            return Error{path + ", layer '" + layer->GetName() + "': write failed" + LastGdalError()};
        }
        return {};
    };
    for (const Grid& g : world.grids.grids()) {
        Status s = write(grids,
                         {{"code", g.code},
                          {"name", g.name},
                          {"level", g.level},
                          {"parent_code", g.parent_code},
                          {"responsible", g.responsible},
                          {"phone", g.phone},
                          {"area_m2", g.area_m2}},
                         ToOgr(g.shape));
        if (!s) return s;
    }
    for (const Resource& r : world.resources) {
        Status s = write(resources,
                         {{"id", r.id},
                          {"kind", std::string(CodeOf(r.kind))},
                          {"name", r.name},
                          {"status", std::string(CodeOf(r.status))},
                          {"home_grid", r.home_grid}},
                         OGRPoint(r.position.x, r.position.y));
        if (!s) return s;
    }
    for (const Road& r : world.roads) {
        if (Status s = write(roads, {{"kind", r.kind}, {"name", r.name}}, LineToOgr(r.line)); !s) return s;
    }
    for (const WaterBody& w : world.water) {
        if (Status s = write(water, {{"kind", w.kind}, {"name", w.name}}, ToOgr(w.shape)); !s) return s;
    }
    if (ds->CommitTransaction() != OGRERR_NONE) return Error{path + ": commit failed" + LastGdalError()};
    ds.reset();
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    return {};
}

}  // namespace gridlink
