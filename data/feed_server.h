// The live feed (docs/feed.md): NDJSON lines over TCP and stdin, each answered `ok SEQ` once durable
// in the event log or `error line N: FIELD: why` (kept in the rejects table). One writer thread
// checks lines against the lifecycle, assigns reports to grids and commits whatever has queued up
// since its last commit in one transaction (group commit).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/crs.h"
#include "engine/grid_index.h"
#include "engine/incident.h"
#include "engine/result.h"
#include "event_log.h"

namespace gridlink {

struct FeedOptions {
    std::string listen;       // "HOST:PORT" or "PORT" (127.0.0.1); port 0 picks a free one; empty: no TCP
    bool read_stdin = false;  // also take lines from stdin, answering on stdout
    std::size_t max_line_bytes = 64 * 1024;
    int max_connections = 64;
    std::size_t max_batch = 8192;  // lines per transaction at most
};

// Splits "HOST:PORT" (or "PORT", or "[v6]:PORT") into host and port; errors name the address.
struct HostPort {
    std::string host;
    int port = 0;
};
Result<HostPort> ParseHostPort(const std::string& address, const std::string& default_host = "127.0.0.1");

// An event just made durable, with when its line arrived (for report-to-screen latency).
struct DurableEvent {
    Event event;
    std::chrono::steady_clock::time_point received;
};

// What the writer needs to check and assign lines: the grids with their index, the workspace's CRS,
// and the ledger of case states as of the log's end.
struct FeedContext {
    std::shared_ptr<const GridIndex> index;
    const GridSet* grids = nullptr;
    Crs crs = Crs::LonLat();
    CaseLedger ledger;
};

struct FeedStats {
    std::int64_t lines = 0, accepted = 0, rejected = 0, commits = 0, connections = 0;
};

class FeedServer {
  public:
    // Called on the writer thread after each commit with the events it made durable, in seq order.
    using OnDurable = std::function<void(std::vector<DurableEvent>&&)>;

    // Binds the listener (errors name the address), then starts the threads.
    static Result<std::unique_ptr<FeedServer>> Start(const FeedOptions& options, std::unique_ptr<EventLog> log,
                                                     FeedContext context, OnDurable on_durable);
    ~FeedServer();  // stops accepting, answers what is queued, joins the threads

    // The bound address, "127.0.0.1:PORT"; empty without TCP.
    std::string address() const;
    // Sends one event from inside the program (a dispatcher's command) through the same checks and
    // log; returns once it is durable (or rejected, with why).
    Status submit(const Event& event);
    // True once stdin reached its end and every line from it has been answered.
    bool stdin_done() const;
    FeedStats stats() const;

    struct Impl;

  private:
    explicit FeedServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gridlink
