// LZMA decoding, following the reference decoder of the LZMA specification
// (LzmaSpec.cpp, LZMA SDK, public domain): a range decoder driving adaptive binary
// probabilities; literals, matches and repeated matches over the whole output as the
// dictionary (the output is one buffer, so no ring window is needed).
#include "core/lzma.h"

#include <cstdint>
#include <vector>

namespace infercalc {
namespace {

using Prob = std::uint16_t;
constexpr int kNumBitModelTotalBits = 11;  // probabilities are 11-bit fixed point
constexpr int kNumMoveBits = 5;            // adaptation speed
constexpr Prob kProbInit = 1u << (kNumBitModelTotalBits - 1);
constexpr std::uint32_t kTopValue = 1u << 24;

class RangeDecoder {
 public:
  RangeDecoder(const unsigned char* p, const unsigned char* end) : p_(p), end_(end) {
    // The first byte is always 0; then 4 bytes of code.
    if (next() != 0) bad = true;
    for (int i = 0; i < 4; ++i) code_ = (code_ << 8) | next();
    if (code_ == range_) bad = true;
  }
  bool bad = false;

  unsigned bit(Prob& prob) {
    const std::uint32_t bound = (range_ >> kNumBitModelTotalBits) * prob;
    unsigned symbol;
    if (code_ < bound) {
      prob = static_cast<Prob>(prob + (((1u << kNumBitModelTotalBits) - prob) >> kNumMoveBits));
      range_ = bound;
      symbol = 0;
    } else {
      prob = static_cast<Prob>(prob - (prob >> kNumMoveBits));
      code_ -= bound;
      range_ -= bound;
      symbol = 1;
    }
    normalize();
    return symbol;
  }

  std::uint32_t direct_bits(int count) {
    std::uint32_t result = 0;
    for (; count > 0; --count) {
      range_ >>= 1;
      code_ -= range_;
      const std::uint32_t t = 0u - (code_ >> 31);  // all ones when code_ went "negative"
      code_ += range_ & t;
      if (code_ == range_) bad = true;
      normalize();
      result = (result << 1) + (t + 1);
    }
    return result;
  }

  // Bit trees: `count` bits most significant first, or least significant first.
  unsigned tree(Prob* probs, int count) {
    unsigned m = 1;
    for (int i = 0; i < count; ++i) m = (m << 1) + bit(probs[m]);
    return m - (1u << count);
  }
  unsigned reverse_tree(Prob* probs, int count) {
    unsigned m = 1, symbol = 0;
    for (int i = 0; i < count; ++i) {
      const unsigned b = bit(probs[m]);
      m = (m << 1) + b;
      symbol |= b << i;
    }
    return symbol;
  }

 private:
  std::uint32_t next() {
    if (p_ == end_) {
      bad = true;
      return 0;
    }
    return *p_++;
  }
  void normalize() {
    if (range_ < kTopValue) {
      range_ <<= 8;
      code_ = (code_ << 8) | next();
    }
  }
  const unsigned char* p_;
  const unsigned char* end_;
  std::uint32_t range_ = 0xFFFFFFFFu;
  std::uint32_t code_ = 0;
};

constexpr int kNumPosBitsMax = 4;
constexpr int kNumStates = 12;
constexpr int kNumLenToPosStates = 4;
constexpr int kNumAlignBits = 4;
constexpr int kEndPosModelIndex = 14;
constexpr int kNumFullDistances = 1 << (kEndPosModelIndex >> 1);
constexpr unsigned kMatchMinLen = 2;

struct LenDecoder {
  Prob choice = kProbInit, choice2 = kProbInit;
  Prob low[1 << kNumPosBitsMax][1 << 3];
  Prob mid[1 << kNumPosBitsMax][1 << 3];
  Prob high[1 << 8];
  LenDecoder() {
    for (auto& row : low) for (Prob& p : row) p = kProbInit;
    for (auto& row : mid) for (Prob& p : row) p = kProbInit;
    for (Prob& p : high) p = kProbInit;
  }
  unsigned decode(RangeDecoder& rc, unsigned pos_state) {
    if (rc.bit(choice) == 0) return rc.tree(low[pos_state], 3);
    if (rc.bit(choice2) == 0) return 8 + rc.tree(mid[pos_state], 3);
    return 16 + rc.tree(high, 8);
  }
};

struct Model {
  std::vector<Prob> literal;
  Prob pos_slot[kNumLenToPosStates][1 << 6];
  Prob pos[1 + kNumFullDistances - kEndPosModelIndex];
  Prob align[1 << kNumAlignBits];
  Prob is_match[kNumStates << kNumPosBitsMax];
  Prob is_rep[kNumStates], is_rep_g0[kNumStates], is_rep_g1[kNumStates], is_rep_g2[kNumStates];
  Prob is_rep0_long[kNumStates << kNumPosBitsMax];
  LenDecoder len, rep_len;
  explicit Model(unsigned lc_lp) : literal(std::size_t{0x300} << lc_lp, kProbInit) {
    for (auto& row : pos_slot) for (Prob& p : row) p = kProbInit;
    for (Prob& p : pos) p = kProbInit;
    for (Prob& p : align) p = kProbInit;
    for (Prob& p : is_match) p = kProbInit;
    for (Prob& p : is_rep) p = kProbInit;
    for (Prob& p : is_rep_g0) p = kProbInit;
    for (Prob& p : is_rep_g1) p = kProbInit;
    for (Prob& p : is_rep_g2) p = kProbInit;
    for (Prob& p : is_rep0_long) p = kProbInit;
  }
};

}  // namespace

std::optional<std::string> lzma_decode(std::string_view stream, std::size_t size) {
  // Header: properties byte (lc, lp, pb), dictionary size (4 bytes), unpacked size
  // (8 bytes, all ones when unknown and the stream ends with a marker).
  constexpr std::size_t kHeader = 13;
  if (stream.size() < kHeader) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(stream.data());
  unsigned props = bytes[0];
  if (props >= 9 * 5 * 5) return std::nullopt;
  const unsigned lc = props % 9;
  props /= 9;
  const unsigned lp = props % 5;
  const unsigned pb = props / 5;

  std::string out;
  out.reserve(size);
  Model m(lc + lp);
  RangeDecoder rc(bytes + kHeader, bytes + stream.size());
  std::uint32_t rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;  // distances minus one
  unsigned state = 0;
  const std::size_t pb_mask = (std::size_t{1} << pb) - 1, lp_mask = (std::size_t{1} << lp) - 1;
  auto back = [&](std::uint32_t dist) { return static_cast<unsigned char>(out[out.size() - dist - 1]); };

  while (out.size() < size && !rc.bad) {
    const auto pos_state = static_cast<unsigned>(out.size() & pb_mask);
    if (rc.bit(m.is_match[(state << kNumPosBitsMax) + pos_state]) == 0) {
      // A literal, coded with the previous byte's high bits (and, after a match, the
      // byte at the last distance) as context.
      const unsigned prev = out.empty() ? 0 : static_cast<unsigned char>(out.back());
      const auto lit_state = static_cast<unsigned>(((out.size() & lp_mask) << lc) + (prev >> (8 - lc)));
      Prob* probs = &m.literal[std::size_t{0x300} * lit_state];
      unsigned symbol = 1;
      if (state >= 7 && !out.empty()) {
        if (rep0 >= out.size()) return std::nullopt;
        unsigned match_byte = back(rep0);
        do {
          const unsigned match_bit = (match_byte >> 7) & 1;
          match_byte <<= 1;
          const unsigned b = rc.bit(probs[((1 + match_bit) << 8) + symbol]);
          symbol = (symbol << 1) | b;
          if (match_bit != b) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(probs[symbol]);
      out.push_back(static_cast<char>(symbol - 0x100));
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    unsigned len;
    if (rc.bit(m.is_rep[state]) != 0) {
      if (out.empty()) return std::nullopt;
      if (rc.bit(m.is_rep_g0[state]) == 0) {
        if (rc.bit(m.is_rep0_long[(state << kNumPosBitsMax) + pos_state]) == 0) {
          // A single byte from the last distance.
          state = state < 7 ? 9 : 11;
          if (rep0 >= out.size()) return std::nullopt;
          out.push_back(static_cast<char>(back(rep0)));
          continue;
        }
      } else {
        std::uint32_t dist;
        if (rc.bit(m.is_rep_g1[state]) == 0) {
          dist = rep1;
        } else {
          if (rc.bit(m.is_rep_g2[state]) == 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = m.rep_len.decode(rc, pos_state);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = m.len.decode(rc, pos_state);
      state = state < 7 ? 7 : 10;
      // The distance: a 6-bit slot (by length), then the low bits from bit trees or,
      // for large distances, direct bits plus 4 aligned bits.
      const unsigned len_state = len < kNumLenToPosStates - 1 ? len : kNumLenToPosStates - 1;
      const unsigned slot = rc.tree(m.pos_slot[len_state], 6);
      if (slot < 4) {
        rep0 = slot;
      } else {
        const int direct = static_cast<int>(slot >> 1) - 1;
        std::uint32_t dist = (2u | (slot & 1u)) << direct;
        if (slot < kEndPosModelIndex) {
          dist += rc.reverse_tree(m.pos + dist - slot, direct);
        } else {
          dist += rc.direct_bits(direct - kNumAlignBits) << kNumAlignBits;
          dist += rc.reverse_tree(m.align, kNumAlignBits);
        }
        rep0 = dist;
      }
      if (rep0 == 0xFFFFFFFFu) break;  // the end marker
    }
    len += kMatchMinLen;
    if (rep0 >= out.size() || len > size - out.size()) return std::nullopt;
    for (; len > 0; --len) out.push_back(static_cast<char>(back(rep0)));
  }
  if (rc.bad || out.size() != size) return std::nullopt;
  return out;
}

}  // namespace infercalc
