// The planner's answer as JSON (the `infercalc plan --format json` contract, also
// what the page can return), as a text report and as Markdown.
#pragma once
#include <string>

#include "core/catalog_search.h"
#include "core/cluster_view.h"
#include "core/planner.h"

namespace infercalc {

// With `sweep`: also `saturation_rps`, `knee_rps`, `sweep_curves_coincide` and
// `sweep: [{offered_rps, goodput_rps, ...}]` (text: a table after the plans).
std::string plan_report_json(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep = nullptr);
std::string plan_report_text(const PlanRequest& req, const PlanResult& res, const PlanSweep* sweep = nullptr);
// `infercalc plan --catalog`: the plan report of the best fleet found (`req`, `res`
// are that fleet's) with `catalog`: {fleets_searched, plans_searched, best_fleet,
// per_gpu: [{gpu, plan or null, fleet, note}], unpriced}.
std::string catalog_report_json(const PlanRequest& req, const PlanResult& res, const CatalogResult& c,
                                const PlanSweep* sweep = nullptr);
std::string catalog_report_text(const PlanRequest& req, const PlanResult& res, const CatalogResult& c,
                                const PlanSweep* sweep = nullptr);

std::string plan_report_markdown(const PlanRequest& req, const PlanResult& res);

// "disaggregated", "colocated" or "mixed" (both kinds of pool).
const char* plan_kind(const Plan& p);

}  // namespace infercalc
