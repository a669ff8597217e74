// `gridlink simulate`: a live feed sender. Sends the simulator's events (or a CSV's records) as feed lines
// over TCP, paced by wall time, reads the `ok SEQ` / `error line N: ...` answers beside them, and prints
// what came back: counts, durable lines per second and the ack latency.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <thread>

#include "data/csv_replay.h"
#include "data/event_log.h"
#include "data/feed_protocol.h"
#include "data/feed_server.h"
#include "data/simulator.h"
#include "data/snapshot.h"
#include "data/workspace.h"
#include "engine/statistics.h"
#include "server/args.h"
#include "server/commands.h"

namespace gridlink {

// [SECTION] help

static const char* kSimulateHelp =
    "gridlink simulate [WORKSPACE] --to HOST:PORT [--rate R|max] [--duration S] [--count N] [--seed N]\n"
    "                  [--speed X] [--window N] [--id-prefix P] [--start TIME] [--flat] [--wait S]\n"
    "gridlink simulate WORKSPACE --profile year [--days N] [--seed N] [--start TIME] [--rate R]\n"
    "gridlink simulate --to HOST:PORT --from-csv FILE.csv [--x-field F --y-field F] --time-field F\n"
    "                  [--category-field F] [--id-field F] [--points-srs CRS] [--speed 60x] [--keep-time] ...\n"
    "Sends a live feed (newline-delimited JSON, one event a line) to `gridlink serve` and waits for each line's\n"
    "answer ('ok SEQ' once durable, or 'error line N: FIELD: message'). WORKSPACE defaults to the demo city.\n"
    "Simulation: reports around a few hot spots (markets, stations, construction sites ...) and over the whole\n"
    "jurisdiction, about 1% just outside it, in the category mix of digital city management (市容环境 most,\n"
    "then 街面秩序, 宣传广告, 施工管理, 公共设施; 突发事件 rare, priority 1-2), from grid workers, the 12345\n"
    "hotline, video AI and the public app; then each case's lifecycle (registered, dispatched to the nearest\n"
    "available responder, accepted, handled, verified, closed; some returned and dispatched again, a few\n"
    "cancelled), and now and then a responder's move or status change: on its own copy of the workspace with the\n"
    "log replayed, through the engine's rules, so that the server refuses none of its lines. Same seed, start,\n"
    "prefix and log: same lines. Rates, delays and the summon radius are SimulationProfile's (data/simulator.h).\n"
    "  --to HOST:PORT     the feed server ([::1]:PORT for IPv6)\n"
    "  --rate R|max       lines per second of wall time, the day's mean (default 5): the simulated clock's\n"
    "                     day-and-night rhythm makes it ~0.2x at 03:00 and ~2.2x at 10:00; 'max' sends as fast\n"
    "                     as the window allows (a simulated 20 lines/s, whatever the wall clock), for throughput\n"
    "  --flat             no day-and-night rhythm: --rate lines per second at every hour (for load tests)\n"
    "  --duration S       stop sending after S seconds of wall time; --count N: after N lines (default: until\n"
    "                     Ctrl-C, or the end of the CSV); then wait up to --wait S (default 10) for the answers\n"
    "  --seed N           the simulation's seed (default 1)\n"
    "  --speed X          the simulated (or replayed) clock runs X times faster than wall time; '60x' or 60\n"
    "                     (default 1): lifecycle steps, minutes apart in simulated time, land sooner\n"
    "  --window N         at most N lines sent and not yet answered (default 2000)\n"
    "  --id-prefix P      case ids are P and a six-digit number (default SIMyyyymmddThhmmss- from the wall clock\n"
    "                     at the start, so that runs against the same log do not collide)\n"
    "  --start TIME       the simulated clock's start, ISO 8601 (default: now; with --speed X > 1 and\n"
    "                     --duration S, S*(X-1) seconds ago, so that the run ends on the wall clock)\n"
    "Year (--profile year): a year (--days N, default 365, from --start, default 2026-01-01T00:00+08:00) at the\n"
    "seed's volume, ~231,000 cases, written straight into WORKSPACE's log by one writer in big transactions\n"
    "(no --to), with grid workers' day shifts (resource.status on and off) and a position an hour on duty, and\n"
    "snapshots every 25,000 events; prints the counts, the time taken and the log's size.\n"
    "CSV replay (--from-csv): every valid record becomes an incident.reported, sent in time order at its offset\n"
    "from the first record divided by --speed (--rate max: at once). Times are ISO 8601 (no offset: +08:00),\n"
    "'YYYY-MM-DD HH:MM[:SS]' or Unix seconds; they are shifted so that the first record is now, unless\n"
    "--keep-time. Coordinates are lon/lat unless --points-srs. The category is --category-field's value when it\n"
    "names a category (code or Chinese name), else a keyword match (垃圾 暴露 -> city_appearance,\n"
    "占道 乱停 parking vehicle -> street_order, 广告 横幅 sign -> advertising, 施工 渣土 -> construction,\n"
    "井盖 路灯 pothole streetlight -> public_facility, 火 积水 fire flood -> emergency), else city_appearance;\n"
    "the value is kept as the text. Ids are the prefix (default CSVyyyymmddThhmmss-) and --id-field's value, or\n"
    "the row number. A record with a bad coordinate, time or id is reported on stderr ('FILE row N: FIELD: why';\n"
    "rows count data rows from 1, as in assign) and skipped.\n"
    "Output: the server's errors on stderr (the first 10, then a count), and one summary line on stdout:\n"
    "  sent N lines (R reports, U updates, M resource events) to HOST:PORT in S s: O ok, E errors, W unanswered;\n"
    "  L lines/s acknowledged; ack latency p50 A ms, p99 B ms, max C ms\n"
    "(a replay says '(N records, K skipped)'); L counts 'ok' answers over the run, and the latency runs from\n"
    "writing a line to reading its answer.\n"
    "Exit status: 0 when every line sent was acknowledged ok, 1 when some were rejected, 2 for usage errors\n"
    "and connection failures (refused, closed early, answers missing after --wait).\n";

// [SECTION] options

namespace {

constexpr double kMaxRateSimulatedLines = 20;  // lines per simulated second under --rate max
constexpr int kErrorsShown = 10;
constexpr std::size_t kBatchLines = 512;

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) {
    g_interrupted = true;
    signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process
}

struct Target {
    std::string host, port;
    std::string label;  // HOST:PORT as given
};

Result<Target> ParseTarget(const std::string& text) {
    if (text.find(':') == std::string::npos) return Error{"--to '" + text + "' is not HOST:PORT"};
    auto hp = ParseHostPort(text);
    if (!hp || hp->port < 1) return Error{"--to '" + text + "' is not HOST:PORT (a port from 1 to 65535)"};
    return Target{hp->host, std::to_string(hp->port), text};
}

// A positive number, with an optional suffix ("60x", "5/s").
Result<double> ParsePositive(const std::string& option, const std::string& text, const std::string& suffix) {
    std::string number = text;
    if (!suffix.empty() && number.size() > suffix.size() &&
        number.compare(number.size() - suffix.size(), suffix.size(), suffix) == 0) {
        number.resize(number.size() - suffix.size());
    }
    char* end = nullptr;
    const double v = std::strtod(number.c_str(), &end);
    if (number.empty() || *end || !std::isfinite(v) || v <= 0) {
        return Error{"--" + option + " '" + text + "' is not a number above 0"};
    }
    return v;
}

Result<int> Connect(const Target& target) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found); rc != 0) {
        return Error{"cannot connect to " + target.label + ": " + gai_strerror(rc)};
    }
    std::string why = "no address";
    int fd = -1;
    for (addrinfo* a = found; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        why = std::strerror(errno);
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0) return Error{"cannot connect to " + target.label + ": " + why};
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// [SECTION] what is sent

using Clock = std::chrono::steady_clock;

// The next line to send and when, in seconds of wall time after the start.
struct Outgoing {
    std::string text;
    double due_s = 0;
    EventType type = EventType::kIncidentReported;
};

class LineSource {
  public:
    virtual ~LineSource() = default;
    // False at the end (a CSV's last record).
    virtual bool next(Outgoing& out) = 0;
};

class SimulatedLines : public LineSource {
  public:
    SimulatedLines(std::unique_ptr<IncidentSimulator> sim, std::int64_t start_ms, double speed)
        : sim_(std::move(sim)), start_ms_(start_ms), speed_(speed) {}
    bool next(Outgoing& out) override {
        Event e = sim_->next();
        e.sender = "simulator";  // the log records "simulator via PEER"
        out.text = FeedLine(e);
        out.due_s = static_cast<double>(e.t_ms - start_ms_) / 1000 / speed_;
        out.type = e.type;
        return true;
    }

  private:
    std::unique_ptr<IncidentSimulator> sim_;
    std::int64_t start_ms_;
    double speed_;
};

class ReplayedLines : public LineSource {
  public:
    ReplayedLines(std::vector<ReplayRecord> records, double speed) : records_(std::move(records)), speed_(speed) {}
    bool next(Outgoing& out) override {
        if (at_ >= records_.size()) return false;
        ReplayRecord& r = records_[at_++];
        r.event.sender = "csv-replay";
        out.text = FeedLine(r.event);
        out.due_s = static_cast<double>(r.offset_ms) / 1000 / speed_;
        out.type = r.event.type;
        return true;
    }

  private:
    std::vector<ReplayRecord> records_;
    std::size_t at_ = 0;
    double speed_;
};

// [SECTION] the connection

// Lines sent and not yet answered, the answers' tally, and the reader thread that keeps it.
class FeedConnection {
  public:
    FeedConnection(int fd, std::string label) : fd_(fd), label_(std::move(label)) {
        reader_ = std::thread([this] { read_answers(); });
    }
    ~FeedConnection() {
        stop_reading_ = true;
        if (reader_.joinable()) reader_.join();
        close(fd_);
    }

    // Waits until `n` more lines fit in the window, or the connection ends; false when it ended or Ctrl-C.
    bool wait_for_room(std::size_t n, std::size_t window) {
        std::unique_lock lock(mutex_);
        while (!closed_ && outstanding_.size() + n > window) {
            if (g_interrupted) return false;
            changed_.wait_for(lock, std::chrono::milliseconds(50));
        }
        return !closed_;
    }
    std::size_t room(std::size_t window) {
        std::lock_guard lock(mutex_);
        return outstanding_.size() >= window ? 0 : window - outstanding_.size();
    }

    // Writes lines (each ending in '\n'); false when the connection failed.
    bool send_lines(const std::string& bytes, std::size_t lines) {
        {
            std::lock_guard lock(mutex_);
            if (closed_) return false;
            const Clock::time_point now = Clock::now();
            for (std::size_t i = 0; i < lines; ++i) outstanding_.push_back({now, ++sent_});
        }
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                end("writing failed: " + std::string(std::strerror(errno)));
                return false;
            }
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Waits up to `seconds` for every line's answer; true when all came.
    bool drain(double seconds) {
        std::unique_lock lock(mutex_);
        const Clock::time_point until =
            Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        while (!closed_ && !outstanding_.empty() && Clock::now() < until && !g_interrupted) {
            changed_.wait_for(lock, std::chrono::milliseconds(50));
        }
        return outstanding_.empty();
    }

    struct Tally {
        std::int64_t sent = 0, ok = 0, errors = 0, unanswered = 0;
        std::vector<double> latency_ms;
        Clock::time_point last_answer;
        bool closed = false;
        std::string closed_why;
    };
    Tally tally() {
        std::lock_guard lock(mutex_);
        Tally t;
        t.sent = sent_;
        t.ok = ok_;
        t.errors = errors_;
        t.unanswered = static_cast<std::int64_t>(outstanding_.size());
        t.latency_ms = latency_ms_;
        t.last_answer = last_answer_;
        t.closed = closed_;
        t.closed_why = closed_why_;
        return t;
    }
    bool closed() {
        std::lock_guard lock(mutex_);
        return closed_;
    }

  private:
    struct Sent {
        Clock::time_point at;
        std::int64_t line;
    };

    void end(const std::string& why) {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            closed_ = true;
            closed_why_ = why;
        }
        changed_.notify_all();
    }

    void answer(const std::string& text) {
        const Clock::time_point now = Clock::now();
        std::lock_guard lock(mutex_);
        if (outstanding_.empty()) {
            std::fprintf(stderr, "gridlink: simulate: %s answered a line not sent: %s\n", label_.c_str(), text.c_str());
            return;
        }
        const Sent sent = outstanding_.front();
        outstanding_.pop_front();
        latency_ms_.push_back(std::chrono::duration<double, std::milli>(now - sent.at).count());
        last_answer_ = now;
        if (text.rfind("ok", 0) == 0) {
            ++ok_;
        } else {
            // "error line N: FIELD: message", or anything else the server says.
            if (++errors_ <= kErrorsShown) {
                std::fprintf(stderr, "gridlink: simulate: line %lld rejected: %s\n", static_cast<long long>(sent.line),
                             text.c_str());
            }
        }
        changed_.notify_all();
    }

    void read_answers() {
        std::string buffer;
        char chunk[65536];
        while (!stop_reading_) {
            pollfd p{fd_, POLLIN, 0};
            const int ready = poll(&p, 1, 50);
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) continue;
            const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                end(n == 0 ? "the server closed the connection"
                           : "reading failed: " + std::string(std::strerror(errno)));
                return;
            }
            buffer.append(chunk, static_cast<std::size_t>(n));
            std::size_t start = 0;
            for (std::size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
                std::string line = buffer.substr(start, nl - start);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (!line.empty()) answer(line);
            }
            buffer.erase(0, start);
        }
    }

    int fd_;
    std::string label_;
    std::thread reader_;
    std::atomic<bool> stop_reading_{false};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Sent> outstanding_;
    std::int64_t sent_ = 0, ok_ = 0, errors_ = 0;
    std::vector<double> latency_ms_;
    Clock::time_point last_answer_;
    bool closed_ = false;
    std::string closed_why_;
};

}  // namespace

// [SECTION] a simulated year, straight into the log

namespace {

// The year profile: the seed's volume, ~231,000 cases a year (~1.8 M lifecycle events) at kYearRate lines a
// simulated second through the simulator; grid workers on a day shift (08:00-18:00 local, +-20 min), signing on
// and off with resource.status and reporting their position every kYearPositionMinutes on duty (a walk of ~150 m
// steps around where they started). One writer, one transaction per kYearBatch events, snapshots every 25,000.
constexpr double kYearRate = 0.0557;
constexpr int kYearPositionMinutes = 120;
constexpr std::size_t kYearBatch = 20'000;
constexpr std::int64_t kMinuteMs = 60'000, kDayMs = 24 * 60 * kMinuteMs;

struct ShiftStep {
    std::int64_t t_ms;
    std::size_t worker;  // index into World::resources
    int kind;            // 0 sign on, 1 position, 2 sign off
    bool operator>(const ShiftStep& o) const { return t_ms != o.t_ms ? t_ms > o.t_ms : worker > o.worker; }
};

int SimulateYear(const Args& args) {
    if (args.has("to")) return Fail("simulate: --profile year writes straight into the workspace's log; drop --to");
    if (args.positional().empty()) return Fail("simulate: --profile year needs the WORKSPACE whose log it writes");
    const std::string path = args.positional()[0];
    auto seed = args.integer("seed", 1, 0, 1LL << 53);
    if (!seed) return Fail("simulate: " + seed.error());
    auto days = args.integer("days", 365, 1, 3660);
    if (!days) return Fail("simulate: " + days.error());
    auto start = ParseIsoTime(args.get("start", "2026-01-01T00:00:00+08:00"));
    if (!start) return Fail("simulate: --start: " + start.error());
    double rate = kYearRate;
    if (args.has("rate")) {
        auto r = ParsePositive("rate", args.get("rate"), "/s");
        if (!r) return Fail("simulate: " + r.error());
        rate = r.value();
    }
    const auto started = std::chrono::steady_clock::now();
    ReadReport report;
    auto read = ReadWorkspace(path, &report, true);
    if (!read) return Fail("simulate: " + read.error());
    World world = std::move(read.value());
    auto log = EventLog::Open(path);
    if (!log) return Fail("simulate: " + log.error());
    OpenedState opened;
    if (Status s = OpenFromSnapshots(*log.value(), world, &opened); !s) return Fail("simulate: " + s.error());
    const std::int64_t start_ms = std::max(start.value(), world.incidents.clock_ms);
    const std::int64_t end_ms = start_ms + days.value() * kDayMs;

    SimulatorOptions options;
    options.seed = static_cast<std::uint64_t>(seed.value());
    options.start_ms = start_ms;
    options.rate = rate;
    options.id_prefix = args.get("id-prefix", "Y" + std::to_string(seed.value()) + "-");
    options.profile = SimulationProfile::Year();
    auto simulator = IncidentSimulator::Create(world, options);
    if (!simulator) return Fail("simulate: " + simulator.error());
    SnapshotOptions snapshot_options;
    // Close together so that the state at any instant replays a short tail (~12,500 events on average), a full one
    // after 32 deltas (every ~825,000 events): 268 MB of snapshots on the year, against 191 MB every 100,000 and
    // 374 MB every 12,500 (which took only 5% off a review's jump; BENCHMARKS.md).
    snapshot_options.every = 25'000;
    snapshot_options.full_every = 32;
    auto snapshots = Snapshotter::Start(path, world, log.value()->last_seq(), opened.tail_min_t_ms, snapshot_options);
    if (!snapshots) return Fail("simulate: " + snapshots.error());

    // The shifts: every grid worker signs on each morning, reports its position while on duty, signs off.
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    if (!to_lonlat) return Fail("simulate: " + to_lonlat.error());
    auto to_world = Transform::Create(Crs::LonLat(), world.crs);  // reports are assigned as the feed assigns them
    if (!to_world) return Fail("simulate: " + to_world.error());
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed.value()) * 7919 + 1);
    std::uniform_real_distribution<double> jitter(-20, 20);
    std::normal_distribution<double> step(0, 150);
    std::priority_queue<ShiftStep, std::vector<ShiftStep>, std::greater<>> shifts;
    std::vector<Vec2> home;
    const std::int64_t first_day = start_ms - (start_ms + 8 * 3600'000LL) % kDayMs;  // local midnight (+08:00)
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        home.push_back(world.resources[i].position);
        if (world.resources[i].kind != ResourceKind::kGridWorker) continue;
        for (std::int64_t day = first_day; day < end_ms; day += kDayMs) {
            const std::int64_t on = day + 8 * 60 * kMinuteMs + static_cast<std::int64_t>(jitter(rng) * kMinuteMs);
            if (on >= start_ms) shifts.push({on, i, 0});
        }
    }

    std::vector<Event> batch;
    std::int64_t written = 0, shift_events = 0, moves = 0, refused = 0;
    auto flush = [&]() -> Status {
        if (batch.empty()) return {};
        if (Status s = log.value()->append(batch, {}); !s) return s;
        written += static_cast<std::int64_t>(batch.size());
        snapshots.value()->add(batch);
        batch.clear();
        return {};
    };
    Event next = simulator.value()->next();
    while (true) {
        const bool shift_first = !shifts.empty() && shifts.top().t_ms < next.t_ms;
        const std::int64_t t = shift_first ? shifts.top().t_ms : next.t_ms;
        if (t >= end_ms) break;
        if (!shift_first) {
            next.origin = "simulator";
            if (next.type == EventType::kIncidentReported) {
                Vec2 p{next.lon, next.lat};
                if (to_world->apply(p)) AssignEvent(*world.grid_index, world.grids, p, next);
            }
            batch.push_back(std::move(next));
            next = simulator.value()->next();
        } else {
            const ShiftStep shift = shifts.top();
            shifts.pop();
            const Resource& r = simulator.value()->world().resources[shift.worker];
            Event e;
            e.id = r.id;
            e.t_ms = shift.t_ms;
            e.t = FormatIsoTime(shift.t_ms);
            e.origin = "simulator shifts";
            if (shift.kind == 1) {
                if (r.status == ResourceStatus::kOffDuty) continue;
                Vec2 p{r.position.x + step(rng) + 0.2 * (home[shift.worker].x - r.position.x),
                       r.position.y + step(rng) + 0.2 * (home[shift.worker].y - r.position.y)};
                if (!to_lonlat->apply(p)) continue;
                e.type = EventType::kResourceMoved;
                e.lon = p.x;
                e.lat = p.y;
            } else {
                e.type = EventType::kResourceStatus;
                e.status = std::string(CodeOf(shift.kind == 0 ? ResourceStatus::kAvailable : ResourceStatus::kOffDuty));
                // A worker still on a case signs off when it is done: look again in a quarter of an hour.
                if (shift.kind == 2 && !r.task.empty()) {
                    shifts.push({shift.t_ms + 15 * kMinuteMs, shift.worker, 2});
                    continue;
                }
            }
            if (Status s = simulator.value()->observe(e); !s) {
                ++refused;
                continue;
            }
            ++shift_events;
            moves += e.type == EventType::kResourceMoved;
            if (shift.kind == 0) {
                const std::int64_t off =
                    shift.t_ms + 10 * 60 * kMinuteMs + static_cast<std::int64_t>(jitter(rng) * kMinuteMs);
                for (std::int64_t m = shift.t_ms + kYearPositionMinutes * kMinuteMs; m < off;
                     m += kYearPositionMinutes * kMinuteMs) {
                    shifts.push({m, shift.worker, 1});
                }
                shifts.push({off, shift.worker, 2});
            }
            batch.push_back(std::move(e));
        }
        if (batch.size() >= kYearBatch) {
            if (Status s = flush(); !s) return Fail("simulate: " + s.error());
        }
    }
    if (Status s = flush(); !s) return Fail("simulate: " + s.error());
    snapshots.value()->close();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const World& end = simulator.value()->world();
    std::int64_t closed = 0, cancelled = 0, returned = 0, late = 0;
    for (const Incident& c : end.incidents.cases) {
        closed += c.state == CaseState::kClosed;
        cancelled += c.state == CaseState::kCancelled;
        late += c.state == CaseState::kClosed && c.closed_ms > c.deadline_ms;
        for (const CaseHistoryEntry& h : c.history) returned += h.type == EventType::kIncidentReturned;
    }
    const std::size_t cases = end.incidents.cases.size();
    std::printf(
        "simulated %lld days from %s into %s: %lld events (%lld shift events, %lld of them positions; %lld refused), "
        "%zu cases: %.1f%% closed, %.1f%% cancelled, %lld closed late, %lld returns; %lld snapshots; in %.1f s "
        "(%.0f events/s), log %.0f MB\n",
        static_cast<long long>(days.value()), FormatIsoTime(start_ms).c_str(), path.c_str(),
        static_cast<long long>(written), static_cast<long long>(shift_events), static_cast<long long>(moves),
        static_cast<long long>(refused), cases, cases ? 100.0 * closed / cases : 0.0,
        cases ? 100.0 * cancelled / cases : 0.0, static_cast<long long>(late), static_cast<long long>(returned),
        static_cast<long long>(snapshots.value()->written()), seconds, written / std::max(seconds, 1e-9),
        std::filesystem::file_size(path) / 1e6);
    return 0;
}

}  // namespace

// [SECTION] the command

int CommandSimulate(const std::vector<std::string>& words) {
    if (WantsHelp(words)) return std::fputs(kSimulateHelp, stdout), 0;
    auto args = Args::Parse(
        words,
        {"to", "rate", "duration", "count", "seed", "speed", "window", "id-prefix", "start", "wait", "from-csv",
         "x-field", "y-field", "time-field", "category-field", "id-field", "points-srs", "profile", "days"},
        {"keep-time", "flat"});
    if (!args) return Fail("simulate: " + args.error());
    if (args->has("profile")) {
        if (args->get("profile") != "year")
            return Fail("simulate: --profile '" + args->get("profile") + "': only 'year'");
        return SimulateYear(args.value());
    }
    const bool replay = args->has("from-csv");
    if (args->positional().size() > 1) return Fail("simulate: unexpected argument '" + args->positional()[1] + "'");
    if (replay && !args->positional().empty()) {
        return Fail("simulate: --from-csv replays a CSV; drop the WORKSPACE '" + args->positional()[0] + "'");
    }
    if (!replay) {
        for (const char* option :
             {"x-field", "y-field", "time-field", "category-field", "id-field", "points-srs", "keep-time"}) {
            if (args->has(option)) return Fail(std::string("simulate: --") + option + " applies to --from-csv");
        }
    } else {
        if (!args->has("time-field")) return Fail("simulate: --from-csv needs --time-field F");
        for (const char* option : {"seed", "start", "flat"}) {
            if (args->has(option)) return Fail(std::string("simulate: --") + option + " does not apply to --from-csv");
        }
    }
    if (!args->has("to")) return Fail("simulate: --to HOST:PORT is required");
    auto target = ParseTarget(args->get("to"));
    if (!target) return Fail("simulate: " + target.error());

    const bool max_rate = args->get("rate") == "max";
    double rate = 5;
    if (args->has("rate") && !max_rate) {
        if (replay) return Fail("simulate: --rate with --from-csv is 'max' only; the records' times set the pace");
        auto r = ParsePositive("rate", args->get("rate"), "/s");
        if (!r) return Fail("simulate: " + r.error() + " (or 'max')");
        rate = r.value();
    }
    double speed = 1;
    if (args->has("speed")) {
        auto s = ParsePositive("speed", args->get("speed"), "x");
        if (!s) return Fail("simulate: " + s.error());
        speed = s.value();
    }
    std::optional<double> duration;
    if (args->has("duration")) {
        auto d = ParsePositive("duration", args->get("duration"), "s");
        if (!d) return Fail("simulate: " + d.error());
        duration = d.value();
    }
    double wait_s = 10;
    if (args->has("wait")) {
        auto w = ParsePositive("wait", args->get("wait"), "s");
        if (!w) return Fail("simulate: " + w.error());
        wait_s = w.value();
    }
    auto count = args->integer("count", 0, 1, 1LL << 50);
    if (!count) return Fail("simulate: " + count.error());
    auto window = args->integer("window", 2000, 1, 1000000);
    if (!window) return Fail("simulate: " + window.error());
    auto seed = args->integer("seed", 1, 0, 1LL << 53);
    if (!seed) return Fail("simulate: " + seed.error());
    const std::int64_t now_ms = WallClockMs();
    std::int64_t start_ms = now_ms;
    if (args->has("start")) {
        auto t = ParseRecordTime(args->get("start"));
        if (!t) return Fail("simulate: --start " + t.error());
        start_ms = t.value();
    } else if (!replay && speed > 1 && duration) {
        // A faster clock runs ahead of the wall, and the server refuses times more than a day ahead of
        // its own clock: start in the past so that the run ends on the wall clock.
        start_ms = now_ms - static_cast<std::int64_t>(*duration * (speed - 1) * 1000);
    } else if (!replay && speed > 1) {
        const double ahead_after_s = 86400 / (speed - 1);
        std::fprintf(stderr,
                     "gridlink: simulate: at --speed %g the simulated clock is a day ahead of the wall after %.0f s, "
                     "and the server refuses later lines; give --duration (the run then ends on the wall clock) "
                     "or --start\n",
                     speed, ahead_after_s);
    }
    const std::string prefix =
        args->has("id-prefix") ? args->get("id-prefix") : DefaultIdPrefix(now_ms, replay ? "CSV" : "SIM");

    // The lines: the simulator over the workspace, or the CSV's records.
    std::unique_ptr<LineSource> source;
    World world;
    std::int64_t skipped = 0;
    if (replay) {
        ReplaySpec spec;
        spec.path = args->get("from-csv");
        spec.x_field = args->get("x-field", "lon");
        spec.y_field = args->get("y-field", "lat");
        spec.time_field = args->get("time-field");
        spec.category_field = args->get("category-field");
        spec.id_field = args->get("id-field");
        spec.srs = args->get("points-srs");
        if (args->has("points-srs") && !Crs::FromUserInput(spec.srs)) {
            return Fail("simulate: --points-srs '" + spec.srs + "': unknown CRS");
        }
        spec.id_prefix = prefix;
        spec.start_ms = start_ms;
        spec.keep_time = args->has("keep-time");
        auto input = ReadReplayCsv(spec);
        if (!input) return Fail("simulate: " + input.error());
        for (const std::string& why : input->skipped) {
            std::fprintf(stderr, "gridlink: simulate: %s %s\n", spec.path.c_str(), why.c_str());
        }
        skipped = static_cast<std::int64_t>(input->skipped.size());
        source = std::make_unique<ReplayedLines>(std::move(input->records), speed);
    } else {
        std::string path;
        if (!args->positional().empty()) {
            path = args->positional()[0];
        } else {
            auto demo = DefaultWorkspace();
            if (!demo) return Fail("simulate: " + demo.error());
            path = demo.value();
        }
        ReadReport report;
        auto read = ReadWorkspace(path, &report, true);
        for (const std::string& w : report.warnings) std::fprintf(stderr, "gridlink: warning: %s\n", w.c_str());
        if (!read) return Fail("simulate: " + read.error());
        world = std::move(read.value());
        // Cases, tasks and statuses as the log leaves them (earlier runs, the seats): the simulator sends only
        // lines the server's rules take, and it must start from the World the server has.
        if (Status s = ReplayWorkspaceLog(path, world); !s) return Fail("simulate: " + s.error());
        SimulatorOptions options;
        options.seed = static_cast<std::uint64_t>(seed.value());
        options.start_ms = start_ms;
        options.rate = max_rate ? kMaxRateSimulatedLines : rate / speed;
        options.id_prefix = prefix;
        options.flat = args->has("flat");
        auto sim = IncidentSimulator::Create(world, options);
        if (!sim) return Fail(sim.error());
        source = std::make_unique<SimulatedLines>(std::move(sim.value()), start_ms, speed);
    }

    auto fd = Connect(target.value());
    if (!fd) return Fail("simulate: " + fd.error());
    g_interrupted = false;
    signal(SIGINT, OnInterrupt);
    std::int64_t reports = 0, updates = 0, resource_events = 0;
    const Clock::time_point start = Clock::now();
    double elapsed_s = 0;
    {
        FeedConnection connection(fd.value(), target->label);
        const std::size_t window_lines = static_cast<std::size_t>(window.value());
        const std::int64_t max_lines = count.value();
        std::int64_t queued = 0;
        Outgoing next;
        bool have = source->next(next);
        std::string batch;
        auto seconds_since_start = [&start] { return std::chrono::duration<double>(Clock::now() - start).count(); };
        bool cut_off = false;  // the connection ended before the lines did
        while (have && !g_interrupted) {
            if (connection.closed()) {
                cut_off = true;
                break;
            }
            if (max_lines && queued >= max_lines) break;
            if (duration && seconds_since_start() >= *duration) break;
            if (!max_rate) {
                // Sleep until the next line is due, waking to notice Ctrl-C and the end of --duration.
                double wait = next.due_s - seconds_since_start();
                if (duration) wait = std::min(wait, *duration - seconds_since_start());
                if (wait > 0) {
                    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait, 0.05)));
                    continue;
                }
            }
            if (!connection.wait_for_room(1, window_lines)) break;
            // A batch: every line due now that fits in the window.
            batch.clear();
            std::size_t lines = 0;
            const std::size_t room = std::min(connection.room(window_lines), kBatchLines);
            const double now_s = seconds_since_start();
            while (have && lines < room && (!max_lines || queued < max_lines) && (max_rate || next.due_s <= now_s)) {
                batch += next.text;
                batch += '\n';
                ++lines;
                ++queued;
                if (next.type == EventType::kIncidentReported) {
                    ++reports;
                } else if (IsIncidentEvent(next.type)) {
                    ++updates;
                } else {
                    ++resource_events;
                }
                have = source->next(next);
            }
            if (lines && !connection.send_lines(batch, lines)) {
                cut_off = true;
                break;
            }
        }
        connection.drain(wait_s);
        const FeedConnection::Tally t = connection.tally();
        elapsed_s = std::max(
            1e-9, std::chrono::duration<double>((t.ok + t.errors > 0 ? t.last_answer : Clock::now()) - start).count());
        if (t.errors > kErrorsShown) {
            std::fprintf(stderr, "gridlink: simulate: ... and %lld more lines rejected\n",
                         static_cast<long long>(t.errors - kErrorsShown));
        }
        std::string what;
        if (replay) {
            what = std::to_string(reports) + " records, " + std::to_string(skipped) + " skipped";
        } else {
            what = std::to_string(reports) + " reports, " + std::to_string(updates) + " updates, " +
                   std::to_string(resource_events) + " resource events";
        }
        std::printf(
            "sent %lld lines (%s) to %s in %.2f s: %lld ok, %lld errors, %lld unanswered; %.1f lines/s "
            "acknowledged; ack latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
            static_cast<long long>(t.sent), what.c_str(), target->label.c_str(), elapsed_s,
            static_cast<long long>(t.ok), static_cast<long long>(t.errors), static_cast<long long>(t.unanswered),
            static_cast<double>(t.ok) / elapsed_s, Percentile(t.latency_ms, 0.5), Percentile(t.latency_ms, 0.99),
            Percentile(t.latency_ms, 1));
        std::fflush(stdout);
        signal(SIGINT, SIG_DFL);
        if (t.unanswered > 0) {
            return Fail("simulate: " + std::to_string(t.unanswered) + " lines unanswered by " + target->label +
                        (t.closed ? " (" + t.closed_why + ")" : " after waiting " + args->get("wait", "10") + " s"));
        }
        if (cut_off) {
            return Fail("simulate: " + target->label + ": " + t.closed_why + " after " + std::to_string(t.sent) +
                        " lines");
        }
        if (t.errors > 0) return 1;
    }
    return 0;
}

}  // namespace gridlink
