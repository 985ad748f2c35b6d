// What both platforms share around Dear ImGui (internal to src/platform): the ImGui
// context, the keyboard queue that makes ImGui 1.86 see every key, pastes for the app,
// the frame itself (fonts per pixel scale, NewFrame, the app's frame, Render) and the
// frame benchmark. The platform's own backend fills ImGui's IO: imgui_impl_glfw on the
// desktop (platform_glfw.cpp), the page's events on the web (platform_web.cpp).
#pragma once
#include <string>

#include "platform/platform.h"

namespace infercalc::platform::glue {

// Key numbers and actions are GLFW's (GLFW/glfw3.h), which ImGui's io.KeyMap indexes
// on both targets: the desktop passes its own through, the web maps the DOM's to them.
namespace key {
constexpr int Enter = 257, Tab = 258, Delete = 261, A = 65, LeftControl = 341;
constexpr int Last = 348;  // GLFW_KEY_LAST (GLFW_KEY_MENU)
}  // namespace key
constexpr int kRelease = 0, kPress = 1, kRepeat = 2;  // GLFW_RELEASE, GLFW_PRESS, GLFW_REPEAT
constexpr int kModControl = 0x0002;                   // GLFW_MOD_CONTROL

// Where ImGui's input comes from on a target.
struct Backend {
  // Hands one keyboard transition / one typed character to ImGui (feed_input decides when).
  void (*key)(int key, int scancode, int action, int mods);
  void (*character)(unsigned codepoint);
  // Fills ImGui's IO for the frame (display size, time step, mouse) before NewFrame.
  void (*new_frame)();
};

// The ImGui context with the app's settings, fed by `backend`.
void create_context(const Backend& backend);

// Installs the app's callbacks (run() calls it once).
void set_callbacks(Callbacks callbacks);
const Callbacks& callbacks();

// One frame up to ImGui::Render: rebuilds fonts when `scale` changed, NewFrame (the
// renderer's, then the backend's), the app's frame and Render. `after_new_frame` lets a
// target adjust ImGui's IO after the backends have filled it. The caller then draws
// ImGui's draw data. Returns the frame number (0 first).
int render_frame(float scale, void (*after_new_frame)() = nullptr);

// Text for Callbacks::pasted, delivered at the start of the next frame's UI.
void queue_paste(std::string text);

// Keyboard events for ImGui, fed to it in order (feed_input in imgui_glue.cpp).
void queue_key(int key, int action, int mods, int scancode = 0);
void queue_char(unsigned codepoint);

// Frame benchmark: the next `frames` frames call Callbacks::perturb first and time the
// app's frame plus ImGui::Render (CPU only: building the UI and its draw lists).
void bench_start(int frames);
bool bench_running();
// {"frames":N,"mean_ms":..,"median_ms":..,"p95_ms":..,"max_ms":..} of the last run.
std::string bench_json();

}  // namespace infercalc::platform::glue
