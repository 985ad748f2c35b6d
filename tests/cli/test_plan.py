#!/usr/bin/env python3
"""CLI contract tests for `infercalc plan`: JSON fields for the best and the best
colocated plan, the ranked list, text/markdown output, --bench, and every bad-input
path (exit 2, one line on stderr naming the field). Usage: test_plan.py PATH/TO/infercalc"""
import json, math, subprocess, sys

CLI = sys.argv[1]
failures = []
passed = 0

FLEET = "h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32"


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


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
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        yield path, v


PLAN_FIELDS = ["summary", "kind", "roles", "kv_transfer_bytes_per_request", "kv_transfer_ms", "ttft_ms", "tpot_ms",
               "goodput_rps", "goodput_rps_per_gpu", "usd_per_million_output_tokens", "meets_slo"]

# The JSON contract, on the example fleet.
r = run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--weights", "bf16", "--kv", "bf16", "--engine", "vllm",
        "--rate", "8", "--input", "2048", "--output", "256", "--ttft-slo-ms", "2000", "--tpot-slo-ms", "100",
        "--percentile", "90", "--pool-link", "ib-ndr", "--top", "5", "--format", "json")
check(r.returncode == 0, f"plan json exits 0 ({r.stderr.strip()!r})")
j = json.loads(r.stdout)
for key in ["best", "best_colocated", "plans", "kv_transfer_bytes_per_request", "kv_bytes_per_token", "request"]:
    check(key in j, f"json field {key} present")
for which in ["best", "best_colocated"]:
    plan = j[which]
    check(isinstance(plan, dict), f"{which} is a plan")
    for key in PLAN_FIELDS:
        check(key in plan, f"{which}.{key} present")
    for role in plan["roles"]:
        check(all(k in role for k in ["gpu", "role", "count", "tp", "pp"]), f"{which} role has gpu, role, count, tp, pp")
        check(role["role"] in ("prefill", "decode", "colocated", "unused"), f"{which} role name {role['role']}")
    counts = {}
    for role in plan["roles"]:
        counts[role["gpu"]] = counts.get(role["gpu"], 0) + role["count"]
    check(counts == {"h100-sxm": 8, "a100-sxm4-80gb": 16, "v100-sxm2-32gb": 32}, f"{which} roles cover the fleet")
check(j["kv_bytes_per_token"] == 327680, "70B KV bytes per token")
check(j["kv_transfer_bytes_per_request"] == 2048 * 327680, "KV transfer bytes = 2048 x 327,680")
check(j["best_colocated"]["kind"] == "colocated" and j["best_colocated"]["kv_transfer_bytes_per_request"] == 0,
      "best colocated moves no KV")
check(len(j["plans"]) == 5, "--top 5 lists five plans")
g = [p["goodput_rps"] for p in j["plans"]]
check(g == sorted(g, reverse=True), "plans ranked by goodput")
check(all(p["goodput_rps"] <= 8 + 1e-9 for p in j["plans"]), "goodput never above the offered rate")
check(j["best"]["goodput_rps"] >= j["best_colocated"]["goodput_rps"], "best >= best colocated")
check(all(math.isfinite(v) for _, v in walk_numbers(j)), "no NaN/inf in plan JSON")
if j["best"]["kind"] != "colocated":
    check(j["best"]["kv_transfer_ms"] > 0, "disaggregated best has a KV transfer time")
    check(j["best"]["kv_transfer_ms"] < j["best"]["ttft_ms"], "KV transfer below TTFT")

# Conflicting targets on one GPU type: disaggregation serves more.
r = run("plan", "--fleet", "h100-sxm:16", "--rate", "100", "--ttft-slo-ms", "1000", "--tpot-slo-ms", "40",
        "--format", "json")
j = json.loads(r.stdout)
check(r.returncode == 0 and j["best"]["kind"] != "colocated", "tight TTFT and TPOT: the best plan disaggregates")
check(j["best"]["goodput_rps"] > 1.5 * j["best_colocated"]["goodput_rps"], "disaggregated goodput > 1.5x colocated")

# A fleet the model fits nowhere: no plan, nulls, exit 0.
r = run("plan", "--fleet", "v100-sxm2-16gb:4", "--model", "llama-3.1-70b", "--format", "json")
j = json.loads(r.stdout)
check(r.returncode == 0 and j["best"] is None and j["best_colocated"] is None and j["plans"] == [],
      "does-not-fit fleet: no plans")
r = run("plan", "--fleet", "v100-sxm2-16gb:4", "--model", "llama-3.1-70b")
check(r.returncode == 0 and "fits no" in r.stdout, "does-not-fit fleet: text says the model fits nowhere")

# Other link presets and edits, percentiles, formats.
for link in ["nvlink", "ib-ndr", "ib-hdr", "roce-200", "roce-100", "eth-100", "eth-25"]:
    r = run("plan", "--fleet", "h100-sxm:8", "--pool-link", link, "--format", "json")
    check(r.returncode == 0 and json.loads(r.stdout)["request"]["link"]["id"] == link, f"--pool-link {link}")
r = run("plan", "--fleet", "h100-sxm:8", "--pool-link", "ib-ndr", "--pool-link-gbps", "100", "--pool-link-latency-us",
        "500", "--format", "json")
j = json.loads(r.stdout)
check(j["request"]["link"]["gbps_per_gpu"] == 100 and j["request"]["link"]["latency_us"] == 500, "link edits")
r50 = json.loads(run("plan", "--fleet", "h100-sxm:8", "--percentile", "50", "--input-cv", "1", "--output-cv", "1",
                     "--format", "json").stdout)
r90 = json.loads(run("plan", "--fleet", "h100-sxm:8", "--percentile", "90", "--input-cv", "1", "--output-cv", "1",
                     "--format", "json").stdout)
check(r50["best"]["goodput_rps"] >= r90["best"]["goodput_rps"], "p50 targets are easier than p90")
r = run("plan", "--fleet", "h100-sxm:4,a100-sxm4-80gb:4@1.2")
check(r.returncode == 0 and "Best colocated" in r.stdout and "Top" in r.stdout, "text report")
r = run("plan", "--fleet", "h100-sxm:4", "--format", "markdown")
check(r.returncode == 0 and r.stdout.startswith("# infercalc plan"), "markdown report")
r = run("plan", "--bench", "--bench-seconds", "0.2")
check(r.returncode == 0 and "ms per plan" in r.stdout, "--bench prints the planner's time")
r = run("plan", "--help")
check(r.returncode == 0 and all(f in r.stdout for f in ["--fleet", "--tpot-slo-ms", "--link", "--pool-link", "--catalog",
                                                          "--gpus-available", "--sweep"]), "plan --help")

# --link takes a page link (its Cluster keys included); flags override it, as in `estimate`.
LINK = "#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=512&output=128&tab=cluster&fleet=h100-sxm:4,l40s:8&rate=6&ttft_slo=800&pct=50"
j = json.loads(run("plan", "--link", LINK, "--format", "json").stdout)
check(j["request"]["model"] == "llama-3.1-8b" and j["request"]["fleet"] == "h100-sxm:4,l40s:8", "--link: model and fleet")
check(j["request"]["rate_rps"] == 6 and j["request"]["ttft_slo_ms"] == 800 and j["request"]["percentile"] == 50,
      "--link: rate, ttft_slo, pct")
check(j["request"]["input"] == 512 and j["request"]["output"] == 128, "--link: the scenario's lengths")
j2 = json.loads(run("plan", "--link", LINK, "--rate", "3", "--fleet", "h100-sxm:2", "--format", "json").stdout)
check(j2["request"]["rate_rps"] == 3 and j2["request"]["fleet"] == "h100-sxm:2" and j2["request"]["ttft_slo_ms"] == 800,
      "flags override the link, the rest of the link stays")

# Prices come from the GPU table (assets/gpus.csv usd_per_hour), overridable per fleet entry.
import csv, os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
table = {row["id"]: row for row in csv.DictReader(open(os.path.join(ROOT, "assets", "gpus.csv")))}
j = json.loads(run("plan", "--fleet", "h100-sxm:8,a100-sxm4-80gb:8@1.1", "--format", "json").stdout)
for role in j["best"]["roles"]:
    want = 1.1 if role["gpu"] == "a100-sxm4-80gb" else float(table[role["gpu"]]["usd_per_hour"])
    check(role["usd_per_gpu_hour"] == want, f"price of {role['gpu']}: {role['usd_per_gpu_hour']} == {want}")

# --sweep: points to and past saturation, the knee where goodput < 90 % of offered.
j = json.loads(run("plan", "--fleet", "h100-sxm:8", "--model", "llama-3.1-8b", "--sweep", "--format", "json").stdout)
sw = j["sweep"]
check(len(sw) >= 8 and all(k in sw[0] for k in ["offered_rps", "goodput_rps", "disaggregated_goodput_rps",
                                                 "colocated_goodput_rps", "ttft_ms", "tpot_ms"]), "sweep fields")
check(any(p["goodput_rps"] >= 0.9 * p["offered_rps"] for p in sw), "sweep: points before saturation")
check(any(p["goodput_rps"] < 0.9 * p["offered_rps"] for p in sw), "sweep: points past saturation")
check(all(p["goodput_rps"] <= p["offered_rps"] * (1 + 1e-9) for p in sw), "sweep: goodput never above offered")
check(abs(j["knee_rps"] - j["saturation_rps"] / 0.9) < 1e-6 * j["knee_rps"], "knee = saturation / 0.9")
r = run("plan", "--fleet", "h100-sxm:8", "--model", "llama-3.1-8b", "--sweep")
check(r.returncode == 0 and "saturation" in r.stdout and "knee" in r.stdout, "sweep text")

# --catalog: the cheapest fleet found serves the rate within the targets, within what is available.
r = run("plan", "--catalog", "--gpus-available", "h100-sxm:16,a100-sxm4-80gb:32,l40s:32", "--model", "llama-3.1-8b",
        "--rate", "10", "--format", "json")
check(r.returncode == 0, f"catalog exits 0 ({r.stderr.strip()!r})")
j = json.loads(r.stdout)
c = j["catalog"]
check(j["best"] is not None and j["best"]["goodput_rps"] >= 10 * (1 - 1e-9) and j["best"]["meets_slo"],
      "catalog best serves the rate within targets")
check(c["fleets_searched"] > 3 and c["plans_searched"] > 0, "catalog says how much it searched")
priced = [o for o in c["per_gpu"] if o["plan"]]
check(len(priced) >= 2, "alternatives per GPU type")
check(all(o["plan"]["usd_per_hour"] >= c["best"]["usd_per_hour"] - 1e-9 for o in priced), "best is the cheapest found")
check(abs(j["best"]["usd_per_hour"] - c["best"]["usd_per_hour"]) < 1e-9, "the planned best fleet costs what the search found")

# Every bad-input path: exit 2, one line on stderr, naming the field.
bad = [
    (["plan", "--fleet", "h100-sxm"], "fleet"),
    (["plan", "--fleet", "nope:4"], "fleet"),
    (["plan", "--fleet", "h100-sxm:0"], "fleet"),
    (["plan", "--fleet", "h100-sxm:2,h100-sxm:2"], "fleet"),
    (["plan", "--fleet", "h100-sxm:2@-3"], "fleet"),
    (["plan", "--fleet", ""], "fleet"),
    (["plan", "--model", "nope"], "model"),
    (["plan", "--weights", "fp7"], "weights"),
    (["plan", "--kv", "fp4"], "kv"),
    (["plan", "--engine", "ollama"], "engine"),
    (["plan", "--rate", "0"], "rate"),
    (["plan", "--rate", "abc"], "rate"),
    (["plan", "--input", "0"], "input"),
    (["plan", "--output", "-1"], "output"),
    (["plan", "--input-cv", "-0.5"], "input-cv"),
    (["plan", "--output-cv", "11"], "output-cv"),
    (["plan", "--ttft-slo-ms", "0"], "ttft-slo-ms"),
    (["plan", "--tpot-slo-ms", "-5"], "tpot-slo-ms"),
    (["plan", "--percentile", "10"], "percentile"),
    (["plan", "--pool-link", "carrier-pigeon"], "pool-link"),
    (["plan", "--pool-link-gbps", "0"], "pool-link-gbps"),
    (["plan", "--pool-link-latency-us", "-1"], "pool-link-latency-us"),
    (["plan", "--pool-link-efficiency", "2"], "pool-link-efficiency"),
    (["plan", "--link", "#v=1&rate=-3"], "rate"),
    (["plan", "--link", "#v=1&fleet=h100-sxm:x"], "fleet"),
    (["plan", "--gpus-available", "h100-sxm:8"], "gpus-available"),
    (["plan", "--catalog", "--gpus-available", "nope:8"], "gpus-available"),
    (["plan", "--kv-overlap", "maybe"], "kv-overlap"),
    (["plan", "--top", "0"], "top"),
    (["plan", "--format", "xml"], "format"),
    (["plan", "--gpu-util", "1.5"], "gpu-util"),
    (["plan", "--bench", "--bench-seconds", "-1"], "bench-seconds"),
    (["plan", "--model-config", "/nonexistent/config.json"], "model-config"),
    (["plan", "--bogus"], "bogus"),
]
for args, field in bad:
    r = run(*args)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(r.returncode == 2, f"{args} exits 2 (got {r.returncode})")
    check(len(lines) == 1 and field in lines[0], f"{args} one stderr line naming {field!r}: {r.stderr.strip()!r}")

# Data-parallel attention is searched for MoE models on engines that have it: DeepSeek-V3
# (MLA latent whole on every TP rank) at a high rate on 8 x H200 picks it; a dense model never.
dp_args = ["plan", "--weights", "fp8", "--engine", "sglang", "--fleet", "h200-sxm:8", "--rate", "200", "--input", "1024",
           "--output", "256", "--ttft-slo-ms", "1000000", "--tpot-slo-ms", "1000000", "--format", "json"]
r = run(*dp_args, "--model", "deepseek-v3")
check(r.returncode == 0, "plan DeepSeek-V3 with dp-attention candidates exits 0")
j = json.loads(r.stdout)
check(any(x["dp_attention"] for x in j["best"]["roles"]) and "dp-attention" in j["best"]["summary"],
      f"DeepSeek-V3 at 200 req/s on 8 x H200: the best plan uses data-parallel attention ({j['best']['summary']})")
r = run(*dp_args, "--model", "llama-3.1-70b")
j = json.loads(r.stdout)
check(r.returncode == 0 and not any(x["dp_attention"] for p in j["plans"] for x in p["roles"]),
      "a dense model never gets data-parallel attention")

# The chunked-prefill budget is searched for colocated instances (vLLM, SGLang), and the
# output says how much was searched: {candidates, evaluated, pruned}, candidates = the
# instance shapes plus each shape's other budgets (512, 2048, 8192).
def searched_ok(j, what):
    s = j.get("searched", {})
    check(all(k in s for k in ["candidates", "evaluated", "pruned"]), f"{what}: searched has candidates, evaluated, pruned")
    check(s.get("candidates") == s.get("evaluated", 0) + s.get("pruned", 0), f"{what}: candidates = evaluated + pruned ({s})")
    return s

h100 = ["plan", "--model", "llama-3.1-8b", "--engine", "vllm", "--fleet", "h100-sxm:8", "--format", "json"]
# A loose TPOT target, a tight TTFT one: a smaller budget only adds prefill steps to TTFT,
# so it is pruned. vLLM V1's default on an 80 GB GPU is 8192, the largest searched: 512
# and 2048 pruned for every fitting shape.
r = run(*h100, "--rate", "50", "--ttft-slo-ms", "300", "--tpot-slo-ms", "1000000")
check(r.returncode == 0, f"loose TPOT plan exits 0 ({r.stderr.strip()!r})")
j = json.loads(r.stdout)
s = searched_ok(j, "loose TPOT")
check(s.get("pruned") == 2 * j["profiles"], f"loose TPOT: both smaller budgets pruned for each of {j['profiles']} shapes ({s})")
check(all(x["chunk_default"] and x["chunk_tokens"] == 8192 for p in j["plans"] for x in p["roles"] if x["role"] != "unused"),
      "loose TPOT: every pool runs vLLM's default 8192-token step")
# Long prompts, short answers, a tight TPOT target on one H100 (colocated only): a whole
# 8192-token prompt in one step stalls a short request's few steps; 512 tokens per step
# caps that, so a smaller budget serves more and the plan names it.
long_args = ["plan", "--model", "llama-3.1-8b", "--engine", "vllm", "--fleet", "h100-sxm:1", "--input", "8192",
             "--output", "64", "--input-cv", "1", "--output-cv", "1", "--rate", "1000", "--ttft-slo-ms", "100000",
             "--tpot-slo-ms", "23"]
r = run(*long_args, "--format", "json")
check(r.returncode == 0, f"long-prompt plan exits 0 ({r.stderr.strip()!r})")
j = json.loads(r.stdout)
searched_ok(j, "long prompts")
role = j["best"]["roles"][0] if j["best"] else {}
check(role.get("role") == "colocated" and not role.get("chunk_default", True) and role.get("chunk_tokens", 8192) < 8192,
      f"long prompts, tight TPOT: a smaller chunk budget ({role})")
check(f"chunk {role.get('chunk_tokens')}" in (j["best"] or {}).get("summary", ""), "the plan's summary names its budget")
r = run(*long_args)
check(r.returncode == 0 and "evaluated" in r.stdout and "pruned" in r.stdout, "text report says how many were evaluated and pruned")
r = run(*long_args, "--export", "dynamo")
check(r.returncode == 0 and f"--max-num-batched-tokens" in r.stdout and str(role.get("chunk_tokens")) in r.stdout,
      "the exported worker runs with the chosen budget")

print(f"plan cli: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
