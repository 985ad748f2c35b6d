// The files of assets/ as they are in the source tree, for tests of files the program does
// not embed (the published calibration files: the program embeds assets/evidence.csv).
// Read through the file system (natively, and as wasm under node with NODERAWFS).
#pragma once
#include <fstream>
#include <sstream>
#include <string>

inline std::string asset_file(const std::string& name) {
  std::ifstream in(std::string(INFERCALC_ASSET_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
