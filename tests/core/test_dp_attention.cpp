// Data-parallel attention (SGLang --enable-dp-attention, v0.4.0; vLLM --data-parallel-size,
// #13923 v0.8.3): one spelling in links, files and launch commands, one validator, and the
// memory it frees where tensor parallelism replicates the KV cache.
#include <doctest/doctest.h>

#include <string>

#include "core/estimate.h"
#include "core/launch.h"
#include "core/link.h"
#include "core/plan_report.h"
#include "core/planner.h"
#include "core/scenario_check.h"
#include "core/scenario_file.h"

using namespace infercalc;

namespace {

Scenario deepseek(Engine e, bool dp, int64_t ep = 8) {
  Scenario s;
  s.model_id = "deepseek-v3";
  s.gpu_id = "h200-sxm";
  s.gpus = s.tp = 8;
  s.ep = ep;
  s.weights = WeightFormat::Fp8;
  s.engine = e;
  s.dp_attention = dp;
  s.batch_max = true;
  return s;
}

}  // namespace

TEST_CASE("dp-attention round-trips through the link and a scenario file; off is omitted") {
  const Scenario s = deepseek(Engine::Sglang, true);
  const std::string link = make_link(s);
  CHECK(link == "#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8&batch=max&engine=sglang"
                "&dp-attention=1");
  auto back = parse_link(link);
  REQUIRE(back.ok());
  CHECK(back->scenario == s);
  auto file = read_scenario_file(write_scenario_file(ScenarioFile{s, PlanSpec{}, "dp"}));
  REQUIRE(file.ok());
  CHECK(file->scenario == s);
  CHECK(make_link(deepseek(Engine::Sglang, false)).find("dp-attention") == std::string::npos);
  auto off = parse_link("#v=1&model=deepseek-v3&gpus=8&tp=8&dp-attention=0");
  REQUIRE(off.ok());
  CHECK(!off->scenario.dp_attention);
}

TEST_CASE("dp-attention is refused, naming the field, where no engine runs it") {
  const char* base = "#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&dp-attention=1";
  struct Case { std::string link; const char* why; };
  const Case cases[] = {
      {std::string(base) + "&engine=trtllm", "only sglang and vllm have it"},
      {std::string(base) + "&engine-version=0.8.2", "vLLM added --data-parallel-size in v0.8.3 (#13923)"},
      {std::string(base) + "&engine-version=0.9.2-v0", "vLLM's data parallelism is a V1 feature"},
      {std::string(base) + "&engine=sglang&engine-version=0.3.6", "SGLang added it in v0.4.0"},
      {"#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=8&tp=8&dp-attention=1", "dense model"},
      {"#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&dp-attention=1", "tp 1: no ranks to spread over"},
      {"#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=4&pp=2&dp-attention=1", "pp > 1"},
      {std::string(base) + "&ep=2", "ep neither 1 nor tp"},
      {std::string(base) + "&dp-attention=yes", "not 1 or 0"},
  };
  for (const Case& c : cases) {
    auto p = parse_link(c.link);
    CHECK_MESSAGE(!p.ok(), c.why);
    if (!p.ok()) CHECK_MESSAGE(p.error().field == "dp-attention", c.why, " -> ", p.error().text());
  }
  for (const char* ok : {"&engine-version=0.8.3", "&ep=8", "&engine=sglang", "&engine=sglang&engine-version=0.4.6"})
    CHECK_MESSAGE(parse_link(std::string(base) + ok).ok(), ok);
}

// DeepSeek-V3's MLA latent is kv_lora_rank 512 + qk_rope_head_dim 64 per layer, 61 layers
// (its config.json): 576 x 61 x 2 bytes = 70272 bytes a token in BF16, whole on every TP rank
// (SGLang memory_pool.py MLATokenToKVPool, engines.md section 2: "not split by TP"). Under
// DP attention a rank keeps only its own sequences: one eighth of that per GPU on average.
TEST_CASE("DeepSeek-V3 on 8 x H200, TP 8: DP attention holds each latent once, not 8 times") {
  for (Engine e : {Engine::Sglang, Engine::Vllm}) {
    const Result tp = estimate(deepseek(e, false)), dp = estimate(deepseek(e, true));
    REQUIRE(tp.fits);
    REQUIRE(dp.fits);
    CHECK(tp.kv_bytes_per_token_per_gpu == doctest::Approx(70272));
    CHECK(dp.kv_bytes_per_token_per_gpu == doctest::Approx(70272 / 8.0));
    CHECK(tp.has(WarningCode::MlaLatentReplicated));
    CHECK(!dp.has(WarningCode::MlaLatentReplicated));
    // The pool holds close to 8x the tokens; less because the attention weights are now whole
    // on every rank. Per layer: q_a 7168x1536 + q_b 1536x(128x192) + kv_a 7168x576 +
    // kv_b 512x(128x256) + o (128x128)x7168 = 187.4M parameters, x 61 layers = 11.4 B, in FP8
    // 11.4 GB instead of 1.43 GB per GPU; the pool of about 50 GB loses about 10 GB of it.
    // SGLang also reserves 3 x cuda_graph_max_bs x dp = 3 x 512 x 8 MiB = 12 GiB more per
    // GPU for DP attention (S056 mem_fraction_static, engines.md section 2): 13 GB more gone.
    // vLLM's profile run gathers all 8 ranks' 8192 tokens into each MoE layer (FusedMoE naive
    // dispatch): 65536 x 7168 x 2 B = 0.9 GB of rows and fused_moe's caches for a 32768-row
    // chunk, 32768 x 8 x (7168 + 2048) x 2 B = 4.8 GB: about 6 GB more gone there.
    const double ratio = dp.max_kv_tokens / tp.max_kv_tokens;
    CHECK(ratio > 4.0);
    CHECK(ratio < 8.0);
    const double attention = 61 * (7168.0 * 1536 + 1536.0 * 128 * 192 + 7168.0 * 576 + 512.0 * 128 * 256 +
                                   128.0 * 128 * 7168);
    if (e == Engine::Sglang)  // SGLang keeps the dense MLPs, shared experts and vocabulary split over tp
      CHECK(dp.weights_bytes - tp.weights_bytes == doctest::Approx(attention * 7 / 8).epsilon(0.03));
    else  // vLLM's DP ranks run tensor parallelism 1: everything but the routed experts is whole
      CHECK(dp.weights_bytes - tp.weights_bytes > attention * 7 / 8 * 1.1);
    // More sequences in flight: more output tokens per second at the pool's limit (the SGLang
    // v0.4 release reports up to 1.9x decoding throughput for DeepSeek with DP attention).
    CHECK(dp.batch > 4 * tp.batch);
    CHECK(dp.output_tokens_per_s > tp.output_tokens_per_s);
  }
}

// GQA splits KV heads over TP ranks while tp <= kv_heads: then there is nothing to win back.
// Mixtral-8x7B has 8 KV heads (config.json num_key_value_heads), Qwen3-235B-A22B 4.
TEST_CASE("GQA with kv_heads >= tp gains no KV pool from DP attention; kv_heads < tp gains tp / kv_heads") {
  auto on = [](const char* model, bool dp) {
    Scenario s;
    s.model_id = model;
    s.gpu_id = "h200-sxm";
    s.gpus = s.tp = s.ep = 8;
    s.engine = Engine::Sglang;
    s.dp_attention = dp;
    return estimate(s);
  };
  const Result mix = on("mixtral-8x7b", false), mix_dp = on("mixtral-8x7b", true);
  CHECK(mix_dp.kv_bytes_per_token_per_gpu == doctest::Approx(mix.kv_bytes_per_token_per_gpu));
  CHECK(mix_dp.max_kv_tokens <= mix.max_kv_tokens);         // the attention weights, now whole, take room
  // What the pool loses per GPU: SGLang's DP-attention reserve, 3 x cuda_graph_max_bs x dp
  // = 3 x 512 x 8 MiB (S056, engines.md section 2), and the other 7/8 of the attention
  // weights (32 layers of q, o 4096x4096 and k, v 4096x1024, BF16).
  const double lost = (mix.max_kv_tokens - mix_dp.max_kv_tokens) * mix.kv_bytes_per_token_per_gpu;
  const double attention = 32 * (2 * 4096.0 * 4096 + 2 * 4096.0 * 1024) * 2;
  CHECK(lost == doctest::Approx(3 * 512 * 8 * 1048576.0 + attention * 7 / 8).epsilon(0.05));
  const Result qw = on("qwen3-235b-a22b", false), qw_dp = on("qwen3-235b-a22b", true);
  CHECK(qw.has(WarningCode::KvHeadsReplicated));
  CHECK(qw.kv_bytes_per_token_per_gpu / qw_dp.kv_bytes_per_token_per_gpu == doctest::Approx(2));
}

TEST_CASE("DP attention launch commands use the engines' own flags") {
  const Scenario sg = deepseek(Engine::Sglang, true);
  const std::string a = launch_command(sg, estimate(sg)).command;
  CHECK(a.find(" --tp 8 --ep-size 8 --dp-size 8 --enable-dp-attention ") != std::string::npos);
  const Scenario vl = deepseek(Engine::Vllm, true);
  const Result r = estimate(vl);
  const std::string b = launch_command(vl, r).command;
  CHECK(b.find(" --tensor-parallel-size 1 --data-parallel-size 8 ") != std::string::npos);
  CHECK(b.find(" --enable-expert-parallel") != std::string::npos);
  // --max-num-seqs is per DP rank (each is its own engine core).
  CHECK(b.find(" --max-num-seqs " + std::to_string((r.batch + 7) / 8)) != std::string::npos);
  const Scenario plain = deepseek(Engine::Vllm, false);
  CHECK(launch_command(plain, estimate(plain)).command.find("--data-parallel-size") == std::string::npos);
}

// The planner tries DP attention where engines run it (a MoE model on SGLang or vLLM, tp >=
// 2, pp 1) and nowhere else. DeepSeek-V3 at a rate that needs the whole fleet: the 8x larger
// KV pool per replica serves more requests at once, so the best plan uses it.
TEST_CASE("plan: DeepSeek-V3 at a high rate on 8 x H200 chooses DP attention; a dense model never does") {
  PlanRequest req;
  req.base.model_id = "deepseek-v3";
  req.base.weights = WeightFormat::Fp8;
  req.base.engine = Engine::Sglang;
  req.workload.rate_rps = 200;
  req.workload.input_tokens = 1024;
  req.workload.output_tokens = 256;
  req.workload.ttft_slo_ms = 1e6;
  req.workload.tpot_slo_ms = 1e6;
  req.link = pool_link(LinkKind::IbNdr);
  req.fleet = {{"h200-sxm", 8, -1}};
  req.top = 5;
  const PlanResult res = plan_fleet(req);
  REQUIRE(res.best);
  bool dp = false;
  for (const PlanRole& r : res.best->roles) dp = dp || r.dp_attention;
  CHECK_MESSAGE(dp, res.best->summary());
  CHECK(res.best->summary().find("dp-attention") != std::string::npos);
  CHECK(plan_report_json(req, res).find("\"dp_attention\": true") != std::string::npos);

  req.base.model_id = "llama-3.1-70b";
  const PlanResult dense = plan_fleet(req);
  REQUIRE(dense.best);
  for (const Plan& p : dense.plans)
    for (const PlanRole& r : p.roles) CHECK_MESSAGE(!r.dp_attention, p.summary());
  // Engines without it never get it either (TensorRT-LLM's attention DP is not modelled).
  req.base.model_id = "deepseek-v3";
  req.base.engine = Engine::Trtllm;
  for (const Plan& p : plan_fleet(req).plans)
    for (const PlanRole& r : p.roles) CHECK_MESSAGE(!r.dp_attention, p.summary());
}
