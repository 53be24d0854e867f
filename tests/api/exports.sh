#!/bin/sh
# The shared library exports only the public API: vie_* and bhyve's
# vmm_decode_instruction (src/libvie.map).  Fails on any other symbol.
set -eu
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {print $3}' | sed 's/@.*//')
[ -n "$syms" ] || { echo "no exported symbols found in $lib"; exit 1; }
bad=$(printf '%s\n' $syms | grep -v -E '^(vie_|vmm_decode_instruction$)' || true)
if [ -n "$bad" ]; then
  echo "unexpected exported symbols:"; printf '  %s\n' $bad; exit 1
fi
for want in vie_decode vie_init vmm_decode_instruction vie_status_name vie_mnemonic; do
  printf '%s\n' $syms | grep -qx "$want" || { echo "missing export: $want"; exit 1; }
done
echo "exports: $(printf '%s\n' $syms | wc -l) symbols, all public"
