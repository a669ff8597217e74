// The event log over SQLite's C API. GDAL created the tables (WriteWorkspace); this file writes rows
// with prepared statements in one transaction per batch, so that one fsync covers many events
// (group commit). The incidents layer carries no R-tree: GDAL's R-tree triggers call functions only
// GDAL registers, and this writer is not GDAL.
#include "event_log.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>

#include "engine/world.h"
#include "feed_protocol.h"

namespace gridlink {

// [SECTION] statements

namespace {

class Statement {
  public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }

    Status prepare(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
            return Error{std::string("cannot prepare '") + sql + "': " + sqlite3_errmsg(db)};
        }
        return {};
    }
    Statement& text(int i, const std::string& value) {
        sqlite3_bind_text(stmt_, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& integer(int i, std::int64_t value) {
        sqlite3_bind_int64(stmt_, i, value);
        return *this;
    }
    Statement& real(int i, double value) {
        sqlite3_bind_double(stmt_, i, value);
        return *this;
    }
    Statement& blob(int i, const void* data, int size) {
        sqlite3_bind_blob(stmt_, i, data, size, SQLITE_TRANSIENT);
        return *this;
    }
    Statement& null(int i) {
        sqlite3_bind_null(stmt_, i);
        return *this;
    }
    // Runs a statement that returns no rows.
    Status run(sqlite3* db) {
        const int rc = sqlite3_step(stmt_);
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        if (rc != SQLITE_DONE) return Error{sqlite3_errmsg(db)};
        return {};
    }
    sqlite3_stmt* get() const { return stmt_; }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

Status Exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string why = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        return Error{why};
    }
    return {};
}

// The first column of the first row of a query, or `fallback`.
std::int64_t QueryInt(sqlite3* db, const std::string& sql, std::int64_t fallback = 0) {
    sqlite3_stmt* stmt = nullptr;
    std::int64_t value = fallback;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
        sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return value;
}

std::set<std::string> Columns(sqlite3* db, const std::string& table) {
    std::set<std::string> names;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, ("PRAGMA table_info(\"" + table + "\")").c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            names.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
        }
    }
    sqlite3_finalize(stmt);
    return names;
}

// A GeoPackage geometry blob for a point: the "GP" header (version 0, little endian, no envelope,
// srs id), then little-endian WKB.
std::vector<unsigned char> GeoPackagePoint(double x, double y, int srs_id) {
    std::vector<unsigned char> blob(8 + 21);
    blob[0] = 'G';
    blob[1] = 'P';
    blob[2] = 0;     // version
    blob[3] = 0x01;  // little endian, no envelope, not empty
    const std::int32_t srs = srs_id;
    std::memcpy(&blob[4], &srs, 4);
    blob[8] = 1;                   // WKB little endian
    const std::uint32_t type = 1;  // Point
    std::memcpy(&blob[9], &type, 4);
    std::memcpy(&blob[13], &x, 8);
    std::memcpy(&blob[21], &y, 8);
    return blob;
}

}  // namespace

struct EventLog::Statements {
    Statement begin, commit, rollback;
    Statement insert_event, insert_reject, insert_incident, update_incident, insert_track;
};

// The snapshots table (data/snapshot.h) and the tracks table with its index on time: every resource.moved's
// position, written with the event. A workspace from before tracks gets its table filled from the log once.
static Status CreateSnapshotAndTrackTables(sqlite3* db) {
    if (Status s = Exec(db,
                        "CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT "
                        "NULL, max_t_ms INTEGER NOT NULL, min_t_ms INTEGER NOT NULL, created TEXT, format INTEGER, "
                        "fingerprint TEXT, checksum TEXT, base_id INTEGER, cases INTEGER, bytes INTEGER, state BLOB);"
                        "CREATE INDEX IF NOT EXISTS snapshots_seq ON snapshots(seq);"
                        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
                        "VALUES ('snapshots', 'attributes', 'snapshots', 'checkpoints of the state the log builds');");
        !s) {
        return s;
    }
    const bool had_tracks = !Columns(db, "tracks").empty();
    if (Status s = Exec(db,
                        "CREATE TABLE IF NOT EXISTS tracks (seq INTEGER PRIMARY KEY, t_ms INTEGER NOT NULL, "
                        "resource TEXT NOT NULL, lon REAL, lat REAL);"
                        "CREATE INDEX IF NOT EXISTS tracks_t ON tracks(t_ms);"
                        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
                        "VALUES ('tracks', 'attributes', 'tracks', 'resource positions, one per resource.moved');");
        !s) {
        return s;
    }
    if (had_tracks) return {};
    sqlite3_stmt* read = nullptr;
    sqlite3_stmt* write = nullptr;
    sqlite3_prepare_v2(db, "SELECT fid, payload FROM events WHERE type = 'resource.moved'", -1, &read, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO tracks (seq, t_ms, resource, lon, lat) VALUES (?, ?, ?, ?, ?)", -1, &write,
                       nullptr);
    Status result;
    while (read && write && sqlite3_step(read) == SQLITE_ROW) {
        const unsigned char* payload = sqlite3_column_text(read, 1);
        auto e = EventFromLog(sqlite3_column_int64(read, 0), payload ? reinterpret_cast<const char*>(payload) : "");
        if (!e || e->type != EventType::kResourceMoved) continue;  // skipped by replays too
        sqlite3_bind_int64(write, 1, e->seq);
        sqlite3_bind_int64(write, 2, e->t_ms);
        sqlite3_bind_text(write, 3, e->id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(write, 4, e->lon);
        sqlite3_bind_double(write, 5, e->lat);
        if (sqlite3_step(write) != SQLITE_DONE) result = Error{std::string("tracks: ") + sqlite3_errmsg(db)};
        sqlite3_reset(write);
    }
    sqlite3_finalize(read);
    sqlite3_finalize(write);
    return result;
}

// [SECTION] opening

Result<std::unique_ptr<EventLog>> EventLog::Open(const std::string& path) {
    std::unique_ptr<EventLog> log(new EventLog());
    log->path_ = path;
    if (sqlite3_open_v2(path.c_str(), &log->db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        return Error{path + ": cannot open the event log: " + (log->db_ ? sqlite3_errmsg(log->db_) : "out of memory")};
    }
    sqlite3_busy_timeout(log->db_, 10000);
    if (Status s = log->prepare(); !s) return Error{path + ": " + s.error()};
    return log;
}

Result<std::unique_ptr<EventLog>> EventLog::OpenForReading(const std::string& path) {
    std::unique_ptr<EventLog> log(new EventLog());
    log->path_ = path;
    if (sqlite3_open_v2(path.c_str(), &log->db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        return Error{path + ": cannot open the event log: " + (log->db_ ? sqlite3_errmsg(log->db_) : "out of memory")};
    }
    sqlite3_busy_timeout(log->db_, 10000);
    if (Columns(log->db_, "events").empty()) return Error{path + ": no 'events' table: not a gridlink workspace"};
    log->last_seq_ = QueryInt(log->db_, "SELECT max(fid) FROM events");
    return log;
}

EventLog::~EventLog() {
    statements_.reset();
    if (db_) sqlite3_close_v2(db_);
}

Status EventLog::prepare() {
    // WAL: readers (another seat, ogrinfo) never block the writer. synchronous=FULL: each commit is
    // fsynced before it returns, so an acknowledged event survives a crash of the process or the machine.
    if (Status s = Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"); !s)
        return s;
    const std::set<std::string> events = Columns(db_, "events");
    for (const char* column : {"seq", "t", "type", "subject", "payload"}) {
        if (!events.contains(column)) {
            return Error{events.empty()
                             ? std::string("no 'events' table: not a gridlink workspace (make one with gridlink demo)")
                             : std::string("table 'events' has no field '") + column + "'"};
        }
    }
    std::set<std::string> incidents = Columns(db_, "incidents");
    if (incidents.empty()) return Error{"no 'incidents' layer: not a gridlink workspace"};

    if (Status s = Exec(db_, "BEGIN IMMEDIATE"); !s) return s;
    auto upgrade = [&]() -> Status {
        // Bad lines are kept, with why, in an attribute table GDAL lists too.
        if (Status s = Exec(db_,
                            "CREATE TABLE IF NOT EXISTS rejects (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "received_at TEXT, peer TEXT, line INTEGER, text TEXT, error TEXT);"
                            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
                            "VALUES ('rejects', 'attributes', 'rejects', 'feed lines that were not accepted');");
            !s) {
            return s;
        }
        // Workspaces written before the log existed: the incidents layer gains the newer columns and
        // loses GDAL's R-tree triggers (it is empty there: nothing wrote incidents before the log).
        const char* added[][2] = {{"nearest_grid", "TEXT"}, {"distance_m", "REAL"}, {"resource", "TEXT"},
                                  {"reason", "TEXT"},       {"source", "TEXT"},     {"deadline_at", "TEXT"}};
        for (auto [column, type] : added) {
            if (incidents.contains(column)) continue;
            if (Status s = Exec(db_, std::string("ALTER TABLE incidents ADD COLUMN \"") + column + "\" " + type); !s)
                return s;
        }
        sqlite3_stmt* stmt = nullptr;
        std::vector<std::string> triggers;
        sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='incidents'", -1,
                           &stmt, nullptr);
        while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
            triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        }
        sqlite3_finalize(stmt);
        for (const std::string& trigger : triggers) {
            if (Status s = Exec(db_, "DROP TRIGGER \"" + trigger + "\""); !s) return s;
        }
        if (!triggers.empty()) {
            if (Status s = Exec(
                    db_,
                    "DROP TABLE IF EXISTS rtree_incidents_geom;"
                    "DELETE FROM gpkg_extensions WHERE table_name='incidents' AND extension_name='gpkg_rtree_index';");
                !s) {
                return s;
            }
        }
        // GDAL's per-row feature-count triggers cost an UPDATE for every event and keep nothing here (the
        // count is NULL: unknown, and GDAL counts the rows when asked), so the log's tables go without.
        if (Status s = Exec(db_,
                            "DROP TRIGGER IF EXISTS trigger_insert_feature_count_events;"
                            "DROP TRIGGER IF EXISTS trigger_delete_feature_count_events;"
                            "DROP TRIGGER IF EXISTS trigger_insert_feature_count_rejects;"
                            "DROP TRIGGER IF EXISTS trigger_delete_feature_count_rejects;"
                            "UPDATE gpkg_ogr_contents SET feature_count = NULL "
                            "WHERE table_name IN ('events', 'rejects', 'incidents');");
            !s) {
            return s;
        }
        // Case positions are stored as the feed sent them, in lon/lat (EPSG:4326).
        incidents_srs_ = static_cast<int>(
            QueryInt(db_, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name='incidents'", 4326));
        if (incidents_srs_ != 4326) {
            if (QueryInt(db_, "SELECT count(*) FROM incidents") > 0) {
                return Error{"layer 'incidents' holds cases in SRS " + std::to_string(incidents_srs_) +
                             "; the log writes lon/lat (EPSG:4326)"};
            }
            if (Status s = Exec(db_,
                                "UPDATE gpkg_geometry_columns SET srs_id=4326 WHERE table_name='incidents';"
                                "UPDATE gpkg_contents SET srs_id=4326 WHERE table_name='incidents';");
                !s) {
                return s;
            }
            incidents_srs_ = 4326;
        }
        if (Status s = Exec(db_, "CREATE UNIQUE INDEX IF NOT EXISTS incidents_id ON incidents(id)"); !s) return s;
        return CreateSnapshotAndTrackTables(db_);
    };
    if (Status s = upgrade(); !s) {
        Exec(db_, "ROLLBACK");
        return Error{"preparing the log: " + s.error()};
    }
    if (Status s = Exec(db_, "COMMIT"); !s) return s;
    last_seq_ = QueryInt(db_, "SELECT max(fid) FROM events");

    statements_ = std::make_unique<Statements>();
    Statements& st = *statements_;
    const std::pair<Statement*, const char*> sql[] = {
        {&st.begin, "BEGIN IMMEDIATE"},
        {&st.commit, "COMMIT"},
        {&st.rollback, "ROLLBACK"},
        {&st.insert_event, "INSERT INTO events (fid, seq, t, type, subject, payload) VALUES (?1, ?1, ?2, ?3, ?4, ?5)"},
        {&st.insert_reject, "INSERT INTO rejects (received_at, peer, line, text, error) VALUES (?, ?, ?, ?, ?)"},
        {&st.insert_incident,
         "INSERT INTO incidents (geom, id, category, priority, state, grid, nearest_grid, distance_m, source, "
         "reported_at, updated_at, deadline_at, text) VALUES (?, ?, ?, ?, 'reported', ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&st.update_incident,
         // ?6: 0 a lifecycle step; 1 a summons and 2 an acceptance naming a resource, which leave the state
         // (and the responder) alone unless it is the dispatched responder who accepts.
         "UPDATE incidents SET state=CASE WHEN ?6 = 1 OR (?6 = 2 AND ?3 IS NOT resource) THEN state ELSE ?1 END, "
         "updated_at=?2, resource=CASE WHEN ?6 = 0 THEN coalesce(?3, resource) ELSE resource END, "
         "reason=coalesce(?4, reason) WHERE id=?5"},
        {&st.insert_track, "INSERT INTO tracks (seq, t_ms, resource, lon, lat) VALUES (?, ?, ?, ?, ?)"},
    };
    for (auto [statement, text] : sql) {
        if (Status s = statement->prepare(db_, text); !s) return s;
    }
    return {};
}

// [SECTION] reading

Status EventLog::read_all(const std::function<Status(const Event&)>& apply) { return read_after(0, apply); }

Status EventLog::read_new(const std::function<Status(const Event&)>& apply) { return read_after(last_seq_, apply); }

Status EventLog::read_after(std::int64_t after, const std::function<Status(const Event&)>& apply, std::int64_t upto) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT fid, payload FROM events WHERE fid > ? AND fid <= ? ORDER BY fid", -1, &stmt,
                           nullptr) != SQLITE_OK) {
        return Error{path_ + ": cannot read the events table: " + sqlite3_errmsg(db_)};
    }
    sqlite3_bind_int64(stmt, 1, after);
    sqlite3_bind_int64(stmt, 2, upto < 0 ? INT64_MAX : upto);
    Status result;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const std::int64_t seq = sqlite3_column_int64(stmt, 0);
        const unsigned char* payload = sqlite3_column_text(stmt, 1);
        // One event that cannot be read or applied (written by an older, looser version, or damaged) is
        // skipped and named, never the end of the reading: a log that opened yesterday opens today.
        auto event = EventFromLog(seq, payload ? reinterpret_cast<const char*>(payload) : "");
        Status applied = event ? apply(event.value()) : Status(Error{event.error()});
        if (!applied) {
            ++skipped_count_;
            if (skipped_.size() < kSkippedKept)
                skipped_.push_back(path_ + ", table 'events': skipped " + applied.error());
        }
        last_seq_ = std::max(last_seq_, seq);
    }
    if (result && rc != SQLITE_DONE) result = Error{path_ + ": reading the events table: " + sqlite3_errmsg(db_)};
    sqlite3_finalize(stmt);
    return result;
}

Status ReplayLog(EventLog& log, World& world, std::int64_t* events) {
    std::int64_t applied = 0;
    const std::int64_t skipped_before = log.skipped_count();
    Status s = log.read_all([&](const Event& e) {
        Status ok = ApplyEvent(world, e);
        applied += ok ? 1 : 0;
        return ok;
    });
    if (events) *events = applied;
    WarnSkipped(log, skipped_before);
    return s;
}

void WarnSkipped(const EventLog& log, std::int64_t skipped_before) {
    const std::int64_t skipped = log.skipped_count() - skipped_before;
    if (skipped <= 0) return;
    const auto& kept = log.skipped();
    const std::size_t first = static_cast<std::size_t>(std::min<std::int64_t>(skipped_before, kept.size()));
    std::size_t shown = 0;
    for (std::size_t i = first; i < kept.size() && shown < 10; ++i, ++shown) {
        std::fprintf(stderr, "gridlink: warning: %s\n", kept[i].c_str());
    }
    std::fprintf(stderr, "gridlink: warning: %s: %lld event(s) of the log could not be applied and were skipped%s\n",
                 log.path().c_str(), static_cast<long long>(skipped),
                 skipped > static_cast<std::int64_t>(shown) ? " (the first ones named above)" : "");
}

Status ReplayWorkspaceLog(const std::string& path, World& world) {
    auto log = EventLog::OpenForReading(path);
    if (!log) return Error{log.error()};
    return ReplayLog(*log.value(), world);
}

std::int64_t EventLog::reject_count() const { return QueryInt(db_, "SELECT count(*) FROM rejects"); }

// [SECTION] appending

Status EventLog::write_incident(const Event& e) {
    Statements& st = *statements_;
    if (e.type == EventType::kIncidentReported) {
        const IncidentCategory& category = kIncidentCategories[std::max(0, e.category)];
        const std::vector<unsigned char> geometry = GeoPackagePoint(e.lon, e.lat, incidents_srs_);
        const std::int64_t deadline = DeadlineOf(std::max(0, e.category), e.t_ms);
        st.insert_incident.blob(1, geometry.data(), static_cast<int>(geometry.size()))
            .text(2, e.id)
            .text(3, std::string(category.code))
            .integer(4, e.priority)
            .text(5, e.grid)
            .text(6, e.nearest_grid)
            .real(7, e.distance_m)
            .text(8, e.source)
            .text(9, e.t)
            .text(10, e.t)
            .text(11, FormatIsoTime(deadline))
            .text(12, e.text);
        return st.insert_incident.run(db_);
    }
    if (!IsIncidentEvent(e.type)) return {};
    st.update_incident.text(1, std::string(CaseStateName(TargetState(e.type)))).text(2, e.t);
    if (e.resource.empty())
        st.update_incident.null(3);
    else
        st.update_incident.text(3, e.resource);
    if (e.reason.empty())
        st.update_incident.null(4);
    else
        st.update_incident.text(4, e.reason);
    st.update_incident.text(5, e.id);
    const bool names_who_accepts = e.type == EventType::kIncidentAccepted && !e.resource.empty();
    st.update_incident.integer(6, e.type == EventType::kIncidentSummoned ? 1 : names_who_accepts ? 2 : 0);
    return st.update_incident.run(db_);
}

Status EventLog::begin() {
    if (!statements_) return Error{path_ + ": the log was opened for reading"};
    if (in_transaction_) return {};
    if (Status s = statements_->begin.run(db_); !s) return Error{path_ + ": cannot take the write lock: " + s.error()};
    in_transaction_ = true;
    return {};
}

Status EventLog::append(std::span<Event> events, std::span<const RejectedLine> rejects) {
    if (!statements_) return Error{path_ + ": the log was opened for reading"};
    Statements& st = *statements_;
    if (events.empty() && rejects.empty()) {
        if (in_transaction_) (void)st.commit.run(db_);
        in_transaction_ = false;
        return {};
    }
    if (Status s = begin(); !s) return s;
    in_transaction_ = false;  // the transaction ends below, committed or rolled back
    std::int64_t seq = last_seq_;
    if (const std::int64_t end = QueryInt(db_, "SELECT max(fid) FROM events"); end != last_seq_) {
        (void)st.rollback.run(db_);
        return Error{path_ + ": another writer appended events " + std::to_string(last_seq_ + 1) + ".." +
                     std::to_string(end) + ", which this one has not read"};
    }
    auto write = [&]() -> Status {
        for (Event& e : events) {
            e.seq = ++seq;
            const std::string payload = EventPayload(e);
            st.insert_event.integer(1, e.seq)
                .text(2, e.t)
                .text(3, std::string(EventTypeName(e.type)))
                .text(4, e.id)
                .text(5, payload);
            if (Status s = st.insert_event.run(db_); !s) return Error{"event " + e.id + ": " + s.error()};
            if (Status s = write_incident(e); !s) return Error{"incidents layer, case " + e.id + ": " + s.error()};
            if (e.type == EventType::kResourceMoved) {
                st.insert_track.integer(1, e.seq).integer(2, e.t_ms).text(3, e.id).real(4, e.lon).real(5, e.lat);
                if (Status s = st.insert_track.run(db_); !s)
                    return Error{"tracks, resource " + e.id + ": " + s.error()};
            }
        }
        for (const RejectedLine& r : rejects) {
            st.insert_reject.text(1, FormatIsoTime(r.received_ms ? r.received_ms : WallClockMs()))
                .text(2, r.peer)
                .integer(3, r.line)
                .text(4, r.text.size() > 4096 ? r.text.substr(0, 4096) : r.text)
                .text(5, r.error);
            if (Status s = st.insert_reject.run(db_); !s) return Error{"rejects: " + s.error()};
        }
        return st.commit.run(db_);
    };
    if (Status s = write(); !s) {
        (void)st.rollback.run(db_);
        for (Event& e : events) e.seq = 0;
        return Error{path_ + ": " + s.error()};
    }
    last_seq_ = seq;
    return {};
}

}  // namespace gridlink
