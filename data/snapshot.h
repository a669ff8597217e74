// Snapshots (checkpoints) of the World's dynamic state in the workspace's `snapshots` table, so that a seat
// opens from the latest snapshot plus the log's tail and review finds the state at any instant T without
// replaying a year; and tracks, the resources' position history read by time range (DESIGN.md, "A year on the log").
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

class EventLog;

// [SECTION] the serialised form

// Version 1 of the binary form: "GLSNAP", the format, the fingerprint, the Incidents' last_seq, clock_ms and
// revision, every resource's dynamic state by index (status, position, task, revision), then every case with its
// history, little endian, integers as zigzag varints. A delta holds only the cases whose history has grown since
// the snapshot it builds on (and the new ones); a full snapshot holds every case.
inline constexpr std::uint32_t kSnapshotFormat = 1;

// What a snapshot was built against: the grids' codes in order (cases keep grid indices) and the resources' ids,
// kinds and home grids in order (resources are stored by index). A snapshot of another fingerprint is foreign.
std::uint64_t WorldFingerprint(const World& world);
// The World's dynamic state, full; same state, same bytes.
std::string SerializeState(const World& world);
// Only the cases changed after `base_seq`, on top of a state that had `base_cases` cases.
std::string SerializeDelta(const World& world, std::int64_t base_seq, std::size_t base_cases);
// What a World restored from snapshots holds, so that the next restore over it reads only the cases that differ:
// per case, a hash of the bytes it was last read from (0: not read) and the length of its history then (an event
// applied since grew it). Kept beside a World restored again and again (review), from when that World was empty.
struct RestoreCache {
    struct Case {
        std::uint64_t hash = 0;
        std::size_t history = 0;
    };
    std::vector<Case> cases;
    // Snapshots (id and stored checksum) whose bytes were found to match their checksum: a stored snapshot never
    // changes, so a review jumping back and forth checks each once.
    std::vector<std::pair<std::int64_t, std::uint64_t>> verified;
};

// Puts a serialised state into `world`, which holds the workspace's grids and resources (and, for a delta, the
// state the delta builds on). Errors name what is wrong; on error the World may be half restored. The cases are
// read over those `world` holds, their storage reused; with `cache` (kept with this World since it was empty),
// those unchanged are not read again.
// `fingerprint`: WorldFingerprint(world) when the caller has it (a chain of deltas), 0: computed here.
Status RestoreState(World& world, std::string_view bytes, RestoreCache* cache = nullptr, std::uint64_t fingerprint = 0);
// FNV-1a (64 bit) over 8-byte words, the checksum stored beside each blob.
std::uint64_t SnapshotChecksum(std::string_view bytes);

// [SECTION] the snapshots table

struct SnapshotRow {
    std::int64_t id = 0;
    std::int64_t seq = 0;       // the last event it covers
    std::int64_t max_t_ms = 0;  // the latest event time among the events it covers
    // The earliest event time among the events after the previous snapshot (by seq) up to this one, or earlier:
    // StateAt skips a stretch of the log whose earliest time is after T.
    std::int64_t min_t_ms = 0;
    std::int64_t created_ms = 0;
    std::uint32_t format = 0;
    std::uint64_t fingerprint = 0, checksum = 0;
    std::int64_t base_id = 0;  // the snapshot a delta builds on; 0 for a full snapshot
    std::int64_t cases = 0, bytes = 0;
};

// Every snapshot of the workspace, by seq; empty when the workspace has none (or no table: an older workspace).
Result<std::vector<SnapshotRow>> ListSnapshots(const std::string& path);

// How a World was opened from the log.
struct OpenedState {
    std::int64_t snapshot_seq = 0;  // the snapshot it started from; 0: replayed from the first event
    std::int64_t snapshot_id = 0;
    std::int64_t replayed = 0;               // events applied after the snapshot
    std::int64_t tail_min_t_ms = INT64_MAX;  // earliest event time of those
    std::vector<std::string> warnings;       // snapshots ignored, and why (also printed on stderr)
};

// Fills `world` (the workspace's grids and resources, no cases yet) with the state of the log: the latest usable
// snapshot (format, fingerprint and checksum right, its chain complete, not past the log's end) plus the events
// after it, read through `log` (so that log.last_seq() is the log's end afterwards). A damaged, foreign or
// missing snapshot is skipped with a warning on stderr and the state rebuilt from the log, the one truth.
Status OpenFromSnapshots(EventLog& log, World& world, OpenedState* opened = nullptr);
// The same for the workspace at `path`, opened read-only.
Status OpenWorkspaceState(const std::string& path, World& world, OpenedState* opened = nullptr);

// The state at instant `t_ms`: the events, in seq order, whose time (Event::t_ms, the sender's clock) is at or
// before t_ms, applied to `base` (the workspace's grids and resources, no cases). Starts from the latest usable
// snapshot whose covered events all lie at or before t_ms, then applies the later events with t_ms <= T,
// skipping stretches of the log (between two snapshots) whose earliest time is after T.
// `base` is taken by value: a caller done with it moves it in, and its grids are not copied.
Result<World> StateAt(World base, const std::string& path, std::int64_t t_ms, OpenedState* opened = nullptr);
// The same into `world`, which holds the workspace's grids and any earlier state: its cases and resources are
// overwritten in place (their strings and histories reused, the grids never copied), as review jumps. `resources`:
// the workspace's resources before any event. Reads through `log`, up to the log's end as it is now.
// `cache`: see RestoreState. `last_seq_at_t`: the largest seq among the events at or before t_ms, when the caller
// knows it (LogTimes::max_seq_upto): the reading stops there instead of at the log's end.
Status StateAtInto(World& world, const std::vector<Resource>& resources, EventLog& log, std::int64_t t_ms,
                   OpenedState* opened = nullptr, RestoreCache* cache = nullptr, std::int64_t last_seq_at_t = -1);

// [SECTION] writing snapshots

struct SnapshotOptions {
    std::int64_t every = 50'000;       // events between snapshots; 0: none
    int full_every = 16;               // a full snapshot after this many deltas
    std::int64_t at_close_min = 1000;  // at close, a snapshot only when at least this many events are new
};

// The log's snapshot writer: its own copy of the World, kept in step with the events the log's writer hands it
// (add), on its own thread and its own SQLite connection, so that acknowledgements wait only for the few
// milliseconds SQLite holds the write lock to store a blob. Writes every options.every events and at close.
class Snapshotter {
  public:
    // `world` holds the log up to event `covered_seq` (the log's end when it was read); `segment_min_t_ms` is the
    // earliest event time after the snapshot it was opened from (OpenedState::tail_min_t_ms).
    static Result<std::unique_ptr<Snapshotter>> Start(const std::string& path, World world, std::int64_t covered_seq,
                                                      std::int64_t segment_min_t_ms, SnapshotOptions options);
    ~Snapshotter();  // close()
    Snapshotter(const Snapshotter&) = delete;
    Snapshotter& operator=(const Snapshotter&) = delete;

    // Events that became durable, in log order (from the writer's thread).
    void add(std::vector<Event> events);
    // Applies what is queued, writes the closing snapshot (when at_close_min events are new) and stops.
    void close();
    // Writes a snapshot of what has been added now, on the caller's thread (tests, `simulate`).
    Status write_now();
    std::int64_t written() const;
    // The last error writing a snapshot, empty when none.
    std::string last_error() const;

  private:
    Snapshotter() = default;
    void run(std::stop_token stop);
    void apply(const Event& e);
    Status write();

    std::string path_;
    SnapshotOptions options_;
    std::unique_ptr<World> world_;
    struct Db;
    std::unique_ptr<Db> db_;
    std::int64_t since_ = 0;  // events applied since the last snapshot
    std::int64_t segment_min_t_ms_ = INT64_MAX, max_t_ms_ = INT64_MIN;
    std::int64_t last_id_ = 0, last_seq_ = 0, chain_ = 0;  // the last snapshot written, deltas since a full one
    std::int64_t last_written_seq_ = 0;                    // the seq the last snapshot written covers
    std::size_t last_cases_ = 0;
    std::int64_t written_ = 0;
    std::string error_;
    mutable std::mutex mutex_;
    std::mutex work_mutex_;  // held while the World changes or is written
    std::condition_variable cv_;
    std::vector<Event> queue_;
    bool closing_ = false;
    std::jthread thread_;
};

// [SECTION] tracks

// One position of a resource, from a resource.moved event: lon/lat (WGS84/CGCS2000) as the event carried them.
struct TrackPoint {
    std::int64_t t_ms = 0;
    double x = 0, y = 0;
    std::int64_t seq = 0;
};
// Per resource id, its positions with from_ms <= t_ms <= to_ms in time order (then seq). Served by the `tracks`
// table the log writes with each resource.moved (seq, t_ms, resource, lon, lat) and its index on t_ms, so a
// range costs what it returns, not the log's length.
Result<std::map<std::string, std::vector<TrackPoint>>> ReadTracks(const std::string& path, std::int64_t from_ms,
                                                                  std::int64_t to_ms);

}  // namespace gridlink
