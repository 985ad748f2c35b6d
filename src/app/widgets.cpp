#include "app/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "app/fonts.h"
#include "app/i18n.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "core/report.h"

namespace infercalc::ui {
namespace {

// Whether `f` has a glyph for every character of `s` (the Big font holds Inter and only
// the Hangul of the verdicts).
bool has_all_glyphs(ImFont* f, const char* s) {
  const char* end = s + std::strlen(s);
  while (s < end) {
    unsigned int c = 0;
    s += ImTextCharFromUtf8(&c, s, end);
    if (c >= 0x80 && !f->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
  }
  return true;
}

// 1, 2, 5 x 10^k steps for a linear axis with about `n` ticks.
double nice_step(double span, int n) {
  const double raw = span / n;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

std::string default_format(double v) {
  if (v >= 1e6) return printf_string("%.3gM", v / 1e6);
  if (v >= 1e3) return printf_string("%.3gk", v / 1e3);
  return printf_string("%.3g", v);
}

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  for (float t = 0; t < len; t += dash * 2) {
    const float t1 = std::min(len, t + dash);
    dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len), ImVec2(a.x + dx * t1 / len, a.y + dy * t1 / len), col,
                thickness);
  }
}

}  // namespace

// --- Text -------------------------------------------------------------------------

void text(ImU32 color, const char* s) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s);
  ImGui::PopStyleColor();
}

void text_dim(const char* s) { text(palette().text_dim, s); }

void text_strong(const char* s) {
  ImGui::PushFont(font(Font::Strong));
  ImGui::TextUnformatted(s);
  ImGui::PopFont();
}

void big_text(const char* s, ImU32 color) {
  ImGui::PushFont(font(has_all_glyphs(font(Font::Big), s) ? Font::Big : Font::Title));
  text(color, s);
  ImGui::PopFont();
}

void heading(const char* s) {
  ImGui::PushFont(font(Font::Strong));
  text(palette().text, s);
  ImGui::PopFont();
}

void help_marker(const char* tooltip) {
  ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
  text_dim("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string printf_string(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return buf;
}

std::string format_count(double n) {
  if (n >= 1e7) return printf_string("%.1f M", n / 1e6);
  const std::string digits = printf_string("%.0f", std::round(n));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_tokens_short(int64_t n) {
  if (n >= (int64_t{1} << 20) && n % (int64_t{1} << 20) == 0) return std::to_string(n >> 20) + "M";
  if (n >= 1024 && n % 1024 == 0) return std::to_string(n / 1024) + "k";
  return std::to_string(n);
}

std::string format_usd(double usd) {
  if (usd >= 100) return printf_string("$%.0f", usd);
  if (usd >= 1) return printf_string("$%.2f", usd);
  return printf_string("$%.3f", usd);
}

std::string format_compute_ms(double ms) { return ms < 0.1 ? "< 0.1 ms" : printf_string("%.1f ms", ms); }

std::string format_band_ms(const Band& b) { return format_ms(b.low) + " \xE2\x80\x93 " + format_ms(b.high); }
std::string format_band_rate(const Band& b) { return format_rate(b.low) + " \xE2\x80\x93 " + format_rate(b.high); }

// --- Flow on narrow screens ------------------------------------------------------------

void same_line_or_wrap(float next_w, float spacing) {
  ImGui::SameLine(0, spacing);
  if (ImGui::GetContentRegionAvail().x < next_w) ImGui::NewLine();
}

void text_dim_after(const char* s, float spacing) {
  same_line_or_wrap(ImGui::CalcTextSize(s).x, spacing);
  ImGui::PushTextWrapPos(0);
  text_dim(s);
  ImGui::PopTextWrapPos();
}

// --- Touch-sized controls -------------------------------------------------------------

bool selectable(const char* label, bool selected, float width) {
  // A Selectable's item covers the item spacing below it too (imgui_widgets.cpp, Selectable).
  const float h = touch_style() ? ImGui::GetFrameHeight() - ImGui::GetStyle().ItemSpacing.y : 0;
  return ImGui::Selectable(label, selected, 0, ImVec2(width, h));
}

bool row_selectable(const char* label, bool selected) {
  // The Selectable's box covers half the item spacing above and below its label, and
  // ItemSize does not count the spacing: a spacing of twice the cell padding makes
  // the box the row's without making the row taller.
  const ImGuiStyle& st = ImGui::GetStyle();
  if (touch_style()) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(st.ItemSpacing.x, st.CellPadding.y * 2));
  const bool pressed = ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns);
  if (touch_style()) ImGui::PopStyleVar();
  return pressed;
}

bool small_button(const char* label) { return touch_style() ? ImGui::Button(label) : ImGui::SmallButton(label); }

// --- Text fields --------------------------------------------------------------------

void text_field(const std::string& name, platform::TextKind kind, const std::string& text, bool step_buttons) {
  probe_item(name);
  const ImVec2 a = ImGui::GetItemRectMin();
  ImVec2 b = ImGui::GetItemRectMax();
  // InputScalar's buttons are frame-height squares, each after an inner spacing.
  if (step_buttons) b.x -= 2 * (ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  platform::text_field(name, a.x, a.y, b.x, b.y, kind, text);
}

// --- Explanations -------------------------------------------------------------------

bool explain_begin(const char* title) {
  const bool hovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  const bool focused = ImGui::IsItemFocused() && ImGui::GetIO().NavVisible;
  if (!hovered && !focused) return false;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  ImGui::PushFont(font(Font::Strong));
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  return true;
}

void explain_row(const char* label, const std::string& value) {
  text_dim(label);
  ImGui::SameLine(ImGui::GetFontSize() * 13);
  ImGui::TextUnformatted(value.c_str());
}

void explain_note(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
  ImGui::TextWrapped("%s", s.c_str());
  ImGui::PopStyleColor();
}

void explain_end() {
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// --- Bars -------------------------------------------------------------------------

int stacked_bar(const char* id, ImVec2 size, const std::vector<BarPart>& parts, double mark) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& pal = palette();
  const float rounding = size.y * 0.2f;
  dl->AddRectFilled(p0, p1, pal.free_mem, rounding);
  const bool hovered = ImGui::IsItemHovered();
  const float mx = ImGui::GetIO().MousePos.x;
  int hovered_part = -1;
  double at = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const double f = std::max(0.0, parts[i].fraction);
    const float x0 = p0.x + static_cast<float>(std::min(1.0, at)) * size.x;
    const float x1 = p0.x + static_cast<float>(std::min(1.0, at + f)) * size.x;
    if (x1 > x0) {
      dl->AddRectFilled(ImVec2(x0, p0.y), ImVec2(x1, p1.y), parts[i].color);
      if (hovered && mx >= x0 && mx < x1) hovered_part = static_cast<int>(i);
    }
    at += f;
  }
  if (at > 1.0) {  // over capacity: a red edge at the end says "does not fit"
    const float w = std::max(2.0f, size.y * 0.25f);
    dl->AddRectFilled(ImVec2(p1.x - w, p0.y), p1, pal.bad);
  }
  if (mark >= 0 && mark <= 1) {
    const float x = p0.x + static_cast<float>(mark) * size.x;
    dl->AddLine(ImVec2(x, p0.y - 2), ImVec2(x, p1.y + 2), pal.limit_mark, std::max(1.5f, size.y * 0.08f));
  }
  dl->AddRect(p0, p1, pal.card_border, rounding);
  if (hovered && hovered_part < 0) hovered_part = static_cast<int>(parts.size());  // the free part
  return hovered ? hovered_part : -1;
}

void legend_item(ImU32 color, const char* label) {
  const float em = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + em * 0.7f, p.y + h * 0.8f), color,
                                            2);
  ImGui::Dummy(ImVec2(em * 0.7f, h));
  ImGui::SameLine(0, em * 0.3f);
  ImGui::TextUnformatted(label);
}

void breakdown_bars(const char* id, const std::vector<BreakdownPart>& parts, float width) {
  const float em = ImGui::GetFontSize();
  double top = 0;
  for (const BreakdownPart& p : parts) top = std::max(top, p.value);
  ImGui::PushID(id);
  const float label_w = em * 8.5f, value_w = em * 5.5f;
  const float bar_w = std::max(em * 4, width - label_w - value_w);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const BreakdownPart& p = parts[i];
    const ImVec2 row = ImGui::GetCursorScreenPos();
    ImGui::PushFont(font(p.highlight ? Font::Strong : Font::Body));
    ImGui::TextUnformatted(p.label);
    ImGui::SameLine(label_w);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 b0(row.x + label_w, row.y + h * 0.2f);
    const float w = top > 0 ? static_cast<float>(p.value / top) * bar_w : 0;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(b0, ImVec2(b0.x + bar_w, b0.y + h * 0.6f), palette().free_mem, 2);
    if (w > 0) dl->AddRectFilled(b0, ImVec2(b0.x + std::max(1.0f, w), b0.y + h * 0.6f), p.color, 2);
    ImGui::SetCursorScreenPos(ImVec2(row.x + label_w + bar_w + em * 0.5f, row.y));
    ImGui::TextUnformatted(p.value_text.c_str());
    ImGui::PopFont();
  }
  ImGui::PopID();
}

// --- Charts -----------------------------------------------------------------------

int line_chart(const ChartSpec& spec, ImVec2 size, const std::vector<ChartSeries>& series) {
  const float em = ImGui::GetFontSize();
  const Palette& pal = palette();
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(spec.id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto fmt = spec.format_y ? spec.format_y : default_format;

  // Y range over every present point.
  double lo = 1e300, hi = 0;
  for (const ChartSeries& s : series)
    for (double y : s.y)
      if (y > 0) {
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
  const bool empty = hi <= 0;
  if (empty) lo = 1, hi = 10;
  double y0, y1;
  std::vector<double> ticks;
  if (spec.log_y) {
    y0 = std::pow(10.0, std::floor(std::log10(lo)));
    y1 = std::pow(10.0, std::ceil(std::log10(hi)));
    if (y1 <= y0) y1 = y0 * 10;
    const bool few = std::log10(y1 / y0) <= 2;
    for (double d = y0; d <= y1 * 1.0001; d *= 10)
      for (double m : {1.0, 2.0, 5.0})
        if ((m == 1.0 || few) && d * m <= y1 * 1.0001) ticks.push_back(d * m);
  } else {
    y0 = spec.y_floor;
    const double top = std::max(empty ? 0.0 : hi, spec.y_top);
    const double step = nice_step(std::max(top - y0, 1e-9), 4);
    y1 = y0 + std::ceil((top - y0) / step - 1e-9) * step;
    for (double t = y0; t <= y1 + step * 0.01; t += step) ticks.push_back(t);
  }

  // Plot area: labels on the left and below, the title above.
  float label_w = 0;
  for (double t : ticks) label_w = std::max(label_w, ImGui::CalcTextSize(fmt(t).c_str()).x);
  const float line_h = ImGui::GetTextLineHeight();
  // The unit beside the title, or under it when both do not fit on one line (phones).
  ImGui::PushFont(font(Font::Strong));
  const float title_w = ImGui::CalcTextSize(spec.title).x;
  ImGui::PopFont();
  const bool unit_below = title_w + em * 0.5f + ImGui::CalcTextSize(spec.y_unit).x > size.x;
  const ImVec2 a(origin.x + label_w + em * 0.6f, origin.y + line_h * (unit_below ? 2.4f : 1.4f));
  const ImVec2 b(origin.x + size.x - em * 0.8f, origin.y + size.y - line_h * 2.1f - em * 0.2f);
  auto px = [&](double x) {
    const double t = (std::log2(x) - std::log2(spec.x_min)) / (std::log2(spec.x_max) - std::log2(spec.x_min));
    return a.x + static_cast<float>(t) * (b.x - a.x);
  };
  auto py = [&](double y) {
    const double t = spec.log_y ? (std::log10(y) - std::log10(y0)) / (std::log10(y1) - std::log10(y0))
                                : (y - y0) / (y1 - y0);
    return b.y - static_cast<float>(std::clamp(t, -0.02, 1.02)) * (b.y - a.y);
  };

  ImGui::PushFont(font(Font::Strong));
  dl->AddText(origin, pal.text, spec.title);
  ImGui::PopFont();
  dl->AddText(unit_below ? ImVec2(origin.x, origin.y + line_h) : ImVec2(origin.x + title_w + em * 0.5f, origin.y),
              pal.text_dim, spec.y_unit);

  for (double t : ticks) {
    const float y = py(t);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), pal.grid);
    const std::string s = fmt(t);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    dl->AddText(ImVec2(a.x - em * 0.3f - ts.x, y - ts.y / 2), pal.text_dim, s.c_str());
  }
  for (double x = spec.x_min; x <= spec.x_max; x *= 2) {
    const float X = px(x);
    dl->AddLine(ImVec2(X, a.y), ImVec2(X, b.y), pal.grid);
    const std::string s = printf_string("%.0f", x);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    dl->AddText(ImVec2(X - ts.x / 2, b.y + em * 0.2f), pal.text_dim, s.c_str());
  }
  const char* x_label = tr("GPU count");
  const ImVec2 xs = ImGui::CalcTextSize(x_label);
  dl->AddText(ImVec2((a.x + b.x - xs.x) / 2, b.y + em * 0.2f + line_h), pal.text_dim, x_label);
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), pal.axis);
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), pal.axis);

  dl->PushClipRect(ImVec2(a.x - 4, a.y - 4), ImVec2(b.x + 4, b.y + 4), true);
  const float thick = std::max(1.5f, em * 0.12f);
  for (const ChartSeries& s : series) {
    for (std::size_t i = 0; i + 1 < s.x.size(); ++i) {
      if (!(s.y[i] > 0) || !(s.y[i + 1] > 0)) continue;
      const ImVec2 p(px(s.x[i]), py(s.y[i])), q(px(s.x[i + 1]), py(s.y[i + 1]));
      if (s.dashed) dashed_line(dl, p, q, s.color, thick * 0.8f, em * 0.35f);
      else dl->AddLine(p, q, s.color, thick);
    }
    if (!s.dashed)
      for (std::size_t i = 0; i < s.x.size(); ++i)
        if (s.y[i] > 0) dl->AddCircleFilled(ImVec2(px(s.x[i]), py(s.y[i])), thick * 1.8f, s.color);
  }
  dl->PopClipRect();
  if (empty) {
    const char* none = tr("Does not fit at any GPU count up to 64");
    const ImVec2 ts = ImGui::CalcTextSize(none);
    dl->AddText(ImVec2((a.x + b.x - ts.x) / 2, (a.y + b.y - ts.y) / 2), pal.text_dim, none);
  }

  if (!hovered || series.empty()) return -1;
  const float mx = ImGui::GetIO().MousePos.x;
  int best = -1;
  float best_d = em * 2;
  for (std::size_t i = 0; i < series[0].x.size(); ++i) {
    const float d = std::fabs(px(series[0].x[i]) - mx);
    if (d < best_d) best_d = d, best = static_cast<int>(i);
  }
  if (best >= 0) {
    const float X = px(series[0].x[static_cast<std::size_t>(best)]);
    dl->AddLine(ImVec2(X, a.y), ImVec2(X, b.y), pal.axis, 1.0f);
  }
  return best;
}

// --- Cards ------------------------------------------------------------------------

void card_begin(const char* id, ImVec2 size, ImU32 edge) {
  const Palette& pal = palette();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.card_bg);
  ImGui::PushStyleColor(ImGuiCol_Border, pal.card_border);
  const float em = ImGui::GetFontSize();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 0.7f, em * 0.35f));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(em * 0.4f, em * 0.15f));
  ImGui::BeginChild(id, size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const ImVec2 p = ImGui::GetWindowPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + em * 0.22f, p.y + size.y), edge,
                                            ImGui::GetStyle().ChildRounding, ImDrawFlags_RoundCornersLeft);
}

void card_end() {
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
}

}  // namespace infercalc::ui
