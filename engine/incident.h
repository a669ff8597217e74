// Events and the case lifecycle (DESIGN.md, "Case lifecycle"): what an Event says, which transitions
// are legal, and how an accepted Event changes the World. The World is a pure function of the log:
// ApplyEvent over the log's events in order rebuilds it exactly. JSON and SQLite live in data/.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "geometry.h"
#include "resource_kinds.h"
#include "result.h"

namespace gridlink {

struct World;
class GridIndex;
class GridSet;

// [SECTION] case states and categories

enum class CaseState : std::uint8_t {
    kReported,    // 上报
    kRegistered,  // 立案
    kDispatched,  // 派遣
    kAccepted,    // 接单
    kHandled,     // 处置
    kVerified,    // 核查
    kClosed,      // 结案
    kReturned,    // 退回
    kCancelled,   // 作废
};
inline constexpr int kCaseStateCount = 9;

std::string_view CaseStateName(CaseState state);   // "reported", as the feed writes it
std::string_view CaseStateLabel(CaseState state);  // "立案 registered", for panels
// Closed and cancelled cases are finished; every other state is open.
inline bool IsOpen(CaseState state) { return state != CaseState::kClosed && state != CaseState::kCancelled; }

// Categories of digital city management with the time allowed to close a case of each.
struct IncidentCategory {
    std::string_view code;  // as the feed writes it
    std::string_view name_zh;
    std::string_view name_en;
    int deadline_hours;
};
inline constexpr IncidentCategory kIncidentCategories[] = {
    {"city_appearance", "市容环境", "City appearance", 24},
    {"street_order", "街面秩序", "Street order", 4},
    {"construction", "施工管理", "Construction", 48},
    {"advertising", "宣传广告", "Advertising", 72},
    {"emergency", "突发事件", "Emergency", 2},
    {"public_facility", "公共设施", "Public facilities", 72},
};
inline constexpr int kCategoryCount = static_cast<int>(std::size(kIncidentCategories));
// When a case of `category` reported at `reported_ms` must be closed by.
inline std::int64_t DeadlineOf(int category, std::int64_t reported_ms) {
    return reported_ms + std::int64_t{kIncidentCategories[category].deadline_hours} * 3600 * 1000;
}
// The index of a category given by code or Chinese name; -1 when unknown.
int FindCategory(std::string_view code_or_name);

// [SECTION] events

enum class EventType : std::uint8_t {
    kIncidentReported,
    kIncidentRegistered,
    kIncidentDispatched,
    kIncidentAccepted,
    kIncidentHandled,
    kIncidentVerified,
    kIncidentClosed,
    kIncidentReturned,
    kIncidentCancelled,
    kIncidentReassigned,  // 改派: the task moves to another responder; the case stays dispatched
    kIncidentRecalled,    // 撤回: the dispatcher takes the task back; the case is registered again
    kIncidentSummoned,    // 一键召唤: volunteers within a radius are called; the case keeps its state
    kResourceMoved,
    kResourceStatus,
};
inline constexpr int kEventTypeCount = 14;

std::string_view EventTypeName(EventType type);  // "incident.reported"
std::optional<EventType> EventTypeFromName(std::string_view name);
inline bool IsIncidentEvent(EventType type) { return type <= EventType::kIncidentSummoned; }
// The state an incident event moves its case to (incident.summoned, and a summoned volunteer's
// incident.accepted, leave it where it is).
CaseState TargetState(EventType type);

// One change to the World. Fields beyond type, id and time are set by the types that carry them.
struct Event {
    std::int64_t seq = 0;  // position in the log; 0 until durable
    EventType type = EventType::kIncidentReported;
    std::string id;         // the case or resource id
    std::string t;          // the sender's ISO 8601 time, as sent
    std::int64_t t_ms = 0;  // the same instant, ms since the Unix epoch (UTC)
    // incident.reported
    double lon = 0, lat = 0;
    int category = -1;  // index into kIncidentCategories
    int priority = 4;   // 1 most urgent .. 4
    std::string source, text;
    // incident.reported, assigned on arrival (AssignEvent) and kept in the log so replay does not
    // depend on the index: the finest grid's code, or empty outside with the nearest grid and distance.
    std::string grid;
    std::string nearest_grid;
    double distance_m = 0;
    // incident.dispatched and incident.reassigned: the responder; incident.accepted: who accepts (the
    // dispatched responder, or a summoned volunteer answering: 党员报到)
    std::string resource;
    // incident.summoned: the volunteers called and the radius they were found in
    std::vector<std::string> resources;
    double radius_m = 0;
    // incident.returned, incident.cancelled (required); any other incident event (optional)
    std::string reason;
    // resource.status: the code as sent (ResourceStatusFromCode); CheckEvent refuses an unknown one
    std::string status;
    // Who sent it, as the log records it: "workstation:OPERATOR" for a seat's command, "feed PEER" for a
    // feed line ("NAME via PEER" when the sender named itself in `sender`), "simulator" for a seat's own
    // simulated lines. Set by whoever takes the event (never trusted from a feed line); empty in older logs.
    std::string origin;
    // What a feed sender calls itself (the optional `sender` field), read by the server into `origin`.
    std::string sender;
};

// [SECTION] validation

// What validation needs to know of a case and of a resource. The World's Incident and Resource carry the
// same fields under the same names, and one set of rules (incident.cpp) serves both.
struct LedgerCase {
    CaseState state = CaseState::kReported;
    std::string resource;               // the dispatched responder
    std::vector<std::string> summoned;  // volunteers called (incident.summoned)
    std::vector<std::string> answered;  // summoned volunteers who accepted, now on the case
};
struct LedgerResource {
    ResourceKind kind = ResourceKind::kGridWorker;
    ResourceStatus status = ResourceStatus::kAvailable;
    std::string task;  // the one case it is working on (dispatched, or a summons it answered); empty when free
};

// What validation needs to know of the World. The feed keeps one in step with the log so it can reject
// a line before it is written.
struct CaseLedger {
    std::unordered_map<std::string, LedgerCase> cases;
    std::unordered_map<std::string, LedgerResource> resources;  // by the workspace's resource ids

    static CaseLedger FromWorld(const World& world);

    // A batch that could not be stored is forgotten: RecordEvent keeps what it overwrote since
    // begin_batch, and rollback_batch puts it back.
    void begin_batch();
    void rollback_batch();

    std::vector<std::pair<std::string, std::optional<LedgerCase>>> case_undo;
    std::vector<std::pair<std::string, LedgerResource>> resource_undo;
};

// Why `event` cannot follow the log as `ledger` knows it, naming the field: an illegal transition, an
// unknown case or resource, a duplicate report, a missing reason, or a responder that is not free (one
// active task per resource: a busy, off-duty or already tasked resource is refused). Ok when it can.
Status CheckEvent(const CaseLedger& ledger, const Event& event);
// Records an event CheckEvent accepted.
void RecordEvent(CaseLedger& ledger, const Event& event);
// Why a resource cannot be sent to a case, in the order the rules ask (one active task per resource): a
// kind that is not dispatchable (a camera), already on a case, off duty, busy (any status but available). For
// the World's Resource and the ledger's LedgerResource alike (kind, status, task): the feed's check, dispatch
// ranking and the panels' wording all read it.
enum class Unsendable : std::uint8_t { kNo, kNotDispatchable, kOnTask, kOffDuty, kBusy };
template <typename R>
Unsendable WhyUnsendable(const R& resource) {
    if (!InfoOf(resource.kind).dispatchable) return Unsendable::kNotDispatchable;
    if (!resource.task.empty()) return Unsendable::kOnTask;
    if (resource.status == ResourceStatus::kOffDuty) return Unsendable::kOffDuty;
    if (resource.status != ResourceStatus::kAvailable) return Unsendable::kBusy;
    return Unsendable::kNo;
}
template <typename R>
bool IsSendable(const R& resource) {
    return WhyUnsendable(resource) == Unsendable::kNo;
}

// Imported history (`gridlink import cases`): events whose origin starts with "import " ("import FILE row N")
// restate a record of another system (a 12345 hotline, a 数字城管 export), which has a reported, a
// registered and perhaps a closing time but no dispatch, handling or verification. The one exception to
// the lifecycle: an imported incident.closed may follow incident.registered directly, so the steps the
// record does not have are not invented, and the figures that need them stay empty for such cases. Only an
// imported event may (a feed line's origin is always set by the server, never by the sender).
bool IsImportedOrigin(std::string_view origin);

// The transitions allowed from each state, for documentation and panels.
std::span<const EventType> AllowedEvents(CaseState state);
// Whether `type` is among AllowedEvents(state).
bool IsAllowed(CaseState state, EventType type);

// [SECTION] the World

// Fills event.grid / nearest_grid / distance_m of an incident.reported event from the grid index;
// `position` is the event's point in the World's CRS.
void AssignEvent(const GridIndex& index, const GridSet& grids, Vec2 position, Event& event);

struct CaseHistoryEntry {
    std::int64_t seq = 0;
    std::int64_t t_ms = 0;
    EventType type = EventType::kIncidentReported;
    std::string note;    // resource or reason, when the event carried one
    std::string origin;  // who sent it (Event::origin); empty in older logs
};

struct Incident {
    std::string id;
    int category = 0;
    int priority = 4;
    std::string source, text;
    double lon = 0, lat = 0;
    Vec2 position;  // in the World's CRS
    CaseState state = CaseState::kReported;
    std::int64_t reported_ms = 0, updated_ms = 0, deadline_ms = 0;
    std::int64_t closed_ms = -1;  // closed or cancelled: when
    std::int64_t grid = -1;       // finest grid (index into World::grids); -1: outside jurisdiction
    std::int64_t nearest_grid = -1;
    double distance_m = 0;
    std::string resource;               // the responder it was last dispatched to
    std::vector<std::string> summoned;  // volunteers called (一键召唤), in the order called
    std::vector<std::string> answered;  // those who accepted (党员报到), in the order they answered
    double summon_radius_m = 0;
    std::string reason;  // the last return or cancellation reason
    std::vector<CaseHistoryEntry> history;
    // Open and past its deadline at `now_ms`.
    bool overdue(std::int64_t now_ms) const { return IsOpen(state) && now_ms > deadline_ms; }
};

// Every case on the map with its lookup by id, in order of arrival.
struct Incidents {
    std::vector<Incident> cases;
    std::unordered_map<std::string, std::size_t> by_id;
    std::int64_t last_seq = 0;  // the last event applied (incident or resource)
    std::int64_t clock_ms = 0;  // the latest event time seen: the log's clock
    std::int64_t revision = 0;  // bumped by every applied event, for layers and panels to notice change

    const Incident* find(std::string_view id) const;
};

// Applies one event from the log. Events the log holds were checked before they were written, so an
// error here means the log and the World disagree (an edited file); the World is left unchanged.
Status ApplyEvent(World& world, const Event& event);

// [SECTION] time

// Parses ISO 8601 with an offset ("2026-11-27T09:30:00+08:00", "...Z", fractional seconds allowed) to
// ms since the epoch; an error says what part is wrong.
Result<std::int64_t> ParseIsoTime(std::string_view text);
// The wall clock now, ms since the Unix epoch (UTC).
std::int64_t WallClockMs();
// Formats ms since the epoch as ISO 8601 in a fixed offset (minutes east of UTC), e.g. +08:00.
std::string FormatIsoTime(std::int64_t ms, int offset_minutes = 480);

}  // namespace gridlink
