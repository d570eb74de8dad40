// MaxPool and MaxPoolGrad (2-D). Forward: NHWC takes the elementwise max of whole channel rows (vectorized
// along C, NaN-propagating); NCHW scans each window of a channel plane. Gradient: dy goes to the first
// maximum of each window in row-major order, a NaN counting as the maximum (the js reference's rule).
#include <cmath>
#include <string>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "pool_geom.h"

namespace tl {

PoolGeom pool_geometry(const Shape& xs, const Shape& ys, const int64_t* ksize, const int64_t* strides,
                       const int64_t* pads, bool nchw) {
  if (xs.size() != 4 || ys.size() != 4) throw ArgError("pool: x and y must have rank 4");
  PoolGeom g;
  g.nchw = nchw;
  const ImageDims x = image_dims(xs, nchw), y = image_dims(ys, nchw);
  g.N = x.N;
  g.C = x.C;
  g.H = x.H;
  g.W = x.W;
  g.KH = ksize[0];
  g.KW = ksize[1];
  g.sh = strides[0];
  g.sw = strides[1];
  g.pt = pads[0];
  g.pl = pads[2];
  if (g.KH < 1 || g.KW < 1 || g.sh < 1 || g.sw < 1) throw ArgError("pool: ksize and strides must be >= 1");
  if (pads[0] < 0 || pads[1] < 0 || pads[2] < 0 || pads[3] < 0) throw ArgError("pool: pads must be >= 0");
  const int64_t nh = g.H + pads[0] + pads[1] - g.KH, nw = g.W + pads[2] + pads[3] - g.KW;
  g.OH = nh < 0 ? 0 : nh / g.sh + 1;
  g.OW = nw < 0 ? 0 : nw / g.sw + 1;
  if (y.N != g.N || y.C != g.C || y.H != g.OH || y.W != g.OW)
    throw ArgError("pool: output shape does not match the geometry (expected " + std::to_string(g.OH) + "x" +
                   std::to_string(g.OW) + ")");
  return g;
}

void max_pool(const float* x, float* y, const PoolGeom& g) {
  const IsaKernels& k = isa();
  const float ninf = -INFINITY;
  if (!g.nchw) {
    parallel_for(g.N * g.OH, [&](int64_t t) {
      const int64_t n = t / g.OH;
      g.row_windows(t % g.OH, [&](const PoolGeom::Window& win) {
        float* yr = y + g.yoff(n, win.oh, win.ow, 0);
        for (int64_t c = 0; c < g.C; c++) yr[c] = ninf;
        for (int64_t h = win.h0; h < win.h1; h++)
          for (int64_t w = win.w0; w < win.w1; w++) k.binary(kMax, yr, 1, x + g.xoff(n, h, w, 0), 1, yr, g.C);
      });
    });
    return;
  }
  parallel_for(g.N * g.C, [&](int64_t t) {
    const int64_t n = t / g.C, c = t % g.C;
    g.windows([&](const PoolGeom::Window& win) {
      float m = ninf;
      bool nan = false;
      for (int64_t h = win.h0; h < win.h1; h++) {
        const float* xr = x + g.xoff(n, h, 0, c);
        for (int64_t w = win.w0; w < win.w1; w++) {
          const float v = xr[w];
          if (v != v) nan = true;
          else if (v > m) m = v;
        }
      }
      y[g.yoff(n, win.oh, win.ow, c)] = nan ? NAN : m;
    });
  });
}

void max_pool_grad(const float* x, const float* dy, float* dx, const PoolGeom& g) {
  const int64_t xsize = g.N * g.H * g.W * g.C;
  for (int64_t i = 0; i < xsize; i++) dx[i] = 0.0f;
  // Windows overlap in dx: tasks own disjoint (image, channel) slices.
  parallel_for(g.N * g.C, [&](int64_t t) {
    const int64_t n = t / g.C, c = t % g.C;
    g.windows([&](const PoolGeom::Window& win) {
      if (win.cells() == 0) return;
      int64_t arg = g.xoff(n, win.h0, win.w0, c);
      float best = x[arg];
      for (int64_t h = win.h0; h < win.h1 && best == best; h++) {
        for (int64_t w = (h == win.h0 ? win.w0 + 1 : win.w0); w < win.w1; w++) {
          const int64_t o = g.xoff(n, h, w, c);
          const float v = x[o];
          if (v != v || v > best) {
            best = v;
            arg = o;
            if (v != v) break;
          }
        }
      }
      dx[arg] += dy[g.yoff(n, win.oh, win.ow, c)];
    });
  }, g.N * g.C * g.OH * g.OW > 4096 ? 0 : 1);
}

}  // namespace tl

// ---- registration: MaxPool (x) -> y; MaxPoolGrad (x, y, dy) -> dx (the argmax is recomputed from x) -----
namespace tl {
namespace {
void max_pool_entry(KernelCall& c) { max_pool(c.in[0].f32(), c.out[0].f32(), pool_geometry_of(c, c.in[0].shape, c.out[0].shape)); }
void max_pool_grad_entry(KernelCall& c) {
  if (c.out[0].shape != c.in[0].shape) throw ArgError("dx must have x's shape");
  max_pool_grad(c.in[0].f32(), c.in[2].f32(), c.out[0].f32(), pool_geometry_of(c, c.in[0].shape, c.in[2].shape));
}
TL_KERNEL({"MaxPool", &max_pool_entry, 1, 1, 1, 1, {kF32Bit}, pool_attrs()});
TL_KERNEL({"MaxPoolGrad", &max_pool_grad_entry, 3, 3, 1, 1, {kF32Bit}, pool_attrs()});
}  // namespace
}  // namespace tl
