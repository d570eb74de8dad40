// Conv2DBackpropInput: dx = col2im(dcol), with dcol the product of dy and the filter's transpose
// (NHWC: dcol[p, k] = dy[p, o] f[k, o]; NCHW: dcol[k, p] = f[k, o] dy[o, p]), per image, group, pixel chunk.
#include <cstring>

#include "../common.h"
#include "../threadpool.h"
#include "conv_geom.h"

namespace tl {

void conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g) {
  const int64_t P = g.P(), Kg = g.Kg(), OCg = g.OCg();
  const int64_t xsize = g.H * g.W * g.C;
  std::memset(dx, 0, sizeof(float) * static_cast<size_t>(g.N * xsize));
  if (g.N == 0 || P == 0 || g.OC == 0 || xsize == 0) return;
  const int64_t chunk = conv_pixel_chunk(g);
  // Images write disjoint parts of dx: one image per task when the batch can feed every thread.
  auto image = [&](int64_t n) {
    const float* dyn = dy + n * P * g.OC;
    float* dxn = dx + n * xsize;
    float* col = thread_scratch(4, static_cast<size_t>(chunk * Kg));
    for (int64_t p0 = 0; p0 < P; p0 += chunk) {
      const int64_t p1 = p0 + chunk < P ? p0 + chunk : P, np = p1 - p0;
      for (int64_t grp = 0; grp < g.groups; grp++) {
        if (!g.nchw)
          gemm(GemmArgs{np, Kg, OCg, dyn + p0 * g.OC + grp * OCg, g.OC, false, f + grp * OCg, g.OC, true, col, Kg}, 0);
        else
          gemm(GemmArgs{Kg, np, OCg, f + grp * OCg, g.OC, false, dyn + grp * OCg * P + p0, P, false, col, np}, 0);
        col2im(g, col, grp, p0, p1, dxn);
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

// ---- registration: Conv2DBackpropInput (dy, filter) -> dx (the output's shape is attrs.inputShape) ------
namespace tl {
namespace {
void entry(KernelCall& c) {
  conv2d_backprop_input(c.in[0].f32(), c.in[1].f32(), c.out[0].f32(), conv_geometry_of(c, c.out[0].shape, c.in[1].shape, c.in[0].shape));
}
const bool registered = [] {
  kernel_registry().push_back(KernelDef{"Conv2DBackpropInput", &entry, 2, 2, 1, 1, {kF32Bit}, conv_attrs()});
  return true;
}();
}  // namespace
}  // namespace tl
