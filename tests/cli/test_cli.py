#!/usr/bin/env python3
"""CLI contract tests: JSON fields, --help, every bad-input path (exit 2, one line
on stderr naming the field), config import, tables. Usage: test_cli.py PATH/TO/infercalc"""
import csv, json, math, os, subprocess, sys, tempfile

CLI = sys.argv[1]
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
failures = []
passed = 0


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60)


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def walk_numbers(v, path=""):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from walk_numbers(x, path + "." + k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from walk_numbers(x, f"{path}[{i}]")
    elif isinstance(v, float) or isinstance(v, int):
        yield path, v


# The JSON contract.
r = run("estimate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--gpus", "4", "--tp", "4", "--batch", "max",
        "--format", "json")
check(r.returncode == 0, "estimate json exits 0")
j = json.loads(r.stdout)
for key in ["link", "model.total_params", "model.active_params", "memory.weights_bytes_per_gpu",
            "memory.kv_cache_bytes_per_gpu", "memory.activation_bytes_per_gpu", "memory.reserved_bytes_per_gpu",
            "memory.total_bytes_per_gpu", "memory.capacity_bytes_per_gpu", "memory.fits", "memory.kv_bytes_per_token",
            "memory.max_kv_tokens", "memory.max_concurrency", "perf.batch", "perf.ttft_ms", "perf.tpot_ms",
            "perf.e2e_latency_ms", "perf.output_tokens_per_s", "perf.output_tokens_per_s_per_gpu",
            "perf.total_tokens_per_s", "perf.tokens_per_s_per_user", "perf.bound", "perf.band", "warnings",
            "cost.usd_per_million_output_tokens", "energy.kwh_per_million_output_tokens"]:
    node = j
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    check(node is not None, f"json field {key} present")
check(j["memory"]["kv_bytes_per_token"] == 327680, "70B KV bytes per token exact")
check(j["perf"]["bound"] in ("memory", "compute", "communication"), "bound is one of three words")
check(all(math.isfinite(v) for _, v in walk_numbers(j)), "no NaN/inf in JSON")

# Flags override the link.
r = run("estimate", "--link", "#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=2", "--gpu", "h200-sxm", "--format", "json")
j = json.loads(r.stdout)
check(j["scenario"]["gpu"] == "h200-sxm" and j["scenario"]["gpus"] == 2, "flags override --link, link keeps the rest")
check(j["link"] == "#v=1&model=llama-3.1-8b&gpu=h200-sxm&gpus=2", "link printed back")

# Does not fit: memory filled, perf null.
r = run("estimate", "--model", "llama-3.1-405b", "--gpu", "a100-sxm4-40gb", "--format", "json")
j = json.loads(r.stdout)
check(r.returncode == 0 and j["memory"]["fits"] is False and j["perf"]["ttft_ms"] is None, "does-not-fit json")
check(any(w["code"] == "does-not-fit" for w in j["warnings"]), "does-not-fit warning")

# Text and markdown reports.
r = run("estimate", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--gpus", "2", "--tp", "2")
check(r.returncode == 0 and "Time per token" in r.stdout and "Fits:" in r.stdout, "text report")
r = run("estimate", "--model", "llama-3.1-8b", "--format", "markdown")
check(r.returncode == 0 and r.stdout.startswith("# infercalc estimate"), "markdown report")

# Config import from a file.
configs = os.path.join(DATA, "configs")
if os.path.isdir(configs):
    for name in sorted(n for n in os.listdir(configs) if n.endswith(".json")):
        r = run("estimate", "--model-config", os.path.join(configs, name), "--format", "json")
        check(r.returncode == 0 and json.loads(r.stdout)["model"]["total_params"] > 0, f"--model-config {name}")

# Every bad-input path: exit 2, one line on stderr, naming the field.
bad = [
    (["estimate", "--model", "nope"], "model"),
    (["estimate", "--gpu", "nope"], "gpu"),
    (["estimate", "--gpus", "0"], "gpus"),
    (["estimate", "--gpus", "abc"], "gpus"),
    (["estimate", "--gpus", "1000000"], "gpus"),
    (["estimate", "--tp", "-1"], "tp"),
    (["estimate", "--gpus", "4", "--tp", "3"], "gpus"),
    (["estimate", "--pp", "1000"], "pp"),
    (["estimate", "--ep", "2"], "ep"),
    (["estimate", "--weights", "fp7"], "weights"),
    (["estimate", "--kv", "fp4"], "kv"),
    (["estimate", "--input", "1000000000000"], "input"),
    (["estimate", "--input", "-5"], "input"),
    (["estimate", "--output", "0"], "output"),
    (["estimate", "--batch", "lots"], "batch"),
    (["estimate", "--batch", "0"], "batch"),
    (["estimate", "--engine", "ollama"], "engine"),
    (["estimate", "--gpu-util", "1.5"], "gpu-util"),
    (["estimate", "--usd-per-gpu-hour", "-1"], "usd-per-gpu-hour"),
    (["estimate", "--internode-gbps", "0"], "ib"),
    (["estimate", "--format", "xml"], "format"),
    (["estimate", "--link", "#v=9"], "v"),
    (["estimate", "--link", "#v=1&gpus=2&gpus=3"], "gpus"),
    (["estimate", "--model-config", "/nonexistent/config.json"], "model-config"),
    (["estimate", "--model", "llama-3.1-8b", "--model-config", "x.json"], "model"),
    (["estimate", "--bogus-flag"], "bogus-flag"),
    (["calibrate"], "data"),
    (["calibrate", "--data", "/nonexistent.csv"], "data"),
    (["frobnicate"], "frobnicate"),
    (["estimate", "--gpus"], "gpus"),
    ([], "subcommand"),
    # Empty values are refused like any other bad value.
    (["estimate", "--kv", ""], "kv"),
    (["estimate", "--weights", ""], "weights"),
    (["estimate", "--engine", ""], "engine"),
    (["estimate", "--model", ""], "model"),
    (["estimate", "--gpu", ""], "gpu"),
    (["estimate", "--batch", ""], "batch"),
    (["estimate", "--link", ""], "link"),
    (["estimate", "--engine-version", ""], "engine-version"),
    # Engine knobs (docs/engines.md).
    (["estimate", "--engine-version", "latest"], "engine-version"),
    (["estimate", "--engine", "llamacpp", "--engine-version", "0.6.3"], "engine-version"),
    (["estimate", "--max-model-len", "-1"], "max-model-len"),
    (["estimate", "--max-model-len", "1000"], "max-model-len"),
    (["estimate", "--max-num-seqs", "-4"], "max-num-seqs"),
    (["estimate", "--max-num-batched-tokens", "x"], "max-num-batched-tokens"),
    (["estimate", "--block-size", "24"], "block-size"),
    (["estimate", "--link", "#v=1&enforce-eager=2"], "enforce-eager"),
    # Data-parallel attention: MoE only, sglang/vllm only (SGLang v0.4.0, vLLM v0.8.3 #13923).
    (["estimate", "--model", "llama-3.1-70b", "--gpus", "8", "--tp", "8", "--dp-attention"], "dp-attention"),
    (["estimate", "--model", "deepseek-v3", "--gpus", "8", "--tp", "8", "--engine", "trtllm", "--dp-attention"],
     "dp-attention"),
    (["estimate", "--model", "deepseek-v3", "--gpus", "8", "--tp", "8", "--engine-version", "0.8.2", "--dp-attention"],
     "dp-attention"),
    (["estimate", "--link", "#v=1&model=deepseek-v3&gpus=8&tp=8&dp-attention=2"], "dp-attention"),
]
for args, field in bad:
    r = run(*args)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(r.returncode == 2, f"{args} exits 2 (got {r.returncode})")
    check(len(lines) == 1 and field in lines[0], f"{args} one stderr line naming {field!r}: {r.stderr.strip()!r}")

# Engine knobs: flags, link and file spell them the same and round-trip.
knob_flags = ["--engine-version", "0.6.3", "--max-model-len", "8192", "--max-num-seqs", "128",
              "--max-num-batched-tokens", "4096", "--block-size", "32", "--enforce-eager", "--gpu-util", "0.85"]
r = run("estimate", *knob_flags, "--format", "json")
check(r.returncode == 0, "estimate with every engine knob exits 0")
j = json.loads(r.stdout)
knob_link = j["link"]
for key in ["engine-version=0.6.3", "max-model-len=8192", "max-num-seqs=128", "max-num-batched-tokens=4096",
            "block-size=32", "enforce-eager=1", "util=0.85"]:
    check(key in knob_link, f"link carries {key}")
es = j["engine_settings"]
check(es["version"] == "0.5.3" and es["label"] == "V0" and es["max_model_len"] == 8192 and es["block_size"] == 32
      and es["enforce_eager"] is True, "engine_settings in JSON: 0.6.3 runs the 0.5.3 rules (chunked prefill above 32768, chunk 512)")
r2 = run("estimate", "--link", knob_link, "--format", "json")
check(r2.returncode == 0 and json.loads(r2.stdout) == j, "--link of the knob link gives the same report")
r3 = run("estimate", "--link", knob_link, "--enforce-eager=false", "--format", "json")
check(r3.returncode == 0 and "enforce-eager" not in json.loads(r3.stdout)["link"], "--enforce-eager=false turns it off")

# Data-parallel attention: the flag, the link key and the JSON report spell it alike, and
# the launch command carries the engine's own flags for it.
dp_flags = ["--model", "deepseek-v3", "--gpu", "h200-sxm", "--gpus", "8", "--tp", "8", "--ep", "8", "--weights", "fp8",
            "--engine", "sglang", "--dp-attention", "--format", "json"]
r = run("estimate", *dp_flags)
check(r.returncode == 0, "estimate --dp-attention exits 0")
j = json.loads(r.stdout)
check("&dp-attention=1" in j["link"] and j["scenario"]["dp_attention"] is True, "--dp-attention reaches the link and JSON")
check("--enable-dp-attention" in j["launch"]["command"] and "--dp-size 8" in j["launch"]["command"],
      "SGLang launch command has --dp-size 8 --enable-dp-attention")
r2 = run("estimate", "--link", j["link"], "--format", "json")
check(r2.returncode == 0 and json.loads(r2.stdout) == j, "--link of a dp-attention link gives the same report")
r3 = run("estimate", "--link", j["link"], "--dp-attention=false", "--format", "json")
check(r3.returncode == 0 and "dp-attention" not in json.loads(r3.stdout)["link"], "--dp-attention=false turns it off")
# MLA's latent is whole on every TP rank (engines.md section 2); DP attention keeps it once.
check(json.loads(r3.stdout)["memory"]["kv_bytes_per_token_per_gpu"] == 8 * j["memory"]["kv_bytes_per_token_per_gpu"],
      "DeepSeek-V3 TP 8: KV per token per GPU is 8x smaller with DP attention")

# A config.json that is not JSON, and one missing a field.
tmp = "/tmp/infercalc-cli-test-config.json"
with open(tmp, "w") as f:
    f.write("{not json")
r = run("estimate", "--model-config", tmp)
check(r.returncode == 2 and "json" in r.stderr, "broken config.json names json")
with open(tmp, "w") as f:
    json.dump({"model_type": "llama", "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100}, f)
r = run("estimate", "--model-config", tmp)
check(r.returncode == 2 and "hidden_size" in r.stderr, "config missing hidden_size names it")

# --help everywhere.
for sub in [[], ["estimate"], ["scale"], ["gpus"], ["models"], ["bench"], ["calibrate"]]:
    r = run(*sub, "--help")
    check(r.returncode == 0 and "Usage" in r.stdout, f"{sub} --help")

# Scaling curves: TP, PP and TP x PP from 1 to 64 GPUs beside the ideal line.
r = run("scale", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--batch", "16", "--format", "json")
check(r.returncode == 0, "scale json exits 0")
sc = json.loads(r.stdout)
check(set(sc["curves"]) == {"tp", "pp", "tp-pp"}, "scale has three curves")
tp = sc["curves"]["tp"]
check([p["gpus"] for p in tp] == [1, 2, 4, 8, 16, 32, 64], "scale covers 1..64 GPUs")
check(tp[0]["fits"] is False and tp[1]["fits"] is True, "70B BF16 needs two H100")
check(all(p["efficiency"] <= 1.0001 for p in tp if p["fits"]), "no point beats the ideal line")
r = run("scale", "--model", "llama-3.1-70b", "--max-gpus", "0")
check(r.returncode == 2 and "max-gpus" in r.stderr, "scale --max-gpus 0 refused")
r = run("scale", "--gpu", "nope")
check(r.returncode == 2 and "gpu" in r.stderr, "scale --gpu nope refused")

# Tables.
r = run("gpus", "--format", "json")
gpus = json.loads(r.stdout)
check(len(gpus) == 61 and all(g["source"] for g in gpus), "gpus json: 61 with sources")
# Apple GPUs run Metal: vLLM is refused with a reason, llama.cpp is estimated.
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "m2-ultra")
check(r.returncode == 2 and "engine" in r.stderr and "Apple" in r.stderr, "vllm on m2-ultra refused naming engine")
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "m2-ultra", "--engine", "llamacpp", "--format", "json")
check(r.returncode == 0 and json.loads(r.stdout)["memory"]["fits"] is True, "llamacpp on m2-ultra estimated")
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "m4-max", "--engine", "sglang")
check(r.returncode == 2 and "sglang" in r.stderr and "Apple" in r.stderr, "sglang on m4-max refused naming engine")
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "max-1550", "--engine", "trtllm")
check(r.returncode == 2 and "trtllm" in r.stderr and "XPU" in r.stderr, "trtllm on max-1550 refused naming engine")
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "max-1550", "--format", "json")
check(r.returncode == 0 and json.loads(r.stdout)["memory"]["fits"] is True, "vllm on max-1550 estimated")
r = run("models", "--format", "json")
models = json.loads(r.stdout)
check(len(models) == 52, "models json: 34 reference + 17 models of 2025 + Meta's FP8 405B checkpoint")

# Hybrid state and unknown architectures in the JSON report (models_new.csv: Qwen3-Next
# keeps KV on 12 of 48 layers, 24,576 B/token BF16, and a fixed state per sequence of
# 36 x (32 x 128 x 128 + 8192 x 3) elements).
r = run("estimate", "--model", "qwen3-next-80b-a3b", "--gpu", "h200-sxm", "--weights", "fp8", "--format", "json")
j = json.loads(r.stdout)
check(j["memory"]["kv_bytes_per_token"] == 24576, "qwen3-next KV 24576 B/token")
check(j["memory"]["state_bytes_per_sequence"] == 2 * 36 * (32 * 128 * 128 + 8192 * 3), "qwen3-next state per sequence")
check(not j["warnings"] or all(w["code"] != "unknown-architecture" for w in j["warnings"]), "qwen3-next understood")
tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "infercalc_unknown_arch.json")
with open(tmp, "w") as f:
    json.dump({"model_type": "brand_new", "hidden_size": 1024, "num_hidden_layers": 4, "num_attention_heads": 8,
               "intermediate_size": 4096, "vocab_size": 32000, "mamba_d_state": 16}, f)
r = run("estimate", "--model-config", tmp, "--format", "json")
j = json.loads(r.stdout)
unknown = [w for w in j["warnings"] if w["code"] == "unknown-architecture"]
check(r.returncode == 0 and len(unknown) == 1 and "brand_new" in unknown[0]["message"]
      and "mamba_d_state" in unknown[0]["message"], "unknown model_type and mamba_* key said in JSON")
r = run("estimate", "--model-config", tmp)
check("[unknown-architecture]" in r.stdout, "unknown-architecture in the text report")
r = run("estimate", "--model-config", tmp, "--format", "markdown")
check("**unknown-architecture**" in r.stdout and "mamba_d_state" in r.stdout, "unknown-architecture in the Markdown report")
r = run("estimate", "--link", json.loads(run("estimate", "--model-config", tmp, "--format", "json").stdout)["link"],
        "--format", "json")
check(r.returncode == 0 and any(w["code"] == "unknown-architecture" for w in json.loads(r.stdout)["warnings"]),
      "unknown-architecture survives the link")
os.remove(tmp)
# Mamba2 hybrids (tests/data/configs/README.md; worked by hand in tests/core/test_config_mamba2.cpp):
# Falcon-H1 keeps KV on all 4 layers, 4 x 2 x 2 x 64 x 2 = 2048 B/token, and per sequence
# 4 x ((1536 + 2 x 128) x 3 + 24 x 64 x 128) x 2 = 1,615,872 B of Mamba2 state.
r = run("estimate", "--model-config", os.path.join(DATA, "configs", "falcon_h1.json"), "--format", "json")
j = json.loads(r.stdout)
check(r.returncode == 0 and j["memory"]["kv_bytes_per_token"] == 2048
      and j["memory"]["state_bytes_per_sequence"] == 1615872
      and all(w["code"] != "unknown-architecture" for w in j["warnings"]), "falcon_h1 KV and Mamba2 state")
r = run("estimate", "--model-config", os.path.join(DATA, "configs", "granitemoehybrid.json"), "--format", "json")
j = json.loads(r.stdout)
check(r.returncode == 0 and j["memory"]["kv_bytes_per_token"] == 4096
      and j["memory"]["state_bytes_per_sequence"] == 4838400, "granitemoehybrid KV on 2 layers, state on 6")
r = run("bench", "--json", "--seconds", "0.2")
check(r.returncode == 0 and json.loads(r.stdout)["estimates_per_s"] > 0, "bench --json")
r = run("calibrate", "--data", os.path.join(DATA, "..", "..", "assets", "calibration.csv"), "--format", "json")
c = json.loads(r.stdout)
check(r.returncode == 0 and c["median_ape"] <= 20, "calibrate: median <= 20 %")
# The 90th-percentile bound holds on the rows whose source names its engine; the unnamed
# stacks (Splitwise, gpt-fast) are estimated with the default engine's priors only.
with open(os.path.join(DATA, "..", "..", "assets", "calibration.csv"), newline="") as f:
    table = list(csv.reader(f))
eng = table[0].index("engine")
named_csv = os.path.join(tempfile.mkdtemp(), "named.csv")
with open(named_csv, "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows([table[0]] + [row for row in table[1:] if row[eng]])
r = run("calibrate", "--data", named_csv, "--format", "json")
c = json.loads(r.stdout)
check(r.returncode == 0 and c["rows"] >= 60 and c["p90_ape"] <= 50, "calibrate: named engines p90 <= 50 %")
# --write-evidence writes the table the program embeds (assets/evidence.csv) from the
# published files; a path it cannot write is an error naming the flag.
assets_dir = os.path.join(DATA, "..", "..", "assets")
evidence_out = os.path.join(tempfile.mkdtemp(), "evidence.csv")
r = run("calibrate", "--data", os.path.join(assets_dir, "calibration.csv"),
        "--data", os.path.join(assets_dir, "calibration_more.csv"), "--write-evidence", evidence_out)
with open(evidence_out, "rb") as f, open(os.path.join(assets_dir, "evidence.csv"), "rb") as g:
    check(r.returncode == 0 and f.read() == g.read(), "calibrate --write-evidence: the shipped evidence table")
r = run("calibrate", "--data", os.path.join(assets_dir, "calibration.csv"), "--write-evidence", "/nonexistent/dir/e.csv")
check(r.returncode != 0 and "write-evidence" in r.stderr, "calibrate --write-evidence: unwritable path named")

print(f"cli: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
