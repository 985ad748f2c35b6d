// Invariants over 100,000 random valid scenarios: no NaN or inf anywhere, memory
// totals add up, fits agrees with the numbers, throughput = batch / time per token
// where it should (Little's law under a closed loop), more TP never raises per-GPU weights.
#include <doctest/doctest.h>

#include <cmath>

#include "core/estimate.h"
#include "core/report.h"
#include "random_scenarios.h"

using namespace infercalc;

namespace {
bool finite_all(const Result& r) {
  const double values[] = {r.total_params, r.active_params, r.weights_bytes, r.kv_cache_bytes, r.activation_bytes,
                           r.reserved_bytes, r.total_bytes, r.capacity_bytes, r.usable_bytes, r.kv_pool_bytes,
                           r.kv_bytes_per_token, r.kv_bytes_per_token_per_gpu, r.max_kv_tokens, r.max_concurrency,
                           r.ttft_ms, r.tpot_ms, r.e2e_latency_ms, r.output_tokens_per_s, r.output_tokens_per_s_per_gpu,
                           r.total_tokens_per_s, r.tokens_per_s_per_user, r.usd_per_million_output_tokens,
                           r.kwh_per_million_output_tokens, r.ttft_band.low, r.ttft_band.high, r.tpot_band.low,
                           r.tpot_band.high, r.output_tps_band.low, r.output_tps_band.high};
  for (double v : values)
    if (!std::isfinite(v) || v < 0) return false;
  return true;
}
}  // namespace

TEST_CASE("100,000 random valid scenarios: finite numbers, consistent memory, consistent speed") {
  testing::Rng rng(20261127);
  int failures = 0, fitting = 0;
  for (int i = 0; i < 100000 && failures < 10; ++i) {
    const Scenario s = testing::random_scenario(rng);
    const Result r = estimate(s);
    bool ok = r.valid && finite_all(r);
    ok = ok && std::fabs(r.total_bytes - (r.weights_bytes + r.kv_cache_bytes + r.activation_bytes + r.reserved_bytes)) <=
                   1e-9 * r.total_bytes;
    ok = ok && (!r.fits || r.total_bytes <= r.capacity_bytes);
    ok = ok && (r.fits || r.has(WarningCode::DoesNotFit));
    if (r.fits) {
      ++fitting;
      ok = ok && r.batch >= 1 && r.tpot_ms > 0 && r.ttft_ms > 0;
      ok = ok && std::fabs(r.tokens_per_s_per_user * r.tpot_ms - 1000) < 1e-6 * 1000;
      // Little's law for the closed loop; the same run's input and output in every workload.
      const double B = static_cast<double>(r.batch * r.replicas), O = static_cast<double>(s.output_tokens);
      ok = ok && (s.workload != WorkloadMode::Concurrency ||
                  std::fabs(r.output_tokens_per_s - B * O / (r.e2e_latency_ms / 1e3)) <= 1e-9 * r.output_tokens_per_s);
      ok = ok && std::fabs(r.total_tokens_per_s - r.output_tokens_per_s * static_cast<double>(s.input_tokens + s.output_tokens) / O) <=
                     1e-9 * r.total_tokens_per_s;
      ok = ok && r.ttft_band.low <= r.ttft_ms && r.ttft_ms <= r.ttft_band.high;
    }
    if (!ok) {
      ++failures;
      MESSAGE("violated by ", report_json(s, r));
    }
  }
  CHECK(failures == 0);
  CHECK(fitting > 10000);  // the sample must exercise the speed model, not only does-not-fit
}

TEST_CASE("more GPUs under TP never raise per-GPU weights (random models and GPUs)") {
  testing::Rng rng(7);
  for (int i = 0; i < 2000; ++i) {
    Scenario s = testing::random_scenario(rng);
    s.pp = 1;
    s.ep = 1;
    double last = 1e300;
    for (int64_t tp : {1, 2, 4, 8, 16, 32}) {
      s.tp = tp;
      s.gpus = tp;
      const Result r = estimate(s);
      REQUIRE(r.valid);
      CHECK(r.weights_bytes <= last * (1 + 1e-12));
      last = r.weights_bytes;
    }
  }
}
