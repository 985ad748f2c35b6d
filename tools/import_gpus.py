#!/usr/bin/env python3
"""Copies ../shared/reference/gpus.csv into assets/gpus.csv, adding the memory an
engine can use (the driver-visible total) with its source. Run by hand when the
reference changes; the build reads only assets/."""
import csv, sys

# Driver-visible totals seen on real cards (reference/README.md "Traps").
SEEN_MIB = {
    "h100-sxm": (81559, "nvidia-smi total on H100 SXM (reference README: 81,559 MiB)"),
    "h200-sxm": (143771, "nvidia-smi total on H200 (reference README: 143,771 MiB)"),
    "a100-sxm4-40gb": (39.50 * 1024, "PyTorch total on A100 40GB (reference README: 39.50 GiB)"),
    "a100-pcie-40gb": (39.50 * 1024, "PyTorch total on A100 40GB (reference README: 39.50 GiB)"),
}
# Elsewhere: the datasheet figure read as GiB less 0.45 %, the share H100 and H200 lose
# to the driver's reservation (81,559 of 81,920 MiB; 143,771 of 144,384 MiB).
RESERVED_SHARE = 1 - 81559 / 81920

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/gpus.csv"
rows = list(csv.DictReader(open(src, newline="")))
fields = list(rows[0].keys())
i = fields.index("memory_type") + 1
fields[i:i] = ["usable_memory_mib", "usable_memory_source"]
with open("assets/gpus.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for r in rows:
        if r["id"] in SEEN_MIB:
            mib, why = SEEN_MIB[r["id"]]
        else:
            mib = float(r["memory_gb_datasheet"]) * 1024 * (1 - RESERVED_SHARE)
            why = "datasheet GB read as GiB, less the 0.44 % the driver reserves on H100/H200"
        r["usable_memory_mib"] = f"{mib:.0f}"
        r["usable_memory_source"] = why
        w.writerow(r)
print(f"wrote assets/gpus.csv ({len(rows)} GPUs)")
