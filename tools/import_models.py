#!/usr/bin/env python3
"""Writes assets/models.json from ../shared/reference/models.json, then appends the
2025 models of ../shared/reference/models_new.csv with their real config.json files
(../shared/reference/configs/<id>.json, copied verbatim), and the published checkpoints
of CHECKPOINTS (Meta's FP8 Llama-3.1-405B) after their base models.

Each preset carries a Hugging Face config.json object written with its family's own
field names (bloom n_layer/n_head, falcon num_kv_heads, opt ffn_dim, gemma3 nesting
text_config, deepseek kv_lora_rank, gpt-oss num_local_experts + layer_types, ...), so
the core reads presets through the same import_config as a user's config.json. The
reference's computed counts are kept beside it as `reference` for the tests.

Run by hand when the reference changes; the build reads only assets/.
"""
import json
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/models.json"
OUT = sys.argv[2] if len(sys.argv) > 2 else "assets/models.json"


def ordered(d):
    """config.json files list their keys alphabetically (transformers' to_json_string)."""
    return {k: d[k] for k in sorted(d)}


def llama(m, extra):
    c = {
        "architectures": ["LlamaForCausalLM"],
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "llama",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "tie_word_embeddings": m["tie_word_embeddings"],
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    if m["id"].startswith("llama-3"):
        factor = 32.0 if m["id"].startswith("llama-3.2") else 8.0
        c.update({
            "attention_bias": False, "attention_dropout": 0.0, "bos_token_id": 128000,
            "eos_token_id": 128001, "mlp_bias": False, "rope_theta": 500000.0,
            "rope_scaling": {"factor": factor, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                             "original_max_position_embeddings": 8192, "rope_type": "llama3"},
        })
        if m["head_dim"] is not None:
            c["head_dim"] = m["head_dim"]
    c.update(extra)
    return c


def mistral(m, extra):
    c = {
        "architectures": ["MistralForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "mistral",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "rms_norm_eps": 1e-05,
        "rope_theta": 10000.0 if m["id"].endswith("v0.1") else 1000000.0,
        "sliding_window": m["sliding_window"],
        "tie_word_embeddings": m["tie_word_embeddings"],
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def mixtral(m, extra):
    moe = m["moe"]
    c = mistral(m, {})
    c.update({
        "architectures": ["MixtralForCausalLM"],
        "model_type": "mixtral",
        "num_experts_per_tok": moe["num_experts_per_tok"],
        "num_local_experts": moe["num_local_experts"],
        "output_router_logits": False,
        "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.02 if moe["num_local_experts"] == 8 and m["hidden_size"] == 4096 else 0.001,
        "sliding_window": None,
    })
    c.update(extra)
    return c


def qwen2(m, extra):
    c = {
        "architectures": ["Qwen2ForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 151643,
        "eos_token_id": 151643,
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "max_window_layers": m["num_hidden_layers"],
        "model_type": "qwen2",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "rms_norm_eps": 1e-06 if m["id"] == "qwen2.5-7b" else 1e-05,
        "rope_theta": 1000000.0,
        "sliding_window": m["sliding_window"],
        "tie_word_embeddings": m["tie_word_embeddings"],
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "use_mrope": False,
        "use_sliding_window": False,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def qwen3(m, extra):
    c = {
        "architectures": ["Qwen3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 151643,
        "eos_token_id": 151645,
        "head_dim": m["head_dim"],
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "max_window_layers": m["num_hidden_layers"],
        "model_type": "qwen3",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "rms_norm_eps": 1e-06,
        "rope_scaling": None,
        "rope_theta": 1000000,
        "sliding_window": None,
        "tie_word_embeddings": m["tie_word_embeddings"],
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": m["vocab_size"],
    }
    if m["moe"]:
        moe = m["moe"]
        c.update({
            "architectures": ["Qwen3MoeForCausalLM"],
            "decoder_sparse_step": 1,
            "mlp_only_layers": [],
            "model_type": "qwen3_moe",
            "moe_intermediate_size": moe["moe_intermediate_size"],
            "norm_topk_prob": True,
            "num_experts": moe["num_experts"],
            "num_experts_per_tok": moe["num_experts_per_tok"],
            "output_router_logits": False,
            "router_aux_loss_coef": 0.001,
        })
    c.update(extra)
    return c


def gemma2(m, extra):
    c = {
        "architectures": ["Gemma2ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "attn_logit_softcapping": 50.0,
        "bos_token_id": 2,
        "cache_implementation": "hybrid",
        "eos_token_id": 1,
        "final_logit_softcapping": 30.0,
        "head_dim": m["head_dim"],
        "hidden_act": "gelu_pytorch_tanh",
        "hidden_activation": "gelu_pytorch_tanh",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "gemma2",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "pad_token_id": 0,
        "query_pre_attn_scalar": 256 if m["hidden_size"] == 3584 else 144,
        "rms_norm_eps": 1e-06,
        "rope_theta": 10000.0,
        "sliding_window": m["sliding_window"],
        "sliding_window_size": m["sliding_window"],
        "torch_dtype": "float32",
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def gemma3(m, extra):
    # The multimodal checkpoint: the decoder lives in text_config, which (as published)
    # omits vocab_size, max_position_embeddings and sliding_window_pattern (defaults).
    text = {
        "head_dim": m["head_dim"],
        "hidden_size": m["hidden_size"],
        "intermediate_size": m["intermediate_size"],
        "model_type": "gemma3_text",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "query_pre_attn_scalar": 168,
        "rope_scaling": {"factor": 8.0, "rope_type": "linear"},
        "sliding_window": m["sliding_window"],
    }
    c = {
        "architectures": ["Gemma3ForConditionalGeneration"],
        "boi_token_index": 255999,
        "eoi_token_index": 256000,
        "eos_token_id": [1, 106],
        "image_token_index": 262144,
        "initializer_range": 0.02,
        "mm_tokens_per_image": 256,
        "model_type": "gemma3",
        "text_config": text,
        "torch_dtype": m["torch_dtype"],
        "vision_config": {
            "hidden_size": 1152, "image_size": 896, "intermediate_size": 4304,
            "model_type": "siglip_vision_model", "num_attention_heads": 16,
            "num_hidden_layers": 27, "patch_size": 14, "vision_use_head": False,
        },
    }
    c.update(extra)
    return c


def phi3(m, extra):
    c = {
        "architectures": ["Phi3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "embd_pdrop": 0.0,
        "eos_token_id": 32000,
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "phi3",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "original_max_position_embeddings": m["max_position_embeddings"],
        "pad_token_id": 32000,
        "resid_pdrop": 0.0,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "sliding_window": m["sliding_window"],
        "tie_word_embeddings": m["tie_word_embeddings"],
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def deepseek(m, extra):
    moe, mla = m["moe"], m["mla"]
    v3 = m["model_type"] == "deepseek_v3"
    c = {
        "architectures": ["DeepseekV3ForCausalLM" if v3 else "DeepseekV2ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "aux_loss_alpha": 0.001,
        "bos_token_id": 0 if v3 else 100000,
        "eos_token_id": 1 if v3 else 100001,
        "first_k_dense_replace": moe["first_k_dense_replace"],
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "kv_lora_rank": mla["kv_lora_rank"],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": m["model_type"],
        "moe_intermediate_size": moe["moe_intermediate_size"],
        "moe_layer_freq": 1,
        "n_group": 8 if v3 else 1,
        "n_routed_experts": moe["n_routed_experts"],
        "n_shared_experts": moe["n_shared_experts"],
        "norm_topk_prob": v3,
        "num_attention_heads": m["num_attention_heads"],
        "num_experts_per_tok": moe["num_experts_per_tok"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_key_value_heads": m["num_key_value_heads"],
        "pretraining_tp": 1,
        "q_lora_rank": mla["q_lora_rank"],
        "qk_nope_head_dim": mla["qk_nope_head_dim"],
        "qk_rope_head_dim": mla["qk_rope_head_dim"],
        "rms_norm_eps": 1e-06,
        "rope_scaling": {"beta_fast": 32, "beta_slow": 1, "factor": 40,
                         "mscale": 1.0 if v3 else 0.707, "mscale_all_dim": 1.0 if v3 else 0.707,
                         "original_max_position_embeddings": 4096, "type": "yarn"},
        "rope_theta": 10000,
        "routed_scaling_factor": 2.5 if v3 else 1.0,
        "scoring_func": "sigmoid" if v3 else "softmax",
        "seq_aux": True,
        "tie_word_embeddings": m["tie_word_embeddings"],
        "topk_group": 4 if v3 else 1,
        "topk_method": "noaux_tc" if v3 else "greedy",
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "v_head_dim": mla["v_head_dim"],
        "vocab_size": m["vocab_size"],
    }
    if v3:
        c.update({
            "ep_size": 1,
            "num_nextn_predict_layers": 1,
            "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3",
                                    "quant_method": "fp8", "weight_block_size": [128, 128]},
        })
    c.update(extra)
    return c


def gpt_oss(m, extra):
    moe = m["moe"]
    n = m["num_hidden_layers"]
    c = {
        "architectures": ["GptOssForCausalLM"],
        "attention_bias": True,
        "attention_dropout": 0.0,
        "eos_token_id": 200002,
        "experts_per_token": moe["num_experts_per_tok"],
        "head_dim": m["head_dim"],
        "hidden_act": "silu",
        "hidden_size": m["hidden_size"],
        "initial_context_length": 4096,
        "initializer_range": 0.02,
        "intermediate_size": m["intermediate_size"],
        "layer_types": ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(n)],
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "gpt_oss",
        "num_attention_heads": m["num_attention_heads"],
        "num_experts_per_tok": moe["num_experts_per_tok"],
        "num_hidden_layers": n,
        "num_key_value_heads": m["num_key_value_heads"],
        "num_local_experts": moe["num_local_experts"],
        "output_router_logits": False,
        "pad_token_id": 199999,
        "quantization_config": {
            "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router",
                                       "model.embed_tokens", "lm_head"],
            "quant_method": "mxfp4"},
        "rms_norm_eps": 1e-05,
        "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0,
                         "original_max_position_embeddings": 4096, "rope_type": "yarn", "truncate": False},
        "rope_theta": 150000,
        "router_aux_loss_coef": 0.9,
        "sliding_window": m["sliding_window"],
        "swiglu_limit": 7.0,
        "tie_word_embeddings": m["tie_word_embeddings"],
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def falcon(m, extra):
    c = {
        "alibi": False,
        "apply_residual_connection_post_layernorm": False,
        "architectures": ["FalconForCausalLM"],
        "attention_dropout": 0.0,
        "bias": False,
        "bos_token_id": 11,
        "eos_token_id": 11,
        "hidden_dropout": 0.0,
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "falcon",
        "new_decoder_architecture": True,
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "num_kv_heads": m["num_key_value_heads"],
        "parallel_attn": True,
        "torch_dtype": m["torch_dtype"],
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def bloom(m, extra):
    c = {
        "apply_residual_connection_post_layernorm": False,
        "architectures": ["BloomForCausalLM"],
        "attention_dropout": 0.0,
        "attention_softmax_in_fp32": True,
        "bias_dropout_fusion": True,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_dropout": 0.0,
        "hidden_size": m["hidden_size"],
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "masked_softmax_fusion": True,
        "model_type": "bloom",
        "n_head": m["num_attention_heads"],
        "n_inner": None,
        "n_layer": m["num_hidden_layers"],
        "offset_alibi": 100,
        "pad_token_id": 3,
        "pretraining_tp": 4,
        "skip_bias_add": True,
        "skip_bias_add_qkv": False,
        "slow_but_exact": False,
        "unk_token_id": 0,
        "use_cache": True,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


def opt(m, extra):
    c = {
        "_remove_final_layer_norm": False,
        "activation_dropout": 0.0,
        "activation_function": "relu",
        "architectures": ["OPTForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 2,
        "do_layer_norm_before": True,
        "dropout": 0.1,
        "eos_token_id": 2,
        "ffn_dim": m["intermediate_size"],
        "hidden_size": m["hidden_size"],
        "init_std": 0.02,
        "layerdrop": 0.0,
        "max_position_embeddings": m["max_position_embeddings"],
        "model_type": "opt",
        "num_attention_heads": m["num_attention_heads"],
        "num_hidden_layers": m["num_hidden_layers"],
        "pad_token_id": 1,
        "prefix": "</s>",
        "torch_dtype": "float16",
        "use_cache": True,
        "vocab_size": m["vocab_size"],
        "word_embed_proj_dim": m["hidden_size"],
    }
    c.update(extra)
    return c


def gpt2(m, extra):
    # GPT-3 175B has no published config; its paper shape in GPT-2 form (same
    # architecture, GPT-2 BPE vocabulary, learned positions, tied embeddings).
    c = {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.1,
        "bos_token_id": 50256,
        "embd_pdrop": 0.1,
        "eos_token_id": 50256,
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "gpt2",
        "n_ctx": m["max_position_embeddings"],
        "n_embd": m["hidden_size"],
        "n_head": m["num_attention_heads"],
        "n_inner": None,
        "n_layer": m["num_hidden_layers"],
        "n_positions": m["max_position_embeddings"],
        "resid_pdrop": 0.1,
        "vocab_size": m["vocab_size"],
    }
    c.update(extra)
    return c


BUILDERS = {
    "llama": llama, "mistral": mistral, "mixtral": mixtral, "qwen2": qwen2, "qwen3": qwen3,
    "qwen3_moe": qwen3, "gemma2": gemma2, "gemma3": gemma3, "phi3": phi3,
    "deepseek_v2": deepseek, "deepseek_v3": deepseek, "gpt_oss": gpt_oss,
    "falcon": falcon, "bloom": bloom, "opt": opt, "gpt2": gpt2,
}

# Per-model fields of the published config.json that the reference keeps in its notes.
EXTRA = {
    "mistral-7b-v0.1": {"transformers_version": "4.34.0.dev0"},
    "qwen2.5-7b": {"transformers_version": "4.40.1"},
    "phi-4": {"bos_token_id": 100257, "eos_token_id": 100265, "pad_token_id": 100349,
              "partial_rotary_factor": 1.0, "rope_theta": 250000},
}


def family(m):
    t = m["model_type"]
    if t is None:
        return "gpt2"
    return t.split()[0]  # "gemma3 (text_config...)", "falcon (originally RefinedWeb)"


def repo(m):
    r = m["hf_repo"] or ""
    return r.replace(";", " ").split()[0] if r else ""


REF_DIR = SRC.rsplit("/", 1)[0] if "/" in SRC else "."

# Presets from models_new.csv, in this order, with their display names. The card's
# figure is kept as published; `reference` holds no exact count (the file gives only
# rounded ones): the tests check these presets against the cards' rounding instead.
NEW = [
    ("llama-3.3-70b", "Llama-3.3-70B-Instruct", "70B", ""),
    ("llama-4-scout", "Llama-4-Scout-17B-16E", "109B (incl. vision tower)", "17B"),
    ("qwen3-0.6b", "Qwen3-0.6B", "0.6B (non-emb 0.44B)", ""),
    ("qwen3-1.7b", "Qwen3-1.7B", "1.7B (non-emb 1.4B)", ""),
    ("qwen3-4b", "Qwen3-4B", "4.0B (non-emb 3.6B)", ""),
    ("qwen3-14b", "Qwen3-14B", "14.8B (non-emb 13.2B)", ""),
    ("qwen3-next-80b-a3b", "Qwen3-Next-80B-A3B", "80B (non-emb 79B)", "3B"),
    ("qwen3-coder-480b-a35b", "Qwen3-Coder-480B-A35B", "480B", "35B"),
    ("kimi-k2", "Kimi-K2-Instruct", "1T", "32B"),
    ("glm-4.5", "GLM-4.5", "355B", "32B"),
    ("deepseek-r1", "DeepSeek-R1", "671B (HF checkpoint 685B incl. 14B MTP module)", "37B"),
    ("deepseek-v3.2-exp", "DeepSeek-V3.2-Exp", "671B (V3 report; +0.85B indexer)", "37B"),
    ("mistral-nemo-12b", "Mistral-Nemo-Instruct-2407", "12B", ""),
    ("gemma-3-1b", "Gemma-3-1B-it", "1B", ""),
    ("yi-1.5-34b", "Yi-1.5-34B", "34B", ""),
    ("codellama-34b", "CodeLlama-34B-Instruct", "34B", ""),
    ("r1-distill-qwen-32b", "DeepSeek-R1-Distill-Qwen-32B", "32B", ""),
]


def kv_from_notes(notes):
    """The reference's own KV figure: 'KV bf16: <product> = N B/token' (or 'KV cache only ...')."""
    import re
    m = re.search(r"(\d+) B/token", notes)
    return int(m.group(1)) if m else 0


# Notes that state the KV figure in parts: the arithmetic they give, summed.
KV_PARTS = {
    "deepseek-r1": 61 * (512 + 64) * 2,  # "Same architecture as DeepSeek-V3": latent 576 per layer
    "gemma-3-1b": 26 * 2 * 1 * 256 * 2,  # 4 global + 22 local layers of 1 kv head x 256, uncapped
}


def new_presets():
    import csv
    rows = {r["id"]: r for r in csv.DictReader(open(REF_DIR + "/models_new.csv"))}
    out = []
    for pid, name, total, active in NEW:
        r = rows[pid]
        cfg = json.load(open(f"{REF_DIR}/configs/{pid}.json"))
        kv = KV_PARTS.get(pid) or kv_from_notes(r["notes"])
        if pid == "deepseek-v3.2-exp":
            # The notes' 70272 B/token is the MLA latent alone; the indexer keeps FP8 keys of
            # index_head_dim (128 B) and one fp32 scale (4 B) per layer per token on top
            # (DeepSeek-V3.2-Exp inference/model.py Indexer k_cache / k_scale_cache).
            kv += cfg["num_hidden_layers"] * (cfg["index_head_dim"] + 4)
        out.append({
            "id": pid,
            "name": name,
            "hf_repo": r["hf_repo"],
            "source": "config: " + r["config_source"] + "; parameters: " + r["params_source"],
            "official_total": total,
            "official_active": active,
            "reference": {"total_params": 0, "active_params": 0, "kv_bytes_per_token_bf16": kv,
                          "card_total_params": int(r["total_params_card"]),
                          "card_active_params": int(r["active_params_card"] or 0)},
            "notes": r["notes"],
            "config": cfg,
        })
    return out


# Checkpoints published in a layout the plain weight formats do not describe, as presets of
# their own placed after their base model: (base id, id, name, repo, quantization_config,
# notes put before the base model's). The config is the base model's plus the quantization.
META_FP8_NOT_CONVERTED = [f"model.layers.{layer}.{module}" for layer in (0, 125)
                          for module in ("mlp.down_proj", "mlp.gate_proj", "mlp.up_proj", "self_attn.k_proj",
                                         "self_attn.o_proj", "self_attn.q_proj", "self_attn.v_proj")] + ["lm_head"]
CHECKPOINTS = [
    ("llama-3.1-405b", "llama-3.1-405b-fp8", "Llama-3.1-405B FP8 (Meta)", "meta-llama/Llama-3.1-405B-Instruct-FP8",
     {"activation_scale_ub": 1200.0, "modules_to_not_convert": META_FP8_NOT_CONVERTED, "quant_method": "fbgemm_fp8"},
     "Meta's FP8 checkpoint (quant_method fbgemm_fp8, activation_scale_ub 1200): the MLPs of layers 1-124 in fp8 e4m3 with one scale per row; every self-attention projection, the MLPs of layers 0 and 125, the embeddings and lm_head stay BF16 (The Llama 3 Herd of Models, arXiv 2407.21783, section 6.2.2: no quantization in the self-attention layers, nor in the first and last Transformer layers). Pick weights fp8 to load it as published. modules_to_not_convert below is written from that recipe for layers 0 and 125 and lm_head (the reference data has no copy of the checkpoint's config.json; only the listing of self_attn modules is read, which marks this layout). Per GPU at TP8 infercalc gives 56.75 GiB against vLLM's 'Loading model weights took 56.7677 GB' (dstack benchmarks gpu-usage.md). "),
]


def add_checkpoints(out):
    import copy
    for base_id, pid, name, hf_repo, quant, notes in CHECKPOINTS:
        i = next(k for k, m in enumerate(out) if m["id"] == base_id)
        entry = copy.deepcopy(out[i])
        entry.update(id=pid, name=name, hf_repo=hf_repo, notes=notes + out[i]["notes"])
        entry["config"]["quantization_config"] = quant
        out.insert(i + 1, entry)


def main():
    ref = json.load(open(SRC))
    out = []
    new_ids = {n[0] for n in NEW}
    for m in ref:
        fam = family(m)
        cfg = BUILDERS[fam](m, EXTRA.get(m["id"], {}))
        notes = m["notes"] or ""
        if m.get("kv_notes"):
            notes += " KV: " + m["kv_notes"]
        entry = {
            "id": m["id"],
            "name": m["name"],
            "hf_repo": repo(m),
            "source": m["source"],
            "official_total": m["official_total_params"] or "",
            "official_active": m["official_active_params"] or "",
            "reference": {
                "total_params": m["computed_total_params"],
                "active_params": m["computed_active_params"] or 0,
                "kv_bytes_per_token_bf16": m["kv_bytes_per_token_bf16"],
            },
            "notes": notes,
            "config": ordered(cfg),
        }
        aliases = [a for a in (m.get("aliases") or []) if a not in new_ids]  # R1 is its own preset now
        if aliases:
            entry["aliases"] = aliases
        out.append(entry)
    out += new_presets()
    add_checkpoints(out)
    doc = {
        "about": "Model presets: one Hugging Face config.json per model (read by import_config like a "
                 "user's file) and the reference counts. Generated by tools/import_models.py from "
                 "shared/reference/models.json, models_new.csv and configs/; do not edit by hand.",
        "models": out,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT} ({len(out)} models)")


if __name__ == "__main__":
    main()
