// The UI's fonts (Inter, embedded at build time, see src/app/CMakeLists.txt) and
// its style, both built for a pixel scale: the app draws in physical pixels.
#pragma once

struct ImFont;

namespace infercalc::ui {

// Body text height in pixels at scale 1 (Inter at this size reads like 14 px CSS text).
constexpr float kBodyPx = 17.0f;

enum class Font { Body, Strong, Title };

// Rebuilds the font atlas and the style for `scale` pixels per CSS pixel / point.
void load_fonts(float scale);

ImFont* font(Font f);

}  // namespace infercalc::ui
