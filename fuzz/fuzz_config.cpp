// libFuzzer target: import_config on arbitrary bytes (a Hugging Face config.json).
// For every config it accepts: parameter counts and KV sizes are finite and
// non-negative; when the architecture passes validate() as a custom model, the
// estimate is finite and the model survives a trip through a link with the same
// parameter count and KV size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "core/link.h"
#include "core/model.h"
#include "core/scenario_check.h"

using namespace infercalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto imported = import_config(text);
  if (!imported) {
    if (imported.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  const ModelArch& m = *imported;
  const ParamBreakdown b = count_params(m);
  fuzzcheck::finite_nonneg(b.embedding, "embedding");
  fuzzcheck::finite_nonneg(b.lm_head, "lm_head");
  fuzzcheck::finite_nonneg(b.attention, "attention");
  fuzzcheck::finite_nonneg(b.dense_mlp, "dense_mlp");
  fuzzcheck::finite_nonneg(b.routed_experts, "routed_experts");
  fuzzcheck::finite_nonneg(b.shared_experts, "shared_experts");
  fuzzcheck::finite_nonneg(b.router, "router");
  fuzzcheck::finite_nonneg(b.norms, "norms");
  fuzzcheck::finite_nonneg(total_params(m), "total_params");
  fuzzcheck::finite_nonneg(active_params(m), "active_params");
  fuzzcheck::finite_nonneg(b.active_compute(m), "active_compute");
  fuzzcheck::finite_nonneg(kv_bytes_per_token(m, 2), "kv_bytes_per_token");
  fuzzcheck::finite_nonneg(kv_bytes_for_sequence(m, 2, 131072), "kv_bytes_for_sequence");
  if (active_params(m) > total_params(m) * (1 + 1e-12)) fuzzcheck::fail("active parameters exceed the total");

  Scenario s;
  s.model_id = "custom";
  s.custom_model = m;
  if (validate(s)) return 0;  // imported but outside the calculator's limits: refused there
  fuzzcheck::result_finite(estimate(s));

  // The custom model shared as a link: same numbers on the other side.
  const std::string link = make_link(s);
  auto back = parse_link(link);
  if (!back) fuzzcheck::fail("an imported model's link is refused", link + "\n-> " + back.error().text());
  const ModelArch& a = back->scenario.custom_model;
  if (total_params(a) != total_params(m) || active_params(a) != active_params(m) ||
      kv_bytes_per_token(a, 2) != kv_bytes_per_token(m, 2))
    fuzzcheck::fail("an imported model's numbers change through a link", link);
  return 0;
}
