#include "core/cluster_view.h"

#include <algorithm>

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
        make_profile(req.base, r.gpu_id, r.tp, r.pp, req.workload, req.link, r.usd_per_gpu_hour);
    const double bw = static_cast<double>(r.instances) * p.kv_senders * p.link_bytes_per_s;
    (r.role == Role::Prefill ? u.prefill_bytes_per_s : u.decode_bytes_per_s) += bw;
  }
  u.aggregate_bytes_per_s = std::min(u.prefill_bytes_per_s, u.decode_bytes_per_s);
  u.offered_bytes_per_s = req.workload.rate_rps * u.bytes_per_request;
  u.share = u.aggregate_bytes_per_s > 0 ? u.offered_bytes_per_s / u.aggregate_bytes_per_s : 0;
  return u;
}

RatePoint goodput_sweep_point(const PlanRequest& req, int i, int points) {
  RatePoint p;
  if (points < 1 || i < 0 || i >= points) return p;
  PlanRequest r = req;
  r.top = 1;
  p.rate_rps = 2 * req.workload.rate_rps * (i + 1) / points;
  r.workload.rate_rps = p.rate_rps;
  const PlanResult res = plan_fleet(r);
  if (res.best_disaggregated) p.disaggregated_goodput_rps = res.best_disaggregated->serving.goodput_rps;
  if (res.best_colocated) p.colocated_goodput_rps = res.best_colocated->serving.goodput_rps;
  if (res.best) p.best_goodput_rps = res.best->serving.goodput_rps;
  return p;
}

std::vector<RatePoint> goodput_sweep(const PlanRequest& req, int points) {
  std::vector<RatePoint> out;
  for (int i = 0; i < points; ++i) out.push_back(goodput_sweep_point(req, i, points));
  return out;
}

}  // namespace infercalc
