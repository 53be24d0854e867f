#!/bin/sh
# Instruction-level profile of vie_decode on the realistic 64-bit mix.
# callgrind counts instructions deterministically (perf counters are not
# available in this VM).  Usage: bench/decode/profile.sh [BUILDDIR] [OUTDIR]
set -eu
build=${1:-build}
out=${2:-$build/bench-out/profile}
mkdir -p "$out"
command -v valgrind >/dev/null || { echo "profile.sh: valgrind not installed (apt-get install valgrind)"; exit 1; }
# Only the vie throughput loop is collected; --branch-sim adds a simple
# branch predictor model (Bc/Bcm: conditional branches, mispredicted).
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  --toggle-collect=tp_vie --dump-instr=yes --branch-sim=yes \
  "$build/bench/decode/vie-bench-decode" --only vie --rounds 3 --warmup 0 --budget 2M --budget32 1M \
  --no-chart --no-install --out "$out" --lib "$build/src/libvie.a" > "$out/bench.txt"
callgrind_annotate --inclusive=yes "$out/callgrind.out" | head -40
echo "source-line view: callgrind_annotate --auto=yes $out/callgrind.out"
