#!/usr/bin/env python3
"""Write the seed corpus of fuzz_paging (see the header layout there):
small valid and hostile page-table setups for every paging mode."""
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
os.makedirs(out, exist_ok=True)


def header(mode, api=0, crbits=0x41, misc=4, maxphy=255, access=0, races=0,
           length=15, pkru=0, pkrs=0, cr3=0x1000, gla=0, pdptes=(0, 0, 0, 0)):
    h = bytes([mode | api << 3, crbits, misc, maxphy, access, races])
    h += struct.pack("<HIIQQ4Q", length, pkru, pkrs, cr3, gla, *pdptes)
    assert len(h) == 64
    return h


def ram(entries):
    # up to the page after the last entry, so a leaf pointing there is RAM
    end = max([gpa + 8 for gpa in entries] + [0])
    b = bytearray((end + 0xfff) // 0x1000 * 0x1000 + 0x1000)
    for gpa, (val, esz) in entries.items():
        b[gpa:gpa + esz] = val.to_bytes(esz, "little")
    return bytes(b)


def q(v):
    return (v, 8)


def d(v):
    return (v, 4)


seeds = {}
# 4-level 4 KiB: gla 0x7f8040403456 (indices 0xff, 1, 2, 3)
t4 = {0x17f8: q(0x2007), 0x2008: q(0x3007), 0x3010: q(0x4007), 0x4018: q(0x5007)}
for api in range(4):
    for acc in (0, 1, 2, 0x11):
        seeds["l4_api%d_acc%02x" % (api, acc)] = header(3, api, access=acc, gla=0x7f8040403456,
                                                       length=0x1234) + ram(t4)
seeds["l4_race"] = header(3, access=1, races=3, gla=0x7f8040403456) + ram(t4)
seeds["l4_2m"] = header(3, gla=0x7f8040403456) + ram({**t4, 0x3010: q(0x200087)})
seeds["l4_1g"] = header(3, gla=0x7f8040403456) + ram({**t4, 0x2008: q(0x40000087)})
seeds["l4_noncanon"] = header(3, access=8, gla=0x0000800000000000) + ram(t4)
seeds["l4_pkey"] = header(3, crbits=0x51, misc=7, pkru=0xc, gla=0x7f8040403456) + \
    ram({**t4, 0x4018: q(0x5007 | 1 << 59)})
# 4-level recursive self-map
seeds["l4_selfmap"] = header(3, access=1, gla=0xfffffffffffff000) + ram({0x1ff8: q(0x1003)})
# 5-level
t5 = {0x1000: q(0x2007), 0x2800: q(0x3007), 0x3000: q(0x4007), 0x4000: q(0x5007), 0x5000: q(0x6007)}
seeds["l5_4k"] = header(4, access=1, gla=0x0000800000000123) + ram(t5)
# 32-bit, PSE: 4 MiB and 4 KiB
seeds["p32_4m"] = header(1, crbits=0x03, gla=0x00412345) + ram({0x1004: d(0x00c00083)})
seeds["p32_pse36"] = header(1, crbits=0x03, maxphy=4, gla=0x00412345) + \
    ram({0x1004: d(0x00c00083 | 0x12 << 13)})
seeds["p32_4k"] = header(1, crbits=0x01, gla=0x00403123, api=3) + \
    ram({0x1004: d(0x2007), 0x200c: d(0x5007)})
seeds["p32_selfmap"] = header(1, gla=0xfffff123) + ram({0x1ffc: d(0x1003)})
# PAE, memory and cached PDPTEs
tp = {0x1018: q(0x2001), 0x2008: q(0x3003), 0x3008: q(0x4003)}
seeds["pae_4k"] = header(2, gla=0xc0201123, access=1) + ram(tp)
seeds["pae_cached"] = header(2, misc=0xc, gla=0xc0201123, pdptes=(0, 0, 0, 0x2001)) + ram(tp)
seeds["pae_rsvd_pdpte"] = header(2, gla=0xc0201123) + ram({**tp, 0x1018: q(0x2023)})
# flat
seeds["flat"] = header(0, api=2, gla=0xffffff00, length=0x300) + ram({})
# outside RAM
seeds["l4_cr3_far"] = header(3, cr3=0x7ff00000, gla=0x1000) + ram(t4)

for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
print("wrote %d seeds to %s" % (len(seeds), out))
