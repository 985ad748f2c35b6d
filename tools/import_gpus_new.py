#!/usr/bin/env python3
"""Adds the GPUs of ../shared/reference/gpus_new.csv to assets/gpus.csv (after
tools/import_gpus.py wrote the first 26), applies the
corrections that file's notes describe to existing rows, and fills the `class` column
(datacenter, workstation, consumer, apple) the GPU table groups and filters by.

Idempotent: rows already present are left alone (except the listed corrections), and
columns the asset has that the reference lacks (usable memory, prices) stay as they
are or empty. Run by hand from the repository root; the build reads only assets/.
"""
import csv
import io
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/gpus_new.csv"
OUT = sys.argv[2] if len(sys.argv) > 2 else "assets/gpus.csv"

# Rows left out: no compute figure was found for them (gpus_new.csv leaves FP32, FP16 and
# the tensor rates empty: Apple publishes none, Intel's Max 1550 peaks were not read), and
# the estimate needs one for prefill and compute-bound decode.
SKIP = {"m3-max", "m3-ultra", "m4-max", "max-1550"}

WORKSTATION = {"rtx-pro-6000", "rtx-6000-ada", "rtx-a6000", "w7900"}


def gpu_class(row):
    if row["vendor"] == "Apple":
        return "apple"
    if row["id"] in WORKSTATION:
        return "workstation"
    if row["name"].startswith("GeForce") or row["id"].startswith("rx-"):
        return "consumer"
    return "datacenter"


# Driver-visible memory the reference's notes report (nvidia-smi), MiB.
USABLE_MIB = {
    "rtx-pro-6000": ("97887", "nvidia-smi snapshots of the Workstation Edition in public benchmark repos (gpus_new.csv notes)"),
    "rtx-pro-6000-server": ("97887", "nvidia-smi snapshots of the Server Edition in public benchmark repos (gpus_new.csv notes)"),
}

# Apple: the GPU may wire only Metal's recommendedMaxWorkingSetSize of the unified memory,
# about 3/4 of RAM on large-memory Macs (raisable with sysctl iogpu.wired_limit_mb);
# gpus_new.csv notes. Apple's "192GB" is 192 GiB of RAM.
APPLE_SHARE = 0.75

# The rtx-pro-6000-server row leaves its tensor cells empty; its notes derive them from
# the Workstation Edition's whitepaper rates scaled by the FP32 ratio 120/125 (same GB202
# die, lower clock). Kept DERIVED in the notes.
DERIVED = {
    "rtx-pro-6000-server": {"tf32_dense_tflops": "241.8", "fp16_dense_tflops": "483.6", "bf16_dense_tflops": "483.6",
                            "fp8_dense_tflops": "967.3", "int8_dense_tops": "967.3", "fp4_dense_tflops": "1934.6"},
}

# Corrections to existing rows (shared/reference/README.md, gpus_new.csv notes).
CORRECTIONS = {
    "b200": ({"mem_bw_gbs": "7700", "fp32_tflops": "75"},
             "CORRECTED per the Oct-2025 HGX B200 datasheet: 7.7 TB/s per GPU (was 8 TB/s) and FP32 75 TFLOPS (was 80)."),
    "mi300x": ({"l2_mb": "32"},
               "l2_mb is the L2 (4 MB per XCD x 8 = 32 MB); the 256 MB Infinity Cache (MALL) behind it is not L2 "
               "(corrected from 256)."),
    "rtx-3090-ti": ({"gpu_link": "NVLink bridge (pairs)", "gpu_link_gbs_bidir": "112.5"},
                    "CORRECTED: the RTX 3090 Ti has an NVLink connector (pairs, 112.5 GB/s both ways like the RTX 3090)."),
}


def main():
    text = open(OUT, newline="").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    cols = list(csv.DictReader(io.StringIO(text)).fieldnames)
    if "class" not in cols:
        cols.append("class")
    have = {r["id"] for r in rows}
    for r in rows:
        if r["id"] in CORRECTIONS:
            fix, note = CORRECTIONS[r["id"]]
            if note not in r["notes"]:
                r.update(fix)
                r["notes"] = (r["notes"] + " " if r["notes"] else "") + note
        r["class"] = r.get("class") or gpu_class(r)
    added = 0
    for n in csv.DictReader(open(SRC, newline="")):
        if n["id"] in have or n["id"] in SKIP:
            continue
        row = {c: n.get(c, "") for c in cols}
        # As tools/import_gpus.py does for the first rows: the datasheet GB read as GiB, less
        # the 0.44 % the driver reserves on H100/H200, unless a measured total is known.
        row["usable_memory_mib"] = f"{float(n['memory_gb_datasheet']) * 1024 * 81559 / 81920:.0f}"
        row["usable_memory_source"] = "datasheet GB read as GiB, less the 0.44 % the driver reserves on H100/H200"
        if n["id"] in USABLE_MIB:
            row["usable_memory_mib"], row["usable_memory_source"] = USABLE_MIB[n["id"]]
        if n["vendor"] == "Apple":
            row["usable_memory_mib"] = str(int(float(n["memory_gb_datasheet"]) * 1024 * APPLE_SHARE))
            row["usable_memory_source"] = ("Metal recommendedMaxWorkingSetSize: about 3/4 of the unified memory on "
                                           "large-memory Macs by default (raisable with sysctl iogpu.wired_limit_mb)")
        if n["id"] in DERIVED:
            row.update(DERIVED[n["id"]])
            row["notes"] += " Tensor cells here are DERIVED (workstation rates x 120/125), as the notes describe."
        row["class"] = gpu_class(n)
        rows.append(row)
        added += 1
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in cols})
    open(OUT, "w", newline="").write(out.getvalue())
    print(f"wrote {OUT}: {len(rows)} GPUs ({added} added)")


if __name__ == "__main__":
    main()
