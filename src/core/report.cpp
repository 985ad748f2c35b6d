#include "core/report.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>
#include <cstdio>

#include "core/csv.h"
#include "core/evidence.h"
#include "core/gpu.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/launch.h"
#include "core/link.h"
#include "core/scenario_check.h"
#include "core/suggest.h"

namespace infercalc {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string printf_string(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string model_name(const Scenario& s) {
  const ModelArch* m = resolve_model(s);
  return m ? (m->name.empty() ? s.model_id : m->name) : s.model_id;
}

// `text` with each "%s" replaced by the next of `args`.
std::string fill(std::string text, std::initializer_list<std::string> args) {
  std::size_t at = 0;
  for (const std::string& a : args) {
    at = text.find("%s", at);
    if (at == std::string::npos) break;
    text.replace(at, 2, a);
    at += a.size();
  }
  return text;
}
}  // namespace

std::string workload_meaning(const Scenario& s, const char* (*translate)(const char*)) {
  const auto t = [translate](const char* english) { return translate ? translate(english) : english; };
  const std::string b = s.batch_max ? t("as many as fit") : std::to_string(s.batch);
  switch (s.workload) {
    case WorkloadMode::Burst:
      return fill(t("burst: %s requests arrive together; rates over the whole run including the drain, "
                    "TTFT averaged over the batch"),
                  {b});
    case WorkloadMode::Concurrency:
      return fill(t("concurrency: %s requests kept in flight (closed loop); steady-state means"), {b});
    case WorkloadMode::Rate:
      return fill(t("rate: Poisson arrivals at %s requests/s per replica, up to %s running; means including queueing"),
                  {printf_string("%.4g", s.request_rate), b});
  }
  return "";
}

namespace {

std::string gpu_name(const Scenario& s) {
  const Gpu* g = resolve_gpu(s);
  return g ? g->name : s.gpu_id;
}

// What the engine's own start-up log would print about its memory, in its words and
// units (vLLM and SGLang print "GB" for 2^30 bytes), so a user can compare with a real run.
// Format strings from engines.md: vLLM gpu_executor.py / kv_cache_utils.py, SGLang
// memory_pool.py and scheduler.py, TensorRT-LLM reference/memory.html, llama.cpp llama-kv-cache.cpp.
// The CUDA-graph capture line (vLLM model_runner.py capture_model "Graph capturing finished in
// N secs, took X GiB", engines.md 1c; SGLang "Capture cuda graph end ... mem usage=X GB", 2),
// with graph_capture_bytes' estimate (engine_memory.cpp); none without graphs.
void graph_line(std::vector<std::string>& out, const char* format, const Result& r) {
  if (!(r.cuda_graph_bytes > 0)) return;
  char buf[128];
  std::snprintf(buf, sizeof buf, format, r.cuda_graph_bytes / kGiB);
  out.emplace_back(buf);
}

std::vector<std::string> engine_log_lines(const Scenario& s, const Result& r) {
  char buf[320];
  std::vector<std::string> out;
  const EngineSettings& k = r.engine;
  const double len = static_cast<double>(k.max_model_len);
  // vLLM divides the pool by what one max_model_len request needs in every layer group:
  // its KV plus, in a hybrid model, the recurrent state of its linear/Mamba layers
  // (get_max_concurrency_for_kv_cache_config sums max_memory_usage_bytes over the groups'
  // specs, a MambaSpec's being its state; vllm/v1/core/kv_cache_utils.py).
  const double per_request = len * r.kv_bytes_per_token_per_gpu + r.state_bytes_per_sequence_per_gpu;
  const double concurrency = len <= 0                               ? 0
                             : r.state_bytes_per_sequence_per_gpu > 0 ? r.kv_pool_bytes / per_request
                                                                      : r.max_kv_tokens / len;
  const double kv_gib = r.kv_pool_bytes / kGiB;
  const KvLog log = k.profile ? k.profile->kv_log : KvLog::Generic;
  const char* kv_type = name(r.kv).data();
  switch (log) {
    case KvLog::VllmBlocks:
      std::snprintf(buf, sizeof buf, "Loading model weights took %.4f GB", r.weights_bytes / kGiB);
      out.emplace_back(buf);
      // swap_space 4 GiB of CPU blocks (EngineArgs default, V054).
      std::snprintf(buf, sizeof buf, "# GPU blocks: %.0f, # CPU blocks: %.0f", r.kv_blocks,
                    r.kv_bytes_per_token_per_gpu > 0
                        ? std::floor(4 * kGiB / (static_cast<double>(k.block_size) * r.kv_bytes_per_token_per_gpu))
                        : 0.0);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "Maximum concurrency for %.0f tokens per request: %.2fx", len, concurrency);
      out.emplace_back(buf);
      graph_line(out, "Graph capturing finished, took %.2f GiB", r);
      break;
    case KvLog::VllmV1:
      std::snprintf(buf, sizeof buf, "Model loading took %.4f GiB", r.weights_bytes / kGiB);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "Available KV cache memory: %.2f GiB", kv_gib);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "GPU KV cache size: %.0f tokens", r.max_kv_tokens);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "Maximum concurrency for %.0f tokens per request: %.2fx", len, concurrency);
      out.emplace_back(buf);
      graph_line(out, "Graph capturing finished, took %.2f GiB", r);
      break;
    case KvLog::Sglang:
      std::snprintf(buf, sizeof buf, "Load weight end. mem usage=%.2f GB", r.weights_bytes / kGiB);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "KV Cache is allocated. #tokens: %.0f, K size: %.2f GB, V size: %.2f GB",
                    r.max_kv_tokens, kv_gib / 2, kv_gib / 2);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf,
                    "max_total_num_tokens=%.0f, chunked_prefill_size=%lld, max_running_requests=%lld, context_len=%.0f",
                    r.max_kv_tokens, static_cast<long long>(k.max_num_batched_tokens),
                    static_cast<long long>(k.max_num_seqs), len);
      out.emplace_back(buf);
      graph_line(out, "Capture cuda graph end. mem usage=%.2f GB", r);
      break;
    case KvLog::TrtllmEngine:
      std::snprintf(buf, sizeof buf, "Number of tokens per block: %lld.", static_cast<long long>(k.block_size));
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "[MemUsageChange] Allocated %.2f GiB for max tokens in paged KV cache (%.0f).",
                    kv_gib, r.max_kv_tokens);
      out.emplace_back(buf);
      break;
    case KvLog::TrtllmPytorch:
      std::snprintf(buf, sizeof buf, "Estimated max tokens in KV cache : %.0f", r.max_kv_tokens);
      out.emplace_back(buf);
      break;
    // llama.cpp allocates the -c cells of the launch command (input + output per --parallel slot).
    case KvLog::LlamacppKvSelf:
      std::snprintf(buf, sizeof buf, "llm_load_tensors: CPU buffer size = %.2f MiB", r.host_weights_bytes / 1048576.0);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "llm_load_tensors: CUDA0 buffer size = %.2f MiB", r.weights_bytes / 1048576.0);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "llama_kv_cache_init: KV self size = %.2f MiB, K (%s): %.2f MiB, V (%s): %.2f MiB",
                    r.kv_cache_bytes / 1048576.0, kv_type, r.kv_cache_bytes / 2097152.0, kv_type,
                    r.kv_cache_bytes / 2097152.0);
      out.emplace_back(buf);
      break;
    case KvLog::LlamacppKvCache:
      std::snprintf(buf, sizeof buf, "load_tensors: CPU_Mapped model buffer size = %.2f MiB",
                    r.host_weights_bytes / 1048576.0);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "load_tensors: CUDA0 model buffer size = %.2f MiB", r.weights_bytes / 1048576.0);
      out.emplace_back(buf);
      std::snprintf(buf, sizeof buf, "llama_kv_cache: size = %.2f MiB (%lld cells, %lld layers, %lld/%lld seqs)",
                    r.kv_cache_bytes / 1048576.0, static_cast<long long>(r.kv_cells),
                    static_cast<long long>(resolve_model(s) ? resolve_model(s)->layers : 0),
                    static_cast<long long>(r.batch), static_cast<long long>(r.batch));
      out.emplace_back(buf);
      break;
    case KvLog::Generic:
      if (s.engine == Engine::Tgi)  // flash_causal_lm.py warmup (engines.md section 5)
        std::snprintf(buf, sizeof buf, "KV-cache blocks: %.0f, size: %lld", r.kv_blocks,
                      static_cast<long long>(k.block_size));
      else if (r.has_kv_pool)
        std::snprintf(buf, sizeof buf, "KV cache room: %.0f tokens (%.2f GiB per GPU)", r.max_kv_tokens, kv_gib);
      else
        std::snprintf(buf, sizeof buf, "Room for KV cache after weights and activations: %.0f tokens (%.2f GiB per GPU)",
                      r.max_kv_tokens, kv_gib);
      out.emplace_back(buf);
      break;
  }
  return out;
}

// Targets (0 = none: null), whether the estimate meets them and what it misses.
void write_targets_json(json::Writer& w, const Scenario& s, const Result& r) {
  w.open("targets");
  w.num_or_null("ttft_ms", s.target_ttft_ms, s.target_ttft_ms > 0);
  w.num_or_null("tpot_ms", s.target_tpot_ms, s.target_tpot_ms > 0);
  w.num_or_null("output_tokens_per_s", s.target_tokens_per_s, s.target_tokens_per_s > 0);
  w.boolean("met", meets_targets(s, r));
  w.str("problem", target_problem(s, r));
  w.close();
}

void write_launch_json(json::Writer& w, const Scenario& s, const Result& r) {
  const LaunchCommand l = launch_command(s, r);
  w.open("launch");
  w.str("engine", l.engine);
  if (l.command.empty()) w.null("command");
  else w.str("command", l.command);
  w.str("model", l.model);
  w.open_array("notes");
  for (const std::string& n : l.notes) w.str(nullptr, n);
  w.close_array();
  w.close();
}

void write_suggestions_json(json::Writer& w, const Scenario& s, const Result& r) {
  w.open_array("suggestions");
  for (const Suggestion& x : suggest(s, r)) {
    w.open();
    w.str("kind", code_name(x.kind));
    w.str("change", x.change);
    w.str("link", x.link);
    w.str("gpu", x.scenario.gpu_id);
    w.num("gpus", static_cast<double>(x.scenario.gpus));
    w.num("tp", static_cast<double>(x.scenario.tp));
    w.num("pp", static_cast<double>(x.scenario.pp));
    w.num("total_bytes_per_gpu", x.result.total_bytes);
    w.num("usable_bytes_per_gpu", x.result.usable_bytes);
    w.num("ttft_ms", x.result.ttft_ms);
    w.num("tpot_ms", x.result.tpot_ms);
    w.num("output_tokens_per_s", x.result.output_tokens_per_s);
    w.num("usd_per_million_output_tokens", x.result.usd_per_million_output_tokens);
    w.close();
  }
  w.close_array();
}

std::string suggestion_numbers(const Suggestion& x) {
  return format_gib(x.result.total_bytes) + " of " + format_gib(x.result.usable_bytes) + " per GPU, TTFT " +
         format_ms(x.result.ttft_ms) + ", " + format_ms(x.result.tpot_ms) + " per token, " +
         format_rate(x.result.output_tokens_per_s) + " tok/s, " +
         printf_string("$%.3f", x.result.usd_per_million_output_tokens) + "/M";
}

// The text and Markdown reports' closing sections: targets missed, fixes, launch command.
std::string action_sections(const Scenario& s, const Result& r, bool markdown) {
  std::string out;
  const std::string problem = target_problem(s, r);
  if (!problem.empty()) {
    const std::vector<Suggestion> fixes = suggest(s, r);
    out += markdown ? "\n## What would make it work (" + problem + ")\n\n"
                    : "\nWhat would make it work (" + problem + "), cheapest first:\n";
    if (fixes.empty()) out += markdown ? "No single change fixes it.\n" : "  no single change fixes it\n";
    for (const Suggestion& x : fixes)
      out += markdown ? "- **" + x.change + "**: " + suggestion_numbers(x) + " (`" + x.link + "`)\n"
                      : "  " + x.change + ": " + suggestion_numbers(x) + "\n    " + x.link + "\n";
  }
  const LaunchCommand l = launch_command(s, r);
  out += markdown ? "\n## Launch (" + l.engine + ")\n\n" : "\nLaunch (" + l.engine + "):\n";
  if (!l.command.empty()) out += markdown ? "```sh\n" + l.command + "\n```\n" : "  " + l.command + "\n";
  for (const std::string& n : l.notes) out += (markdown ? "- " : "  note: ") + n + "\n";
  return out;
}

}  // namespace

std::vector<std::string> engine_log(const Scenario& s, const Result& r) { return engine_log_lines(s, r); }

std::string format_params(double n) {
  if (n >= 1e12) return printf_string("%.2f T", n / 1e12);
  if (n >= 1e9) return printf_string("%.2f B", n / 1e9);
  if (n >= 1e6) return printf_string("%.1f M", n / 1e6);
  return printf_string("%.0f", n);
}
std::string format_gib(double bytes) { return printf_string("%.2f GiB", bytes / kGiB); }
std::string format_rate(double per_s) {
  if (per_s >= 100) return printf_string("%.0f", per_s);
  if (per_s >= 10) return printf_string("%.1f", per_s);
  return printf_string("%.2f", per_s);
}
std::string format_ms(double ms) {
  if (ms >= 10000) return printf_string("%.1f s", ms / 1000);
  if (ms >= 100) return printf_string("%.0f ms", ms);
  if (ms >= 10) return printf_string("%.1f ms", ms);
  return printf_string("%.2f ms", ms);
}

std::string report_json(const Scenario& s, const Result& r) {
  json::Writer w;
  w.open();
  w.str("link", make_link(s));
  w.open("scenario");
  w.str("model", s.model_id);
  w.str("gpu", s.gpu_id);
  w.num("gpus", static_cast<double>(s.gpus));
  w.num("tp", static_cast<double>(s.tp));
  w.num("pp", static_cast<double>(s.pp));
  w.num("ep", static_cast<double>(s.ep));
  w.boolean("dp_attention", s.dp_attention);
  w.str("weights", std::string(name(s.weights)));
  w.str("weights_effective", std::string(name(r.weights)));
  w.str("kv", std::string(name(s.kv)));
  w.str("engine", std::string(name(s.engine)));
  w.num("input", static_cast<double>(s.input_tokens));
  w.num("output", static_cast<double>(s.output_tokens));
  if (s.batch_max) w.str("batch", "max");
  else w.num("batch", static_cast<double>(s.batch));
  w.str("workload", std::string(name(s.workload)));
  if (s.workload == WorkloadMode::Rate) w.num("request_rate", s.request_rate);
  w.close();
  // The engine knobs as that engine version runs them (defaults resolved; docs/engines.md).
  const EngineSettings& k = r.engine;
  w.open("engine_settings");
  w.str("version", k.profile ? k.profile->version : std::string());
  w.str("label", k.profile ? k.profile->label : std::string());
  w.boolean("version_mapped", k.version_mapped);
  w.num("gpu_memory_utilization", k.gpu_util);
  w.num("max_model_len", static_cast<double>(k.max_model_len));
  w.num("max_num_seqs", static_cast<double>(k.max_num_seqs));
  w.num("max_num_batched_tokens", static_cast<double>(k.max_num_batched_tokens));
  w.num("block_size", static_cast<double>(k.block_size));
  w.boolean("enforce_eager", k.enforce_eager);
  w.boolean("chunked_prefill", k.chunked_prefill);
  w.close();
  w.open("model");
  w.str("id", s.model_id);
  w.str("name", model_name(s));
  w.num("total_params", r.total_params);
  w.num("active_params", r.active_params);
  w.close();
  w.open("memory");
  w.num("weights_bytes_per_gpu", r.weights_bytes);
  w.num("kv_cache_bytes_per_gpu", r.kv_cache_bytes);
  w.num("activation_bytes_per_gpu", r.activation_bytes);
  w.num("reserved_bytes_per_gpu", r.reserved_bytes);
  w.num("total_bytes_per_gpu", r.total_bytes);
  w.num("capacity_bytes_per_gpu", r.capacity_bytes);
  w.num("usable_bytes_per_gpu", r.usable_bytes);
  w.num("kv_pool_bytes_per_gpu", r.kv_pool_bytes);
  w.boolean("fits", r.fits);
  w.num("kv_bytes_per_token", r.kv_bytes_per_token);
  w.num("kv_bytes_per_token_per_gpu", r.kv_bytes_per_token_per_gpu);
  w.num("state_bytes_per_sequence", r.state_bytes_per_sequence);
  w.num("state_bytes_per_sequence_per_gpu", r.state_bytes_per_sequence_per_gpu);
  w.num("kv_blocks", r.kv_blocks);
  w.num("max_kv_tokens", r.max_kv_tokens);
  w.num("max_concurrency", std::floor(r.max_concurrency * 100) / 100);
  w.num("max_model_len_kv_bytes_per_gpu", r.max_len_sequence_bytes);
  w.open_array("accounting");  // the engine's steps from total memory down to the KV pool
  for (int i = 0; i < r.memory_step_count; ++i) {
    w.open();
    w.str("step", r.memory_steps[i].label);
    w.num("bytes", r.memory_steps[i].bytes);
    w.str("source", r.memory_steps[i].source);
    w.close();
  }
  w.close_array();
  w.open_array("engine_log");
  for (const std::string& line : engine_log_lines(s, r)) w.str(nullptr, line);
  w.close_array();
  w.close();
  const bool p = r.fits;
  w.open("perf");
  w.str("workload", std::string(name(s.workload)));
  w.str("workload_meaning", workload_meaning(s));
  w.num_or_null("batch", static_cast<double>(r.batch), p);
  w.num_or_null("queued", static_cast<double>(r.queued), p);
  w.num_or_null("replicas", static_cast<double>(r.replicas), p);
  w.num_or_null("ttft_ms", r.ttft_ms, p);
  w.num_or_null("tpot_ms", r.tpot_ms, p);
  w.num_or_null("e2e_latency_ms", r.e2e_latency_ms, p);
  w.num_or_null("output_tokens_per_s", r.output_tokens_per_s, p);
  w.num_or_null("output_tokens_per_s_per_gpu", r.output_tokens_per_s_per_gpu, p);
  w.num_or_null("total_tokens_per_s", r.total_tokens_per_s, p);
  w.num_or_null("tokens_per_s_per_user", r.tokens_per_s_per_user, p);
  if (p) {
    w.str("bound", name(r.decode_bound));
    w.str("prefill_bound", name(r.prefill_bound));
    w.open("band");
    auto band = [&](const char* key, const Band& b) {
      w.open(key);
      w.num("low", b.low);
      w.num("high", b.high);
      w.close();
    };
    band("ttft_ms", r.ttft_band);
    band("tpot_ms", r.tpot_band);
    band("e2e_latency_ms", r.e2e_band);
    band("output_tokens_per_s", r.output_tps_band);
    band("output_tokens_per_s_per_gpu", r.output_tps_per_gpu_band);
    band("total_tokens_per_s", r.total_tps_band);
    band("tokens_per_s_per_user", r.per_user_band);
    w.close();
    w.open("decode_ms");
    w.num("memory", r.decode_memory_ms);
    w.num("compute", r.decode_compute_ms);
    w.num("communication", r.decode_comm_ms);
    w.num("overhead", r.decode_overhead_ms);
    w.num("kernels", r.decode_kernel_ms);  // of the overhead: the kernels' fixed GPU time
    w.close();
  } else {
    w.null("bound");
    w.null("prefill_bound");
    w.null("band");
  }
  w.close();
  w.open_array("warnings");
  for (int i = 0; i < r.warning_count; ++i) {
    w.open();
    w.str("code", code_name(r.warnings[i].code));
    w.str("message", warning_message(r.warnings[i], r));
    w.close();
  }
  w.close_array();
  // "How right is this?": the nearest published measurements, with our prediction for each.
  w.open_array("evidence");
  for (const Evidence& e : nearest_evidence(s)) {
    w.open();
    w.str("id", e.row->id);
    w.str("model", e.row->model);
    w.str("gpu", e.row->gpu);
    w.num("gpus", static_cast<double>(e.row->scenario.gpus));
    w.str("engine", std::string(name(e.row->scenario.engine)));
    w.str("workload", std::string(name(e.row->scenario.workload)));
    w.str("metric", e.row->metric);
    w.boolean("median_itl", e.row->median_itl);  // a tpot_ms value that is the median inter-token gap
    w.num("measured", e.row->measured);
    w.num_or_null("predicted", e.predicted, std::isfinite(e.predicted));
    w.str("source", e.row->source);
    w.close();
  }
  w.close_array();
  w.open("cost");
  w.num("usd_per_gpu_hour", s.usd_per_gpu_hour);
  w.num_or_null("usd_per_million_output_tokens", r.usd_per_million_output_tokens, p);
  w.close();
  w.open("energy");
  w.num_or_null("kwh_per_million_output_tokens", r.kwh_per_million_output_tokens, p);
  w.close();
  write_targets_json(w, s, r);
  write_launch_json(w, s, r);
  write_suggestions_json(w, s, r);
  w.close();
  return w.take();
}

namespace {

struct Line {
  std::string label, value;
};

std::vector<Line> summary_lines(const Scenario& s, const Result& r) {
  std::vector<Line> out;
  auto band = [](const Band& b, bool time) {
    return time ? " (" + format_ms(b.low) + " - " + format_ms(b.high) + ")"
                : " (" + format_rate(b.low) + " - " + format_rate(b.high) + ")";
  };
  out.push_back({"Model", model_name(s) + ", " + format_params(r.total_params) + " params" +
                              (r.active_params < r.total_params ? ", " + format_params(r.active_params) + " active" : "")});
  out.push_back({"GPUs", std::to_string(s.gpus) + " x " + gpu_name(s) + " (tp " + std::to_string(s.tp) + ", pp " +
                             std::to_string(s.pp) + ", ep " + std::to_string(s.ep) +
                             (s.dp_attention ? ", data-parallel attention" : "") + ")"});
  out.push_back({"Weights / KV", std::string(name(r.weights)) + " / " + std::string(name(s.kv)) + ", engine " +
                                     std::string(name(s.engine))});
  {
    const EngineSettings& k = r.engine;
    std::string v = std::string(name(s.engine));
    if (k.profile && !k.profile->version.empty())
      v += " " + (s.engine_version.empty() ? k.profile->version + "+" : s.engine_version) +
           (k.profile->label.empty() ? "" : " (" + k.profile->label + ")") +
           (k.version_mapped ? ", undocumented: " + k.profile->version + " rules" : "");
    v += printf_string(", util %.3g", k.gpu_util) + ", max_model_len " + std::to_string(k.max_model_len) +
         ", max_num_seqs " + (k.max_num_seqs > 0 ? std::to_string(k.max_num_seqs) : std::string("from the pool")) +
         ", max_num_batched_tokens " + std::to_string(k.max_num_batched_tokens) + ", block " +
         std::to_string(k.block_size) + (k.enforce_eager ? ", eager" : "");
    out.push_back({"Engine", v});
  }
  out.push_back({"Fits", r.fits ? "yes" : "NO"});
  out.push_back({"Memory per GPU", format_gib(r.total_bytes) + " of " + format_gib(r.usable_bytes) + " usable (" +
                                       format_gib(r.capacity_bytes) + " total)"});
  out.push_back({"  weights", format_gib(r.weights_bytes)});
  out.push_back({"  KV cache", format_gib(r.kv_cache_bytes) + " (pool " + format_gib(r.kv_pool_bytes) + ")"});
  out.push_back({"  activations", format_gib(r.activation_bytes)});
  out.push_back({"  reserved", format_gib(r.reserved_bytes)});
  out.push_back({"KV per token", printf_string("%.0f bytes (all layers)", r.kv_bytes_per_token)});
  if (r.state_bytes_per_sequence > 0)
    out.push_back({"State per sequence",
                   printf_string("%.0f bytes (fixed, hybrid layers; ", r.state_bytes_per_sequence) +
                       printf_string("%.0f per GPU)", r.state_bytes_per_sequence_per_gpu)});
  out.push_back({"KV pool", printf_string("%.0f tokens", r.max_kv_tokens) + ", max concurrency " +
                                printf_string("%.2fx", r.max_concurrency) + " for " +
                                std::to_string(s.input_tokens + s.output_tokens) + " tokens per request"});
  if (r.fits) {
    out.push_back({"Workload", workload_meaning(s)});
    out.push_back({"Batch", std::to_string(r.batch) + " running per replica" +
                                (r.queued > 0 ? ", " + std::to_string(r.queued) + " queued" : std::string()) + ", " +
                                std::to_string(r.replicas) + " replica(s)"});
    out.push_back({"TTFT", format_ms(r.ttft_ms) + band(r.ttft_band, true) + ", prefill " + name(r.prefill_bound) + "-bound"});
    out.push_back({"Time per token", format_ms(r.tpot_ms) + band(r.tpot_band, true) + ", decode " + name(r.decode_bound) + "-bound"});
    out.push_back({"Tokens/s per user", format_rate(r.tokens_per_s_per_user) + band(r.per_user_band, false)});
    out.push_back({"Output tokens/s", format_rate(r.output_tokens_per_s) + band(r.output_tps_band, false) + ", " +
                                          format_rate(r.output_tokens_per_s_per_gpu) + " per GPU"});
    out.push_back({"Cost", printf_string("$%.3f", r.usd_per_million_output_tokens) + " per million output tokens"});
    out.push_back({"Energy", printf_string("%.2f kWh", r.kwh_per_million_output_tokens) + " per million output tokens"});
  }
  return out;
}

}  // namespace

std::string report_text(const Scenario& s, const Result& r) {
  std::string out = "infercalc estimate  " + make_link(s) + "\n\n";
  for (const Line& l : summary_lines(s, r)) {
    std::string label = l.label + ":";
    label.resize(20, ' ');
    out += label + l.value + "\n";
  }
  if (r.memory_step_count > 0) {
    out += "\nThe engine's accounting, per GPU:\n";
    std::string label = "  total memory";
    label.resize(62, ' ');
    out += label + format_gib(r.capacity_bytes) + "\n";
    for (int i = 0; i < r.memory_step_count; ++i) {
      label = std::string("  - ") + r.memory_steps[i].label;
      label.resize(62, ' ');
      out += label + format_gib(r.memory_steps[i].bytes) + "\n";
    }
    label = r.has_kv_pool ? "  = KV pool" : "  = room for the KV cache";
    label.resize(62, ' ');
    out += label + format_gib(r.kv_pool_bytes) + printf_string(" (%.0f tokens)", r.max_kv_tokens) + "\n";
  }
  if (r.fits) {
    out += "\nHow right is this? The nearest published measurements, and what we predict for each:\n";
    for (const Evidence& e : nearest_evidence(s)) out += "  " + evidence_line(e) + "\n    source: " + e.row->source + "\n";
  }
  out += "\nAs the engine's start-up log would say:\n";
  for (const std::string& line : engine_log_lines(s, r)) out += "  " + line + "\n";
  if (r.warning_count > 0) {
    out += "\nWarnings:\n";
    for (int i = 0; i < r.warning_count; ++i)
      out += std::string("  [") + code_name(r.warnings[i].code) + "] " + warning_message(r.warnings[i], r) + "\n";
  }
  out += action_sections(s, r, false);
  return out;
}

std::string report_markdown(const Scenario& s, const Result& r) {
  std::string out = "# infercalc estimate\n\nLink: `" + make_link(s) + "`\n\n| | |\n|---|---|\n";
  for (const Line& l : summary_lines(s, r)) out += "| " + l.label + " | " + l.value + " |\n";
  if (r.warning_count > 0) {
    out += "\n## Warnings\n\n";
    for (int i = 0; i < r.warning_count; ++i)
      out += std::string("- **") + code_name(r.warnings[i].code) + "**: " + warning_message(r.warnings[i], r) + "\n";
  }
  out += action_sections(s, r, true);
  return out;
}

std::string report_csv(const Scenario& s, const Result& r) {
  std::string out = "section,metric,value,unit,low,high\n";
  auto row = [&](const char* section, const char* metric, const std::string& value, const char* unit,
                 const Band* band = nullptr) {
    out += std::string(section) + "," + metric + "," + csv::field_text(value) + "," + unit + ",";
    if (band) out += json::number(band->low) + "," + json::number(band->high);
    else out += ",";
    out += "\n";
  };
  row("scenario", "link", make_link(s), "");
  row("model", "total_params", json::number(r.total_params), "params");
  row("model", "active_params", json::number(r.active_params), "params");
  row("memory", "weights_per_gpu", json::number(r.weights_bytes), "bytes");
  row("memory", "kv_cache_per_gpu", json::number(r.kv_cache_bytes), "bytes");
  row("memory", "activations_per_gpu", json::number(r.activation_bytes), "bytes");
  row("memory", "reserved_per_gpu", json::number(r.reserved_bytes), "bytes");
  row("memory", "total_per_gpu", json::number(r.total_bytes), "bytes");
  row("memory", "capacity_per_gpu", json::number(r.capacity_bytes), "bytes");
  row("memory", "fits", r.fits ? "true" : "false", "");
  row("memory", "kv_bytes_per_token", json::number(r.kv_bytes_per_token), "bytes");
  row("memory", "state_bytes_per_sequence", json::number(r.state_bytes_per_sequence), "bytes");
  row("memory", "max_kv_tokens", json::number(r.max_kv_tokens), "tokens");
  row("memory", "max_concurrency", json::number(std::floor(r.max_concurrency * 100) / 100), "requests");
  if (r.fits) {
    row("perf", "batch", json::number(static_cast<double>(r.batch)), "requests");
    row("perf", "ttft", json::number(r.ttft_ms), "ms", &r.ttft_band);
    row("perf", "tpot", json::number(r.tpot_ms), "ms", &r.tpot_band);
    row("perf", "e2e_latency", json::number(r.e2e_latency_ms), "ms", &r.e2e_band);
    row("perf", "output_tokens_per_s", json::number(r.output_tokens_per_s), "tokens/s", &r.output_tps_band);
    row("perf", "output_tokens_per_s_per_gpu", json::number(r.output_tokens_per_s_per_gpu), "tokens/s",
        &r.output_tps_per_gpu_band);
    row("perf", "tokens_per_s_per_user", json::number(r.tokens_per_s_per_user), "tokens/s", &r.per_user_band);
    row("perf", "decode_bound", name(r.decode_bound), "");
    row("cost", "usd_per_million_output_tokens", json::number(r.usd_per_million_output_tokens), "USD");
    row("energy", "kwh_per_million_output_tokens", json::number(r.kwh_per_million_output_tokens), "kWh");
  }
  for (int i = 0; i < r.warning_count; ++i)
    row("warning", code_name(r.warnings[i].code), warning_message(r.warnings[i], r), "");
  return out;
}

std::string report_summary(const Scenario& s, const Result& r) {
  std::string out = model_name(s) + " on " + std::to_string(s.gpus) + " x " + gpu_name(s) + ": ";
  if (!r.fits) return out + "does not fit (" + format_gib(r.total_bytes) + " needed per GPU, " +
                      format_gib(r.usable_bytes) + " usable).";
  out += "fits, " + format_gib(r.total_bytes) + " of " + format_gib(r.usable_bytes) + " per GPU. ";
  out += "Time to first token " + format_ms(r.ttft_ms) + ", " + format_ms(r.tpot_ms) + " per output token, " +
         format_rate(r.output_tokens_per_s) + " output tokens per second in total, " +
         printf_string("$%.2f", r.usd_per_million_output_tokens) + " per million tokens.";
  return out;
}

}  // namespace infercalc
