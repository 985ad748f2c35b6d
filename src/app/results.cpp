#include "app/results.h"

#include "app/app.h"
#include "core/compare.h"
#include "core/estimate.h"
#include "core/json.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {

std::string results_json(const App& app) {
  // The app only holds validated scenarios (app_apply_link); say so if one slips by.
  if (auto e = validate(app.scenario))
    return "{\"link\":" + json::quote(app.link) + ",\"error\":{\"field\":" + json::quote(e->field) +
           ",\"message\":" + json::quote(e->message) + "}}";
  // A compare link: what `infercalc compare --link <that link> --format json` prints.
  if (app.pinned) return compare_json(*app.pinned, app.scenario);
  return report_json(app.scenario, estimate(app.scenario));
}

}  // namespace infercalc
