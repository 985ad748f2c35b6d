#include "core/reference_names.h"

#include <cctype>
#include <initializer_list>
#include <vector>

#include "core/engine_version.h"
#include "core/presets.h"

namespace infercalc {
namespace {

struct Alias {
  const char* from;
  const char* to;
};

// GPUs the reference names without the form factor: the SXM part, the one cloud servers carry
// ("single H100 (form factor not stated)", calibration_more.csv; "H100 form factor not
// stated", memory_logs.csv L036). The catalogue's p40 row is the "Tesla P40" (its name column).
constexpr Alias kGpus[] = {
    {"h100", "h100-sxm"},          {"h100-80gb", "h100-sxm"},        {"h200", "h200-sxm"},
    {"a100", "a100-sxm4-80gb"},    {"a100-80gb", "a100-sxm4-80gb"},  {"a100-40gb", "a100-sxm4-40gb"},
    {"tesla-p40", "p40"},          {"b200-sxm", "b200"},
};
// calibration_more.csv notes: "DeepseekV3ForCausalLM, same dims as DeepSeek-V3".
constexpr Alias kModels[] = {{"deepseek-r1", "deepseek-v3"}};
// AutoAWQ stores 4-bit weights with a 16-bit scale and zero per group of 128, as GPTQ does;
// "w8a8" / "w4a16" are llm-compressor's names for int8 and int4 weights.
constexpr Alias kWeights[] = {{"awq", "int4"}, {"w8a8", "int8"}, {"w4a16", "int4"}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

template <std::size_t N>
std::string look_up(const Alias (&table)[N], std::string_view name) {
  const std::string l = lower(name);
  for (const Alias& a : table)
    if (l == a.from) return a.to;
  return std::string(name);
}

bool digit(char ch) { return ch >= '0' && ch <= '9'; }
bool word_char(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }

// Whether `text` has `word` standing alone ("V0" in "(ROCm, V0)", not in "V05").
bool has_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || !word_char(text[at - 1]);
    const std::size_t end = at + word.size();
    if (left && (end == text.size() || !word_char(text[end]))) return true;
  }
  return false;
}

// The first token that reads as a version of `e`: "0.6.4.dev9+g5d264f4a", "v0.4.1", "b4876".
std::string first_version(Engine e, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && word_char(text[i - 1])) continue;
    std::size_t j = i;
    while (j < text.size() && (word_char(text[j]) || text[j] == '.' || text[j] == '+')) ++j;
    std::string_view token = text.substr(i, j - i);
    while (!token.empty() && (token.back() == '.' || token.back() == '+')) token.remove_suffix(1);
    if (!token.empty() && !check_engine_version(e, token)) return std::string(token);
  }
  // llama.cpp's own banner: "build d5cb8684 (3891)" -> b3891.
  if (e == Engine::Llamacpp)
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
      std::size_t j = open + 1;
      while (j < text.size() && digit(text[j])) ++j;
      if (j < text.size() && text[j] == ')' && j - open - 1 >= 3 && j - open - 1 <= 6)
        return "b" + std::string(text.substr(open + 1, j - open - 1));
    }
  return "";
}

// The month a text names, as year x 12 + month - 1: "Oct 2025", "October 2025", "2025-10".
int month_of(std::string_view text) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string l = lower(text);
  for (std::size_t i = 0; i + 4 <= l.size(); ++i) {
    if (l[i] != '2' || l[i + 1] != '0' || !digit(l[i + 2]) || !digit(l[i + 3])) continue;
    if ((i > 0 && word_char(l[i - 1])) || (i + 4 < l.size() && digit(l[i + 4]))) continue;
    const int year = std::stoi(l.substr(i, 4));
    if (i + 7 <= l.size() && l[i + 4] == '-' && digit(l[i + 5]) && digit(l[i + 6]))
      return year * 12 + std::stoi(l.substr(i + 5, 2)) - 1;
    for (int m = 0; m < 12; ++m) {
      const std::size_t at = l.find(kMonths[m]);
      if (at != std::string::npos && (at == 0 || !word_char(l[at - 1]))) return year * 12 + m;
    }
  }
  return -1;
}

// The month of the first "YYYY-MM-DD" in a documented entry's source (its change's merge date).
int source_month(std::string_view source) {
  for (std::size_t i = 0; i + 10 <= source.size(); ++i) {
    const std::string_view d = source.substr(i, 10);
    bool date = d[4] == '-' && d[7] == '-';
    for (std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) date = date && digit(d[k]);
    if (date) return std::stoi(std::string(d.substr(0, 4))) * 12 + std::stoi(std::string(d.substr(5, 2))) - 1;
  }
  return -1;
}

// A repo name as written with and without "Meta-" and "-Instruct", lower case:
// "meta-llama/Meta-Llama-3.1-405B-Instruct-FP8" and "meta-llama/Llama-3.1-405B-FP8" agree.
std::string repo_key(std::string_view repo) {
  std::string k = lower(repo);
  if (const std::size_t at = k.find("/meta-"); at != std::string::npos) k.erase(at + 1, 5);
  if (const std::size_t at = k.find("-instruct"); at != std::string::npos) k.erase(at, 9);
  return k;
}

struct CheckpointKey {
  std::string key, preset;
};
// The presets that are published checkpoints laid out unlike their base model, by repo key;
// built once.
const std::vector<CheckpointKey>& checkpoint_keys() {
  static const std::vector<CheckpointKey> keys = [] {
    std::vector<CheckpointKey> out;
    for (const ModelPreset& p : model_presets())
      if (p.arch.native_quant != NativeQuant::None && !p.hf_repo.empty()) out.push_back({repo_key(p.hf_repo), p.arch.id});
    return out;
  }();
  return keys;
}

// The number after the first `key` and one separator from `seps` in `text` ("--max-num-seqs 32"
// -> "32"): digits, or with `decimal` digits around one '.' ("0.95", ".9"). "" when absent.
std::string number_after(std::string_view text, std::string_view key, bool decimal = false,
                         std::string_view seps = " ") {
  for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    std::size_t i = at + key.size();
    if (i >= text.size() || seps.find(text[i]) == std::string_view::npos) continue;
    const std::size_t start = ++i;
    bool dot = false;
    for (; i < text.size() && (digit(text[i]) || (decimal && !dot && text[i] == '.')); ++i)
      if (text[i] == '.') dot = true;
    if (decimal && !dot) continue;
    if (i > start && digit(text[i - 1])) return std::string(text.substr(start, i - start));
  }
  return "";
}

// "request_rate 4 req/s" / "request rate 0.5 req/s" (benchmark_serving's Poisson arrivals).
std::string request_rate(std::string_view l) {
  for (std::string_view key : {"request_rate ", "request rate "})
    for (std::size_t at = l.find(key); at != std::string_view::npos; at = l.find(key, at + 1)) {
      std::size_t i = at + key.size();
      const std::size_t start = i;
      while (i < l.size() && digit(l[i])) ++i;
      if (i == start) continue;
      if (i + 1 < l.size() && l[i] == '.' && digit(l[i + 1]))
        for (++i; i < l.size() && digit(l[i]);) ++i;
      if (l.substr(i, 6) == " req/s") return std::string(l.substr(start, i - start));
    }
  return "";
}

std::string first_of(std::string_view text, std::initializer_list<std::string_view> keys, bool decimal = false) {
  for (std::string_view k : keys)
    if (std::string n = number_after(text, k, decimal); !n.empty()) return n;
  return "";
}

}  // namespace

NotesReading read_notes(std::string_view notes, std::string_view engine_version, std::string_view batch) {
  NotesReading r;
  const std::string l = lower(notes);
  // benchmark_serving --request-rate with Poisson arrivals; --max-concurrency or a closed loop;
  // batch = max (throughput runs of more prompts than fit): steady state; else a burst.
  const std::string rate = request_rate(l);
  if (!rate.empty() && l.find("poisson") != std::string::npos) {
    r.workload = "rate";
    r.rate = rate;
  } else if (l.find("max-concurrency") != std::string::npos || l.find("max concurrency") != std::string::npos ||
             l.find("closed loop") != std::string::npos || batch == "max") {
    r.workload = "concurrency";
  } else {
    r.workload = "burst";
  }
  const std::string text = std::string(notes) + " " + std::string(engine_version);
  r.max_num_seqs = first_of(text, {"--max-num-seqs", "max_batch_size"});
  r.max_num_batched_tokens = first_of(text, {"--max-num-batched-tokens", "max_num_tokens"});
  r.max_model_len = first_of(text, {"--max-model-len", "max-model-len", "max_model_len"});
  r.gpu_util = number_after(text, "--gpu-memory-utilization", true);
  if (r.gpu_util.empty()) r.gpu_util = number_after(text, "gpu_memory_utilization", true, "= ");
  r.enforce_eager = notes.find("--enforce-eager") != std::string_view::npos;
  r.median_itl = l.find("median itl") != std::string::npos;
  return r;
}

std::string fill_from_notes(std::string_view column, std::string_view notes) {
  const std::string l = lower(notes);
  if (column == "input") {
    if (std::string n = number_after(notes, "input_len"); !n.empty()) return n;  // "sonnet input_len 80"
    if (notes.find("4-11 words") != std::string_view::npos) return "40";  // chat template + 4-11 words
    if (notes.find("not stated") != std::string_view::npos) return "256";  // a short chat turn
  } else if (column == "output") {
    // "generated 92 tokens"
    for (std::size_t at = notes.find("generated "); at != std::string_view::npos; at = notes.find("generated ", at + 1)) {
      std::size_t i = at + 10;
      while (i < notes.size() && digit(notes[i])) ++i;
      if (i > at + 10 && notes.substr(i, 7) == " tokens") return std::string(notes.substr(at + 10, i - at - 10));
    }
    // The sonnet runs' "output up to 150" (no ignore_eos): 150.
    if (notes.find("150") != std::string_view::npos || notes.find("sonnet input_len") != std::string_view::npos) return "150";
    if (notes.find("not stated") != std::string_view::npos) return "256";
  } else if (column == "batch") {
    if (l.find("poisson") != std::string::npos) return "max";  // the arrivals set it, capped by the engine
  }
  return "";
}

std::string reference_checkpoint(std::string_view notes) {
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i > 0 && (word_char(notes[i - 1]) || notes[i - 1] == '-' || notes[i - 1] == '/')) continue;
    std::size_t j = i;
    while (j < notes.size() && (word_char(notes[j]) || notes[j] == '-' || notes[j] == '.' || notes[j] == '_' ||
                                notes[j] == '/'))
      ++j;
    std::string_view token = notes.substr(i, j - i);
    while (!token.empty() && token.back() == '.') token.remove_suffix(1);
    if (token.find('/') == std::string_view::npos) continue;
    const std::string key = repo_key(token);
    for (const CheckpointKey& c : checkpoint_keys())
      if (c.key == key) return c.preset;
  }
  return "";
}

std::string reference_gpu_id(std::string_view name) { return look_up(kGpus, name); }
std::string reference_model_id(std::string_view name) { return look_up(kModels, name); }
std::string reference_weights(std::string_view name) { return look_up(kWeights, name); }

std::string reference_engine(std::string_view name) {
  std::string key;
  for (char ch : lower(name))
    if (word_char(ch)) key += ch;
  if (key == "llamacpp" || key == "llama") return "llamacpp";
  if (key == "tensorrtllm" || key == "trtllm" || key == "trt") return "trtllm";
  if (key == "transformers" || key == "huggingface" || key == "hf") return "hf";
  if (key == "textgenerationinference" || key == "tgi") return "tgi";
  if (key == "mlcllm" || key == "mlc") return "mlc";
  for (const char* id : {"vllm", "sglang", "lmdeploy"})
    if (key == id) return id;
  return "";
}

ReadVersion reference_engine_version(Engine e, std::string_view text) {
  ReadVersion r;
  const bool v0 = e == Engine::Vllm && has_word(text, "V0");
  const bool v1 = e == Engine::Vllm && has_word(text, "V1");
  r.version = first_version(e, text);
  if (!r.version.empty()) {
    r.how = "engine version " + r.version + " as written";
    if (v0 && (r.version.size() < 3 || r.version.substr(r.version.size() - 3) != "-v0")) {
      r.version += "-v0";
      r.how += ", V0 engine";
    }
    return r;
  }
  // No number: the documented behaviour in force in the month the text names (each entry's
  // source dates its change), within the engine generation it names.
  // Without a month either, the newest entry of the generation it names.
  const int month = month_of(text);
  if (month < 0 && !v0 && !v1) {
    r.how = "engine version not stated: the newest documented behaviour";
    return r;
  }
  const EngineVersion* pick = nullptr;
  for (const EngineVersion& x : engine_versions(e).versions) {
    if ((v0 && x.label != "V0") || (v1 && x.label != "V1") || x.version.empty()) continue;
    if (pick == nullptr) pick = &x;  // before every dated change: the oldest entry of its kind
    const int changed = source_month(x.source);
    if (month < 0 || (changed >= 0 && changed <= month)) pick = &x;
  }
  if (pick == nullptr) {
    r.how = "engine version not stated: the newest documented behaviour";
    return r;
  }
  r.version = pick->version + (v0 && pick->label != "V0" ? "-v0" : "");
  r.how = std::string("engine version not stated: the documented behaviour ") +
          (month < 0 ? "newest for that engine generation, " : "in force that month, ") + r.version;
  return r;
}

}  // namespace infercalc
