// The planner's answer as JSON (the `infercalc plan --format json` contract, also
// what the page can return), as a text report and as Markdown.
#pragma once
#include <string>

#include "core/planner.h"

namespace infercalc {

std::string plan_report_json(const PlanRequest& req, const PlanResult& res);
std::string plan_report_text(const PlanRequest& req, const PlanResult& res);
std::string plan_report_markdown(const PlanRequest& req, const PlanResult& res);

// "disaggregated", "colocated" or "mixed" (both kinds of pool).
const char* plan_kind(const Plan& p);

}  // namespace infercalc
