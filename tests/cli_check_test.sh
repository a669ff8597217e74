#!/usr/bin/env bash
# End-to-end tests of `gridlink check`. Prints one line per check.
# Usage: tests/cli_check_test.sh BUILD/gridlink SHARED_DATA_DIR
set -u
bin=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cli_lib.sh"

check "gridlink check --help" "$bin" check --help

finish
