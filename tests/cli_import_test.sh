#!/usr/bin/env bash
# End-to-end tests of `gridlink import cases`: a hotline-style CSV written here (good records and one bad record
# of each kind) imported into a demo workspace, the bad records named by file, row and field, a second import
# adding nothing, GCJ-02 points, and `report` giving the figures the CSV's own counts give. One line per check.
# Usage: tests/cli_import_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

"$bin" demo --out "$T/ws.gpkg" --scale small --seed 7 >/dev/null 2>&1
# 60 records in November 2026 around the demo district, times as a US-style export writes them, without an
# offset; every third one still open, the rest closed after 1..100 hours (some past their category's deadline).
python3 - "$T" <<'PY'
import csv, datetime, random, sys
out = sys.argv[1]
rng = random.Random(5)
kinds = [('垃圾满溢', 24), ('占道经营', 4), ('井盖缺失', 72)]
tz = datetime.timezone(datetime.timedelta(hours=8))
fmt = '%m/%d/%Y %I:%M:%S %p'
rows, expected = [], []
for i in range(60):
    kind, hours = kinds[i % 3]
    reported = datetime.datetime(2026, 11, 1, tzinfo=tz) + datetime.timedelta(minutes=rng.randrange(0, 20 * 24 * 60))
    closed = None if i % 3 == 0 else reported + datetime.timedelta(hours=rng.uniform(1, 100))
    lon, lat = rng.uniform(120.30, 120.55), rng.uniform(31.26, 31.40)
    rows.append([f'HX{i:04d}', f'{lon:.6f}', f'{lat:.6f}', reported.strftime(fmt),
                 closed.strftime(fmt) if closed else '', '已结案' if closed else '处理中', kind])
    expected.append((reported, closed, hours))
    if i == 1:
        open(out + '/hx0001.txt', 'w').write(reported.strftime('%Y-%m-%dT%H:%M:%S.000+08:00') + ' ' +
                                             closed.strftime('%Y-%m-%dT%H:%M:%S.000+08:00') + '\n')
bad = [
    ['', '120.4', '31.3', '11/02/2026 08:00:00 AM', '', '处理中', '垃圾满溢'],                      # row 61
    ['HX-BAD-TIME', '120.4', '31.3', '2026-11-02 08:00', '', '处理中', '垃圾满溢'],                # row 62
    ['HX-BAD-LON', 'east', '31.3', '11/02/2026 08:00:00 AM', '', '处理中', '垃圾满溢'],            # row 63
    ['HX-NO-CLOSE', '120.4', '31.3', '11/02/2026 08:00:00 AM', '', '已结案', '垃圾满溢'],          # row 64
    ['HX-NO-KIND', '120.4', '31.3', '11/02/2026 08:00:00 AM', '', '处理中', '噪音扰民'],           # row 65
    ['HX0001', '120.4', '31.3', '11/02/2026 08:00:00 AM', '', '处理中', '垃圾满溢'],               # row 66
]
with open(out + '/cases.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['工单号', 'x', 'y', '上报时间', '结案时间', '状态', '问题类型'])
    w.writerows(rows + bad)
with open(out + '/map.csv', 'w', newline='') as f:
    f.write('source,category\n垃圾满溢,city_appearance\n占道经营,street_order\n井盖缺失,public_facility\n')
# The figures `report --by all` must give for [Nov 1, TO): reported and registered in the period, due (less the
# open cases whose deadline is after TO), closed before TO and of them on time.
for name, to in [('end', datetime.datetime(2026, 12, 31, tzinfo=tz)), ('mid', datetime.datetime(2026, 11, 12, tzinfo=tz))]:
    inside = [e for e in expected if e[0] < to]
    closed = [e for e in inside if e[1] and e[1] < to]
    due = [e for e in inside if (e[1] and e[1] < to) or e[0] + datetime.timedelta(hours=e[2]) <= to]
    on_time = [e for e in closed if e[1] <= e[0] + datetime.timedelta(hours=e[2])]
    with open(f'{out}/expected_{name}.txt', 'w') as f:
        f.write(f'{to.isoformat()} {len(inside)} {len(due)} {len(closed)} {len(on_time)}\n')
PY

import_cases() {
    "$bin" import cases "$T/ws.gpkg" --from-csv "$T/cases.csv" --id-field 工单号 --x-field x --y-field y \
        --reported-field 上报时间 --closed-field 结案时间 --status-field 状态 --closed-values 已结案,结案 \
        --category-field 问题类型 --category-map "$T/map.csv" --time-format '%m/%d/%Y %I:%M:%S %p' --tz +08:00 "$@"
}
events() { sql "$T/ws.gpkg" "SELECT count(*) FROM events"; }

# [SECTION] refusals that write nothing
fails_saying "a missing column is named" "no column '受理时间' for --reported-field" \
    "$bin" import cases "$T/ws.gpkg" --from-csv "$T/cases.csv" --id-field 工单号 --x-field x --y-field y \
    --reported-field 受理时间
fails_saying "--status-field needs --closed-values" "--status-field needs --closed-values" \
    "$bin" import cases "$T/ws.gpkg" --from-csv "$T/cases.csv" --id-field 工单号 --x-field x --y-field y \
    --reported-field 上报时间 --closed-field 结案时间 --status-field 状态
fails_saying "a bad --tz is refused" "--tz: '8' is not a UTC offset" import_cases --tz 8
check "nothing was written by the refusals" test "$(events)" = 0

# [SECTION] the import
import_cases >"$T/import.out" 2>"$T/import.err"
check "the import succeeds" test $? = 0
check "the summary counts cases, closed, records and bad ones" \
    grep -q "imported 60 cases (40 closed, .*from $T/cases.csv: 66 records, 6 bad, 0 already in the log" "$T/import.out"
check "row 61: the empty id is named" grep -qx "$T/cases.csv row 61: 工单号: empty" "$T/import.err"
check "row 62: the time that does not match the format" \
    grep -q "^$T/cases.csv row 62: 上报时间: '2026-11-02 08:00' does not match --time-format" "$T/import.err"
check "row 63: the bad coordinate" grep -q "^$T/cases.csv row 63: x: unparsable 'east'" "$T/import.err"
check "row 64: closed without a closing time" grep -q "^$T/cases.csv row 64: 结案时间: empty, but status '已结案' is closed" "$T/import.err"
check "row 65: the category not in the map" grep -q "^$T/cases.csv row 65: 问题类型: '噪音扰民' is not in $T/map.csv" "$T/import.err"
check "row 66: the repeated id" grep -q "^$T/cases.csv row 66: 工单号: 'HX0001' repeats row 2" "$T/import.err"
check "the log holds reported + registered per case and one closed per closed case (160)" test "$(events)" = 160
check "events carry the file and row" test "$(sql "$T/ws.gpkg" "SELECT count(*) FROM events WHERE json_extract(payload, '\$.origin') = 'import $T/cases.csv row 2'")" = 3
read -r hx_reported hx_closed <"$T/hx0001.txt"
check "a case keeps its record's times (reported, closed), read at --tz" bash -c \
    "'$bin' cases '$T/ws.gpkg' | awk -F'\t' '\$1==\"HX0001\"{print \$7, \$8}' | grep -qx '$hx_reported $hx_closed'"
check "an imported closed case is closed, an open one registered" bash -c \
    "'$bin' cases '$T/ws.gpkg' | awk -F'\t' '\$1==\"HX0001\"{a=\$2} \$1==\"HX0000\"{b=\$2} END{exit !(a==\"closed\" && b==\"registered\")}'"

# [SECTION] repeated: nothing added
import_cases >"$T/again.out" 2>/dev/null
check "a second import adds no case" grep -q "imported 0 cases (0 closed.*60 already in the log" "$T/again.out"
check "and no event" test "$(events)" = 160

# [SECTION] the report on the imported history
for name in end mid; do
    read -r to reported due closed on_time <"$T/expected_$name.txt"
    "$bin" report "$T/ws.gpkg" --from 2026-11-01 --to "$to" --by all >"$T/report_$name.csv" 2>/dev/null
    check "report to $name: reported $reported, due $due, closed $closed, on time $on_time, no dispatch times" python3 -c "
import csv
row = list(csv.DictReader(open('$T/report_$name.csv')))[0]
got = (int(row['reported']), int(row['registered']), int(row['due']), int(row['closed']), int(row['closed_on_time']))
assert got == ($reported, $reported, $due, $closed, $on_time), got
assert row['median_dispatch_min'] == '' and row['median_handle_min'] == '', row
assert row['median_register_min'] == '0' or float(row['median_register_min']) == 0, row
"
done

# [SECTION] GCJ-02 points land where their WGS84 originals do
python3 - "$T" <<'PY'
import sys
out = sys.argv[1]
# GCJ-02 of WGS84 (120.45, 31.33), computed with the published formula (engine/china_offsets.cpp).
import math
def series_lat(x, y):
    r = -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
    r += (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
    r += (20*math.sin(y*math.pi) + 40*math.sin(y/3*math.pi)) * 2/3
    r += (160*math.sin(y/12*math.pi) + 320*math.sin(y*math.pi/30)) * 2/3
    return r
def series_lon(x, y):
    r = 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
    r += (20*math.sin(6*x*math.pi) + 20*math.sin(2*x*math.pi)) * 2/3
    r += (20*math.sin(x*math.pi) + 40*math.sin(x/3*math.pi)) * 2/3
    r += (150*math.sin(x/12*math.pi) + 300*math.sin(x/30*math.pi)) * 2/3
    return r
a, ee = 6378245.0, 0.00669342162296594323
lon, lat = 120.45, 31.33
rad = lat / 180 * math.pi
magic = 1 - ee * math.sin(rad) ** 2
dlat = series_lat(lon - 105, lat - 35) * 180 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
dlon = series_lon(lon - 105, lat - 35) * 180 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
open(out + '/gcj.csv', 'w').write(f'id,lng,lat,t\nGCJ-1,{lon + dlon:.9f},{lat + dlat:.9f},2026-11-20 10:00\n')
PY
"$bin" import cases "$T/ws.gpkg" --from-csv "$T/gcj.csv" --id-field id --x-field lng --y-field lat --reported-field t \
    --points-srs gcj02 >"$T/gcj.out" 2>&1
check "a GCJ-02 record is imported" grep -q "imported 1 cases" "$T/gcj.out"
check "and stored at its WGS84 point" test "$(sql "$T/ws.gpkg" "SELECT round(json_extract(payload, '\$.lon'), 6) || ',' || round(json_extract(payload, '\$.lat'), 6) FROM events WHERE subject = 'GCJ-1' AND type = 'incident.reported'")" = "120.45,31.33"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
