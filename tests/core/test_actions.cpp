// From answer to action: launch commands, suggestions, compare links, manifests.
// Flag names: shared reference engines.md (vLLM section 6: every flag below exists since
// v0.5.2 except --enable-expert-parallel, v0.8.0 #14305; SGLang section 2, S046
// add_cli_args; TensorRT-LLM section 3, trtllm-serve 1.x; llama.cpp section 4, server README).
#include <doctest/doctest.h>

#include "core/compare.h"
#include "core/disagg.h"
#include "core/json.h"
#include "core/launch.h"
#include "core/link.h"
#include "core/manifest.h"
#include "core/planner.h"
#include "core/scenario_check.h"
#include "core/suggest.h"
#include "core/yaml.h"

using namespace infercalc;

namespace {

Scenario from(const char* link) {
  auto p = parse_link(link);
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().text()));
  return p->scenario;
}

std::string command(const Scenario& s) { return launch_command(s, estimate(s)).command; }

}  // namespace

// A checkpoint published in FP8 names its method (fbgemm_fp8 for Meta's Llama 3.1 FP8);
// vLLM refuses a --quantization that differs from the config's (config.py
// _verify_quantization), so the command must not add one.
TEST_CASE("launch commands leave a published FP8 checkpoint's own quantization alone") {
  const Scenario s = from("#v=1&model=llama-3.1-405b-fp8&gpu=h100-sxm&gpus=8&tp=8&weights=fp8");
  CHECK(command(s).find("meta-llama/Llama-3.1-405B-Instruct-FP8") != std::string::npos);
  CHECK(command(s).find("--quantization") == std::string::npos);
  Scenario sg = s;
  sg.engine = Engine::Sglang;
  CHECK(command(sg).find("--quantization") == std::string::npos);
  const Scenario plain = from("#v=1&model=llama-3.1-405b&gpu=h100-sxm&gpus=8&tp=8&weights=fp8");
  CHECK(command(plain).find("--quantization fp8") != std::string::npos);
}

TEST_CASE("vLLM launch command carries tp, pp, context, memory fraction, KV dtype, quantization, sequences") {
  Scenario s = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&weights=fp8&kv=fp8&input=2048&output=512&batch=32");
  REQUIRE(estimate(s).fits);
  CHECK(command(s) ==
        "vllm serve meta-llama/Llama-3.1-70B --tensor-parallel-size 4 --pipeline-parallel-size 1 --max-model-len 2560 "
        "--gpu-memory-utilization 0.9 --kv-cache-dtype fp8 --quantization fp8 --max-num-seqs 32");
  s.weights = WeightFormat::Bf16;
  s.kv = KvDtype::Bf16;
  s.gpu_util = 0.85;
  s.pp = 2;
  s.tp = 2;
  CHECK(command(s) ==
        "vllm serve meta-llama/Llama-3.1-70B --tensor-parallel-size 2 --pipeline-parallel-size 2 --max-model-len 2560 "
        "--gpu-memory-utilization 0.85 --kv-cache-dtype auto --max-num-seqs 32");
}

TEST_CASE("vLLM: the engine knobs the user set replace what the estimate assumed (engines.md section 6)") {
  Scenario s = from("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=8");
  s.max_model_len = 8192;
  s.max_num_seqs = 64;
  s.max_num_batched_tokens = 4096;
  s.block_size = 32;
  s.enforce_eager = true;
  CHECK(command(s) ==
        "vllm serve meta-llama/Llama-3.1-8B --tensor-parallel-size 1 --pipeline-parallel-size 1 --max-model-len 8192 "
        "--gpu-memory-utilization 0.9 --kv-cache-dtype auto --max-num-seqs 64 --max-num-batched-tokens 4096 "
        "--block-size 32 --enforce-eager");
}

TEST_CASE("vLLM: expert parallelism for MoE, float16 on a GPU without BF16 (V100, compute capability 7.0)") {
  Scenario moe = from("#v=1&model=mixtral-8x7b&gpu=h100-sxm&gpus=8&tp=8&ep=8&batch=16");
  CHECK(command(moe).find(" --enable-expert-parallel") != std::string::npos);
  Scenario v100 = from("#v=1&model=llama-3.1-8b&gpu=v100-sxm2-32gb");
  CHECK(command(v100).find(" --dtype float16") != std::string::npos);
  CHECK(command(from("#v=1&model=llama-3.1-8b&gpu=h100-sxm")).find("--dtype") == std::string::npos);
}

TEST_CASE("vLLM launch per engine version: vllm serve since v0.5.2, --enable-expert-parallel since v0.8.0") {
  // Shared reference engines.md section 6: `vllm serve` from #5090 (v0.5.2), before it
  // python -m vllm.entrypoints.openai.api_server --model; --enable-expert-parallel from #14305 (v0.8.0).
  Scenario moe = from("#v=1&model=mixtral-8x7b&gpu=h100-sxm&gpus=8&tp=8&ep=8&batch=16&engine-version=0.6.3");
  const LaunchCommand l = launch_command(moe, estimate(moe));
  CHECK(l.command.rfind("vllm serve mistralai/Mixtral-8x7B-v0.1 --tensor-parallel-size 8 ", 0) == 0);
  CHECK(l.command.find("--enable-expert-parallel") == std::string::npos);
  bool noted = false;
  for (const std::string& n : l.notes) noted = noted || n.find("v0.8.0") != std::string::npos;
  CHECK(noted);
  moe.engine_version = "0.8.0";
  CHECK(command(moe).find(" --enable-expert-parallel") != std::string::npos);
  moe.engine_version = "0.9.2-v0";  // the V0 engine of a release that has the flag
  CHECK(command(moe).find(" --enable-expert-parallel") != std::string::npos);
  Scenario old = from("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=8&engine-version=0.5.1");
  CHECK(command(old).rfind("python -m vllm.entrypoints.openai.api_server --model meta-llama/Llama-3.1-8B "
                           "--tensor-parallel-size 1 ", 0) == 0);
  old.engine_version = "0.5.2";
  CHECK(command(old).rfind("vllm serve meta-llama/Llama-3.1-8B --tensor-parallel-size 1 ", 0) == 0);
  old.engine_version = "";  // the newest documented
  CHECK(command(old).rfind("vllm serve ", 0) == 0);
}

TEST_CASE("SGLang and TensorRT-LLM launch commands") {
  Scenario s = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&weights=fp8&kv=fp8&input=2048&output=512&batch=32"
                    "&engine=sglang");
  // SGLang's default fraction in engines.json is 0.88 (about 0.88 on 80 GB GPUs, S046).
  CHECK(command(s) ==
        "python -m sglang.launch_server --model-path meta-llama/Llama-3.1-70B --tp 4 --mem-fraction-static 0.88 "
        "--context-length 2560 --kv-cache-dtype fp8_e4m3 --quantization fp8 --max-running-requests 32");
  s.engine = Engine::Trtllm;
  s.weights = WeightFormat::Bf16;
  s.kv = KvDtype::Bf16;
  CHECK(command(s) ==
        "trtllm-serve meta-llama/Llama-3.1-70B --backend pytorch --tp_size 4 --pp_size 1 --max_batch_size 32 "
        "--max_num_tokens 8192 --max_seq_len 2560 --kv_cache_free_gpu_memory_fraction 0.9");
}

TEST_CASE("llama.cpp: -c is the cells all --parallel slots share; layer split for pp, row split for tp") {
  Scenario s = from("#v=1&model=llama-3.1-8b&gpu=rtx-4090&gpus=2&pp=2&weights=q4_k_m&engine=llamacpp&batch=4");
  CHECK(command(s) == "llama-server -m Llama-3.1-8B-Q4_K_M.gguf -ngl 999 -c 5120 --split-mode layer --parallel 4");
  s.pp = 1;
  s.tp = 2;
  s.kv = KvDtype::Int8;
  CHECK(command(s) ==
        "llama-server -m Llama-3.1-8B-Q4_K_M.gguf -ngl 999 -c 5120 --split-mode row --parallel 4 -ctk q8_0 -ctv q8_0 -fa on");
}

TEST_CASE("model repo: preset id, an imported config's repo-like name, else a placeholder with a note") {
  Scenario s = from("#v=1&model=qwen3-8b&gpu=h100-sxm");
  CHECK(model_repo(s) == "Qwen/Qwen3-8B");
  s.custom_model = resolve_model(s) ? *resolve_model(s) : ModelArch{};
  s.model_id = "custom";
  s.custom_model.name = "my-org/finetune-8b";
  CHECK(launch_command(s, estimate(s)).command.rfind("vllm serve my-org/finetune-8b ", 0) == 0);
  s.custom_model.name = "Imported model";
  const LaunchCommand l = launch_command(s, estimate(s));
  CHECK(l.model_is_placeholder);
  CHECK(l.command.rfind("vllm serve <hf-repo-id> ", 0) == 0);
  bool noted = false;
  for (const std::string& n : l.notes) noted = noted || n.find("<hf-repo-id>") != std::string::npos;
  CHECK(noted);
  CHECK(launch_command(from("#v=1&model=llama-3.1-8b&gpu=h100-sxm&engine=hf"), Result{}).command.empty());
}

TEST_CASE("70B in BF16 on one H100 does not fit; every suggestion fits when its link is opened") {
  // 70.6 B parameters x 2 bytes = 141 GB of weights against 80 GB (Llama 3.1 model card; H100 datasheet).
  const Scenario s = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm");
  const Result r = estimate(s);
  REQUIRE_FALSE(r.fits);
  const std::vector<Suggestion> fixes = suggest(s, r);
  REQUIRE(fixes.size() >= 3);
  bool more_gpus = false, smaller_weights = false;
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    const Suggestion& x = fixes[i];
    const Scenario back = from(x.link.c_str());
    const Result rb = estimate(back);
    CHECK_MESSAGE(rb.fits, x.change);
    CHECK(meets_targets(back, rb));
    if (i > 0) CHECK(fixes[i - 1].result.usd_per_million_output_tokens <= x.result.usd_per_million_output_tokens);
    more_gpus = more_gpus || (x.kind == SuggestionKind::Parallelism && back.gpus >= 2);
    smaller_weights = smaller_weights || x.kind == SuggestionKind::Weights;
  }
  CHECK(more_gpus);
  CHECK(smaller_weights);
  CHECK(suggest(from("#v=1&model=llama-3.1-8b&gpu=h100-sxm"), estimate(from("#v=1&model=llama-3.1-8b&gpu=h100-sxm")))
            .empty());
}

TEST_CASE("another GPU type is suggested only where a price is listed, never at the fallback price") {
  // Seen on the page: an unpriced GB300 offered at $1.33/GPU-hour beside a $2 H100, its
  // "saving" made of the fallback price alone.
  const Scenario s = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm");
  bool any_gpu_type = false;
  for (const Suggestion& x : suggest(s, estimate(s))) {
    if (x.kind != SuggestionKind::GpuType) continue;
    any_gpu_type = true;
    CHECK_MESSAGE(has_listed_usd_per_gpu_hour(from(x.link.c_str()).gpu_id), x.change);
  }
  CHECK(any_gpu_type);
}

TEST_CASE("no suggestion the GPU cannot run: V100 has no FP8 or INT8 tensor cores and no Marlin int4 (cc 7.0)") {
  // V100 datasheet: FP16 tensor cores only; vLLM gptq_marlin needs compute capability 8.0.
  const Scenario s = from("#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=2&tp=2");
  const Result r = estimate(s);
  REQUIRE_FALSE(r.fits);
  const std::vector<Suggestion> fixes = suggest(s, r);
  REQUIRE_FALSE(fixes.empty());
  for (const Suggestion& x : fixes) {
    if (x.scenario.gpu_id != "v100-sxm2-32gb") continue;
    CHECK(x.scenario.weights != WeightFormat::Fp8);
    CHECK(x.scenario.weights != WeightFormat::Int8);
    CHECK(x.scenario.weights != WeightFormat::Int4);
    CHECK(x.scenario.kv != KvDtype::Fp8);
  }
}

TEST_CASE("a missed tokens/s target is fixed by replicas or a faster setup, each re-estimated") {
  Scenario s = from("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=16");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  s.target_tokens_per_s = r.output_tokens_per_s * 3;
  CHECK_FALSE(meets_targets(s, r));
  CHECK(target_problem(s, r).find("tokens/s < target") != std::string::npos);
  const std::vector<Suggestion> fixes = suggest(s, r);
  REQUIRE_FALSE(fixes.empty());
  for (const Suggestion& x : fixes) CHECK(x.result.output_tokens_per_s >= s.target_tokens_per_s);
}

TEST_CASE("targets travel in links and are checked by the one validator") {
  const Scenario s = from("#v=1&model=llama-3.1-8b&gpu=h100-sxm&target_ttft=500&target_tpot=40&target_tps=2000");
  CHECK(s.target_ttft_ms == 500);
  CHECK(s.target_tpot_ms == 40);
  CHECK(s.target_tokens_per_s == 2000);
  CHECK(make_link(s) == "#v=1&model=llama-3.1-8b&gpu=h100-sxm&target_ttft=500&target_tpot=40&target_tps=2000");
  auto bad = parse_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&target_ttft=-1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "target-ttft");
}

TEST_CASE("a compare link holds two scenarios and no more") {
  const Scenario a = from("#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8");
  const Scenario b = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2");
  const std::string link = make_compare_link(b, a);
  CHECK(link == "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2"
                "&vs=v%3D1%26model%3Dllama-3.1-70b%26gpu%3Dv100-sxm2-32gb%26gpus%3D8%26tp%3D8");
  auto p = parse_link(link);
  REQUIRE(p.ok());
  REQUIRE(p->vs.has_value());
  CHECK(*p->vs == a);
  CHECK(p->scenario == b);
  auto nested = parse_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&vs=" + percent_encode(link.substr(1)));
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().field == "vs");
  // A percent-encoded key name is still vs (fuzzing-style input: no deep recursion).
  auto hidden = parse_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&vs=v%3D1%26v%2573%3Dv%253D1");
  REQUIRE_FALSE(hidden.ok());
  CHECK(hidden.error().field == "vs");
  auto bad = parse_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&vs=v%3D1%26gpu%3Dnope");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "vs.gpu");
}

TEST_CASE("compare JSON: both reports, the settings that differ and the metrics side by side") {
  const Scenario a = from("#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8");
  const Scenario b = from("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2");
  auto doc = json::parse(compare_json(a, b));
  REQUIRE(doc.ok());
  const json::Value* scenarios = doc->find("scenarios");
  REQUIRE(scenarios);
  REQUIRE(scenarios->array().size() == 2);
  CHECK(scenarios->array()[0].find("link")->string() == make_link(a));
  const json::Value* settings = doc->find("diff")->find("settings");
  REQUIRE(settings->array().size() == 3);  // gpu, gpus, tp
  CHECK(settings->array()[0].find("key")->string() == "gpu");
  const json::Value* gpus = doc->find("diff")->find("metrics")->find("gpus");
  CHECK(gpus->find("a")->number() == 8);
  CHECK(gpus->find("b")->number() == 2);
  CHECK(gpus->find("ratio")->number() == 0.25);
}

TEST_CASE("compare deltas: B - A with sign and unit, better or worse by the metric's direction") {
  // docs/sharing.md's example: 8 x V100 (A) against 2 x H100 (B), so the GPU count goes 8 -> 2;
  // the speed deltas' signs follow the two estimates, whichever way they go.
  const Scenario a = parse_link("#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8")->scenario;
  const Scenario b = parse_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2")->scenario;
  const Result ra = estimate(a), rb = estimate(b);
  for (const MetricDiff& m : metric_diff(a, ra, b, rb)) {
    const std::string key = m.key, d = format_delta(m);
    if (key == "gpus") {
      CHECK(d == "-6");
      CHECK(delta_verdict(m) == 1);  // fewer GPUs is better
    }
    if (key == "ttft_ms" && m.present) {
      CHECK(d.find(" ms") != std::string::npos);
      CHECK(d[0] == (rb.ttft_ms > ra.ttft_ms ? '+' : '-'));
      CHECK(delta_verdict(m) == (rb.ttft_ms < ra.ttft_ms ? 1 : -1));
    }
    if (key == "output_tokens_per_s" && m.present) {
      CHECK(d.find(" tok/s") != std::string::npos);
      CHECK(delta_verdict(m) == (rb.output_tokens_per_s > ra.output_tokens_per_s ? 1 : -1));
    }
    if (key == "total_bytes_per_gpu") CHECK(d.find(" GiB") != std::string::npos);
    if (key == "fits") CHECK(d.empty());
  }
  MetricDiff same{"ttft_ms", "TTFT", 50, 50, true, true};
  CHECK(format_delta(same) == "0");
  CHECK(delta_verdict(same) == 0);
  MetricDiff absent{"ttft_ms", "TTFT", 50, 0, false, true};
  CHECK(format_delta(absent).empty());
}

TEST_CASE("the YAML writer quotes what YAML would read as another type") {
  yaml::Node doc = yaml::map();
  doc.set("name", yaml::str("VllmWorker"));
  doc.set("gpu", yaml::str("4"));
  doc.set("flag", yaml::str("on"));
  doc.set("json", yaml::str(R"({"a":1})"));
  doc.set("replicas", yaml::integer(3));
  doc.set("args", yaml::strings({"--tp", "2"}));
  yaml::Node& item = doc.set("items", yaml::list()).push(yaml::map());
  item.set("name", yaml::str("x"));
  item.set("env", yaml::list());
  doc.set("empty", yaml::map());
  CHECK(yaml::write(doc) ==
        "name: VllmWorker\ngpu: \"4\"\nflag: \"on\"\njson: \"{\\\"a\\\":1}\"\nreplicas: 3\nargs:\n  - \"--tp\"\n  - \"2\"\n"
        "items:\n  - name: x\n    env: []\nempty: {}\n");
}

TEST_CASE("plan manifests carry the plan's pools: replicas, tp, GPU requests and node selectors") {
  PlanRequest req;
  req.base.model_id = "llama-3.1-70b";
  req.fleet = parse_fleet("h100-sxm:8,a100-sxm4-80gb:16").value();
  const PlanResult res = plan_fleet(req);
  REQUIRE(res.best.has_value());
  ManifestOptions alpha;
  alpha.dynamo_api = DynamoApi::V1alpha1;
  auto dynamo = plan_manifest(req, *res.best, DeployTarget::Dynamo, alpha);
  REQUIRE(dynamo.ok());
  CHECK(dynamo->find("apiVersion: nvidia.com/v1alpha1\nkind: DynamoGraphDeployment\n") != std::string::npos);
  for (const PlanRole& r : res.best->roles) {
    if (r.role == Role::Unused) continue;
    CHECK(dynamo->find("replicas: " + std::to_string(r.instances)) != std::string::npos);
    CHECK(dynamo->find("gpu: \"" + std::to_string(r.tp * r.pp) + "\"") != std::string::npos);
    CHECK(dynamo->find("nvidia.com/gpu.product: " + gpu_node_label(r.gpu_id).value) != std::string::npos);
  }
  CHECK(gpu_node_label("h100-sxm").value == "NVIDIA-H100-SXM5-80GB");  // aiconfigurator hardware.yaml (deploy.md A5)
  // v1beta1 by default (deploy.md 1.4): spec.components with type prefill/decode/worker,
  // GPUs as the container resource nvidia.com/gpu, a container named main.
  auto beta = plan_manifest(req, *res.best, DeployTarget::Dynamo);
  REQUIRE(beta.ok());
  CHECK(beta->find("apiVersion: nvidia.com/v1beta1\nkind: DynamoGraphDeployment\n") != std::string::npos);
  CHECK(beta->find("  components:\n") != std::string::npos);
  CHECK(beta->find("services:") == std::string::npos);
  CHECK(beta->find("subComponentType") == std::string::npos);
  CHECK(beta->find("- name: main\n") != std::string::npos);
  for (const PlanRole& r : res.best->roles) {
    if (r.role == Role::Unused) continue;
    CHECK(beta->find("nvidia.com/gpu: \"" + std::to_string(r.tp * r.pp) + "\"") != std::string::npos);
    CHECK(beta->find(std::string("type: ") + (r.role == Role::Prefill  ? "prefill"
                                              : r.role == Role::Decode ? "decode"
                                                                       : "worker")) != std::string::npos);
  }
  CHECK(parse_dynamo_api("v1beta1") == DynamoApi::V1beta1);
  CHECK_FALSE(parse_dynamo_api("v1").has_value());
  auto llmd = plan_manifest(req, *res.best, DeployTarget::LlmD);
  REQUIRE(llmd.ok());
  CHECK(llmd->find("modelCommand: vllmServe") != std::string::npos);
  req.base.engine = Engine::Llamacpp;
  auto refused = plan_manifest(req, *res.best, DeployTarget::Dynamo);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "export");
}
