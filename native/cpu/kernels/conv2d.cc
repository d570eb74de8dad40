// Conv2D forward: im2col + the packed GEMM of matmul.cc, per image, group and chunk of output pixels.
// NHWC: y[p, o] = col[p, k] * f[k, o] (the filter columns of the group, ldb = OC). NCHW: y[o, p] =
// f^T[o, k] * col[k, p], with the filter packed once for all images and the column matrix written straight in
// the GEMM's packed-B layout (no column matrix, no packing pass over it). A 1x1, stride-1, unpadded,
// ungrouped convolution is one GEMM on x itself.
#include <algorithm>
#include <cstring>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "conv_geom.h"

namespace tl {

namespace {

// y_n[OCg, np] (row stride P) = A~ * B~ over every tile, the column panels split over the pool (inline when
// already inside a parallel region, as in the one-image-per-task mode).
void packed_product(int64_t OCg, int64_t np, int64_t Kg, int64_t MR, const float* ap, const float* bp, float* y, int64_t P) {
  const int64_t NR = isa().gemm_nr, NP = ceil_div(np, NR), MP = ceil_div(OCg, MR);
  const int64_t per = std::max<int64_t>(1, ceil_div(NP, int64_t(num_threads()) * 2));
  parallel_for(ceil_div(NP, per), [&](int64_t t) {
    gemm_packed_tile(OCg, np, Kg, MR, ap, bp, 0, MP, t * per, (t + 1) * per, y, P, false);
  }, 2.0 * double(OCg) * double(np) * double(Kg) > 4.0e6 ? 0 : 1);
}

}  // namespace

void conv2d(const float* x, const float* f, float* y, const ConvGeom& g) {
  const int64_t P = g.P(), Kg = g.Kg(), OCg = g.OCg();
  if (g.N == 0 || P == 0 || g.OC == 0) return;
  const bool pointwise = g.KH == 1 && g.KW == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pb == 0 && g.pl == 0 &&
                         g.pr == 0 && g.groups == 1;
  if (pointwise && !g.nchw) {
    gemm(GemmArgs{g.N * P, g.OC, g.C, x, g.C, false, f, g.OC, false, y, g.OC}, 0);
    return;
  }
  const int64_t chunk = conv_pixel_chunk(g);
  // NCHW: each group's filter as the packed A = f^T (OCg x Kg), once for every image and chunk.
  const int64_t MR = packed_mr(OCg);
  const size_t a_size = packed_a_size(OCg, Kg, MR);
  AlignedBuffer filter_packed;
  float* fa = nullptr;
  if (g.nchw && !pointwise) {
    fa = filter_packed.get(static_cast<size_t>(checked_mul(static_cast<int64_t>(a_size), g.groups, "conv2d: packed filter")));
    for (int64_t grp = 0; grp < g.groups; grp++) pack_a_all(f + grp * OCg, g.OC, true, OCg, Kg, MR, fa + grp * a_size);
  }
  // One image per task when the batch can feed every thread (each task's im2col and GEMM then run inline,
  // with the task's own column buffer); otherwise images in turn, each GEMM using the whole pool.
  auto image = [&](int64_t n) {
    const float* xn = x + n * g.H * g.W * g.C;
    float* yn = y + n * P * g.OC;
    if (pointwise) {  // NCHW 1x1: y_n[OC, P] = f^T[OC, C] x_n[C, P]
      gemm(GemmArgs{g.OC, P, g.C, f, g.OC, true, xn, P, false, yn, P}, 0);
      return;
    }
    float* col = thread_scratch(4, g.nchw ? packed_b_size(Kg, chunk) : static_cast<size_t>(chunk * Kg));
    for (int64_t p0 = 0; p0 < P; p0 += chunk) {
      const int64_t p1 = p0 + chunk < P ? p0 + chunk : P, np = p1 - p0;
      for (int64_t grp = 0; grp < g.groups; grp++) {
        if (g.nchw) {
          im2col_packed_nchw(g, xn, grp, p0, p1, col);
          packed_product(OCg, np, Kg, MR, fa + grp * a_size, col, yn + grp * OCg * P + p0, P);
        } else {
          im2col(g, xn, grp, p0, p1, col);
          gemm(GemmArgs{np, OCg, Kg, col, Kg, false, f + grp * OCg, g.OC, false, yn + p0 * g.OC + grp * OCg, g.OC}, 0);
        }
      }
    }
  };
  if (g.N >= num_threads() && num_threads() > 1) {
    parallel_for(g.N, image);
  } else {
    for (int64_t n = 0; n < g.N; n++) image(n);
  }
}

}  // namespace tl

// ---- registration: Conv2D (x, filter) -> y ---------------------------------------------------------------
namespace tl {
namespace {
void conv2d_entry(KernelCall& c) { conv2d(c.in[0].f32(), c.in[1].f32(), c.out[0].f32(), conv_geometry_of(c, c.in[0].shape, c.in[1].shape, c.out[0].shape)); }
const bool registered = [] {
  KernelDef d{"Conv2D", &conv2d_entry, 2, 2, 1, 1, {kF32Bit}, conv_attrs()};
  kernel_registry().push_back(d);
  return true;
}();
}  // namespace
}  // namespace tl
