// "What would make it work": when a scenario does not fit, or misses a target the
// user set (Scenario::target_*), the smallest single changes that fix it. Each
// candidate is estimated again and kept only when the new estimate fits and meets
// every target, and only when the GPU runs the change natively (no FP8 on a GPU
// without FP8 tensor cores, no 4-bit Marlin kernels before compute capability 8.0).
// Ranked by dollars per million output tokens, cheapest first.
#pragma once
#include <string>
#include <vector>

#include "core/estimate.h"
#include "core/scenario.h"

namespace infercalc {

enum class SuggestionKind : uint8_t {
  Parallelism,  // more GPUs or another tp x pp split (same GPU type)
  Replicas,     // more data-parallel replicas (a tokens/s target)
  Weights,      // an 8- or 4-bit weight format
  KvCache,      // FP8 (or int8 on llama.cpp) KV cache
  Context,      // shorter prompts
  Concurrency,  // fewer concurrent requests
  GpuType,      // the same count of another GPU type
  ExpertParallel,
};
const char* code_name(SuggestionKind k);  // "parallelism", "weights", ...

struct Suggestion {
  SuggestionKind kind = SuggestionKind::Parallelism;
  Scenario scenario;   // the changed scenario
  Result result;       // its estimate: fits and meets every target
  std::string change;  // English: "4 x H100 SXM5 80GB, tp 4"
  std::string link;    // make_link(scenario)
};

// Whether the estimate fits and meets the scenario's targets.
bool meets_targets(const Scenario& s, const Result& r);
// What is wrong, in English ("does not fit", "TTFT 812 ms > target 500 ms"); "" if nothing.
std::string target_problem(const Scenario& s, const Result& r);

// At most `limit` suggestions; empty when the scenario already works or nothing single fixes it.
std::vector<Suggestion> suggest(const Scenario& s, const Result& r, int limit = 8);

}  // namespace infercalc
