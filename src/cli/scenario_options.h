// The scenario options shared by `estimate` and `scale`: --link, --model or
// --model-config, --gpu, parallelism, dtypes, lengths, batch, engine, price.
// Flags override the link; every value is checked by the core's validate().
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/scenario.h"

namespace infercalc::cli {

struct ScenarioOptions;

// Registers the options on `app`; the returned object is filled by CLI11 at parse time.
std::shared_ptr<ScenarioOptions> add_scenario_options(CLI::App& app);
// Builds the scenario; 0 on success, else the exit code after printing the error.
int scenario_from_options(const ScenarioOptions& o, const CLI::App& app, Scenario& out);

}  // namespace infercalc::cli
