// FiguresBySql: the figures as SQL over the log (see assessment_sql.h). Times come from the events' ISO `t`
// through julianday(), case times from conditional aggregates, the responder holding a case from a window over
// its dispatch, reassignment and recall events, medians from row numbers.
#include "assessment_sql.h"

#include <sqlite3.h>

#include <stdexcept>

#include "engine/grid_model.h"

namespace gridlink::test {

namespace {

// Who holds the case at each incident event: the resource of the last dispatched or reassigned event before
// it, none after a recall.
constexpr const char* kCasesSql = R"sql(
WITH deadlines(code, hours) AS (VALUES %DEADLINES%),
ev AS (
  SELECT seq, type, subject AS id, CAST(round((julianday(t) - 2440587.5) * 86400000.0) AS INTEGER) AS ms,
         json_extract(payload, '$.resource') AS resource, payload
  FROM events WHERE type LIKE 'incident.%'),
marked AS (
  SELECT ev.*, max(CASE WHEN type IN ('incident.dispatched', 'incident.reassigned', 'incident.recalled')
                   THEN seq END) OVER (PARTITION BY id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                 AS holder_seq
  FROM ev),
held AS (
  SELECT m.seq, m.type, m.id, m.ms, m.resource,
         CASE WHEN h.type = 'incident.recalled' THEN NULL ELSE h.resource END AS holder
  FROM marked m LEFT JOIN ev h ON h.seq = m.holder_seq),
cases AS (
  SELECT r.id, json_extract(r.payload, '$.category') AS category, json_extract(r.payload, '$.grid') AS grid,
         r.ms AS reported, r.ms + d.hours * 3600000 AS deadline,
         min(CASE WHEN w.type = 'incident.registered' THEN w.ms END) AS registered,
         min(CASE WHEN w.type = 'incident.dispatched' THEN w.ms END) AS dispatched,
         min(CASE WHEN w.type = 'incident.accepted' AND (w.resource IS NULL OR w.resource = w.holder) THEN w.ms END)
           AS accepted,
         min(CASE WHEN w.type = 'incident.handled' THEN w.ms END) AS handled,
         min(CASE WHEN w.type = 'incident.closed' THEN w.ms END) AS closed,
         min(CASE WHEN w.type = 'incident.cancelled' THEN w.ms END) AS cancelled,
         min(CASE WHEN w.type = 'incident.returned' THEN w.ms END) AS returned
  FROM ev r JOIN deadlines d ON d.code = json_extract(r.payload, '$.category') JOIN held w ON w.id = r.id
  WHERE r.type = 'incident.reported' AND r.ms < :to
  GROUP BY r.id),
units AS (%UNITS%),
flags AS (
  SELECT unit, reported, registered, dispatched, accepted, handled, closed, deadline,
         (reported >= :from AND reported < :to) AS rep,
         coalesce(registered >= :from AND registered < :to, 0) AS reg,
         coalesce(cancelled >= :from AND cancelled < :to, 0) AS can,
         coalesce(closed < :to, 0) AS cl,
         coalesce(cancelled < :to, 0) AS cb,
         coalesce(returned < :to, 0) AS ret
  FROM units),
judged AS (
  SELECT *, (NOT cl AND NOT cb) AS open_at_to,
         (reg AND NOT cb AND NOT ((NOT cl AND NOT cb) AND deadline > :to)) AS due
  FROM flags),
samples AS (
  SELECT unit, 0 AS step, (registered - reported) / 60000.0 AS v FROM judged WHERE reg
  UNION ALL SELECT unit, 1, (dispatched - registered) / 60000.0 FROM judged WHERE reg AND dispatched < :to
  UNION ALL SELECT unit, 2, (accepted - dispatched) / 60000.0 FROM judged
            WHERE reg AND dispatched < :to AND accepted < :to
  UNION ALL SELECT unit, 3, (handled - dispatched) / 60000.0 FROM judged
            WHERE reg AND dispatched < :to AND handled < :to
  UNION ALL SELECT unit, 4, (closed - reported) / 60000.0 FROM judged WHERE reg AND cl),
ranked AS (
  SELECT unit, step, v, row_number() OVER (PARTITION BY unit, step ORDER BY v) AS k,
         count(*) OVER (PARTITION BY unit, step) AS n
  FROM samples),
medians AS (
  SELECT unit, step, avg(v) AS median FROM ranked WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY unit, step)
SELECT j.unit, sum(rep), sum(reg), sum(can), sum(due), sum(due AND cl), sum(due AND cl AND closed <= deadline),
       sum(reg AND ret), sum(open_at_to), sum(open_at_to AND :to > deadline),
       (SELECT median FROM medians m WHERE m.unit = j.unit AND step = 0),
       (SELECT median FROM medians m WHERE m.unit = j.unit AND step = 1),
       (SELECT median FROM medians m WHERE m.unit = j.unit AND step = 2),
       (SELECT median FROM medians m WHERE m.unit = j.unit AND step = 3),
       (SELECT median FROM medians m WHERE m.unit = j.unit AND step = 4)
FROM judged j GROUP BY j.unit
)sql";

std::string Replace(std::string text, const std::string& what, const std::string& with) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
        text.replace(at, what.size(), with);
    }
    return text;
}

std::string UnitsSql(GroupBy group) {
    switch (group.grouping) {
        case Grouping::kAll: return "SELECT 'all' AS unit, * FROM cases";
        case Grouping::kCategory: return "SELECT category AS unit, * FROM cases";
        case Grouping::kLevel:
            return "SELECT CASE WHEN grid IS NULL THEN 'outside' ELSE substr(grid, 1, " +
                   std::to_string(CodeLengthForLevel(group.level)) + ") END AS unit, * FROM cases";
        case Grouping::kResponder: break;
    }
    return "SELECT DISTINCT h.holder AS unit, c.* FROM cases c JOIN held h ON h.id = c.id "
           "AND h.type = 'incident.handled' AND h.ms < :to AND h.holder IS NOT NULL";
}

}  // namespace

std::map<std::string, Figures> FiguresBySql(const std::string& workspace, Period period, GroupBy group) {
    std::string deadlines;
    for (const IncidentCategory& category : kIncidentCategories) {
        if (!deadlines.empty()) deadlines += ", ";
        deadlines += "('" + std::string(category.code) + "', " + std::to_string(category.deadline_hours) + ")";
    }
    const std::string sql = Replace(Replace(kCasesSql, "%DEADLINES%", deadlines), "%UNITS%", UnitsSql(group));
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(workspace.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        throw std::runtime_error(workspace + ": " + sqlite3_errmsg(db));
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error("figures SQL: " + message);
    }
    sqlite3_bind_int64(statement, sqlite3_bind_parameter_index(statement, ":from"), period.from_ms);
    sqlite3_bind_int64(statement, sqlite3_bind_parameter_index(statement, ":to"), period.to_ms);
    std::map<std::string, Figures> figures;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        Figures f;
        int column = 1;
        for (std::int64_t* count : {&f.reported, &f.registered, &f.cancelled, &f.due, &f.closed, &f.closed_on_time,
                                    &f.returned, &f.open, &f.overdue_open}) {
            *count = sqlite3_column_int64(statement, column++);
        }
        for (std::optional<double>* median : {&f.median_register_min, &f.median_dispatch_min, &f.median_accept_min,
                                              &f.median_handle_min, &f.median_close_min}) {
            if (sqlite3_column_type(statement, column) != SQLITE_NULL)
                *median = sqlite3_column_double(statement, column);
            ++column;
        }
        figures[reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))] = f;
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return figures;
}

}  // namespace gridlink::test
