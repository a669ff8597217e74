// `gridlink report`: the assessment figures (考核: 结案率, 按期结案率, counts and median times) of a period per
// grid level, category, responder or the whole log, as CSV or as a GeoPackage QGIS draws as a choropleth.
#include <chrono>
#include <cstdio>

#include "data/report_output.h"
#include "engine/assessment.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

namespace {

const char* kReportHelp =
    "gridlink report [WORKSPACE] [--from TIME] [--to TIME] [--by UNIT] [--out FILE.csv|FILE.gpkg]\n"
    "The assessment figures of the period [--from, --to) rebuilt from the workspace's event log, one row per\n"
    "unit: reported, registered, cancelled, due (应结案), closed (结案), closed_on_time (按期结案),\n"
    "closure_rate (结案率 = closed/due), on_time_rate (按期结案率 = closed_on_time/due), returned, overdue_open,\n"
    "and median minutes reported->registered, registered->dispatched, dispatched->accepted,\n"
    "dispatched->handled, reported->closed. Rates are fractions with 4 decimals, empty when nothing is due.\n"
    "  --from, --to  ISO 8601 (2026-11-01T00:00:00+08:00) or a date (2026-11-01, midnight at +08:00);\n"
    "                default: from the start of this month to now\n"
    "  --by          district | street | community | grid | unit (every grid of that level, a case counting\n"
    "                for its finest grid's ancestor, plus `outside`), category, responder (the cases each\n"
    "                handled), all (default: one row of every case)\n"
    "  --out         FILE.csv (default: standard output) or FILE.gpkg (layer `figures`, grid units as\n"
    "                polygons in the workspace's CRS)\n";

}  // namespace

int CommandReport(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kReportHelp, stdout), 0;
    auto args = Args::Parse(words, {"from", "to", "by", "out"}, {});
    if (!args) return Fail("report: " + args.error());
    if (args->positional().size() > 1) return Fail("report: unexpected argument '" + args->positional()[1] + "'");
    Period period;
    period.to_ms = WallClockMs();
    if (args->has("to")) {
        auto to = ParseTimeOption(args->get("to"));
        if (!to) return Fail("report: --to: " + to.error());
        period.to_ms = to.value();
    }
    period.from_ms = LocalMonthStart(period.to_ms);
    if (args->has("from")) {
        auto from = ParseTimeOption(args->get("from"));
        if (!from) return Fail("report: --from: " + from.error());
        period.from_ms = from.value();
    }
    if (period.from_ms >= period.to_ms) return Fail("report: --from must be before --to");
    auto group = ParseGroupBy(args->get("by", "all"));
    if (!group) return Fail("report: " + group.error());
    const auto start = std::chrono::steady_clock::now();
    std::string label;
    auto world = OpenWorldWithCases(args.value(), &label);
    if (!world) return Fail("report: " + world.error());
    const auto opened = std::chrono::steady_clock::now();
    std::vector<UnitFigures> rows = FiguresBy(world.value(), period, group.value());
    const std::string out = args->get("out", "-");
    if (Status s = WriteReport(out, rows, world.value()); !s) return Fail("report: " + s.error());
    const auto done = std::chrono::steady_clock::now();
    std::fprintf(stderr,
                 "report: %s, %zu cases, %s .. %s, %zu rows by %s to %s (log read in %.2f s, figures in %.2f s)\n",
                 label.c_str(), world->incidents.cases.size(), FormatIsoTime(period.from_ms).c_str(),
                 FormatIsoTime(period.to_ms).c_str(), rows.size(), args->get("by", "all").c_str(),
                 out == "-" ? "standard output" : out.c_str(), std::chrono::duration<double>(opened - start).count(),
                 std::chrono::duration<double>(done - opened).count());
    return 0;
}

}  // namespace gridlink
