// The shareable link: the URL fragment `#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4`.
// Versioned, readable key=value pairs; model and gpu always written, other defaults
// omitted; a custom model travels inline as `arch=hidden:4096,layers:32,...`.
// The CLI's --link, the page and the desktop app all read and write it here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/plan_spec.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct LinkParse {
  Scenario scenario;
  // The planner's inputs (plan_spec.h: fleet=, rate=, ttft_slo=, ...), defaults where
  // the link leaves them out; has_plan when it names any of them.
  PlanSpec plan;
  bool has_plan = false;
  // Keys the caller declared as its own (UI state such as the open panel), in order.
  std::vector<std::pair<std::string, std::string>> extra;
  // Unknown keys, ignored: one message each.
  std::vector<std::string> warnings;
  // A compare link's other scenario: `vs=` holds a whole fragment (percent-encoded,
  // parsed from the defaults); the link's own keys are the scenario being changed.
  std::optional<Scenario> vs;
};

constexpr std::size_t kMaxLinkLength = 8192;

// Applies `fragment` (with or without the leading '#') on top of `base`. Rejects a
// link longer than kMaxLinkLength, an unsupported version, duplicated keys and any
// value out of range, with an Error naming the key. `own_keys` are passed through
// in `extra` instead of being warned about.
Expected<LinkParse> parse_link(std::string_view fragment, const Scenario& base = Scenario{},
                               const std::vector<std::string>& own_keys = {});

// The fragment for `s`, starting with '#'. `extra` pairs are appended as given.
std::string make_link(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& extra = {});
// The same with the plan's keys that differ from their defaults (after `extra`).
std::string make_link(const Scenario& s, const PlanSpec& plan,
                      const std::vector<std::pair<std::string, std::string>>& extra = {});

// A compare link: make_link(current) plus vs=<make_link(pinned) without '#'>.
std::string make_compare_link(const Scenario& current, const Scenario& pinned,
                              const std::vector<std::pair<std::string, std::string>>& extra = {});

// The inline spelling of a custom architecture and its inverse.
std::string encode_arch(const ModelArch& m);
Expected<ModelArch> decode_arch(std::string_view text);

std::string percent_encode(std::string_view s);
std::string percent_decode(std::string_view s);

}  // namespace infercalc
