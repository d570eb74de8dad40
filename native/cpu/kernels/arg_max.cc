// ArgMax and ArgMin (x float32 / float64 / int32 / int64; attr axis) -> the int32 index of the extreme along the
// axis, as the js kernel (ArgMax.ts serves both too): ties give the first index, and a NaN counts as more extreme
// than any number, so the first NaN wins and a NaN never goes unnoticed. x is viewed as [outer, n, inner]; with
// inner > 1 a group's n rows are scanned in order, each updating `inner` running extremes (contiguous loads
// instead of a stride-inner walk per output). Small inputs (an accuracy metric's [batch, classes]) run on the
// calling thread.
#include <algorithm>
#include <vector>

#include "../common.h"
#include "../threadpool.h"
#include "elem_util.h"
#include "kernel_call.h"

namespace tl {
namespace {

template <bool kMax, typename T>
inline bool better(T c, T b) {
  return kMax ? c > b : c < b;
}

// Outputs (p, q) for p in [p0, p1), q in [q0, q1) of x viewed as [outer, n, inner].
template <bool kMax, typename T>
void arg_block(const T* x, int64_t n, int64_t inner, int64_t p0, int64_t p1, int64_t q0, int64_t q1, int32_t* out) {
  if (inner == 1) {
    for (int64_t p = p0; p < p1; p++) {
      const T* row = x + p * n;
      int64_t best = 0;
      T bv = row[0];
      // Once the best is a NaN nothing replaces it (bv == bv is false): the first NaN wins.
      for (int64_t k = 1; k < n && bv == bv; k++) {
        const T c = row[k];
        if (c != c || better<kMax>(c, bv)) {
          best = k;
          bv = c;
        }
      }
      out[p] = int32_t(best);
    }
    return;
  }
  std::vector<T> bv(size_t(q1 - q0));
  for (int64_t p = p0; p < p1; p++) {
    const T* group = x + p * n * inner;
    int32_t* o = out + p * inner;
    for (int64_t q = q0; q < q1; q++) {
      bv[size_t(q - q0)] = group[q];
      o[q] = 0;
    }
    for (int64_t k = 1; k < n; k++) {
      const T* row = group + k * inner;
      for (int64_t q = q0; q < q1; q++) {
        T& b = bv[size_t(q - q0)];
        const T c = row[q];
        if (b == b && (c != c || better<kMax>(c, b))) {
          b = c;
          o[q] = int32_t(k);
        }
      }
    }
  }
}

template <bool kMax>
void arg_entry(KernelCall& c) {
  const TensorArg& x = c.in[0];
  if (x.shape.empty()) throw ArgError("'x' must have rank >= 1");
  const size_t axis = size_t(c.integer("axis", 0, int64_t(x.shape.size()) - 1));
  if (c.out[0].type != ElemType::kI32) throw ArgError("output 0 must be int32");
  Shape want = x.shape;
  want.erase(want.begin() + std::ptrdiff_t(axis));
  if (c.out[0].shape != want) throw ArgError("the output shape is not the input's without the axis");
  const int64_t outer = prod(x.shape, 0, axis), n = x.shape[axis], inner = prod(x.shape, axis + 1);
  if (n == 0) throw ArgError("the axis is empty (no index to return)");
  if (n > INT32_MAX) throw ArgError("the axis is longer than an int32 index can count");
  if (c.out[0].size == 0) return;
  // Tasks of >= 64 Ki input elements, over output rows p, or over blocks of q when there are few rows.
  const int64_t want_tasks = std::clamp<int64_t>(x.size >> 16, 1, 256);
  const int64_t qblocks = inner == 1 ? 1 : std::min(inner, ceil_div(want_tasks, outer));
  const int64_t qstep = ceil_div(inner, qblocks), units = outer * qblocks;
  const int64_t per = ceil_div(units, std::min(units, want_tasks));
  int32_t* out = c.out[0].as<int32_t>();
  with_numeric_type(x.type, "'x'", [&](auto zero) {
    using T = decltype(zero);
    const T* xv = x.as<const T>();
    parallel_for(ceil_div(units, per), [&](int64_t t) {
      const int64_t u0 = t * per, u1 = std::min(units, u0 + per);
      if (qblocks == 1) return arg_block<kMax>(xv, n, inner, u0, u1, 0, inner, out);
      for (int64_t u = u0; u < u1; u++) {
        const int64_t p = u / qblocks, q0 = (u % qblocks) * qstep;
        arg_block<kMax>(xv, n, inner, p, p + 1, q0, std::min(inner, q0 + qstep), out);
      }
    });
  });
}

const std::vector<AttrSpec> kArgAttrs = {{"axis", AttrKind::kNumber}};

}  // namespace

TL_KERNEL({"ArgMax", &arg_entry<true>, 1, 1, 1, 1, {kF32Bit | kF64Bit | kI32Bit | kI64Bit}, kArgAttrs});
TL_KERNEL({"ArgMin", &arg_entry<false>, 1, 1, 1, 1, {kF32Bit | kF64Bit | kI32Bit | kI64Bit}, kArgAttrs});

}  // namespace tl
