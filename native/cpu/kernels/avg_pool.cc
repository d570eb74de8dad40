// AvgPool and AvgPoolGrad (2-D): the mean over the window's cells inside the input (padding not counted;
// an empty window gives 0/0 = NaN, as the js reference), and its adjoint, each dy cell shared equally by
// those cells. NHWC rows are vectorized along C.
#include <cmath>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "pool_geom.h"

namespace tl {

void avg_pool(const float* x, float* y, const PoolGeom& g) {
  const IsaKernels& k = isa();
  if (!g.nchw) {
    parallel_for(g.N * g.OH, [&](int64_t t) {
      const int64_t n = t / g.OH;
      g.row_windows(t % g.OH, [&](const PoolGeom::Window& win) {
        float* yr = y + g.yoff(n, win.oh, win.ow, 0);
        for (int64_t c = 0; c < g.C; c++) yr[c] = 0.0f;
        for (int64_t h = win.h0; h < win.h1; h++)
          for (int64_t w = win.w0; w < win.w1; w++) k.binary(kAdd, yr, 1, x + g.xoff(n, h, w, 0), 1, yr, g.C);
        const int64_t cnt = win.cells();
        const float inv = 1.0f / float(cnt);
        if (cnt == 0)
          for (int64_t c = 0; c < g.C; c++) yr[c] = NAN;
        else
          for (int64_t c = 0; c < g.C; c++) yr[c] *= inv;
      });
    });
    return;
  }
  parallel_for(g.N * g.C, [&](int64_t t) {
    const int64_t n = t / g.C, c = t % g.C;
    g.windows([&](const PoolGeom::Window& win) {
      float s = 0.0f;
      for (int64_t h = win.h0; h < win.h1; h++) {
        const float* xr = x + g.xoff(n, h, 0, c);
        for (int64_t w = win.w0; w < win.w1; w++) s += xr[w];
      }
      const int64_t cnt = win.cells();
      y[g.yoff(n, win.oh, win.ow, c)] = cnt == 0 ? NAN : s / float(cnt);
    });
  });
}

void avg_pool_grad(const float* dy, float* dx, const PoolGeom& g) {
  const IsaKernels& k = isa();
  const int64_t xsize = g.N * g.H * g.W * g.C;
  for (int64_t i = 0; i < xsize; i++) dx[i] = 0.0f;
  if (!g.nchw) {
    // One task per image: its windows overlap only within the image.
    parallel_for(g.N, [&](int64_t n) {
      g.windows([&](const PoolGeom::Window& win) {
        const int64_t cnt = win.cells();
        if (cnt == 0) return;
        const float* dyr = dy + g.yoff(n, win.oh, win.ow, 0);
        for (int64_t h = win.h0; h < win.h1; h++)
          for (int64_t w = win.w0; w < win.w1; w++) k.axpy(g.C, 1.0f / float(cnt), dyr, dx + g.xoff(n, h, w, 0));
      });
    });
    return;
  }
  parallel_for(g.N * g.C, [&](int64_t t) {
    const int64_t n = t / g.C, c = t % g.C;
    g.windows([&](const PoolGeom::Window& win) {
      const int64_t cnt = win.cells();
      if (cnt == 0) return;
      const float v = dy[g.yoff(n, win.oh, win.ow, c)] / float(cnt);
      for (int64_t h = win.h0; h < win.h1; h++) {
        float* dxr = dx + g.xoff(n, h, 0, c);
        for (int64_t w = win.w0; w < win.w1; w++) dxr[w] += v;
      }
    });
  });
}

}  // namespace tl

// ---- registration: AvgPool (x) -> y; AvgPoolGrad (dy) -> dx (the output's shape is attrs.inShape) ----------
namespace tl {
namespace {
void avg_pool_entry(KernelCall& c) { avg_pool(c.in[0].f32(), c.out[0].f32(), pool_geometry_of(c, c.in[0].shape, c.out[0].shape)); }
void avg_pool_grad_entry(KernelCall& c) { avg_pool_grad(c.in[0].f32(), c.out[0].f32(), pool_geometry_of(c, c.out[0].shape, c.in[0].shape)); }
TL_KERNEL({"AvgPool", &avg_pool_entry, 1, 1, 1, 1, {kF32Bit}, pool_attrs()});
TL_KERNEL({"AvgPoolGrad", &avg_pool_grad_entry, 1, 1, 1, 1, {kF32Bit}, pool_attrs()});
}  // namespace
}  // namespace tl
