// Resource kinds and statuses (资源上图) as closed sets, one table each like kIncidentCategories: the code the
// workspace and the feed write, names for panels, how fast a kind travels, how it is drawn, whether it can be
// sent. Readers map codes to these types at the edge; everything past the edge compares enums.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

#include "text.h"

namespace gridlink {

// [SECTION] kinds

enum class ResourceKind : std::uint8_t { kGridWorker, kVolunteer, kPatrolVehicle, kServiceStation, kCamera };

struct ResourceKindInfo {
    std::string_view code;  // as the workspace writes it
    std::string_view name_zh;
    std::string_view name_en;
    double speed_kmh;     // assumed average speed on the road network, for ETAs (road distance / speed)
    std::uint8_t symbol;  // marker shape in shaders/resource.frag
    Rgba colour;          // marker colour while available (volunteers party red); other statuses draw their own
    bool mobile;          // moves about (the simulator moves it); stations and cameras stay put
    bool dispatchable;    // can be sent to a case (WhyUnsendable)
};
// In ResourceKind's order. Speeds: a patrol vehicle's urban average with stops and lights, a grid worker's
// e-bike; everyone else goes on foot (stations and cameras do not move: their staff walk).
// clang-format off
inline constexpr ResourceKindInfo kResourceKinds[] = {
    // code            zh        en                 km/h symbol colour          mobile  dispatchable
    {"grid_worker",     "网格员", "Grid worker",     15,  0,     {30, 170, 90, 255}, true,  true},
    {"volunteer",       "志愿者", "Volunteer",       5,   3,     {220, 40, 50, 255}, true,  true},
    {"patrol_vehicle",  "巡逻车", "Patrol vehicle",  30,  1,     {30, 170, 90, 255}, true,  true},
    {"service_station", "服务站", "Service station", 5,   2,     {30, 170, 90, 255}, false, true},
    {"camera",          "监控",   "Camera",          5,   4,     {70, 90, 160, 255}, false, false},
};
// clang-format on
inline constexpr int kResourceKindCount = static_cast<int>(std::size(kResourceKinds));
static_assert(kResourceKindCount == static_cast<int>(ResourceKind::kCamera) + 1);

inline constexpr const ResourceKindInfo& InfoOf(ResourceKind kind) { return kResourceKinds[static_cast<int>(kind)]; }
inline constexpr std::string_view CodeOf(ResourceKind kind) { return InfoOf(kind).code; }
// The kind a workspace code names; nullopt when unknown.
inline constexpr std::optional<ResourceKind> ResourceKindFromCode(std::string_view code) {
    for (int i = 0; i < kResourceKindCount; ++i) {
        if (kResourceKinds[i].code == code) return static_cast<ResourceKind>(i);
    }
    return std::nullopt;
}

// [SECTION] statuses

enum class ResourceStatus : std::uint8_t { kAvailable, kBusy, kOffDuty };

struct ResourceStatusInfo {
    std::string_view code;  // as the workspace and the feed write it
    std::string_view name_zh;
    std::string_view name_en;
    Rgba colour;  // marker colour; alpha 0: the kind's own colour
};
// In ResourceStatus's order.
inline constexpr ResourceStatusInfo kResourceStatuses[] = {
    {"available", "空闲", "Available", {0, 0, 0, 0}},
    {"busy", "忙碌", "Busy", {235, 120, 30, 255}},
    {"off_duty", "下班", "Off duty", {150, 150, 150, 220}},
};
inline constexpr int kResourceStatusCount = static_cast<int>(std::size(kResourceStatuses));
static_assert(kResourceStatusCount == static_cast<int>(ResourceStatus::kOffDuty) + 1);
// The codes, for messages that list them.
inline constexpr std::string_view kResourceStatusCodes = "available, busy, off_duty";

inline constexpr const ResourceStatusInfo& InfoOf(ResourceStatus status) {
    return kResourceStatuses[static_cast<int>(status)];
}
inline constexpr std::string_view CodeOf(ResourceStatus status) { return InfoOf(status).code; }
// The status a workspace or feed code names; nullopt when unknown.
inline constexpr std::optional<ResourceStatus> ResourceStatusFromCode(std::string_view code) {
    for (int i = 0; i < kResourceStatusCount; ++i) {
        if (kResourceStatuses[i].code == code) return static_cast<ResourceStatus>(i);
    }
    return std::nullopt;
}

}  // namespace gridlink
