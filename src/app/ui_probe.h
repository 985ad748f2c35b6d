// Named rectangles of the last frame's UI items ("gpu-row:h200-sxm", "gpu-table"),
// so that browser tests can click and scroll where a user would, by name.
#pragma once
#include <string>
#include <string_view>

namespace infercalc::ui {

// Forgets the previous frame's rectangles.
void probe_begin_frame();
// Records the rectangle of the last ImGui item under `name`.
void probe_item(std::string_view name);
// Records an explicit rectangle, in pixels.
void probe_rect(std::string_view name, float x0, float y0, float x1, float y1);
// "[x,y,w,h]" in pixels, or "null" when the last frame had no such item.
std::string probe_json(std::string_view name);

}  // namespace infercalc::ui
