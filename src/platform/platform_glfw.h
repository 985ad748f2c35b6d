// GLFW + Dear ImGui glue shared by the web and desktop platforms (internal to
// src/platform). Both targets use GLFW: Emscripten's JavaScript port on the web,
// the system library on the desktop.
#pragma once
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

void destroy();

}  // namespace infercalc::platform::glfw
