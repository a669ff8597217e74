// Snapshots of the World's dynamic state and tracks: the binary form, the `snapshots` table (full snapshots and
// deltas on top of them), opening a World from the latest usable snapshot plus the log's tail, the state at an
// instant, the snapshot writer's thread, and position history by time range.
#include "snapshot.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>

#include "data/event_log.h"

namespace gridlink {

// [SECTION] the binary form

namespace {

constexpr char kMagic[] = "GLSNAP";
constexpr std::size_t kMagicSize = 6;

class Writer {
  public:
    void u8(std::uint8_t v) { out.push_back(static_cast<char>(v)); }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }
    void i64(std::int64_t v) { varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
    void f64(double v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void u64(std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(const std::string& s) {
        varint(s.size());
        out.append(s);
    }
    std::string out;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool done() const { return pos_ == in_.size(); }
    std::size_t pos() const { return pos_; }
    std::string_view since(std::size_t from) const { return in_.substr(from, pos_ - from); }
    void rewind(std::size_t to) { pos_ = to; }
    void skip(std::uint64_t n) {
        if (need(n)) pos_ += n;
    }
    std::uint8_t u8() {
        if (!need(1)) return 0;
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!need(1)) return 0;
            const auto byte = static_cast<std::uint8_t>(in_[pos_++]);
            v |= std::uint64_t{byte & 0x7fu} << shift;
            if (!(byte & 0x80)) return v;
        }
        ok_ = false;
        return 0;
    }
    std::int64_t i64() {
        const std::uint64_t v = varint();
        return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    double f64() {
        double v = 0;
        if (need(sizeof v)) std::memcpy(&v, in_.data() + pos_, sizeof v), pos_ += sizeof v;
        return v;
    }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        if (need(sizeof v)) std::memcpy(&v, in_.data() + pos_, sizeof v), pos_ += sizeof v;
        return v;
    }
    std::string_view view() {
        const std::uint64_t n = varint();
        if (!need(n)) return {};
        std::string_view s = in_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    // Into `s`, reusing its storage: a restore over an earlier state allocates little.
    void str(std::string& s) { s.assign(view()); }
    std::string_view raw(std::size_t n) {
        if (!need(n)) return {};
        std::string_view s = in_.substr(pos_, n);
        pos_ += n;
        return s;
    }

  private:
    bool need(std::uint64_t n) {
        if (!ok_ || n > in_.size() - pos_) return ok_ = false;
        return true;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

void WriteStrings(Writer& w, const std::vector<std::string>& list) {
    w.varint(list.size());
    for (const std::string& s : list) w.str(s);
}

void ReadStrings(Reader& r, std::vector<std::string>& list) {
    list.resize(std::min<std::uint64_t>(r.varint(), 1u << 20));
    for (std::string& s : list) r.str(s);
}

void WriteIncident(Writer& w, const Incident& c) {
    w.str(c.id);
    w.u8(static_cast<std::uint8_t>(c.category));
    w.i64(c.priority);
    w.str(c.source);
    w.str(c.text);
    w.f64(c.lon);
    w.f64(c.lat);
    w.f64(c.position.x);
    w.f64(c.position.y);
    w.u8(static_cast<std::uint8_t>(c.state));
    w.i64(c.reported_ms);
    w.i64(c.updated_ms - c.reported_ms);
    w.i64(c.deadline_ms - c.reported_ms);
    w.i64(c.closed_ms);
    w.i64(c.grid);
    w.i64(c.nearest_grid);
    w.f64(c.distance_m);
    w.str(c.resource);
    WriteStrings(w, c.summoned);
    WriteStrings(w, c.answered);
    w.f64(c.summon_radius_m);
    w.str(c.reason);
    w.varint(c.history.size());
    std::int64_t seq = 0, t = c.reported_ms;
    for (const CaseHistoryEntry& h : c.history) {
        w.i64(h.seq - seq);
        w.i64(h.t_ms - t);
        seq = h.seq;
        t = h.t_ms;
        w.u8(static_cast<std::uint8_t>(h.type));
        w.str(h.note);
        w.str(h.origin);
    }
}

// Into `c` (a case of an earlier state, or a new one), every field written, its storage reused. Returns whether
// the id changed.
bool ReadIncident(Reader& r, Incident& c) {
    const std::string_view id = r.view();
    const bool renamed = c.id != id;
    if (renamed) c.id.assign(id);
    c.category = std::min<int>(r.u8(), kCategoryCount - 1);
    c.priority = static_cast<int>(r.i64());
    r.str(c.source);
    r.str(c.text);
    c.lon = r.f64();
    c.lat = r.f64();
    c.position.x = r.f64();
    c.position.y = r.f64();
    c.state = static_cast<CaseState>(std::min<int>(r.u8(), kCaseStateCount - 1));
    c.reported_ms = r.i64();
    c.updated_ms = c.reported_ms + r.i64();
    c.deadline_ms = c.reported_ms + r.i64();
    c.closed_ms = r.i64();
    c.grid = r.i64();
    c.nearest_grid = r.i64();
    c.distance_m = r.f64();
    r.str(c.resource);
    ReadStrings(r, c.summoned);
    ReadStrings(r, c.answered);
    c.summon_radius_m = r.f64();
    r.str(c.reason);
    c.history.resize(std::min<std::uint64_t>(r.varint(), 1u << 20));
    std::int64_t seq = 0, t = c.reported_ms;
    for (CaseHistoryEntry& h : c.history) {
        h.seq = seq += r.i64();
        h.t_ms = t += r.i64();
        h.type = static_cast<EventType>(std::min<int>(r.u8(), kEventTypeCount - 1));
        r.str(h.note);
        r.str(h.origin);
    }
    return renamed;
}

// Moves past one case as WriteIncident wrote it, reading nothing into memory.
void SkipIncident(Reader& r) {
    r.view();
    r.skip(1);
    r.varint();
    r.view();
    r.view();
    r.skip(4 * sizeof(double) + 1);
    for (int i = 0; i < 6; ++i) r.varint();  // times, grids
    r.skip(sizeof(double));
    r.view();
    for (int list = 0; list < 2; ++list) {
        for (std::uint64_t n = r.varint(); n > 0 && r.ok(); --n) r.view();
    }
    r.skip(sizeof(double));
    r.view();
    for (std::uint64_t n = r.varint(); n > 0 && r.ok(); --n) {
        r.varint();
        r.varint();
        r.skip(1);
        r.view();
        r.view();
    }
}

// Full when base_seq < 0: every case.
std::string Serialize(const World& world, std::int64_t base_seq, std::size_t base_cases) {
    Writer w;
    w.out.reserve(256 + world.resources.size() * 24 + world.incidents.cases.size() * 200);
    w.out.append(kMagic, kMagicSize);
    w.varint(kSnapshotFormat);
    w.u64(WorldFingerprint(world));
    const Incidents& incidents = world.incidents;
    w.i64(incidents.last_seq);
    w.i64(incidents.clock_ms);
    w.i64(incidents.revision);
    const bool full = base_seq < 0;
    w.u8(full ? 0 : 1);
    w.i64(full ? 0 : base_seq);
    w.varint(full ? 0 : base_cases);
    w.varint(world.resources.size());
    for (const Resource& r : world.resources) {
        w.u8(static_cast<std::uint8_t>(r.status));
        w.f64(r.position.x);
        w.f64(r.position.y);
        w.str(r.task);
        w.i64(r.revision);
    }
    w.varint(incidents.cases.size());
    std::vector<std::size_t> listed;
    for (std::size_t i = 0; i < incidents.cases.size(); ++i) {
        const Incident& c = incidents.cases[i];
        if (full || i >= base_cases || c.history.empty() || c.history.back().seq > base_seq) listed.push_back(i);
    }
    w.varint(listed.size());
    for (std::size_t i : listed) {
        w.varint(i);
        WriteIncident(w, incidents.cases[i]);
    }
    return std::move(w.out);
}

std::string Hex(std::uint64_t v) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
    return text;
}

std::uint64_t FromHex(const unsigned char* text) {
    return text ? std::strtoull(reinterpret_cast<const char*>(text), nullptr, 16) : 0;
}

}  // namespace

std::uint64_t SnapshotChecksum(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ word) * 1099511628211ull;
    }
    for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
    return h;
}

std::uint64_t WorldFingerprint(const World& world) {
    Writer w;
    w.str(world.crs.name());
    w.varint(world.grids.size());
    for (const Grid& g : world.grids.grids()) w.str(g.code);
    w.varint(world.resources.size());
    for (const Resource& r : world.resources) {
        w.str(r.id);
        w.u8(static_cast<std::uint8_t>(r.kind));
        w.str(r.home_grid);
    }
    return SnapshotChecksum(w.out);
}

std::string SerializeState(const World& world) { return Serialize(world, -1, 0); }

std::string SerializeDelta(const World& world, std::int64_t base_seq, std::size_t base_cases) {
    return Serialize(world, std::max<std::int64_t>(base_seq, 0), base_cases);
}

namespace {

// A chain (a full snapshot and the deltas on it) read newest first: each case from the newest snapshot that lists
// it, each older one only for the cases no newer one listed, the resources and clocks from the newest alone.
struct ChainPass {
    bool started = false;         // the newest has been read
    std::vector<char> done;       // per case: read from a newer snapshot
    std::int64_t expect_seq = 0;  // what the next older one must be: its last seq and case count
    std::uint64_t expect_cases = 0;
    std::size_t before = 0;  // the cases the World held before the chain
    bool renamed = false;    // a case below `before` now has another id
    bool ended = false;      // a full snapshot was read
};

// Keeps by_id in step after cases [0, before) may have been read over (renamed) and [before, size) are new.
void FixIds(Incidents& incidents, std::size_t before, bool renamed) {
    const std::size_t total = incidents.cases.size();
    if (renamed) {
        incidents.by_id.clear();
        incidents.by_id.reserve(total);
        for (std::size_t i = 0; i < total; ++i) incidents.by_id[incidents.cases[i].id] = i;
        return;
    }
    // Room to grow by half at once: a chain of deltas does not rehash the table at each one.
    if (static_cast<float>(total) >
        static_cast<float>(incidents.by_id.bucket_count()) * incidents.by_id.max_load_factor()) {
        incidents.by_id.reserve(total + total / 2);
    }
    for (std::size_t i = before; i < total; ++i) incidents.by_id[incidents.cases[i].id] = i;
}

Status Restore(World& world, std::string_view bytes, RestoreCache* cache, std::uint64_t fingerprint, ChainPass* pass) {
    Reader r(bytes);
    if (r.raw(kMagicSize) != std::string_view(kMagic, kMagicSize)) return Error{"not a gridlink snapshot"};
    if (const std::uint64_t format = r.varint(); format != kSnapshotFormat) {
        return Error{"format " + std::to_string(format) + ", this gridlink reads " + std::to_string(kSnapshotFormat)};
    }
    if (r.u64() != (fingerprint ? fingerprint : WorldFingerprint(world))) {
        return Error{"built against other grids or resources (fingerprint)"};
    }
    Incidents& incidents = world.incidents;
    const std::int64_t last_seq = r.i64(), clock_ms = r.i64(), revision = r.i64();
    const bool full = r.u8() == 0;
    const std::int64_t base_seq = r.i64();
    const std::uint64_t base_cases = r.varint();
    const bool newest = !pass || !pass->started;
    if (!pass && !full && (incidents.cases.size() != base_cases || incidents.last_seq > base_seq)) {
        return Error{"a delta on the state at event " + std::to_string(base_seq) + " with " +
                     std::to_string(base_cases) + " cases, applied to one at event " +
                     std::to_string(incidents.last_seq) + " with " + std::to_string(incidents.cases.size())};
    }
    if (r.varint() != world.resources.size()) return Error{"resource count differs"};
    for (Resource& res : world.resources) {
        if (!newest) {  // an older snapshot's resources: the newest has them as they are
            r.skip(1 + 2 * sizeof(double));
            r.view();
            r.varint();
            continue;
        }
        res.status = static_cast<ResourceStatus>(std::min<int>(r.u8(), kResourceStatusCount - 1));
        res.position.x = r.f64();
        res.position.y = r.f64();
        r.str(res.task);
        res.revision = r.i64();
    }
    const std::uint64_t total = r.varint();
    if (!r.ok() || total > bytes.size() || (!full && total < base_cases)) return Error{"truncated or bad case count"};
    if (!newest && (last_seq != pass->expect_seq || total != pass->expect_cases)) {
        return Error{"the snapshot a delta builds on is at event " + std::to_string(last_seq) + " with " +
                     std::to_string(total) + " cases, not at event " + std::to_string(pass->expect_seq) + " with " +
                     std::to_string(pass->expect_cases)};
    }
    // The cases are read over those `world` holds (a full snapshot over any earlier state, as review jumps), so
    // that their strings and histories are reused rather than freed and allocated again.
    std::vector<Incident>& cases = incidents.cases;
    std::size_t before = cases.size();
    if (newest) {
        for (std::size_t i = total; i < before; ++i) incidents.by_id.erase(cases[i].id);
        cases.resize(total);
        if (pass) {
            pass->started = true;
            pass->before = before;
            pass->done.assign(total, 0);
        }
    } else {
        before = pass->before;
    }
    if (pass) {
        pass->expect_seq = base_seq;
        pass->expect_cases = base_cases;
        pass->ended = full;
    }
    const std::uint64_t listed = r.varint();
    if (full && listed != total) return Error{"a full snapshot that lists " + std::to_string(listed) + " of its cases"};
    // With a cache, a case still as it was read (its history no longer since) whose bytes hash the same as then is
    // left as it is; most cases of a year are closed and read the same from one snapshot to the next.
    std::vector<RestoreCache::Case>* read = cache ? &cache->cases : nullptr;
    if (read && newest) read->resize(total);
    bool renamed = false;  // a case below `before` now has another id
    for (std::uint64_t k = 0; k < listed && r.ok(); ++k) {
        const std::uint64_t index = r.varint();
        if (index >= total) return Error{"case index " + std::to_string(index) + " out of range"};
        if (pass) {
            if (pass->done[index]) {  // a newer snapshot of the chain had it
                SkipIncident(r);
                continue;
            }
            pass->done[index] = 1;
        }
        Incident& c = cases[index];
        if (read) {
            const std::size_t from = r.pos();
            SkipIncident(r);
            const std::uint64_t hash = SnapshotChecksum(r.since(from)) | 1;  // never 0, "unknown"
            const bool as_read =
                index < before && (*read)[index].hash == hash && (*read)[index].history == c.history.size();
            if (as_read || !r.ok()) continue;
            r.rewind(from);
            renamed |= ReadIncident(r, c) && index < before;
            (*read)[index] = {hash, c.history.size()};
            continue;
        }
        renamed |= ReadIncident(r, c) && index < before;
    }
    if (!r.ok() || !r.done()) {
        if (cache) *cache = RestoreCache{};
        return Error{"truncated or trailing bytes"};
    }
    if (newest) {
        incidents.last_seq = last_seq;
        incidents.clock_ms = clock_ms;
        incidents.revision = revision;
    }
    if (pass) {
        pass->renamed |= renamed;
        return {};  // by_id once the chain is read
    }
    FixIds(incidents, before, renamed);
    return {};
}

}  // namespace

Status RestoreState(World& world, std::string_view bytes, RestoreCache* cache, std::uint64_t fingerprint) {
    return Restore(world, bytes, cache, fingerprint, nullptr);
}

// [SECTION] the snapshots table

namespace {

constexpr const char* kSelectRows =
    "SELECT id, seq, max_t_ms, min_t_ms, created, format, fingerprint, checksum, base_id, cases, bytes "
    "FROM snapshots ORDER BY seq, id";

std::vector<SnapshotRow> Rows(sqlite3* db) {
    std::vector<SnapshotRow> rows;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, kSelectRows, -1, &stmt, nullptr) != SQLITE_OK) return rows;  // no table yet
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        SnapshotRow row;
        row.id = sqlite3_column_int64(stmt, 0);
        row.seq = sqlite3_column_int64(stmt, 1);
        row.max_t_ms = sqlite3_column_int64(stmt, 2);
        row.min_t_ms = sqlite3_column_int64(stmt, 3);
        const unsigned char* created = sqlite3_column_text(stmt, 4);
        if (created) {
            auto ms = ParseIsoTime(reinterpret_cast<const char*>(created));
            row.created_ms = ms ? ms.value() : 0;
        }
        row.format = static_cast<std::uint32_t>(sqlite3_column_int64(stmt, 5));
        row.fingerprint = FromHex(sqlite3_column_text(stmt, 6));
        row.checksum = FromHex(sqlite3_column_text(stmt, 7));
        row.base_id = sqlite3_column_int64(stmt, 8);
        row.cases = sqlite3_column_int64(stmt, 9);
        row.bytes = sqlite3_column_int64(stmt, 10);
        rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
}

// Calls `use` with the stored blob of snapshot `id`, read in place (no copy of tens of megabytes).
Status WithBlob(sqlite3* db, std::int64_t id, const std::function<Status(std::string_view)>& use) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT state FROM snapshots WHERE id = ?", -1, &stmt, nullptr) != SQLITE_OK) {
        return Error{sqlite3_errmsg(db)};
    }
    sqlite3_bind_int64(stmt, 1, id);
    Status s = Error{"no row"};
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        const void* data = sqlite3_column_blob(stmt, 0);
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0));
        s = use(data ? std::string_view(static_cast<const char*>(data), size) : std::string_view());
    }
    sqlite3_finalize(stmt);
    return s;
}

// Restores `rows[target]` with the chain of snapshots it builds on into `world` (no cases yet).
Status LoadChain(sqlite3* db, const std::vector<SnapshotRow>& rows, std::size_t target, World& world,
                 std::uint64_t fingerprint, RestoreCache* cache) {
    std::vector<const SnapshotRow*> chain;
    for (const SnapshotRow* row = &rows[target]; row;) {
        if (row->format != kSnapshotFormat) {
            return Error{"format " + std::to_string(row->format) + ", this gridlink reads " +
                         std::to_string(kSnapshotFormat)};
        }
        if (row->fingerprint != fingerprint) {
            return Error{"fingerprint " + Hex(row->fingerprint) + ": built against other grids or resources than " +
                         Hex(fingerprint)};
        }
        chain.push_back(row);
        if (row->base_id == 0) break;
        const auto base =
            std::find_if(rows.begin(), rows.end(), [&](const SnapshotRow& r) { return r.id == row->base_id; });
        if (base == rows.end() || chain.size() > 4096) {
            return Error{"the snapshot it builds on (id " + std::to_string(row->base_id) + ") is missing"};
        }
        row = &*base;
    }
    // Newest first: a case listed by several snapshots of the chain is read once, from the newest.
    ChainPass pass;
    for (const SnapshotRow* chained : chain) {
        const SnapshotRow& row = *chained;
        Status s = WithBlob(db, row.id, [&](std::string_view blob) -> Status {
            const std::pair<std::int64_t, std::uint64_t> key{row.id, row.checksum};
            const bool verified =
                cache && std::find(cache->verified.begin(), cache->verified.end(), key) != cache->verified.end();
            if (!verified) {
                if (const std::uint64_t sum = SnapshotChecksum(blob); sum != row.checksum) {
                    return Error{"checksum " + Hex(sum) + " is not the stored " + Hex(row.checksum) + " (damaged)"};
                }
                if (cache) cache->verified.push_back(key);
            }
            return Restore(world, blob, cache, fingerprint, &pass);
        });
        if (!s) return Error{"snapshot id " + std::to_string(row.id) + ": " + s.error()};
    }
    if (!pass.ended) return Error{"a chain of snapshots without a full one"};
    FixIds(world.incidents, pass.before, pass.renamed);
    return {};
}

// Puts `world` back to the workspace's resources and no cases, after a snapshot that failed half way.
void Reset(World& world, const std::vector<Resource>& resources) {
    world.resources = resources;
    world.incidents = Incidents{};
}

void Warn(OpenedState* opened, const std::string& message) {
    std::fprintf(stderr, "gridlink: warning: %s\n", message.c_str());
    if (opened) opened->warnings.push_back(message);
}

// Loads the latest snapshot among `rows` that `usable` accepts and that restores; returns its index or -1 with
// `world` as it was given (no cases). Warns of each one skipped.
std::int64_t LoadLatest(sqlite3* db, const std::string& path, const std::vector<SnapshotRow>& rows, World& world,
                        const std::function<bool(const SnapshotRow&)>& usable, OpenedState* opened,
                        RestoreCache* cache = nullptr) {
    const std::uint64_t fingerprint = WorldFingerprint(world);
    const std::vector<Resource> resources = world.resources;
    int tries = 0;
    for (std::size_t i = rows.size(); i-- > 0 && tries < 4;) {
        if (!usable(rows[i])) continue;
        ++tries;
        Status s = LoadChain(db, rows, i, world, fingerprint, cache);
        if (s) return static_cast<std::int64_t>(i);
        Reset(world, resources);
        if (cache) *cache = RestoreCache{};
        Warn(opened, path + ", table 'snapshots': ignored the snapshot at event " + std::to_string(rows[i].seq) +
                         " (id " + std::to_string(rows[i].id) + "): " + s.error() + "; rebuilding from the log");
    }
    return -1;
}

}  // namespace

Result<std::vector<SnapshotRow>> ListSnapshots(const std::string& path) {
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    return Rows(log.value()->db());
}

Status OpenFromSnapshots(EventLog& log, World& world, OpenedState* opened) {
    OpenedState local;
    OpenedState& state = opened ? *opened : local;
    if (world.resources_indexed != world.resources.size()) IndexResources(world);
    const std::vector<SnapshotRow> rows = Rows(log.db());
    const std::int64_t end = log.last_seq();
    const std::int64_t found = LoadLatest(
        log.db(), log.path(), rows, world, [&](const SnapshotRow& r) { return r.seq <= end; }, &state);
    if (found >= 0) {
        state.snapshot_seq = rows[static_cast<std::size_t>(found)].seq;
        state.snapshot_id = rows[static_cast<std::size_t>(found)].id;
    }
    const std::int64_t skipped_before = log.skipped_count();
    Status s = log.read_after(state.snapshot_seq, [&](const Event& e) {
        state.tail_min_t_ms = std::min(state.tail_min_t_ms, e.t_ms);
        Status applied = ApplyEvent(world, e);
        state.replayed += applied ? 1 : 0;
        return applied;
    });
    WarnSkipped(log, skipped_before);
    IndexResources(world);  // positions restored: the resource index over them
    return s;
}

Status OpenWorkspaceState(const std::string& path, World& world, OpenedState* opened) {
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    return OpenFromSnapshots(*log.value(), world, opened);
}

Result<World> StateAt(World base, const std::string& path, std::int64_t t_ms, OpenedState* opened) {
    auto opened_log = EventLog::OpenForReading(path);
    if (!opened_log) return Error{opened_log.error()};
    World world = std::move(base);
    world.incidents = Incidents{};
    const std::vector<Resource> resources = world.resources;  // as the workspace holds them (no event applied)
    if (Status s = StateAtInto(world, resources, *opened_log.value(), t_ms, opened); !s) return Error{s.error()};
    return world;
}

Status StateAtInto(World& world, const std::vector<Resource>& resources, EventLog& log, std::int64_t t_ms,
                   OpenedState* opened, RestoreCache* cache, std::int64_t last_seq_at_t) {
    OpenedState local;
    OpenedState& state = opened ? *opened : local;
    state = OpenedState{};
    const std::string& path = log.path();
    // The resources as the workspace holds them (copied over the earlier state: their strings are reused); the
    // cases stay until a full snapshot is read over them.
    if (world.resources.size() != resources.size()) world.resources_indexed = 0;
    world.resources = resources;
    world.resource_changes.changed.clear();
    ++world.resource_changes.epoch;  // everything changed: a layer rescans
    if (world.resources_indexed != world.resources.size()) IndexResources(world);
    // Blobs of tens of megabytes read through a map of the file, not page by page into SQLite's cache.
    sqlite3_exec(log.db(), "PRAGMA mmap_size=17179869184", nullptr, nullptr, nullptr);
    const std::vector<SnapshotRow> rows = Rows(log.db());
    std::int64_t end = 0;
    {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(log.db(), "SELECT max(fid) FROM events", -1, &stmt, nullptr) != SQLITE_OK) {
            return Error{path + ": cannot read the events table: " + sqlite3_errmsg(log.db())};
        }
        if (sqlite3_step(stmt) == SQLITE_ROW) end = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    // Nothing past the last event at or before T, when the caller knows it (a snapshot past it covers events the
    // caller does not know of yet).
    const std::int64_t upto = last_seq_at_t < 0 ? end : std::min(end, last_seq_at_t);
    const std::int64_t found = LoadLatest(
        log.db(), path, rows, world, [&](const SnapshotRow& r) { return r.seq <= upto && r.max_t_ms <= t_ms; }, &state,
        cache);
    if (found >= 0) {
        state.snapshot_seq = rows[static_cast<std::size_t>(found)].seq;
        state.snapshot_id = rows[static_cast<std::size_t>(found)].id;
    } else {
        if (cache) *cache = RestoreCache{};
        world.incidents.cases.clear();
        world.incidents.by_id.clear();
        world.incidents.last_seq = world.incidents.clock_ms = world.incidents.revision = 0;
    }
    const std::int64_t skipped_before = log.skipped_count();
    auto apply = [&](const Event& e) -> Status {
        if (e.t_ms > t_ms) return {};
        state.tail_min_t_ms = std::min(state.tail_min_t_ms, e.t_ms);
        Status applied = ApplyEvent(world, e);
        state.replayed += applied ? 1 : 0;
        return applied;
    };
    // The stretches between later snapshots: read only those whose earliest event is not after T.
    std::int64_t from = state.snapshot_seq;
    for (const SnapshotRow& row : rows) {
        if (row.seq <= from || row.seq > end || from >= upto) continue;
        if (row.min_t_ms <= t_ms) {
            if (Status s = log.read_after(from, apply, std::min(row.seq, upto)); !s) return s;
        }
        from = row.seq;
    }
    if (from < upto) {
        if (Status s = log.read_after(from, apply, last_seq_at_t < 0 ? -1 : upto); !s) return s;
    }
    WarnSkipped(log, skipped_before);
    IndexResources(world);
    return {};
}

// [SECTION] the snapshot writer

struct Snapshotter::Db {
    sqlite3* db = nullptr;
    ~Db() {
        if (db) sqlite3_close_v2(db);
    }
};

Result<std::unique_ptr<Snapshotter>> Snapshotter::Start(const std::string& path, World world, std::int64_t covered_seq,
                                                        std::int64_t segment_min_t_ms, SnapshotOptions options) {
    std::unique_ptr<Snapshotter> s(new Snapshotter());
    s->path_ = path;
    s->options_ = options;
    s->db_ = std::make_unique<Db>();
    if (sqlite3_open_v2(path.c_str(), &s->db_->db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        return Error{path + ": snapshots: cannot open: " + (s->db_->db ? sqlite3_errmsg(s->db_->db) : "no memory")};
    }
    sqlite3_busy_timeout(s->db_->db, 10000);
    s->world_ = std::make_unique<World>(std::move(world));
    s->segment_min_t_ms_ = segment_min_t_ms;
    s->max_t_ms_ = s->world_->incidents.clock_ms;
    s->last_seq_ = std::max(covered_seq, s->world_->incidents.last_seq);
    s->thread_ = std::jthread([raw = s.get()](std::stop_token stop) { raw->run(stop); });
    return s;
}

Snapshotter::~Snapshotter() { close(); }

void Snapshotter::add(std::vector<Event> events) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.empty()) {
            queue_ = std::move(events);
        } else {
            for (Event& e : events) queue_.push_back(std::move(e));
        }
    }
    cv_.notify_one();
}

void Snapshotter::apply(const Event& e) {
    // An event the World refuses is covered all the same (a replay skips it too).
    (void)ApplyEvent(*world_, e);
    last_seq_ = std::max(last_seq_, e.seq);
    segment_min_t_ms_ = std::min(segment_min_t_ms_, e.t_ms);
    max_t_ms_ = std::max(max_t_ms_, e.t_ms);
    ++since_;
}

void Snapshotter::run(std::stop_token stop) {
    std::vector<Event> batch;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return !queue_.empty() || closing_ || stop.stop_requested(); });
            batch.swap(queue_);
            if (batch.empty()) return;  // closing with nothing left
        }
        std::lock_guard work(work_mutex_);
        for (const Event& e : batch) {
            apply(e);
            if (options_.every > 0 && since_ >= options_.every) {
                if (Status s = write(); !s) {
                    std::lock_guard lock(mutex_);
                    if (error_.empty()) std::fprintf(stderr, "gridlink: warning: %s\n", s.error().c_str());
                    error_ = s.error();
                }
            }
        }
        batch.clear();
    }
}

void Snapshotter::close() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    cv_.notify_one();
    thread_.join();
    if (options_.every > 0 && since_ >= std::max<std::int64_t>(1, options_.at_close_min)) {
        if (Status s = write(); !s) std::fprintf(stderr, "gridlink: warning: %s\n", s.error().c_str());
    }
}

Status Snapshotter::write_now() {
    std::lock_guard work(work_mutex_);
    std::vector<Event> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(queue_);
    }
    for (const Event& e : batch) apply(e);
    return write();
}

std::int64_t Snapshotter::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

std::string Snapshotter::last_error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

Status Snapshotter::write() {
    if (last_id_ != 0 && since_ == 0) return {};  // nothing new
    // A delta holds every case changed after the last snapshot this writer stored.
    const bool as_full = last_id_ == 0 || chain_ >= options_.full_every;
    const std::string blob =
        as_full ? SerializeState(*world_) : SerializeDelta(*world_, last_written_seq_, last_cases_);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_->db,
                           "INSERT INTO snapshots (seq, max_t_ms, min_t_ms, created, format, fingerprint, checksum, "
                           "base_id, cases, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, nullptr) != SQLITE_OK) {
        return Error{path_ + ", table 'snapshots': " + sqlite3_errmsg(db_->db)};
    }
    const std::int64_t min_t = segment_min_t_ms_ == INT64_MAX ? max_t_ms_ : segment_min_t_ms_;
    sqlite3_bind_int64(stmt, 1, last_seq_);
    sqlite3_bind_int64(stmt, 2, max_t_ms_ == INT64_MIN ? 0 : max_t_ms_);
    sqlite3_bind_int64(stmt, 3, min_t);
    const std::string created = FormatIsoTime(WallClockMs());
    sqlite3_bind_text(stmt, 4, created.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 5, kSnapshotFormat);
    const std::string fingerprint = Hex(WorldFingerprint(*world_)), checksum = Hex(SnapshotChecksum(blob));
    sqlite3_bind_text(stmt, 6, fingerprint.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 7, checksum.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 8, as_full ? 0 : last_id_);
    sqlite3_bind_int64(stmt, 9, static_cast<std::int64_t>(world_->incidents.cases.size()));
    sqlite3_bind_int64(stmt, 10, static_cast<std::int64_t>(blob.size()));
    sqlite3_bind_blob64(stmt, 11, blob.data(), blob.size(), SQLITE_STATIC);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        return Error{path_ + ", table 'snapshots': cannot store the snapshot at event " + std::to_string(last_seq_) +
                     ": " + sqlite3_errmsg(db_->db)};
    }
    std::lock_guard lock(mutex_);
    last_id_ = sqlite3_last_insert_rowid(db_->db);
    last_written_seq_ = world_->incidents.last_seq;
    chain_ = as_full ? 0 : chain_ + 1;
    last_cases_ = world_->incidents.cases.size();
    segment_min_t_ms_ = INT64_MAX;
    since_ = 0;
    ++written_;
    return {};
}

// [SECTION] tracks

Result<std::map<std::string, std::vector<TrackPoint>>> ReadTracks(const std::string& path, std::int64_t from_ms,
                                                                  std::int64_t to_ms) {
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    sqlite3* db = log.value()->db();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT resource, t_ms, lon, lat, seq FROM tracks WHERE t_ms BETWEEN ? AND ? "
                           "ORDER BY t_ms, seq",
                           -1, &stmt, nullptr) != SQLITE_OK) {
        std::string why = path;
        why.append(": no 'tracks' table (a workspace this gridlink has not opened for writing yet): ");
        why.append(sqlite3_errmsg(db));
        return Error{why};
    }
    sqlite3_bind_int64(stmt, 1, from_ms);
    sqlite3_bind_int64(stmt, 2, to_ms);
    std::map<std::string, std::vector<TrackPoint>> tracks;
    std::string id;
    std::vector<TrackPoint>* list = nullptr;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        const char* resource = text ? reinterpret_cast<const char*>(text) : "";
        if (!list || id != resource) {
            id = resource;
            list = &tracks[id];
        }
        list->push_back({sqlite3_column_int64(stmt, 1), sqlite3_column_double(stmt, 2), sqlite3_column_double(stmt, 3),
                         sqlite3_column_int64(stmt, 4)});
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Error{path + ", table 'tracks': " + sqlite3_errmsg(db)};
    return tracks;
}

}  // namespace gridlink
