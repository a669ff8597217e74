// `gridlink init WORKSPACE.gpkg`: a workspace from a district's own data. Grids from one layer or one layer
// per level (parents found by containment), in any GDAL source and CRS, checked as a coverage on the way in;
// resources from a CSV or GDAL point source; roads from any GDAL line source (an OpenStreetMap extract too).
// Prints what it found and refuses only what cannot be used, with the reason.
#include <geos_c.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "data/point_source.h"
#include "data/road_source.h"
#include "data/workspace.h"
#include "engine/china_offsets.h"
#include "engine/coverage_check.h"
#include "engine/geos_bridge.h"
#include "engine/resource_kinds.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

// [SECTION] help

static const char* kInitHelp =
    "gridlink init WORKSPACE.gpkg GRIDS [RESOURCES] [ROADS] [--force] [--min-area M2]\n"
    "Writes a new workspace from a district's own data; serve, cases, report and the seats open it as they\n"
    "open the demo. Sources are any GDAL source FILE[:LAYER] in any CRS; the working CRS is the grids' own\n"
    "when projected in metres, else the UTM zone around their centre.\n"
    "GRIDS, one layer:\n"
    "  --grids FILE[:LAYER] --code-field F [--name-field F] [--level-field F [--parent-field F]]\n"
    "      without --level-field every grid is level 1; with it and without --parent-field parents are\n"
    "      found by containment as below\n"
    "GRIDS, one layer per level (from --level1, without gaps between levels):\n"
    "  --level1 FILE[:LAYER] [--level2 FILE[:LAYER] ... --level5 FILE[:LAYER]] --code-field F [--name-field F]\n"
    "      a grid's parent is the grid of the level above that holds the largest part of it (GEOS); a\n"
    "      boundary that does not quite match is tolerated. Reported: no parent (no overlap at all) and\n"
    "      ambiguous parents (the best holds less than 50% of the grid, or a second one holds 5% or more)\n"
    "  --srs gcj02|bd09  the grids' lon/lat are in a Chinese web map's offset coordinates (AMap/Tencent,\n"
    "      Baidu): moved to WGS84 by the published transforms' iterative inverses (engine/china_offsets.h)\n"
    "RESOURCES (a CSV, or any GDAL point layer FILE[:LAYER]):\n"
    "  --resources FILE --resource-id-field F --resource-name-field F --resource-kind-field F\n"
    "  [--resource-status-field F] [--resource-home-field F] [--x-field F --y-field F]\n"
    "  [--points-srs CRS|gcj02|bd09]\n"
    "      kinds: grid_worker, volunteer, patrol_vehicle, service_station, camera (or their English or\n"
    "      Chinese names, any case); statuses: available (default), busy, off_duty. A row that cannot be\n"
    "      used (unknown kind, bad coordinates, no id, a repeated id) is refused and listed by row number.\n"
    "      The home grid, when absent, is the finest grid holding the resource; resources outside every\n"
    "      grid are kept and listed. CSV coordinates default to columns lon/lat in WGS84.\n"
    "ROADS:\n"
    "  --roads FILE[:LAYER]  any GDAL line source; an .osm/.osm.pbf extract reads layer 'lines' and keeps\n"
    "      highway = motorway, trunk, primary (arterial), secondary, tertiary (secondary), residential,\n"
    "      unclassified, living_street, service (local), each with its _link ramps; it drops footway, path,\n"
    "      cycleway, steps, pedestrian, track and every other value. Other sources: a `highway` field by the\n"
    "      same rule, else a `kind` field (arterial, secondary, local), else local.\n"
    "  --force        replace an existing WORKSPACE (its event log is lost)\n"
    "  --min-area M2  coverage pieces smaller than this are slivers, not findings (default 0.1)\n"
    "Refused (exit 2, nothing written): unreadable sources, missing fields, repeated grid codes, no usable\n"
    "grids. Everything else is written and reported; `gridlink check WORKSPACE` locates each finding.\n";

namespace {

// [SECTION] grids

constexpr double kParentShare = 0.5;      // below this share of a child inside its best parent: ambiguous
constexpr double kSecondShare = 0.05;     // a second parent holding this share or more: ambiguous
constexpr double kNoOverlapShare = 1e-9;  // less than this: no parent at all

struct ParentFindings {
    std::vector<std::string> missing;    // "CODE (level L): ..."
    std::vector<std::string> ambiguous;  // "CODE: 62% in A, 38% in B"
};

std::string Percent(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", share * 100);
    return text;
}

// Sets the parent_code of every grid above level 1 to the grid of the level above holding the largest part
// of it. Grids of one level never look further up than the level right above.
void FindParentsByContainment(std::vector<Grid>& grids, ParentFindings& findings) {
    GeosContext geos;
    GEOSContextHandle_t h = geos.handle();
    std::vector<GeosGeometry> shapes;
    shapes.reserve(grids.size());
    for (const Grid& g : grids) shapes.push_back(ToGeos(geos, g.shape));
    std::vector<const GEOSPreparedGeometry*> prepared(grids.size(), nullptr);
    auto prepare = [&](std::size_t i) {
        if (!prepared[i] && shapes[i]) prepared[i] = GEOSPrepare_r(h, shapes[i].get());
        return prepared[i];
    };
    for (std::size_t c = 0; c < grids.size(); ++c) {
        Grid& child = grids[c];
        if (child.level <= 1) {
            child.parent_code.clear();
            continue;
        }
        child.parent_code.clear();
        struct Share {
            double share;
            std::size_t parent;
        };
        std::vector<Share> shares;
        const double child_area = child.area_m2 > 0 ? child.area_m2 : Area(child.shape);
        for (std::size_t p = 0; p < grids.size(); ++p) {
            const Grid& parent = grids[p];
            if (parent.level != child.level - 1 || !parent.bounds.intersects(child.bounds) || !shapes[c]) continue;
            const GEOSPreparedGeometry* pp = prepare(p);
            if (pp && GEOSPreparedCovers_r(h, pp, shapes[c].get()) == 1) {
                shares = {{1.0, p}};
                break;
            }
            if (pp && GEOSPreparedIntersects_r(h, pp, shapes[c].get()) != 1) continue;
            GeosGeometry common = MakeGeos(geos, GEOSIntersection_r(h, shapes[p].get(), shapes[c].get()));
            double area = 0;
            if (common) GEOSArea_r(h, common.get(), &area);
            if (child_area > 0 && area / child_area >= kNoOverlapShare) shares.push_back({area / child_area, p});
        }
        std::sort(shares.begin(), shares.end(), [](const Share& a, const Share& b) { return a.share > b.share; });
        const std::string label = child.code + " (level " + std::to_string(child.level) + ")";
        if (shares.empty()) {
            findings.missing.push_back(label + ": no level-" + std::to_string(child.level - 1) + " grid overlaps it");
            continue;
        }
        child.parent_code = grids[shares[0].parent].code;
        if (shares[0].share < kParentShare || (shares.size() > 1 && shares[1].share >= kSecondShare)) {
            std::string line = label + ": " + Percent(shares[0].share) + " in " + child.parent_code + " (chosen)";
            for (std::size_t k = 1; k < shares.size() && k < 4; ++k) {
                line += ", " + Percent(shares[k].share) + " in " + grids[shares[k].parent].code;
            }
            findings.ambiguous.push_back(line);
        }
    }
    for (const GEOSPreparedGeometry* p : prepared) {
        if (p) GEOSPreparedGeom_destroy_r(h, p);
    }
}

GridSet MakeGridSet(std::vector<Grid> grids) {
    GridSet set;
    for (Grid& g : grids) set.add(std::move(g));
    set.finish();
    return set;
}

struct GridsRead {
    GridSet grids;
    Crs working = Crs::LonLat();
    CoverageSource source;
    std::vector<std::string> warnings;
    ParentFindings parents;
    std::string parents_from;  // how parents were found, for the report
};

GridSourceSpec SpecFor(const Args& args, const std::string& source) {
    GridSourceSpec spec = ParseSourceArgument(source);
    spec.id_field = args.get("code-field");
    spec.name_field = args.get("name-field");
    spec.level_field = args.get("level-field");
    spec.parent_field = args.get("parent-field");
    return spec;
}

// Moves grids read as lon/lat in a Chinese web map's offset coordinates to WGS84, then to the working CRS
// chosen for their extent.
Status UndoChineseOffset(ChineseSrs srs, std::vector<Grid>& all, Crs& working) {
    Box bounds;
    for (Grid& g : all) {
        for (Polygon& polygon : g.shape) {
            auto undo = [&](Ring& ring) {
                for (Vec2& p : ring) {
                    const LonLat wgs = ToWgs84(srs, {p.x, p.y});
                    p = {wgs.lon, wgs.lat};
                    bounds.extend(p);
                }
            };
            undo(polygon.outer);
            for (Ring& hole : polygon.holes) undo(hole);
        }
    }
    working = ChooseWorkingCrs(Crs::LonLat(), bounds);
    auto transform = Transform::Create(Crs::LonLat(), working);
    if (!transform) return Error{transform.error()};
    for (Grid& g : all) {
        if (!transform->apply(g.shape)) return Error{"grid " + g.code + ": cannot be transformed to " + working.name()};
    }
    // Bounds and areas in the working CRS, as GridSet::add computes them.
    GridSet set;
    for (Grid& g : all) set.add(std::move(g));
    all = set.grids();
    return {};
}

Result<GridsRead> ReadInitGrids(const Args& args, std::optional<ChineseSrs> offset) {
    GridsRead out;
    const Crs lonlat = Crs::LonLat();
    std::vector<Grid> all;
    bool containment = false;
    auto take = [&](const GridSet& set, const ReadReport& report, int fixed_level) {
        for (const std::string& w : report.warnings) out.warnings.push_back(w);
        for (const InvalidGeometry& g : report.invalid_geometries) out.source.invalid_geometries.push_back(g);
        for (std::size_t i = 0; i < set.size(); ++i) {
            Grid g = set[i];
            if (fixed_level > 0) {
                g.level = fixed_level;
                g.parent_code.clear();
            }
            all.push_back(std::move(g));
            out.source.feature_ids.push_back(i < report.feature_ids.size() ? report.feature_ids[i] : -1);
        }
    };
    if (args.has("grids")) {
        for (int level = 1; level <= kLevelCount; ++level) {
            if (args.has("level" + std::to_string(level))) {
                return Error{"--grids and --level" + std::to_string(level) + " are two ways of giving grids: use one"};
            }
        }
        GridSourceSpec spec = SpecFor(args, args.get("grids"));
        const bool levels = args.has("level-field");
        if (!levels && args.has("parent-field")) return Error{"--parent-field needs --level-field"};
        ReadReport report;
        auto set = ReadGrids(spec, offset ? &lonlat : nullptr, &out.working, &report);
        if (!set) return Error{set.error()};
        take(set.value(), report, levels ? 0 : 1);
        containment = levels && !args.has("parent-field");
        out.parents_from = !levels                    ? "one level: no parents"
                           : args.has("parent-field") ? "parents from field '" + spec.parent_field + "'"
                                                      : "parents found by containment";
    } else {
        int last = 0;
        for (int level = 1; level <= kLevelCount; ++level) {
            const std::string option = "level" + std::to_string(level);
            if (!args.has(option)) continue;
            if (level != last + 1) {
                return Error{"--" + option + " given without --level" + std::to_string(last + 1) +
                             ": levels start at 1 and have no gaps"};
            }
            last = level;
            GridSourceSpec spec = SpecFor(args, args.get(option));
            ReadReport report;
            auto set = ReadGrids(spec,
                                 offset       ? &lonlat
                                 : level == 1 ? nullptr
                                              : &out.working,
                                 level == 1 ? &out.working : nullptr, &report);
            if (!set) return Error{"--" + option + ": " + set.error()};
            take(set.value(), report, level);
        }
        if (last == 0) return Error{"grids are required: --grids FILE[:LAYER] or --level1 FILE[:LAYER] ..."};
        containment = last > 1;
        out.parents_from = last > 1 ? "parents found by containment" : "one level: no parents";
    }
    if (offset) {
        if (Status s = UndoChineseOffset(*offset, all, out.working); !s) return Error{s.error()};
    }
    if (containment) {
        // Bounds and areas are set by GridSet::add; the grids read so far have them.
        FindParentsByContainment(all, out.parents);
    }
    out.grids = MakeGridSet(std::move(all));
    // A repeated code cannot be used: events, resources and reports name grids by code.
    std::map<std::string, int> seen;
    std::string repeated;
    int repeated_count = 0;
    for (const Grid& g : out.grids.grids()) {
        if (++seen[g.code] == 2 && ++repeated_count <= 10) {
            if (!repeated.empty()) repeated += ", ";
            repeated.append("'").append(g.code).append("'");
        }
    }
    if (repeated_count > 0) {
        return Error{"grid codes must be unique (field '" + args.get("code-field") + "'); " +
                     std::to_string(repeated_count) + " repeated: " + repeated + (repeated_count > 10 ? ", ..." : "")};
    }
    return out;
}

// [SECTION] resources

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

// A kind as a source may write it: the workspace code, or the English or Chinese name, any ASCII case.
std::optional<ResourceKind> KindFromText(const std::string& text) {
    const std::string t = Lower(text);
    for (int i = 0; i < kResourceKindCount; ++i) {
        const ResourceKindInfo& k = kResourceKinds[i];
        if (t == k.code || t == Lower(std::string(k.name_en)) || t == k.name_zh) return static_cast<ResourceKind>(i);
    }
    return std::nullopt;
}

std::optional<ResourceStatus> StatusFromText(const std::string& text) {
    const std::string t = Lower(text);
    if (t.empty()) return ResourceStatus::kAvailable;
    for (int i = 0; i < kResourceStatusCount; ++i) {
        const ResourceStatusInfo& s = kResourceStatuses[i];
        if (t == s.code || t == Lower(std::string(s.name_en)) || t == s.name_zh) {
            return static_cast<ResourceStatus>(i);
        }
    }
    return std::nullopt;
}

std::string KindCodes() {
    std::string s;
    for (int i = 0; i < kResourceKindCount; ++i) s.append(i ? ", " : "").append(kResourceKinds[i].code);
    return s;
}

struct ResourcesRead {
    std::vector<Resource> resources;
    std::vector<std::string> refused;  // "FILE row N: field 'F': why"
    std::map<std::string, int> unknown_kinds;
    std::vector<std::string> outside;  // "ID at x,y: nearest grid CODE, D m"
    std::size_t homes_found = 0;
    std::size_t rows = 0;
};

Result<ResourcesRead> ReadInitResources(const Args& args, const World& world) {
    const GridSourceSpec where_spec = ParseSourceArgument(args.get("resources"));
    PointSourceSpec spec;
    spec.path = where_spec.path;
    spec.layer = where_spec.layer;
    if (IsCsvPath(spec.path)) {
        spec.x_field = args.get("x-field", "lon");
        spec.y_field = args.get("y-field", "lat");
    } else if (args.has("x-field") || args.has("y-field")) {
        return Error{"--x-field/--y-field apply to CSV resources; " + spec.path + " is read through GDAL"};
    }
    // GCJ-02/BD-09 points are read as lon/lat, then moved to WGS84 here (china_offsets.h).
    const std::optional<ChineseSrs> offset = ParseChineseSrs(args.get("points-srs"));
    spec.srs = offset ? std::string() : args.get("points-srs");
    if (args.has("points-srs") && !offset && !Crs::FromUserInput(spec.srs)) {
        return Error{"--points-srs '" + spec.srs + "': unknown CRS"};
    }
    auto opened = PointSource::Open(spec);
    if (!opened) return Error{opened.error()};
    PointSource& source = *opened.value();

    // The columns: id, name and kind required, status and home optional.
    const char* options[] = {"resource-id-field", "resource-name-field", "resource-kind-field", "resource-status-field",
                             "resource-home-field"};
    std::vector<std::string> names;
    for (int k = 0; k < 5; ++k) {
        if (!args.has(options[k])) {
            if (k < 3) return Error{std::string("--resources needs --") + options[k]};
            continue;
        }
        const std::string field = args.get(options[k]);
        if (FindColumn(source.columns(), field) < 0) {
            std::string columns;
            for (const std::string& c : source.columns()) columns.append(columns.empty() ? "" : ", ").append(c);
            return Error{source.where() + ": no field '" + field + "' for --" + options[k] + " (fields: " + columns +
                         ")"};
        }
        names.push_back(field);
    }
    auto kept = source.select_keep(names);
    if (!kept) return Error{kept.error()};
    const bool has_status = args.has("resource-status-field"), has_home = args.has("resource-home-field");
    const std::size_t status_column = 3, home_column = has_status ? 4 : 3;
    if (Status s = source.prepare(offset ? Crs::LonLat() : world.crs, 1); !s) return Error{s.error()};
    auto from_wgs84 = Transform::Create(Crs::LonLat(), world.crs);
    if (!from_wgs84) return Error{from_wgs84.error()};

    ResourcesRead out;
    std::unordered_map<std::string, std::int64_t> ids;  // id -> row
    PointChunk chunk;
    const std::string file = spec.path;
    for (;;) {
        auto got = source.read(chunk, 65536);
        if (!got) return Error{got.error()};
        if (got.value() == 0) break;
        source.resolve(chunk, 0, chunk.size(), 0);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            ++out.rows;
            std::string row = file;
            row.append(" row ").append(std::to_string(chunk.rows[i])).append(": ");
            if (!chunk.valid(i)) {
                out.refused.push_back(row + chunk.reasons[i]);
                continue;
            }
            const std::string* v = chunk.kept(i);
            Resource r;
            r.id = v[0];
            r.name = v[1];
            if (r.id.empty()) {
                out.refused.push_back(row + "field '" + names[0] + "': empty id");
                continue;
            }
            const auto kind = KindFromText(v[2]);
            if (!kind) {
                out.unknown_kinds[v[2]]++;
                out.refused.push_back(row + "field '" + names[2] + "': unknown kind '" + v[2] +
                                      "' (known: " + KindCodes() + ")");
                continue;
            }
            r.kind = *kind;
            if (has_status) {
                const auto status = StatusFromText(v[status_column]);
                if (!status) {
                    out.refused.push_back(row + "field '" + names[status_column] + "': unknown status '" +
                                          v[status_column] + "' (known: " + std::string(kResourceStatusCodes) + ")");
                    continue;
                }
                r.status = *status;
            }
            if (auto [it, fresh] = ids.emplace(r.id, chunk.rows[i]); !fresh) {
                out.refused.push_back(row + "field '" + names[0] + "': id '" + r.id + "' repeats row " +
                                      std::to_string(it->second));
                continue;
            }
            r.position = chunk.working[i];
            if (offset) {
                const LonLat wgs = ToWgs84(*offset, {r.position.x, r.position.y});
                r.position = {wgs.lon, wgs.lat};
                if (!from_wgs84->apply(r.position)) {
                    out.refused.push_back(row + "cannot be transformed to " + world.crs.name());
                    ids.erase(r.id);
                    continue;
                }
            }
            const GridHit hit = world.grid_index->locate(r.position);
            if (has_home && !v[home_column].empty()) {
                r.home_grid = v[home_column];
                if (world.grids.find(r.home_grid) < 0) {
                    out.refused.push_back(row + "field '" + names[home_column] + "': home grid '" + r.home_grid +
                                          "' is no grid's code");
                    ids.erase(r.id);
                    continue;
                }
            } else if (hit.inside()) {
                r.home_grid = world.grids[static_cast<std::size_t>(hit.grid)].code;
                ++out.homes_found;
            }
            if (!hit.inside()) {
                char at[96];
                std::snprintf(at, sizeof at, " at x %.1f, y %.1f", r.position.x, r.position.y);
                std::string line = r.id + at;
                if (hit.nearest >= 0) {
                    char distance[48];
                    std::snprintf(distance, sizeof distance, ", %.0f m", hit.distance_m);
                    line.append(": nearest grid ").append(world.grids[static_cast<std::size_t>(hit.nearest)].code);
                    line += distance;
                }
                out.outside.push_back(line);
            }
            out.resources.push_back(std::move(r));
        }
    }
    return out;
}

// [SECTION] report

void PrintLines(const char* header, const std::vector<std::string>& lines, std::size_t cap = 20) {
    if (lines.empty()) return;
    std::printf("%s (%zu):\n", header, lines.size());
    for (std::size_t k = 0; k < lines.size() && k < cap; ++k) std::printf("  %s\n", lines[k].c_str());
    if (lines.size() > cap) std::printf("  ... and %zu more\n", lines.size() - cap);
}

}  // namespace

// [SECTION] the command

int CommandInit(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kInitHelp, stdout), 0;
    std::set<std::string> valued = {"grids",
                                    "code-field",
                                    "name-field",
                                    "level-field",
                                    "parent-field",
                                    "srs",
                                    "resources",
                                    "resource-id-field",
                                    "resource-name-field",
                                    "resource-kind-field",
                                    "resource-status-field",
                                    "resource-home-field",
                                    "x-field",
                                    "y-field",
                                    "points-srs",
                                    "roads",
                                    "min-area"};
    for (int level = 1; level <= kLevelCount; ++level) valued.insert("level" + std::to_string(level));
    auto args = Args::Parse(words, valued, {"force"});
    if (!args) return Fail("init: " + args.error());
    if (args->positional().size() != 1) {
        return Fail(args->positional().empty() ? "init: WORKSPACE.gpkg (the file to write) is required"
                                               : "init: unexpected argument '" + args->positional()[1] + "'");
    }
    const std::string out = args->positional()[0];
    if (std::filesystem::exists(out) && !args->has("force")) {
        return Fail("init: " + out + " exists (--force replaces it, and its event log with it)");
    }
    if (!args->has("code-field")) return Fail("init: --code-field F (the field holding grid codes) is required");
    std::optional<ChineseSrs> offset;
    if (args->has("srs")) {
        offset = ParseChineseSrs(args->get("srs"));
        if (!offset) {
            return Fail("init: --srs '" + args->get("srs") +
                        "' is not gcj02 or bd09 (other CRSs come from the source itself)");
        }
    }
    CoverageOptions coverage_options;
    if (args->has("min-area")) {
        const std::string text = args->get("min-area");
        char* end = nullptr;
        coverage_options.min_area_m2 = std::strtod(text.c_str(), &end);
        if (text.empty() || *end || !std::isfinite(coverage_options.min_area_m2) || coverage_options.min_area_m2 < 0) {
            return Fail("init: --min-area '" + text + "' is not a number of m2 >= 0");
        }
    }
    const auto start = std::chrono::steady_clock::now();

    // Grids, checked.
    auto grids = ReadInitGrids(args.value(), offset);
    if (!grids) return Fail("init: " + grids.error());
    for (const std::string& w : grids->warnings) std::fprintf(stderr, "gridlink: warning: %s\n", w.c_str());
    World world;
    world.crs = grids->working;
    world.grids = std::move(grids->grids);
    const CoverageReport coverage = CheckCoverage(world.grids, grids->source, coverage_options);
    // The grid index finds home grids; the workspace does not store it, so it is built only for resources.
    if (args->has("resources")) IndexGrids(world);

    // Resources and roads.
    ResourcesRead resources;
    if (args->has("resources")) {
        auto read = ReadInitResources(args.value(), world);
        if (!read) return Fail("init: --resources: " + read.error());
        resources = std::move(read.value());
        world.resources = std::move(resources.resources);
    } else {
        for (const char* option : {"resource-id-field", "resource-name-field", "resource-kind-field", "x-field",
                                   "y-field", "points-srs", "resource-status-field", "resource-home-field"}) {
            if (args->has(option)) return Fail(std::string("init: --") + option + " needs --resources FILE");
        }
    }
    RoadReadReport roads_report;
    if (args->has("roads")) {
        const GridSourceSpec roads_spec = ParseSourceArgument(args->get("roads"));
        auto roads = ReadRoadSource(roads_spec.path, roads_spec.layer, world.crs, &roads_report);
        if (!roads) return Fail("init: --roads: " + roads.error());
        world.roads = std::move(roads.value());
    }

    if (Status s = WriteWorkspace(out, world); !s) return Fail("init: " + s.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // [SECTION] the report
    int per_level[kLevelCount + 1] = {};
    for (const Grid& g : world.grids.grids()) per_level[std::clamp(g.level, 0, kLevelCount)]++;
    std::string levels;
    for (int level = 1; level <= kLevelCount; ++level) {
        if (per_level[level] == 0) continue;
        levels.append(levels.empty() ? "" : ", ").append("level ").append(std::to_string(level)).append(": ");
        levels.append(std::to_string(per_level[level]));
    }
    std::printf("wrote %s in %.2f s, working CRS %s\n", out.c_str(), seconds, world.crs.name().c_str());
    std::printf("grids: %zu (%s); %s\n", world.grids.size(), levels.c_str(), grids->parents_from.c_str());
    std::printf(
        "coverage: %zu repaired geometries, %zu overlaps, %zu gaps, %zu outside their parent, %zu parents not "
        "covered, %zu orphans, %zu slivers ignored%s\n",
        coverage.invalid_geometries.size(), coverage.overlaps.size(), coverage.gaps.size(),
        coverage.outside_parent.size(), coverage.incomplete_parents.size(), coverage.orphans.size(),
        coverage.slivers_ignored,
        coverage.finding_count() > 0 ? std::string(" (gridlink check " + out + " locates each)").c_str() : "");
    PrintLines("grids with no parent", grids->parents.missing);
    PrintLines("ambiguous parents", grids->parents.ambiguous);
    if (args->has("resources")) {
        int per_kind[kResourceKindCount] = {};
        for (const Resource& r : world.resources) per_kind[static_cast<int>(r.kind)]++;
        std::string kinds;
        for (int k = 0; k < kResourceKindCount; ++k) {
            if (per_kind[k] == 0) continue;
            kinds.append(kinds.empty() ? "" : ", ").append(kResourceKinds[k].code).append(" ");
            kinds.append(std::to_string(per_kind[k]));
        }
        std::printf("resources: %zu of %zu rows (%s); %zu home grids found by location, %zu outside every grid\n",
                    world.resources.size(), resources.rows, kinds.empty() ? "none" : kinds.c_str(),
                    resources.homes_found, resources.outside.size());
        std::vector<std::string> unknown;
        for (const auto& [kind, count] : resources.unknown_kinds) {
            std::string line = "'";
            line.append(kind).append("': ").append(std::to_string(count)).append(count == 1 ? " row" : " rows");
            unknown.push_back(line);
        }
        PrintLines("unknown resource kinds", unknown);
        PrintLines("resource rows refused", resources.refused);
        PrintLines("resources outside every grid", resources.outside);
    }
    if (args->has("roads")) {
        std::printf(
            "roads: %zu kept from %zu features of layer '%s' (%zu dropped by the highway rule, %zu without "
            "a line)\n",
            roads_report.kept, roads_report.features, roads_report.layer.c_str(), roads_report.dropped_kind,
            roads_report.no_geometry);
    }
    return 0;
}

}  // namespace gridlink
