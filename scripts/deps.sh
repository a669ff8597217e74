#!/usr/bin/env bash
# Installs the Debian packages gridlink needs to build, run and test; idempotent, apt-get only.
# Usage: scripts/deps.sh   (as root, or with sudo available). Installs nothing when all are present.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libgdal-dev gdal-bin libgeos-dev libboost-dev libsqlite3-dev nlohmann-json3-dev
    libimgui-dev libstb-dev libglfw3-dev libgl-dev libopengl-dev libegl-dev libgl1-mesa-dri libegl-mesa0 libglx-mesa0
    libfreetype-dev libfontconfig-dev
    fonts-noto-cjk
    libgtest-dev libbenchmark-dev
    xvfb xauth python3 clang-format
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
