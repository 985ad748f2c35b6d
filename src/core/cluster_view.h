// Numbers the Cluster tab shows beside the planner's plans (core/planner.h): how much
// of the prefill -> decode link a plan's KV stream uses, and the best goodput of
// disaggregated and colocated plans against the arrival rate.
#pragma once
#include <vector>

#include "core/planner.h"

namespace infercalc {

struct LinkUse {
  bool disaggregated = false;  // the plan has a prefill and a decode pool
  double bytes_per_request = 0;   // KV of the mean prompt
  double transfer_ms = 0;         // serial: latency + bytes / bandwidth (slowest pair)
  double overlapped_ms = 0;       // what is left after prefill when sent layer by layer
  double prefill_bytes_per_s = 0; // every prefill GPU that sends distinct KV, together
  double decode_bytes_per_s = 0;  // every decode GPU that receives it, together
  double aggregate_bytes_per_s = 0;  // min of the two
  double offered_bytes_per_s = 0;    // arrival rate x bytes per request
  double share = 0;                  // offered / aggregate (> 1: the link cannot keep up)
};

// The KV stream of `plan` at the request's offered arrival rate.
LinkUse link_use(const PlanRequest& req, const Plan& plan);

struct RatePoint {
  double rate_rps = 0;
  double disaggregated_goodput_rps = 0;  // best disaggregated plan (0: none meets the targets)
  double colocated_goodput_rps = 0;      // best colocated-only plan
  double best_goodput_rps = 0;           // best plan of any kind
};

// plan_fleet at `points` arrival rates evenly spaced from 2 x rate / points up to
// 2 x the request's rate (everything else as in `req`). Cost: `points` planner runs.
std::vector<RatePoint> goodput_sweep(const PlanRequest& req, int points = 12);
// One point of that sweep (i = 0 .. points - 1), for callers that spread the work
// over several frames: goodput_sweep(req, n)[i] == goodput_sweep_point(req, i, n).
RatePoint goodput_sweep_point(const PlanRequest& req, int i, int points = 12);

}  // namespace infercalc
