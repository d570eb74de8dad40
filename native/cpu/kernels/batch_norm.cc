// FusedBatchNorm and FusedBatchNormGrad (kernel_names.ts, norm block) on x viewed as [outer, C, inner]
// (channels last: inner = 1; channels first: outer = N). Each is a few passes over x instead of the ~5
// (forward) and ~12 (backward) elementwise and reduction ops of the composite form:
//   forward:  mean pass, squared-deviation pass (training), then y = x k1 + k3 per channel
//   backward: one pass for sum(dy) and sum(dy (x - mean)), then dx = dy k1 + x k2 + k3 per channel
// Per-channel sums are accumulated in float over short runs and in double across them, per task, then
// combined in task order: the result does not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <vector>

#include "../common.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

namespace {

// out[k * C + c] = sum over the elements of channel c of quantity k (k < NACC). f(i, c, acc, stride) adds
// element i's quantities to acc[0], acc[stride], ... (acc already points at channel c's slot).
template <int NACC, typename F>
void channel_sums(int64_t outer, int64_t C, int64_t inner, F f, double* out) {
  const int64_t n = outer * C * inner;
  for (int64_t k = 0; k < NACC * C; k++) out[k] = 0.0;
  if (n == 0) return;
  // Tasks over outer slices, each big enough (>= 32 Ki elements) to outweigh its cost.
  const int64_t per = std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, C * inner));
  const int64_t tasks = (outer + per - 1) / per;
  std::vector<double> part(static_cast<size_t>(tasks * NACC * C), 0.0);
  parallel_for(tasks, [&](int64_t t) {
    double* p = part.data() + t * NACC * C;
    const int64_t o0 = t * per, o1 = std::min(outer, o0 + per);
    if (inner == 1) {
      // Rows of C channels: float sums over blocks of 64 rows (vectorizable over c), then into double.
      std::vector<float> fa(static_cast<size_t>(NACC * C));
      for (int64_t b0 = o0; b0 < o1; b0 += 64) {
        std::fill(fa.begin(), fa.end(), 0.0f);
        for (int64_t o = b0; o < std::min(o1, b0 + 64); o++)
          for (int64_t c = 0; c < C; c++) f(o * C + c, c, fa.data() + c, C);
        for (int64_t k = 0; k < NACC * C; k++) p[k] += fa[k];
      }
    } else {
      for (int64_t o = o0; o < o1; o++) {
        for (int64_t c = 0; c < C; c++) {
          // 8 interleaved float partial sums per quantity over the contiguous run, then into double.
          float fa[NACC * 8] = {};
          const int64_t base = (o * C + c) * inner;
          int64_t i = 0;
          for (; i + 8 <= inner; i += 8)
            for (int l = 0; l < 8; l++) f(base + i + l, c, fa + l, 8);
          for (; i < inner; i++) f(base + i, c, fa, 8);
          for (int k = 0; k < NACC; k++) {
            double s = 0.0;
            for (int l = 0; l < 8; l++) s += fa[k * 8 + l];
            p[k * C + c] += s;
          }
        }
      }
    }
  });
  for (int64_t t = 0; t < tasks; t++)
    for (int64_t k = 0; k < NACC * C; k++) out[k] += part[t * NACC * C + k];
}

// y = u k1[c] + v k2[c] + k3[c] (v may be null).
void channel_affine(const float* u, const float* k1, const float* v, const float* k2, const float* k3, int64_t outer, int64_t C,
                    int64_t inner, float* y) {
  const int64_t n = outer * C * inner;
  if (n == 0) return;
  const int64_t per = std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(1, C * inner));
  parallel_for((outer + per - 1) / per, [&](int64_t t) {
    for (int64_t o = t * per; o < std::min(outer, (t + 1) * per); o++) {
      if (inner == 1) {
        const float *ur = u + o * C, *vr = v ? v + o * C : nullptr;
        float* yr = y + o * C;
        if (vr)
          for (int64_t c = 0; c < C; c++) yr[c] = ur[c] * k1[c] + vr[c] * k2[c] + k3[c];
        else
          for (int64_t c = 0; c < C; c++) yr[c] = ur[c] * k1[c] + k3[c];
      } else {
        for (int64_t c = 0; c < C; c++) {
          const int64_t base = (o * C + c) * inner;
          const float a = k1[c], b = v ? k2[c] : 0.0f, d = k3[c];
          const float *ur = u + base, *vr = v ? v + base : nullptr;
          float* yr = y + base;
          if (vr)
            for (int64_t i = 0; i < inner; i++) yr[i] = ur[i] * a + vr[i] * b + d;
          else
            for (int64_t i = 0; i < inner; i++) yr[i] = ur[i] * a + d;
        }
      }
    }
  });
}

}  // namespace

void batch_norm(const float* x, int64_t outer, int64_t C, int64_t inner, const float* scale, const float* offset, const float* mean_in,
                const float* var_in, float epsilon, float* y, float* mean_out, float* var_out) {
  const double n = double(outer) * double(inner);
  std::vector<double> mu(static_cast<size_t>(C)), va(static_cast<size_t>(C));
  if (mean_in == nullptr) {  // training: the batch statistics
    channel_sums<1>(outer, C, inner, [&](int64_t i, int64_t, float* acc, int64_t) { acc[0] += x[i]; }, mu.data());
    for (int64_t c = 0; c < C; c++) mu[c] /= n;
    std::vector<float> muf(static_cast<size_t>(C));
    for (int64_t c = 0; c < C; c++) muf[c] = static_cast<float>(mu[c]);
    channel_sums<1>(outer, C, inner, [&](int64_t i, int64_t c, float* acc, int64_t) {
      const float d = x[i] - muf[c];
      acc[0] += d * d;
    }, va.data());
    for (int64_t c = 0; c < C; c++) va[c] /= n;
  } else {
    for (int64_t c = 0; c < C; c++) {
      mu[c] = mean_in[c];
      va[c] = var_in[c];
    }
  }
  std::vector<float> k1(static_cast<size_t>(C)), k3(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; c++) {
    const double r = 1.0 / std::sqrt(va[c] + double(epsilon));
    k1[c] = static_cast<float>(double(scale[c]) * r);
    k3[c] = static_cast<float>(double(offset[c]) - mu[c] * double(scale[c]) * r);
    mean_out[c] = static_cast<float>(mu[c]);
    var_out[c] = static_cast<float>(va[c]);
  }
  channel_affine(x, k1.data(), nullptr, nullptr, k3.data(), outer, C, inner, y);
}

void batch_norm_grad(const float* dy, const float* x, int64_t outer, int64_t C, int64_t inner, const float* scale, const float* mean,
                     const float* var, const float* dmean_up, const float* dvar_up, float epsilon, bool training, float* dx,
                     float* dscale, float* doffset, float* dmean, float* dvar) {
  const double n = double(outer) * double(inner);
  std::vector<double> s(static_cast<size_t>(2 * C));
  channel_sums<2>(outer, C, inner, [&](int64_t i, int64_t c, float* acc, int64_t stride) {
    acc[0] += dy[i];
    acc[stride] += dy[i] * (x[i] - mean[c]);
  }, s.data());
  std::vector<float> k1(static_cast<size_t>(C)), k2(static_cast<size_t>(C)), k3(static_cast<size_t>(C));
  for (int64_t c = 0; c < C; c++) {
    const double sdy = s[c], sdyx = s[C + c];
    const double r = 1.0 / std::sqrt(double(var[c]) + double(epsilon)), A = double(scale[c]) * r;
    dscale[c] = static_cast<float>(r * sdyx);
    doffset[c] = static_cast<float>(sdy);
    if (training) {
      const double b = 2.0 * double(dvar_up[c]) / n - A * r * r * sdyx / n;
      k1[c] = static_cast<float>(A);
      k2[c] = static_cast<float>(b);
      k3[c] = static_cast<float>(double(dmean_up[c]) / n - A * sdy / n - double(mean[c]) * b);
    } else {
      k1[c] = static_cast<float>(A);
      k3[c] = 0.0f;
      dmean[c] = static_cast<float>(-A * sdy + double(dmean_up[c]));
      dvar[c] = static_cast<float>(-0.5 * A * r * r * sdyx + double(dvar_up[c]));
    }
  }
  channel_affine(dy, k1.data(), training ? x : nullptr, k2.data(), k3.data(), outer, C, inner, dx);
}

}  // namespace tl

// ---- registration: FusedBatchNorm / FusedBatchNormGrad (x viewed as [outer, C, inner]) --------------------
namespace tl {
namespace {
void bn_dims(const KernelCall& c, size_t x, int64_t d[3]) {
  const Shape& s = c.in[x].shape;
  if (s.empty()) throw ArgError("x must have rank >= 1");
  const size_t ax = c.flag("channelsLast") ? s.size() - 1 : 1;
  if (ax >= s.size()) throw ArgError("x has no channel axis");
  d[0] = prod(s, 0, ax);
  d[1] = s[ax];
  d[2] = prod(s, ax + 1);
}
// x, scale, offset (, mean, variance when !isTraining) -> y, mean, variance.
void bn_entry(KernelCall& c) {
  int64_t d[3];
  bn_dims(c, 0, d);
  const bool training = c.flag("isTraining");
  if (c.in.size() != (training ? 3u : 5u)) throw ArgError(training ? "isTraining wants 3 inputs" : "inference wants 5 inputs");
  for (size_t k = 1; k < c.in.size(); k++) c.expect_size(false, k, d[1]);
  c.expect_size(true, 0, c.in[0].size); c.expect_size(true, 1, d[1]); c.expect_size(true, 2, d[1]);
  batch_norm(c.in[0].f32(), d[0], d[1], d[2], c.in[1].f32(), c.in[2].f32(), training ? nullptr : c.in[3].f32(), training ? nullptr : c.in[4].f32(),
             float(c.num("epsilon")), c.out[0].f32(), c.out[1].f32(), c.out[2].f32());
}
// dy, x, scale, mean, variance, dMean, dVariance -> dx, dscale, doffset (, dmean, dvariance when !isTraining).
void bn_grad_entry(KernelCall& c) {
  int64_t d[3];
  bn_dims(c, 1, d);
  const bool training = c.flag("isTraining");
  if (c.out.size() != (training ? 3u : 5u)) throw ArgError(training ? "isTraining wants 3 outputs" : "inference wants 5 outputs");
  c.expect_size(false, 0, c.in[1].size);
  for (size_t k = 2; k < 7; k++) c.expect_size(false, k, d[1]);
  c.expect_size(true, 0, c.in[1].size);
  for (size_t k = 1; k < c.out.size(); k++) c.expect_size(true, k, d[1]);
  auto in = [&](size_t k) { return c.in[k].f32(); };
  batch_norm_grad(in(0), in(1), d[0], d[1], d[2], in(2), in(3), in(4), in(5), in(6), float(c.num("epsilon")), training, c.out[0].f32(),
                  c.out[1].f32(), c.out[2].f32(), training ? nullptr : c.out[3].f32(), training ? nullptr : c.out[4].f32());
}
const std::vector<AttrSpec> bn_attrs() {
  return {{"epsilon", AttrKind::kNumber}, {"channelsLast", AttrKind::kBool}, {"isTraining", AttrKind::kBool}};
}
TL_KERNEL({"FusedBatchNorm", &bn_entry, 3, 5, 3, 3, {kF32Bit}, bn_attrs()});
TL_KERNEL({"FusedBatchNormGrad", &bn_grad_entry, 7, 7, 3, 5, {kF32Bit}, bn_attrs()});
}  // namespace
}  // namespace tl
