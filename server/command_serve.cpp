// `gridlink serve`: the live feed with no window (an ingest node, tests, figures); and `gridlink cases`:
// every case as the log rebuilds it, one line each, for scripts and reviews.
#include <signal.h>

#include <chrono>
#include <cstdio>

#include "data/event_log.h"
#include "data/feed_server.h"
#include "data/live_session.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "engine/incident_queue.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

namespace {

const char* kServeHelp =
    "gridlink serve [WORKSPACE] (--listen [HOST:]PORT | --stdin) [--max-line BYTES] [--max-connections N]\n"
    "Takes live events (docs/feed.md) into the workspace's event log with no window: one JSON object per\n"
    "line, each answered 'ok SEQ' once durable or 'error line N: FIELD: why' (kept in the rejects table).\n"
    "Reports are assigned to their grid on arrival. WORKSPACE defaults to the demo city.\n"
    "  --listen           TCP address; a bare port means 127.0.0.1 (loopback); port 0 picks a free one\n"
    "  --stdin            also read lines from stdin, answering on stdout; ends at end of input\n"
    "  --max-line         longest line accepted, in bytes (default 65536)\n"
    "  --max-connections  senders at once (default 64)\n"
    "Prints 'listening on HOST:PORT' on stderr once ready; stops on SIGINT or SIGTERM, answering every\n"
    "line already taken.\n";

const char* kCasesHelp =
    "gridlink cases [WORKSPACE] [--open] [--overdue] [--outside] [--at TIME]\n"
    "Rebuilds every case from the workspace's event log and prints one tab-separated line each: id,\n"
    "state, category, priority, grid (finest), level codes up from it, reported_at, updated_at, deadline,\n"
    "overdue (yes/no at --at, default now), outside (nearest grid and distance), resource.\n"
    "  --at TIME   the state at TIME (ISO 8601), rebuilt from the log: the events whose time is at or before\n"
    "              TIME, in log order, from the latest snapshot before it (data/snapshot.h)\n";

// The workspace's live session: its World rebuilt from its log, the log ready for appending.
Result<std::unique_ptr<LiveSession>> OpenLive(const Args& args) {
    std::string label, path;
    auto world = OpenWorld(args, &label, &path);
    if (!world) return Error{world.error()};
    auto session = LiveSession::Open(std::move(world.value()), std::move(label), path);
    if (session && !session.value()->read_only_reason().empty()) return Error{session.value()->read_only_reason()};
    return session;
}

}  // namespace

// [SECTION] serve

int CommandServe(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kServeHelp, stdout), 0;
    auto args = Args::Parse(words, {"listen", "max-line", "max-connections"}, {"stdin"});
    if (!args) return Fail("serve: " + args.error());
    if (args->positional().size() > 1) return Fail("serve: unexpected argument '" + args->positional()[1] + "'");
    if (!args->has("listen") && !args->has("stdin")) return Fail("serve: give --listen [HOST:]PORT or --stdin");
    auto max_line = args->integer("max-line", 64 * 1024, 256, 64 * 1024 * 1024);
    if (!max_line) return Fail("serve: " + max_line.error());
    auto max_connections = args->integer("max-connections", 64, 1, 4096);
    if (!max_connections) return Fail("serve: " + max_connections.error());

    // Signals are taken by this thread alone (sigtimedwait below); the feed's threads inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto live = OpenLive(args.value());
    if (!live) return Fail("serve: " + live.error());
    LiveSession& session = *live.value();
    const World& world = session.world();
    const IncidentCounts counts =
        CountIncidents(world, IncidentFilter{}, WallClockMs());  // every case: the mask is ignored
    std::fprintf(stderr, "gridlink serve: %s: %lld events replayed, %d cases (%d open, %d overdue, %d outside)\n",
                 session.workspace().c_str(), static_cast<long long>(session.replayed()), counts.total, counts.open,
                 counts.overdue, counts.outside_open);

    SessionOptions options;
    options.listen = args->get("listen");
    options.read_stdin = args->has("stdin");
    options.max_line_bytes = static_cast<std::size_t>(max_line.value());
    options.max_connections = static_cast<int>(max_connections.value());
    options.follow = false;  // the writer's ledger is all an ingest node needs: no World follows the log here
    if (Status s = session.start(options); !s) return Fail("serve: " + s.error());
    if (!options.listen.empty()) std::fprintf(stderr, "gridlink serve: listening on %s\n", session.address().c_str());
    std::fflush(stderr);

    const timespec tick{0, 100'000'000};
    while (true) {
        const int signal_number = sigtimedwait(&stop_signals, nullptr, &tick);
        if (signal_number == SIGINT || signal_number == SIGTERM) break;
        if (options.listen.empty() && session.stdin_done()) break;
    }
    const FeedStats stats = session.stats();
    live.value().reset();  // answers every line already taken
    std::fprintf(stderr, "gridlink serve: %lld lines: %lld accepted, %lld rejected, in %lld commits\n",
                 static_cast<long long>(stats.lines), static_cast<long long>(stats.accepted),
                 static_cast<long long>(stats.rejected), static_cast<long long>(stats.commits));
    return 0;
}

// [SECTION] cases

int CommandCases(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kCasesHelp, stdout), 0;
    auto args = Args::Parse(words, {"at"}, {"open", "overdue", "outside"});
    if (!args) return Fail("cases: " + args.error());
    if (args->positional().size() > 1) return Fail("cases: unexpected argument '" + args->positional()[1] + "'");
    std::int64_t now = WallClockMs();
    if (args->has("at")) {
        auto at = ParseIsoTime(args->get("at"));
        if (!at) return Fail("cases: --at: " + at.error());
        now = at.value();
    }
    std::string label;
    Result<World> opened = Error{""};
    if (args->has("at")) {
        std::string path;
        auto base = OpenWorld(args.value(), &label, &path);
        if (!base) return Fail("cases: " + base.error());
        opened = path.empty() ? std::move(base) : StateAt(std::move(base.value()), path, now);
    } else {
        opened = OpenWorldWithCases(args.value(), &label);
    }
    if (!opened) return Fail("cases: " + opened.error());
    const World& world = opened.value();
    std::printf(
        "id\tstate\tcategory\tpriority\tgrid\tancestors\treported_at\tupdated_"
        "at\tdeadline\toverdue\toutside\tresource\n");
    for (const Incident& c : world.incidents.cases) {
        if (args->has("open") && !IsOpen(c.state)) continue;
        if (args->has("overdue") && !c.overdue(now)) continue;
        if (args->has("outside") && c.grid >= 0) continue;
        std::string grid, ancestors, outside;
        if (c.grid >= 0) {
            grid = world.grids[static_cast<std::size_t>(c.grid)].code;
            for (std::size_t a : world.grids.ancestry(static_cast<std::size_t>(c.grid))) {
                if (static_cast<std::int64_t>(a) == c.grid) continue;
                ancestors += (ancestors.empty() ? "" : ",") + world.grids[a].code;
            }
        } else {
            char text[96];
            std::snprintf(
                text, sizeof text, "%s %.1f m",
                c.nearest_grid >= 0 ? world.grids[static_cast<std::size_t>(c.nearest_grid)].code.c_str() : "-",
                c.distance_m);
            outside = text;
        }
        std::printf("%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.id.c_str(),
                    std::string(CaseStateName(c.state)).c_str(),
                    std::string(kIncidentCategories[c.category].code).c_str(), c.priority, grid.c_str(),
                    ancestors.c_str(), FormatIsoTime(c.reported_ms).c_str(), FormatIsoTime(c.updated_ms).c_str(),
                    FormatIsoTime(c.deadline_ms).c_str(), c.overdue(now) ? "yes" : "no", outside.c_str(),
                    c.resource.c_str());
    }
    return 0;
}

}  // namespace gridlink
