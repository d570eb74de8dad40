/**
 * Convolutions written in terms of the 2-D kernels, so they need no kernel or gradient of their own:
 * conv1d (a conv2d over a height-1 image), depthwiseConv2d (a grouped conv2d with one group per input
 * channel), conv2dTranspose (conv2d's input adjoint, TF's conv2d_transpose), separableConv2d (depthwise, then
 * 1x1) and atrousConv2d (a dilated conv2d).
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, type TensorLike } from '../core/tensor_util.js';
import { CONV2D_SPEC, convNd, convNdBackpropInput } from './conv_impl.js';
import {
  channelsLastOf, convOptions, padsToPairs, parseSpatialParam, planConv, type ConvPadding, type DataFormat1D, type DataFormat2D,
} from './conv_util.js';
import type { Conv2DOptions, Strides2D } from './conv2d.js';
import { reshape } from './reshape.js';

export interface Conv1DOptions {
  /** 'NWC' (default) or 'NCW'. */
  dataFormat?: DataFormat1D;
  /** Dilation rate (a number, [d], or the full-rank form [1, d, 1] / [1, 1, d]). */
  dilation?: number | readonly number[];
  /** Grouped convolution (x's channels = filter in-channels * groups). */
  groups?: number;
}

/**
 * 1-D convolution: x [N, W, C] (NWC) or [N, C, W] (NCW), or one example without N; filter [w, C / groups, O].
 * `padding`: 'SAME' | 'VALID', a number, or explicit [[left, right]]. `opts` is an options object, or tfjs's
 * positional (dataFormat, dilation).
 */
export function conv1d(
  x: TensorLike,
  filter: TensorLike,
  stride: number | readonly number[],
  padding: ConvPadding,
  opts?: Conv1DOptions | DataFormat1D,
  dilation?: number | readonly number[],
): Tensor {
  const op = 'conv1d';
  const o = convOptions<Conv1DOptions>(op, opts, dilation, 'dilation');
  const dataFormat = o.dataFormat ?? 'NWC';
  const [tx, tw] = convertAll(op, [[x, 'x'], [filter, 'filter']]) as [Tensor, Tensor];
  if (tx.rank !== 3 && tx.rank !== 2) {
    throw new ShapeError(`${op}: 'x' must have rank 3 (${dataFormat}) or 2 (one example), got shape ${fmtShape(tx.shape)}`);
  }
  const batched = tx.rank === 3;
  const x3 = batched ? tx.shape : [1, ...tx.shape];
  // Validate and resolve in 1-D terms, so errors speak of widths and 1-D shapes.
  const plan = planConv(op, 1, x3, tw.shape, stride, padding, { dataFormat, dilations: o.dilation ?? 1, groups: o.groups });
  const last = channelsLastOf(op, dataFormat, 1);
  const x4 = last ? [x3[0]!, 1, x3[1]!, x3[2]!] : [x3[0]!, x3[1]!, 1, x3[2]!];
  const y = convNd(
    op,
    CONV2D_SPEC,
    reshape(tx, x4),
    reshape(tw, [1, ...tw.shape]),
    [1, plan.strides[0]!],
    [[0, 0], ...padsToPairs(plan.pads)],
    { dataFormat: last ? 'NHWC' : 'NCHW', dilations: [1, plan.dilations[0]!], groups: plan.groups },
  );
  return reshape(y, batched ? plan.outShape : plan.outShape.slice(1));
}

export interface DepthwiseConv2DOptions {
  /** 'NHWC' (default) or 'NCHW'. */
  dataFormat?: DataFormat2D;
  /** A number, [dh, dw], or the full-rank form. */
  dilations?: number | readonly number[];
}

/**
 * Depthwise 2-D convolution: every input channel c is convolved with its own `multiplier` filters
 * filter[:, :, c, m], giving output channel c * multiplier + m (TF's depthwise_conv2d_native).
 * filter: [kh, kw, inC, multiplier]. `opts` is an options object, or tfjs's positional (dataFormat, dilations).
 */
export function depthwiseConv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Strides2D,
  padding: ConvPadding,
  opts?: DepthwiseConv2DOptions | DataFormat2D,
  dilations?: number | readonly number[],
): Tensor {
  const op = 'depthwiseConv2d';
  const o = convOptions<DepthwiseConv2DOptions>(op, opts, dilations);
  const [tx, tw] = convertAll(op, [[x, 'x'], [filter, 'filter']]) as [Tensor, Tensor];
  return depthwiseAsGrouped(op, tx, tw, strides, padding, o.dataFormat ?? 'NHWC', o.dilations ?? 1, 'filter');
}

/**
 * The depthwise convolution as a grouped conv2d with one group per input channel, with errors in the terms of
 * `op` (depthwiseConv2d, or separableConv2d's depthwise step, whose filter is `filterName`).
 */
function depthwiseAsGrouped(
  op: string,
  tx: Tensor,
  tw: Tensor,
  strides: Strides2D,
  padding: ConvPadding,
  dataFormat: DataFormat2D,
  dilations: number | readonly number[],
  filterName: string,
): Tensor {
  if (tx.rank !== 4 && tx.rank !== 3) {
    throw new ShapeError(`${op}: 'x' must have rank 4 (${dataFormat}) or 3 (one example), got shape ${fmtShape(tx.shape)}`);
  }
  if (tw.rank !== 4) throw new ShapeError(`${op}: '${filterName}' must have rank 4 [kh, kw, inC, multiplier], got shape ${fmtShape(tw.shape)}`);
  const last = channelsLastOf(op, dataFormat, 2);
  const inC = tx.shape[last ? tx.rank - 1 : tx.rank - 3]!;
  const [kh, kw, fc, mult] = tw.shape as [number, number, number, number];
  if (fc !== inC) {
    throw new ShapeError(
      `${op}: 'x' ${fmtShape(tx.shape)} has ${inC} channels but '${filterName}' ${fmtShape(tw.shape)} ([kh, kw, inC, multiplier]) has ${fc}`,
    );
  }
  // Output channel c * mult + m of the grouped conv is filter[:, :, c, m]: a row-major reshape of [inC, mult].
  // With no channels at all there is nothing to group: one group of zero channels gives the empty result.
  const grouped = inC === 0 ? reshape(tw, [kh, kw, 0, 0]) : reshape(tw, [kh, kw, 1, inC * mult]);
  return convNd(op, CONV2D_SPEC, tx, grouped, strides, padding, { dataFormat, dilations, groups: Math.max(inC, 1) }, {
    x: 'x',
    filter: filterName,
    dy: 'dy',
    shape: 'inputShape',
  });
}

/**
 * Transposed 2-D convolution (TF's conv2d_transpose, "deconvolution"): the adjoint of
 * conv2d(·, filter, strides, padding), so <conv2d(y, filter), x> = <y, conv2dTranspose(x, filter, ...)>.
 * filter: [kh, kw, outC, inC] (the filter of that conv2d); outputShape: the result's shape (rank 4, or 3
 * with a rank-3 x), needed because several input sizes give the same conv2d output size when stride > 1.
 */
export function conv2dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: readonly number[],
  strides: Strides2D,
  padding: ConvPadding,
  opts?: Conv2DOptions | DataFormat2D,
): Tensor {
  const o = convOptions<Conv2DOptions>('conv2dTranspose', opts);
  return convNdBackpropInput('conv2dTranspose', CONV2D_SPEC, outputShape, x, filter, strides, padding, o, {
    x: 'outputShape',
    filter: 'filter',
    dy: 'x',
    shape: 'outputShape',
  });
}

export interface SeparableConv2DOptions {
  /** Dilation rate of the depthwise step (TF's `rate`): a number or [rh, rw]. With a rate > 1 strides must be 1. */
  rate?: number | readonly number[];
  /** 'NHWC' (default) or 'NCHW'. */
  dataFormat?: DataFormat2D;
}

/**
 * tf.nn.separable_conv2d: a depthwise convolution (each input channel with its own `multiplier` filters) followed
 * by a 1x1 convolution mixing the channels. depthwiseFilter: [kh, kw, inC, multiplier]; pointwiseFilter:
 * [1, 1, inC * multiplier, outC]. strides and padding apply to the depthwise step; the pointwise step is 1x1
 * with stride 1. As in TF, a rate > 1 requires strides of 1.
 */
export function separableConv2d(
  input: TensorLike,
  depthwiseFilter: TensorLike,
  pointwiseFilter: TensorLike,
  strides: Strides2D,
  padding: ConvPadding,
  opts: SeparableConv2DOptions = {},
): Tensor {
  const op = 'separableConv2d';
  return ENGINE.tidy(() => {
    checkOptions(op, opts, ['rate', 'dataFormat']);
    opts ??= {};
    const dataFormat = opts.dataFormat ?? 'NHWC';
    const last = channelsLastOf(op, dataFormat, 2);
    const [tx, dw, pw] = convertAll(op, [[input, 'x'], [depthwiseFilter, 'depthwiseFilter'], [pointwiseFilter, 'pointwiseFilter']]) as [Tensor, Tensor, Tensor];
    const rate = parseSpatialParam(op, 'rate', opts.rate ?? 1, 2, last);
    if (rate.some((r) => r > 1) && parseSpatialParam(op, 'strides', strides, 2, last).some((st) => st > 1)) {
      throw new ArgumentError(`${op}: with 'rate' ${JSON.stringify(opts.rate)} > 1, 'strides' must be 1, got ${JSON.stringify(strides)}`);
    }
    if (dw.rank !== 4) throw new ShapeError(`${op}: 'depthwiseFilter' must have rank 4 [kh, kw, inC, multiplier], got shape ${fmtShape(dw.shape)}`);
    const mixed = dw.shape[2]! * dw.shape[3]!;
    if (pw.rank !== 4 || pw.shape[0] !== 1 || pw.shape[1] !== 1 || pw.shape[2] !== mixed) {
      throw new ShapeError(
        `${op}: 'pointwiseFilter' ${fmtShape(pw.shape)} must have shape [1, 1, ${mixed}, outC] (inC * multiplier of 'depthwiseFilter' ${fmtShape(dw.shape)})`,
      );
    }
    const depthwise = depthwiseAsGrouped(op, tx, dw, strides, padding, dataFormat, rate, 'depthwiseFilter');
    return convNd(op, CONV2D_SPEC, depthwise, pw, 1, 'VALID', { dataFormat }, { x: 'x', filter: 'pointwiseFilter', dy: 'dy', shape: 'inputShape' });
  });
}

/**
 * tf.nn.atrous_conv2d: conv2d of `value` (NHWC) with `filters` [kh, kw, inC, outC] dilated by `rate` (holes of
 * rate - 1 between the filter taps), stride 1. rate: a positive integer.
 */
export function atrousConv2d(value: TensorLike, filters: TensorLike, rate: number, padding: ConvPadding): Tensor {
  const op = 'atrousConv2d';
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1) {
    throw new ArgumentError(`${op}: 'rate' must be a positive integer, got ${String(rate)}`);
  }
  return convNd(op, CONV2D_SPEC, value, filters, 1, padding, { dataFormat: 'NHWC', dilations: rate }, {
    x: 'value',
    filter: 'filters',
    dy: 'dy',
    shape: 'inputShape',
  });
}
