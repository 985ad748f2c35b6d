#include "core/manifest.h"

#include <algorithm>
#include <cctype>

#include "core/assets.h"
#include "core/csv.h"
#include "core/estimate.h"
#include "core/gpu.h"
#include "core/launch.h"
#include "core/scenario_check.h"
#include "core/yaml.h"

namespace infercalc {
namespace {

// Runtime images nvcr.io/nvidia/ai-dynamo/<backend>-runtime:<tag> (deploy.md D3, D5).
// v1alpha1: Dynamo 1.2.0, which pairs with vLLM 0.20.1, SGLang 0.5.11, TensorRT-LLM
// 1.3.0rc14 (A4). v1beta1: 1.3.0, the tag the v1beta1 examples pin (D6); the first
// release serving v1beta1 DGDs is not verified in the reference (deploy.md 1.1).
constexpr const char* kDynamoTagV1alpha1 = "1.2.0";
constexpr const char* kDynamoTagV1beta1 = "1.3.0";
constexpr const char* kModelserviceChart = "0.4.12";
// The chart's container image: required at template time (deploy.md 2.2, 4), pinned by no
// source in the reference, so a placeholder the user replaces (the header says so).
constexpr const char* kLlmdImage = "<vllm-image-of-the-llm-d-release>";
// NIXL KV transfer for vLLM P/D, on both roles (deploy.md A1, M4).
constexpr const char* kNixlConfig = R"({"kv_connector":"NixlConnector","kv_role":"kv_both"})";

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Kubernetes names: lower-case letters, digits and '-' (RFC 1123), at most 63.
std::string k8s_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += std::isalnum(static_cast<unsigned char>(l)) ? l : '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  while (!out.empty() && out.front() == '-') out.erase(out.begin());
  if (out.size() > 40) out.resize(40);
  return out.empty() ? "model" : out;
}

// The pool's scenario: the plan's model settings on one instance of the pool, with as
// many sequences as its KV pool holds (the engine's cap: batch=max).
Scenario pool_scenario(const PlanRequest& req, const PlanRole& role) {
  Scenario s = req.base;
  s.gpu_id = role.gpu_id;
  s.tp = role.tp;
  s.pp = role.pp;
  s.gpus = role.tp * role.pp;
  s.dp_attention = role.dp_attention;  // as the planner profiled it (make_profile)
  s.ep = role.dp_attention ? role.tp : 1;
  // A chunk budget the planner chose over the engine's default (colocated pools).
  if (!role.chunk_default) s.max_num_batched_tokens = role.chunk_tokens;
  s.input_tokens = req.workload.input_tokens;
  s.output_tokens = req.workload.output_tokens;
  s.batch_max = true;
  s.usd_per_gpu_hour = role.usd_per_gpu_hour;
  return s;
}

struct Worker {
  const PlanRole* role;
  Scenario scenario;
  LaunchCommand launch;
  std::vector<std::string> flags;  // the launch command's engine flags (after the model)
  std::string name;                // service / role name
};

std::vector<Worker> workers(const PlanRequest& req, const Plan& plan) {
  std::vector<Worker> out;
  for (const PlanRole& r : plan.roles) {
    if (r.role == Role::Unused || r.instances < 1) continue;
    Worker w{&r, pool_scenario(req, r), {}, {}, {}};
    w.launch = launch_command(w.scenario, estimate(w.scenario));
    const std::vector<std::string> words = split_words(w.launch.command);
    for (std::size_t i = 0; i < words.size(); ++i)
      if (words[i] == w.launch.model) {
        w.flags.assign(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end());
        break;
      }
    out.push_back(std::move(w));
  }
  return out;
}

int64_t gpus_per_node(const Scenario& s) {
  const Gpu* g = resolve_gpu(s);
  return s.gpus_per_node > 0 ? s.gpus_per_node : (g ? g->default_gpus_per_node() : 8);
}

yaml::Node node_selector(const std::string& gpu_id) {
  const GpuNodeLabel l = gpu_node_label(gpu_id);
  yaml::Node n = yaml::map();
  n.set(l.key, yaml::str(l.value));
  return n;
}

std::string header(const PlanRequest& req, const Plan& plan, const char* target, const std::vector<Worker>& ws) {
  std::string out = "# infercalc plan export (" + std::string(target) + "): " + plan.summary() + "\n";
  out += "# model " + model_repo(req.base) + ", engine " + std::string(name(req.base.engine)) + ", " +
         std::to_string(req.workload.input_tokens) + " in / " + std::to_string(req.workload.output_tokens) +
         " out tokens\n";
  for (const Worker& w : ws) {
    const GpuNodeLabel l = gpu_node_label(w.role->gpu_id);
    if (!l.from_table)
      out += "# check the node label for " + w.role->gpu_id + ": " + l.key + "=" + l.value +
             " is derived from its name (kubectl get nodes -L " + l.key + ")\n";
  }
  for (const Worker& w : ws)
    if (w.launch.model_is_placeholder) {
      out += "# replace " + w.launch.model + " with the model's repo id\n";
      break;
    }
  return out;
}

// ---- Dynamo ------------------------------------------------------------------------

const char* backend_prefix(Engine e) {
  switch (e) {
    case Engine::Sglang: return "SGLang";
    case Engine::Trtllm: return "TRTLLM";
    default: return "Vllm";
  }
}

const char* backend_id(Engine e) {
  switch (e) {
    case Engine::Sglang: return "sglang";
    case Engine::Trtllm: return "trtllm";
    default: return "vllm";
  }
}

std::string runtime_image(Engine e, DynamoApi api) {
  const std::string runtime = e == Engine::Trtllm ? "tensorrtllm" : backend_id(e);
  return "nvcr.io/nvidia/ai-dynamo/" + runtime +
         "-runtime:" + (api == DynamoApi::V1beta1 ? kDynamoTagV1beta1 : kDynamoTagV1alpha1);
}

// TensorRT-LLM's engine YAML (LLM API options) for dynamo.trtllm --extra-engine-args (A6).
std::string trtllm_engine_yaml(const Worker& w) {
  const Scenario& s = w.scenario;
  std::string batch = "1", tokens = "8192", fraction = "0.9";
  for (std::size_t i = 0; i + 1 < w.flags.size(); ++i) {
    if (w.flags[i] == "--max_batch_size") batch = w.flags[i + 1];
    if (w.flags[i] == "--max_num_tokens") tokens = w.flags[i + 1];
    if (w.flags[i] == "--kv_cache_free_gpu_memory_fraction") fraction = w.flags[i + 1];
  }
  std::string y = "tensor_parallel_size: " + std::to_string(s.tp) + "\n";
  y += "pipeline_parallel_size: " + std::to_string(s.pp) + "\n";
  y += "max_batch_size: " + batch + "\nmax_num_tokens: " + tokens + "\n";
  y += "max_seq_len: " + std::to_string(s.input_tokens + s.output_tokens) + "\n";
  y += "kv_cache_config:\n  free_gpu_memory_fraction: " + fraction + "\n";
  if (s.kv == KvDtype::Fp8) y += "  dtype: fp8\n";
  y += "disable_overlap_scheduler: true\n";  // Dynamo's disaggregated TRT-LLM examples (D5)
  y += "cache_transceiver_config:\n  backend: DEFAULT\n";
  return y;
}

// One worker's container as both API versions run it: command, args, working directory,
// and for TensorRT-LLM the ConfigMap holding its engine YAML (mounted into the pod).
struct WorkerContainer {
  std::vector<std::string> command, args;
  std::string working_dir, config;  // config: the ConfigMap's name, TensorRT-LLM only
};

WorkerContainer worker_container(Engine e, const std::string& model, const std::string& graph, const Worker& w) {
  WorkerContainer c;
  if (e == Engine::Trtllm) {
    c.config = k8s_name(graph + "-" + w.name);
    c.working_dir = "/workspace";
    c.command = {"python3", "-m", "dynamo.trtllm"};
    c.args = {"--model-path", model, "--served-model-name", model, "--extra-engine-args",
              "/workspace/engine_configs/" + c.config + ".yaml"};
  } else if (e == Engine::Sglang) {
    c.working_dir = "/workspace/examples/backends/sglang";
    c.command = {"python3", "-m", "dynamo.sglang"};
    c.args = {"--model-path", model, "--served-model-name", model};
    c.args.insert(c.args.end(), w.flags.begin(), w.flags.end());
  } else {
    c.working_dir = "/workspace/examples/backends/vllm";
    c.command = {"python3", "-m", "dynamo.vllm"};
    c.args = {"--model", model};
    c.args.insert(c.args.end(), w.flags.begin(), w.flags.end());
  }
  // Roles (deploy.md 1.5): --disaggregation-mode since Dynamo 1.0; SGLang also names
  // its transfer backend and bootstrap port; vLLM moves KV over NIXL.
  const Role role = w.role->role;
  if (role == Role::Prefill || role == Role::Decode) {
    c.args.push_back("--disaggregation-mode");
    c.args.push_back(role == Role::Prefill ? "prefill" : "decode");
    if (e == Engine::Sglang) {
      c.args.insert(c.args.end(), {"--disaggregation-transfer-backend", "nixl", "--disaggregation-bootstrap-port", "12345"});
    } else if (e == Engine::Vllm) {
      c.args.push_back("--kv-transfer-config");
      c.args.push_back(kNixlConfig);
    }
  }
  return c;
}

// image, workingDir, command, args and the engine-config mount: the same keys in
// v1alpha1's mainContainer and v1beta1's container "main" (both a core/v1 Container).
void fill_container(yaml::Node& main, const std::string& image, const WorkerContainer& c) {
  main.set("image", yaml::str(image));
  main.set("workingDir", yaml::str(c.working_dir));
  main.set("command", yaml::strings(c.command));
  main.set("args", yaml::strings(c.args));
  if (!c.config.empty()) {
    yaml::Node& mount = main.set("volumeMounts", yaml::list()).push(yaml::map());
    mount.set("name", yaml::str("engine-config"));
    mount.set("mountPath", yaml::str("/workspace/engine_configs"));
  }
}

void add_config_volume(yaml::Node& pod, const WorkerContainer& c) {
  if (c.config.empty()) return;
  yaml::Node& vol = pod.set("volumes", yaml::list()).push(yaml::map());
  vol.set("name", yaml::str("engine-config"));
  vol.set("configMap", yaml::map()).set("name", yaml::str(c.config));
}

std::string dynamo(const PlanRequest& req, const Plan& plan, std::vector<Worker>& ws, DynamoApi api) {
  const Engine e = req.base.engine;
  const std::string model = model_repo(req.base);
  const std::string image = runtime_image(e, api);
  const std::string graph = k8s_name(req.base.model_id == "custom" ? "custom-model" : req.base.model_id) + "-" +
                            (plan.disaggregated ? "disagg" : "agg");
  // Service names: aiconfigurator's (A1), numbered when a role has several GPU types.
  // They also match v1beta1's component-name pattern [A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])? (D8).
  int seen[4] = {0, 0, 0, 0}, total[4] = {0, 0, 0, 0};
  for (const Worker& w : ws) ++total[static_cast<int>(w.role->role)];
  for (Worker& w : ws) {
    const int k = static_cast<int>(w.role->role);
    const char* role = w.role->role == Role::Prefill ? "PrefillWorker"
                       : w.role->role == Role::Decode ? "DecodeWorker"
                                                       : "Worker";
    w.name = std::string(backend_prefix(e)) + role;
    if (total[k] > 1) w.name += std::to_string(++seen[k]);
  }
  std::vector<std::string> docs;
  yaml::Node dgd = yaml::map();
  dgd.set("apiVersion", yaml::str(api == DynamoApi::V1beta1 ? "nvidia.com/v1beta1" : "nvidia.com/v1alpha1"));
  dgd.set("kind", yaml::str("DynamoGraphDeployment"));
  dgd.set("metadata", yaml::map()).set("name", yaml::str(graph));
  yaml::Node& spec = dgd.set("spec", yaml::map());
  spec.set("backendFramework", yaml::str(backend_id(e)));
  // v1alpha1: spec.services, a map of name -> service (D1). v1beta1: spec.components, a
  // list of {name, type, replicas, podTemplate} with a container named "main" (D6-D9).
  yaml::Node& services = spec.set(api == DynamoApi::V1beta1 ? "components" : "services",
                                  api == DynamoApi::V1beta1 ? yaml::list() : yaml::map());
  if (api == DynamoApi::V1beta1) {
    yaml::Node& frontend = services.push(yaml::map());
    frontend.set("name", yaml::str("Frontend"));
    frontend.set("type", yaml::str("frontend"));
    frontend.set("replicas", yaml::integer(1));
    yaml::Node& main = frontend.set("podTemplate", yaml::map())
                           .set("spec", yaml::map())
                           .set("containers", yaml::list())
                           .push(yaml::map());
    main.set("name", yaml::str("main"));
    main.set("image", yaml::str(image));
  } else {
    yaml::Node& frontend = services.set("Frontend", yaml::map());
    frontend.set("componentType", yaml::str("frontend"));
    frontend.set("replicas", yaml::integer(1));
    frontend.set("extraPodSpec", yaml::map()).set("mainContainer", yaml::map()).set("image", yaml::str(image));
  }
  for (const Worker& w : ws) {
    const PlanRole& r = *w.role;
    const int64_t per_worker = r.tp * r.pp, per_node = gpus_per_node(w.scenario);
    // The gpu limit is GPUs per pod: per node when a worker spans nodes (multinode.nodeCount, A1/A2).
    const int64_t nodes = (per_worker + per_node - 1) / per_node;
    const std::string gpus = std::to_string(nodes > 1 ? per_worker / nodes : per_worker);
    const WorkerContainer c = worker_container(e, model, graph, w);
    if (api == DynamoApi::V1beta1) {
      yaml::Node& comp = services.push(yaml::map());
      comp.set("name", yaml::str(w.name));
      // prefill/decode replace worker + subComponentType (D9).
      comp.set("type", yaml::str(r.role == Role::Prefill ? "prefill" : r.role == Role::Decode ? "decode" : "worker"));
      comp.set("replicas", yaml::integer(r.instances));
      if (nodes > 1) comp.set("multinode", yaml::map()).set("nodeCount", yaml::integer(nodes));
      yaml::Node& pod = comp.set("podTemplate", yaml::map()).set("spec", yaml::map());
      pod.set("nodeSelector", node_selector(r.gpu_id));
      yaml::Node& main = pod.set("containers", yaml::list()).push(yaml::map());
      main.set("name", yaml::str("main"));
      fill_container(main, image, c);
      // The HF token through envFrom.secretRef, GPUs as a plain container resource (D6).
      main.set("envFrom", yaml::list()).push(yaml::map()).set("secretRef", yaml::map()).set(
          "name", yaml::str("hf-token-secret"));
      yaml::Node& res = main.set("resources", yaml::map());
      res.set("limits", yaml::map()).set("nvidia.com/gpu", yaml::str(gpus));
      res.set("requests", yaml::map()).set("nvidia.com/gpu", yaml::str(gpus));
      add_config_volume(pod, c);
    } else {
      yaml::Node& svc = services.set(w.name, yaml::map());
      svc.set("componentType", yaml::str("worker"));
      if (r.role == Role::Prefill) svc.set("subComponentType", yaml::str("prefill"));
      if (r.role == Role::Decode) svc.set("subComponentType", yaml::str("decode"));
      svc.set("replicas", yaml::integer(r.instances));
      svc.set("envFromSecret", yaml::str("hf-token-secret"));
      if (nodes > 1) svc.set("multinode", yaml::map()).set("nodeCount", yaml::integer(nodes));
      svc.set("resources", yaml::map()).set("limits", yaml::map()).set("gpu", yaml::str(gpus));
      yaml::Node& pod = svc.set("extraPodSpec", yaml::map());
      pod.set("nodeSelector", node_selector(r.gpu_id));
      fill_container(pod.set("mainContainer", yaml::map()), image, c);
      add_config_volume(pod, c);
    }
    if (!c.config.empty()) {
      yaml::Node cm = yaml::map();
      cm.set("apiVersion", yaml::str("v1"));
      cm.set("kind", yaml::str("ConfigMap"));
      cm.set("metadata", yaml::map()).set("name", yaml::str(c.config));
      cm.set("data", yaml::map()).set(c.config + ".yaml", yaml::str(trtllm_engine_yaml(w)));
      docs.push_back(yaml::write(cm));
    }
  }
  std::string out = yaml::write(dgd);
  for (const std::string& d : docs) out += "---\n" + d;
  return out;
}

// ---- llm-d -------------------------------------------------------------------------

yaml::Node modelservice_role(const Worker& w, bool pd) {
  const PlanRole& r = *w.role;
  yaml::Node role = yaml::map();
  role.set("create", yaml::boolean(true));
  role.set("replicas", yaml::integer(r.instances));
  role.set("parallelism", yaml::map()).set("tensor", yaml::integer(r.tp));
  role.set("nodeSelector", node_selector(r.gpu_id));
  yaml::Node& c = role.set("containers", yaml::list()).push(yaml::map());
  c.set("name", yaml::str("vllm"));
  c.set("image", yaml::str(kLlmdImage));
  c.set("modelCommand", yaml::str("vllmServe"));
  c.set("mountModelVolume", yaml::boolean(true));
  // The chart writes --tensor-parallel-size from parallelism.tensor: left out here.
  std::vector<std::string> args;
  for (std::size_t i = 0; i < w.flags.size(); ++i) {
    if (w.flags[i] == "--tensor-parallel-size" && i + 1 < w.flags.size()) {
      ++i;
      continue;
    }
    args.push_back(w.flags[i]);
  }
  if (pd) {
    args.push_back("--kv-transfer-config");
    args.push_back(kNixlConfig);
  }
  c.set("args", yaml::strings(args));
  if (pd) {
    yaml::Node& env = c.set("env", yaml::list()).push(yaml::map());
    env.set("name", yaml::str("VLLM_NIXL_SIDE_CHANNEL_HOST"));
    env.set("valueFrom", yaml::map()).set("fieldRef", yaml::map()).set("fieldPath", yaml::str("status.podIP"));
  }
  // GPUs per pod = tp x pp: set explicitly, since the chart fills in tp only.
  const std::string gpus = std::to_string(r.tp * r.pp);
  yaml::Node& res = c.set("resources", yaml::map());
  res.set("limits", yaml::map()).set("nvidia.com/gpu", yaml::str(gpus));
  res.set("requests", yaml::map()).set("nvidia.com/gpu", yaml::str(gpus));
  return role;
}

std::string llmd(const PlanRequest& req, const Plan& plan, const std::vector<Worker>& ws) {
  const std::string model = model_repo(req.base);
  std::vector<const Worker*> prefill, decode;
  for (const Worker& w : ws) (w.role->role == Role::Prefill ? prefill : decode).push_back(&w);
  // One Helm release per document: the i-th prefill pool with the i-th decode pool
  // (colocated pools are decode-only releases: prefill.create false). Every release
  // carries the same modelArtifacts.labels, so one InferencePool serves them all.
  const std::size_t releases = std::max(prefill.size(), decode.size());
  std::string out;
  for (std::size_t i = 0; i < releases; ++i) {
    const Worker* p = i < prefill.size() ? prefill[i] : nullptr;
    const Worker* d = i < decode.size() ? decode[i] : nullptr;
    const bool pd = plan.disaggregated && (p || (d && d->role->role == Role::Decode));
    yaml::Node v = yaml::map();
    yaml::Node& art = v.set("modelArtifacts", yaml::map());
    art.set("name", yaml::str(model));
    art.set("uri", yaml::str("hf://" + model));
    art.set("authSecretName", yaml::str("llm-d-hf-token"));
    art.set("labels", yaml::map()).set("llm-d.ai/inference-serving", yaml::str("true"));
    v.set("accelerator", yaml::map()).set("type", yaml::str("nvidia"));
    yaml::Node& routing = v.set("routing", yaml::map());
    routing.set("servicePort", yaml::integer(8000));
    yaml::Node& proxy = routing.set("proxy", yaml::map());
    proxy.set("enabled", yaml::boolean(true));
    proxy.set("connector", yaml::str("nixlv2"));
    if (d) v.set("decode", modelservice_role(*d, pd));
    else v.set("decode", yaml::map()).set("create", yaml::boolean(false));
    if (p) v.set("prefill", modelservice_role(*p, pd));
    else v.set("prefill", yaml::map()).set("create", yaml::boolean(false));
    if (!out.empty()) out += "---\n";
    out += "# helm install " + k8s_name(model) + "-" + std::to_string(i + 1) +
           " llm-d-modelservice/llm-d-modelservice --version v" + kModelserviceChart + " -f <this document>\n";
    out += yaml::write(v);
  }
  return out;
}

}  // namespace

std::optional<DeployTarget> parse_deploy_target(std::string_view s) {
  if (s == "dynamo") return DeployTarget::Dynamo;
  if (s == "llm-d") return DeployTarget::LlmD;
  return std::nullopt;
}

GpuNodeLabel gpu_node_label(const std::string& gpu_id) {
  static const csv::Table table = [] {
    auto t = csv::parse(asset("k8s_gpu_labels.csv"));
    return t ? t.value() : csv::Table{};
  }();
  const int id = table.column("gpu_id"), key = table.column("label_key"), value = table.column("label_value");
  if (id >= 0 && key >= 0 && value >= 0)
    for (const auto& row : table.rows)
      if (row[static_cast<std::size_t>(id)] == gpu_id)
        return {row[static_cast<std::size_t>(key)], row[static_cast<std::size_t>(value)], true};
  // GPU feature discovery's product label is the driver's product name with '-' for
  // spaces; the catalog's name is close to it, not always equal.
  const Gpu* g = gpu_catalog().find(gpu_id);
  std::string v = std::string(g && g->is_nvidia() ? "NVIDIA-" : "") + (g ? g->name : gpu_id);
  for (char& c : v)
    if (c == ' ') c = '-';
  return {"nvidia.com/gpu.product", v, false};
}

std::optional<DynamoApi> parse_dynamo_api(std::string_view s) {
  if (s == "v1alpha1") return DynamoApi::V1alpha1;
  if (s == "v1beta1") return DynamoApi::V1beta1;
  return std::nullopt;
}

Expected<std::string> plan_manifest(const PlanRequest& req, const Plan& plan, DeployTarget target,
                                    const ManifestOptions& options) {
  const Engine e = req.base.engine;
  if (target == DeployTarget::Dynamo && e != Engine::Vllm && e != Engine::Sglang && e != Engine::Trtllm)
    return Error{"export", "Dynamo runs vLLM, SGLang or TensorRT-LLM workers; pick one of them with --engine"};
  if (target == DeployTarget::LlmD && e != Engine::Vllm)
    return Error{"export", "llm-d's modelservice chart runs vLLM; use --engine vllm"};
  std::vector<Worker> ws = workers(req, plan);
  if (ws.empty()) return Error{"export", "the plan has no pool to deploy"};
  if (target == DeployTarget::Dynamo) {
    const bool beta = options.dynamo_api == DynamoApi::V1beta1;
    const std::string what = beta ? "NVIDIA Dynamo 1.3.0, nvidia.com/v1beta1 DynamoGraphDeployment"
                                  : "NVIDIA Dynamo 1.2.0, nvidia.com/v1alpha1 DynamoGraphDeployment";
    return header(req, plan, what.c_str(), ws) + dynamo(req, plan, ws, options.dynamo_api);
  }
  return header(req, plan, std::string("llm-d v0.4.0, llm-d-modelservice chart v" + std::string(kModelserviceChart) +
                                       " values").c_str(), ws) +
         "# replace " + kLlmdImage + " with the vLLM image of your llm-d release (the chart requires one)\n" +
         llmd(req, plan, ws);
}

}  // namespace infercalc
