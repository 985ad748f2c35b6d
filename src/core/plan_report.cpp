#include "core/plan_report.h"

#include <cmath>
#include <cstdio>

#include "core/formats.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

double d(int64_t v) { return static_cast<double>(v); }

std::string link_text(const PoolLink& l) {
  std::string out = link_preset(l.kind).id;
  out += l.gbps > 0 ? ", " + fmt("%g", l.gbps) + " Gb/s per GPU" : ", the GPU's NVLink one way";
  out += ", " + fmt("%g", l.latency_us) + " us, efficiency " + fmt("%g", l.efficiency);
  return out;
}

std::string percentile_text(double p) { return "p" + fmt("%g", p * 100); }

// {candidates, evaluated, pruned}: instance shapes and chunk budgets (PlanSearched).
void write_searched(json::Writer& w, const PlanSearched& s) {
  w.open("searched");
  w.num("candidates", d(s.candidates));
  w.num("evaluated", d(s.evaluated));
  w.num("pruned", d(s.pruned));
  w.close();
}

std::string searched_text(const PlanSearched& s) {
  return std::to_string(s.candidates) + " instance shapes and chunk budgets: " + std::to_string(s.evaluated) +
         " evaluated, " + std::to_string(s.pruned) + " pruned (cannot raise a rate)";
}

void write_plan(json::Writer& w, const char* key, const Plan* p) {
  if (!p) {
    w.null(key);
    return;
  }
  const ServingResult& s = p->serving;
  const bool good = s.goodput_rps > 0;
  w.open(key);
  w.str("summary", p->summary());
  w.str("kind", plan_kind(*p));
  w.open_array("roles");
  for (const PlanRole& r : p->roles) {
    w.open();
    w.str("gpu", r.gpu_id);
    w.str("role", name(r.role));
    w.num("count", d(r.gpus));
    w.num("tp", d(r.tp));
    w.num("pp", d(r.pp));
    w.boolean("dp_attention", r.dp_attention);
    w.num("chunk_tokens", d(r.chunk_tokens));
    w.boolean("chunk_default", r.chunk_default);
    w.num("instances", d(r.instances));
    w.num("max_rate_rps", r.max_rate_rps);
    w.num("usd_per_gpu_hour", r.usd_per_gpu_hour);
    w.close();
  }
  w.close_array();
  w.num("gpus", s.gpus);
  w.num("usd_per_hour", s.usd_per_hour);
  w.num("kv_transfer_bytes_per_request", p->transfer.bytes_per_request);
  w.num("kv_transfer_gbytes_per_s", p->transfer.bytes_per_s / 1e9);
  w.num("kv_transfer_ms", p->transfer.serial_ms);
  w.num("kv_transfer_overlapped_ms", p->transfer.overlapped_ms);
  w.num("ttft_ms", s.ttft_ms);
  w.num("tpot_ms", s.tpot_ms);
  w.num("ttft_mean_ms", s.ttft_mean_ms);
  w.num("tpot_mean_ms", s.tpot_mean_ms);
  w.num("operating_rps", s.operating_rps);
  w.num("capacity_rps", s.capacity_rps);
  w.num("goodput_rps", s.goodput_rps);
  w.num("goodput_rps_per_gpu", s.goodput_rps_per_gpu);
  w.num_or_null("goodput_rps_per_usd_hour", s.goodput_rps_per_usd_hour, s.usd_per_hour > 0);
  w.num("output_tokens_per_s", s.output_tokens_per_s);
  w.num_or_null("usd_per_million_output_tokens", s.usd_per_million_output_tokens, good);
  w.boolean("meets_slo", s.meets_slo);
  w.close();
}

std::string model_label(const PlanRequest& req) {
  const ModelArch* m = resolve_model(req.base);
  return m && !m->name.empty() ? m->name : req.base.model_id;
}

std::string plan_line(const Plan& p) {
  const ServingResult& s = p.serving;
  std::string out = p.summary() + "\n    goodput " + fmt("%.2f", s.goodput_rps) + " req/s (" +
                    fmt("%.3f", s.goodput_rps_per_gpu) + " per GPU";
  if (s.goodput_rps > 0) out += ", $" + fmt("%.2f", s.usd_per_million_output_tokens) + " per M output tokens";
  out += "), TTFT " + format_ms(s.ttft_ms) + ", TPOT " + format_ms(s.tpot_ms) + ", " + fmt("%.0f", s.gpus) +
         " GPUs at $" + fmt("%.2f", s.usd_per_hour) + "/h";
  if (p.disaggregated)
    out += "\n    KV transfer " + format_ms(p.transfer.serial_ms) + " whole, " + format_ms(p.transfer.overlapped_ms) +
           " after prefill when overlapped (" + fmt("%.1f", p.transfer.bytes_per_s / 1e9) + " GB/s)";
  return out + "\n";
}

void write_sweep(json::Writer& w, const PlanSweep& sw) {
  w.num("saturation_rps", sw.range.saturation_rps);
  w.num("disaggregated_max_rps", sw.range.disaggregated_max_rps);
  w.num("colocated_max_rps", sw.range.colocated_max_rps);
  w.num("knee_rps", sw.range.knee_rps);
  w.num("knee_share", kKneeShare);
  w.boolean("sweep_curves_coincide", sweep_curves_coincide(sw.points));
  w.open_array("sweep");
  for (const RatePoint& p : sw.points) {
    w.open();
    w.num("offered_rps", p.rate_rps);
    w.num("goodput_rps", p.best_goodput_rps);
    w.num("disaggregated_goodput_rps", p.disaggregated_goodput_rps);
    w.num("colocated_goodput_rps", p.colocated_goodput_rps);
    w.boolean("saturated", p.best_goodput_rps < kKneeShare * p.rate_rps);
    w.num("ttft_ms", p.ttft_ms);
    w.num("tpot_ms", p.tpot_ms);
    w.num_or_null("usd_per_million_output_tokens", p.usd_per_million_output_tokens, p.best_goodput_rps > 0);
    w.str("best", p.best_summary);
    w.close();
  }
  w.close_array();
}

void write_catalog(json::Writer& w, const CatalogResult& c) {
  w.open("catalog");
  w.num("fleets_searched", d(c.fleets));
  w.num("plans_searched", d(c.plans));
  write_searched(w, c.searched);
  w.num("pair_types", CatalogSearch::kPairTypes);
  w.str("best_fleet", c.best ? fleet_to_string(c.best_request.fleet) : std::string());
  write_plan(w, "best", c.best ? &*c.best : nullptr);
  w.open_array("per_gpu");
  for (const CatalogOption& o : c.per_gpu) {
    w.open();
    w.str("gpu", o.gpu_id);
    w.str("fleet", fleet_to_string(o.fleet));
    w.str("note", o.note);
    write_plan(w, "plan", o.plan ? &*o.plan : nullptr);
    w.close();
  }
  w.close_array();
  w.open_array("unpriced");
  for (const std::string& id : c.unpriced) w.str(nullptr, id);
  w.close_array();
  w.close();
}

std::string sweep_text(const PlanRequest& req, const PlanSweep& sw) {
  const double pct = req.workload.percentile * 100;
  std::string out = "\nGoodput against offered rate (the best plan at each rate):\n";
  if (sw.range.saturation_rps <= 0) return out + "  no plan meets the targets at any rate.\n";
  out += "  saturation " + fmt("%.3g", sw.range.saturation_rps) + " req/s; knee (goodput < " +
         fmt("%.0f", kKneeShare * 100) + " % of offered) above " + fmt("%.3g", sw.range.knee_rps) + " req/s\n";
  const bool same = sweep_curves_coincide(sw.points);
  if (same)
    out += "  disaggregated and colocated plans reach the same goodput at every rate (" +
           fmt("%.3g", sw.range.colocated_max_rps) + " req/s at most)\n";
  char head[200];
  std::snprintf(head, sizeof head, "  %9s %9s %9s %9s %10s %10s\n", "offered", "goodput", "disagg.", "coloc.",
                ("TTFT p" + fmt("%g", pct)).c_str(), ("TPOT p" + fmt("%g", pct)).c_str());
  out += head;
  for (const RatePoint& p : sw.points) {
    char line[200];
    std::snprintf(line, sizeof line, "  %9.3g %9.3g %9.3g %9.3g %10s %10s%s\n", p.rate_rps, p.best_goodput_rps,
                  p.disaggregated_goodput_rps, p.colocated_goodput_rps, format_ms(p.ttft_ms).c_str(),
                  format_ms(p.tpot_ms).c_str(), p.best_goodput_rps < kKneeShare * p.rate_rps ? "  saturated" : "");
    out += line;
  }
  return out;
}

}  // namespace

std::string plan_report_text_plans(const PlanRequest& req, const PlanResult& res);
std::string plan_json(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep, const CatalogResult* catalog);

const char* plan_kind(const Plan& p) {
  if (p.disaggregated && p.colocated) return "mixed";
  return p.disaggregated ? "disaggregated" : "colocated";
}

std::string catalog_report_json(const PlanRequest& req, const PlanResult& res, const CatalogResult& c,
                                const PlanSweep* sweep) {
  return plan_json(req, res, sweep, &c);
}

std::string catalog_report_text(const PlanRequest& req, const PlanResult& res, const CatalogResult& c,
                                const PlanSweep* sweep) {
  std::string out = "Catalogue search: " + std::to_string(c.fleets) + " fleets, " + std::to_string(c.plans) +
                    " plans searched (each priced GPU type alone, then pairs of the " +
                    std::to_string(CatalogSearch::kPairTypes) + " cheapest); " + searched_text(c.searched) + ".\n";
  if (!c.best) out += "No fleet found that serves the rate within the targets.\n";
  out += "Cheapest plan per GPU type:\n";
  for (const CatalogOption& o : c.per_gpu) {
    char line[512];
    if (o.plan)
      std::snprintf(line, sizeof line, "  %-20s $%8.2f/h  %s\n", o.gpu_id.c_str(), o.plan->serving.usd_per_hour,
                    o.plan->summary().c_str());
    else
      std::snprintf(line, sizeof line, "  %-20s none: %s\n", o.gpu_id.c_str(), o.note.c_str());
    out += line;
  }
  if (c.best) out += "\nThe cheapest fleet, planned:\n" + plan_report_text(req, res, sweep);
  return out;
}

std::string plan_report_json(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep) {
  return plan_json(req, res, sweep, nullptr);
}

std::string plan_json(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep, const CatalogResult* catalog) {
  const Workload& wl = req.workload;
  json::Writer w;
  w.open();
  w.open("request");
  w.str("model", req.base.model_id);
  w.str("weights", std::string(name(req.base.weights)));
  w.str("kv", std::string(name(req.base.kv)));
  w.str("engine", std::string(name(req.base.engine)));
  w.str("fleet", fleet_to_string(req.fleet));
  w.num("rate_rps", wl.rate_rps);
  w.num("input", d(wl.input_tokens));
  w.num("output", d(wl.output_tokens));
  w.num("input_cv", wl.input_cv);
  w.num("output_cv", wl.output_cv);
  w.num("ttft_slo_ms", wl.ttft_slo_ms);
  w.num("tpot_slo_ms", wl.tpot_slo_ms);
  w.num("percentile", wl.percentile * 100);
  w.boolean("kv_overlap", wl.overlap_transfer);
  w.open("link");
  w.str("id", link_preset(req.link.kind).id);
  w.num("gbps_per_gpu", req.link.gbps);
  w.num("latency_us", req.link.latency_us);
  w.num("efficiency", req.link.efficiency);
  w.close();
  w.close();
  w.num("kv_bytes_per_token", res.kv_bytes_per_token);
  w.num("kv_transfer_bytes_per_request", res.kv_transfer_bytes_per_request);
  w.num("combinations", d(res.combinations));
  w.num("profiles", d(res.profiles));
  write_searched(w, res.searched);
  w.open_array("step_gpus");
  for (int64_t s : res.step_gpus) w.num(nullptr, d(s));
  w.close_array();
  write_plan(w, "best", res.best ? &*res.best : nullptr);
  write_plan(w, "best_colocated", res.best_colocated ? &*res.best_colocated : nullptr);
  write_plan(w, "best_disaggregated", res.best_disaggregated ? &*res.best_disaggregated : nullptr);
  write_plan(w, "best_per_dollar", res.best_per_dollar ? &*res.best_per_dollar : nullptr);
  w.open_array("plans");
  for (const Plan& p : res.plans) write_plan(w, nullptr, &p);
  w.close_array();
  w.open_array("plans_per_dollar");
  for (const Plan& p : res.plans_per_dollar) write_plan(w, nullptr, &p);
  w.close_array();
  if (sweep) write_sweep(w, *sweep);
  if (catalog) write_catalog(w, *catalog);
  w.close();
  return w.take();
}

std::string plan_report_text(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep) {
  std::string out = plan_report_text_plans(req, res);
  if (sweep) out += sweep_text(req, *sweep);
  return out;
}

std::string plan_report_text_plans(const PlanRequest& req, const PlanResult& res) {
  const Workload& wl = req.workload;
  std::string out = "infercalc plan  " + model_label(req) + " (" + std::string(name(req.base.weights)) + " weights, " +
                    std::string(name(req.base.kv)) + " KV, " + std::string(name(req.base.engine)) + ")\n";
  out += "Fleet:      " + fleet_to_string(req.fleet) + "\n";
  out += "Workload:   " + fmt("%g", wl.rate_rps) + " req/s, input " + fmt("%g", d(wl.input_tokens)) + " (cv " +
         fmt("%g", wl.input_cv) + "), output " + fmt("%g", d(wl.output_tokens)) + " (cv " + fmt("%g", wl.output_cv) +
         ")\n";
  out += "Targets:    " + percentile_text(wl.percentile) + " TTFT <= " + fmt("%g", wl.ttft_slo_ms) + " ms, " +
         percentile_text(wl.percentile) + " TPOT <= " + fmt("%g", wl.tpot_slo_ms) + " ms\n";
  out += "Link:       " + link_text(req.link) + (wl.overlap_transfer ? ", KV sent layer by layer" : ", KV sent after prefill") + "\n";
  out += "KV moved:   " + fmt("%.1f MB", res.kv_transfer_bytes_per_request / 1e6) + " per request (" +
         fmt("%.0f", res.kv_bytes_per_token) + " bytes per token)\n";
  out += "Searched:   " + std::to_string(res.combinations) + " plans over " + std::to_string(res.profiles) +
         " fitting (GPU, tp, pp) instances; " + searched_text(res.searched) + "\n\n";
  if (res.profiles == 0) {
    out += "The model fits no instance of this fleet's GPUs (tp up to the node, pp 1, 2 or 4): add GPUs, or use\n"
           "fewer bytes per weight (--weights fp8, int4) or per KV element (--kv fp8).\n";
    return out;
  }
  if (!res.best) {
    out += "No plan meets the targets at any rate: loosen --ttft-slo-ms / --tpot-slo-ms, or add GPUs.\n";
    return out;
  }
  out += "Best:           " + plan_line(*res.best);
  out += "Best colocated: " + (res.best_colocated ? plan_line(*res.best_colocated) : std::string("none meets the targets\n"));
  out += "Best disagg.:   " + (res.best_disaggregated ? plan_line(*res.best_disaggregated) : std::string("none meets the targets\n"));
  out += "Best per $:     " + plan_line(*res.best_per_dollar);
  out += "\nTop " + std::to_string(res.plans.size()) + " by goodput (latencies are " + percentile_text(wl.percentile) +
         " at the goodput rate):\n";
  char head[160];
  std::snprintf(head, sizeof head, "%3s %9s %8s %9s %9s %9s %5s  %s\n", "#", "req/s", "/GPU", "$/M tok", "TTFT", "TPOT",
                "GPUs", "plan");
  out += head;
  int i = 0;
  for (const Plan& p : res.plans) {
    const ServingResult& s = p.serving;
    char line[512];
    std::snprintf(line, sizeof line, "%3d %9.2f %8.3f %9.2f %9s %9s %5.0f  %s\n", ++i, s.goodput_rps,
                  s.goodput_rps_per_gpu, s.usd_per_million_output_tokens, format_ms(s.ttft_ms).c_str(),
                  format_ms(s.tpot_ms).c_str(), s.gpus, p.summary().c_str());
    out += line;
  }
  return out;
}

std::string plan_report_markdown(const PlanRequest& req, const PlanResult& res) {
  const Workload& wl = req.workload;
  std::string out = "# infercalc plan\n\n| | |\n|---|---|\n";
  out += "| Model | " + model_label(req) + " (" + std::string(name(req.base.weights)) + " weights, " +
         std::string(name(req.base.kv)) + " KV, " + std::string(name(req.base.engine)) + ") |\n";
  out += "| Fleet | " + fleet_to_string(req.fleet) + " |\n";
  out += "| Workload | " + fmt("%g", wl.rate_rps) + " req/s, input " + fmt("%g", d(wl.input_tokens)) + " (cv " +
         fmt("%g", wl.input_cv) + "), output " + fmt("%g", d(wl.output_tokens)) + " (cv " + fmt("%g", wl.output_cv) + ") |\n";
  out += "| Targets | " + percentile_text(wl.percentile) + " TTFT <= " + fmt("%g", wl.ttft_slo_ms) + " ms, TPOT <= " +
         fmt("%g", wl.tpot_slo_ms) + " ms |\n";
  out += "| Link | " + link_text(req.link) + " |\n";
  out += "| KV per request | " + fmt("%.1f MB", res.kv_transfer_bytes_per_request / 1e6) + " |\n\n";
  if (res.profiles == 0) return out + "The model fits no instance of this fleet's GPUs.\n";
  if (!res.best) return out + "No plan meets the targets at any rate.\n";
  out += "| # | plan | kind | goodput req/s | per GPU | $/M output tokens | TTFT | TPOT | KV transfer |\n";
  out += "|---|---|---|---|---|---|---|---|---|\n";
  int i = 0;
  auto row = [&](const std::string& label, const Plan& p) {
    const ServingResult& s = p.serving;
    out += "| " + label + " | " + p.summary() + " | " + plan_kind(p) + " | " + fmt("%.2f", s.goodput_rps) + " | " +
           fmt("%.3f", s.goodput_rps_per_gpu) + " | " + fmt("%.2f", s.usd_per_million_output_tokens) + " | " +
           format_ms(s.ttft_ms) + " | " + format_ms(s.tpot_ms) + " | " +
           (p.disaggregated ? format_ms(p.transfer.serial_ms) : std::string("-")) + " |\n";
  };
  if (res.best_colocated) row("best colocated", *res.best_colocated);
  for (const Plan& p : res.plans) row(std::to_string(++i), p);
  return out;
}

}  // namespace infercalc
