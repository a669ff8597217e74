#!/usr/bin/env bash
# End-to-end tests of `gridlink assign`. Prints one line per check.
# Usage: tests/cli_assign_test.sh BUILD/gridlink SHARED_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

check "gridlink assign --help" "$bin" assign --help

finish
