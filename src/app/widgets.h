// Widgets the panels share, drawn straight with ImDrawList and sized in multiples of
// the font size: stacked memory bars, line charts with axes, values with their
// bands, and the explanation tooltips every number carries.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/estimate.h"
#include "core/ui_support.h"
#include "platform/platform.h"

namespace infercalc::ui {

// --- Text -------------------------------------------------------------------------
void text(ImU32 color, const char* s);
void text_dim(const char* s);
void text_strong(const char* s);
// `s` in the Big font, or the Title font when it holds characters Big lacks (Hangul).
void big_text(const char* s, ImU32 color);
// A section heading inside a panel.
void heading(const char* s);
void help_marker(const char* tooltip);
std::string printf_string(const char* format, ...) IM_FMTARGS(1);

// "131,072"; "1.2 M" above ten million.
std::string format_count(double n);
// "8k", "128k", "1M" for token counts that are powers of two (heatmap axes).
std::string format_tokens_short(int64_t n);
std::string format_usd(double usd);
// How long a view took to compute: "1.7 ms", or "< 0.1 ms" (browsers coarsen timers to 0.1 ms).
std::string format_compute_ms(double ms);
std::string format_band_ms(const Band& b);
std::string format_band_rate(const Band& b);

// --- Flow on narrow screens ------------------------------------------------------------
// Before an item `next_w` wide that follows the last one: on the same line when it fits
// in the window, else at the start of the next (legends and notes on a phone).
void same_line_or_wrap(float next_w, float spacing = -1);
// After the last item: `s` dim, on the same line when it fits, else on the next line,
// wrapped at the window's edge.
void text_dim_after(const char* s, float spacing = -1);

// --- Touch-sized controls -------------------------------------------------------------
// A list entry (combo boxes, menus): on touch screens as tall as a frame, 44 CSS px
// (theme.cpp); with a mouse ImGui's own. Not for table rows: their cell padding makes
// them as tall already.
bool selectable(const char* label, bool selected = false, float width = 0);
// A table row that selects (ImGuiSelectableFlags_SpanAllColumns). On touch screens the
// whole row reacts, the cell padding above and below its label too (44 CSS px).
bool row_selectable(const char* label, bool selected = false);
// ImGui::SmallButton with a mouse; on touch screens a button of full frame height.
bool small_button(const char* label);

// --- Text fields --------------------------------------------------------------------
// Call after an InputText or InputScalar: names it for tests (ui_probe, `name`) and
// tells the platform where its text box is, what it takes and what it shows, so that
// a tap on a touch screen brings up the system keyboard (platform::text_field).
// `step_buttons`: an InputScalar with a step, whose "-" and "+" sit at its right.
void text_field(const std::string& name, platform::TextKind kind, const std::string& text, bool step_buttons = false);

// --- Explanations -------------------------------------------------------------------
// When the last item is hovered (or focused by keyboard), opens a tooltip and returns
// true; then add lines and close with explain_end().
bool explain_begin(const char* title);
void explain_row(const char* label, const std::string& value);
void explain_note(const std::string& s);  // dim, wrapped: sources, formulas
void explain_end();

// --- Bars -------------------------------------------------------------------------
struct BarPart {
  double fraction;  // of the bar's full width
  ImU32 color;
  const char* label;
};
// Draws a horizontal stacked bar of `parts` filling `size` (x <= 0: available width);
// `mark` (0..1, < 0 none) draws a tick there (the engine's memory limit). Returns the
// hovered part's index or -1; the bar is one ImGui item, so tooltips can follow.
int stacked_bar(const char* id, ImVec2 size, const std::vector<BarPart>& parts, double mark = -1);
// Colour swatch and label, on one line, for legends.
void legend_item(ImU32 color, const char* label);
// Pie-free breakdown: one thin bar per part, longest = full width, labelled.
struct BreakdownPart {
  const char* label;
  double value;
  std::string value_text;
  ImU32 color;
  bool highlight;
};
void breakdown_bars(const char* id, const std::vector<BreakdownPart>& parts, float width);

// --- Charts -----------------------------------------------------------------------
struct ChartSeries {
  const char* label;
  ImU32 color;
  bool dashed;
  std::vector<double> x, y;   // y <= 0 = missing point (does not fit): the line breaks
};
struct ChartSpec {
  const char* id;
  const char* title;
  const char* y_unit;
  bool log_y = true;
  double x_min = 1, x_max = 64;  // log2 axis
  double y_floor = 0;            // linear axes start here (0 = from zero)
  double y_top = 0;              // linear axes reach at least this value
  std::string (*format_y)(double) = nullptr;
};
// Draws the chart in `size`; returns the index into the x values of the column under
// the mouse (-1 when not hovered). The x values of the first series define columns.
int line_chart(const ChartSpec& spec, ImVec2 size, const std::vector<ChartSeries>& series);

// --- Cards ------------------------------------------------------------------------
// A framed box of `size` with a coloured edge; draw inside between begin and end.
void card_begin(const char* id, ImVec2 size, ImU32 edge);
void card_end();

}  // namespace infercalc::ui
