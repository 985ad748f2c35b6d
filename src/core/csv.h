// RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. Used for the
// GPU table and calibration data, both embedded and user-supplied.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace infercalc::csv {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each row has header.size() fields
  // Column index by name, or -1.
  int column(std::string_view name) const;
  // The field of `row` in column `name`, or "" where the table has no such column.
  std::string field(const std::vector<std::string>& row, std::string_view name) const;
};

// Parses text with a header line. A row whose field count differs from the header's
// is an error naming the line.
Expected<Table> parse(std::string_view text);

// One field as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, a
// quote or a line break; otherwise as it is.
std::string field_text(std::string_view v);

}  // namespace infercalc::csv
