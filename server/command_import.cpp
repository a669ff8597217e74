// `gridlink import cases`: a district's case history (a hotline or 数字城管 CSV export) imported into the
// workspace's event log, each record a case with its own times; the reading and planning live in
// data/case_import.h.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "data/case_import.h"
#include "data/event_log.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "engine/ascii_case.h"
#include "engine/china_offsets.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

namespace {

const char* kImportHelp =
    "gridlink import cases WORKSPACE --from-csv FILE.csv --id-field F --reported-field F [options]\n"
    "Imports a case history (a 12345 hotline or 数字城管 export, one case per row) into the workspace's event\n"
    "log. Each record becomes a case with its own times: incident.reported and incident.registered at its\n"
    "reported time (a record of such a system is an accepted case), incident.closed at its closing time when\n"
    "it is closed. Steps the record does not have (dispatch, handling, verification) are not invented: an\n"
    "imported case goes from registered to closed directly, and the figures that need those steps stay empty\n"
    "for it. Every event's origin is \"import FILE row N\" (N: the record's number after the header). Reports\n"
    "are assigned to grids as the feed assigns them. Records that cannot be used are listed (FILE row N:\n"
    "FIELD: why) and counted; the rest is written in one transaction (all or nothing). Ids already in the log\n"
    "are skipped and counted, so an import can be repeated.\n"
    "  --id-field F          the record's id (becomes the case id)\n"
    "  --x-field, --y-field  the point's columns (default lon, lat)\n"
    "  --points-srs CRS      the points' CRS: anything GDAL knows (EPSG:4549, WKT), or gcj02 / bd09 for the\n"
    "                        Chinese web-map offsets (default WGS84 lon/lat)\n"
    "  --reported-field F    the reported time (required)\n"
    "  --closed-field F      the closing time; without --status-field a record with one is closed\n"
    "  --status-field F --closed-values V1,V2\n"
    "                        a record is closed when its status is one of the values (ignoring ASCII case)\n"
    "  --category-field F    the category: a code or Chinese name of the six classes, else a keyword in the\n"
    "                        text (as simulate --from-csv reads it), else city_appearance\n"
    "  --category-map FILE.csv\n"
    "                        two columns, source value and category code; a value not in it is a bad record\n"
    "  --time-format FMT     strptime notation, e.g. '%m/%d/%Y %I:%M:%S %p' (default: ISO 8601,\n"
    "                        'YYYY-MM-DD HH:MM[:SS]', 'YYYY/MM/DD HH:MM[:SS]' or Unix seconds)\n"
    "  --tz +08:00           the offset of times written without one (default +08:00)\n"
    "  --bad-rows FILE       write every bad record's line there (stderr lists the first 100)\n";

}  // namespace

int CommandImport(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kImportHelp, stdout), 0;
    auto args = Args::Parse(
        words,
        {"from-csv", "id-field", "x-field", "y-field", "points-srs", "reported-field", "closed-field", "status-field",
         "closed-values", "category-field", "category-map", "time-format", "tz", "bad-rows"},
        {});
    if (!args) return Fail("import: " + args.error());
    const std::vector<std::string>& positional = args->positional();
    if (positional.empty() || positional[0] != "cases") return Fail("import: expected `import cases WORKSPACE ...`");
    if (positional.size() != 2) return Fail("import cases: name one WORKSPACE.gpkg");
    if (!args->has("from-csv")) return Fail("import cases: --from-csv FILE.csv is required");
    const std::string path = positional[1];
    const auto started = std::chrono::steady_clock::now();

    CaseImportSpec spec;
    spec.path = args->get("from-csv");
    spec.id_field = args->get("id-field");
    spec.x_field = args->get("x-field", "lon");
    spec.y_field = args->get("y-field", "lat");
    spec.points_srs = args->get("points-srs");
    spec.reported_field = args->get("reported-field");
    spec.closed_field = args->get("closed-field");
    spec.status_field = args->get("status-field");
    if (args->has("closed-values")) spec.closed_values = SplitList(args->get("closed-values"));
    spec.category_field = args->get("category-field");
    spec.time_format = args->get("time-format");
    if (args->has("tz")) {
        auto tz = ParseUtcOffset(args->get("tz"));
        if (!tz) return Fail("import cases: --tz: " + tz.error());
        spec.offset_minutes = tz.value();
    }
    if (args->has("category-map")) {
        if (spec.category_field.empty()) return Fail("import cases: --category-map needs --category-field");
        spec.category_map_path = args->get("category-map");
        if (Status s = ReadCategoryMap(spec.category_map_path, spec.category_map); !s) {
            return Fail("import cases: --category-map: " + s.error());
        }
    }
    auto input = ReadCaseCsv(spec);
    if (!input) return Fail("import cases: " + input.error());
    const auto read_done = std::chrono::steady_clock::now();

    ReadReport report;
    auto read = ReadWorkspace(path, &report, true);
    if (!read) return Fail("import cases: " + read.error());
    World world = std::move(read.value());
    auto log = EventLog::Open(path);
    if (!log) return Fail("import cases: " + log.error());
    OpenedState opened;
    if (Status s = OpenFromSnapshots(*log.value(), world, &opened); !s) return Fail("import cases: " + s.error());
    auto plan = PlanImport(input.value(), world, spec.path);
    if (!plan) return Fail("import cases: " + plan.error());
    const auto plan_done = std::chrono::steady_clock::now();

    const std::vector<std::string>& bad = input->bad;
    for (std::size_t i = 0; i < bad.size() && i < 100; ++i) std::fprintf(stderr, "%s\n", bad[i].c_str());
    if (bad.size() > 100) std::fprintf(stderr, "... and %zu more bad records\n", bad.size() - 100);
    if (args->has("bad-rows")) {
        std::ofstream out(args->get("bad-rows"));
        for (const std::string& line : bad) out << line << '\n';
        if (!out) return Fail("import cases: --bad-rows: cannot write " + args->get("bad-rows"));
    }
    const std::size_t event_count = plan->events.size();
    // One transaction: every new case or none (append refuses when another writer got in between).
    if (!plan->events.empty()) {
        // A large import updates each new case's row of the incidents layer once per step, in time order: a
        // cache the size of those tables (256 MiB at most) keeps the lookups off the disk.
        (void)sqlite3_exec(log.value()->db(), "PRAGMA cache_size = -262144", nullptr, nullptr, nullptr);
        const std::int64_t covered = log.value()->last_seq();
        if (Status s = log.value()->append(plan->events, {}); !s) return Fail("import cases: " + s.error());
        // A snapshot of the log's new end, so that seats, report and the next import open from it rather than
        // replaying the imported history (a snapshot is a cache: the log stays the truth).
        SnapshotOptions snapshot_options;
        snapshot_options.every = 0;
        auto snapshots = Snapshotter::Start(path, std::move(world), covered, opened.tail_min_t_ms, snapshot_options);
        if (snapshots) {
            snapshots.value()->add(std::move(plan->events));
            if (Status s = snapshots.value()->write_now(); !s) {
                std::fprintf(stderr, "gridlink: warning: import cases: no snapshot written: %s\n", s.error().c_str());
            }
        } else {
            std::fprintf(stderr, "gridlink: warning: import cases: no snapshot written: %s\n",
                         snapshots.error().c_str());
        }
    }
    const auto done = std::chrono::steady_clock::now();
    auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
    std::printf(
        "imported %lld cases (%lld closed, %lld outside every grid, %zu events) from %s: %lld records, %zu bad, "
        "%lld already in the log, in %.2f s (read %.2f, workspace and plan %.2f, write and snapshot %.2f)\n",
        static_cast<long long>(plan->cases), static_cast<long long>(plan->closed),
        static_cast<long long>(plan->outside), event_count, spec.path.c_str(), static_cast<long long>(input->rows),
        bad.size(), static_cast<long long>(plan->already), seconds(started, done), seconds(started, read_done),
        seconds(read_done, plan_done), seconds(plan_done, done));
    return 0;
}

}  // namespace gridlink
