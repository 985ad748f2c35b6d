// import_config on the real config.json of one model per family (tests/data/configs,
// sources in its README.md), with the published parameter counts of those models,
// and on broken or hostile configs.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "core/model.h"
#include "config_fixtures.h"

using namespace infercalc;
using infercalc::test::load;
using infercalc::test::read_config;

namespace {


Error import_error(std::string_view text) {
  auto r = import_config(text);
  REQUIRE_MESSAGE(!r.ok(), text);
  return r.error();
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("llama: Meta-Llama-3-8B") {
  ModelArch m = load("llama.json");
  CHECK(m.family == "llama");
  CHECK(m.head_dim == 128);
  CHECK(m.kv_heads == 8);
  CHECK(m.max_context == 8192);
  CHECK_FALSE(m.tied_embeddings);
  CHECK(m.sliding_layers == 0);
  CHECK(total_params(m) == 8030261248.0);  // 8.03B, the Llama-3.1-8B shape
  CHECK(kv_bytes_per_token(m, 2) == 131072);
}

TEST_CASE("mistral: Mistral-7B-v0.1 slides every layer over 4096 tokens") {
  ModelArch m = load("mistral.json");
  CHECK(m.sliding_layers == 32);
  CHECK(m.sliding_window == 4096);
  CHECK(total_params(m) == 7241732096.0);  // "7.3B" announcement; 7.24B counted
}

TEST_CASE("mixtral: Mixtral-8x7B-v0.1, 46.7B total, 12.9B active") {
  ModelArch m = load("mixtral.json");
  CHECK(m.moe.num_experts == 8);
  CHECK(m.moe.experts_per_token == 2);
  CHECK(m.moe.expert_intermediate == 14336);
  CHECK(m.moe.first_dense_layers == 0);
  CHECK(m.sliding_layers == 0);  // sliding_window null
  CHECK(total_params(m) / 1e9 == doctest::Approx(46.7).epsilon(0.01));
  CHECK(active_params(m) / 1e9 == doctest::Approx(12.9).epsilon(0.01));
}

TEST_CASE("qwen2: Qwen2.5-0.5B, qkv bias, sliding_window set but use_sliding_window false") {
  ModelArch m = load("qwen2.json");
  CHECK(m.qkv_bias);
  CHECK_FALSE(m.o_bias);
  CHECK(m.tied_embeddings);
  CHECK(m.head_dim == 64);
  CHECK(m.kv_heads == 2);
  CHECK(m.sliding_layers == 0);
  CHECK(m.sliding_window == 0);
  CHECK(total_params(m) == 494032768.0);  // model card: 0.49B
}

TEST_CASE("qwen2 with use_sliding_window: layers from max_window_layers on slide") {
  std::string text = read_config("qwen2.json");
  text.replace(text.find("\"use_sliding_window\": false"), 27, "\"use_sliding_window\": true");
  text.replace(text.find("\"max_window_layers\": 24"), 23, "\"max_window_layers\": 21");
  auto m = import_config(text);
  REQUIRE(m.ok());
  CHECK(m->sliding_layers == 0);  // a 32768 window over a 32768 context caps nothing
  text.replace(text.find("\"sliding_window\": 32768"), 23, "\"sliding_window\": 4096");
  m = import_config(text);
  REQUIRE(m.ok());
  CHECK(m->sliding_layers == 3);
  CHECK(m->sliding_window == 4096);
}

TEST_CASE("qwen2_moe: Qwen1.5-MoE-A2.7B, 14.3B total, 2.7B active, gated shared expert") {
  ModelArch m = load("qwen2_moe.json");
  CHECK(m.moe.num_experts == 60);
  CHECK(m.moe.experts_per_token == 4);
  CHECK(m.moe.expert_intermediate == 1408);
  CHECK(m.moe.shared_experts == 1);
  CHECK(m.moe.shared_intermediate == 5632);
  CHECK(m.moe.shared_expert_gate);
  CHECK(m.qkv_bias);
  CHECK(total_params(m) / 1e9 == doctest::Approx(14.3).epsilon(0.01));
  CHECK(active_params(m) / 1e9 == doctest::Approx(2.7).epsilon(0.01));
  // Qwen's blog: 2.0B activated without the embeddings.
  const ParamBreakdown b = count_params(m);
  CHECK((active_params(m) - b.embedding - b.lm_head) / 1e9 == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("qwen3: Qwen3-0.6B, explicit head_dim, QK-norm") {
  ModelArch m = load("qwen3.json");
  CHECK(m.head_dim == 128);  // not 1024 / 16 = 64
  CHECK(m.qk_norm);
  CHECK(m.tied_embeddings);
  CHECK(total_params(m) == 596049920.0);  // model card: 0.6B, 0.44B non-embedding
  const ParamBreakdown b = count_params(m);
  CHECK((b.total() - b.embedding) / 1e9 == doctest::Approx(0.44).epsilon(0.01));
}

TEST_CASE("qwen3_moe: Qwen3-30B-A3B, 30.5B total, 3.3B active") {
  ModelArch m = load("qwen3_moe.json");
  CHECK(m.moe.num_experts == 128);
  CHECK(m.moe.experts_per_token == 8);
  CHECK(m.moe.expert_intermediate == 768);
  CHECK(m.moe.shared_experts == 0);
  CHECK(m.kv_heads == 4);
  CHECK(total_params(m) == 30532122624.0);
  CHECK(active_params(m) == 3353032704.0);
}

TEST_CASE("qwen3_moe: mlp_only_layers and decoder_sparse_step keep dense MLPs") {
  std::string text = read_config("qwen3_moe.json");
  text.replace(text.find("\"mlp_only_layers\": []"), 21, "\"mlp_only_layers\": [0, 47]");
  auto m = import_config(text);
  REQUIRE(m.ok());
  CHECK(m->moe.first_dense_layers == 2);
  CHECK(count_params(*m).dense_mlp == 2.0 * 3 * 2048 * 6144);
  text.replace(text.find("\"decoder_sparse_step\": 1"), 24, "\"decoder_sparse_step\": 2");
  auto m2 = import_config(text);
  REQUIRE(m2.ok());
  CHECK(m2->moe.first_dense_layers == 25);  // the 24 even layers, and layer 47
}

TEST_CASE("gemma: gemma-7b, tied embeddings by default, head_dim 256") {
  ModelArch m = load("gemma.json");
  CHECK(m.tied_embeddings);  // the config has no tie_word_embeddings
  CHECK(m.head_dim == 256);
  CHECK(m.mlp == MlpKind::Gated);
  CHECK(total_params(m) == 8537680896.0);  // Gemma report: 8.54B
}

TEST_CASE("gemma2: gemma-2-2b, every other layer slides over 4096") {
  ModelArch m = load("gemma2.json");
  CHECK(m.norms_per_layer == 4);
  CHECK(m.tied_embeddings);
  CHECK(m.sliding_layers == 13);
  CHECK(m.sliding_window == 4096);
  CHECK(total_params(m) == 2614341888.0);
  // Gemma 2 tech report: 2,024,517,888 non-embedding parameters.
  CHECK(total_params(m) - count_params(m).embedding == 2024517888.0);
}

TEST_CASE("gemma3: gemma-3-4b-it wrapper, decoder in text_config with defaults") {
  ModelArch m = load("gemma3.json");
  CHECK(m.family == "gemma3");
  CHECK(m.heads == 8);  // Gemma3TextConfig defaults
  CHECK(m.kv_heads == 4);
  CHECK(m.head_dim == 256);
  CHECK(m.vocab == 262208);
  CHECK(m.max_context == 131072);
  CHECK(m.tied_embeddings);
  CHECK(m.qk_norm);
  CHECK(m.sliding_layers == 29);  // 34 layers, global iff (i + 1) % 6 == 0: 5 global
  CHECK(m.sliding_window == 1024);
  // 4.3B with the 0.42B SigLIP tower; the text decoder alone is 3.88B.
  CHECK(total_params(m) == 3880263168.0);
}

TEST_CASE("gemma3_text: gemma-3-1b-pt, flat config") {
  ModelArch m = load("gemma3_text.json");
  CHECK(m.family == "gemma3_text");
  CHECK(m.kv_heads == 1);
  CHECK(m.vocab == 262144);
  CHECK(m.sliding_layers == 22);  // 26 - 4 global (5, 11, 17, 23)
  CHECK(m.sliding_window == 512);
  CHECK(total_params(m) == 999885952.0);  // "1B"
}

TEST_CASE("gemma3: layer_types overrides the pattern") {
  std::string text = read_config("gemma3_text.json");
  std::string types = "\"layer_types\": [";
  for (int i = 0; i < 26; ++i)
    types += std::string(i ? "," : "") + (i % 2 ? "\"full_attention\"" : "\"sliding_attention\"");
  types += "],";
  text.insert(text.find("\"max_position_embeddings\""), types);
  auto m = import_config(text);
  REQUIRE(m.ok());
  CHECK(m->sliding_layers == 13);
}

TEST_CASE("phi3: Phi-3-mini-4k-instruct, window 2047 on all layers") {
  ModelArch m = load("phi3.json");
  CHECK(m.sliding_layers == 32);
  CHECK(m.sliding_window == 2047);
  CHECK(m.head_dim == 96);
  CHECK(total_params(m) == 3821079552.0);  // 3.8B
}

TEST_CASE("deepseek_v2: DeepSeek-V2-Lite, MLA without q compression") {
  ModelArch m = load("deepseek_v2.json");
  CHECK(m.mla.is_mla());
  CHECK(m.mla.q_lora_rank == 0);
  CHECK(m.mla.kv_lora_rank == 512);
  CHECK(m.moe.num_experts == 64);
  CHECK(m.moe.experts_per_token == 6);
  CHECK(m.moe.shared_experts == 2);
  CHECK(m.moe.first_dense_layers == 1);
  CHECK_FALSE(m.moe.router_bias);
  CHECK(kv_elements_per_layer_token(m) == 576);
  CHECK(kv_bytes_per_token(m, 2) == 31104);
  CHECK(total_params(m) / 1e9 == doctest::Approx(15.7).epsilon(0.01));  // paper: 15.7B
}

TEST_CASE("deepseek_v3: DeepSeek-V3, FP8 blocks, MTP layer not counted") {
  ModelArch m = load("deepseek_v3.json");
  CHECK(m.native_quant == NativeQuant::Fp8Block128);
  CHECK(m.layers == 61);
  CHECK(m.mla.q_lora_rank == 1536);
  CHECK(m.moe.router_bias);  // e_score_correction_bias
  CHECK(m.moe.first_dense_layers == 3);
  CHECK(total_params(m) / 1e9 == doctest::Approx(671).epsilon(0.005));
  CHECK(active_params(m) / 1e9 == doctest::Approx(37).epsilon(0.02));
  CHECK(kv_bytes_per_token(m, 2) == 70272);
}

// fbgemm_fp8 (vLLM model_executor/layers/quantization/fbgemm_fp8.py) skips the modules
// in modules_to_not_convert. Meta's Llama 3.1 FP8 recipe leaves self-attention and the
// first and last layers in BF16 (The Llama 3 Herd of Models, section 6.2.2).
TEST_CASE("fbgemm_fp8: Meta's recipe is recognised by its unconverted self_attn modules") {
  auto with_quant = [](const char* quant) {
    std::string cfg = read_config("llama.json");
    cfg.insert(cfg.rfind('}'), std::string(", \"quantization_config\": ") + quant);
    auto r = import_config(cfg);
    REQUIRE(r.ok());
    return r.value().native_quant;
  };
  CHECK(with_quant(R"({"quant_method": "fbgemm_fp8", "modules_to_not_convert": ["model.layers.0.self_attn.q_proj",
                      "model.layers.0.mlp.up_proj", "lm_head"]})") == NativeQuant::Fp8MlpOnly);
  // Every linear layer in fp8: the plain fp8 weight format describes it.
  CHECK(with_quant(R"({"quant_method": "fbgemm_fp8", "modules_to_not_convert": ["lm_head"]})") == NativeQuant::None);
  CHECK(with_quant(R"({"quant_method": "fbgemm_fp8"})") == NativeQuant::None);
  CHECK(with_quant(R"({"quant_method": "fbgemm_fp8", "modules_to_not_convert": "self_attn"})") == NativeQuant::None);
}

TEST_CASE("gpt_oss: gpt-oss-20b, layer_types, sinks, MXFP4 experts") {
  ModelArch m = load("gpt_oss.json");
  CHECK(m.native_quant == NativeQuant::Mxfp4Experts);
  CHECK(m.head_dim == 64);  // not 2880 / 64
  CHECK(m.sliding_layers == 12);
  CHECK(m.sliding_window == 128);
  CHECK(m.attention_sinks);
  CHECK(m.moe.num_experts == 32);
  CHECK(m.moe.experts_per_token == 4);
  CHECK(m.moe.expert_bias);
  CHECK(m.moe.router_bias);
  CHECK_FALSE(m.active_counts_embedding);
  CHECK(total_params(m) / 1e9 == doctest::Approx(20.91).epsilon(0.001));  // model card
  CHECK(active_params(m) / 1e9 == doctest::Approx(3.61).epsilon(0.001));   // model card
}

TEST_CASE("falcon: falcon-7b, multi-query, one LayerNorm per parallel block") {
  ModelArch m = load("falcon.json");
  CHECK(m.kv_heads == 1);
  CHECK(m.head_dim == 64);
  CHECK(m.intermediate == 4 * 4544);
  CHECK(m.norms_per_layer == 1);
  CHECK(m.norm == NormKind::LayerNorm);
  CHECK(m.mlp == MlpKind::Plain);
  CHECK(m.tied_embeddings);
  CHECK(total_params(m) == 6921720704.0);  // 7B
}

TEST_CASE("falcon: the RefinedWeb format of falcon-40b reads like the falcon one") {
  const char* rw = R"({"model_type": "RefinedWeb", "n_embed": 8192, "n_head": 128, "n_head_kv": 8,
    "n_layer": 60, "vocab_size": 65024, "parallel_attn": true, "bias": false, "alibi": false})";
  auto m = import_config(rw);
  REQUIRE(m.ok());
  CHECK(m->kv_heads == 8);
  CHECK(m->norms_per_layer == 2);
  CHECK(total_params(*m) == 41303293952.0);  // the falcon-40b preset
}

TEST_CASE("bloom: bloom-560m, biases everywhere, embedding LayerNorm") {
  ModelArch m = load("bloom.json");
  CHECK(m.embedding_norm);
  CHECK(m.qkv_bias);
  CHECK(m.intermediate == 4096);
  CHECK(m.tied_embeddings);
  CHECK(total_params(m) == 559214592.0);
}

TEST_CASE("opt: opt-125m and opt-350m (post-LN, projected 512-wide embedding)") {
  ModelArch m = load("opt.json");
  CHECK(m.learned_positions == 2050);
  CHECK(m.intermediate == 3072);
  CHECK(total_params(m) == 125239296.0);
  ModelArch m350 = load("opt-350m.json");
  CHECK(m350.embed_dim == 512);
  CHECK_FALSE(m350.final_norm);
  CHECK(total_params(m350) == 331196416.0);
}

TEST_CASE("gptj: gpt-j-6b, n_inner null = 4x, lm_head bias, untied") {
  ModelArch m = load("gptj.json");
  CHECK(m.intermediate == 16384);
  CHECK(m.head_dim == 256);
  CHECK(m.lm_head_bias);
  CHECK_FALSE(m.tied_embeddings);
  CHECK(m.max_context == 2048);
  CHECK(total_params(m) / 1e9 == doctest::Approx(6.05).epsilon(0.01));
}

TEST_CASE("gpt_neox: gpt-neox-20b") {
  ModelArch m = load("gpt_neox.json");
  CHECK(m.qkv_bias);
  CHECK(m.norm == NormKind::LayerNorm);
  CHECK_FALSE(m.tied_embeddings);
  CHECK(total_params(m) == 20554567680.0);  // GPT-NeoX-20B paper
}

TEST_CASE("gpt2: gpt2 small, 124,439,808 parameters") {
  ModelArch m = load("gpt2.json");
  CHECK(m.hidden == 768);
  CHECK(m.learned_positions == 1024);
  CHECK(m.intermediate == 3072);
  CHECK(m.tied_embeddings);
  CHECK(total_params(m) == 124439808.0);
}

TEST_CASE("gpt_bigcode: StarCoder shape, multi-query") {
  const char* cfg = R"({"model_type": "gpt_bigcode", "n_embd": 6144, "n_layer": 40, "n_head": 48,
    "n_inner": 24576, "n_positions": 8192, "vocab_size": 49152, "multi_query": true})";
  auto m = import_config(cfg);
  REQUIRE(m.ok());
  CHECK(m->kv_heads == 1);
  CHECK(total_params(*m) / 1e9 == doctest::Approx(15.5).epsilon(0.01));
}

TEST_CASE("unknown model_type: llama-like field names") {
  auto m = import_config(R"({"model_type": "internlm2", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 92544})");
  REQUIRE(m.ok());
  CHECK(m->family == "internlm2");
  CHECK(m->head_dim == 128);
  CHECK(m->mlp == MlpKind::Gated);
  Error e = import_error(R"({"model_type": "mystery", "num_attention_heads": 8})");
  CHECK(e.field == "config.json: hidden_size");
  CHECK(contains(e.message, "missing"));
  CHECK(contains(e.message, "num_hidden_layers"));
  CHECK(contains(e.message, "vocab_size"));
  CHECK(contains(e.message, "mystery"));
}

TEST_CASE("errors name the field") {
  Error e = import_error(R"({"model_type": "llama", "num_hidden_layers": 32, "num_attention_heads": 32,
    "intermediate_size": 11008, "vocab_size": 32000})");
  CHECK(e.field == "config.json: hidden_size");
  CHECK(e.message == "missing (also accepted: n_embd, d_model)");

  e = import_error(R"({"model_type": "gpt2", "n_layer": 12, "n_head": 12, "vocab_size": 50257})");
  CHECK(e.field == "config.json: n_embd");

  e = import_error(R"({"model_type": "llama", "hidden_size": "4096", "num_hidden_layers": 32})");
  CHECK(e.field == "config.json: hidden_size");
  CHECK(contains(e.message, "must be a number"));

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": -2})");
  CHECK(e.field == "config.json: num_hidden_layers");
  CHECK(contains(e.message, "between 1 and 1000"));

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 5000})");
  CHECK(e.field == "config.json: num_hidden_layers");

  e = import_error(R"({"model_type": "llama", "hidden_size": 2e6, "num_hidden_layers": 5})");
  CHECK(e.field == "config.json: hidden_size");

  e = import_error(R"({"model_type": "llama", "hidden_size": 1e400, "num_hidden_layers": 5})");
  CHECK(e.field == "config.json: hidden_size");
  CHECK(contains(e.message, "finite"));

  e = import_error(R"({"model_type": "llama", "hidden_size": NaN, "num_hidden_layers": 5})");
  CHECK(e.field == "config.json: hidden_size");

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096.5, "num_hidden_layers": 5})");
  CHECK(contains(e.message, "whole number"));

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 33, "intermediate_size": 11008, "vocab_size": 32000})");
  CHECK(e.field == "config.json: num_attention_heads");
  CHECK(contains(e.message, "divide"));

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 5, "intermediate_size": 11008, "vocab_size": 32000})");
  CHECK(e.field == "config.json: num_key_value_heads");

  e = import_error(R"({"model_type": "mixtral", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "intermediate_size": 14336, "vocab_size": 32000, "num_local_experts": 8,
    "num_experts_per_tok": 9})");
  CHECK(e.field == "config.json: num_experts_per_tok");

  e = import_error(R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000, "tie_word_embeddings": "no"})");
  CHECK(e.field == "config.json: tie_word_embeddings");

  e = import_error(R"({"model_type": "gpt_oss", "hidden_size": 2880, "num_hidden_layers": 4, "num_attention_heads": 64,
    "head_dim": 64, "intermediate_size": 2880, "vocab_size": 201088, "num_local_experts": 32,
    "num_experts_per_tok": 4, "layer_types": ["sliding_attention", "full_attention"]})");
  CHECK(e.field == "config.json: layer_types");

  e = import_error(R"({"model_type": "gemma3", "text_config": 7})");
  CHECK(e.field == "config.json: text_config");
  e = import_error(R"({"model_type": "gemma3", "text_config": {"hidden_size": 2560}})");
  CHECK(e.field == "config.json: text_config.num_hidden_layers");

  e = import_error(R"({"model_type": "deepseek_v3", "hidden_size": 7168, "num_hidden_layers": 61,
    "num_attention_heads": 128, "intermediate_size": 18432, "vocab_size": 129280})");
  CHECK(e.field == "config.json: kv_lora_rank");
}

TEST_CASE("not a config") {
  Error e = import_error("this is not json");
  CHECK(e.field == "config.json");
  CHECK(contains(e.message, "not valid JSON"));
  CHECK(import_error("").field == "config.json");
  CHECK(import_error("[1, 2, 3]").message == "must be a JSON object, got an array");
  CHECK(import_error("{}").field == "config.json: hidden_size");
  CHECK(import_error("{\"model_type\": 5}").field == "config.json: model_type");
}

TEST_CASE("hostile values in every field of every real config never crash") {
  const char* files[] = {"llama.json",  "mistral.json",     "mixtral.json",     "qwen2.json",   "qwen2_moe.json",
                         "qwen3.json",  "qwen3_moe.json",   "gemma.json",       "gemma2.json",  "gemma3.json",
                         "gemma3_text.json", "phi3.json",   "deepseek_v2.json", "deepseek_v3.json", "gpt_oss.json",
                         "falcon.json", "bloom.json",       "opt.json",         "opt-350m.json", "gptj.json",
                         "gpt_neox.json", "gpt2.json", "granitemoehybrid.json", "falcon_h1.json"};
  using json::Value;
  const Value hostile[] = {Value(),
                           Value::make_bool(true),
                           Value::make_number(-1),
                           Value::make_number(0),
                           Value::make_number(0.5),
                           Value::make_number(1e308),
                           Value::make_number(INFINITY),
                           Value::make_number(9007199254740993.0),
                           Value::make_number(3),
                           Value::make_string("4096"),
                           Value::make_array({Value::make_number(1)}),
                           Value::make_object({{"a", Value::make_number(1)}})};
  int imported = 0, rejected = 0;
  for (const char* f : files) {
    auto doc = json::parse(read_config(f));
    REQUIRE(doc.ok());
    const auto& members = doc->object();
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (const Value& h : hostile) {
        std::vector<Value::Member> copy = members;
        copy[i].second = h;
        auto r = import_config(Value::make_object(copy));
        if (r.ok()) {
          ++imported;
          const double total = total_params(*r);
          CHECK(std::isfinite(total));
          CHECK(total > 0);
          CHECK(std::isfinite(kv_bytes_per_token(*r, 2)));
          CHECK(kv_bytes_for_sequence(*r, 2, 1e6) >= 0);
        } else {
          ++rejected;
          CHECK_MESSAGE(r.error().field.rfind("config.json", 0) == 0, r.error().text());
          CHECK(!r.error().message.empty());
        }
      }
    }
  }
  CHECK(imported > 0);
  CHECK(rejected > 0);
}
