// The Cluster tab: a mixed fleet of GPU types, a workload with latency targets and the
// link between prefill and decode pools; the planner's best plans (core/planner.h), a
// diagram of the chosen plan's pools and KV stream, and goodput against the arrival
// rate for disaggregated and colocated serving (core/cluster_view.h). Model, weights,
// KV dtype, engine and the mean input/output lengths come from the scenario.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/catalog_search.h"
#include "core/cluster_view.h"
#include "core/planner.h"
#include "core/scenario.h"

namespace infercalc {

struct App;

// The tab's inputs are App::plan (core/plan_spec.h: in links, CLI flags and scenario
// files through the core's one codec); this is the tab's own view state and cache.
struct ClusterPanel {
  bool by_dollar = false;  // ranking shown: goodput (false) or goodput per dollar
  int selected = 0;        // row of the ranking shown
  // Cached results: recomputed when the request changes (never every frame).
  bool has_request = false;
  PlanSpec asked;             // the inputs the cache is for
  PlanRequest asked_request;  // plan_request(scenario, asked)
  PlanRequest request;  // what `result` was computed for: asked_request, or the catalogue's best fleet
  std::optional<CatalogSearch> search;  // with asked.catalog: runs a slice a frame until done
  double search_ms = 0;
  std::string error;    // validate(request) said no
  PlanResult result;
  double compute_ms = 0;
  bool sweep_valid = false;  // all points in; the sweep waits while a field is typed into, one run a frame
  bool has_sweep_range = false;
  SweepRange sweep_range;    // where the fleet saturates (its first run)
  std::vector<RatePoint> sweep;
  double sweep_ms = 0;
  LinkUse link_use;       // of the shown plan: row `link_use_row` of its ranking (-1: none yet)
  int link_use_row = -1;
  bool link_use_by_dollar = false;
};

void draw_cluster(App& app);
// The summary strip above the tabs while the Cluster tab is open: the best plan's
// verdict (goodput, percentile TTFT and time per token, $/M tokens), probe "summary:plan".
void draw_cluster_summary(App& app);
// "P: 2xH100 tp2 | D: 4xA100 tp4": the plan's roles, GPU names shortened to their first word.
std::string plan_name(const Plan& p);
// Goodput against the offered rate up to and past saturation, the knee marked
// (panel_cluster_chart.cpp).
void cluster_sweep_chart(const ClusterPanel& c, float width, float height);

}  // namespace infercalc
