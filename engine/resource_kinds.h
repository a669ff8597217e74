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
    ResourceKind kind;
    std::string_view code;  // as the workspace writes it
    std::string_view name_zh;
    std::string_view name_en;
    double speed_kmh;     // assumed average speed on the road network, for ETAs (road distance / speed)
    std::uint8_t symbol;  // marker shape in shaders/resource.frag
    Rgba colour;          // marker colour while free (statuses other than available draw their own)
    bool mobile;          // moves about (the simulator moves it); stations and cameras stay put
    bool dispatchable;    // can be sent to a case (WhyUnsendable)
};
// Indexed by ResourceKind. Speeds: a patrol vehicle's urban average with stops and lights, a grid worker's
// e-bike; everyone else goes on foot (stations and cameras do not move: their staff walk).
inline constexpr ResourceKindInfo kResourceKinds[] = {
    {ResourceKind::kGridWorker, "grid_worker", "网格员", "Grid worker", 15, 0, {30, 170, 90, 255}, true, true},
    {ResourceKind::kVolunteer, "volunteer", "志愿者", "Volunteer", 5, 3, {220, 40, 50, 255}, true, true},  // party red
    {ResourceKind::kPatrolVehicle, "patrol_vehicle", "巡逻车", "Patrol vehicle", 30, 1, {30, 170, 90, 255}, true, true},
    {ResourceKind::kServiceStation, "service_station", "服务站", "Service station", 5, 2, {30, 170, 90, 255}, false,
     true},
    {ResourceKind::kCamera, "camera", "监控", "Camera", 5, 4, {70, 90, 160, 255}, false, false},
};
inline constexpr int kResourceKindCount = static_cast<int>(std::size(kResourceKinds));

inline constexpr const ResourceKindInfo& InfoOf(ResourceKind kind) { return kResourceKinds[static_cast<int>(kind)]; }
inline constexpr std::string_view CodeOf(ResourceKind kind) { return InfoOf(kind).code; }
// The kind a workspace code names; nullopt when unknown.
inline constexpr std::optional<ResourceKind> ResourceKindFromCode(std::string_view code) {
    for (const ResourceKindInfo& k : kResourceKinds) {
        if (k.code == code) return k.kind;
    }
    return std::nullopt;
}

// [SECTION] statuses

enum class ResourceStatus : std::uint8_t { kAvailable, kBusy, kOffDuty };

struct ResourceStatusInfo {
    ResourceStatus status;
    std::string_view code;  // as the workspace and the feed write it
    std::string_view name_zh;
    std::string_view name_en;
    Rgba colour;  // marker colour; alpha 0: the kind's own colour
};
// Indexed by ResourceStatus.
inline constexpr ResourceStatusInfo kResourceStatuses[] = {
    {ResourceStatus::kAvailable, "available", "空闲", "Available", {0, 0, 0, 0}},
    {ResourceStatus::kBusy, "busy", "忙碌", "Busy", {235, 120, 30, 255}},
    {ResourceStatus::kOffDuty, "off_duty", "下班", "Off duty", {150, 150, 150, 220}},
};
inline constexpr int kResourceStatusCount = static_cast<int>(std::size(kResourceStatuses));
// The codes for messages that list them.
inline constexpr std::string_view kResourceStatusCodes = "available, busy, off_duty";

inline constexpr const ResourceStatusInfo& InfoOf(ResourceStatus status) {
    return kResourceStatuses[static_cast<int>(status)];
}
inline constexpr std::string_view CodeOf(ResourceStatus status) { return InfoOf(status).code; }
// The status a workspace or feed code names; nullopt when unknown.
inline constexpr std::optional<ResourceStatus> ResourceStatusFromCode(std::string_view code) {
    for (const ResourceStatusInfo& s : kResourceStatuses) {
        if (s.code == code) return s.status;
    }
    return std::nullopt;
}

// Each table row sits at its enum's index.
inline constexpr bool TablesInOrder() {
    for (int i = 0; i < kResourceKindCount; ++i) {
        if (static_cast<int>(kResourceKinds[i].kind) != i) return false;
    }
    for (int i = 0; i < kResourceStatusCount; ++i) {
        if (static_cast<int>(kResourceStatuses[i].status) != i) return false;
    }
    return true;
}
static_assert(TablesInOrder());

}  // namespace gridlink
