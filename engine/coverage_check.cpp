// Validating a grid layer as a coverage: same-level overlaps by a sorted-bounds sweep and prepared
// geometries, gaps and strays by unions of each parent's children, holes in the extent of each top level,
// duplicate codes and orphans. All GEOS work runs over the cores with one GEOS context per thread.
#include "coverage_check.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "geos_bridge.h"
#include "parallel.h"

namespace gridlink {

// [SECTION] GEOS helpers

namespace {

struct Piece {
    double area = 0;
    Vec2 at;
};

double AreaOf(GeosContext& geos, const GEOSGeometry* g) {
    double area = 0;
    if (g) GEOSArea_r(geos.handle(), g, &area);
    return area;
}

// Every polygon of g (Polygon, MultiPolygon or collection) as a piece with its area and a point on it.
void CollectPieces(GeosContext& geos, const GEOSGeometry* g, std::vector<Piece>& out) {
    if (!g) return;
    const auto h = geos.handle();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g)) return;
        out.push_back({AreaOf(geos, g), PointOnSurface(geos, g).value_or(Vec2{})});
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) CollectPieces(geos, GEOSGetGeometryN_r(h, g, i), out);
    }
}

// Slivers found by one unit of work, merged into the report at the end.
struct Slivers {
    std::size_t count = 0;
    double area = 0;
    void add(double a) {
        ++count;
        area += a;
    }
};

// Runs work(item) for items [0, count) over the cores, handing items out one at a time (the work per item
// varies a lot: a district's union against a unit grid's). `make_state` builds one per-thread state.
template <typename MakeState, typename Work>
void ForEachItemDynamic(std::size_t count, std::size_t serial_below, MakeState make_state, Work work) {
    std::atomic<std::size_t> next{0};
    ForEachRun(count, RunCount(count, serial_below), [&](std::size_t, std::size_t, std::size_t) {
        auto state = make_state();
        for (std::size_t item = next++; item < count; item = next++) work(*state, item);
    });
}

// A thread's GEOS context and its GEOS copies of the grids it has needed so far.
struct ThreadGeometries {
    explicit ThreadGeometries(const GridSet& set) : grids(set), cache(set.size()) {}
    const GridSet& grids;
    GeosContext geos;
    std::vector<GeosGeometry> cache;  // declared after geos: destroyed before it

    const GEOSGeometry* get(std::size_t i) {
        if (!cache[i]) cache[i] = ToGeos(geos, grids[i].shape);
        return cache[i].get();
    }
};

}  // namespace

// [SECTION] validity, duplicates, orphans

namespace {

void CheckValidity(const GridSet& grids, const CoverageSource& source, CoverageReport& report) {
    report.invalid_geometries = source.invalid_geometries;
    std::vector<InvalidGeometry> found(grids.size());
    std::vector<char> invalid(grids.size(), 0);
    ForEachRun(grids.size(), RunCount(grids.size(), 512), [&](std::size_t, std::size_t begin, std::size_t end) {
        GeosContext geos;
        const auto h = geos.handle();
        for (std::size_t i = begin; i < end; ++i) {
            GeosGeometry g = ToGeos(geos, grids[i].shape);
            char* reason = nullptr;
            GEOSGeometry* location = nullptr;
            if (g && GEOSisValidDetail_r(h, g.get(), 0, &reason, &location) == 0) {
                invalid[i] = 1;
                found[i].code = grids[i].code;
                found[i].reason = reason ? reason : "invalid";
                if (location) found[i].at = PointOnSurface(geos, location).value_or(Vec2{});
                if (i < source.feature_ids.size()) found[i].feature_id = source.feature_ids[i];
            }
            if (reason) GEOSFree_r(h, reason);
            if (location) GEOSGeom_destroy_r(h, location);
        }
    });
    for (std::size_t i = 0; i < grids.size(); ++i) {
        if (invalid[i]) report.invalid_geometries.push_back(std::move(found[i]));
    }
}

void CheckCodes(const GridSet& grids, const CoverageSource& source, CoverageReport& report) {
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_code;
    for (std::size_t i = 0; i < grids.size(); ++i) by_code[grids[i].code].push_back(i);
    for (auto& [code, indices] : by_code) {
        if (indices.size() < 2) continue;
        DuplicateCode d{std::string(code), indices, {}};
        if (source.feature_ids.size() == grids.size()) {
            for (std::size_t i : indices) d.feature_ids.push_back(source.feature_ids[i]);
        }
        report.duplicate_codes.push_back(std::move(d));
    }
    std::sort(report.duplicate_codes.begin(), report.duplicate_codes.end(),
              [](const DuplicateCode& a, const DuplicateCode& b) { return a.grids.front() < b.grids.front(); });

    for (std::size_t i = 0; i < grids.size(); ++i) {
        const Grid& g = grids[i];
        if (g.parent_code.empty()) continue;
        const std::int64_t parent = grids.find(g.parent_code);
        if (parent < 0 || static_cast<std::size_t>(parent) == i) {
            report.orphans.push_back({i, parent, parent < 0 ? 0 : g.level});
        } else if (grids[static_cast<std::size_t>(parent)].level != g.level - 1) {
            report.orphans.push_back({i, parent, grids[static_cast<std::size_t>(parent)].level});
        }
    }
}

}  // namespace

// [SECTION] overlaps

namespace {

// Pairs (a < b) of grids of one level whose bounds meet, by a sweep over bounds sorted by min_x.
std::vector<std::pair<std::size_t, std::size_t>> CandidatePairs(const GridSet& grids) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (int level = 0; level <= kLevelCount + 1; ++level) {
        std::vector<std::size_t> order = grids.at_level(level);
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return grids[a].bounds.min_x < grids[b].bounds.min_x; });
        for (std::size_t k = 0; k < order.size(); ++k) {
            const Box& box = grids[order[k]].bounds;
            for (std::size_t m = k + 1; m < order.size() && grids[order[m]].bounds.min_x <= box.max_x; ++m) {
                if (box.intersects(grids[order[m]].bounds)) {
                    pairs.emplace_back(std::min(order[k], order[m]), std::max(order[k], order[m]));
                }
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

struct PairResult {
    bool interiors_meet = false;
    double area = 0;
    Vec2 at;
};

void CheckOverlaps(const GridSet& grids, const CoverageOptions& options, CoverageReport& report,
                   std::vector<char>& overlapping) {
    const auto pairs = CandidatePairs(grids);
    report.candidate_pairs = pairs.size();
    // Work is handed out per first grid, so that one prepared geometry serves all its pairs.
    std::vector<std::size_t> group_starts;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        if (k == 0 || pairs[k].first != pairs[k - 1].first) group_starts.push_back(k);
    }
    group_starts.push_back(pairs.size());
    std::vector<PairResult> results(pairs.size());
    ForEachItemDynamic(
        group_starts.size() - 1, 64, [&] { return std::make_unique<ThreadGeometries>(grids); },
        [&](ThreadGeometries& t, std::size_t group) {
            const auto h = t.geos.handle();
            const std::size_t a = pairs[group_starts[group]].first;
            const GEOSGeometry* ga = t.get(a);
            const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, ga);
            for (std::size_t k = group_starts[group]; k < group_starts[group + 1]; ++k) {
                const GEOSGeometry* gb = t.get(pairs[k].second);
                if (GEOSPreparedIntersects_r(h, prepared, gb) != 1 || GEOSPreparedTouches_r(h, prepared, gb) != 0) {
                    continue;
                }
                results[k].interiors_meet = true;
                GeosGeometry common = MakeGeos(t.geos, GEOSIntersection_r(h, ga, gb));
                std::vector<Piece> pieces;
                CollectPieces(t.geos, common.get(), pieces);
                double largest = -1;
                for (const Piece& p : pieces) {
                    results[k].area += p.area;
                    if (p.area > largest) {
                        largest = p.area;
                        results[k].at = p.at;
                    }
                }
            }
            GEOSPreparedGeom_destroy_r(h, prepared);
        });
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        const PairResult& r = results[k];
        if (!r.interiors_meet) continue;
        overlapping[pairs[k].first] = overlapping[pairs[k].second] = 1;
        if (r.area < options.min_area_m2) {
            ++report.slivers_ignored;
            report.sliver_area_m2 += r.area;
            continue;
        }
        report.overlaps.push_back({pairs[k].first, pairs[k].second, grids[pairs[k].first].level, r.area, r.at});
    }
}

}  // namespace

// [SECTION] gaps and strays

namespace {

// One union to compute: a parent's children, or the top-level grids of one level (parent < 0).
struct UnionTask {
    std::int64_t parent = -1;
    int level = 0;
    std::vector<std::size_t> members;
};

struct UnionResult {
    std::vector<Gap> gaps;
    std::vector<OutsideParent> outside;
    std::vector<IncompleteParent> incomplete;
    Slivers slivers;
};

std::vector<UnionTask> UnionTasks(const GridSet& grids) {
    std::vector<UnionTask> tasks;
    std::vector<std::vector<std::size_t>> roots(kLevelCount + 2);
    for (std::size_t i = 0; i < grids.size(); ++i) {
        if (!grids.children(i).empty()) {
            tasks.push_back({static_cast<std::int64_t>(i), grids[grids.children(i).front()].level, grids.children(i)});
        }
        const std::int64_t parent = grids.find(grids[i].parent_code);
        if (grids[i].parent_code.empty() || parent < 0 || static_cast<std::size_t>(parent) == i) {
            roots[std::clamp(grids[i].level, 0, kLevelCount + 1)].push_back(i);
        }
    }
    for (int level = 0; level <= kLevelCount + 1; ++level) {
        if (!roots[level].empty()) tasks.push_back({-1, level, std::move(roots[level])});
    }
    return tasks;
}

// The union of the members: the fast coverage union when they are known not to overlap, else a unary union.
GeosGeometry UnionOf(const GridSet& grids, GeosContext& geos, const UnionTask& task, bool may_overlap) {
    const auto h = geos.handle();
    MultiPolygon all;
    for (std::size_t i : task.members) all.insert(all.end(), grids[i].shape.begin(), grids[i].shape.end());
    GeosGeometry parts = ToGeos(geos, all);
    if (!may_overlap) {
        GeosGeometry fast = MakeGeos(geos, GEOSCoverageUnion_r(h, parts.get()));
        if (fast && GEOSisValid_r(h, fast.get()) == 1) return fast;
    }
    return MakeGeos(geos, GEOSUnaryUnion_r(h, parts.get()));
}

void SplitPieces(const std::vector<Piece>& pieces, const CoverageOptions& options, Slivers& slivers,
                 std::vector<Piece>& findings) {
    for (const Piece& p : pieces) {
        if (p.area < options.min_area_m2) {
            slivers.add(p.area);
        } else {
            findings.push_back(p);
        }
    }
}

void CheckParent(const GridSet& grids, GeosContext& geos, const UnionTask& task, const GEOSGeometry* all_children,
                 const CoverageOptions& options, UnionResult& out) {
    const auto h = geos.handle();
    const std::size_t parent = static_cast<std::size_t>(task.parent);
    const MultiPolygon& parent_shape = grids[parent].shape;
    GeosGeometry shape = ToGeos(geos, parent_shape);
    // One overlay for both sides: each piece of the symmetric difference is either a part of the parent no
    // child covers (a gap) or a part of a child outside the parent.
    GeosGeometry differences = MakeGeos(geos, GEOSSymDifference_r(h, shape.get(), all_children));
    std::vector<Piece> pieces;
    CollectPieces(geos, differences.get(), pieces);
    double uncovered = 0;
    bool has_gap = false;
    for (const Piece& p : pieces) {
        const bool gap = Contains(parent_shape, p.at);
        if (gap) uncovered += p.area;
        if (p.area < options.min_area_m2) {
            out.slivers.add(p.area);
        } else if (gap) {
            has_gap = true;
            out.gaps.push_back({task.parent, task.level, p.area, p.at});
        } else {
            std::int64_t child = -1;
            for (std::size_t c : task.members) {
                if (Contains(grids[c].shape, p.at)) {
                    child = static_cast<std::int64_t>(c);
                    break;
                }
            }
            out.outside.push_back({parent, child, p.area, p.at});
        }
    }
    if (has_gap) {
        const double parent_area = AreaOf(geos, shape.get());
        out.incomplete.push_back({parent, parent_area, parent_area - uncovered});
    }
}

// Holes inside the union of the top-level grids: each interior ring, less any islands of the union in it.
void CheckExtent(GeosContext& geos, const UnionTask& task, const GEOSGeometry* merged, const CoverageOptions& options,
                 UnionResult& out) {
    const MultiPolygon polygons = PolygonsFromGeos(geos, merged);
    std::vector<Box> outer_bounds;
    for (const Polygon& p : polygons) outer_bounds.push_back(Bounds(p.outer));
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        for (const Ring& hole : polygons[k].holes) {
            const Box box = Bounds(hole);
            MultiPolygon islands;
            for (std::size_t m = 0; m < polygons.size(); ++m) {
                const Box& b = outer_bounds[m];
                if (m != k && b.min_x >= box.min_x && b.max_x <= box.max_x && b.min_y >= box.min_y &&
                    b.max_y <= box.max_y) {
                    islands.push_back(polygons[m]);
                }
            }
            GeosGeometry gap = ToGeos(geos, Polygon{hole, {}});
            if (!islands.empty()) {
                GeosGeometry land = ToGeos(geos, islands);
                gap = MakeGeos(geos, GEOSDifference_r(geos.handle(), gap.get(), land.get()));
            }
            std::vector<Piece> pieces, findings;
            CollectPieces(geos, gap.get(), pieces);
            SplitPieces(pieces, options, out.slivers, findings);
            for (const Piece& p : findings) out.gaps.push_back({-1, task.level, p.area, p.at});
        }
    }
}

void CheckUnions(const GridSet& grids, const CoverageOptions& options, const std::vector<char>& suspect,
                 CoverageReport& report) {
    const std::vector<UnionTask> tasks = UnionTasks(grids);
    report.unions = tasks.size();
    // Biggest first, so that no core is left with a district at the end.
    std::vector<std::size_t> order(tasks.size());
    std::iota(order.begin(), order.end(), 0);
    auto weight = [&](const UnionTask& t) {
        std::size_t w = 0;
        for (std::size_t i : t.members) w += VertexCount(grids[i].shape);
        return w;
    };
    std::vector<std::size_t> weights(tasks.size());
    for (std::size_t k = 0; k < tasks.size(); ++k) weights[k] = weight(tasks[k]);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });

    std::vector<UnionResult> results(tasks.size());
    ForEachItemDynamic(
        tasks.size(), 8, [] { return std::make_unique<GeosContext>(); },
        [&](GeosContext& geos, std::size_t item) {
            const UnionTask& task = tasks[order[item]];
            const bool may_overlap =
                std::any_of(task.members.begin(), task.members.end(), [&](std::size_t i) { return suspect[i] != 0; });
            GeosGeometry merged = UnionOf(grids, geos, task, may_overlap);
            if (!merged) return;
            if (task.parent >= 0) {
                CheckParent(grids, geos, task, merged.get(), options, results[order[item]]);
            } else {
                CheckExtent(geos, task, merged.get(), options, results[order[item]]);
            }
        });
    for (UnionResult& r : results) {
        report.gaps.insert(report.gaps.end(), r.gaps.begin(), r.gaps.end());
        report.outside_parent.insert(report.outside_parent.end(), r.outside.begin(), r.outside.end());
        report.incomplete_parents.insert(report.incomplete_parents.end(), r.incomplete.begin(), r.incomplete.end());
        report.slivers_ignored += r.slivers.count;
        report.sliver_area_m2 += r.slivers.area;
    }
}

}  // namespace

// [SECTION] the check

CoverageReport CheckCoverage(const GridSet& grids, const CoverageSource& source, const CoverageOptions& options) {
    CoverageReport report;
    CheckValidity(grids, source, report);
    CheckCodes(grids, source, report);
    // Grids that overlap a neighbour or are invalid are not a clean coverage: their unions take the slow path.
    std::vector<char> suspect(grids.size(), 0);
    for (const InvalidGeometry& g : report.invalid_geometries) {
        if (const std::int64_t i = grids.find(g.code); i >= 0) suspect[static_cast<std::size_t>(i)] = 1;
    }
    for (const DuplicateCode& d : report.duplicate_codes) {
        for (std::size_t i : d.grids) suspect[i] = 1;
    }
    CheckOverlaps(grids, options, report, suspect);
    CheckUnions(grids, options, suspect, report);
    return report;
}

}  // namespace gridlink
