// The optimizer updates of kernel_names.ts (train block: ApplyGradientDescent, ApplyMomentum, ApplyAdam,
// ApplyRMSProp, ApplyAdagrad): one elementwise pass reading the variable, its slots and the gradient and
// writing the new values (in place when the TypeScript side hands the input buffers as outputs), with the
// ISA's vector loop, split over the pool in chunks big enough to outweigh a task's cost.
#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include <cmath>
#include <vector>

#include "kernel_call.h"

namespace tl {

void optimizer_update(int kind, const OptimizerArgs& a) {
  if (kind < 0 || kind >= kNumOptimizers) throw ArgError("optimizer: unknown kind");
  const IsaKernels& k = isa();
  const int64_t chunk = 1 << 15;
  const int64_t tasks = (a.n + chunk - 1) / chunk;
  auto off = [](const float* p, int64_t i) { return p ? p + i : nullptr; };
  auto offw = [](float* p, int64_t i) { return p ? p + i : nullptr; };
  parallel_for(tasks, [&](int64_t t) {
    const int64_t i0 = t * chunk, m = a.n - i0 < chunk ? a.n - i0 : chunk;
    OptimizerArgs c = a;
    c.n = m;
    c.g = a.g + i0;
    c.x = a.x + i0;
    c.s1 = off(a.s1, i0);
    c.s2 = off(a.s2, i0);
    c.s3 = off(a.s3, i0);
    c.ox = a.ox + i0;
    c.os1 = offw(a.os1, i0);
    c.os2 = offw(a.os2, i0);
    c.os3 = offw(a.os3, i0);
    k.optimizer_update(kind, c);
  });
}

}  // namespace tl

// ---- registration: the Apply* kernels of the train family ------------------------------------------------
namespace tl {
namespace {
enum Kind : int { kGradientDescent, kMomentum, kNesterov, kAdam, kRMSProp, kCenteredRMSProp, kAdagrad };

// Inputs: the state tensors (variable first) at `state`, the gradient at g, rank-0 scalars after; outputs in
// state order, each its own state input (in place, attrs.inPlace) or disjoint from every input.
void run(KernelCall& c, int kind, const std::vector<size_t>& state, size_t g, const double hyper[4]) {
  const int64_t n = c.in[g].size;
  if (c.out.size() != state.size()) throw ArgError("one output per state input expected");
  for (size_t k = 0; k < state.size(); k++) {
    c.expect_size(false, state[k], n);
    c.expect_size(true, k, n);
  }
  auto in = [&](size_t k) { return k < state.size() ? c.in[state[k]].f32() : nullptr; };
  auto out = [&](size_t k) { return k < state.size() ? c.out[k].f32() : nullptr; };
  OptimizerArgs a{n, c.in[g].f32(), in(0), in(1), in(2), in(3), out(0), out(1), out(2), out(3),
                  float(hyper[0]), float(hyper[1]), float(hyper[2]), float(hyper[3])};
  optimizer_update(kind, a);
}
double scalar(const KernelCall& c, size_t k) {
  c.expect_size(false, k, 1);
  return c.in[k].f32()[0];
}
void gradient_descent(KernelCall& c) {  // x, g, lr
  const double h[4] = {scalar(c, 2), 0, 0, 0};
  run(c, kGradientDescent, {0}, 1, h);
}
void momentum(KernelCall& c) {  // x, acc, g, lr, momentum
  const double h[4] = {scalar(c, 3), scalar(c, 4), 0, 0};
  run(c, c.flag("useNesterov") ? kNesterov : kMomentum, {0, 1}, 2, h);
}
void adam(KernelCall& c) {  // x, m, v, g, lr, beta1, beta2, epsilon, beta1Power, beta2Power
  // lr_t in double, as TF computes it on the host.
  const double lr = scalar(c, 4), b1 = scalar(c, 5), b2 = scalar(c, 6), eps = scalar(c, 7), p1 = scalar(c, 8), p2 = scalar(c, 9);
  const double h[4] = {lr * std::sqrt(1 - p2) / (1 - p1), 1 - b1, 1 - b2, eps};
  run(c, kAdam, {0, 1, 2}, 3, h);
}
void rmsprop(KernelCall& c) {  // x, ms, mom, g, lr, decay, momentum, epsilon (, mg when centered)
  const bool centered = c.flag("centered");
  if (c.in.size() != (centered ? 9u : 8u)) throw ArgError(centered ? "centered wants 9 inputs" : "8 inputs expected when not centered");
  const double h[4] = {scalar(c, 4), 1 - scalar(c, 5), scalar(c, 6), scalar(c, 7)};
  run(c, centered ? kCenteredRMSProp : kRMSProp, centered ? std::vector<size_t>{0, 1, 2, 8} : std::vector<size_t>{0, 1, 2}, 3, h);
}
void adagrad(KernelCall& c) {  // x, acc, g, lr
  const double h[4] = {scalar(c, 3), 0, 0, 0};
  run(c, kAdagrad, {0, 1}, 2, h);
}
const AttrSpec kInPlace{"inPlace", AttrKind::kBool, true};
TL_KERNEL({"ApplyGradientDescent", &gradient_descent, 3, 3, 1, 1, {kF32Bit}, {kInPlace}, kNoAlias, {0}});
TL_KERNEL({"ApplyMomentum", &momentum, 5, 5, 2, 2, {kF32Bit}, {kInPlace, {"useNesterov", AttrKind::kBool, true}}, kNoAlias, {0, 1}});
TL_KERNEL({"ApplyAdam", &adam, 10, 10, 3, 3, {kF32Bit}, {kInPlace}, kNoAlias, {0, 1, 2}});
TL_KERNEL({"ApplyRMSProp", &rmsprop, 8, 9, 3, 4, {kF32Bit}, {kInPlace, {"centered", AttrKind::kBool, true}}, kNoAlias, {0, 1, 2, 8}});
TL_KERNEL({"ApplyAdagrad", &adagrad, 4, 4, 2, 2, {kF32Bit}, {kInPlace}, kNoAlias, {0, 1}});
}  // namespace
}  // namespace tl
