// Cast between float32, int32 and bool with the js backend's semantics (core/dtype.ts): float -> int truncates
// toward zero, and NaN, infinities and out-of-range values give INT32_MIN (x86's cvttss2si, as TF);
// int -> float rounds to nearest; anything -> bool is (x != 0) (NaN is true); bool -> number is 0 / 1.
#include <cstdint>
#include <cstring>

#include "../common.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

namespace {
template <typename S, typename D, typename F>
void convert(const void* x, void* y, int64_t n, F f) {
  const S* s = static_cast<const S*>(x);
  D* d = static_cast<D*>(y);
  const int64_t chunk = 1 << 16;
  parallel_for((n + chunk - 1) / chunk, [&](int64_t t) {
    const int64_t i1 = (t + 1) * chunk < n ? (t + 1) * chunk : n;
    for (int64_t i = t * chunk; i < i1; i++) d[i] = f(s[i]);
  });
}

inline int32_t f2i(float v) { return v >= -2147483648.0f && v < 2147483648.0f ? static_cast<int32_t>(v) : INT32_MIN; }
}  // namespace

void cast(ElemType from, const void* x, ElemType to, void* y, int64_t n) {
  if (from == to) {
    std::memcpy(y, x, static_cast<size_t>(n) * elem_size(from));
    return;
  }
  switch (from) {
    case ElemType::kF32:
      if (to == ElemType::kI32) convert<float, int32_t>(x, y, n, f2i);
      else convert<float, uint8_t>(x, y, n, [](float v) { return uint8_t(v != 0.0f); });
      break;
    case ElemType::kI32:
      if (to == ElemType::kF32) convert<int32_t, float>(x, y, n, [](int32_t v) { return static_cast<float>(v); });
      else convert<int32_t, uint8_t>(x, y, n, [](int32_t v) { return uint8_t(v != 0); });
      break;
    case ElemType::kU8:
      if (to == ElemType::kF32) convert<uint8_t, float>(x, y, n, [](uint8_t v) { return v ? 1.0f : 0.0f; });
      else convert<uint8_t, int32_t>(x, y, n, [](uint8_t v) { return int32_t(v ? 1 : 0); });
      break;
    default:
      throw ArgError("cast: float64 and int64 are not native Cast types");  // the kernel's dtypes exclude them
  }
}

}  // namespace tl

// ---- registration ----------------------------------------------------------------------------------------
namespace tl {
namespace {
// Cast between float32, int32 and bool; the output's dtype (attrs.dtype, inferred by the op) is the target.
void cast_entry(KernelCall& c) {
  c.expect_size(true, 0, c.in[0].size);
  cast(c.in[0].type, c.in[0].data, c.out[0].type, c.out[0].data, c.in[0].size);
}
TL_KERNEL({"Cast", &cast_entry, 1, 1, 1, 1, {kTyped}, {}});
}  // namespace
}  // namespace tl
