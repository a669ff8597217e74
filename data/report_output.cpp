// `gridlink report` output: CSV with RFC 4180 quoting, or a GeoPackage layer `figures` written through GDAL
// in one transaction (grid units as MultiPolygons, the others without geometry).
#include "report_output.h"

#include <cstdio>
#include <filesystem>

#include "data/csv_text.h"
#include "data/gdal_support.h"
#include "data/ogr_geometry.h"
#include "engine/ascii_case.h"
#include "engine/world.h"

namespace gridlink {

const std::vector<std::string>& ReportColumns() {
    static const std::vector<std::string> columns = {"unit",
                                                     "name",
                                                     "reported",
                                                     "registered",
                                                     "cancelled",
                                                     "due",
                                                     "closed",
                                                     "closed_on_time",
                                                     "closure_rate",
                                                     "on_time_rate",
                                                     "returned",
                                                     "overdue_open",
                                                     "median_register_min",
                                                     "median_dispatch_min",
                                                     "median_accept_min",
                                                     "median_handle_min",
                                                     "median_close_min"};
    return columns;
}

namespace {

constexpr std::size_t kFirstRate = 8, kFirstMedian = 12;  // column positions, for the GeoPackage's types

std::string Fixed(const std::optional<double>& value, int decimals) {
    if (!value) return "";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, *value);
    return text;
}

Status WriteCsv(const std::string& path, const std::vector<UnitFigures>& rows) {
    const bool to_stdout = path == "-";
    std::FILE* file = to_stdout ? stdout : std::fopen(path.c_str(), "wb");
    if (!file) return Error{path + ": cannot be written"};
    std::vector<std::vector<std::string>> cells;
    cells.reserve(rows.size());
    for (const UnitFigures& row : rows) cells.push_back(ReportCells(row));
    const std::string text = CsvTable(ReportColumns(), cells);
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    const bool closed = to_stdout ? std::fflush(file) == 0 : std::fclose(file) == 0;
    if (!written || !closed) return Error{path + ": cannot be written (disk full?)"};
    return {};
}

Status WriteGpkg(const std::string& path, const std::vector<UnitFigures>& rows, const World& world) {
    EnsureGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) return Error{path + ": GDAL has no GeoPackage driver"};
    std::error_code ec;
    std::filesystem::remove(path, ec);
    CPLErrorReset();
    DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return Error{path + ": cannot be created" + LastGdalError()};
    std::unique_ptr<OGRSpatialReference> srs(world.crs.srs().Clone());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("figures", srs.get(), wkbMultiPolygon, nullptr);
    if (!layer) return Error{path + ": cannot create layer 'figures'" + LastGdalError()};
    const std::vector<std::string>& columns = ReportColumns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        OGRFieldType type = i < 2 ? OFTString : i >= kFirstRate && i < kFirstRate + 2 ? OFTReal : OFTInteger64;
        if (i >= kFirstMedian) type = OFTReal;
        OGRFieldDefn defn(columns[i].c_str(), type);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            return Error{path + ": cannot create field '" + columns[i] + "'" + LastGdalError()};
        }
    }
    if (ds->StartTransaction() != OGRERR_NONE) return Error{path + ": cannot start a transaction" + LastGdalError()};
    for (const UnitFigures& row : rows) {
        OGRFeature feature(layer->GetLayerDefn());
        std::vector<std::string> cells = ReportCells(row);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (cells[i].empty()) continue;  // a rate or median with nothing to measure stays NULL
            if (i < 2) {
                feature.SetField(static_cast<int>(i), cells[i].c_str());
            } else if (i >= kFirstRate && (i < kFirstRate + 2 || i >= kFirstMedian)) {
                feature.SetField(static_cast<int>(i), std::stod(cells[i]));
            } else {
                feature.SetField(static_cast<int>(i), static_cast<GIntBig>(std::stoll(cells[i])));
            }
        }
        if (row.grid >= 0) {
            OGRMultiPolygon shape = ToOgr(world.grids[static_cast<std::size_t>(row.grid)].shape);
            feature.SetGeometry(&shape);
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            return Error{path + ": cannot write unit '" + row.unit + "'" + LastGdalError()};
        }
    }
    if (ds->CommitTransaction() != OGRERR_NONE) return Error{path + ": cannot commit" + LastGdalError()};
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) return Error{path + ": error while closing" + LastGdalError()};
    return {};
}

}  // namespace

std::vector<std::string> ReportCells(const UnitFigures& row) {
    const Figures& f = row.figures;
    auto count = [](std::int64_t n) { return std::to_string(n); };
    return {row.unit,
            row.name,
            count(f.reported),
            count(f.registered),
            count(f.cancelled),
            count(f.due),
            count(f.closed),
            count(f.closed_on_time),
            Fixed(f.closure_rate(), 4),
            Fixed(f.on_time_rate(), 4),
            count(f.returned),
            count(f.overdue_open),
            Fixed(f.median_register_min, 1),
            Fixed(f.median_dispatch_min, 1),
            Fixed(f.median_accept_min, 1),
            Fixed(f.median_handle_min, 1),
            Fixed(f.median_close_min, 1)};
}

Status WriteReport(const std::string& path, const std::vector<UnitFigures>& rows, const World& world) {
    if (EndsWithIgnoringAsciiCase(path, ".gpkg")) return WriteGpkg(path, rows, world);
    return WriteCsv(path, rows);
}

}  // namespace gridlink
