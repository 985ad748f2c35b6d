// Every user input of one estimate. The URL fragment, the CLI flags and saved
// scenario files are three spellings of this struct (see link.h).
#pragma once
#include <cstdint>
#include <string>

#include "core/formats.h"
#include "core/model.h"

namespace infercalc {

struct Scenario {
  // Model: a preset id from assets/models.json, or "custom" with `custom_model` set
  // (imported from a config.json, carried inline in links).
  std::string model_id = "llama-3.1-8b";
  ModelArch custom_model;

  std::string gpu_id = "h100-sxm";
  int64_t gpus = 1;  // total GPUs; gpus = tp x pp x data-parallel replicas
  int64_t tp = 1;
  int64_t pp = 1;
  int64_t ep = 1;    // expert parallelism (MoE), within the tp x pp group
  // Data-parallel attention (SGLang --enable-dp-attention --dp N; vLLM --data-parallel-size N
  // with tensor parallelism 1): the tp ranks each run attention for their own requests
  // (attention weights replicated, each sequence's KV on one rank only) and share the MoE
  // layers (experts over the tp ranks, ep = tp for all-to-all dispatch). Link key dp-attention.
  bool dp_attention = false;
  int64_t gpus_per_node = 0;          // 0 = the GPU's default (8 for SXM/OAM)
  double internode_gbps = 400;        // per GPU, Gb/s (InfiniBand NDR)

  WeightFormat weights = WeightFormat::Bf16;
  KvDtype kv = KvDtype::Bf16;

  int64_t input_tokens = 1024;
  int64_t output_tokens = 256;
  int64_t batch = 1;      // concurrent requests per model replica
  bool batch_max = false; // batch = the most the KV pool (and the engine's cap) allows
  // How requests arrive (formats.h WorkloadMode). Burst: `batch` requests together, times
  // and rates over the whole run; concurrency: `batch` kept in flight, steady state; rate:
  // Poisson arrivals at request_rate per second per replica, `batch` caps the running set.
  WorkloadMode workload = WorkloadMode::Concurrency;
  double request_rate = 1;  // requests/s per replica, used by workload = rate

  Engine engine = Engine::Vllm;
  double gpu_util = 0;    // fraction of GPU memory the engine may use; 0 = engine default
  double usd_per_gpu_hour = 2.0;

  // Targets the user set; 0 = none. A scenario that misses one gets suggestions
  // (core/suggest.h). Link keys target_ttft, target_tpot, target_tps.
  double target_ttft_ms = 0;        // time to first token at most, ms
  double target_tpot_ms = 0;        // time per output token at most, ms
  double target_tokens_per_s = 0;   // output tokens/s over all GPUs at least

  // Engine settings, spelled as the engines' own flags (--max-model-len, ...); 0 / empty /
  // false = what that engine version does by default (core/engine_version.h resolves them).
  std::string engine_version;          // "0.6.3", "0.10.1", "0.9.2-v0", "b4876"; "" = newest documented
  int64_t max_model_len = 0;           // context one request may use; 0 = the model's
  int64_t max_num_seqs = 0;            // sequences per step
  int64_t max_num_batched_tokens = 0;  // tokens per step (the prefill chunk)
  int64_t block_size = 0;              // KV tokens per block / page
  bool enforce_eager = false;          // no CUDA graphs

  bool operator==(const Scenario&) const = default;
};

// Hard limits every input is checked against (link, CLI, UI, files alike).
struct Limits {
  static constexpr int64_t kMaxGpus = 4096;
  static constexpr int64_t kMaxTokens = 10'000'000;
  static constexpr int64_t kMaxBatch = 100'000;
  static constexpr double kMaxUsdPerGpuHour = 1000;
  static constexpr double kMaxInternodeGbps = 10'000;
  static constexpr double kMaxTargetMs = 3'600'000;  // an hour: beyond it a target means nothing
  static constexpr double kMaxTargetTokensPerS = 1e9;
  static constexpr double kMaxRequestRate = 1'000'000;
};

}  // namespace infercalc
