// `gridlink check GRIDS`: reads a grid layer, runs the coverage check (engine/coverage_check.h) and reports
// what it found as readable text or, with --json, as one JSON object. Exit 0 clean, 1 findings, 2 bad input.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/workspace.h"
#include "engine/coverage_check.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

// [SECTION] help

static const char* kCheckHelp =
    "gridlink check GRIDS [--id-field F] [--name-field F] [--level-field F] [--parent-field F]\n"
    "                     [--min-area M2] [--json]\n"
    "Validates a grid layer as a coverage. GRIDS is a workspace GeoPackage (layer 'grids') or any GDAL\n"
    "polygon source FILE[:LAYER]. Reports, each with codes, area in m2 and a location (lon/lat and x,y in\n"
    "the working CRS):\n"
    "  invalid geometries in the source (GEOS reason and location, before the reader's repair)\n"
    "  overlaps between grids of the same level (each pair and its area)\n"
    "  gaps: parts of a parent no child covers, and holes inside the extent of the top level\n"
    "  children outside their parent, and parents their children cover less than 100%\n"
    "  duplicate codes (with feature ids) and orphans (a parent_code that names no grid, or a parent\n"
    "  whose level is not the child's level - 1)\n"
    "  --id-field     field holding grid codes (default: code)\n"
    "  --name-field   field holding names (default: name when present)\n"
    "  --level-field  field holding levels 1-5 (default: level when present, else from the code's length)\n"
    "  --parent-field field holding parent codes (default: parent_code when present, else from the code)\n"
    "  --min-area     pieces smaller than this many m2 (default 0.1) are floating-point noise: they are\n"
    "                 counted in the summary as slivers, are not findings and do not change the exit status\n"
    "  --json         print one JSON object (arrays per kind and a summary) instead of text\n"
    "Exit status: 0 nothing found, 1 findings, 2 bad input (the message names the file, layer or field).\n";

// [SECTION] formatting helpers

namespace {

constexpr std::size_t kLinesPerKind = 50;

std::string Format(const char* format, double a, double b = 0, double c = 0, double d = 0) {
    char text[128];
    std::snprintf(text, sizeof text, format, a, b, c, d);
    return text;
}

// A location as the finding reports it: lon/lat and working-CRS x,y.
struct Location {
    Vec2 lonlat;
    Vec2 xy;
    bool has_lonlat = false;
};

class Locator {
  public:
    explicit Locator(const Crs& working) {
        auto t = Transform::Create(working, Crs::LonLat());
        if (t) transform_.emplace_back(std::move(t.value()));
    }
    Location operator()(Vec2 xy) const {
        Location at{xy, xy, false};
        if (!transform_.empty()) at.has_lonlat = transform_.front().apply(at.lonlat);
        return at;
    }

  private:
    std::vector<Transform> transform_;  // empty when no transform to lon/lat exists
};

std::string TextAt(const Location& at) {
    std::string s = "at ";
    if (at.has_lonlat) s += Format("%.7f,%.7f ", at.lonlat.x, at.lonlat.y);
    return s + Format("(x %.2f, y %.2f)", at.xy.x, at.xy.y);
}

std::string TextArea(double m2) {
    if (m2 >= 1e6) return Format("%.1f m² (%.3f km²)", m2, m2 / 1e6);
    if (m2 >= 100) return Format("%.1f m²", m2);
    return Format("%.3f m²", m2);
}

std::string TextPercent(double percent) {
    return percent >= 99.995 && percent < 100 ? Format("%.4f%%", percent) : Format("%.2f%%", percent);
}

std::string Label(const GridSet& grids, std::size_t i) {
    const Grid& g = grids[i];
    return g.name.empty() ? g.code : g.code + " " + g.name;
}

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);  // UTF-8 passes through as it is
        }
    }
    return out + "\"";
}

std::string JsonNumber(double v, const char* format = "%.3f") {
    return std::isfinite(v) ? Format(format, v) : std::string("null");
}

std::string JsonAt(const Location& at) {
    std::string s;
    if (at.has_lonlat) {
        s += "\"lon\":" + JsonNumber(at.lonlat.x, "%.8f") + ",\"lat\":" + JsonNumber(at.lonlat.y, "%.8f") + ",";
    }
    return s + "\"x\":" + JsonNumber(at.xy.x) + ",\"y\":" + JsonNumber(at.xy.y);
}

// Lines of one kind, capped, under a header with the count.
void PrintKind(const char* header, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    std::printf("%s (%zu):\n", header, lines.size());
    for (std::size_t k = 0; k < lines.size() && k < kLinesPerKind; ++k) std::printf("  %s\n", lines[k].c_str());
    if (lines.size() > kLinesPerKind) std::printf("  ... and %zu more\n", lines.size() - kLinesPerKind);
}

// Findings as text lines (readable) and JSON objects (machines), kind by kind.
struct Rendered {
    std::vector<std::string> text;
    std::vector<std::string> json;
};

}  // namespace

// [SECTION] the command

int CommandCheck(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kCheckHelp, stdout), 0;
    auto args = Args::Parse(words, {"id-field", "name-field", "level-field", "parent-field", "min-area"}, {"json"});
    if (!args) return Fail("check: " + args.error());
    if (args->positional().size() != 1) {
        return Fail(args->positional().empty() ? "check: GRIDS (a workspace or FILE[:LAYER]) is required"
                                               : "check: unexpected argument '" + args->positional()[1] + "'");
    }
    CoverageOptions options;
    if (args->has("min-area")) {
        const std::string text = args->get("min-area");
        char* end = nullptr;
        options.min_area_m2 = std::strtod(text.c_str(), &end);
        if (text.empty() || *end || !std::isfinite(options.min_area_m2) || options.min_area_m2 < 0) {
            return Fail("check: --min-area '" + text + "' is not a number of m2 >= 0");
        }
    }
    const bool json = args->has("json");

    const auto start = std::chrono::steady_clock::now();
    const GridSourceSpec spec = GridSourceFromArgs(args.value(), args->positional()[0]);
    ReadReport read_report;
    Crs working = Crs::LonLat();
    auto read = ReadGrids(spec, nullptr, &working, &read_report);
    if (!read) return Fail("check: " + read.error());
    const GridSet& grids = read.value();
    for (const std::string& w : read_report.warnings) {
        // Repairs and duplicates are reported below as findings; other warnings (skipped features) go to stderr.
        if (w.find("repaired") == std::string::npos && w.find(": duplicate ") == std::string::npos) {
            std::fprintf(stderr, "gridlink: warning: %s\n", w.c_str());
        }
    }
    const auto read_done = std::chrono::steady_clock::now();

    CoverageSource source{read_report.invalid_geometries, read_report.feature_ids};
    const CoverageReport report = CheckCoverage(grids, source, options);
    const auto done = std::chrono::steady_clock::now();
    const double read_s = std::chrono::duration<double>(read_done - start).count();
    const double check_s = std::chrono::duration<double>(done - read_done).count();

    // [SECTION] findings, kind by kind
    const Locator locate(working);
    auto code_json = [&](std::int64_t i) { return i < 0 ? std::string("null") : JsonString(grids[i].code); };

    Rendered invalid, overlaps, gaps, outside, incomplete, duplicates, orphans;
    for (const InvalidGeometry& g : report.invalid_geometries) {
        const Location at = locate(g.at);
        const std::string fid = g.feature_id >= 0 ? " (feature " + std::to_string(g.feature_id) + ")" : "";
        invalid.text.push_back(g.code + fid + ": " + g.reason + " " + TextAt(at));
        invalid.json.push_back("{\"code\":" + JsonString(g.code) +
                               ",\"feature_id\":" + (g.feature_id >= 0 ? std::to_string(g.feature_id) : "null") +
                               ",\"reason\":" + JsonString(g.reason) + "," + JsonAt(at) + "}");
    }
    for (const Overlap& o : report.overlaps) {
        const Location at = locate(o.at);
        overlaps.text.push_back(Label(grids, o.a) + " overlaps " + Label(grids, o.b) + ": " + TextArea(o.area_m2) +
                                " " + TextAt(at));
        overlaps.json.push_back("{\"level\":" + std::to_string(o.level) + ",\"code_a\":" + code_json(o.a) +
                                ",\"code_b\":" + code_json(o.b) + ",\"area_m2\":" + JsonNumber(o.area_m2) + "," +
                                JsonAt(at) + "}");
    }
    for (const Gap& g : report.gaps) {
        const Location at = locate(g.at);
        const std::string where = g.parent >= 0 ? "inside " + Label(grids, g.parent) + ", not covered by its children"
                                                : "inside the extent of the level-" + std::to_string(g.level) +
                                                      " grids, a hole no grid covers";
        gaps.text.push_back(where + ": " + TextArea(g.area_m2) + " " + TextAt(at));
        gaps.json.push_back("{\"parent_code\":" + code_json(g.parent) + ",\"level\":" + std::to_string(g.level) +
                            ",\"area_m2\":" + JsonNumber(g.area_m2) + "," + JsonAt(at) + "}");
    }
    for (const OutsideParent& o : report.outside_parent) {
        const Location at = locate(o.at);
        const std::string who = o.child >= 0 ? Label(grids, o.child) : std::string("a child");
        outside.text.push_back(who + " lies outside its parent " + Label(grids, o.parent) + ": " + TextArea(o.area_m2) +
                               " " + TextAt(at));
        outside.json.push_back("{\"code\":" + code_json(o.child) + ",\"parent_code\":" + code_json(o.parent) +
                               ",\"area_m2\":" + JsonNumber(o.area_m2) + "," + JsonAt(at) + "}");
    }
    for (const IncompleteParent& p : report.incomplete_parents) {
        incomplete.text.push_back(Label(grids, p.parent) + ": children cover " + TextPercent(p.percent()) +
                                  " of parent (" + TextArea(p.parent_area_m2 - p.covered_m2) + " uncovered)");
        incomplete.json.push_back("{\"code\":" + code_json(p.parent) +
                                  ",\"children_cover_percent\":" + JsonNumber(p.percent(), "%.6f") +
                                  ",\"parent_area_m2\":" + JsonNumber(p.parent_area_m2) +
                                  ",\"uncovered_m2\":" + JsonNumber(p.parent_area_m2 - p.covered_m2) + "}");
    }
    for (const DuplicateCode& d : report.duplicate_codes) {
        std::string ids, ids_json;
        for (std::size_t k = 0; k < d.feature_ids.size(); ++k) {
            ids += (k ? ", " : "") + std::to_string(d.feature_ids[k]);
            ids_json += (k ? "," : "") + std::to_string(d.feature_ids[k]);
        }
        duplicates.text.push_back(d.code + ": " + std::to_string(d.grids.size()) + " grids" +
                                  (ids.empty() ? "" : " (features " + ids + ")"));
        duplicates.json.push_back("{\"code\":" + JsonString(d.code) + ",\"count\":" + std::to_string(d.grids.size()) +
                                  ",\"feature_ids\":[" + ids_json + "]}");
    }
    for (const Orphan& o : report.orphans) {
        const Grid& g = grids[o.grid];
        std::string why;
        if (o.parent < 0) {
            why = "parent_code '" + g.parent_code + "' names no grid";
        } else if (static_cast<std::size_t>(o.parent) == o.grid) {
            why = "parent_code names the grid itself";
        } else {
            why = "parent " + g.parent_code + " is level " + std::to_string(o.parent_level) + ", expected " +
                  std::to_string(g.level - 1);
        }
        orphans.text.push_back(Label(grids, o.grid) + " (level " + std::to_string(g.level) + "): " + why);
        orphans.json.push_back("{\"code\":" + JsonString(g.code) + ",\"level\":" + std::to_string(g.level) +
                               ",\"parent_code\":" + JsonString(g.parent_code) + ",\"reason\":" + JsonString(why) +
                               "}");
    }

    // [SECTION] output
    const std::size_t findings = report.finding_count();
    const std::string slivers = std::to_string(report.slivers_ignored) + " sliver" +
                                (report.slivers_ignored == 1 ? "" : "s") + " below " +
                                Format("%g", options.min_area_m2) + " m² ignored";
    if (json) {
        auto array = [](const Rendered& r) {
            std::string s = "[";
            for (std::size_t k = 0; k < r.json.size(); ++k) s += (k ? ",\n  " : "\n  ") + r.json[k];
            return s + (r.json.empty() ? "]" : "\n ]");
        };
        std::printf(
            "{\"source\":%s,\"layer\":%s,\"crs\":%s,\"grids\":%zu,\"min_area_m2\":%s,\n"
            " \"invalid_geometries\":%s,\n \"overlaps\":%s,\n \"gaps\":%s,\n \"outside_parent\":%s,\n"
            " \"incomplete_parents\":%s,\n \"duplicate_codes\":%s,\n \"orphans\":%s,\n"
            " \"summary\":{\"findings\":%zu,\"invalid_geometries\":%zu,\"overlaps\":%zu,\"gaps\":%zu,"
            "\"outside_parent\":%zu,\"incomplete_parents\":%zu,\"duplicate_codes\":%zu,\"orphans\":%zu,"
            "\"slivers_ignored\":%zu,\"sliver_area_m2\":%s,\"read_seconds\":%.3f,\"check_seconds\":%.3f}}\n",
            JsonString(spec.path).c_str(), JsonString(spec.layer).c_str(), JsonString(working.name()).c_str(),
            grids.size(), JsonNumber(options.min_area_m2, "%g").c_str(), array(invalid).c_str(),
            array(overlaps).c_str(), array(gaps).c_str(), array(outside).c_str(), array(incomplete).c_str(),
            array(duplicates).c_str(), array(orphans).c_str(), findings, report.invalid_geometries.size(),
            report.overlaps.size(), report.gaps.size(), report.outside_parent.size(), report.incomplete_parents.size(),
            report.duplicate_codes.size(), report.orphans.size(), report.slivers_ignored,
            JsonNumber(report.sliver_area_m2, "%.6f").c_str(), read_s, check_s);
    } else {
        std::printf("checking %s: %zu grids, levels up to %d, working CRS %s\n", spec.path.c_str(), grids.size(),
                    grids.max_level(), working.name().c_str());
        PrintKind("invalid geometries in the source", invalid.text);
        PrintKind("overlaps between grids of the same level", overlaps.text);
        PrintKind("gaps", gaps.text);
        PrintKind("children outside their parent", outside.text);
        PrintKind("parents not covered by their children", incomplete.text);
        PrintKind("duplicate codes", duplicates.text);
        PrintKind("orphans", orphans.text);
        std::printf(
            "%s: %zu invalid, %zu overlaps, %zu gaps, %zu outside parent, %zu parents not covered, %zu duplicate "
            "codes, %zu orphans; %s; read in %.2f s, checked in %.2f s\n",
            findings == 0 ? "no problems found" : "summary", report.invalid_geometries.size(), report.overlaps.size(),
            report.gaps.size(), report.outside_parent.size(), report.incomplete_parents.size(),
            report.duplicate_codes.size(), report.orphans.size(), slivers.c_str(), read_s, check_s);
    }
    return findings == 0 ? 0 : 1;
}

}  // namespace gridlink
