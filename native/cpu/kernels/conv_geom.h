// Geometry of a 2-D convolution and the im2col / col2im transforms shared by Conv2D and its two backprops
// (conv2d.cc, conv2d_backprop_input.cc, conv2d_backprop_filter.cc). The contract (explicit pads, HWIO
// filters, groups, NHWC / NCHW) is the one documented with the kernel names in src/core/kernel_names.ts.
//
// Column matrices: for image n and group g, output pixel p (= oh * OW + ow) and filter tap k
// (= (kh * KW + kw) * Cg + c, the row order of the HWIO filter), col holds x[n, ih, iw, g * Cg + c] with
// ih = oh * sh - pad_top + kh * dh, iw = ow * sw - pad_left + kw * dw (0 outside the input). NHWC uses it as
// [P, K] (rows are pixels, so one tap's Cg channels are one contiguous copy); NCHW as [K, P] (rows are taps,
// so each row is a strided walk of one channel plane). Either way the convolution is one GEMM with the filter.
#pragma once

#include <cstdint>

#include "kernel_call.h"

namespace tl {

struct ConvGeom {
  int64_t N, H, W, C;     // input
  int64_t OH, OW, OC;     // output
  int64_t KH, KW;         // filter taps
  int64_t sh, sw, dh, dw; // strides, dilations
  int64_t pt, pb, pl, pr; // pads
  int64_t groups;
  bool nchw;
  int64_t Cg() const { return C / groups; }
  int64_t OCg() const { return OC / groups; }
  int64_t P() const { return OH * OW; }
  int64_t Kg() const { return KH * KW * Cg(); }
};

// Builds and checks the geometry from the x, filter and y shapes and the attributes; throws ArgError.
ConvGeom conv_geometry(const Shape& xs, const Shape& fs, const Shape& ys, const int64_t* strides, const int64_t* pads,
                       const int64_t* dilations, int64_t groups, bool nchw);

// The attrs every conv kernel declares (strides, pads, dilations, dataFormat, groups).
const std::vector<AttrSpec>& conv_attrs();
// conv_geometry from a kernel call's attrs and the x, filter and y shapes.
ConvGeom conv_geometry_of(const KernelCall& c, const Shape& xs, const Shape& fs, const Shape& ys);

// Output pixels handled per GEMM, so a column buffer stays below ~16 MiB whatever the image size.
int64_t conv_pixel_chunk(const ConvGeom& g);

// col = im2col for image x_img (one image), group grp, pixels [p0, p1).
void im2col(const ConvGeom& g, const float* x_img, int64_t grp, int64_t p0, int64_t p1, float* col);
// One row (tap k) of the NCHW column matrix [K, np] for pixels [p0, p1).
void im2col_row_nchw(const ConvGeom& g, const float* x_img, int64_t grp, int64_t k, int64_t p0, int64_t p1, float* row);
// The NCHW column matrix [K, np] written straight in the packed-B layout of kernels.h (pack_b_all with
// N = np): the GEMM's B operand without the column matrix or a separate packing pass.
void im2col_packed_nchw(const ConvGeom& g, const float* x_img, int64_t grp, int64_t p0, int64_t p1, float* dst);
// dx_img += col2im(col): the adjoint of im2col (dx_img must be zeroed by the caller beforehand).
void col2im(const ConvGeom& g, const float* col, int64_t grp, int64_t p0, int64_t p1, float* dx_img);

void conv2d(const float* x, const float* f, float* y, const ConvGeom& g);
void conv2d_backprop_input(const float* dy, const float* f, float* dx, const ConvGeom& g);
void conv2d_backprop_filter(const float* x, const float* dy, float* df, const ConvGeom& g);

}  // namespace tl
