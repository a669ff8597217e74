// The wall's panels (see wall_panels.h): dark blocks with large text, Chinese first and English under it, and
// charts drawn with ImDrawList (Debian has no ImPlot). Every number comes from Wall::figures.
#include "wall_panels.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/grid_display.h"
#include "layers/choropleth_layer.h"
#include "ui/marker_legend.h"
#include "ui/panels.h"

namespace gridlink {

// [SECTION] look

namespace {

const ImU32 kPanelBg = IM_COL32(14, 20, 32, 255);
const ImU32 kBackdrop = IM_COL32(6, 10, 18, 255);
const ImU32 kPanelBorder = IM_COL32(40, 64, 100, 255);
const ImU32 kHeading = IM_COL32(110, 185, 255, 255);
const ImU32 kText = IM_COL32(225, 232, 242, 255);
const ImU32 kMuted = IM_COL32(135, 150, 172, 255);
const ImU32 kNumber = IM_COL32(255, 255, 255, 255);
const ImU32 kRed = IM_COL32(255, 92, 80, 255);
const ImU32 kGreen = IM_COL32(70, 205, 125, 255);
const ImU32 kOrange = IM_COL32(245, 160, 60, 255);
const ImU32 kGrey = IM_COL32(150, 156, 166, 255);
const ImU32 kBlue = IM_COL32(70, 150, 255, 255);
const ImU32 kGridLine = IM_COL32(60, 78, 104, 255);

ImU32 StatusColour(int status) {
    switch (status) {
        case 0: return kGreen;
        case 1: return kOrange;
        default: return kGrey;
    }
}

// A block of the wall: a dark rounded panel at a fixed place, drawn through the window's draw list. Its
// contents are placed by hand from `at` down.
class Block {
  public:
    Block(const Wall& wall, const char* id, ImVec2 pos, ImVec2 size) : wall_(wall), pos_(pos), size_(size) {
        ImGui::SetNextWindowPos(pos);
        ImGui::SetNextWindowSize(size);
        ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(kPanelBg));
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(kPanelBorder));
        ImGui::Begin(id, nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoBringToFrontOnFocus);
        list_ = ImGui::GetWindowDrawList();
        pad_ = s(18);
        at_ = ImVec2(pos.x + pad_, pos.y + pad_ * 0.7f);
    }
    ~Block() {
        ImGui::End();
        ImGui::PopStyleColor(2);
    }
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;

    float s(float v) const { return v * wall_.layout.scale; }
    ImDrawList* list() const { return list_; }
    float left() const { return pos_.x + pad_; }
    float right() const { return pos_.x + size_.x - pad_; }
    float bottom() const { return pos_.y + size_.y - pad_ * 0.7f; }
    float y() const { return at_.y; }
    void down(float dy) { at_.y += dy; }

    // Text at a size (px at scale 1) from the ui font or the figure font; returns its size.
    ImVec2 text(ImVec2 at, float size, ImU32 colour, const std::string& t, bool figure = false) const {
        ImFont* font = figure ? wall_.figure_font : wall_.fonts.ui;
        list_->AddText(font, s(size), at, colour, t.c_str());
        return font->CalcTextSizeA(s(size), 1e9f, 0, t.c_str());
    }
    ImVec2 measure(float size, const std::string& t, bool figure = false) const {
        ImFont* font = figure ? wall_.figure_font : wall_.fonts.ui;
        return font->CalcTextSizeA(s(size), 1e9f, 0, t.c_str());
    }
    // Right-aligned at x.
    void text_right(float x, float y, float size, ImU32 colour, const std::string& t, bool figure = false) const {
        text(ImVec2(x - measure(size, t, figure).x, y), size, colour, t, figure);
    }
    // The block's heading: Chinese large, English beside it, a rule under both.
    void heading(const std::string& zh, const std::string& en, const std::string& aside = "") {
        const ImVec2 a = text(at_, 30, kHeading, zh, true);
        text(ImVec2(at_.x + a.x + s(12), at_.y + a.y - measure(19, en).y - s(2)), 19, kMuted, en);
        if (!aside.empty()) text_right(right(), at_.y + a.y - measure(22, aside).y - s(1), 22, kText, aside);
        at_.y += a.y + s(6);
        list_->AddLine(ImVec2(left(), at_.y), ImVec2(right(), at_.y), kPanelBorder, s(2));
        at_.y += s(10);
    }
    // `t` cut with an ellipsis to fit `width`.
    std::string fit(float size, const std::string& t, float width) const {
        if (measure(size, t).x <= width) return t;
        std::string cut = t;
        while (!cut.empty()) {
            // Drop one UTF-8 character from the end.
            do cut.pop_back();
            while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);
            if (!cut.empty()) cut.pop_back();
            if (measure(size, cut + "…").x <= width) return cut + "…";
        }
        return "";
    }

  private:
    const Wall& wall_;
    ImVec2 pos_, size_;
    ImDrawList* list_ = nullptr;
    float pad_ = 0;
    ImVec2 at_;
};

std::string Count(std::int64_t n) { return std::to_string(n); }

// Heights of the column blocks at scale 1; the last block of each column takes what is left.
constexpr float kFiguresHeight = 470, kHourlyHeight = 330, kCategoriesHeight = 350;

}  // namespace

std::string WallTexts() {
    std::string t =
        "网格化联动指挥调度中心 运行概况 今日本月 上报在办超期结案率按期 在办最多的区街道社区网格单元 24小时态势 "
        "本月案件类别 共 处置力量 紧急 优先级 辖区外 巡览暂停于紧急案件 已暂停 下一站 全区 返回巡览 空格 继续 "
        "下一街道 指标 退出 暂无在办案件 日志回放 已接收 事件 时间固定 0123456789.%—…·/:- ";
    for (const IncidentCategory& c : kIncidentCategories) t.append(c.name_zh);
    for (const ResourceStatusInfo& s : kResourceStatuses) t.append(s.name_zh);
    // The keys over the map: the markers' and the choropleth's (its measures' names, "no data").
    t.append(MarkerKeyTexts()).append("无数据 no data 天 days");
    for (int m = 0; m < kChoroplethMeasureCount; ++m) t.append(MeasureName(static_cast<ChoroplethMeasure>(m)));
    return t;
}

std::string FormatRate(const std::optional<double>& rate) {
    if (!rate) return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", *rate * 100);
    return text;
}

// [SECTION] header

void ShowWallHeader(Wall& wall) {
    const WallLayout& l = wall.layout;
    Block b(wall, "##wall_header", ImVec2(0, 0), ImVec2(l.width, l.header));
    const float mid = l.header / 2;
    const ImVec2 title = b.measure(44, "网格化联动指挥调度中心", true);
    b.text(ImVec2(b.s(24), mid - title.y / 2), 44, kNumber, "网格化联动指挥调度中心", true);
    const std::string sub = "Grid governance command centre · " + wall.workspace_label;
    b.text(ImVec2(b.s(40) + title.x, mid - b.measure(22, sub).y / 2), 22, kMuted, sub);

    // The clock the figures were taken at, local time (UTC+8), and the feed.
    const std::string iso = FormatIsoTime(wall.figures.now_ms);
    const std::string clock = iso.substr(0, 10) + "  " + iso.substr(11, 8);
    const ImVec2 c = b.measure(40, clock, true);
    b.text(ImVec2(l.width - b.s(24) - c.x, mid - c.y / 2), 40, kNumber, clock, true);
    std::string feed = wall.feed_status.empty() ? "日志回放 log as replayed" : wall.feed_status;
    feed += " · 已接收 " + Count(wall.events_taken) + " 事件 events";
    if (wall.at_ms > 0) feed = "时间固定 clock held · " + feed;
    const ImVec2 f = b.measure(22, feed);
    b.text(ImVec2(l.width - b.s(48) - c.x - f.x, mid - f.y / 2), 22, kMuted, feed);
}

// [SECTION] today and this month

void ShowWallFigures(Wall& wall) {
    const WallLayout& l = wall.layout;
    Block b(wall, "##wall_figures", ImVec2(l.gap, l.header + l.gap), ImVec2(l.column, kFiguresHeight * l.scale));
    b.heading("运行概况", "Today and this month");
    const float label_w = (b.right() - b.left()) * 0.42f;
    const float col_today = b.left() + label_w + (b.right() - b.left() - label_w) * 0.5f;
    const float col_month = b.right();
    b.text_right(col_today, b.y(), 24, kHeading, "今日 Today");
    b.text_right(col_month, b.y(), 24, kHeading, "本月 This month");
    b.down(b.s(36));

    const Figures& d = wall.figures.today_figures;
    const Figures& m = wall.figures.month_figures;
    struct Row {
        const char* zh;
        const char* en;
        std::string today, month;
        ImU32 colour;
    };
    const Row rows[] = {
        {"上报", "Reported", Count(d.reported), Count(m.reported), kNumber},
        {"在办", "Open now", Count(d.open), Count(m.open), kNumber},
        {"超期", "Overdue", Count(d.overdue_open), Count(m.overdue_open), d.overdue_open > 0 ? kRed : kNumber},
        {"结案率", "Closure rate", FormatRate(d.closure_rate()), FormatRate(m.closure_rate()), kGreen},
        {"按期结案率", "On-time rate", FormatRate(d.on_time_rate()), FormatRate(m.on_time_rate()), kGreen},
    };
    const float row_h = (b.bottom() - b.y()) / 5;
    for (const Row& r : rows) {
        const float top = b.y();
        const ImVec2 zh = b.text(ImVec2(b.left(), top + b.s(4)), 30, kText, r.zh);
        b.text(ImVec2(b.left(), top + zh.y + b.s(6)), 19, kMuted, r.en);
        const float number_y = top + (row_h - b.measure(52, "0", true).y) / 2;
        b.text_right(col_today, number_y, 52, r.colour, r.today, true);
        b.text_right(col_month, number_y, 52, r.colour, r.month, true);
        b.down(row_h);
    }
}

// [SECTION] grids with the most open cases

void ShowWallTopGrids(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float top = l.header + 2 * l.gap + kFiguresHeight * l.scale;
    Block b(wall, "##wall_top_grids", ImVec2(l.gap, top), ImVec2(l.column, l.height - l.gap - top));
    const char* level_zh[] = {"", "区", "街道", "社区", "网格", "单元网格"};
    const int level = wall.figures.top_grid_level;
    const std::string zh = std::string("在办最多的") + (level >= 1 && level <= 5 ? level_zh[level] : "网格");
    b.heading(zh, "Most open cases");
    const float col_overdue = b.right();
    const float col_open = b.right() - b.s(150);
    b.text_right(col_open, b.y(), 22, kHeading, "在办 open");
    b.text_right(col_overdue, b.y(), 22, kHeading, "超期 overdue");
    b.down(b.s(32));
    const auto& grids = wall.figures.top_grids;
    if (grids.empty()) {
        b.text(ImVec2(b.left(), b.y()), 26, kMuted, "暂无在办案件 No open cases");
        return;
    }
    const float row_h = std::min(b.s(44), (b.bottom() - b.y()) / static_cast<float>(kWallTopGrids));
    int rank = 1;
    for (const UnitFigures& g : grids) {
        const float y = b.y() + (row_h - b.measure(28, "0").y) / 2;
        b.text_right(b.left() + b.s(34), y, 26, kMuted, Count(rank++));
        // The grid's own name after its parent's ("金色社区 · 第8网格"): grids are numbered within their parent.
        std::string name = g.name;
        if (g.grid >= 0 && static_cast<std::size_t>(g.grid) < wall.world.grids.size()) {
            const GridSet& all = wall.world.grids;
            const std::size_t index = static_cast<std::size_t>(g.grid);
            name = DisplayName(all, index);
            if (const std::int64_t parent = all.find(all[index].parent_code); parent >= 0) {
                name = DisplayName(all, static_cast<std::size_t>(parent)) + " · " + name;
            }
        }
        const float name_x = b.left() + b.s(48);
        b.text(ImVec2(name_x, y), 28, kText, b.fit(28, name, col_open - b.s(110) - name_x));
        b.text_right(col_open, y - b.s(4), 34, kNumber, Count(g.figures.open), true);
        b.text_right(col_overdue, y - b.s(4), 34, g.figures.overdue_open > 0 ? kRed : kMuted,
                     Count(g.figures.overdue_open), true);
        b.down(row_h);
    }
}

// [SECTION] the last 24 hours

void ShowWallHourly(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float x = l.width - l.gap - l.column;
    Block b(wall, "##wall_hourly", ImVec2(x, l.header + l.gap), ImVec2(l.column, kHourlyHeight * l.scale));
    b.heading("24小时态势", "Reports and closures by hour");
    const HourlySeries& h = wall.figures.hourly;
    // Legend
    ImDrawList* list = b.list();
    const float legend_y = b.y();
    list->AddRectFilled(ImVec2(b.left(), legend_y + b.s(6)), ImVec2(b.left() + b.s(18), legend_y + b.s(24)), kBlue);
    const ImVec2 r = b.text(ImVec2(b.left() + b.s(26), legend_y), 22, kText, "上报 reported");
    const float lx = b.left() + b.s(60) + r.x;
    list->AddLine(ImVec2(lx, legend_y + b.s(15)), ImVec2(lx + b.s(28), legend_y + b.s(15)), kGreen, b.s(4));
    b.text(ImVec2(lx + b.s(36), legend_y), 22, kText, "结案 closed");
    b.down(b.s(36));

    std::int64_t peak = 1;
    for (std::size_t i = 0; i < h.reported.size(); ++i) {
        peak = std::max({peak, h.reported[i], i < h.closed.size() ? h.closed[i] : 0});
    }
    const float axis_w = b.s(52), axis_h = b.s(30);
    const ImVec2 p0(b.left() + axis_w, b.y() + b.s(6)), p1(b.right(), b.bottom() - axis_h);
    const float plot_h = p1.y - p0.y;
    for (int k = 0; k <= 2; ++k) {
        const float y = p1.y - plot_h * static_cast<float>(k) / 2;
        list->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), kGridLine, b.s(1));
        const std::int64_t value = peak * k / 2;
        if (k == 0 || value * 2 == peak * k) {
            b.text_right(p0.x - b.s(8), y - b.s(12), 20, kMuted, Count(value));
        }
    }
    const int n = static_cast<int>(h.reported.size());
    if (n == 0) return;
    const float step = (p1.x - p0.x) / static_cast<float>(n);
    auto y_of = [&](std::int64_t v) { return p1.y - plot_h * static_cast<float>(v) / static_cast<float>(peak); };
    for (int i = 0; i < n; ++i) {
        const float bx = p0.x + step * static_cast<float>(i);
        if (h.reported[static_cast<std::size_t>(i)] > 0) {
            list->AddRectFilled(ImVec2(bx + step * 0.15f, y_of(h.reported[static_cast<std::size_t>(i)])),
                                ImVec2(bx + step * 0.85f, p1.y), i == n - 1 ? IM_COL32(120, 185, 255, 255) : kBlue,
                                b.s(2));
        }
        if (i % 3 == 2 || i == n - 1) {
            // The hour each bar starts, local time.
            const std::string hour =
                FormatIsoTime(wall.figures.hourly_from_ms + std::int64_t{i} * 3'600'000).substr(11, 2);
            b.text(ImVec2(bx + step / 2 - b.measure(20, hour).x / 2, p1.y + b.s(4)), 20, kMuted, hour);
        }
    }
    std::vector<ImVec2> line;
    for (int i = 0; i < n && i < static_cast<int>(h.closed.size()); ++i) {
        line.emplace_back(p0.x + step * (static_cast<float>(i) + 0.5f), y_of(h.closed[static_cast<std::size_t>(i)]));
    }
    list->AddPolyline(line.data(), static_cast<int>(line.size()), kGreen, 0, b.s(4));
    for (const ImVec2& p : line) list->AddCircleFilled(p, b.s(5), kGreen);
}

// [SECTION] category mix

void ShowWallCategories(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float x = l.width - l.gap - l.column;
    const float top = l.header + 2 * l.gap + kHourlyHeight * l.scale;
    Block b(wall, "##wall_categories", ImVec2(x, top), ImVec2(l.column, kCategoriesHeight * l.scale));
    const auto& categories = wall.figures.categories;
    std::int64_t total = 0, peak = 1;
    for (const UnitFigures& c : categories) {
        total += c.figures.reported;
        peak = std::max(peak, c.figures.reported);
    }
    b.heading("本月案件类别", "Category mix, this month", "共 " + Count(total));
    if (categories.empty()) return;
    const float row_h = (b.bottom() - b.y()) / static_cast<float>(categories.size());
    const float bar_x = b.left() + b.s(190), number_w = b.s(150);
    ImDrawList* list = b.list();
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const UnitFigures& c = categories[i];
        const int index = FindCategory(c.unit);
        const std::string zh = index >= 0 ? std::string(kIncidentCategories[index].name_zh) : c.name;
        const std::string en = index >= 0 ? std::string(kIncidentCategories[index].name_en) : c.unit;
        const float y = b.y();
        const ImVec2 z = b.text(ImVec2(b.left(), y), 26, kText, zh);
        b.text(ImVec2(b.left(), y + z.y - b.s(2)), 18, kMuted, en);
        const float full = b.right() - number_w - bar_x;
        const float w = full * static_cast<float>(c.figures.reported) / static_cast<float>(peak);
        const float bar_top = y + b.s(8), bar_bottom = y + row_h - b.s(12);
        list->AddRectFilled(ImVec2(bar_x, bar_top), ImVec2(bar_x + full, bar_bottom), IM_COL32(30, 42, 62, 255),
                            b.s(3));
        if (w > 0) list->AddRectFilled(ImVec2(bar_x, bar_top), ImVec2(bar_x + w, bar_bottom), kBlue, b.s(3));
        const std::string share =
            total > 0 ? Count((c.figures.reported * 100 + total / 2) / total) + "%" : std::string("—");
        b.text_right(b.right() - b.s(70), y + b.s(2), 32, kNumber, Count(c.figures.reported), true);
        b.text_right(b.right(), y + b.s(8), 22, kMuted, share);
        b.down(row_h);
    }
}

// [SECTION] responders

void ShowWallResponders(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float x = l.width - l.gap - l.column;
    const float top = l.header + 3 * l.gap + (kHourlyHeight + kCategoriesHeight) * l.scale;
    Block b(wall, "##wall_responders", ImVec2(x, top), ImVec2(l.column, l.height - l.gap - top));
    const auto& counts = wall.figures.responders;
    std::int64_t total = 0;
    for (std::int64_t c : counts) total += c;
    b.heading("处置力量", "Responders", "共 " + Count(total));
    const float row_h = std::min(b.s(60), (b.bottom() - b.y()) / 3);
    const float bar_x = b.left() + b.s(190), number_w = b.s(130);
    ImDrawList* list = b.list();
    for (int i = 0; i < kResourceStatusCount; ++i) {
        const ResourceStatusInfo& info = kResourceStatuses[i];
        const float y = b.y();
        const float cy = y + row_h / 2 - b.s(4);
        list->AddCircleFilled(ImVec2(b.left() + b.s(10), cy), b.s(9), StatusColour(i));
        const ImVec2 z = b.text(ImVec2(b.left() + b.s(28), cy - b.s(26)), 26, kText, std::string(info.name_zh));
        b.text(ImVec2(b.left() + b.s(28), cy - b.s(26) + z.y - b.s(2)), 18, kMuted, std::string(info.name_en));
        const float full = b.right() - number_w - bar_x;
        const float w =
            total > 0 ? full * static_cast<float>(counts[static_cast<std::size_t>(i)]) / static_cast<float>(total) : 0;
        list->AddRectFilled(ImVec2(bar_x, cy - b.s(12)), ImVec2(bar_x + full, cy + b.s(12)), IM_COL32(30, 42, 62, 255),
                            b.s(3));
        if (w > 0)
            list->AddRectFilled(ImVec2(bar_x, cy - b.s(12)), ImVec2(bar_x + w, cy + b.s(12)), StatusColour(i), b.s(3));
        b.text_right(b.right(), cy - b.measure(40, "0", true).y / 2, 40, kNumber,
                     Count(counts[static_cast<std::size_t>(i)]), true);
        b.down(row_h);
    }
}

// [SECTION] over the map

namespace {

// A dark, unframed window over the map for a key: no input, never in front of the banner (a foreground list).
bool BeginMapKey(const Wall& wall, const char* id, ImVec2 pos, ImVec2 pivot, float width) {
    const float s = wall.layout.scale;
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always, pivot);
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowBgAlpha(0.88f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(kPanelBg));
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(kPanelBorder));
    ImGui::PushStyleColor(ImGuiCol_TextDisabled, ImGui::ColorConvertU32ToFloat4(kHeading));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14 * s, 10 * s));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8 * s, 4 * s));
    const bool shown = ImGui::Begin(id, nullptr,
                                    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                                        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::SetWindowFontScale(0.8f);
    return shown;
}

void EndMapKey() {
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(3);
}

}  // namespace

void ShowWallLegends(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float s = l.scale;
    const float map_width = l.map_right() - l.map_left();
    if (BeginMapKey(wall, "##wall_marker_key", ImVec2(l.map_right() - 10 * s, l.map_bottom() - 10 * s), ImVec2(1, 1),
                    std::min(0.36f * map_width, 760 * s))) {
        ShowMarkerKey(22 * s, true);
    }
    EndMapKey();
    // The choropleth's legend while it shows (switched on with M, or by itself where the cases crowd).
    const auto* choropleth = wall.view.layer_as<ChoroplethLayer>("choropleth");
    if (!choropleth || !(choropleth->visible || choropleth->shown_by_crowding())) return;
    const ChoroplethLegend& legend = choropleth->legend();
    if (legend.labels.empty()) return;
    if (BeginMapKey(wall, "##wall_choropleth_legend", ImVec2(l.map_left() + 10 * s, l.map_top() + 10 * s), ImVec2(0, 0),
                    330 * s)) {
        ShowChoroplethLegend(legend);
    }
    EndMapKey();
}

void DrawWallBackdrop(Wall& wall) {
    const WallLayout& l = wall.layout;
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    list->AddRectFilled(ImVec2(0, 0), ImVec2(l.width, l.map_top()), kBackdrop);
    list->AddRectFilled(ImVec2(0, 0), ImVec2(l.map_left(), l.height), kBackdrop);
    list->AddRectFilled(ImVec2(l.map_right(), 0), ImVec2(l.width, l.height), kBackdrop);
    list->AddRectFilled(ImVec2(0, l.map_bottom()), ImVec2(l.width, l.height), kBackdrop);
    list->AddRect(ImVec2(l.map_left(), l.map_top()), ImVec2(l.map_right(), l.map_bottom()), kPanelBorder, 0, 0,
                  2 * l.scale);
}

void ShowWallTourCaption(Wall& wall) {
    const WallLayout& l = wall.layout;
    const float s = l.scale;
    ImDrawList* list = ImGui::GetForegroundDrawList();
    ImFont* font = wall.fonts.ui;
    ImFont* big = wall.figure_font;
    const float cx = (l.map_left() + l.map_right()) / 2;
    const WallTour& tour = wall.tour;
    const WallTour::Stop stop = tour.current();
    const double remaining = tour.remaining(wall.seconds);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.0f s", std::max(0.0, remaining));

    if (stop.showing == WallTour::Showing::kCase && stop.index < wall.world.incidents.cases.size()) {
        // The urgent case the tour flew to: a banner across the map's top and a ring round the marker.
        const Incident& c = wall.world.incidents.cases[stop.index];
        const IncidentCategory& category = kIncidentCategories[c.category];
        std::string where = c.grid >= 0 ? DisplayName(wall.world.grids, static_cast<std::size_t>(c.grid))
                                        : std::string("辖区外 outside");
        const std::string line1 =
            "紧急  " + std::string(category.name_zh) + " · 优先级 P" + std::to_string(c.priority) + " · " + where;
        std::string line2 = std::string(category.name_en) + " · " + FormatIsoTime(c.reported_ms).substr(11, 5);
        if (!c.text.empty()) line2.append(" · ").append(c.text);
        line2.append(" · 返回巡览 back to the tour in ").append(seconds);
        // Each line shrinks to the map's width (down to a floor), and what still does not fit is clipped.
        const float room = l.map_right() - l.map_left() - 64 * s;
        auto fitted = [&](ImFont* f, float size, const std::string& text) {
            const float width = f->CalcTextSizeA(size, 1e9f, 0, text.c_str()).x;
            return width > room ? std::max(size * room / width, 0.6f * size) : size;
        };
        const float size1 = fitted(big, 46 * s, line1), size2 = fitted(font, 26 * s, line2);
        const ImVec2 a = big->CalcTextSizeA(size1, 1e9f, 0, line1.c_str());
        const ImVec2 b2 = font->CalcTextSizeA(size2, 1e9f, 0, line2.c_str());
        const float w = std::min(std::max(a.x, b2.x), room) + 48 * s;
        const ImVec2 p0(cx - w / 2, l.map_top() + 12 * s), p1(cx + w / 2, l.map_top() + 12 * s + a.y + b2.y + 30 * s);
        list->AddRectFilled(p0, p1, IM_COL32(170, 20, 20, 235), 10 * s);
        list->AddRect(p0, p1, IM_COL32(255, 140, 120, 255), 10 * s, 0, 3 * s);
        list->PushClipRect(ImVec2(p0.x + 12 * s, p0.y), ImVec2(p1.x - 12 * s, p1.y), true);
        list->AddText(big, size1, ImVec2(std::max(cx - a.x / 2, p0.x + 24 * s), p0.y + 10 * s), kNumber, line1.c_str());
        list->AddText(font, size2, ImVec2(std::max(cx - b2.x / 2, p0.x + 24 * s), p0.y + 16 * s + a.y),
                      IM_COL32(255, 225, 220, 255), line2.c_str());
        list->PopClipRect();
        const Vec2 at = wall.view.camera.to_screen(c.position);
        ImDrawList* under = ImGui::GetBackgroundDrawList();
        under->AddCircle(ImVec2(static_cast<float>(at.x), static_cast<float>(at.y)), 46 * s, kRed, 48, 5 * s);
    }

    // The tour's caption at the map's foot.
    std::string caption;
    const std::size_t streets = tour.streets().size();
    const WallTour::Stop touring = tour.holding() ? WallTour::Stop{} : stop;
    if (tour.holding()) {
        caption = "巡览暂停于紧急案件 Tour held for an urgent case";
    } else if (touring.showing == WallTour::Showing::kStreet) {
        caption = "巡览 Tour " + std::to_string(tour.position()) + "/" + std::to_string(streets) + " · " +
                  DisplayName(wall.world.grids, touring.index);
    } else {
        caption = "全区 Whole district";
    }
    if (!tour.holding()) caption += tour.paused() ? " · 已暂停 paused" : std::string(" · 下一站 next in ") + seconds;
    const ImVec2 t = font->CalcTextSizeA(30 * s, 1e9f, 0, caption.c_str());
    const float y = l.map_bottom() - t.y - 64 * s;  // above the keys' line
    list->AddRectFilled(ImVec2(cx - t.x / 2 - 20 * s, y - 8 * s), ImVec2(cx + t.x / 2 + 20 * s, y + t.y + 8 * s),
                        IM_COL32(14, 20, 32, 215), 8 * s);
    list->AddText(font, 30 * s, ImVec2(cx - t.x / 2, y), kNumber, caption.c_str());
    const char* keys = "空格 暂停/继续 pause · N 下一街道 next · M 指标 measure · F 全区 fit · Esc 退出";
    const ImVec2 k = font->CalcTextSizeA(18 * s, 1e9f, 0, keys);
    list->AddRectFilled(ImVec2(l.map_left() + 8 * s, l.map_bottom() - k.y - 20 * s),
                        ImVec2(l.map_left() + k.x + 24 * s, l.map_bottom() - 6 * s), IM_COL32(14, 20, 32, 170), 6 * s);
    list->AddText(font, 18 * s, ImVec2(l.map_left() + 16 * s, l.map_bottom() - k.y - 13 * s), kMuted, keys);
}

}  // namespace gridlink
