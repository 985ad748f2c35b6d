// `infercalc gpus`, `infercalc models` and `infercalc bench`.
#include <cstdio>
#include <memory>
#include <string>

#include "bench/bench.h"
#include "cli/commands.h"
#include "core/gpu.h"
#include "core/json.h"
#include "core/model.h"
#include "core/presets.h"
#include "core/report.h"

namespace infercalc::cli {
namespace {

std::string flag(bool b) { return b ? "yes" : "-"; }

std::string rate(double v) {
  if (v <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int print_gpus(const std::string& format) {
  const GpuCatalog& cat = gpu_catalog();
  if (format == "json") {
    std::string out = "[\n";
    for (std::size_t i = 0; i < cat.gpus.size(); ++i) {
      const Gpu& g = cat.gpus[i];
      out += "  {\"id\": " + json::quote(g.id) + ", \"name\": " + json::quote(g.name) +
             ", \"vendor\": " + json::quote(g.vendor) + ", \"class\": " + json::quote(g.gpu_class) +
             ", \"arch\": " + json::quote(g.arch) +
             ", \"compute_capability\": " + json::quote(g.compute_capability) +
             ", \"release_year\": " + json::number(g.release_year) + ", \"memory_gb\": " + json::number(g.memory_gb) +
             ", \"usable_memory_bytes\": " + json::number(g.usable_memory_bytes) +
             ", \"mem_bw_gbs\": " + json::number(g.mem_bw_gbs) + ", \"fp16_tflops\": " + json::number(g.fp16_tflops) +
             ", \"bf16_tflops\": " + json::number(g.bf16_tflops) + ", \"fp8_tflops\": " + json::number(g.fp8_tflops) +
             ", \"int8_tops\": " + json::number(g.int8_tops) + ", \"fp4_tflops\": " + json::number(g.fp4_tflops) +
             ", \"gpu_link\": " + json::quote(g.gpu_link) + ", \"gpu_link_gbs_bidir\": " + json::number(g.gpu_link_gbs_bidir) +
             ", \"pcie_gbs_bidir\": " + json::number(g.pcie_gbs_bidir) + ", \"tdp_w\": " + json::number(g.tdp_w) +
             ", \"bf16\": " + (g.has_bf16() ? "true" : "false") +
             ", \"flash_attention2\": " + (g.has_flash_attention2() ? "true" : "false") +
             ", \"fp8\": " + (g.has_fp8() ? "true" : "false") + ", \"fp4\": " + (g.has_fp4() ? "true" : "false") +
             ", \"source\": " + json::quote(g.source) + ", \"notes\": " + json::quote(g.notes) + "}" + (i + 1 < cat.gpus.size() ? ",\n" : "\n");
    }
    std::fputs((out + "]\n").c_str(), stdout);
    return 0;
  }
  std::printf("%-16s %-24s %6s %8s %8s %8s %8s %8s %7s %5s %4s %4s %4s %4s\n", "id", "name", "GB", "GB/s", "FP16",
              "BF16", "FP8", "FP4", "link", "W", "BF16", "FA2", "FP8", "FP4");
  std::printf("%-16s %-24s %6s %8s %8s %8s %8s %8s %7s %5s\n", "", "", "", "", "TFLOPS", "TFLOPS", "TFLOPS", "TFLOPS",
              "GB/s", "");
  for (const Gpu& g : cat.gpus)
    std::printf("%-16s %-24s %6.0f %8.0f %8s %8s %8s %8s %7s %5.0f %4s %4s %4s %4s\n", g.id.c_str(), g.name.c_str(),
                g.memory_gb, g.mem_bw_gbs, rate(g.fp16_tflops).c_str(), rate(g.bf16_tflops).c_str(),
                rate(g.fp8_tflops).c_str(), rate(g.fp4_tflops).c_str(), rate(g.gpu_link_gbs_bidir).c_str(), g.tdp_w,
                flag(g.has_bf16()).c_str(), flag(g.has_flash_attention2()).c_str(), flag(g.has_fp8()).c_str(),
                flag(g.has_fp4()).c_str());
  std::printf("\nRates are dense (no 2:4 sparsity). Link = GPU-to-GPU, both directions. Sources: --format json.\n");
  return 0;
}

int print_models(const std::string& format) {
  const auto& presets = model_presets();
  if (format == "json") {
    std::string out = "[\n";
    for (std::size_t i = 0; i < presets.size(); ++i) {
      const ModelArch& m = presets[i].arch;
      out += "  {\"id\": " + json::quote(m.id) + ", \"name\": " + json::quote(m.name) +
             ", \"family\": " + json::quote(m.family) + ", \"total_params\": " + json::number(total_params(m)) +
             ", \"active_params\": " + json::number(active_params(m)) +
             ", \"kv_bytes_per_token_bf16\": " + json::number(kv_bytes_per_token(m, 2)) +
             ", \"layers\": " + json::number(static_cast<double>(m.layers)) +
             ", \"hidden\": " + json::number(static_cast<double>(m.hidden)) +
             ", \"moe\": " + (m.moe.is_moe() ? "true" : "false") + ", \"mla\": " + (m.mla.is_mla() ? "true" : "false") +
             ", \"max_context\": " + json::number(static_cast<double>(m.max_context)) + "}" +
             (i + 1 < presets.size() ? ",\n" : "\n");
    }
    std::fputs((out + "]\n").c_str(), stdout);
    return 0;
  }
  std::printf("%-18s %-24s %-12s %10s %10s %14s %8s\n", "id", "name", "family", "params", "active", "KV B/token",
              "context");
  for (const ModelPreset& p : presets) {
    const ModelArch& m = p.arch;
    const double active = active_params(m);
    std::printf("%-18s %-24s %-12s %10s %10s %14.0f %8lld\n", m.id.c_str(), m.name.c_str(), m.family.c_str(),
                format_params(total_params(m)).c_str(),
                active < total_params(m) ? format_params(active).c_str() : "", kv_bytes_per_token(m, 2),
                static_cast<long long>(m.max_context));
  }
  std::printf("\nKV bytes per token at BF16, all layers. Import any other model with --model-config config.json.\n");
  return 0;
}

}  // namespace

Run add_gpus(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  app.add_option("--format", *format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  return [format] { return print_gpus(*format); };
}

Run add_models(CLI::App& app) {
  auto format = std::make_shared<std::string>("text");
  app.add_option("--format", *format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  return [format] { return print_models(*format); };
}

Run add_bench(CLI::App& app) {
  auto seconds = std::make_shared<double>(2.0);
  auto as_json = std::make_shared<bool>(false);
  app.add_option("--seconds", *seconds, "How long to run (default 2)")->check(CLI::Range(0.1, 60.0));
  app.add_flag("--json", *as_json, "Print one JSON object");
  auto catalog = std::make_shared<int>(0);
  app.add_option("--catalog", *catalog,
                 "Time the catalogue search (plan --catalog --rate 8) this many times instead: fastest and median")
      ->check(CLI::Range(1, 100));
  return [seconds, as_json, catalog] {
    if (*catalog > 0) {
      const CatalogBenchResult c = run_catalog_bench(*catalog);
      if (*as_json) std::printf("%s\n", catalog_bench_json(c, "native").c_str());
      else std::printf("catalogue search: %.1f ms fastest, %.1f ms median of %d (%lld fleets, %lld plans; %s)\n",
                       c.ms_min, c.ms_median, c.runs, c.fleets, c.plans, c.best.c_str());
      return 0;
    }
    const BenchResult r = run_bench(*seconds);
    if (*as_json) std::printf("%s\n", bench_json(r, "native").c_str());
    else std::printf("%.0f estimates/s (%lld estimates of %d scenarios in %.2f s)\n", r.estimates_per_s, r.estimates,
                     r.scenarios, r.seconds);
    return 0;
  };
}

}  // namespace infercalc::cli
