// The LZMA decoder the embedded assets go through (src/core/lzma.h).
#include <doctest/doctest.h>

#include <string>

#include "core/assets.h"
#include "core/lzma.h"

using namespace infercalc;

namespace {
// `xz --format=lzma -9e` (XZ Utils, an independent encoder) of kText: the .lzma header
// (properties 0x5d = lc 3, lp 0, pb 2; 64 MiB dictionary; size unknown, so the stream
// ends with a marker), then literals, matches and repeated matches.
const std::string kText = "infercalc infercalc infercalc: LZMA test, abcabcabcabcabc 0123456789 0123456789\n";
const unsigned char kStream[] = {
    0x5d, 0x00, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x34, 0x9b, 0x88,
    0xf6, 0x74, 0xfe, 0xbe, 0x42, 0x34, 0xf1, 0x38, 0x08, 0x21, 0x88, 0xef, 0x29, 0xc8, 0x12, 0x73, 0xb8,
    0x1d, 0xa4, 0x5f, 0x39, 0x2c, 0xc7, 0x58, 0x68, 0xf2, 0x42, 0x37, 0x5f, 0xcb, 0x1c, 0x9f, 0xe7, 0xc4,
    0x56, 0x9f, 0x0a, 0x13, 0x9f, 0x9c, 0xa6, 0x8e, 0xd2, 0xa9, 0x17, 0x4b, 0xff, 0xff, 0xb5, 0x1a, 0x00, 0x00};
const std::string_view kView(reinterpret_cast<const char*>(kStream), sizeof kStream);
}  // namespace

TEST_CASE("lzma_decode reproduces what XZ Utils encoded") {
  auto out = lzma_decode(kView, kText.size());
  REQUIRE(out.has_value());
  CHECK(*out == kText);
}

TEST_CASE("lzma_decode refuses a truncated stream, a wrong size or a corrupt header") {
  for (std::size_t n = 0; n < sizeof kStream - 6; ++n) CHECK_FALSE(lzma_decode(kView.substr(0, n), kText.size()));
  CHECK_FALSE(lzma_decode(kView, kText.size() + 1));  // the end marker comes first
  std::string bad(kView);
  bad[0] = static_cast<char>(225);  // properties beyond lc 8, lp 4, pb 4
  CHECK_FALSE(lzma_decode(bad, kText.size()));
  bad = std::string(kView);
  bad[13] = 1;  // the range coder's first byte is always 0
  CHECK_FALSE(lzma_decode(bad, kText.size()));
}

TEST_CASE("lzma_decode survives flipped bytes without reading outside the stream") {
  // Under ASan (the asan preset) any out-of-bounds read fails this test.
  for (std::size_t i = 13; i < sizeof kStream; ++i) {
    std::string bad(kView);
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto out = lzma_decode(bad, kText.size());
    if (out) CHECK(out->size() == kText.size());
  }
}

TEST_CASE("embedded assets decode to their files: JSON without line breaks, CSV as written") {
  // The first bytes of assets/models.json and assets/gpus.csv as committed.
  CHECK(asset("models.json").substr(0, 11) == "{\"about\": \"");
  CHECK(asset("gpus.csv").substr(0, 3) == "id,");
  CHECK(asset("no-such-file.csv").empty());
  CHECK(asset("gpus.csv").find('\0') == std::string_view::npos);
}
