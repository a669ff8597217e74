// The live-feed simulator: hot spots, background and a few reports just outside the jurisdiction, a
// category mix of digital city management, each case's lifecycle scheduled in simulated time, resource
// moves and status changes, all through the engine's rules on the simulator's own World. Deterministic for a seed.
#include "simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <numbers>
#include <queue>

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

    // The generator's position, to keep it between calls (SimulatedVolunteers) and go on from it.
    std::uint64_t state() const { return state_; }
    static Rng FromState(std::uint64_t state) {
        Rng rng(0);
        rng.state_ = state;
        return rng;
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

constexpr const char* kNoResponderReason = "无可派遣的处置力量";

bool Dispatchable(const Resource& r) { return InfoOf(r.kind).mobile; }

double Minutes(double m) { return m * 60000; }

}  // namespace

const SimulationProfile& SimulationProfile::Default() {
    static const SimulationProfile profile;
    return profile;
}

const SimulationProfile& SimulationProfile::Year() {
    static const SimulationProfile profile = [] {
        SimulationProfile p;
        p.stuck = 0.02;
        return p;
    }();
    return profile;
}

// [SECTION] simulated volunteers

SimulatedVolunteers::SimulatedVolunteers(std::uint64_t seed, const SimulationProfile& profile)
    : profile_(profile), rng_state_(Rng(seed).state()) {}

void SimulatedVolunteers::summoned(const Event& summoned) {
    if (summoned.type != EventType::kIncidentSummoned) return;
    Rng rng = Rng::FromState(rng_state_);
    for (const std::string& volunteer : summoned.resources) {
        if (!rng.chance(profile_.answer_probability)) continue;
        const double seconds = rng.range(profile_.answer_delay_s.low, profile_.answer_delay_s.high);
        due_.push({summoned.t_ms + static_cast<std::int64_t>(seconds * 1000), ++order_, summoned.id, volunteer});
    }
    rng_state_ = rng.state();
}

std::optional<std::int64_t> SimulatedVolunteers::next_due_ms() const {
    if (due_.empty()) return std::nullopt;
    return due_.top().due_ms;
}

std::vector<Event> SimulatedVolunteers::take_due(const World& world, std::int64_t now_ms) {
    std::vector<Event> out;
    CaseLedger ledger;  // the cases and volunteers concerned, as the World has them, then each answer taken
    while (!due_.empty() && due_.top().due_ms <= now_ms) {
        const Answer answer = due_.top();
        due_.pop();
        Event e;
        e.type = EventType::kIncidentAccepted;
        e.id = answer.case_id;
        e.resource = answer.volunteer;
        e.t_ms = now_ms;
        e.t = FormatIsoTime(now_ms);
        if (!ledger.cases.contains(e.id)) {
            const Incident* c = world.incidents.find(e.id);
            if (!c) continue;
            ledger.cases[c->id] = LedgerCase{c->state, c->resource, c->summoned, c->answered};
        }
        if (!ledger.resources.contains(e.resource)) {
            const Resource* r = world.find_resource(e.resource);
            if (!r) continue;
            ledger.resources[r->id] = LedgerResource{r->kind, r->status, r->task};
        }
        if (!CheckEvent(ledger, e)) continue;
        RecordEvent(ledger, e);
        out.push_back(std::move(e));
    }
    return out;
}

// [SECTION] the generator's state

struct IncidentSimulator::State {
    // A case the simulator reported and drives through its lifecycle; its state lives in the World.
    struct Case {
        std::string id;
        std::size_t incident = 0;  // index into world.incidents.cases
        int category = 0;
        int returns = 0;
        std::string previous;      // the responder it came back from, not sent again
        std::uint64_t serial = 0;  // which case holds the slot now (side steps of an earlier one are dropped)
    };
    // A lifecycle step or a responder's arrival, due at `due` (ms after the start).
    struct Pending {
        double due = 0;
        std::uint64_t order = 0;
        EventType type = EventType::kIncidentRegistered;
        int slot = -1;             // case slot (steps) ...
        int resource = -1;         // ... or the resource that arrives (resource.moved)
        std::uint64_t serial = 0;  // the case's serial, for side steps (a summons)
        Vec2 target;
    };
    struct Later {
        bool operator()(const Pending& a, const Pending& b) const {
            return a.due != b.due ? a.due > b.due : a.order > b.order;
        }
    };

    World world;        // the simulator's own: the one given, with every line emitted applied (ApplyEvent)
    CaseLedger ledger;  // the same, as the feed's check sees it: every line passes CheckEvent first
    std::shared_ptr<const GridIndex> index;
    Transform to_lonlat;
    SimulatorOptions options;
    const SimulationProfile& profile;
    Rng rng{1};
    SimulatedVolunteers volunteers;
    std::deque<Event> answers;  // volunteers' answers due, one a line
    double clock_ms = 0;        // simulated ms after options.start_ms
    std::int64_t last_ms = 0;
    std::uint64_t order = 0;
    std::uint64_t serial = 0;
    std::int64_t case_number = 0;
    std::vector<Case> cases;
    std::vector<int> free_slots;
    std::vector<int> mobile;  // resources that move about (InfoOf(kind).mobile)
    std::priority_queue<Pending, std::vector<Pending>, Later> pending;
    std::vector<HotSpot> hot_spots;
    std::vector<Vec2> hot_centres;
    std::vector<int> hot_kinds;
    std::vector<double> hot_weights;
    Box bounds;
    SimulatorCounts counts;
    bool nobody_free = false;  // the last ranking found nobody free to send (maybe_free)
    std::uint64_t nobody_free_epoch = 0;
    std::size_t nobody_free_read = 0;

    State(const World& w, Transform t, const SimulatorOptions& o)
        : world(w),
          ledger(CaseLedger::FromWorld(w)),
          to_lonlat(std::move(t)),
          options(o),
          profile(options.profile),
          rng(o.seed),
          volunteers(o.seed ^ 0x5EED5EEDULL, options.profile) {}

    GridHit locate(Vec2 p) const { return index->locate(p); }
    bool inside(Vec2 p) const { return locate(p).grid >= 0; }

    void lonlat(Vec2 p, double& lon, double& lat) const {
        Vec2 q = p;
        to_lonlat.apply(q);
        lon = std::round(q.x * 1e7) / 1e7;
        lat = std::round(q.y * 1e7) / 1e7;
    }

    double draw(Span span) { return rng.range(span.low, span.high); }
    double draw(bool urgent, Span span, Span urgent_span) { return draw(urgent ? urgent_span : span); }

    // [SECTION] the one gate: every line passes the engine's check and is applied to the World

    // Emits `e` when CheckEvent takes it: records it in the ledger and applies it to the World (a report with
    // its grid assigned at `at`, as the server assigns it). False, and nothing changed, when refused.
    bool emit(const Event& e, const Vec2* at = nullptr) {
        if (!CheckEvent(ledger, e)) {
            ++counts.withheld;
            return false;
        }
        ledger.begin_batch();  // nothing to roll back: keeps the undo lists empty
        RecordEvent(ledger, e);
        Status applied;
        if (at && e.type == EventType::kIncidentReported) {
            Event assigned = e;
            AssignEvent(*index, world.grids, *at, assigned);
            applied = ApplyEvent(world, assigned);
        } else {
            applied = ApplyEvent(world, e);
        }
        // CheckEvent took it, so the World takes it too; were they ever to disagree, the ledger wins (it is
        // what the server checks against) and the World's copy of this line is lost.
        (void)applied;
        return true;
    }

    Status observe(const Event& e) {
        if (Status ok = CheckEvent(ledger, e); !ok) return ok;
        ledger.begin_batch();
        RecordEvent(ledger, e);
        return ApplyEvent(world, e);
    }

    // The name of a grid's community (level 3) when it has one, else its own.
    std::string place_name(std::int64_t grid) const {
        const GridSet& grids = world.grids;
        for (std::size_t a : grids.ancestry(static_cast<std::size_t>(grid))) {
            if (grids[a].level == 3) return grids[a].name;
        }
        return grids[static_cast<std::size_t>(grid)].name;
    }

    void build_hot_spots() {
        const GridSet& grids = world.grids;
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

    // A point outside every grid, within profile.outside_max_m of the nearest.
    Vec2 outside_point() {
        const double margin = profile.outside_max_m;
        for (int attempt = 0; attempt < 400; ++attempt) {
            const Vec2 p{rng.range(bounds.min_x - margin, bounds.max_x + margin),
                         rng.range(bounds.min_y - margin, bounds.max_y + margin)};
            const GridHit hit = locate(p);
            if (hit.grid < 0 && hit.distance_m <= margin) return p;
        }
        return {bounds.max_x + margin / 2, bounds.center().y};
    }

    // A case id the log has not seen (an id of an earlier run with the same prefix is skipped).
    std::string next_case_id() {
        for (;;) {
            char number[24];
            std::snprintf(number, sizeof number, "%06lld", static_cast<long long>(++case_number));
            std::string id = options.id_prefix + number;
            if (!ledger.cases.contains(id)) return id;
        }
    }

    Event report(std::int64_t t_ms) {
        Event e;
        e.type = EventType::kIncidentReported;
        e.id = next_case_id();
        int category = -1;
        Vec2 p;
        std::string place;
        const double where = rng.uniform();
        bool outside = false;
        if (where < profile.outside_share) {
            p = outside_point();
            const GridHit hit = locate(p);
            place = "辖区外" + (hit.nearest >= 0 ? "，近" + world.grids[static_cast<std::size_t>(hit.nearest)].name
                                                 : std::string());
            outside = true;
        } else if (where < profile.outside_share + profile.hot_spot_share && !hot_centres.empty()) {
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
            if (hit.grid >= 0) place = world.grids[static_cast<std::size_t>(hit.grid)].name;
        }
        if (category < 0) category = rng.pick(profile.category_shares);
        const auto& texts = kReportTexts[static_cast<std::size_t>(category)];
        e.category = category;
        e.priority = 1 + rng.pick(kPriorityWeights[category]);
        e.source = kSources[category == kEmergency ? rng.pick(kEmergencySourceWeights) : rng.pick(kSourceWeights)];
        e.text = texts[static_cast<std::size_t>(rng.below(static_cast<int>(texts.size())))];
        if (!place.empty()) e.text += "（" + place + "）";
        lonlat(p, e.lon, e.lat);
        stamp(e, t_ms);
        emit(e, &p);  // a fresh id: always taken

        int slot;
        if (!free_slots.empty()) {
            slot = free_slots.back();
            free_slots.pop_back();
        } else {
            slot = static_cast<int>(cases.size());
            cases.emplace_back();
        }
        Case& c = cases[static_cast<std::size_t>(slot)];
        c = Case{e.id, world.incidents.by_id.at(e.id), category, 0, {}, ++serial};
        ++counts.reports;
        ++counts.open_cases;
        if (outside) ++counts.outside;
        if (rng.chance(profile.cancel_on_report)) {
            schedule(slot, EventType::kIncidentCancelled, draw(profile.cancel_delay));
        } else {
            schedule(slot, EventType::kIncidentRegistered,
                     draw(urgent(c), profile.register_delay, profile.register_delay_urgent));
        }
        return e;
    }

    // [SECTION] lifecycle

    static bool urgent(const Case& c) { return c.category == kEmergency; }
    const Incident& incident(const Case& c) const { return world.incidents.cases[c.incident]; }

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

    // Whether some resource may be free to send. After a ranking found nobody (RankCandidates' k-nearest search
    // then visits every resource, and a busy hour retries many waiting cases), nobody is until a resource the
    // World's journal names as changed since is sendable again: a cache of the World's own answer, not a model.
    bool maybe_free() {
        if (!nobody_free) return true;
        const ResourceJournal& journal = world.resource_changes;
        if (journal.epoch != nobody_free_epoch) {
            nobody_free = false;
            return true;
        }
        for (std::size_t k = nobody_free_read; k < journal.changed.size(); ++k) {
            if (IsSendable(world.resources[journal.changed[k]])) {
                nobody_free = false;
                return true;
            }
        }
        nobody_free_read = journal.changed.size();
        return false;
    }

    // Who takes the case: the first candidate RankCandidates offers that is free to be sent (the own grid's
    // worker, else the soonest to arrive), never `avoid` (the responder it came back from); empty when none.
    std::string responder_for(const Incident& incident, const std::string& avoid) {
        if (!maybe_free()) return {};
        bool any = false;
        for (const DispatchCandidate& candidate : RankCandidates(world, incident, profile.ranking)) {
            const Resource& r = world.resources[candidate.resource];
            if (candidate.free && r.id != avoid) return r.id;
            any = any || candidate.free;
        }
        if (!any) {
            nobody_free = true;
            nobody_free_epoch = world.resource_changes.epoch;
            nobody_free_read = world.resource_changes.changed.size();
        }
        return {};
    }

    // A summons (side step) for the case in `slot`, dropped if the case is gone by then.
    void schedule_summons(int slot, double minutes) {
        Pending p = step_in(slot, EventType::kIncidentSummoned, minutes);
        p.serial = cases[static_cast<std::size_t>(slot)].serial;
        pending.push(p);
    }

    // The simulator stops driving a case: finished, or a step of it was refused (another writer moved it on).
    void release_slot(int slot) {
        cases[static_cast<std::size_t>(slot)].id.clear();
        free_slots.push_back(slot);
    }

    template <std::size_t N>
    const char* any(const char* const (&reasons)[N]) {
        return reasons[static_cast<std::size_t>(rng.below(static_cast<int>(N)))];
    }

    // 一键召唤: the free volunteers SummonCandidates finds within the profile's radius, nearest first, up to
    // summon_max; their answers are left to `volunteers`. Nothing when none is near or the case is past it.
    std::optional<Event> summon(const Pending& p, std::int64_t t_ms) {
        const Case& c = cases[static_cast<std::size_t>(p.slot)];
        if (p.serial != c.serial || c.id.empty()) return std::nullopt;
        const Incident& inc = incident(c);
        if (!IsOpen(inc.state) || !IsAllowed(inc.state, EventType::kIncidentSummoned)) return std::nullopt;
        Event e;
        e.type = EventType::kIncidentSummoned;
        e.id = c.id;
        stamp(e, t_ms);
        for (std::size_t v : SummonCandidates(world, inc, profile.summon_radius_m)) {
            if (static_cast<int>(e.resources.size()) >= profile.summon_max) break;
            e.resources.push_back(world.resources[v].id);
        }
        e.radius_m = profile.summon_radius_m;
        if (e.resources.empty() || !emit(e)) return std::nullopt;
        volunteers.summoned(e);
        ++counts.updates;
        return e;
    }

    // The next volunteer's answer due by t_ms that the engine takes.
    std::optional<Event> answer(std::int64_t t_ms) {
        if (const auto due = volunteers.next_due_ms(); due && *due <= t_ms) {
            for (Event& e : volunteers.take_due(world, t_ms)) answers.push_back(std::move(e));
        }
        while (!answers.empty()) {
            Event e = std::move(answers.front());
            answers.pop_front();
            stamp(e, t_ms);
            if (emit(e)) {
                ++counts.updates;
                return e;
            }
        }
        return std::nullopt;
    }

    std::optional<Event> step(const Pending& p, std::int64_t t_ms) {
        if (p.type == EventType::kResourceMoved) {
            Event e;
            e.type = EventType::kResourceMoved;
            e.id = world.resources[static_cast<std::size_t>(p.resource)].id;
            stamp(e, t_ms);
            lonlat(p.target, e.lon, e.lat);
            if (!emit(e)) return std::nullopt;
            ++counts.resource_events;
            return e;
        }
        if (p.type == EventType::kIncidentSummoned) return summon(p, t_ms);
        const int slot = p.slot;
        Case& c = cases[static_cast<std::size_t>(slot)];
        const Incident& inc = incident(c);
        Event e;
        e.type = p.type;
        e.id = c.id;
        stamp(e, t_ms);
        if (p.type == EventType::kIncidentDispatched || p.type == EventType::kIncidentReassigned) {
            e.resource = responder_for(inc, p.type == EventType::kIncidentReassigned ? inc.resource : c.previous);
            if (e.resource.empty() && p.type == EventType::kIncidentReassigned) {
                // Nobody free to take it over: the responder carries on.
                schedule(slot, EventType::kIncidentHandled, draw(profile.carry_on));
                return std::nullopt;
            }
            if (e.resource.empty()) {
                // Nobody is free: the case waits in the queue and the dispatch is tried again later.
                Pending retry = p;
                retry.due = clock_ms + Minutes(draw(profile.dispatch_retry));
                retry.order = ++order;
                pending.push(retry);
                return std::nullopt;
            }
        }
        const bool fast = urgent(c);
        const CaseState from = inc.state;
        const std::string responder = inc.resource;  // before this step
        const double deadline_min = kIncidentCategories[c.category].deadline_hours * 60.0;
        switch (p.type) {
            case EventType::kIncidentReassigned: e.reason = any(kReassignReasons); break;
            case EventType::kIncidentRecalled: e.reason = any(kRecallReasons); break;
            case EventType::kIncidentReturned:
                // From handled: verification failed; otherwise the responder gave it back.
                e.reason = from == CaseState::kHandled ? any(kVerifyReturnReasons) : any(kReturnReasons);
                break;
            case EventType::kIncidentCancelled:
                e.reason = c.returns > 0 ? any(kReturnedCancelReasons) : any(kCancelReasons);
                if (mobile.empty() && c.returns == 0) e.reason = kNoResponderReason;
                break;
            default: break;
        }
        if (!emit(e)) {
            // Another writer moved the case on: the simulator leaves it to them.
            release_slot(slot);
            return std::nullopt;
        }
        ++counts.updates;
        switch (p.type) {
            case EventType::kIncidentRegistered:
                if (mobile.empty()) {
                    schedule(slot, EventType::kIncidentCancelled, draw(profile.cancel_delay));
                } else {
                    schedule(slot, EventType::kIncidentDispatched,
                             draw(fast, profile.dispatch_delay, profile.dispatch_delay_urgent));
                }
                break;
            case EventType::kIncidentDispatched:
            case EventType::kIncidentReassigned:
                // Emergencies also call the volunteers nearby, now and then (一键召唤).
                if (fast && inc.summoned.empty() && rng.chance(profile.summon_share)) {
                    schedule_summons(slot, draw(profile.summon_delay));
                }
                if (c.returns < 2 && rng.chance(profile.return_on_dispatch)) {
                    schedule(slot, EventType::kIncidentReturned, draw(profile.return_delay));
                } else {
                    schedule(slot, EventType::kIncidentAccepted,
                             draw(fast, profile.accept_delay, profile.accept_delay_urgent));
                }
                break;
            case EventType::kIncidentAccepted: {
                // The responder holds the case only while handling it (one task per resource): handling
                // takes minutes to an hour or so; the long waits of the day are for verification.
                const double turn = rng.uniform();
                const double returned = profile.return_on_accept;
                const double reassigned = profile.return_on_accept + profile.reassign_on_accept;
                if (c.returns < 2 && turn < returned) {
                    schedule(slot, EventType::kIncidentReturned, draw(profile.return_after_accept));
                } else if (turn < reassigned) {
                    schedule(slot, EventType::kIncidentReassigned, draw(profile.reassign_delay));
                } else if (turn < reassigned + profile.recall_on_accept) {
                    schedule(slot, EventType::kIncidentRecalled, draw(profile.recall_delay));
                } else {
                    schedule(slot, EventType::kIncidentHandled,
                             draw(fast, profile.handle_delay, profile.handle_delay_urgent));
                }
                const Resource* responding = world.find_resource(inc.resource);
                if (responding && InfoOf(responding->kind).mobile && rng.chance(profile.to_scene)) {
                    // The responder goes to the scene (a station's staff walk there, and the station stays).
                    Pending arrive;
                    arrive.due = clock_ms + Minutes(draw(fast, profile.travel, profile.travel_urgent));
                    arrive.order = ++order;
                    arrive.type = EventType::kResourceMoved;
                    arrive.resource = static_cast<int>(responding - world.resources.data());
                    arrive.target = {inc.position.x + rng.normal() * 10, inc.position.y + rng.normal() * 10};
                    pending.push(arrive);
                }
                break;
            }
            case EventType::kIncidentRecalled:
                c.previous = responder;
                schedule(slot, EventType::kIncidentDispatched, draw(profile.redispatch_after_recall));
                break;
            case EventType::kIncidentHandled:
                if (c.returns < 2 && rng.chance(profile.return_on_handle)) {
                    schedule(slot, EventType::kIncidentReturned, draw(profile.return_after_handle));
                } else if (profile.stuck > 0 && rng.chance(profile.stuck)) {
                    // Stuck for weeks: a dispute, or another department's work.
                    schedule(slot, EventType::kIncidentVerified, draw(profile.stuck_days) * 24 * 60);
                } else if (rng.chance(profile.slow_verify)) {
                    // Verification waits (a slow department, the night): the case closes late or overdue.
                    schedule(slot, EventType::kIncidentVerified,
                             std::max(profile.verify_min, draw(profile.slow_verify_deadlines) * deadline_min));
                } else {
                    const double share = draw(profile.verify_share);
                    schedule(
                        slot, EventType::kIncidentVerified,
                        fast ? draw(profile.verify_delay_urgent) : std::max(profile.verify_min, share * deadline_min));
                }
                break;
            case EventType::kIncidentVerified:
                schedule(slot, EventType::kIncidentClosed, draw(profile.close_delay));
                break;
            case EventType::kIncidentReturned:
                ++c.returns;
                c.previous = responder;
                if (rng.chance(profile.cancel_on_return)) {
                    schedule(slot, EventType::kIncidentCancelled, draw(profile.cancel_after_return));
                } else {
                    schedule(slot, EventType::kIncidentDispatched, draw(profile.redispatch_after_return));
                }
                break;
            case EventType::kIncidentCancelled:
            case EventType::kIncidentClosed:
                --counts.open_cases;
                release_slot(slot);
                break;
            default: break;
        }
        return e;
    }

    // [SECTION] resources

    // A responder on patrol moves a few hundred metres (kept inside the jurisdiction), or one off a task
    // changes status (shift changes and breaks: off_duty and busy come back; available goes busy or off
    // duty). A responder on a task keeps its status until the task ends.
    Event resource_event(std::int64_t t_ms) {
        const int r = mobile[static_cast<std::size_t>(rng.below(static_cast<int>(mobile.size())))];
        const Resource& res = world.resources[static_cast<std::size_t>(r)];
        Event e;
        e.id = res.id;
        stamp(e, t_ms);
        e.type = EventType::kResourceMoved;
        Vec2 at = res.position;
        if (rng.chance(profile.resource_move_share)) {
            for (int attempt = 0; attempt < 10; ++attempt) {
                const Vec2 q{at.x + profile.patrol_step_m * rng.normal(), at.y + profile.patrol_step_m * rng.normal()};
                if (inside(q)) {
                    at = q;
                    break;
                }
            }
        } else if (res.task.empty()) {
            e.type = EventType::kResourceStatus;
            const ResourceStatus next = res.status != ResourceStatus::kAvailable ? ResourceStatus::kAvailable
                                        : rng.chance(0.5)                        ? ResourceStatus::kBusy
                                                                                 : ResourceStatus::kOffDuty;
            e.status = std::string(CodeOf(next));
        }
        if (e.type == EventType::kResourceMoved) lonlat(at, e.lon, e.lat);
        emit(e);  // a workspace resource and a known status: always taken
        ++counts.resource_events;
        return e;
    }

    // A line that is no step: now and then a resource event, else a report.
    Event other(std::int64_t t_ms) {
        if (!mobile.empty() && rng.chance(profile.resource_event_share)) return resource_event(t_ms);
        return report(t_ms);
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
        if (rng.chance(profile.report_floor)) return report(t_ms);
        if (auto e = answer(t_ms)) return *e;
        if (!pending.empty() && pending.top().due <= clock_ms) {
            const Pending p = pending.top();
            pending.pop();
            if (auto e = step(p, t_ms)) return *e;
            if (!mobile.empty()) return resource_event(t_ms);
        }
        return other(t_ms);
    }
};

// [SECTION] the generator

Result<std::unique_ptr<IncidentSimulator>> IncidentSimulator::Create(const World& world,
                                                                     const SimulatorOptions& options) {
    if (world.grids.size() == 0) return Error{"simulate: the workspace has no grids"};
    if (!(options.rate > 0) || !std::isfinite(options.rate)) return Error{"simulate: the rate must be above 0"};
    auto to_lonlat = Transform::Create(world.crs, Crs::LonLat());
    if (!to_lonlat) return Error{"simulate: " + to_lonlat.error()};
    auto state = std::make_unique<State>(world, std::move(to_lonlat.value()), options);
    state->last_ms = options.start_ms;
    if (!state->world.grid_index) IndexGrids(state->world);
    if (state->world.nearby.size() != state->world.resources.size()) IndexResources(state->world);
    state->index = state->world.grid_index;
    state->bounds = world.grids.bounds();
    for (std::size_t i = 0; i < world.resources.size(); ++i) {
        if (Dispatchable(world.resources[i])) state->mobile.push_back(static_cast<int>(i));
    }
    state->build_hot_spots();
    return std::unique_ptr<IncidentSimulator>(new IncidentSimulator(std::move(state)));
}

IncidentSimulator::IncidentSimulator(std::unique_ptr<State> state) : state_(std::move(state)) {}
IncidentSimulator::~IncidentSimulator() = default;

Event IncidentSimulator::next() { return state_->next(); }
Status IncidentSimulator::observe(const Event& durable) { return state_->observe(durable); }
const World& IncidentSimulator::world() const { return state_->world; }
const SimulatorCounts& IncidentSimulator::counts() const { return state_->counts; }
const std::vector<IncidentSimulator::HotSpot>& IncidentSimulator::hot_spots() const { return state_->hot_spots; }

}  // namespace gridlink
