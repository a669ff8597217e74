// Reading points (incidents) for `gridlink assign`: an RFC-4180 CSV with named coordinate columns, or
// any GDAL point layer. Rows stream in chunks (bounded memory); bad rows become invalid rows with a
// reason, never dropped. Parsing and transforming to the working CRS can be split over threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/crs.h"
#include "engine/geometry.h"
#include "engine/result.h"

namespace gridlink {

struct PointSourceSpec {
    std::string path;
    std::string layer;            // GDAL sources only; empty: the first layer
    std::string x_field = "lon";  // CSV only; matched case-insensitively
    std::string y_field = "lat";
    std::string srs;  // empty: lon/lat for CSV, the layer's own CRS (else lon/lat) for GDAL
};

// True when `path` is read by the CSV reader (a .csv extension, any case) rather than through GDAL.
bool IsCsvPath(const std::string& path);

// A run of consecutive input rows. After PointSource::read, each row has its number, its kept values
// and (GDAL) its point or (CSV) its coordinate texts; PointSource::resolve then parses, checks and
// transforms them. A row is valid when its reason is empty.
struct PointChunk {
    std::vector<std::int64_t> rows;   // 1-based data row (CSV) or feature order (GDAL)
    std::vector<std::string> x_text;  // CSV: the raw coordinate fields
    std::vector<std::string> y_text;
    std::vector<Vec2> points;          // in the points' CRS
    std::vector<Vec2> working;         // in the working CRS (valid rows, after resolve)
    std::vector<std::string> reasons;  // invalid rows: "category: detail"; empty when valid
    std::vector<std::string> keep;     // kept values, row-major: size() x keep_count
    std::size_t keep_count = 0;

    std::size_t size() const { return rows.size(); }
    bool valid(std::size_t i) const { return reasons[i].empty(); }
    const std::string* kept(std::size_t i) const { return keep.data() + i * keep_count; }
    void clear();
};

class PointSource {
  public:
    // Opens a CSV (by extension) or a GDAL point layer. Errors name the file, layer, field or CRS.
    static Result<std::unique_ptr<PointSource>> Open(const PointSourceSpec& spec);
    virtual ~PointSource() = default;

    // The input's columns (CSV header, or the layer's fields), in input order.
    const std::vector<std::string>& columns() const { return columns_; }
    // The CRS the points are written in.
    const Crs& crs() const { return crs_; }
    // "FILE" or "FILE, layer 'L'", for messages.
    const std::string& where() const { return where_; }

    // Chooses the columns to copy through (case-insensitive); an unknown name is an error naming it and
    // listing the columns. Call before the first read(). Returns the input spelling of each column.
    Result<std::vector<std::string>> select_keep(const std::vector<std::string>& names);
    // Makes `threads` transforms from the points' CRS to `working`, one per thread slot.
    Status prepare(const Crs& working, int threads);

    // Reads up to `max_rows` next rows into `chunk` (cleared first), in input order; 0 at the end.
    virtual Result<std::size_t> read(PointChunk& chunk, std::size_t max_rows) = 0;
    // The part of the input read so far (0..1), or -1 when unknown.
    virtual double fraction_read() const = 0;

    // Parses, range-checks and transforms rows [begin, end) of `chunk` with the transform of `slot`.
    // Different slots may run at once on different threads, on disjoint ranges.
    void resolve(PointChunk& chunk, std::size_t begin, std::size_t end, int slot) const;

  protected:
    PointSource(std::string where, Crs crs) : where_(std::move(where)), crs_(std::move(crs)) {}
    // Where read() finds each kept column (indices into the CSV record or the layer's fields).
    std::vector<int> keep_index_;
    std::vector<std::string> columns_;
    std::string x_name_ = "lon";  // names used in invalid-row reasons
    std::string y_name_ = "lat";

  private:
    std::string where_;
    Crs crs_;
    std::string working_name_;
    std::vector<Transform> transforms_;
};

// Finds `name` among `columns` ignoring ASCII case (and surrounding blanks); -1 when absent.
int FindColumn(const std::vector<std::string>& columns, const std::string& name);

}  // namespace gridlink
