#!/usr/bin/env python3
"""What a serving engine's decode step costs on the GPU itself, measured on one NVIDIA GPU
(made for the H200), as evidence for docs/accuracy.md. Complements h200_evidence.py, which
measured eager transformers; this one measures the step engines run with CUDA graphs:

  1. decode: a Llama-3.1-8B-shaped step (random bf16 weights, no download) captured in a
     CUDA graph, at batch B and context L: the whole step, its 32 attention calls alone,
     and the same step run eagerly (what --enforce-eager costs). Attention reads the KV
     cache the way engines pack GQA: the 4 query heads of a KV head form one query block.
  2. chain: the weights-only part of that step (32 layers of qkv, o, gate_up, down and
     the LM head) in bf16 and in fp8 e4m3 (torch._scaled_mm), graph-captured, M = 16..256:
     how much of the 2x that fp8 weights promise a decode step gets.
  3. moe: one MoE layer's expert GEMMs (gate_up then down) for Mixtral-8x7B and
     Qwen3-30B-A3B shapes at T tokens with top-k routing, as one torch._grouped_mm per
     projection where this PyTorch has it, else a loop over experts; graph-captured.

Writes h200_decode.json and h200_decode.md to --out after every section.
  python3 tools/device/h200_decode.py --out "$OUT"           # on the GPU machine
  python3 tools/device/h200_decode.py --cpu-tiny --out /tmp/x  # logic check on CPU
Timing: CUDA events around graph replays, 3 warm-ups, median of --reps; random data.
"""
import argparse
import json
import os
import statistics
import sys
import time
import traceback

import torch
import torch.nn.functional as F

T0 = time.time()
R = {"script": "tools/device/h200_decode.py", "sections": {}, "errors": {}, "log": []}
A = None

# Llama-3.1-8B config.json: hidden 4096, 32 layers, 32 heads, 8 KV heads, head 128,
# intermediate 14336, vocabulary 128256.
LLAMA8B = dict(hidden=4096, layers=32, heads=32, kv_heads=8, head=128, inter=14336, vocab=128256)
TINY = dict(hidden=256, layers=2, heads=4, kv_heads=2, head=64, inter=512, vocab=1000)
# Mixtral-8x7B: 8 experts of 14336 x 4096, top-2. Qwen3-30B-A3B: 128 experts of 768 x 2048,
# top-8 (their config.json files).
MOE = {"mixtral-8x7b": dict(experts=8, hidden=4096, inter=14336, top_k=2),
       "qwen3-30b-a3b": dict(experts=128, hidden=2048, inter=768, top_k=8)}


def log(msg):
    line = f"[{time.time() - T0:6.1f}s] {msg}"
    print(line, flush=True)
    R["log"].append(line)


def gpu():
    return A.device == "cuda"


def sync():
    if gpu():
        torch.cuda.synchronize()


def timed(fn, reps):
    """Median seconds of one fn() after 3 warm-ups (CUDA events on the GPU)."""
    for _ in range(3):
        fn()
    sync()
    ts = []
    for _ in range(reps):
        if gpu():
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            fn()
            e.record()
            e.synchronize()
            ts.append(s.elapsed_time(e) / 1e3)
        else:
            t = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def graphed(fn):
    """fn captured in a CUDA graph (its replay), or fn itself on the CPU."""
    if not gpu():
        return fn
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(2):
            fn()
    torch.cuda.current_stream().wait_stream(side)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        fn()
    return g.replay


def rand(*shape, dtype=None):
    # In place: a 64 GiB KV cache must not need a second 64 GiB for the scaling.
    return torch.randn(*shape, device=A.device, dtype=dtype or A.dtype).mul_(0.02)


def rms(x, w):
    return x * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + 1e-5).to(x.dtype) * w


def attend(q, k, v):
    sdpa = getattr(F, "scaled_dot_product_attention", None)
    if sdpa is not None:
        return sdpa(q, k, v)
    w = torch.softmax((q @ k.transpose(-1, -2)).float() / q.shape[-1] ** 0.5, -1).to(q.dtype)
    return w @ v


class Model:
    """Llama-3.1-8B's decode step: RMSNorm, fused qkv, GQA attention over a static KV
    cache, o_proj, SwiGLU MLP with fused gate_up, LM head and argmax. RoPE is left out
    (an elementwise op on B x 48 x 128 values per layer)."""

    def __init__(self, c):
        self.c = c
        h, kv = c["hidden"], c["kv_heads"] * c["head"]
        self.layers = [dict(ln1=torch.ones(h, device=A.device, dtype=A.dtype),
                            qkv=rand(h + 2 * kv, h), o=rand(h, h),
                            ln2=torch.ones(h, device=A.device, dtype=A.dtype),
                            gu=rand(2 * c["inter"], h), d=rand(h, c["inter"]))
                       for _ in range(c["layers"])]
        self.norm = torch.ones(h, device=A.device, dtype=A.dtype)
        self.lm = rand(c["vocab"], h)

    def weight_bytes(self):
        n = sum(t.numel() for l in self.layers for t in l.values()) + self.norm.numel() + self.lm.numel()
        return n * self.lm.element_size()

    def attention(self, q, cache, pos):
        c, b = self.c, q[0].shape[0]
        k_new, v_new = q[1], q[2]
        k_all, v_all = cache
        k_all[:, :, pos] = k_new.view(b, c["kv_heads"], c["head"])
        v_all[:, :, pos] = v_new.view(b, c["kv_heads"], c["head"])
        group = c["heads"] // c["kv_heads"]
        qg = q[0].view(b, c["kv_heads"], group, c["head"])
        return attend(qg, k_all, v_all).reshape(b, -1)

    def step(self, x, caches, pos):
        c = self.c
        kv = c["kv_heads"] * c["head"]
        for l, cache in zip(self.layers, caches):
            qkv = F.linear(rms(x, l["ln1"]), l["qkv"])
            q = qkv.split([c["hidden"], kv, kv], -1)
            x = x + F.linear(self.attention(q, cache, pos), l["o"])
            g, u = F.linear(rms(x, l["ln2"]), l["gu"]).chunk(2, -1)
            x = x + F.linear(F.silu(g) * u, l["d"])
        return F.linear(rms(x, self.norm), self.lm).argmax(-1)

    def attention_only(self, qs, caches, pos):
        for q, cache in zip(qs, caches):
            self.attention(q, cache, pos)


def decode_grid():
    if A.cpu_tiny:
        return [(1, 64), (4, 128)]
    grid = []
    for b in (1, 8, 32, 64, 128, 256):
        for ctx in (1024, 4096, 16384, 32768):
            if b * ctx <= 512 * 1024:  # KV 128 KiB per token: at most 64 GiB of cache
                grid.append((b, ctx))
    return grid


def sec_decode(r):
    c = TINY if A.cpu_tiny else LLAMA8B
    m = Model(c)
    r["weight_bytes"] = m.weight_bytes()
    kv_token = 2 * c["layers"] * c["kv_heads"] * c["head"] * m.lm.element_size()
    r["kv_bytes_per_token"] = kv_token
    r["points"] = []
    for b, ctx in decode_grid():
        caches = [(rand(b, c["kv_heads"], ctx, c["head"]), rand(b, c["kv_heads"], ctx, c["head"]))
                  for _ in range(c["layers"])]
        x = rand(b, c["hidden"])
        kv = c["kv_heads"] * c["head"]
        qs = [rand(b, c["hidden"] + 2 * kv).split([c["hidden"], kv, kv], -1) for _ in range(c["layers"])]
        pos = ctx - 1
        p = {"batch": b, "context": ctx}
        p["step_graph_s"] = timed(graphed(lambda: m.step(x, caches, pos)), A.reps)
        p["attention_graph_s"] = timed(graphed(lambda: m.attention_only(qs, caches, pos)), A.reps)
        p["step_eager_s"] = timed(lambda: m.step(x, caches, pos), max(3, A.reps // 4))
        kv_read = b * ctx * kv_token
        p["kv_read_bytes"] = kv_read
        p["attention_gbs"] = kv_read / p["attention_graph_s"] / 1e9
        p["step_gbs"] = (r["weight_bytes"] + kv_read) / p["step_graph_s"] / 1e9
        r["points"].append(p)
        log(f"decode B={b} L={ctx}: step {p['step_graph_s'] * 1e3:.2f} ms graph, "
            f"{p['step_eager_s'] * 1e3:.2f} ms eager; attention {p['attention_graph_s'] * 1e3:.2f} ms "
            f"({p['attention_gbs']:.0f} GB/s)")
        del caches
        if gpu():
            torch.cuda.empty_cache()
        save()


def fp8_linear(x8, w8t, one):
    return torch._scaled_mm(x8, w8t, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)


def sec_chain(r):
    c = TINY if A.cpu_tiny else LLAMA8B
    h, kv = c["hidden"], c["kv_heads"] * c["head"]
    shapes = [(h + 2 * kv, h), (h, h), (2 * c["inter"], h), (h, c["inter"])] * c["layers"]
    shapes.append((c["vocab"], h))
    dtypes = ["bf16"] + ([] if A.cpu_tiny or not hasattr(torch, "_scaled_mm") else ["fp8"])
    r["points"] = []
    for name in dtypes:
        ws = []
        for n, k in shapes:
            w = rand(n, k, dtype=torch.bfloat16 if gpu() else A.dtype)
            # _scaled_mm wants the second operand column-major: the transpose of a row-major W.
            ws.append(w.to(torch.float8_e4m3fn).t() if name == "fp8" else w)
        wbytes = sum(w.numel() * w.element_size() for w in ws)
        one = torch.ones((), device=A.device, dtype=torch.float32)
        for mrows in (16, 64, 256):
            xs = {}
            for n, k in set(shapes):
                x = rand(mrows, k, dtype=ws[0].dtype if name == "bf16" else torch.bfloat16)
                xs[k] = x.to(torch.float8_e4m3fn) if name == "fp8" else x

            def run():
                for (n, k), w in zip(shapes, ws):
                    fp8_linear(xs[k], w, one) if name == "fp8" else F.linear(xs[k], w)
            t = timed(graphed(run), A.reps)
            r["points"].append({"dtype": name, "m": mrows, "s": t, "weight_bytes": wbytes,
                                "gbs": wbytes / t / 1e9})
            log(f"chain {name} M={mrows}: {t * 1e3:.2f} ms, {wbytes / t / 1e9:.0f} GB/s of weights")
        del ws
        save()


def expert_counts(t, e, k, gen):
    """Tokens per expert when t tokens each pick k distinct experts uniformly at random."""
    picks = torch.stack([torch.randperm(e, generator=gen)[:k] for _ in range(t)]).flatten()
    return torch.bincount(picks, minlength=e).tolist()


def moe_layer(spec, t, gen):
    e, h, inter = spec["experts"], spec["hidden"], spec["inter"]
    counts = expert_counts(t, e, spec["top_k"], gen)
    rows = sum(counts)
    # Stored as engines store them, [out, in] per expert; _grouped_mm takes the transpose.
    wgu, wd = rand(e, 2 * inter, h).transpose(-2, -1), rand(e, h, inter).transpose(-2, -1)
    x = rand(rows, h)
    offs = torch.tensor(counts, device=A.device).cumsum(0).to(torch.int32)
    grouped = gpu() and hasattr(torch, "_grouped_mm")

    def run_grouped():
        gu = torch._grouped_mm(x, wgu, offs=offs)
        g, u = gu.chunk(2, -1)
        torch._grouped_mm((F.silu(g) * u).contiguous(), wd, offs=offs)

    def run_loop():
        start = 0
        for i, n in enumerate(counts):
            if n:
                g, u = (x[start:start + n] @ wgu[i]).chunk(2, -1)
                (F.silu(g) * u) @ wd[i]
            start += n
    active = sum(1 for n in counts if n)
    p = {"tokens": t, "rows": rows, "active_experts": active,
         "active_weight_bytes": active * 3 * h * inter * wgu.element_size(),
         "flops": 2 * rows * 3 * h * inter}
    for name, fn in (("grouped", run_grouped), ("loop", run_loop)):
        if name == "grouped" and not grouped:
            continue
        try:
            s = timed(graphed(fn), A.reps)
            p[name + "_s"] = s
            p[name + "_gbs"] = p["active_weight_bytes"] / s / 1e9
            p[name + "_tflops"] = p["flops"] / s / 1e12
        except Exception as exc:  # e.g. alignment rules of _grouped_mm on this version
            p[name + "_error"] = repr(exc)[:300]
    return p


def sec_moe(r):
    gen = torch.Generator().manual_seed(0)
    tokens = (1, 8) if A.cpu_tiny else (1, 8, 64, 512, 4096)
    for model, spec in MOE.items():
        if A.cpu_tiny:
            spec = dict(spec, hidden=64, inter=32)
        r[model] = []
        for t in tokens:
            p = moe_layer(spec, t, gen)
            r[model].append(p)
            log(f"moe {model} T={t}: " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                                   for k, v in p.items() if k != "flops"))
            if gpu():
                torch.cuda.empty_cache()
        save()


def sec_env(r):
    r["torch"] = torch.__version__
    r["python"] = sys.version.split()[0]
    if gpu():
        pr = torch.cuda.get_device_properties(0)
        r.update(name=pr.name, sms=pr.multi_processor_count, total_bytes=pr.total_memory)


def markdown():
    out = ["# h200_decode.py", ""]
    d = R["sections"].get("decode", {})
    if d.get("points"):
        out += ["| B | L | step, graph (ms) | step, eager (ms) | attention alone (ms) | KV read GB/s | "
                "(weights+KV)/step GB/s |", "|---|---|---|---|---|---|---|"]
        for p in d["points"]:
            out.append(f"| {p['batch']} | {p['context']} | {p['step_graph_s'] * 1e3:.2f} | "
                       f"{p['step_eager_s'] * 1e3:.2f} | {p['attention_graph_s'] * 1e3:.2f} | "
                       f"{p['attention_gbs']:.0f} | {p['step_gbs']:.0f} |")
    ch = R["sections"].get("chain", {})
    if ch.get("points"):
        out += ["", "| weights | M | chain (ms) | GB/s of weights |", "|---|---|---|---|"]
        out += [f"| {p['dtype']} | {p['m']} | {p['s'] * 1e3:.2f} | {p['gbs']:.0f} |" for p in ch["points"]]
    for model in MOE:
        pts = R["sections"].get("moe", {}).get(model)
        if pts:
            out += ["", f"{model}:", "| T | rows | active experts | grouped ms | grouped GB/s | "
                    "grouped TFLOP/s | loop ms | loop GB/s |", "|---|---|---|---|---|---|---|---|"]
            for p in pts:
                f = lambda k, s=1.0: f"{p[k] * s:.3g}" if k in p else p.get(k.split('_')[0] + "_error", "-")
                out.append(f"| {p['tokens']} | {p['rows']} | {p['active_experts']} | {f('grouped_s', 1e3)} | "
                           f"{f('grouped_gbs')} | {f('grouped_tflops')} | {f('loop_s', 1e3)} | {f('loop_gbs')} |")
    if R["errors"]:
        out += ["", "errors: " + ", ".join(R["errors"])]
    return "\n".join(out) + "\n"


def save():
    R["elapsed_s"] = round(time.time() - T0, 1)
    os.makedirs(A.out, exist_ok=True)
    with open(os.path.join(A.out, "h200_decode.json"), "w") as f:
        json.dump(R, f, indent=1)
    with open(os.path.join(A.out, "h200_decode.md"), "w") as f:
        f.write(markdown())


def section(name, fn):
    if name in A.skip.split(","):
        return
    log(f"begin {name}")
    R["sections"][name] = {}
    try:
        fn(R["sections"][name])
    except Exception:
        R["errors"][name] = traceback.format_exc()
        log(f"ERROR in {name}:\n{R['errors'][name]}")
    if gpu():
        torch.cuda.empty_cache()
    save()


def main():
    global A
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("OUT", "/tmp/h200_decode"))
    ap.add_argument("--cpu-tiny", action="store_true", help="tiny shapes on the CPU: checks the logic")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: decode,chain,moe")
    A = ap.parse_args()
    A.device = "cpu" if A.cpu_tiny else "cuda"
    A.dtype = torch.float32 if A.cpu_tiny else torch.bfloat16
    torch.manual_seed(0)
    section("env", sec_env)
    section("decode", sec_decode)
    section("chain", sec_chain)
    section("moe", sec_moe)
    log("done")
    save()


if __name__ == "__main__":
    main()
