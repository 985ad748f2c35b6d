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

# gpus_new.csv leaves the compute cells of these rows empty; they are derived from each
# row's own published facts (cores, clock) and a cited per-core figure (derived_compute).
SKIP = set()

# Apple GPU core: 128 FP32 ALUs, FP16 at the FP32 rate (philipturner/metal-benchmarks, as the
# m2-ultra row cites). Apple publishes no M3/M4 GPU clock: the M2 family's measured 1.398 GHz
# is assumed, and the notes (the GPU table's tooltip) say the figure is approximate.
APPLE_GHZ = 1.398
APPLE_GEN = {"m3-max": "M3", "m3-ultra": "M3", "m4-max": "M4"}

# Intel Max 1550: 128 Xe-cores at 1600 MHz (the row's source). Per Xe-core per clock (Intel
# Max Series product brief / oneAPI GPU Optimization Guide, Xe-HPC: 8 XMX matrix engines and
# 8 512-bit vector engines): 4096 dense FP16/BF16 FLOP, 2048 TF32, 8192 INT8 OPS, 256 FP32.
MAX1550_NOTES = (
    "DERIVED compute from the row's 128 Xe-cores x 1600 MHz and the Xe-HPC core (Intel Data Center GPU Max Series "
    "product brief / oneAPI GPU Optimization Guide 'Xe-HPC architecture': each Xe-core has 8 XMX matrix engines and 8 "
    "512-bit vector engines): per Xe-core per clock 4096 dense FP16/BF16 FLOP -> 838.9 TFLOPS, 2048 TF32 -> 419.4, "
    "8192 INT8 OPS -> 1677.7 TOPS, 8 x 16 FP32 lanes x 2 (FMA) = 256 FP32 FLOP -> 52.4 TFLOPS vector (FP64 the same). "
    "These match the commonly quoted 839 / 419 / 1678 / 52 at 1.6 GHz; shipping systems such as Aurora run lower "
    "clocks. No FP8 or FP4 units (cells empty). Two stacks (tiles) of 64 GB each; in the default FLAT mode each stack "
    "is a separate device (half the memory, bandwidth and compute), as the MI250X row's two GCDs. sm_count holds "
    "Xe-cores. Xe Link bandwidth not captured, so GPU-to-GPU traffic is modelled over PCIe. Engines: vLLM (XPU "
    "backend), SGLang, llama.cpp (SYCL), HF transformers (PyTorch xpu) and TGI (Intel GPU image) run here; "
    "TensorRT-LLM, lmdeploy and MLC are refused.")


def derived_compute(n, row):
    """Fills the compute cells gpus_new.csv leaves empty for Apple M3/M4 and Intel Max 1550."""
    if n["id"] in APPLE_GEN:
        gen, cores = APPLE_GEN[n["id"]], int(n["sm_count"])
        tf = round(cores * 128 * 2 * APPLE_GHZ / 1000, 1)
        row["fp32_tflops"] = row["fp16_dense_tflops"] = str(tf)
        row["source"] = n["source"] + ("; philipturner/metal-benchmarks README (Apple GPU core: 128 FP32 ALUs, FP16 at "
                                       "the FP32 rate; M2-family GPU clock measured at 1.398 GHz)")
        kept = n["notes"].replace("fp32/fp16 left EMPTY: no Apple figure, and I found no reputable measured peak "
                                  "(spec databases assume an unverified clock). ", "")
        kept = kept.replace("fp32/fp16 left EMPTY (no Apple or reputable measured figure found). ", "")
        row["notes"] = (f"APPROXIMATE compute: Apple publishes no {gen} GPU clock or TFLOPS, so the M2 family's "
                        f"measured 1.398 GHz is assumed: {cores} cores x 128 FP32 ALUs x 2 FLOP x 1.398 GHz = {tf} "
                        f"TFLOPS FP32 and FP16 (Apple GPUs run FP16 at the FP32 rate; no tensor units). A faster "
                        f"{gen} clock would raise prefill speed in proportion; decode is bound by the "
                        f"{n['mem_bw_gbs']} GB/s. " + kept)
    elif n["id"] == "max-1550":
        per_clock = 128 * 1.6e9 / 1e12  # Xe-cores x clock, in tera
        for col, flop in (("fp32_tflops", 256), ("tf32_dense_tflops", 2048), ("fp16_dense_tflops", 4096),
                          ("bf16_dense_tflops", 4096), ("int8_dense_tops", 8192)):
            row[col] = str(round(per_clock * flop, 1))
        row["notes"] = MAX1550_NOTES

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
        derived_compute(n, row)
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
