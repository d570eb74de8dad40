// Softmax / LogSoftmax over the middle axis of x viewed as [outer, n, inner]. The common case (the last
// axis, inner == 1) is one ISA row routine per row; otherwise the max, exp and sum run along inner, which
// keeps every pass vectorized and unit-stride.
#include <cmath>
#include <cstring>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

void softmax(const float* x, int64_t outer, int64_t n, int64_t inner, float* y, bool log) {
  const IsaKernels& k = isa();
  if (n == 0 || outer == 0 || inner == 0) return;
  if (inner == 1) {
    const int64_t per = n >= 4096 ? 1 : 4096 / n;
    parallel_for((outer + per - 1) / per, [&](int64_t t) {
      for (int64_t o = t * per; o < outer && o < (t + 1) * per; o++) k.softmax_row(x + o * n, y + o * n, n, log);
    });
    return;
  }
  parallel_for(outer, [&](int64_t o) {
    const float* xo = x + o * n * inner;
    float* yo = y + o * n * inner;
    float* m = thread_scratch(2, static_cast<size_t>(inner));
    float* s = thread_scratch(3, static_cast<size_t>(inner));
    std::memcpy(m, xo, sizeof(float) * inner);
    for (int64_t j = 1; j < n; j++) k.binary(kMax, m, 1, xo + j * inner, 1, m, inner);
    for (int64_t i = 0; i < inner; i++) s[i] = 0.0f;
    for (int64_t j = 0; j < n; j++) {
      float* yr = yo + j * inner;
      k.binary(kSub, xo + j * inner, 1, m, 1, yr, inner);
      if (log) {
        float* e = thread_scratch(1, static_cast<size_t>(inner));
        k.unary(kExp, yr, e, inner, 0.0f);
        k.binary(kAdd, s, 1, e, 1, s, inner);
      } else {
        k.unary(kExp, yr, yr, inner, 0.0f);
        k.binary(kAdd, s, 1, yr, 1, s, inner);
      }
    }
    if (log) {
      k.unary(kLog, s, s, inner, 0.0f);
      for (int64_t j = 0; j < n; j++) k.binary(kSub, yo + j * inner, 1, s, 1, yo + j * inner, inner);
    } else {
      for (int64_t j = 0; j < n; j++) k.binary(kDiv, yo + j * inner, 1, s, 1, yo + j * inner, inner);
    }
  });
}

}  // namespace tl

// ---- registration ----------------------------------------------------------------------------------------
namespace tl {
namespace {
// x viewed as [outer, n, inner] around attrs.axis; a scalar is a row of one (softmax 1, log-softmax 0, NaN kept).
void softmax_entry(KernelCall& c) {
  const bool log = c.def->op == 1;
  const Shape& s = c.in[0].shape;
  c.expect_size(true, 0, c.in[0].size);
  if (s.empty()) {
    const float v = c.in[0].f32()[0];
    c.out[0].f32()[0] = std::isnan(v) ? v : log ? 0.0f : 1.0f;
    return;
  }
  const double axis = c.num("axis");
  if (!(axis >= 0 && axis < double(s.size()))) throw ArgError("attr axis is out of range");
  const size_t a = size_t(axis);
  softmax(c.in[0].f32(), prod(s, 0, a), s[a], prod(s, a + 1), c.out[0].f32(), log);
}
// SoftmaxCrossEntropyWithLogits (labels, logits; attr axis): loss = -sum_c labels[c] logSoftmax(logits)[c] per
// slice along axis; a zero label contributes nothing (0 * -inf would be NaN), as in the js kernel.
void softmax_xent_entry(KernelCall& c) {
  const Shape& s = c.in[1].shape;
  if (c.in[0].shape != s) throw ArgError("labels and logits differ in shape");
  const double axis = c.num("axis");
  if (!(axis >= 0 && axis < double(s.size()))) throw ArgError("attr axis is out of range");
  const size_t ax = size_t(axis);
  const int64_t outer = prod(s, 0, ax), classes = s[ax], inner = prod(s, ax + 1);
  c.expect_size(true, 0, outer * inner);
  std::vector<float> lsm(size_t(c.in[1].size));
  softmax(c.in[1].f32(), outer, classes, inner, lsm.data(), true);
  const float* p = c.in[0].f32();
  float* o = c.out[0].f32();
  for (int64_t a = 0; a < outer; a++)
    for (int64_t b = 0; b < inner; b++) {
      const int64_t base = a * classes * inner + b;
      double loss = 0;
      for (int64_t k = 0; k < classes; k++) {
        const float l = p[base + k * inner];
        if (l != 0) loss -= double(l) * lsm[size_t(base + k * inner)];
      }
      o[a * inner + b] = float(loss);
    }
}
const bool registered = [] {
  KernelDef d{"Softmax", &softmax_entry, 1, 1, 1, 1, {kF32Bit}, {{"axis", AttrKind::kNumber}}};
  kernel_registry().push_back(d);
  d.name = "LogSoftmax";
  d.op = 1;
  kernel_registry().push_back(d);
  kernel_registry().push_back(KernelDef{"SoftmaxCrossEntropyWithLogits", &softmax_xent_entry, 2, 2, 1, 1, {kF32Bit}, {{"axis", AttrKind::kNumber}}});
  return true;
}();
}  // namespace
}  // namespace tl
