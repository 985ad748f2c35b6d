// Each engine's own memory accounting, step by step as its code does it, from the GPU's
// total memory down to the KV pool (docs/engines.md; sources in engine_memory.cpp).
// Pure arithmetic; no allocation.
#pragma once
#include <cstdint>

#include "core/engine.h"
#include "core/engine_version.h"
#include "core/gpu.h"
#include "core/model.h"
#include "core/scenario.h"

namespace infercalc {

// What a step of the waterfall is, for its colour (the memory bar's parts).
enum class StepKind : uint8_t { Reserved, Headroom, Weights, Activations };

// One step of the waterfall: what the engine takes out of the memory left before it.
struct MemoryStep {
  const char* label = "";   // "Model weights", ...
  const char* source = "";  // repository / file / commit behind the step
  double bytes = 0;
  StepKind kind = StepKind::Reserved;
};

struct MemoryAccount {
  MemoryStep steps[8];
  int step_count = 0;
  double total_bytes = 0;        // the driver-visible total the engine reads
  double weights_bytes = 0;
  double activation_bytes = 0;   // profile-run peak (or the compute buffer / prefill activations)
  double reserved_bytes = 0;     // CUDA context, NCCL, CUDA graphs inside the budget
  double kept_free_bytes = 0;    // what the engine's fraction leaves to others (1 - util)
  double pool_bytes = 0;         // the KV pool (whole blocks); for engines without a pool, what is left
  double blocks = 0;             // KV blocks (tokens for page size 1)
  double pool_tokens = 0;
  // CUDA-graph capture memory (0 with enforce_eager or no graphs). Inside the budget where the
  // engine version counts it (a step above); else taken after the pool, out of the headroom.
  double graph_bytes = 0;
  bool graphs_in_budget = false;
  bool has_pool = true;          // false: llama.cpp (-c cells) and transformers (grows with the batch)
  void add(const char* label, const char* source, double bytes, StepKind kind = StepKind::Reserved) {
    if (step_count < 8) steps[step_count++] = MemoryStep{label, source, bytes, kind};
  }
};

struct MemoryInputs {
  const Scenario& s;
  const ModelArch& m;
  const Gpu& g;
  const EngineParams& e;
  const EngineSettings& k;
  double tp = 1, pp = 1;
  double weights_bytes = 0;               // per GPU as loaded (most loaded rank)
  double kv_bytes_per_token_per_gpu = 0;  // every layer, as one block of the pool holds them
  bool flash_attention = true;
};

// Per GPU; `requested_batch` sizes the activations of engines without a profile run.
MemoryAccount engine_memory(const MemoryInputs& in, double requested_batch);

// Bytes vLLM's RotaryEmbedding keeps as its cos/sin cache (max_position x rotary_dim in the
// model dtype), counted in "Model loading took".
double rotary_cache_bytes(const ModelArch& m);

}  // namespace infercalc
