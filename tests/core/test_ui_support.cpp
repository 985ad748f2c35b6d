// The ratings and derived bands the UI colours its summary with.
#include <doctest/doctest.h>

#include "core/link.h"
#include "core/ui_support.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto p = parse_link(link);
  REQUIRE(p.ok());
  return p->scenario;
}
}  // namespace

TEST_CASE("a 70B model in BF16 on one 80 GB GPU is impossible: 140 GB of weights") {
  const Scenario s = from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm");
  const Result r = estimate(s);
  CHECK(rate_fit(s, r) == Rating::Impossible);
  CHECK(rate_ttft(r) == Rating::Impossible);
  CHECK(rate_tpot(r) == Rating::Impossible);
  CHECK(rate_cost(r) == Rating::Impossible);
  const MemoryShares m = memory_shares(r);
  CHECK(m.used > 1);
  CHECK(m.free == 0);
}

TEST_CASE("Llama 3.1 8B on one H100 at batch 1 is good on every count") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm");
  const Result r = estimate(s);
  CHECK(rate_fit(s, r) == Rating::Good);
  CHECK(rate_ttft(r) == Rating::Good);   // ~1k-token prompt on an H100: tens of ms
  CHECK(rate_tpot(r) == Rating::Good);   // 16 GB read per step at ~3 TB/s: well under 40 ms
  const MemoryShares m = memory_shares(r);
  CHECK(m.weights + m.kv_cache + m.activations + m.reserved == doctest::Approx(m.used));
  CHECK(m.used + m.free == doctest::Approx(1.0));
  CHECK(m.usable <= 1.0);
}

TEST_CASE("the memory rating is tight when the KV pool holds less than twice the batch") {
  Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm");
  s.batch_max = true;
  const Result full = estimate(s);
  REQUIRE(full.fits);
  s.batch_max = false;
  s.batch = static_cast<int64_t>(full.max_concurrency * 0.75);  // fits, but not twice over
  const Result r = estimate(s);
  REQUIRE(r.fits);
  CHECK(rate_fit(s, r) == Rating::Tight);
}

TEST_CASE("MLPerf latency targets: 450 ms / 2 s TTFT and 40 ms / 200 ms TPOT bound good and tight") {
  Result r;
  r.valid = r.fits = true;
  r.ttft_ms = 450;
  r.tpot_ms = 40;
  CHECK(rate_ttft(r) == Rating::Good);
  CHECK(rate_tpot(r) == Rating::Good);
  r.ttft_ms = 1999;
  r.tpot_ms = 199;
  CHECK(rate_ttft(r) == Rating::Tight);
  CHECK(rate_tpot(r) == Rating::Tight);
  r.ttft_ms = 2001;
  r.tpot_ms = 201;
  CHECK(rate_ttft(r) == Rating::Impossible);
  CHECK(rate_tpot(r) == Rating::Impossible);
}

TEST_CASE("cost and energy carry the calibration band of the output rate") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=a100-sxm4-80gb&batch=32");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  const Band c = cost_band(r), e = energy_band(r);
  CHECK(c.low < r.usd_per_million_output_tokens);
  CHECK(c.high > r.usd_per_million_output_tokens);
  CHECK(e.low < r.kwh_per_million_output_tokens);
  CHECK(e.high > r.kwh_per_million_output_tokens);
  // The same relative spread as the output rate's band (cost = price / rate).
  CHECK(c.high / c.low == doctest::Approx(r.output_tps_band.high / r.output_tps_band.low));
}

// A prompt token costs at least 2 FLOPs per active parameter, so one replica cannot take
// prompt tokens faster than its GPUs' dense peak over that. Mixtral-8x7B (12.9 B active) on
// two H200s (989 TFLOP/s BF16 dense each, NVIDIA's H200 datasheet): at most 2 x 989e12 /
// (2 x 12.9e9) = 76,700 tokens/s. A closed loop of 32 kept in flight once read 654,299: the
// batch's prompts over one prompt's TTFT.
TEST_CASE("prefill rate: the batch's prompt tokens over the batch's prefill time, within the GPUs' peak") {
  for (const char* wl : {"concurrency", "burst"}) {
    INFO(wl);
    const Scenario s = from_link((std::string("#v=1&model=mixtral-8x7b&gpu=h200-sxm&gpus=2&tp=2&batch=32&workload=") + wl).c_str());
    const Result r = estimate(s);
    REQUIRE(r.fits);
    const double peak = 2 * 989e12 / (2 * r.active_params);
    CHECK(prefill_tokens_per_s(s, r) < peak);
    // Not far below it either: a long prefill runs compute-bound (over a third of the peak).
    CHECK(prefill_tokens_per_s(s, r) > peak / 3);
  }
}
