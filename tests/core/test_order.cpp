// stable_sort_by (src/core/order.h), the page's one stable sort: it must order exactly as
// std::stable_sort with the same comparison, ties included (C++ [stable.sort]: equal
// elements keep their relative order), and move elements it cannot copy.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/order.h"

using namespace infercalc;

TEST_CASE("stable_sort_by: the order of std::stable_sort, ties in their original order") {
  // Keys with many ties; the payload tells equal keys apart.
  std::vector<std::pair<int, std::string>> v;
  unsigned x = 12345;
  for (int i = 0; i < 300; ++i) {
    x = x * 1103515245u + 12345u;  // a fixed pseudo-random sequence (C's rand() example)
    v.emplace_back(static_cast<int>((x >> 16) % 7), "item " + std::to_string(i));
  }
  auto by_key = [](const std::pair<int, std::string>& a, const std::pair<int, std::string>& b) { return a.first < b.first; };
  auto expected = v;
  std::stable_sort(expected.begin(), expected.end(), by_key);
  stable_sort_by(v, by_key);
  CHECK(v == expected);
  // Within each key the items stay in their original (ascending) order.
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i].first == v[i - 1].first) CHECK(std::stoi(v[i - 1].second.substr(5)) < std::stoi(v[i].second.substr(5)));
}

TEST_CASE("stable_sort_by: move-only elements, empty and one-element vectors") {
  std::vector<std::unique_ptr<int>> v;
  for (int k : {3, 1, 2, 1}) v.push_back(std::make_unique<int>(k));
  const int* first_one = v[1].get();
  stable_sort_by(v, [](const std::unique_ptr<int>& a, const std::unique_ptr<int>& b) { return *a < *b; });
  REQUIRE(v.size() == 4);
  CHECK(*v[0] == 1);
  CHECK(v[0].get() == first_one);  // the first 1 stays first
  CHECK(*v[1] == 1);
  CHECK(*v[2] == 2);
  CHECK(*v[3] == 3);
  std::vector<int> empty;
  stable_sort_by(empty, [](int a, int b) { return a < b; });
  CHECK(empty.empty());
  std::vector<int> one{5};
  stable_sort_by(one, [](int a, int b) { return a < b; });
  CHECK(one == std::vector<int>{5});
}
