// Choosing the fleet: the cheapest GPU types and counts from the whole catalogue (at
// the GPU table's prices) that serve the offered rate within the latency targets,
// disaggregated or not, and the cheapest plan per GPU type beside it: which role each
// GPU suits, old ones included. The work is a series of planner runs (plan_fleet), so
// the page can spread it over frames (CatalogSearch::step) and the CLI runs it whole.
//
// 1. Each priced GPU type alone (its count from --gpus-available, else found: the
//    planner at an unbounded rate on 32 GPUs gives what 32 serve within the targets,
//    scaled to the offered rate, grown until it serves it), then again on exactly the
//    GPUs its best plan used, for finer steps.
// 2. Pairs of the kPairTypes cheapest types from step 1, each at the count it needed
//    alone: one type's prefill with another's decode, or both serving.
// Pruned: a type that cannot serve the rate alone within Limits::kMaxGpus GPUs (or its
// available count) is kept out of the pairs; types without a price are skipped.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/planner.h"

namespace infercalc {

struct CatalogOption {
  std::string gpu_id;
  std::optional<Plan> plan;  // the cheapest plan meeting the rate that uses this type (none: it cannot)
  std::vector<FleetGroup> fleet;  // the fleet that plan was found in
  std::string note;          // why there is none ("does not fit", "too slow for the targets", "no price")
};

struct CatalogResult {
  bool valid = false;
  std::optional<Plan> best;          // the cheapest plan found that serves the rate within the targets
  PlanRequest best_request;          // the request (fleet) it was found in
  std::vector<CatalogOption> per_gpu;  // every searched type, cheapest plan first; then those with none
  int64_t fleets = 0;                // fleets the planner searched
  int64_t plans = 0;                 // plans evaluated over all of them
  PlanSearched searched;             // instance shapes and chunk budgets over all of them
  std::vector<std::string> unpriced; // types skipped: no usd_per_hour in the GPU table and none given
};

class CatalogSearch {
 public:
  // `req`: the model, workload and link (its fleet is ignored); `available`: the
  // types and counts allowed (empty: every type with a price, any count).
  CatalogSearch(const PlanRequest& req, const std::vector<FleetGroup>& available);
  bool done() const { return stage_ == Stage::Done; }
  void step();              // one planner run (a few ms native)
  double progress() const;  // 0..1
  const CatalogResult& result() const { return result_; }

  static constexpr int kPairTypes = 5;
  static constexpr int64_t kFirstCount = 32;  // GPUs of the first probe: tp up to 8 x pp up to 4

 private:
  enum class Stage { Probe, Grow, Refine, Pairs, Done };
  struct Type {
    FleetGroup group;      // id, price; count = what it is being tried with
    int64_t cap = 0;       // the most GPUs allowed
    int tries = 0;
    std::optional<Plan> plan;
    std::vector<FleetGroup> fleet;
    std::string note;
  };
  PlanResult run(const std::vector<FleetGroup>& fleet, double rate);
  bool serves(const PlanResult& r) const;
  void consider(const PlanResult& r, const std::vector<FleetGroup>& fleet);
  void next_type();
  void finish();

  PlanRequest req_;
  std::vector<Type> types_;
  std::size_t cur_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> pairs_;
  std::size_t pair_ = 0;
  Stage stage_ = Stage::Probe;
  CatalogResult result_;
  int64_t total_steps_ = 1, steps_ = 0;
};

// The whole search at once (the CLI's `plan --catalog`).
CatalogResult catalog_search(const PlanRequest& req, const std::vector<FleetGroup>& available);

}  // namespace infercalc
