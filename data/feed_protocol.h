// The feed protocol (docs/feed.md): one JSON object per line, turned into an Event or into an error
// that names the field. The same JSON, with the grid assignment added, is the payload the log keeps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/incident.h"
#include "engine/result.h"

namespace gridlink {

// Parses one feed line. Errors name the field: "lat: 95 is out of range -90..90",
// "type: 'incident.foo' is not an event type (...)", "not JSON: ...". Does not check the lifecycle
// (CheckEvent does) and ignores any grid fields a sender wrote (AssignEvent sets them).
Result<Event> ParseFeedLine(std::string_view line);

// The feed line for an event: what a sender writes (no seq, no assignment).
std::string FeedLine(const Event& event);

// The log's payload for an event: the feed line's fields plus the assignment of a report and the origin.
std::string EventPayload(const Event& event);

// Rebuilds an event from the log's row; errors name the seq.
Result<Event> EventFromLog(std::int64_t seq, std::string_view payload);

}  // namespace gridlink
