// InTopK (predictions float32 / float64 [batch, classes], targets int32 / int64 [batch]; attr k) -> bool
// [batch], TF's rule as the js kernel: a row is true when fewer than k predictions are strictly larger than its
// target's, so tied values all count as in the top k; a target outside [0, classes), or any NaN or infinite
// prediction in the row, gives false (TF's "cannot say"). One pass over each row, no sort.
#include <algorithm>
#include <cmath>

#include "../common.h"
#include "../threadpool.h"
#include "elem_util.h"
#include "kernel_call.h"

namespace tl {
namespace {

template <typename T>
bool in_top_k_row(const T* row, int64_t classes, int64_t target, double k) {
  if (!(target >= 0 && target < classes)) return false;
  const T tp = row[target];
  if (!std::isfinite(tp)) return false;
  int64_t larger = 0;
  for (int64_t c = 0; c < classes; c++) {
    const T v = row[c];
    if (!std::isfinite(v)) return false;
    larger += v > tp;
  }
  return double(larger) < k;
}

void in_top_k_entry(KernelCall& c) {
  const TensorArg &pred = c.in[0], &targets = c.in[1];
  TensorArg& y = c.out[0];
  if (pred.shape.size() != 2) throw ArgError("'predictions' must have rank 2 [batch, classes]");
  const int64_t batch = pred.shape[0], classes = pred.shape[1];
  if (targets.shape != Shape{batch}) throw ArgError("'targets' must have shape [batch]");
  if (y.type != ElemType::kU8 || y.shape != Shape{batch}) throw ArgError("the output must be bool [batch]");
  const double k = c.num("k");  // compared as the js kernel compares it (a NaN k makes every row false)
  uint8_t* out = y.as<uint8_t>();
  // Tasks of >= 64 Ki predictions, over rows.
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(batch, pred.size >> 16));
  const int64_t per = ceil_div(batch, tasks);
  with_numeric_type(pred.type, "'predictions'", [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      const T* p = pred.as<const T>();
      parallel_for(ceil_div(batch, per), [&](int64_t t) {
        for (int64_t b = t * per; b < std::min(batch, (t + 1) * per); b++)
          out[b] = in_top_k_row(p + b * classes, classes, index_at(targets, b), k) ? 1 : 0;
      });
    } else {
      throw ArgError("'predictions' must be float32 or float64");
    }
  });
}

}  // namespace

TL_KERNEL({"InTopK", &in_top_k_entry, 2, 2, 1, 1, {kF32Bit | kF64Bit, kIndexBits}, {{"k", AttrKind::kNumber}}});

}  // namespace tl
