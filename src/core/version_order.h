// Whether a scenario's engine version is older than a given release: launch commands
// (core/launch.cpp) leave out a flag before the release that added it (shared
// reference engines.md section 6 lists each vLLM flag's first release).
#pragma once
#include <string_view>

#include "core/formats.h"

namespace infercalc {

// `version` as a scenario spells it ("0.6.3", "0.9.2-v0", "b4876"); `release` in the same
// engine's spelling. False when `version` is empty (the newest documented behaviour) or
// either does not read as a version of `e`.
bool version_before(Engine e, std::string_view version, std::string_view release);

}  // namespace infercalc
