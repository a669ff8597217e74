// The live-feed simulator behind `gridlink simulate`: a deterministic stream of realistic Events for a
// World (reports at hot spots with a day-and-night rhythm, then each case's legal lifecycle, plus resource
// moves and status changes), and the CSV replay that turns real records into incident.reported events.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/incident.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

// [SECTION] the day-and-night rhythm

// How busy the local clock's minute of `ms` is, relative to the day's mean (1): about 0.17 at 03:00,
// peaks of about 2.2 at 10:00 and 1.9 at 16:30. `offset_minutes` is the local offset east of UTC.
double DayRhythm(std::int64_t ms, int offset_minutes = 480);

// The default id prefix for a run started at `now_ms`: "SIM20261127T213005-" (local time, seconds), so
// that runs against the same log do not reuse ids.
std::string DefaultIdPrefix(std::int64_t now_ms, const std::string& stem = "SIM", int offset_minutes = 480);

// [SECTION] the generator

struct SimulatorOptions {
    std::uint64_t seed = 1;
    std::int64_t start_ms = 0;       // the simulated clock at the start
    double rate = 1;                 // feed lines per simulated second: the day's mean, shaped by DayRhythm
    std::string id_prefix = "SIM-";  // case ids are the prefix and a six-digit number
    int offset_minutes = 480;        // the local clock of the rhythm and of the events' times (+08:00)
    bool flat = false;               // no rhythm: `rate` at every hour
};

// What the stream held so far.
struct SimulatorCounts {
    std::int64_t reports = 0, updates = 0, resource_events = 0, outside = 0;
    std::int64_t open_cases = 0;  // reported and neither closed nor cancelled
};

// Produces events in time order, each legal after the ones before (CheckEvent against a ledger of the
// World kept in step). Lines arrive as a Poisson process at rate x DayRhythm; a tenth of them are new
// reports, the others the most overdue lifecycle step due by then, else a report (now and then a resource
// event): the line rate is what was asked from the first second, and a busy hour delays the handling.
// Same World and options, same stream. The World must outlive the simulator.
class IncidentSimulator {
  public:
    static Result<std::unique_ptr<IncidentSimulator>> Create(const World& world, const SimulatorOptions& options);
    ~IncidentSimulator();
    IncidentSimulator(const IncidentSimulator&) = delete;
    IncidentSimulator& operator=(const IncidentSimulator&) = delete;

    // The next event; its t_ms is not before the previous one's.
    Event next();
    const SimulatorCounts& counts() const;
    // The hot spots' labels and centres (lon/lat), for messages and tests.
    struct HotSpot {
        std::string label;
        double lon = 0, lat = 0, sigma_m = 0, weight = 0;
    };
    const std::vector<HotSpot>& hot_spots() const;

  private:
    struct State;
    explicit IncidentSimulator(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// The category shares of reports (indices into kIncidentCategories), before hot spots bias them; they sum to 1.
inline constexpr double kCategoryShares[kCategoryCount] = {
    0.45,  // city_appearance 市容环境
    0.22,  // street_order 街面秩序
    0.08,  // construction 施工管理
    0.13,  // advertising 宣传广告
    0.02,  // emergency 突发事件
    0.10,  // public_facility 公共设施
};

// [SECTION] CSV replay

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
// (垃圾, 占道, 广告, 施工, 井盖, 积水, graffiti, pothole, ... see simulator.cpp), else city_appearance.
int CategoryFromText(const std::string& text);

}  // namespace gridlink
