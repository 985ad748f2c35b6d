// `infercalc compare`: two setups side by side. `--link A --link B`, or one compare
// link (B's keys with vs=<A>); the report is core/compare.h's, as on the page.
#include <cstdio>
#include <memory>
#include <vector>

#include "cli/commands.h"
#include "core/compare.h"
#include "core/link.h"

namespace infercalc::cli {

Run add_compare(CLI::App& app) {
  auto links = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  app.add_option("--link", *links,
                 "A link (#v=1&...): give two, A then B, or one compare link that holds both (vs=)");
  app.add_option("--format", *format, "Output: text (default), json, markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  app.footer("Example: infercalc compare --link '#v=1&model=llama-3.1-70b&gpu=v100-sxm2-32gb&gpus=8&tp=8' "
             "--link '#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2'");
  return [links, format]() -> int {
    if (links->empty() || links->size() > 2)
      return bad_input("link", "give two links (A and B) or one compare link with vs=");
    std::vector<Scenario> s;
    for (std::size_t i = 0; i < links->size(); ++i) {
      auto parsed = parse_link((*links)[i]);
      if (!parsed) return bad_input(parsed.error().field, parsed.error().message);
      for (const std::string& w : parsed->warnings) std::fprintf(stderr, "infercalc: warning: %s\n", w.c_str());
      if (links->size() == 1) {
        if (!parsed->vs) return bad_input("link", "one link must be a compare link (with vs=); or give two links");
        s.push_back(*parsed->vs);
      } else if (parsed->vs) {
        return bad_input("link", "with two links, neither may hold vs=");
      }
      s.push_back(parsed->scenario);
    }
    const Scenario& a = s[0];
    const Scenario& b = s[1];
    if (*format == "json") std::fputs(compare_json(a, b).c_str(), stdout);
    else if (*format == "markdown") std::fputs(compare_markdown(a, b).c_str(), stdout);
    else std::fputs(compare_text(a, b).c_str(), stdout);
    return 0;
  };
}

}  // namespace infercalc::cli
