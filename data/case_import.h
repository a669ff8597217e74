// The case history import behind `gridlink import cases`: the records of a hotline or 数字城管 export (a CSV,
// one case per row) read with their own ids, points, times, categories and closing, each bad record named
// ("FILE row N: FIELD: why") and counted; and the events that restate them in the log (incident.reported
// and incident.registered at the reported time, an imported incident.closed at the closing time: see
// IsImportedOrigin in engine/incident.h).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/incident.h"
#include "engine/result.h"

namespace gridlink {

struct World;

struct CaseImportSpec {
    std::string path;
    std::string id_field;  // required: the case's id in the log, so that an import can be repeated
    std::string x_field = "lon", y_field = "lat";
    std::string points_srs;  // empty: WGS84 lon/lat; "gcj02", "bd09", or any CRS GDAL knows
    std::string reported_field;
    std::string closed_field;                // optional: the closing time (empty: still open)
    std::string status_field;                // optional: with closed_values, decides whether a case is closed
    std::vector<std::string> closed_values;  // compared ignoring ASCII case and surrounding blanks
    std::string category_field;              // optional
    std::unordered_map<std::string, int> category_map;  // source value -> index into kIncidentCategories
    std::string category_map_path;                      // for messages
    std::string time_format;                            // strptime notation; empty: ParseRecordTime's forms
    int offset_minutes = 480;                           // times without an offset are in this one
};

// One usable record.
struct CaseRecord {
    std::string id;
    std::int64_t row = 0;     // the record's number after the header, 1-based
    double lon = 0, lat = 0;  // WGS84
    int category = 0;
    std::string text;  // the category value as written, when the category came from free text
    std::int64_t reported_ms = 0;
    std::int64_t closed_ms = -1;
};

struct CaseImportInput {
    std::int64_t rows = 0;
    std::vector<CaseRecord> records;  // in file order
    std::vector<std::string> bad;     // "FILE row N: FIELD: why", one per record left out, in file order
};

// "+08:00", "-05:30", "+0800", "Z" as minutes east of UTC.
Result<int> ParseUtcOffset(const std::string& text);
// A time written in `format` (strptime notation, e.g. "%m/%d/%Y %I:%M:%S %p"); the whole text must match.
// A format with %z takes the offset from the text, otherwise the time is in `offset_minutes`.
Result<std::int64_t> ParseTimeWithFormat(const std::string& text, const std::string& format, int offset_minutes);
// A category map: a CSV of two columns, the source value and the category (a code or Chinese name of
// kIncidentCategories); a first row whose category is neither is a header. Errors name the file and row.
// Fills `map` (a Status and an out-parameter: GCC 12 misreads a Result holding a map as freeing the stack).
Status ReadCategoryMap(const std::string& path, std::unordered_map<std::string, int>& map);
// Reads every record of spec.path; errors (no file, a missing column, a bad option) name the file and column.
Result<CaseImportInput> ReadCaseCsv(const CaseImportSpec& spec);

struct ImportPlan {
    std::vector<Event> events;  // in time order (stable), checked against the log's cases
    std::int64_t cases = 0;     // new cases
    std::int64_t closed = 0;    // of them, closed
    std::int64_t already = 0;   // records whose id the log already has: skipped
    std::int64_t outside = 0;   // new cases outside every grid
};

// The events of the records whose ids `world` (the workspace with its log's cases and its grid index) does
// not have yet: each reported case projected into the World's CRS and assigned as the feed assigns it, every
// event's origin "import FILE row N" with `file` as given.
Result<ImportPlan> PlanImport(const CaseImportInput& input, const World& world, const std::string& file);

}  // namespace gridlink
