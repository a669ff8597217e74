// The feed protocol: JSON lines to Events and back, with nlohmann::json (Debian's nlohmann-json3-dev).
#include "feed_protocol.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/quoting.h"

namespace gridlink {

namespace {

using Json = nlohmann::ordered_json;  // keeps type, id and t first in the log, as senders write them

// What an answer may echo of a sender's text: quoted, control characters and quotes escaped, at most 64
// bytes, so that no echoed value can break "exactly one answer line per line".
std::string Quote(std::string_view text) {
    std::string out = "'";
    out.append(EscapeForAnswer(text, 64)).append("'");
    return out;
}

// A value as an error shows it: scalars as JSON (at most 64 bytes), objects and arrays by kind only
// (dumping a deeply nested value could exhaust the stack).
std::string Shown(const Json& value) {
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    return EscapeForAnswer(value.dump(-1, ' ', false, Json::error_handler_t::replace), 64);
}

// Identifiers (ids, resource ids, statuses) are printed in TSV, answers and panels: no control characters.
Status RefuseControlCharacters(std::string_view field, std::string_view value) {
    std::string why = ControlCharacterError(field, value);
    if (why.empty()) return {};
    return Error{std::move(why)};
}

// How deep objects and arrays nest, without parsing (strings skipped); stops counting past `limit`.
int NestingDepth(std::string_view line, int limit) {
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) return deepest;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

constexpr int kMaxNesting = 8;  // a feed line is one flat object; `resources` is one array inside it

// A required string field; error names it.
Status RequireString(const Json& object, const char* field, std::string& out) {
    auto it = object.find(field);
    if (it == object.end()) return Error{std::string(field) + ": missing"};
    if (!it->is_string()) return Error{std::string(field) + ": must be a string, got " + Shown(*it)};
    out = it->get<std::string>();
    if (out.empty()) return Error{std::string(field) + ": empty"};
    return RefuseControlCharacters(field, out);
}

// An optional string field.
Status OptionalString(const Json& object, const char* field, std::string& out) {
    auto it = object.find(field);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) return Error{std::string(field) + ": must be a string, got " + Shown(*it)};
    out = it->get<std::string>();
    return {};
}

Status RequireNumber(const Json& object, const char* field, double low, double high, double& out) {
    auto it = object.find(field);
    if (it == object.end()) return Error{std::string(field) + ": missing"};
    if (!it->is_number()) return Error{std::string(field) + ": must be a number, got " + Shown(*it)};
    out = it->get<double>();
    if (!std::isfinite(out) || out < low || out > high) {
        char range[64];
        std::snprintf(range, sizeof range, " is out of range %g..%g", low, high);
        return Error{std::string(field) + ": " + Shown(*it) + range};
    }
    return {};
}

std::string CategoryList() {
    std::string list;
    for (const IncidentCategory& c : kIncidentCategories) {
        list += (list.empty() ? "" : ", ") + std::string(c.code);
    }
    return list;
}

Result<Event> FromJson(const Json& object) {
    if (!object.is_object()) return Error{"not a JSON object"};
    Event e;
    std::string type;
    if (Status s = RequireString(object, "type", type); !s) return Error{s.error()};
    auto parsed_type = EventTypeFromName(type);
    if (!parsed_type) {
        std::string names;
        for (int i = 0; i < kEventTypeCount; ++i) {
            names += (i ? ", " : "") + std::string(EventTypeName(static_cast<EventType>(i)));
        }
        return Error{"type: " + Quote(type) + " is not an event type (" + names + ")"};
    }
    e.type = *parsed_type;
    if (Status s = RequireString(object, "id", e.id); !s) return Error{s.error()};
    if (e.id.size() > 128) return Error{"id: longer than 128 bytes"};
    if (Status s = RequireString(object, "t", e.t); !s) return Error{s.error()};
    auto t = ParseIsoTime(e.t);
    if (!t) return Error{"t: " + t.error()};
    e.t_ms = t.value();
    if (Status s = OptionalString(object, "sender", e.sender); !s) return Error{s.error()};
    if (e.sender.size() > 64) return Error{"sender: longer than 64 bytes"};
    if (Status s = RefuseControlCharacters("sender", e.sender); !s) return Error{s.error()};

    switch (e.type) {
        case EventType::kIncidentReported: {
            if (Status s = RequireNumber(object, "lon", -180, 180, e.lon); !s) return Error{s.error()};
            if (Status s = RequireNumber(object, "lat", -90, 90, e.lat); !s) return Error{s.error()};
            std::string category;
            if (Status s = RequireString(object, "category", category); !s) return Error{s.error()};
            e.category = FindCategory(category);
            if (e.category < 0) {
                return Error{"category: " + Quote(category) + " is not a category (" + CategoryList() +
                             ", or the Chinese names)"};
            }
            auto priority = object.find("priority");
            if (priority != object.end()) {
                if (!priority->is_number_integer() || priority->get<long long>() < 1 ||
                    priority->get<long long>() > 4) {
                    return Error{"priority: must be an integer 1 (most urgent) .. 4, got " + Shown(*priority)};
                }
                e.priority = priority->get<int>();
            }
            if (Status s = OptionalString(object, "source", e.source); !s) return Error{s.error()};
            if (Status s = OptionalString(object, "text", e.text); !s) return Error{s.error()};
            break;
        }
        case EventType::kIncidentDispatched:
        case EventType::kIncidentReassigned:
            if (Status s = RequireString(object, "resource", e.resource); !s) return Error{s.error()};
            if (Status s = OptionalString(object, "reason", e.reason); !s) return Error{s.error()};
            break;
        case EventType::kIncidentAccepted:
            if (Status s = OptionalString(object, "resource", e.resource); !s) return Error{s.error()};
            if (Status s = OptionalString(object, "reason", e.reason); !s) return Error{s.error()};
            break;
        case EventType::kIncidentSummoned: {
            auto list = object.find("resources");
            if (list == object.end()) return Error{"resources: missing"};
            if (!list->is_array()) return Error{"resources: must be an array of resource ids, got " + Shown(*list)};
            if (list->empty()) return Error{"resources: empty: name the volunteers summoned"};
            if (list->size() > 10000) return Error{"resources: more than 10000 ids"};
            for (std::size_t i = 0; i < list->size(); ++i) {
                const Json& id = (*list)[i];
                if (!id.is_string() || id.get_ref<const std::string&>().empty()) {
                    return Error{"resources[" + std::to_string(i) + "]: must be a resource id, got " + Shown(id)};
                }
                const std::string field = "resources[" + std::to_string(i) + "]";
                if (Status s = RefuseControlCharacters(field, id.get_ref<const std::string&>()); !s) {
                    return Error{s.error()};
                }
                e.resources.push_back(id.get<std::string>());
            }
            if (Status s = RequireNumber(object, "radius_m", 0, 100000, e.radius_m); !s) return Error{s.error()};
            if (Status s = OptionalString(object, "reason", e.reason); !s) return Error{s.error()};
            break;
        }
        case EventType::kResourceMoved:
            if (Status s = RequireNumber(object, "lon", -180, 180, e.lon); !s) return Error{s.error()};
            if (Status s = RequireNumber(object, "lat", -90, 90, e.lat); !s) return Error{s.error()};
            break;
        case EventType::kResourceStatus:
            if (Status s = RequireString(object, "status", e.status); !s) return Error{s.error()};
            break;
        default:
            if (Status s = OptionalString(object, "reason", e.reason); !s) return Error{s.error()};
            break;
    }
    return e;
}

Json ToJson(const Event& e) {
    Json j = Json::object();
    j["type"] = EventTypeName(e.type);
    j["id"] = e.id;
    j["t"] = e.t;
    if (!e.sender.empty()) j["sender"] = e.sender;
    switch (e.type) {
        case EventType::kIncidentReported:
            j["lon"] = e.lon;
            j["lat"] = e.lat;
            j["category"] = kIncidentCategories[std::max(0, e.category)].code;
            j["priority"] = e.priority;
            if (!e.source.empty()) j["source"] = e.source;
            if (!e.text.empty()) j["text"] = e.text;
            break;
        case EventType::kIncidentDispatched:
        case EventType::kIncidentReassigned:
        case EventType::kIncidentAccepted:
            if (!e.resource.empty()) j["resource"] = e.resource;
            if (!e.reason.empty()) j["reason"] = e.reason;
            break;
        case EventType::kIncidentSummoned:
            j["resources"] = e.resources;
            j["radius_m"] = e.radius_m;
            if (!e.reason.empty()) j["reason"] = e.reason;
            break;
        case EventType::kResourceMoved:
            j["lon"] = e.lon;
            j["lat"] = e.lat;
            break;
        case EventType::kResourceStatus: j["status"] = e.status; break;
        default:
            if (!e.reason.empty()) j["reason"] = e.reason;
            break;
    }
    return j;
}

}  // namespace

Result<Event> ParseFeedLine(std::string_view line) {
    if (NestingDepth(line, kMaxNesting) > kMaxNesting) {
        return Error{"not a feed line: objects and arrays nested deeper than " + std::to_string(kMaxNesting) +
                     " levels"};
    }
    // No exception may leave here, whatever the bytes: the parser's own (a number that overflows a double
    // is an out_of_range, not a parse_error) and any from reading the values.
    try {
        Json object = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (object.is_discarded()) {
            try {
                [[maybe_unused]] Json again = Json::parse(line);  // again, for the position of the fault
            } catch (const Json::exception& e) {
                std::string what = e.what();
                for (const char* start : {"parse error", "number overflow"}) {
                    if (const auto at = what.find(start); at != std::string::npos) {
                        what = what.substr(at);
                        break;
                    }
                }
                return Error{"not JSON: " + EscapeForAnswer(what, 200)};
            }
            return Error{"not JSON"};
        }
        return FromJson(object);
    } catch (const std::exception& e) {
        return Error{std::string("not a feed line: ") + EscapeForAnswer(e.what(), 200)};
    }
}

std::string FeedLine(const Event& event) { return ToJson(event).dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string EventPayload(const Event& event) {
    Json j = ToJson(event);
    j.erase("sender");  // the log keeps the origin the taker recorded, which includes it
    if (!event.origin.empty()) j["origin"] = event.origin;
    if (event.type == EventType::kIncidentReported) {
        if (!event.grid.empty()) {
            j["grid"] = event.grid;
        } else {
            j["outside"] = true;
            if (!event.nearest_grid.empty()) j["nearest_grid"] = event.nearest_grid;
            if (std::isfinite(event.distance_m)) j["distance_m"] = std::round(event.distance_m * 100) / 100;
        }
    }
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Event> EventFromLog(std::int64_t seq, std::string_view payload) try {
    Json object = Json::parse(payload, nullptr, false);
    if (object.is_discarded()) return Error{"event " + std::to_string(seq) + ": payload is not JSON"};
    auto e = FromJson(object);
    if (!e) return Error{"event " + std::to_string(seq) + ": " + e.error()};
    Event& event = e.value();
    event.seq = seq;
    if (auto it = object.find("grid"); it != object.end() && it->is_string()) event.grid = it->get<std::string>();
    if (auto it = object.find("nearest_grid"); it != object.end() && it->is_string()) {
        event.nearest_grid = it->get<std::string>();
    }
    if (auto it = object.find("distance_m"); it != object.end() && it->is_number()) {
        event.distance_m = it->get<double>();
    }
    if (auto it = object.find("origin"); it != object.end() && it->is_string()) event.origin = it->get<std::string>();
    event.sender.clear();
    return e;
} catch (const std::exception& e) {
    return Error{"event " + std::to_string(seq) + ": " + e.what()};
}

}  // namespace gridlink
