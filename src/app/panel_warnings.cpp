// Warnings: the compatibility linter's findings for the scenario (core estimate.h),
// each with its code and the core's message, which says what it changed in the
// estimate. The messages are the core's English text, the same the CLI and reports
// print; the short titles are translated.
#include <imgui.h>

#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/estimate.h"

namespace infercalc {
namespace {

using ui::tr;

const char* title(WarningCode c) {
  switch (c) {
    case WarningCode::NoBf16: return tr("No BF16: computed in FP16");
    case WarningCode::NoFlashAttention: return tr("No FlashAttention 2");
    case WarningCode::NoFp8TensorCores: return tr("No FP8 tensor cores");
    case WarningCode::NoInt8TensorCores: return tr("No INT8 tensor cores");
    case WarningCode::NoFp4TensorCores: return tr("No FP4 tensor cores");
    case WarningCode::NoNvlink: return tr("Tensor parallelism over PCIe");
    case WarningCode::CrossNodeTp: return tr("Tensor parallelism across nodes");
    case WarningCode::CrossNodePp: return tr("Pipeline stages across nodes");
    case WarningCode::KvHeadsReplicated: return tr("KV heads replicated");
    case WarningCode::MlaLatentReplicated: return tr("MLA latent replicated");
    case WarningCode::ContextBeyondModel: return tr("Longer than the model's context");
    case WarningCode::BatchCappedByEngine: return tr("Concurrency capped by the engine");
    case WarningCode::BatchCappedByMemory: return tr("Concurrency set by the KV cache");
    case WarningCode::DoesNotFit: return tr("Does not fit");
    case WarningCode::Fp32OnCudaCores: return tr("FP32 on CUDA cores");
    case WarningCode::RequestsQueued: return tr("Requests wait in the queue");
    case WarningCode::RateBeyondCapacity: return tr("Arrivals beyond capacity");
    case WarningCode::UnknownArchitecture: return tr("Architecture not fully understood");
    case WarningCode::MaxModelLenTooLong: return tr("The engine does not start: max model len");
    case WarningCode::EngineVersionNotDocumented: return tr("Engine version not documented");
    case WarningCode::KvBf16AsFp16: return tr("No BF16: KV cache in FP16");
  }
  return "";
}

// Informational findings (what batch=max resolved to) versus ones that cost speed or memory.
bool is_note(WarningCode c) {
  return c == WarningCode::BatchCappedByEngine || c == WarningCode::BatchCappedByMemory || c == WarningCode::RequestsQueued;
}

}  // namespace

void draw_warnings(App& app) {
  const Result& r = current_result(app);
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  ImGui::PushTextWrapPos(0);  // a phone's width holds few words
  if (r.warning_count == 0) ui::text(pal.good, tr("No findings: this GPU runs this model and format natively."));
  else ui::text_dim(tr("What the compatibility linter found, and what each finding changed in the estimate."));
  ImGui::PopTextWrapPos();
  if (r.warning_count == 0) return;
  ImGui::Spacing();
  for (int i = 0; i < r.warning_count; ++i) {
    const Warning& w = r.warnings[i];
    const ImU32 color = w.code == WarningCode::DoesNotFit || w.code == WarningCode::MaxModelLenTooLong ? pal.bad : is_note(w.code) ? pal.accent : pal.tight;
    ImGui::PushID(i);
    ImGui::BeginGroup();
    ImGui::PushFont(ui::font(ui::Font::Strong));
    ui::text(color, is_note(w.code) ? "\xE2\x97\x8F" : "\xE2\x9A\xA0");
    ImGui::SameLine(0, em * 0.5f);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(title(w.code));
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::text_dim_after(code_name(w.code), em * 0.6f);
    ImGui::Indent(em * 1.3f);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(warning_message(w, r).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent(em * 1.3f);
    ImGui::EndGroup();
    ui::probe_item(std::string("warning:") + code_name(w.code));
    ImGui::PopID();
    ImGui::Spacing();
  }
}

}  // namespace infercalc
