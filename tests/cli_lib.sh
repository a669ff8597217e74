#!/usr/bin/env bash
# Shared by the command-line test scripts: a temp dir, pass/fail counters, and the check helpers.
# Sourced after setting bin, data and here.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
check() {  # check NAME COMMAND... : passes when the command succeeds
    local name=$1
    shift
    if "$@" >"$T/out" 2>&1; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/     /' "$T/out" | tail -15
    fi
}
fails_saying() {  # fails_saying NAME TEXT COMMAND... : the command must fail and its message contain TEXT
    local name=$1 text=$2
    shift 2
    if "$@" >"$T/out" 2>&1; then
        fail=$((fail + 1)); echo "FAIL $name (succeeded, expected an error)"
    elif grep -qF -- "$text" "$T/out"; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name (message lacks '$text')"; sed 's/^/     /' "$T/out"
    fi
}
# sql FILE STATEMENT: rows as a|b|c lines, the change committed (Python's sqlite3: the sqlite3 tool is not a
# dependency).
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print('|'.join(map(str, r))) for r in c.execute(sys.argv[2])]; c.commit()" "$@"; }
export -f sql
# Starts `gridlink serve` on a free port in the background: sets $server and $address.
start_serve() {
    rm -f "$T/serve.err"
    "$bin" serve "$@" --listen 127.0.0.1:0 2>"$T/serve.err" &
    server=$!
    for _ in $(seq 100); do
        address=$(sed -n 's/.*listening on //p' "$T/serve.err")
        [ -n "$address" ] && return 0
        sleep 0.1
    done
    echo "serve did not start:"; cat "$T/serve.err"; return 1
}
stop_serve() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
xrun() { "$here/../scripts/with-display.sh" "$@"; }
finish() {  # prints the totals; the script's exit status
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
