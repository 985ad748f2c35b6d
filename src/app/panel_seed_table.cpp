// The seed article's GPU table as written (V100, A100, H100, H200; assets/seed_table.csv),
// with its errors and gaps marked: each wrong or missing figure is struck through
// beside the right value, and every cell's note and source show on hover. The
// article's single "relative performance" factor is replaced by infercalc's prefill
// and decode ratios for the current scenario.
#include <imgui.h>

#include <array>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_assets.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/csv.h"
#include "core/gpu.h"

namespace infercalc {
namespace {

using ui::tr;

struct SeedCell {
  std::string written, verdict, correct, gpu_id, note;
};

struct SeedRow {
  std::string id, label, label_ko;
  std::array<SeedCell, 4> cells;  // V100, A100, H100, H200
};

constexpr const char* kColumns[4] = {"V100", "A100", "H100", "H200"};

const std::vector<SeedRow>& seed_rows() {
  static const std::vector<SeedRow> rows = [] {
    std::vector<SeedRow> out;
    auto table = csv::parse(ui::asset("seed_table.csv"));
    if (!table) return out;
    const int c_row = table->column("row"), c_label = table->column("label"), c_ko = table->column("label_ko"),
              c_col = table->column("column"), c_written = table->column("written"),
              c_verdict = table->column("verdict"), c_correct = table->column("correct"), c_gpu = table->column("gpu"),
              c_note = table->column("note");
    if (c_row < 0 || c_label < 0 || c_ko < 0 || c_col < 0 || c_written < 0 || c_verdict < 0 || c_correct < 0 ||
        c_gpu < 0 || c_note < 0)
      return out;
    for (const auto& f : table->rows) {
      auto at = [&](int c) { return f[static_cast<std::size_t>(c)]; };
      if (out.empty() || out.back().id != at(c_row)) out.push_back(SeedRow{at(c_row), at(c_label), at(c_ko), {}});
      for (int k = 0; k < 4; ++k)
        if (at(c_col) == kColumns[k])
          out.back().cells[static_cast<std::size_t>(k)] =
              SeedCell{at(c_written), at(c_verdict), at(c_correct), at(c_gpu), at(c_note)};
    }
    return out;
  }();
  return rows;
}

void struck(const char* s, ImU32 color) {
  ui::text(color, s);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float y = (a.y + b.y) / 2;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), color, std::max(1.0f, ImGui::GetFontSize() / 14));
}

void cell_tooltip(const SeedRow& row, const SeedCell& c, int column) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ui::text_strong((std::string(kColumns[column]) + " \xC2\xB7 " + (ui::language() == ui::Language::English ? row.label : row.label_ko)).c_str());
  ui::explain_row(tr("The article"), c.written);
  if (!c.correct.empty()) ui::explain_row(tr("Correct"), c.correct);
  if (!c.note.empty()) ImGui::TextUnformatted(c.note.c_str());
  if (const Gpu* g = gpu_catalog().find(c.gpu_id))
    ui::explain_note(std::string(tr("Source: ")) + g->name + " \xE2\x80\x94 " + g->source);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void relative_cell(App& app, const SeedRow& row, const SeedCell& c, int column) {
  const std::vector<Relative>& rel = relative_speeds(app);
  const int index = gpu_catalog().index_of(c.gpu_id);
  const Relative r = index >= 0 && static_cast<std::size_t>(index) < rel.size() ? rel[static_cast<std::size_t>(index)]
                                                                               : Relative{};
  struck(c.written.c_str(), ui::palette().text_dim);
  if (r.prefill > 0 && r.decode > 0) {
    ui::text(ui::palette().good, ui::printf_string(tr("prefill %.1fx"), r.prefill).c_str());
    ui::text(ui::palette().good, ui::printf_string(tr("decode %.1fx"), r.decode).c_str());
  } else {
    ui::text_dim(tr("cannot hold the model"));
  }
  (void)row;
  (void)column;
}

}  // namespace

void gpu_view_toggle(App& app) {
  const char* all = tr("All GPUs");
  const char* seed = tr("The article's table");
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(all).x + ImGui::CalcTextSize(seed).x + st.FramePadding.x * 4 + st.ItemSpacing.x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
  const ImVec4 on = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
  for (int i = 0; i < 2; ++i) {
    const bool selected = app.panels.show_seed_table == (i == 1);
    if (i) ImGui::SameLine();
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, on);
    if (ui::small_button(i ? seed : all)) app.panels.show_seed_table = i == 1;
    if (selected) ImGui::PopStyleColor();
    ui::probe_item(i ? "gpu-view:seed" : "gpu-view:all");
  }
}

void draw_seed_table(App& app) {
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  ImGui::PushFont(ui::font(ui::Font::Strong));
  ImGui::TextUnformatted(tr("The seed article's table"));
  ImGui::PopFont();
  ui::text_dim_after(tr("as written (2024-04-08), errors marked"));
  // A phone: the switch on a line of its own, the table scrolls sideways inside itself.
  const bool narrow = narrow_layout();
  if (narrow) ImGui::Spacing();
  gpu_view_toggle(app);

  const std::vector<SeedRow>& rows = seed_rows();
  const ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                 ImGuiTableFlags_ScrollY |
                                 (narrow ? ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit
                                         : ImGuiTableFlags_SizingStretchSame);
  const float notes_h = ImGui::GetTextLineHeightWithSpacing() * 2.2f;
  if (ImGui::BeginTable("seed", 5, kFlags, ImVec2(0, ImGui::GetContentRegionAvail().y - notes_h))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 11);
    for (const char* c : kColumns) ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    for (const SeedRow& row : rows) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      // The article's own Korean label, under the English one or alone in Korean.
      if (ui::language() == ui::Language::English) ImGui::TextUnformatted(row.label.c_str());
      ui::text_dim(row.label_ko.c_str());
      for (int k = 0; k < 4; ++k) {
        const SeedCell& c = row.cells[static_cast<std::size_t>(k)];
        ImGui::TableSetColumnIndex(k + 1);
        ImGui::PushID(k);
        ImGui::BeginGroup();
        if (c.verdict == "computed") {
          relative_cell(app, row, c, k);
        } else if (c.verdict == "wrong" || c.verdict == "missing") {
          struck(c.written.c_str(), pal.seed_wrong);
          ImGui::SameLine();
          ui::text(pal.good, ("\xE2\x86\x92 " + c.correct).c_str());
        } else if (c.verdict == "partly") {
          ui::text(pal.tight, (c.written + " *").c_str());
          ImGui::PushTextWrapPos(0);
          ui::text_dim(c.correct.c_str());
          ImGui::PopTextWrapPos();
        } else {
          ImGui::TextUnformatted(c.written.c_str());
        }
        ImGui::EndGroup();
        ui::probe_item("seed:" + row.id + ":" + kColumns[k]);
        cell_tooltip(row, c, k);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  ui::text_dim(tr("Struck through in red: wrong or missing in the article, with the right value. * = true of one "
                  "variant only. Relative performance: infercalc's prefill and decode speed per GPU against a V100 "
                  "SXM2 32GB for the current scenario. Hover a cell for its source."));
  ImGui::PopTextWrapPos();
}

}  // namespace infercalc
