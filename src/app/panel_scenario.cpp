// The scenario column: every input of the estimate. The controls edit a draft; the
// app takes it only when validate() accepts it, and otherwise the reason shows in red
// beside the control it names while the results stay on the last valid scenario.
// Nothing is corrected silently.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "platform/platform.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/engine.h"
#include "core/formats.h"
#include "core/gpu.h"
#include "core/presets.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

using ui::tr;

struct Ctx {
  App& app;
  ScenarioPanel& p;
  float label_w;
};

// Takes the draft when it is valid; otherwise keeps it for the controls and says why.
void commit(Ctx& c, const char* field) {
  if (auto e = validate(c.p.draft)) {
    c.p.error = *e;
    c.p.error_origin = field;
    return;
  }
  c.p.error = Error{};
  c.p.error_origin.clear();
  c.p.synced = c.p.draft;
  app_set_scenario(c.app, c.p.draft);
}

bool has_error(const ScenarioPanel& p) { return !p.error.message.empty(); }

// The control the error names, or the one whose edit caused it when no control
// shows that field (an architecture field of a custom model).
bool error_belongs_to(const ScenarioPanel& p, const char* field) {
  if (!has_error(p)) return false;
  static const char* const kShown[] = {"model", "gpu", "gpus", "tp", "pp", "ep", "node", "ib", "input",
                                       "output", "batch", "usd-per-gpu-hour", "weights", "kv", "engine",
                                       "workload", "request-rate",
                                       "engine-version", "gpu-util", "max-model-len", "max-num-seqs",
                                       "max-num-batched-tokens", "block-size", "dp-attention",
                                       "target-ttft", "target-tpot", "target-tps"};
  const bool shown = std::any_of(std::begin(kShown), std::end(kShown), [&](const char* f) { return p.error.field == f; });
  return shown ? p.error.field == field : p.error_origin == field;
}

void field_error(Ctx& c, const char* field) {
  if (!error_belongs_to(c.p, field)) return;
  const float em = ImGui::GetFontSize();
  ImGui::Indent(c.label_w);
  ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().error);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted((std::string(c.p.error.field) + ": " + c.p.error.message).c_str());
  ImGui::PopStyleColor();
  ui::probe_item(std::string("error:") + field);
  ui::text_dim(tr("Not applied: the results show the last valid scenario."));
  ImGui::PopTextWrapPos();
  if (ui::small_button(tr("Undo this change"))) {
    c.p.draft = c.app.scenario;
    c.p.error = Error{};
    c.p.error_origin.clear();
  }
  ImGui::Unindent(c.label_w);
  ImGui::Dummy(ImVec2(0, em * 0.1f));
}

// The label column; the next widget fills the rest of the row.
void row(Ctx& c, const char* label, const char* tooltip) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  if (tooltip && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SameLine(c.label_w);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::PushFont(ui::font(ui::Font::Strong));
  ui::text(ui::palette().accent, title);
  ImGui::PopFont();
}

bool input_count(Ctx& c, const char* id, int64_t* v, int64_t step, int64_t step_fast, const char* format = "%lld") {
  const bool changed = ImGui::InputScalar(id, ImGuiDataType_S64, v, &step, &step_fast, format);
  ui::text_field(std::string("input:") + (id + 2), platform::TextKind::Integer, std::to_string(*v), true);
  (void)c;
  return changed;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Every word of the filter appears in the preset's id, name or repository.
bool matches(const ModelPreset& m, const std::string& filter) {
  const std::string hay = lower(m.arch.id + " " + m.arch.name + " " + m.hf_repo + " " + m.arch.family);
  std::size_t i = 0;
  while (i < filter.size()) {
    const std::size_t j = std::min(filter.find(' ', i), filter.size());
    if (j > i && hay.find(lower(filter.substr(i, j - i))) == std::string::npos) return false;
    i = j + 1;
  }
  return true;
}

void model_picker(Ctx& c) {
  ScenarioPanel& p = c.p;
  const ModelArch* current = resolve_model(p.draft);
  const std::string preview = current ? (current->name.empty() ? p.draft.model_id : current->name) : p.draft.model_id;
  row(c, tr("Model"), tr("A preset (its config.json from Hugging Face), or a config.json you import below."));
  if (ImGui::BeginCombo("##model", preview.c_str(), ImGuiComboFlags_HeightLargest)) {
    if (ImGui::IsWindowAppearing()) {
      p.model_filter.clear();
      ImGui::SetKeyboardFocusHere();
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s", p.model_filter.c_str());
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter = ImGui::InputTextWithHint("##filter", tr("Search: name, family, size"), buf, sizeof buf,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ui::text_field("input:model-filter", platform::TextKind::Text, buf);
    p.model_filter = buf;
    std::string chosen;
    if (p.draft.model_id == "custom" && ui::selectable((std::string(tr("Imported: ")) + preview).c_str(), true))
      chosen = "custom";
    const float right = ImGui::GetContentRegionAvail().x;
    for (const ModelPreset& m : model_presets()) {
      if (!matches(m, p.model_filter)) continue;
      const bool selected = m.arch.id == p.draft.model_id;
      ImGui::PushID(m.arch.id.c_str());
      if (ui::selectable(m.arch.name.c_str(), selected) || enter) {
        chosen = m.arch.id;
        ImGui::CloseCurrentPopup();
      }
      if (selected && ImGui::IsWindowAppearing()) ImGui::SetItemDefaultFocus();
      const std::string size = m.official_active.empty() ? m.official_total : m.official_total + " / " + m.official_active;
      ImGui::SameLine(right - ImGui::CalcTextSize(size.c_str()).x);
      ui::text_dim(size.c_str());
      ImGui::PopID();
      if (enter) break;  // Enter takes the first match
    }
    ImGui::EndCombo();
    if (!chosen.empty() && chosen != p.draft.model_id) {
      p.draft.model_id = chosen;
      commit(c, "model");
    }
  }
  ui::probe_item("input:model");
  field_error(c, "model");
  if (current) {
    ImGui::Indent(c.label_w);
    std::string facts = format_params(total_params(*current)) + " " + tr("params");
    if (current->moe.is_moe()) facts += ", " + format_params(active_params(*current)) + " " + tr("active");
    if (current->max_context > 0) facts += " \xC2\xB7 " + ui::format_count(static_cast<double>(current->max_context)) + " " + tr("context");
    ImGui::PushTextWrapPos(0);  // a phone's column is narrower than the facts
    ui::text_dim(facts.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", tr("Source"), current->source.c_str());
    ImGui::Unindent(c.label_w);
  }
}

int resize_callback(ImGuiInputTextCallbackData* d) {
  if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::vector<char>*>(d->UserData);
    text->resize(static_cast<std::size_t>(d->BufSize));
    d->Buf = text->data();
  }
  return 0;
}

void config_import(Ctx& c) {
  ScenarioPanel& p = c.p;
  const std::string label = std::string(tr("Import a config.json")) + "###import-config";
  if (!ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth)) return;
  const float em = ImGui::GetFontSize();
  if (p.config_text.empty()) p.config_text.assign(1, '\0');
  ImGui::InputTextMultiline("##config", p.config_text.data(), p.config_text.size(), ImVec2(-FLT_MIN, em * 7),
                            ImGuiInputTextFlags_CallbackResize, resize_callback, &p.config_text);
  ui::text_field("input:config", platform::TextKind::Multiline, p.config_text.data());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Paste a Hugging Face config.json (Ctrl+V) and press Import."));
  if (platform::has_file_system()) {
    // The desktop can also read the file itself: its text fills the box, Import applies it.
    ImGui::SetNextItemWidth(-em * 5);
    ImGui::InputTextWithHint("##config-path", tr("path/to/config.json"), p.config_path, sizeof p.config_path);
    ImGui::SameLine();
    if (ImGui::Button(tr("Load"))) {
      auto text = platform::read_file(p.config_path);
      if (!text) {
        p.import_error = text.error().text();
      } else {
        p.config_text.assign(text->begin(), text->end());
        p.config_text.push_back('\0');
        p.import_error.clear();
      }
    }
  }
  if (ImGui::Button(tr("Import"))) {
    auto arch = import_config(std::string_view(p.config_text.data()));
    if (!arch) {
      p.import_error = arch.error().text();
      p.imported_name.clear();
    } else {
      Scenario s = p.draft;
      s.model_id = "custom";
      s.custom_model = *arch;
      if (auto e = validate(s)) {
        p.import_error = e->text();
        p.imported_name.clear();
      } else {
        p.import_error.clear();
        p.imported_name = arch->name + ", " + format_params(total_params(*arch)) + " " + tr("params");
        p.draft = s;
        commit(c, "model");
      }
    }
  }
  ui::probe_item("import");
  ImGui::SameLine();
  if (ImGui::Button(tr("Clear"))) {
    p.config_text.assign(1, '\0');
    p.import_error.clear();
    p.imported_name.clear();
  }
  ImGui::PushTextWrapPos(0);
  if (!p.import_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::palette().error);
    ImGui::TextUnformatted(p.import_error.c_str());
    ImGui::PopStyleColor();
    ui::probe_item("import-error");
    ui::text_dim(tr("Nothing was changed: the model stays as it was."));
  } else if (!p.imported_name.empty()) {
    ui::text(ui::palette().good, (std::string(tr("Imported: ")) + p.imported_name).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::TreePop();
}

template <class T, std::size_t N, class Label>
bool enum_combo(const char* id, T* value, const T (&all)[N], Label label) {
  bool changed = false;
  if (ImGui::BeginCombo(id, label(*value).c_str())) {
    for (T v : all) {
      const bool selected = v == *value;
      if (ui::selectable(label(v).c_str(), selected) && !selected) {
        *value = v;
        changed = true;
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return changed;
}

std::string weight_label(WeightFormat f) {
  return std::string(name(f)) + "  \xC2\xB7  " + ui::printf_string("%.3g", bytes_per_param(f)) + " " + tr("bytes/param");
}

// Under a knob left at 0: what the engine version makes of it.
void resolved_note(Ctx& c, bool is_default, const std::string& value) {
  if (!is_default) return;
  ImGui::Indent(c.label_w);
  ImGui::PushTextWrapPos(0);
  ui::text_dim((std::string(tr("default: ")) + value).c_str());
  ImGui::PopTextWrapPos();
  ImGui::Unindent(c.label_w);
}

// The engine's own knobs, spelled as its flags; 0 = that version's default, shown beside.
void engine_settings(Ctx& c) {
  const std::string label = std::string(tr("Engine settings")) + "###engine-settings";
  const bool open = ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
  ui::probe_item("engine-settings");
  if (!open) return;
  Scenario& d = c.p.draft;
  const EngineSettings& k = current_result(c.app).engine;
  const bool same_engine = d.engine == c.app.scenario.engine;
  auto count = [](int64_t v) { return ui::format_count(static_cast<double>(v)); };

  row(c, tr("Engine version"), tr("--engine-version: vLLM 0.6.3, 0.10.1 (0.9.2-v0 = its V0 engine), SGLang 0.5.2, "
                                  "TensorRT-LLM 1.0.0, llama.cpp b4876. Empty: the newest documented. Defaults and "
                                  "memory accounting change between versions (docs/engines.md)."));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s", d.engine_version.c_str());
  std::string hint = tr("newest");
  if (same_engine && k.profile && !k.profile->version.empty())
    hint += " (" + k.profile->version + (k.profile->label.empty() ? "" : " " + k.profile->label) + ")";
  if (ImGui::InputTextWithHint("##engine-version", hint.c_str(), buf, sizeof buf)) {
    d.engine_version = buf;
    commit(c, "engine-version");
  }
  ui::probe_item("input:engine-version");
  field_error(c, "engine-version");
  if (same_engine && k.profile && !d.engine_version.empty() && !k.profile->version.empty()) {
    ImGui::Indent(c.label_w);
    const std::string rules = std::string(k.version_mapped ? tr("not documented; using ") : tr("rules of ")) +
                              k.profile->version + (k.profile->label.empty() ? "" : " (" + k.profile->label + ")");
    ui::text(k.version_mapped ? ui::palette().tight : ui::palette().text_dim, rules.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", k.profile->source.c_str());
    ImGui::Unindent(c.label_w);
  }

  row(c, tr("GPU memory util."), tr("--gpu-memory-utilization (vLLM), --mem-fraction-static (SGLang), "
                                    "kv_cache_free_gpu_mem_fraction (TensorRT-LLM). 0 = the engine's default."));
  const double step = 0.01, fast = 0.05;
  if (ImGui::InputScalar("##gpu-util", ImGuiDataType_Double, &d.gpu_util, &step, &fast, "%.3f")) commit(c, "gpu-util");
  ui::probe_item("input:gpu-util");
  field_error(c, "gpu-util");
  if (same_engine) resolved_note(c, d.gpu_util == 0, ui::printf_string("%.3f", k.gpu_util));

  row(c, tr("Max model len"), tr("--max-model-len: the longest request the engine admits. It must fit in the KV pool "
                                 "for the engine to start. 0 = the model's max_position_embeddings."));
  if (input_count(c, "##max-model-len", &d.max_model_len, 1024, 8192)) commit(c, "max-model-len");
  field_error(c, "max-model-len");
  if (same_engine) resolved_note(c, d.max_model_len == 0, count(k.max_model_len) + " " + tr("tokens"));

  row(c, tr("Max num seqs"), tr("--max-num-seqs: most sequences in one step; more requests wait in the queue."));
  if (input_count(c, "##max-num-seqs", &d.max_num_seqs, 1, 64)) commit(c, "max-num-seqs");
  field_error(c, "max-num-seqs");
  if (same_engine)
    resolved_note(c, d.max_num_seqs == 0, k.max_num_seqs > 0 ? count(k.max_num_seqs) : std::string(tr("from the KV pool")));

  row(c, tr("Max batched tokens"), tr("--max-num-batched-tokens: tokens per step, the prefill chunk. vLLM's profile "
                                      "run reserves activations for this many tokens."));
  if (input_count(c, "##max-num-batched-tokens", &d.max_num_batched_tokens, 512, 4096)) commit(c, "max-num-batched-tokens");
  field_error(c, "max-num-batched-tokens");
  if (same_engine)
    resolved_note(c, d.max_num_batched_tokens == 0,
                  count(k.max_num_batched_tokens) + " " + tr("tokens") +
                      (k.chunked_prefill ? std::string(", ") + tr("chunked prefill") : std::string()));

  row(c, tr("Block size"), tr("--block-size: KV tokens per block (page); the pool is whole blocks."));
  if (input_count(c, "##block-size", &d.block_size, 1, 16)) commit(c, "block-size");
  field_error(c, "block-size");
  if (same_engine) resolved_note(c, d.block_size == 0, count(k.block_size) + " " + tr("tokens"));

  row(c, tr("Enforce eager"), tr("--enforce-eager: no CUDA graphs (their memory is saved, each step is slower)."));
  if (ImGui::Checkbox("##enforce-eager", &d.enforce_eager)) commit(c, "enforce-eager");
  ui::probe_item("input:enforce-eager");
  ImGui::TreePop();
}

void model_section(Ctx& c) {
  Scenario& d = c.p.draft;
  section(tr("Model"));
  model_picker(c);
  config_import(c);
  row(c, tr("Weights"), tr("Weight format. Bytes per parameter include the scales of quantised formats "
                           "(int4 GPTQ/AWQ group 128, MXFP4, NVFP4, GGUF blocks)."));
  if (enum_combo("##weights", &d.weights, kAllWeightFormats, weight_label)) commit(c, "weights");
  ui::probe_item("input:weights");
  field_error(c, "weights");
  row(c, tr("KV cache"), tr("Data type of the KV cache."));
  if (enum_combo("##kv", &d.kv, kAllKvDtypes, [](KvDtype k) {
        return std::string(name(k)) + "  \xC2\xB7  " + ui::printf_string("%.0f", bytes_per_element(k)) + " " +
               tr("bytes/value");
      }))
    commit(c, "kv");
  ui::probe_item("input:kv");
  field_error(c, "kv");
  row(c, tr("Engine"), tr("Serving engine: its memory fraction, KV block size, batch cap and step overheads."));
  if (enum_combo("##engine", &d.engine, kAllEngines, [](Engine e) { return engine_params(e).name; })) commit(c, "engine");
  ui::probe_item("input:engine");
  field_error(c, "engine");
  engine_settings(c);
}

void hardware_section(Ctx& c) {
  Scenario& d = c.p.draft;
  section(tr("Hardware"));
  row(c, tr("GPU"), tr("GPU type; the GPUs tab lists every figure with its source."));
  const GpuCatalog& cat = gpu_catalog();
  const Gpu* g = cat.find(d.gpu_id);
  if (ImGui::BeginCombo("##gpu", g ? g->name.c_str() : d.gpu_id.c_str(), ImGuiComboFlags_HeightLarge)) {
    const float right = ImGui::GetContentRegionAvail().x;
    for (const Gpu& x : cat.gpus) {
      const bool selected = x.id == d.gpu_id;
      if (ui::selectable(x.name.c_str(), selected) && !selected) {
        d.gpu_id = x.id;
        commit(c, "gpu");
      }
      ui::probe_item("option:gpu:" + x.id);
      if (selected) ImGui::SetItemDefaultFocus();
      const std::string mem = ui::printf_string("%.0f GB", x.memory_gb);
      const float row_h = ImGui::GetItemRectSize().y - ImGui::GetStyle().ItemSpacing.y;  // level with the name
      ImGui::SameLine(right - ImGui::CalcTextSize(mem.c_str()).x);
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (row_h - ImGui::GetTextLineHeight()) / 2);
      ui::text_dim(mem.c_str());
    }
    ImGui::EndCombo();
  }
  ui::probe_item("input:gpu");
  field_error(c, "gpu");
  row(c, tr("GPU count"), tr("Total GPUs: TP x PP x replicas."));
  if (input_count(c, "##gpus", &d.gpus, 1, 8)) commit(c, "gpus");
  field_error(c, "gpus");
  row(c, tr("Tensor parallel"), tr("TP: each layer split over this many GPUs; two all-reduces per layer."));
  if (input_count(c, "##tp", &d.tp, 1, 2)) commit(c, "tp");
  field_error(c, "tp");
  row(c, tr("Pipeline parallel"), tr("PP: the layers split into this many stages, one after another."));
  if (input_count(c, "##pp", &d.pp, 1, 2)) commit(c, "pp");
  field_error(c, "pp");
  row(c, tr("Expert parallel"), tr("EP: routed experts of a MoE model spread over this many GPUs."));
  if (input_count(c, "##ep", &d.ep, 1, 2)) commit(c, "ep");
  field_error(c, "ep");
  row(c, tr("DP attention"),
      tr("dp-attention: each TP rank attends only for its own requests (attention weights whole on every rank, "
         "no replicated KV); the experts run over the ranks. MoE models on sglang (--enable-dp-attention) or "
         "vllm (--data-parallel-size)."));
  if (ImGui::Checkbox("##dp-attention", &d.dp_attention)) commit(c, "dp-attention");
  ui::probe_item("input:dp-attention");
  field_error(c, "dp-attention");
}

void workload_section(Ctx& c) {
  Scenario& d = c.p.draft;
  section(tr("Workload"));
  row(c, tr("Input tokens"), tr("Prompt length per request."));
  if (input_count(c, "##input", &d.input_tokens, 256, 4096)) commit(c, "input");
  field_error(c, "input");
  row(c, tr("Output tokens"), tr("Generated tokens per request."));
  if (input_count(c, "##output", &d.output_tokens, 64, 1024)) commit(c, "output");
  field_error(c, "output");
  row(c, tr("Concurrency"), tr("Requests served at once per model replica (the batch). \"max\": as many as the KV "
                               "cache holds, up to the engine's cap."));
  const float em = ImGui::GetFontSize();
  const float max_w = ImGui::CalcTextSize(tr("max")).x + ImGui::GetFrameHeight() + em;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - max_w);
  if (d.batch_max) {
    // What max resolves to, from the estimate: shown, not editable.
    int64_t resolved = current_result(c.app).batch;
    ImGui::BeginDisabled();
    ImGui::InputScalar("##batch-max-value", ImGuiDataType_S64, &resolved, nullptr, nullptr, "%lld");
    ImGui::EndDisabled();
  } else if (input_count(c, "##batch", &d.batch, 1, 16)) {
    commit(c, "batch");
  }
  ImGui::SameLine();
  if (ImGui::Checkbox(tr("max"), &d.batch_max)) commit(c, "batch");
  ui::probe_item("input:batch-max");
  field_error(c, "batch");
  row(c, tr("Arrivals"), tr("How requests arrive. burst: the concurrency's requests arrive together (offline "
                            "benchmarks); times and rates cover the whole run, TTFT averaged over the batch. "
                            "concurrency: a closed loop keeps that many in flight (steady state). rate: Poisson "
                            "arrivals at the rate below, with queueing; concurrency caps the running requests."));
  if (enum_combo("##workload", &d.workload, kAllWorkloadModes, [](WorkloadMode w) { return std::string(name(w)); }))
    commit(c, "workload");
  ui::probe_item("input:workload");
  field_error(c, "workload");
  if (d.workload == WorkloadMode::Rate) {
    row(c, tr("Requests/s"), tr("Poisson arrival rate per model replica, requests per second."));
    const double step = 1, fast = 10;
    if (ImGui::InputScalar("##request-rate", ImGuiDataType_Double, &d.request_rate, &step, &fast, "%.3g"))
      commit(c, "request-rate");
    ui::text_field("input:request-rate", platform::TextKind::Decimal, ui::printf_string("%.3g", d.request_rate), true);
    field_error(c, "request-rate");
  }
}

void cost_section(Ctx& c) {
  Scenario& d = c.p.draft;
  section(tr("Cost and cluster"));
  row(c, tr("$ / GPU-hour"), tr("What one GPU costs per hour (cloud price or amortised)."));
  const double step = 0.1, fast = 1;
  if (ImGui::InputScalar("##usd", ImGuiDataType_Double, &d.usd_per_gpu_hour, &step, &fast, "%.2f")) commit(c, "usd-per-gpu-hour");
  ui::text_field("input:usd", platform::TextKind::Decimal, ui::printf_string("%.2f", d.usd_per_gpu_hour), true);
  field_error(c, "usd-per-gpu-hour");
  const Gpu* g = gpu_catalog().find(d.gpu_id);
  const std::string per_node_tip = std::string(tr("GPUs in one node (one NVLink domain). 0 = the GPU's default")) +
                                   (g ? ui::printf_string(" (%d).", g->default_gpus_per_node()) : std::string("."));
  row(c, tr("GPUs per node"), per_node_tip.c_str());
  // 0 stands for the GPU's default: the field shows the number that resolves to, marked
  // "(default)", and - / + step from it; the scenario keeps 0 until the user changes it.
  if (d.gpus_per_node == 0 && g) {
    int64_t resolved = g->default_gpus_per_node();
    const std::string format = std::string("%lld (") + tr("default") + ")";
    if (input_count(c, "##node", &resolved, 1, 8, format.c_str())) {
      d.gpus_per_node = resolved;
      commit(c, "node");
    }
  } else if (input_count(c, "##node", &d.gpus_per_node, 1, 8)) {
    commit(c, "node");
  }
  field_error(c, "node");
  row(c, tr("Inter-node Gb/s"), tr("Network per GPU between nodes (InfiniBand / RoCE), Gb/s: NDR = 400."));
  const double ib_step = 100, ib_fast = 400;
  if (ImGui::InputScalar("##ib", ImGuiDataType_Double, &d.internode_gbps, &ib_step, &ib_fast, "%.0f")) commit(c, "ib");
  ui::text_field("input:ib", platform::TextKind::Decimal, ui::printf_string("%.0f", d.internode_gbps), true);
  field_error(c, "ib");
}

// Targets (0 = none): a scenario that misses one lists fixes under the summary.
void targets_section(Ctx& c) {
  Scenario& d = c.p.draft;
  section(tr("Targets"));
  struct Target { const char* label; const char* tip; const char* id; const char* field; double* v; double step; };
  const Target targets[] = {
      {tr("TTFT at most, ms"), tr("Time to first token the setup must reach; 0 = no target."), "##target-ttft",
       "target-ttft", &d.target_ttft_ms, 50},
      {tr("Per token at most, ms"), tr("Time per output token the setup must reach; 0 = no target."), "##target-tpot",
       "target-tpot", &d.target_tpot_ms, 5},
      {tr("Tokens/s at least"), tr("Output tokens per second over all GPUs; 0 = no target."), "##target-tps",
       "target-tps", &d.target_tokens_per_s, 100},
  };
  for (const Target& t : targets) {
    row(c, t.label, t.tip);
    const double fast = t.step * 10;
    if (ImGui::InputScalar(t.id, ImGuiDataType_Double, t.v, &t.step, &fast, "%.0f")) commit(c, t.field);
    ui::probe_item(std::string("input:") + (t.id + 2));
    field_error(c, t.field);
  }
}

}  // namespace

void draw_scenario(App& app) {
  ScenarioPanel& p = app.panels.scenario;
  // A scenario from outside (link, file, GPU table) replaces the draft and its error.
  if (!p.has_draft || !(app.scenario == p.synced)) {
    p.draft = app.scenario;
    p.synced = app.scenario;
    p.has_draft = true;
    p.error = Error{};
    p.error_origin.clear();
  }
  const float em = ImGui::GetFontSize();
  Ctx c{app, p, std::min(em * 8.6f, ImGui::GetContentRegionAvail().x * 0.42f)};
  ImGui::PushItemWidth(-FLT_MIN);
  model_section(c);
  hardware_section(c);
  workload_section(c);
  cost_section(c);
  targets_section(c);
  ImGui::PopItemWidth();
}

}  // namespace infercalc
