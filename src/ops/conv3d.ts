/**
 * 3-D convolution (TF 1.x tf.nn.conv3d semantics), its two adjoints and the transposed convolution.
 * x is NDHWC (default) or NCDHW; the filter is always DHWIO [kd, kh, kw, inC / groups, outC]. A rank-4 x is
 * one example (batch of 1).
 */
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { CONV3D_SPEC, convNd, convNdBackpropFilter, convNdBackpropInput, convNdOutShape } from './conv_impl.js';
import { convOptions, type ConvPadding, type DataFormat3D } from './conv_util.js';

export interface Conv3DOptions {
  /** 'NDHWC' (default) or 'NCDHW'. */
  dataFormat?: DataFormat3D;
  /** A number, [dd, dh, dw], or the full-rank form with 1 for the batch and channel dims. */
  dilations?: number | readonly number[];
  /** Grouped convolution (x's channels = filter in-channels * groups). */
  groups?: number;
}

/** Strides: a number, [sd, sh, sw], or the full-rank form [1, sd, sh, sw, 1] (NDHWC) / [1, 1, sd, sh, sw]. */
export type Strides3D = number | readonly number[];

/**
 * 3-D convolution. `padding`: 'SAME' | 'VALID' (any case), a number for every side, or explicit
 * [[front, back], [top, bottom], [left, right]] (or the full-rank form with [0, 0] for batch and channels).
 * `opts` is an options object, or tfjs's positional (dataFormat, dilations).
 */
export function conv3d(
  x: TensorLike,
  filter: TensorLike,
  strides: Strides3D,
  padding: ConvPadding,
  opts?: Conv3DOptions | DataFormat3D,
  dilations?: number | readonly number[],
): Tensor {
  return convNd('conv3d', CONV3D_SPEC, x, filter, strides, padding, convOptions('conv3d', opts, dilations));
}

/** The output shape conv3d would give (validates what conv3d validates). */
export function inferConv3dShape(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: Strides3D,
  padding: ConvPadding,
  opts?: Conv3DOptions | DataFormat3D,
): number[] {
  return convNdOutShape('conv3d', 3, xShape, filterShape, strides, padding, convOptions('conv3d', opts));
}

/** Gradient of conv3d with respect to its input: dx of `inputShape` from dy and the filter. */
export function conv3dBackpropInput(
  inputShape: readonly number[],
  dy: TensorLike,
  filter: TensorLike,
  strides: Strides3D,
  padding: ConvPadding,
  opts?: Conv3DOptions | DataFormat3D,
): Tensor {
  return convNdBackpropInput('conv3dBackpropInput', CONV3D_SPEC, inputShape, dy, filter, strides, padding, convOptions('conv3dBackpropInput', opts));
}

/** Gradient of conv3d with respect to its filter: dfilter of `filterShape` from x and dy. */
export function conv3dBackpropFilter(
  x: TensorLike,
  dy: TensorLike,
  filterShape: readonly number[],
  strides: Strides3D,
  padding: ConvPadding,
  opts?: Conv3DOptions | DataFormat3D,
): Tensor {
  return convNdBackpropFilter('conv3dBackpropFilter', CONV3D_SPEC, x, dy, filterShape, strides, padding, convOptions('conv3dBackpropFilter', opts));
}

/**
 * Transposed 3-D convolution (TF's conv3d_transpose): filter [kd, kh, kw, outC, inC], result of
 * `outputShape`; the adjoint of conv3d(·, filter) with the same strides and padding.
 */
export function conv3dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: readonly number[],
  strides: Strides3D,
  padding: ConvPadding,
  opts?: Conv3DOptions | DataFormat3D,
): Tensor {
  return convNdBackpropInput('conv3dTranspose', CONV3D_SPEC, outputShape, x, filter, strides, padding, convOptions('conv3dTranspose', opts), {
    x: 'outputShape',
    filter: 'filter',
    dy: 'x',
    shape: 'outputShape',
  });
}
