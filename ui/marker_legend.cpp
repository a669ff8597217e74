// The markers' key (see marker_legend.h), drawn with ImGui's draw list in the shapes shaders/incident.frag and
// shaders/resource.frag draw: the shape, colour and style numbers come from the layers' tables.
#include "marker_legend.h"

#include <imgui.h>

#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "engine/incident.h"
#include "engine/resource_kinds.h"
#include "layers/markers.h"
#include "ui/imgui_text.h"
#include "ui/workstation.h"

namespace gridlink {

namespace {

using markers::CaseShape;
using markers::CaseStyle;

// A resource symbol's shape in shaders/resource.frag: circle, square, triangle, diamond, ring.
enum class ResourceShape : int { kCircle, kSquare, kTriangle, kDiamond, kRing };

std::vector<ImVec2> Outline(int shape, ImVec2 c, float r) {
    std::vector<ImVec2> points;
    auto polygon = [&](int n, float turn, float radius) {
        for (int k = 0; k < n; ++k) {
            const float a = turn + 2 * std::numbers::pi_v<float> * static_cast<float>(k) / static_cast<float>(n);
            points.emplace_back(c.x + radius * std::cos(a), c.y + radius * std::sin(a));
        }
    };
    const float up = -std::numbers::pi_v<float> / 2;
    switch (static_cast<CaseShape>(shape)) {
        case CaseShape::kSquare: polygon(4, std::numbers::pi_v<float> / 4, r * 1.2f); break;
        case CaseShape::kTriangle: polygon(3, up, r * 1.15f); break;
        case CaseShape::kDiamond: polygon(4, up, r * 1.1f); break;
        case CaseShape::kStar:
            for (int k = 0; k < 10; ++k) {
                const float a = up + std::numbers::pi_v<float> * static_cast<float>(k) / 5;
                const float radius = k % 2 ? r * 0.5f : r * 1.15f;
                points.emplace_back(c.x + radius * std::cos(a), c.y + radius * std::sin(a));
            }
            break;
        case CaseShape::kHexagon: polygon(6, 0, r * 1.05f); break;
        case CaseShape::kCircle: polygon(28, 0, r); break;
    }
    return points;
}

ImU32 Colour(Rgba c, float alpha = 1) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(static_cast<float>(c.a) * alpha));
}
ImU32 Mix(Rgba a, Rgba b, float t) {
    auto m = [t](std::uint8_t x, std::uint8_t y) { return static_cast<int>(static_cast<float>(x) + (y - x) * t); };
    return IM_COL32(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), 255);
}

constexpr Rgba kWhite{255, 255, 255, 255};
constexpr Rgba kRim{26, 28, 36, 255};  // shaders/incident.frag kRim

// One case marker: `shape` by category, `colour` by priority, `style` by state.
void DrawCase(ImDrawList* list, ImVec2 c, float r, int shape, Rgba colour, CaseStyle style) {
    std::vector<ImVec2> outline = Outline(shape, c, r);
    const int n = static_cast<int>(outline.size());
    const float rim = std::max(1.0f, r * 0.14f);
    switch (style) {
        case CaseStyle::kHollow:
            list->AddConvexPolyFilled(outline.data(), n, Colour(kWhite));
            list->AddPolyline(outline.data(), n, Colour(colour), ImDrawFlags_Closed, r * 0.38f);
            break;
        case CaseStyle::kChecked: list->AddConvexPolyFilled(outline.data(), n, Mix(colour, kWhite, 0.55f)); break;
        case CaseStyle::kFaint: list->AddConvexPolyFilled(outline.data(), n, IM_COL32(158, 158, 158, 255)); break;
        default: list->AddConvexPolyFilled(outline.data(), n, Colour(colour)); break;
    }
    if (shape == static_cast<int>(CaseShape::kStar)) {
        // A star is concave: its fill is its centre's pentagon and five points.
        std::vector<ImVec2> inner;
        for (int k = 1; k < n; k += 2) inner.push_back(outline[static_cast<std::size_t>(k)]);
        const ImU32 fill = style == CaseStyle::kHollow    ? Colour(kWhite)
                           : style == CaseStyle::kChecked ? Mix(colour, kWhite, 0.55f)
                                                          : Colour(colour);
        list->AddConvexPolyFilled(inner.data(), static_cast<int>(inner.size()), fill);
        for (int k = 0; k < n; k += 2) {
            const ImVec2 tip = outline[static_cast<std::size_t>(k)];
            list->AddTriangleFilled(outline[static_cast<std::size_t>((k + n - 1) % n)], tip,
                                    outline[static_cast<std::size_t>(k + 1)], fill);
        }
    }
    list->AddPolyline(outline.data(), n, Colour(kRim), ImDrawFlags_Closed, rim);
    if (style == CaseStyle::kDot) list->AddCircleFilled(c, r * 0.3f, Colour(kWhite), 12);
    if (style == CaseStyle::kChecked) {
        const ImVec2 check[] = {
            {c.x - r * 0.45f, c.y}, {c.x - r * 0.1f, c.y + r * 0.38f}, {c.x + r * 0.5f, c.y - r * 0.4f}};
        list->AddPolyline(check, 3, Colour(kRim), ImDrawFlags_None, std::max(1.5f, r * 0.22f));
    }
    if (style == CaseStyle::kReturned) {
        // The dashed rim: every other step around a circle just outside the shape.
        constexpr int kDashes = 8;
        for (int k = 0; k < kDashes; ++k) {
            const float a0 = 2 * std::numbers::pi_v<float> * static_cast<float>(k) / kDashes;
            list->PathArcTo(c, r * 1.35f, a0, a0 + std::numbers::pi_v<float> / kDashes, 4);
            list->PathStroke(Colour(markers::kReturnedRim), ImDrawFlags_None, std::max(1.5f, r * 0.22f));
        }
    }
}

// One resource marker: `shape` from its kind's symbol, `colour` from its status (or its kind's).
void DrawResource(ImDrawList* list, ImVec2 c, float r, int shape, Rgba colour) {
    const float rim = std::max(1.0f, r * 0.14f);
    switch (static_cast<ResourceShape>(shape)) {
        case ResourceShape::kRing:
            list->AddCircle(c, r * 0.7f, Colour(kRim), 24, r * 0.6f);
            list->AddCircle(c, r * 0.7f, Colour(colour), 24, r * 0.4f);
            return;
        case ResourceShape::kCircle: list->AddCircleFilled(c, r, Colour(colour), 24); break;
        default: {
            // The case shapes' square, triangle and diamond are the resources' symbols 1, 2 and 3.
            std::vector<ImVec2> outline = Outline(shape, c, r * 0.9f);
            list->AddConvexPolyFilled(outline.data(), static_cast<int>(outline.size()), Colour(colour));
            list->AddPolyline(outline.data(), static_cast<int>(outline.size()), Colour(kRim), ImDrawFlags_Closed, rim);
            return;
        }
    }
    list->AddCircle(c, r, Colour(kRim), 24, rim);
}

// A swatch and its label, in the next table cell.
template <typename Draw>
void Entry(float size, std::string_view label, Draw draw) {
    ImGui::TableNextColumn();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    const float box = std::max(size, line);
    ImGui::Dummy(ImVec2(box, box));
    draw(ImGui::GetWindowDrawList(), ImVec2(at.x + box / 2, at.y + box / 2), size * 0.4f);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (box - line) / 2);
    ImGui::TextUnformatted(label.data(), label.data() + label.size());
}

bool BeginKeyTable(const char* id, float size) {
    const float column = size * 1.4f + ImGui::CalcTextSize("公共设施 MMMM").x;
    const int columns = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / column));
    return ImGui::BeginTable(id, columns);
}

constexpr std::string_view kStateLabels[] = {"上报/立案 reported", "派遣 dispatched", "接单 accepted",
                                             "处置/核查 handled", "退回 returned"};
constexpr CaseStyle kStateStyles[] = {CaseStyle::kHollow, CaseStyle::kSolid, CaseStyle::kDot, CaseStyle::kChecked,
                                      CaseStyle::kReturned};
constexpr std::string_view kPriorityLabels[] = {"P1 特急", "P2 紧急", "P3 较急", "P4 一般"};

}  // namespace

void ShowMarkerKey(float size, bool dark) {
    const Rgba neutral = dark ? Rgba{200, 205, 215, 255} : Rgba{120, 126, 138, 255};
    const ImVec4 heading = dark ? ImVec4(0.75f, 0.8f, 0.9f, 1) : ImVec4(0.35f, 0.38f, 0.45f, 1);
    ImGui::TextColored(heading, "事件 类别 · 形状 Cases: shape = category");
    if (BeginKeyTable("categories", size)) {
        for (int k = 0; k < kCategoryCount; ++k) {
            Entry(size, kIncidentCategories[k].name_zh, [&](ImDrawList* list, ImVec2 c, float r) {
                DrawCase(list, c, r, static_cast<int>(markers::ShapeOf(k)), neutral, CaseStyle::kSolid);
            });
        }
        ImGui::EndTable();
    }
    ImGui::TextColored(heading, "优先级 · 颜色 colour = priority");
    if (BeginKeyTable("priorities", size)) {
        for (int p = 1; p <= markers::kPriorityCount; ++p) {
            Entry(size, kPriorityLabels[p - 1], [&](ImDrawList* list, ImVec2 c, float r) {
                DrawCase(list, c, r, 0, markers::PriorityColor(p), CaseStyle::kSolid);
            });
        }
        ImGui::EndTable();
    }
    ImGui::TextColored(heading, "状态 · 样式 style = state");
    if (BeginKeyTable("states", size)) {
        for (std::size_t k = 0; k < std::size(kStateStyles); ++k) {
            Entry(size, kStateLabels[k], [&](ImDrawList* list, ImVec2 c, float r) {
                DrawCase(list, c, r, 0, markers::PriorityColor(2), kStateStyles[k]);
            });
        }
        Entry(size, "新 new (10 min)", [&](ImDrawList* list, ImVec2 c, float r) {
            list->AddCircle(c, r * 1.45f, Colour(markers::PriorityColor(2), 0.6f), 24, std::max(1.0f, r * 0.16f));
            DrawCase(list, c, r, 0, markers::PriorityColor(2), CaseStyle::kSolid);
        });
        Entry(size, "超时 overdue", [&](ImDrawList* list, ImVec2 c, float r) {
            list->AddCircle(c, r * 1.4f, Colour(markers::kOverdueRing), 24, std::max(1.5f, r * 0.25f));
            DrawCase(list, c, r, 0, markers::PriorityColor(2), CaseStyle::kSolid);
        });
        ImGui::EndTable();
    }
    ImGui::TextColored(heading, "资源 Resources: 符号 = kind");
    if (BeginKeyTable("kinds", size)) {
        for (const ResourceKindInfo& kind : kResourceKinds) {
            Entry(size, kind.name_zh,
                  [&](ImDrawList* list, ImVec2 c, float r) { DrawResource(list, c, r, kind.symbol, kind.colour); });
        }
        ImGui::EndTable();
    }
    ImGui::TextColored(heading, "状态 · 颜色 colour = status");
    if (BeginKeyTable("statuses", size)) {
        for (const ResourceStatusInfo& status : kResourceStatuses) {
            // Alpha 0: the kind's own colour (a grid worker's while available).
            const Rgba colour = status.colour.a ? status.colour : kResourceKinds[0].colour;
            Entry(size, status.name_zh,
                  [&](ImDrawList* list, ImVec2 c, float r) { DrawResource(list, c, r, 0, colour); });
        }
        ImGui::EndTable();
    }
}

std::string MarkerKeyTexts() {
    std::string texts =
        "事件 类别 · 形状 Cases: shape = category 优先级 · 颜色 colour = priority 状态 · 样式 style = state "
        "新 new (10 min) 超时 overdue 资源 Resources: 符号 = kind 状态 · 颜色 colour = status 公共设施 MMMM";
    for (const IncidentCategory& c : kIncidentCategories) texts += std::string(c.name_zh) + " ";
    for (std::string_view s : kStateLabels) texts += std::string(s) + " ";
    for (std::string_view s : kPriorityLabels) texts += std::string(s) + " ";
    for (const ResourceKindInfo& k : kResourceKinds) texts += std::string(k.name_zh) + " ";
    for (const ResourceStatusInfo& s : kResourceStatuses) texts += std::string(s.name_zh) + " ";
    return texts;
}

void ShowMarkerLegend(App& app) {
    ImGui::SetNextWindowCollapsed(true, ImGuiCond_Once);
    if (BeginInRegion(app.regions, Region::kLeft, "图例 Legend")) ShowMarkerKey(ImGui::GetFrameHeight(), false);
    EndInRegion(app.regions, Region::kLeft);
}

}  // namespace gridlink
