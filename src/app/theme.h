// Dark and light themes: ImGui's style colours plus the colours the panels draw with
// (ratings, memory parts, chart series), so that no panel picks a colour of its own.
// The style is rebuilt for a pixel scale (fonts.cpp calls apply_style on every
// scale change) and whenever the theme changes.
#pragma once
#include <imgui.h>

#include <cstdint>

#include "core/ui_support.h"

namespace infercalc::ui {

enum class Theme : uint8_t { Dark, Light };

const char* code(Theme t);  // "dark", "light"

struct Palette {
  ImU32 good, tight, bad;           // ratings: fits and fast / tight / impossible
  ImU32 text, text_dim, accent;
  ImU32 card_bg, card_border;
  ImU32 weights, kv_cache, activations, reserved, free_mem, limit_mark;
  ImU32 series[3];                  // TP, PP, TP x PP
  ImU32 ideal;                      // the seed article's linear-scaling line
  ImU32 grid, axis;
  ImU32 oom_a, oom_b;               // the heatmap's hatching where nothing fits
  ImU32 error;                      // invalid input messages
  ImU32 seed_wrong;                 // the article's wrong or missing figures
};

void set_theme(Theme t);  // also re-applies the style at the current scale
Theme theme();
const Palette& palette();

// Builds ImGui's style for the current theme at `scale` pixels per CSS pixel.
void apply_style(float scale);
// Whether the style was made for fingers (platform::coarse_pointer when it was applied):
// frames and list rows at least 44 CSS px high.
bool touch_style();

ImU32 rating_color(Rating r);
ImVec4 to_vec4(ImU32 c);

}  // namespace infercalc::ui
