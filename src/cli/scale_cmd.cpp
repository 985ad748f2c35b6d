// `infercalc scale`: throughput and latency against GPU count (1 to 64) for TP, PP
// and TP x PP, beside the ideal linear line ("time falls in proportion to the GPUs").
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/scenario_options.h"
#include "core/explore.h"
#include "core/json.h"
#include "core/link.h"

namespace infercalc::cli {

Run add_scale(CLI::App& app) {
  auto o = add_scenario_options(app);
  auto format = std::make_shared<std::string>("text");
  auto max_gpus = std::make_shared<int64_t>(64);
  app.add_option("--max-gpus", *max_gpus, "Largest GPU count (a power of two up to 1024; default 64)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--format", *format, "Output: text (default) or json")->check(CLI::IsMember({"text", "json"}));
  app.footer("Example: infercalc scale --model llama-3.1-70b --gpu h100-sxm --batch 16");
  CLI::App* a = &app;
  return [o, a, format, max_gpus]() -> int {
    Scenario s;
    if (int rc = scenario_from_options(*o, *a, s)) return rc;
    const ScaleMode modes[] = {ScaleMode::Tp, ScaleMode::Pp, ScaleMode::TpPp};
    if (*format == "json") {
      std::string out = "{\"link\": " + json::quote(make_link(s)) + ", \"curves\": {";
      bool first_mode = true;
      for (ScaleMode m : modes) {
        out += std::string(first_mode ? "" : ", ") + json::quote(name(m)) + ": [";
        first_mode = false;
        bool first = true;
        for (const ScalePoint& p : scale_curve(s, m, *max_gpus)) {
          out += std::string(first ? "" : ", ") + "{\"gpus\": " + json::number(static_cast<double>(p.gpus)) +
                 ", \"tp\": " + json::number(static_cast<double>(p.tp)) +
                 ", \"pp\": " + json::number(static_cast<double>(p.pp)) + ", \"fits\": " + (p.fits ? "true" : "false");
          if (p.fits)
            out += ", \"output_tokens_per_s\": " + json::number(p.output_tokens_per_s) +
                   ", \"ideal_tokens_per_s\": " + json::number(p.ideal_tokens_per_s) +
                   ", \"e2e_latency_ms\": " + json::number(p.e2e_latency_ms) +
                   ", \"ideal_e2e_latency_ms\": " + json::number(p.ideal_e2e_latency_ms) +
                   ", \"tpot_ms\": " + json::number(p.tpot_ms) + ", \"efficiency\": " + json::number(p.efficiency);
          out += "}";
          first = false;
        }
        out += "]";
      }
      std::printf("%s}}\n", out.c_str());
      return 0;
    }
    std::printf("infercalc scale  %s\n", make_link(s).c_str());
    for (ScaleMode m : modes) {
      std::printf("\n%s\n%6s %4s %4s %14s %14s %12s %12s %10s\n", name(m), "gpus", "tp", "pp", "tokens/s", "ideal",
                  "latency ms", "ideal ms", "efficiency");
      for (const ScalePoint& p : scale_curve(s, m, *max_gpus)) {
        if (!p.fits) {
          std::printf("%6lld %4lld %4lld %14s\n", static_cast<long long>(p.gpus), static_cast<long long>(p.tp),
                      static_cast<long long>(p.pp), "does not fit");
          continue;
        }
        std::printf("%6lld %4lld %4lld %14.0f %14.0f %12.0f %12.0f %9.0f%%\n", static_cast<long long>(p.gpus),
                    static_cast<long long>(p.tp), static_cast<long long>(p.pp), p.output_tokens_per_s,
                    p.ideal_tokens_per_s, p.e2e_latency_ms, p.ideal_e2e_latency_ms, p.efficiency * 100);
      }
    }
    std::printf("\nIdeal: the smallest fitting count scaled linearly (the seed article's assumption).\n");
    return 0;
  };
}

}  // namespace infercalc::cli
