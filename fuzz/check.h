// Shared checks for the libFuzzer targets: an invariant that does not hold prints
// what was seen and calls abort(), which libFuzzer reports as a crash with the input.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/estimate.h"

namespace fuzzcheck {

[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\nINVARIANT VIOLATED: %s\n%s\n", what, detail.c_str());
  std::abort();
}

inline void finite(double v, const char* what) {
  if (!std::isfinite(v)) fail(what, "value " + std::to_string(v));
}

inline void finite_nonneg(double v, const char* what) {
  if (!std::isfinite(v) || v < 0) fail(what, "value " + std::to_string(v));
}

// Every number of a valid Result is finite; sizes, times and rates are non-negative.
inline void result_finite(const infercalc::Result& r) {
  using fuzzcheck::finite_nonneg;
  if (!r.valid) fail("estimate() of a validated scenario is not valid");
#define F(x) finite_nonneg(r.x, "Result." #x)
  F(total_params); F(active_params); F(compute_tflops);
  F(weights_bytes); F(kv_cache_bytes); F(activation_bytes); F(reserved_bytes);
  F(total_bytes); F(capacity_bytes); F(usable_bytes); F(kv_pool_bytes);
  F(kv_bytes_per_token); F(kv_bytes_per_token_per_gpu); F(kv_bytes_per_sequence_per_gpu);
  F(max_kv_tokens); F(kv_blocks); F(max_concurrency);
  F(ttft_ms); F(tpot_ms); F(e2e_latency_ms);
  F(output_tokens_per_s); F(output_tokens_per_s_per_gpu); F(total_tokens_per_s); F(tokens_per_s_per_user);
  F(decode_memory_ms); F(decode_compute_ms); F(decode_comm_ms); F(decode_overhead_ms);
  F(prefill_compute_ms); F(prefill_memory_ms); F(prefill_comm_ms);
  F(ttft_band.low); F(ttft_band.high); F(tpot_band.low); F(tpot_band.high);
  F(e2e_band.low); F(e2e_band.high); F(output_tps_band.low); F(output_tps_band.high);
  F(output_tps_per_gpu_band.low); F(output_tps_per_gpu_band.high);
  F(total_tps_band.low); F(total_tps_band.high); F(per_user_band.low); F(per_user_band.high);
  F(usd_per_million_output_tokens); F(kwh_per_million_output_tokens);
#undef F
  if (r.batch < 0 || r.replicas < 1) fail("Result.batch/replicas out of range");
  if (r.warning_count < 0 || r.warning_count > 16) fail("Result.warning_count out of range");
  for (int i = 0; i < r.warning_count; ++i) {
    finite(r.warnings[i].a, "Result.warnings[].a");
    finite(r.warnings[i].b, "Result.warnings[].b");
    (void)infercalc::warning_message(r.warnings[i], r);
  }
  if (r.fits && !(r.tpot_ms > 0 && r.output_tokens_per_s > 0)) fail("a fitting scenario has no speed");
}

}  // namespace fuzzcheck
