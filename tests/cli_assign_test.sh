#!/usr/bin/env bash
# End-to-end tests of `gridlink assign`: Chicago community areas with valid and malformed points, kept
# columns, GeoPackage output, GDAL point input, the five-level demo, progress, and clear errors.
# Usage: tests/cli_assign_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"
chicago="$data/chicago_community_areas.geojson"

# field FILE ROW NAME: field NAME of data row ROW (1-based) of a CSV, read with Python's csv module.
field() {
    python3 -c "
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],newline='')))
print(rows[int(sys.argv[2])-1][sys.argv[3]])" "$@"
}
# eq GOT WANT: equal, or say what differs.
eq() { [ "$1" = "$2" ] || { echo "got '$1', expected '$2'"; return 1; }; }
# chi ARGS...: assign against the Chicago community areas.
chi() { "$bin" assign --grids "$chicago" --id-field area_numbe "$@"; }
export -f field eq chi
export bin chicago T

# [SECTION] help
check "assign --help" bash -c "'$bin' assign --help | grep -q 'assigned N rows'"

# [SECTION] Chicago: acceptance-style points, valid and malformed
# Interior points from SpatiaLite's ST_PointOnSurface of community areas 32 (LOOP), 8 (NEAR NORTH SIDE) and
# 76 (OHARE); (-87.5, 41.9) lies in Lake Michigan, outside every area.
cat >"$T/pts.csv" <<'EOF'
id,lon,lat,kind
p1,-87.6271998737813,41.8789375083603,"fire, small"
p2,-87.6341093070898,41.8990442812635,pothole
p3,-87.9046755734784,41.973134813169,"said ""hi"""
p4,-87.5,41.9,lake
m0,,,empty
m1,abc,41.8,text
m2,-87.6,95.0,range
m3,nan,41.8,nan
m4,-87.6
p5,-87.6271998737813,41.8789375083603,"two
lines"
EOF
check "assign Chicago points to CSV" chi --points "$T/pts.csv" --out "$T/out.csv" --keep id,kind --threads 2
o=$T/out.csv
check "one output row per input row (10)" bash -c "eq \"\$(python3 -c 'import csv;print(len(list(csv.DictReader(open(\"$o\")))))')\" 10"
check "columns in order" bash -c "eq \"\$(head -1 $o)\" 'row,grid,status,distance_m,nearest,reason,level,id,kind'"
check "the Loop point is in area 32" bash -c "eq \"\$(field $o 1 grid)\" 32 && eq \"\$(field $o 1 status)\" inside"
check "Near North Side is 8, O'Hare is 76" bash -c "eq \"\$(field $o 2 grid)\" 8 && eq \"\$(field $o 3 grid)\" 76"
check "a lake point is outside with nearest and distance" bash -c "eq \"\$(field $o 4 status)\" outside && \
    [ -n \"\$(field $o 4 nearest)\" ] && field $o 4 distance_m | grep -Eq '^[0-9]+\.[0-9]{2}$'"
check "statuses in input order" bash -c "eq \"\$(python3 -c \"import csv;print(*(r['status'] for r in csv.DictReader(open('$o'))))\")\" \
    'inside inside inside outside invalid invalid invalid invalid invalid inside'"
check "invalid reasons name category and column" bash -c "eq \"\$(field $o 5 reason)\" 'empty: lon, lat' && \
    eq \"\$(field $o 6 reason)\" \"unparsable: lon 'abc'\" && \
    eq \"\$(field $o 7 reason)\" 'out of range: lat 95.0 (expected -90..90)' && \
    eq \"\$(field $o 8 reason)\" \"unparsable: lon 'nan'\" && eq \"\$(field $o 9 reason)\" 'malformed: 2 fields, header has 4'"
check "rows are data rows, a quoted newline does not count" bash -c "eq \"\$(field $o 10 row)\" 10"
check "--keep copies columns, quotes and newlines intact" bash -c "eq \"\$(field $o 1 kind)\" 'fire, small' && \
    eq \"\$(field $o 3 kind)\" 'said \"hi\"' && eq \"\$(field $o 10 kind)\" 'two
lines' && eq \"\$(field $o 4 id)\" p4"
check "the summary line counts" bash -c "chi --points $T/pts.csv --out $T/out2.csv | \
    grep -Eq '^assigned 10 rows: 4 inside, 1 outside, 5 invalid, in [0-9.]+ s \([0-9]+ points/s\) -> '"

# [SECTION] GeoPackage output, GDAL point input, another CRS
check "assign to GeoPackage" chi --points "$T/pts.csv" --out "$T/out.gpkg" --keep kind
check "GeoPackage has 10 features in layer assignments" bash -c "ogrinfo -ro -so $T/out.gpkg assignments | grep -q 'Feature Count: 10'"
check "GeoPackage: the 5 invalid rows have no geometry" bash -c "ogrinfo -ro -q $T/out.gpkg \
    -sql \"SELECT COUNT(*) AS n FROM assignments WHERE geom IS NULL AND status = 'invalid'\" | grep -q 'n (Integer) = 5$'"
ogr2ogr -f GeoJSON "$T/pts.geojson" "$T/out.gpkg" assignments -select kind >/dev/null 2>&1
check "a GDAL point layer as input (null geometries are invalid rows)" bash -c "chi --points $T/pts.geojson \
    --out $T/gj.csv --keep kind | grep -q 'assigned 10 rows: 4 inside, 1 outside, 5 invalid' && \
    eq \"\$(field $T/gj.csv 5 reason)\" 'empty: geometry' && eq \"\$(field $T/gj.csv 2 grid)\" 8"
loop_feet=$(echo "-87.6271998737813 41.8789375083603" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3435 | awk '{print $1","$2}')
printf 'X,Y\n%s\n1e12,1e12\n' "$loop_feet" >"$T/feet.csv"
check "--points-srs with --x-field/--y-field (Illinois East, US feet)" bash -c "chi --points $T/feet.csv \
    --x-field x --y-field y --points-srs EPSG:3435 --out $T/feet_out.csv && eq \"\$(field $T/feet_out.csv 1 grid)\" 32"
check "a point the transform rejects is invalid, out of range" bash -c "field $T/feet_out.csv 2 reason | \
    grep -q '^out of range: X 1e12, Y 1e12 (cannot be transformed'"

# [SECTION] the five-level demo: ancestor codes
"$bin" demo --out "$T/a.gpkg" --scale small --seed 7 >/dev/null 2>&1
python3 -c "
import random; r=random.Random(5)
print('lon,lat')
for i in range(2000): print(f'{r.uniform(120.40,120.60):.6f},{r.uniform(31.25,31.40):.6f}')" >"$T/demo_pts.csv"
check "assign against the demo" "$bin" assign --grids "$T/a.gpkg" --points "$T/demo_pts.csv" --out "$T/demo.csv"
check "demo output has level1..level5 whose codes are prefixes of each other" python3 -c "
import csv
rows = list(csv.DictReader(open('$T/demo.csv', newline='')))
assert len(rows) == 2000, len(rows)
assert list(rows[0])[6:] == ['level', 'level1', 'level2', 'level3', 'level4', 'level5'], list(rows[0])
inside = [r for r in rows if r['status'] == 'inside']
assert len(inside) > 100, len(inside)
for r in inside:
    codes = [r['level%d' % l] for l in range(1, int(r['level']) + 1)]
    assert all(codes), r
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(codes, codes[1:])), r
    assert codes[-1] == r['grid'], r"

# [SECTION] progress: on stderr only, for long inputs
python3 -c "
print('lon,lat')
for i in range(120000): print(f'{-87.9 + (i % 400) * 0.001:.4f},{41.7 + (i // 400) * 0.001:.4f}')" >"$T/many.csv"
"$bin" assign --grids "$chicago" --id-field area_numbe --points "$T/many.csv" --out "$T/many_out.csv" --progress \
    >"$T/progress_out" 2>"$T/progress_err"
check "--progress draws a bar on stderr" grep -q '100%' "$T/progress_err"
check "stdout holds only the summary" bash -c "[ \"\$(wc -l <'$T/progress_out')\" = 1 ] && grep -q '^assigned 120000 rows' '$T/progress_out'"

# [SECTION] bad input names the file, field or option
fails_saying "missing points file" "$T/nope.csv: no such file" \
    chi --points "$T/nope.csv" --out "$T/x.csv"
fails_saying "missing coordinate column lists the columns" "no column 'easting' for --x-field (columns: id, lon, lat, kind)" \
    chi --points "$T/pts.csv" --x-field easting --out "$T/x.csv"
fails_saying "default lon/lat missing" "no column 'lon'" \
    chi --points "$T/feet.csv" --out "$T/x.csv"
fails_saying "unknown --points-srs" "--points-srs 'EPSG:999999'" \
    chi --points "$T/pts.csv" --points-srs EPSG:999999 --out "$T/x.csv"
fails_saying "--out in a missing directory" "directory '$T/no/such' does not exist" \
    chi --points "$T/pts.csv" --out "$T/no/such/x.csv"
fails_saying "unknown --keep column" "--keep: no column 'colour'" \
    chi --points "$T/pts.csv" --keep id,colour --out "$T/x.csv"
fails_saying "missing grid id field" "no field 'code'" \
    "$bin" assign --grids "$chicago" --points "$T/pts.csv" --out "$T/x.csv"
fails_saying "--grids is required" "--grids FILE is required" "$bin" assign --points "$T/pts.csv" --out "$T/x.csv"
fails_saying "bad --threads" "--threads 'many'" \
    chi --points "$T/pts.csv" --out "$T/x.csv" --threads many
fails_saying "unknown --out format" "expected a .csv or .gpkg" \
    chi --points "$T/pts.csv" --out "$T/x.shp"

finish
