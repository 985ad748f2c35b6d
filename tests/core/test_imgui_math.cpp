// Dear ImGui's sinf and cosf on the page (src/platform/imgui_math.cpp) against the C
// library's (glibc natively, musl as wasm): within a float's rounding of the true value.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

extern "C" float infercalc_imgui_sinf(float x);
extern "C" float infercalc_imgui_cosf(float x);

namespace {

// One float ulp at |v| (at least the smallest normal's): the result is the true value
// rounded to float, so it may differ from the library's by one step of rounding.
bool close(float got, double want) {
  const double ulp = std::ldexp(1.0, std::ilogb(std::fmax(std::fabs(want), 1e-30)) - 23);
  return std::fabs(static_cast<double>(got) - want) <= ulp + 1e-9;
}

}  // namespace

TEST_CASE("ImGui's sinf and cosf: within one float step of sin and cos over +-1000 rad") {
  int bad = 0;
  for (int i = -200000; i <= 200000; ++i) {
    const float x = static_cast<float>(i) * 0.005f;
    if (!close(infercalc_imgui_sinf(x), std::sin(static_cast<double>(x)))) ++bad;
    if (!close(infercalc_imgui_cosf(x), std::cos(static_cast<double>(x)))) ++bad;
  }
  CHECK(bad == 0);
  // The quarter turns ImGui's arc table uses, and exact zeros.
  CHECK(infercalc_imgui_sinf(0.0f) == 0.0f);
  CHECK(infercalc_imgui_cosf(0.0f) == 1.0f);
  CHECK(close(infercalc_imgui_sinf(3.14159265f / 2), 1.0));
  CHECK(close(infercalc_imgui_cosf(3.14159265f), -1.0));
}

TEST_CASE("ImGui's sinf and cosf: no angle is undefined behaviour; infinities and NaN give NaN") {
  const float inf = std::numeric_limits<float>::infinity();
  CHECK(std::isnan(infercalc_imgui_sinf(inf)));
  CHECK(std::isnan(infercalc_imgui_cosf(-inf)));
  CHECK(std::isnan(infercalc_imgui_sinf(std::numeric_limits<float>::quiet_NaN())));
  const float huge = std::numeric_limits<float>::max();
  CHECK(std::fabs(infercalc_imgui_sinf(huge)) <= 1.0f);
  CHECK(std::fabs(infercalc_imgui_cosf(-huge)) <= 1.0f);
}
