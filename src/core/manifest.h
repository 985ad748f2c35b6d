// Deployment manifests for a plan (core/planner.h): the Kubernetes resources NVIDIA
// Dynamo or llm-d need to run it, as YAML, one document per resource.
//   - Dynamo: DynamoGraphDeployment, a Frontend and one worker per pool, plus one
//     ConfigMap per TensorRT-LLM worker holding its engine YAML. nvidia.com/v1beta1
//     (default; images 1.3.0): spec.components, type prefill|decode|worker, a container
//     "main". nvidia.com/v1alpha1 (images 1.2.0): spec.services, componentType worker
//     with subComponentType prefill|decode. Both pass --disaggregation-mode.
//   - llm-d: values for the llm-d-modelservice Helm chart v0.4.12 (llm-d v0.4.0), one
//     document per Helm release (prefill and decode roles, vLLM only).
// Worker arguments are the launch command's (core/launch.h) for the pool's GPU type,
// tp and pp; node selectors pick each pool's GPU type (nvidia.com/gpu.product).
// Fields and versions: docs/disaggregation.md, shared reference deploy.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/planner.h"
#include "core/status.h"

namespace infercalc {

enum class DeployTarget { Dynamo, LlmD };
std::optional<DeployTarget> parse_deploy_target(std::string_view s);  // "dynamo", "llm-d"

// The node label that selects a GPU type: {key, value, from the table (false = derived
// from the GPU's name; check it on the cluster)}.
struct GpuNodeLabel {
  std::string key, value;
  bool from_table = false;
};
GpuNodeLabel gpu_node_label(const std::string& gpu_id);

// The DynamoGraphDeployment API version written (deploy.md 1.1): v1beta1 is the newest
// documented (the served, current version in Dynamo's v1.5.0 docs); v1alpha1 for older
// operators.
enum class DynamoApi { V1alpha1, V1beta1 };
std::optional<DynamoApi> parse_dynamo_api(std::string_view s);  // "v1alpha1", "v1beta1"

struct ManifestOptions {
  DynamoApi dynamo_api = DynamoApi::V1beta1;
};

// The manifests for `plan`; an Error (field "export") when the target cannot run the
// plan's engine (Dynamo: vLLM, SGLang, TensorRT-LLM; llm-d: vLLM).
Expected<std::string> plan_manifest(const PlanRequest& req, const Plan& plan, DeployTarget target,
                                    const ManifestOptions& options = {});

}  // namespace infercalc
