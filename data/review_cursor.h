// The review seat's clock over a recorded log, read-only: every event's time read once (the timeline, the reports
// per hour or day, stepping one event) and again for what writers append later, and a cursor holding the World at an
// instant that moves forward by applying only the events between and back through StateAtInto (data/snapshot.h);
// both give exactly StateAt(T).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/snapshot.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

class EventLog;

// Every event's time, as the log's `t` column holds it, ordered by time (then seq), read in one pass.
struct LogTimes {
    std::vector<std::int64_t> t_ms;          // ascending
    std::vector<std::int64_t> seq;           // the seq of each
    std::vector<std::int64_t> max_seq_upto;  // the largest seq among the first i+1
    std::vector<std::int64_t> report_ms;     // the times of incident.reported, ascending
    std::int64_t last_seq = 0;               // the log's end when read

    // Reads the log of the workspace at `path` read-only (SQLite WAL: its writers are not blocked).
    static Result<LogTimes> Read(const std::string& path);
    // Adds the events after last_seq (what writers appended since), merged in by time.
    struct Added {
        std::size_t events = 0;
        std::int64_t earliest_ms = INT64_MAX;  // the earliest time among them
    };
    Result<Added> read_new(EventLog& log);
    bool empty() const { return t_ms.empty(); }
    std::int64_t first_ms() const { return t_ms.empty() ? 0 : t_ms.front(); }
    std::int64_t last_ms() const { return t_ms.empty() ? 0 : t_ms.back(); }
    // How many events have a time at or before `t`.
    std::size_t count_at_or_before(std::int64_t t) const;
    // The first event time after `t` / the last one before `t` (a step of one event); nullopt at the ends.
    std::optional<std::int64_t> next_after(std::int64_t t) const;
    std::optional<std::int64_t> last_before(std::int64_t t) const;
};

// How many of `sorted_ms` fall into each of `buckets` consecutive buckets of `bucket_ms` from `from_ms`.
std::vector<std::int64_t> CountPerBucket(const std::vector<std::int64_t>& sorted_ms, std::int64_t from_ms,
                                         std::int64_t bucket_ms, std::size_t buckets);
// The indices of the cases reported in [from_ms, to_ms], in order of report.
std::vector<std::size_t> CasesReportedIn(const World& world, std::int64_t from_ms, std::int64_t to_ms);

// The state of the log at a moving instant. The World it moves is the caller's (the seat's session World).
class ReviewCursor {
  public:
    // `base`: the workspace's grids and resources with no cases (its grid index built, so that every state
    // shares it). Reads the log's times.
    static Result<std::unique_ptr<ReviewCursor>> Open(const std::string& path, World base);
    ~ReviewCursor();

    // How the last move got there.
    struct Move {
        bool rebuilt = false;      // from a snapshot (back in time, a first move, or a long way forward)
        std::int64_t applied = 0;  // events applied forward (rebuilt: 0)
    };
    // Puts the state at `t` into `world`, which holds the state at t_ms() after an earlier move (or anything before
    // the first). Forward, when every event after t_ms() up to `t` comes after (by seq) every event already in,
    // applies only those; otherwise, and backward, rebuilds in place (StateAtInto over `world`, reading only the
    // cases that differ from what it holds): exactly the state StateAt gives. Errors name the file.
    Result<Move> move_to(World& world, std::int64_t t);
    // The instant `world` holds; INT64_MIN before the first move.
    std::int64_t t_ms() const { return t_ms_; }
    const LogTimes& times() const { return times_; }
    // Reads the events appended to the log since it was last read (a live workspace reviewed read-only): the
    // timeline grows, and forward moves reach them. move_to does it when asked past the known end; a seat calls it
    // now and then. Returns how many were new.
    Result<std::size_t> refresh();
    const World& base() const { return base_; }
    const std::string& path() const { return path_; }
    // Forward moves longer than this many events rebuild through StateAt (snapshots beat a long replay).
    std::size_t max_forward_events = 200'000;

  private:
    ReviewCursor() = default;
    std::string path_;
    World base_;
    LogTimes times_;
    std::unique_ptr<EventLog> log_;  // read-only, kept open for forward moves
    std::int64_t t_ms_ = INT64_MIN;
    // Events appended with times at or before t_ms_: the next move rebuilds.
    bool stale_ = false;
    // What the World moved holds as read from snapshots: its rebuilds read only the cases that differ.
    RestoreCache cache_;
};

}  // namespace gridlink
