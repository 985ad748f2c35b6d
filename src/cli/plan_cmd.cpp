// `infercalc plan`: roles and parallelism for a mixed fleet under latency targets,
// prefill/decode disaggregation against colocated serving (core/planner.h).
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/disagg.h"
#include "core/manifest.h"
#include "core/model.h"
#include "core/plan_report.h"
#include "core/planner.h"

namespace infercalc::cli {
namespace {

struct PlanOptions {
  std::string fleet = "h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32";
  std::string model = "llama-3.1-70b", model_config, weights, kv, engine, link = "ib-ndr", overlap = "on";
  std::string format = "text";
  std::string export_to;  // --export dynamo|llm-d: the best plan as manifests (core/manifest.h)
  double rate = 8, input_cv = 0, output_cv = 0, ttft = 2000, tpot = 100, percentile = 90;
  double link_gbps = 0, link_latency = 0, link_eff = 0, gpu_util = 0;
  int64_t input = 2048, output = 256, top = 10;
  double bench_seconds = 1;
  bool bench = false;
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

}  // namespace

Run add_plan(CLI::App& app) {
  auto o = std::make_shared<PlanOptions>();
  app.add_option("--fleet", o->fleet, "GPU types and counts, id:count[@usd per GPU-hour],... (default " + o->fleet + ")");
  app.add_option("--model", o->model, "Model preset id (default llama-3.1-70b)");
  app.add_option("--model-config", o->model_config, "A Hugging Face config.json file instead of a preset");
  app.add_option("--weights", o->weights, "Weight format (default bf16)");
  app.add_option("--kv", o->kv, "KV-cache dtype: fp16, bf16, fp8, int8 (default bf16)");
  app.add_option("--engine", o->engine, "Serving engine: vllm (default), sglang, trtllm, llamacpp, mlc, hf");
  app.add_option("--gpu-util", o->gpu_util, "Fraction of GPU memory the engine may use (default: the engine's)");
  app.add_option("--rate", o->rate, "Offered arrival rate, requests/s, Poisson (default 8)");
  app.add_option("--input", o->input, "Mean prompt tokens (default 2048)");
  app.add_option("--output", o->output, "Mean output tokens (default 256)");
  app.add_option("--input-cv", o->input_cv, "Coefficient of variation of prompt lengths, log-normal (default 0)");
  app.add_option("--output-cv", o->output_cv, "Coefficient of variation of output lengths, log-normal (default 0)");
  app.add_option("--ttft-slo-ms", o->ttft, "TTFT target, ms (default 2000)");
  app.add_option("--tpot-slo-ms", o->tpot, "Time-per-output-token target, ms (default 100)");
  app.add_option("--percentile", o->percentile, "Percentile the targets apply to: 50 or 90 (up to 99.9; default 90)");
  app.add_option("--link", o->link, std::string("Link between prefill and decode pools: ") + allowed_links() +
                                        " (default ib-ndr)");
  app.add_option("--link-gbps", o->link_gbps, "Override the link's Gb/s per GPU, one direction");
  app.add_option("--link-latency-us", o->link_latency, "Override the link's per-transfer latency, us");
  app.add_option("--link-efficiency", o->link_eff, "Achieved fraction of the link's line rate (default 0.85)");
  app.add_option("--kv-overlap", o->overlap, "Send KV layer by layer during prefill: on (default) or off");
  app.add_option("--top", o->top, "Plans listed in each ranking (default 10)");
  app.add_option("--format", o->format, "Output: text (default), json, markdown");
  app.add_option("--export", o->export_to,
                 "Print the best plan as Kubernetes YAML instead: dynamo (DynamoGraphDeployment) or llm-d "
                 "(modelservice chart values)");
  app.add_flag("--bench", o->bench, "Time the planner (about --bench-seconds) instead of printing plans");
  app.add_option("--bench-seconds", o->bench_seconds, "How long --bench runs (default 1)");
  app.footer("Example: infercalc plan --fleet h100-sxm:8,a100-sxm4-80gb:16,v100-sxm2-32gb:32 --model llama-3.1-70b "
             "--rate 8 --ttft-slo-ms 1000 --tpot-slo-ms 60");
  CLI::App* a = &app;
  return [o, a]() -> int {
    auto given = [a](const char* flag) { return a->count(flag) > 0; };
    PlanRequest req;
    Scenario& s = req.base;
    if (given("--model") && given("--model-config")) return bad_input("model", "give --model or --model-config, not both");
    s.model_id = o->model;
    if (!o->model_config.empty()) {
      std::string text, error;
      if (!read_file(o->model_config, text, error)) return bad_input("model-config", error);
      auto arch = import_config(text);
      if (!arch) return bad_input(arch.error().field, arch.error().message);
      s.model_id = "custom";
      s.custom_model = arch.value();
    }
    if (!o->weights.empty()) {
      auto w = parse_weight_format(o->weights);
      if (!w) return bad_input("weights", "'" + o->weights + "' is not a weight format; allowed: " + allowed_weight_formats());
      s.weights = *w;
    }
    if (!o->kv.empty()) {
      auto k = parse_kv_dtype(o->kv);
      if (!k) return bad_input("kv", "'" + o->kv + "' is not a KV dtype; allowed: " + allowed_kv_dtypes());
      s.kv = *k;
    }
    if (!o->engine.empty()) {
      auto e = parse_engine(o->engine);
      if (!e) return bad_input("engine", "'" + o->engine + "' is not an engine; allowed: " + allowed_engines());
      s.engine = *e;
    }
    if (given("--gpu-util")) s.gpu_util = o->gpu_util;
    auto fleet = parse_fleet(o->fleet);
    if (!fleet) return bad_input(fleet.error().field, fleet.error().message);
    req.fleet = fleet.value();

    Workload& w = req.workload;
    w.rate_rps = o->rate;
    w.input_tokens = o->input;
    w.output_tokens = o->output;
    w.input_cv = o->input_cv;
    w.output_cv = o->output_cv;
    w.ttft_slo_ms = o->ttft;
    w.tpot_slo_ms = o->tpot;
    if (!(o->percentile >= 50 && o->percentile <= 99.9))
      return bad_input("percentile", "must be 50 or 90 (any value from 50 to 99.9)");
    w.percentile = o->percentile / 100;
    if (o->overlap != "on" && o->overlap != "off") return bad_input("kv-overlap", "must be on or off");
    w.overlap_transfer = o->overlap == "on";

    const LinkPreset* lp = find_link_preset(o->link);
    if (!lp) return bad_input("link", "'" + o->link + "' is not a link preset; allowed: " + allowed_links());
    req.link = pool_link(lp->kind);
    if (given("--link-gbps")) {
      if (!(o->link_gbps >= 1 && o->link_gbps <= 10000)) return bad_input("link-gbps", "must be from 1 to 10000 Gb/s per GPU");
      req.link.gbps = o->link_gbps;
    }
    if (given("--link-latency-us")) req.link.latency_us = o->link_latency;
    if (given("--link-efficiency")) req.link.efficiency = o->link_eff;
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
    const PlanResult res = plan_fleet(req);
    if (!res.valid) return bad_input("plan", "could not be computed");
    if (!o->export_to.empty()) {
      auto target = parse_deploy_target(o->export_to);
      if (!target) return bad_input("export", "'" + o->export_to + "' is not one of dynamo, llm-d");
      if (!res.best) return bad_input("export", "no plan fits this fleet; nothing to export");
      auto yaml = plan_manifest(req, *res.best, *target);
      if (!yaml) return bad_input(yaml.error().field, yaml.error().message);
      std::fputs(yaml->c_str(), stdout);
      return 0;
    }
    if (o->format == "json") std::fputs(plan_report_json(req, res).c_str(), stdout);
    else if (o->format == "markdown") std::fputs(plan_report_markdown(req, res).c_str(), stdout);
    else std::fputs(plan_report_text(req, res).c_str(), stdout);
    return 0;
  };
}

}  // namespace infercalc::cli
