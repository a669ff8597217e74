#!/usr/bin/env bash
# Runs a command with an X display: the current one, or a private Xvfb through xvfb-run.
set -euo pipefail
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$@"
fi
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$@"
