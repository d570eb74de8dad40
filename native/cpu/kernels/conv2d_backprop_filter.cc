// Conv2DBackpropFilter: df[k, o] = sum over images and pixels of col[p, k] dy[p, o], one GEMM per image,
// group and pixel chunk, each accumulating into df (GemmArgs::accumulate) after the first.
#include <cstring>

#include "../common.h"
#include "../threadpool.h"
#include "conv_geom.h"

namespace tl {

void conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g) {
  const int64_t P = g.P(), Kg = g.Kg(), OCg = g.OCg();
  std::memset(df, 0, sizeof(float) * static_cast<size_t>(Kg * g.OC));
  if (g.N == 0 || P == 0 || g.OC == 0 || Kg == 0) return;
  const int64_t chunk = conv_pixel_chunk(g);
  float* col = thread_scratch(4, static_cast<size_t>(chunk * Kg));
  for (int64_t n = 0; n < g.N; n++) {
    const float* xn = x + n * g.H * g.W * g.C;
    const float* dyn = dy + n * P * g.OC;
    for (int64_t p0 = 0; p0 < P; p0 += chunk) {
      const int64_t p1 = p0 + chunk < P ? p0 + chunk : P, np = p1 - p0;
      for (int64_t grp = 0; grp < g.groups; grp++) {
        im2col(g, xn, grp, p0, p1, col);
        GemmArgs a = !g.nchw
                         ? GemmArgs{Kg, OCg, np, col, Kg, true, dyn + p0 * g.OC + grp * OCg, g.OC, false, df + grp * OCg, g.OC}
                         : GemmArgs{Kg, OCg, np, col, np, false, dyn + grp * OCg * P + p0, P, true, df + grp * OCg, g.OC};
        a.accumulate = true;  // df starts at zero
        gemm(a, 0);
      }
    }
  }
}

}  // namespace tl

// ---- registration: Conv2DBackpropFilter (x, dy) -> dfilter (the output's shape is attrs.filterShape) ----
namespace tl {
namespace {
void entry(KernelCall& c) {
  conv2d_backprop_filter(c.in[0].f32(), c.in[1].f32(), c.out[0].f32(), conv_geometry_of(c, c.in[0].shape, c.out[0].shape, c.in[1].shape));
}
const bool registered = [] {
  kernel_registry().push_back(KernelDef{"Conv2DBackpropFilter", &entry, 2, 2, 1, 1, {kF32Bit}, conv_attrs()});
  return true;
}();
}  // namespace
}  // namespace tl
