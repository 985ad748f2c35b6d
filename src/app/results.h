// What the page's window.infercalc.results() returns: the estimate's JSON, the same
// text the CLI prints for `infercalc estimate --link FRAGMENT --format json`, plus
// `plan` (what `infercalc plan --link FRAGMENT --format json` prints) when the link
// carries plan keys (fleet=, rate=, ...) or the Cluster tab is open.
#pragma once
#include <string>

namespace infercalc {

struct App;

bool results_have_plan(const App& app);
std::string results_json(const App& app);

}  // namespace infercalc
