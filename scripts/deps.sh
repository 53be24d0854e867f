#!/usr/bin/env bash
# Install the Debian 12 packages vie's build, tests, fuzzers and benchmark
# need; installs only what is missing, so it is cheap to run every time.
set -euo pipefail

pkgs=(
  gcc libc6-dev clang libclang-rt-14-dev make pkg-config cmake meson ninja-build
  libzydis-dev libunicorn-dev libcriterion-dev libjansson-dev
  python3 gnuplot-nox binutils
  libc6-i386   # i386 code for the decode benchmark's 32-bit mix (an amd64 package)
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
