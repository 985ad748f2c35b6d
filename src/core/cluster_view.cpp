#include "core/cluster_view.h"

#include <algorithm>
#include <cmath>

#include "core/disagg.h"
#include "core/gpu.h"

namespace infercalc {

LinkUse link_use(const PlanRequest& req, const Plan& plan) {
  LinkUse u;
  u.disaggregated = plan.disaggregated;
  if (!plan.disaggregated) return u;
  u.bytes_per_request = plan.transfer.bytes_per_request;
  u.transfer_ms = plan.transfer.serial_ms;
  u.overlapped_ms = plan.transfer.overlapped_ms;
  for (const PlanRole& r : plan.roles) {
    if (r.role != Role::Prefill && r.role != Role::Decode) continue;
    const InstanceProfile p =
        make_profile(req.base, r.gpu_id, r.tp, r.pp, req.workload, req.link, r.usd_per_gpu_hour, r.dp_attention);
    const double bw = static_cast<double>(r.instances) * kv_link_bytes_per_s(p);
    (r.role == Role::Prefill ? u.prefill_bytes_per_s : u.decode_bytes_per_s) += bw;
  }
  u.aggregate_bytes_per_s = std::min(u.prefill_bytes_per_s, u.decode_bytes_per_s);
  u.offered_bytes_per_s = req.workload.rate_rps * u.bytes_per_request;
  u.share = u.aggregate_bytes_per_s > 0 ? u.offered_bytes_per_s / u.aggregate_bytes_per_s : 0;
  return u;
}

SweepRange sweep_range(const PlanRequest& req) {
  SweepRange r;
  PlanRequest q = req;
  q.top = 1;
  q.workload.rate_rps = WorkloadLimits::kMaxRate;
  const PlanResult res = plan_fleet(q);
  if (res.best) r.saturation_rps = res.best->serving.goodput_rps;
  if (res.best_disaggregated) r.disaggregated_max_rps = res.best_disaggregated->serving.goodput_rps;
  if (res.best_colocated) r.colocated_max_rps = res.best_colocated->serving.goodput_rps;
  // goodput = min(offered, saturation) < kKneeShare x offered  <=>  offered > saturation / kKneeShare.
  r.knee_rps = r.saturation_rps / kKneeShare;
  // Past the knee by half again, and never short of the offered rate itself.
  r.max_rps = std::max(1.5 * r.knee_rps, req.workload.rate_rps);
  return r;
}

RatePoint goodput_sweep_point(const PlanRequest& req, const SweepRange& range, int i, int points) {
  RatePoint p;
  if (points < 1 || i < 0 || i >= points || !(range.max_rps > 0)) return p;
  PlanRequest r = req;
  r.top = 1;
  p.rate_rps = range.max_rps * (i + 1) / points;
  r.workload.rate_rps = p.rate_rps;
  const PlanResult res = plan_fleet(r);
  if (res.best_disaggregated) p.disaggregated_goodput_rps = res.best_disaggregated->serving.goodput_rps;
  if (res.best_colocated) p.colocated_goodput_rps = res.best_colocated->serving.goodput_rps;
  if (res.best) {
    const ServingResult& s = res.best->serving;
    p.best_goodput_rps = s.goodput_rps;
    p.ttft_ms = s.ttft_ms;
    p.tpot_ms = s.tpot_ms;
    p.usd_per_million_output_tokens = s.usd_per_million_output_tokens;
    p.best_summary = res.best->summary();
  }
  return p;
}

std::vector<RatePoint> goodput_sweep(const PlanRequest& req, const SweepRange& range, int points) {
  std::vector<RatePoint> out;
  for (int i = 0; i < points; ++i) out.push_back(goodput_sweep_point(req, range, i, points));
  return out;
}

PlanSweep plan_sweep(const PlanRequest& req, int points) {
  PlanSweep s;
  s.range = sweep_range(req);
  s.points = goodput_sweep(req, s.range, points);
  return s;
}

bool sweep_curves_coincide(const std::vector<RatePoint>& sweep) {
  double top = 0;
  for (const RatePoint& p : sweep) top = std::max({top, p.disaggregated_goodput_rps, p.colocated_goodput_rps});
  for (const RatePoint& p : sweep)
    if (std::fabs(p.disaggregated_goodput_rps - p.colocated_goodput_rps) > 1e-3 * top) return false;
  return true;
}

}  // namespace infercalc
