// ClipByValue (x, lo, hi of one dtype: float32 / float64 / int32 / int64; lo and hi broadcast to x's shape):
// min(max(x, lo), hi) elementwise, as the js kernel: a NaN in x stays NaN, a NaN bound gives NaN (JS's
// Math.max / Math.min), lo > hi gives hi (TF's minimum(maximum(t, lo), hi)), and signed zeros come out as
// Math.max / Math.min order them (max(-0, +0) is +0), so results match the js backend bit for bit. Scalar
// bounds (the usual case: clipping probabilities into [eps, 1 - eps]) take one flat loop.
#include <algorithm>
#include <cmath>

#include "../common.h"
#include "../threadpool.h"
#include "broadcast.h"
#include "elem_util.h"
#include "kernel_call.h"

namespace tl {
namespace {

// JS's Math.max / Math.min on floats (NaN if either is NaN; +0 above -0); plain comparisons on integers.
template <typename T>
inline T js_max(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return std::signbit(a) ? b : a;
  }
  return a > b ? a : b;
}
template <typename T>
inline T js_min(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return std::signbit(a) ? a : b;
  }
  return a < b ? a : b;
}

template <typename T>
inline T clip(T v, T lo, T hi) {
  if constexpr (std::is_floating_point_v<T>)
    if (v != v) return v;
  return js_min(js_max(v, lo), hi);
}

void clip_entry(KernelCall& c) {
  const TensorArg &x = c.in[0], &lo = c.in[1], &hi = c.in[2];
  TensorArg& y = c.out[0];
  if (lo.type != x.type || hi.type != x.type || y.type != x.type) throw ArgError("x, the bounds and the output must have one dtype");
  if (y.shape != x.shape) throw ArgError("the output shape differs from x's");
  with_numeric_type(x.type, "'x'", [&](auto zero) {
    using T = decltype(zero);
    const T *xv = x.as<const T>(), *lv = lo.as<const T>(), *hv = hi.as<const T>();
    T* yv = y.as<T>();
    if (lo.size == 1 && hi.size == 1) {
      const T l = lv[0], h = hv[0];
      const int64_t n = x.size, chunk = int64_t(1) << 16;
      parallel_for(ceil_div(n, chunk), [&](int64_t t) {
        const int64_t i1 = std::min(n, (t + 1) * chunk);
        for (int64_t i = t * chunk; i < i1; i++) yv[i] = clip(xv[i], l, h);
      });
      return;
    }
    // x has the output's shape, so its stride along a row is 1; the bounds' are 1 or 0 (broadcast).
    const BroadcastWalk walk(x.shape, {&x.shape, &lo.shape, &hi.shape});
    const int64_t inner = walk.inner(), sl = walk.inner_stride(1), sh = walk.inner_stride(2);
    walk.for_rows([&](int64_t row, const int64_t* offs) {
      const T *xr = xv + offs[0], *lr = lv + offs[1], *hr = hv + offs[2];
      T* yr = yv + row * inner;
      for (int64_t i = 0; i < inner; i++) yr[i] = clip(xr[i], lr[i * sl], hr[i * sh]);
    });
  });
}

}  // namespace

// In place allowed (elementwise): y may be x itself.
TL_KERNEL({"ClipByValue", &clip_entry, 3, 3, 1, 1, {kF32Bit | kF64Bit | kI32Bit | kI64Bit}, {}, kElementwise});

}  // namespace tl
