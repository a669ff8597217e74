// `gridlink assign`: assigns every point (incident) of a CSV or GDAL point layer to the grid responsible
// for it, streaming chunks through parse -> transform -> locate (over threads) -> write (in input order).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>

#include "data/assignment_output.h"
#include "data/point_source.h"
#include "data/workspace.h"
#include "engine/grid_index.h"
#include "engine/parallel.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

// [SECTION] help

static const char* kAssignHelp =
    "gridlink assign --grids FILE[:LAYER] [--id-field F] --points FILE[:LAYER] --out FILE.csv|FILE.gpkg [options]\n"
    "Assigns every point (incident) to the finest grid holding it; one output row per input row, in input order.\n"
    "  --grids FILE[:LAYER]  any GDAL polygon source in any CRS\n"
    "  --id-field F          grid id field (default: code); also --name-field, --level-field, --parent-field\n"
    "  --points FILE[:LAYER] a .csv with coordinate columns, or any GDAL point layer (feature order = row)\n"
    "  --x-field F           CSV coordinate columns, any case (default: lon and lat)\n"
    "  --y-field F\n"
    "  --points-srs CRS      the points' CRS, e.g. EPSG:4549 (default: lon/lat for CSV, the layer's own for GDAL)\n"
    "  --out FILE            .csv, or .gpkg (layer 'assignments' with the input point as geometry); replaced\n"
    "  --keep FIELDS         comma-separated input columns to copy through (named input_NAME if the name is taken)\n"
    "  --threads N           threads for parsing, transforming and locating (default: all cores)\n"
    "  --progress            progress bar on stderr even when stderr is not a terminal (inputs over ~100k rows)\n"
    "Output columns: row (1-based data row or feature), grid, status (inside|outside|invalid), distance_m and\n"
    "nearest (outside: the nearest grid), reason (invalid: empty, unparsable, out of range or malformed, with the\n"
    "column), level, level1..levelN (ancestor codes, when the grids have several levels), then the kept columns.\n"
    "The summary line goes to stdout: 'assigned N rows: I inside, O outside, V invalid, in S s (P points/s) -> OUT';\n"
    "its time counts reading, assigning and writing the points, not loading the grids or building the index.\n";

// [SECTION] progress

namespace {

constexpr std::size_t kChunkRows = 1 << 16;
constexpr double kProgressAboveRows = 100000;

// A one-line progress bar on stderr, redrawn at most ten times a second, for inputs over ~100k rows.
class ProgressBar {
  public:
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}

    void update(std::int64_t rows, double fraction, bool force = false) {
        if (!enabled_) return;
        rows_ = rows;
        fraction_ = fraction;
        const auto now = std::chrono::steady_clock::now();
        if (shown_ && !force && now - last_ < std::chrono::milliseconds(100)) return;
        const double expected = fraction > 0 ? static_cast<double>(rows) / fraction : static_cast<double>(rows);
        if (expected < kProgressAboveRows) return;
        last_ = now;
        shown_ = true;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const int width = 30, filled = fraction >= 0 ? static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width) : 0;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        std::fprintf(stderr, "\r[%s] %3.0f%%  %lld rows  %.0f points/s ", bar.c_str(),
                     fraction >= 0 ? fraction * 100 : 0.0, static_cast<long long>(rows),
                     seconds > 0 ? static_cast<double>(rows) / seconds : 0.0);
        std::fflush(stderr);
    }

    // Draws the final state (when the bar was shown at all) and ends its line.
    void finish() {
        if (!shown_) return;
        update(rows_, fraction_ < 0 ? -1.0 : 1.0, true);
        std::fputc('\n', stderr);
        shown_ = false;
    }

  private:
    bool enabled_;
    bool shown_ = false;
    std::int64_t rows_ = 0;
    double fraction_ = -1;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_;
};

struct Counts {
    std::int64_t rows = 0, inside = 0, outside = 0, invalid = 0;
};

// One chunk on its way through the stages, with what locating found for each row.
struct Slot {
    PointChunk chunk;
    std::vector<GridHit> hits;
    double fraction = -1;  // the part of the input read once this chunk was
};

// The output row for row i of a chunk; counts it.
// Each grid's ancestor codes by level (index level - 1), worked out once instead of once a row.
std::vector<std::vector<const std::string*>> AncestorCodes(const GridSet& grids, int level_columns) {
    std::vector<std::vector<const std::string*>> codes(grids.size());
    for (std::size_t g = 0; g < grids.size() && level_columns > 0; ++g) {
        codes[g].assign(static_cast<std::size_t>(level_columns), nullptr);
        for (std::size_t a : grids.ancestry(g)) {
            const int level = grids[a].level;
            if (level >= 1 && level <= level_columns) codes[g][static_cast<std::size_t>(level - 1)] = &grids[a].code;
        }
    }
    return codes;
}

AssignmentRow MakeRow(const PointChunk& chunk, std::size_t i, const GridHit& hit, const GridSet& grids,
                      const std::vector<std::vector<const std::string*>>& ancestor_codes, Counts& counts) {
    AssignmentRow row;
    row.row = chunk.rows[i];
    row.keep = chunk.kept(i);
    if (!chunk.valid(i)) {
        row.status = "invalid";
        row.reason = chunk.reasons[i];
        ++counts.invalid;
        return row;
    }
    row.has_point = true;
    row.x = chunk.points[i].x;
    row.y = chunk.points[i].y;
    if (hit.inside()) {
        const Grid& g = grids[static_cast<std::size_t>(hit.grid)];
        row.status = "inside";
        row.grid = g.code;
        row.level = g.level;
        const auto& codes = ancestor_codes[static_cast<std::size_t>(hit.grid)];
        for (std::size_t level = 0; level < codes.size(); ++level) {
            if (codes[level]) row.ancestors[level] = *codes[level];
        }
        ++counts.inside;
    } else {
        row.status = "outside";
        if (hit.nearest >= 0) {
            row.nearest = grids[static_cast<std::size_t>(hit.nearest)].code;
            row.distance_m = hit.distance_m;
        }
        ++counts.outside;
    }
    return row;
}

// Checks --out before any work: a known extension, an existing directory, not the points file itself.
Status CheckOutput(const std::string& out, const std::string& points) {
    const std::string ext = std::filesystem::path(out).extension().string();
    if (ext != ".csv" && ext != ".CSV" && ext != ".gpkg" && ext != ".GPKG") {
        return Error{"--out '" + out + "': expected a .csv or .gpkg file"};
    }
    const std::filesystem::path dir = std::filesystem::path(out).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
        return Error{"--out '" + out + "': directory '" + dir.string() + "' does not exist"};
    }
    if (std::filesystem::exists(out, ec) && std::filesystem::equivalent(out, points, ec)) {
        return Error{"--out '" + out + "' is the points file itself"};
    }
    return {};
}

}  // namespace

// [SECTION] the command

int CommandAssign(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kAssignHelp, stdout), 0;
    auto args = Args::Parse(words,
                            {"grids", "id-field", "name-field", "level-field", "parent-field", "points", "x-field",
                             "y-field", "points-srs", "out", "keep", "threads"},
                            {"progress"});
    if (!args) return Fail("assign: " + args.error());
    if (!args->positional().empty()) return Fail("assign: unexpected argument '" + args->positional()[0] + "'");
    for (const char* required : {"grids", "points", "out"}) {
        if (!args->has(required)) return Fail(std::string("assign: --") + required + " FILE is required");
    }
    auto threads_arg = args->integer("threads", 0, 0, 256);
    if (!threads_arg) return Fail("assign: " + threads_arg.error());
    const int threads = threads_arg.value() > 0 ? static_cast<int>(threads_arg.value())
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    // Points first: a wrong file, column or CRS is reported before the grids are read.
    const GridSourceSpec points_arg = ParseSourceArgument(args->get("points"));
    PointSourceSpec point_spec;
    point_spec.path = points_arg.path;
    point_spec.layer = points_arg.layer;
    point_spec.x_field = args->get("x-field", "lon");
    point_spec.y_field = args->get("y-field", "lat");
    point_spec.srs = args->get("points-srs");
    if (args->has("points-srs") && !Crs::FromUserInput(point_spec.srs)) {
        return Fail("assign: --points-srs '" + point_spec.srs + "': unknown CRS");
    }
    if ((args->has("x-field") || args->has("y-field")) && !IsCsvPath(point_spec.path)) {
        return Fail("assign: --x-field/--y-field apply to CSV points; " + point_spec.path + " is read through GDAL");
    }
    const std::string out = args->get("out");
    if (Status s = CheckOutput(out, point_spec.path); !s) return Fail("assign: " + s.error());
    auto source = PointSource::Open(point_spec);
    if (!source) return Fail("assign: " + source.error());
    PointSource& points = *source.value();
    AssignmentSchema schema;
    schema.point_crs = points.crs();
    if (args->has("keep")) {
        auto kept = points.select_keep(SplitList(args->get("keep")));
        if (!kept) return Fail("assign: " + kept.error());
        schema.keep_columns = kept.value();
    }

    // Grids, in the working CRS chosen for them, and the index.
    const GridSourceSpec grid_spec = GridSourceFromArgs(args.value(), args->get("grids"));
    ReadReport report;
    Crs working = Crs::LonLat();
    auto grids_read = ReadGrids(grid_spec, nullptr, &working, &report);
    // The warnings include the count of repaired polygons.
    for (const std::string& w : report.warnings) std::fprintf(stderr, "gridlink: warning: %s\n", w.c_str());
    if (!grids_read) return Fail("assign: " + grids_read.error());
    const GridSet& grids = grids_read.value();
    if (Status s = points.prepare(working, threads); !s) return Fail("assign: " + s.error());
    const GridIndex index = GridIndex::Build(grids);
    int levels_present = 0;
    for (int level = 1; level <= kLevelCount; ++level) levels_present += grids.at_level(level).empty() ? 0 : 1;
    schema.level_columns = levels_present > 1 ? grids.max_level() : 0;
    const auto ancestor_codes = AncestorCodes(grids, schema.level_columns);

    auto created = AssignmentWriter::Create(out, schema);
    if (!created) return Fail("assign: " + created.error());
    std::unique_ptr<AssignmentWriter> writer = std::move(created.value());
    auto fail_and_remove = [&](const std::string& message) {
        writer.reset();
        std::error_code ec;
        std::filesystem::remove(out, ec);
        return Fail("assign: " + message);
    };

    // Stream in three stages that overlap: read chunk k+1 | resolve and locate chunk k over the threads |
    // write chunk k-1. Each stage has its own slot, so no chunk is touched by two stages at once.
    const auto start = std::chrono::steady_clock::now();
    ProgressBar progress(isatty(STDERR_FILENO) || args->has("progress"));
    Counts counts;
    Slot slots[3];
    auto read_into = [&points](Slot& slot) {
        Result<std::size_t> got = points.read(slot.chunk, kChunkRows);
        slot.fraction = points.fraction_read();
        return got;
    };
    auto write_out = [&](const Slot& slot) -> Status {
        const PointChunk& chunk = slot.chunk;
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            if (Status s = writer->write(MakeRow(chunk, i, slot.hits[i], grids, ancestor_codes, counts)); !s) {
                return s;
            }
        }
        counts.rows += static_cast<std::int64_t>(chunk.size());
        progress.update(counts.rows, slot.fraction);
        return {};
    };
    std::future<Result<std::size_t>> reading = std::async(std::launch::async, read_into, std::ref(slots[0]));
    std::future<Status> writing;
    Status written;
    Result<std::size_t> got = Error{""};
    for (std::size_t k = 0;; ++k) {
        got = reading.get();
        if (!got || got.value() == 0) break;
        Slot& slot = slots[k % 3];
        reading = std::async(std::launch::async, read_into, std::ref(slots[(k + 1) % 3]));
        const std::size_t n = slot.chunk.size();
        slot.hits.assign(n, GridHit{});
        const std::size_t runs = std::clamp<std::size_t>(n / 1024, 1, static_cast<std::size_t>(threads));
        ForEachRun(n, runs, [&](std::size_t run, std::size_t begin, std::size_t end) {
            points.resolve(slot.chunk, begin, end, static_cast<int>(run));
            std::vector<Vec2> located;
            std::vector<std::size_t> rows;
            for (std::size_t i = begin; i < end; ++i) {
                if (!slot.chunk.valid(i)) continue;
                located.push_back(slot.chunk.working[i]);
                rows.push_back(i);
            }
            std::vector<GridHit> found(located.size());
            index.locate_many(located, found, 1);
            for (std::size_t j = 0; j < rows.size(); ++j) slot.hits[rows[j]] = found[j];
        });
        if (writing.valid() && !(written = writing.get())) break;
        writing = std::async(std::launch::async, write_out, std::cref(slot));
    }
    if (written && writing.valid()) written = writing.get();
    if (reading.valid()) reading.wait();
    progress.finish();
    if (!written) return fail_and_remove(written.error());
    if (!got) return fail_and_remove(got.error());
    if (Status s = writer->close(); !s) return fail_and_remove(s.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("assigned %lld rows: %lld inside, %lld outside, %lld invalid, in %.2f s (%.0f points/s) -> %s\n",
                static_cast<long long>(counts.rows), static_cast<long long>(counts.inside),
                static_cast<long long>(counts.outside), static_cast<long long>(counts.invalid), seconds,
                seconds > 0 ? static_cast<double>(counts.rows) / seconds : 0.0, out.c_str());
    return 0;
}

}  // namespace gridlink
