#!/usr/bin/env bash
# Configure (once) and build vie into build/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" --werror -Dtests=enabled -Dtools=enabled >/dev/null
fi
ninja -C "$dir" >/dev/null
