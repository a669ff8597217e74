// The live-feed simulator: hot spots, background and a few reports just outside the jurisdiction, a
// category mix of digital city management, each case's lifecycle scheduled in simulated time, resource
// moves and status changes; and the CSV replay of real records. Deterministic for a seed.
#include "simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <queue>
#include <unordered_map>

#include "data/point_source.h"
#include "engine/crs.h"
#include "engine/grid_index.h"

namespace gridlink {

// [SECTION] the day-and-night rhythm

namespace {

constexpr int kMinutesPerDay = 1440;

// Circular Gaussian bump over the hours of the day.
double Bump(double hour, double centre, double width) {
    double d = std::fabs(hour - centre);
    d = std::min(d, 24 - d);
    return std::exp(-d * d / (2 * width * width));
}

// The rhythm per minute of the day, normalised to a mean of 1; and its maximum.
struct RhythmTable {
    std::array<double, kMinutesPerDay> factor{};
    double max = 0;

    RhythmTable() {
        double sum = 0;
        for (int m = 0; m < kMinutesPerDay; ++m) {
            const double h = m / 60.0;
            factor[m] = 0.10 + 1.0 * Bump(h, 10, 1.7) + 0.8 * Bump(h, 16.5, 1.9) + 0.45 * Bump(h, 13.2, 2.5) +
                        0.25 * Bump(h, 20.5, 1.8);
            sum += factor[m];
        }
        for (double& f : factor) {
            f /= sum / kMinutesPerDay;
            max = std::max(max, f);
        }
    }
};

const RhythmTable& Rhythm() {
    static const RhythmTable table;
    return table;
}

int MinuteOfDay(std::int64_t ms, int offset_minutes) {
    const std::int64_t minutes = (ms + std::int64_t{offset_minutes} * 60000) / 60000;
    return static_cast<int>(((minutes % kMinutesPerDay) + kMinutesPerDay) % kMinutesPerDay);
}

}  // namespace

double DayRhythm(std::int64_t ms, int offset_minutes) { return Rhythm().factor[MinuteOfDay(ms, offset_minutes)]; }

std::string DefaultIdPrefix(std::int64_t now_ms, const std::string& stem, int offset_minutes) {
    const std::string iso = FormatIsoTime(now_ms, offset_minutes);  // 2026-11-27T21:30:05.123+08:00
    std::string compact;
    for (std::size_t i = 0; i < 19 && i < iso.size(); ++i) {
        if (iso[i] != '-' && iso[i] != ':') compact += iso[i];
    }
    return stem + compact + "-";
}

// [SECTION] randomness and the tables of the mix

namespace {

// SplitMix64: small, fast and the same on every platform (std:: distributions are not).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
    std::uint64_t bits() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }  // [0, 1)
    double range(double low, double high) { return low + (high - low) * uniform(); }
    bool chance(double p) { return uniform() < p; }
    int below(int n) { return static_cast<int>(uniform() * n); }
    double exponential() { return -std::log1p(-uniform()); }
    double normal() {
        const double u = 1 - uniform(), v = uniform();
        return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
    }
    // An index drawn with the given weights.
    template <typename Weights>
    int pick(const Weights& weights) {
        double total = 0;
        for (double w : weights) total += w;
        double r = uniform() * total;
        int i = 0;
        for (double w : weights) {
            if (r < w) return i;
            r -= w;
            ++i;
        }
        return i - 1;
    }

  private:
    std::uint64_t state_;
};

enum Category { kCityAppearance, kStreetOrder, kConstruction, kAdvertising, kEmergency, kPublicFacility };

// What people report, per category (the order of kIncidentCategories).
const std::vector<std::vector<const char*>> kReportTexts = {
    {"道路积存垃圾渣土", "暴露垃圾", "垃圾桶满溢", "绿地脏乱", "乱堆物堆料", "沿街晾挂", "乱涂写乱张贴", "道路不洁"},
    {"占道经营", "无照经营游商", "店外经营", "非机动车乱停放", "机动车乱停放", "露天烧烤", "占道洗车"},
    {"施工扰民", "工地扬尘", "渣土车辆抛洒", "违规夜间施工", "施工占道", "施工围挡破损"},
    {"非法小广告", "违规户外广告", "横幅乱挂", "广告牌破损", "店招标牌破损", "条幅过期未撤"},
    {"道路积水", "树木倒伏", "燃气泄漏", "路面塌陷", "火情", "高空坠物隐患"},
    {"井盖破损", "路灯不亮", "道路破损", "护栏损坏", "公交站亭损坏", "消防栓漏水", "盲道被占"},
};

// Priority weights for 1..4 per category.
constexpr double kPriorityWeights[kCategoryCount][4] = {
    {0, 0, 0.35, 0.65},     // city_appearance
    {0, 0.30, 0.60, 0.10},  // street_order
    {0, 0.10, 0.50, 0.40},  // construction
    {0, 0, 0.20, 0.80},     // advertising
    {0.65, 0.35, 0, 0},     // emergency
    {0, 0.10, 0.45, 0.45},  // public_facility
};

// Who reports: 网格员巡查, 12345 hotline, video AI, the public's app.
constexpr const char* kSources[] = {"grid_worker", "hotline_12345", "camera_ai", "public_app"};
constexpr double kSourceWeights[] = {0.45, 0.20, 0.20, 0.15};
constexpr double kEmergencySourceWeights[] = {0.20, 0.60, 0.15, 0.05};

// Kinds of hot spot, with the category they draw more of.
struct HotSpotKind {
    const char* label;
    int category;
    double bias;  // share of this hot spot's reports forced to `category`
    double sigma_low, sigma_high;
};
constexpr HotSpotKind kHotSpotKinds[] = {
    {"农贸市场", kStreetOrder, 0.30, 60, 160},    {"地铁站", kStreetOrder, 0.30, 80, 200},
    {"建筑工地", kConstruction, 0.45, 50, 140},   {"商业街", kAdvertising, 0.30, 100, 250},
    {"老旧小区", kCityAppearance, 0.30, 80, 220}, {"夜市", kStreetOrder, 0.35, 60, 150},
};

constexpr const char* kCancelReasons[] = {"重复上报", "不属于受理范围", "经核实情况不实", "已自行整改"};
constexpr const char* kReturnReasons[] = {"非本网格责任范围", "地址不准确，无法找到", "需多部门协调处置",
                                          "处置力量不足"};
constexpr const char* kVerifyReturnReasons[] = {"核查未通过：处置不到位", "核查未通过：问题复现"};
constexpr const char* kReturnedCancelReasons[] = {"经核实无需处置", "已由其他部门处置"};
constexpr const char* kReassignReasons[] = {"就近改派", "原处置人员另有紧急任务", "需车辆前往"};
constexpr const char* kRecallReasons[] = {"派遣有误", "等待多部门会商"};

constexpr double kHotSpotShare = 0.50;
constexpr double kOutsideShare = 0.01;
constexpr double kReportFloor = 0.10;         // of all lines: reports even when cases are due
constexpr double kResourceEventShare = 0.05;  // of the lines that are not lifecycle steps
constexpr double kOutsideMaxMetres = 800;
constexpr double kSummonRadius = 1000;  // metres: volunteers called for an emergency

bool Dispatchable(const Resource& r) {
    return r.kind == kResourceKinds[0] || r.kind == kResourceKinds[1] || r.kind == kResourceKinds[2];
}

double Minutes(double m) { return m * 60000; }

}  // namespace

// [SECTION] the generator's state

struct IncidentSimulator::State {
    struct Case {
        std::string id;
        Vec2 position;
        int category = 0;
        int returns = 0;
        int resource = -1;  // index into resources while dispatched or accepted (its task)
        int previous = -1;  // the responder it came back from, not sent again
        std::uint64_t serial = 0;    // which case holds the slot now (side steps of an earlier one are dropped)
        std::vector<int> summoned;   // volunteers called (一键召唤)
        std::vector<int> helpers;    // summoned volunteers who answered, on the case until it is handled
        CaseState state = CaseState::kReported;
    };
    struct ResourceState {
        Vec2 position;
        std::string status;
        bool tasked = false;  // holds a case (one active task per resource)
        bool dispatchable = false;

        // As the log's rules have it (IsFree): available and on no case.
        bool free() const { return !tasked && status == kResourceStatuses[0]; }
        // Takes a case: busy until it ends.
        void take() {
            tasked = true;
            status = kResourceStatuses[1];
        }
        // The case ends (as ApplyEvent ends it): free again, and available if it was busy.
        void release() {
            tasked = false;
            if (status == kResourceStatuses[1]) status = kResourceStatuses[0];
        }
    };
    // A lifecycle step or a responder's arrival, due at `due` (ms after the start).
    struct Pending {
        double due = 0;
        std::uint64_t order = 0;
        EventType type = EventType::kIncidentRegistered;
        int slot = -1;      // case slot (steps) ...
        int resource = -1;  // ... or the resource that arrives (resource.moved) or answers a summons
        std::uint64_t serial = 0;  // the case's serial, for side steps (a summons, an answer)
        Vec2 target;
    };
    struct Later {
        bool operator()(const Pending& a, const Pending& b) const {
            return a.due != b.due ? a.due > b.due : a.order > b.order;
        }
    };

    const World* world = nullptr;
    std::shared_ptr<const GridIndex> index;
    Transform to_lonlat;
    SimulatorOptions options;
    Rng rng{1};
    double clock_ms = 0;  // simulated ms after options.start_ms
    std::int64_t last_ms = 0;
    std::uint64_t order = 0;
    std::uint64_t serial = 0;
    std::int64_t case_number = 0;
    std::vector<Case> cases;
    std::vector<int> free_slots;
    std::vector<ResourceState> resources;
    std::vector<int> mobile;  // dispatchable resources
    std::priority_queue<Pending, std::vector<Pending>, Later> pending;
    std::vector<HotSpot> hot_spots;
    std::vector<Vec2> hot_centres;
    std::vector<int> hot_kinds;
    std::vector<double> hot_weights;
    Box bounds;
    SimulatorCounts counts;

    State(const World& w, Transform t) : world(&w), to_lonlat(std::move(t)) {}

    GridHit locate(Vec2 p) const { return index->locate(p); }
    bool inside(Vec2 p) const { return locate(p).grid >= 0; }

    void lonlat(Vec2 p, double& lon, double& lat) const {
        Vec2 q = p;
        to_lonlat.apply(q);
        lon = std::round(q.x * 1e7) / 1e7;
        lat = std::round(q.y * 1e7) / 1e7;
    }

    // The name of a grid's community (level 3) when it has one, else its own.
    std::string place_name(std::int64_t grid) const {
        const GridSet& grids = world->grids;
        for (std::size_t a : grids.ancestry(static_cast<std::size_t>(grid))) {
            if (grids[a].level == 3) return grids[a].name;
        }
        return grids[static_cast<std::size_t>(grid)].name;
    }

    void build_hot_spots() {
        const GridSet& grids = world->grids;
        const std::vector<std::size_t>& finest = grids.at_level(grids.max_level());
        if (finest.empty()) return;
        const int count = std::clamp(static_cast<int>(finest.size() / 60), 6, 24);
        for (int k = 0; k < count; ++k) {
            const Grid& g = grids[finest[static_cast<std::size_t>(rng.below(static_cast<int>(finest.size())))]];
            Vec2 centre = g.bounds.center();
            for (int attempt = 0; attempt < 100; ++attempt) {
                const Vec2 p{rng.range(g.bounds.min_x, g.bounds.max_x), rng.range(g.bounds.min_y, g.bounds.max_y)};
                if (Contains(g.shape, p)) {
                    centre = p;
                    break;
                }
            }
            const int kind = k % static_cast<int>(std::size(kHotSpotKinds));
            const HotSpotKind& hk = kHotSpotKinds[kind];
            HotSpot spot;
            const GridHit hit = locate(centre);
            spot.label = (hit.grid >= 0 ? place_name(hit.grid) : std::string()) + hk.label;
            spot.sigma_m = rng.range(hk.sigma_low, hk.sigma_high);
            spot.weight = 1 + 4 * rng.uniform() * rng.uniform();
            lonlat(centre, spot.lon, spot.lat);
            hot_spots.push_back(spot);
            hot_centres.push_back(centre);
            hot_kinds.push_back(kind);
            hot_weights.push_back(spot.weight);
        }
    }

    // [SECTION] reports

    Vec2 background_point() {
        for (int attempt = 0; attempt < 200; ++attempt) {
            const Vec2 p{rng.range(bounds.min_x, bounds.max_x), rng.range(bounds.min_y, bounds.max_y)};
            if (inside(p)) return p;
        }
        return hot_centres.empty() ? bounds.center() : hot_centres[0];
    }

    // A point outside every grid, within kOutsideMaxMetres of the nearest.
    Vec2 outside_point() {
        for (int attempt = 0; attempt < 400; ++attempt) {
            const Vec2 p{rng.range(bounds.min_x - kOutsideMaxMetres, bounds.max_x + kOutsideMaxMetres),
                         rng.range(bounds.min_y - kOutsideMaxMetres, bounds.max_y + kOutsideMaxMetres)};
            const GridHit hit = locate(p);
            if (hit.grid < 0 && hit.distance_m <= kOutsideMaxMetres) return p;
        }
        return {bounds.max_x + kOutsideMaxMetres / 2, bounds.center().y};
    }

    Event report(std::int64_t t_ms) {
        Event e;
        e.type = EventType::kIncidentReported;
        char number[24];
        std::snprintf(number, sizeof number, "%06lld", static_cast<long long>(++case_number));
        e.id = options.id_prefix + number;
        int category = -1;
        Vec2 p;
        std::string place;
        const double where = rng.uniform();
        if (where < kOutsideShare) {
            p = outside_point();
            const GridHit hit = locate(p);
            place = "辖区外" + (hit.nearest >= 0 ? "，近" + world->grids[static_cast<std::size_t>(hit.nearest)].name
                                                 : std::string());
            ++counts.outside;
        } else if (where < kOutsideShare + kHotSpotShare && !hot_centres.empty()) {
            const int k = rng.pick(hot_weights);
            const Vec2 c = hot_centres[static_cast<std::size_t>(k)];
            const double sigma = hot_spots[static_cast<std::size_t>(k)].sigma_m;
            p = c;
            for (int attempt = 0; attempt < 20; ++attempt) {
                const Vec2 q{c.x + sigma * rng.normal(), c.y + sigma * rng.normal()};
                if (inside(q)) {
                    p = q;
                    break;
                }
            }
            place = hot_spots[static_cast<std::size_t>(k)].label + "周边";
            const HotSpotKind& kind = kHotSpotKinds[hot_kinds[static_cast<std::size_t>(k)]];
            if (rng.chance(kind.bias)) category = kind.category;
        } else {
            p = background_point();
            const GridHit hit = locate(p);
            if (hit.grid >= 0) place = world->grids[static_cast<std::size_t>(hit.grid)].name;
        }
        if (category < 0) category = rng.pick(kCategoryShares);
        const auto& texts = kReportTexts[static_cast<std::size_t>(category)];
        e.category = category;
        e.priority = 1 + rng.pick(kPriorityWeights[category]);
        e.source = kSources[category == kEmergency ? rng.pick(kEmergencySourceWeights) : rng.pick(kSourceWeights)];
        e.text = texts[static_cast<std::size_t>(rng.below(static_cast<int>(texts.size())))];
        if (!place.empty()) e.text += "（" + place + "）";
        lonlat(p, e.lon, e.lat);
        stamp(e, t_ms);

        int slot;
        if (!free_slots.empty()) {
            slot = free_slots.back();
            free_slots.pop_back();
        } else {
            slot = static_cast<int>(cases.size());
            cases.emplace_back();
        }
        Case& c = cases[static_cast<std::size_t>(slot)];
        c = Case{e.id, p, category, 0, -1, -1, ++serial, {}, {}, CaseState::kReported};
        ++counts.reports;
        ++counts.open_cases;
        if (rng.chance(0.04)) {
            schedule(slot, EventType::kIncidentCancelled, rng.range(2, 20));
        } else {
            schedule(slot, EventType::kIncidentRegistered, urgent(c) ? rng.range(0.3, 2) : rng.range(1, 8));
        }
        return e;
    }

    // [SECTION] lifecycle

    static bool urgent(const Case& c) { return c.category == kEmergency; }

    void schedule(int slot, EventType type, double minutes) { pending.push(step_in(slot, type, minutes)); }

    Pending step_in(int slot, EventType type, double minutes) {
        Pending p;
        p.due = clock_ms + Minutes(minutes);
        p.order = ++order;
        p.type = type;
        p.slot = slot;
        return p;
    }

    void stamp(Event& e, std::int64_t t_ms) const {
        e.t_ms = t_ms;
        e.t = FormatIsoTime(t_ms, options.offset_minutes);
    }

    // The nearest free responder for a case (available, no task: the rule the log enforces), never the one
    // it just came back from; -1 when none is free.
    int nearest_resource(const Case& c, int avoid) const {
        int best = -1;
        double best_d = std::numeric_limits<double>::infinity();
        for (int r : mobile) {
            const ResourceState& s = resources[static_cast<std::size_t>(r)];
            if (r == avoid || !s.free()) continue;
            const double dx = s.position.x - c.position.x, dy = s.position.y - c.position.y;
            const double d = dx * dx + dy * dy;
            if (d < best_d) {
                best_d = d;
                best = r;
            }
        }
        return best;
    }

    // The responder's task ends.
    void release(Case& c) {
        if (c.resource >= 0) resources[static_cast<std::size_t>(c.resource)].release();
        c.resource = -1;
    }

    // Answered volunteers go back to being free (the case was handled, closed or cancelled).
    void release_helpers(Case& c) {
        for (int v : c.helpers) resources[static_cast<std::size_t>(v)].release();
        c.helpers.clear();
    }

    // A side step (a summons, an answer) for the case in `slot`, dropped if the case is gone by then.
    void schedule_side(int slot, EventType type, double minutes, int resource = -1) {
        Pending p = step_in(slot, type, minutes);
        p.resource = resource;
        p.serial = cases[static_cast<std::size_t>(slot)].serial;
        pending.push(p);
    }

    // 一键召唤 for an emergency: up to five free volunteers within a kilometre, nearest first; about seven
    // in ten answer within minutes (党员报到).
    Event summon(Case& c, int slot, Event e) {
        std::vector<std::pair<double, int>> near;
        for (int r : mobile) {
            const ResourceState& s = resources[static_cast<std::size_t>(r)];
            if (world->resources[static_cast<std::size_t>(r)].kind != kResourceKinds[1] || !s.free() ||
                std::find(c.summoned.begin(), c.summoned.end(), r) != c.summoned.end()) {
                continue;
            }
            const double d = std::hypot(s.position.x - c.position.x, s.position.y - c.position.y);
            if (d <= kSummonRadius) near.push_back({d, r});
        }
        std::sort(near.begin(), near.end());
        if (near.size() > 5) near.resize(5);
        for (const auto& [d, r] : near) {
            c.summoned.push_back(r);
            e.resources.push_back(world->resources[static_cast<std::size_t>(r)].id);
            if (rng.chance(0.7)) schedule_side(slot, EventType::kIncidentAccepted, rng.range(1, 6), r);
        }
        e.radius_m = kSummonRadius;
        return e;
    }

    void finish(int slot) {
        Case& c = cases[static_cast<std::size_t>(slot)];
        release(c);
        release_helpers(c);
        c.id.clear();
        free_slots.push_back(slot);
        --counts.open_cases;
    }

    template <std::size_t N>
    const char* any(const char* const (&reasons)[N]) {
        return reasons[static_cast<std::size_t>(rng.below(static_cast<int>(N)))];
    }

    Event step(const Pending& p, std::int64_t t_ms) {
        Event e;
        e.type = p.type;
        stamp(e, t_ms);
        if (p.type == EventType::kResourceMoved) {
            const Resource& r = world->resources[static_cast<std::size_t>(p.resource)];
            e.id = r.id;
            resources[static_cast<std::size_t>(p.resource)].position = p.target;
            lonlat(p.target, e.lon, e.lat);
            ++counts.resource_events;
            return e;
        }
        const int slot = p.slot;
        Case& c = cases[static_cast<std::size_t>(slot)];
        if (p.serial != 0) {
            // A side step: a summons or a volunteer's answer, which leave the case's state alone.
            const bool open = p.serial == c.serial && !c.id.empty() && IsOpen(c.state);
            e.id = c.id;
            if (p.type == EventType::kIncidentSummoned && open && c.state != CaseState::kReported &&
                c.state != CaseState::kHandled && c.state != CaseState::kVerified) {
                Event called = summon(c, slot, e);
                if (!called.resources.empty()) {
                    ++counts.updates;
                    return called;
                }
            }
            ResourceState* v = p.resource >= 0 ? &resources[static_cast<std::size_t>(p.resource)] : nullptr;
            if (p.type == EventType::kIncidentAccepted && open && v && v->free() && c.state != CaseState::kHandled &&
                c.state != CaseState::kVerified) {
                v->take();
                c.helpers.push_back(p.resource);
                e.resource = world->resources[static_cast<std::size_t>(p.resource)].id;
                ++counts.updates;
                return e;
            }
            return resource_event(t_ms);
        }
        int responder = -1;
        if (p.type == EventType::kIncidentDispatched || p.type == EventType::kIncidentReassigned) {
            responder = nearest_resource(c, p.type == EventType::kIncidentReassigned ? c.resource : c.previous);
            if (responder < 0 && p.type == EventType::kIncidentReassigned) {
                // Nobody free to take it over: the responder carries on.
                schedule(slot, EventType::kIncidentHandled, rng.range(5, 40));
                return resource_event(t_ms);
            }
            if (responder < 0) {
                // Nobody is free: the case waits in the queue and the dispatch is tried again later.
                Pending retry = p;
                retry.due = clock_ms + Minutes(rng.range(3, 10));
                retry.order = ++order;
                pending.push(retry);
                return resource_event(t_ms);
            }
        }
        e.id = c.id;
        ++counts.updates;
        const bool fast = urgent(c);
        const CaseState from = c.state;
        c.state = TargetState(p.type);
        const double deadline_min = kIncidentCategories[c.category].deadline_hours * 60.0;
        switch (p.type) {
            case EventType::kIncidentRegistered:
                if (mobile.empty()) {
                    schedule(slot, EventType::kIncidentCancelled, rng.range(5, 30));
                } else {
                    schedule(slot, EventType::kIncidentDispatched, fast ? rng.range(0.3, 3) : rng.range(1, 12));
                }
                break;
            case EventType::kIncidentDispatched:
            case EventType::kIncidentReassigned: {
                release(c);
                c.resource = responder;
                resources[static_cast<std::size_t>(responder)].take();
                e.resource = world->resources[static_cast<std::size_t>(c.resource)].id;
                if (p.type == EventType::kIncidentReassigned) e.reason = any(kReassignReasons);
                // Emergencies also call the volunteers nearby, now and then (一键召唤).
                if (fast && c.summoned.empty() && rng.chance(0.5)) {
                    schedule_side(slot, EventType::kIncidentSummoned, rng.range(0.5, 2));
                }
                if (c.returns < 2 && rng.chance(0.06)) {
                    schedule(slot, EventType::kIncidentReturned, rng.range(5, 30));
                } else {
                    schedule(slot, EventType::kIncidentAccepted, fast ? rng.range(0.3, 3) : rng.range(1, 10));
                }
                break;
            }
            case EventType::kIncidentAccepted: {
                // The responder holds the case only while handling it (one task per resource): handling
                // takes minutes to an hour or so; the long waits of the day are for verification.
                const double turn = rng.uniform();
                if (c.returns < 2 && turn < 0.03) {
                    schedule(slot, EventType::kIncidentReturned, rng.range(10, 60));
                } else if (turn < 0.06) {
                    schedule(slot, EventType::kIncidentReassigned, rng.range(2, 10));
                } else if (turn < 0.075) {
                    schedule(slot, EventType::kIncidentRecalled, rng.range(2, 10));
                } else {
                    schedule(slot, EventType::kIncidentHandled, fast ? rng.range(5, 30) : rng.range(10, 75));
                }
                if (rng.chance(0.4)) {
                    // The responder goes to the scene.
                    Pending arrive;
                    arrive.due = clock_ms + Minutes(fast ? rng.range(1, 5) : rng.range(2, 15));
                    arrive.order = ++order;
                    arrive.type = EventType::kResourceMoved;
                    arrive.resource = c.resource;
                    arrive.target = {c.position.x + rng.normal() * 10, c.position.y + rng.normal() * 10};
                    pending.push(arrive);
                }
                break;
            }
            case EventType::kIncidentRecalled:
                e.reason = any(kRecallReasons);
                c.previous = c.resource;
                release(c);
                schedule(slot, EventType::kIncidentDispatched, rng.range(1, 5));
                break;
            case EventType::kIncidentHandled:
                release(c);
                release_helpers(c);
                if (c.returns < 2 && rng.chance(0.04)) {
                    schedule(slot, EventType::kIncidentReturned, rng.range(20, 90));
                } else if (rng.chance(0.08)) {
                    // Verification waits (a slow department, the night): the case closes late or overdue.
                    schedule(slot, EventType::kIncidentVerified, std::max(10.0, rng.range(0.85, 1.5) * deadline_min));
                } else {
                    const double share = rng.range(0.02, 0.3);
                    schedule(slot, EventType::kIncidentVerified,
                             fast ? rng.range(5, 20) : std::max(10.0, share * deadline_min));
                }
                break;
            case EventType::kIncidentVerified:
                schedule(slot, EventType::kIncidentClosed, rng.range(5, 40));
                break;
            case EventType::kIncidentReturned: {
                // From handled: verification failed; otherwise the responder gave it back.
                e.reason = from == CaseState::kHandled ? any(kVerifyReturnReasons) : any(kReturnReasons);
                ++c.returns;
                c.previous = c.resource;
                release(c);
                if (rng.chance(0.15)) {
                    schedule(slot, EventType::kIncidentCancelled, rng.range(10, 60));
                } else {
                    schedule(slot, EventType::kIncidentDispatched, rng.range(5, 30));
                }
                break;
            }
            case EventType::kIncidentCancelled:
                e.reason = c.returns > 0 ? any(kReturnedCancelReasons) : any(kCancelReasons);
                if (mobile.empty() && c.returns == 0) e.reason = "无可派遣的处置力量";
                finish(slot);
                break;
            case EventType::kIncidentClosed:
                finish(slot);
                break;
            default:
                break;
        }
        return e;
    }

    // [SECTION] resources

    Event resource_event(std::int64_t t_ms) {
        const int r = mobile[static_cast<std::size_t>(rng.below(static_cast<int>(mobile.size())))];
        ResourceState& s = resources[static_cast<std::size_t>(r)];
        Event e;
        e.id = world->resources[static_cast<std::size_t>(r)].id;
        stamp(e, t_ms);
        ++counts.resource_events;
        if (rng.chance(0.8)) {
            // On patrol: a step of a few hundred metres, kept inside the jurisdiction.
            e.type = EventType::kResourceMoved;
            for (int attempt = 0; attempt < 10; ++attempt) {
                const Vec2 q{s.position.x + 150 * rng.normal(), s.position.y + 150 * rng.normal()};
                if (inside(q)) {
                    s.position = q;
                    break;
                }
            }
            lonlat(s.position, e.lon, e.lat);
        } else if (!s.tasked) {
            // Shift changes and breaks: off_duty and busy come back; available goes busy or off duty. A
            // responder on a task keeps its status until the task ends.
            e.type = EventType::kResourceStatus;
            if (s.status != kResourceStatuses[0]) {
                s.status = kResourceStatuses[0];
            } else {
                s.status = rng.chance(0.5) ? kResourceStatuses[1] : kResourceStatuses[2];
            }
            e.status = s.status;
        } else {
            e.type = EventType::kResourceMoved;
            lonlat(s.position, e.lon, e.lat);
        }
        return e;
    }

    // [SECTION] the clock

    // Advances the clock to the next line's time: a Poisson process at rate x DayRhythm, by thinning.
    void advance() {
        if (options.flat) {
            clock_ms += rng.exponential() / options.rate * 1000;
            return;
        }
        const RhythmTable& rhythm = Rhythm();
        const double top = options.rate * rhythm.max;
        for (;;) {
            clock_ms += rng.exponential() / top * 1000;
            const std::int64_t t = options.start_ms + static_cast<std::int64_t>(clock_ms);
            if (rng.uniform() * rhythm.max <= rhythm.factor[MinuteOfDay(t, options.offset_minutes)]) return;
        }
    }

    Event next() {
        advance();
        const std::int64_t t_ms = std::max(last_ms, options.start_ms + static_cast<std::int64_t>(std::floor(clock_ms)));
        last_ms = t_ms;
        // A share of the lines are always reports, so that the hotline is heard at night too, when the
        // backlog of the day could otherwise take every line.
        if (rng.chance(kReportFloor)) return report(t_ms);
        if (!pending.empty() && pending.top().due <= clock_ms) {
            const Pending p = pending.top();
            pending.pop();
            return step(p, t_ms);
        }
        if (!mobile.empty() && rng.chance(kResourceEventShare)) return resource_event(t_ms);
        return report(t_ms);
    }
};

// [SECTION] the generator

Result<std::unique_ptr<IncidentSimulator>> IncidentSimulator::Create(const World& world,
                                                                     const SimulatorOptions& options) {
    if (world.grids.size() == 0) return Error{"simulate: the workspace has no grids"};
    if (!(options.rate > 0) || !std::isfinite(options.rate)) return Error{"simulate: the rate must be above 0"};
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    if (!to_lonlat) return Error{"simulate: " + to_lonlat.error()};
    auto state = std::make_unique<State>(world, std::move(to_lonlat.value()));
    state->options = options;
    state->rng = Rng(options.seed);
    state->last_ms = options.start_ms;
    state->index =
        world.grid_index ? world.grid_index : std::make_shared<const GridIndex>(GridIndex::Build(world.grids));
    state->bounds = world.grids.bounds();
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        const Resource& r = world.resources[i];
        state->resources.push_back({r.position, r.status, !r.task.empty(), Dispatchable(r)});
        if (Dispatchable(r)) state->mobile.push_back(static_cast<int>(i));
    }
    state->build_hot_spots();
    return std::unique_ptr<IncidentSimulator>(new IncidentSimulator(std::move(state)));
}

IncidentSimulator::IncidentSimulator(std::unique_ptr<State> state) : state_(std::move(state)) {}
IncidentSimulator::~IncidentSimulator() = default;

Event IncidentSimulator::next() { return state_->next(); }
const SimulatorCounts& IncidentSimulator::counts() const { return state_->counts; }
const std::vector<IncidentSimulator::HotSpot>& IncidentSimulator::hot_spots() const { return state_->hot_spots; }

// [SECTION] CSV replay: times and categories

namespace {

std::string TrimText(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string text) {
    for (char& ch : text) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return text;
}

struct Keyword {
    const char* word;
    int category;
};
// Checked in order: the first keyword found in the text decides.
// clang-format off
constexpr Keyword kKeywords[] = {
    {"突发", kEmergency}, {"火", kEmergency}, {"积水", kEmergency}, {"塌陷", kEmergency}, {"泄漏", kEmergency},
    {"倒伏", kEmergency}, {"fire", kEmergency}, {"flood", kEmergency}, {"emergency", kEmergency},
    {"gas leak", kEmergency},
    {"施工", kConstruction}, {"工地", kConstruction}, {"渣土", kConstruction}, {"扬尘", kConstruction},
    {"construction", kConstruction},
    {"井盖", kPublicFacility}, {"路灯", kPublicFacility}, {"设施", kPublicFacility}, {"护栏", kPublicFacility},
    {"消防栓", kPublicFacility}, {"破损", kPublicFacility}, {"pothole", kPublicFacility},
    {"street light", kPublicFacility}, {"streetlight", kPublicFacility}, {"manhole", kPublicFacility},
    {"hydrant", kPublicFacility}, {"sidewalk", kPublicFacility}, {"signal", kPublicFacility},
    {"广告", kAdvertising}, {"横幅", kAdvertising}, {"招牌", kAdvertising}, {"标语", kAdvertising},
    {"advert", kAdvertising}, {"poster", kAdvertising}, {"billboard", kAdvertising}, {"flyer", kAdvertising},
    {"sign", kAdvertising},
    {"占道", kStreetOrder}, {"摆摊", kStreetOrder}, {"游商", kStreetOrder}, {"乱停", kStreetOrder},
    {"经营", kStreetOrder}, {"parking", kStreetOrder}, {"vehicle", kStreetOrder}, {"vendor", kStreetOrder},
    {"noise", kStreetOrder}, {"blocked", kStreetOrder},
};
// clang-format on

}  // namespace

int CategoryFromText(const std::string& text) {
    const std::string trimmed = TrimText(text);
    if (int known = FindCategory(trimmed); known >= 0) return known;
    const std::string lower = Lower(trimmed);
    for (int i = 0; i < kCategoryCount; ++i) {
        if (Lower(std::string(kIncidentCategories[i].name_en)) == lower) return i;
    }
    for (const Keyword& k : kKeywords) {
        if (lower.find(k.word) != std::string::npos) return k.category;
    }
    return kCityAppearance;
}

Result<std::int64_t> ParseRecordTime(const std::string& raw, int offset_minutes) {
    std::string text = TrimText(raw);
    auto bad = [&raw] {
        return Error{"'" + raw +
                     "' is not a time (expected ISO 8601 such as 2026-11-27T09:30:00+08:00, "
                     "'2026-11-27 09:30', or Unix seconds)"};
    };
    if (text.empty()) return Error{"empty"};
    if (text.find_first_not_of("0123456789.") == std::string::npos) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (*end || !std::isfinite(v)) return bad();
        return static_cast<std::int64_t>(std::llround(v > 1e11 ? v : v * 1000));
    }
    if (text.size() >= 10 && text[4] == '/' && text[7] == '/') text[4] = text[7] = '-';
    if (text.size() == 10) text += "T00:00:00";
    if (text.size() == 16) text += ":00";
    if (auto t = ParseIsoTime(text)) return t.value();
    // No offset written: the local one.
    std::size_t at = 19;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
    if (text.size() < 19 || at != text.size()) return bad();
    char offset[32];
    std::snprintf(offset, sizeof offset, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', std::abs(offset_minutes) / 60,
                  std::abs(offset_minutes) % 60);
    if (auto t = ParseIsoTime(text + offset)) return t.value();
    return bad();
}

// [SECTION] CSV replay: reading

Result<ReplayInput> ReadReplayCsv(const ReplaySpec& spec) {
    if (!IsCsvPath(spec.path)) return Error{spec.path + ": expected a .csv file"};
    PointSourceSpec point_spec;
    point_spec.path = spec.path;
    point_spec.x_field = spec.x_field;
    point_spec.y_field = spec.y_field;
    point_spec.srs = spec.srs;
    auto opened = PointSource::Open(point_spec);
    if (!opened) return Error{opened.error()};
    PointSource& source = *opened.value();
    // The kept columns: time, then category and id when named.
    std::vector<std::pair<std::string, std::string>> wanted = {{"--time-field", spec.time_field}};
    if (!spec.category_field.empty()) wanted.push_back({"--category-field", spec.category_field});
    if (!spec.id_field.empty()) wanted.push_back({"--id-field", spec.id_field});
    std::vector<std::string> names;
    for (const auto& [option, name] : wanted) {
        if (FindColumn(source.columns(), name) < 0) {
            std::string list;
            for (const std::string& c : source.columns()) list += (list.empty() ? "" : ", ") + c;
            return Error{spec.path + ": no column '" + name + "' for " + option + " (columns: " + list + ")"};
        }
        names.push_back(name);
    }
    if (auto kept = source.select_keep(names); !kept) return Error{kept.error()};
    if (Status s = source.prepare(Crs::LonLat(), 1); !s) return Error{s.error()};
    const std::size_t category_at = spec.category_field.empty() ? 0 : 1;
    const std::size_t id_at = spec.id_field.empty() ? 0 : names.size() - 1;

    struct Timed {
        std::int64_t t_ms;
        Event event;
    };
    std::vector<Timed> timed;
    ReplayInput input;
    std::unordered_map<std::string, std::int64_t> seen;  // id -> row
    PointChunk chunk;
    for (;;) {
        auto got = source.read(chunk, 1 << 16);
        if (!got) return Error{got.error()};
        if (got.value() == 0) break;
        source.resolve(chunk, 0, chunk.size(), 0);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            const std::string row = "row " + std::to_string(chunk.rows[i]) + ": ";
            if (!chunk.valid(i)) {
                input.skipped.push_back(row + chunk.reasons[i]);
                continue;
            }
            const std::string* kept = chunk.kept(i);
            auto t = ParseRecordTime(kept[0], spec.offset_minutes);
            if (!t) {
                input.skipped.push_back(row + spec.time_field + ": " + t.error());
                continue;
            }
            Event e;
            e.type = EventType::kIncidentReported;
            const std::string own_id = id_at ? TrimText(kept[id_at]) : std::to_string(chunk.rows[i]);
            if (own_id.empty()) {
                input.skipped.push_back(row + spec.id_field + ": empty");
                continue;
            }
            e.id = spec.id_prefix + own_id;
            if (e.id.size() > 128) {
                input.skipped.push_back(row + spec.id_field + ": longer than 128 bytes with the prefix");
                continue;
            }
            if (auto [it, added] = seen.emplace(e.id, chunk.rows[i]); !added) {
                input.skipped.push_back(row + spec.id_field + ": '" + own_id + "' repeats row " +
                                        std::to_string(it->second));
                continue;
            }
            const std::string category_text = category_at ? TrimText(kept[category_at]) : std::string();
            e.category = category_at ? CategoryFromText(category_text) : kCityAppearance;
            if (category_at && FindCategory(category_text) < 0) e.text = category_text;
            e.priority = e.category == kEmergency ? 2 : 4;
            e.source = "csv_replay";
            e.lon = std::round(chunk.working[i].x * 1e7) / 1e7;
            e.lat = std::round(chunk.working[i].y * 1e7) / 1e7;
            timed.push_back({t.value(), std::move(e)});
        }
    }
    std::stable_sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) { return a.t_ms < b.t_ms; });
    const std::int64_t first = timed.empty() ? 0 : timed.front().t_ms;
    input.records.reserve(timed.size());
    for (Timed& item : timed) {
        ReplayRecord record;
        record.offset_ms = item.t_ms - first;
        record.event = std::move(item.event);
        record.event.t_ms = spec.keep_time ? item.t_ms : spec.start_ms + record.offset_ms;
        record.event.t = FormatIsoTime(record.event.t_ms, spec.offset_minutes);
        input.records.push_back(std::move(record));
    }
    return input;
}

}  // namespace gridlink
