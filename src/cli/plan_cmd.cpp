// `infercalc plan`: roles and parallelism for a mixed fleet under latency targets,
// prefill/decode disaggregation against colocated serving (core/planner.h). The
// scenario options (--link, model, formats, engine, lengths) are estimate's
// (scenario_options.h); the plan's own flags are declared once in core/plan_spec.h
// (plan_fields(): each flag beside its link key) and parsed by the link codec's
// plan_link_set, so `--rate 12` and `rate=12` in a link are one thing.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/scenario_options.h"
#include "core/cluster_view.h"
#include "core/disagg.h"
#include "core/manifest.h"
#include "core/plan_report.h"
#include "core/planner.h"
#include "core/scenario_check.h"

namespace infercalc::cli {
namespace {

// Help per plan flag (plan_spec.h lists the flags); the defaults are PlanSpec's.
const std::map<std::string, std::string>& plan_help() {
  static const std::map<std::string, std::string> help = {
      {"fleet", "GPU types and counts, id:count[@usd per GPU-hour],... (default h100-sxm:8,a100-sxm4-80gb:16,"
                "v100-sxm2-32gb:32; prices default to the GPU table's usd_per_hour)"},
      {"gpus-available", "With --catalog: only these GPU types, at most these counts, id:count[@usd],..."},
      {"rate", "Offered arrival rate, requests/s, Poisson (default 8)"},
      {"ttft-slo-ms", "TTFT target, ms (default 2000)"},
      {"tpot-slo-ms", "Time-per-output-token target, ms (default 100)"},
      {"percentile", "Percentile the targets apply to: 50 or 90 (up to 99.9; default 90)"},
      {"input-cv", "Coefficient of variation of prompt lengths, log-normal (default 0)"},
      {"output-cv", "Coefficient of variation of output lengths, log-normal (default 0)"},
      {"kv-overlap", "Send KV layer by layer during prefill: on (default) or off"},
      {"pool-link", std::string("Link between prefill and decode pools: ") + allowed_links() + " (default ib-ndr)"},
      {"pool-link-gbps", "Override the pool link's Gb/s per GPU, one direction (0 = the GPU's NVLink, nvlink only)"},
      {"pool-link-latency-us", "Override the pool link's per-transfer latency, us"},
      {"pool-link-efficiency", "Achieved fraction of the pool link's line rate (default 0.85)"},
  };
  return help;
}

struct PlanOptions {
  std::map<std::string, std::string> values;  // plan flag -> text, for the flags given
  bool catalog = false, sweep = false, bench = false;
  std::string format = "text";
  std::string export_to;  // --export dynamo|llm-d: the best plan as manifests (core/manifest.h)
  std::string dynamo_api = "v1beta1";  // --dynamo-api: the DynamoGraphDeployment version
  int64_t top = 10;
  double bench_seconds = 1;
};

int run_bench(const PlanRequest& req, double seconds) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  PlanResult first = plan_fleet(req);
  const double first_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  int runs = 0;
  double checksum = 0;
  const auto t1 = clock::now();
  double elapsed = 0;
  while (elapsed < seconds || runs < 3) {
    const PlanResult r = plan_fleet(req);
    checksum += r.best ? r.best->serving.goodput_rps : 0;
    ++runs;
    elapsed = std::chrono::duration<double>(clock::now() - t1).count();
  }
  std::printf("plan: fleet %s, %lld plans searched, %lld instance profiles\n", fleet_to_string(req.fleet).c_str(),
              static_cast<long long>(first.combinations), static_cast<long long>(first.profiles));
  std::printf("first run %.2f ms, then %.2f ms per plan over %d runs "
              "(checksum %.6g)\n",
              first_ms, elapsed * 1e3 / runs, runs, checksum);
  return 0;
}

// Without --link, plan's own starting point: Llama-3.1-70B, 2048 in / 256 out.
Scenario plan_start() {
  Scenario s;
  s.model_id = "llama-3.1-70b";
  s.input_tokens = 2048;
  s.output_tokens = 256;
  return s;
}

}  // namespace

Run add_plan(CLI::App& app) {
  auto scenario = add_scenario_options(app, ScenarioFlags::Model);
  auto o = std::make_shared<PlanOptions>();
  for (const PlanField& f : plan_fields()) {
    if (std::string(f.key) == "catalog") continue;  // a switch, below
    app.add_option("--" + std::string(f.flag), o->values[f.flag], plan_help().at(f.flag));
  }
  app.add_flag("--catalog", o->catalog,
               "Choose the fleet: search GPU types and counts of the whole catalogue (at their prices) for the "
               "cheapest one that serves --rate within the targets");
  app.add_flag("--sweep", o->sweep,
               "Raise the offered rate until the best plan's goodput falls below 90 % of it; print the curve");
  app.add_option("--top", o->top, "Plans listed in each ranking (default 10)");
  app.add_option("--format", o->format, "Output: text (default), json, markdown");
  app.add_option("--export", o->export_to,
                 "Print the best plan as Kubernetes YAML instead: dynamo (DynamoGraphDeployment) or llm-d "
                 "(modelservice chart values)");
  app.add_option("--dynamo-api", o->dynamo_api,
                 "DynamoGraphDeployment API version for --export dynamo: v1beta1 (default; Dynamo 1.3.0 images) "
                 "or v1alpha1 (Dynamo 1.2.0 images)");
  app.add_flag("--bench", o->bench, "Time the planner (about --bench-seconds) instead of printing plans");
  app.add_option("--bench-seconds", o->bench_seconds, "How long --bench runs (default 1)");
  app.footer("Without --link the scenario starts from Llama-3.1-70B, 2048 tokens in, 256 out; with --link (a page "
             "link, Cluster tab keys included) from the link. Flags override either.\n"
             "Example: infercalc plan --fleet h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32 --model llama-3.1-70b "
             "--rate 8 --ttft-slo-ms 1000 --tpot-slo-ms 60");
  CLI::App* a = &app;
  return [o, scenario, a]() -> int {
    PlanRequest req;
    LinkParse link;
    Scenario s;
    if (int rc = scenario_from_options(*scenario, *a, s, plan_start(), &link)) return rc;
    PlanSpec spec = link.plan;
    for (const PlanField& f : plan_fields()) {
      if (a->count("--" + std::string(f.flag)) == 0) continue;
      const std::string value = std::string(f.key) == "catalog" ? "1" : o->values[f.flag];
      if (auto e = plan_link_set(spec, f.key, value)) return bad_input(f.flag, e->message);
    }
    if (auto e = validate(spec)) return bad_input(e->field, e->message);
    req = plan_request(s, spec);
    if (!(o->top >= 1 && o->top <= 1000)) return bad_input("top", "must be from 1 to 1000");
    req.top = static_cast<int>(o->top);
    if (o->format != "text" && o->format != "json" && o->format != "markdown")
      return bad_input("format", "'" + o->format + "' is not one of text, json, markdown");
    if (auto e = validate(req)) return bad_input(e->field, e->message);
    if (o->bench) {
      if (!(o->bench_seconds >= 0 && o->bench_seconds <= 60))
        return bad_input("bench-seconds", "must be from 0 to 60 seconds");
      return run_bench(req, o->bench_seconds);
    }
    if (spec.catalog) {
      const CatalogResult c = catalog_search(req, spec.available);
      PlanRequest best = c.best ? c.best_request : req;
      best.top = req.top;
      const PlanResult res = c.best ? plan_fleet(best) : PlanResult{};
      PlanSweep sweep;
      if (o->sweep && c.best) sweep = plan_sweep(best);
      const PlanSweep* sw = o->sweep && c.best ? &sweep : nullptr;
      if (o->format == "json") std::fputs(catalog_report_json(best, res, c, sw).c_str(), stdout);
      else std::fputs(catalog_report_text(best, res, c, sw).c_str(), stdout);
      return 0;
    }
    const PlanResult res = plan_fleet(req);
    if (!res.valid) return bad_input("plan", "could not be computed");
    if (!o->export_to.empty()) {
      auto target = parse_deploy_target(o->export_to);
      if (!target) return bad_input("export", "'" + o->export_to + "' is not one of dynamo, llm-d");
      auto api = parse_dynamo_api(o->dynamo_api);
      if (!api) return bad_input("dynamo-api", "'" + o->dynamo_api + "' is not one of v1beta1, v1alpha1");
      if (!res.best) return bad_input("export", "no plan fits this fleet; nothing to export");
      ManifestOptions mo;
      mo.dynamo_api = *api;
      auto yaml = plan_manifest(req, *res.best, *target, mo);
      if (!yaml) return bad_input(yaml.error().field, yaml.error().message);
      std::fputs(yaml->c_str(), stdout);
      return 0;
    }
    PlanSweep sweep;
    if (o->sweep) sweep = plan_sweep(req);
    const PlanSweep* sw = o->sweep ? &sweep : nullptr;
    if (o->format == "json") std::fputs(plan_report_json(req, res, sw).c_str(), stdout);
    else if (o->format == "markdown") std::fputs(plan_report_markdown(req, res).c_str(), stdout);
    else std::fputs(plan_report_text(req, res, sw).c_str(), stdout);
    return 0;
  };
}

}  // namespace infercalc::cli
