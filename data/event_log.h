// The event log: the workspace's append-only `events` table (SQLite in the same GeoPackage, WAL),
// the `rejects` table for bad feed lines, and the `incidents` layer that mirrors each case's current
// state for QGIS and ogrinfo. An append is durable (fsynced) when it returns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/incident.h"
#include "engine/result.h"

struct sqlite3;

namespace gridlink {

// A feed line that was not accepted, kept with why.
struct RejectedLine {
    std::int64_t received_ms = 0;  // wall clock, ms since the epoch
    std::string peer;              // "127.0.0.1:53122", "stdin", "workstation"
    std::int64_t line = 0;         // line number within that connection
    std::string text;              // the line as received (cut to 4 KiB)
    std::string error;
};

class EventLog {
  public:
    // Opens the workspace GeoPackage's log for appending: WAL, full fsync on commit. Creates the
    // `rejects` table and brings an older workspace's `incidents` layer to the current columns.
    static Result<std::unique_ptr<EventLog>> Open(const std::string& path);
    // Opens the log to read only (pictures, reports): the file is not changed; append() fails.
    static Result<std::unique_ptr<EventLog>> OpenForReading(const std::string& path);
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // Calls `apply` with every event in order of seq. An event that cannot be read (a damaged row) or
    // that `apply` refuses is skipped, counted and named in skipped(), and the reading goes on: one event
    // never stops a replay. Only a failure to read the table is returned. Afterwards last_seq() is the
    // last read.
    Status read_all(const std::function<Status(const Event&)>& apply);
    // The same for the events after last_seq() only: what other writers (another seat, an ingest node)
    // appended since this one last read or wrote. A seat follows the log's tail with it.
    Status read_new(const std::function<Status(const Event&)>& apply);
    // The same for the events with after < seq <= upto (upto < 0: to the end): a seat after its snapshot,
    // review between two snapshots.
    Status read_after(std::int64_t after, const std::function<Status(const Event&)>& apply, std::int64_t upto = -1);
    // The SQLite connection, for the snapshot and tracks tables beside the log (data/snapshot.cpp).
    sqlite3* db() const { return db_; }

    // Takes the log's write lock (BEGIN IMMEDIATE; waits up to 10 s for another writer). Between
    // begin() and append() no other writer can append, so a writer that read_new()s after begin() checks
    // its lines against the log's true end.
    Status begin();
    // Appends `events` (giving each the next seq), stores `rejects`, and updates the incidents layer,
    // in one transaction (begun here unless begin() was called). Returns when it is durable; on error
    // nothing was written. Refused when another writer appended events this one has not read. With
    // nothing to append it only ends a transaction begin() started.
    Status append(std::span<Event> events, std::span<const RejectedLine> rejects);

    // The last seq this log has read or written.
    std::int64_t last_seq() const { return last_seq_; }
    std::int64_t reject_count() const;
    const std::string& path() const { return path_; }
    // Events skipped by the reads so far (read_all, read_new), and the first kSkippedKept of them, each
    // naming the file, the seq and why.
    std::int64_t skipped_count() const { return skipped_count_; }
    const std::vector<std::string>& skipped() const { return skipped_; }
    static constexpr std::size_t kSkippedKept = 100;

  private:
    EventLog() = default;
    Status prepare();
    Status write_incident(const Event& event);

    std::string path_;
    sqlite3* db_ = nullptr;

    std::int64_t last_seq_ = 0;
    std::int64_t skipped_count_ = 0;
    std::vector<std::string> skipped_;
    bool in_transaction_ = false;
    int incidents_srs_ = 4326;
    struct Statements;
    std::unique_ptr<Statements> statements_;
};

// Applies every event of the log to `world` with ApplyEvent: the World then shows the log's state.
// `events` gets how many were applied; events that could not be are skipped with a warning on stderr.
Status ReplayLog(EventLog& log, World& world, std::int64_t* events = nullptr);
// Warns on stderr of the events `log` skipped since it had skipped `skipped_before`: the first ten by
// seq and why, then how many in all.
void WarnSkipped(const EventLog& log, std::int64_t skipped_before);
// The same for the log of the workspace at `path`, opened read-only (the file is not changed): what
// `render`, `cases` and a simulator's own copy of the World show.
Status ReplayWorkspaceLog(const std::string& path, World& world);

}  // namespace gridlink
