#!/usr/bin/env python3
"""Run `vie translate --batch` on hand-built page tables and check every
field against values worked out from the SDM (not from vie's output)."""
import json
import struct
import subprocess
import sys


def page(entries, size=8):
    b = bytearray(4096)
    fmt = '<Q' if size == 8 else '<I'
    for idx, v in entries.items():
        b[idx * size:idx * size + size] = struct.pack(fmt, v)
    return b.hex()


# 4-level: gla 0x7f8040403456 = PML4 0xff, PDPT 1, PD 2, PT 3, offset 0x456.
RAM4 = [{"gpa": "0x1000", "hex": page({0xff: 0x2007})},
        {"gpa": "0x2000", "hex": page({1: 0x3007})},
        {"gpa": "0x3000", "hex": page({2: 0x4007})},
        {"gpa": "0x4000", "hex": page({3: 0xabcde007})}]
L4 = {"cr0": "0x80010011", "cr3": "0x1000", "cr4": "0x20", "efer": "0xd00",
      "cpl": 0, "ram": RAM4}
# 32-bit paging, CR4.PSE: PDE 1 maps 4 MiB at 0x00c00000, supervisor only.
P32 = {"cr0": 0x80010011, "cr3": 0x1000, "cr4": 0x10, "cpl": 3,
       "ram": [{"gpa": 0x1000, "hex": page({1: 0x00c00083}, 4)}]}
# PAE with NXE: PDPTE 0 -> PD 0x2000; PDE 0 -> PT 0x3000; PTE 0 -> 0x9000 XD.
PAE = {"cr0": 0x80010011, "cr3": 0x1000, "cr4": 0x20, "efer": 0x800,
       "ram": [{"gpa": 0x1000, "hex": page({0: 0x2001})},
               {"gpa": 0x2000, "hex": page({0: 0x3003})},
               {"gpa": 0x3000, "hex": page({0: 0x8000000000009003})}]}

CASES = [
    (dict(L4, gla="0x7f8040403456", access="write"),
     {"status": "ok", "gpa": "0xabcde456",
      "ad": [{"gpa": "0x17f8", "size": "0x8", "value": "0x2027"},
             {"gpa": "0x2008", "size": "0x8", "value": "0x3027"},
             {"gpa": "0x3010", "size": "0x8", "value": "0x4027"},
             {"gpa": "0x4018", "size": "0x8", "value": "0xabcde067"}]}),
    # the same read with nofault: no A/D updates
    (dict(L4, gla="0x7f8040403456", nofault=True),
     {"status": "ok", "gpa": "0xabcde456", "ad": []}),
    (dict(L4, gla="0x800000000000", access="read"),
     {"status": "exception",
      "exception": {"vector": "0xd", "errcode": "0x0", "cr2": "0x0"}, "ad": []}),
    (dict(L4, gla="0x800000000000", access="read", stack=True),
     {"status": "exception",
      "exception": {"vector": "0xc", "errcode": "0x0", "cr2": "0x0"}}),
    # PT entry 4 is empty: not present, user write -> errcode W|U = 6
    (dict(L4, gla="0x7f8040404000", access="write", cpl=3),
     {"status": "exception",
      "exception": {"vector": "0xe", "errcode": "0x6", "cr2": "0x7f8040404000"}}),
    ("this is not json", {"status": "error"}),
    (dict(L4, gla="0x7f8040403456", access="execute"), {"status": "error"}),
    # the line after the malformed ones is still answered
    (dict(L4, gla="0x7f8040403456", access="fetch"),
     {"status": "ok", "gpa": "0xabcde456"}),
    # CR3 outside every ram range
    (dict(L4, cr3="0x900000", gla="0x1000"), {"status": "callback"}),
    # 32-bit: user read of a supervisor 4 MiB page faults (P|U = 5) ...
    (dict(P32, gla=0x00412345), {"status": "exception",
     "exception": {"vector": "0xe", "errcode": "0x5", "cr2": "0x412345"}}),
    # ... an implicit access at CPL 3 is supervisor and succeeds, A set
    (dict(P32, gla=0x00412345, implicit=True),
     {"status": "ok", "gpa": "0xc12345",
      "ad": [{"gpa": "0x1004", "size": "0x4", "value": "0xc000a3"}]}),
    # PAE: supervisor fetch from an XD page: P|I/D = 0x11
    (dict(PAE, gla=0x123, access="fetch"), {"status": "exception",
     "exception": {"vector": "0xe", "errcode": "0x11", "cr2": "0x123"}}),
    (dict(PAE, gla=0x123, access="read"), {"status": "ok", "gpa": "0x9123"}),
]


def main():
    vie = sys.argv[1]
    lines = [c if isinstance(c, str) else json.dumps(c) for c, _ in CASES]
    out = subprocess.run([vie, "translate", "--batch"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        print("vie translate exited", out.returncode, out.stderr)
        return 1
    got = out.stdout.splitlines()
    if len(got) != len(CASES):
        print("expected %d output lines, got %d" % (len(CASES), len(got)))
        return 1
    bad = 0
    for i, ((inp, want), line) in enumerate(zip(CASES, got)):
        res = json.loads(line)
        for k, v in want.items():
            if res.get(k) != v:
                print("case %d: %s = %r, want %r" % (i, k, res.get(k), v))
                bad += 1
        if want["status"] == "error" and not res.get("error"):
            print("case %d: error status without a message" % i)
            bad += 1
        if want["status"] == "callback" and "not in any ram" not in res.get("error", ""):
            print("case %d: callback without the not-RAM message: %r" % (i, res))
            bad += 1
    print("%d cases, %d mismatches" % (len(CASES), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
