// The Cluster tab: a mixed fleet of GPU types, a workload with latency targets and the
// link between prefill and decode pools; the planner's best plans (core/planner.h), a
// diagram of the chosen plan's pools and KV stream, and goodput against the arrival
// rate for disaggregated and colocated serving (core/cluster_view.h). Model, weights,
// KV dtype, engine and the mean input/output lengths come from the scenario.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cluster_view.h"
#include "core/planner.h"
#include "core/scenario.h"

namespace infercalc {

struct App;

// The tab's inputs; every one is carried in links (cluster_link_keys) when it differs
// from its default.
struct ClusterInputs {
  std::vector<FleetGroup> fleet;  // default: the CLI's (h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32)
  double rate_rps = 8;
  double ttft_slo_ms = 2000;
  double tpot_slo_ms = 100;
  double percentile = 90;          // 50 or 90 from the UI; links may carry 50..99.9
  double input_cv = 0, output_cv = 0;
  std::string link_id = "ib-ndr";  // a LinkPreset id
  double link_gbps = 400;          // per GPU, one direction; 0 = the GPU's NVLink
  double link_latency_us = 10;
  bool operator==(const ClusterInputs&) const = default;
};
ClusterInputs default_cluster_inputs();

struct ClusterPanel {
  ClusterInputs in = default_cluster_inputs();
  bool by_dollar = false;  // ranking shown: goodput (false) or goodput per dollar
  int selected = 0;        // row of the ranking shown
  // Cached results: recomputed when the request changes (never every frame).
  bool has_request = false;
  PlanRequest request;  // what `result` was computed for
  std::string error;    // validate(request) said no
  PlanResult result;
  double compute_ms = 0;
  bool sweep_valid = false;  // all points in; the sweep waits while a field is typed into, one rate a frame
  std::vector<RatePoint> sweep;
  double sweep_ms = 0;
  LinkUse link_use;       // of the shown plan: row `link_use_row` of its ranking (-1: none yet)
  int link_use_row = -1;
  bool link_use_by_dollar = false;
};

// The planner's request for the scenario's model, formats and lengths and these inputs.
PlanRequest cluster_request(const Scenario& s, const ClusterInputs& in);

// Link keys: fleet, rate, ttft_slo, tpot_slo, pct, in_cv, out_cv, plink, plink_gbps,
// plink_lat, in the order they must be applied (the preset before its overrides).
const std::vector<std::string>& cluster_link_keys();
// The key's value, or "" when it is the default.
std::string cluster_link_value(const ClusterInputs& in, std::string_view key);
// Applies a link value; false (nothing changed) when it is not a valid value.
bool cluster_link_set(ClusterInputs& in, std::string_view key, std::string_view value);
void cluster_link_reset(ClusterInputs& in, std::string_view key);

void draw_cluster(App& app);

}  // namespace infercalc
