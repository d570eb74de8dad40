// Elementwise binary float32 ops with numpy broadcasting. The output shape is walked as [outer..., inner]
// after merging adjacent dims that broadcast the same way in both inputs, so the innermost run is as long
// as possible and each input is either contiguous (stride 1) or a repeated scalar (stride 0) along it: the
// ISA loop handles exactly those two cases. Ops without a vector loop use a scalar loop over the same walk.
// Add, Sub and Mul also take int32 and int64 (a training loop's int64 global step, integer counters): they wrap
// as the js kernels' results do (Int32Array stores, Math.imul, BigInt.asIntN(64, ...)).
#include <cmath>
#include <type_traits>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "broadcast.h"
#include "kernel_call.h"

namespace tl {

namespace {
enum ScalarBinary : int { kPow = kNumVecBinary, kAtan2, kFloorDiv, kFloorMod, kNumBinary };

void scalar_binary(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n) {
  // double arithmetic, one rounding: the same results as the js backend's float64 computation.
  for (int64_t i = 0; i < n; i++) {
    const double x = a[i * sa], z = b[i * sb];
    double r;
    switch (op) {
      case kPow: r = std::pow(x, z); break;
      case kAtan2: r = std::atan2(x, z); break;
      case kFloorDiv: r = std::floor(x / z); break;
      case kFloorMod: {
        // TF floormod for floats: the result takes the sign of the divisor.
        double m = std::fmod(x, z);
        if (m != 0 && ((m < 0) != (z < 0))) m += z;
        r = m;
        break;
      }
      default: r = x; break;
    }
    y[i] = static_cast<float>(r);
  }
}

struct Walk {
  std::vector<int64_t> dims, sa, sb;  // outer dims (outermost first) with input strides
  int64_t inner = 1, ia = 0, ib = 0;  // innermost run: length and input strides (0 or 1)
};

Walk plan(const Shape& as, const Shape& bs, const Shape& ys) {
  const size_t r = ys.size();
  // Right-aligned input dims and their contiguous strides (0 where the input broadcasts).
  std::vector<int64_t> da(r, 1), db(r, 1), sa(r, 0), sb(r, 0);
  for (size_t i = 0; i < as.size(); i++) da[r - as.size() + i] = as[i];
  for (size_t i = 0; i < bs.size(); i++) db[r - bs.size() + i] = bs[i];
  int64_t acc_a = 1, acc_b = 1;
  for (size_t i = r; i-- > 0;) {
    if (da[i] != ys[i] && da[i] != 1) throw ArgError("binary: shape of a does not broadcast to the output");
    if (db[i] != ys[i] && db[i] != 1) throw ArgError("binary: shape of b does not broadcast to the output");
    sa[i] = da[i] == 1 ? 0 : acc_a;
    sb[i] = db[i] == 1 ? 0 : acc_b;
    acc_a *= da[i];
    acc_b *= db[i];
  }
  // Merge dims from the innermost outwards: dim i joins the run below when each input's stride continues it.
  std::vector<int64_t> md, ma, mb;
  for (size_t i = r; i-- > 0;) {
    if (ys[i] == 1) continue;  // size-1 dims do not move anything
    if (!md.empty()) {
      int64_t& d = md.back();
      const bool ca = sa[i] == ma.back() * d || (sa[i] == 0 && ma.back() == 0);
      const bool cb = sb[i] == mb.back() * d || (sb[i] == 0 && mb.back() == 0);
      if (ca && cb) {
        d *= ys[i];
        continue;
      }
    }
    md.push_back(ys[i]);
    ma.push_back(sa[i]);
    mb.push_back(sb[i]);
  }
  Walk w;
  if (md.empty()) {  // every dim is 1 (a scalar)
    w.inner = 1;
    w.ia = 1;
    w.ib = 1;
    return w;
  }
  w.inner = md[0];
  w.ia = ma[0];
  w.ib = mb[0];
  for (size_t k = md.size(); k-- > 1;) {
    w.dims.push_back(md[k]);
    w.sa.push_back(ma[k]);
    w.sb.push_back(mb[k]);
  }
  return w;
}
}  // namespace

const std::vector<const char*>& binary_op_names() {
  static const std::vector<const char*> names = {"Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum",
                                                 "SquaredDifference", "Pow", "Atan2", "FloorDiv", "FloorMod"};
  return names;
}

void binary(int op, const float* a, const Shape& as, const float* b, const Shape& bs, float* y, const Shape& ys) {
  if (op < 0 || op >= kNumBinary) throw ArgError("binary: unknown op");
  const Walk w = plan(as, bs, ys);
  int64_t rows = 1;
  for (int64_t d : w.dims) rows *= d;
  if (rows == 0 || w.inner == 0) return;
  const IsaKernels& k = isa();
  // Row groups of >= 32 Ki elements per task.
  const int64_t per = w.inner >= (1 << 15) ? 1 : (int64_t(1) << 15) / w.inner;
  const int64_t tasks = (rows + per - 1) / per;
  parallel_for(tasks, [&](int64_t t) {
    const int64_t r0 = t * per, r1 = r0 + per < rows ? r0 + per : rows;
    // Offsets of row r0: decompose it over the outer dims.
    const size_t nd = w.dims.size();
    std::vector<int64_t> idx(nd, 0);
    int64_t oa = 0, ob = 0, rem = r0;
    for (size_t d = nd; d-- > 0;) {
      idx[d] = rem % w.dims[d];
      rem /= w.dims[d];
      oa += idx[d] * w.sa[d];
      ob += idx[d] * w.sb[d];
    }
    for (int64_t row = r0; row < r1; row++) {
      float* yr = y + row * w.inner;
      if (op < kNumVecBinary)
        k.binary(op, a + oa, w.ia, b + ob, w.ib, yr, w.inner);
      else
        scalar_binary(op, a + oa, w.ia, b + ob, w.ib, yr, w.inner);
      for (size_t d = nd; d-- > 0;) {
        idx[d]++;
        oa += w.sa[d];
        ob += w.sb[d];
        if (idx[d] < w.dims[d]) break;
        oa -= w.sa[d] * idx[d];
        ob -= w.sb[d] * idx[d];
        idx[d] = 0;
      }
    }
  });
}

}  // namespace tl

// ---- registration: one kernel per op name, all sharing binary() --------------------------------------------
namespace tl {
namespace {
// Integer Add / Sub / Mul: computed on the unsigned type of the same width, which wraps (signed overflow would be
// undefined), then stored back as the signed value with those bits.
template <typename T>
void int_binary(int op, const TensorArg& a, const TensorArg& b, TensorArg& y) {
  using U = std::make_unsigned_t<T>;
  const BroadcastWalk walk(y.shape, {&a.shape, &b.shape});
  const int64_t inner = walk.inner(), sa = walk.inner_stride(0), sb = walk.inner_stride(1);
  const T *av = a.as<const T>(), *bv = b.as<const T>();
  T* yv = y.as<T>();
  walk.for_rows([&](int64_t row, const int64_t* offs) {
    const T *ar = av + offs[0], *br = bv + offs[1];
    T* yr = yv + row * inner;
    for (int64_t i = 0; i < inner; i++) {
      const U x = U(ar[i * sa]), z = U(br[i * sb]);
      yr[i] = T(op == kAdd ? U(x + z) : op == kSub ? U(x - z) : U(x * z));
    }
  });
}

void binary_entry(KernelCall& c) {
  if (c.in[0].shape.size() > c.out[0].shape.size() || c.in[1].shape.size() > c.out[0].shape.size())
    throw ArgError("an input has a higher rank than the output");
  const ElemType t = c.in[0].type;
  if (c.in[1].type != t || c.out[0].type != t) throw ArgError("the inputs and the output must have one dtype");
  if (t == ElemType::kI32) return int_binary<int32_t>(c.def->op, c.in[0], c.in[1], c.out[0]);
  if (t == ElemType::kI64) return int_binary<int64_t>(c.def->op, c.in[0], c.in[1], c.out[0]);
  binary(c.def->op, c.in[0].f32(), c.in[0].shape, c.in[1].f32(), c.in[1].shape, c.out[0].f32(), c.out[0].shape);
}
const bool registered = [] {
  const auto& names = binary_op_names();
  for (size_t i = 0; i < names.size(); i++) {
    const bool ints = int(i) == kAdd || int(i) == kSub || int(i) == kMul;
    const uint8_t dtypes = ints ? uint8_t(kF32Bit | kI32Bit | kI64Bit) : uint8_t(kF32Bit);
    KernelDef d{names[i], &binary_entry, 2, 2, 1, 1, {dtypes}, {}, kElementwise};
    d.op = int(i);
    kernel_registry().push_back(std::move(d));
  }
  return true;
}();
}  // namespace
}  // namespace tl
