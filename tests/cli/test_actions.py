#!/usr/bin/env python3
"""CLI contract tests for issue 13's actions: the launch command and suggestions in
`estimate`, targets as flags, `compare` (two links or one vs= link, text/json/markdown),
and `plan --export dynamo|llm-d` (YAML that PyYAML parses, carrying the plan's replicas,
tp and GPU types). Usage: test_actions.py PATH/TO/infercalc"""
import json
import re, subprocess, sys

import yaml  # PyYAML (python3-yaml): a real YAML parser, not ours

CLI = sys.argv[1]
failures = []
passed = 0


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def bad(args, field):
    r = run(*args)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 2 and len(lines) == 1 and field in lines[0], f"{args} exits 2 naming {field} ({r.stderr!r})")


# --- estimate: launch + suggestions ------------------------------------------------------
# 70B in BF16 needs 141 GB of weights (70.6 B x 2 bytes) against an 80 GB H100.
r = run("estimate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--format", "json")
check(r.returncode == 0, "estimate json exits 0")
j = json.loads(r.stdout)
check(j["memory"]["fits"] is False, "70B bf16 on one H100 does not fit")
check(j["launch"]["engine"] == "vllm" and j["launch"]["command"].startswith("vllm serve meta-llama/Llama-3.1-70B "),
      "launch.command names the engine and the repo")
check(j["targets"]["met"] is False and j["targets"]["problem"] == "does not fit", "targets says what is wrong")
sugg = j["suggestions"]
check(len(sugg) >= 3, f"at least three fixes ({len(sugg)})")
costs = [s["usd_per_million_output_tokens"] for s in sugg]
check(costs == sorted(costs), "fixes ranked by $/M tokens")
fitting = 0
for s in sugg:
    for k in ["kind", "change", "link", "gpus", "ttft_ms", "tpot_ms", "output_tokens_per_s", "usd_per_million_output_tokens"]:
        check(k in s, f"suggestion has {k}")
    back = json.loads(run("estimate", "--link", s["link"], "--format", "json").stdout)
    fitting += back["memory"]["fits"] is True
    check(back["perf"]["output_tokens_per_s"] == s["output_tokens_per_s"], f"{s['change']}: its link gives its numbers")
check(fitting == len(sugg), "every suggested link fits")

# A target as a flag: reachable only with more throughput.
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "8", "--format", "json")
base_tps = json.loads(r.stdout)["perf"]["output_tokens_per_s"]
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "8", "--target-tps", str(base_tps * 2),
        "--format", "json")
j = json.loads(r.stdout)
check("target_tps=" in j["link"], "--target-tps goes into the link")
check(j["targets"]["met"] is False and len(j["suggestions"]) > 0, "a missed target lists fixes")
check(all(s["output_tokens_per_s"] >= base_tps * 2 for s in j["suggestions"]), "every fix meets the target")
r = run("estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm")
check("Launch (vllm):" in r.stdout and "What would make it work" not in r.stdout, "text: launch, no fixes when it works")
bad(["estimate", "--target-ttft", "-5"], "target-ttft")
bad(["estimate", "--target-tps", "abc"], "target-tps")

# Launch flags per engine version (shared reference engines.md section 6): --enable-expert-parallel
# arrived in vLLM v0.8.0 (#14305), so 0.6.3 leaves it out and says why.
for version, has_ep in [("0.6.3", False), ("0.8.0", True)]:
    j = json.loads(run("estimate", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--gpus", "8", "--tp", "8", "--ep", "8",
                       "--engine-version", version, "--format", "json").stdout)
    check(("--enable-expert-parallel" in j["launch"]["command"]) == has_ep, f"vLLM {version}: expert-parallel flag")
    check(has_ep or any("v0.8.0" in n for n in j["launch"]["notes"]), f"vLLM {version}: a note says why")

for engine, prefix in [("sglang", "python -m sglang.launch_server --model-path "), ("trtllm", "trtllm-serve "),
                       ("llamacpp", "llama-server -m ")]:
    j = json.loads(run("estimate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--engine", engine, "--format",
                       "json").stdout)
    check(j["launch"]["command"].startswith(prefix), f"{engine} launch command")

# --- compare ------------------------------------------------------------------------------
A = "#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8"
B = "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2"
r = run("compare", "--link", A, "--link", B, "--format", "json")
check(r.returncode == 0, f"compare exits 0 ({r.stderr!r})")
c = json.loads(r.stdout)
check(len(c["scenarios"]) == 2, "scenarios: two")
check(c["scenarios"][0]["link"] == A and c["scenarios"][1]["link"] == B, "scenarios in the order given")
check([d["key"] for d in c["diff"]["settings"]] == ["gpu", "gpus", "tp"], "settings diff names gpu, gpus, tp")
check(c["diff"]["metrics"]["gpus"]["a"] == 8 and c["diff"]["metrics"]["gpus"]["b"] == 2, "metrics carry both")
for i in range(2):
    one = json.loads(run("estimate", "--link", [A, B][i], "--format", "json").stdout)
    check(c["scenarios"][i]["perf"] == one["perf"], f"compare's scenario {i} is estimate's report")
r2 = run("compare", "--link", c["link"], "--format", "json")
check(r2.returncode == 0 and json.loads(r2.stdout) == c, "the compare link prints the same as the two links")
check("vs=" in c["link"], "compare link carries vs=")
t = run("compare", "--link", A, "--link", B)
check(t.returncode == 0 and "TTFT" in t.stdout and "x" in t.stdout, "compare text")
# The change B - A with its sign (8 GPUs -> 2: -6, a quarter) and the unit of each metric.
gpus_row = [ln for ln in t.stdout.splitlines() if ln.startswith("GPUs ")]
check("B - A (B / A)" in t.stdout and len(gpus_row) == 1 and gpus_row[0].rstrip().endswith("-6 (x0.25)"),
      f"compare text: the GPU change is -6 (x0.25) ({gpus_row})")
mem_row = [ln for ln in t.stdout.splitlines() if ln.startswith("Memory per GPU")]
check(len(mem_row) == 1 and re.search(r"[+-][0-9.]+ GiB \(x[0-9.]+\)$", mem_row[0].rstrip()), f"memory change in GiB ({mem_row})")
m = run("compare", "--link", A, "--link", B, "--format", "markdown")
check(m.returncode == 0 and m.stdout.startswith("# infercalc compare") and "| TTFT |" in m.stdout, "compare markdown")
bad(["compare", "--link", A], "link")
bad(["compare", "--link", A, "--link", "#v=1&gpu=nope"], "gpu")
bad(["compare", "--link", "#v=1&model=llama-3.1-8b&gpu=h100-sxm&vs=v%3D1%26tp%3D0"], "vs.tp")

# --- plan --export --------------------------------------------------------------------------
FLEET = "h100-sxm:8,a100-sxm4-80gb:16"
plan = json.loads(run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--format", "json").stdout)
best = [x for x in plan["best"]["roles"] if x["role"] != "unused"]
LABEL_H100 = "NVIDIA-H100-SXM5-80GB"  # aiconfigurator v0.11.0 facts/hardware.yaml (shared reference deploy.md A5)

r = run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--export", "dynamo", "--dynamo-api", "v1alpha1")
check(r.returncode == 0, f"export dynamo exits 0 ({r.stderr!r})")
docs = [d for d in yaml.safe_load_all(r.stdout) if d is not None]
dgd = [d for d in docs if d.get("kind") == "DynamoGraphDeployment"]
check(len(dgd) == 1 and dgd[0]["apiVersion"] == "nvidia.com/v1alpha1", "one v1alpha1 DynamoGraphDeployment")
services = dgd[0]["spec"]["services"]
check(services["Frontend"]["componentType"] == "frontend", "a Frontend service")
workers = [s for n, s in services.items() if s["componentType"] == "worker"]
check(len(workers) == len(best), f"one worker service per pool ({len(workers)} vs {len(best)})")
for role in best:
    match = [w for w in workers
             if w["replicas"] == role["instances"] and w["resources"]["limits"]["gpu"] == str(role["tp"] * role["pp"])
             and w.get("subComponentType", "colocated") == role["role"]
             and "--tensor-parallel-size" in w["extraPodSpec"]["mainContainer"]["args"]
             and w["extraPodSpec"]["mainContainer"]["args"][w["extraPodSpec"]["mainContainer"]["args"].index(
                 "--tensor-parallel-size") + 1] == str(role["tp"])]
    check(len(match) >= 1, f"dynamo worker for {role}")
    if role["gpu"] == "h100-sxm":
        check(any(w["extraPodSpec"]["nodeSelector"] == {"nvidia.com/gpu.product": LABEL_H100} for w in match),
              "H100 pool selects H100 nodes")

# v1beta1 (the default; shape per deploy.md 1.4: D6 example, D7-D9 types): spec.components
# with unique names matching the CEL pattern, type prefill|decode|worker replacing
# componentType + subComponentType, a container named "main" with an image, GPUs as the
# container resource nvidia.com/gpu, the HF token through envFrom.secretRef.
NAME_RE = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$")  # D8 component name
for engine in ["vllm", "sglang", "trtllm"]:
    r = run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--engine", engine, "--export", "dynamo")
    check(r.returncode == 0, f"export dynamo v1beta1 ({engine}) exits 0 ({r.stderr!r})")
    docs = [d for d in yaml.safe_load_all(r.stdout) if d is not None]
    dgd = [d for d in docs if d.get("kind") == "DynamoGraphDeployment"]
    check(len(dgd) == 1 and dgd[0]["apiVersion"] == "nvidia.com/v1beta1", f"{engine}: default is one v1beta1 DGD")
    check("services" not in dgd[0]["spec"] and dgd[0]["spec"]["backendFramework"] == engine, f"{engine}: v1beta1 spec")
    comps = dgd[0]["spec"]["components"]
    names = [c["name"] for c in comps]
    check(len(comps) <= 25 and len({n.lower() for n in names}) == len(names), f"{engine}: unique names, at most 25")
    check(all(NAME_RE.match(n) and len(n) <= 63 for n in names), f"{engine}: names match D8's pattern {names}")
    check([c["type"] for c in comps if c["type"] == "frontend"] == ["frontend"], f"{engine}: one frontend")
    check(all(c["type"] in {"frontend", "worker", "prefill", "decode"} for c in comps), f"{engine}: types")
    for c in comps:
        mains = [k for k in c["podTemplate"]["spec"]["containers"] if k["name"] == "main"]
        check(len(mains) == 1 and mains[0]["image"].startswith("nvcr.io/nvidia/ai-dynamo/"), f"{engine}: main container")
    pl = json.loads(run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--engine", engine,
                        "--format", "json").stdout)
    pools = [x for x in pl["best"]["roles"] if x["role"] != "unused"]
    workers = [c for c in comps if c["type"] != "frontend"]
    check(len(workers) == len(pools), f"{engine}: one component per pool ({len(workers)} vs {len(pools)})")
    for role in pools:
        want_type = role["role"] if role["role"] in ("prefill", "decode") else "worker"
        match = []
        for c in workers:
            spec = c["podTemplate"]["spec"]
            main = [k for k in spec["containers"] if k["name"] == "main"][0]
            if (c["type"] == want_type and c["replicas"] == role["instances"]
                    and main["resources"]["limits"]["nvidia.com/gpu"] == str(role["tp"] * role["pp"])
                    and spec["nodeSelector"]["nvidia.com/gpu.product"]
                    and main["envFrom"] == [{"secretRef": {"name": "hf-token-secret"}}]):
                match.append((c, spec, main))
        check(len(match) >= 1, f"{engine}: v1beta1 component for {role}")
        if engine == "vllm" and match:
            args = match[0][2]["args"]
            check(args[args.index("--tensor-parallel-size") + 1] == str(role["tp"]), f"vllm: tp {role['tp']} in args")
        if role["gpu"] == "h100-sxm":
            check(any(s["nodeSelector"] == {"nvidia.com/gpu.product": LABEL_H100} for _, s, _ in match),
                  f"{engine}: H100 pool selects H100 nodes")
        if engine == "trtllm" and match:
            # The engine YAML's tensor_parallel_size is the pool's tp (deploy.md 1.5, A6), in the ConfigMap
            # the pod mounts.
            spec = match[0][1]
            cm_name = spec["volumes"][0]["configMap"]["name"]
            cms = [d for d in docs if d.get("kind") == "ConfigMap" and d["metadata"]["name"] == cm_name]
            check(len(cms) == 1, f"trtllm: ConfigMap {cm_name} written")
            if cms:
                engine_yaml = yaml.safe_load(list(cms[0]["data"].values())[0])
                check(engine_yaml["tensor_parallel_size"] == role["tp"], "trtllm: engine YAML tp")
bad(["plan", "--fleet", FLEET, "--export", "dynamo", "--dynamo-api", "v2"], "dynamo-api")

r = run("plan", "--fleet", FLEET, "--model", "llama-3.1-70b", "--export", "llm-d")
check(r.returncode == 0, f"export llm-d exits 0 ({r.stderr!r})")
values = [d for d in yaml.safe_load_all(r.stdout) if d is not None]
check(len(values) >= 1, "at least one values document")
roles_seen = []
# The image is a placeholder (deploy.md pins none; the chart requires one): the header says to replace it.
check("# replace <vllm-image-of-the-llm-d-release> with the vLLM image" in r.stdout, "llm-d: says to set the image")
# values.schema.json (deploy.md 4, M3): additionalProperties false on modelArtifacts, routing,
# accelerator, <role>.parallelism; top-level keys from the chart's values.yaml (deploy.md 2.2, M1).
TOP_KEYS = {"modelArtifacts", "multinode", "accelerator", "routing", "decode", "prefill", "requester", "tracing",
            "extraObjects", "fullnameOverride", "serviceAccountOverride"}
for v in values:
    check(v["modelArtifacts"]["uri"] == "hf://meta-llama/Llama-3.1-70B", "modelArtifacts.uri")
    check(set(v.keys()) <= TOP_KEYS, f"llm-d top-level keys {set(v.keys()) - TOP_KEYS}")
    check(set(v["modelArtifacts"].keys()) <= {"name", "uri", "size", "mountPath", "authSecretName", "readOnly",
                                              "labels"}, "modelArtifacts keys (schema)")
    check(set(v["accelerator"].keys()) <= {"type", "dra"}, "accelerator keys (schema)")
    for name in ["prefill", "decode"]:
        role = v[name]
        if role.get("create") is False:
            continue
        for c in role["containers"]:
            check(c["image"] == "<vllm-image-of-the-llm-d-release>" and c["modelCommand"] == "vllmServe",
                  "llm-d container: the image placeholder, vllm serve")
    check(set(v["routing"].keys()) <= {"servicePort", "proxy"}, "routing has only the chart's keys (schema)")
    for name in ["prefill", "decode"]:
        role = v[name]
        if role.get("create") is False:
            continue
        check(set(role["parallelism"].keys()) <= {"tensor", "data", "dataLocal", "workers"}, "parallelism keys (schema)")
        check(isinstance(role["replicas"], int) and isinstance(role["parallelism"]["tensor"], int), "ints, not strings")
        roles_seen.append((role["replicas"], role["parallelism"]["tensor"], role["nodeSelector"]["nvidia.com/gpu.product"]))
check(len(roles_seen) == len(best), "one modelservice role per pool")
bad(["plan", "--fleet", FLEET, "--export", "kserve"], "export")
bad(["plan", "--fleet", FLEET, "--engine", "llamacpp", "--export", "dynamo"], "export")

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
