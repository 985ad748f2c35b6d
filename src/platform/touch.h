// Touch input for Dear ImGui 1.86 (internal to src/platform; the web platform feeds it).
//
// ImGui 1.86 has no input queue: it samples io.MousePos and io.MouseDown once per frame,
// so a touch that starts and ends between two frames, which is what a quick tap is,
// would never be seen, and a press in the frame the pointer arrives lands on whatever
// was hovered before. So a tap becomes three frames: the pointer moves there (button
// up), then the button goes down, then up. A finger that moves further than the slop
// scrolls instead: the innermost scrollable window under the finger follows it, what
// it cannot take goes to its parent, and on release the content keeps going with the
// finger's speed and slows down (momentum), as a native page does. The pointer stays
// where the last tap was, so what shows on hover (chart values, explanations) shows
// on a tap.
#pragma once

namespace infercalc::platform::touch {

// One finger, in framebuffer pixels, with the event's time in milliseconds.
void start(float x, float y, double t_ms);
void move(float x, float y, double t_ms);
// Returns true when the touch was a tap (it moved less than the slop and did not stop
// a fling): a tap is queued for the next frames.
bool end(float x, float y, double t_ms);
// A second finger (pinch), or the browser took the touch: no tap, no scroll.
void cancel();
// A real mouse moved: the pointer comes from the mouse again.
void mouse_used();

// Before ImGui::NewFrame, after the backends filled io: the pointer and button for this
// frame (while touch drives the pointer) and the scrolling of drags and momentum.
// `slop_px` is how far a finger may move and still tap.
void apply(double now_ms, float slop_px);

// Scrolls window `id` (then its parents, as a drag does) so that its content moves up
// by `dy` pixels (negative: down). Used to keep a field above the on-screen keyboard.
void scroll_content(unsigned id, float dy);

// Whether touch drives the pointer now (a touch came after the last mouse move).
bool active();

}  // namespace infercalc::platform::touch
