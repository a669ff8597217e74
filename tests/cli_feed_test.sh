#!/usr/bin/env bash
# End-to-end tests of the live feed: `gridlink serve` on stdin and TCP (answers, errors naming line and
# field, rejects kept, limits, several senders), `gridlink cases`, the workstation's --listen, and the
# durability test: kill -9 mid-stream many times, then compare the log with what was acknowledged.
# Usage: tests/cli_feed_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"
client="python3 $here/feed_client.py"

"$bin" demo --out "$T/ws.gpkg" --scale small --seed 7 >/dev/null 2>&1
have_display=""
if [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null; then have_display=1; fi
[ -n "$have_display" ] && xrun "$bin" render "$T/ws.gpkg" --out "$T/before.png" --size 400x300 --bbox 120.54,31.32,120.56,31.34 >/dev/null 2>&1
resource=$(sql "$T/ws.gpkg" "SELECT id FROM resources WHERE status='available' AND kind='grid_worker' ORDER BY id LIMIT 1")
other=$(sql "$T/ws.gpkg" "SELECT id FROM resources WHERE status='available' AND kind='patrol_vehicle' ORDER BY id LIMIT 1")
volunteers=($(sql "$T/ws.gpkg" "SELECT id FROM resources WHERE status='available' AND kind='volunteer' ORDER BY id LIMIT 3"))
off_duty=$(sql "$T/ws.gpkg" "SELECT id FROM resources WHERE status='off_duty' AND kind='grid_worker' ORDER BY id LIMIT 1")


# [SECTION] help and usage errors
check "serve --help documents --listen and --stdin" bash -c "'$bin' serve --help | grep -q -- '--listen' && '$bin' serve --help | grep -q -- '--stdin'"
check "cases --help" "$bin" cases --help
fails_saying "serve needs --listen or --stdin" "give --listen [HOST:]PORT or --stdin" "$bin" serve "$T/ws.gpkg"
fails_saying "serve: a bad port is named" "port 'http' is not a number" "$bin" serve "$T/ws.gpkg" --listen 127.0.0.1:http
fails_saying "serve: a file that is no workspace is named" "nope.gpkg" "$bin" serve "$T/nope.gpkg" --stdin

# [SECTION] stdin: answers in order, errors naming line and field, rejects kept
cat >"$T/lines.ndjson" <<EOF
{"type":"incident.reported","id":"C1","t":"2026-11-27T09:30:00+08:00","lon":120.55,"lat":31.33,"category":"市容环境","priority":2,"source":"hotline_12345","text":"垃圾堆放"}
{"type":"incident.registered","id":"C1","t":"2026-11-27T09:31:00+08:00"}
this is not json

{"type":"incident.closed","id":"C1","t":"2026-11-27T09:32:00+08:00"}
{"type":"incident.reported","id":"C2","t":"2026-11-27T09:33:00+08:00","lon":120.55,"lat":95,"category":"emergency"}
{"type":"incident.dispatched","id":"C1","t":"2026-11-27T09:34:00+08:00","resource":"$resource"}
{"type":"incident.reported","id":"C3","t":"2026-11-27T09:35:00+08:00","lon":121.9,"lat":31.33,"category":"突发事件","priority":1}
EOF
"$bin" serve "$T/ws.gpkg" --stdin <"$T/lines.ndjson" >"$T/answers" 2>"$T/serve.err"
check "serve --stdin exits 0 at end of input" test $? -eq 0
check "stdin: answers in order, a blank line unanswered" bash -c "cut -c1-16 '$T/answers' | tr '\n' '|' | grep -qx 'ok 1|ok 2|error line 3: no|error line 5: ty|error line 6: la|ok 3|ok 4|'"
check "stdin: a non-JSON line is named by number" grep -q "^error line 3: not JSON" "$T/answers"
check "stdin: an illegal transition says the state and what is allowed" \
    grep -qF "error line 5: type: incident.closed is not allowed for case 'C1', which is registered (allowed: incident.dispatched, incident.summoned, incident.cancelled)" "$T/answers"
check "stdin: a bad field is named with its value" grep -qF "error line 6: lat: 95 is out of range -90..90" "$T/answers"
check "rejects table keeps the three bad lines with why" bash -c "[ \"\$(sql '$T/ws.gpkg' 'SELECT line, peer FROM rejects ORDER BY fid' | tr '\n' ' ')\" = '3|stdin 5|stdin 6|stdin ' ]"
check "incidents layer (read by GDAL) shows C1 dispatched to $resource" \
    bash -c "ogrinfo -ro -q '$T/ws.gpkg' incidents -where \"id='C1'\" | grep -q 'state (String) = dispatched' && ogrinfo -ro -q '$T/ws.gpkg' incidents -where \"id='C1'\" | grep -q 'resource (String) = $resource'"
check "a report inside is assigned its unit grid and every ancestor" \
    bash -c "'$bin' cases '$T/ws.gpkg' | awk -F'\t' '\$1==\"C1\" && length(\$5)==17 && split(\$6,a,\",\")==4 {ok=1} END {exit !ok}'"
check "a report outside goes to the outside queue with the nearest grid and distance" \
    bash -c "'$bin' cases '$T/ws.gpkg' --outside | awk -F'\t' '\$1==\"C3\" && \$11 ~ /^[0-9]+ [0-9.]+ m$/ {ok=1} END {exit !ok}'"
if [ -n "$have_display" ]; then
    xrun "$bin" render "$T/ws.gpkg" --out "$T/after.png" --size 400x300 --bbox 120.54,31.32,120.56,31.34 >/dev/null 2>&1
    check "render draws the log's cases (C1 at 120.55,31.33 changes the picture)" python3 -c "
import sys
a, b = open('$T/before.png', 'rb').read(), open('$T/after.png', 'rb').read()
sys.exit(0 if a and b and a != b else 1)"
fi
check "the event log payload keeps the assignment" bash -c "sql '$T/ws.gpkg' \"SELECT payload FROM events WHERE subject='C1' AND type='incident.reported'\" | grep -q '\"grid\":\"[0-9]\{17\}\"'"

# [SECTION] dispatch: one active task per resource, reassign, recall, summons and answers
cat >"$T/dispatch.ndjson" <<EOF
{"type":"incident.reported","id":"D1","t":"2026-11-27T11:00:00+08:00","lon":120.551,"lat":31.331,"category":"street_order"}
{"type":"incident.registered","id":"D1","t":"2026-11-27T11:01:00+08:00"}
{"type":"incident.dispatched","id":"D1","t":"2026-11-27T11:02:00+08:00","resource":"$resource"}
{"type":"incident.reassigned","id":"C1","t":"2026-11-27T11:03:00+08:00","resource":"$other","reason":"车辆更近"}
{"type":"incident.dispatched","id":"D1","t":"2026-11-27T11:04:00+08:00","resource":"$off_duty"}
{"type":"incident.dispatched","id":"D1","t":"2026-11-27T11:05:00+08:00","resource":"$resource"}
{"type":"incident.summoned","id":"D1","t":"2026-11-27T11:06:00+08:00","resources":["${volunteers[0]}","${volunteers[1]}"],"radius_m":800}
{"type":"incident.accepted","id":"D1","t":"2026-11-27T11:07:00+08:00","resource":"${volunteers[0]}"}
{"type":"incident.accepted","id":"D1","t":"2026-11-27T11:08:00+08:00","resource":"${volunteers[2]}"}
{"type":"incident.recalled","id":"C1","t":"2026-11-27T11:09:00+08:00"}
{"type":"incident.summoned","id":"D1","t":"2026-11-27T11:10:00+08:00","resources":[],"radius_m":800}
EOF
"$bin" serve "$T/ws.gpkg" --stdin <"$T/dispatch.ndjson" >"$T/dispatch.answers" 2>/dev/null
line_ok() { sed -n "${1}p" "$T/dispatch.answers" | grep -q '^ok '; }
export -f line_ok
export T
check "dispatch: a responder busy with C1 is refused for D1, naming its task" \
    grep -qF "error line 3: resource: '$resource' already has an active task, case 'C1' (one task per resource: reassign or recall that case first)" "$T/dispatch.answers"
check "dispatch: reassign moves C1 to another responder" line_ok 4
check "dispatch: an off-duty responder is refused by name" grep -qF "error line 5: resource: '$off_duty' is off duty" "$T/dispatch.answers"
check "dispatch: the responder freed by the reassignment takes D1" line_ok 6
check "summon: volunteers are called and one answers (党员报到)" bash -c "line_ok 7 && line_ok 8"
check "summon: an answer from a volunteer who was not called is refused" \
    grep -qF "error line 9: resource: '${volunteers[2]}' was neither dispatched to nor summoned for case 'D1'" "$T/dispatch.answers"
check "recall: C1 goes back to registered" bash -c "line_ok 10 && '$bin' cases '$T/ws.gpkg' | awk -F'\t' '\$1==\"C1\" && \$2==\"registered\" {ok=1} END {exit !ok}'"
check "summon: an empty list is refused naming the field" grep -qF "error line 11: resources: empty" "$T/dispatch.answers"
check "incidents layer shows D1 still dispatched to $resource after the summons and the answer" \
    bash -c "ogrinfo -ro -q '$T/ws.gpkg' incidents -where \"id='D1'\" | grep -q 'resource (String) = $resource' && ogrinfo -ro -q '$T/ws.gpkg' incidents -where \"id='D1'\" | grep -q 'state (String) = dispatched'"

# [SECTION] TCP: loopback, several senders, limits
start_serve "$T/ws.gpkg" --max-line 1024 --max-connections 3
check "serve listens on loopback by default" bash -c "echo '$address' | grep -q '^127.0.0.1:[0-9]*$'"
fails_saying "serve: an address in use is named" "--listen $address: cannot listen: Address already in use" \
    "$bin" serve "$T/ws.gpkg" --listen "$address"
check "tcp: three senders at once, 400 lines each, all acknowledged in order with distinct seqs" $client senders "$address" 3 400
long=$(python3 -c "print('{\"type\":\"incident.registered\",\"id\":\"' + 'x' * 2000 + '\"}')")
printf '%s\n{"type":"incident.cancelled","id":"C3","t":"2026-11-27T10:00:00+08:00","reason":"重复 duplicate"}\n' "$long" |
    $client send "$address" >"$T/tcp.out" 2>&1
check "tcp: a line over --max-line is refused by number and the connection goes on" \
    bash -c "head -1 '$T/tcp.out' | grep -q '^error line 1: line longer than 1024 bytes' && sed -n 2p '$T/tcp.out' | grep -q '^ok '"
python3 - "$address" >"$T/conn.out" 2>&1 <<'EOF'
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
held = [socket.create_connection((host, int(port))) for _ in range(3)]
time.sleep(0.3)
extra = socket.create_connection((host, int(port)))
print(extra.makefile().readline().strip())
EOF
check "tcp: a sender over --max-connections is told the limit" grep -q "^error: too many connections (limit 3)" "$T/conn.out"
stop_serve
check "serve stops on SIGTERM and reports its counts" grep -qE "lines: [0-9]+ accepted, [0-9]+ rejected" "$T/serve.err"

# [SECTION] two writers on one log: each checks against the other's events
start_serve "$T/ws.gpkg"
printf '%s\n' '{"type":"incident.reported","id":"M1","t":"2026-11-27T11:00:00+08:00","lon":120.55,"lat":31.33,"category":"street_order"}' |
    $client send "$address" >"$T/m1.out"
printf '%s\n' '{"type":"incident.registered","id":"M1","t":"2026-11-27T11:01:00+08:00"}' \
    '{"type":"incident.reported","id":"M1","t":"2026-11-27T11:02:00+08:00","lon":120.55,"lat":31.33,"category":"street_order"}' |
    "$bin" serve "$T/ws.gpkg" --stdin >"$T/m2.out" 2>/dev/null
stop_serve
check "two writers: a second serve accepts a step of a case the first one took" bash -c "grep -q '^ok ' '$T/m1.out' && sed -n 1p '$T/m2.out' | grep -q '^ok '"
check "two writers: and refuses reporting that case again" grep -q "^error line 2: id: case 'M1' was already reported" "$T/m2.out"

# [SECTION] durability: kill -9 mid-stream, many times
check "crash: 12 rounds of kill -9 mid-stream lose no acknowledged line; restart shows the log's state" \
    $client crash "$bin" "$T/ws.gpkg" 12 7
sed 's/^/     /' "$T/out"

# [SECTION] the workstation takes the feed
if [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null; then
    "$bin" demo --out "$T/seat.gpkg" --scale small --seed 7 >/dev/null 2>&1
    port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
    GRIDLINK_TRACE=1 xrun "$bin" "$T/seat.gpkg" --listen "$port" --exit-after 16 --size 800x600 >"$T/seat.out" 2>"$T/seat.err" &
    seat=$!
    for _ in $(seq 150); do grep -q "listening on" "$T/seat.err" 2>/dev/null && break; sleep 0.1; done
    python3 -c "
import sys; sys.path.insert(0, '$here'); import feed_client
print('\n'.join(feed_client.report(f'W{i}', 120.5 + i * 0.001, 31.3) for i in range(49)))
print(feed_client.report('W49', 120.55, 31.3).replace('测试 test', '龘 a rare character'))" |
        $client send "127.0.0.1:$port" >"$T/seat.answers"
    wait $seat
    check "workstation --listen: 50 reports acknowledged" bash -c "[ \$(grep -c '^ok ' '$T/seat.answers') -eq 50 ]"
    check "workstation --listen: all 50 reached the screen, with report-to-screen latency" \
        grep -qE "report-to-screen latency: 50 events, p50 [0-9.]+ ms" "$T/seat.out"
    check "workstation: a case's rare character (龘) has the font atlas rebuilt with it" grep -q "fonts: atlas rebuilt for new characters" "$T/seat.err"
    check "workstation: a restart shows the 50 cases from its log" bash -c "[ \$('$bin' cases '$T/seat.gpkg' | grep -c '^W') -eq 50 ]"
    # A seat without --listen follows what an ingest node writes to the same log.
    start_serve "$T/seat.gpkg"
    xrun "$bin" "$T/seat.gpkg" --exit-after 16 --size 800x600 >"$T/follow.out" 2>"$T/follow.err" &
    seat=$!
    for _ in $(seq 150); do grep -q "first frame" "$T/follow.out" 2>/dev/null && break; sleep 0.1; done
    sleep 1
    python3 -c "
import sys; sys.path.insert(0, '$here'); import feed_client
print('\n'.join(feed_client.report(f'N{i}', 120.5 + i * 0.001, 31.31) for i in range(30)))" |
        $client send "$address" >"$T/follow.answers"
    wait $seat
    stop_serve
    check "a seat follows the log's tail: 30 reports taken by serve reach its screen" \
        grep -qE "report-to-screen latency: 30 events" "$T/follow.out"
    xrun "$bin" "$T/seat.gpkg" --simulate 20 --exit-after 8 --size 800x600 --screenshot "$T/sim.png" >"$T/sim.out" 2>"$T/sim.err"
    check "workstation --exit-after --screenshot keeps the last frame" bash -c "grep -q '^wrote ' '$T/sim.out' && [ -s '$T/sim.png' ]"
    check "workstation --simulate 20: simulated cases reach the screen and the log" \
        bash -c "grep -qE 'report-to-screen latency: [0-9]{2,} events' '$T/sim.out' && [ \$('$bin' cases '$T/seat.gpkg' | grep -c '^SIM') -ge 20 ]"
    fails_saying "workstation --simulate needs a workspace with a log" "need a workspace with an event log" \
        xrun "$bin" --grids "$data/chicago_community_areas.geojson" --id-field area_numbe --simulate 5 --frames 1
fi

finish
