// Sine and cosine for Dear ImGui on the page (compiled into ImGui with
// -Dsinf=infercalc_imgui_sinf -Dcosf=infercalc_imgui_cosf, cmake/imgui.cmake). ImGui calls
// them for its arc table at start-up, arcs, and the colour wheel: angles of a few turns
// at most, drawn to a fraction of a pixel. musl's sinf and cosf reduce any float exactly
// (__rem_pio2f and its Payne-Hanek tables: 2,764 bytes of wasm code with the kernels,
// docs/perf.md); here the angle is reduced in double by the nearest multiple of pi/2,
// exact to about 1e-16 x |x| (|x| < 1e5: error under 1e-11; beyond, no float has a
// meaningful angle left), and a Taylor polynomial
// on |r| <= pi/4 has a truncation error under (pi/4)^15 / 15! ~ 2.6e-14. Checked against
// the C library in tests/core/test_imgui_math.cpp.
#include <cmath>

extern "C" float infercalc_imgui_sinf(float x);
extern "C" float infercalc_imgui_cosf(float x);

namespace {

constexpr double kHalfPi = 1.57079632679489661923;

// sin(r) and cos(r) for |r| <= pi/4: Taylor series to r^13 and r^14.
double sin_kernel(double r) {
  const double r2 = r * r;
  double sum = 0, term = r;
  for (int n = 1; n <= 13; n += 2) {
    sum += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return sum;
}

double cos_kernel(double r) {
  const double r2 = r * r;
  double sum = 0, term = 1;
  for (int n = 0; n <= 14; n += 2) {
    sum += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return sum;
}

// sin(x + quarter x pi/2) from the reduced angle.
float sin_quadrant(float x, int shift) {
  if (!std::isfinite(x)) return x - x;  // NaN for infinities and NaN, as the C library
  const double q = std::nearbyint(static_cast<double>(x) / kHalfPi);
  double r = static_cast<double>(x) - q * kHalfPi;
  // Past about 1e15 the reduction itself is off by more than a turn: any value in [-1, 1]
  // is as right as another; keep the polynomials on their interval.
  if (std::fabs(r) > kHalfPi) r = 0;
  // q mod 4, exact for every integer-valued double (no conversion of a huge q to an int).
  const int quadrant = static_cast<int>(q - 4.0 * std::floor(q * 0.25));
  switch ((quadrant + shift) & 3) {
    case 0: return static_cast<float>(sin_kernel(r));
    case 1: return static_cast<float>(cos_kernel(r));
    case 2: return static_cast<float>(-sin_kernel(r));
    default: return static_cast<float>(-cos_kernel(r));
  }
}

}  // namespace

extern "C" float infercalc_imgui_sinf(float x) { return sin_quadrant(x, 0); }
extern "C" float infercalc_imgui_cosf(float x) { return sin_quadrant(x, 1); }
