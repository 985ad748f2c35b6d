// Text to double / float, correctly rounded, with the same bytes on every build.
// parse_double and parse_float take what strtod and strtof take (leading white space, a
// sign, decimal digits with an optional point and exponent, hexadecimal "0x1.8p3",
// "inf", "infinity", "nan", "nan(chars)") and stop where they stop, rounding to
// nearest, ties to even, as C requires and glibc and musl do. They replace the C
// library's strtod in the core and in Dear ImGui's scanning on the page: musl's
// strtod computes in 128-bit long double, whose software arithmetic and scanner were
// about 13 KB of the page's wasm code (docs/perf.md, "Download size"). errno is not set.
#pragma once

namespace infercalc {

// As std::strtod(text, end): *end (when end is not null) points after the number, or
// at text when there is none (then 0 is returned). Out of range: +-inf, or +-0 /
// a subnormal as rounding gives.
double parse_double(const char* text, char** end);
// As std::strtof, rounded once from the text (not through a double).
float parse_float(const char* text, char** end);

}  // namespace infercalc
