// Memory the way each engine counts it: weight formats from their published layouts, the
// KV pool against engine start-up logs (tests/data/memory_logs.csv, copied from
// /work/shared/reference/memory_logs.csv), start-up refusals, and queueing above the pool.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "core/estimate.h"
#include "core/launch.h"
#include "core/link.h"
#include "core/memory_calibration.h"
#include "core/report.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto parsed = parse_link(link);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  return parsed->scenario;
}

std::vector<MemoryLogRow> memory_logs() {
  std::ifstream in(std::string(INFERCALC_TEST_DATA) + "/memory_logs.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = parse_memory_log_csv(ss.str());
  REQUIRE_MESSAGE(rows.ok(), (rows.ok() ? "" : rows.error().text()));
  return *rows;
}

double error_pct(const MemoryLogRow& row) { return std::fabs(predict_memory(row) - row.measured) / row.measured * 100; }

const MemoryLogRow& row(const std::vector<MemoryLogRow>& rows, const std::string& id) {
  for (const MemoryLogRow& r : rows)
    if (r.id == id) return r;
  FAIL("no row " << id);
  return rows.front();
}
}  // namespace

// ggml v0.21.0 src/ggml-common.h block structs (engines.md section 4): bytes per block / weights per block.
TEST_CASE("GGUF block sizes from ggml-common.h") {
  CHECK(bytes_per_param(WeightFormat::Q4_0) == 18.0 / 32);
  CHECK(bytes_per_param(WeightFormat::Q4_1) == 20.0 / 32);
  CHECK(bytes_per_param(WeightFormat::Q5_0) == 22.0 / 32);
  CHECK(bytes_per_param(WeightFormat::Q5_1) == 24.0 / 32);
  CHECK(bytes_per_param(WeightFormat::Q2_K) == 84.0 / 256);
  CHECK(bytes_per_param(WeightFormat::Iq4_Xs) == 136.0 / 256);
  // Q3_K_M mixes Q3_K (110 B / 256) with higher types: quantize prints 3.74 GB for Llama-3-8B (8.03 B).
  CHECK(bytes_per_param(WeightFormat::Q3_K_M) > 110.0 / 256);
  CHECK(bytes_per_param(WeightFormat::Q3_K_M) * 8.03e9 == doctest::Approx(3.74e9).epsilon(0.01));
  for (WeightFormat f : {WeightFormat::Q4_0, WeightFormat::Q4_1, WeightFormat::Q5_0, WeightFormat::Q5_1,
                         WeightFormat::Q3_K_M, WeightFormat::Q2_K, WeightFormat::Iq4_Xs}) {
    CHECK(is_gguf(f));
    const auto parsed = parse_weight_format(name(f));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == f);
  }
  // AWQ / GPTQ int4 group 128: 4-bit weights plus an fp16 scale and a 4-bit zero per 128.
  CHECK(bytes_per_param(WeightFormat::Awq) == doctest::Approx(0.5 + 2.5 / 128));
  CHECK(bytes_per_param(WeightFormat::Gptq) > bytes_per_param(WeightFormat::Awq));  // plus g_idx
}

TEST_CASE("llama.cpp launches the GGUF type it is given, with -c for the running slots") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&weights=q4_0&engine=llamacpp&batch=2");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  CHECK(launch_command(s, r).command == "llama-server -m Llama-3.1-8B-Q4_0.gguf -ngl 999 -c 2560 --split-mode layer --parallel 2");
  // The KV the log line reports is those 2560 cells: 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 B.
  CHECK(r.kv_cache_bytes == doctest::Approx(2560.0 * 131072));
}

// llama-server -c N allocates all N cells whatever the requests use ("llama_kv_cache: size =
// X MiB (N cells, ...)", engines.md section 4): max-model-len is that -c.
TEST_CASE("llama.cpp allocates the -c cells it is started with") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&weights=q4_k_m&engine=llamacpp&max-model-len=4096");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  CHECK(r.kv_cells == 4096);
  // 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 B (f16) per cell: 512 MiB.
  CHECK(r.kv_cache_bytes == doctest::Approx(4096.0 * 131072));
  CHECK(launch_command(s, r).command.find(" -c 4096 ") != std::string::npos);
}

// vLLM's scheduler runs what the KV pool holds and queues the rest (v1/core/sched/scheduler.py:
// a request waits when allocate_slots finds no free blocks); only a request larger than the
// pool keeps the engine from serving it.
TEST_CASE("a concurrency above the pool runs at the pool's size and queues the rest") {
  const Result r = estimate(
      from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=8000&output=2000&batch=500&workload=concurrency"));
  CHECK(r.fits);
  CHECK(r.batch >= 1);
  CHECK(r.batch < 500);
  CHECK(r.batch == static_cast<int64_t>(std::floor(r.max_concurrency)));
  CHECK(r.queued == 500 - r.batch);
  CHECK(r.has(WarningCode::RequestsQueued));
  CHECK_FALSE(r.has(WarningCode::DoesNotFit));
  // One request longer than the whole pool cannot run: that is "does not fit".
  const Result huge = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&weights=fp8&input=100000&output=1000"));
  CHECK_FALSE(huge.fits);
  CHECK(huge.has(WarningCode::DoesNotFit));
}

// memory_logs.csv L029: Qwen2.5-14B (R1 distill) on 2 x RTX 4090, TP2, util 0.98, the default
// max_model_len 131072: vLLM refused to start, "max seq len (131072) is larger than the maximum
// number of tokens that can be stored in KV cache (81536)".
TEST_CASE("vLLM refuses to start when one max_model_len request exceeds the pool") {
  const Result dflt = estimate(from_link("#v=1&model=qwen2.5-14b&gpu=rtx-4090&gpus=2&tp=2&util=0.98&engine-version=0.7.2-v0"));
  CHECK(dflt.has(WarningCode::MaxModelLenTooLong));
  CHECK(dflt.max_kv_tokens < 131072);
  const Result set = estimate(
      from_link("#v=1&model=qwen2.5-14b&gpu=rtx-4090&gpus=2&tp=2&util=0.98&engine-version=0.7.2-v0&max-model-len=131072"));
  CHECK_FALSE(set.fits);
  const Result shorter = estimate(
      from_link("#v=1&model=qwen2.5-14b&gpu=rtx-4090&gpus=2&tp=2&util=0.98&engine-version=0.7.2-v0&max-model-len=32768"));
  CHECK(shorter.fits);
  CHECK_FALSE(shorter.has(WarningCode::MaxModelLenTooLong));
}

TEST_CASE("BF16 KV on a GPU without BF16 is kept in FP16, with a warning") {
  const Result v100 = estimate(from_link("#v=1&model=llama-3.2-1b&gpu=v100-sxm2-32gb&weights=fp16&kv=bf16"));
  CHECK(v100.kv == KvDtype::Fp16);
  CHECK(v100.has(WarningCode::KvBf16AsFp16));
  const Result h100 = estimate(from_link("#v=1&model=llama-3.2-1b&gpu=h100-sxm&kv=bf16"));
  CHECK(h100.kv == KvDtype::Bf16);
  CHECK_FALSE(h100.has(WarningCode::KvBf16AsFp16));
}

// vLLM's "Maximum concurrency" divides the pool by one max_model_len request's needs in
// every layer group (get_max_concurrency_for_kv_cache_config, vllm/v1/core/kv_cache_utils.py):
// for Qwen3-Next that is its KV on the 12 attention layers and the fixed state of its 36
// Gated DeltaNet layers, so the line is below "GPU KV cache size" / max_model_len.
TEST_CASE("vLLM's maximum concurrency for a hybrid model counts each request's recurrent state") {
  const Scenario s = from_link("#v=1&model=qwen3-next-80b-a3b&gpu=h200-sxm&weights=fp8");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  REQUIRE(r.state_bytes_per_sequence_per_gpu > 0);
  double logged = -1;
  for (const std::string& line : engine_log(s, r))
    if (line.rfind("Maximum concurrency for ", 0) == 0) logged = std::stod(line.substr(line.rfind(": ") + 2));
  const double len = static_cast<double>(r.engine.max_model_len);
  const double per_request = len * r.kv_bytes_per_token_per_gpu + r.state_bytes_per_sequence_per_gpu;
  CHECK(logged == doctest::Approx(r.kv_pool_bytes / per_request).epsilon(0.002));
  CHECK(logged < r.max_kv_tokens / len);
}

TEST_CASE("the report prints the engine's own start-up lines") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine-version=0.6.3");
  const Result r = estimate(s);
  bool blocks = false, concurrency = false;
  for (const std::string& line : engine_log(s, r)) {
    blocks = blocks || line.rfind("# GPU blocks: ", 0) == 0;
    concurrency = concurrency || line.rfind("Maximum concurrency for 131072 tokens per request: ", 0) == 0;
  }
  CHECK(blocks);
  CHECK(concurrency);
  const Scenario v1 = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm");
  bool tokens = false;
  for (const std::string& line : engine_log(v1, estimate(v1))) tokens = tokens || line.rfind("GPU KV cache size: ", 0) == 0;
  CHECK(tokens);
}

// vLLM V0 captures CUDA graphs after the KV cache is allocated (initialize_cache ->
// _warm_up_model -> capture_model, V054; engines.md 1a): the pool is the same with
// --enforce-eager, and the capture memory is reported (its own log line) only without it.
TEST_CASE("vLLM V0 CUDA graphs come after the pool and cost nothing with enforce_eager") {
  const Scenario graphs = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine-version=0.6.3");
  const Scenario eager = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine-version=0.6.3&enforce-eager=1");
  const Result g = estimate(graphs), e = estimate(eager);
  CHECK(g.kv_blocks == e.kv_blocks);
  CHECK(g.cuda_graph_bytes > 0);
  CHECK_FALSE(g.cuda_graphs_in_budget);
  CHECK(e.cuda_graph_bytes == 0);
  bool line = false;
  for (const std::string& l : engine_log(graphs, g)) line = line || l.rfind("Graph capturing finished, took ", 0) == 0;
  CHECK(line);
}

// Every line of the engine logs gets a prediction (CUDA-graph sizes from graph_capture_bytes);
// the rows whose engine rules are modelled land close to what the engine printed.
TEST_CASE("engine start-up logs: weights and KV pool") {
  const std::vector<MemoryLogRow> rows = memory_logs();
  CHECK(rows.size() == 44);
  const MemoryLogStats st = evaluate_memory(rows);
  CHECK(st.unpredicted == 0);  // L025, L035 (cuda_graph_gib) included
  // Dense BF16/FP16 weights as loaded (L001 "Loading model weights took 14.9595 GB", ...).
  for (const char* id : {"L001", "L003", "L005", "L009", "L011", "L034"}) {
    INFO(id);
    CHECK(error_pct(row(rows, id)) < 2.5);
  }
  // vLLM 0.4.1 on an RTX A6000 (PR #4454): # GPU blocks for BF16, GPTQ and AWQ checkpoints.
  for (const char* id : {"L014", "L015", "L016", "L017"}) {
    INFO(id);
    CHECK(error_pct(row(rows, id)) < 3);
  }
  // vLLM ROCm 0.6.4 V0 on MI300X: # GPU blocks at TP1 and TP2.
  for (const char* id : {"L002", "L004", "L010", "L012"}) {
    INFO(id);
    CHECK(error_pct(row(rows, id)) < 3.5);
  }
  // Meta's Llama-3.1-405B FP8 checkpoint at TP8 (dstack gpu-usage.md "Loading model weights
  // took 56.7677 GB in each GPU", vLLM 0.6.3 on H100 and on MI300X; vLLM 0.5.3 in issue
  // #6746 57.752): attention and the first and last layers stay BF16. With every linear
  // layer in fp8 (the plain llama-3.1-405b preset) it would be 47.78, -16 %.
  for (const char* id : {"L026", "L042", "L043"}) {
    INFO(id);
    CHECK(error_pct(row(rows, id)) < 2);
  }
  // vLLM V1 (0.11, LMCache's table) and 0.19 (gpt-oss-20b MXFP4): available KV cache memory.
  // L036/L039 were +5.3/+5.9 % while the sampler's sort buffers were left out.
  for (const char* id : {"L031", "L036", "L039"}) {
    INFO(id);
    CHECK(error_pct(row(rows, id)) < 4);
  }
  // Issue #10's target: median 3 %, 90th percentile 10 %.
  CHECK(st.median_ape <= 3.0);
  CHECK(st.p90_ape <= 10.0);
}

// memory_facts.csv K016, held out until the scenario had data-parallel attention and expert
// parallelism: vllm-project/recipes PR #12, Qwen3-Coder-480B-A35B-Instruct-FP8,
// --data-parallel-size 8 --enable-expert-parallel on 8 x H20, "available KV 48.66 GiB at util
// 0.90, 55.65 GiB at 0.95". The 6.99 GiB between the two is 0.05 of 139.8 GiB: the 141 GB H20,
// whose memory the catalogue's 141 GB Hopper has (h200-sxm: CUDA's total, 143,156 MiB, measured
// on an H200); nothing else of the GPU enters the pool. The recipe is from vLLM's 0.10 series.
// Held out, it came out 8.1 % and 7.2 % high: about 4 GiB of the profile run was missing, the
// MoE layers' rows gathered from all eight DP ranks (FusedMoE naive dispatch) and fused_moe's
// caches for them; with that step (engine_memory.cpp, vllm_dp_moe_activations) it came within
// 3 %. It is no longer unseen. Two later changes from other sources (the sampler's sort buffers,
// PyTorch SortStable.cu; the CUDA total in place of nvidia-smi's, measured) leave it at -3.2 %.
TEST_CASE("vLLM recipes PR #12, Qwen3-Coder-480B FP8, DP8 + EP on 8 x H20 141 GB: the experts see all DP ranks' tokens") {
  // Not a structured binding: clang 14 (Emscripten's) refuses one captured by INFO's lambda.
  for (const auto& row : {std::pair{"0.9", 48.66}, std::pair{"0.95", 55.65}}) {
    const char* util = row.first;
    const double logged_gib = row.second;
    INFO(util);
    const std::string link = std::string("#v=1&model=qwen3-coder-480b-a35b&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8"
                                         "&engine-version=0.10.1&max-model-len=262144&dp-attention=1&util=") + util;
    const Result r = estimate(from_link(link.c_str()));
    CHECK(std::fabs(r.kv_pool_bytes / std::pow(2.0, 30) / logged_gib - 1) < 0.04);
  }
  // The gathered rows are the DP ranks' tokens: without data parallelism (TP8, one engine)
  // the same model's profile run holds fewer activation bytes per GPU.
  const Result dp = estimate(from_link("#v=1&model=qwen3-coder-480b-a35b&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8"
                                       "&engine-version=0.10.1&dp-attention=1"));
  const Result tp = estimate(from_link("#v=1&model=qwen3-coder-480b-a35b&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8"
                                       "&engine-version=0.10.1"));
  CHECK(dp.activation_bytes > tp.activation_bytes + std::pow(2.0, 30));
}

// vLLM's profile run ends with one sampler pass, top-k and top-p on, so every logits row is
// sorted. PyTorch sorts 128 or more rows with cub's SortPairs that may not overwrite its input
// (aten/src/ATen/native/cuda/SortStable.cu segmented_sort_pairs, aten/src/ATen/cuda/cub.cuh;
// Debian source package pytorch 1.13.1+dfsg-4). Live at that moment, per logit: the
// runner's bf16 logits, the sampler's fp32 copy, sort's values and int64 indices, sort's int64
// index input, cub's alternate fp32 keys and int64 values.
TEST_CASE("vLLM's profile run holds the sampler's logits at their peak inside torch.sort") {
  const double bytes_per_logit = 2 + 4 + (4 + 8) + 8 + (4 + 8);
  // Llama-3.1-8B, vocabulary 128,256 (config.json); V1 samples min(max_num_seqs, tokens) rows.
  const Result many = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine-version=0.11.0&max-num-seqs=1024"));
  const Result few = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine-version=0.11.0&max-num-seqs=512"));
  CHECK(many.activation_bytes - few.activation_bytes == doctest::Approx(512 * 128256 * bytes_per_logit).epsilon(1e-9));
}

// What the summary shows: the used memory against the memory the engine's fraction leaves
// usable. With the pool filled (batch max) the used memory reaches usable and never passes
// it. SGLang's activations run inside the share mem_fraction_static keeps out, so they are
// part of usable there (the summary once read "127.4 of 126.0 GiB" and "fits").
TEST_CASE("batch max: used memory reaches the usable memory, never more, on every engine") {
  for (const char* engine : {"vllm", "sglang", "trtllm", "tgi", "lmdeploy", "mlc"}) {
    for (const char* base : {"#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=max&engine=",
                             "#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&batch=max&engine="}) {
      const std::string link = std::string(base) + engine;
      INFO(link);
      const Result r = estimate(from_link(link.c_str()));
      REQUIRE(r.fits);
      CHECK(r.total_bytes <= r.usable_bytes * (1 + 1e-9));
      // vLLM and SGLang fill the pool here (the others stop at their sequence caps first).
      if (std::string(engine) == "vllm" || std::string(engine) == "sglang") CHECK(r.total_bytes >= 0.97 * r.usable_bytes);
    }
  }
}

// The cap on running sequences the Memory tab prints next to "largest concurrency": vLLM's
// --max-num-seqs, 1024 on H100/H200-class GPUs from #12369 (engine_versions.json, 0.8.0 on)
// and per engine core, so per DP rank under --data-parallel-size (one scheduler each); not
// the engine's generic default of 256 (the tab once said "the engine caps at 256" here).
TEST_CASE("the cap on running sequences: vLLM's max_num_seqs per DP rank") {
  const Result one = estimate(from_link("#v=1&model=qwen3-coder-480b-a35b&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8"
                                        "&engine-version=0.10.1"));
  const Result dp = estimate(from_link("#v=1&model=qwen3-coder-480b-a35b&gpu=h200-sxm&gpus=8&tp=8&ep=8&weights=fp8"
                                       "&engine-version=0.10.1&dp-attention=1"));
  CHECK(one.seq_cap == 1024);
  CHECK(dp.seq_cap == 8 * 1024);
  const Result set = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&max-num-seqs=48"));
  CHECK(set.seq_cap == 48);
}
