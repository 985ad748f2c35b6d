// Memory fit: the per-GPU memory of the scenario as a stacked bar (weights, KV cache,
// activations, runtime reserve, free) against capacity; the same model on every GPU
// type with the fewest GPUs each needs (fewest_gpus); the longest input and the
// largest concurrency that fit. Recomputed only when the scenario changes.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/engine.h"
#include "core/formats.h"
#include "core/gpu.h"
#include "core/report.h"
#include "core/scenario_check.h"
#include "core/ui_support.h"
#include "platform/platform.h"

namespace infercalc {

namespace {

using ui::tr;

enum Part { kWeights, kKv, kActivations, kReserved, kFree };

const char* part_label(int part) {
  switch (part) {
    case kWeights: return tr("Weights");
    case kKv: return tr("KV cache");
    case kActivations: return tr("Activations");
    case kReserved: return tr("Reserved");
    default: return tr("Free");
  }
}

ImU32 part_color(int part) {
  const ui::Palette& p = ui::palette();
  switch (part) {
    case kWeights: return p.weights;
    case kKv: return p.kv_cache;
    case kActivations: return p.activations;
    case kReserved: return p.reserved;
    default: return p.free_mem;
  }
}

double part_bytes(int part, const Result& r) {
  switch (part) {
    case kWeights: return r.weights_bytes;
    case kKv: return r.kv_cache_bytes;
    case kActivations: return r.activation_bytes;
    case kReserved: return r.reserved_bytes;
    default: return std::max(0.0, r.capacity_bytes - r.total_bytes);
  }
}

MemoryViews compute_views(const Scenario& s) {
  MemoryViews v;
  for (const Gpu& g : gpu_catalog().gpus) v.fits.push_back(fewest_gpus(s, g.id));
  v.longest_input = longest_input_that_fits(s);
  v.largest_batch = largest_batch_that_fits(s);
  return v;
}

void legend(const Scenario& s, const Result& r) {
  const float em = ImGui::GetFontSize();
  for (int part = kWeights; part <= kFree; ++part) {
    const std::string value = format_gib(part_bytes(part, r));
    // Swatch, label and value stay together; the parts wrap on a narrow screen.
    const float w = em + ImGui::CalcTextSize(part_label(part)).x + ImGui::CalcTextSize(value.c_str()).x + em;
    if (part > kWeights) ui::same_line_or_wrap(w, em * 1.2f);
    ImGui::BeginGroup();
    ui::legend_item(part_color(part), part_label(part));
    ImGui::SameLine();
    ui::text_strong(value.c_str());
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) memory_part_tooltip(part, s, r);
  }
}

// Pin in the summary: the pinned setup's bar under the current one, on the same scale
// (each bar is its own GPU's capacity), and each part's change, current - pinned.
void pinned_bars(App& app, const Result& r, float em) {
  const Scenario& a = *app.pinned;
  const Result& pr = pinned_result(app);
  ImGui::Spacing();
  ui::text_dim(ui::printf_string(tr("Pinned setup: %s of %s per GPU"), format_gib(pr.total_bytes).c_str(),
                                 format_gib(pr.usable_bytes).c_str())
                   .c_str());
  const int part = memory_bar("memory-bar-pinned", pr, em * 1.0f);
  ui::probe_item("memory-bar-pinned");
  if (part >= 0) memory_part_tooltip(part, a, pr);
  // Each part's change; only the total is better or worse (a bigger KV cache is room, not
  // waste). Items move to the next line when the row is full.
  const MetricDiff total{"total_bytes_per_gpu", "Memory per GPU", pr.total_bytes, r.total_bytes, true, true};
  ui::text_strong(tr("Change:"));
  ImGui::SameLine();
  ui::text(delta_colour(total), format_delta(total).c_str());
  ui::probe_item("memory:pinned-change");
  for (int p = kWeights; p <= kFree; ++p) {
    const MetricDiff d{"part_bytes", part_label(p), part_bytes(p, pr), part_bytes(p, r), true, true};
    const std::string value = format_delta(d);
    const float w = em * 1.5f + ImGui::CalcTextSize(part_label(p)).x + ImGui::CalcTextSize(value.c_str()).x;
    ui::same_line_or_wrap(w, em);
    ImGui::BeginGroup();
    ui::legend_item(part_color(p), part_label(p));
    ImGui::SameLine();
    ui::text_dim(value.c_str());
    ImGui::EndGroup();
  }
}

void use_fit(App& app, const Gpu& g, const FitOnGpu& f) {
  Scenario s = app.scenario;
  s.gpu_id = g.id;
  s.gpus = f.gpus;
  s.tp = f.tp;
  s.pp = f.pp;
  s.ep = 1;
  s.dp_attention = false;  // the fits are computed without it
  if (validate(s)) return;
  app_set_scenario(app, s);
  platform::announce(std::to_string(f.gpus) + " x " + g.name);
}

void every_gpu_table(App& app, const MemoryViews& v) {
  const GpuCatalog& cat = gpu_catalog();
  const float em = ImGui::GetFontSize();
  // Narrow screens: the bar gets a fixed width and the table scrolls sideways inside
  // itself, the GPU column frozen, instead of squeezing the bar to nothing.
  const bool narrow = narrow_layout();
  const ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                 ImGuiTableFlags_SizingFixedFit | (narrow ? ImGuiTableFlags_ScrollX : 0);
  // The rest of the tab, but never less than 18 lines: on a phone the waterfall above
  // leaves no room on the first screen, and a table sized to what is left would be
  // squeezed to nothing, out of reach of the tab's own scrolling.
  const float height = std::max(ImGui::GetContentRegionAvail().y, em * 18);
  if (!ImGui::BeginTable("every-gpu", 4, kFlags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(narrow ? 1 : 0, 1);
  ImGui::TableSetupColumn(tr("GPU"), ImGuiTableColumnFlags_WidthFixed, em * (narrow ? 8 : 11));
  ImGui::TableSetupColumn(tr("Fewest"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn(tr("Memory per GPU"), narrow ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                          em * 8);
  ImGui::TableSetupColumn(tr("Used / capacity"), ImGuiTableColumnFlags_WidthFixed, em * 9.5f);
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < cat.gpus.size() && i < v.fits.size(); ++i) {
    const Gpu& g = cat.gpus[i];
    if (!gpu_filter_shows(app.gpu_table, g)) continue;  // the GPU table's class/vendor filter
    const FitOnGpu& f = v.fits[i];
    ImGui::TableNextRow();
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableSetColumnIndex(0);
    const bool current = g.id == app.scenario.gpu_id;
    ImGui::PushFont(ui::font(current ? ui::Font::Strong : ui::Font::Body));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(g.name.c_str());
    ui::probe_item("fit-row:" + g.id);
    ImGui::PopFont();
    ImGui::TableSetColumnIndex(1);
    if (f.gpus == 0) {
      ImGui::AlignTextToFramePadding();
      ui::text(ui::palette().bad, tr("not in 64"));
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Does not fit in 64 GPUs of this type (TP up to a node, then PP)."));
    } else {
      const std::string label = std::to_string(f.gpus) + " x";
      if (ImGui::Button(label.c_str(), ImVec2(em * 3.2f, 0))) use_fit(app, g, f);
      ui::probe_item("fit:" + g.id);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("Use %d x %s (TP %d, PP %d)"), static_cast<int>(f.gpus), g.name.c_str(),
                          static_cast<int>(f.tp), static_cast<int>(f.pp));
      ImGui::SameLine();
      ui::text_dim(ui::printf_string("%lldx%lld", static_cast<long long>(f.tp), static_cast<long long>(f.pp)).c_str());
    }
    ImGui::TableSetColumnIndex(2);
    if (f.gpus > 0) {
      const int part = memory_bar("bar", f.result, ImGui::GetFrameHeight() * 0.6f);
      if (part >= 0) memory_part_tooltip(part, app.scenario, f.result);
    }
    ImGui::TableSetColumnIndex(3);
    ImGui::AlignTextToFramePadding();
    if (f.gpus > 0) ImGui::TextUnformatted((format_gib(f.result.total_bytes) + " / " + format_gib(f.result.capacity_bytes)).c_str());
    else ui::text_dim(ui::printf_string("%.0f GB", g.memory_gb).c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

int memory_bar(const char* id, const Result& r, float height, float width) {
  const MemoryShares m = memory_shares(r);
  const std::vector<ui::BarPart> parts = {
      {m.weights, part_color(kWeights), part_label(kWeights)},
      {m.kv_cache, part_color(kKv), part_label(kKv)},
      {m.activations, part_color(kActivations), part_label(kActivations)},
      {m.reserved, part_color(kReserved), part_label(kReserved)},
  };
  return ui::stacked_bar(id, ImVec2(width, height), parts, m.usable < 1 ? m.usable : -1);
}

// The engine's own accounting (core engine_memory.cpp), from total memory down to the KV
// pool, each step with the engine source it follows: the same steps `infercalc estimate` prints.
void accounting_rows(const Result& r) {
  if (r.memory_step_count <= 0) return;
  ImGui::Spacing();
  ui::text_strong(tr("The engine's accounting, per GPU"));
  ui::explain_row(tr("Total memory"), format_gib(r.capacity_bytes));
  for (int i = 0; i < r.memory_step_count; ++i)
    ui::explain_row((std::string("- ") + tr(r.memory_steps[i].label)).c_str(), format_gib(r.memory_steps[i].bytes));
  ui::explain_row(r.has_kv_pool ? tr("= KV pool") : tr("= room for the KV cache"),
                  format_gib(r.kv_pool_bytes) + " = " + ui::format_count(r.max_kv_tokens) + " " + tr("tokens"));
  for (int i = 0; i < r.memory_step_count; ++i)
    ui::explain_note(std::string(tr(r.memory_steps[i].label)) + ": " + r.memory_steps[i].source);
}

namespace {

ImU32 step_color(StepKind k) {
  switch (k) {
    case StepKind::Headroom: return part_color(kFree);
    case StepKind::Weights: return part_color(kWeights);
    case StepKind::Activations: return part_color(kActivations);
    default: return part_color(kReserved);
  }
}

// The engine's accounting as a waterfall: total memory on the first row, each step a bar that
// takes its bytes off what is left, the KV pool on the last row; hover a row for its source.
// Rows stack vertically at every width; on a narrow screen (a phone) the label sits above its
// bar instead of beside it, so the bars keep the whole width.
void waterfall(const Result& r, const Gpu* g) {
  const int steps = r.memory_step_count;
  if (steps <= 0 || !(r.capacity_bytes > 0)) return;
  const float em = ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool narrow = avail < em * 32;
  const float label_w = narrow ? 0 : std::min(em * 17, avail * 0.4f);
  const float value_w = em * 6;
  const float bar_w = std::max(em * 4, avail - label_w - value_w);
  const float bar_h = ImGui::GetTextLineHeight() * 0.7f;
  const double total = r.capacity_bytes;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  double left = total;
  for (int i = 0; i <= steps + 1; ++i) {
    const bool first = i == 0, last = i == steps + 1;
    const MemoryStep* st = first || last ? nullptr : &r.memory_steps[i - 1];
    const double bytes = first ? total : last ? r.kv_pool_bytes : st->bytes;
    const double hi = first ? total : last ? r.kv_pool_bytes : left;
    const double lo = first || last ? 0 : std::max(0.0, left - bytes);
    if (st) left = lo;
    const std::string label = first ? tr("Total memory") : last ? (r.has_kv_pool ? tr("= KV pool") : tr("= room for the KV cache"))
                                                                : std::string("- ") + tr(st->label);
    const ImU32 color = first ? part_color(kFree) : last ? part_color(kKv) : step_color(st->kind);
    ImGui::PushID(i);
    ImGui::BeginGroup();
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    if (narrow) {  // label and value on one line, the bar below at full width
      ImGui::TextUnformatted(label.c_str());
      ImGui::SameLine();
      ui::text_strong(format_gib(bytes).c_str());
    } else {  // label (clipped to its column), bar, value on one line
      ImGui::PushClipRect(row, ImVec2(row.x + label_w - em * 0.5f, row.y + line), true);
      ImGui::TextUnformatted(label.c_str());
      ImGui::PopClipRect();
      ImGui::SetCursorScreenPos(ImVec2(row.x + label_w, row.y));
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(bar_w, narrow ? bar_h : line));
    const float top = p.y + (narrow ? 0 : (line - bar_h) * 0.5f);
    const auto x = [&](double v) { return p.x + static_cast<float>(std::clamp(v / total, 0.0, 1.0)) * bar_w; };
    dl->AddRectFilled(ImVec2(p.x, top), ImVec2(p.x + bar_w, top + bar_h), ui::palette().grid);
    dl->AddRectFilled(ImVec2(x(lo), top), ImVec2(std::max(x(hi), x(lo) + 1), top + bar_h), color, 2);
    if (!narrow) {
      ImGui::SameLine(0, em * 0.5f);
      ImGui::TextUnformatted(format_gib(bytes).c_str());
    }
    ImGui::EndGroup();
    ui::probe_item("waterfall:" + std::to_string(i));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(em * 34);
      ui::text_strong((label + ": " + format_gib(bytes)).c_str());
      if (first && g) ui::explain_note(g->name + " \xE2\x80\x94 " + g->usable_memory_source);
      if (st) ui::explain_note(st->source);
      if (last) ui::explain_note(ui::format_count(r.max_kv_tokens) + " " + tr("tokens") + "; " +
                                 tr("what the steps above leave, in whole blocks"));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  if (r.cuda_graph_bytes > 0 && !r.cuda_graphs_in_budget)
    ui::explain_note(ui::printf_string(tr("CUDA graphs, captured after the pool: about %s more, out of the headroom "
                                          "(engine_memory.cpp graph_capture_bytes)"),
                                       format_gib(r.cuda_graph_bytes).c_str()));
}

}  // namespace

void memory_part_tooltip(int part, const Scenario& s, const Result& r) {
  const ModelArch* m = resolve_model(s);
  const Gpu* g = resolve_gpu(s);
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  ui::text_strong((std::string(part_label(part)) + ": " + format_gib(part_bytes(part, r)) + " " + tr("per GPU")).c_str());
  switch (part) {
    case kWeights:
      ui::explain_row(tr("Parameters"), format_params(r.total_params));
      ui::explain_row(tr("Format"), std::string(name(r.weights)) + ", " +
                                        ui::printf_string("%.4g", bytes_per_param(r.weights)) + " " + tr("bytes/param"));
      ui::explain_row(tr("Split"), ui::printf_string("TP %lld x PP %lld", static_cast<long long>(s.tp),
                                                      static_cast<long long>(s.pp)));
      if (m && m->moe.is_moe() && s.ep > 1)
        ui::explain_row(tr("Experts split"), ui::printf_string("EP %lld", static_cast<long long>(s.ep)));
      ui::explain_note(tr("Layers divide over TP x PP; routed experts over max(TP, EP); the embedding and LM head "
                          "stay at 16 bits (GGUF: quantised) and sit on the first and last stage. Norms and routers "
                          "stay at 16 bits."));
      break;
    case kKv:
      ui::explain_row(tr("Per token"), ui::format_count(r.kv_bytes_per_token) + " B " + tr("(all layers)"));
      ui::explain_row(tr("Per token, this GPU"), ui::format_count(r.kv_bytes_per_token_per_gpu) + " B");
      ui::explain_row(tr("Per sequence"), format_gib(r.kv_bytes_per_sequence_per_gpu) + " (" +
                                              ui::format_count(static_cast<double>(s.input_tokens + s.output_tokens)) +
                                              " " + tr("tokens") + ")");
      if (r.state_bytes_per_sequence > 0)  // hybrid layers: fixed per sequence, inside "Per sequence"
        ui::explain_row(tr("State per sequence"), ui::format_count(r.state_bytes_per_sequence_per_gpu) + " B " +
                                                      tr("(fixed, hybrid layers)"));
      ui::explain_row(tr("Sequences"), std::to_string(r.batch));
      ui::explain_row(tr("KV dtype"), std::string(name(s.kv)));
      ui::explain_row(tr("Pool"), format_gib(r.kv_pool_bytes) + " = " + ui::format_count(r.max_kv_tokens) + " " + tr("tokens"));
      ui::explain_note(tr("Split by TP over KV heads (replicated when TP exceeds them), capped at the window for "
                          "sliding-window layers, rounded up to the engine's blocks."));
      break;
    case kActivations:
      ui::explain_row(tr("Prefill chunk"), ui::format_count(static_cast<double>(r.engine.max_num_batched_tokens)) + " " +
                                               tr("tokens"));
      ui::explain_row(tr("FlashAttention"), r.flash_attention ? tr("yes") : tr("no: scores materialised"));
      ui::explain_note(tr("Workspace of one prefill chunk and the logits buffer."));
      break;
    case kReserved:
      accounting_rows(r);
      break;
    default:
      ui::explain_row(tr("Capacity"), format_gib(r.capacity_bytes));
      ui::explain_row(tr("Engine may use"), format_gib(r.usable_bytes));
      ui::explain_note(tr("The white tick marks the engine's memory fraction; the KV pool fills the room up to it."));
      accounting_rows(r);
      break;
  }
  if (g) ui::explain_note(std::string(tr("Capacity: ")) + g->name + " \xE2\x80\x94 " + g->usable_memory_source);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void draw_memory(App& app) {
  const Scenario& s = app.scenario;
  const Result& r = current_result(app);
  const float em = ImGui::GetFontSize();
  ui::heading(tr("Memory per GPU"));
  ui::text_dim_after(tr("(the most loaded GPU of a replica)"));
  const int part = memory_bar("memory-bar", r, em * 1.5f);
  ui::probe_item("memory-bar");
  if (part >= 0) memory_part_tooltip(part, s, r);
  legend(s, r);
  if (app.pinned) pinned_bars(app, r, em);
  ImGui::Spacing();
  ui::text_strong(tr("The engine's accounting, per GPU"));
  waterfall(r, resolve_gpu(s));
  ImGui::Spacing();

  const MemoryViews& v = app.panels.memory.get(s, [&] { return compute_views(s); });
  const std::string longest = v.longest_input > 0
                                  ? ui::format_count(static_cast<double>(v.longest_input)) + " " + tr("tokens")
                                  : std::string(tr("none"));
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr("Longest input that fits:"));
  ImGui::SameLine();
  ui::text_strong(longest.c_str());
  ui::text_dim_after(ui::printf_string(tr("(output %lld, concurrency %s)"), static_cast<long long>(s.output_tokens),
                                       s.batch_max ? "max" : std::to_string(s.batch).c_str())
                         .c_str());
  ImGui::EndGroup();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("The longest prompt for which weights, the KV cache of every sequence, activations and "
                               "the reserve still fit, output length and concurrency as set (a binary search over "
                               "the estimate)."));
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr("Largest concurrency that fits:"));
  ImGui::SameLine();
  ui::text_strong(v.largest_batch > 0 ? ui::format_count(static_cast<double>(v.largest_batch)).c_str() : tr("none"));
  ui::text_dim_after(ui::printf_string(tr("(sequences of %lld tokens; the engine caps at %.0f)"),
                                       static_cast<long long>(s.input_tokens + s.output_tokens),
                                       r.seq_cap)
                         .c_str());
  ImGui::EndGroup();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("What concurrency \"max\" resolves to: the sequences of input + output tokens the KV "
                               "pool holds, capped by the engine's limit on concurrent sequences."));
  ImGui::Spacing();
  ui::heading(tr("The same model on every GPU"));
  ui::text_dim_after(ui::printf_string(tr("fewest GPUs that hold it (computed in %s); click to use"),
                                       ui::format_compute_ms(app.panels.memory.compute_ms()).c_str())
                         .c_str());
  gpu_filter_controls(app.gpu_table);  // the same filter as the GPU table
  every_gpu_table(app, v);
}

}  // namespace infercalc
