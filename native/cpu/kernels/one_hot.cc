// OneHot (indices int32 / int64; attrs depth, onValue, offValue, axis; output of any dtype): indices viewed as
// [outer, inner] split at the axis and the output as [outer, depth, inner]; out[o, d, i] = d == indices[o, i] ?
// onValue : offValue, and an index outside [0, depth) (negative included) matches no d, as TF's one_hot and the
// js kernel. The on / off values arrive as doubles and are stored as a typed array stores them (js_store), so a
// bool, int32 or int64 output holds what the js kernel's fill() would. The output's dtype is its array's: the
// kernel reads no dtype attr.
#include <algorithm>

#include "../common.h"
#include "../threadpool.h"
#include "elem_util.h"
#include "kernel_call.h"

namespace tl {
namespace {

template <typename T, typename Idx>
void one_hot_rows(const Idx* idx, int64_t depth, int64_t inner, T on, T off, T* y, int64_t a0, int64_t a1) {
  for (int64_t a = a0; a < a1; a++) {
    T* block = y + a * depth * inner;
    std::fill(block, block + depth * inner, off);
    for (int64_t i = 0; i < inner; i++) {
      const int64_t v = int64_t(idx[a * inner + i]);
      if (v >= 0 && v < depth) block[v * inner + i] = on;
    }
  }
}

void one_hot_entry(KernelCall& c) {
  const TensorArg& ind = c.in[0];
  TensorArg& y = c.out[0];
  const int64_t depth = c.integer("depth", 0, kMaxElements);
  const size_t axis = size_t(c.integer("axis", 0, int64_t(ind.shape.size())));
  Shape want = ind.shape;
  want.insert(want.begin() + std::ptrdiff_t(axis), depth);
  if (y.shape != want) throw ArgError("the output shape is not the indices' with depth inserted at the axis");
  const int64_t outer = prod(ind.shape, 0, axis), inner = prod(ind.shape, axis);
  if (y.size == 0) return;
  const double on = c.num("onValue"), off = c.num("offValue");
  // Tasks of >= 64 Ki output elements, over the outer rows.
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(outer, y.size >> 16));
  const int64_t per = ceil_div(outer, tasks);
  with_numeric_type<true>(y.type, "the output", [&](auto zero) {
    using T = decltype(zero);
    const T von = js_store<T>(on), voff = js_store<T>(off);
    T* yv = y.as<T>();
    parallel_for(ceil_div(outer, per), [&](int64_t t) {
      const int64_t a0 = t * per, a1 = std::min(outer, a0 + per);
      if (ind.type == ElemType::kI64) one_hot_rows(ind.as<const int64_t>(), depth, inner, von, voff, yv, a0, a1);
      else one_hot_rows(ind.as<const int32_t>(), depth, inner, von, voff, yv, a0, a1);
    });
  });
}

}  // namespace

TL_KERNEL({"OneHot", &one_hot_entry, 1, 1, 1, 1, {kIndexBits},
           {{"depth", AttrKind::kNumber}, {"onValue", AttrKind::kNumber}, {"offValue", AttrKind::kNumber}, {"axis", AttrKind::kNumber}}, kNoAlias,
           {}, kAnyType});

}  // namespace tl
