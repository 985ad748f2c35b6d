#!/usr/bin/env python3
"""Hardware evidence for docs/accuracy.md, measured on one NVIDIA GPU (made for the H200).

One prepared run, because device time is scarce (15 minutes a session): it measures
  1. the memory the driver shows (nvidia-smi, torch.cuda.mem_get_info),
  2. HBM bandwidth (device-to-device copy, read-only reduction, fill) over >= 4 GiB,
  3. dense GEMM rates: bf16 8192^3, Llama-3.1-8B's projection shapes at M = 1..8192
     (decode-like skinny GEMMs: achieved TFLOP/s and GB/s), fp8 e4m3 via torch._scaled_mm,
  4. a Llama-3.1-8B-shaped model with random weights (no download: built from a config
     dict; transformers' LlamaForCausalLM with sdpa attention, else a minimal hand-written
     Llama), plain eager PyTorch as `infercalc --engine hf` models it: weight bytes,
     prefill 1x1024 and 8x1024, decode step at batch 1/8/32/64 over a ~1024-token KV
     cache, and generate() itself at batch 1 and 8.
Writes h200_evidence.json and h200_evidence.md to --out (default $OUT) after every
section, so a run cut short still returns what it measured.

Timing follows /work/.library/device/METHOD.md: CUDA events, warm-up first, medians,
random data (never zeros), L2 defeated by rotating weight copies.

  python3 tools/device/h200_evidence.py --out "$OUT"          # on the GPU machine
  python3 tools/device/h200_evidence.py --cpu-tiny --out /tmp/x  # logic check, tiny sizes, CPU

The device tool sends the session's own checkout, not a helper's worktree: from a
worktree, copy this file into an ignored folder of that checkout and name it in `carry`.
docs/accuracy.md ("Measured on an H200") compares the output with infercalc's estimates
through tools/device/h200_compare.py.
"""
import argparse
import contextlib
import gc
import inspect
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback

import torch
import torch.nn.functional as F

T0 = time.time()
RESULT = {"script": "tools/device/h200_evidence.py", "sections": {}, "errors": {}, "log": []}
ARGS = None

# Llama-3.1-8B (meta-llama/Llama-3.1-8B config.json): hidden 4096, 32 layers, 32 heads,
# 8 KV heads, intermediate 14336, vocabulary 128256, RoPE theta 500000, untied head.
LLAMA31_8B = dict(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32,
                  num_key_value_heads=8, intermediate_size=14336, vocab_size=128256,
                  rms_norm_eps=1e-5, rope_theta=500000.0, max_position_embeddings=8192,
                  tie_word_embeddings=False)
TINY = dict(hidden_size=256, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, intermediate_size=512, vocab_size=1000,
            rms_norm_eps=1e-5, rope_theta=500000.0, max_position_embeddings=512,
            tie_word_embeddings=False)


def log(msg):
    line = f"[{time.time() - T0:7.1f}s] {msg}"
    print(line, flush=True)
    RESULT["log"].append(line)


def cuda():
    return ARGS.device == "cuda"


def sync():
    if cuda():
        torch.cuda.synchronize()


def elapsed():
    return time.time() - T0


def smi(query):
    try:
        out = subprocess.run(["nvidia-smi", f"--query-gpu={query}", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=30)
        vals = [v.strip() for v in out.stdout.strip().splitlines()[0].split(",")]
        return dict(zip(query.split(","), vals))
    except Exception as e:  # no nvidia-smi on the CPU check
        return {"error": repr(e)}


def timed(fn, reps, warmup, per_call=1, sleep_cycles=0):
    """Median/min/max seconds of one call of fn. With per_call > 1, fn is called per_call
    times between the events and the time divided. sleep_cycles > 0 queues a GPU sleep
    before the start event so the host enqueues all calls while the GPU is busy: the
    interval is then GPU execution only, not launch rate."""
    for _ in range(warmup):
        fn()
    sync()
    ts = []
    for _ in range(reps):
        if cuda():
            s = torch.cuda.Event(enable_timing=True)
            e = torch.cuda.Event(enable_timing=True)
            if sleep_cycles and hasattr(torch.cuda, "_sleep"):
                torch.cuda._sleep(sleep_cycles)
            s.record()
            for _ in range(per_call):
                fn()
            e.record()
            e.synchronize()
            ts.append(s.elapsed_time(e) / 1e3 / per_call)
        else:
            t = time.perf_counter()
            for _ in range(per_call):
                fn()
            ts.append((time.perf_counter() - t) / per_call)
    return {"median_s": statistics.median(ts), "min_s": min(ts), "max_s": max(ts), "n": len(ts)}


def save():
    RESULT["elapsed_s"] = round(elapsed(), 1)
    os.makedirs(ARGS.out, exist_ok=True)
    with open(os.path.join(ARGS.out, "h200_evidence.json"), "w") as f:
        json.dump(RESULT, f, indent=1, default=str)
    with open(os.path.join(ARGS.out, "h200_evidence.md"), "w") as f:
        f.write(markdown())


def section(name, fn, budget_s=None):
    if name in ARGS.skip.split(","):
        log(f"skip {name}")
        return
    if budget_s is not None and elapsed() > budget_s:
        log(f"skip {name}: {elapsed():.0f}s elapsed > budget {budget_s}s")
        RESULT["errors"][name] = "skipped: time budget"
        save()
        return
    log(f"begin {name}")
    RESULT["sections"][name] = {}
    try:
        fn(RESULT["sections"][name])
    except Exception:
        RESULT["errors"][name] = traceback.format_exc()
        log(f"ERROR in {name}:\n{RESULT['errors'][name]}")
    if cuda():
        torch.cuda.empty_cache()
    log(f"end {name}")
    save()


# ---------------------------------------------------------------- 1. environment / memory
def sec_env(r):
    r["python"] = sys.version.split()[0]
    r["torch"] = torch.__version__
    r["torch_cuda"] = torch.version.cuda
    r["platform"] = platform.platform()
    try:
        import transformers
        r["transformers"] = transformers.__version__
    except Exception as e:
        r["transformers"] = f"absent: {e!r}"
    r["smi_before_torch_cuda"] = smi("name,memory.total,memory.used,memory.free,driver_version,"
                                     "clocks.sm,clocks.mem,clocks.max.sm,power.limit,temperature.gpu")
    if not cuda():
        return
    torch.cuda.init()
    torch.empty(1, device="cuda")  # create the context
    free, total = torch.cuda.mem_get_info()
    p = torch.cuda.get_device_properties(0)
    r["device_name"] = p.name
    r["sm_count"] = p.multi_processor_count
    r["l2_bytes"] = getattr(p, "L2_cache_size", None)
    r["props_total_memory_bytes"] = p.total_memory
    r["mem_get_info_total_bytes"] = total
    r["mem_get_info_free_bytes"] = free
    r["mem_get_info_total_mib"] = total / 2**20
    r["mem_get_info_free_mib"] = free / 2**20
    r["context_and_reserved_mib"] = (total - free) / 2**20  # what one process's context takes
    r["smi_after_context"] = smi("memory.total,memory.used,memory.free")


# ---------------------------------------------------------------- 2. HBM bandwidth
def sec_bandwidth(r):
    nbytes = (16 << 20) if ARGS.cpu_tiny else (4 << 30)
    n = nbytes // 4
    src = torch.empty(n, dtype=torch.float32, device=ARGS.device).normal_()
    dst = torch.empty_like(src)
    reps, warm = 10, 3
    r["bytes_per_buffer"] = nbytes
    t = timed(lambda: dst.copy_(src), reps, warm)
    r["copy"] = dict(t, bytes_moved=2 * nbytes, gbs=2 * nbytes / t["median_s"] / 1e9,
                     note="read + write counted")
    t = timed(lambda: torch.sum(src), reps, warm)
    r["reduce_sum_fp32"] = dict(t, bytes_moved=nbytes, gbs=nbytes / t["median_s"] / 1e9,
                                note="read only")
    t = timed(lambda: torch.amax(src), reps, warm)
    r["reduce_amax_fp32"] = dict(t, bytes_moved=nbytes, gbs=nbytes / t["median_s"] / 1e9,
                                 note="read only")
    t = timed(lambda: dst.fill_(1.5), reps, warm)
    r["fill"] = dict(t, bytes_moved=nbytes, gbs=nbytes / t["median_s"] / 1e9, note="write only")
    del src, dst


# ---------------------------------------------------------------- 3. GEMMs
def gemm_shapes():
    if ARGS.cpu_tiny:
        return [("tiny", 64, 128)], [1, 8, 64]
    h, kv, inter, vocab = 4096, 1024, 14336, 128256
    # (name, K, N) of Llama-3.1-8B's projections: y[M,N] = x[M,K] @ W[N,K]^T as nn.Linear does
    shapes = [("q_proj/o_proj", h, h), ("k_proj/v_proj", h, kv), ("qkv fused", h, h + 2 * kv),
              ("gate/up_proj", h, inter), ("gate+up fused", h, 2 * inter),
              ("down_proj", inter, h), ("lm_head", h, vocab)]
    return shapes, [1, 8, 32, 64, 128, 256, 1024, 8192]


def bench_linear(M, K, N, dtype, target_bytes):
    dev = ARGS.device
    wbytes = K * N * torch.tensor([], dtype=dtype).element_size()
    copies = max(1, min(32, math.ceil(target_bytes / wbytes)))
    ws = [torch.randn(N, K, device=dev, dtype=dtype) for _ in range(copies)]
    x = torch.randn(M, K, device=dev, dtype=dtype)
    i = [0]

    def fn():
        i[0] = (i[0] + 1) % copies
        return F.linear(x, ws[i[0]])
    per_call = 1 if ARGS.cpu_tiny else max(4, copies)
    t = timed(fn, reps=10, warmup=3, per_call=per_call, sleep_cycles=0 if ARGS.cpu_tiny else 20_000_000)
    flops = 2 * M * N * K
    el = 2
    byts = (M * K + K * N + M * N) * el
    del ws, x
    return dict(t, M=M, K=K, N=N, copies=copies, calls_per_sample=per_call,
                tflops=flops / t["median_s"] / 1e12, gbs=byts / t["median_s"] / 1e9,
                bytes_min=byts, flops=flops)


def sec_gemm(r):
    dt = torch.bfloat16
    if ARGS.cpu_tiny:
        r["square"] = bench_linear(256, 256, 256, dt, 0)
    else:
        r["square"] = bench_linear(8192, 8192, 8192, dt, 0)
        r["square"]["note"] = "8192^3 bf16, random data"
    shapes, Ms = gemm_shapes()
    rows = []
    for name, K, N in shapes:
        for M in Ms:
            row = bench_linear(M, K, N, dt, 0 if ARGS.cpu_tiny else (256 << 20))
            row["shape"] = name
            rows.append(row)
        log(f"gemm {name}: " + ", ".join(f"M={x['M']} {x['tflops']:.0f}TF/{x['gbs']:.0f}GB/s"
                                          for x in rows if x["shape"] == name))
    r["llama_shapes_bf16"] = rows


def sec_fp8(r):
    if not cuda() or not hasattr(torch, "float8_e4m3fn") or not hasattr(torch, "_scaled_mm"):
        r["available"] = False
        return
    one = torch.tensor(1.0, device="cuda", dtype=torch.float32)

    def run(M, K, N, target_bytes):
        copies = max(1, min(32, math.ceil(target_bytes / (K * N))))
        ws = [(torch.randn(N, K, device="cuda") * 0.5).to(torch.float8_e4m3fn) for _ in range(copies)]
        a = (torch.randn(M, K, device="cuda") * 0.5).to(torch.float8_e4m3fn)
        i = [0]

        def fn():
            i[0] = (i[0] + 1) % copies
            # b must be column-major: W[N,K] row-major transposed is exactly that
            return torch._scaled_mm(a, ws[i[0]].t(), scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
        fn()
        t = timed(fn, reps=10, warmup=3, per_call=max(4, copies), sleep_cycles=20_000_000)
        byts = M * K + K * N + M * N * 2
        return dict(t, M=M, K=K, N=N, copies=copies, tflops=2 * M * N * K / t["median_s"] / 1e12,
                    gbs=byts / t["median_s"] / 1e9)
    # correctness against bf16 on the same fp8-rounded inputs (METHOD.md: relative error)
    a = torch.randn(256, 512, device="cuda").to(torch.float8_e4m3fn)
    w = torch.randn(384, 512, device="cuda").to(torch.float8_e4m3fn)
    out = torch._scaled_mm(a, w.t(), scale_a=one, scale_b=one, out_dtype=torch.float32)
    ref = a.double() @ w.double().t()
    r["rel_err_vs_fp64"] = float((out.double() - ref).norm() / ref.norm())
    r["available"] = True
    r["square"] = run(8192, 8192, 8192, 0)
    rows = []
    for M in [16, 64, 256, 1024, 8192]:
        try:
            row = run(M, 4096, 14336, 256 << 20)
            row["shape"] = "gate/up_proj"
            rows.append(row)
        except Exception as e:
            rows.append({"M": M, "error": repr(e)})
    r["gate_up_fp8"] = rows


# ---------------------------------------------------------------- 4. model
class RMSNorm(torch.nn.Module):
    def __init__(self, h, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):
        v = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(v + self.eps)).to(x.dtype)


def rope(x, pos, theta):
    d = x.shape[-1]
    inv = 1.0 / (theta ** (torch.arange(0, d, 2, device=x.device, dtype=torch.float32) / d))
    f = pos[:, None].float() * inv[None]
    emb = torch.cat([f, f], -1)
    cos, sin = emb.cos().to(x.dtype), emb.sin().to(x.dtype)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin


def attention(q, k, v, causal):
    if hasattr(F, "scaled_dot_product_attention"):
        rep = q.shape[1] // k.shape[1]
        k = k.repeat_interleave(rep, 1)
        v = v.repeat_interleave(rep, 1)
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    rep = q.shape[1] // k.shape[1]
    k = k.repeat_interleave(rep, 1)
    v = v.repeat_interleave(rep, 1)
    s = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    if causal:
        L = q.shape[2]
        s = s.masked_fill(torch.ones(L, L, dtype=torch.bool, device=q.device).triu(1), float("-inf"))
    return s.float().softmax(-1).to(q.dtype) @ v


class Layer(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        h, hd = c["hidden_size"], c["hidden_size"] // c["num_attention_heads"]
        self.nh, self.nkv, self.hd, self.theta = c["num_attention_heads"], c["num_key_value_heads"], hd, c["rope_theta"]
        L = lambda i, o: torch.nn.Linear(i, o, bias=False)
        self.q_proj, self.k_proj = L(h, self.nh * hd), L(h, self.nkv * hd)
        self.v_proj, self.o_proj = L(h, self.nkv * hd), L(self.nh * hd, h)
        self.gate_proj, self.up_proj = L(h, c["intermediate_size"]), L(h, c["intermediate_size"])
        self.down_proj = L(c["intermediate_size"], h)
        self.input_layernorm = RMSNorm(h, c["rms_norm_eps"])
        self.post_attention_layernorm = RMSNorm(h, c["rms_norm_eps"])

    def forward(self, x, pos, cache):
        B, T, _ = x.shape
        y = self.input_layernorm(x)
        q = self.q_proj(y).view(B, T, self.nh, self.hd).transpose(1, 2)
        k = self.k_proj(y).view(B, T, self.nkv, self.hd).transpose(1, 2)
        v = self.v_proj(y).view(B, T, self.nkv, self.hd).transpose(1, 2)
        q, k = rope(q, pos, self.theta), rope(k, pos, self.theta)
        if cache is not None and cache[0] is not None:  # grow by concatenation, as HF's DynamicCache
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        a = attention(q, k, v, causal=T > 1)
        x = x + self.o_proj(a.transpose(1, 2).reshape(B, T, -1))
        y = self.post_attention_layernorm(x)
        x = x + self.down_proj(F.silu(self.gate_proj(y)) * self.up_proj(y))
        return x, (k, v)


class MiniLlama(torch.nn.Module):
    """Fallback when transformers is absent: same tensors and shapes as HF Llama."""
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = torch.nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.lm_head = torch.nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)

    def forward(self, ids, cache=None):
        past = 0 if cache is None else cache[0][0].shape[2]
        pos = torch.arange(past, past + ids.shape[1], device=ids.device)
        x = self.embed_tokens(ids)
        new = []
        for i, l in enumerate(self.layers):
            x, kv = l(x, pos, None if cache is None else cache[i])
            new.append(kv)
        return self.lm_head(self.norm(x[:, -1:])), new


def build_on(dev):
    """Construct modules directly on the device (torch >= 2.0), so 8B parameters are
    initialised there rather than on the host; older torch builds on the host."""
    d = torch.device(dev)
    return d if hasattr(d, "__enter__") else contextlib.nullcontext()


class Runner:
    """One interface over HF LlamaForCausalLM or MiniLlama: prefill(ids) -> (logits, cache),
    step(tok, cache) -> (logits, cache)."""
    def __init__(self, cfg, impl):
        self.impl = impl
        dev, dt = ARGS.device, torch.bfloat16
        if impl == "hf":
            from transformers import LlamaConfig, LlamaForCausalLM
            try:
                config = LlamaConfig(**cfg, attn_implementation="sdpa")
            except TypeError:
                config = LlamaConfig(**cfg)
            old = torch.get_default_dtype()
            torch.set_default_dtype(dt)
            try:
                with build_on(dev):
                    self.model = LlamaForCausalLM(config)
            finally:
                torch.set_default_dtype(old)
            self.model.to(device=dev, dtype=dt)  # no-op when built in place; safety otherwise
            self.attn = getattr(self.model.config, "_attn_implementation", None)
            sig = inspect.signature(self.model.forward).parameters
            self.keep = "logits_to_keep" if "logits_to_keep" in sig else (
                "num_logits_to_keep" if "num_logits_to_keep" in sig else None)
        else:
            old = torch.get_default_dtype()
            torch.set_default_dtype(dt)
            try:
                with build_on(dev):
                    self.model = MiniLlama(cfg)
            finally:
                torch.set_default_dtype(old)
            self.model.to(device=dev, dtype=dt)
            self.attn = "F.scaled_dot_product_attention" if hasattr(F, "scaled_dot_product_attention") else "manual"
            self.keep = None
        self.model.eval()

    def prefill(self, ids):
        if self.impl == "hf":
            kw = {self.keep: 1} if self.keep else {}
            out = self.model(input_ids=ids, use_cache=True, **kw)
            return out.logits, out.past_key_values
        return self.model(ids)

    def step(self, tok, cache):
        if self.impl == "hf":
            out = self.model(input_ids=tok, past_key_values=cache, use_cache=True)
            return out.logits, out.past_key_values
        return self.model(tok, cache)


def expected_params(c):
    h, L, V, I = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"], c["intermediate_size"]
    kvd = c["num_key_value_heads"] * (h // c["num_attention_heads"])
    per_layer = 2 * h * h + 2 * h * kvd + 3 * h * I + 2 * h
    return V * h * (1 if c["tie_word_embeddings"] else 2) + L * per_layer + h


def sec_model(r):
    impl = ARGS.impl
    if impl == "auto":
        try:
            import transformers  # noqa: F401
            impl = "hf"
        except Exception:
            impl = "mini"
    if impl == "hf":
        try:
            measure_model(r, "hf")
            return
        except Exception:
            err = traceback.format_exc()
            log("HF model failed, measuring MiniLlama instead:\n" + err)
            partial = dict(r)
            r.clear()
            r["hf_partial"] = partial
            r["hf_error"] = err
        gc.collect()
        if cuda():
            torch.cuda.empty_cache()
    measure_model(r, "mini")


def measure_model(r, impl):
    cfg = TINY if ARGS.cpu_tiny else LLAMA31_8B
    seq = 64 if ARGS.cpu_tiny else 1024
    batches = [1, 2] if ARGS.cpu_tiny else [int(b) for b in ARGS.decode_batches.split(",")]
    steps_warm, steps = (2, 5) if ARGS.cpu_tiny else (5, 30)
    V = cfg["vocab_size"]
    r["config"] = cfg
    if cuda():
        torch.cuda.reset_peak_memory_stats()
    a0 = torch.cuda.memory_allocated() if cuda() else 0
    t = time.time()
    try:
        run = Runner(cfg, impl)
    except Exception:
        if impl != "hf":
            raise
        r["hf_build_error"] = traceback.format_exc()
        log("HF build failed, falling back to MiniLlama:\n" + r["hf_build_error"])
        if cuda():
            torch.cuda.empty_cache()
        impl = "mini"
        run = Runner(cfg, impl)
    sync()
    r["impl"] = impl
    r["attn_implementation"] = run.attn
    r["logits_to_keep_arg"] = run.keep
    r["build_s"] = time.time() - t
    nparams = sum(p.numel() for p in run.model.parameters())
    r["param_count"] = nparams
    r["param_count_expected"] = expected_params(cfg)
    r["param_bytes_2x"] = 2 * nparams
    r["param_dtypes"] = sorted({str(p.dtype) for p in run.model.parameters()})
    r["buffer_bytes"] = sum(b.numel() * b.element_size() for b in run.model.buffers())
    if cuda():
        r["weights_allocated_bytes"] = torch.cuda.memory_allocated() - a0
        r["reserved_after_build_bytes"] = torch.cuda.memory_reserved()
        free, total = torch.cuda.mem_get_info()
        r["mem_get_info_after_build"] = {"free": free, "total": total}
        r["smi_after_build"] = smi("memory.used,memory.total")
    log(f"model impl={impl} attn={run.attn} params={nparams} build {r['build_s']:.1f}s "
        f"alloc={r.get('weights_allocated_bytes')}")

    def ids(b, t):
        # token 0 never drawn: generate() is given pad_token_id=0 and would mask pad tokens
        return torch.randint(1, V, (b, t), device=ARGS.device)

    # prefill
    pre = []
    for b in [1, 8] if not ARGS.cpu_tiny else [1, 2]:
        x = ids(b, seq)
        if cuda():
            torch.cuda.reset_peak_memory_stats()
        with torch.inference_mode():
            tm = timed(lambda: run.prefill(x), reps=5, warmup=2)
        row = dict(tm, batch=b, seq=seq, tokens_per_s=b * seq / tm["median_s"])
        if cuda():
            row["peak_allocated_bytes"] = torch.cuda.max_memory_allocated()
        pre.append(row)
        log(f"prefill {b}x{seq}: {tm['median_s'] * 1e3:.1f} ms")
    r["prefill"] = pre
    save()

    # decode: per-step time over a ~seq-token cache. 'async': no host sync per step (the
    # host may run ahead of the GPU); 'sync': one host sync per step, as generate()'s
    # stopping check does. Each step: forward of one token per sequence + greedy argmax.
    dec = []
    for b in batches:
        if elapsed() > ARGS.budget_s:
            dec.append({"batch": b, "error": "skipped: time budget"})
            continue
        row = {"batch": b, "context_start": seq}
        if cuda():
            torch.cuda.reset_peak_memory_stats()
        try:
            for mode in ["async", "sync"]:
                with torch.inference_mode():
                    logits, cache = run.prefill(ids(b, seq))
                    tok = logits[:, -1:].argmax(-1)
                    sync()
                    evs = []
                    t_host = None
                    for i in range(steps_warm + steps):
                        if i == steps_warm:
                            sync()
                            t_host = time.perf_counter()
                        if cuda():
                            s = torch.cuda.Event(enable_timing=True)
                            e = torch.cuda.Event(enable_timing=True)
                            s.record()
                        else:
                            s = e = time.perf_counter()
                        logits, cache = run.step(tok, cache)
                        tok = logits[:, -1:].argmax(-1)
                        if cuda():
                            e.record()
                        else:
                            e = time.perf_counter()
                        if mode == "sync":
                            tok.max().item()
                        if i >= steps_warm:
                            evs.append((s, e))
                    sync()
                    wall = (time.perf_counter() - t_host) / steps
                    ts = [(a.elapsed_time(z) / 1e3) if cuda() else (z - a) for a, z in evs]
                row[mode] = {"median_s": statistics.median(ts), "min_s": min(ts), "max_s": max(ts),
                             "wall_mean_s": wall, "n": len(ts),
                             "tokens_per_s": b / statistics.median(ts)}
                if mode == "sync":
                    row["smi_memory_used_mib"] = smi("memory.used").get("memory.used")
                    if cuda():
                        row["reserved_bytes"] = torch.cuda.memory_reserved()
                del cache, logits
                if cuda():
                    torch.cuda.empty_cache()
            row["context_end"] = seq + steps_warm + steps
            if cuda():
                row["peak_allocated_bytes"] = torch.cuda.max_memory_allocated()
            log(f"decode b={b}: async {row['async']['median_s'] * 1e3:.2f} ms, "
                f"sync {row['sync']['median_s'] * 1e3:.2f} ms, wall {row['sync']['wall_mean_s'] * 1e3:.2f} ms")
        except Exception:
            row["error"] = traceback.format_exc()
            log(f"decode b={b} failed:\n{row['error']}")
        dec.append(row)
        save()
    r["decode"] = dec

    # generate() itself (HF only): per output token = (t(1+n) - t(1)) / n at greedy,
    # min_new_tokens so the random model's EOS cannot stop it early.
    if impl == "hf" and elapsed() < ARGS.budget_s:
        gen = []
        n = 8 if ARGS.cpu_tiny else 64
        for b in [1, 8] if not ARGS.cpu_tiny else [1]:
            try:
                x = ids(b, seq)
                times = {}
                for new in [1, 1 + n]:
                    kw = dict(max_new_tokens=new, min_new_tokens=new, do_sample=False, pad_token_id=0)
                    with torch.inference_mode():
                        run.model.generate(x, **kw)  # warm-up
                        sync()
                        ts = []
                        for _ in range(2):
                            t = time.perf_counter()
                            out = run.model.generate(x, **kw)
                            sync()
                            ts.append(time.perf_counter() - t)
                    times[new] = min(ts)
                    assert out.shape == (b, seq + new), out.shape
                per_tok = (times[1 + n] - times[1]) / n
                gen.append({"batch": b, "prompt": seq, "new_tokens": n, "t_first_s": times[1],
                            "t_all_s": times[1 + n], "per_token_s": per_tok})
                log(f"generate b={b}: first {times[1] * 1e3:.1f} ms, per token {per_tok * 1e3:.2f} ms")
            except Exception:
                gen.append({"batch": b, "error": traceback.format_exc()})
                log(f"generate b={b} failed:\n{gen[-1]['error']}")
        r["generate"] = gen
    del run


# ---------------------------------------------------------------- report
def markdown():
    S = RESULT["sections"]
    out = ["| quantity | measured |", "|---|---|"]

    def add(k, v):
        out.append(f"| {k} | {v} |")
    e = S.get("env", {})
    if e:
        add("device", f"{e.get('device_name')} ({e.get('smi_before_torch_cuda', {}).get('driver_version')}), "
                      f"torch {e.get('torch')}, transformers {e.get('transformers')}")
        if "mem_get_info_total_mib" in e:
            add("nvidia-smi memory.total", f"{e['smi_before_torch_cuda'].get('memory.total')} MiB")
            add("mem_get_info total / free", f"{e['mem_get_info_total_mib']:.0f} / {e['mem_get_info_free_mib']:.0f} MiB")
    b = S.get("bandwidth", {})
    for k in ["copy", "reduce_sum_fp32", "reduce_amax_fp32", "fill"]:
        if k in b:
            add(f"HBM {k}", f"{b[k]['gbs']:.0f} GB/s ({b[k]['median_s'] * 1e3:.3f} ms)")
    g = S.get("gemm", {})
    if "square" in g:
        add("bf16 GEMM square", f"{g['square']['tflops']:.0f} TFLOP/s (M=N=K={g['square']['M']})")
    for x in g.get("llama_shapes_bf16", []):
        add(f"bf16 {x['shape']} M={x['M']} K={x['K']} N={x['N']}",
            f"{x['median_s'] * 1e6:.1f} us, {x['tflops']:.1f} TFLOP/s, {x['gbs']:.0f} GB/s")
    f8 = S.get("fp8", {})
    if "square" in f8:
        add("fp8 e4m3 GEMM square", f"{f8['square']['tflops']:.0f} TFLOP/s (rel. err {f8.get('rel_err_vs_fp64', 0):.1e})")
    for x in f8.get("gate_up_fp8", []):
        if "tflops" in x:
            add(f"fp8 gate/up M={x['M']}", f"{x['median_s'] * 1e6:.1f} us, {x['tflops']:.1f} TFLOP/s, {x['gbs']:.0f} GB/s")
    m = S.get("model", {})
    if "param_count" in m:
        add("model", f"{m.get('impl')} attn={m.get('attn_implementation')} params {m['param_count']:,} "
                     f"(expected {m['param_count_expected']:,})")
        if "weights_allocated_bytes" in m:
            add("weights allocated", f"{m['weights_allocated_bytes']:,} B vs 2 x params {m['param_bytes_2x']:,} B")
    for x in m.get("prefill", []):
        add(f"prefill {x['batch']}x{x['seq']}", f"{x['median_s'] * 1e3:.1f} ms")
    for x in m.get("decode", []):
        if "sync" in x:
            add(f"decode step batch {x['batch']} (ctx {x['context_start']})",
                f"{x['sync']['median_s'] * 1e3:.2f} ms synced, {x['async']['median_s'] * 1e3:.2f} ms async, "
                f"peak alloc {x.get('peak_allocated_bytes', 0) / 2**30:.1f} GiB")
    for x in m.get("generate", []):
        if "per_token_s" in x:
            add(f"generate batch {x['batch']}", f"first token {x['t_first_s'] * 1e3:.1f} ms, "
                                                f"then {x['per_token_s'] * 1e3:.2f} ms/token")
    out.append("")
    out.append(f"errors: {sorted(RESULT['errors'])}; elapsed {RESULT.get('elapsed_s')} s")
    return "\n".join(out) + "\n"


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("OUT", "."))
    ap.add_argument("--cpu-tiny", action="store_true", help="tiny sizes on the CPU: checks the logic only")
    ap.add_argument("--impl", choices=["auto", "hf", "mini"], default="auto")
    ap.add_argument("--decode-batches", default="1,8,32,64", help="decode batch sizes, in this order")
    ap.add_argument("--skip", default="", help="comma list of sections to skip")
    ap.add_argument("--budget-s", type=float, default=330.0,
                    help="skip remaining optional work once this many seconds have passed")
    ARGS = ap.parse_args()
    ARGS.device = "cpu" if ARGS.cpu_tiny else "cuda"
    if not ARGS.cpu_tiny and not torch.cuda.is_available():
        sys.exit("no CUDA device (use --cpu-tiny for a logic check)")
    torch.manual_seed(0)
    RESULT["date_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULT["mode"] = "cpu-tiny" if ARGS.cpu_tiny else "gpu"
    section("env", sec_env)
    section("bandwidth", sec_bandwidth)
    section("gemm", sec_gemm, budget_s=ARGS.budget_s * 0.4)
    section("model", sec_model)
    section("fp8", sec_fp8, budget_s=ARGS.budget_s)
    section("env_end", lambda r: r.update(smi=smi("clocks.sm,clocks.mem,power.draw,temperature.gpu,memory.used")))
    print(markdown())


if __name__ == "__main__":
    main()
