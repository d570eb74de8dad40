// Sum / Mean / Max / Min over the middle axis of x viewed as [outer, r, inner] (TypeScript collapses the
// reduced axes into such views, one contiguous group at a time). inner == 1 reduces contiguous rows with the
// ISA's vector reductions; inner > 1 combines whole rows elementwise, which is vectorized along inner.
#include <cmath>
#include <cstring>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

const std::vector<const char*>& reduce_op_names() {
  static const std::vector<const char*> names = {"Sum", "Mean", "Max", "Min"};
  return names;
}

namespace {
// Min of a row through the max loop: min(x) = -max(-x), on a scratch copy (NaN still propagates).
float row_min(const IsaKernels& k, const float* x, int64_t n) {
  float* tmp = thread_scratch(2, static_cast<size_t>(n > 0 ? n : 1));
  k.unary(kNeg, x, tmp, n, 0.0f);
  return -k.max(tmp, n);
}
}  // namespace

void reduce(int op, const float* x, int64_t outer, int64_t r, int64_t inner, float* y) {
  if (op < 0 || op >= kNumReduce) throw ArgError("reduce: unknown op");
  const IsaKernels& k = isa();
  const float empty = op == kReduceMax ? -INFINITY : op == kReduceMin ? INFINITY : op == kReduceMean ? NAN : 0.0f;
  const float scale = op == kReduceMean && r > 0 ? 1.0f / float(r) : 1.0f;
  if (r == 0) {
    for (int64_t i = 0; i < outer * inner; i++) y[i] = empty;
    return;
  }
  if (inner == 1) {
    const int64_t per = r >= (1 << 14) ? 1 : (int64_t(1) << 14) / r;
    parallel_for((outer + per - 1) / per, [&](int64_t t) {
      for (int64_t o = t * per; o < outer && o < (t + 1) * per; o++) {
        const float* row = x + o * r;
        float v;
        if (op == kReduceMax) v = k.max(row, r);
        else if (op == kReduceMin) v = row_min(k, row, r);
        else v = k.sum(row, r) * scale;
        y[o] = v;
      }
    });
    return;
  }
  // Column reductions: y[o, :] = x[o, 0, :] (op) x[o, 1, :] ... Sum accumulates in double per column
  // chunk, so long columns do not lose the small terms.
  const int64_t chunk = 512;
  const int64_t col_tasks = (inner + chunk - 1) / chunk;
  parallel_for(outer * col_tasks, [&](int64_t t) {
    const int64_t o = t / col_tasks, c0 = (t % col_tasks) * chunk;
    const int64_t n = inner - c0 < chunk ? inner - c0 : chunk;
    const float* base = x + o * r * inner + c0;
    float* yo = y + o * inner + c0;
    if (op == kReduceSum || op == kReduceMean) {
      double acc[512];
      for (int64_t i = 0; i < n; i++) acc[i] = 0.0;
      for (int64_t kk = 0; kk < r; kk++) {
        const float* row = base + kk * inner;
        for (int64_t i = 0; i < n; i++) acc[i] += row[i];
      }
      for (int64_t i = 0; i < n; i++) yo[i] = static_cast<float>(acc[i] * (op == kReduceMean ? 1.0 / double(r) : 1.0));
    } else {
      std::memcpy(yo, base, sizeof(float) * n);
      const int bop = op == kReduceMax ? kMax : kMin;
      // kMax/kMin keep a NaN of either operand, so a NaN anywhere in the column survives.
      for (int64_t kk = 1; kk < r; kk++) k.binary(bop, yo, 1, base + kk * inner, 1, yo, n);
    }
  });
}

}  // namespace tl

// ---- registration: Sum, Mean, Max, Min over any sorted axes -----------------------------------------------
namespace tl {
namespace {
// Each run of consecutive axes is one reduce() on x viewed as [outer, r, inner], innermost run first, through
// temporaries; the results compose because every run reduces a fixed number of cells (a mean of equal-sized
// means is the mean). keepDims only changes the output's shape, which the op inferred.
void reduce_entry(KernelCall& c) {
  Shape s = c.in[0].shape;
  const std::vector<int64_t>& axes = c.ints("axes");
  for (size_t i = 0; i < axes.size(); i++)
    if (axes[i] >= int64_t(s.size()) || (i > 0 && axes[i] <= axes[i - 1])) throw ArgError("attr axes must be sorted axes of the input");
  // The output's size: product of the kept dims (x may be empty while the output is not: reduce to `empty`).
  int64_t kept = 1;
  for (size_t d = 0, k = 0; d < s.size(); d++) {
    if (k < axes.size() && axes[k] == int64_t(d)) k++;
    else kept *= s[d];
  }
  c.expect_size(true, 0, kept);
  if (axes.empty()) {
    std::memcpy(c.out[0].data, c.in[0].data, sizeof(float) * size_t(kept));
    return;
  }
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < axes.size(); i++) {
    if (!runs.empty() && size_t(axes[i]) == runs.back().second + 1) runs.back().second = size_t(axes[i]);
    else runs.push_back({size_t(axes[i]), size_t(axes[i])});
  }
  const float* cur = c.in[0].f32();
  std::vector<float> tmp[2];
  for (size_t k = runs.size(); k-- > 0;) {
    const auto [first, last] = runs[k];
    const int64_t outer = prod(s, 0, first), r = prod(s, first, last + 1), inner = prod(s, last + 1);
    float* dst = c.out[0].f32();
    if (k != 0) {
      tmp[k & 1].resize(size_t(outer * inner));
      dst = tmp[k & 1].data();
    }
    reduce(c.def->op, cur, outer, r, inner, dst);
    for (size_t a = first; a <= last; a++) s[a] = 1;
    cur = dst;
  }
}
const bool registered = [] {
  const auto& names = reduce_op_names();
  for (size_t i = 0; i < names.size(); i++) {
    KernelDef d{names[i], &reduce_entry, 1, 1, 1, 1, {kF32Bit}, {{"axes", AttrKind::kInts}, {"keepDims", AttrKind::kBool, true}}};
    d.op = int(i);
    kernel_registry().push_back(std::move(d));
  }
  return true;
}();
}  // namespace
}  // namespace tl
