#!/usr/bin/env python3
"""Measured (docs/data/h200_decode.json, written by tools/device/h200_decode.py on an H200)
against infercalc's decode step for vLLM, as the markdown tables of docs/accuracy.md's
section "Decode step with CUDA graphs, measured on an H200".

    python3 tools/device/h200_decode_compare.py [--cli build/native/infercalc]

Evidence only: nothing here feeds back into a parameter. infercalc's GPU time of a decode
step is its time per output token less the engine's per-step host overhead (the measured
step has no scheduler). Error = predicted / measured - 1.
"""
import argparse
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def estimate(cli, batch, inp, weights="bf16"):
    # Burst of B requests with 2 output tokens: every decode step runs B sequences at a
    # context of inp + 1 tokens, the measured shape.
    args = [cli, "estimate", "--model", "llama-3.1-8b", "--gpu", "h200-sxm", "--engine", "vllm",
            "--weights", weights, "--input", str(inp), "--output", "2", "--batch", str(batch),
            "--workload", "burst", "--max-model-len", str(max(inp + 2, 2048)), "--format", "json"]
    perf = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)["perf"]
    d = perf["decode_ms"]
    # The engine's host time per step is the overhead less the kernels' fixed GPU time.
    return d["memory"], d["compute"], perf["tpot_ms"] - (d["overhead"] - d["kernels"])


def err(pred, meas):
    return f"{(pred / meas - 1) * 100:+.0f} %"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/native/infercalc"))
    ap.add_argument("--data", default=os.path.join(ROOT, "docs/data/h200_decode.json"))
    a = ap.parse_args()
    sec = json.load(open(a.data))["sections"]
    print("| B | context | measured step, graph (ms) | eager (ms) | attention alone (ms) | "
          "infercalc GPU time (ms) | error |")
    print("|---|---|---|---|---|---|---|")
    for p in sec["decode"]["points"]:
        _, _, gpu = estimate(a.cli, p["batch"], p["context"])
        print(f"| {p['batch']} | {p['context']} | {p['step_graph_s'] * 1e3:.2f} | {p['step_eager_s'] * 1e3:.2f} | "
              f"{p['attention_graph_s'] * 1e3:.2f} ({p['attention_gbs']:.0f} GB/s) | {gpu:.2f} | "
              f"{err(gpu, p['step_graph_s'] * 1e3)} |")
    print()
    print("| weights | M | measured weights-only chain (ms) | GB/s | infercalc weights read + GEMMs at batch M (ms) | error |")
    print("|---|---|---|---|---|---|")
    for p in sec["chain"]["points"]:
        # The model's step: max(memory, compute) + overlap x min(...); overlap is 1 in
        # assets/efficiency.json, so the weights' read and the GEMMs' FLOPs add up.
        overlap = json.load(open(os.path.join(ROOT, "assets/efficiency.json")))["overlap"]
        mem, comp, _ = estimate(a.cli, p["m"], 1, p["dtype"])
        pred = max(mem, comp) + overlap * min(mem, comp)
        print(f"| {p['dtype']} | {p['m']} | {p['s'] * 1e3:.2f} | {p['gbs']:.0f} | {pred:.2f} | "
              f"{err(pred, p['s'] * 1e3)} |")


if __name__ == "__main__":
    main()
