// The case lifecycle: state and event names, the transition table, validation against a CaseLedger,
// and ApplyEvent, which is the only code that changes incidents and resources in a World.
#include "incident.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "grid_index.h"
#include "quoting.h"
#include "world.h"

namespace gridlink {

// [SECTION] names

namespace {

struct StateNames {
    std::string_view name, label;
};
constexpr StateNames kStateNames[kCaseStateCount] = {
    {"reported", "上报 reported"}, {"registered", "立案 registered"}, {"dispatched", "派遣 dispatched"},
    {"accepted", "接单 accepted"}, {"handled", "处置 handled"},       {"verified", "核查 verified"},
    {"closed", "结案 closed"},     {"returned", "退回 returned"},     {"cancelled", "作废 cancelled"},
};

constexpr std::string_view kEventNames[kEventTypeCount] = {
    "incident.reported", "incident.registered", "incident.dispatched", "incident.accepted",  "incident.handled",
    "incident.verified", "incident.closed",     "incident.returned",   "incident.cancelled", "incident.reassigned",
    "incident.recalled", "incident.summoned",   "resource.moved",      "resource.status",
};

using E = EventType;
// The lifecycle: reported -> registered -> dispatched -> accepted -> handled -> verified -> closed. A
// dispatched, accepted or handled case can be returned (退回) to the centre, which dispatches it again
// or cancels it; a case not yet dispatched can be cancelled (作废). While a responder holds the case
// (dispatched, accepted) the centre can reassign it (改派) or recall it (撤回, back to registered); a
// registered, dispatched, accepted or returned case can summon volunteers (一键召唤).
constexpr E kFromReported[] = {E::kIncidentRegistered, E::kIncidentCancelled};
constexpr E kFromRegistered[] = {E::kIncidentDispatched, E::kIncidentSummoned, E::kIncidentCancelled};
constexpr E kFromDispatched[] = {E::kIncidentAccepted, E::kIncidentReassigned, E::kIncidentSummoned,
                                 E::kIncidentRecalled, E::kIncidentReturned};
constexpr E kFromAccepted[] = {E::kIncidentHandled, E::kIncidentReassigned, E::kIncidentSummoned, E::kIncidentRecalled,
                               E::kIncidentReturned};
constexpr E kFromHandled[] = {E::kIncidentVerified, E::kIncidentReturned};
constexpr E kFromVerified[] = {E::kIncidentClosed};
constexpr E kFromReturned[] = {E::kIncidentDispatched, E::kIncidentSummoned, E::kIncidentCancelled};

}  // namespace

std::string_view CaseStateName(CaseState state) { return kStateNames[static_cast<int>(state)].name; }
std::string_view CaseStateLabel(CaseState state) { return kStateNames[static_cast<int>(state)].label; }

int FindCategory(std::string_view code_or_name) {
    for (int i = 0; i < kCategoryCount; ++i) {
        const IncidentCategory& c = kIncidentCategories[i];
        if (c.code == code_or_name || c.name_zh == code_or_name) return i;
    }
    return -1;
}

std::string_view EventTypeName(EventType type) { return kEventNames[static_cast<int>(type)]; }

std::optional<EventType> EventTypeFromName(std::string_view name) {
    for (int i = 0; i < kEventTypeCount; ++i) {
        if (kEventNames[i] == name) return static_cast<EventType>(i);
    }
    return std::nullopt;
}

CaseState TargetState(EventType type) {
    switch (type) {
        case E::kIncidentReported: return CaseState::kReported;
        case E::kIncidentRegistered: return CaseState::kRegistered;
        case E::kIncidentDispatched: return CaseState::kDispatched;
        case E::kIncidentAccepted: return CaseState::kAccepted;
        case E::kIncidentHandled: return CaseState::kHandled;
        case E::kIncidentVerified: return CaseState::kVerified;
        case E::kIncidentClosed: return CaseState::kClosed;
        case E::kIncidentReturned: return CaseState::kReturned;
        case E::kIncidentCancelled: return CaseState::kCancelled;
        case E::kIncidentReassigned: return CaseState::kDispatched;
        case E::kIncidentRecalled: return CaseState::kRegistered;
        default: return CaseState::kReported;  // incident.summoned and resource events change no state
    }
}

std::span<const EventType> AllowedEvents(CaseState state) {
    switch (state) {
        case CaseState::kReported: return kFromReported;
        case CaseState::kRegistered: return kFromRegistered;
        case CaseState::kDispatched: return kFromDispatched;
        case CaseState::kAccepted: return kFromAccepted;
        case CaseState::kHandled: return kFromHandled;
        case CaseState::kVerified: return kFromVerified;
        case CaseState::kReturned: return kFromReturned;
        case CaseState::kClosed:
        case CaseState::kCancelled: return {};
    }
    return {};
}

bool IsImportedOrigin(std::string_view origin) { return origin.starts_with("import "); }

bool IsAllowed(CaseState state, EventType type) {
    const std::span<const EventType> allowed = AllowedEvents(state);
    return std::find(allowed.begin(), allowed.end(), type) != allowed.end();
}

// [SECTION] validation

CaseLedger CaseLedger::FromWorld(const World& world) {
    CaseLedger ledger;
    for (const Incident& c : world.incidents.cases) {
        ledger.cases[c.id] = LedgerCase{c.state, c.resource, c.summoned, c.answered};
    }
    for (const Resource& r : world.resources) ledger.resources[r.id] = LedgerResource{r.kind, r.status, r.task};
    return ledger;
}

void CaseLedger::begin_batch() {
    case_undo.clear();
    resource_undo.clear();
}

void CaseLedger::rollback_batch() {
    for (auto it = resource_undo.rbegin(); it != resource_undo.rend(); ++it) resources[it->first] = it->second;
    for (auto it = case_undo.rbegin(); it != case_undo.rend(); ++it) {
        if (it->second) {
            cases[it->first] = *it->second;
        } else {
            cases.erase(it->first);
        }
    }
    begin_batch();
}

namespace {

Status TransitionError(const Event& event, CaseState from) {
    std::string allowed;
    for (EventType next : AllowedEvents(from)) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(EventTypeName(next));
    }
    return Error{"type: " + std::string(EventTypeName(event.type)) + " is not allowed for case '" + event.id +
                 "', which is " + std::string(CaseStateName(from)) +
                 (allowed.empty() ? " (finished)" : " (allowed: " + allowed + ")")};
}

bool Contains(const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
}

// [SECTION] the rules, over the World's cases and resources or the feed's ledger
//
// `Case` has state, resource, summoned and answered; `find(id)` gives a pointer to something with kind,
// status and task (Resource or LedgerResource), or null.

// A summoned volunteer accepting (党员报到): an incident.accepted naming a resource that was summoned
// for the case and is not its dispatched responder. It leaves the case's state alone.
template <typename Case>
bool IsSummonAnswer(const Event& e, const Case& c) {
    return e.type == E::kIncidentAccepted && !e.resource.empty() && e.resource != c.resource &&
           Contains(c.summoned, e.resource);
}

template <typename Case>
bool Allowed(const Event& e, const Case& c) {
    if (IsSummonAnswer(e, c)) return IsOpen(c.state);
    // An imported record's closing (IsImportedOrigin): straight from registered, its only earlier step.
    if (e.type == E::kIncidentClosed && c.state == CaseState::kRegistered && IsImportedOrigin(e.origin)) return true;
    return IsAllowed(c.state, e.type);
}

// Can `r` (named `id`) take a case as its one active task? The refusal names the field and says why.
template <typename R>
Status CheckSendable(const R* r, const std::string& id) {
    const std::string named = "resource: '" + id + "'";
    if (!r) return Error{"resource: no resource '" + id + "' in the workspace"};
    switch (WhyUnsendable(*r)) {
        case Unsendable::kNo: return {};
        case Unsendable::kNotDispatchable:
            return Error{named + " is a " + std::string(CodeOf(r->kind)) + ", which cannot be sent"};
        case Unsendable::kOnTask:
            return Error{named + " already has an active task, case '" + r->task +
                         "' (one task per resource: reassign or recall that case first)"};
        case Unsendable::kOffDuty: return Error{named + " is off duty"};
        case Unsendable::kBusy: return Error{named + " is " + std::string(CodeOf(r->status)) + ", not available"};
    }
    return {};
}

template <typename Case, typename Find>
Status CheckCaseRules(const Event& e, const Case& c, Find&& find) {
    if (e.type == E::kIncidentAccepted && !e.resource.empty() && e.resource != c.resource &&
        !Contains(c.summoned, e.resource)) {
        return Error{"resource: '" + e.resource + "' was neither dispatched to nor summoned for case '" + e.id + "'"};
    }
    if (!Allowed(e, c)) return TransitionError(e, c.state);
    switch (e.type) {
        case E::kIncidentDispatched:
        case E::kIncidentReassigned:
            if (e.resource.empty()) return Error{"resource: required for " + std::string(EventTypeName(e.type))};
            if (e.type == E::kIncidentReassigned && e.resource == c.resource) {
                return Error{"resource: case '" + e.id + "' is already with '" + e.resource + "'"};
            }
            return CheckSendable(find(e.resource), e.resource);
        case E::kIncidentAccepted:
            if (e.resource.empty() || e.resource == c.resource) return {};
            if (Contains(c.answered, e.resource)) {
                return Error{"resource: '" + e.resource + "' has already answered the summons for case '" + e.id + "'"};
            }
            return CheckSendable(find(e.resource), e.resource);
        case E::kIncidentSummoned: {
            if (e.resources.empty()) return Error{"resources: empty: name the volunteers summoned"};
            for (std::size_t i = 0; i < e.resources.size(); ++i) {
                const std::string& id = e.resources[i];
                if (!find(id)) return Error{"resources: no resource '" + id + "' in the workspace"};
                if (Contains(c.summoned, id))
                    return Error{"resources: '" + id + "' was already summoned for case '" + e.id + "'"};
                if (std::find(e.resources.begin(), e.resources.begin() + static_cast<std::ptrdiff_t>(i), id) !=
                    e.resources.begin() + static_cast<std::ptrdiff_t>(i)) {
                    return Error{"resources: '" + id + "' is named twice"};
                }
            }
            return {};
        }
        case E::kIncidentReturned:
        case E::kIncidentCancelled:
            if (e.reason.empty()) return Error{"reason: required for " + std::string(EventTypeName(e.type))};
            return {};
        default: return {};
    }
}

// What an allowed event does to a case and the resources it names: the responder takes the case as its
// task and turns busy; the task ends (the resource available again) when the case leaves its hands.
template <typename Case, typename Find>
void ApplyCaseRules(const Event& e, Case& c, Find&& find) {
    auto take = [&](const std::string& id) {
        if (auto* r = find(id)) {
            r->task = e.id;
            r->status = ResourceStatus::kBusy;
        }
    };
    auto release = [&](const std::string& id) {
        auto* r = id.empty() ? nullptr : find(id);
        if (!r || r->task != e.id) return;
        r->task.clear();
        if (r->status == ResourceStatus::kBusy) r->status = ResourceStatus::kAvailable;
    };
    if (IsSummonAnswer(e, c)) {
        c.answered.push_back(e.resource);
        take(e.resource);
        return;
    }
    switch (e.type) {
        case E::kIncidentSummoned: c.summoned.insert(c.summoned.end(), e.resources.begin(), e.resources.end()); return;
        case E::kIncidentDispatched:
            c.resource = e.resource;
            take(e.resource);
            break;
        case E::kIncidentReassigned:
            release(c.resource);
            c.resource = e.resource;
            take(e.resource);
            break;
        default: break;
    }
    const CaseState next = TargetState(e.type);
    if (next != CaseState::kDispatched && next != CaseState::kAccepted) release(c.resource);
    if (next == CaseState::kHandled || next == CaseState::kVerified || !IsOpen(next)) {
        for (const std::string& v : c.answered) release(v);
    }
    c.state = next;
}

}  // namespace

Status CheckEvent(const CaseLedger& ledger, const Event& event) {
    if (event.id.empty()) return Error{"id: empty"};
    if (!IsIncidentEvent(event.type)) {
        if (!ledger.resources.contains(event.id)) return Error{"id: no resource '" + event.id + "' in the workspace"};
        if (event.type == E::kResourceStatus && !ResourceStatusFromCode(event.status)) {
            return Error{"status: '" + event.status + "' is not one of " + std::string(kResourceStatusCodes)};
        }
        return {};
    }
    auto found = ledger.cases.find(event.id);
    if (event.type == E::kIncidentReported) {
        if (found != ledger.cases.end()) return Error{"id: case '" + event.id + "' was already reported"};
        return {};
    }
    if (found == ledger.cases.end()) return Error{"id: no case '" + event.id + "' has been reported"};
    return CheckCaseRules(event, found->second, [&](const std::string& id) -> const LedgerResource* {
        auto it = ledger.resources.find(id);
        return it == ledger.resources.end() ? nullptr : &it->second;
    });
}

void RecordEvent(CaseLedger& ledger, const Event& event) {
    auto find = [&](const std::string& id) -> LedgerResource* {
        auto it = ledger.resources.find(id);
        if (it == ledger.resources.end()) return nullptr;
        ledger.resource_undo.emplace_back(id, it->second);
        return &it->second;
    };
    if (!IsIncidentEvent(event.type)) {
        if (event.type == E::kResourceStatus) {
            LedgerResource* r = find(event.id);
            if (auto status = ResourceStatusFromCode(event.status); r && status) r->status = *status;
        }
        return;
    }
    auto found = ledger.cases.find(event.id);
    ledger.case_undo.emplace_back(event.id, found == ledger.cases.end() ? std::nullopt : std::optional(found->second));
    if (event.type == E::kIncidentReported) {
        ledger.cases[event.id] = LedgerCase{};
        return;
    }
    if (found != ledger.cases.end()) ApplyCaseRules(event, found->second, find);
}

// [SECTION] the World

void AssignEvent(const GridIndex& index, const GridSet& grids, Vec2 position, Event& event) {
    GridHit hit = index.locate(position);
    event.grid.clear();
    event.nearest_grid.clear();
    event.distance_m = 0;
    if (hit.grid >= 0) {
        event.grid = grids.grids()[hit.grid].code;
    } else {
        if (hit.nearest >= 0) event.nearest_grid = grids.grids()[hit.nearest].code;
        event.distance_m = hit.distance_m;
    }
}

const Incident* Incidents::find(std::string_view id) const {
    auto it = by_id.find(std::string(id));
    return it == by_id.end() ? nullptr : &cases[it->second];
}

namespace {

Result<Vec2> ToWorld(World& world, double lon, double lat) {
    if (!world.from_lonlat) {
        auto t = Transform::Create(Crs::LonLat(), world.crs);
        if (!t) return Error{t.error()};
        world.from_lonlat = std::make_shared<Transform>(std::move(t.value()));
    }
    Vec2 p{lon, lat};
    if (!world.from_lonlat->apply(p)) return Error{"lon/lat: cannot be projected into the workspace's CRS"};
    return p;
}

std::int64_t GridOf(const World& world, const std::string& code) { return code.empty() ? -1 : world.grids.find(code); }

}  // namespace

Status ApplyEvent(World& world, const Event& event) {
    Incidents& incidents = world.incidents;
    if (!IsIncidentEvent(event.type)) {
        Resource* r = world.find_resource(event.id);
        if (!r) return Error{"event " + std::to_string(event.seq) + ": no resource '" + event.id + "'"};
        if (event.type == E::kResourceMoved) {
            auto p = ToWorld(world, event.lon, event.lat);
            if (!p) return Error{"event " + std::to_string(event.seq) + ": " + p.error()};
            r->position = p.value();
            world.moved(static_cast<std::size_t>(r - world.resources.data()));
        } else {
            auto status = ResourceStatusFromCode(event.status);
            if (!status) {
                return Error{"event " + std::to_string(event.seq) + ": status: '" + event.status + "' is unknown"};
            }
            r->status = *status;
        }
        r->revision = incidents.revision + 1;
        world.resource_changes.note(static_cast<std::size_t>(r - world.resources.data()));
    } else if (event.type == E::kIncidentReported) {
        if (incidents.by_id.contains(event.id)) {
            return Error{"event " + std::to_string(event.seq) + ": case '" + event.id + "' was already reported"};
        }
        auto p = ToWorld(world, event.lon, event.lat);
        if (!p) return Error{"event " + std::to_string(event.seq) + ": " + p.error()};
        Incident c;
        c.id = event.id;
        c.category = std::clamp(event.category, 0, kCategoryCount - 1);
        c.priority = event.priority;
        c.source = event.source;
        c.text = event.text;
        c.lon = event.lon;
        c.lat = event.lat;
        c.position = p.value();
        c.reported_ms = c.updated_ms = event.t_ms;
        c.deadline_ms = DeadlineOf(c.category, event.t_ms);
        c.grid = GridOf(world, event.grid);
        c.nearest_grid = GridOf(world, event.nearest_grid);
        c.distance_m = event.distance_m;
        // A log written against other grids: assign again with today's index.
        if (c.grid < 0 && !event.grid.empty() && world.grid_index) {
            GridHit hit = world.grid_index->locate(c.position);
            c.grid = hit.grid;
            c.nearest_grid = hit.nearest;
            c.distance_m = hit.distance_m;
        }
        c.history.push_back({event.seq, event.t_ms, event.type, event.text, event.origin});
        incidents.by_id.emplace(c.id, incidents.cases.size());
        incidents.cases.push_back(std::move(c));
    } else {
        auto found = incidents.by_id.find(event.id);
        if (found == incidents.by_id.end()) {
            return Error{"event " + std::to_string(event.seq) + ": no case '" + event.id + "'"};
        }
        Incident& c = incidents.cases[found->second];
        // The log's events were checked when they were written; here only the lifecycle is checked again,
        // so a log written under looser rules still replays.
        if (!Allowed(event, c)) {
            Status why = TransitionError(event, c.state);
            return Error{"event " + std::to_string(event.seq) + ": " + why.error()};
        }
        std::vector<std::size_t> touched;
        ApplyCaseRules(event, c, [&](const std::string& id) {
            Resource* r = world.find_resource(id);
            if (r) touched.push_back(static_cast<std::size_t>(r - world.resources.data()));
            return r;
        });
        for (std::size_t i : touched) {
            world.resources[i].revision = incidents.revision + 1;
            world.resource_changes.note(i);
        }
        c.updated_ms = event.t_ms;
        if (!IsOpen(c.state)) c.closed_ms = event.t_ms;
        if (event.type == E::kIncidentSummoned) c.summon_radius_m = event.radius_m;
        if (!event.reason.empty()) c.reason = event.reason;
        std::string note = !event.resource.empty() ? event.resource : event.reason;
        if (event.type == E::kIncidentSummoned) {
            char text[96];
            std::snprintf(text, sizeof text, "%zu 名志愿者 volunteers, %.0f m", event.resources.size(), event.radius_m);
            note = text;
        }
        c.history.push_back({event.seq, event.t_ms, event.type, std::move(note), event.origin});
    }
    incidents.last_seq = std::max(incidents.last_seq, event.seq);
    incidents.clock_ms = std::max(incidents.clock_ms, event.t_ms);
    ++incidents.revision;
    return {};
}

// [SECTION] time

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

bool Digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

Result<std::int64_t> ParseIsoTime(std::string_view text) {
    const std::string_view expected = " (expected e.g. 2026-11-27T09:30:00+08:00)";
    auto bad = [text](std::string_view what, std::string_view more = {}) {
        std::string message = "'";
        message.append(EscapeForAnswer(text, 64)).append("' ").append(what).append(more);
        return Error{message};
    };
    int year, month, day, hour, minute, second;
    if (!Digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !Digits(text, 5, 2, month) ||
        text[7] != '-' || !Digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
        !Digits(text, 11, 2, hour) || text[13] != ':' || !Digits(text, 14, 2, minute) || text[16] != ':' ||
        !Digits(text, 17, 2, second)) {
        return bad("is not an ISO 8601 date and time", expected);
    }
    static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12) return bad("is not a valid date: month ", std::to_string(month) + " (1..12)");
    const int month_days = kMonthDays[month - 1] + (month == 2 && leap ? 1 : 0);
    if (day < 1 || day > month_days) {
        return bad("is not a valid date: ", std::to_string(year) + "-" + (month < 10 ? "0" : "") +
                                                std::to_string(month) + " has " + std::to_string(month_days) + " days");
    }
    // Second 60 (a leap second) is refused too: nothing a sender stamps needs it, and it would be read as
    // the next minute's first second.
    if (hour > 23 || minute > 59 || second > 59) return bad("is not a valid time of day (00:00:00..23:59:59)");
    std::size_t at = 19;
    int millis = 0;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        int scale = 100, digits = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            millis += (text[at] - '0') * scale;
            scale /= 10;
            ++at;
            ++digits;
        }
        if (digits == 0) return bad("has no digits after the decimal point");
    }
    int offset_minutes = 0;
    if (at < text.size() && text[at] == 'Z' && at + 1 == text.size()) {
        offset_minutes = 0;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh, om;
        const bool colon = at + 3 < text.size() && text[at + 3] == ':';
        if (!Digits(text, at + 1, 2, oh) || !Digits(text, at + (colon ? 4 : 3), 2, om) ||
            at + (colon ? 6 : 5) != text.size()) {
            return bad("has an offset that is not +HH:MM", expected);
        }
        offset_minutes = (text[at] == '-' ? -1 : 1) * (oh * 60 + om);
        // Real UTC offsets run from -12:00 to +14:00 in steps of a quarter hour.
        if (om % 15 != 0 || offset_minutes < -12 * 60 || offset_minutes > 14 * 60) {
            return bad("has an offset no time zone uses (-12:00..+14:00, whole quarter hours)");
        }
    } else {
        return bad("has no offset (Z or +HH:MM)", expected);
    }
    const std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return seconds * 1000 + millis;
}

std::int64_t WallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatIsoTime(std::int64_t ms, int offset_minutes) {
    std::int64_t local = ms + std::int64_t{offset_minutes} * 60000;
    std::int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
    std::int64_t rest = local - days * 86400000;
    int y;
    unsigned m, d;
    CivilFromDays(days, y, m, d);
    const int hh = static_cast<int>(rest / 3600000), mm = static_cast<int>(rest / 60000 % 60);
    const int ss = static_cast<int>(rest / 1000 % 60), fff = static_cast<int>(rest % 1000);
    const int off = std::abs(offset_minutes);
    char buffer[80];
    if (offset_minutes == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, hh, mm, ss, fff);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03d%c%02d:%02d", y, m, d, hh, mm, ss, fff,
                      offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    }
    return buffer;
}

}  // namespace gridlink
