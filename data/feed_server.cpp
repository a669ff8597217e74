// The feed server: a network thread (poll over the listener and every connection), a stdin thread,
// and the writer thread that owns the ledger, the grid assignment and the event log. Lines from one
// connection are answered in the order they came; a line is answered only after its commit.
#include "feed_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "engine/quoting.h"
#include "feed_protocol.h"

namespace gridlink {

// [SECTION] addresses

Result<HostPort> ParseHostPort(const std::string& address, const std::string& default_host) {
    HostPort hp;
    std::string port;
    if (!address.empty() && address.front() == '[') {
        const auto close = address.find(']');
        if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':') {
            return Error{"address '" + address + "': expected [IPv6]:PORT"};
        }
        hp.host = address.substr(1, close - 1);
        port = address.substr(close + 2);
    } else if (const auto colon = address.rfind(':'); colon != std::string::npos) {
        hp.host = address.substr(0, colon);
        port = address.substr(colon + 1);
    } else {
        hp.host = default_host;
        port = address;
    }
    if (hp.host.empty()) hp.host = default_host;
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value < 0 || value > 65535) {
        return Error{"address '" + address + "': port '" + port + "' is not a number 0..65535"};
    }
    hp.port = static_cast<int>(value);
    return hp;
}

namespace {

constexpr std::int64_t kStdin = -1;
constexpr std::int64_t kInternal = -2;
constexpr std::int64_t kMaxAheadMs = 24LL * 3600 * 1000;  // how far ahead of the clock a line's `t` may be

std::string FormatCoordinate(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

std::string PeerName(const sockaddr_storage& address) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    port = ntohs(a->sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
}

// One line waiting for the writer.
struct QueuedLine {
    std::int64_t connection = 0;  // a connection id, kStdin or kInternal
    std::int64_t line = 0;
    std::string text;
    bool too_long = false;
    std::chrono::steady_clock::time_point received;
    std::int64_t received_ms = 0;
    std::shared_ptr<const std::string> peer;
    std::optional<Result<Event>> parsed;  // the line parsed, a report assigned to its grid (Impl::prepare)
    std::optional<Event> event;           // kInternal: the event itself
    std::promise<Status>* reply = nullptr;
};

struct Connection {
    std::int64_t id = 0;
    int fd = -1;
    std::shared_ptr<const std::string> peer;
    std::string input;
    std::int64_t line = 0;
    bool discarding = false;  // inside a line that was too long, until its end
    bool read_closed = false;
};

// What the writer has answered and the network thread has still to send, per connection.
struct Outbox {
    std::string data;
    std::int64_t pending = 0;  // lines queued and not yet answered
};

}  // namespace

// [SECTION] state

struct FeedServer::Impl {
    FeedOptions options;
    std::unique_ptr<EventLog> log;
    FeedContext context;
    OnDurable on_durable;
    std::optional<Transform> to_world;

    int listen_fd = -1;
    int wake[2] = {-1, -1};
    std::string address;

    std::mutex queue_mutex;
    std::condition_variable queue_cv;
    std::deque<QueuedLine> queue;
    bool writer_stop = false;

    std::mutex out_mutex;
    std::unordered_map<std::int64_t, Outbox> outboxes;
    std::mutex stdout_mutex;

    std::atomic<bool> stop_reading{false};  // take no more lines
    std::atomic<bool> network_stop{false};  // every answer is written: send them and end
    std::atomic<bool> stdin_eof{false};
    std::atomic<std::int64_t> stdin_pending{0};
    std::atomic<std::int64_t> lines{0}, accepted{0}, rejected{0}, commits{0}, connections{0};

    std::thread network_thread, writer_thread, stdin_thread;
    // Where the writer's time goes (GRIDLINK_TRACE): checking lines, and appending to the log.
    double check_seconds = 0, append_seconds = 0;

    ~Impl() {
        if (listen_fd >= 0) close(listen_fd);
        for (int fd : wake) {
            if (fd >= 0) close(fd);
        }
    }

    void poke() {
        const char byte = 1;
        [[maybe_unused]] ssize_t n = write(wake[1], &byte, 1);
    }

    std::size_t queued() {
        std::lock_guard lock(queue_mutex);
        return queue.size();
    }

    void enqueue(std::vector<QueuedLine>& lines_in) {
        if (lines_in.empty()) return;
        {
            std::lock_guard lock(queue_mutex);
            for (QueuedLine& l : lines_in) queue.push_back(std::move(l));
        }
        queue_cv.notify_one();
        lines_in.clear();
    }

    void network_loop();
    void stdin_loop();
    void writer_loop();
    // Splits what a connection sent into lines, queueing each; returns how many were queued.
    std::int64_t take_lines(Connection& c, std::string_view data, std::vector<QueuedLine>& out,
                            const Transform* to_world_here);
    // The work on a line that needs no ledger: its time against the clock, its position projected, and a
    // report assigned to its grid. Done by the thread that read the line (with its own Transform), so
    // that it overlaps the writer's commits. Never throws.
    Result<Event> prepare(Result<Event> parsed, const Transform* to_world_here, std::int64_t received_ms) const;
    // lon/lat -> the workspace's CRS, one per thread (a Transform is not shared between threads).
    Result<Transform> own_transform() const;
};

// [SECTION] network thread

Result<Event> FeedServer::Impl::prepare(Result<Event> parsed, const Transform* to_world_here,
                                        std::int64_t received_ms) const try {
    if (!parsed) return parsed;
    Event& e = parsed.value();
    // A time far ahead moves every seat's clock (all open cases overdue for good): refuse it here. The
    // log itself keeps any time it was given, so old logs still replay.
    if (e.t_ms > received_ms + kMaxAheadMs) {
        return Error{"t: '" + EscapeForAnswer(e.t, 64) + "' is more than a day ahead of this machine's clock (" +
                     FormatIsoTime(received_ms) + ")"};
    }
    const bool positioned = e.type == EventType::kIncidentReported || e.type == EventType::kResourceMoved;
    if (!positioned) return parsed;
    // Every position is projected now, as replay will project it: a point the workspace's CRS cannot take
    // is refused here rather than accepted and then stopping every later replay.
    Vec2 p{e.lon, e.lat};
    if (!to_world_here || !to_world_here->apply(p) || !std::isfinite(p.x) || !std::isfinite(p.y)) {
        return Error{"lon/lat: " + FormatCoordinate(e.lon) + ", " + FormatCoordinate(e.lat) +
                     " cannot be projected into the workspace's CRS (" + context.crs.name() + ")"};
    }
    if (e.type == EventType::kIncidentReported && context.index && context.grids) {
        AssignEvent(*context.index, *context.grids, p, e);
    }
    return parsed;
} catch (const std::exception& ex) {
    return Error{std::string("not processed: ") + EscapeForAnswer(ex.what(), 200)};
}

Result<Transform> FeedServer::Impl::own_transform() const { return Transform::Create(Crs::LonLat(), context.crs); }

std::int64_t FeedServer::Impl::take_lines(Connection& c, std::string_view data, std::vector<QueuedLine>& out,
                                          const Transform* to_world_here) {
    std::int64_t queued_lines = 0;
    const auto now = std::chrono::steady_clock::now();
    const std::int64_t now_ms = WallClockMs();
    auto queue_line = [&](std::string text, bool too_long) {
        ++c.line;
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.pop_back();
        if (!too_long && text.find_first_not_of(" \t") == std::string::npos) return;  // blank: no answer
        QueuedLine q;
        q.connection = c.id;
        q.line = c.line;
        q.text = std::move(text);
        q.too_long = too_long;
        if (!too_long) q.parsed = prepare(ParseFeedLine(q.text), to_world_here, now_ms);
        q.received = now;
        q.received_ms = now_ms;
        q.peer = c.peer;
        out.push_back(std::move(q));
        ++queued_lines;
    };
    std::size_t at = 0;
    while (at < data.size()) {
        const std::size_t newline = data.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? data.size() : newline;
        if (c.discarding) {
            if (newline != std::string_view::npos) c.discarding = false;
        } else {
            c.input.append(data.substr(at, end - at));
            if (c.input.size() > options.max_line_bytes) {
                // Answered in turn by the writer; the rest of the line is dropped as it comes.
                queue_line(c.input.substr(0, 4096), true);
                c.input.clear();
                c.discarding = newline == std::string_view::npos;
            } else if (newline != std::string_view::npos) {
                queue_line(std::move(c.input), false);
                c.input.clear();
            }
        }
        at = newline == std::string_view::npos ? data.size() : newline + 1;
    }
    return queued_lines;
}

void FeedServer::Impl::network_loop() {
    std::unordered_map<std::int64_t, Connection> open;
    std::int64_t next_id = 1;
    const Result<Transform> own = own_transform();
    const Transform* here = own ? &own.value() : nullptr;
    std::vector<char> buffer(64 * 1024);
    std::vector<QueuedLine> batch;
    std::vector<pollfd> fds;
    std::vector<std::int64_t> ids;
    const std::size_t throttle_at = 64 * 1024;               // queued lines: stop reading until the writer catches up
    std::chrono::steady_clock::time_point flush_deadline{};  // when stopping: give up on slow readers

    auto close_connection = [&](std::int64_t id) {
        auto it = open.find(id);
        if (it == open.end()) return;
        close(it->second.fd);
        open.erase(it);
        std::lock_guard lock(out_mutex);
        outboxes.erase(id);
    };

    while (true) {
        const bool stopping = stop_reading.load();
        const bool throttled = queued() > throttle_at;
        fds.clear();
        ids.clear();
        fds.push_back({wake[0], POLLIN, 0});
        ids.push_back(0);
        if (listen_fd >= 0 && !stopping) {
            fds.push_back({listen_fd, POLLIN, 0});
            ids.push_back(0);
        }
        bool unsent = false;
        {
            std::lock_guard lock(out_mutex);
            for (auto& [id, c] : open) {
                short events = 0;
                auto box = outboxes.find(id);
                // A sender that does not read its answers is not read from either, past 4 MiB of them.
                const bool backlog = box != outboxes.end() && box->second.data.size() > (4u << 20);
                if (!c.read_closed && !throttled && !stopping && !backlog) events |= POLLIN;
                if (box != outboxes.end() && !box->second.data.empty()) {
                    events |= POLLOUT;
                    unsent = true;
                }
                fds.push_back({c.fd, events, 0});
                ids.push_back(id);
            }
        }
        if (network_stop.load() && (!unsent || std::chrono::steady_clock::now() > flush_deadline)) break;
        if (network_stop.load() && flush_deadline == std::chrono::steady_clock::time_point{}) {
            flush_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        }
        const int ready = poll(fds.data(), fds.size(), throttled || stopping ? 5 : 1000);
        if (ready < 0 && errno != EINTR) break;
        if (fds[0].revents & POLLIN) {
            char drain[256];
            while (read(wake[0], drain, sizeof drain) > 0) {
            }
        }
        std::size_t first_connection = 1;
        if (listen_fd >= 0 && !stopping) {
            first_connection = 2;
            if (fds[1].revents & POLLIN) {
                sockaddr_storage from{};
                socklen_t length = sizeof from;
                const int fd =
                    accept4(listen_fd, reinterpret_cast<sockaddr*>(&from), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (fd >= 0) {
                    if (static_cast<int>(open.size()) >= options.max_connections) {
                        const std::string refusal =
                            "error: too many connections (limit " + std::to_string(options.max_connections) + ")\n";
                        [[maybe_unused]] ssize_t n = send(fd, refusal.data(), refusal.size(), MSG_NOSIGNAL);
                        close(fd);
                    } else {
                        const int one = 1;
                        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                        Connection c;
                        c.id = next_id++;
                        c.fd = fd;
                        c.peer = std::make_shared<const std::string>(PeerName(from));
                        {
                            std::lock_guard lock(out_mutex);
                            outboxes[c.id];
                        }
                        open.emplace(c.id, std::move(c));
                        ++connections;
                    }
                }
            }
        }
        for (std::size_t i = first_connection; i < fds.size(); ++i) {
            auto it = open.find(ids[i]);
            if (it == open.end()) continue;
            Connection& c = it->second;
            if (fds[i].revents & POLLOUT) {
                bool broken = false;
                {
                    std::lock_guard lock(out_mutex);
                    std::string& data = outboxes[c.id].data;
                    const ssize_t sent = send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
                    if (sent > 0) data.erase(0, static_cast<std::size_t>(sent));
                    broken = sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
                }
                // The sender hung up without reading its answers (EPIPE, ECONNRESET): nobody will read
                // them. Its lines already taken are still stored; the slot is freed now.
                if (broken) {
                    close_connection(c.id);
                    continue;
                }
            }
            if ((fds[i].revents & (POLLHUP | POLLERR)) && c.read_closed) {
                // Nothing more to read and the peer is gone: poll would report this at once, forever.
                close_connection(c.id);
                continue;
            }
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t got = recv(c.fd, buffer.data(), buffer.size(), 0);
                if (got > 0) {
                    const std::int64_t queued_lines = take_lines(c, std::string_view(buffer.data(), got), batch, here);
                    if (queued_lines > 0) {
                        std::lock_guard lock(out_mutex);
                        outboxes[c.id].pending += queued_lines;
                    }
                    enqueue(batch);
                } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                    // The sender finished (or failed): a last unterminated line still counts.
                    if (got == 0 && !c.input.empty() && !c.discarding) {
                        std::string rest = std::move(c.input);
                        c.input.clear();
                        const std::int64_t queued_lines = take_lines(c, rest + "\n", batch, here);
                        std::lock_guard lock(out_mutex);
                        outboxes[c.id].pending += queued_lines;
                    }
                    enqueue(batch);
                    c.read_closed = true;
                    if (got < 0) close_connection(c.id);
                }
            }
        }
        // A connection whose sender is done closes once every answer has gone out.
        std::vector<std::int64_t> finished;
        {
            std::lock_guard lock(out_mutex);
            for (auto& [id, c] : open) {
                const Outbox& box = outboxes[id];
                if ((c.read_closed || stopping) && box.pending == 0 && box.data.empty()) finished.push_back(id);
            }
        }
        for (std::int64_t id : finished) close_connection(id);
    }
    for (auto& [id, c] : open) close(c.fd);
}

// [SECTION] stdin thread

void FeedServer::Impl::stdin_loop() {
    const Result<Transform> own = own_transform();
    const Transform* here = own ? &own.value() : nullptr;
    Connection c;
    c.id = kStdin;
    c.peer = std::make_shared<const std::string>("stdin");
    std::vector<char> buffer(64 * 1024);
    std::vector<QueuedLine> batch;
    while (!stop_reading.load()) {
        pollfd fd{0, POLLIN, 0};
        if (poll(&fd, 1, 100) <= 0) continue;
        const ssize_t got = read(0, buffer.data(), buffer.size());
        if (got > 0) {
            stdin_pending += take_lines(c, std::string_view(buffer.data(), got), batch, here);
            enqueue(batch);
        } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
            if (!c.input.empty() && !c.discarding) {
                std::string rest = std::move(c.input);
                c.input.clear();
                stdin_pending += take_lines(c, rest + "\n", batch, here);
                enqueue(batch);
            }
            break;
        }
    }
    stdin_eof = true;
}

// [SECTION] writer thread

void FeedServer::Impl::writer_loop() {
    std::vector<QueuedLine> lines_now;
    std::vector<Event> events;
    std::vector<std::size_t> event_line;  // events[i] came from lines_now[event_line[i]]
    std::vector<RejectedLine> rejects;
    std::vector<std::string> answers;
    // Events other writers (another seat, an ingest node) appended: into the ledger, and on to the seat.
    std::vector<DurableEvent> foreign;
    bool foreign_failed = false;
    auto read_foreign = [&]() -> Status {
        const auto now = std::chrono::steady_clock::now();
        Status s = log->read_new([&](const Event& e) {
            RecordEvent(context.ledger, e);
            foreign.push_back({e, now});
            return Status();
        });
        if (!s && !foreign_failed) std::fprintf(stderr, "gridlink: feed: %s\n", s.error().c_str());
        foreign_failed = !s;
        return s;
    };
    // Events stored in this round, with the line each came from, in log order.
    std::vector<std::pair<Event, std::size_t>> durable_events;
    // Checks lines [from, to) against the ledger and appends them in one transaction: their answers,
    // "ok SEQ" or an error naming the line. Nothing a line holds can throw out of here.
    auto commit_lines = [&](std::size_t from, std::size_t to) -> Status {
        events.clear();
        event_line.clear();
        rejects.clear();
        // With the write lock held, catch up with other writers first: lines are checked against the
        // log's true end. Only this batch's own lines can be rolled back from the ledger.
        Status locked = log->begin();
        if (locked) locked = read_foreign();
        context.ledger.begin_batch();
        for (std::size_t i = from; i < to; ++i) {
            QueuedLine& q = lines_now[i];
            Result<Event> parsed = Error{"line longer than " + std::to_string(options.max_line_bytes) + " bytes"};
            if (q.event) {
                parsed = prepare(*q.event, to_world ? &*to_world : nullptr, q.received_ms);
            } else if (q.parsed) {
                parsed = *q.parsed;
            }
            if (parsed) {
                // Who sent it: the server's own view of the peer, never what the line claims alone.
                Event& e = parsed.value();
                if (!q.event) e.origin = e.sender.empty() ? "feed " + *q.peer : e.sender + " via " + *q.peer;
                if (e.origin.empty()) e.origin = *q.peer;
            }
            Status checked = parsed ? Status() : Status(Error{parsed.error()});
            try {
                if (checked) checked = CheckEvent(context.ledger, parsed.value());
                if (checked) RecordEvent(context.ledger, parsed.value());
            } catch (const std::exception& ex) {
                checked = Error{std::string("not processed: ") + EscapeForAnswer(ex.what(), 200)};
            }
            if (!checked) {
                answers[i] = "error line " + std::to_string(q.line) + ": " + checked.error();
                rejects.push_back(
                    {q.received_ms, *q.peer, q.line, q.event ? FeedLine(*q.event) : q.text, checked.error()});
                continue;
            }
            events.push_back(std::move(parsed.value()));
            event_line.push_back(i);
        }
        const auto checked_at = std::chrono::steady_clock::now();
        Status stored = locked ? log->append(events, rejects) : locked;
        if (!locked) (void)log->append({}, {});  // ends a transaction begun before the catch-up failed
        append_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - checked_at).count();
        if (!stored) {
            // Nothing of these lines was written: forget them in the ledger too, and say so on each.
            context.ledger.rollback_batch();
            for (std::size_t i = from; i < to; ++i) {
                answers[i] = "error line " + std::to_string(lines_now[i].line) + ": not stored: " + stored.error();
            }
            std::fprintf(stderr, "gridlink: feed: %s\n", OneLine(stored.error()).c_str());
            return stored;
        }
        for (std::size_t k = 0; k < events.size(); ++k) {
            answers[event_line[k]] = "ok " + std::to_string(events[k].seq);
            durable_events.emplace_back(std::move(events[k]), event_line[k]);
        }
        ++commits;
        accepted += static_cast<std::int64_t>(events.size());
        rejected += static_cast<std::int64_t>(rejects.size());
        return {};
    };
    while (true) {
        {
            // Idle, the writer still looks at the log's end four times a second.
            std::unique_lock lock(queue_mutex);
            queue_cv.wait_for(lock, std::chrono::milliseconds(250), [&] { return !queue.empty() || writer_stop; });
            if (queue.empty() && writer_stop) break;
            lines_now.clear();
            while (!queue.empty() && lines_now.size() < options.max_batch) {
                lines_now.push_back(std::move(queue.front()));
                queue.pop_front();
            }
        }
        foreign.clear();
        if (lines_now.empty()) {
            (void)read_foreign();
            if (!foreign.empty() && on_durable) on_durable(std::move(foreign));
            continue;
        }
        const auto batch_start = std::chrono::steady_clock::now();
        answers.assign(lines_now.size(), {});
        durable_events.clear();
        // One commit for the whole group; if the database refuses it, each line alone, so that only the
        // line it refuses fails (its answer says "not stored") and the others are stored.
        Status stored = commit_lines(0, lines_now.size());
        if (!stored && lines_now.size() > 1) {
            for (std::size_t i = 0; i < lines_now.size(); ++i) (void)commit_lines(i, i + 1);
        }
        check_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_start).count();
        lines += static_cast<std::int64_t>(lines_now.size());

        // Answers, in the order the lines came.
        bool to_network = false;
        std::string to_stdout;
        std::int64_t from_stdin = 0;
        {
            std::lock_guard lock(out_mutex);
            for (std::size_t i = 0; i < lines_now.size(); ++i) {
                const QueuedLine& q = lines_now[i];
                if (q.connection == kStdin) {
                    to_stdout += OneLine(answers[i]) + "\n";
                    ++from_stdin;
                } else if (q.connection > 0) {
                    auto box = outboxes.find(q.connection);
                    if (box == outboxes.end()) continue;  // the sender has gone
                    box->second.data += OneLine(answers[i]) + "\n";
                    --box->second.pending;
                    to_network = true;
                }
            }
        }
        if (!to_stdout.empty()) {
            std::lock_guard lock(stdout_mutex);
            std::fwrite(to_stdout.data(), 1, to_stdout.size(), stdout);
            std::fflush(stdout);
        }
        stdin_pending -= from_stdin;
        if (to_network) poke();
        for (std::size_t i = 0; i < lines_now.size(); ++i) {
            if (lines_now[i].reply) {
                const std::string& a = answers[i];
                lines_now[i].reply->set_value(a.rfind("ok ", 0) == 0 ? Status() : Status(Error{a}));
            }
        }
        if (on_durable && (!foreign.empty() || !durable_events.empty())) {
            // Foreign events and this round's own, in log order (a foreign event read between two
            // single-line commits sits between them).
            std::vector<DurableEvent> durable = std::move(foreign);
            for (auto& [event, line] : durable_events) durable.push_back({std::move(event), lines_now[line].received});
            std::stable_sort(durable.begin(), durable.end(),
                             [](const DurableEvent& a, const DurableEvent& b) { return a.event.seq < b.event.seq; });
            on_durable(std::move(durable));
        }
    }
}

// [SECTION] starting and stopping

FeedServer::FeedServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<FeedServer>> FeedServer::Start(const FeedOptions& options, std::unique_ptr<EventLog> log,
                                                      FeedContext context, OnDurable on_durable) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->log = std::move(log);
    impl->context = std::move(context);
    impl->on_durable = std::move(on_durable);
    auto to_world = impl->own_transform();
    if (!to_world) return Error{"feed: " + to_world.error()};
    impl->to_world.emplace(std::move(to_world.value()));
    if (pipe2(impl->wake, O_NONBLOCK | O_CLOEXEC) != 0)
        return Error{std::string("feed: pipe: ") + std::strerror(errno)};

    if (!options.listen.empty()) {
        auto hp = ParseHostPort(options.listen);
        if (!hp) return Error{"--listen: " + hp.error()};
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(hp->port);
        if (int rc = getaddrinfo(hp->host.c_str(), port.c_str(), &hints, &found); rc != 0) {
            return Error{"--listen " + options.listen + ": " + gai_strerror(rc)};
        }
        std::string why = "no address";
        for (addrinfo* a = found; a; a = a->ai_next) {
            const int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
            if (fd < 0) continue;
            const int one = 1;
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 128) == 0) {
                impl->listen_fd = fd;
                break;
            }
            why = std::strerror(errno);
            close(fd);
        }
        freeaddrinfo(found);
        if (impl->listen_fd < 0) return Error{"--listen " + options.listen + ": cannot listen: " + why};
        sockaddr_storage bound{};
        socklen_t length = sizeof bound;
        getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&bound), &length);
        impl->address = PeerName(bound);
    }
    Impl* raw = impl.get();
    raw->writer_thread = std::thread([raw] { raw->writer_loop(); });
    raw->network_thread = std::thread([raw] { raw->network_loop(); });
    if (options.read_stdin) {
        raw->stdin_thread = std::thread([raw] { raw->stdin_loop(); });
    } else {
        raw->stdin_eof = true;
    }
    return std::unique_ptr<FeedServer>(new FeedServer(std::move(impl)));
}

FeedServer::~FeedServer() {
    Impl& s = *impl_;
    // Stop taking lines, answer every line already taken, send the answers, then close.
    s.stop_reading = true;
    s.poke();
    if (s.stdin_thread.joinable()) s.stdin_thread.join();
    {
        std::lock_guard lock(s.queue_mutex);
        s.writer_stop = true;
    }
    s.queue_cv.notify_one();
    if (s.writer_thread.joinable()) s.writer_thread.join();
    s.network_stop = true;
    s.poke();
    if (s.network_thread.joinable()) s.network_thread.join();
    if (std::getenv("GRIDLINK_TRACE")) {
        std::fprintf(stderr, "feed writer: %lld lines in %lld commits: checking %.3f s, appending to the log %.3f s\n",
                     static_cast<long long>(s.lines.load()), static_cast<long long>(s.commits.load()), s.check_seconds,
                     s.append_seconds);
    }
}

std::string FeedServer::address() const { return impl_->address; }

Status FeedServer::submit(const Event& event) {
    std::promise<Status> reply;
    std::future<Status> done = reply.get_future();
    {
        std::lock_guard lock(impl_->queue_mutex);
        if (impl_->writer_stop) return Error{"the feed is stopping"};
        QueuedLine q;
        q.connection = kInternal;
        q.event = event;
        q.received = std::chrono::steady_clock::now();
        q.received_ms = WallClockMs();
        q.peer = std::make_shared<const std::string>(event.origin.empty() ? "workstation" : event.origin);
        q.reply = &reply;
        impl_->queue.push_back(std::move(q));
    }
    impl_->queue_cv.notify_one();
    return done.get();
}

bool FeedServer::stdin_done() const { return impl_->stdin_eof.load() && impl_->stdin_pending.load() == 0; }

FeedStats FeedServer::stats() const {
    return {impl_->lines.load(), impl_->accepted.load(), impl_->rejected.load(), impl_->commits.load(),
            impl_->connections.load()};
}

}  // namespace gridlink
