// The live-feed simulator behind `gridlink simulate` and a seat's `--simulate`: a deterministic stream of
// realistic Events for a World (reports at hot spots with a day-and-night rhythm, then each case's lifecycle,
// plus resource moves and status changes), driven by the engine's own rules on its own copy of the World; the
// one profile of its rates and delays; and the simulated volunteers who answer a summons.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "engine/dispatch.h"
#include "engine/incident.h"
#include "engine/result.h"
#include "engine/world.h"

namespace gridlink {

// [SECTION] the day-and-night rhythm

// How busy the local clock's minute of `ms` is, relative to the day's mean (1): about 0.17 at 03:00,
// peaks of about 2.2 at 10:00 and 1.9 at 16:30. `offset_minutes` is the local offset east of UTC.
double DayRhythm(std::int64_t ms, int offset_minutes = 480);

// The default id prefix for a run started at `now_ms`: "SIM20261127T213005-" (local time, seconds), so
// that runs against the same log do not reuse ids.
std::string DefaultIdPrefix(std::int64_t now_ms, const std::string& stem = "SIM", int offset_minutes = 480);

// [SECTION] the profile: every rate, share and delay of a simulation, in one place

// A span to draw from uniformly: simulated minutes unless the field's name says otherwise.
struct Span {
    double low = 0, high = 0;
};

struct SimulationProfile {
    // Lines. A share of all lines are reports even when steps are due, so that the hotline is heard at night
    // too; of the lines that are no step, this share are resource events (80% of them moves).
    double report_floor = 0.10;
    double resource_event_share = 0.05;
    double resource_move_share = 0.8;
    double patrol_step_m = 150;  // a move on patrol: normal steps of this size in x and y
    // Reports: around hot spots, over the whole jurisdiction, or just outside it; the category shares (indices
    // into kIncidentCategories, summing to 1) before hot spots bias them.
    double hot_spot_share = 0.50;
    double outside_share = 0.01;
    double outside_max_m = 800;
    std::array<double, kCategoryCount> category_shares = {
        0.45,  // city_appearance 市容环境
        0.22,  // street_order 街面秩序
        0.08,  // construction 施工管理
        0.13,  // advertising 宣传广告
        0.02,  // emergency 突发事件
        0.10,  // public_facility 公共设施
    };
    // The lifecycle: minutes from one step to the next; emergencies ("urgent") go faster.
    double cancel_on_report = 0.04;  // reported cases cancelled before registration (重复上报 ...)
    Span cancel_delay{2, 20};
    Span register_delay{1, 8}, register_delay_urgent{0.3, 2};
    Span dispatch_delay{1, 12}, dispatch_delay_urgent{0.3, 3};
    Span dispatch_retry{3, 10};  // nobody free: the case waits and the dispatch is tried again
    // How RankCandidates looks for the responder (the first free candidate is sent): the own grid's workers,
    // then the `pool` nearest free resources by straight line, ranked by road ETA. A smaller pool than a
    // dispatcher's panel shows keeps a busy hour's search short (it ends once `pool` free ones are found).
    DispatchOptions ranking{1, 8};
    double return_on_dispatch = 0.06;  // the responder gives it back before accepting
    Span return_delay{5, 30};
    Span accept_delay{1, 10}, accept_delay_urgent{0.3, 3};
    // Once accepted: returned, reassigned (改派) or recalled (撤回) now and then, else handled.
    double return_on_accept = 0.03, reassign_on_accept = 0.03, recall_on_accept = 0.015;
    Span return_after_accept{10, 60}, reassign_delay{2, 10}, recall_delay{2, 10};
    Span redispatch_after_recall{1, 5};
    Span carry_on{5, 40};  // nobody free to take a reassigned case over: the responder handles it after all
    Span handle_delay{10, 75}, handle_delay_urgent{5, 30};
    double to_scene = 0.4;  // accepted responders who move to the scene
    Span travel{2, 15}, travel_urgent{1, 5};
    double return_on_handle = 0.04;  // verification fails
    Span return_after_handle{20, 90};
    // Verification: most cases within a share of the deadline (at least verify_min minutes), emergencies within
    // minutes; a few wait (a slow department, the night) and close late or overdue.
    Span verify_share{0.02, 0.3};
    double verify_min = 10;
    Span verify_delay_urgent{5, 20};
    double slow_verify = 0.08;
    Span slow_verify_deadlines{0.85, 1.5};
    Span close_delay{5, 40};
    // A few handled cases stay open for weeks (a dispute, another department's work): their verification waits
    // stuck_days. Off in the default profile (its draws, and so every seeded run, stay as they were); a year has them.
    double stuck = 0;
    Span stuck_days{20, 115};
    double cancel_on_return = 0.15;  // a returned case is cancelled rather than dispatched again
    Span cancel_after_return{10, 60}, redispatch_after_return{5, 30};
    // One-click summon (一键召唤) for emergencies, and the volunteers' answers (党员报到).
    double summon_share = 0.5;  // of dispatched emergencies
    Span summon_delay{0.5, 2};
    double summon_radius_m = kDefaultSummonRadiusM;
    int summon_max = 5;  // volunteers called, nearest first
    double answer_probability = 0.7;
    Span answer_delay_s{30, 120};  // seconds after the summons

    // The profile every run uses unless told otherwise.
    static const SimulationProfile& Default();
    // A simulated year (`simulate --profile year`): the default with 2% of cases open for weeks, so that a year's
    // 结案率 lands near the seed's ~99.6% (cases still open past their deadline when the year ends).
    static const SimulationProfile& Year();
};

// [SECTION] simulated volunteers

// Summoned volunteers answering as the profile has it: each volunteer an incident.summoned names answers with
// answer_probability, answer_delay_s after the summons. The simulator uses it for its own summons and a seat's
// simulated feed for the dispatcher's; an answer is handed out only when the engine would take it then.
class SimulatedVolunteers {
  public:
    explicit SimulatedVolunteers(std::uint64_t seed = 1,
                                 const SimulationProfile& profile = SimulationProfile::Default());

    // Schedules the answers to `summoned` (an incident.summoned; other events are ignored) from its t_ms.
    void summoned(const Event& summoned);
    // The answers due by `now_ms`: incident.accepted for the case naming the volunteer, stamped now_ms, in the
    // order they fell due. Each is checked with CheckEvent against the case and the volunteer as `world` has
    // them (and the answers before it): one the engine would refuse (the case handled or finished, the
    // volunteer on another case or off duty) is dropped, never handed out.
    std::vector<Event> take_due(const World& world, std::int64_t now_ms);
    // When the next answer falls due; nullopt when none is waiting.
    std::optional<std::int64_t> next_due_ms() const;
    bool waiting() const { return !due_.empty(); }

  private:
    struct Answer {
        std::int64_t due_ms = 0;
        std::uint64_t order = 0;
        std::string case_id, volunteer;
    };
    struct Later {
        bool operator()(const Answer& a, const Answer& b) const {
            return a.due_ms != b.due_ms ? a.due_ms > b.due_ms : a.order > b.order;
        }
    };
    SimulationProfile profile_;
    std::uint64_t rng_state_;
    std::uint64_t order_ = 0;
    std::priority_queue<Answer, std::vector<Answer>, Later> due_;
};

// [SECTION] the generator

struct SimulatorOptions {
    std::uint64_t seed = 1;
    std::int64_t start_ms = 0;       // the simulated clock at the start
    double rate = 1;                 // feed lines per simulated second: the day's mean, shaped by DayRhythm
    std::string id_prefix = "SIM-";  // case ids are the prefix and a six-digit number
    int offset_minutes = 480;        // the local clock of the rhythm and of the events' times (+08:00)
    bool flat = false;               // no rhythm: `rate` at every hour
    SimulationProfile profile = SimulationProfile::Default();
};

// What the stream held so far.
struct SimulatorCounts {
    std::int64_t reports = 0, updates = 0, resource_events = 0, outside = 0;
    std::int64_t open_cases = 0;  // reported and neither closed nor cancelled
    std::int64_t withheld = 0;    // lines CheckEvent refused, never emitted (a step another writer overtook)
};

// Produces events in time order, each one the log will take: the simulator keeps its own World (a copy of the
// one given, which should hold the log so far) and a CaseLedger, checks every line with CheckEvent before
// emitting it and applies it with ApplyEvent; responders come from RankCandidates (the first one free to be
// sent), volunteers from SummonCandidates. Lines arrive as a Poisson process at rate x DayRhythm; a tenth of
// them are new reports, the others the most overdue lifecycle step due by then, else a report (now and then a
// resource event): the line rate is what was asked from the first second, and a busy hour delays the handling.
// Same World and options, same stream.
class IncidentSimulator {
  public:
    static Result<std::unique_ptr<IncidentSimulator>> Create(const World& world, const SimulatorOptions& options);
    ~IncidentSimulator();
    IncidentSimulator(const IncidentSimulator&) = delete;
    IncidentSimulator& operator=(const IncidentSimulator&) = delete;

    // The next event; its t_ms is not before the previous one's.
    Event next();
    // An event another writer put in the log (a dispatcher's command, another feed), so that the simulator's
    // World keeps to the log; an error when it does not fit (then nothing changes). Not for its own events.
    Status observe(const Event& durable);
    // The simulator's World: the one given with every line emitted (and observed) applied.
    const World& world() const;
    const SimulatorCounts& counts() const;
    // The hot spots' labels and centres (lon/lat), for messages and tests.
    struct HotSpot {
        std::string label;
        double lon = 0, lat = 0, sigma_m = 0, weight = 0;
    };
    const std::vector<HotSpot>& hot_spots() const;

  private:
    struct State;
    explicit IncidentSimulator(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace gridlink
