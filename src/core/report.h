// The estimate as JSON (the contract shared by the CLI, the page's results() and
// exports), as a readable text report, and as Markdown.
#pragma once
#include <string>
#include <vector>

#include "core/estimate.h"
#include "core/scenario.h"

namespace infercalc {

std::string report_json(const Scenario& s, const Result& r);
// Which workload the reported times and rates describe, in words: English for the CLI and
// reports; the UI passes its translation function (each sentence is one catalogue key).
std::string workload_meaning(const Scenario& s, const char* (*translate)(const char*) = nullptr);
std::string report_text(const Scenario& s, const Result& r);
std::string report_markdown(const Scenario& s, const Result& r);
// One "section,metric,value,unit,low,high" row per number, for spreadsheets.
std::string report_csv(const Scenario& s, const Result& r);
// A few plain sentences for screen readers (the page's aria-live region).
std::string report_summary(const Scenario& s, const Result& r);

// The lines the engine's own start-up log would print for this scenario (vLLM "# GPU
// blocks" / "GPU KV cache size", SGLang max_total_num_tokens, llama.cpp KV self size, ...).
std::vector<std::string> engine_log(const Scenario& s, const Result& r);

// "70.55 B", "12.3 GiB", "1,234 tok/s": the number formats every view shares.
std::string format_params(double n);
std::string format_gib(double bytes);
std::string format_rate(double per_s);
std::string format_ms(double ms);

}  // namespace infercalc
