// Scaling curves, heatmap, fewest GPUs, longest context, relative speed.
#include <doctest/doctest.h>

#include "core/explore.h"
#include "core/link.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto p = parse_link(link);
  REQUIRE(p.ok());
  return p->scenario;
}
}  // namespace

TEST_CASE("TP scaling falls short of the ideal line once communication matters") {
  const Scenario s = from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&batch=1&input=512&output=128");
  const auto curve = scale_curve(s, ScaleMode::Tp, 64);
  REQUIRE(curve.size() == 7);
  CHECK_FALSE(curve[0].fits);  // 140 GB of BF16 weights on one H100
  CHECK(curve[1].fits);
  CHECK(curve[1].efficiency == doctest::Approx(1.0));
  // Across nodes (TP 16+ over InfiniBand) efficiency drops well below linear.
  CHECK(curve[4].efficiency < curve[2].efficiency);
  CHECK(curve[4].efficiency < 0.8);
  for (const ScalePoint& p : curve) CHECK(p.gpus == p.tp * p.pp);
}

TEST_CASE("PP does not speed up a single stream: latency stays, throughput per GPU falls") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=a100-sxm4-80gb&batch=1");
  const auto curve = scale_curve(s, ScaleMode::Pp, 8);
  REQUIRE(curve.size() == 4);
  CHECK(curve[3].tpot_ms >= curve[0].tpot_ms * 0.9);
  CHECK(curve[3].efficiency < 0.3);
}

TEST_CASE("heatmap marks out-of-memory cells and spans only fitting values") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=l4");
  const Heatmap h = heatmap(s, HeatMetric::TokensPerSPerGpu, default_heat_batches(), default_heat_contexts());
  REQUIRE(h.values.size() == h.batches.size() * h.contexts.size());
  CHECK(h.fits.front() == 1);  // batch 1, 256 tokens
  CHECK(h.fits.back() == 0);   // batch 1024 x 128k tokens on 24 GB
  CHECK(h.max_value > h.min_value);
  for (std::size_t k = 0; k < h.values.size(); ++k)
    if (!h.fits[k]) CHECK(h.values[k] == 0);
}

TEST_CASE("fewest GPUs per type for Llama-3.1-70B in BF16") {
  const Scenario s = from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&input=1024&output=256");
  // 131.4 GiB of weights exceed vLLM's 0.9 x 139.8 GiB on one H200.
  CHECK(fewest_gpus(s, "h200-sxm").gpus == 2);
  CHECK(fewest_gpus(s, "b200").gpus == 1);
  CHECK(fewest_gpus(s, "h100-sxm").gpus == 2);
  CHECK(fewest_gpus(s, "a100-sxm4-40gb").gpus == 4);
  CHECK(fewest_gpus(s, "t4").gpus == 16);
}

TEST_CASE("longest context and largest batch that fit are on the edge of fitting") {
  Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&batch=4");
  const int64_t longest = longest_input_that_fits(s);
  REQUIRE(longest > 1000);
  Scenario at = s, over = s;
  at.input_tokens = longest;
  over.input_tokens = longest + 64;  // past the next KV block
  CHECK(estimate(at).fits);
  CHECK_FALSE(estimate(over).fits);
  CHECK(largest_batch_that_fits(s) >= 1);
}

TEST_CASE("relative to V100: H100 gains more in prefill than in decode") {
  const Scenario s = from_link("#v=1&model=llama-2-7b&gpu=h100-sxm&weights=fp16&kv=fp16&input=2048&output=128");
  const Relative r = relative_speed(s, "h100-sxm");
  CHECK(r.decode > 2.0);
  CHECK(r.decode < 6.0);
  CHECK(r.prefill > r.decode);
  const Relative self = relative_speed(s, "v100-sxm2-32gb");
  CHECK(self.prefill == doctest::Approx(1.0));
  CHECK(self.decode == doctest::Approx(1.0));
}
