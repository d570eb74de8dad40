// Convolution geometry checks and the im2col / col2im transforms (see conv_geom.h).
#include "conv_geom.h"

#include <cstring>
#include <string>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"

namespace tl {

ConvGeom conv_geometry(const Shape& xs, const Shape& fs, const Shape& ys, const int64_t* strides, const int64_t* pads,
                       const int64_t* dilations, int64_t groups, bool nchw) {
  if (xs.size() != 4 || fs.size() != 4 || ys.size() != 4) throw ArgError("conv2d: x, filter and y must have rank 4");
  ConvGeom g;
  g.nchw = nchw;
  const ImageDims x = image_dims(xs, nchw), y = image_dims(ys, nchw);
  g.N = x.N;
  g.C = x.C;
  g.H = x.H;
  g.W = x.W;
  g.KH = fs[0];
  g.KW = fs[1];
  g.OC = fs[3];
  g.sh = strides[0];
  g.sw = strides[1];
  g.dh = dilations[0];
  g.dw = dilations[1];
  g.pt = pads[0];
  g.pb = pads[1];
  g.pl = pads[2];
  g.pr = pads[3];
  g.groups = groups;
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) throw ArgError("conv2d: strides and dilations must be >= 1");
  if (g.pt < 0 || g.pb < 0 || g.pl < 0 || g.pr < 0) throw ArgError("conv2d: pads must be >= 0");
  if (groups < 1 || g.C % groups != 0 || g.OC % groups != 0) throw ArgError("conv2d: groups must divide the channels");
  if (fs[2] * groups != g.C) throw ArgError("conv2d: filter in-channels * groups != input channels");
  const int64_t effh = (g.KH - 1) * g.dh + 1, effw = (g.KW - 1) * g.dw + 1;
  const int64_t nh = g.H + g.pt + g.pb - effh, nw = g.W + g.pl + g.pr - effw;
  g.OH = nh < 0 ? 0 : nh / g.sh + 1;
  g.OW = nw < 0 ? 0 : nw / g.sw + 1;
  if (y.N != g.N || y.C != g.OC || y.H != g.OH || y.W != g.OW)
    throw ArgError("conv2d: output shape does not match the geometry (expected " + std::to_string(g.OH) + "x" +
                   std::to_string(g.OW) + ")");
  if (g.KH == 0 || g.KW == 0) throw ArgError("conv2d: empty filter window");
  return g;
}

int64_t conv_pixel_chunk(const ConvGeom& g) {
  const int64_t budget = int64_t(4) << 20;  // floats
  const int64_t k = g.Kg() > 0 ? g.Kg() : 1;
  int64_t c = budget / k;
  if (c < 64) c = 64;
  return c < g.P() ? c : g.P();
}

void im2col(const ConvGeom& g, const float* x, int64_t grp, int64_t p0, int64_t p1, float* col) {
  const int64_t Cg = g.Cg(), K = g.Kg(), np = p1 - p0;
  if (!g.nchw) {
    // [np, K]: per pixel, per tap, Cg contiguous channels.
    parallel_for((np + 63) / 64, [&](int64_t t) {
      for (int64_t p = p0 + t * 64; p < p1 && p < p0 + (t + 1) * 64; p++) {
        const int64_t oh = p / g.OW, ow = p % g.OW;
        float* row = col + (p - p0) * K;
        for (int64_t kh = 0; kh < g.KH; kh++) {
          const int64_t ih = oh * g.sh - g.pt + kh * g.dh;
          for (int64_t kw = 0; kw < g.KW; kw++) {
            const int64_t iw = ow * g.sw - g.pl + kw * g.dw;
            float* dst = row + (kh * g.KW + kw) * Cg;
            if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W)
              std::memset(dst, 0, sizeof(float) * Cg);
            else
              std::memcpy(dst, x + (ih * g.W + iw) * g.C + grp * Cg, sizeof(float) * Cg);
          }
        }
      }
    }, np * K > (1 << 16) ? 0 : 1);
    return;
  }
  parallel_for(K, [&](int64_t k) { im2col_row_nchw(g, x, grp, k, p0, p1, col + k * np); }, np * K > (1 << 16) ? 0 : 1);
}

// NCHW im2col row k ([K, np] layout): per output row, the columns that read inside the input form one range
// [lo, hi) (computed, not tested per pixel): zeros on both sides, and in between a contiguous copy (stride 1)
// or a strided gather.
void im2col_row_nchw(const ConvGeom& g, const float* x, int64_t grp, int64_t k, int64_t p0, int64_t p1, float* row) {
  const int64_t Cg = g.Cg();
  const int64_t c = k % Cg, kw = (k / Cg) % g.KW, kh = k / (Cg * g.KW);
  const float* plane = x + (grp * Cg + c) * g.H * g.W;
  const int64_t off = kw * g.dw - g.pl;  // iw = ow * sw + off
  // Valid ow: 0 <= ow * sw + off < W.
  const int64_t lo_all = off >= 0 ? 0 : (-off + g.sw - 1) / g.sw;
  const int64_t hi_all = g.W - off <= 0 ? 0 : (g.W - off + g.sw - 1) / g.sw;
  for (int64_t p = p0; p < p1;) {
    const int64_t oh = p / g.OW;
    const int64_t ow0 = p % g.OW, ow1 = (p1 - p) < (g.OW - ow0) ? ow0 + (p1 - p) : g.OW;
    const int64_t ih = oh * g.sh - g.pt + kh * g.dh;
    float* dst = row + (p - p0) - ow0;  // dst[ow]
    if (ih < 0 || ih >= g.H) {
      std::memset(dst + ow0, 0, sizeof(float) * (ow1 - ow0));
    } else {
      const float* src = plane + ih * g.W + off;  // src[ow * sw]
      const int64_t lo = lo_all > ow0 ? (lo_all < ow1 ? lo_all : ow1) : ow0;
      const int64_t hi = hi_all < ow1 ? (hi_all > lo ? hi_all : lo) : ow1;
      for (int64_t ow = ow0; ow < lo; ow++) dst[ow] = 0.0f;
      if (g.sw == 1) {
        if (hi > lo) std::memcpy(dst + lo, src + lo, sizeof(float) * (hi - lo));
      } else {
        for (int64_t ow = lo; ow < hi; ow++) dst[ow] = src[ow * g.sw];
      }
      for (int64_t ow = hi; ow < ow1; ow++) dst[ow] = 0.0f;
    }
    p += ow1 - ow0;
  }
}

void im2col_packed_nchw(const ConvGeom& g, const float* x, int64_t grp, int64_t p0, int64_t p1, float* dst) {
  const int64_t K = g.Kg(), np = p1 - p0;
  const int64_t NR = isa().gemm_nr, NP = ceil_div(np, NR), full = np / NR, tail = np - full * NR;
  const int64_t kc_step = packed_kc_step(K);
  parallel_for(K, [&](int64_t k) {
    float* row = thread_scratch(6, static_cast<size_t>(np));
    im2col_row_nchw(g, x, grp, k, p0, p1, row);
    // Row k lands in row (k - pc) of every NR-wide panel of its k block (the layout of pack_b_all).
    const int64_t pc = k / kc_step * kc_step, kc = kc_step < K - pc ? kc_step : K - pc;
    float* d = dst + pc * NP * NR + (k - pc) * NR;
    copy_runs(row, full, NR, NR * kc, d);
    if (tail) {
      float* e = d + full * NR * kc;
      std::memcpy(e, row + full * NR, sizeof(float) * tail);
      std::memset(e + tail, 0, sizeof(float) * (NR - tail));
    }
  }, np * K > (1 << 16) ? 0 : 1);
}

void col2im(const ConvGeom& g, const float* col, int64_t grp, int64_t p0, int64_t p1, float* dx) {
  const int64_t Cg = g.Cg(), K = g.Kg(), np = p1 - p0;
  if (!g.nchw) {
    // Windows overlap across pixels, so this runs on one thread (it is a small share of a backprop).
    for (int64_t p = p0; p < p1; p++) {
      const int64_t oh = p / g.OW, ow = p % g.OW;
      const float* row = col + (p - p0) * K;
      for (int64_t kh = 0; kh < g.KH; kh++) {
        const int64_t ih = oh * g.sh - g.pt + kh * g.dh;
        if (ih < 0 || ih >= g.H) continue;
        for (int64_t kw = 0; kw < g.KW; kw++) {
          const int64_t iw = ow * g.sw - g.pl + kw * g.dw;
          if (iw < 0 || iw >= g.W) continue;
          const float* src = row + (kh * g.KW + kw) * Cg;
          float* dst = dx + (ih * g.W + iw) * g.C + grp * Cg;
          for (int64_t c = 0; c < Cg; c++) dst[c] += src[c];
        }
      }
    }
    return;
  }
  // Channel planes are disjoint in dx: parallel over channels, each walking its own taps.
  parallel_for(Cg, [&](int64_t c) {
    float* plane = dx + (grp * Cg + c) * g.H * g.W;
    for (int64_t kh = 0; kh < g.KH; kh++) {
      for (int64_t kw = 0; kw < g.KW; kw++) {
        const float* row = col + ((kh * g.KW + kw) * Cg + c) * np;
        for (int64_t p = p0; p < p1; p++) {
          const int64_t oh = p / g.OW, ow = p % g.OW;
          const int64_t ih = oh * g.sh - g.pt + kh * g.dh, iw = ow * g.sw - g.pl + kw * g.dw;
          if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W) plane[ih * g.W + iw] += row[p - p0];
        }
      }
    }
  }, np * K > (1 << 16) ? 0 : 1);
}

// A function, not a global: the registrars of other files read it during static initialisation.
const std::vector<AttrSpec>& conv_attrs() {
  static const std::vector<AttrSpec> a = {{"strides", AttrKind::kInts}, {"pads", AttrKind::kInts}, {"dilations", AttrKind::kInts},
                                          {"dataFormat", AttrKind::kEnum, false, {"NHWC", "NCHW"}}, {"groups", AttrKind::kNumber, true}};
  return a;
}

ConvGeom conv_geometry_of(const KernelCall& c, const Shape& xs, const Shape& fs, const Shape& ys) {
  const std::vector<int64_t>&st = c.ints("strides"), &pd = c.ints("pads"), &dl = c.ints("dilations");
  if (st.size() != 2 || pd.size() != 4 || dl.size() != 2) throw ArgError("attrs strides, pads, dilations must have 2, 4, 2 entries");
  for (int64_t v : st) if (v < 1) throw ArgError("attr strides must be >= 1");
  for (int64_t v : dl) if (v < 1) throw ArgError("attr dilations must be >= 1");
  for (int64_t v : pd) if (v < 0) throw ArgError("attr pads must be >= 0");
  const AttrValue& g = c.attr("groups");
  const double groups = g.present ? g.num : 1;
  if (!(groups >= 1 && groups <= double(int64_t(1) << 30)) || groups != double(int64_t(groups))) throw ArgError("attr groups must be a positive integer");
  return conv_geometry(xs, fs, ys, st.data(), pd.data(), dl.data(), int64_t(groups), c.is("dataFormat", "NCHW"));
}

}  // namespace tl
