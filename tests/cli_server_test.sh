#!/usr/bin/env bash
# End-to-end tests of gridlink-server, the headless binary: it links no GL, windowing, ImGui or fonts,
# runs the headless commands as `gridlink COMMAND` does, and refuses the window ones. One line per check.
# Usage: tests/cli_server_test.sh BUILD/gridlink TEST_DATA_DIR (gridlink-server is beside gridlink)
set -u
bin=$1
data=$2
server=$(dirname "$bin")/gridlink-server
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

# [SECTION] what it links
check "gridlink-server is built beside gridlink" test -x "$server"
ldd "$server" >"$T/ldd.txt" 2>&1
check "ldd gridlink-server resolves every library" bash -c "! grep -q 'not found' '$T/ldd.txt'"
for lib in libGL libOpenGL libEGL libGLX libGLdispatch libglfw libX11 libxcb libwayland libimgui; do
    check "ldd gridlink-server names no $lib" bash -c "! grep -qE '^[[:space:]]*$lib[.-]' '$T/ldd.txt'"
done
# Debian's libgdal needs libpoppler (its PDF driver), which needs FreeType and fontconfig: any program
# reading GeoPackages through that GDAL lists them under ldd. gridlink-server itself must not ask for
# them, and ldd may name them only where libgdal brings them.
check "gridlink-server itself links no FreeType or fontconfig" bash -c \
    "! readelf -d '$server' | grep -E 'NEEDED' | grep -qE 'libfreetype|libfontconfig'"
gdal=$(awk '$1 ~ /^libgdal/ {print $3}' "$T/ldd.txt")
ldd "$gdal" >"$T/ldd-gdal.txt" 2>&1
for lib in libfreetype libfontconfig; do
    check "ldd gridlink-server names $lib only where libgdal brings it" bash -c \
        "! grep -qE '^[[:space:]]*$lib[.-]' '$T/ldd.txt' || grep -qE '^[[:space:]]*$lib[.-]' '$T/ldd-gdal.txt'"
done
# ImGui may come as a static library, which ldd cannot see: no symbol of it may be in the binary.
check "gridlink-server holds no ImGui, GLFW or GL symbols" bash -c \
    "! nm -C '$server' | grep -qE ' (ImGui::|glfw[A-Z]|gl[A-Z][a-zA-Z]*$)'"
# The unit tests of engine, data and the headless commands link no GL either.
units=$(dirname "$bin")/gridlink_unit_tests
if [ -x "$units" ]; then
    check "gridlink_unit_tests links no GL, EGL, GLFW or X11" bash -c \
        "! ldd '$units' | grep -qE '^[[:space:]]*(libGL|libOpenGL|libEGL|libglfw|libX11)[.-]'"
fi

# [SECTION] the headless commands, as gridlink runs them
check "gridlink-server --help lists the headless commands" bash -c \
    "out=\$('$server' --help) && for c in demo assign check serve simulate cases; do grep -q \"gridlink \$c \" <<<\"\$out\" || exit 1; done"
fails_saying "gridlink-server with no command shows the usage" "usage" "$server"
check "gridlink-server demo" "$server" demo --out "$T/ws.gpkg" --scale small --seed 7
check "gridlink-server check: the small demo is clean" bash -c \
    "'$server' check '$T/ws.gpkg' | grep -q 'no problems found: 0 invalid, 0 overlaps'"
check "gridlink-server check on Chicago (GeoJSON)" bash -c \
    "'$server' check '$data/chicago_community_areas.geojson' --id-field area_numbe | grep -qE '^(summary|no problems found): '"
check "gridlink-server cases prints the header line" bash -c "'$server' cases '$T/ws.gpkg' | head -1 | grep -q '^id	state	'"
check "gridlink cases and gridlink-server cases agree" bash -c \
    "[ \"\$('$server' cases '$T/ws.gpkg' --at 2026-01-01T00:00:00+08:00 | md5sum)\" = \"\$('$bin' cases '$T/ws.gpkg' --at 2026-01-01T00:00:00+08:00 | md5sum)\" ]"
check "gridlink-server serve --stdin stops at the end of its input" bash -c "'$server' serve '$T/ws.gpkg' --stdin </dev/null"
check "gridlink serve --help is gridlink-server serve --help" bash -c \
    "[ \"\$('$server' serve --help)\" = \"\$('$bin' serve --help)\" ]"
check "gridlink --help lists the headless commands too" bash -c "'$bin' --help | grep -q 'gridlink cases '"

# [SECTION] the window commands are gridlink's alone
fails_saying "gridlink-server has no render" "unknown command 'render'" "$server" render "$T/ws.gpkg" --out "$T/x.png"
fails_saying "gridlink-server opens no workstation" "unknown command" "$server" "$T/ws.gpkg"

finish
