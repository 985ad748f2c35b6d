#!/usr/bin/env python3
"""Measured (docs/data/h200_evidence.json, written by tools/device/h200_evidence.py on an
H200) against infercalc's own predictions, as the markdown tables of docs/accuracy.md's
section "Measured on an H200".

    python3 tools/device/h200_compare.py [--cli build/native/infercalc]

Evidence only: nothing here feeds back into a parameter. Error = predicted / measured - 1,
as in the calibration table above it.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIB = 2**20


def estimate(cli, batch, inp=1024, out=64):
    args = [cli, "estimate", "--model", "llama-3.1-8b", "--gpu", "h200-sxm", "--engine", "hf",
            "--input", str(inp), "--output", str(out), "--batch", str(batch), "--format", "json",
            # The measurement runs B prompts together through one forward / generate():
            # the burst workload, not a closed loop that refills as requests finish.
            "--workload", "burst"]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def err(pred, meas):
    e = (pred / meas - 1) * 100
    return f"{e:+.0f} %" if abs(e) >= 1 else f"{e:+.2f} %"


def ms(x):
    return f"{x * 1e3:.1f}"


def spread(vals):
    """median [min-max] of per-run values, in ms"""
    return f"{statistics.median(vals) * 1e3:.1f} [{min(vals) * 1e3:.1f}-{max(vals) * 1e3:.1f}]"


def g_square_tflops(runs):
    """bf16 8192^3 rate measured in the first run: the compute floor of a prefill"""
    return runs[0]["sections"]["gemm"]["square"]["tflops"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/native/infercalc"))
    ap.add_argument("--data", default=os.path.join(ROOT, "docs/data/h200_evidence.json"))
    a = ap.parse_args()
    runs = json.load(open(a.data))["runs"]
    eff = json.load(open(os.path.join(ROOT, "assets/efficiency.json")))
    hf = next(e for e in json.load(open(os.path.join(ROOT, "assets/engines.json")))["engines"] if e["id"] == "hf")
    gpu = next(r for r in csv.DictReader(open(os.path.join(ROOT, "assets/gpus.csv"))) if r["id"] == "h200-sxm")
    env = runs[0]["sections"]["env"]
    models = [r["sections"]["model"] for r in runs]
    m0 = models[0]
    p1 = estimate(a.cli, 1)

    print("Memory (runs agree to the byte except where a range is shown):\n")
    print("| quantity | measured | infercalc | error |")
    print("|---|---|---|---|")
    cap = p1["memory"]["capacity_bytes_per_gpu"] / MIB
    smi_total = float(env["smi_before_torch_cuda"]["memory.total"])
    print(f"| GPU memory total, nvidia-smi | {smi_total:,.0f} MiB | {cap:,.0f} MiB (`usable_memory_mib`) | {err(cap, smi_total)} |")
    print(f"| GPU memory total, `torch.cuda.mem_get_info` | {env['mem_get_info_total_mib']:,.0f} MiB | "
          f"{cap:,.0f} MiB | {err(cap, env['mem_get_info_total_mib'])} |")
    print(f"| CUDA context (total - free after the first allocation) | {env['context_and_reserved_mib']:,.0f} MiB | "
          f"{p1['memory']['reserved_bytes_per_gpu'] / MIB:,.0f} MiB (hf `context_gib`, context + allocator slack) | "
          f"{err(p1['memory']['reserved_bytes_per_gpu'] / MIB, env['context_and_reserved_mib'])} |")
    w = m0["weights_allocated_bytes"]
    pw = p1["memory"]["weights_bytes_per_gpu"]
    print(f"| weights, `torch.cuda.memory_allocated` after building | {w:,} B | {pw:,.0f} B | {err(pw, w)} |")
    for row in m0["decode"]:
        b = row["batch"]
        p = estimate(a.cli, b)["memory"]
        pa = p["weights_bytes_per_gpu"] + p["kv_cache_bytes_per_gpu"] + p["activation_bytes_per_gpu"]
        print(f"| batch {b}: peak allocated (prefill 1024 + decode to {row['context_end']}) | "
              f"{row['peak_allocated_bytes'] / 2**30:.2f} GiB | {pa / 2**30:.2f} GiB (weights + KV + activations) | "
              f"{err(pa, row['peak_allocated_bytes'])} |")
        used = [float(mm["decode"][[x["batch"] for x in mm["decode"]].index(b)]["smi_memory_used_mib"]) for mm in models]
        print(f"| batch {b}: nvidia-smi memory.used at the end | {min(used) / 1024:.2f}-{max(used) / 1024:.2f} GiB | "
              f"{p['total_bytes_per_gpu'] / 2**30:.2f} GiB (+ reserve) | {err(p['total_bytes_per_gpu'] / MIB, statistics.median(used))} |")

    # GPU work floor of a decode step: every weight and the KV of the context read once at
    # the read bandwidth measured on this card (median of the runs' torch.sum over 4 GiB)
    rd = statistics.median(r["sections"]["bandwidth"]["reduce_sum_fp32"]["gbs"] for r in runs
                           if "reduce_sum_fp32" in r["sections"].get("bandwidth", {})) * 1e9
    kv_tok = p1["memory"]["kv_bytes_per_token"]

    print("\nSpeed, eager HF (median of the three runs [min-max of the run medians], ms):\n")
    print("| quantity | measured | how | GPU floor | infercalc | error |")
    print("|---|---|---|---|---|---|")
    for b in [1, 8]:
        pre = [next(x for x in mm["prefill"] if x["batch"] == b)["median_s"] for mm in models]
        gen = [next(x for x in mm["generate"] if x["batch"] == b)["t_first_s"] for mm in models]
        pt = estimate(a.cli, b)["perf"]["ttft_ms"] / 1e3
        fl = 2 * m0["param_count"] * b * 1024 / (g_square_tflops(runs) * 1e12)
        print(f"| TTFT batch {b} x 1024 | {spread(pre)} | `model(ids, logits_to_keep=1)` | {ms(fl)} | {ms(pt)} | "
              f"{err(pt, statistics.median(pre))} |")
        print(f"| TTFT batch {b} x 1024 | {spread(gen)} | `generate(max_new_tokens=1)` | {ms(fl)} | {ms(pt)} | "
              f"{err(pt, statistics.median(gen))} |")
    for b in [1, 8, 32, 64]:
        st = [next(x for x in mm["decode"] if x["batch"] == b)["sync"]["median_s"] for mm in models]
        lo = min(next(x for x in mm["decode"] if x["batch"] == b)["sync"]["min_s"] for mm in models)
        p = estimate(a.cli, b)["perf"]
        pt = p["tpot_ms"] / 1e3
        fl = (w + b * 1044 * kv_tok) / rd  # mean context of the timed steps: 1029..1059
        print(f"| TPOT batch {b} | {spread(st)} (fastest step {ms(lo)}) | one `model(tok, past_key_values)` + argmax, "
              f"host sync per step | {ms(fl)} | {ms(pt)} (memory {p['decode_ms']['memory']:.1f} + overhead "
              f"{p['decode_ms']['overhead']:.1f}) | {err(pt, statistics.median(st))} |")
        if b in (1, 8):
            g = [next(x for x in mm["generate"] if x["batch"] == b)["per_token_s"] for mm in models]
            print(f"| TPOT batch {b} | {spread(g)} | `generate`: (t(65 tokens) - t(1)) / 64 | {ms(fl)} | {ms(pt)} | "
                  f"{err(pt, statistics.median(g))} |")

    bw = float(gpu["mem_bw_gbs"])
    bf16 = float(gpu["bf16_dense_tflops"])
    fp8 = float(gpu["fp8_dense_tflops"])
    band = [r["sections"]["bandwidth"] for r in runs if "copy" in r["sections"].get("bandwidth", {})]
    g = runs[0]["sections"]["gemm"]
    f8 = runs[0]["sections"]["fp8"]
    print("\nCeilings the roofline assumes vs what the card gave:\n")
    print("| quantity | measured | datasheet | infercalc (fitted x datasheet; hf engine scale) |")
    print("|---|---|---|---|")
    for k, what in [("copy", "HBM device-to-device copy 4 GiB (read + write)"),
                    ("reduce_sum_fp32", "HBM read-only reduction 4 GiB (`torch.sum`)"),
                    ("fill", "HBM write-only fill 4 GiB")]:
        v = [x[k]["gbs"] for x in band]
        print(f"| {what} | {min(v):,.0f}-{max(v):,.0f} GB/s ({min(v) / bw * 100:.0f}-{max(v) / bw * 100:.0f} %) | "
              f"{bw:,.0f} GB/s | {bw * eff['bandwidth']:,.0f} GB/s; x{hf['bandwidth_scale']} = "
              f"{bw * eff['bandwidth'] * hf['bandwidth_scale']:,.0f} GB/s |")
    print(f"| bf16 GEMM 8192^3 | {g['square']['tflops']:.0f} TFLOP/s ({g['square']['tflops'] / bf16 * 100:.0f} %) | "
          f"{bf16:.1f} | {bf16 * eff['compute16']:.0f}; x{hf['compute_scale']} = "
          f"{bf16 * eff['compute16'] * hf['compute_scale']:.0f} TFLOP/s |")
    print(f"| fp8 e4m3 GEMM 8192^3 (`torch._scaled_mm`) | {f8['square']['tflops']:.0f} TFLOP/s "
          f"({f8['square']['tflops'] / fp8 * 100:.0f} %) | {fp8:.0f} | {fp8 * eff['compute8']:.0f} TFLOP/s |")

    print("\nbf16 `F.linear` at Llama-3.1-8B's shapes (one run; L2 defeated by rotating weight copies; "
          "GB/s counts x, W and y once):\n")
    Ms = [1, 8, 64, 256, 1024, 8192]
    print("| weight [N x K] | " + " | ".join(f"M={M}" for M in Ms) + " |")
    print("|---|" + "---|" * len(Ms))
    for shape in dict.fromkeys(x["shape"] for x in g["llama_shapes_bf16"]):
        rows = {x["M"]: x for x in g["llama_shapes_bf16"] if x["shape"] == shape}
        r0 = rows[Ms[0]]
        cells = [f"{rows[M]['median_s'] * 1e6:.0f} us, {rows[M]['gbs']:,.0f} GB/s, {rows[M]['tflops']:.0f} TF/s"
                 for M in Ms]
        print(f"| {shape} [{r0['N']} x {r0['K']}] | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
