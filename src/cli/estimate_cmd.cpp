// `infercalc estimate`: a scenario from --link and/or flags (flags override the link).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/scenario_options.h"
#include "core/estimate.h"
#include "core/report.h"

namespace infercalc::cli {

Run add_estimate(CLI::App& app) {
  auto o = add_scenario_options(app);
  auto format = std::make_shared<std::string>("text");
  app.add_option("--format", *format, "Output: text (default), json, markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  app.footer("Example: infercalc estimate --model llama-3.1-70b --gpu h100-sxm --gpus 4 --tp 4 --batch max");
  CLI::App* a = &app;
  return [o, a, format]() -> int {
    Scenario s;
    if (int rc = scenario_from_options(*o, *a, s)) return rc;
    const Result r = estimate(s);
    if (!r.valid) return bad_input("scenario", "could not be estimated");
    if (*format == "json") std::fputs(report_json(s, r).c_str(), stdout);
    else if (*format == "markdown") std::fputs(report_markdown(s, r).c_str(), stdout);
    else std::fputs(report_text(s, r).c_str(), stdout);
    return 0;
  };
}

}  // namespace infercalc::cli
