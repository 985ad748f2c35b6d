// A stable sort that is compiled once. std::stable_sort instantiates its merge machinery
// (0.5-4 KB of WebAssembly each) for every element type and comparison it is called
// with; the page had six (docs/perf.md, "Download size"). stable_sort_by sorts an
// index permutation through one type-erased comparison (order.cpp) and then moves the
// elements into place: the same order as std::stable_sort with the same comparison
// (a stable sort's result is unique: ties keep their order).
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace infercalc {
namespace detail {
using IndexLess = bool (*)(const void* context, std::size_t a, std::size_t b);
// 0, 1, ..., n - 1 stably sorted by less(context, a, b).
std::vector<std::size_t> stable_order(std::size_t n, IndexLess less, const void* context);
}  // namespace detail

template <class T, class Less>
void stable_sort_by(std::vector<T>& v, const Less& less) {
  struct Context {
    const std::vector<T>* v;
    const Less* less;
  } context{&v, &less};
  const std::vector<std::size_t> order = detail::stable_order(
      v.size(),
      [](const void* c, std::size_t a, std::size_t b) {
        const auto* x = static_cast<const Context*>(c);
        return static_cast<bool>((*x->less)((*x->v)[a], (*x->v)[b]));
      },
      &context);
  std::vector<T> sorted;
  sorted.reserve(v.size());
  for (std::size_t i : order) sorted.push_back(std::move(v[i]));
  v = std::move(sorted);
}

}  // namespace infercalc
