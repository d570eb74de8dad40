// Elementwise unary float32 ops. The common ones run the ISA's vector loop (polynomial exp/log/tanh in
// simd/isa_impl.h); the rest call libm per element. Large tensors are split over the pool in chunks big
// enough (64 Ki elements) that a task outweighs its scheduling cost.
#include <cmath>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

namespace {
// Ops without a vector loop, numbered after kNumVecUnary.
enum ScalarUnary : int { kSin = kNumVecUnary, kCos, kTan, kAsin, kAcos, kAtan, kSinh, kCosh, kErf, kNumUnary };

void scalar_unary(int op, const float* x, float* y, int64_t n) {
  // Computed in double and rounded once, as the js backend does, so results match it to the last bit
  // wherever libm is correctly rounded.
  for (int64_t i = 0; i < n; i++) {
    const double v = x[i];
    double r;
    switch (op) {
      case kSin: r = std::sin(v); break;
      case kCos: r = std::cos(v); break;
      case kTan: r = std::tan(v); break;
      case kAsin: r = std::asin(v); break;
      case kAcos: r = std::acos(v); break;
      case kAtan: r = std::atan(v); break;
      case kSinh: r = std::sinh(v); break;
      case kCosh: r = std::cosh(v); break;
      case kErf: r = std::erf(v); break;
      default: r = v; break;
    }
    y[i] = static_cast<float>(r);
  }
}
}  // namespace

const std::vector<const char*>& unary_op_names() {
  static const std::vector<const char*> names = {
      "Neg", "Abs", "Square", "Sqrt", "Rsqrt", "Reciprocal", "Exp", "Expm1", "Log", "Log1p", "Tanh", "Sigmoid",
      "Relu", "Relu6", "Elu", "Selu", "Softplus", "Floor", "Ceil", "Round", "Sign", "LeakyRelu", "Step",
      "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Erf"};
  return names;
}

void unary(int op, const float* x, float* y, int64_t n, float alpha) {
  if (op < 0 || op >= kNumUnary) throw ArgError("unary: unknown op");
  const int64_t chunk = 1 << 16;
  const int64_t tasks = (n + chunk - 1) / chunk;
  const IsaKernels& k = isa();
  parallel_for(tasks, [&](int64_t t) {
    const int64_t i0 = t * chunk, m = n - i0 < chunk ? n - i0 : chunk;
    if (op < kNumVecUnary)
      k.unary(op, x + i0, y + i0, m, alpha);
    else
      scalar_unary(op, x + i0, y + i0, m);
  });
}

}  // namespace tl

// ---- registration: one kernel per op name, all sharing unary() ---------------------------------------------
namespace tl {
namespace {
void unary_entry(KernelCall& c) {
  c.expect_size(true, 0, c.in[0].size);
  const AttrValue* alpha = c.attrs.empty() ? nullptr : &c.attrs[0];
  unary(c.def->op, c.in[0].f32(), c.out[0].f32(), c.in[0].size, alpha ? float(alpha->num) : 0.0f);
}
const bool registered = [] {
  const auto& names = unary_op_names();
  for (size_t i = 0; i < names.size(); i++) {
    const bool has_alpha = std::strcmp(names[i], "LeakyRelu") == 0 || std::strcmp(names[i], "Step") == 0;
    KernelDef d{names[i], &unary_entry, 1, 1, 1, 1, {kF32Bit}, {}, kElementwise};
    if (has_alpha) d.attrs.push_back({"alpha", AttrKind::kNumber});
    d.op = int(i);
    kernel_registry().push_back(std::move(d));
  }
  return true;
}();
}  // namespace
}  // namespace tl
