#!/usr/bin/env bash
# End-to-end tests of `gridlink report`: the assessment figures of a simulated feed as CSV and GeoPackage,
# checked against each other, against `gridlink cases` and against the workspace's own tables. One line per check.
# Usage: tests/cli_report_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

"$bin" demo --out "$T/ws.gpkg" --scale small --seed 7 >/dev/null 2>&1
start_serve "$T/ws.gpkg" || exit 1
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
# About three simulated days (4,000 lines at 300 a second, the clock at 20,000x), from five days ago.
"$bin" simulate "$T/ws.gpkg" --to "$address" --rate 300 --speed 20000 --count 4000 --seed 3 --id-prefix R- \
    --start "$(date -u -d '-5 days' +%Y-%m-%dT%H:%M:%SZ)" >"$T/sim.out" 2>&1
stop_serve
check "a simulated feed was stored" grep -q ': 4000 ok, 0 errors' "$T/sim.out"
from=$(date -u -d '-5 days' +%Y-%m-%dT00:00:00Z)
to=$(date -u +%Y-%m-%dT00:00:00Z)

# [SECTION] the CSV
check "report --help names the figures" bash -c "'$bin' report --help | grep -q '按期结案率'"
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by street --out "$T/street.csv" 2>"$T/street.err"
check "--by street writes the columns the issue names" bash -c "head -1 '$T/street.csv' | grep -qx \
'unit,name,reported,registered,cancelled,due,closed,closed_on_time,closure_rate,on_time_rate,returned,overdue_open,median_register_min,median_dispatch_min,median_accept_min,median_handle_min,median_close_min'"
check "--by street: one row per street (8) and outside" bash -c \
    "[ \$(grep -c '^320505' '$T/street.csv') = 8 ] && grep -q '^outside,' '$T/street.csv'"
check "the summary line names the rows and the period" grep -q "rows by street to $T/street.csv" "$T/street.err"
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by all >"$T/all.csv" 2>/dev/null
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by category --out "$T/category.csv" 2>/dev/null
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by unit --out "$T/unit.csv" 2>/dev/null
check "streets, categories and unit grids add up to the whole" python3 -c "
import csv
def rows(name): return list(csv.DictReader(open('$T/' + name)))
whole = rows('all.csv')
assert len(whole) == 1 and whole[0]['unit'] == 'all', whole
for name in ['street.csv', 'category.csv', 'unit.csv']:
    for field in ['reported', 'registered', 'cancelled', 'due', 'closed', 'closed_on_time', 'returned', 'overdue_open']:
        total = sum(int(r[field]) for r in rows(name))
        assert total == int(whole[0][field]), (name, field, total, whole[0][field])
w = whole[0]
assert int(w['reported']) > 300 and int(w['closed']) > 0 and int(w['returned']) > 0, w
assert abs(float(w['closure_rate']) - int(w['closed']) / int(w['due'])) < 5e-5, w
"
check "rates have four decimals; a unit with nothing due has none" python3 -c "
import csv, re
rows = list(csv.DictReader(open('$T/unit.csv')))
assert len(rows) > 1000, len(rows)
for r in rows:
    if int(r['due']) == 0:
        assert r['closure_rate'] == '' and r['on_time_rate'] == '', r
    else:
        assert re.fullmatch(r'[01]\.\d{4}', r['closure_rate']), r
assert any(int(r['due']) == 0 for r in rows) and any(int(r['due']) > 0 for r in rows)
"
"$bin" cases "$T/ws.gpkg" >"$T/cases.tsv" 2>/dev/null
check "reported in the period: as many as gridlink cases lists" python3 -c "
import csv, datetime
def t(s): return datetime.datetime.fromisoformat(s)
lo, hi = t('$from'.replace('Z', '+00:00')), t('$to'.replace('Z', '+00:00'))
cases = list(csv.DictReader(open('$T/cases.tsv'), delimiter='\t'))
n = sum(1 for c in cases if lo <= t(c['reported_at']) < hi)
whole = list(csv.DictReader(open('$T/all.csv')))[0]
assert n == int(whole['reported']), (n, whole['reported'])
"
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by responder --out "$T/responder.csv" 2>/dev/null
check "--by responder: every row is a resource of the workspace that handled cases" python3 -c "
import csv, sqlite3
ids = {r[0] for r in sqlite3.connect('$T/ws.gpkg').execute('SELECT id FROM resources')}
rows = list(csv.DictReader(open('$T/responder.csv')))
assert len(rows) > 10, len(rows)
assert all(r['unit'] in ids for r in rows), [r['unit'] for r in rows if r['unit'] not in ids][:5]
"

# [SECTION] the GeoPackage: grid units as polygons
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by community --out "$T/community.gpkg" 2>/dev/null
"$bin" report "$T/ws.gpkg" --from "$from" --to "$to" --by community --out "$T/community.csv" 2>/dev/null
check "GeoPackage: layer figures, one MultiPolygon per community in the workspace's CRS" python3 -c "
import sqlite3
db = sqlite3.connect('$T/community.gpkg')
assert db.execute(\"SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name='figures'\").fetchone() == ('MULTIPOLYGON', 4549)
levels = sqlite3.connect('$T/ws.gpkg').execute('SELECT count(*) FROM grids WHERE level = 3').fetchone()[0]
assert db.execute('SELECT count(*) FROM figures WHERE geom IS NOT NULL').fetchone()[0] == levels
"
check "GeoPackage and CSV hold the same figures" python3 -c "
import csv, sqlite3
db = sqlite3.connect('$T/community.gpkg')
cols = open('$T/community.csv').readline().strip().split(',')
rows = {r['unit']: r for r in csv.DictReader(open('$T/community.csv'))}
for g in db.execute('SELECT ' + ','.join(cols) + ' FROM figures'):
    r = rows[g[0]]
    for name, value in zip(cols, g):
        text = '' if value is None else (f'{value:.4f}' if name.endswith('_rate') else f'{value:.1f}' if name.startswith('median') else str(value))
        assert text == r[name], (g[0], name, text, r[name])
"

# [SECTION] errors name what is wrong
fails_saying "--by names its choices" "'streets' is not one of district, street" \
    "$bin" report "$T/ws.gpkg" --by streets
fails_saying "--from after --to" "--from must be before --to" "$bin" report "$T/ws.gpkg" --from 2026-12-02 --to 2026-12-01
fails_saying "a bad date names the part" "--from: '2026-02-30T00:00:00+08:00' is not a valid date" \
    "$bin" report "$T/ws.gpkg" --from 2026-02-30
fails_saying "an output that cannot be written is named" "$T/none/x.csv: cannot be written" \
    "$bin" report "$T/ws.gpkg" --out "$T/none/x.csv"
finish
