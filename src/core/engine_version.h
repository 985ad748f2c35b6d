// Engine versions and the engine knobs of a Scenario (max_model_len, max_num_seqs,
// max_num_batched_tokens, block_size, enforce_eager, gpu_memory_utilization) resolved
// to what that engine version does by default on that GPU (assets/engine_versions.json,
// facts from /work/shared/reference/engines.md; docs/engines.md explains them).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats.h"
#include "core/gpu.h"
#include "core/model.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

// How the engine turns GPU memory into a KV pool (docs/engines.md, estimate_memory.cpp).
enum class Accounting : uint8_t {
  VllmV0Peak,        // 0.4-0.6.3: total x util - (init_free - free_after_profile); NCCL inside, context outside
  VllmV0TorchPeak,   // 0.6.4: torch peak + non-torch growth during the profile; NCCL outside
  VllmV0Profiling,   // 0.6.5+ V0: memory_profiling, NCCL counts again
  VllmV1NonTorch,    // 0.8.x V1: all non-torch memory (CUDA context, NCCL) counts
  VllmV1Profiling,   // 0.9.1+ V1: memory_profiling since the init snapshot
  Sglang,            // mem_fraction_static of free-at-start holds weights + KV
  TrtllmEngine,      // fraction of the memory free after the engine is loaded
  TrtllmPytorch,     // fraction of total - profiled peak
  Llamacpp,          // no pool: -c cells
  FractionOfTotal,   // a plain fraction of total memory (MLC)
  Hf,                // no pool: KV grows with the batch
};
enum class FractionRule : uint8_t { Fixed, Sglang046, Sglang052, Sglang056 };
enum class LargeGpuRule : uint8_t { None, H100H200, Gib70NotA100 };
enum class KvLog : uint8_t { VllmBlocks, VllmV1, Sglang, TrtllmEngine, TrtllmPytorch, LlamacppKvSelf, LlamacppKvCache, Generic };

struct EngineVersion {
  std::string version;  // "0.6.5", "b5400"; "" for engines without documented versions
  std::string label;    // "V0", "V1", "PyTorch backend"
  std::string source;
  int64_t key[3] = {0, 0, 0};  // the version as numbers, for ordering
  Accounting accounting = Accounting::FractionOfTotal;
  FractionRule fraction_rule = FractionRule::Fixed;
  LargeGpuRule large_gpu = LargeGpuRule::None;
  KvLog kv_log = KvLog::Generic;
  double gpu_memory_utilization = 0.9;
  int64_t block_size = 16;
  int64_t max_num_seqs = 256, max_num_seqs_large_gpu = 0;  // 0 = derived (SGLang: from the pool)
  int64_t batched_tokens_min = 0;  // without chunked prefill: max(max_model_len, this)
  int64_t chunk_tokens = 0, chunk_tokens_large_gpu = 0, chunk_tokens_small_gpu = 0;
  int64_t chunked_above = 0;       // chunked prefill when max_model_len > this; -1 = never
  bool cuda_graphs_counted = false;
  bool nccl_counted = true;
};

struct EngineVersions {
  std::vector<EngineVersion> versions;  // ascending
  std::string newest_documented;
};

const EngineVersions& engine_versions(Engine e);

// "0.6.3", "v0.6.3", "0.10", "1.0.0rc4" -> numbers for vLLM / SGLang / TensorRT-LLM;
// "b4876" for llama.cpp. vLLM also takes "-v0" after the version (VLLM_USE_V1=0: the V0
// engine that 0.8-0.10 still ship). Empty = the newest documented behaviour.
std::optional<Error> check_engine_version(Engine e, std::string_view text);
// The allowed spelling, for messages.
const char* engine_version_syntax(Engine e);

// The knobs as the engine will run them.
struct EngineSettings {
  const EngineVersion* profile = nullptr;
  bool version_mapped = false;  // the version is outside the documented range: nearest entry used
  bool v0 = false;              // vLLM V0 engine
  double gpu_util = 0.9;
  int64_t max_model_len = 0;
  int64_t max_num_seqs = 0;     // 0 only for SGLang before the pool is known
  int64_t max_num_batched_tokens = 0;
  int64_t block_size = 1;
  int64_t cuda_graph_max_bs = 0;  // largest captured decode batch (0 = none)
  bool chunked_prefill = false;
  bool enforce_eager = false;
};

// No allocation: safe inside estimate().
EngineSettings resolve_engine(const Scenario& s, const ModelArch& m, const Gpu& g);

}  // namespace infercalc
