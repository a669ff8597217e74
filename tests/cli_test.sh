#!/usr/bin/env bash
# End-to-end tests of the gridlink command line: demo, render, the workstation seat (under Xvfb),
# the no-display fallback, and clear errors for bad input. Prints one line per check.
# Usage: tests/cli_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

# [SECTION] help
check "gridlink --help" "$bin" --help
check "gridlink demo --help" "$bin" demo --help
check "gridlink render --help" "$bin" render --help
fails_saying "unknown command" "unknown command 'frobnicate'" "$bin" frobnicate

# [SECTION] demo
check "demo --scale small" "$bin" demo --out "$T/a.gpkg" --scale small --seed 7
check "demo writes the workspace layers" bash -c "ogrinfo -ro -q '$T/a.gpkg' | grep -q grids && ogrinfo -ro -q '$T/a.gpkg' | grep -q resources && ogrinfo -ro -q '$T/a.gpkg' | grep -q events"
check "demo grids are in EPSG:4549" bash -c "ogrinfo -ro -so '$T/a.gpkg' grids | grep -q 'EPSG\",4549'"
check "demo has five levels" bash -c "[ \"\$(ogrinfo -ro -q -sql 'SELECT DISTINCT level FROM grids ORDER BY level' '$T/a.gpkg' | grep -c 'level (Integer)')\" = 5 ]"
"$bin" demo --out "$T/b.gpkg" --scale small --seed 7 >/dev/null 2>&1
check "same seed, same grids" bash -c "[ \"\$(ogrinfo -ro -al -q '$T/a.gpkg' grids | md5sum)\" = \"\$(ogrinfo -ro -al -q '$T/b.gpkg' grids | md5sum)\" ]"
check "same seed, same file" cmp "$T/a.gpkg" "$T/b.gpkg"
"$bin" demo --out "$T/c.gpkg" --scale small --seed 8 >/dev/null 2>&1
check "another seed, other grids" bash -c "[ \"\$(ogrinfo -ro -al -q '$T/a.gpkg' grids | md5sum)\" != \"\$(ogrinfo -ro -al -q '$T/c.gpkg' grids | md5sum)\" ]"
fails_saying "demo needs --out" "--out FILE.gpkg is required" "$bin" demo
fails_saying "demo rejects a bad scale" "--scale 'huge'" "$bin" demo --out "$T/x.gpkg" --scale huge
fails_saying "demo rejects a bad seed" "--seed 'abc'" "$bin" demo --out "$T/x.gpkg" --seed abc

# [SECTION] render
check "render the demo to PNG" "$bin" render "$T/a.gpkg" --out "$T/r.png" --size 640x480
check "render wrote a 640x480 PNG" python3 -c "
import struct,sys; d=open('$T/r.png','rb').read(); assert d[:8]==b'\x89PNG\r\n\x1a\n'; w,h=struct.unpack('>II',d[16:24]); assert (w,h)==(640,480),(w,h)"
check "render with --bbox and --layers" "$bin" render "$T/a.gpkg" --out "$T/r2.png" --size 400x300 --bbox 120.40,31.25,120.50,31.32 --layers grids,labels
check "render any GDAL polygon source" "$bin" render --grids "$data/chicago_community_areas.geojson" --id-field area_numbe --name-field community --out "$T/chi.png" --size 300x300
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:3435 "$T/chicago_feet.shp" "$data/chicago_community_areas.geojson" >/dev/null 2>&1
check "render a Shapefile in a US-feet CRS (read into UTM metres)" bash -c "'$bin' render --grids '$T/chicago_feet.shp' --id-field area_numbe --name-field community --out '$T/feet.png' --size 300x300 | grep -q '77 grids'"
fails_saying "render names an unknown layer" "unknown layer 'roadz'" "$bin" render "$T/a.gpkg" --out "$T/x.png" --layers roadz
fails_saying "render rejects a bad size" "--size '12x'" "$bin" render "$T/a.gpkg" --out "$T/x.png" --size 12x
fails_saying "render rejects a bad bbox" "--bbox" "$bin" render "$T/a.gpkg" --out "$T/x.png" --bbox 1,2,3

# [SECTION] bad input names the file, layer or field
fails_saying "missing file" "$T/nope.gpkg: no such file" "$bin" render "$T/nope.gpkg" --out "$T/x.png"
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[120.5,31.3]}}]}' >"$T/points.geojson"
fails_saying "a layer of points" "not polygons" "$bin" render --grids "$T/points.geojson" --out "$T/x.png"
fails_saying "a missing id field" "no field 'gid'" "$bin" render --grids "$data/chicago_community_areas.geojson" --id-field gid --out "$T/x.png"
fails_saying "a missing layer" "no layer 'parcels'" "$bin" render --grids "$T/a.gpkg:parcels" --out "$T/x.png"
echo '{"type":"FeatureCollection","features":[]}' >"$T/empty.geojson"
fails_saying "an empty layer" "empty layer" "$bin" render --grids "$T/empty.geojson" --out "$T/x.png"
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[[[120.5,31.3],[120.6,31.4],[120.6,31.3],[120.5,31.4],[120.5,31.3]]]}}]}' >"$T/bowtie.geojson"
check "a self-intersecting polygon is repaired and counted" bash -c "'$bin' render --grids '$T/bowtie.geojson' --out '$T/bow.png' --size 200x200 2>&1 | grep -q '1 invalid polygon(s) repaired'"

# [SECTION] workstation seat
check "workstation opens, draws 5 frames and closes (Xvfb)" xrun "$bin" "$T/a.gpkg" --frames 5 --size 800x600
check "workstation reports its first frame" bash -c "'$here/../scripts/with-display.sh' '$bin' '$T/a.gpkg' --frames 2 --size 640x480 | grep -q 'first frame after'"
check "workstation builds the grid index beside its first frames" bash -c "GRIDLINK_TRACE=1 '$here/../scripts/with-display.sh' '$bin' '$T/a.gpkg' --frames 40 --size 640x480 2>&1 | grep -q 'grid index: .* built beside the first frames'"
check "no display: renders a picture and says so" bash -c "env -u DISPLAY -u WAYLAND_DISPLAY XDG_DATA_HOME='$T/xdg' '$bin' '$T/a.gpkg' | grep -q 'no display' && test -s '$T/xdg/gridlink/overview.png'"

check "an unreachable display: renders a picture and says so" bash -c "DISPLAY=:97 XDG_DATA_HOME='$T/xdg2' '$bin' '$T/a.gpkg' | grep -q 'cannot open a window' && test -s '$T/xdg2/gridlink/overview.png'"

# Idle: with nothing changing, the workstation blocks in glfwWaitEvents and uses (almost) no CPU.
cat >"$T/idle.sh" <<IDLE
"$bin" "$T/a.gpkg" --size 800x600 >"$T/idle.log" 2>&1 &
pid=\$!
sleep 5
a=\$(awk '{print \$14 + \$15}' /proc/\$pid/stat)
sleep 3
b=\$(awk '{print \$14 + \$15}' /proc/\$pid/stat)
kill \$pid
echo "CPU ticks (1/100 s) over 3 idle seconds: \$((b - a))"
[ \$((b - a)) -le 9 ]
IDLE
check "workstation idles near 0% CPU (at most 3% over 3 s)" xrun bash "$T/idle.sh"

# With no input at all, the grid index built beside the first frames still reaches the map: its builder
# wakes the blocked frame loop.
cat >"$T/wake.sh" <<WAKE
GRIDLINK_TRACE=1 "$bin" "$T/a.gpkg" --size 640x480 >"$T/wake.log" 2>&1 &
pid=\$!
sleep 3
kill \$pid
grep -q 'grid index: .* built beside the first frames' "$T/wake.log"
WAKE
check "an idle workstation takes the grid index when it is ready" xrun bash "$T/wake.sh"

finish
