// Numbers the Cluster tab and `infercalc plan --sweep` show beside the planner's plans
// (core/planner.h): how much of the prefill -> decode link a plan's KV stream uses, and
// goodput against the offered rate up to and past the fleet's saturation.
#pragma once
#include <string>
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

// Goodput below this share of the offered rate marks saturation (the knee).
inline constexpr double kKneeShare = 0.9;

// Where the fleet saturates: the best goodput any plan reaches within the targets
// (the planner at an unbounded offered rate; every group's limit is independent of the
// offered rate, so a plan's goodput is min(offered, that limit)).
struct SweepRange {
  double saturation_rps = 0;             // best plan of any kind
  double disaggregated_max_rps = 0;      // best disaggregated (or mixed) plan
  double colocated_max_rps = 0;          // best colocated-only plan
  double knee_rps = 0;                   // smallest offered rate with goodput < kKneeShare x offered
  double max_rps = 0;                    // the sweep's last rate: past the knee
};
SweepRange sweep_range(const PlanRequest& req);  // one planner run

struct RatePoint {
  double rate_rps = 0;                   // offered
  double disaggregated_goodput_rps = 0;  // best disaggregated plan (0: none meets the targets)
  double colocated_goodput_rps = 0;      // best colocated-only plan
  double best_goodput_rps = 0;           // best plan of any kind
  double ttft_ms = 0, tpot_ms = 0;       // the best plan's percentiles at its operating rate
  double usd_per_million_output_tokens = 0;
  std::string best_summary;              // the best plan at this rate ("" when none)
};

// plan_fleet at `points` offered rates evenly spaced up to range.max_rps (everything
// else as in `req`). Cost: `points` planner runs.
std::vector<RatePoint> goodput_sweep(const PlanRequest& req, const SweepRange& range, int points = 16);
// One point of that sweep (i = 0 .. points - 1), for callers that spread the work
// over several frames: goodput_sweep(req, range, n)[i] == goodput_sweep_point(req, range, i, n).
RatePoint goodput_sweep_point(const PlanRequest& req, const SweepRange& range, int i, int points = 16);
struct PlanSweep {
  SweepRange range;
  std::vector<RatePoint> points;
};
PlanSweep plan_sweep(const PlanRequest& req, int points = 16);  // points + 1 planner runs

// The disaggregated and the colocated curve are the same line (to 0.1 % of the largest value).
bool sweep_curves_coincide(const std::vector<RatePoint>& sweep);

}  // namespace infercalc
