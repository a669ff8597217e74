// The feed protocol: every field's errors name the field; lines and log payloads round-trip.
#include "data/feed_protocol.h"

#include <gtest/gtest.h>

#include "data/feed_server.h"
#include "engine/quoting.h"

namespace gridlink {
namespace {

const char* kReport =
    R"({"type":"incident.reported","id":"C1","t":"2026-11-27T09:30:00+08:00","lon":120.55,"lat":31.33,)"
    R"("category":"市容环境","priority":2,"source":"hotline_12345","text":"垃圾 rubbish"})";

TEST(FeedProtocol, ParsesAReport) {
    auto e = ParseFeedLine(kReport);
    ASSERT_TRUE(e) << e.error();
    EXPECT_EQ(e->type, EventType::kIncidentReported);
    EXPECT_EQ(e->id, "C1");
    EXPECT_EQ(e->t_ms, ParseIsoTime("2026-11-27T01:30:00Z").value());
    EXPECT_DOUBLE_EQ(e->lon, 120.55);
    EXPECT_EQ(kIncidentCategories[e->category].code, "city_appearance");
    EXPECT_EQ(e->priority, 2);
    EXPECT_EQ(e->text, "垃圾 rubbish");
}

TEST(FeedProtocol, ErrorsNameTheField) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "not JSON: "},
        {"[1,2]", "not a JSON object"},
        {R"({"id":"C","t":"2026-11-27T09:30:00Z"})", "type: missing"},
        {R"({"type":"incident.found","id":"C","t":"2026-11-27T09:30:00Z"})",
         "type: 'incident.found' is not an event type"},
        {R"({"type":"incident.registered","t":"2026-11-27T09:30:00Z"})", "id: missing"},
        {R"({"type":"incident.registered","id":7,"t":"2026-11-27T09:30:00Z"})", "id: must be a string, got 7"},
        {R"({"type":"incident.registered","id":"C"})", "t: missing"},
        {R"({"type":"incident.registered","id":"C","t":"09:30"})", "t: '09:30' is not an ISO 8601"},
        {R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lat":31,"category":"emergency"})",
         "lon: missing"},
        {R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lon":120,"lat":95,"category":"emergency"})",
         "lat: 95 is out of range -90..90"},
        {R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lon":"120","lat":31,"category":"emergency"})",
         "lon: must be a number, got \"120\""},
        {R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lon":120,"lat":31,"category":"litter"})",
         "category: 'litter' is not a category"},
        {R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lon":120,"lat":31,"category":"emergency","priority":7})",
         "priority: must be an integer 1 (most urgent) .. 4, got 7"},
        {R"({"type":"incident.dispatched","id":"C","t":"2026-11-27T09:30:00Z"})", "resource: missing"},
        {R"({"type":"resource.status","id":"W1","t":"2026-11-27T09:30:00Z"})", "status: missing"},
        {R"({"type":"resource.moved","id":"W1","t":"2026-11-27T09:30:00Z","lon":200,"lat":31})",
         "lon: 200 is out of range"},
    };
    for (const auto& [line, expected] : cases) {
        auto e = ParseFeedLine(line);
        ASSERT_FALSE(e) << line;
        EXPECT_EQ(e.error().rfind(expected, 0), 0u) << line << "\n  got: " << e.error();
    }
}

TEST(FeedProtocol, HostileLinesAreErrorsNeverExceptions) {
    const std::string head = R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z",)";
    const std::vector<std::pair<std::string, std::string>> cases = {
        // A number no double holds: nlohmann throws out_of_range, not parse_error, on the second parse.
        {head + R"("lon":1e309,"lat":31,"category":"emergency"})", "not JSON: number overflow parsing '1e309'"},
        {head + R"("lon":120,"lat":31,"category":"emergency","unknown":-1e400})", "not JSON: number overflow"},
        {std::string(200, '[') + std::string(200, ']'), "not a feed line: objects and arrays nested deeper than 8"},
        {head + R"("lon":120,"lat":31,"category":"emergency","x":)" + std::string(100000, '[') +
             std::string(100000, ']') + "}",
         "not a feed line: objects and arrays nested deeper than 8"},
        {R"({"type":"incident.registered","id":"A\nok 1","t":"2026-11-27T09:30:00Z"})",
         "id: contains a control character (U+000A) at byte 1"},
        {std::string(R"({"type":"incident.registered","id":"A\u0000x","t":"2026-11-27T09:30:00Z"})"),
         "id: contains a control character (U+0000) at byte 1"},
        {R"({"type":"incident.dispatched","id":"A","t":"2026-11-27T09:30:00Z","resource":"W\t1"})",
         "resource: contains a control character (U+0009)"},
        {R"({"type":"incident.summoned","id":"A","t":"2026-11-27T09:30:00Z","resources":["V1","V\u001b"],"radius_m":5})",
         "resources[1]: contains a control character (U+001B)"},
        {R"({"type":"incident.registered","id":{"a":[1,[2]]},"t":"2026-11-27T09:30:00Z"})",
         "id: must be a string, got an object"},
        {head + R"("lon":120,"lat":31,"category":"emergency","priority":18446744073709551615})",
         "priority: must be an integer 1 (most urgent) .. 4"},
        {head + R"("lon":120,"lat":31,"category":"emergency","priority":1e300})", "priority: must be an integer"},
    };
    for (const auto& [line, expected] : cases) {
        Result<Event> e = Error{"unset"};
        ASSERT_NO_THROW(e = ParseFeedLine(line)) << line.substr(0, 200);
        ASSERT_FALSE(e) << line.substr(0, 200);
        EXPECT_EQ(e.error().rfind(expected, 0), 0u) << line.substr(0, 200) << "\n  got: " << e.error();
        EXPECT_EQ(e.error().find('\n'), std::string::npos) << e.error();
    }
}

TEST(FeedProtocol, EchoedTextIsOneBoundedLine) {
    EXPECT_EQ(EscapeForAnswer("a\nb\tc\\d"), "a\\x0ab\\x09c\\\\d");
    EXPECT_EQ(EscapeForAnswer(std::string("A\0x", 3)), "A\\x00x");
    EXPECT_EQ(EscapeForAnswer(std::string(100, 'x'), 10), "xxxxxxxxxx...");
    // Cut on a UTF-8 boundary: never half of a character.
    const std::string cut = EscapeForAnswer("网格网格网格", 7);
    EXPECT_EQ(cut, "网格...");
}

TEST(FeedProtocol, LinesAndPayloadsRoundTrip) {
    auto e = ParseFeedLine(kReport);
    ASSERT_TRUE(e);
    auto again = ParseFeedLine(FeedLine(e.value()));
    ASSERT_TRUE(again) << FeedLine(e.value());
    EXPECT_EQ(FeedLine(again.value()), FeedLine(e.value()));
    // The log keeps the assignment; a sender's own grid field is not trusted.
    Event assigned = e.value();
    assigned.grid = "32050500300100103";
    auto logged = EventFromLog(42, EventPayload(assigned));
    ASSERT_TRUE(logged) << logged.error();
    EXPECT_EQ(logged->seq, 42);
    EXPECT_EQ(logged->grid, "32050500300100103");
    Event outside = e.value();
    outside.nearest_grid = "32050500800200104";
    outside.distance_m = 1234.567;
    logged = EventFromLog(43, EventPayload(outside));
    ASSERT_TRUE(logged);
    EXPECT_TRUE(logged->grid.empty());
    EXPECT_EQ(logged->nearest_grid, "32050500800200104");
    EXPECT_DOUBLE_EQ(logged->distance_m, 1234.57);
    auto sender_grid = ParseFeedLine(R"({"type":"incident.reported","id":"C","t":"2026-11-27T09:30:00Z","lon":120,)"
                                     R"("lat":31,"category":"emergency","grid":"999"})");
    ASSERT_TRUE(sender_grid);
    EXPECT_TRUE(sender_grid->grid.empty());
    EXPECT_EQ(EventFromLog(9, "{").error(), "event 9: payload is not JSON");
}

TEST(FeedProtocol, HostPort) {
    EXPECT_EQ(ParseHostPort("7800")->host, "127.0.0.1");
    EXPECT_EQ(ParseHostPort("7800")->port, 7800);
    EXPECT_EQ(ParseHostPort("0.0.0.0:80")->host, "0.0.0.0");
    EXPECT_EQ(ParseHostPort("[::1]:9000")->host, "::1");
    EXPECT_EQ(ParseHostPort("[::1]:9000")->port, 9000);
    EXPECT_FALSE(ParseHostPort("host:http"));
    EXPECT_FALSE(ParseHostPort("host:70000"));
}

}  // namespace
}  // namespace gridlink
