// The heatmap's GPU side: a grid texture coloured by shaders/heatmap.glsl (embedded
// at build time, one source for WebGL 2 and OpenGL 3.3), drawn inside ImGui's draw
// list through an ImDrawCallback that sets its own program, draws a quad and hands
// the state back (ImDrawCallback_ResetRenderState). All GL calls happen while ImGui
// renders, with the context current, on both targets.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace infercalc::ui {

// cols x rows cells, row-major from the first row: RGBA8 texels with R = value scaled
// to 0..255 (255 = best), G = 255 where the cell fits, else 0.
struct HeatGrid {
  int cols = 0, rows = 0;
  std::vector<uint8_t> rgba;
  uint64_t version = 0;  // bump when the cells change: the texture is re-uploaded then
};

// Queues the grid into `dl` over the screen rectangle [top_left, bottom_right], its
// first row at the bottom and first column on the left. `hatch_px` is the stripe
// period of cells that do not fit; `oom_a` and `oom_b` their two colours.
void heatmap_draw_grid(ImDrawList* dl, ImVec2 top_left, ImVec2 bottom_right, const HeatGrid& grid, float hatch_px,
                       ImU32 oom_a, ImU32 oom_b);
// Queues the colour bar (worst on the left, best on the right).
void heatmap_draw_legend(ImDrawList* dl, ImVec2 top_left, ImVec2 bottom_right);

// The shader's compile or link log when it failed (empty while all is well).
const std::string& heatmap_gl_error();

}  // namespace infercalc::ui
