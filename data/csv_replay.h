// The CSV replay behind `gridlink simulate --from-csv`: real records read through the CSV point source
// (point_source.h) and turned into incident.reported events in time order, with each bad record's row and
// reason; and the parsing of a record's time and category.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/incident.h"
#include "engine/result.h"

namespace gridlink {

struct ReplaySpec {
    std::string path;
    std::string x_field = "lon", y_field = "lat", time_field = "time";
    std::string category_field, id_field;  // optional
    std::string srs;                       // the points' CRS; empty: lon/lat
    std::string id_prefix = "CSV-";        // case ids: prefix + the id field (or the row number)
    std::int64_t start_ms = 0;             // the first record's time becomes this one...
    bool keep_time = false;                // ... unless the records keep their own times
    int offset_minutes = 480;              // times written without an offset are in this one
};

// One record as an event, with its offset from the first record in the replayed clock.
struct ReplayRecord {
    Event event;
    std::int64_t offset_ms = 0;
};

struct ReplayInput {
    std::vector<ReplayRecord> records;  // sorted by time (stable: ties in file order)
    std::vector<std::string> skipped;   // "row N: FIELD: why", one per record left out
};

// Reads every record of a CSV; a record with a bad coordinate or time is skipped with its reason. Errors
// (no file, a missing column, an unknown CRS) name the file and column.
Result<ReplayInput> ReadReplayCsv(const ReplaySpec& spec);

// A record's time: ISO 8601 with or without an offset (then `offset_minutes`), "YYYY-MM-DD HH:MM[:SS]",
// "YYYY/MM/DD HH:MM[:SS]", or Unix seconds (or milliseconds, above 1e11).
Result<std::int64_t> ParseRecordTime(const std::string& text, int offset_minutes = 480);

// The category a record's text names: a code or Chinese name of kIncidentCategories, else a keyword
// (垃圾, 占道, 广告, 施工, 井盖, 积水, graffiti, pothole, ... see csv_replay.cpp), else city_appearance.
int CategoryFromText(const std::string& text);

}  // namespace gridlink
