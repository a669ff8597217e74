// The live session: the World rebuilt from the log, the one writer, the log's tail applied at poll(), and
// the optional simulated feed and simulated volunteers of a demo. What the workstation's frame loop and
// `serve` used to do each on their own.
#include "live_session.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

#include "data/event_log.h"
#include "data/simulator.h"

namespace gridlink {

// [SECTION] the inbox: durable events from the writer's thread, waiting for poll()

struct LiveSession::Inbox {
    std::mutex mutex;
    std::vector<DurableEvent> events;
};

// [SECTION] the simulated feed

namespace {

// A demo's live traffic: the simulator (on its own copy of the session's World, made at start) sends its
// events through the session's writer, as `gridlink simulate` would over TCP, paced by the wall clock from
// start_ms.
void RunSimulatedFeed(std::stop_token stop, std::unique_ptr<IncidentSimulator> simulator, std::int64_t start_ms,
                      FeedServer* feed) {
    using namespace std::chrono;
    const auto started = steady_clock::now();
    int refusals = 0;
    while (!stop.stop_requested()) {
        Event event = simulator->next();
        event.origin = "simulator";
        const auto due = started + milliseconds(event.t_ms - start_ms);
        while (!stop.stop_requested() && steady_clock::now() < due) {
            std::this_thread::sleep_for(std::min<steady_clock::duration>(due - steady_clock::now(), milliseconds(100)));
        }
        if (stop.stop_requested()) break;
        if (Status s = feed->submit(event); !s && refusals++ < 3) {
            std::fprintf(stderr, "gridlink: --simulate: %s\n", s.error().c_str());
        }
    }
}

}  // namespace

// [SECTION] opening and starting

std::unique_ptr<LiveSession> LiveSession::ReadOnly(World world, std::string label) {
    std::unique_ptr<LiveSession> session(new LiveSession());
    session->world_ = std::make_unique<World>(std::move(world));
    session->label_ = std::move(label);
    session->inbox_ = std::make_unique<Inbox>();
    // With a simulated feed, summoned volunteers answer as the simulator's profile says (党员报到).
    session->volunteers_ = std::make_unique<SimulatedVolunteers>(static_cast<std::uint64_t>(WallClockMs()));
    return session;
}

Result<std::unique_ptr<LiveSession>> LiveSession::Open(World world, std::string label, std::string workspace) {
    std::unique_ptr<LiveSession> session = ReadOnly(std::move(world), std::move(label));
    session->workspace_ = std::move(workspace);
    auto log = EventLog::Open(session->workspace_);
    if (!log) {
        // Still a map: the log as far as it can be read, without a writer.
        session->read_only_reason_ = log.error();
        if (Status s = OpenWorkspaceState(session->workspace_, *session->world_, &session->opened_); !s)
            return Error{s.error()};
        session->replayed_ = session->opened_.replayed;
        return session;
    }
    if (Status s = OpenFromSnapshots(*log.value(), *session->world_, &session->opened_); !s) return Error{s.error()};
    session->replayed_ = session->opened_.replayed;
    session->opened_seq_ = log.value()->last_seq();
    session->log_ = std::move(log.value());
    return session;
}

LiveSession::~LiveSession() {
    simulated_feed_ = {};  // stops the simulator before the writer it submits to
    feed_.reset();         // answers every line already taken
    snapshots_.reset();    // the closing snapshot
}

Status LiveSession::start(const SessionOptions& options, std::function<void()> wake) {
    if (feed_) return Error{"the session has already started"};
    if (Status s = writable(); !s) return s;
    if (!world_->grid_index) IndexGrids(*world_);
    options_ = options;
    FeedOptions feed_options;
    feed_options.listen = options.listen;
    feed_options.read_stdin = options.read_stdin;
    feed_options.max_line_bytes = options.max_line_bytes;
    feed_options.max_connections = options.max_connections;
    FeedContext context{world_->grid_index, &world_->grids, world_->crs, CaseLedger::FromWorld(*world_)};
    if (options.snapshots.every > 0) {
        auto snapshots = Snapshotter::Start(workspace_, *world_, opened_seq_, opened_.tail_min_t_ms, options.snapshots);
        if (snapshots) {
            snapshots_ = std::move(snapshots.value());
        } else {
            std::fprintf(stderr, "gridlink: warning: no snapshots: %s\n", snapshots.error().c_str());
        }
    }
    FeedServer::OnDurable on_durable;
    if (options.follow || snapshots_) {
        on_durable = [inbox = options.follow ? inbox_.get() : nullptr, snapshots = snapshots_.get(),
                      wake = std::move(wake)](std::vector<DurableEvent>&& durable) {
            if (snapshots) {
                std::vector<Event> events;
                events.reserve(durable.size());
                for (const DurableEvent& d : durable) events.push_back(d.event);
                snapshots->add(std::move(events));
            }
            if (!inbox) return;
            {
                std::lock_guard lock(inbox->mutex);
                for (DurableEvent& d : durable) inbox->events.push_back(std::move(d));
            }
            if (wake) wake();
        };
    }
    auto started = FeedServer::Start(feed_options, std::move(log_), std::move(context), std::move(on_durable));
    if (!started) return Error{started.error()};
    feed_ = std::move(started.value());
    if (options.simulate > 0) {
        // The simulator starts from the World as the log leaves it (resources on a case from an earlier
        // session, off duty, moved), so it sends only free responders, as the log's rules require.
        const std::int64_t start_ms = WallClockMs();
        SimulatorOptions simulator_options;
        simulator_options.seed = static_cast<std::uint64_t>(start_ms);
        simulator_options.start_ms = start_ms;
        simulator_options.rate = options.simulate;
        simulator_options.flat = true;
        simulator_options.id_prefix = DefaultIdPrefix(start_ms);
        auto simulator = IncidentSimulator::Create(*world_, simulator_options);
        if (simulator) {
            simulated_feed_ = std::jthread(RunSimulatedFeed, std::move(simulator.value()), start_ms, feed_.get());
        } else {
            std::fprintf(stderr, "gridlink: --simulate: %s\n", simulator.error().c_str());
        }
    }
    return {};
}

Status LiveSession::writable() const {
    if (log_ || feed_) return {};
    return Error{"--listen and --simulate need a workspace with an event log (gridlink demo --out FILE.gpkg)" +
                 (read_only_reason_.empty() ? std::string() : ": " + read_only_reason_)};
}

// [SECTION] commands and the log's tail

Status LiveSession::submit(Event event) {
    if (!feed_) return Error{"read-only: no event log is open for writing"};
    if (event.origin.empty()) event.origin = options_.origin;
    return feed_->submit(event);
}

SessionChanges LiveSession::poll() {
    SessionChanges changes;
    if (options_.simulate > 0 && feed_) {
        const std::int64_t now = std::max(WallClockMs(), world_->incidents.clock_ms);
        for (Event& answer : volunteers_->take_due(*world_, now)) {
            answer.origin = "simulator";
            (void)submit(std::move(answer));
        }
    }
    {
        std::lock_guard lock(inbox_->mutex);
        changes.events.swap(inbox_->events);
    }
    World& world = *world_;
    for (const DurableEvent& d : changes.events) {
        const Event& e = d.event;
        const bool is_new = e.type == EventType::kIncidentReported && !world.incidents.find(e.id);
        if (Status s = ApplyEvent(world, e); !s) {
            changes.errors.push_back(s.error());
            std::fprintf(stderr, "gridlink: %s\n", s.error().c_str());
            continue;
        }
        // Incident events can give or end a resource's task; resource events move or recolour.
        if (e.type != EventType::kIncidentReported) changes.resources = true;
        if (IsIncidentEvent(e.type)) {
            if (auto found = world.incidents.by_id.find(e.id); found != world.incidents.by_id.end()) {
                changes.cases.push_back(found->second);
                if (is_new) changes.reported.push_back(found->second);
                const std::int64_t grid = world.incidents.cases[found->second].grid;
                if (grid >= 0) changes.grids.push_back(grid);
            }
        }
        if (options_.simulate > 0 && e.type == EventType::kIncidentSummoned) volunteers_->summoned(e);
    }
    for (auto* list : {&changes.cases, &changes.reported}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    std::sort(changes.grids.begin(), changes.grids.end());
    changes.grids.erase(std::unique(changes.grids.begin(), changes.grids.end()), changes.grids.end());
    return changes;
}

bool LiveSession::waiting() const { return options_.simulate > 0 && volunteers_->waiting(); }

// [SECTION] what a status bar and `serve` show

std::string LiveSession::status_label() const {
    if (!feed_) return "";
    return options_.listen.empty() ? "日志 log" : "实时 live " + feed_->address();
}

std::string LiveSession::address() const { return feed_ ? feed_->address() : ""; }

FeedStats LiveSession::stats() const { return feed_ ? feed_->stats() : FeedStats{}; }

bool LiveSession::stdin_done() const { return !feed_ || feed_->stdin_done(); }

}  // namespace gridlink
