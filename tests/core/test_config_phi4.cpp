// Phi-4 and Phi-4-mini ship as `phi3` checkpoints (model_type "phi3", Phi3ForCausalLM)
// and read through the phi3 family. Configs in the shape of microsoft/phi-4 and
// microsoft/Phi-4-mini-instruct's config.json (size fields; rope and token ids left out).
#include <doctest/doctest.h>

#include "core/model.h"

using namespace infercalc;

// microsoft/phi-4: hidden 5120, 40 layers, 40 heads of 128 with 10 KV heads, MLP 17920,
// vocab 100352, untied, no sliding window. By hand: embedding + lm_head 2 x 100352 x 5120 =
// 1,027,604,480; per layer q, o 2 x 5120 x 5120 + k, v 2 x 5120 x 1280 = 65,536,000,
// MLP 3 x 5120 x 17920 = 275,251,200, 2 norms 10,240 (x 40); final norm 5120:
// 14,659,507,200, the Hub's "14.7B params" for the checkpoint.
TEST_CASE("phi3 family: Phi-4 (14.7B) with grouped-query attention") {
  auto m = import_config(R"({"architectures":["Phi3ForCausalLM"],"model_type":"phi3","hidden_size":5120,
    "intermediate_size":17920,"num_attention_heads":40,"num_hidden_layers":40,"num_key_value_heads":10,
    "vocab_size":100352,"max_position_embeddings":16384,"sliding_window":null,"tie_word_embeddings":false,
    "attention_bias":false,"torch_dtype":"bfloat16"})");
  REQUIRE(m.ok());
  CHECK(m->family == "phi3");
  CHECK(m->kv_heads == 10);
  CHECK(m->sliding_layers == 0);
  CHECK(total_params(*m) == 14659507200.0);
  CHECK(kv_bytes_per_token(*m, 2) == 40 * 2 * 10 * 128 * 2);  // 204,800 B/token
  CHECK(m->unmodelled.empty());
}

// microsoft/Phi-4-mini-instruct (card: 3.8B): hidden 3072, 32 layers, 24 heads of 128, 8
// KV heads, MLP 8192, vocab 200064 tied, sliding_window 262144 beyond its 131072 context
// (caps nothing). By hand: embedding 200064 x 3072 = 614,596,608 once; per layer
// 2 x 3072 x 3072 + 2 x 3072 x 1024 = 25,165,824, MLP 3 x 3072 x 8192 = 75,497,472,
// norms 6144 (x 32); final 3072: 3,836,021,760.
TEST_CASE("phi3 family: Phi-4-mini (3.8B), tied embedding, a window longer than the context") {
  auto m = import_config(R"({"architectures":["Phi3ForCausalLM"],"model_type":"phi3","hidden_size":3072,
    "intermediate_size":8192,"num_attention_heads":24,"num_hidden_layers":32,"num_key_value_heads":8,
    "vocab_size":200064,"max_position_embeddings":131072,"sliding_window":262144,"tie_word_embeddings":true,
    "partial_rotary_factor":0.75,"torch_dtype":"bfloat16"})");
  REQUIRE(m.ok());
  CHECK(m->tied_embeddings);
  CHECK(m->sliding_layers == 0);
  CHECK(total_params(*m) == 3836021760.0);
  CHECK(m->unmodelled.empty());
}
