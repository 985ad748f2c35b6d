// infercalc CLI: estimate, scale, plan, compare, gpus, models, bench, calibrate. Parse errors of any kind
// exit 2 with one line naming the option (CLI11's own codes are mapped to 2).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace infercalc::cli {

int bad_input(const std::string& field, const std::string& message) {
  std::fprintf(stderr, "infercalc: error: %s: %s\n", field.c_str(), message.c_str());
  return 2;
}

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  if (out.size() > (16u << 20)) {
    error = "'" + path + "' is larger than 16 MiB";
    return false;
  }
  return true;
}

}  // namespace infercalc::cli

int main(int argc, char** argv) {
  using namespace infercalc::cli;
  CLI::App app{"infercalc: does an LLM fit on your GPUs, how fast does it serve, how does it scale.\n"
               "Every number comes from the same core as the web page and the desktop app."};
  app.require_subcommand(1);
  CLI::App* estimate = app.add_subcommand("estimate", "Memory, speed, cost and warnings for one scenario");
  CLI::App* scale = app.add_subcommand("scale", "Throughput and latency against GPU count for TP, PP and TP x PP");
  CLI::App* gpus = app.add_subcommand("gpus", "The GPU table (datasheet figures, each with its source)");
  CLI::App* models = app.add_subcommand("models", "The model presets with parameter counts and KV bytes per token");
  CLI::App* bench = app.add_subcommand("bench", "Estimates per second over a fixed mix of scenarios (--catalog: the catalogue search's time)");
  CLI::App* calibrate = app.add_subcommand("calibrate", "Predict each row of a measurements CSV, report errors, refit");
  CLI::App* plan = app.add_subcommand("plan", "Roles and parallelism for a mixed fleet: disaggregated vs colocated goodput");
  CLI::App* compare = app.add_subcommand("compare", "Two setups side by side (two links, or one compare link with vs=)");
  Run run_estimate = add_estimate(*estimate);
  Run run_scale = add_scale(*scale);
  Run run_gpus = add_gpus(*gpus);
  Run run_models = add_models(*models);
  Run run_bench = add_bench(*bench);
  Run run_calibrate = add_calibrate(*calibrate);
  Run run_plan = add_plan(*plan);
  Run run_compare = add_compare(*compare);
  if (argc > 1 && argv[1][0] != '-') {
    const std::string sub = argv[1];
    if (sub != "estimate" && sub != "gpus" && sub != "models" && sub != "bench" && sub != "calibrate" &&
        sub != "plan" && sub != "scale" && sub != "compare")
      return bad_input("subcommand",
                       "'" + sub + "' is not one of estimate, scale, plan, compare, gpus, models, bench, calibrate");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (msg.empty()) msg = e.get_name();
    std::fprintf(stderr, "infercalc: error: %s (see --help)\n", msg.c_str());
    return 2;
  }
  if (estimate->parsed()) return run_estimate();
  if (scale->parsed()) return run_scale();
  if (gpus->parsed()) return run_gpus();
  if (models->parsed()) return run_models();
  if (bench->parsed()) return run_bench();
  if (calibrate->parsed()) return run_calibrate();
  if (plan->parsed()) return run_plan();
  if (compare->parsed()) return run_compare();
  return 2;
}
