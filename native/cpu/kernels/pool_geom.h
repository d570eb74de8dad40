// 2-D pooling geometry shared by max_pool.cc and avg_pool.cc. Windows are clipped to the input: padded cells
// take no part (MaxPool ignores them, AvgPool divides by the count of cells inside), as in TF and the js
// reference (src/backends/js/kernels/pool_windows.ts). Window cells are visited in row-major order, which
// decides which of several equal maxima receives the gradient (the first).
#pragma once

#include <cstdint>

#include "kernel_call.h"

namespace tl {

struct PoolGeom {
  int64_t N, H, W, C, OH, OW, KH, KW, sh, sw, pt, pl;
  bool nchw;
  // Clipped window of output row oh / column ow: [h0, h1) x [w0, w1).
  void rows(int64_t oh, int64_t& h0, int64_t& h1) const {
    const int64_t s = oh * sh - pt;
    h0 = s < 0 ? 0 : s;
    h1 = s + KH < H ? s + KH : H;
  }
  void cols(int64_t ow, int64_t& w0, int64_t& w1) const {
    const int64_t s = ow * sw - pl;
    w0 = s < 0 ? 0 : s;
    w1 = s + KW < W ? s + KW : W;
  }
  // The clipped window of output cell (oh, ow): input rows [h0, h1), columns [w0, w1).
  struct Window {
    int64_t oh, ow, h0, h1, w0, w1;
    int64_t cells() const { return (h1 > h0 ? h1 - h0 : 0) * (w1 > w0 ? w1 - w0 : 0); }
  };
  // fn(window) for each cell of output row oh, left to right.
  template <class F>
  void row_windows(int64_t oh, F&& fn) const {
    Window win{oh, 0, 0, 0, 0, 0};
    rows(oh, win.h0, win.h1);
    for (win.ow = 0; win.ow < OW; win.ow++) {
      cols(win.ow, win.w0, win.w1);
      fn(static_cast<const Window&>(win));
    }
  }
  // fn(window) for every output cell, row by row.
  template <class F>
  void windows(F&& fn) const {
    for (int64_t oh = 0; oh < OH; oh++) row_windows(oh, fn);
  }
  // Offset of x[n, h, w, c] (or x[n, c, h, w]).
  int64_t xoff(int64_t n, int64_t h, int64_t w, int64_t c) const {
    return nchw ? ((n * C + c) * H + h) * W + w : ((n * H + h) * W + w) * C + c;
  }
  int64_t yoff(int64_t n, int64_t h, int64_t w, int64_t c) const {
    return nchw ? ((n * C + c) * OH + h) * OW + w : ((n * OH + h) * OW + w) * C + c;
  }
};

// Checks shapes and attributes (ksize, strides: 2 each; pads: 4) against x and y; throws ArgError.
PoolGeom pool_geometry(const Shape& xs, const Shape& ys, const int64_t* ksize, const int64_t* strides,
                       const int64_t* pads, bool nchw);

// The attrs every pool kernel declares, and pool_geometry from a kernel call's attrs.
inline const std::vector<AttrSpec>& pool_attrs() {
  static const std::vector<AttrSpec> a = {{"ksize", AttrKind::kInts}, {"strides", AttrKind::kInts}, {"pads", AttrKind::kInts},
                                          {"dataFormat", AttrKind::kEnum, false, {"NHWC", "NCHW"}}};
  return a;
}
inline PoolGeom pool_geometry_of(const KernelCall& c, const Shape& xs, const Shape& ys) {
  const std::vector<int64_t>&ks = c.ints("ksize"), &st = c.ints("strides"), &pd = c.ints("pads");
  if (ks.size() != 2 || st.size() != 2 || pd.size() != 4) throw ArgError("attrs ksize, strides, pads must have 2, 2, 4 entries");
  for (int64_t v : ks) if (v < 1) throw ArgError("attr ksize must be >= 1");
  for (int64_t v : st) if (v < 1) throw ArgError("attr strides must be >= 1");
  for (int64_t v : pd) if (v < 0) throw ArgError("attr pads must be >= 0");
  return pool_geometry(xs, ys, ks.data(), st.data(), pd.data(), c.is("dataFormat", "NCHW"));
}

void max_pool(const float* x, float* y, const PoolGeom& g);
void max_pool_grad(const float* x, const float* dy, float* dx, const PoolGeom& g);
void avg_pool(const float* x, float* y, const PoolGeom& g);
void avg_pool_grad(const float* dy, float* dx, const PoolGeom& g);

}  // namespace tl
