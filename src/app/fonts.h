// The UI's fonts (Inter, and a Hangul subset of Nanum Barun Gothic merged into each
// for Korean; both embedded at build time, see src/app/CMakeLists.txt) and its style,
// both built for a pixel scale: the app draws in physical pixels.
#pragma once

struct ImFont;

namespace infercalc::ui {

// Body text height in pixels at scale 1 (Inter at this size reads like 14 px CSS text).
constexpr float kBodyPx = 17.0f;

// Big: the summary strip's figures and verdicts (of Hangul only the verdicts' syllables;
// other Korean text falls back to Title, see widgets.h big_text).
enum class Font { Body, Strong, Title, Big };

// Rebuilds the font atlas and the style for `scale` pixels per CSS pixel / point.
void load_fonts(float scale);

ImFont* font(Font f);

}  // namespace infercalc::ui
