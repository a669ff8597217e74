// Point sources for `gridlink assign`: a streaming RFC-4180 CSV reader (quotes, embedded newlines, BOM,
// CRLF) and GDAL point layers, both read in chunks; parsing, range checks and CRS transforms per row.
#include "point_source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "data/gdal_support.h"
#include "engine/ascii_case.h"

namespace gridlink {

// [SECTION] helpers

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
    return s;
}

std::string ColumnList(const std::vector<std::string>& columns) {
    std::string list;
    for (std::size_t i = 0; i < columns.size(); ++i) list += (i ? ", " : "") + columns[i];
    return list.empty() ? "(none)" : list;
}

bool FileExists(const std::string& path) {
    std::error_code ec;
    return path.rfind("/vsi", 0) == 0 || std::filesystem::exists(path, ec);
}

std::string NumberText(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", v);
    return text;
}

// Parses a coordinate: surrounding blanks allowed, a leading '+', and nothing else after the number.
// NaN and infinities are not coordinates.
bool ParseCoordinate(std::string_view text, double& value) {
    text = Trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

}  // namespace

bool IsCsvPath(const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    return EqualsIgnoringAsciiCase(ext, ".csv");
}

int FindColumn(const std::vector<std::string>& columns, const std::string& name) {
    const std::string_view wanted = Trim(name);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (EqualsIgnoringAsciiCase(Trim(columns[i]), wanted)) return static_cast<int>(i);
    }
    return -1;
}

void PointChunk::clear() {
    rows.clear();
    x_text.clear();
    y_text.clear();
    points.clear();
    working.clear();
    reasons.clear();
    keep.clear();
}

// [SECTION] shared: keep columns, transforms, resolving rows

Result<std::vector<std::string>> PointSource::select_keep(const std::vector<std::string>& names) {
    keep_index_.clear();
    std::vector<std::string> spelled;
    for (const std::string& name : names) {
        const int index = FindColumn(columns_, name);
        if (index < 0) {
            return Error{"--keep: no column '" + name + "' in " + where_ + " (columns: " + ColumnList(columns_) + ")"};
        }
        keep_index_.push_back(index);
        spelled.push_back(columns_[static_cast<std::size_t>(index)]);
    }
    return spelled;
}

Status PointSource::prepare(const Crs& working, int threads) {
    transforms_.clear();
    working_name_ = working.name();
    for (int i = 0; i < std::max(threads, 1); ++i) {
        auto t = Transform::Create(crs_, working);
        if (!t) return Error{where_ + ": " + t.error()};
        transforms_.push_back(std::move(t.value()));
    }
    return {};
}

void PointSource::resolve(PointChunk& chunk, std::size_t begin, std::size_t end, int slot) const {
    const bool from_text = chunk.x_text.size() == chunk.size();
    const bool geographic = crs_.is_geographic();
    auto value_text = [&](std::size_t i, bool x) {
        if (from_text) return std::string(Trim(x ? chunk.x_text[i] : chunk.y_text[i]));
        return NumberText(x ? chunk.points[i].x : chunk.points[i].y);
    };
    std::vector<std::size_t> todo;
    std::vector<Vec2> batch;
    todo.reserve(end - begin);
    batch.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
        if (!chunk.valid(i)) continue;
        if (from_text) {
            const std::string_view xt = Trim(chunk.x_text[i]), yt = Trim(chunk.y_text[i]);
            if (xt.empty() || yt.empty()) {
                chunk.reasons[i] = "empty: " + (xt.empty() && yt.empty() ? x_name_ + ", " + y_name_
                                                                         : (xt.empty() ? x_name_ : y_name_));
                continue;
            }
            Vec2& p = chunk.points[i];
            if (!ParseCoordinate(xt, p.x)) {
                chunk.reasons[i] = "unparsable: " + x_name_ + " '" + std::string(xt) + "'";
                continue;
            }
            if (!ParseCoordinate(yt, p.y)) {
                chunk.reasons[i] = "unparsable: " + y_name_ + " '" + std::string(yt) + "'";
                continue;
            }
        }
        const Vec2 p = chunk.points[i];
        if (geographic && (p.x < -180 || p.x > 180)) {
            chunk.reasons[i] = "out of range: " + x_name_ + " " + value_text(i, true) + " (expected -180..180)";
            continue;
        }
        if (geographic && (p.y < -90 || p.y > 90)) {
            chunk.reasons[i] = "out of range: " + y_name_ + " " + value_text(i, false) + " (expected -90..90)";
            continue;
        }
        todo.push_back(i);
        batch.push_back(p);
    }
    if (static_cast<std::size_t>(slot) < transforms_.size() && !batch.empty()) {
        // PROJ reports each failed point through CPLError; the reason on the row says it instead.
        CPLPushErrorHandler(CPLQuietErrorHandler);
        transforms_[static_cast<std::size_t>(slot)].apply(batch);
        CPLPopErrorHandler();
    }
    for (std::size_t j = 0; j < todo.size(); ++j) {
        const std::size_t i = todo[j];
        if (!std::isfinite(batch[j].x) || !std::isfinite(batch[j].y)) {
            chunk.reasons[i] = "out of range: " + x_name_ + " " + value_text(i, true) + ", " + y_name_ + " " +
                               value_text(i, false) + " (cannot be transformed to " + working_name_ + ")";
            continue;
        }
        chunk.working[i] = batch[j];
    }
}

// [SECTION] CSV

namespace {

// Splits a byte stream into RFC-4180 records: fields separated by commas, records by CRLF, LF or CR;
// a quoted field may hold commas, doubled quotes and line breaks. A UTF-8 BOM at the start is skipped.
class CsvRecordReader {
  public:
    explicit CsvRecordReader(VSILFILE* file) : file_(file), buffer_(1 << 20) {
        if (refill() && len_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;
    }
    ~CsvRecordReader() { VSIFCloseL(file_); }
    CsvRecordReader(const CsvRecordReader&) = delete;
    CsvRecordReader& operator=(const CsvRecordReader&) = delete;

    struct Record {
        std::vector<std::string> fields;  // fields[0, count) hold this record; the rest are spare
        std::size_t count = 0;
        bool blank = false;         // an empty line
        bool unterminated = false;  // the input ended inside a quoted field
    };

    // Reads the next record; false at the end of the input.
    bool next(Record& r) {
        r.count = 0;
        r.blank = true;
        r.unterminated = false;
        int c = get();
        if (c < 0) return false;
        std::string* field = &start_field(r);
        bool at_field_start = true;
        for (;; c = get()) {
            if (c < 0) return true;
            if (c == '"' && at_field_start) {
                r.blank = at_field_start = false;
                for (;;) {
                    c = get();
                    if (c < 0) {
                        r.unterminated = true;
                        return true;
                    }
                    if (c == '"') {
                        if (peek() != '"') break;
                        get();
                    }
                    field->push_back(static_cast<char>(c));
                }
                continue;  // text after the closing quote, if any, is kept as it stands
            }
            if (c == ',') {
                r.blank = false;
                field = &start_field(r);
                at_field_start = true;
            } else if (c == '\n') {
                return true;
            } else if (c == '\r') {
                if (peek() == '\n') get();
                return true;
            } else {
                r.blank = at_field_start = false;
                field->push_back(static_cast<char>(c));
            }
        }
    }

    std::uint64_t consumed() const { return read_ - (len_ - pos_); }
    bool failed() const { return failed_; }

  private:
    static std::string& start_field(Record& r) {
        if (r.count == r.fields.size()) r.fields.emplace_back();
        std::string& f = r.fields[r.count++];
        f.clear();
        return f;
    }
    bool refill() {
        if (eof_) return false;
        len_ = VSIFReadL(buffer_.data(), 1, buffer_.size(), file_);
        pos_ = 0;
        read_ += len_;
        if (len_ < buffer_.size()) {
            eof_ = true;
            failed_ = VSIFEofL(file_) == 0;
        }
        return len_ > 0;
    }
    int get() {
        if (pos_ == len_ && !refill()) return -1;
        return static_cast<unsigned char>(buffer_[pos_++]);
    }
    int peek() {
        if (pos_ == len_ && !refill()) return -1;
        return static_cast<unsigned char>(buffer_[pos_]);
    }

    VSILFILE* file_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    std::uint64_t read_ = 0;
    bool eof_ = false;
    bool failed_ = false;
};

class CsvPointSource final : public PointSource {
  public:
    static Result<std::unique_ptr<PointSource>> Open(const PointSourceSpec& spec) {
        EnsureGdal();
        if (!FileExists(spec.path)) return Error{spec.path + ": no such file"};
        Crs crs = Crs::LonLat();
        if (!spec.srs.empty()) {
            auto parsed = Crs::FromUserInput(spec.srs);
            if (!parsed) return Error{"--points-srs: " + parsed.error()};
            crs = parsed.value();
        }
        VSIStatBufL stat;
        const std::uint64_t size =
            VSIStatL(spec.path.c_str(), &stat) == 0 ? static_cast<std::uint64_t>(stat.st_size) : 0;
        VSILFILE* file = VSIFOpenL(spec.path.c_str(), "rb");
        if (!file) return Error{spec.path + ": cannot be opened for reading"};
        std::unique_ptr<CsvPointSource> source(new CsvPointSource(spec.path, crs, file, size));
        CsvRecordReader::Record header;
        if (!source->reader_.next(header)) return Error{spec.path + ": empty file, expected a header row"};
        source->columns_.assign(header.fields.begin(), header.fields.begin() + static_cast<long>(header.count));
        for (auto [name, option, index] : {std::tuple{&spec.x_field, "--x-field", &source->x_index_},
                                           std::tuple{&spec.y_field, "--y-field", &source->y_index_}}) {
            *index = FindColumn(source->columns_, *name);
            if (*index < 0) {
                return Error{spec.path + ": no column '" + *name + "' for " + option +
                             " (columns: " + ColumnList(source->columns_) + ")"};
            }
        }
        source->x_name_ = source->columns_[static_cast<std::size_t>(source->x_index_)];
        source->y_name_ = source->columns_[static_cast<std::size_t>(source->y_index_)];
        return std::unique_ptr<PointSource>(std::move(source));
    }

    Result<std::size_t> read(PointChunk& chunk, std::size_t max_rows) override {
        chunk.clear();
        chunk.keep_count = keep_index_.size();
        const std::size_t header_count = columns_.size();
        while (chunk.size() < max_rows && reader_.next(record_)) {
            chunk.rows.push_back(++row_);
            std::string reason;
            if (record_.unterminated) {
                reason = "malformed: a quoted field is not closed before the end of the file";
            } else if (record_.blank) {
                reason = "malformed: blank line";
            } else if (record_.count != header_count) {
                reason = "malformed: " + std::to_string(record_.count) + " fields, header has " +
                         std::to_string(header_count);
            }
            chunk.reasons.push_back(std::move(reason));
            chunk.x_text.push_back(field(x_index_));
            chunk.y_text.push_back(field(y_index_));
            chunk.points.emplace_back();
            chunk.working.emplace_back();
            for (int k : keep_index_) chunk.keep.push_back(field(k));
        }
        if (reader_.failed()) return Error{where() + ": read error after " + std::to_string(row_) + " rows"};
        return chunk.size();
    }

    double fraction_read() const override {
        return size_ ? std::min(1.0, static_cast<double>(reader_.consumed()) / static_cast<double>(size_)) : -1.0;
    }

  private:
    CsvPointSource(const std::string& path, const Crs& crs, VSILFILE* file, std::uint64_t size)
        : PointSource(path, crs), reader_(file), size_(size) {}

    const std::string& field(int index) const {
        static const std::string none;
        return static_cast<std::size_t>(index) < record_.count ? record_.fields[static_cast<std::size_t>(index)] : none;
    }

    CsvRecordReader reader_;
    CsvRecordReader::Record record_;
    std::uint64_t size_;
    std::int64_t row_ = 0;
    int x_index_ = -1;
    int y_index_ = -1;
};

// [SECTION] GDAL point layers

bool HoldsNoPoints(OGRwkbGeometryType t) {
    t = wkbFlatten(t);
    return t == wkbNone || t == wkbLineString || t == wkbMultiLineString || t == wkbPolygon || t == wkbMultiPolygon ||
           t == wkbCurvePolygon || t == wkbMultiSurface || t == wkbCompoundCurve || t == wkbMultiCurve ||
           t == wkbCircularString || t == wkbTIN || t == wkbPolyhedralSurface;
}

class OgrPointSource final : public PointSource {
  public:
    static Result<std::unique_ptr<PointSource>> Open(const PointSourceSpec& spec) {
        EnsureGdal();
        if (!FileExists(spec.path)) return Error{spec.path + ": no such file"};
        CPLErrorReset();
        DatasetPtr ds(GDALDataset::Open(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) {
            const char* m = CPLGetLastErrorMsg();
            return Error{spec.path + ": not a vector source GDAL can read" + (m && *m ? std::string(": ") + m : "")};
        }
        OGRLayer* layer = nullptr;
        if (!spec.layer.empty()) {
            layer = ds->GetLayerByName(spec.layer.c_str());
            if (!layer) {
                std::vector<std::string> names;
                for (int i = 0; i < ds->GetLayerCount(); ++i) names.push_back(ds->GetLayer(i)->GetName());
                return Error{spec.path + ": no layer '" + spec.layer + "' (layers: " + ColumnList(names) + ")"};
            }
        } else if (ds->GetLayerCount() > 0) {
            layer = ds->GetLayer(0);
        }
        if (!layer) return Error{spec.path + ": has no layers"};
        const std::string where = spec.path + ", layer '" + layer->GetName() + "'";
        if (HoldsNoPoints(layer->GetGeomType())) {
            return Error{where + ": holds " +
                         (wkbFlatten(layer->GetGeomType()) == wkbNone
                              ? std::string("no geometry")
                              : std::string(OGRGeometryTypeToName(layer->GetGeomType()))) +
                         ", not points"};
        }
        Crs crs = Crs::LonLat();
        if (!spec.srs.empty()) {
            auto parsed = Crs::FromUserInput(spec.srs);
            if (!parsed) return Error{"--points-srs: " + parsed.error()};
            crs = parsed.value();
        } else if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
            char* wkt = nullptr;
            srs->exportToWkt(&wkt);
            auto parsed = Crs::FromUserInput(wkt ? wkt : "");
            CPLFree(wkt);
            if (!parsed) return Error{where + ": its CRS is not one GDAL can use"};
            crs = parsed.value();
        }
        std::unique_ptr<OgrPointSource> source(new OgrPointSource(where, crs, std::move(ds), layer));
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) source->columns_.push_back(defn->GetFieldDefn(i)->GetNameRef());
        if (!crs.is_geographic()) {
            source->x_name_ = "x";
            source->y_name_ = "y";
        }
        source->total_ = layer->GetFeatureCount(FALSE);
        layer->ResetReading();
        return std::unique_ptr<PointSource>(std::move(source));
    }

    Result<std::size_t> read(PointChunk& chunk, std::size_t max_rows) override {
        chunk.clear();
        chunk.keep_count = keep_index_.size();
        while (chunk.size() < max_rows) {
            FeaturePtr f(layer_->GetNextFeature());
            if (!f) break;
            chunk.rows.push_back(++row_);
            Vec2 p;
            std::string reason;
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || g->IsEmpty()) {
                reason = "empty: geometry";
            } else if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
                p = {g->toPoint()->getX(), g->toPoint()->getY()};
            } else if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint &&
                       g->toMultiPoint()->getNumGeometries() == 1) {
                const OGRPoint* only = g->toMultiPoint()->getGeometryRef(0);
                p = {only->getX(), only->getY()};
            } else {
                reason = std::string("malformed: geometry is ") + g->getGeometryName() + ", not a point";
            }
            if (reason.empty() && (!std::isfinite(p.x) || !std::isfinite(p.y))) {
                reason = "unparsable: " + x_name_ + " " + NumberText(p.x) + ", " + y_name_ + " " + NumberText(p.y);
            }
            chunk.points.push_back(p);
            chunk.working.emplace_back();
            chunk.reasons.push_back(std::move(reason));
            for (int k : keep_index_) chunk.keep.push_back(f->IsFieldSetAndNotNull(k) ? f->GetFieldAsString(k) : "");
        }
        return chunk.size();
    }

    double fraction_read() const override {
        return total_ > 0 ? std::min(1.0, static_cast<double>(row_) / static_cast<double>(total_)) : -1.0;
    }

  private:
    OgrPointSource(const std::string& where, const Crs& crs, DatasetPtr ds, OGRLayer* layer)
        : PointSource(where, crs), ds_(std::move(ds)), layer_(layer) {}

    DatasetPtr ds_;
    OGRLayer* layer_;
    std::int64_t total_ = -1;
    std::int64_t row_ = 0;
};

}  // namespace

Result<std::unique_ptr<PointSource>> PointSource::Open(const PointSourceSpec& spec) {
    return IsCsvPath(spec.path) ? CsvPointSource::Open(spec) : OgrPointSource::Open(spec);
}

}  // namespace gridlink
