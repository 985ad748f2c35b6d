// The estimate: memory per GPU, speed, cost and the compatibility linter's findings
// for one Scenario. Pure arithmetic over the model, GPU and engine tables; no
// allocation, so the UI can run thousands per frame (curves, heatmap, fit bars).
#pragma once
#include <cstdint>
#include <string>

#include "core/engine.h"
#include "core/engine_memory.h"
#include "core/engine_version.h"
#include "core/formats.h"
#include "core/gpu.h"
#include "core/model.h"
#include "core/scenario.h"

namespace infercalc {

enum class Bound : uint8_t { Memory, Compute, Communication };
const char* name(Bound b);

// Linter findings and other notes; each says what it changed in the estimate.
enum class WarningCode : uint8_t {
  NoBf16,              // GPU lacks BF16: weights and activations computed in FP16
  NoFlashAttention,    // compute capability < 8.0: attention scores materialised
  NoFp8TensorCores,    // FP8 weights stored in 8 bits, computed at 16 bits
  NoInt8TensorCores,   // INT8 weights stored in 8 bits, computed at 16 bits
  NoFp4TensorCores,    // MXFP4/NVFP4 weights stored in 4 bits, computed at 16 bits
  NoNvlink,            // tensor parallelism over PCIe
  CrossNodeTp,         // the TP group spans nodes: all-reduce over the inter-node link
  CrossNodePp,         // pipeline stages on different nodes
  KvHeadsReplicated,   // tp > kv heads: KV heads duplicated on several GPUs
  MlaLatentReplicated, // MLA latent cache kept whole on every TP rank
  ContextBeyondModel,  // input + output exceeds the model's max_position_embeddings
  BatchCappedByEngine, // batch=max limited by the engine's max concurrent sequences
  BatchCappedByMemory, // batch=max limited by the KV pool
  DoesNotFit,          // weights + KV + activations + reserve exceed usable memory
  Fp32OnCudaCores,     // FP32 weights run on the FP32 units, not the tensor cores
  RequestsQueued,      // burst/rate: more requests than run at once; the rest wait (waves)
  RateBeyondCapacity,  // rate: arrivals exceed what the replica serves; the queue grows
  UnknownArchitecture, // the config has keys (or a model_type) the importer does not model
  MaxModelLenTooLong,  // the engine refuses to start: one max_model_len request exceeds the KV pool
  EngineVersionNotDocumented,  // the version is outside the documented range: nearest entry's rules
  KvBf16AsFp16,        // GPU lacks BF16: the BF16 KV cache is kept in FP16
};
const char* code_name(WarningCode c);  // "no-bf16", ...

struct Warning {
  WarningCode code;
  double a = 0, b = 0;  // numbers the message quotes
};

struct Band {
  double low = 0, high = 0;
};

struct Result {
  bool valid = false;  // false when the model or GPU could not be resolved

  // Model
  double total_params = 0, active_params = 0;

  // The engine knobs as that engine version runs them (defaults resolved).
  EngineSettings engine;

  // Effective settings after the linter
  WeightFormat weights = WeightFormat::Bf16;
  KvDtype kv = KvDtype::Bf16;
  int compute_bits = 16;
  double compute_tflops = 0;  // dense tensor rate used for this format
  bool flash_attention = true;
  const char* tp_link = "none";  // "NVLink", "PCIe", "InfiniBand", "none"

  // Memory, bytes per GPU (the most loaded GPU of a replica)
  double weights_bytes = 0, kv_cache_bytes = 0, activation_bytes = 0, reserved_bytes = 0;
  double total_bytes = 0, capacity_bytes = 0, usable_bytes = 0, kv_pool_bytes = 0;
  double kv_bytes_per_token = 0;          // whole model, all layers, before TP split
  double kv_bytes_per_token_per_gpu = 0;
  double kv_bytes_per_sequence_per_gpu = 0;  // input+output tokens, windows capped, blocks rounded,
                                             // plus the sequence's fixed state (hybrid models)
  double state_bytes_per_sequence = 0;       // fixed recurrent/SSM state of one sequence, whole model
  double state_bytes_per_sequence_per_gpu = 0;
  double max_kv_tokens = 0;               // per replica, as the engine's start-up log reports
  double kv_blocks = 0;
  double max_concurrency = 0;             // sequences of input+output tokens the pool holds
  bool fits = false;                      // the engine starts and runs at least one request
  bool has_kv_pool = true;                // false: llama.cpp (-c cells) and transformers
  double max_len_sequence_bytes = 0;      // KV of one max_model_len request per GPU
  int64_t queued = 0;                     // requested concurrency beyond the running batch
  int64_t kv_cells = 0;                   // llama.cpp: the -c cells it allocates (0 for pooled engines)
  double host_weights_bytes = 0;          // weights kept in host memory (llama.cpp's token_embd)
  double seq_cap = 0;                     // the engine's cap on running sequences per replica (max_num_seqs,
                                          // per DP rank under vLLM's data parallelism)
  double cuda_graph_bytes = 0;            // CUDA-graph capture memory (engine_memory.cpp graph_capture_bytes)
  bool cuda_graphs_in_budget = false;     // counted before the pool (a step); else taken after it
  // The engine's accounting from total memory down to the pool (the Memory tab's waterfall).
  MemoryStep memory_steps[8];
  int memory_step_count = 0;

  // Speed (meaningful when fits)
  int64_t replicas = 1;
  int64_t batch = 1;                      // running concurrency per replica (batch=max resolved, queue excluded)
  double ttft_ms = 0, tpot_ms = 0, e2e_latency_ms = 0;
  double output_tokens_per_s = 0, output_tokens_per_s_per_gpu = 0, total_tokens_per_s = 0;
  double tokens_per_s_per_user = 0;
  double mean_running = 0;  // workload = rate: mean sequences running per replica (Little's law)
  Bound decode_bound = Bound::Memory, prefill_bound = Bound::Compute;
  // Decode step parts (ms) and prefill parts, for the explanation tooltips.
  // decode_overhead_ms includes the time the GPU waits for the host to launch the kernels
  // of a step that replays no graph (llama.cpp on AMD, --enforce-eager).
  double decode_memory_ms = 0, decode_compute_ms = 0, decode_comm_ms = 0, decode_overhead_ms = 0;
  // The part of decode_overhead_ms that is the GPU kernels' fixed time (kernels x latency);
  // the rest is the engine's host time per step.
  double decode_kernel_ms = 0;
  // One decode step alone, what the parts above add up to; tpot_ms also carries the
  // prefill work of arriving prompts that shares the steps (concurrency and rate modes).
  double decode_step_ms = 0;
  // The median gap between two tokens of a request (vLLM bench serve's "median ITL": the
  // median over every inter-token gap of every request). Most steps carry no prompt chunk
  // when fewer than half do, so the median gap is a decode step alone; else the mean.
  double itl_median_ms = 0;
  // The prefill of the batch's prompts as they would arrive together: every chunk of the
  // engine's token budget through all stages (the parts above added as the step adds them).
  double prefill_ms = 0;
  double prefill_compute_ms = 0, prefill_memory_ms = 0, prefill_comm_ms = 0;
  // FLOPs of the whole replica (all GPUs): the batch's prefill, and one decode round
  // (every running sequence adds a token).
  double prefill_flops = 0, decode_flops = 0;
  Band ttft_band, tpot_band, e2e_band, output_tps_band, output_tps_per_gpu_band, total_tps_band, per_user_band;

  double usd_per_million_output_tokens = 0;
  double kwh_per_million_output_tokens = 0;

  std::string unmodelled;  // the model's unmodelled keys, quoted by unknown-architecture

  Warning warnings[16];
  int warning_count = 0;
  void warn(WarningCode c, double a = 0, double b = 0) {
    if (warning_count < 16) warnings[warning_count++] = Warning{c, a, b};
  }
  bool has(WarningCode c) const {
    for (int i = 0; i < warning_count; ++i)
      if (warnings[i].code == c) return true;
    return false;
  }
};

// llama.cpp's -c: the KV cells its --parallel slots share, all allocated at start-up
// (max-model-len when given, else input + output per slot).
int64_t llamacpp_cells(const Scenario& s, int64_t slots);

// Estimates with the shipped efficiencies. The scenario must pass validate();
// otherwise the result has valid == false.
Result estimate(const Scenario& s);
Result estimate(const Scenario& s, const Efficiency& eff);

// The warning's message, in English, with its numbers.
std::string warning_message(const Warning& w, const Result& r);

}  // namespace infercalc
