// Files of assets/ embedded at build time (see cmake/embed_assets.cmake).
#pragma once
#include <string_view>

namespace infercalc {
// The bytes of assets/<name>, or an empty view when there is no such asset.
std::string_view asset(std::string_view name);
}  // namespace infercalc
