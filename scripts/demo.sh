#!/usr/bin/env bash
# The demo: build vie and decode MMIO-style instructions in every CPU mode.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh build
vie=build/tools/vie

echo "== 64-bit mode: the instructions a driver uses to touch a device register"
$vie decode -m 64 8b4710 894710 c7470400000080 480fb64710 f0480fc10f 0f114710 c5fe6f4720
echo
echo "== 32-bit protected mode"
$vie decode -m 32 8b4310 66894310 a100100000 f3a5
echo
echo "== real mode (16-bit)"
$vie decode -m 16 8b4702 26a30010 f3ab
echo
echo "== the same, as JSON Lines (vie decode --batch)"
printf '8b4710\t# mov eax, [rdi+0x10]\nf3480fb8c0\n0f\n' | $vie decode -m 64 --batch
echo
echo "== guest page walk (vie translate --batch): 4-level, 4 KiB page"
printf '%s\n' '{"cr0":"0x80010001","cr3":"0x1000","cr4":"0x20","efer":"0x500","cpl":0,"ram":[{"gpa":"0x1000","hex":"0320000000000000"},{"gpa":"0x2000","hex":"0330000000000000"},{"gpa":"0x3000","hex":"0340000000000000"},{"gpa":"0x4000","hex":"0350000000000000"}],"gla":"0x123","access":"write"}' | $vie translate --batch
