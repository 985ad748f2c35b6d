#include "core/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/json_writer.h"
#include "core/link.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

// "k=v" pairs of a fragment, in order (values percent-decoded).
std::vector<std::pair<std::string, std::string>> pairs(const std::string& fragment) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = fragment[0] == '#' ? 1 : 0;
  while (pos < fragment.size()) {
    std::size_t amp = fragment.find('&', pos);
    if (amp == std::string::npos) amp = fragment.size();
    const std::string pair = fragment.substr(pos, amp - pos);
    const std::size_t eq = pair.find('=');
    out.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1)));
    pos = amp + 1;
  }
  return out;
}

std::string value_of(const std::vector<std::pair<std::string, std::string>>& ps, const std::string& key) {
  for (const auto& [k, v] : ps)
    if (k == key) return v;
  return "";
}

std::string show(const MetricDiff& m, double v) {
  char buf[64];
  if (!m.present) return "-";
  if (std::string(m.key).find("bytes") != std::string::npos) return format_gib(v);
  if (std::string(m.key).find("_ms") != std::string::npos) return format_ms(v);
  if (std::string(m.key).find("usd") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "$%.3f", v);
    return buf;
  }
  if (std::string(m.key) == "gpus" || std::string(m.key) == "fits") {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  return format_rate(v);
}

std::string change(const MetricDiff& m) {
  const std::string d = format_delta(m);
  if (d.empty()) return "-";
  if (m.a == 0) return d;
  char buf[64];
  std::snprintf(buf, sizeof buf, " (x%.2f)", m.ratio());
  return d + buf;
}

}  // namespace

std::string format_delta(const MetricDiff& m) {
  if (!m.present || std::string(m.key) == "fits") return "";
  const double d = m.delta();
  if (d == 0) return "0";
  const std::string sign = d > 0 ? "+" : "-";
  const double v = std::fabs(d);
  const std::string key = m.key;
  char buf[64];
  if (key.find("bytes") != std::string::npos) return sign + format_gib(v);
  if (key.find("_ms") != std::string::npos) return sign + format_ms(v);
  if (key.find("usd") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "$%.3f", v);
    return sign + buf;
  }
  if (key.find("kwh") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "%.2f kWh", v);
    return sign + buf;
  }
  if (key == "gpus") {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return sign + buf;
  }
  return sign + format_rate(v) + " tok/s";
}

int delta_verdict(const MetricDiff& m) {
  if (!m.present || m.a == m.b) return 0;
  if (std::string(m.key) == "fits") return m.b > m.a ? 1 : -1;
  const bool lower = m.b < m.a;
  return lower == m.lower_is_better ? 1 : -1;
}

std::vector<SettingDiff> setting_diff(const Scenario& a, const Scenario& b) {
  const auto pa = pairs(make_link(a)), pb = pairs(make_link(b));
  std::vector<SettingDiff> out;
  auto consider = [&](const std::string& key) {
    for (const SettingDiff& d : out)
      if (d.key == key) return;
    const std::string va = value_of(pa, key), vb = value_of(pb, key);
    if (va != vb) out.push_back({key, va, vb});
  };
  for (const auto& [k, v] : pa) consider(k);
  for (const auto& [k, v] : pb) consider(k);
  return out;
}

std::vector<MetricDiff> metric_diff(const Scenario& a, const Result& ra, const Scenario& b, const Result& rb) {
  const bool speed = ra.fits && rb.fits;
  return {
      {"gpus", "GPUs", static_cast<double>(a.gpus), static_cast<double>(b.gpus), true, true},
      {"fits", "Fits", ra.fits ? 1.0 : 0.0, rb.fits ? 1.0 : 0.0, true, false},
      {"total_bytes_per_gpu", "Memory per GPU", ra.total_bytes, rb.total_bytes, true, true},
      {"weights_bytes_per_gpu", "Weights per GPU", ra.weights_bytes, rb.weights_bytes, true, true},
      {"kv_cache_bytes_per_gpu", "KV cache per GPU", ra.kv_cache_bytes, rb.kv_cache_bytes, true, true},
      {"usable_bytes_per_gpu", "Usable per GPU", ra.usable_bytes, rb.usable_bytes, true, false},
      {"ttft_ms", "TTFT", ra.ttft_ms, rb.ttft_ms, speed, true},
      {"tpot_ms", "Time per token", ra.tpot_ms, rb.tpot_ms, speed, true},
      {"output_tokens_per_s", "Output tokens/s", ra.output_tokens_per_s, rb.output_tokens_per_s, speed, false},
      {"tokens_per_s_per_user", "Tokens/s per user", ra.tokens_per_s_per_user, rb.tokens_per_s_per_user, speed, false},
      {"usd_per_million_output_tokens", "$ per M tokens", ra.usd_per_million_output_tokens,
       rb.usd_per_million_output_tokens, speed, true},
  };
}

std::string compare_json(const Scenario& a, const Scenario& b) {
  const Result ra = estimate(a), rb = estimate(b);
  json::Writer w;
  w.open();
  w.str("link", make_compare_link(b, a));
  w.open_array("scenarios");
  w.raw(nullptr, report_json(a, ra));
  w.raw(nullptr, report_json(b, rb));
  w.close_array();
  w.open("diff");
  w.open_array("settings");
  for (const SettingDiff& d : setting_diff(a, b)) {
    w.open();
    w.str("key", d.key);
    w.str("a", d.a);
    w.str("b", d.b);
    w.close();
  }
  w.close_array();
  w.open("metrics");
  for (const MetricDiff& m : metric_diff(a, ra, b, rb)) {
    w.open(m.key);
    w.num_or_null("a", m.a, m.present);
    w.num_or_null("b", m.b, m.present);
    w.num_or_null("delta", m.delta(), m.present);
    w.num_or_null("ratio", m.ratio(), m.present && m.a != 0);
    w.close();
  }
  w.close();
  w.close();
  w.close();
  return w.take();
}

namespace {

std::string table(const Scenario& a, const Scenario& b, bool markdown) {
  const Result ra = estimate(a), rb = estimate(b);
  std::string out;
  auto row = [&](const std::string& l, const std::string& x, const std::string& y, const std::string& z) {
    if (markdown) {
      out += "| " + l + " | " + x + " | " + y + " | " + z + " |\n";
    } else {
      std::string line = l;
      line.resize(20, ' ');
      std::string cx = x, cy = y;
      cx.resize(std::max<std::size_t>(cx.size() + 2, 16), ' ');
      cy.resize(std::max<std::size_t>(cy.size() + 2, 16), ' ');
      out += line + cx + cy + z + "\n";
    }
  };
  if (markdown) out += "| | A | B | B - A (B / A) |\n|---|---|---|---|\n";
  else row("", "A", "B", "B - A (B / A)");
  for (const SettingDiff& d : setting_diff(a, b))
    row(d.key, d.a.empty() ? "(default)" : d.a, d.b.empty() ? "(default)" : d.b, "");
  for (const MetricDiff& m : metric_diff(a, ra, b, rb)) {
    if (std::string(m.key) == "fits") {
      row(m.label, ra.fits ? "yes" : "NO", rb.fits ? "yes" : "NO", "");
      continue;
    }
    row(m.label, show(m, m.a), show(m, m.b), change(m));
  }
  return out;
}

}  // namespace

std::string compare_text(const Scenario& a, const Scenario& b) {
  return "infercalc compare  " + make_compare_link(b, a) + "\n\nA: " + make_link(a) + "\nB: " + make_link(b) + "\n\n" +
         table(a, b, false);
}

std::string compare_markdown(const Scenario& a, const Scenario& b) {
  return "# infercalc compare\n\nLink: `" + make_compare_link(b, a) + "`\n\n- A: `" + make_link(a) + "`\n- B: `" +
         make_link(b) + "`\n\n" + table(a, b, true);
}

}  // namespace infercalc
