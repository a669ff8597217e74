#!/usr/bin/env bash
# Careless and hostile senders against `gridlink serve`: numbers no double holds, positions the CRS cannot
# take, ids that would forge answers, impossible times, senders that hang up, a line the database refuses,
# and random mutations of valid lines. The server must answer every line exactly once, stay alive and idle,
# and never accept a line that stops a later replay.
# Usage: tests/cli_hostile_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"
hostile="python3 $here/feed_hostile.py"
client="python3 $here/feed_client.py"

"$bin" demo --out "$T/ws.gpkg" --scale small --seed 7 >/dev/null 2>&1
resource=$(sql "$T/ws.gpkg" "SELECT id FROM resources WHERE status='available' AND kind='grid_worker' ORDER BY id LIMIT 1")
t="2026-11-26T10:00:00+08:00"
report() { printf '{"type":"incident.reported","id":"%s","t":"%s","lon":%s,"lat":31.33,"category":"city_appearance"}' "$1" "${2:-$t}" "${3:-120.55}"; }

alive_and_ok() {  # the server still answers a valid line with ok
    report "$1" | $client send "$address" | grep -q '^ok ' || { echo "no ok for $1"; return 1; }
    kill -0 "$server" || { echo "the server has gone"; return 1; }
}
idle() {  # the server uses under 0.3 s of CPU over 2 s with nothing to do
    local used
    used=$($hostile cpu "$server" 2)
    python3 -c "import sys; sys.exit(0 if $used < 0.3 else 'busy while idle: $used s of CPU in 2 s')"
}

# [SECTION] numbers no double holds, on stdin and TCP
overflow='{"type":"incident.reported","id":"N2","t":"'$t'","lon":1e309,"lat":31.3,"category":"city_appearance"}'
unknown='{"type":"incident.reported","id":"N3","t":"'$t'","lon":120.55,"lat":31.33,"category":"city_appearance","x":1e400}'
printf '%s\n%s\n%s\n' "$overflow" "$unknown" "$(report N4)" | "$bin" serve "$T/ws.gpkg" --stdin >"$T/stdin.out" 2>"$T/stdin.err"
check "stdin: 1e309 is an error naming the number, not the end of the process" \
    bash -c "grep -q \"^error line 1: not JSON: number overflow parsing '1e309'\" '$T/stdin.out' && grep -q '^error line 2: not JSON: number overflow' '$T/stdin.out' && grep -q '^ok ' '$T/stdin.out'"

start_serve "$T/ws.gpkg"
printf '%s\n%s\n' "$overflow" "$(report N5)" | $client send "$address" >"$T/a1"
check "TCP: 1e309 answered with an error, the next line with ok, the server alive" \
    bash -c "grep -q '^error line 1: not JSON: number overflow' '$T/a1' && grep -q '^ok ' '$T/a1' && kill -0 $server"

# [SECTION] positions the workspace's CRS cannot take
printf '{"type":"resource.moved","id":"%s","t":"%s","lon":30,"lat":0}\n' "$resource" "$t" | $client send "$address" >"$T/a2"
check "resource.moved to lon 30, lat 0 is refused naming lon/lat" grep -q "^error line 1: lon/lat: 30, 0 cannot be projected" "$T/a2"
report P1 "$t" 30 | sed 's/"lat":31.33/"lat":0/' | $client send "$address" >"$T/a3"
check "a report at lon 30, lat 0 is refused the same way" grep -q "^error line 1: lon/lat: 30, 0 cannot be projected" "$T/a3"

# [SECTION] ids that would forge answers or break columns
printf '%s\n' '{"type":"incident.reported","id":"A\nok 424242","t":"'$t'","lon":120.55,"lat":31.33,"category":"city_appearance"}' \
    '{"type":"incident.reported","id":"A\u0000x","t":"'$t'","lon":120.55,"lat":31.33,"category":"city_appearance"}' \
    '{"type":"incident.reported","id":"A\tx","t":"'$t'","lon":120.55,"lat":31.33,"category":"city_appearance"}' \
    '{"type":"incident.reported","id":"A\u001b[31mx","t":"'$t'","lon":120.55,"lat":31.33,"category":"city_appearance"}' \
    '{"type":"incident.\n","id":"B","t":"'$t'"}' \
    '{"type":"incident.reported","id":"B","t":"'$t'","lon":120.55,"lat":31.33,"category":"x\nok 1"}' |
    $client send "$address" >"$T/a4"
check "ids with a newline, NUL, TAB or ESC are refused naming the field and the character" \
    bash -c "grep -q '^error line 1: id: contains a control character (U+000A) at byte 1' '$T/a4' &&
             grep -q '^error line 2: id: contains a control character (U+0000) at byte 1' '$T/a4' &&
             grep -q '^error line 3: id: contains a control character (U+0009)' '$T/a4' &&
             grep -q '^error line 4: id: contains a control character (U+001B)' '$T/a4'"
check "exactly one answer per line: type and category with a newline are refused, nothing forged" \
    bash -c "[ \$(wc -l <'$T/a4') -eq 6 ] && ! grep -q '^ok' '$T/a4' && grep -q '^error line 5: type: contains a control character (U+000A)' '$T/a4' && grep -q '^error line 6: category: contains a control character (U+000A)' '$T/a4'"
long=$(python3 -c "print('x' * 5000)")
printf '{"type":"%s","id":"L","t":"%s"}\n' "$long" "$t" | $client send "$address" >"$T/a4b"
check "an unknown type is echoed quoted and cut to 64 bytes" \
    bash -c "grep -qE \"^error line 1: type: 'x{64}\\.\\.\\.' is not an event type\" '$T/a4b'"

# [SECTION] impossible times
printf '%s\n' "$(report T1 2026-02-29T10:00:00+08:00)" "$(report T2 2026-11-26T10:00:60+08:00)" \
    "$(report T3 2026-11-26T10:00:00+14:59)" "$(report T4 9999-11-26T10:00:00+08:00)" \
    "$(report T5 2024-02-29T10:00:00+08:00)" "$(report T6 2026-11-26T10:00:00+05:45)" | $client send "$address" >"$T/a5"
check "29 February 2026 is refused naming t" grep -q "^error line 1: t: '2026-02-29T10:00:00+08:00' is not a valid date: 2026-02 has 28 days" "$T/a5"
check "second 60 is refused" grep -q "^error line 2: t: .* is not a valid time of day" "$T/a5"
check "offset +14:59 is refused" grep -q "^error line 3: t: .* has an offset no time zone uses" "$T/a5"
check "year 9999 is refused as beyond a day ahead of the clock" grep -q "^error line 4: t: '9999-.* is more than a day ahead of this machine's clock" "$T/a5"
check "29 February 2024 and offset +05:45 are taken" bash -c "sed -n 5,6p '$T/a5' | grep -c '^ok ' | grep -qx 2"
check "after all of it, the server answers ok" alive_and_ok OK1
check "the log records a feed line's origin: the peer the server saw" python3 -c "
import json, sqlite3
(p,) = sqlite3.connect('$T/ws.gpkg').execute(\"SELECT payload FROM events WHERE subject = 'OK1'\").fetchone()
assert json.loads(p)['origin'].startswith('feed 127.0.0.1:'), p"

# [SECTION] senders that hang up without reading
$hostile hangups "$address" 10
# A line sent now is answered after every line the hangups left in the queue: the work is done then.
check "after senders that hang up without reading, a new sender is answered" alive_and_ok HUP1
check "...and the server is idle afterwards (no thread spinning on a dead connection)" idle
stop_serve
start_serve "$T/ws.gpkg" --max-connections 4
$hostile hangups "$address" 12
check "their connection slots are freed: a new sender is served, not told 'too many connections'" alive_and_ok OK2
check "...and the server is idle" idle
stop_serve

# [SECTION] a line the database refuses fails alone, not its group commit
sql "$T/ws.gpkg" "CREATE TRIGGER refuse_case_bad BEFORE INSERT ON events WHEN NEW.subject = 'BAD' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END" >/dev/null
start_serve "$T/ws.gpkg"
$hostile groups "$address" 6 BAD >"$T/groups"
stop_serve
check "the refused line gets 'not stored' naming the database's reason" grep -q "^0 11 error line 11: not stored: .*refused by the test trigger" "$T/groups"
check "every other line of every sender is stored (119 ok)" bash -c "[ \$(grep -c ' ok [0-9]*$' '$T/groups') -eq 119 ]"
check "the log holds the 119 cases and not BAD" bash -c "[ \$('$bin' cases '$T/ws.gpkg' | grep -c '^G') -eq 119 ] && ! '$bin' cases '$T/ws.gpkg' | grep -q '^BAD'"
sql "$T/ws.gpkg" "DROP TRIGGER refuse_case_bad" >/dev/null

# [SECTION] a log with an event an older version accepted still opens
cp "$T/ws.gpkg" "$T/old.gpkg"
last=$(sql "$T/old.gpkg" "SELECT max(fid) FROM events")
sql "$T/old.gpkg" "INSERT INTO events (fid, seq, t, type, subject, payload) VALUES ($((last + 1)), $((last + 1)), '$t', 'resource.moved', '$resource', '{\"type\":\"resource.moved\",\"id\":\"$resource\",\"t\":\"$t\",\"lon\":30,\"lat\":0}')" >/dev/null
sql "$T/old.gpkg" "INSERT INTO events (fid, seq, t, type, subject, payload) VALUES ($((last + 2)), $((last + 2)), '$t', 'incident.reported', 'Z', 'not json')" >/dev/null
"$bin" cases "$T/old.gpkg" >"$T/old.cases" 2>"$T/old.err"
check "cases opens a log holding an unprojectable move and a damaged row, naming both" \
    bash -c "[ \$(grep -c '^G' '$T/old.cases') -eq 119 ] && grep -q 'event $((last + 1)): lon/lat' '$T/old.err' && grep -q 'event $((last + 2)): payload is not JSON' '$T/old.err' && grep -q '2 event(s) of the log could not be applied' '$T/old.err'"
start_serve "$T/old.gpkg"
check "serve opens it too and takes new lines after it" alive_and_ok OLD1
stop_serve
if command -v xvfb-run >/dev/null || [ -n "${DISPLAY:-}" ]; then
    check "render opens it" xrun "$bin" render "$T/old.gpkg" --out "$T/old.png" --size 200x150
fi

# [SECTION] random mutations of valid lines: each answered exactly once, the server alive and idle
start_serve "$T/ws.gpkg"
for seed in 1 2 3; do
    check "fuzz seed $seed: 3000 mutated lines, one well-formed answer each, in order" \
        $hostile fuzz "$address" "$seed" 3000 "$resource"
done
check "after the fuzzing, the server answers ok" alive_and_ok FUZZ1
check "after the fuzzing, the server is idle" idle
stop_serve
"$bin" cases "$T/ws.gpkg" >"$T/after.cases" 2>"$T/after.err"
check "after the fuzzing, the log still replays without a skipped event" \
    bash -c "[ -s '$T/after.cases' ] && ! grep -q 'could not be applied' '$T/after.err'"

finish
