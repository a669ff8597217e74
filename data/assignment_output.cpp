// Writers for `gridlink assign` results: a buffered CSV writer with RFC-4180 quoting, and a GeoPackage
// writer through GDAL (layer `assignments`, point geometry in the points' CRS, committed in batches).
#include "assignment_output.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "data/csv_text.h"
#include "data/gdal_support.h"
#include "engine/ascii_case.h"

namespace gridlink {

// [SECTION] columns

std::vector<std::string> AssignmentColumns(const AssignmentSchema& schema) {
    std::vector<std::string> columns = {"row", "grid", "status", "distance_m", "nearest", "reason", "level"};
    for (int level = 1; level <= schema.level_columns; ++level) columns.push_back("level" + std::to_string(level));
    // `fid` and `geom` are the GeoPackage's own columns: kept columns avoid them in both formats alike.
    std::set<std::string> taken = {"fid", "geom"};
    for (const std::string& c : columns) taken.insert(c);
    for (const std::string& keep : schema.keep_columns) {
        std::string name = keep;
        while (taken.count(AsciiLower(name))) name = "input_" + name;
        taken.insert(AsciiLower(name));
        columns.push_back(name);
    }
    return columns;
}

std::string AssignmentDistanceText(double distance_m) {
    if (std::isnan(distance_m)) return "";
    char text[64];
    std::snprintf(text, sizeof text, "%.2f", distance_m);
    return text;
}

// [SECTION] CSV

namespace {

class CsvAssignmentWriter final : public AssignmentWriter {
  public:
    static Result<std::unique_ptr<AssignmentWriter>> Create(const std::string& path, const AssignmentSchema& schema) {
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) return Error{path + ": cannot be written"};
        std::unique_ptr<CsvAssignmentWriter> writer(new CsvAssignmentWriter(path, file, schema));
        const std::vector<std::string> columns = AssignmentColumns(schema);
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i) writer->buffer_ += ',';
            writer->field(columns[i]);
        }
        writer->buffer_ += '\n';
        return std::unique_ptr<AssignmentWriter>(std::move(writer));
    }

    ~CsvAssignmentWriter() override {
        if (file_) std::fclose(file_);
    }

    Status write(const AssignmentRow& r) override {
        char number[32];
        std::snprintf(number, sizeof number, "%lld", static_cast<long long>(r.row));
        buffer_ += number;
        buffer_ += ',';
        field(r.grid);
        buffer_ += ',';
        buffer_ += r.status;
        buffer_ += ',';
        buffer_ += AssignmentDistanceText(r.distance_m);
        buffer_ += ',';
        field(r.nearest);
        buffer_ += ',';
        field(r.reason);
        buffer_ += ',';
        if (r.level > 0) buffer_ += std::to_string(r.level);
        for (int level = 0; level < level_columns_; ++level) {
            buffer_ += ',';
            field(r.ancestors[static_cast<std::size_t>(level)]);
        }
        for (std::size_t k = 0; k < keep_count_; ++k) {
            buffer_ += ',';
            field(r.keep[k]);
        }
        buffer_ += '\n';
        if (buffer_.size() >= (1 << 20)) return flush();
        return {};
    }

    Status close() override {
        Status s = flush();
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!s) return s;
        if (!closed) return Error{path_ + ": write error (disk full?)"};
        return {};
    }

  private:
    CsvAssignmentWriter(std::string path, std::FILE* file, const AssignmentSchema& schema)
        : path_(std::move(path)),
          file_(file),
          level_columns_(schema.level_columns),
          keep_count_(schema.keep_columns.size()) {}

    // Appends one field, quoted when it holds a comma, a quote, a line break or surrounding blanks.
    void field(std::string_view text) { AppendCsvField(buffer_, text); }

    Status flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            return Error{path_ + ": write error (disk full?)"};
        }
        buffer_.clear();
        return {};
    }

    std::string path_;
    std::FILE* file_;
    int level_columns_;
    std::size_t keep_count_;
    std::string buffer_;
};

// [SECTION] GeoPackage

class GpkgAssignmentWriter final : public AssignmentWriter {
  public:
    static Result<std::unique_ptr<AssignmentWriter>> Create(const std::string& path, const AssignmentSchema& schema) {
        EnsureGdal();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (!driver) return Error{path + ": GDAL has no GeoPackage driver"};
        std::error_code ec;
        std::filesystem::remove(path, ec);
        CPLErrorReset();
        // A fresh file that is useless until closed: skip fsync per commit and give SQLite a larger page
        // cache. Both are read when the file is opened, from this thread's options only.
        CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
        CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", "256");
        GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr);
        CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", nullptr);
        if (!ds) return Error{path + ": cannot be created" + LastGdalError()};
        std::unique_ptr<GpkgAssignmentWriter> writer(new GpkgAssignmentWriter(path, ds, schema));
        std::unique_ptr<OGRSpatialReference> srs(schema.point_crs.srs().Clone());
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRLayer* layer = ds->CreateLayer("assignments", srs.get(), wkbPoint, nullptr);
        if (!layer) return Error{path + ": cannot create layer 'assignments'" + LastGdalError()};
        writer->layer_ = layer;
        const std::vector<std::string> columns = AssignmentColumns(schema);
        for (std::size_t i = 0; i < columns.size(); ++i) {
            OGRFieldType type = OFTString;
            if (columns[i] == "row") type = OFTInteger64;
            if (columns[i] == "distance_m") type = OFTReal;
            if (columns[i] == "level") type = OFTInteger;
            OGRFieldDefn defn(columns[i].c_str(), type);
            if (layer->CreateField(&defn) != OGRERR_NONE) {
                return Error{path + ": cannot create field '" + columns[i] + "'" + LastGdalError()};
            }
        }
        return std::unique_ptr<AssignmentWriter>(std::move(writer));
    }

    ~GpkgAssignmentWriter() override {
        if (ds_) GDALClose(ds_);
    }

    Status write(const AssignmentRow& r) override {
        if (!in_transaction_) {
            if (ds_->StartTransaction() != OGRERR_NONE) return Error{path_ + ": cannot start a transaction"};
            in_transaction_ = true;
        }
        OGRFeature f(layer_->GetLayerDefn());
        int i = 0;
        f.SetField(i++, static_cast<GIntBig>(r.row));
        auto text = [&](std::string_view s) {
            if (!s.empty()) f.SetField(i, std::string(s).c_str());
            ++i;
        };
        text(r.grid);
        text(r.status);
        if (!std::isnan(r.distance_m)) f.SetField(i, std::round(r.distance_m * 100) / 100);
        ++i;
        text(r.nearest);
        text(r.reason);
        if (r.level > 0) f.SetField(i, r.level);
        ++i;
        for (int level = 0; level < level_columns_; ++level) text(r.ancestors[static_cast<std::size_t>(level)]);
        for (std::size_t k = 0; k < keep_count_; ++k) f.SetField(i++, r.keep[k].c_str());
        if (r.has_point) f.SetGeometryDirectly(new OGRPoint(r.x, r.y));
        if (layer_->CreateFeature(&f) != OGRERR_NONE) {
            return Error{path_ + ": cannot write row " + std::to_string(r.row) + LastGdalError()};
        }
        if (++pending_ >= kRowsPerTransaction) return commit();
        return {};
    }

    Status close() override {
        Status s = commit();
        CPLErrorReset();
        GDALClose(ds_);
        ds_ = nullptr;
        if (!s) return s;
        if (CPLGetLastErrorType() >= CE_Failure) return Error{path_ + ": error while closing" + LastGdalError()};
        return {};
    }

  private:
    static constexpr int kRowsPerTransaction = 100000;

    GpkgAssignmentWriter(std::string path, GDALDataset* ds, const AssignmentSchema& schema)
        : path_(std::move(path)),
          ds_(ds),
          level_columns_(schema.level_columns),
          keep_count_(schema.keep_columns.size()) {}

    Status commit() {
        pending_ = 0;
        if (!in_transaction_) return {};
        in_transaction_ = false;
        if (ds_->CommitTransaction() != OGRERR_NONE) return Error{path_ + ": cannot commit" + LastGdalError()};
        return {};
    }

    std::string path_;
    GDALDataset* ds_;
    OGRLayer* layer_ = nullptr;
    int level_columns_;
    std::size_t keep_count_;
    bool in_transaction_ = false;
    int pending_ = 0;
};

}  // namespace

Result<std::unique_ptr<AssignmentWriter>> AssignmentWriter::Create(const std::string& path,
                                                                   const AssignmentSchema& schema) {
    if (EndsWithIgnoringAsciiCase(path, ".gpkg")) return GpkgAssignmentWriter::Create(path, schema);
    return CsvAssignmentWriter::Create(path, schema);
}

}  // namespace gridlink
