// Correctly rounded text -> binary floating point (parse_number.h).
// Decimal: Clinger's fast path when the digits and the power of ten are both exact
// doubles (W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990:
// at most 2^53 and 10^22, one rounding); otherwise a double estimate, corrected one step
// at a time by comparing the decimal value exactly, as big integers, with the midpoints
// between the candidate and its neighbours (Clinger's AlgorithmR, with the exact
// comparison of D. M. Gay's "Correctly Rounded Binary-Decimal and Decimal-Binary
// Conversions", 1990). Hexadecimal digits are exact binary: rounded once.
#include "core/parse_number.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>

namespace infercalc {
namespace {

// A binary format: a finite value is m * 2^k with m < 2^bits; normal numbers have
// m >= 2^(bits - 1); k runs from min_k (shared by the subnormals) to max_k. IEEE 754
// binary64 and binary32: DBL_MAX = (2^53 - 1) * 2^971, the smallest subnormal 2^-1074;
// FLT_MAX = (2^24 - 1) * 2^104, the smallest subnormal 2^-149.
struct Format {
  int bits;
  int min_k;
  int max_k;
  int sign_bit;
};
constexpr Format kDouble{53, -1074, 971, 63};
constexpr Format kFloat{24, -149, 104, 31};

// m * 2^k; k = max_k + 1 (with m = 2^(bits - 1)) is infinity.
struct Binary {
  std::uint64_t m;
  int k;
};

std::uint64_t top(const Format& f) { return std::uint64_t{1} << (f.bits - 1); }
Binary infinity(const Format& f) { return {top(f), f.max_k + 1}; }

// IEEE bits (without the sign) of m * 2^k: the biased exponent is k - min_k + 1 for a
// normal number, 0 for a subnormal, all ones for infinity (k = max_k + 1).
std::uint64_t ieee_bits(const Binary& b, const Format& f) {
  if (b.m < top(f)) return b.m;
  return (static_cast<std::uint64_t>(b.k - f.min_k + 1) << (f.bits - 1)) | (b.m - top(f));
}

// w * 2^e rounded to f, to nearest, ties to even; sticky: the exact value is a little
// more than w * 2^e (nonzero digits were dropped below w's last one; w then has more than
// 53 bits, so those digits lie below the rounding position).
Binary round_binary(std::uint64_t w, int e, bool sticky, const Format& f) {
  if (w == 0) return {0, f.min_k};
  int k = e + static_cast<int>(std::bit_width(w)) - f.bits;
  if (k < f.min_k) k = f.min_k;
  std::uint64_t m = 0;
  if (k <= e) {
    m = w << (e - k);  // exact: fewer than f.bits bits
  } else {
    const int s = k - e;
    bool up = false;  // s > 64: w < 2^64 < half a unit
    if (s <= 64) {
      m = s == 64 ? 0 : w >> s;
      const std::uint64_t rem = s == 64 ? w : w & ((std::uint64_t{1} << s) - 1);
      const std::uint64_t half = std::uint64_t{1} << (s - 1);
      up = rem > half || (rem == half && (sticky || (m & 1)));
    }
    if (up && ++m == top(f) << 1) {
      m = top(f);
      ++k;
    }
  }
  return k > f.max_k ? infinity(f) : Binary{m, k};
}

// An unsigned big integer, 32-bit words, least significant first. 160 words hold the
// largest product compare() forms (about 2,700 bits: 800 digits against a double's
// midpoint times 5^1100).
struct Big {
  std::uint32_t w[160];
  int n = 0;
  void mul(std::uint32_t x, std::uint32_t add) {
    std::uint64_t carry = add;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t p = std::uint64_t{w[i]} * x + carry;
      w[i] = static_cast<std::uint32_t>(p);
      carry = p >> 32;
    }
    if (carry) w[n++] = static_cast<std::uint32_t>(carry);
  }
  void mul_pow5(int e) {
    for (; e >= 13; e -= 13) mul(1220703125, 0);  // 5^13, the largest power of 5 in 32 bits
    std::uint32_t p = 1;
    while (e-- > 0) p *= 5;
    mul(p, 0);
  }
  void shift_left(int s) {
    const int words = s / 32, bits = s % 32;
    if (bits) {
      std::uint32_t carry = 0;
      for (int i = 0; i < n; ++i) {
        const std::uint32_t v = w[i];
        w[i] = (v << bits) | carry;
        carry = v >> (32 - bits);
      }
      if (carry) w[n++] = carry;
    }
    if (words && n) {
      std::memmove(w + words, w, sizeof(std::uint32_t) * static_cast<unsigned>(n));
      std::memset(w, 0, sizeof(std::uint32_t) * static_cast<unsigned>(words));
      n += words;
    }
  }
};

int compare(const Big& a, const Big& b) {
  if (a.n != b.n) return a.n < b.n ? -1 : 1;
  for (int i = a.n - 1; i >= 0; --i)
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
  return 0;
}

// Significant decimal digits kept: a midpoint between two doubles has at most 767
// (2^-1075 * odd), so 800 digits and one more nonzero digit standing for any dropped
// ones round as all of them would.
constexpr int kMaxDigits = 800;

// The sign of D * 10^e10 - a * 2^b, D the integer of the digits (values 0-9).
int compare_exact(const unsigned char* digits, int n, int e10, std::uint64_t a, int b) {
  Big d, m;
  for (int i = 0; i < n; ++i) d.mul(10, digits[i]);
  m.w[0] = static_cast<std::uint32_t>(a);
  m.w[1] = static_cast<std::uint32_t>(a >> 32);
  m.n = m.w[1] ? 2 : 1;
  if (e10 >= 0) d.mul_pow5(e10);
  else m.mul_pow5(-e10);
  if (e10 > b) d.shift_left(e10 - b);
  else m.shift_left(b - e10);
  return compare(d, m);
}

// x * 10^e, within a few units in the last place (an estimate for the exact step).
double scale10(double x, int e) {
  static const double powers[] = {1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256};
  const bool down = e < 0;
  unsigned u = down ? -static_cast<unsigned>(e) : static_cast<unsigned>(e);
  for (int i = 0; u && i < 9; ++i, u >>= 1)
    if (u & 1) x = down ? x / powers[i] : x * powers[i];
  return x;
}

bool space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool lower_is(char c, char want) { return (c | 32) == want; }
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
  return -1;
}

// An optional exponent at p (marker e or p, then an optional sign and digits): added to
// *exp and p moved past it; a marker without digits is not part of the number.
const char* exponent(const char* p, char marker, int* exp) {
  if (!lower_is(*p, marker)) return p;
  const char* q = p + 1;
  const bool neg = *q == '-';
  if (*q == '+' || *q == '-') ++q;
  if (*q < '0' || *q > '9') return p;
  int x = 0;
  for (; *q >= '0' && *q <= '9'; ++q)
    if (x < 1000000) x = 10 * x + (*q - '0');
  *exp += neg ? -x : x;
  return q;
}

// The decimal digits at p, rounded to f: the IEEE bits without the sign.
std::uint64_t decimal(const char* p, const char** end, const Format& f) {
  unsigned char digits[kMaxDigits + 1];
  int n = 0, e10 = 0;
  bool any = false, point = false, dropped = false;
  for (;; ++p) {
    if (*p == '.' && !point) {
      point = true;
      continue;
    }
    if (*p < '0' || *p > '9') break;
    any = true;
    const int d = *p - '0';
    if (n == 0 && d == 0) {
      e10 -= point;
    } else if (n < kMaxDigits) {
      digits[n++] = static_cast<unsigned char>(d);
      e10 -= point;
    } else {
      dropped |= d != 0;
      e10 += !point;
    }
  }
  if (!any) {
    *end = nullptr;
    return 0;
  }
  *end = exponent(p, 'e', &e10);
  if (dropped) {
    digits[n++] = 1;
    --e10;
  }
  while (n > 0 && digits[n - 1] == 0) {
    --n;
    ++e10;
  }
  // D * 10^e10 with D < 10^n: at least 10^310 overflows, below 10^-331 rounds to 0.
  if (n == 0 || e10 + n < -330) return 0;
  if (e10 + n > 310) return ieee_bits(infinity(f), f);
  std::uint64_t w = 0;
  const int head = n < 19 ? n : 19;
  for (int i = 0; i < head; ++i) w = 10 * w + digits[i];
  double x = 0;
  if (f.bits == 53 && n == head && w <= (std::uint64_t{1} << 53) && e10 >= -22 && e10 <= 22) {
    // Clinger's fast path: w and 10^|e10| are exact doubles, so one operation rounds once.
    double p10 = 1;
    for (int i = e10 < 0 ? -e10 : e10; i > 0; --i) p10 *= 10;
    x = e10 < 0 ? static_cast<double>(w) / p10 : static_cast<double>(w) * p10;
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
  }
  x = scale10(static_cast<double>(w), e10 + n - head);
  // The estimate on f's grid (the largest finite value when it overflowed).
  Binary b{};
  if (x > std::numeric_limits<double>::max()) {
    b = infinity(f);
  } else {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const int field = static_cast<int>(bits >> 52);
    const std::uint64_t frac = bits & ((std::uint64_t{1} << 52) - 1);
    b = field ? round_binary(frac | (std::uint64_t{1} << 52), field - 1075, false, f) : round_binary(frac, -1074, false, f);
  }
  if (b.k > f.max_k) b = {(top(f) << 1) - 1, f.max_k};
  // Step to the neighbour while the value lies beyond the midpoint towards it (ties to
  // the even one).
  for (;;) {
    const int above = compare_exact(digits, n, e10, 2 * b.m + 1, b.k - 1);
    if (above > 0 || (above == 0 && (b.m & 1))) {
      if (++b.m == top(f) << 1) {
        b.m = top(f);
        if (++b.k > f.max_k) return ieee_bits(infinity(f), f);
      }
      continue;
    }
    if (b.m == 0) break;
    const bool binade = b.m == top(f) && b.k > f.min_k;  // the neighbour below is half as far
    const int below = binade ? compare_exact(digits, n, e10, 4 * b.m - 1, b.k - 2)
                             : compare_exact(digits, n, e10, 2 * b.m - 1, b.k - 1);
    if (below > 0 || (below == 0 && !(b.m & 1))) break;
    if (binade) {
      b.m = (top(f) << 1) - 1;
      --b.k;
    } else {
      --b.m;
    }
  }
  return ieee_bits(b, f);
}

// "0x" already read; the hexadecimal digits at p rounded to f (no digits: *end null).
std::uint64_t hexadecimal(const char* p, const char** end, const Format& f) {
  std::uint64_t w = 0;
  int e = 0;
  bool any = false, point = false, sticky = false;
  for (;; ++p) {
    if (*p == '.' && !point) {
      point = true;
      continue;
    }
    const int d = hex_digit(*p);
    if (d < 0) break;
    any = true;
    if (w >> 60 == 0) {
      w = 16 * w + static_cast<unsigned>(d);
      e -= 4 * point;
    } else {
      sticky |= d != 0;
      e += 4 * !point;
    }
  }
  if (!any) {
    *end = nullptr;
    return 0;
  }
  *end = exponent(p, 'p', &e);
  return ieee_bits(round_binary(w, e, sticky, f), f);
}

// The number at text as f's IEEE bits, sign included.
std::uint64_t parse(const char* text, char** end, const Format& f) {
  const char* p = text;
  while (space(*p)) ++p;
  const bool neg = *p == '-';
  if (*p == '+' || *p == '-') ++p;
  const std::uint64_t sign = static_cast<std::uint64_t>(neg) << f.sign_bit;
  std::uint64_t bits = 0;
  const char* stop = nullptr;
  if (lower_is(p[0], 'i') && lower_is(p[1], 'n') && lower_is(p[2], 'f')) {
    stop = p + 3;
    if (lower_is(p[3], 'i') && lower_is(p[4], 'n') && lower_is(p[5], 'i') && lower_is(p[6], 't') &&
        lower_is(p[7], 'y'))
      stop = p + 8;
    bits = ieee_bits(infinity(f), f);
  } else if (lower_is(p[0], 'n') && lower_is(p[1], 'a') && lower_is(p[2], 'n')) {
    stop = p + 3;
    if (*stop == '(') {
      const char* q = stop + 1;
      while ((*q >= '0' && *q <= '9') || ((*q | 32) >= 'a' && (*q | 32) <= 'z') || *q == '_') ++q;
      if (*q == ')') stop = q + 1;
    }
    bits = ieee_bits(infinity(f), f) | (top(f) >> 1);  // a quiet NaN
  } else if (p[0] == '0' && lower_is(p[1], 'x')) {
    bits = hexadecimal(p + 2, &stop, f);
    if (!stop) stop = p + 1;  // "0x" without digits: the number is the 0
  } else {
    bits = decimal(p, &stop, f);
  }
  if (!stop) {
    if (end) *end = const_cast<char*>(text);
    return 0;
  }
  if (end) *end = const_cast<char*>(stop);
  return bits | sign;
}

}  // namespace

double parse_double(const char* text, char** end) {
  const std::uint64_t bits = parse(text, end, kDouble);
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

float parse_float(const char* text, char** end) {
  const auto bits = static_cast<std::uint32_t>(parse(text, end, kFloat));
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace infercalc
