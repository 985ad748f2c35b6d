// parse_double / parse_float (src/core/parse_number.h) against the C library's strtod /
// strtof, which glibc (native build) and musl (wasm build) both round correctly (C11
// 7.22.1.3 with IEEE 754 / Annex F: "correctly rounded"): the same bits and the same end
// on edge cases, on random decimal and hexadecimal text and on the exact midpoints
// between neighbouring doubles and floats, where a parser that rounds twice or
// estimates goes wrong. The inputs are the same on both builds (a fixed mt19937_64
// stream, printf of exact values), so both run the same checks.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/parse_number.h"

namespace {

using infercalc::parse_double;
using infercalc::parse_float;

// The first text where parse_double / parse_float and strtod / strtof differ in bits or
// end ("" when none).
struct Mismatch {
  std::string first;
  int count = 0;
  void check(const std::string& text) {
    const char* s = text.c_str();
    char *e1 = nullptr, *e2 = nullptr;
    const double a = parse_double(s, &e1), b = std::strtod(s, &e2);
    bool same = e1 == e2 && ((std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0);
    const float fa = parse_float(s, &e1), fb = std::strtof(s, &e2);
    same = same && e1 == e2 && ((std::isnan(fa) && std::isnan(fb)) || std::memcmp(&fa, &fb, sizeof fa) == 0);
    if (!same && count++ == 0) first = text;
  }
};

// The exact decimal of odd * 2^exp2 (odd < 2^60), as digits and a power of ten.
std::string exact_decimal(std::uint64_t odd, int exp2) {
  std::vector<int> d;  // least significant first
  for (; odd; odd /= 10) d.push_back(static_cast<int>(odd % 10));
  const int factor = exp2 >= 0 ? 2 : 5;
  for (int i = 0; i < (exp2 >= 0 ? exp2 : -exp2); ++i) {
    int carry = 0;
    for (int& x : d) {
      x = x * factor + carry;
      carry = x / 10;
      x %= 10;
    }
    for (; carry; carry /= 10) d.push_back(carry % 10);
  }
  std::string s;
  for (auto it = d.rbegin(); it != d.rend(); ++it) s += static_cast<char>('0' + *it);
  return s + "e" + std::to_string(exp2 >= 0 ? 0 : exp2);  // odd * 5^j / 10^j
}

}  // namespace

TEST_CASE("parse_double / parse_float: edge cases as the C library's strtod / strtof") {
  Mismatch m;
  for (const char* text :
       {"", "-", "+", ".", "-.", "e5", "1", "-0", ".5", "5.", "1e", "1e+", "1e-", "1e-5", "1E400", "-1e400", "1e-400",
        "0x", "0x.", "0xg", "0x1p", "0x1p+", "0x1.8p1", "-0x10", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023",
        "0x1.000001p0", "0x1.0000010000000000001p0", "0x1.000000000000080000000000000000001p0", "0X1P-3", "inf",
        "-Infinity", "INFINITY", "infinit", "in", "nan", "NaN", "nan()", "nan(abc)", "nan(abc", "na", "  12",
        "\t\n\v\f\r-3.25xyz", "1e5e", "12,5", "1..5", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "9007199254740993", "9007199254740992.5", "1e23",
        "8.589973e9", "0.1", "0.3", "3.4028235e38", "3.4028236e38", "3.40282357e38", "1.4e-45", "7e-46",
        "7.1e-46", "1.1754942e-38", "00000000000000000000000000001.5", "0.000000000000000000000000000000000000001e39",
        "1e-330", "1e310", "123456789012345678901234567890e-40", "1e22", "1e-22", "9007199254740993e22",
        "4503599627370497.5", "0.85", "1024", "1e0000000000000000000000000003"})
    m.check(text);
  // A double's exact 768-digit decimal plus one digit beyond: DBL_MAX's upper midpoint region.
  m.check("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330"
          "286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069"
          "8555e180");
  CAPTURE(m.first);
  CHECK(m.count == 0);
}

// glibc 2.36's strtod rounds some hexadecimal subnormals down where they should round up
// (0xf1a5cb0bce09540 * 2^-1083: the 9 bits dropped are 0x140, more than half of 0x200),
// so these are checked against hexadecimal literals, which the compiler rounds exactly.
TEST_CASE("parse_double: hexadecimal subnormals rounded to nearest (ties to even)") {
  CHECK(parse_double("0xf1a5cb0bce09540p-1083", nullptr) == 0x0.78d2e585e704bp-1022);
  CHECK(parse_double("0x0.78d2e585e704a8p-1022", nullptr) == 0x0.78d2e585e704ap-1022);  // a tie: to even
  CHECK(parse_double("0x0.78d2e585e704b8p-1022", nullptr) == 0x0.78d2e585e704cp-1022);  // a tie: to even
  CHECK(parse_double("0x1p-1075", nullptr) == 0.0);                                       // half the least: to 0
  CHECK(parse_double("0x1.8p-1075", nullptr) == 0x1p-1074);
  CHECK(parse_float("0x1p-150", nullptr) == 0.0f);
  CHECK(parse_float("0x1.8p-150", nullptr) == 0x1p-149f);
}

TEST_CASE("parse_double / parse_float: random decimal and hexadecimal text as strtod / strtof") {
  std::mt19937_64 rng(20261129);
  Mismatch printed, digits, hex, midpoints;
  char buf[64];
  for (int i = 0; i < 4000; ++i) {
    // A random double printed with 1 to 20 significant digits.
    std::uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isfinite(d)) {
      std::snprintf(buf, sizeof buf, "%.*g", static_cast<int>(rng() % 20) + 1, d);
      printed.check(buf);
    }
    // Random digits, a point somewhere, an exponent across the whole range.
    std::string s;
    const int n = static_cast<int>(rng() % (i % 50 == 0 ? 900 : 40)) + 1;
    for (int j = 0; j < n; ++j) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 2) s.insert(rng() % s.size(), ".");
    s += "e" + std::to_string(static_cast<int>(rng() % 700) - 350 - (n > 40 ? n : 0));
    digits.check(rng() % 4 ? s : "-" + s);
    // Hexadecimal digits whose value stays in the normal range (see the test above).
    std::string h = "0x";
    const int nh = static_cast<int>(rng() % 20) + 1;
    for (int j = 0; j < nh; ++j) h += "0123456789abcdef"[rng() % 16];
    if (rng() % 2) h.insert(2 + rng() % nh, ".");
    h += "p" + std::to_string(static_cast<int>(rng() % 1850) - 900);
    hex.check(h);
  }
  for (int i = 0; i < 300; ++i) {
    // The exact midpoint between a double (or a float) and the next one up, and the same
    // text with a digit more or one digit less: round to even, up, down.
    const bool is_float = i % 3 == 0;
    const int bits = is_float ? 24 : 53;
    const std::uint64_t m = (std::uint64_t{1} << (bits - 1)) | (rng() & ((std::uint64_t{1} << (bits - 1)) - 1));
    const int k = is_float ? static_cast<int>(rng() % 253) - 149 : static_cast<int>(rng() % 2045) - 1074;
    const std::string mid = exact_decimal(2 * m + 1, k - 1);
    const std::size_t e = mid.find('e');
    midpoints.check(mid);
    midpoints.check(mid.substr(0, e) + "0000000000001" + "e" + std::to_string(std::stoi(mid.substr(e + 1)) - 13));
    midpoints.check(mid.substr(0, e - 1) + "e" + std::to_string(std::stoi(mid.substr(e + 1)) + 1));
  }
  CAPTURE(printed.first);
  CHECK(printed.count == 0);
  CAPTURE(digits.first);
  CHECK(digits.count == 0);
  CAPTURE(hex.first);
  CHECK(hex.count == 0);
  CAPTURE(midpoints.first);
  CHECK(midpoints.count == 0);
}
