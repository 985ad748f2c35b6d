// The Cluster tab's numbers: link share of a plan's KV stream, goodput against rate.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "core/cluster_view.h"
#include "core/disagg.h"
#include "core/planner.h"

using namespace infercalc;

namespace {

PlanRequest default_request() {
  PlanRequest req;
  req.base.model_id = "llama-3.1-70b";
  req.fleet = parse_fleet("h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32").value();
  req.link = pool_link(LinkKind::IbNdr);
  return req;
}

}  // namespace

TEST_CASE("link use: offered bytes over the smaller side's aggregate bandwidth") {
  const PlanRequest req = default_request();
  const PlanResult res = plan_fleet(req);
  REQUIRE(res.valid);
  REQUIRE(res.best_disaggregated);
  const Plan& p = *res.best_disaggregated;
  const LinkUse u = link_use(req, p);
  CHECK(u.disaggregated);
  CHECK(u.bytes_per_request == doctest::Approx(p.transfer.bytes_per_request));
  CHECK(u.bytes_per_request == doctest::Approx(res.kv_transfer_bytes_per_request));
  CHECK(u.prefill_bytes_per_s > 0);
  CHECK(u.decode_bytes_per_s > 0);
  CHECK(u.aggregate_bytes_per_s == doctest::Approx(std::min(u.prefill_bytes_per_s, u.decode_bytes_per_s)));
  CHECK(u.offered_bytes_per_s == doctest::Approx(req.workload.rate_rps * u.bytes_per_request));
  CHECK(u.share == doctest::Approx(u.offered_bytes_per_s / u.aggregate_bytes_per_s));
  // At least one pair's bandwidth: the aggregate is no less than a single transfer's.
  CHECK(u.aggregate_bytes_per_s >= p.transfer.bytes_per_s * 0.999);

  // Twice the rate, twice the share; a slower link, a larger share.
  PlanRequest twice = req;
  twice.workload.rate_rps *= 2;
  CHECK(link_use(twice, p).share == doctest::Approx(2 * u.share));
  PlanRequest slow = req;
  slow.link = pool_link(LinkKind::Eth25);
  CHECK(link_use(slow, p).share > u.share);
}

TEST_CASE("link use: a colocated-only plan has no KV stream") {
  const PlanRequest req = default_request();
  const PlanResult res = plan_fleet(req);
  REQUIRE(res.best_colocated);
  if (res.best_colocated->disaggregated) return;  // a mixed plan: covered above
  const LinkUse u = link_use(req, *res.best_colocated);
  CHECK_FALSE(u.disaggregated);
  CHECK(u.share == 0);
  CHECK(u.bytes_per_request == 0);
}

TEST_CASE("goodput sweep: to and past saturation, the knee where goodput < 90 % of offered") {
  const PlanRequest req = default_request();
  const SweepRange range = sweep_range(req);
  REQUIRE(range.saturation_rps > 0);
  // The knee is past the saturating goodput: min(offered, G) < 0.9 x offered for offered > G / 0.9.
  CHECK(range.knee_rps == doctest::Approx(range.saturation_rps / 0.9));
  CHECK(range.max_rps > range.knee_rps);
  CHECK(range.saturation_rps >= range.colocated_max_rps * (1 - 1e-9));
  CHECK(range.saturation_rps >= range.disaggregated_max_rps * (1 - 1e-9));
  const std::vector<RatePoint> s = goodput_sweep(req, range, 6);
  REQUIRE(s.size() == 6);
  CHECK(s.back().rate_rps == doctest::Approx(range.max_rps));
  double last = 0;
  bool below = false, saturated = false;
  for (const RatePoint& p : s) {
    CHECK(p.rate_rps > last);
    last = p.rate_rps;
    CHECK(p.disaggregated_goodput_rps <= p.rate_rps * (1 + 1e-9));
    CHECK(p.colocated_goodput_rps <= p.rate_rps * (1 + 1e-9));
    CHECK(p.best_goodput_rps >= p.disaggregated_goodput_rps * (1 - 1e-9));
    CHECK(p.best_goodput_rps >= p.colocated_goodput_rps * (1 - 1e-9));
    CHECK(p.best_goodput_rps <= range.saturation_rps * (1 + 1e-9));
    below = below || p.best_goodput_rps >= 0.9 * p.rate_rps;
    saturated = saturated || p.best_goodput_rps < 0.9 * p.rate_rps;
  }
  CHECK(below);      // points before the knee
  CHECK(saturated);  // and past it
  // A point at the request's own rate agrees with plan_fleet there.
  SweepRange at_offered = range;
  at_offered.max_rps = req.workload.rate_rps;
  const RatePoint p = goodput_sweep_point(req, at_offered, 0, 1);
  const PlanResult at = plan_fleet(req);
  REQUIRE(at.best);
  CHECK(p.best_goodput_rps == doctest::Approx(at.best->serving.goodput_rps));
  CHECK(goodput_sweep(req, range, 0).empty());
  const RatePoint one = goodput_sweep_point(req, range, 4, 6);
  CHECK(one.rate_rps == doctest::Approx(s[4].rate_rps));
  CHECK(one.best_goodput_rps == doctest::Approx(s[4].best_goodput_rps));
  CHECK(goodput_sweep_point(req, range, 6, 6).rate_rps == 0);
}
