// The review cursor (see review_cursor.h): the log's times in one read-only pass, and moves between instants that
// apply only the events between when that is exactly what StateAt would give, and ask StateAt otherwise.
#include "review_cursor.h"

#include <sqlite3.h>

#include <algorithm>

#include "data/event_log.h"
#include "data/snapshot.h"

namespace gridlink {

// [SECTION] the log's times

Result<LogTimes> LogTimes::Read(const std::string& path) {
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    LogTimes times;
    auto added = times.read_new(*log.value());
    if (!added) return Error{added.error()};
    return times;
}

Result<LogTimes::Added> LogTimes::read_new(EventLog& log) {
    const std::string& path = log.path();
    sqlite3* db = log.db();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fid, t, type FROM events WHERE fid > ? ORDER BY fid", -1, &stmt, nullptr) !=
        SQLITE_OK) {
        return Error{path + ": cannot read the events table: " + sqlite3_errmsg(db)};
    }
    sqlite3_bind_int64(stmt, 1, last_seq);
    struct Row {
        std::int64_t t, seq;
    };
    std::vector<Row> rows;
    std::vector<std::int64_t> reports;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const std::int64_t fid = sqlite3_column_int64(stmt, 0);
        const unsigned char* t = sqlite3_column_text(stmt, 1);
        const unsigned char* type = sqlite3_column_text(stmt, 2);
        // A time that cannot be read is an event the log's readers skip too (EventFromLog refuses it).
        auto ms = ParseIsoTime(t ? reinterpret_cast<const char*>(t) : "");
        last_seq = std::max(last_seq, fid);
        if (!ms) continue;
        rows.push_back({ms.value(), fid});
        if (type && std::string_view(reinterpret_cast<const char*>(type)) == "incident.reported") {
            reports.push_back(ms.value());
        }
    }
    const bool done = rc == SQLITE_DONE;
    sqlite3_finalize(stmt);
    if (!done) return Error{path + ": reading the events table: " + sqlite3_errmsg(db)};
    Added added;
    added.events = rows.size();
    if (rows.empty()) return added;
    std::sort(rows.begin(), rows.end(),
              [](const Row& a, const Row& b) { return a.t != b.t ? a.t < b.t : a.seq < b.seq; });
    added.earliest_ms = rows.front().t;
    // The new events all have larger seqs than those known: merged in by time, they go after the known ones of
    // the same time. Only the index from the first of them on is rewritten.
    const std::size_t keep = count_at_or_before(rows.front().t);
    std::vector<Row> merged;
    merged.reserve(t_ms.size() - keep + rows.size());
    std::size_t a = keep, b = 0;
    while (a < t_ms.size() || b < rows.size()) {
        if (b == rows.size() || (a < t_ms.size() && t_ms[a] <= rows[b].t)) {
            merged.push_back({t_ms[a], seq[a]});
            ++a;
        } else {
            merged.push_back(rows[b++]);
        }
    }
    t_ms.resize(keep);
    seq.resize(keep);
    max_seq_upto.resize(keep);
    std::int64_t max_seq = keep == 0 ? 0 : max_seq_upto.back();
    for (const Row& r : merged) {
        t_ms.push_back(r.t);
        seq.push_back(r.seq);
        max_seq = std::max(max_seq, r.seq);
        max_seq_upto.push_back(max_seq);
    }
    std::sort(reports.begin(), reports.end());
    const std::size_t old_reports = report_ms.size();
    report_ms.insert(report_ms.end(), reports.begin(), reports.end());
    std::inplace_merge(report_ms.begin(), report_ms.begin() + static_cast<std::ptrdiff_t>(old_reports),
                       report_ms.end());
    return added;
}

std::size_t LogTimes::count_at_or_before(std::int64_t t) const {
    return static_cast<std::size_t>(std::upper_bound(t_ms.begin(), t_ms.end(), t) - t_ms.begin());
}

std::optional<std::int64_t> LogTimes::next_after(std::int64_t t) const {
    auto it = std::upper_bound(t_ms.begin(), t_ms.end(), t);
    if (it == t_ms.end()) return std::nullopt;
    return *it;
}

std::optional<std::int64_t> LogTimes::last_before(std::int64_t t) const {
    auto it = std::lower_bound(t_ms.begin(), t_ms.end(), t);
    if (it == t_ms.begin()) return std::nullopt;
    return *(it - 1);
}

std::vector<std::int64_t> CountPerBucket(const std::vector<std::int64_t>& sorted_ms, std::int64_t from_ms,
                                         std::int64_t bucket_ms, std::size_t buckets) {
    std::vector<std::int64_t> counts(buckets, 0);
    if (bucket_ms <= 0) return counts;
    auto it = std::lower_bound(sorted_ms.begin(), sorted_ms.end(), from_ms);
    for (; it != sorted_ms.end(); ++it) {
        const std::int64_t bucket = (*it - from_ms) / bucket_ms;
        if (bucket >= static_cast<std::int64_t>(buckets)) break;
        ++counts[static_cast<std::size_t>(bucket)];
    }
    return counts;
}

std::vector<std::size_t> CasesReportedIn(const World& world, std::int64_t from_ms, std::int64_t to_ms) {
    std::vector<std::size_t> cases;
    const auto& all = world.incidents.cases;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].reported_ms >= from_ms && all[i].reported_ms <= to_ms) cases.push_back(i);
    }
    std::stable_sort(cases.begin(), cases.end(),
                     [&](std::size_t a, std::size_t b) { return all[a].reported_ms < all[b].reported_ms; });
    return cases;
}

// [SECTION] the cursor

ReviewCursor::~ReviewCursor() = default;

Result<std::unique_ptr<ReviewCursor>> ReviewCursor::Open(const std::string& path, World base) {
    std::unique_ptr<ReviewCursor> cursor(new ReviewCursor());
    cursor->path_ = path;
    base.incidents = Incidents{};
    if (!base.grid_index) IndexGrids(base);
    if (base.resources_indexed != base.resources.size()) IndexResources(base);
    cursor->base_ = std::move(base);
    auto times = LogTimes::Read(path);
    if (!times) return Error{times.error()};
    cursor->times_ = std::move(times.value());
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    cursor->log_ = std::move(log.value());
    return cursor;
}

Result<std::size_t> ReviewCursor::refresh() {
    auto added = times_.read_new(*log_);
    if (!added) return Error{added.error()};
    // An event appended late, its time at or before the instant shown, belongs in the state shown: rebuild next.
    if (added->events > 0 && added->earliest_ms <= t_ms_) stale_ = true;
    return added->events;
}

Result<ReviewCursor::Move> ReviewCursor::move_to(World& world, std::int64_t t) {
    Move move;
    // Asked past the log's end as last read: what the writers appended since.
    if (t > times_.last_ms() || times_.empty()) {
        if (auto added = refresh(); !added) return Error{added.error()};
    }
    if (t == t_ms_ && !stale_) return move;
    if (t > t_ms_ && t_ms_ != INT64_MIN && !stale_) {
        // The events with t_ms_ < time <= t are a run of the time-ordered index. StateAt applies the events with
        // time <= t in seq order: that is the state at t_ms_ followed by this run in seq order exactly when the run's
        // smallest seq is past every seq already in.
        const std::size_t from = times_.count_at_or_before(t_ms_);
        const std::size_t to = times_.count_at_or_before(t);
        const std::size_t run = to - from;
        if (run == 0) {
            t_ms_ = t;
            return move;
        }
        const std::int64_t min_seq = *std::min_element(times_.seq.begin() + static_cast<std::ptrdiff_t>(from),
                                                       times_.seq.begin() + static_cast<std::ptrdiff_t>(to));
        const std::int64_t in_before = from == 0 ? 0 : times_.max_seq_upto[from - 1];
        if (min_seq > in_before && run <= max_forward_events) {
            const std::int64_t before = t_ms_;
            const std::int64_t max_seq = times_.max_seq_upto[to - 1];
            const std::int64_t skipped_before = log_->skipped_count();
            Status read = log_->read_after(
                min_seq - 1,
                [&](const Event& e) -> Status {
                    if (e.t_ms <= before || e.t_ms > t) return {};
                    Status applied = ApplyEvent(world, e);
                    move.applied += applied ? 1 : 0;
                    return applied;
                },
                max_seq);
            if (!read) return Error{read.error()};
            WarnSkipped(*log_, skipped_before);
            t_ms_ = t;
            return move;
        }
    }
    // Rebuilt in place over the World shown: its grids are not copied, its cases' storage is reused.
    if (t_ms_ == INT64_MIN) {
        world = base_;
        cache_ = RestoreCache{};
    }
    t_ms_ = INT64_MIN;  // until it succeeds: the World may be half restored
    // No event after the last one at or before t (by seq) is read: the time index knows where that is.
    const std::size_t count = times_.count_at_or_before(t);
    const std::int64_t last_seq_at_t = count == 0 ? 0 : times_.max_seq_upto[count - 1];
    if (Status s = StateAtInto(world, base_.resources, *log_, t, nullptr, &cache_, last_seq_at_t); !s) {
        return Error{s.error()};
    }
    t_ms_ = t;
    stale_ = false;
    move.rebuilt = true;
    return move;
}

}  // namespace gridlink
