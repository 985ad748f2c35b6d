// GLFW + Dear ImGui glue of the desktop platform (internal to src/platform): the
// window, its OpenGL 3.3 context and imgui_impl_glfw, around what both targets share
// (imgui_glue.h). The web has no GLFW: platform_web.cpp.
#pragma once

struct GLFWwindow;

namespace infercalc::platform::glfw {

// glfwInit, the window with its GL context (OpenGL 3.3 core when `core_profile`, else
// GL ES 3.0), the ImGui context and both ImGui backends (`glsl_version` nullptr = the
// backend's default). GLFW errors go to stderr; nullptr on failure.
GLFWwindow* create(const char* title, int width, int height, const char* glsl_version, bool core_profile);

GLFWwindow* window();

// One frame (glue::render_frame) drawn into the default framebuffer. Returns the frame
// number (0 first).
int render_frame(float scale);

// Ctrl+V outside a text field reads the system clipboard into glue::queue_paste.
void set_ctrl_v_pastes(bool on);

void destroy();

}  // namespace infercalc::platform::glfw
