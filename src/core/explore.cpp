#include "core/explore.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/gpu.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

int64_t node_of(const Scenario& s) {
  if (s.gpus_per_node > 0) return s.gpus_per_node;
  const Gpu* g = resolve_gpu(s);
  return g ? g->default_gpus_per_node() : 8;
}

// Shape one replica over n GPUs for the mode; false when the mode cannot use n.
bool shape(const Scenario& base, ScaleMode mode, int64_t n, Scenario& out) {
  out = base;
  out.gpus = n;
  out.ep = 1;
  const ModelArch* m = resolve_model(base);
  if (!m) return false;
  switch (mode) {
    case ScaleMode::Tp: out.tp = n; out.pp = 1; break;
    case ScaleMode::Pp: out.tp = 1; out.pp = n; break;
    case ScaleMode::TpPp: {
      const int64_t node = node_of(base);
      out.tp = std::min(n, node);
      out.pp = n / out.tp;
      break;
    }
  }
  // Data-parallel attention stays on where it still applies (its ranks are a tp group).
  out.dp_attention = base.dp_attention && out.tp > 1 && out.pp == 1;
  return out.pp <= m->layers && out.tp * out.pp == n;
}

}  // namespace

const char* name(ScaleMode m) {
  switch (m) {
    case ScaleMode::Tp: return "tp";
    case ScaleMode::Pp: return "pp";
    case ScaleMode::TpPp: return "tp-pp";
  }
  return "tp";
}

std::vector<ScalePoint> scale_curve(const Scenario& s, ScaleMode mode, int64_t max_gpus) {
  std::vector<ScalePoint> out;
  const ScalePoint* base = nullptr;
  for (int64_t n = 1; n <= max_gpus; n *= 2) {
    Scenario sc;
    ScalePoint p;
    p.gpus = n;
    if (!shape(s, mode, n, sc)) continue;
    p.tp = sc.tp;
    p.pp = sc.pp;
    const Result r = estimate(sc);
    p.fits = r.valid && r.fits;
    p.queued = p.fits && r.queued > 0;
    if (p.fits) {
      p.output_tokens_per_s = r.output_tokens_per_s;
      p.tpot_ms = r.tpot_ms;
      p.ttft_ms = r.ttft_ms;
      p.e2e_latency_ms = r.e2e_latency_ms;
    }
    out.push_back(p);
  }
  // The ideal line starts where the whole batch runs: a count whose KV pool holds only part
  // of it serves the rest from the queue, and scaling from that point would beat "ideal".
  for (const ScalePoint& p : out)
    if (p.fits && !p.queued && !base) base = &p;
  for (const ScalePoint& p : out)
    if (p.fits && !base) base = &p;
  for (ScalePoint& p : out) {
    if (!p.fits) continue;
    const double k = static_cast<double>(p.gpus) / static_cast<double>(base->gpus);
    p.ideal_tokens_per_s = base->output_tokens_per_s * k;
    p.ideal_e2e_latency_ms = base->e2e_latency_ms / k;
    p.efficiency = p.ideal_tokens_per_s > 0 ? p.output_tokens_per_s / p.ideal_tokens_per_s : 0;
  }
  return out;
}

std::vector<int64_t> default_heat_batches() { return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}; }
std::vector<int64_t> default_heat_contexts() {
  return {256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072};
}

Heatmap heatmap(const Scenario& s, HeatMetric metric, const std::vector<int64_t>& batches,
                const std::vector<int64_t>& contexts) {
  Heatmap h;
  h.batches = batches;
  h.contexts = contexts;
  h.values.assign(batches.size() * contexts.size(), 0.0);
  h.fits.assign(batches.size() * contexts.size(), 0);
  double lo = std::numeric_limits<double>::max(), hi = 0;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    for (std::size_t j = 0; j < contexts.size(); ++j) {
      Scenario sc = s;
      sc.batch = batches[i];
      sc.batch_max = false;
      sc.input_tokens = contexts[j];
      const Result r = estimate(sc);
      const std::size_t k = i * contexts.size() + j;
      if (!r.valid || !r.fits) continue;
      const double v = metric == HeatMetric::TpotMs ? r.tpot_ms : r.output_tokens_per_s_per_gpu;
      h.values[k] = v;
      h.fits[k] = 1;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi > 0) {
    h.min_value = lo;
    h.max_value = hi;
  }
  return h;
}

FitOnGpu fewest_gpus(const Scenario& s, const std::string& gpu_id, int64_t max_gpus) {
  FitOnGpu best;
  Scenario base = s;
  base.gpu_id = gpu_id;
  for (int64_t n = 1; n <= max_gpus; n *= 2) {
    Scenario sc;
    if (!shape(base, ScaleMode::TpPp, n, sc)) continue;
    const Result r = estimate(sc);
    if (r.valid && r.fits) {
      best.gpus = n;
      best.tp = sc.tp;
      best.pp = sc.pp;
      best.result = r;
      return best;
    }
  }
  return best;
}

int64_t longest_input_that_fits(const Scenario& s) {
  auto fits = [&](int64_t input) {
    Scenario sc = s;
    sc.input_tokens = input;
    const Result r = estimate(sc);
    return r.valid && r.fits;
  };
  if (!fits(1)) return 0;
  int64_t lo = 1, hi = 2;
  while (hi <= Limits::kMaxTokens && fits(hi)) { lo = hi; hi *= 2; }
  if (hi > Limits::kMaxTokens) return lo;
  while (hi - lo > 1) {  // fits(lo) and !fits(hi)
    const int64_t mid = lo + (hi - lo) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  return lo;
}

int64_t largest_batch_that_fits(const Scenario& s) {
  Scenario sc = s;
  sc.batch_max = true;
  const Result r = estimate(sc);
  return r.valid && r.fits ? r.batch : 0;
}

Relative relative_speed(const Scenario& s, const std::string& gpu_id, const std::string& base_gpu_id) {
  Relative rel;
  const FitOnGpu a = fewest_gpus(s, gpu_id), b = fewest_gpus(s, base_gpu_id);
  if (a.gpus == 0 || b.gpus == 0) return rel;
  // Per GPU: prefill as prompt tokens per second per GPU, decode as output tokens per second per GPU.
  const double in = static_cast<double>(s.input_tokens);
  const double pa = in * static_cast<double>(a.result.batch) / a.result.ttft_ms / static_cast<double>(a.gpus);
  const double pb = in * static_cast<double>(b.result.batch) / b.result.ttft_ms / static_cast<double>(b.gpus);
  rel.prefill = pa / pb;
  rel.decode = (a.result.tokens_per_s_per_user / static_cast<double>(a.gpus)) /
               (b.result.tokens_per_s_per_user / static_cast<double>(b.gpus));
  return rel;
}

}  // namespace infercalc
