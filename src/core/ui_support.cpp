#include "core/ui_support.h"

#include <algorithm>

namespace infercalc {
namespace {

Rating by_limits(double v, double good, double tight) {
  if (v <= good) return Rating::Good;
  if (v <= tight) return Rating::Tight;
  return Rating::Impossible;
}

}  // namespace

const char* name(Rating r) {
  switch (r) {
    case Rating::Good: return "good";
    case Rating::Tight: return "tight";
    case Rating::Impossible: return "impossible";
  }
  return "good";
}

Rating rate_fit(const Scenario& s, const Result& r) {
  if (!r.valid || !r.fits) return Rating::Impossible;
  const double wanted = s.batch_max ? 4.0 : 2.0 * static_cast<double>(s.batch);
  return r.max_concurrency < wanted ? Rating::Tight : Rating::Good;
}

Rating rate_ttft(const Result& r) {
  if (!r.valid || !r.fits) return Rating::Impossible;
  return by_limits(r.ttft_ms, LatencyTargets::kInteractiveTtftMs, LatencyTargets::kServerTtftMs);
}

Rating rate_tpot(const Result& r) {
  if (!r.valid || !r.fits) return Rating::Impossible;
  return by_limits(r.tpot_ms, LatencyTargets::kInteractiveTpotMs, LatencyTargets::kServerTpotMs);
}

Rating rate_cost(const Result& r) {
  if (!r.valid || !r.fits) return Rating::Impossible;
  return by_limits(r.usd_per_million_output_tokens, CostTargets::kGoodUsdPerMillion, CostTargets::kTightUsdPerMillion);
}

// Per million tokens scales as 1 / output rate: the output rate's band, inverted (the
// engine's held-out band for whole-run rates).
Band cost_band(const Result& r, const Efficiency& eff) {
  (void)eff;
  const double rate = r.output_tokens_per_s;
  if (!(rate > 0) || !(r.output_tps_band.low > 0)) return Band{};
  return Band{r.usd_per_million_output_tokens * rate / r.output_tps_band.high,
              r.usd_per_million_output_tokens * rate / r.output_tps_band.low};
}

Band energy_band(const Result& r, const Efficiency& eff) {
  (void)eff;
  const double rate = r.output_tokens_per_s;
  if (!(rate > 0) || !(r.output_tps_band.low > 0)) return Band{};
  return Band{r.kwh_per_million_output_tokens * rate / r.output_tps_band.high,
              r.kwh_per_million_output_tokens * rate / r.output_tps_band.low};
}

MemoryShares memory_shares(const Result& r) {
  MemoryShares m;
  if (!(r.capacity_bytes > 0)) return m;
  const double cap = r.capacity_bytes;
  m.weights = r.weights_bytes / cap;
  m.kv_cache = r.kv_cache_bytes / cap;
  m.activations = r.activation_bytes / cap;
  m.reserved = r.reserved_bytes / cap;
  m.used = r.total_bytes / cap;
  m.free = std::max(0.0, 1.0 - m.used);
  m.usable = r.usable_bytes / cap;
  return m;
}

// The rate at which one replica's GPUs take prompt tokens while they prefill: the batch's
// prompts over the time their prefill takes. Not over TTFT: under a closed loop or arrivals
// TTFT is one prompt's wait (a batch of 32 over one prompt's 50 ms once read 654,299 tokens/s
// on two H200s, eight times what their peak FLOPs allow).
double prefill_tokens_per_s(const Scenario& s, const Result& r) {
  if (!r.fits || !(r.prefill_ms > 0)) return 0;
  return static_cast<double>(s.input_tokens) * static_cast<double>(r.batch) / (r.prefill_ms / 1e3);
}

}  // namespace infercalc
