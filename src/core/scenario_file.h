// Scenario files (the desktop app's Save/Open): JSON holding the link fragment, so
// a file, a link and CLI flags stay three spellings of one Scenario.
//   {"format": "infercalc-scenario", "version": 1, "link": "#v=1&model=...", "note": "..."}
#pragma once
#include <string>
#include <string_view>

#include "core/plan_spec.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct ScenarioFile {
  Scenario scenario;
  PlanSpec plan;     // the planner's inputs (Cluster tab): their link keys in "link"
  std::string note;  // free text the user attached, at most 4096 bytes
};

std::string write_scenario_file(const ScenarioFile& f);
// A corrupt or foreign file gives an Error naming what is wrong; nothing else changes.
Expected<ScenarioFile> read_scenario_file(std::string_view text);

}  // namespace infercalc
