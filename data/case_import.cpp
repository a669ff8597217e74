// The case history import: records read through the CSV point source (point_source.h), their times, status
// and category mapped, and the events that restate them planned against the workspace's log.
#include "case_import.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>

#include "data/csv_replay.h"
#include "data/point_source.h"
#include "engine/ascii_case.h"
#include "engine/china_offsets.h"
#include "engine/crs.h"
#include "engine/world.h"

namespace gridlink {

namespace {

std::string Trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

std::string Quoted(const std::string& text) {
    std::string out = "'";
    out.append(text);
    out.append("'");
    return out;
}

// The fields of one CSV line (RFC 4180 quoting; a map's values do not span lines).
std::vector<std::string> SplitCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

// The point source's reason ("unparsable: lon 'abc'", "empty: lon, lat") with the field first, as every bad
// record is named: "lon: unparsable 'abc'", "lon, lat: empty".
std::string FieldFirst(const std::string& reason, const std::string& x, const std::string& y) {
    const std::size_t colon = reason.find(": ");
    if (colon == std::string::npos) return reason;
    const std::string what = reason.substr(0, colon);
    const std::string rest = reason.substr(colon + 2);
    for (const std::string& name : {x + ", " + y, x, y}) {
        if (rest.size() < name.size() ||
            !EqualsIgnoringAsciiCase(std::string_view(rest).substr(0, name.size()), name)) {
            continue;
        }
        std::string out = rest.substr(0, name.size());
        out.append(": ");
        out.append(what);
        const std::string detail = Trim(rest.substr(name.size()));
        if (!detail.empty()) out.append(" ").append(detail);
        return out;
    }
    return reason;
}

std::string CategoryList() {
    std::string list;
    for (const IncidentCategory& c : kIncidentCategories) {
        if (!list.empty()) list.append(", ");
        list.append(c.code);
    }
    return list;
}

}  // namespace

// [SECTION] times and mappings

Result<int> ParseUtcOffset(const std::string& raw) {
    const std::string text = Trim(raw);
    if (text == "Z" || text == "z") return 0;
    auto bad = [&raw] { return Error{Quoted(raw) + " is not a UTC offset (expected +08:00, -05:30, +0800 or Z)"}; };
    if (text.size() != 6 && text.size() != 5 && text.size() != 3) return bad();
    if (text[0] != '+' && text[0] != '-') return bad();
    std::string digits = text.substr(1);
    if (digits.size() == 5) {
        if (digits[2] != ':') return bad();
        digits.erase(2, 1);
    }
    if (digits.size() == 2) digits += "00";
    if (digits.size() != 4 || digits.find_first_not_of("0123456789") != std::string::npos) return bad();
    const int hours = (digits[0] - '0') * 10 + (digits[1] - '0');
    const int minutes = (digits[2] - '0') * 10 + (digits[3] - '0');
    if (hours > 14 || minutes > 59) return bad();
    return (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

Result<std::int64_t> ParseTimeWithFormat(const std::string& raw, const std::string& format, int offset_minutes) {
    const std::string text = Trim(raw);
    if (text.empty()) return Error{"empty"};
    std::tm tm{};
    tm.tm_mday = 1;
    const char* end = strptime(text.c_str(), format.c_str(), &tm);
    if (!end || *end != '\0') {
        std::string why = Quoted(raw);
        why.append(" does not match --time-format ");
        why.append(Quoted(format));
        return Error{why};
    }
    const bool has_zone = format.find("%z") != std::string::npos;
    const std::int64_t seconds = static_cast<std::int64_t>(timegm(&tm));
    const std::int64_t offset_s =
        has_zone ? static_cast<std::int64_t>(tm.tm_gmtoff) : std::int64_t{offset_minutes} * 60;
    return (seconds - offset_s) * 1000;
}

Status ReadCategoryMap(const std::string& path, std::unordered_map<std::string, int>& map) {
    std::ifstream in(path);
    if (!in) return Error{path + ": cannot be read"};
    map.clear();
    std::string line;
    std::int64_t row = 0;
    while (std::getline(in, line)) {
        ++row;
        if (row == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM
        if (Trim(line).empty()) continue;
        const std::vector<std::string> fields = SplitCsvLine(line);
        const std::string where = path + " row " + std::to_string(row) + ": ";
        if (fields.size() != 2)
            return Error{where + "expected 2 fields (source value, category), found " + std::to_string(fields.size())};
        const std::string value = Trim(fields[0]);
        const std::string category = Trim(fields[1]);
        const int index = FindCategory(category);
        if (index < 0) {
            if (row == 1) continue;  // the header
            return Error{where + "category: " + Quoted(category) + " is not one of " + CategoryList()};
        }
        if (auto [it, added] = map.emplace(value, index); !added && it->second != index) {
            return Error{where + "value: " + Quoted(value) + " is mapped twice, to different categories"};
        }
    }
    if (map.empty()) return Error{path + ": no mappings"};
    return {};
}

// [SECTION] reading

Result<CaseImportInput> ReadCaseCsv(const CaseImportSpec& spec) {
    if (!IsCsvPath(spec.path)) return Error{spec.path + ": expected a .csv file"};
    if (spec.id_field.empty()) return Error{"--id-field is required (the case ids make an import repeatable)"};
    if (spec.reported_field.empty()) return Error{"--reported-field is required"};
    if (!spec.status_field.empty() && spec.closed_values.empty())
        return Error{"--status-field needs --closed-values V1,V2"};
    if (spec.status_field.empty() && !spec.closed_values.empty()) return Error{"--closed-values needs --status-field"};
    if (!spec.status_field.empty() && spec.closed_field.empty()) {
        return Error{"--status-field needs --closed-field: a closed case is closed at its closing time"};
    }
    const std::optional<ChineseSrs> chinese = ParseChineseSrs(spec.points_srs);
    PointSourceSpec point_spec;
    point_spec.path = spec.path;
    point_spec.x_field = spec.x_field;
    point_spec.y_field = spec.y_field;
    point_spec.srs = chinese ? std::string() : spec.points_srs;  // GCJ-02 and BD-09 are read as lon/lat
    auto opened = PointSource::Open(point_spec);
    if (!opened) return Error{opened.error()};
    PointSource& source = *opened.value();

    // The kept columns, in this order: id, reported, then closed, status and category when named.
    std::vector<std::pair<std::string, std::string>> wanted = {{"--id-field", spec.id_field},
                                                               {"--reported-field", spec.reported_field}};
    if (!spec.closed_field.empty()) wanted.push_back({"--closed-field", spec.closed_field});
    if (!spec.status_field.empty()) wanted.push_back({"--status-field", spec.status_field});
    if (!spec.category_field.empty()) wanted.push_back({"--category-field", spec.category_field});
    std::vector<std::string> names;
    for (const auto& [option, name] : wanted) {
        if (FindColumn(source.columns(), name) < 0) {
            std::string list;
            for (const std::string& c : source.columns()) list += (list.empty() ? "" : ", ") + c;
            return Error{spec.path + ": no column " + Quoted(name) + " for " + option + " (columns: " + list + ")"};
        }
        names.push_back(name);
    }
    if (auto kept = source.select_keep(names); !kept) return Error{kept.error()};
    if (Status s = source.prepare(Crs::LonLat(), 1); !s) return Error{s.error()};
    std::size_t next = 2;
    const std::size_t closed_at = spec.closed_field.empty() ? 0 : next++;
    const std::size_t status_at = spec.status_field.empty() ? 0 : next++;
    const std::size_t category_at = spec.category_field.empty() ? 0 : next++;
    std::vector<std::string> closed_values;
    for (const std::string& v : spec.closed_values) closed_values.push_back(AsciiLower(Trim(v)));

    auto parse_time = [&](const std::string& text) {
        return spec.time_format.empty() ? ParseRecordTime(text, spec.offset_minutes)
                                        : ParseTimeWithFormat(text, spec.time_format, spec.offset_minutes);
    };
    CaseImportInput input;
    std::unordered_map<std::string, std::int64_t> seen;  // id -> row
    PointChunk chunk;
    for (;;) {
        auto got = source.read(chunk, 1 << 16);
        if (!got) return Error{got.error()};
        if (got.value() == 0) break;
        source.resolve(chunk, 0, chunk.size(), 0);
        input.rows += static_cast<std::int64_t>(chunk.size());
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            std::string where = spec.path;
            where.append(" row ");
            where.append(std::to_string(chunk.rows[i]));
            where.append(": ");
            auto bad = [&](const std::string& field, const std::string& why) {
                std::string line = where;
                line.append(field);
                line.append(": ");
                line.append(why);
                input.bad.push_back(std::move(line));
            };
            if (!chunk.valid(i)) {
                input.bad.push_back(where + FieldFirst(chunk.reasons[i], spec.x_field, spec.y_field));
                continue;
            }
            const std::string* kept = chunk.kept(i);
            CaseRecord record;
            record.row = chunk.rows[i];
            record.id = Trim(kept[0]);
            if (record.id.empty()) {
                bad(spec.id_field, "empty");
                continue;
            }
            if (record.id.size() > 128) {
                bad(spec.id_field, "longer than 128 bytes");
                continue;
            }
            auto reported = parse_time(kept[1]);
            if (!reported) {
                bad(spec.reported_field, reported.error());
                continue;
            }
            record.reported_ms = reported.value();
            bool closed = closed_at && !Trim(kept[closed_at]).empty();
            if (status_at) {
                const std::string status = AsciiLower(Trim(kept[status_at]));
                closed = std::find(closed_values.begin(), closed_values.end(), status) != closed_values.end();
                if (closed && Trim(kept[closed_at]).empty()) {
                    bad(spec.closed_field, "empty, but status " + Quoted(Trim(kept[status_at])) + " is closed");
                    continue;
                }
            }
            if (closed) {
                auto closed_time = parse_time(kept[closed_at]);
                if (!closed_time) {
                    bad(spec.closed_field, closed_time.error());
                    continue;
                }
                if (closed_time.value() < record.reported_ms) {
                    bad(spec.closed_field,
                        Quoted(Trim(kept[closed_at])) + " is before the reported time " + Quoted(Trim(kept[1])));
                    continue;
                }
                record.closed_ms = closed_time.value();
            }
            if (category_at) {
                const std::string value = Trim(kept[category_at]);
                if (!spec.category_map.empty()) {
                    auto it = spec.category_map.find(value);
                    if (it == spec.category_map.end()) {
                        bad(spec.category_field, Quoted(value) + " is not in " + spec.category_map_path);
                        continue;
                    }
                    record.category = it->second;
                } else {
                    record.category = CategoryFromText(value);
                    if (FindCategory(value) < 0) record.text = value;
                }
            }
            if (auto [it, added] = seen.emplace(record.id, record.row); !added) {
                bad(spec.id_field, Quoted(record.id) + " repeats row " + std::to_string(it->second));
                continue;
            }
            LonLat p{chunk.working[i].x, chunk.working[i].y};
            if (chinese) p = ToWgs84(*chinese, p);
            record.lon = std::round(p.lon * 1e7) / 1e7;
            record.lat = std::round(p.lat * 1e7) / 1e7;
            input.records.push_back(std::move(record));
        }
    }
    return input;
}

// [SECTION] planning the events

Result<ImportPlan> PlanImport(const CaseImportInput& input, const World& world, const std::string& file) {
    if (!world.grid_index) return Error{"the workspace's grid index is not built"};
    auto to_world = Transform::Create(Crs::LonLat(), world.crs);
    if (!to_world) return Error{to_world.error()};
    ImportPlan plan;
    // The steps of every new record, sorted by time so that the log reads in order: (time, record, step).
    struct Step {
        std::int64_t t_ms;
        std::uint32_t record;
        std::uint8_t step;  // 0 reported, 1 registered, 2 closed
    };
    std::vector<Step> steps;
    std::vector<const CaseRecord*> fresh;
    for (const CaseRecord& r : input.records) {
        if (world.incidents.by_id.contains(r.id)) {
            ++plan.already;
            continue;
        }
        const auto index = static_cast<std::uint32_t>(fresh.size());
        fresh.push_back(&r);
        steps.push_back({r.reported_ms, index, 0});
        steps.push_back({r.reported_ms, index, 1});
        if (r.closed_ms >= 0) steps.push_back({r.closed_ms, index, 2});
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.t_ms < b.t_ms; });
    plan.events.reserve(steps.size());
    CaseLedger ledger;  // the new cases only: their ids are not in the log
    for (const Step& s : steps) {
        const CaseRecord& r = *fresh[s.record];
        Event e;
        e.type = s.step == 0 ? EventType::kIncidentReported
                             : (s.step == 1 ? EventType::kIncidentRegistered : EventType::kIncidentClosed);
        e.id = r.id;
        e.t_ms = s.t_ms;
        e.t = FormatIsoTime(s.t_ms);
        e.origin = "import ";
        e.origin.append(file);
        e.origin.append(" row ");
        e.origin.append(std::to_string(r.row));
        if (s.step == 0) {
            e.lon = r.lon;
            e.lat = r.lat;
            e.category = r.category;
            e.priority = r.category == FindCategory("emergency") ? 2 : 4;
            e.source = "import";
            e.text = r.text;
            Vec2 p{r.lon, r.lat};
            if (!to_world->apply(p)) {
                return Error{file + " row " + std::to_string(r.row) +
                             ": lon/lat: cannot be projected into the workspace's CRS"};
            }
            AssignEvent(*world.grid_index, world.grids, p, e);
            if (e.grid.empty()) ++plan.outside;
            ++plan.cases;
        } else if (s.step == 2) {
            ++plan.closed;
        }
        if (Status ok = CheckEvent(ledger, e); !ok)
            return Error{file + " row " + std::to_string(r.row) + ": " + ok.error()};
        RecordEvent(ledger, e);
        plan.events.push_back(std::move(e));
    }
    return plan;
}

}  // namespace gridlink
