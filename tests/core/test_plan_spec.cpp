// The plan request as a first-class part of the design: its link keys round-trip,
// defaults are left out, bad values name their key, scenario files keep it; prices
// come from the GPU table; the catalogue search finds a fleet that serves the rate.
#include <doctest/doctest.h>

#include <cmath>

#include "core/catalog_search.h"
#include "core/gpu.h"
#include "core/link.h"
#include "core/plan_spec.h"
#include "core/planner.h"
#include "core/scenario_check.h"
#include "core/scenario_file.h"

using namespace infercalc;

TEST_CASE("plan keys: defaults are left out, every field round-trips through a link") {
  Scenario s;
  s.model_id = "llama-3.1-70b";
  CHECK(make_link(s, PlanSpec{}) == make_link(s));
  PlanSpec p;
  p.fleet = {{"h100-sxm", 4, -1}, {"a100-sxm4-80gb", 8, 1.25}};
  p.rate_rps = 3;
  p.ttft_slo_ms = 500;
  p.tpot_slo_ms = 50;
  p.percentile = 50;
  p.input_cv = 0.5;
  p.output_cv = 1;
  p.kv_overlap = false;
  p.link = pool_link(LinkKind::Roce200);
  p.link.gbps = 100;
  p.link.efficiency = 0.9;
  const std::string link = make_link(s, p);
  CHECK(link.find("fleet=h100-sxm:4,a100-sxm4-80gb:8%401.25") != std::string::npos);  // @ percent-encoded
  CHECK(link.find("plink=roce-200&plink_gbps=100") != std::string::npos);
  CHECK(link.find("plink_lat") == std::string::npos);  // the preset's own latency: left out
  auto back = parse_link(link);
  REQUIRE(back);
  CHECK(back->has_plan);
  CHECK(back->plan == p);
  CHECK(back->scenario == s);
  // The preset applies before its overrides whatever the order in the link.
  auto swapped = parse_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&plink_gbps=100&plink=roce-200");
  REQUIRE(swapped);
  CHECK(swapped->plan.link.gbps == 100);
  CHECK(swapped->plan.link.kind == LinkKind::Roce200);
  // The catalogue switch and its limits.
  PlanSpec c;
  c.catalog = true;
  c.available = {{"a100-sxm4-80gb", 16, -1}, {"l40s", 8, 0.9}};
  auto cb = parse_link(make_link(s, c));
  REQUIRE(cb);
  CHECK(cb->plan == c);
}

TEST_CASE("plan keys: a bad value names its key, a bad range names the key too") {
  for (const char* bad : {"#v=1&rate=abc", "#v=1&rate=0", "#v=1&fleet=nope:2", "#v=1&plink=pigeon", "#v=1&pct=10",
                          "#v=1&kv_overlap=maybe", "#v=1&avail=h100-sxm:4", "#v=1&plink_eff=3"}) {
    auto r = parse_link(bad);
    CHECK_FALSE(r);
    if (!r) {
      const std::string key = std::string(bad).substr(5, std::string(bad).find('=', 5) - 5);
      CHECK_MESSAGE(r.error().field == key, bad, " -> ", r.error().field);
    }
  }
  PlanSpec p;
  p.tpot_slo_ms = -1;
  REQUIRE(validate(p));
  CHECK(validate(p)->field == "tpot-slo-ms");  // the CLI flag; plan_fields() maps it to tpot_slo
  CHECK(std::string(plan_flag("tpot_slo")) == "tpot-slo-ms");
  CHECK(plan_key_of_flag("tpot-slo-ms") == "tpot_slo");
}

TEST_CASE("scenario files keep the plan request") {
  ScenarioFile f;
  f.scenario.model_id = "llama-3.1-70b";
  f.plan.fleet = {{"h100-sxm", 16, -1}};
  f.plan.rate_rps = 20;
  auto back = read_scenario_file(write_scenario_file(f));
  REQUIRE(back);
  CHECK(back->plan == f.plan);
}

TEST_CASE("prices are GPU data: usd_per_hour from gpus.csv with a source, overridable per fleet entry") {
  const Gpu* h100 = gpu_catalog().find("h100-sxm");
  REQUIRE(h100);
  CHECK(h100->usd_per_hour > 0);
  CHECK_FALSE(h100->usd_per_hour_source.empty());
  CHECK(default_usd_per_gpu_hour("h100-sxm") == h100->usd_per_hour);
  CHECK(fleet_group_usd(FleetGroup{"h100-sxm", 8, -1}) == h100->usd_per_hour);
  CHECK(fleet_group_usd(FleetGroup{"h100-sxm", 8, 1.5}) == 1.5);
  // Every priced row says where its price comes from.
  for (const Gpu& g : gpu_catalog().gpus)
    if (g.usd_per_hour >= 0) CHECK_MESSAGE(!g.usd_per_hour_source.empty(), g.id);
  // A plan's cost is the fleet's prices: 8 H100 used at the table price.
  PlanRequest req;
  req.base.model_id = "llama-3.1-8b";
  req.fleet = {{"h100-sxm", 8, -1}};
  req.workload.rate_rps = 1;
  req.workload.input_tokens = 512;
  req.workload.output_tokens = 128;
  const PlanResult r = plan_fleet(req);
  REQUIRE(r.best);
  CHECK(r.best->serving.usd_per_hour == doctest::Approx(r.best->serving.gpus * h100->usd_per_hour));
}

TEST_CASE("catalogue search: the cheapest fleet found serves the rate within the targets") {
  PlanRequest req;
  req.base.model_id = "llama-3.1-8b";
  req.workload.rate_rps = 4;
  req.workload.input_tokens = 1024;
  req.workload.output_tokens = 128;
  req.workload.ttft_slo_ms = 2000;
  req.workload.tpot_slo_ms = 100;
  const std::vector<FleetGroup> avail = {{"h100-sxm", 16, -1}, {"a100-sxm4-80gb", 16, -1}, {"l4", 32, -1}};
  const CatalogResult c = catalog_search(req, avail);
  REQUIRE(c.valid);
  REQUIRE(c.best);
  CHECK(c.best->serving.goodput_rps >= req.workload.rate_rps * (1 - 1e-9));
  CHECK(c.best->serving.meets_slo);
  CHECK(c.fleets > 3);
  CHECK(c.plans > 0);
  // Never more of a type than available, and the best is the cheapest per-type option.
  for (const CatalogOption& o : c.per_gpu) {
    if (!o.plan) continue;
    CHECK(o.plan->serving.usd_per_hour >= c.best->serving.usd_per_hour * (1 - 1e-12));
    for (const FleetGroup& g : o.fleet)
      for (const FleetGroup& a : avail)
        if (a.gpu_id == g.gpu_id) CHECK(g.count <= a.count);
  }
  // The same request on the best plan's own fleet, by the planner directly, serves it too.
  PlanRequest again = c.best_request;
  const PlanResult r = plan_fleet(again);
  REQUIRE(r.best);
  CHECK(r.best->serving.goodput_rps >= req.workload.rate_rps * (1 - 1e-9));
}
