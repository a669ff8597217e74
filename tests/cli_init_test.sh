#!/usr/bin/env bash
# End-to-end tests of `gridlink init`: workspaces from Chicago's community areas (one level, and two levels
# derived with ogr2ogr), resources from a CSV, roads from an OpenStreetMap extract, then serve, cases and
# report on the result; bad input names the file and the field. Prints one line per check.
# Usage: tests/cli_init_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"
chicago=$data/chicago_community_areas.geojson

# [SECTION] help
check "gridlink init --help documents the highway rule" bash -c "'$bin' init --help | grep -q 'footway'"

# [SECTION] inputs written here
cat >"$T/people.csv" <<'EOF'
id,name,kind,status,lon,lat
W1,Loop worker,grid_worker,available,-87.6298,41.8781
V1,Lake View volunteer,Volunteer,,-87.6536,41.9434
P1,Patrol car,巡逻车,busy,-87.7000,41.8000
X1,Camera far west,camera,available,-88.5000,41.0000
B1,Drone,drone,available,-87.6300,41.8800
C1,Bad coordinates,camera,available,abc,41.9000
EOF
# Three ways near the Loop: a primary road and a residential street kept, a footway dropped.
cat >"$T/loop.osm" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="gridlink test">
  <node id="1" lat="41.8781" lon="-87.6400" version="1"/>
  <node id="2" lat="41.8781" lon="-87.6200" version="1"/>
  <node id="3" lat="41.8800" lon="-87.6400" version="1"/>
  <node id="4" lat="41.8800" lon="-87.6200" version="1"/>
  <node id="5" lat="41.8820" lon="-87.6400" version="1"/>
  <node id="6" lat="41.8820" lon="-87.6200" version="1"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="W Jackson Blvd"/></way>
  <way id="11" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="name" v="W Adams St"/></way>
  <way id="12" version="1"><nd ref="5"/><nd ref="6"/><tag k="highway" v="footway"/></way>
</osm>
EOF

# [SECTION] one level: the 77 community areas
"$bin" init "$T/one.gpkg" --grids "$chicago" --code-field area_numbe --name-field community \
    --resources "$T/people.csv" --resource-id-field id --resource-name-field name --resource-kind-field kind \
    --resource-status-field status --roads "$T/loop.osm" >"$T/one.txt" 2>"$T/one.err"
check "init: Chicago, one level, exits 0" test $? -eq 0
check "init: the report counts 77 grids at level 1" grep -q "^grids: 77 (level 1: 77)" "$T/one.txt"
check "init: the working CRS is a local UTM zone (16N), not the demo's" grep -q "working CRS .*32616" "$T/one.txt"
check "init: the workspace has 77 level-1 grids without parents" \
    bash -c "[ \"\$(sql '$T/one.gpkg' \"SELECT COUNT(*) FROM grids WHERE level = 1 AND parent_code = ''\")\" = 77 ]"
check "init: the workspace's grids are in EPSG:32616" \
    bash -c "[ \"\$(sql '$T/one.gpkg' \"SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'grids'\")\" = 32616 ]"
check "init: the report names the coverage figures" grep -qE "^coverage: [0-9]+ repaired geometries, [0-9]+ overlaps, [0-9]+ gaps" "$T/one.txt"
check "init: resources: 4 of 6 rows kept" grep -q "^resources: 4 of 6 rows" "$T/one.txt"
check "init: the unknown kind is named" grep -qF "'drone': 1 row" "$T/one.txt"
check "init: the unknown kind's row is refused by file, row and field" \
    grep -qF "$T/people.csv row 5: field 'kind': unknown kind 'drone'" "$T/one.txt"
check "init: the bad coordinate's row is refused by row" grep -qF "$T/people.csv row 6: " "$T/one.txt"
check "init: the resource outside every grid is listed" grep -qE "^  X1 at .*nearest grid" "$T/one.txt"
check "init: the Loop worker's home grid is the Loop (32), found by location" \
    bash -c "[ \"\$(sql '$T/one.gpkg' \"SELECT kind, home_grid, status FROM resources WHERE id = 'W1'\")\" = 'grid_worker|32|available' ]"
check "init: kinds and statuses are mapped to workspace codes" \
    bash -c "[ \"\$(sql '$T/one.gpkg' \"SELECT id, kind, status FROM resources WHERE id IN ('V1', 'P1') ORDER BY id\" | tr '\n' ' ')\" = 'P1|patrol_vehicle|busy V1|volunteer|available ' ]"
check "init: the refused rows are not in the workspace" \
    bash -c "[ \"\$(sql '$T/one.gpkg' \"SELECT COUNT(*) FROM resources WHERE id IN ('B1', 'C1')\")\" = 0 ]"
check "init: roads from OSM: primary and residential kept, the footway dropped" \
    grep -q "^roads: 2 kept from 3 features of layer 'lines' (1 dropped by the highway rule" "$T/one.txt"
check "init: the roads layer holds an arterial and a local road" \
    bash -c "[ \"\$(sql '$T/one.gpkg' 'SELECT kind, name FROM roads ORDER BY kind' | tr '\n' ' ')\" = 'arterial|W Jackson Blvd local|W Adams St ' ]"

# [SECTION] serve, cases and report on the init workspace
echo '{"type":"incident.reported","id":"K1","t":"2026-11-27T09:30:00-06:00","lon":-87.6298,"lat":41.8781,"category":"市容环境","priority":2,"source":"hotline_311","text":"overflowing bin"}' \
    >"$T/one.ndjson"
"$bin" serve "$T/one.gpkg" --stdin <"$T/one.ndjson" >"$T/serve.out" 2>"$T/serve.err"
check "serve --stdin takes a report into the init workspace" bash -c "grep -q '^ok 1' '$T/serve.out' && ! grep -q 'not a gridlink workspace' '$T/serve.err'"
check "cases: the report is in the Loop's grid (32)" \
    bash -c "'$bin' cases '$T/one.gpkg' | awk -F'\t' '\$1==\"K1\" && \$5==\"32\" {ok=1} END {exit !ok}'"
check "report: the init workspace's figures count the case" \
    bash -c "'$bin' report '$T/one.gpkg' --from 2026-11-01 --to 2026-12-01 --by all | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
assert len(rows) == 1 and \"1\" in rows[0].values(), rows'"

# [SECTION] two levels: the city (level 1, the union) over the areas (level 2), parents by containment
ogr2ogr -f GPKG "$T/city.gpkg" "$chicago" -nln city -nlt PROMOTE_TO_MULTI -dialect sqlite -sql \
    "SELECT ST_Union(geometry) AS geometry, 'CHI' AS area_numbe, 'CHICAGO' AS community FROM chicago_community_areas" \
    >/dev/null 2>&1
"$bin" init "$T/two.gpkg" --level1 "$T/city.gpkg:city" --level2 "$chicago" --code-field area_numbe \
    --name-field community >"$T/two.txt" 2>&1
check "init: two levels exit 0" test $? -eq 0
check "init: two levels counted per level" grep -q "^grids: 78 (level 1: 1, level 2: 77); parents found by containment" "$T/two.txt"
check "init: every area's parent is the city" \
    bash -c "[ \"\$(sql '$T/two.gpkg' \"SELECT COUNT(*) FROM grids WHERE level = 2 AND parent_code = 'CHI'\")\" = 77 ]"
check "init: no grid without a parent" bash -c "! grep -q 'grids with no parent' '$T/two.txt'"
# Two halves, each grown by 30 m so that the boundaries do not quite match: each area still finds its half.
ogr2ogr -f GPKG "$T/halves.gpkg" "$chicago" -nln halves -nlt PROMOTE_TO_MULTI -dialect sqlite -sql \
    "SELECT ST_Buffer(ST_Union(geometry), 0.0003) AS geometry,
            CASE WHEN CAST(area_numbe AS INTEGER) <= 38 THEN 'N' ELSE 'S' END AS area_numbe, 'half' AS community
     FROM chicago_community_areas GROUP BY CAST(area_numbe AS INTEGER) <= 38" >/dev/null 2>&1
"$bin" init "$T/halves-ws.gpkg" --level1 "$T/halves.gpkg:halves" --level2 "$chicago" --code-field area_numbe \
    >"$T/halves.txt" 2>&1
check "init: grown halves exit 0" test $? -eq 0
check "init: with boundaries that do not match, every area finds its own half" \
    bash -c "[ \"\$(sql '$T/halves-ws.gpkg' \"SELECT COUNT(*) FROM grids WHERE level = 2 AND
        parent_code = CASE WHEN CAST(code AS INTEGER) <= 38 THEN 'N' ELSE 'S' END\")\" = 77 ]"
# Level 1 only the Loop: the 76 other areas have no parent, and say so.
ogr2ogr -f GPKG "$T/loop.gpkg" "$chicago" -nln loop -nlt PROMOTE_TO_MULTI -dialect sqlite -sql \
    "SELECT geometry, 'L' AS area_numbe FROM chicago_community_areas WHERE area_numbe = 32" >/dev/null 2>&1
"$bin" init "$T/loop-ws.gpkg" --level1 "$T/loop.gpkg:loop" --level2 "$chicago" --code-field area_numbe \
    >"$T/loop.txt" 2>&1
check "init: areas outside the only parent are reported without one" grep -q "^grids with no parent (76):" "$T/loop.txt"
check "init: the Loop's area finds the Loop" \
    bash -c "[ \"\$(sql '$T/loop-ws.gpkg' \"SELECT parent_code FROM grids WHERE code = '32'\")\" = L ]"

# [SECTION] GCJ-02: a square in Suzhou read as GCJ-02 moves by the offset (a few hundred metres there)
cat >"$T/square.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"SQ","name":"square"},
 "geometry":{"type":"Polygon","coordinates":[[[120.55,31.33],[120.56,31.33],[120.56,31.34],[120.55,31.34],[120.55,31.33]]]}}]}
EOF
"$bin" init "$T/wgs.gpkg" --grids "$T/square.geojson" --code-field code >/dev/null 2>&1
"$bin" init "$T/gcj.gpkg" --grids "$T/square.geojson" --code-field code --srs gcj02 >"$T/gcj.txt" 2>&1
check "init --srs gcj02 exits 0" grep -q "^grids: 1 (level 1: 1)" "$T/gcj.txt"
check "init --srs gcj02 moves the grid by the GCJ-02 offset (100..1000 m)" python3 -c "
import math, subprocess
def centre(path):
    out = subprocess.run(['ogrinfo', '-ro', '-q', '-dialect', 'sqlite', '-sql', 'SELECT ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM grids', path], capture_output=True, text=True).stdout
    v = dict((l.split('(')[0].strip(), float(l.split('=')[1])) for l in out.splitlines() if '(Real)' in l)
    return v['x'], v['y']
(a, b), (c, d) = centre('$T/wgs.gpkg'), centre('$T/gcj.gpkg')
shift = math.hypot(a - c, b - d)
assert 100 < shift < 1000, shift"

# [SECTION] bad input names the file and the field
fails_saying "init: a missing code field names it and the file" "chicago_community_areas.geojson, layer" \
    "$bin" init "$T/bad.gpkg" --grids "$chicago" --code-field gid
fails_saying "init: a missing code field is named" "no field 'gid'" "$bin" init "$T/bad.gpkg" --grids "$chicago" --code-field gid
fails_saying "init: a missing grids file is named" "$T/nope.shp: no such file" \
    "$bin" init "$T/bad.gpkg" --grids "$T/nope.shp" --code-field code
printf 'not a vector file\n' >"$T/junk.gpkg"
fails_saying "init: a file GDAL cannot read is named" "$T/junk.gpkg: not a vector source" \
    "$bin" init "$T/bad.gpkg" --grids "$T/junk.gpkg" --code-field code
fails_saying "init: a missing resource field names the file and field" "people.csv: no field 'kinds'" \
    "$bin" init "$T/bad.gpkg" --grids "$chicago" --code-field area_numbe --resources "$T/people.csv" \
    --resource-id-field id --resource-name-field name --resource-kind-field kinds
fails_saying "init: repeated grid codes are refused with the field" "grid codes must be unique (field 'area')" \
    "$bin" init "$T/bad.gpkg" --grids "$chicago" --code-field area
fails_saying "init: an existing workspace is not replaced without --force" "exists" \
    "$bin" init "$T/one.gpkg" --grids "$chicago" --code-field area_numbe
fails_saying "init: --level2 without --level1 is refused" "--level2 given without --level1" \
    "$bin" init "$T/bad.gpkg" --level2 "$chicago" --code-field area_numbe
fails_saying "init: an --srs that is not gcj02 or bd09 is named" "--srs 'gcj03'" \
    "$bin" init "$T/bad.gpkg" --grids "$chicago" --code-field area_numbe --srs gcj03
check "init: a refused run writes nothing" test ! -e "$T/bad.gpkg"

finish
