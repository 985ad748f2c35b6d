// What the planner is asked, beside the Scenario's model, formats, engine and mean
// lengths: the fleet (or a search of the whole GPU catalogue), the arrival rate, the
// latency targets and the percentile they hold at, the spread of the lengths and the
// link between prefill and decode pools. One struct, one validator (scenario_check.h),
// one link codec (link.h: the keys below); the CLI's `plan`, the Cluster tab and
// scenario files all read and write it through those.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/disagg.h"
#include "core/status.h"

namespace infercalc {

struct FleetGroup {
  std::string gpu_id;
  int64_t count = 0;
  double usd_per_gpu_hour = -1;  // < 0: the GPU's usd_per_hour from assets/gpus.csv
  bool operator==(const FleetGroup&) const = default;
};

constexpr int kMaxFleetGroups = 8;

// "h100-sxm:8,a100-sxm4-80gb:16@1.5": id:count[@usd per GPU-hour], comma separated.
// Errors name `field` ("fleet", or "gpus-available" for the catalogue's limits).
Expected<std::vector<FleetGroup>> parse_fleet(std::string_view text, const std::string& field = "fleet");
std::string fleet_to_string(const std::vector<FleetGroup>& fleet);

struct PlanSpec {
  // The fleet the planner splits into roles (CLI default and the Cluster tab's).
  std::vector<FleetGroup> fleet = {{"h100-sxm", 8, -1}, {"a100-sxm4-80gb", 16, -1}, {"v100-sxm2-32gb", 32, -1}};
  // Instead of `fleet`: choose GPU types and counts from the whole catalogue (at
  // their prices) for the cheapest fleet that serves the rate within the targets.
  bool catalog = false;
  // With `catalog`: only these types, at most these counts (empty: any priced type, any count).
  std::vector<FleetGroup> available;
  double rate_rps = 8;       // offered arrival rate, Poisson
  double ttft_slo_ms = 2000;
  double tpot_slo_ms = 100;
  double percentile = 90;    // of TTFT and TPOT, percent: 50 or 90 in the UI, 50..99.9 anywhere
  double input_cv = 0;       // coefficient of variation of the lengths (log-normal)
  double output_cv = 0;
  bool kv_overlap = true;    // KV sent layer by layer during prefill
  PoolLink link;             // between the prefill and the decode pool (preset ib-ndr)
  bool operator==(const PlanSpec&) const = default;
};

// One input of the plan: its link key and its CLI flag (validate() names the flag,
// parse_link the key). Declared once here; docs/sharing.md lists them.
struct PlanField {
  const char* key;   // "ttft_slo"
  const char* flag;  // "ttft-slo-ms"
};
const std::vector<PlanField>& plan_fields();  // in link order
const char* plan_flag(std::string_view key);  // the flag of a key ("" when unknown)
// The link key of a flag that validate(PlanSpec) named; other fields unchanged.
std::string plan_key_of_flag(std::string_view flag);

// The link codec's plan half (link.cpp calls these): the non-default keys of `p` in
// link order, and one key applied to `p` (an Error naming the key when the value is
// not one). Ranges are checked by validate(PlanSpec) afterwards.
std::vector<std::pair<std::string, std::string>> plan_link_pairs(const PlanSpec& p);
std::optional<Error> plan_link_set(PlanSpec& p, std::string_view key, std::string_view value);
bool is_plan_key(std::string_view key);

// The fleet's own checks (known GPU, counts, at most kMaxFleetGroups types and
// Limits::kMaxGpus GPUs, prices; a GPU without a price in the table needs one given
// with @usd), naming `field`. Used by validate(PlanSpec) and validate(PlanRequest).
std::optional<Error> validate_fleet(const std::vector<FleetGroup>& fleet, const std::string& field);
// The price used for a group: its own, else the GPU table's usd_per_hour (< 0: none known).
double fleet_group_usd(const FleetGroup& g);

// The workload the queues see: the spec's rate, targets and spread with the
// scenario's mean lengths.
Workload plan_workload(const PlanSpec& p, int64_t input_tokens, int64_t output_tokens);

}  // namespace infercalc
