// Reading the config.json files in tests/data/configs, shared by the import tests.
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/model.h"

namespace infercalc::test {

inline std::string read_config(const std::string& name) {
  std::ifstream in(std::string(INFERCALC_TEST_DATA) + "/configs/" + name);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline ModelArch load(const std::string& name) {
  auto r = import_config(read_config(name));
  REQUIRE_MESSAGE(r.ok(), name, ": ", (r.ok() ? std::string() : r.error().text()));
  return r.value();
}

}  // namespace infercalc::test
