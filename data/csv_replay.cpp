// The CSV replay behind `gridlink simulate --from-csv`: real records (a coordinate, a time, optionally a
// category and an id per row) read through the CSV point source and turned into incident.reported events
// in time order, with each bad record's row and reason. The other point sources live in point_source.h.
#include "csv_replay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "data/point_source.h"
#include "engine/ascii_case.h"
#include "engine/crs.h"

namespace gridlink {

// [SECTION] times and categories

namespace {

// Indices into kIncidentCategories.
enum Category { kCityAppearance, kStreetOrder, kConstruction, kAdvertising, kEmergency, kPublicFacility };

std::string TrimText(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
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
    const std::string lower = AsciiLower(trimmed);
    for (int i = 0; i < kCategoryCount; ++i) {
        if (EqualsIgnoringAsciiCase(kIncidentCategories[i].name_en, lower)) return i;
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

// [SECTION] reading

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
