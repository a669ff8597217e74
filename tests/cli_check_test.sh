#!/usr/bin/env bash
# End-to-end tests of `gridlink check`: help, a clean demo, a planted overlap found in text and JSON,
# and clear errors for a missing file or field. Prints one line per check.
# Usage: tests/cli_check_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

# [SECTION] help
check "gridlink check --help" "$bin" check --help
check "check --help documents --min-area slivers" bash -c "'$bin' check --help | grep -q -- '--min-area' && '$bin' check --help | grep -q 'sliver'"

# [SECTION] the demo is clean; a planted overlap is found
"$bin" demo --out "$T/demo.gpkg" --scale small --seed 7 >/dev/null 2>&1
check "check: the small demo is clean (exit 0)" "$bin" check "$T/demo.gpkg"
check "check: the clean demo says so with a summary" bash -c "'$bin' check '$T/demo.gpkg' | grep -q 'no problems found: 0 invalid, 0 overlaps'"
# The acceptance recipe (shared/acceptance/plant_overlap.py): grow the first unit grid by 30 m, keep only
# code, name, level and parent_code.
fid=$(ogrinfo -ro -q -sql "SELECT MIN(fid) AS f FROM grids WHERE level = 5" "$T/demo.gpkg" | sed -n 's/.*f (Integer[0-9]*) = //p')
grown=$(ogrinfo -ro -q -sql "SELECT code FROM grids WHERE fid = $fid" "$T/demo.gpkg" | sed -n 's/.*code (String) = //p')
ogr2ogr -f GPKG "$T/bad.gpkg" "$T/demo.gpkg" -nln grids -nlt PROMOTE_TO_MULTI -dialect SQLite -sql \
    "SELECT CASE WHEN fid = $fid THEN ST_Buffer(geom, 30) ELSE geom END AS geom, code, name, level, parent_code FROM grids" \
    >/dev/null 2>&1
check "check: found the planted unit grid's code ($grown)" test -n "$grown"
"$bin" check "$T/bad.gpkg" >"$T/bad.txt" 2>&1
check "check: a planted overlap exits 1" test "$?" -eq 1
check "check: the overlap names the grown grid and an area in m²" \
    grep -qE "^  $grown .*overlaps .*: [0-9.]+ m² at " "$T/bad.txt"
check "check: the summary counts the overlaps" grep -qE "^summary: 0 invalid, [1-9][0-9]* overlaps" "$T/bad.txt"
"$bin" check "$T/bad.gpkg" --json >"$T/bad.json" 2>"$T/bad.err"
check "check --json exits 1 on the planted overlap" test "$?" -eq 1
check "check --json parses as JSON" bash -c "python3 -c 'import json,sys; json.load(sys.stdin)' <'$T/bad.json'"
check "check --json lists the overlap with its area" python3 -c "
import json
d = json.load(open('$T/bad.json'))
o = [o for o in d['overlaps'] if '$grown' in (o['code_a'], o['code_b'])]
assert o and all(x['area_m2'] > 100 and 'lon' in x and 'x' in x for x in o), d['overlaps']
assert d['summary']['overlaps'] == len(d['overlaps']) > 0 and d['summary']['findings'] > 0, d['summary']"
check "check --json on the clean demo: no findings" bash -c "'$bin' check '$T/demo.gpkg' --json |
    python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"summary\"][\"findings\"] == 0, d[\"summary\"]'"

# [SECTION] other sources
check "check: --min-area 1e9 turns the overlap into slivers (exit 0)" "$bin" check "$T/bad.gpkg" --min-area 1e9
check "check: Chicago (single level, GeoJSON) runs and reports a summary" bash -c \
    "'$bin' check '$data/chicago_community_areas.geojson' --id-field area_numbe | grep -qE '^(summary|no problems found): '"

# [SECTION] bad input names the file or field
fails_saying "check: a missing file exits 2 naming it" "$T/nope.gpkg: no such file" "$bin" check "$T/nope.gpkg"
check "check: a missing file's exit status is 2" bash -c "'$bin' check '$T/nope.gpkg' 2>/dev/null; [ \$? -eq 2 ]"
fails_saying "check: a missing id field names it" "no field 'gid'" "$bin" check "$data/chicago_community_areas.geojson" --id-field gid
fails_saying "check: a bad --min-area" "--min-area 'abc'" "$bin" check "$T/demo.gpkg" --min-area abc
fails_saying "check: GRIDS is required" "GRIDS" "$bin" check

finish
