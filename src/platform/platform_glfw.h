// GLFW + Dear ImGui glue shared by the web and desktop platforms (internal to
// src/platform). Both targets use GLFW: Emscripten's JavaScript port on the web,
// the system library on the desktop.
#pragma once
#include <string>

#include "platform/platform.h"

struct GLFWwindow;

namespace infercalc::platform::glfw {

// glfwInit, the window with its GL context (OpenGL 3.3 core when `core_profile`, else
// GL ES 3.0 / WebGL 2), the ImGui context and both ImGui backends (`glsl_version`
// nullptr = the backend's default). GLFW errors go to stderr; nullptr on failure.
GLFWwindow* create(const char* title, int width, int height, const char* glsl_version, bool core_profile);

// Installs the app's callbacks (run() calls it once).
void set_callbacks(Callbacks callbacks);
const Callbacks& callbacks();

// One frame: rebuilds fonts when `scale` changed, NewFrame, the app's frame, Render,
// and the draw into the default framebuffer. `after_new_frame` lets a target adjust
// ImGui's IO after the backends have filled it. Returns the frame number (0 first).
int render_frame(float scale, void (*after_new_frame)() = nullptr);

GLFWwindow* window();

// Text for Callbacks::pasted, delivered at the start of the next frame's UI.
void queue_paste(std::string text);
// Desktop: Ctrl+V outside a text field reads the system clipboard into queue_paste.
// (The web gets that text from the page's paste event instead.)
void set_ctrl_v_pastes(bool on);

// Keystrokes made by the platform itself (web: what the on-screen keyboard typed into
// the DOM input over a field), queued behind the real ones and fed to ImGui the same way.
void queue_key(int key, int action, int mods);
void queue_char(unsigned codepoint);

// Frame benchmark: the next `frames` frames call Callbacks::perturb first and time the
// app's frame plus ImGui::Render (CPU only: building the UI and its draw lists).
void bench_start(int frames);
bool bench_running();
// {"frames":N,"mean_ms":..,"median_ms":..,"p95_ms":..,"max_ms":..} of the last run.
std::string bench_json();

void destroy();

}  // namespace infercalc::platform::glfw
