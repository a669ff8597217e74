// The live session every seat and `serve` stand on: it owns the World, reads the event log's tail, writes
// through the one writer (the feed server's writer thread), and optionally listens to the feed or runs the
// simulator. A seat calls poll() each frame and gets back what changed; it never applies events itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "data/feed_server.h"
#include "data/simulator.h"
#include "data/snapshot.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

struct SessionOptions {
    std::string listen;       // take the feed on this address (docs/feed.md); empty: no listener
    bool read_stdin = false;  // also take lines from stdin, answering on stdout
    std::size_t max_line_bytes = 64 * 1024;
    int max_connections = 64;
    double simulate = 0;  // >0: simulated lines a second through the log, and simulated volunteers
    // Who a seat's commands come from, as the log records it ("workstation:alice"); empty for `serve`.
    std::string origin;
    // false: an ingest node (serve): the writer checks lines against its ledger and no World follows the
    // log, so poll() has nothing to apply.
    bool follow = true;
    // Snapshots of the World written as the log grows (data/snapshot.h); every = 0: none.
    SnapshotOptions snapshots;
};

// What one poll() applied to the World: layers re-upload only what it names.
struct SessionChanges {
    std::vector<DurableEvent> events;   // applied (or refused by the World, see errors), in log order
    std::vector<std::size_t> cases;     // cases whose state, responder or position changed
    std::vector<std::size_t> reported;  // cases new in this poll (a subset of `cases`)
    std::vector<std::int64_t> grids;    // finest grids of those cases (-1 not listed), sorted, unique
    bool resources = false;             // some resource moved, changed status or took/left a task
    std::vector<std::string> errors;    // events the World could not apply, naming the seq
    bool empty() const { return events.empty(); }
};

class LiveSession {
  public:
    // A session with no log: the map of a plain grid source, read-only.
    static std::unique_ptr<LiveSession> ReadOnly(World world, std::string label);
    // Opens the workspace's event log for appending and rebuilds `world` from its latest usable snapshot and the
    // events after it (OpenFromSnapshots). A log that cannot be
    // opened for writing leaves the session read-only, with the reason in read_only_reason().
    static Result<std::unique_ptr<LiveSession>> Open(World world, std::string label, std::string workspace);
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    World& world() { return *world_; }
    const World& world() const { return *world_; }
    const std::string& label() const { return label_; }
    const std::string& workspace() const { return workspace_; }
    // Ok when the session can take commands (its log is open for writing); otherwise why not, naming what
    // --listen and --simulate need.
    Status writable() const;
    const std::string& read_only_reason() const { return read_only_reason_; }
    std::int64_t replayed() const { return replayed_; }
    // How the World was opened: the snapshot it started from, the events applied after it.
    const OpenedState& opened() const { return opened_; }

    // Starts the one writer (and the listener, the simulator) once the World's grid index is there to
    // assign reports. `wake` is called from the writer's thread whenever something became durable (a
    // seat posts an empty event to its window loop). Needs a log.
    Status start(const SessionOptions& options, std::function<void()> wake = {});
    bool started() const { return feed_ != nullptr; }

    // Sends a command as an event through the writer; it reaches the World at the next poll() once durable.
    // An event without an origin gets the session's (options.origin).
    Status submit(Event event);

    // Applies to the World what became durable since the last poll (the seat's own commands, feed lines,
    // other writers' events, simulated volunteers' answers that fell due), and says what changed.
    SessionChanges poll();
    // Something will happen without input (simulated volunteers waiting to answer): look again soon.
    bool waiting() const;

    // "实时 live 127.0.0.1:7800", "日志 log", or empty (read-only).
    std::string status_label() const;
    std::string address() const;
    FeedStats stats() const;
    bool stdin_done() const;

  private:
    LiveSession() = default;
    struct Inbox;

    std::unique_ptr<World> world_;
    std::string label_, workspace_, read_only_reason_;
    std::int64_t replayed_ = 0;
    OpenedState opened_;
    std::int64_t opened_seq_ = 0;  // the log's end when the World was read
    SessionOptions options_;
    std::unique_ptr<EventLog> log_;  // until start() hands it to the writer
    std::unique_ptr<Inbox> inbox_;
    std::unique_ptr<SimulatedVolunteers> volunteers_;
    std::unique_ptr<Snapshotter> snapshots_;  // after the writer is gone: its closing snapshot sees every event
    std::unique_ptr<FeedServer> feed_;        // the one writer
    std::jthread simulated_feed_;             // declared after feed_: stopped before it
};

}  // namespace gridlink
