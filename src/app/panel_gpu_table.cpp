#include "app/panel_gpu_table.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/explore.h"
#include "core/gpu.h"
#include "core/order.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

enum Column {
  kName, kRelPrefill, kRelDecode, kYear, kMemory, kBandwidth, kFp16, kBf16, kFp8, kInt8, kFp4, kLink, kPcie, kTdp,
  kHasBf16, kHasFa2, kHasFp8, kHasFp4, kColumnCount
};

struct ColumnInfo {
  const char* id;       // for ui_probe: "gpu-column:<id>"
  const char* header;   // name, and the unit on a second line
  const char* tooltip;
};

const ColumnInfo kColumns[kColumnCount] = {
    {"name", "GPU", "Hover a row for the sources of its figures; click it to select that GPU."},
    {"vs-v100-prefill", "vs V100\nprefill",
     "Prefill speed (prompt tokens/s per GPU) relative to a V100 SXM2 32GB, for this scenario's model, formats, "
     "lengths and concurrency, each GPU type on the fewest GPUs that hold the model. Prefill is compute-bound: it "
     "follows the tensor rate. \xE2\x80\x94 = one of the two cannot hold the model in 64 GPUs."},
    {"vs-v100-decode", "vs V100\ndecode",
     "Decode speed (tokens/s per user, per GPU) relative to a V100 SXM2 32GB for this scenario, each GPU type on "
     "the fewest GPUs that hold the model. Decode at small batch is bandwidth-bound: it follows memory bandwidth, "
     "not the tensor rate. \xE2\x80\x94 = one of the two cannot hold the model in 64 GPUs."},
    {"year", "Year", "Year of release."},
    {"memory", "Memory\nGB", "Memory on the datasheet, GB. Hover a row for what the driver leaves usable."},
    {"bandwidth", "Bandwidth\nGB/s", "Memory bandwidth, GB/s (10^9 bytes per second): what bounds decode speed."},
    {"fp16", "FP16\nTFLOPS", "Dense FP16 tensor-core rate, TFLOPS (without 2:4 sparsity)."},
    {"bf16", "BF16\nTFLOPS", "Dense BF16 tensor-core rate, TFLOPS. \xE2\x80\x94 = no BF16 tensor cores."},
    {"fp8", "FP8\nTFLOPS", "Dense FP8 tensor-core rate, TFLOPS. \xE2\x80\x94 = no FP8 tensor cores."},
    {"int8", "INT8\nTOPS", "Dense INT8 tensor-core rate, TOPS. \xE2\x80\x94 = no INT8 tensor cores."},
    {"fp4", "FP4\nTFLOPS", "Dense FP4 tensor-core rate, TFLOPS. \xE2\x80\x94 = no FP4 tensor cores."},
    {"link", "GPU link\nGB/s", "GPU-to-GPU link (NVLink, Infinity Fabric), total of both directions per GPU, GB/s.\n"
     "\xE2\x80\x94 = none: GPUs talk over PCIe."},
    {"pcie", "PCIe\nGB/s", "Host link, total of both directions, GB/s."},
    {"tdp", "TDP\nW", "Board power, W."},
    {"has-bf16", "Has\nBF16", "BF16 arithmetic: NVIDIA compute capability 8.0 (Ampere) or newer; AMD CDNA."},
    {"has-fa2", "Has\nFA2", "FlashAttention 2: NVIDIA compute capability 8.0 (Ampere) or newer; AMD CDNA3 (ROCm).\n"
     "Without it attention materialises its score matrix: more memory, slower prefill."},
    {"has-fp8", "Has\nFP8", "FP8 tensor cores: compute capability 8.9 (Ada) / 9.0 (Hopper) or newer; AMD CDNA3."},
    {"has-fp4", "Has\nFP4", "FP4 tensor cores: Blackwell (compute capability 10.0) and newer."},
};

const char* const kDash = "\xE2\x80\x94";   // shown for 0: not supported or not published
const char* const kCheck = "\xE2\x9C\x93";  // supported

double value(const Gpu& g, const Relative& rel, int column) {
  switch (column) {
    case kRelPrefill: return rel.prefill;
    case kRelDecode: return rel.decode;
    case kYear: return g.release_year;
    case kMemory: return g.memory_gb;
    case kBandwidth: return g.mem_bw_gbs;
    case kFp16: return g.fp16_tflops;
    case kBf16: return g.bf16_tflops;
    case kFp8: return g.fp8_tflops;
    case kInt8: return g.int8_tops;
    case kFp4: return g.fp4_tflops;
    case kLink: return g.gpu_link_gbs_bidir;
    case kPcie: return g.pcie_gbs_bidir;
    case kTdp: return g.tdp_w;
    case kHasBf16: return g.has_bf16();
    case kHasFa2: return g.has_flash_attention2();
    case kHasFp8: return g.has_fp8();
    case kHasFp4: return g.has_fp4();
    default: return 0;
  }
}

// 3350 -> "3,350"; 15.7 -> "15.7"; 80 -> "80". Figures of 100 and more are shown whole.
std::string format_figure(double v) {
  char buf[32];
  if (v < 100) {
    std::snprintf(buf, sizeof buf, v == std::floor(v) ? "%.0f" : "%.1f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
  std::string digits = buf, out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void right_aligned(const char* text, const ImVec4* color = nullptr) {
  const float w = ImGui::CalcTextSize(text).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (color)
    ImGui::TextColored(*color, "%s", text);
  else
    ImGui::TextUnformatted(text);
}

const ImVec4 kDim(0.50f, 0.53f, 0.58f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.55f, 1.0f);

void figure_cell(double v) {
  if (v > 0)
    right_aligned(format_figure(v).c_str());
  else
    right_aligned(kDash, &kDim);
}

void flag_cell(bool on) {
  const char* text = on ? kCheck : kDash;
  const float w = ImGui::CalcTextSize(text).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) / 2);
  ImGui::PushFont(ui::font(ui::Font::Strong));  // Inter's regular check mark is hairline-thin
  ImGui::TextColored(on ? kGood : kDim, "%s", text);
  ImGui::PopFont();
}

int group_rank(const Gpu& g) {
  int vendor = 4, cls = 4;
  for (int i = 0; i < 4; ++i) {
    if (g.vendor == kGpuVendors[i]) vendor = i;
    if (g.gpu_class == kGpuClasses[i]) cls = i;
  }
  return vendor * 8 + cls;
}

void sort_rows(std::vector<int>& order, const GpuCatalog& cat, const std::vector<Relative>& rel,
               const ImGuiTableSortSpecs* specs) {
  order.resize(cat.gpus.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  // Grouped by vendor, then class; the sort columns order the rows within each group.
  stable_sort_by(order, [&](int a, int b) {
    return group_rank(cat.gpus[static_cast<std::size_t>(a)]) < group_rank(cat.gpus[static_cast<std::size_t>(b)]);
  });
  stable_sort_by(order, [&](int a, int b) {
    const Gpu& ga = cat.gpus[static_cast<std::size_t>(a)];
    const Gpu& gb = cat.gpus[static_cast<std::size_t>(b)];
    const int ga_rank = group_rank(ga), gb_rank = group_rank(gb);
    if (ga_rank != gb_rank) return ga_rank < gb_rank;
    for (int i = 0; i < specs->SpecsCount; ++i) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
      int cmp = 0;
      if (s.ColumnIndex == kName) {
        cmp = ga.name.compare(gb.name);
      } else {
        const double va = value(ga, rel[static_cast<std::size_t>(a)], s.ColumnIndex);
        const double vb = value(gb, rel[static_cast<std::size_t>(b)], s.ColumnIndex);
        cmp = va < vb ? -1 : va > vb ? 1 : 0;
      }
      if (cmp != 0) return s.SortDirection == ImGuiSortDirection_Ascending ? cmp < 0 : cmp > 0;
    }
    return false;
  });
}

void row_tooltip(const Gpu& g, const Relative& rel) {
  const float em = ImGui::GetFontSize();
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(em * 32);
  ImGui::PushFont(ui::font(ui::Font::Strong));
  ImGui::TextUnformatted(g.name.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s %s \xC2\xB7 compute capability %s \xC2\xB7 %s \xC2\xB7 %d \xC2\xB7 %s", g.vendor.c_str(),
                      g.arch.c_str(), g.compute_capability.c_str(), g.form_factor.c_str(), g.release_year,
                      g.gpu_class.c_str());
  if (g.is_apple())
    ImGui::TextUnformatted(ui::tr("Unified memory: counts what macOS lets the GPU wire (about 3/4 of RAM). "
                                  "Engines: llama.cpp and MLC (Metal) only."));
  ImGui::Text(ui::tr("Memory: %s GB %s; usable %.1f GiB"), format_figure(g.memory_gb).c_str(), g.memory_type.c_str(),
              g.usable_memory_bytes / (1024.0 * 1024.0 * 1024.0));
  if (!g.usable_memory_source.empty()) ImGui::TextDisabled(ui::tr("Usable memory: %s"), g.usable_memory_source.c_str());
  ImGui::Text(ui::tr("GPU link: %s"), g.gpu_link.empty() ? ui::tr("none") : g.gpu_link.c_str());
  ImGui::Spacing();
  if (rel.prefill > 0 && rel.decode > 0)
    ImGui::Text(ui::tr("This scenario vs a V100 SXM2 32GB, per GPU: prefill %.1fx, decode %.1fx"), rel.prefill,
                rel.decode);
  else
    ImGui::TextUnformatted(ui::tr("This scenario vs a V100: one of the two cannot hold the model in 64 GPUs."));
  ImGui::Text(ui::tr("Source: %s"), g.source.c_str());
  if (!g.notes.empty()) {
    ImGui::Text(ui::tr("Notes: %s"), g.notes.c_str());
    ui::probe_item("gpu-tooltip-notes:" + g.id);
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void select_gpu(App& app, const Gpu& g) {
  if (app.scenario.gpu_id == g.id) return;
  Scenario s = app.scenario;
  s.gpu_id = g.id;
  app_set_scenario(app, s);
  platform::announce("Selected " + g.name + ": " + format_figure(g.memory_gb) + " GB, " +
                     format_figure(g.mem_bw_gbs) + " GB/s");
}

void relative_cell(double v) {
  if (v > 0)
    right_aligned(ui::printf_string(v >= 10 ? "%.0fx" : "%.1fx", v).c_str());
  else
    right_aligned(kDash, &kDim);
}

}  // namespace

bool gpu_filter_shows(const GpuTablePanel& p, const Gpu& g) {
  if (p.class_filter > 0 && g.gpu_class != kGpuClasses[p.class_filter - 1]) return false;
  if (p.vendor_filter > 0 && g.vendor != kGpuVendors[p.vendor_filter - 1]) return false;
  return true;
}

void gpu_filter_controls(GpuTablePanel& p) {
  const float em = ImGui::GetFontSize();
  static const char* const kClassLabels[] = {"All classes", "Datacenter", "Workstation", "Consumer", "Apple"};
  static const char* const kVendorLabels[] = {"All vendors", "NVIDIA", "AMD", "Intel", "Apple"};
  ImGui::SetNextItemWidth(em * 9);
  if (ImGui::BeginCombo("##gpu-class", ui::tr(kClassLabels[p.class_filter]))) {
    for (int i = 0; i < 5; ++i) {
      if (ui::selectable(ui::tr(kClassLabels[i]), i == p.class_filter)) p.class_filter = i;
      ui::probe_item("gpu-filter:class=" + std::to_string(i));
    }
    ImGui::EndCombo();
  }
  ui::probe_item("gpu-filter:class");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 9);
  if (ImGui::BeginCombo("##gpu-vendor", ui::tr(kVendorLabels[p.vendor_filter]))) {
    for (int i = 0; i < 5; ++i) {
      if (ui::selectable(ui::tr(kVendorLabels[i]), i == p.vendor_filter)) p.vendor_filter = i;
      ui::probe_item("gpu-filter:vendor=" + std::to_string(i));
    }
    ImGui::EndCombo();
  }
  ui::probe_item("gpu-filter:vendor");
}

const std::vector<Relative>& relative_speeds(App& app) {
  return app.panels.relative.get(app.scenario, [&] {
    std::vector<Relative> out;
    for (const Gpu& g : gpu_catalog().gpus) out.push_back(relative_speed(app.scenario, g.id));
    return out;
  });
}

void draw_gpu_table(App& app) {
  const GpuCatalog& cat = gpu_catalog();
  ImGui::PushFont(ui::font(ui::Font::Strong));
  ImGui::TextUnformatted(ui::tr("GPU specifications"));
  ImGui::PopFont();
  const char* about = ui::tr("%zu GPUs \xC2\xB7 dense rates, no sparsity \xC2\xB7 click a row to select it");
  std::size_t shown = 0;
  for (const Gpu& g : cat.gpus) shown += gpu_filter_shows(app.gpu_table, g) ? 1 : 0;
  if (narrow_layout()) {
    // A phone: the switch on a line of its own, the description wrapped below it.
    ImGui::Spacing();
    gpu_view_toggle(app);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(about, shown);
    ImGui::PopStyleColor();
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled(about, shown);
    gpu_view_toggle(app);
  }
  gpu_filter_controls(app.gpu_table);
  const std::vector<Relative>& rel = relative_speeds(app);
  const bool relative_changed = app.gpu_table.relative_generation != app.panels.relative.generation();
  app.gpu_table.relative_generation = app.panels.relative.generation();

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate |
                                     ImGuiTableFlags_SortMulti | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                     ImGuiTableFlags_SizingFixedFit;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ui::probe_rect("gpu-table", origin.x, origin.y, origin.x + avail.x, origin.y + avail.y);
  // One table per language: its columns fit their headers when first shown.
  if (!ImGui::BeginTable(ui::language() == ui::Language::Korean ? "gpus-ko" : "gpus", kColumnCount, kFlags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (int c = 0; c < kColumnCount; ++c) {
    ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_PreferSortDescending;
    if (c == kName) flags = ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_NoReorder;
    ImGui::TableSetupColumn(ui::tr(kColumns[c].header), flags);
  }

  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs && (specs->SpecsDirty || relative_changed || app.gpu_table.order.size() != cat.gpus.size())) {
    sort_rows(app.gpu_table.order, cat, rel, specs);
    specs->SpecsDirty = false;
  }

  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::PushFont(ui::font(ui::Font::Strong));
  // Each sortable header reserves room for its arrow plus FramePadding.x: keep that small.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetFontSize() * 0.1f, ImGui::GetStyle().FramePadding.y));
  for (int c = 0; c < kColumnCount; ++c) {
    if (!ImGui::TableSetColumnIndex(c)) continue;
    ImGui::PushID(c);
    ImGui::TableHeader(ImGui::TableGetColumnName(c));
    ImGui::PopID();
    ui::probe_item(std::string("gpu-column:") + kColumns[c].id);
    if (ImGui::IsItemHovered()) {
      ImGui::PushFont(ui::font(ui::Font::Body));
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::SetTooltip("%s", ui::tr(kColumns[c].tooltip));
      ImGui::PopTextWrapPos();
      ImGui::PopFont();
    }
  }
  ImGui::PopStyleVar();
  ImGui::PopFont();

  for (int index : app.gpu_table.order) {
    const Gpu& g = cat.gpus[static_cast<std::size_t>(index)];
    if (!gpu_filter_shows(app.gpu_table, g)) continue;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(kName);
    const bool selected = g.id == app.scenario.gpu_id;
    if (ui::row_selectable(g.name.c_str(), selected)) select_gpu(app, g);
    ui::probe_item("gpu-row:" + g.id);
    if (ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      row_tooltip(g, rel[static_cast<std::size_t>(index)]);
    }
    for (int c = kRelPrefill; c < kColumnCount; ++c) {
      if (!ImGui::TableSetColumnIndex(c)) continue;
      if (c == kRelPrefill || c == kRelDecode)
        relative_cell(value(g, rel[static_cast<std::size_t>(index)], c));
      else if (c == kYear)
        ImGui::Text("%d", g.release_year);
      else if (c >= kHasBf16)
        flag_cell(value(g, rel[static_cast<std::size_t>(index)], c) != 0);
      else
        figure_cell(value(g, rel[static_cast<std::size_t>(index)], c));
    }
  }
  ImGui::EndTable();
}

}  // namespace infercalc
