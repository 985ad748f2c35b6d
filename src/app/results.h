// What the page's window.infercalc.results() returns: the estimate's JSON, the same
// text the CLI prints for `infercalc estimate --link FRAGMENT --format json`.
#pragma once
#include <string>

namespace infercalc {

struct App;

std::string results_json(const App& app);

}  // namespace infercalc
