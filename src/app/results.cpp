#include "app/results.h"

#include "app/app.h"
#include "core/catalog_search.h"
#include "core/compare.h"
#include "core/estimate.h"
#include "core/json.h"
#include "core/plan_report.h"
#include "core/planner.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {

bool results_have_plan(const App& app) {
  return !plan_link_pairs(app.plan).empty() || app.panels.tab == Tab::Cluster;
}

std::string results_json(const App& app) {
  // The app only holds validated scenarios (app_apply_link); say so if one slips by.
  if (auto e = validate(app.scenario))
    return "{\"link\":" + json::quote(app.link) + ",\"error\":{\"field\":" + json::quote(e->field) +
           ",\"message\":" + json::quote(e->message) + "}}";
  // A compare link: what `infercalc compare --link <that link> --format json` prints.
  if (app.pinned) return compare_json(*app.pinned, app.scenario);
  std::string out = report_json(app.scenario, estimate(app.scenario));
  if (!results_have_plan(app)) return out;
  // The plan, as `infercalc plan --link FRAGMENT --format json` prints it, as the last member.
  std::string plan;
  if (auto e = validate(app.plan)) {
    plan = "{\"error\":{\"field\":" + json::quote(e->field) + ",\"message\":" + json::quote(e->message) + "}}";
  } else {
    const PlanRequest req = plan_request(app.scenario, app.plan);
    if (app.plan.catalog) {  // as `infercalc plan --catalog`: the cheapest fleet's report and the search
      const CatalogResult c = catalog_search(req, app.plan.available);
      PlanRequest best = c.best ? c.best_request : req;
      best.top = req.top;
      plan = catalog_report_json(best, c.best ? plan_fleet(best) : PlanResult{}, c);
    } else {
      plan = plan_report_json(req, plan_fleet(req));
    }
    while (!plan.empty() && (plan.back() == '\n' || plan.back() == ' ')) plan.pop_back();
  }
  const std::size_t end = out.rfind('}');
  if (end == std::string::npos) return out;
  return out.substr(0, end) + ",\n  \"plan\": " + plan + "\n}\n";
}

}  // namespace infercalc
