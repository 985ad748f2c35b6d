// Subcommands of the CLI. Each registers its options on the app and returns the
// callback that runs it; exit codes: 0 ok, 1 failure, 2 bad input.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace infercalc::cli {

using Run = std::function<int()>;

Run add_estimate(CLI::App& app);
Run add_gpus(CLI::App& app);
Run add_models(CLI::App& app);
Run add_bench(CLI::App& app);
Run add_calibrate(CLI::App& app);
Run add_plan(CLI::App& app);
Run add_scale(CLI::App& app);
Run add_compare(CLI::App& app);

// Bad input: one line on stderr naming the field, exit status 2.
int bad_input(const std::string& field, const std::string& message);
// Reads a whole file (at most 16 MiB); false with a message on failure.
bool read_file(const std::string& path, std::string& out, std::string& error);

}  // namespace infercalc::cli
