#!/usr/bin/env python3
"""Copy shared/reference/calibration_more.csv into assets/calibration_more.csv.

Every column and value of the reference is kept as published. Three columns are added,
each read from the row's own `notes`, so the estimate can run the scenario the source ran:

  workload  burst        B requests submitted together (benchmark_latency, llama-bench,
                         offline LLM.generate with N prompts, request rate inf with N prompts
                         no larger than the engine's running cap);
            concurrency  a closed loop keeping B in flight (--max-concurrency B), or an
                         offline throughput run of many more prompts than fit at once
                         (benchmark_throughput / trtllm-bench with batch = max: steady state);
            rate         Poisson arrivals at `rate` requests/s (benchmark_serving --request-rate).
  rate      requests/s for workload = rate, else empty.
  filled    the cells that were blank in the reference and the value used, with why.
  version   the engine version in the scenario's spelling (`engine_version` knob: "0.6.4",
            "0.9.2-v0" for vLLM's V0 engine, "b3891" for llama.cpp builds), from the
            reference's free-text engine_version; empty where it names no version.
  max_num_seqs, max_num_batched_tokens, max_model_len, enforce_eager, gpu_util
            the engine flags the row's notes quote (--max-num-seqs 32, max_batch_size 512,
            --max-num-batched-tokens 131072, --max-model-len 8192, --enforce-eager,
            --gpu-memory-utilization 0.96); empty where the notes quote none (the engine's
            default applies).
  checkpoint
            the preset of a published checkpoint the notes name when it is laid out unlike
            `weights` on the base model (CHECKPOINTS: Meta's FP8 Llama-3.1-405B keeps attention
            and its first and last layers in BF16); empty otherwise.
The loader (src/core/calibration.cpp) reads all of them into the row's Scenario.

Model and GPU ids are kept as the reference writes them; the calibration loader maps the
ones outside the presets (calibration.cpp: kAliases) where the reference says they are the
same architecture or part. Run from the repository root:

    python3 tools/import_calibration.py ../shared/reference/calibration_more.csv assets/calibration_more.csv
"""
import csv
import re
import sys


def workload(row):
    notes = row["notes"].lower()
    m = re.search(r"request[_ ]rate (\d+(?:\.\d+)?) req/s", notes)
    if m and "poisson" in notes:
        return "rate", m.group(1)
    if "max-concurrency" in notes or "max concurrency" in notes or "closed loop" in notes:
        return "concurrency", ""
    if row["batch"] == "max":
        return "concurrency", ""
    return "burst", ""


# Blank cells, filled from what the row's notes say (the value and the reason are written
# into the `filled` column of each row).
FILLS = [
    # The prompt length the row's own notes give ("sonnet input_len 80").
    (lambda r: r["input"] == "" and re.search(r"input_len (\d+)", r["notes"]), "input",
     lambda r: re.search(r"input_len (\d+)", r["notes"]).group(1), "notes: input_len"),
    # The output the row's notes count ("generated 92 tokens").
    (lambda r: r["output"] == "" and re.search(r"generated (\d+) tokens", r["notes"]), "output",
     lambda r: re.search(r"generated (\d+) tokens", r["notes"]).group(1), "notes: tokens generated"),
    # sonnet dataset, output "up to 150" tokens without ignore_eos: 150.
    # (the TTFT rows of the same sonnet runs do not repeat it: they are the same runs)
    (lambda r: r["output"] == "" and ("150" in r["notes"] or "sonnet input_len" in r["notes"]), "output", "150",
     "notes: up to 150 tokens generated"),
    # Offline LLM.generate on 4-11-word prompts: the Llama 3.2 chat template's system
    # header (about 25 tokens) plus the words, about 40 tokens.
    (lambda r: r["input"] == "" and "4-11 words" in r["notes"], "input", "40",
     "notes: 4-11-word prompts in the chat template, about 40 tokens"),
    # Single-user streaming with lengths not stated: a short chat turn.
    (lambda r: r["input"] == "" and "not stated" in r["notes"], "input", "256",
     "notes: lengths not stated; a short chat turn assumed"),
    (lambda r: r["output"] == "" and "not stated" in r["notes"], "output", "256",
     "notes: lengths not stated; a short chat turn assumed"),
    # Poisson arrivals: the running batch is whatever the queue holds, up to the engine's cap.
    (lambda r: r["batch"] == "" and "poisson" in r["notes"].lower(), "batch", "max",
     "rate workload: concurrency set by the arrivals, capped by the engine"),
]


def version(row):
    text = row["engine_version"]
    engine = row["engine"]
    if engine == "llamacpp":
        m = re.search(r"\((\d{3,5})\)", text)
        return "b" + m.group(1) if m else ""
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", text)
    if not m:
        return ""
    v = m.group(1)
    if engine == "vllm" and "(V0" in text and tuple(int(x) for x in v.split(".")[:2]) >= (0, 8):
        v += "-v0"
    return v


FLAGS = [
    ("max_num_seqs", [r"--max-num-seqs (\d+)", r"max_batch_size (\d+)"]),
    ("max_num_batched_tokens", [r"--max-num-batched-tokens (\d+)", r"max_num_tokens (\d+)"]),
    ("max_model_len", [r"--max-model-len (\d+)", r"max-model-len (\d+)", r"max_model_len (\d+)"]),
    ("gpu_util", [r"--gpu-memory-utilization (\d*\.\d+)", r"gpu_memory_utilization[= ](\d*\.\d+)"]),
]


# Checkpoints the notes name that are presets of their own (assets/models.json, written by
# tools/import_models.py CHECKPOINTS): a pattern over the notes, and the preset id.
CHECKPOINTS = [
    (r"\bmeta-llama/(Meta-)?Llama-3\.1-405B(-Instruct)?-FP8\b(?!-)", "llama-3.1-405b-fp8"),
]


def checkpoint(r):
    return next((pid for pat, pid in CHECKPOINTS if re.search(pat, r["notes"])), "")


def main(src, dst):
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    out = []
    for r in rows:
        filled = []
        for test, col, value, why in FILLS:
            if test(r):
                r[col] = value(r) if callable(value) else value
                filled.append(f"{col}={r[col]} ({why})")
        r["workload"], r["rate"] = workload(r)
        r["filled"] = "; ".join(filled)
        r["version"] = version(r)
        for col, patterns in FLAGS:
            r[col] = ""
            for pat in patterns:
                m = re.search(pat, r["notes"] + " " + r["engine_version"])
                if m:
                    r[col] = m.group(1)
                    break
        r["enforce_eager"] = "1" if "--enforce-eager" in r["notes"] else ""
        r["checkpoint"] = checkpoint(r)
        out.append(r)
    with open(dst, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields + ["workload", "rate", "filled", "version", "max_num_seqs",
                                                   "max_num_batched_tokens", "max_model_len", "enforce_eager", "gpu_util",
                                                   "checkpoint"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
