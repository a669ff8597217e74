#!/usr/bin/env bash
# End-to-end tests of `gridlink simulate` against a small fake feed server written here in Python (answers
# `ok SEQ` to every line, `error line N: ...` for a chosen line, or closes early): the lines, the summary,
# exit codes, --count, --duration, pacing, connection errors and the CSV replay.
# Usage: tests/cli_simulate_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

# [SECTION] the fake server
# It takes its orders for each connection from $T/mode: empty (answer ok), "error N" (reject line N) or
# "close N" (close after answering N lines); it appends every line it receives to $T/lines.
cat >"$T/fake_server.py" <<'EOF'
import os, socket, sys
port_file, lines_file, mode_file = sys.argv[1:4]
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(4)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
seq = 0
while True:
    conn, _ = server.accept()
    mode = open(mode_file).read().split() if os.path.exists(mode_file) else []
    reject = int(mode[1]) if mode and mode[0] == "error" else 0
    close_after = int(mode[1]) if mode and mode[0] == "close" else 0
    line_no, buffer = 0, b""
    with open(lines_file, "ab") as record:
        while True:
            chunk = conn.recv(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            answers = []
            for line in lines:
                line_no += 1
                record.write(line + b"\n")
                if line_no == reject:
                    answers.append(b"error line %d: resource: no resource 'X-1' in the workspace" % line_no)
                else:
                    seq += 1
                    answers.append(b"ok %d" % seq)
                if close_after and line_no >= close_after:
                    break
            conn.sendall(b"".join(a + b"\n" for a in answers))
            if close_after and line_no >= close_after:
                break
    conn.close()
EOF
python3 "$T/fake_server.py" "$T/port" "$T/lines" "$T/mode" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
to=127.0.0.1:$(cat "$T/port")
"$bin" demo --out "$T/w.gpkg" --scale small --seed 7 >/dev/null 2>&1

# run NAME MODE ARGS...: runs simulate against the fake server with a fresh record of lines; keeps stdout in
# $T/stdout, stderr in $T/stderr, the exit status in $T/rc and the seconds taken in $T/seconds.
run() {
    echo "${1:-}" >"$T/mode"
    shift
    : >"$T/lines"
    local t0 t1
    t0=$(date +%s%N)
    "$bin" simulate "$@" >"$T/stdout" 2>"$T/stderr"
    echo $? >"$T/rc"
    t1=$(date +%s%N)
    python3 -c "print(($t1 - $t0) / 1e9)" >"$T/seconds"
    sleep 0.1  # let the server finish writing its record
}
rc_is() {
    [ "$(cat "$T/rc")" = "$1" ] || { echo "exit status $(cat "$T/rc"), expected $1"; cat "$T/stderr"; return 1; }
}
summary_has() { grep -Eq "$1" "$T/stdout" || { echo "summary: $(cat "$T/stdout")"; return 1; }; }
seconds_between() {
    python3 -c "import sys; t=float(open('$T/seconds').read()); sys.exit(0 if $1 <= t <= $2 else f'took {t} s')"
}
export -f rc_is summary_has seconds_between
export T

# [SECTION] help and usage
check "simulate --help" bash -c "'$bin' simulate --help | grep -q 'lines/s acknowledged; ack latency p50'"
fails_saying "--to is required" "--to HOST:PORT is required" "$bin" simulate "$T/w.gpkg"
fails_saying "bad --to" "--to 'localhost' is not HOST:PORT" "$bin" simulate "$T/w.gpkg" --to localhost
fails_saying "bad --rate" "--rate 'fast' is not a number above 0" "$bin" simulate "$T/w.gpkg" --to "$to" --rate fast
fails_saying "--x-field needs --from-csv" "--x-field applies to --from-csv" \
    "$bin" simulate "$T/w.gpkg" --to "$to" --x-field x
free_port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
fails_saying "connection refused names HOST:PORT" "cannot connect to 127.0.0.1:$free_port: Connection refused" \
    "$bin" simulate "$T/w.gpkg" --to "127.0.0.1:$free_port" --count 5
check "connection refused exits 2" bash -c "'$bin' simulate '$T/w.gpkg' --to 127.0.0.1:$free_port --count 5 \
    2>/dev/null; [ \$? = 2 ]"

# [SECTION] a simulated feed
run "" "$T/w.gpkg" --to "$to" --rate 2000 --speed 600 --count 3000 --seed 3 --start 2026-11-27T10:00:00+08:00 \
    --id-prefix RUN1-
check "3000 lines, all ok, exit 0" rc_is 0
check "summary line" summary_has "^sent 3000 lines \([0-9]+ reports, [0-9]+ updates, [0-9]+ resource events\) to $to \
in [0-9.]+ s: 3000 ok, 0 errors, 0 unanswered; [0-9.]+ lines/s acknowledged; ack latency p50 [0-9.]+ ms, p99 [0-9.]+ \
ms, max [0-9.]+ ms$"
check "the server got 3000 lines" bash -c "[ \$(wc -l <'$T/lines') = 3000 ]"
check "every line is a legal event with its fields" python3 - "$T/lines" <<'EOF'
import json, sys
allowed = {  # engine/incident.cpp AllowedEvents
    "reported": {"registered", "cancelled"}, "registered": {"dispatched", "summoned", "cancelled"},
    "dispatched": {"accepted", "reassigned", "summoned", "recalled", "returned"},
    "accepted": {"handled", "reassigned", "summoned", "recalled", "returned"},
    "handled": {"verified", "returned"}, "verified": {"closed"}, "returned": {"dispatched", "summoned", "cancelled"},
    "closed": set(), "cancelled": set()}
moves_to = {"reassigned": "dispatched", "recalled": "registered"}  # summoned and a volunteer's answer: no move
state, responder, summoned, types, last_t = {}, {}, {}, {}, ""
for n, line in enumerate(open(sys.argv[1]), 1):
    e = json.loads(line)
    kind = e["type"]
    types[kind] = types.get(kind, 0) + 1
    assert e["t"] >= last_t, (n, e["t"], last_t)
    last_t = e["t"]
    if kind == "incident.reported":
        assert e["id"].startswith("RUN1-") and e["id"] not in state, (n, e)
        assert -180 <= e["lon"] <= 180 and -90 <= e["lat"] <= 90 and 1 <= e["priority"] <= 4, (n, e)
        assert e["category"] and e["source"] and e["text"], (n, e)
        state[e["id"]] = "reported"
    elif kind.startswith("incident."):
        step, case = kind.split(".")[1], e["id"]
        if step == "accepted" and e.get("resource") and e["resource"] != responder.get(case):
            # a summoned volunteer answering (党员报到): the case stays where it is
            assert e["resource"] in summoned.get(case, ()) and state[case] not in ("closed", "cancelled"), (n, e)
            continue
        assert step in allowed[state[case]], (n, e, state[case])
        if step in ("dispatched", "reassigned"):
            assert e["resource"], (n, e)
            responder[case] = e["resource"]
        if step in ("returned", "cancelled"): assert e["reason"], (n, e)
        if step == "summoned":
            assert e["resources"] and e["radius_m"] > 0, (n, e)
            summoned.setdefault(case, set()).update(e["resources"])
            continue
        state[case] = moves_to.get(step, step)
    elif kind == "resource.moved":
        assert "lon" in e and "lat" in e, (n, e)
    else:
        assert kind == "resource.status" and e["status"] in ("available", "busy", "off_duty"), (n, e)
for needed in ("incident.reported", "incident.registered", "incident.dispatched", "incident.accepted"):
    assert types.get(needed, 0) > 0, (needed, types)
EOF
cp "$T/lines" "$T/lines_seed3"
run "" "$T/w.gpkg" --to "$to" --rate 2000 --speed 600 --count 3000 --seed 3 --start 2026-11-27T10:00:00+08:00 \
    --id-prefix RUN1-
check "same seed, start and prefix: the same lines" bash -c "rc_is 0 && cmp -s '$T/lines' '$T/lines_seed3'"
run "" "$T/w.gpkg" --to "$to" --rate max --count 200
check "default ids derive from the start time" python3 -c "
import json, re
ids = [json.loads(l)['id'] for l in open('$T/lines') if 'incident.reported' in l]
assert ids and all(re.fullmatch(r'SIM\d{8}T\d{6}-\d{6}', i) for i in ids), ids[:3]"

# [SECTION] errors from the server and pacing
run "error 5" "$T/w.gpkg" --to "$to" --rate max --count 20
check "a rejected line exits 1" rc_is 1
check "the rejection is printed with the line" \
    grep -q "line 5 rejected: error line 5: resource: no resource" "$T/stderr"
check "the summary counts it" summary_has "^sent 20 lines .*: 19 ok, 1 errors, 0 unanswered"
run "close 3" "$T/w.gpkg" --to "$to" --rate max --count 100
check "a server that closes early: exit 2 naming HOST:PORT" bash -c "rc_is 2 && grep -q '$to' '$T/stderr'"
run "" "$T/w.gpkg" --to "$to" --rate 100 --count 50 --start 2026-11-27T07:30:00+08:00
check "--rate 100 --count 50 takes about half a second" bash -c "rc_is 0 && seconds_between 0.4 4 && \
    summary_has '^sent 50 lines'"
run "" "$T/w.gpkg" --to "$to" --rate 20 --duration 1
check "--duration 1 stops after a second" bash -c "rc_is 0 && seconds_between 0.9 4 && \
    summary_has ' 0 errors, 0 unanswered'"
run "" "$T/w.gpkg" --to "$to" --rate 50 --duration 1 --flat
check "--flat: --rate lines per second at any hour" bash -c "rc_is 0 && summary_has '^sent ([3-6][0-9]) lines'"

# [SECTION] against gridlink serve: the server refuses none of the simulator's lines
# Two runs on one log: the second starts from what the first left (responders on open cases, off duty, moved),
# which the simulator reads from the log. The summary's error count is the server's refusals.
cp "$T/w.gpkg" "$T/served.gpkg"
"$bin" serve "$T/served.gpkg" --listen 127.0.0.1:0 2>"$T/serve.err" &
served=$!
trap 'kill $server $served 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 200); do grep -q 'listening on' "$T/serve.err" && break; sleep 0.05; done
served_at=$(sed -n 's/.*listening on //p' "$T/serve.err")
run "" "$T/served.gpkg" --to "$served_at" --rate 400 --speed 600 --count 4000 --flat --seed 5 --id-prefix S1-
check "serve: none of 4000 simulated lines refused" bash -c "rc_is 0 && summary_has ': 4000 ok, 0 errors, 0 unanswered'"
check "serve: the run held lifecycle steps and resource events" \
    summary_has "\([0-9]+ reports, [1-9][0-9]+ updates, [1-9][0-9]* resource events\)"
run "" "$T/served.gpkg" --to "$served_at" --rate 400 --speed 600 --count 4000 --flat --seed 6 --id-prefix S2-
check "serve: a second run on the log the first left: none refused" \
    bash -c "rc_is 0 && summary_has ': 4000 ok, 0 errors, 0 unanswered'"
kill "$served" 2>/dev/null
wait "$served" 2>/dev/null
check "serve: counted no rejected line" grep -qE "lines: 8000 accepted, 0 rejected" "$T/serve.err"
check "serve: the log records each simulated line's origin as the simulator via its peer" python3 -c "
import json, sqlite3
rows = sqlite3.connect('$T/served.gpkg').execute(\"SELECT payload FROM events WHERE subject LIKE 'S1-%'\").fetchall()
origins = {json.loads(p)['origin'].rsplit(':', 1)[0] for (p,) in rows}
assert rows and origins == {'simulator via 127.0.0.1'}, origins"

# [SECTION] CSV replay
cat >"$T/records.csv" <<'EOF'
case,x,y,when,kind
c1,120.55,31.30,2026-05-01 09:00:00,占道经营
c2,120.56,31.31,2026-05-01 09:00:30,street_order
c3,abc,31.31,2026-05-01 09:00:40,x
c4,120.57,31.32,2026-05-01T09:01:00+08:00,Pothole
EOF
run "" --to "$to" --from-csv "$T/records.csv" --x-field x --y-field y --time-field when --category-field kind \
    --id-field case --speed 60x --id-prefix R-
check "replay: exit 0, summary counts the skipped record" bash -c "rc_is 0 && \
    summary_has '^sent 3 lines \(3 records, 1 skipped\) to .*: 3 ok, 0 errors'"
check "replay: the bad record is named with its row and field" \
    grep -q "records.csv row 3: unparsable: x 'abc'" "$T/stderr"
check "replay: paced by the records' times over --speed (60 s / 60)" seconds_between 0.9 4
check "replay: ids, categories, times shifted to now" python3 -c "
import json, datetime
lines = [json.loads(l) for l in open('$T/lines')]
assert [e['id'] for e in lines] == ['R-c1', 'R-c2', 'R-c4'], lines
assert [e['category'] for e in lines] == ['street_order', 'street_order', 'public_facility'], lines
assert lines[0]['text'] == '占道经营' and lines[0]['lon'] == 120.55, lines[0]
t = [datetime.datetime.fromisoformat(e['t']) for e in lines]
now = datetime.datetime.now(datetime.timezone.utc)
assert abs((t[0] - now).total_seconds()) < 30, (t[0], now)
assert (t[2] - t[0]).total_seconds() == 60, t"
run "" --to "$to" --from-csv "$T/records.csv" --x-field x --y-field y --time-field when --rate max --keep-time
check "replay --keep-time --rate max: original times, at once" bash -c "rc_is 0 && seconds_between 0 1.5 && \
    grep -q '\"t\":\"2026-05-01T09:00:00.000+08:00\"' '$T/lines'"
fails_saying "replay: a missing time column lists the columns" \
    "no column 'time' for --time-field (columns: case, x, y, when, kind)" \
    "$bin" simulate --to "$to" --from-csv "$T/records.csv" --x-field x --y-field y --time-field time

finish
