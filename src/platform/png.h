// A minimal PNG writer (8-bit RGB, stored deflate blocks) for the desktop app's
// --screenshot: no compression library needed, and the files are only test evidence.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace infercalc::platform {

// Writes `rgb` (width x height x 3 bytes, top row first) to `path`. False on I/O error.
bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb);

}  // namespace infercalc::platform
