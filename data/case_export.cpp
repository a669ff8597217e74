// Cases at an instant as CSV or as GeoPackage points through GDAL (see case_export.h).
#include "case_export.h"

#include <cstdio>
#include <filesystem>

#include "data/csv_text.h"
#include "data/gdal_support.h"
#include "engine/world.h"

namespace gridlink {

const std::vector<std::string>& CaseExportColumns() {
    static const std::vector<std::string> columns = {"id",       "state",    "category", "priority", "grid",
                                                     "reported", "deadline", "closed",   "overdue",  "resource",
                                                     "source",   "reason",   "lon",      "lat"};
    return columns;
}

static constexpr std::size_t kPriorityColumn = 3, kOverdueColumn = 8, kLonColumn = 12;

std::vector<std::string> CaseExportCells(const World& world, std::size_t index, std::int64_t at_ms) {
    const Incident& c = world.incidents.cases[index];
    const std::string grid = c.grid >= 0 ? world.grids[static_cast<std::size_t>(c.grid)].code : std::string("outside");
    char lon[32], lat[32];
    std::snprintf(lon, sizeof lon, "%.7f", c.lon);
    std::snprintf(lat, sizeof lat, "%.7f", c.lat);
    return {c.id,
            std::string(CaseStateName(c.state)),
            std::string(kIncidentCategories[c.category].code),
            std::to_string(c.priority),
            grid,
            FormatIsoTime(c.reported_ms),
            FormatIsoTime(c.deadline_ms),
            c.closed_ms >= 0 ? FormatIsoTime(c.closed_ms) : std::string(),
            c.overdue(at_ms) ? "1" : "0",
            c.resource,
            c.source,
            c.reason,
            lon,
            lat};
}

namespace {

Status WriteCsv(const std::string& path, const World& world, const std::vector<std::size_t>& indices,
                std::int64_t at_ms) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(indices.size());
    for (std::size_t index : indices) rows.push_back(CaseExportCells(world, index, at_ms));
    const std::string text = CsvTable(CaseExportColumns(), rows);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return Error{path + ": cannot be written"};
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !written) return Error{path + ": cannot be written (disk full?)"};
    return {};
}

Status WriteGpkg(const std::string& path, const World& world, const std::vector<std::size_t>& indices,
                 std::int64_t at_ms) {
    EnsureGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) return Error{path + ": GDAL has no GeoPackage driver"};
    std::error_code ec;
    std::filesystem::remove(path, ec);
    CPLErrorReset();
    DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return Error{path + ": cannot be created" + LastGdalError()};
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("cases", &wgs84, wkbPoint, nullptr);
    if (!layer) return Error{path + ": cannot create layer 'cases'" + LastGdalError()};
    const std::vector<std::string>& columns = CaseExportColumns();
    for (std::size_t i = 0; i < kLonColumn; ++i) {
        const OGRFieldType type = i == kPriorityColumn || i == kOverdueColumn ? OFTInteger : OFTString;
        OGRFieldDefn defn(columns[i].c_str(), type);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            std::string message = path + ": cannot create field ";
            message.append(columns[i]).append(LastGdalError());
            return Error{message};
        }
    }
    if (ds->StartTransaction() != OGRERR_NONE) return Error{path + ": cannot start a transaction" + LastGdalError()};
    for (std::size_t index : indices) {
        const Incident& c = world.incidents.cases[index];
        const std::vector<std::string> cells = CaseExportCells(world, index, at_ms);
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < kLonColumn; ++i) {
            if (i == kPriorityColumn || i == kOverdueColumn) {
                feature.SetField(static_cast<int>(i), std::stoi(cells[i]));
            } else if (!cells[i].empty()) {
                feature.SetField(static_cast<int>(i), cells[i].c_str());
            }
        }
        OGRPoint point(c.lon, c.lat);
        feature.SetGeometry(&point);
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            return Error{path + ": cannot write case " + c.id + LastGdalError()};
        }
    }
    if (ds->CommitTransaction() != OGRERR_NONE) return Error{path + ": cannot commit" + LastGdalError()};
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) return Error{path + ": error while closing" + LastGdalError()};
    return {};
}

}  // namespace

Status WriteCases(const std::string& path, const World& world, const std::vector<std::size_t>& indices,
                  std::int64_t at_ms) {
    const bool gpkg = path.size() > 5 && path.compare(path.size() - 5, 5, ".gpkg") == 0;
    return gpkg ? WriteGpkg(path, world, indices, at_ms) : WriteCsv(path, world, indices, at_ms);
}

}  // namespace gridlink
