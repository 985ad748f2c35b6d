#include "core/suggest.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/disagg.h"
#include "core/gpu.h"
#include "core/link.h"
#include "core/order.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// Whether the GPU has kernels that run the weight format at its own width (or, for
// int4 W4A16, the Marlin kernels vLLM, SGLang and TensorRT-LLM use, which need
// compute capability 8.0: vLLM gptq_marlin.get_min_capability() returns 80).
bool runs_natively(const Gpu& g, WeightFormat w) {
  switch (w) {
    case WeightFormat::Fp8: return g.has_fp8();
    case WeightFormat::Int8: return g.has_int8();
    case WeightFormat::Mxfp4:
    case WeightFormat::Nvfp4: return g.has_fp4();
    case WeightFormat::Int4:
    case WeightFormat::Awq:
    case WeightFormat::Gptq: return g.is_nvidia() && g.cc >= 80;
    default: return true;  // 16-bit and GGUF (llama.cpp dequantises on any GPU)
  }
}

// Warnings that say the estimate runs something at a lower speed than the format promises.
bool degraded(const Result& r) {
  return r.has(WarningCode::NoFp8TensorCores) || r.has(WarningCode::NoInt8TensorCores) ||
         r.has(WarningCode::NoFp4TensorCores);
}

struct Builder {
  const Scenario& base;
  const Gpu& gpu;
  bool base_degraded;  // the scenario itself runs a format below its width: keep that, add nothing worse
  std::vector<Suggestion> out;

  // Estimates `s`; true (and the suggestion kept) when it is valid, fits and meets the targets.
  bool attempt(SuggestionKind kind, const Scenario& s, std::string change, Result* result = nullptr) {
    if (s == base || validate(s)) return false;
    Result r = estimate(s);
    if (!r.valid || !meets_targets(s, r) || (degraded(r) && !base_degraded)) return false;
    if (result) *result = r;
    out.push_back(Suggestion{kind, s, r, std::move(change), make_link(s)});
    return true;
  }
  // Tries without keeping: the estimate when it works.
  bool works(const Scenario& s) const {
    if (s == base || validate(s)) return false;
    const Result r = estimate(s);
    return r.valid && meets_targets(s, r) && (!degraded(r) || base_degraded);
  }
};

std::string split_text(const Scenario& s) {
  return "tp " + std::to_string(s.tp) + " x pp " + std::to_string(s.pp) + " on " + std::to_string(s.gpus) + " GPUs";
}

// Among candidates that work, the one with the fewest GPUs, then the lowest cost.
void best_of(Builder& b, SuggestionKind kind, const std::vector<Scenario>& candidates,
             std::string (*text)(const Scenario&)) {
  const Suggestion* best = nullptr;
  std::vector<Suggestion> kept;
  for (const Scenario& c : candidates) {
    const std::size_t before = b.out.size();
    if (!b.attempt(kind, c, text(c))) continue;
    kept.push_back(b.out.back());
    b.out.resize(before);
  }
  for (const Suggestion& k : kept)
    if (!best || k.scenario.gpus < best->scenario.gpus ||
        (k.scenario.gpus == best->scenario.gpus &&
         k.result.usd_per_million_output_tokens < best->result.usd_per_million_output_tokens))
      best = &k;
  if (best) b.out.push_back(*best);
}

void parallelism(Builder& b) {
  const Scenario& s = b.base;
  const int64_t replicas = s.gpus / (s.tp * s.pp);
  std::vector<Scenario> more, same;
  for (int64_t tp = 1; tp <= 64; tp *= 2)
    for (int64_t pp = 1; pp <= 8; pp *= 2) {
      if (tp * pp > 64 || tp * pp * replicas > Limits::kMaxGpus || (tp == s.tp && pp == s.pp)) continue;
      Scenario c = s;
      c.tp = tp;
      c.pp = pp;
      c.gpus = tp * pp * replicas;
      if (c.ep > 1 && c.gpus % c.ep != 0) c.ep = 1;
      (c.gpus == s.gpus ? same : more).push_back(c);
      if (c.gpus < s.gpus) more.pop_back();  // fewer GPUs is another question (the Scaling tab)
    }
  best_of(b, SuggestionKind::Parallelism, more, split_text);
  best_of(b, SuggestionKind::Parallelism, same, split_text);
}

void replicas(Builder& b) {
  const Scenario& s = b.base;
  if (s.target_tokens_per_s <= 0) return;
  const int64_t group = s.tp * s.pp;
  for (int64_t k = s.gpus / group + 1; k * group <= std::min<int64_t>(Limits::kMaxGpus, s.gpus * 64); ++k) {
    Scenario c = s;
    c.gpus = k * group;
    if (c.ep > 1 && c.gpus % c.ep != 0) c.ep = 1;
    if (b.attempt(SuggestionKind::Replicas, c, std::to_string(k) + " replicas on " + std::to_string(c.gpus) + " GPUs"))
      return;
  }
}

void weights(Builder& b) {
  const Scenario& s = b.base;
  static constexpr WeightFormat kServing[] = {WeightFormat::Fp8, WeightFormat::Int8, WeightFormat::Nvfp4,
                                              WeightFormat::Mxfp4, WeightFormat::Int4};
  static constexpr WeightFormat kGguf[] = {WeightFormat::Q8_0, WeightFormat::Q6_K, WeightFormat::Q5_K_M,
                                           WeightFormat::Q4_K_M};
  // The widest format that works at 8 bits or more, and the widest below (4-bit).
  bool kept_wide = false, kept_narrow = false;
  auto consider = [&](WeightFormat w) {
    bool& kept = bytes_per_param(w) >= 1.0 ? kept_wide : kept_narrow;
    if (kept || bytes_per_param(w) >= bytes_per_param(s.weights) || !runs_natively(b.gpu, w)) return;
    Scenario c = s;
    c.weights = w;
    if (b.attempt(SuggestionKind::Weights, c, "weights " + std::string(name(w)))) kept = true;
  };
  if (s.engine == Engine::Llamacpp)
    for (WeightFormat w : kGguf) consider(w);
  else
    for (WeightFormat w : kServing) consider(w);
}

void kv_cache(Builder& b) {
  const Scenario& s = b.base;
  if (s.kv != KvDtype::Bf16 && s.kv != KvDtype::Fp16) return;
  Scenario c = s;
  // llama.cpp's 8-bit cache is q8_0 (-ctk/-ctv); the serving engines store FP8, which
  // they only run where the GPU has FP8 (vLLM fp8 KV on FP8 tensor cores).
  if (s.engine == Engine::Llamacpp) c.kv = KvDtype::Int8;
  else if (b.gpu.has_fp8()) c.kv = KvDtype::Fp8;
  else return;
  b.attempt(SuggestionKind::KvCache, c, "KV cache " + std::string(name(c.kv)));
}

// The largest value in [1, hi] for which `make(v)` works, if `make(1)` works: a binary
// search (memory and latency grow with prompts and concurrency), checked at the end.
template <typename Make>
int64_t largest_working(const Builder& b, int64_t hi, Make make) {
  if (hi < 1 || !b.works(make(1))) return 0;
  int64_t lo = 1;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    if (b.works(make(mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

void context(Builder& b) {
  const Scenario& s = b.base;
  auto make = [&](int64_t n) {
    Scenario c = s;
    c.input_tokens = n;
    return c;
  };
  int64_t n = largest_working(b, s.input_tokens - 1, make);
  if (n > 256) n = n / 64 * 64;  // a round number a user would type; still works (smaller)
  if (n >= 1) b.attempt(SuggestionKind::Context, make(n), "input " + std::to_string(n) + " tokens");
}

void concurrency(Builder& b) {
  const Scenario& s = b.base;
  if (s.batch_max || s.batch <= 1) return;
  auto make = [&](int64_t n) {
    Scenario c = s;
    c.batch = n;
    return c;
  };
  const int64_t n = largest_working(b, s.batch - 1, make);
  if (n >= 1) b.attempt(SuggestionKind::Concurrency, make(n), "batch " + std::to_string(n));
}

void gpu_types(Builder& b) {
  const Scenario& s = b.base;
  std::vector<Suggestion> kept;
  // The user's price is scaled by the table's price ratio: without a listed price for the
  // current GPU there is no ratio, and any other price would be a guess.
  if (!has_listed_usd_per_gpu_hour(s.gpu_id)) return;
  for (const Gpu& g : gpu_catalog().gpus) {
    // Only GPUs with a listed price: the fallback price would rank an unpriced GB300
    // below an H100, a guess presented as a saving.
    if (g.id == s.gpu_id || !runs_natively(g, s.weights) || !has_listed_usd_per_gpu_hour(g.id)) continue;
    Scenario c = s;
    c.gpu_id = g.id;
    // The user's price scaled by the table's price ratio (docs/disaggregation.md lists them).
    c.usd_per_gpu_hour = s.usd_per_gpu_hour * default_usd_per_gpu_hour(g.id) / default_usd_per_gpu_hour(s.gpu_id);
    c.usd_per_gpu_hour = std::min(std::round(c.usd_per_gpu_hour * 100) / 100, Limits::kMaxUsdPerGpuHour);
    const std::size_t before = b.out.size();
    if (!b.attempt(SuggestionKind::GpuType, c,
                   std::to_string(s.gpus) + " x " + g.name + " at " + fmt("$%.2f", c.usd_per_gpu_hour) + "/GPU-hour"))
      continue;
    kept.push_back(b.out.back());
    b.out.resize(before);
  }
  // Stable: equal costs keep the catalogue's order, so native and wasm (whose std::sort
  // differ on ties) suggest the same GPUs.
  stable_sort_by(kept, [](const Suggestion& x, const Suggestion& y) {
    return x.result.usd_per_million_output_tokens < y.result.usd_per_million_output_tokens;
  });
  for (std::size_t i = 0; i < kept.size() && i < 2; ++i) b.out.push_back(kept[i]);
}

void expert_parallel(Builder& b) {
  const Scenario& s = b.base;
  const ModelArch* m = resolve_model(s);
  if (!m || !m->moe.is_moe()) return;
  std::vector<Scenario> candidates;
  for (int64_t ep = 2; ep <= s.gpus; ep *= 2) {
    if (ep == s.ep) continue;
    Scenario c = s;
    c.ep = ep;
    candidates.push_back(c);
  }
  best_of(b, SuggestionKind::ExpertParallel, candidates,
          [](const Scenario& c) { return "ep " + std::to_string(c.ep); });
}

}  // namespace

const char* code_name(SuggestionKind k) {
  switch (k) {
    case SuggestionKind::Parallelism: return "parallelism";
    case SuggestionKind::Replicas: return "replicas";
    case SuggestionKind::Weights: return "weights";
    case SuggestionKind::KvCache: return "kv-cache";
    case SuggestionKind::Context: return "context";
    case SuggestionKind::Concurrency: return "concurrency";
    case SuggestionKind::GpuType: return "gpu-type";
    case SuggestionKind::ExpertParallel: return "expert-parallel";
  }
  return "";
}

bool meets_targets(const Scenario& s, const Result& r) {
  if (!r.valid || !r.fits) return false;
  if (s.target_ttft_ms > 0 && !(r.ttft_ms <= s.target_ttft_ms)) return false;
  if (s.target_tpot_ms > 0 && !(r.tpot_ms <= s.target_tpot_ms)) return false;
  if (s.target_tokens_per_s > 0 && !(r.output_tokens_per_s >= s.target_tokens_per_s)) return false;
  return true;
}

std::string target_problem(const Scenario& s, const Result& r) {
  if (!r.valid) return "not estimated";
  if (!r.fits) return "does not fit";
  std::string out;
  auto add = [&](const std::string& t) { out += (out.empty() ? "" : "; ") + t; };
  if (s.target_ttft_ms > 0 && !(r.ttft_ms <= s.target_ttft_ms))
    add("TTFT " + fmt("%.0f", r.ttft_ms) + " ms > target " + fmt("%g", s.target_ttft_ms) + " ms");
  if (s.target_tpot_ms > 0 && !(r.tpot_ms <= s.target_tpot_ms))
    add("time per token " + fmt("%.1f", r.tpot_ms) + " ms > target " + fmt("%g", s.target_tpot_ms) + " ms");
  if (s.target_tokens_per_s > 0 && !(r.output_tokens_per_s >= s.target_tokens_per_s))
    add("output " + fmt("%.0f", r.output_tokens_per_s) + " tokens/s < target " + fmt("%g", s.target_tokens_per_s));
  return out;
}

std::vector<Suggestion> suggest(const Scenario& s, const Result& r, int limit) {
  if (meets_targets(s, r) || validate(s)) return {};
  const Gpu* g = resolve_gpu(s);
  if (!g) return {};
  Builder b{s, *g, degraded(r), {}};
  parallelism(b);
  replicas(b);
  weights(b);
  kv_cache(b);
  context(b);
  concurrency(b);
  gpu_types(b);
  expert_parallel(b);
  // Cheapest first; equal costs keep the order above (fewer GPUs before other changes).
  stable_sort_by(b.out, [](const Suggestion& x, const Suggestion& y) {
    return x.result.usd_per_million_output_tokens < y.result.usd_per_million_output_tokens;
  });
  // One suggestion per resulting scenario.
  std::vector<Suggestion> out;
  for (Suggestion& x : b.out) {
    bool dup = false;
    for (const Suggestion& y : out) dup = dup || y.scenario == x.scenario;
    if (!dup) out.push_back(std::move(x));
  }
  if (limit >= 0 && out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace infercalc
