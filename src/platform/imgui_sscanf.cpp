// Dear ImGui's sscanf and atof on the web. cmake/imgui.cmake compiles ImGui there with
// -Dsscanf=infercalc_imgui_sscanf -Datof=infercalc_imgui_atof: the scanning it does (a
// typed number in InputScalar, a colour's hex code, its settings handlers' "Pos=%i,%i")
// is a handful of conversions that strtoull and the core's correctly rounded
// parse_float / parse_double (src/core/parse_number.h) do. musl's own sscanf (vfscanf
// with its %s, %[ and wide-character paths) was 4.6 KB of the page's wasm code, and its
// strtod / strtof / atof (__floatscan and the 128-bit long double arithmetic it computes
// in) about 13 KB more (docs/perf.md, "Download size"). The numbers are the same: musl's
// strtod and strtof round correctly too.
//
// What is kept from musl's vfscanf (emscripten's system/lib/libc/musl/src/stdio/vfscanf.c):
// white space in the format matches any run of it; a conversion other than %c and %n
// skips white space first; an end of input before the first conversion returns -1 (EOF),
// a mismatch returns the conversions stored so far; a number cut short inside its prefix
// or exponent ("0x", "1e", "1e+", "0x1p") is a mismatch, as musl scans numbers without
// pushing characters back, where strtod would take the part before it.
// Supported: %d %i %u %o %x %X %e %f %g %a (and capitals), %c, %n, %%, '*', a width, and
// the sizes hh h l ll j z t. Not used by ImGui 1.86 and refused (as a format error is):
// %s, %[, %p, %L.
#include <cctype>
#include <cstdarg>
#include <cstdlib>
#include <cstring>

#include "../core/parse_number.h"

extern "C" int infercalc_imgui_sscanf(const char* str, const char* fmt, ...);
extern "C" double infercalc_imgui_atof(const char* str);

namespace {

bool space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// True when strto* stopped at (or after) a character musl's scanner would have taken as
// part of the number, then failed on: the x of a bare "0x", the e / p of an exponent with
// no digits. [digits, end) is the text strto* converted, after any sign.
bool cut_short(const char* digits, const char* end, bool is_float) {
  const char stop = static_cast<char>(*end | 32);
  if (stop == 'x') return end == digits + 1 && *digits == '0';
  // musl's strtoull takes a bare "0x" whole (glibc's stops after the 0): the same failure.
  if (end == digits + 2 && digits[0] == '0' && (digits[1] | 32) == 'x') return true;
  if (!is_float || (stop != 'e' && stop != 'p') || !(std::isdigit(static_cast<unsigned char>(*digits)) || *digits == '.'))
    return false;  // "inf", "nan": musl takes them whole and leaves what follows
  bool hex = false, exponent = false;
  for (const char* c = digits; c < end; ++c) {
    hex |= (*c | 32) == 'x';
    exponent |= (*c | 32) == (hex ? 'p' : 'e');
  }
  return !exponent && stop == (hex ? 'p' : 'e');
}

}  // namespace

extern "C" int infercalc_imgui_sscanf(const char* str, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char* s = str;
  int matches = 0;
  bool input_failed = false;
  for (const char* p = fmt; *p; ++p) {
    if (space(*p)) {
      while (space(*s)) ++s;
      continue;
    }
    if (*p != '%' || p[1] == '%') {
      if (*p == '%') {
        ++p;
        while (space(*s)) ++s;
      }
      if (*s != *p) {
        input_failed = *s == '\0';
        break;
      }
      ++s;
      continue;
    }
    ++p;
    void* dest = nullptr;
    if (*p == '*') ++p;
    else dest = va_arg(ap, void*);
    int width = 0;
    while (*p >= '0' && *p <= '9') width = 10 * width + (*p++ - '0');
    int size = 0;  // -2 hh, -1 h, 0 none, 1 l (and z, t), 2 ll (and j)
    if (*p == 'h') size = p[1] == 'h' ? (++p, -2) : -1;
    else if (*p == 'l') size = p[1] == 'l' ? (++p, 2) : 1;
    else if (*p == 'j') size = 2;
    else if (*p == 'z' || *p == 't') size = 1;
    if (size != 0) ++p;
    const char t = *p;
    if (t == 'n') {
      const long long pos = s - str;
      if (dest) switch (size) {
          case -2: *static_cast<signed char*>(dest) = static_cast<signed char>(pos); break;
          case -1: *static_cast<short*>(dest) = static_cast<short>(pos); break;
          case 0: *static_cast<int*>(dest) = static_cast<int>(pos); break;
          case 1: *static_cast<long*>(dest) = static_cast<long>(pos); break;
          default: *static_cast<long long*>(dest) = pos; break;
        }
      continue;
    }
    if (t != 'c')
      while (space(*s)) ++s;
    if (*s == '\0') {
      input_failed = true;
      break;
    }
    if (t == 'c') {
      const int n = width < 1 ? 1 : width;
      int got = 0;
      while (got < n && s[got] != '\0') {
        if (dest) static_cast<char*>(dest)[got] = s[got];
        ++got;
      }
      s += got;
      if (got != n) break;
      if (dest) ++matches;
      continue;
    }
    const bool is_int = std::strchr("diouxX", t) != nullptr && t != '\0';
    const bool is_float = std::strchr("aAeEfFgG", t) != nullptr && t != '\0';
    if (!is_int && !is_float) {
      input_failed = true;  // %s, %[, %p, %L or a malformed conversion: a format error
      break;
    }
    // A width limits the characters the number may use: convert a copy that long.
    char copy[64];
    const char* text = s;
    if (width > 0) {
      int n = 0;
      while (n < width && n < 63 && s[n] != '\0') {
        copy[n] = s[n];
        ++n;
      }
      copy[n] = '\0';
      text = copy;
    }
    const char* digits = text + (*text == '+' || *text == '-');
    char* end = nullptr;
    if (is_int) {
      const int base = t == 'i' ? 0 : t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
      // musl scans every integer conversion with __intscan(..., ULLONG_MAX), as strtoull does.
      const unsigned long long x = std::strtoull(text, &end, base);
      if (end == text || ((base == 0 || base == 16) && cut_short(digits, end, false))) break;
      if (dest) switch (size) {
          case -2: *static_cast<signed char*>(dest) = static_cast<signed char>(x); break;
          case -1: *static_cast<short*>(dest) = static_cast<short>(x); break;
          case 0: *static_cast<int*>(dest) = static_cast<int>(x); break;
          case 1: *static_cast<long*>(dest) = static_cast<long>(x); break;
          default: *static_cast<long long*>(dest) = static_cast<long long>(x); break;
        }
    } else {
      if (size == 0) {
        const float f = infercalc::parse_float(text, &end);
        if (end == text || cut_short(digits, end, true)) break;
        if (dest) *static_cast<float*>(dest) = f;
      } else {
        const double d = infercalc::parse_double(text, &end);
        if (end == text || cut_short(digits, end, true)) break;
        if (dest) *static_cast<double*>(dest) = d;
      }
    }
    s += end - text;
    if (dest) ++matches;
  }
  va_end(ap);
  return input_failed && matches == 0 ? -1 : matches;
}

// ImGui's ImAtof (atof: strtod without the end pointer), which reads back a slider's or
// drag's value printed with its format (imgui_widgets.cpp RoundScalarWithFormatT).
extern "C" double infercalc_imgui_atof(const char* str) { return infercalc::parse_double(str, nullptr); }
