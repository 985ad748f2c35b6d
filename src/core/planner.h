// The mixed-fleet planner: given GPU types with counts, a model and a workload with
// latency targets, choose the role of each type's GPUs (prefill, decode, colocated,
// unused; one type may be split between roles) and each role's parallelism (TP in
// powers of two up to the node, PP in {1, 2, 4}), and rank the plans by goodput and
// by goodput per dollar. A pool whose model does not fit (estimate().fits) is never
// proposed. docs/disaggregation.md describes the search.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/disagg.h"
#include "core/plan_spec.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct PlanRequest {
  Scenario base;  // model, weights, kv, engine, gpu_util, gpus_per_node, internode_gbps
  Workload workload;
  PoolLink link;
  std::vector<FleetGroup> fleet;
  int top = 10;                          // plans kept in each ranking
  int64_t max_combinations = 250'000;    // role splits searched; coarser GPU steps beyond
};

// The request for the scenario's model, formats, engine and mean lengths and the
// spec's fleet, workload and link (the page, the CLI and scenario files alike).
PlanRequest plan_request(const Scenario& s, const PlanSpec& spec);

// fleet, top and the workload, link and model fields.
std::optional<Error> validate(const PlanRequest& r);

struct PlanRole {
  std::string gpu_id;
  Role role = Role::Unused;
  int64_t gpus = 0;       // GPUs in this role (instances x tp x pp; all the rest for unused)
  int64_t tp = 0, pp = 0, instances = 0;
  bool dp_attention = false;  // attention data-parallel over the tp ranks, experts ep = tp
  int64_t chunk_tokens = 0;   // tokens per step its instances run with (the prefill chunk budget)
  bool chunk_default = true;  // that is the engine version's default (else a searched budget)
  double max_rate_rps = 0;  // what the group sustains within the targets on its own
  double usd_per_gpu_hour = 0;
};

struct Plan {
  std::vector<PlanRole> roles;  // fleet order; a type split between roles has one entry per role
  bool disaggregated = false;   // has a prefill and a decode pool
  bool colocated = false;       // has a colocated pool
  KvTransfer transfer;          // slowest prefill -> decode pair, mean prompt (zeros when colocated only)
  ServingResult serving;
  // "h100-sxm x8 prefill tp4 + a100-sxm4-80gb x16 decode tp4"; a searched chunk budget
  // shows as "... colocated tp4 chunk 2048".
  std::string summary() const;
};

// The prefill chunk budgets searched for colocated instances besides the engine's
// default: the defaults vLLM and SGLang have shipped (vLLM V0 512, V1 2048 / 8192 on
// large GPUs; SGLang 2048 / 8192 by GPU memory; docs/engines.md cites them).
inline constexpr int64_t kChunkBudgets[] = {512, 2048, 8192};

// How much of the space the search covered. A candidate is one instance shape (GPU
// type, tp, pp, data-parallel attention) or one of a colocated shape's other chunk
// budgets; evaluated = profiled with estimate(); pruned = budgets skipped because
// they cannot raise the shape's rate (candidates = evaluated + pruned).
struct PlanSearched {
  int64_t candidates = 0, evaluated = 0, pruned = 0;
  PlanSearched& operator+=(const PlanSearched& o) {
    candidates += o.candidates;
    evaluated += o.evaluated;
    pruned += o.pruned;
    return *this;
  }
};

struct PlanResult {
  bool valid = false;
  std::vector<Plan> plans;             // best goodput first; ties: cheaper, then fewer GPUs
  std::vector<Plan> plans_per_dollar;  // best goodput per dollar first
  std::optional<Plan> best, best_colocated, best_disaggregated, best_per_dollar;
  int64_t combinations = 0;            // plans evaluated
  int64_t profiles = 0;                // (GPU type, tp, pp) instances that fit
  PlanSearched searched;               // instance shapes and chunk budgets: evaluated, pruned
  std::vector<int64_t> step_gpus;      // per fleet group: GPUs per step of the role split
  double kv_bytes_per_token = 0;       // whole model, KV dtype
  double kv_transfer_bytes_per_request = 0;  // mean prompt
};

PlanResult plan_fleet(const PlanRequest& r);

}  // namespace infercalc
