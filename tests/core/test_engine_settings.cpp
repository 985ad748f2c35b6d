// Engine knobs and versions: one spelling in links and files, one validator, and the
// defaults each engine version ships (facts from /work/shared/reference/engines.md).
#include <doctest/doctest.h>

#include "core/engine_version.h"
#include "core/estimate.h"
#include "core/link.h"
#include "core/scenario_check.h"
#include "core/scenario_file.h"

using namespace infercalc;

namespace {
Scenario knobs() {
  Scenario s;
  s.engine_version = "0.6.3";
  s.max_model_len = 8192;
  s.max_num_seqs = 128;
  s.max_num_batched_tokens = 4096;
  s.block_size = 32;
  s.enforce_eager = true;
  s.gpu_util = 0.85;
  return s;
}
}  // namespace

TEST_CASE("every engine knob round-trips through the link and a scenario file, spelled as the flags") {
  const Scenario s = knobs();
  const std::string link = make_link(s);
  CHECK(link ==
        "#v=1&model=llama-3.1-8b&gpu=h100-sxm&util=0.85&engine-version=0.6.3&max-model-len=8192&max-num-seqs=128"
        "&max-num-batched-tokens=4096&block-size=32&enforce-eager=1");
  auto back = parse_link(link);
  REQUIRE(back.ok());
  CHECK(back->scenario == s);
  auto file = read_scenario_file(write_scenario_file(ScenarioFile{s, PlanSpec{}, "knobs"}));
  REQUIRE(file.ok());
  CHECK(file->scenario == s);
  // Defaults are omitted.
  CHECK(make_link(Scenario{}).find("max-") == std::string::npos);
}

TEST_CASE("bad engine knobs are refused naming the key") {
  struct Case { const char* link; const char* field; };
  const Case cases[] = {
      {"#v=1&engine-version=", "engine-version"},
      {"#v=1&engine-version=latest", "engine-version"},
      {"#v=1&engine-version=0", "engine-version"},
      {"#v=1&engine=llamacpp&engine-version=0.6.3", "engine-version"},
      {"#v=1&engine-version=b4876", "engine-version"},
      {"#v=1&max-model-len=-1", "max-model-len"},
      {"#v=1&max-model-len=abc", "max-model-len"},
      {"#v=1&max-model-len=1000", "max-model-len"},  // shorter than input + output (1024 + 256)
      {"#v=1&max-num-seqs=-2", "max-num-seqs"},
      {"#v=1&max-num-batched-tokens=99999999999", "max-num-batched-tokens"},
      {"#v=1&block-size=24", "block-size"},
      {"#v=1&enforce-eager=yes", "enforce-eager"},
  };
  for (const Case& c : cases) {
    auto p = parse_link(c.link);
    CHECK_MESSAGE(!p.ok(), c.link);
    if (!p.ok()) CHECK_MESSAGE(p.error().field == c.field, c.link, " -> ", p.error().text());
  }
  // Version spellings people copy from `pip show` / `--version`.
  for (const char* v : {"0.6.3", "v0.6.3", "0.10", "0.6.4.dev9+g5d264f4a", "1.0.0rc4", "0.9.2-v0"})
    CHECK_MESSAGE(!check_engine_version(Engine::Vllm, v), v);
  CHECK(!check_engine_version(Engine::Llamacpp, "b4876"));
}

TEST_CASE("vLLM defaults per version (engines.md section 1)") {
  Scenario s;
  s.model_id = "llama-3.1-8b";  // max_position_embeddings 131072
  s.gpu_id = "h100-sxm";
  const ModelArch& m = *resolve_model(s);
  const Gpu& g = *resolve_gpu(s);

  // Newest (VNEW, #38284): gpu_memory_utilization 0.92, block 16; H100 is a large GPU: 1024 / 8192.
  EngineSettings k = resolve_engine(s, m, g);
  CHECK(k.gpu_util == doctest::Approx(0.92));
  CHECK(k.block_size == 16);
  CHECK(k.max_num_seqs == 1024);
  CHECK(k.max_num_batched_tokens == 8192);
  CHECK(k.max_model_len == 131072);
  CHECK(k.chunked_prefill);
  CHECK_FALSE(k.version_mapped);

  // 0.5.4 (V0, #6666): chunked prefill above 32768 tokens, chunk 512, util 0.90, 256 sequences.
  s.engine_version = "0.5.4";
  k = resolve_engine(s, m, g);
  CHECK(k.v0);
  CHECK(k.gpu_util == doctest::Approx(0.90));
  CHECK(k.max_num_seqs == 256);
  CHECK(k.chunked_prefill);
  CHECK(k.max_num_batched_tokens == 512);
  // ... and without it (max_model_len 8192): max(max_model_len, 2048).
  s.max_model_len = 8192;
  k = resolve_engine(s, m, g);
  CHECK_FALSE(k.chunked_prefill);
  CHECK(k.max_num_batched_tokens == 8192);

  // 0.6.5+ (#10544): chunk 2048.
  s.max_model_len = 0;
  s.engine_version = "0.6.6";
  CHECK(resolve_engine(s, m, g).max_num_batched_tokens == 2048);

  // 0.8.5 V1 on A100 80GB: A100 excluded from the large-GPU defaults (#17073): 256 / 2048.
  s.engine_version = "0.8.5";
  s.gpu_id = "a100-sxm4-80gb";
  k = resolve_engine(s, m, *resolve_gpu(s));
  CHECK_FALSE(k.v0);
  CHECK(k.max_num_seqs == 256);
  CHECK(k.max_num_batched_tokens == 2048);

  // 0.9.2 with VLLM_USE_V1=0 runs V0.
  s.engine_version = "0.9.2-v0";
  CHECK(resolve_engine(s, m, *resolve_gpu(s)).v0);

  // Outside the documented range: nearest entry, flagged.
  s.engine_version = "0.3.0";
  k = resolve_engine(s, m, *resolve_gpu(s));
  CHECK(k.version_mapped);
  CHECK(k.profile->version == "0.4.0");
  s.engine_version = "9.0";
  k = resolve_engine(s, m, *resolve_gpu(s));
  CHECK(k.version_mapped);
  CHECK(k.profile->version == "0.21.0");

  // Explicit knobs win.
  s = knobs();
  k = resolve_engine(s, m, g);
  CHECK(k.max_model_len == 8192);
  CHECK(k.max_num_seqs == 128);
  CHECK(k.max_num_batched_tokens == 4096);
  CHECK(k.block_size == 32);
  CHECK(k.enforce_eager);
  CHECK(k.cuda_graph_max_bs == 0);
  CHECK(k.gpu_util == doctest::Approx(0.85));
}

TEST_CASE("SGLang mem_fraction_static defaults (engines.md section 2)") {
  Scenario s;
  s.engine = Engine::Sglang;
  s.gpu_id = "h100-sxm";  // 80,998 MiB (CUDA's total)
  const ModelArch& m = *resolve_model(s);
  const Gpu& g = *resolve_gpu(s);
  // S046: <= 81920 MiB at TP1 -> 0.88; TP4 -> 0.85.
  s.engine_version = "0.4.6";
  CHECK(resolve_engine(s, m, g).gpu_util == doctest::Approx(0.88));
  s.gpus = s.tp = 4;
  CHECK(resolve_engine(s, m, g).gpu_util == doctest::Approx(0.85));
  // S052: below 90 GB the reserve is 9.5 + TP*PP/2 GiB.
  s.engine_version = "0.5.2";
  const double mib = g.usable_memory_bytes / (1024.0 * 1024), gib = mib / 1024;
  CHECK(resolve_engine(s, m, g).gpu_util == doctest::Approx((gib - 9.5 - 2) / gib));
  // S056: 512 + 1.5 x 8192 + 2 x 512 (TP4 on < 160 GB) + 4/8 x 1024 MiB = 14336 MiB, above the 10 GiB floor.
  s.engine_version = "0.5.6";
  EngineSettings k = resolve_engine(s, m, g);
  CHECK(k.max_num_batched_tokens == 8192);
  CHECK(k.cuda_graph_max_bs == 512);
  CHECK(k.gpu_util == doctest::Approx((mib - 14336) / mib));
  // Data-parallel attention (--enable-dp-attention, dp = tp = 4) reserves more: S056 adds
  // 3 x cuda_graph_max_bs x dp = 3 x 512 x 4 MiB; S052 adds 4 GiB.
  s.dp_attention = true;
  CHECK(resolve_engine(s, m, g).gpu_util == doctest::Approx((mib - 14336 - 3 * 512 * 4) / mib));
  s.engine_version = "0.5.2";
  CHECK(resolve_engine(s, m, g).gpu_util == doctest::Approx((gib - 9.5 - 2 - 4) / gib));
}

TEST_CASE("the knobs reach the estimate") {
  Scenario s;
  s.batch_max = true;
  s.max_model_len = 4096;
  s.max_num_seqs = 7;
  Result r = estimate(s);
  REQUIRE(r.valid);
  CHECK(r.batch == 7);  // capped by --max-num-seqs
  s.max_num_seqs = 0;
  s.block_size = 64;
  r = estimate(s);
  CHECK(static_cast<int64_t>(r.max_kv_tokens) % 64 == 0);
  CHECK(r.engine.block_size == 64);
}
