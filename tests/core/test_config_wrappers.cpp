// Multimodal wrappers whose text decoder is a Mistral: Mistral Small 3.x (`mistral3`)
// and Pixtral (`llava` with a `mistral` text_config). The decoder is counted, the vision
// tower is not and the import says so (docs/models.md).
#include <doctest/doctest.h>

#include <string>

#include "core/model.h"
#include "core/presets.h"

using namespace infercalc;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// mistral-community/pixtral-12b's config.json in the form transformers writes it: the
// text_config keeps only what differs from LlavaConfig's default text config
// (LlamaConfig), so num_attention_heads (32) is absent. Vision fields abridged.
constexpr const char* kPixtral = R"({
  "architectures": ["LlavaForConditionalGeneration"], "model_type": "llava", "image_token_index": 10,
  "projector_hidden_act": "gelu", "vision_feature_layer": -1, "vision_feature_select_strategy": "full",
  "text_config": {"head_dim": 128, "hidden_act": "silu", "hidden_size": 5120, "intermediate_size": 14336,
    "is_composition": true, "max_position_embeddings": 1024000, "model_type": "mistral", "num_hidden_layers": 40,
    "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 1000000000.0, "sliding_window": null,
    "vocab_size": 131072},
  "vision_config": {"head_dim": 64, "hidden_act": "silu", "image_size": 1024, "model_type": "pixtral",
    "patch_size": 16, "rope_theta": 10000.0},
  "torch_dtype": "bfloat16"})";

// Mistral Small 3.1 (mistralai/Mistral-Small-3.1-24B-Instruct-2503) text decoder shape.
constexpr const char* kMistral3 = R"({
  "architectures": ["Mistral3ForConditionalGeneration"], "model_type": "mistral3",
  "text_config": {"head_dim": 128, "hidden_size": 5120, "intermediate_size": 32768,
    "max_position_embeddings": 131072, "model_type": "mistral", "num_attention_heads": 32,
    "num_hidden_layers": 40, "num_key_value_heads": 8, "sliding_window": null, "vocab_size": 131072},
  "vision_config": {"hidden_size": 1024, "model_type": "pixtral", "num_hidden_layers": 24}})";

}  // namespace

// Pixtral-12B's card: "12B parameter multimodal decoder + 400M parameter vision encoder";
// the decoder is Mistral Nemo's (same widths, depth and vocabulary as the
// mistral-nemo-12b preset, whose total is checked against its own card).
TEST_CASE("llava/pixtral: the Mistral Nemo decoder is counted, the vision encoder is flagged") {
  auto m = import_config(kPixtral);
  REQUIRE_MESSAGE(m.ok(), (m.ok() ? "" : m.error().text()));
  CHECK(m->family == "llava");
  CHECK(m->heads == 32);  // LlamaConfig's default, left out of the file
  CHECK(m->kv_heads == 8);
  const ModelPreset* nemo = find_model_preset("mistral-nemo-12b");
  REQUIRE(nemo);
  CHECK(total_params(*m) == total_params(nemo->arch));
  CHECK(kv_bytes_per_token(*m, 2) == kv_bytes_per_token(nemo->arch, 2));  // 40 x 2 x 8 x 128 x 2 = 163,840
  CHECK(kv_bytes_per_token(*m, 2) == 163840);
  CHECK(m->vision_params == 0);
  CHECK(contains(m->unmodelled, "vision tower is not counted"));
}

// Mistral Small 3.1's card says 24B with the vision encoder. The decoder by hand:
// embedding and untied lm_head 2 x 131072 x 5120 = 1,342,177,280; per layer q 5120 x 4096
// + k, v 2 x 5120 x 1024 + o 4096 x 5120 = 52,428,800, MLP 3 x 5120 x 32768 =
// 503,316,480, 2 norms 10,240 (555,755,520 x 40 layers); final norm 5120: 23,572,403,200.
TEST_CASE("mistral3: the text decoder is counted by hand, the vision tower flagged") {
  auto m = import_config(kMistral3);
  REQUIRE(m.ok());
  CHECK(m->family == "mistral3");
  CHECK(total_params(*m) == 23572403200.0);
  CHECK(m->sliding_layers == 0);  // sliding_window null
  CHECK(contains(m->unmodelled, "vision"));
  // MistralConfig (Mistral3Config's default text config) defaults: 32 heads, 8 KV heads.
  std::string bare = kMistral3;
  for (const char* field : {"\"num_attention_heads\": 32,", "\"num_key_value_heads\": 8,"})
    bare.erase(bare.find(field), std::string(field).size());
  auto d = import_config(bare);
  REQUIRE(d.ok());
  CHECK(d->heads == 32);
  CHECK(d->kv_heads == 8);
  CHECK(total_params(*d) == 23572403200.0);
}
