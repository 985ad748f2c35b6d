// The UI's files embedded at build time (the Inter subsets; see src/app/CMakeLists.txt).
#pragma once
#include <string_view>

namespace infercalc::ui {
// The bytes of the embedded file `name`, or an empty view when there is none.
std::string_view asset(std::string_view name);
}  // namespace infercalc::ui
