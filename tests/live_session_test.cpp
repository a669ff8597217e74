// The live session under every seat: it replays the log, takes commands through the one writer, applies
// at poll() what became durable (its own and other writers' events) and says what changed; every event
// records who sent it; one event the World cannot apply never stops the opening.
#include "data/live_session.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "data/event_log.h"
#include "data/feed_protocol.h"
#include "data/workspace.h"
#include "test_support.h"

namespace gridlink {
namespace {

using test::SmallWorkspace;

Event Reported(const std::string& id, std::int64_t t_ms) { return test::ReportEvent(id, 120.55, 31.33, t_ms); }

// Polls until `done` says so (the writer works on its own thread), at most 10 s.
SessionChanges PollUntil(LiveSession& session, const std::function<bool(const SessionChanges&)>& done) {
    SessionChanges all;
    for (int i = 0; i < 1000; ++i) {
        SessionChanges c = session.poll();
        for (auto& e : c.events) all.events.push_back(std::move(e));
        all.cases.insert(all.cases.end(), c.cases.begin(), c.cases.end());
        all.reported.insert(all.reported.end(), c.reported.begin(), c.reported.end());
        all.grids.insert(all.grids.end(), c.grids.begin(), c.grids.end());
        all.resources = all.resources || c.resources;
        if (done(all)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return all;
}

TEST(LiveSession, CommandsReachTheWorldAtPollWithWhatChangedAndWhoSentThem) {
    const std::string path = SmallWorkspace("session.gpkg");
    auto opened = LiveSession::Open(test::SmallDemo(), "demo", path);
    ASSERT_TRUE(opened) << opened.error();
    LiveSession& session = *opened.value();
    EXPECT_TRUE(session.read_only_reason().empty());
    SessionOptions options;
    options.origin = "workstation:alice";
    int wakes = 0;
    ASSERT_TRUE(session.start(options, [&wakes] { ++wakes; }));
    const std::int64_t now = WallClockMs();

    ASSERT_TRUE(session.submit(Reported("S1", now)));
    // Not applied by submit: only poll() changes the World, on the seat's thread.
    EXPECT_EQ(session.world().incidents.find("S1"), nullptr);
    SessionChanges c = PollUntil(session, [](const SessionChanges& got) { return !got.events.empty(); });
    ASSERT_EQ(c.events.size(), 1u);
    const Incident* s1 = session.world().incidents.find("S1");
    ASSERT_NE(s1, nullptr);
    const std::size_t index = session.world().incidents.by_id.at("S1");
    EXPECT_EQ(c.cases, std::vector<std::size_t>{index});
    EXPECT_EQ(c.reported, std::vector<std::size_t>{index});
    ASSERT_GE(s1->grid, 0);
    EXPECT_EQ(c.grids, std::vector<std::int64_t>{s1->grid});
    EXPECT_FALSE(c.resources);
    EXPECT_GE(wakes, 1);
    ASSERT_EQ(s1->history.size(), 1u);
    EXPECT_EQ(s1->history[0].origin, "workstation:alice");

    // A dispatch gives a resource a task: resources changed, the case is not new. The first resource the
    // log's rules accept is sent (a camera or an off-duty worker is refused, naming it).
    ASSERT_TRUE(session.submit(test::StepEvent(EventType::kIncidentRegistered, "S1", now + 1000)));
    PollUntil(session, [](const SessionChanges& got) { return !got.events.empty(); });
    bool dispatched = false;
    for (const Resource& r : session.world().resources) {
        Event dispatch = test::StepEvent(EventType::kIncidentDispatched, "S1", now + 2000, r.id);
        dispatch.origin = "workstation:bob";  // an event that names its origin keeps it
        Status sent = session.submit(dispatch);
        if (!sent) {
            EXPECT_NE(sent.error().find(r.id), std::string::npos) << sent.error();
            continue;
        }
        dispatched = true;
        break;
    }
    ASSERT_TRUE(dispatched);
    c = PollUntil(session, [](const SessionChanges& got) { return !got.events.empty(); });
    EXPECT_TRUE(c.resources);
    EXPECT_TRUE(c.reported.empty());
    EXPECT_EQ(c.cases, std::vector<std::size_t>{index});
    EXPECT_EQ(session.world().incidents.find("S1")->history.back().origin, "workstation:bob");
    // A refused command is an error for the seat, and nothing reaches the World.
    Status refused = session.submit(test::StepEvent(EventType::kIncidentClosed, "nobody", now + 3000));
    EXPECT_FALSE(refused);
    EXPECT_TRUE(session.poll().empty());

    // The log keeps the origin; a reopened session shows it.
    opened.value().reset();
    auto again = LiveSession::Open(test::SmallDemo(), "demo", path);
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ(again.value()->world().incidents.find("S1")->history[0].origin, "workstation:alice");
}

TEST(LiveSession, FollowsWhatAnotherWriterAppends) {
    const std::string path = SmallWorkspace("follow.gpkg");
    auto opened = LiveSession::Open(test::SmallDemo(), "demo", path);
    ASSERT_TRUE(opened) << opened.error();
    LiveSession& session = *opened.value();
    ASSERT_TRUE(session.start(SessionOptions{}));
    // An ingest node on the same workspace.
    auto other = EventLog::Open(path);
    ASSERT_TRUE(other) << other.error();
    std::vector<Event> events = {Reported("O1", WallClockMs()), Reported("O2", WallClockMs())};
    events[0].origin = "feed 10.0.0.7:4000";
    ASSERT_TRUE(other.value()->append(events, {}));
    SessionChanges c = PollUntil(session, [](const SessionChanges& got) { return got.events.size() >= 2; });
    EXPECT_EQ(c.reported.size(), 2u);
    ASSERT_NE(session.world().incidents.find("O1"), nullptr);
    EXPECT_EQ(session.world().incidents.find("O1")->history[0].origin, "feed 10.0.0.7:4000");
}

TEST(LiveSession, OneEventTheWorldCannotApplyDoesNotStopTheOpening) {
    const std::string path = SmallWorkspace("skip.gpkg");
    {
        auto log = EventLog::Open(path);
        ASSERT_TRUE(log);
        Event moved;
        moved.type = EventType::kResourceMoved;
        moved.id = test::SmallDemo().resources[0].id;
        moved.t_ms = WallClockMs();
        moved.t = FormatIsoTime(moved.t_ms);
        moved.lon = 30;  // outside what EPSG:4549 can take: an older version accepted such lines
        moved.lat = 0;
        std::vector<Event> events = {moved, Reported("after", WallClockMs())};
        ASSERT_TRUE(log.value()->append(events, {}));
    }
    auto opened = LiveSession::Open(test::SmallDemo(), "demo", path);
    ASSERT_TRUE(opened) << opened.error();
    EXPECT_EQ(opened.value()->replayed(), 1);
    EXPECT_NE(opened.value()->world().incidents.find("after"), nullptr);
}

TEST(LiveSession, ReadOnlyRefusesCommandsAndStart) {
    auto session = LiveSession::ReadOnly(test::SmallDemo(), "grids");
    EXPECT_FALSE(session->writable());
    EXPECT_FALSE(session->submit(Reported("X", WallClockMs())));
    Status s = session->start(SessionOptions{});
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().find("need a workspace with an event log"), std::string::npos) << s.error();
    EXPECT_TRUE(session->poll().empty());
    EXPECT_EQ(session->status_label(), "");
}

}  // namespace
}  // namespace gridlink
