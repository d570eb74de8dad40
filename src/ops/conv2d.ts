/**
 * 2-D convolution (TF 1.x tf.nn.conv2d semantics) and its two adjoints, which are public because the
 * gradients are written with them and because conv2dTranspose is one of them.
 *
 * x is NHWC (default) or NCHW; the filter is always HWIO [kh, kw, inC / groups, outC]. 'SAME' padding puts
 * the odd pad at the bottom/right, as TF does. A rank-3 x is one example (batch of 1), as in tfjs.
 */
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { CONV2D_SPEC, convNd, convNdBackpropFilter, convNdBackpropInput, convNdOutShape } from './conv_impl.js';
import { convOptions, type ConvPadding, type DataFormat2D } from './conv_util.js';

export type { ConvPadding, DataFormat1D, DataFormat2D, DataFormat3D } from './conv_util.js';

export interface Conv2DOptions {
  /** 'NHWC' (default) or 'NCHW'. */
  dataFormat?: DataFormat2D;
  /** Dilation rate: a number, [dh, dw], or TF's full-rank form [1, dh, dw, 1] (NHWC) / [1, 1, dh, dw] (NCHW). */
  dilations?: number | readonly number[];
  /** Grouped convolution: x's channels = filter in-channels * groups; out-channels divisible by groups. */
  groups?: number;
}

/** Strides: a number, [sh, sw], or TF's full-rank form [1, sh, sw, 1] (NHWC) / [1, 1, sh, sw] (NCHW). */
export type Strides2D = number | readonly number[];

/**
 * 2-D convolution. `padding`: 'SAME' | 'VALID' (any case), a number of pad cells on every side, or explicit
 * [[top, bottom], [left, right]] (TF's full-rank [[0, 0], [t, b], [l, r], [0, 0]] is accepted too).
 * `opts` is an options object, or tfjs's positional (dataFormat, dilations).
 */
export function conv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Strides2D,
  padding: ConvPadding,
  opts?: Conv2DOptions | DataFormat2D,
  dilations?: number | readonly number[],
): Tensor {
  return convNd('conv2d', CONV2D_SPEC, x, filter, strides, padding, convOptions('conv2d', opts, dilations));
}

/** The output shape conv2d would give (validates exactly what conv2d validates). Pure: graph mode uses it. */
export function inferConv2dShape(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: Strides2D,
  padding: ConvPadding,
  opts?: Conv2DOptions | DataFormat2D,
): number[] {
  return convNdOutShape('conv2d', 2, xShape, filterShape, strides, padding, convOptions('conv2d', opts));
}

/**
 * Gradient of conv2d with respect to its input: dx of `inputShape` from dy (conv2d's output gradient) and
 * the filter. Same strides/padding/options as the forward conv2d.
 */
export function conv2dBackpropInput(
  inputShape: readonly number[],
  dy: TensorLike,
  filter: TensorLike,
  strides: Strides2D,
  padding: ConvPadding,
  opts?: Conv2DOptions | DataFormat2D,
): Tensor {
  return convNdBackpropInput('conv2dBackpropInput', CONV2D_SPEC, inputShape, dy, filter, strides, padding, convOptions('conv2dBackpropInput', opts));
}

/** Gradient of conv2d with respect to its filter: dfilter of `filterShape` from x and dy. */
export function conv2dBackpropFilter(
  x: TensorLike,
  dy: TensorLike,
  filterShape: readonly number[],
  strides: Strides2D,
  padding: ConvPadding,
  opts?: Conv2DOptions | DataFormat2D,
): Tensor {
  return convNdBackpropFilter('conv2dBackpropFilter', CONV2D_SPEC, x, dy, filterShape, strides, padding, convOptions('conv2dBackpropFilter', opts));
}
