#include "core/order.h"

#include <algorithm>

namespace infercalc::detail {

std::vector<std::size_t> stable_order(std::size_t n, IndexLess less, const void* context) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [less, context](std::size_t a, std::size_t b) { return less(context, a, b); });
  return order;
}

}  // namespace infercalc::detail
