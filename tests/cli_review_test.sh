#!/usr/bin/env bash
# End-to-end tests of the review seat and its exports on two simulated days: `review --at` shows the state at TIME
# (its cases and open cases against a replay of the events table written here), never writes the workspace; the
# render sequence of a range; the range's cases (CSV, GeoPackage) and figures (the same as `gridlink report`).
# Usage: tests/cli_review_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"
display="$here/../scripts/with-display.sh"

ws="$T/review.gpkg"
check "demo writes a small workspace" "$bin" demo --out "$ws" --scale small --seed 5
check "simulate --profile year writes two days into the log" \
    bash -c "'$bin' simulate '$ws' --profile year --days 2 --seed 4 >'$T/sim.txt' 2>&1"

at="2026-01-02T09:30:00+08:00"
from="2026-01-01T21:30:00+08:00"
at_ms=$(python3 -c "import datetime; print(int(datetime.datetime.fromisoformat('$at').timestamp()*1000))")
from_ms=$(python3 -c "import datetime; print(int(datetime.datetime.fromisoformat('$from').timestamp()*1000))")
# The cases at TIME, replayed here from the events table: every case reported by then, open unless its last
# lifecycle step by then closed or cancelled it; and those reported in [from, at].
python3 - "$ws" "$at_ms" "$from_ms" >"$T/expected.txt" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1]); at = int(sys.argv[2]); start = int(sys.argv[3])
def ms(t): return int(datetime.datetime.fromisoformat(t.replace('Z', '+00:00')).timestamp() * 1000)
state, reported = {}, {}
for seq, t, kind, subject in db.execute('SELECT seq, t, type, subject FROM events ORDER BY seq'):
    if not kind.startswith('incident.') or ms(t) > at: continue
    step = kind.split('.')[1]
    if step == 'reported': state[subject] = 'open'; reported[subject] = ms(t)
    elif subject in state and step in ('closed', 'cancelled'): state[subject] = step
in_range = sum(1 for c, t in reported.items() if start <= t <= at)
print(len(state), sum(1 for s in state.values() if s == 'open'), in_range)
PY
read -r cases open in_range <"$T/expected.txt"
before=$(md5sum "$ws" | cut -d' ' -f1)
check "review --at draws frames and a screenshot" \
    bash -c "'$display' '$bin' review '$ws' --at '$at' --from '$from' --frames 4 --size 1280x800 --screenshot '$T/review.png' >'$T/review.txt' 2>&1"
check "review prints its first frame" grep -q "first frame after" "$T/review.txt"
check "review shows exactly the cases at TIME ($cases, $open open)" \
    grep -qE "review at 2026-01-02T09:30:00(.000)?\+08:00: $cases cases, $open open" "$T/review.txt"
check "review's screenshot is a PNG" bash -c "head -c 8 '$T/review.png' | od -An -tx1 | grep -q '89 50 4e 47'"
check "review never writes the workspace" bash -c "[ \"\$(md5sum '$ws' | cut -d' ' -f1)\" = '$before' ]"
check "review at the log's end by default" bash -c "'$display' '$bin' review '$ws' --frames 2 --size 800x600 | grep -q 'review at 2026-01-0'"
fails_saying "review refuses a bad time" "--at" "$bin" review "$ws" --at yesterday --frames 1
fails_saying "review needs a workspace" "WORKSPACE" "$bin" review

# A range as a numbered PNG sequence: 09:30 .. 13:30 every hour is five frames, each a different picture.
check "render --from --to --step writes a numbered sequence" \
    bash -c "'$bin' render '$ws' --from '$at' --to 2026-01-02T13:30:00+08:00 --step 1h --size 480x320 --out '$T/seq/frame-%04d.png' --video '$T/seq.mp4' >'$T/seq.txt'"
check "the sequence has five frames" bash -c "[ \$(ls '$T/seq' | grep -c '^frame-000[1-5].png\$') = 5 ] && [ \$(ls '$T/seq' | wc -l) = 5 ]"
check "the frames differ as the log goes on" bash -c "! cmp -s '$T/seq/frame-0001.png' '$T/seq/frame-0005.png'"
check "a video, or a clear word that ffmpeg is missing" \
    bash -c "if command -v ffmpeg >/dev/null; then [ -s '$T/seq.mp4' ]; else grep -q 'ffmpeg is not installed' '$T/seq.txt'; fi"
fails_saying "render refuses a bad step" "--step" "$bin" render "$ws" --from "$at" --to "$at" --step 10x --out "$T/x.png"

# The range's cases with their state at TIME, and its figures as `gridlink report` gives them.
check "review --cases writes the range's cases as CSV" "$bin" review "$ws" --at "$at" --from "$from" --cases "$T/cases.csv"
check "the CSV holds every case reported in the range ($in_range)" \
    bash -c "[ \$(tail -n +2 '$T/cases.csv' | wc -l) = '$in_range' ]"
check "review --cases writes a GeoPackage of points" "$bin" review "$ws" --at "$at" --from "$from" --cases "$T/cases.gpkg"
check "the GeoPackage holds the same cases" bash -c "[ \"\$(sql '$T/cases.gpkg' 'SELECT count(*) FROM cases')\" = '$in_range' ]"
check "review --figures writes the range's figures" \
    "$bin" review "$ws" --at "$at" --from "$from" --figures "$T/figures.csv" --by street
check "report over the same period" "$bin" report "$ws" --from "$from" --to "$at" --by street --out "$T/report.csv"
check "review's figures are the report's" diff "$T/figures.csv" "$T/report.csv"
finish
