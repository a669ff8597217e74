#!/usr/bin/env bash
# End-to-end tests of a log's history: `simulate --profile year` (a few days, straight into the log, with
# snapshots), and `cases --at TIME`, which must print the state rebuilt at TIME, not today's state re-dated.
# Usage: tests/cli_snapshot_test.sh BUILD/gridlink TEST_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

ws="$T/history.gpkg"
check "demo writes a small workspace" "$bin" demo --out "$ws" --scale small --seed 3
check "simulate --profile year writes three days into the log" \
    bash -c "'$bin' simulate '$ws' --profile year --days 3 --seed 2 >'$T/sim.txt' 2>&1"
check "simulate --profile year says how many cases and how long" grep -qE 'cases: .*closed.* in [0-9.]+ s' "$T/sim.txt"
check "the log holds snapshots" bash -c "[ \"\$(sql '$ws' 'SELECT count(*) FROM snapshots')\" -ge 1 ]"
check "the log holds tracks" bash -c "[ \"\$(sql '$ws' 'SELECT count(*) FROM tracks')\" -ge 100 ]"

# The cases reported by noon of the second day, and the state of each then, read from the log independently:
# the last lifecycle event of each case at or before that instant.
at="2026-01-02T12:00:00+08:00"
at_ms=$(python3 -c "import datetime; print(int(datetime.datetime.fromisoformat('$at').timestamp()*1000))")
check "cases --at prints the state at TIME" bash -c "'$bin' cases '$ws' --at '$at' >'$T/at.tsv'"
check "cases (now) prints today's state" bash -c "'$bin' cases '$ws' >'$T/now.tsv'"
python3 - "$ws" "$at_ms" >"$T/expected.tsv" <<'PY'
import json, sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1]); at = int(sys.argv[2])
def ms(t): return int(datetime.datetime.fromisoformat(t.replace('Z', '+00:00')).timestamp() * 1000)
state, responder = {}, {}
target = {'reported': 'reported', 'registered': 'registered', 'dispatched': 'dispatched', 'accepted': 'accepted',
          'handled': 'handled', 'verified': 'verified', 'closed': 'closed', 'returned': 'returned',
          'cancelled': 'cancelled', 'reassigned': 'dispatched', 'recalled': 'registered'}
for seq, t, kind, subject, payload in db.execute('SELECT seq, t, type, subject, payload FROM events ORDER BY seq'):
    if not kind.startswith('incident.') or ms(t) > at: continue
    step = kind.split('.')[1]
    p = json.loads(payload)
    if subject not in state and step != 'reported': continue
    if step == 'reported': state[subject] = 'reported'
    elif step == 'accepted' and p.get('resource') and p['resource'] != responder.get(subject):
        pass  # a summoned volunteer answering (党员报到) leaves the state
    elif step in target: state[subject] = target[step]
    if step in ('dispatched', 'reassigned'): responder[subject] = p.get('resource')
for case in sorted(state): print(case + '\t' + state[case])
PY
cut -f1,2 "$T/at.tsv" | tail -n +2 | sort >"$T/got.tsv"
check "cases --at lists exactly the cases reported by TIME, each in its state then" diff "$T/expected.tsv" "$T/got.tsv"
check "the state at TIME differs from today's" bash -c "! diff -q <(cut -f1,2 '$T/now.tsv' | tail -n +2 | sort) '$T/got.tsv'"
fails_saying "cases --at refuses a bad time" "--at" "$bin" cases "$ws" --at yesterday
finish
