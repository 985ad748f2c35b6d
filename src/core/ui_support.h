// Small judgements the UI shows beside an estimate: whether a number is good, tight
// or out of reach, the bands of the derived cost and energy figures, and how full a
// GPU's memory is. Pure functions over a Result, so the colours on screen follow
// rules that are written down (and tested) here rather than in drawing code.
#pragma once
#include <cstdint>

#include "core/engine.h"
#include "core/estimate.h"

namespace infercalc {

enum class Rating : uint8_t { Good, Tight, Impossible };
const char* name(Rating r);  // "good", "tight", "impossible"

// Latency targets from the MLPerf Inference rules for Llama 2 70B (v4.1 and later):
// the "interactive" scenario asks for TTFT <= 450 ms and TPOT <= 40 ms at p99, the
// "server" scenario for TTFT <= 2 s and TPOT <= 200 ms. Within the interactive target
// is good, within the server target tight, beyond it too slow to serve.
struct LatencyTargets {
  static constexpr double kInteractiveTtftMs = 450;
  static constexpr double kServerTtftMs = 2000;
  static constexpr double kInteractiveTpotMs = 40;
  static constexpr double kServerTpotMs = 200;
};

// A rule of thumb, not a market price: below $1 per million output tokens is good,
// below $10 tight (hosted 70B-class models sold for about $0.5-1 in 2024).
struct CostTargets {
  static constexpr double kGoodUsdPerMillion = 1;
  static constexpr double kTightUsdPerMillion = 10;
};

// Impossible when it does not fit. Tight when the KV pool holds fewer than twice the
// requested concurrency (the engine cannot take a burst without queueing or
// preempting), or, for batch=max, fewer than 4 sequences.
Rating rate_fit(const Scenario& s, const Result& r);
Rating rate_ttft(const Result& r);
Rating rate_tpot(const Result& r);  // also the rating of tokens/s per user (1000 / TPOT)
Rating rate_cost(const Result& r);

// The bands of $/M tokens and kWh/M tokens: both are inversely proportional to the
// output rate, so they carry its calibration band.
Band cost_band(const Result& r, const Efficiency& eff = default_efficiency());
Band energy_band(const Result& r, const Efficiency& eff = default_efficiency());

// Parts of one GPU's memory as fractions of its capacity (what the driver reports),
// in the order the memory bars draw them; `free` is what is left, never negative.
struct MemoryShares {
  double weights = 0, kv_cache = 0, activations = 0, reserved = 0, free = 0;
  double used = 0;        // total_bytes / capacity (can exceed 1 when it does not fit)
  double usable = 0;      // usable_bytes / capacity: where the engine's limit sits
};
MemoryShares memory_shares(const Result& r);

// Prompt tokens per second of one replica during prefill (input x batch / TTFT).
double prefill_tokens_per_s(const Scenario& s, const Result& r);

}  // namespace infercalc
