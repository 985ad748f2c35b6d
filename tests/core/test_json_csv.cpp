// The JSON and CSV readers the assets, config import and calibration rely on.
#include <doctest/doctest.h>

#include "core/csv.h"
#include "core/json.h"

using namespace infercalc;

TEST_CASE("json parses nested objects, escapes and numbers") {
  auto v = json::parse(R"({"a": [1, 2.5, -3e2], "s": "x\"y\u00e9", "t": true, "n": null})");
  REQUIRE(v.ok());
  REQUIRE(v->find("a") != nullptr);
  CHECK(v->find("a")->array().size() == 3);
  CHECK(v->find("a")->array()[2].number() == -300.0);
  CHECK(v->find("s")->string() == "x\"y\xc3\xa9");
  CHECK(v->find("t")->boolean());
  CHECK(v->find("n")->is_null());
  CHECK(v->find("missing") == nullptr);
}

TEST_CASE("json errors name line and column") {
  auto v = json::parse("{\n  \"a\": 1,\n  \"b\" 2\n}");
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message.find("line 3") != std::string::npos);
}

TEST_CASE("json refuses nesting deeper than 64 levels instead of overflowing the stack") {
  std::string deep(100000, '[');
  auto v = json::parse(deep);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message.find("nesting") != std::string::npos);
}

TEST_CASE("json::number writes integers plainly, shortest round trip otherwise, null for NaN") {
  CHECK(json::number(131072) == "131072");
  CHECK(json::number(0.1) == "0.1");
  CHECK(json::number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(json::number(0.0 / 0.0) == "null");
}

TEST_CASE("csv handles quotes, embedded commas and newlines") {
  auto t = csv::parse("a,b,c\n1,\"x, y\",\"line1\nline2\"\n2,\"he said \"\"hi\"\"\",\n");
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 2);
  CHECK(t->rows[0][1] == "x, y");
  CHECK(t->rows[0][2] == "line1\nline2");
  CHECK(t->rows[1][1] == "he said \"hi\"");
  CHECK(t->rows[1][2].empty());
  CHECK(t->column("c") == 2);
}

TEST_CASE("csv rejects a row with the wrong number of fields, naming its line") {
  auto t = csv::parse("a,b\n1,2\n3\n");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message.find("line 3") != std::string::npos);
}

// RFC 4180 section 2, rules 6 and 7: a field holding a comma, a quote or a line break is
// enclosed in quotes, and a quote inside it is doubled.
TEST_CASE("csv field_text quotes what RFC 4180 requires, and parse reads it back") {
  CHECK(csv::field_text("plain") == "plain");
  CHECK(csv::field_text("a,b") == "\"a,b\"");
  CHECK(csv::field_text("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv::field_text("two\nlines") == "\"two\nlines\"");
  for (const char* v : {"", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", ",\"\","}) {
    auto t = csv::parse("x,y\n" + csv::field_text(v) + ",end\n");
    REQUIRE(t.ok());
    REQUIRE(t->rows.size() == 1);
    CHECK(t->rows[0][0] == v);
    CHECK(t->rows[0][1] == "end");
  }
}
