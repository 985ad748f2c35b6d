// The scenario options shared by `estimate`, `scale` and `plan`: --link, --model or
// --model-config, --gpu, parallelism, dtypes, lengths, batch, engine, price (`plan`
// takes the model, formats, engine, lengths and node options only: it chooses the
// GPUs). Flags override the link; every value is checked by the core's validate().
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/link.h"
#include "core/scenario.h"

namespace infercalc::cli {

struct ScenarioOptions;

enum class ScenarioFlags {
  All,    // every scenario option (estimate, scale)
  Model,  // --link, the model, formats, engine, gpu-util, lengths, node and inter-node link (plan)
};

// Registers the options on `app`; the returned object is filled by CLI11 at parse time.
std::shared_ptr<ScenarioOptions> add_scenario_options(CLI::App& app, ScenarioFlags which = ScenarioFlags::All);
// Builds the scenario: `start` (when no --link is given) or the link, then the flags.
// `link`, when given, receives the whole parsed --link (its plan keys too; default
// when there is none). 0 on success, else the exit code after printing the error.
int scenario_from_options(const ScenarioOptions& o, const CLI::App& app, Scenario& out,
                          const Scenario& start = Scenario{}, LinkParse* link = nullptr);

}  // namespace infercalc::cli
