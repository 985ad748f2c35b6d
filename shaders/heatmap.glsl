// The heatmap's colour map, one source for WebGL 2 and desktop OpenGL 3.3: the loader
// (src/app/heatmap_gl.cpp) prepends "#version 300 es" or "#version 330 core" and
// "#define VERTEX" or "#define FRAGMENT". Precision qualifiers are required by
// GLSL ES and accepted (ignored) by desktop GLSL.
//
// The vertex stage makes a quad from gl_VertexID (no vertex buffer). The fragment
// stage reads one texel per cell: R = the cell's value scaled to 0..1 (already
// oriented so that 1 is best), G = 255 where the batch and context fit. Fitting
// cells are coloured with viridis; the others are hatched grey. With u_legend = 1 the
// value is the quad's x coordinate instead: the colour bar.
precision highp float;
precision highp int;

#ifdef VERTEX
uniform vec4 u_rect;  // x0, y0, x1, y1 in clip space; (x0, y0) is the grid's first column and row
out vec2 v_uv;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  v_uv = corner;
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
}
#endif

#ifdef FRAGMENT
uniform sampler2D u_grid;
uniform int u_legend;
uniform float u_hatch_px;  // stripe period in framebuffer pixels
uniform vec3 u_oom_a;
uniform vec3 u_oom_b;
in vec2 v_uv;
out vec4 o_color;

// Matplotlib's viridis as a degree-6 polynomial (Matt Zucker's fit, CC0).
vec3 viridis(float t) {
  const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
  const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
  const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
  const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
  const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
  const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
  const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

void main() {
  if (u_legend == 1) {
    o_color = vec4(viridis(clamp(v_uv.x, 0.0, 1.0)), 1.0);
    return;
  }
  vec4 cell = texture(u_grid, v_uv);
  if (cell.g < 0.5) {
    float stripe = mod(gl_FragCoord.x + gl_FragCoord.y, u_hatch_px);
    o_color = vec4(stripe < u_hatch_px * 0.5 ? u_oom_a : u_oom_b, 1.0);
    return;
  }
  o_color = vec4(viridis(cell.r), 1.0);
}
#endif
