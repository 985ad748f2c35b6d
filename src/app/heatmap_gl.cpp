#include "app/heatmap_gl.h"

#include <cstdio>
#include <string>

#include "app/ui_assets.h"
#include "app_gl.h"  // the target's GL header: src/app/gl/<api>/app_gl.h, picked by CMake

namespace infercalc::ui {
namespace {

// What one queued quad draws; read by the callback while ImGui renders this frame.
struct Quad {
  ImVec2 p0, p1;
  bool legend = false;
  float hatch_px = 8;
  float oom_a[3] = {}, oom_b[3] = {};
};

struct State {
  bool tried = false;
  GLuint program = 0, vao = 0, texture = 0;
  GLint u_rect = -1, u_grid = -1, u_legend = -1, u_hatch = -1, u_oom_a = -1, u_oom_b = -1;
  std::string error;
  bool reported_gl_error = false;
  // The grid of this frame and the version last uploaded.
  HeatGrid grid;
  uint64_t uploaded = ~uint64_t{0};
  Quad quads[2];
};

State& state() {
  static State s;
  return s;
}

// The GL dialect of this build: WebGL 2 reports "OpenGL ES 3.0 ..." as its version.
const char* version_line() {
  const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  return v && std::string(v).find("OpenGL ES") != std::string::npos ? "#version 300 es\n" : "#version 330 core\n";
}

GLuint compile(GLenum stage, const char* define, std::string& error) {
  const std::string_view body = asset("heatmap.glsl");
  const std::string source = std::string(version_line()) + define + std::string(body);
  const char* text = source.c_str();
  GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    error = std::string("heatmap.glsl (") + define + "): " + log;
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

bool ensure_program() {
  State& s = state();
  if (s.tried) return s.program != 0;
  s.tried = true;
  const GLuint vs = compile(GL_VERTEX_SHADER, "#define VERTEX\n", s.error);
  const GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, "#define FRAGMENT\n", s.error) : 0;
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    std::fprintf(stderr, "infercalc: %s\n", s.error.c_str());
    return false;
  }
  const GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    s.error = std::string("heatmap.glsl (link): ") + log;
    std::fprintf(stderr, "infercalc: %s\n", s.error.c_str());
    glDeleteProgram(p);
    return false;
  }
  s.program = p;
  s.u_rect = glGetUniformLocation(p, "u_rect");
  s.u_grid = glGetUniformLocation(p, "u_grid");
  s.u_legend = glGetUniformLocation(p, "u_legend");
  s.u_hatch = glGetUniformLocation(p, "u_hatch_px");
  s.u_oom_a = glGetUniformLocation(p, "u_oom_a");
  s.u_oom_b = glGetUniformLocation(p, "u_oom_b");
  glGenVertexArrays(1, &s.vao);  // empty: the quad comes from gl_VertexID
  glGenTextures(1, &s.texture);
  glBindTexture(GL_TEXTURE_2D, s.texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return true;
}

void upload_grid(State& s) {
  if (s.uploaded == s.grid.version || s.grid.cols <= 0 || s.grid.rows <= 0) return;
  glBindTexture(GL_TEXTURE_2D, s.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, s.grid.cols, s.grid.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, s.grid.rgba.data());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  s.uploaded = s.grid.version;
}

void draw_quad(const ImDrawList*, const ImDrawCmd* cmd) {
  State& s = state();
  if (!ensure_program()) return;
  const Quad& q = *static_cast<const Quad*>(cmd->UserCallbackData);
  const ImDrawData* dd = ImGui::GetDrawData();
  const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize, scale = dd->FramebufferScale;
  if (size.x <= 0 || size.y <= 0) return;
  const float fb_h = size.y * scale.y;
  const ImVec4 c = cmd->ClipRect;
  if (c.z <= c.x || c.w <= c.y) return;
  glScissor(static_cast<GLint>((c.x - pos.x) * scale.x), static_cast<GLint>(fb_h - (c.w - pos.y) * scale.y),
            static_cast<GLsizei>((c.z - c.x) * scale.x), static_cast<GLsizei>((c.w - c.y) * scale.y));
  auto clip_x = [&](float x) { return (x - pos.x) / size.x * 2 - 1; };
  auto clip_y = [&](float y) { return 1 - (y - pos.y) / size.y * 2; };

  if (!q.legend) upload_grid(s);
  glUseProgram(s.program);
  glBindVertexArray(s.vao);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, s.texture);
  glUniform1i(s.u_grid, 0);
  glUniform1i(s.u_legend, q.legend ? 1 : 0);
  glUniform1f(s.u_hatch, q.hatch_px * scale.x);
  glUniform3f(s.u_oom_a, q.oom_a[0], q.oom_a[1], q.oom_a[2]);
  glUniform3f(s.u_oom_b, q.oom_b[0], q.oom_b[1], q.oom_b[2]);
  glUniform4f(s.u_rect, clip_x(q.p0.x), clip_y(q.p1.y), clip_x(q.p1.x), clip_y(q.p0.y));
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  if (const GLenum e = glGetError(); e != GL_NO_ERROR && !s.reported_gl_error) {
    s.reported_gl_error = true;  // once: a broken driver must not flood the console
    std::fprintf(stderr, "infercalc: GL error 0x%04x drawing the heatmap\n", e);
  }
}

void to_rgb(ImU32 c, float out[3]) {
  const ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  out[0] = v.x;
  out[1] = v.y;
  out[2] = v.z;
}

void queue(ImDrawList* dl, Quad& q) {
  dl->AddCallback(draw_quad, &q);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace

void heatmap_draw_grid(ImDrawList* dl, ImVec2 top_left, ImVec2 bottom_right, const HeatGrid& grid, float hatch_px,
                       ImU32 oom_a, ImU32 oom_b) {
  State& s = state();
  if (grid.version != s.grid.version || s.grid.rgba.empty()) s.grid = grid;
  Quad& q = s.quads[0];
  q.p0 = top_left;
  q.p1 = bottom_right;
  q.legend = false;
  q.hatch_px = hatch_px;
  to_rgb(oom_a, q.oom_a);
  to_rgb(oom_b, q.oom_b);
  queue(dl, q);
}

void heatmap_draw_legend(ImDrawList* dl, ImVec2 top_left, ImVec2 bottom_right) {
  Quad& q = state().quads[1];
  q.p0 = top_left;
  q.p1 = bottom_right;
  q.legend = true;
  queue(dl, q);
}

const std::string& heatmap_gl_error() { return state().error; }

}  // namespace infercalc::ui
