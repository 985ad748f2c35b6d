// The prefill chunk budget (vLLM --max-num-batched-tokens, SGLang --chunked-prefill-size)
// as the planner searches it for colocated instances. The physics (Sarathi-Serve; vLLM's
// optimization guide: "smaller values achieve better inter-token latency ... higher
// values achieve better time to first token"): a step carries at most the budget less
// one token per running sequence, so a smaller budget bounds the prefill that lands in
// any decode step, and cuts each prompt into more steps, which lengthens TTFT.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/disagg.h"
#include "core/planner.h"

using namespace infercalc;

namespace {

// Long prompts, short answers (summarisation): one prompt is a whole default step of
// prefill, and a short request decodes over few steps.
Workload bursty() {
  Workload w;
  w.input_tokens = 8192;
  w.output_tokens = 64;
  w.input_cv = 1;   // prompt lengths vary: the prefill landing in a window is bursty
  w.output_cv = 1;  // short requests (the 10th percentile) see the burst over few steps
  w.percentile = 0.9;
  w.ttft_slo_ms = 1e6;
  w.tpot_slo_ms = 1e6;
  return w;
}

Scenario llama8b() {
  Scenario s;
  s.model_id = "llama-3.1-8b";
  s.engine = Engine::Vllm;
  return s;
}

}  // namespace

TEST_CASE("chunk budget: a 512-token budget meets a TPOT target that vLLM's default 8192 cannot, at the cost of TTFT") {
  const Workload w = bursty();
  const PoolLink link = pool_link(LinkKind::IbNdr);
  const InstanceProfile def = make_profile(llama8b(), "h100-sxm", 1, 1, w, link);
  const InstanceProfile small = make_profile(llama8b(), "h100-sxm", 1, 1, w, link, -1, false, 512);
  REQUIRE(def.fits);
  REQUIRE(small.fits);
  // vLLM V1 on a GPU over 70 GiB: 8192 tokens per step (engine_versions.json, engines.md).
  CHECK(def.chunk_tokens == 8192);
  CHECK(def.chunk_budget == 0);
  CHECK(small.chunk_tokens == 512);
  CHECK(small.chunked_prefill);

  // The bound the small budget guarantees at a rate: the decode step at the percentile
  // concurrency (b + z sqrt b of an M/G/inf count, capped at the pool) plus at most
  // 512 - b prompt tokens' worth of prefill work in that step.
  const double per_token_s = small.prefill_work_s / static_cast<double>(w.input_tokens);
  const double z = normal_quantile(w.percentile);
  auto bound_ms = [&](const StageMetrics& m) {
    const double bp = std::min(small.max_batch, m.batch + z * std::sqrt(m.batch));
    return small.tpot_ms(bp) + (512 - m.batch) * per_token_s * 1e3;
  };
  const double cap = colocated_max_rate(small, 1, w, false);
  REQUIRE(cap > 0);
  double over_rate = 0, over_bound = 0;
  for (int i = 1; i <= 40; ++i) {
    const double rate = cap * i / 41;
    const StageMetrics s = colocated_stage(small, 1, rate, w);
    REQUIRE(s.stable);
    CHECK(s.tpot_ms <= bound_ms(s) * (1 + 1e-9));
    const StageMetrics d = colocated_stage(def, 1, rate, w);
    if (d.stable) {
      // The price: each prompt takes 8192 / (512 - running) steps instead of one, and
      // once a sequence or more is decoding, each of those steps carries a decode step.
      if (s.batch >= 1) CHECK(s.ttft_ms > d.ttft_ms);
      // The mean step is the same work spread differently (within what the budgets
      // change in the KV pool and the prefill batch): no gain on average.
      CHECK(s.tpot_mean_ms == doctest::Approx(d.tpot_mean_ms).epsilon(0.1));
      // With 8192 tokens a step carries a whole prompt: a burst stretches the few
      // steps of a short request past what the small budget allows.
      if (d.tpot_ms > bound_ms(s) && over_rate == 0) {
        over_rate = rate;
        over_bound = bound_ms(s);
      }
    }
  }
  REQUIRE(over_rate > 0);

  // Held to that bound as the TPOT target, the small budget serves that rate; the default not.
  Workload t = w;
  t.tpot_slo_ms = over_bound;
  CHECK(colocated_max_rate(small, 1, t) >= over_rate * (1 - 1e-9));
  CHECK(colocated_max_rate(def, 1, t) < over_rate);

  // The planner finds it: one H100 can only be colocated, and its best plan names the budget.
  PlanRequest req;
  req.base = llama8b();
  req.workload = t;
  req.workload.rate_rps = WorkloadLimits::kMaxRate;
  req.link = link;
  req.fleet = {{"h100-sxm", 1, -1}};
  const PlanResult r = plan_fleet(req);
  REQUIRE(r.best);
  REQUIRE(r.best->roles.size() == 1);
  const PlanRole& role = r.best->roles.front();
  CHECK(role.role == Role::Colocated);
  CHECK_FALSE(role.chunk_default);
  CHECK(role.chunk_tokens < 8192);
  CHECK(r.best->summary().find(" chunk " + std::to_string(role.chunk_tokens)) != std::string::npos);
  CHECK(r.best->serving.goodput_rps >= colocated_max_rate(small, 1, t) * (1 - 1e-9));
  CHECK(r.searched.candidates == r.searched.evaluated + r.searched.pruned);
}

TEST_CASE("chunk budget: where TPOT never binds, smaller budgets are pruned, not profiled") {
  // A loose TPOT target and a tight TTFT one: a smaller budget only adds steps to TTFT,
  // so it cannot raise any instance's rate. vLLM's default on H100 is already the
  // largest searched budget (8192), so 512 and 2048 are skipped for every shape.
  Workload w = bursty();
  w.rate_rps = 50;
  w.ttft_slo_ms = 300;
  PlanRequest req;
  req.base = llama8b();
  req.workload = w;
  req.link = pool_link(LinkKind::IbNdr);
  req.fleet = {{"h100-sxm", 8, -1}};
  const PlanResult r = plan_fleet(req);
  REQUIRE(r.best);
  CHECK(r.profiles > 0);
  CHECK(r.searched.pruned == 2 * r.profiles);
  CHECK(r.searched.candidates == r.searched.evaluated + r.searched.pruned);
  for (const Plan& p : r.plans)
    for (const PlanRole& role : p.roles) CHECK(role.chunk_default);

  // An engine without the knob in this search (llama.cpp): no budgets at all.
  req.base.engine = Engine::Llamacpp;
  const PlanResult l = plan_fleet(req);
  CHECK(l.searched.pruned == 0);
  CHECK(l.searched.candidates == l.searched.evaluated);
}
