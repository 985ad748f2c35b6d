// libFuzzer target: parse_link on arbitrary bytes. For every link it accepts:
//  - the scenario passes validate() (parse_link promises it);
//  - make_link + parse_link gives back an equal scenario (and the own key's value),
//    and make_link of that is the same text (canonical form);
//  - estimate() gives finite, non-negative numbers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "core/link.h"
#include "core/scenario_check.h"

using namespace infercalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> own = {"panel"};
  auto parsed = parse_link(text, Scenario{}, own);
  if (!parsed) {
    if (parsed.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  const Scenario& s = parsed->scenario;
  if (auto e = validate(s)) fuzzcheck::fail("parse_link accepted a scenario validate() refuses", e->text());

  const std::string link = make_link(s);
  auto again = parse_link(link);
  if (!again) fuzzcheck::fail("make_link wrote a link parse_link refuses", link + "\n-> " + again.error().text());
  if (!(again->scenario == s)) fuzzcheck::fail("link round trip changed the scenario", link);
  if (make_link(again->scenario) != link) fuzzcheck::fail("make_link is not canonical", link);

  // With the caller's own keys appended (their values may grow past the length limit
  // once escaped: that is the caller's content, so only check links within it).
  const std::string with_extra = make_link(s, parsed->extra);
  if (with_extra.size() <= kMaxLinkLength) {
    auto back = parse_link(with_extra, Scenario{}, own);
    if (!back) fuzzcheck::fail("make_link wrote a link parse_link refuses", with_extra + "\n-> " + back.error().text());
    if (!(back->scenario == s) || back->extra != parsed->extra)
      fuzzcheck::fail("link round trip changed the scenario or the own keys", with_extra);
  }

  fuzzcheck::result_finite(estimate(s));
  return 0;
}
