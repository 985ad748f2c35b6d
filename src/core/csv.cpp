#include "core/csv.h"

namespace infercalc::csv {

int Table::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

std::string Table::field(const std::vector<std::string>& row, std::string_view name) const {
  const int i = column(name);
  return i < 0 ? std::string() : row[static_cast<std::size_t>(i)];
}

Expected<Table> parse(std::string_view text) {
  constexpr std::size_t kMaxBytes = 32u << 20;
  if (text.size() > kMaxBytes) return Error{"csv", "input larger than 32 MiB"};
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false, field_started = false;
  int line = 1;
  std::vector<int> record_lines;
  int record_line = 1;
  auto end_field = [&] { record.push_back(std::move(field)); field.clear(); field_started = false; };
  auto end_record = [&] {
    end_field();
    bool blank = record.size() == 1 && record[0].empty();
    if (!blank) { records.push_back(std::move(record)); record_lines.push_back(record_line); }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
        else in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) { in_quotes = true; field_started = true; continue; }
    if (c == ',') { end_field(); continue; }
    if (c == '\r') continue;
    if (c == '\n') { end_record(); ++line; record_line = line; continue; }
    field += c;
    field_started = true;
  }
  if (in_quotes) return Error{"csv", "unterminated quoted field starting near line " + std::to_string(record_line)};
  if (!field.empty() || !record.empty()) end_record();
  if (records.empty()) return Error{"csv", "no header line"};
  Table t;
  t.header = std::move(records[0]);
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != t.header.size())
      return Error{"csv", "line " + std::to_string(record_lines[r]) + " has " + std::to_string(records[r].size()) +
                              " fields, the header has " + std::to_string(t.header.size())};
    t.rows.push_back(std::move(records[r]));
  }
  return t;
}

std::string field_text(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace infercalc::csv
