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
xrun() { "$here/../scripts/with-display.sh" "$@"; }
finish() {  # prints the totals; the script's exit status
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
