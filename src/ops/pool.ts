/**
 * Max and average pooling, 2-D (NHWC / NCHW) and 3-D (NDHWC / NCDHW), with TF 1.x semantics, and the gradient
 * ops the pooling gradients are written with (TF's MaxPoolGrad / AvgPoolGrad).
 */
import { FLOAT_DTYPES, assertDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { isKernelDataFormat } from './op_util.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { checkOptions, shapesEqual, validateShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { reshape } from './reshape.js';
import { checkDataFormat, computePoolInfo, type PoolDataFormat2D, type PoolDataFormat3D, type PoolInfo, type PoolPadding } from './pool_util.js';
import type { PoolAttrs } from '../core/kernel_attrs.js';

export type { PoolDataFormat2D, PoolDataFormat3D, PoolInfo, PoolPadding } from './pool_util.js';

/** The data format of a pool op's options object, refusing keys other than dataFormat. */
function poolFormat(op: string, opts: Pool2DOptions | Pool3DOptions | undefined, dflt: string): string {
  checkOptions(op, opts, ['dataFormat']);
  return opts?.dataFormat ?? dflt;
}

export interface Pool2DOptions {
  /** 'NHWC' (default) or 'NCHW'. */
  dataFormat?: PoolDataFormat2D;
}
export interface Pool3DOptions {
  /** 'NDHWC' (default) or 'NCDHW'. */
  dataFormat?: PoolDataFormat3D;
}

const MAX_DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

interface PoolSpec {
  op: string;
  kernel: 'MaxPool' | 'AvgPool' | 'MaxPool3D' | 'AvgPool3D';
  nd: number;
  dtypes: readonly DType[];
}

function poolAttrs(info: PoolInfo): PoolAttrs {
  const { dataFormat } = info;
  // checkDataFormat has run: this only narrows the type.
  if (!isKernelDataFormat(dataFormat)) throw new ArgumentError(`pooling: unknown dataFormat '${dataFormat}'`);
  return { ksize: info.ksize, strides: info.strides, pads: info.pads, dataFormat };
}

/**
 * Shared forward path. x has rank nd+2, or nd+1 (one example without the batch dimension, as tfjs allows):
 * then a batch of one is added around the kernel call.
 */
function pool(
  spec: PoolSpec,
  x: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  dataFormat: string,
): Tensor {
  const { op, kernel, nd } = spec;
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, spec.dtypes);
  checkDataFormat(op, dataFormat, nd);
  if (t.rank !== nd + 2 && t.rank !== nd + 1) {
    throw new ShapeError(`${op}: 'x' must have rank ${nd + 2} (${dataFormat}) or ${nd + 1} (one example), got shape ${fmtShape(t.shape)}`);
  }
  const xShape = t.rank === nd + 2 ? t.shape : [1, ...t.shape];
  const info = computePoolInfo(op, xShape, ksize, strides, padding, dataFormat, nd);
  const run = (b: Tensor) => ENGINE.runKernel(kernel, [b], poolAttrs(info), { shape: info.outShape, dtype: t.dtype });
  if (t.rank === nd + 2) return run(t);
  // tidy: the batched views are intermediates of this call.
  return ENGINE.tidy(() => reshape(run(reshape(t, xShape)), info.outShape.slice(1)));
}

/**
 * 2-D max pooling (tf.nn.max_pool). ksize/strides: a number, [h, w], or TF's 4-entry form in dataFormat order.
 * padding: 'SAME' (extra pad at the end), 'VALID', a number, or explicit [before, after] pairs. Padded cells
 * never win. A NaN in a window makes that output NaN.
 */
export function maxPool(
  x: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool2DOptions = {},
): Tensor {
  return pool({ op: 'maxPool', kernel: K.MaxPool, nd: 2, dtypes: MAX_DTYPES }, x, ksize, strides, padding, poolFormat('maxPool', opts, 'NHWC'));
}

/** 2-D average pooling (tf.nn.avg_pool): each output is the mean of the window's cells that lie inside x. */
export function avgPool(
  x: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool2DOptions = {},
): Tensor {
  return pool({ op: 'avgPool', kernel: K.AvgPool, nd: 2, dtypes: FLOAT_DTYPES }, x, ksize, strides, padding, poolFormat('avgPool', opts, 'NHWC'));
}

/** 3-D max pooling (tf.nn.max_pool3d), NDHWC or NCDHW. ksize/strides: number, [d, h, w] or the 5-entry form. */
export function maxPool3d(
  x: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool3DOptions = {},
): Tensor {
  return pool({ op: 'maxPool3d', kernel: K.MaxPool3D, nd: 3, dtypes: MAX_DTYPES }, x, ksize, strides, padding, poolFormat('maxPool3d', opts, 'NDHWC'));
}

/** 3-D average pooling (tf.nn.avg_pool3d), counting only cells inside x. */
export function avgPool3d(
  x: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool3DOptions = {},
): Tensor {
  return pool({ op: 'avgPool3d', kernel: K.AvgPool3D, nd: 3, dtypes: FLOAT_DTYPES }, x, ksize, strides, padding, poolFormat('avgPool3d', opts, 'NDHWC'));
}

// ---- gradient ops ----------------------------------------------------------------------------------------

function checkGradInputs(op: string, named: [Tensor, string][], nd: number, dataFormat: string, floatOnly: boolean): void {
  checkDataFormat(op, dataFormat, nd);
  const first = named[0]![0];
  for (const [t, name] of named) {
    if (t.rank !== nd + 2) throw new ShapeError(`${op}: '${name}' must have rank ${nd + 2} (${dataFormat}), got shape ${fmtShape(t.shape)}`);
    assertDType(op, name, t.dtype, floatOnly ? FLOAT_DTYPES : MAX_DTYPES);
    if (t.dtype !== first.dtype) {
      throw new DTypeError(`${op}: '${name}' is ${t.dtype} but '${named[0]![1]}' is ${first.dtype}; they must match`);
    }
  }
}

function maxPoolGradImpl(
  op: string,
  kernel: 'MaxPoolGrad' | 'MaxPool3DGrad',
  nd: number,
  x: TensorLike,
  y: TensorLike,
  dy: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  dataFormat: string,
): Tensor {
  const tx = convertToTensor(x, 'x', op);
  const ty = convertToTensor(y, 'y', op, tx.dtype);
  const tdy = convertToTensor(dy, 'dy', op, tx.dtype);
  checkGradInputs(op, [[tx, 'x'], [ty, 'y'], [tdy, 'dy']], nd, dataFormat, false);
  if (tdy.dtype === 'int32') throw new DTypeError(`${op}: 'dy' must be float32 or float64, got int32`);
  const info = computePoolInfo(op, tx.shape, ksize, strides, padding, dataFormat, nd);
  for (const [t, name] of [[ty, 'y'], [tdy, 'dy']] as [Tensor, string][]) {
    if (!shapesEqual(t.shape, info.outShape)) {
      throw new ShapeError(`${op}: '${name}' ${fmtShape(t.shape)} must have the pooled shape ${fmtShape(info.outShape)} of x ${fmtShape(tx.shape)}`);
    }
  }
  return ENGINE.runKernel(kernel, [tx, ty, tdy], poolAttrs(info), { shape: [...tx.shape], dtype: tx.dtype });
}

/**
 * Gradient of maxPool (TF's MaxPoolGrad): routes each dy cell to the first maximum (row-major scan) of its
 * window in x. y is the forward output (kept for TF's signature and for backends that use it).
 */
export function maxPoolGrad(
  x: TensorLike,
  y: TensorLike,
  dy: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool2DOptions = {},
): Tensor {
  return maxPoolGradImpl('maxPoolGrad', K.MaxPoolGrad, 2, x, y, dy, ksize, strides, padding, poolFormat('maxPoolGrad', opts, 'NHWC'));
}

/** Gradient of maxPool3d (TF's MaxPool3DGrad). */
export function maxPool3dGrad(
  x: TensorLike,
  y: TensorLike,
  dy: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool3DOptions = {},
): Tensor {
  return maxPoolGradImpl('maxPool3dGrad', K.MaxPool3DGrad, 3, x, y, dy, ksize, strides, padding, poolFormat('maxPool3dGrad', opts, 'NDHWC'));
}

function avgPoolGradImpl(
  op: string,
  kernel: 'AvgPoolGrad' | 'AvgPool3DGrad',
  nd: number,
  dy: TensorLike,
  inShape: readonly number[],
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  dataFormat: string,
): Tensor {
  const tdy = convertToTensor(dy, 'dy', op);
  checkGradInputs(op, [[tdy, 'dy']], nd, dataFormat, true);
  if (!Array.isArray(inShape) || inShape.length !== nd + 2) {
    throw new ArgumentError(`${op}: 'inShape' must list the ${nd + 2} dimensions of the forward input, got ${JSON.stringify(inShape)}`);
  }
  validateShape(op, inShape, 'inShape');
  const info = computePoolInfo(op, inShape, ksize, strides, padding, dataFormat, nd);
  if (!shapesEqual(tdy.shape, info.outShape)) {
    throw new ShapeError(`${op}: 'dy' ${fmtShape(tdy.shape)} must have the pooled shape ${fmtShape(info.outShape)} of an input ${fmtShape(inShape)}`);
  }
  return ENGINE.runKernel(kernel, [tdy], { ...poolAttrs(info), inShape: [...inShape] }, { shape: [...inShape], dtype: tdy.dtype });
}

/** Gradient of avgPool (TF's AvgPoolGrad): spreads each dy cell evenly over its window's cells inside x. */
export function avgPoolGrad(
  dy: TensorLike,
  inShape: readonly number[],
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool2DOptions = {},
): Tensor {
  return avgPoolGradImpl('avgPoolGrad', K.AvgPoolGrad, 2, dy, inShape, ksize, strides, padding, poolFormat('avgPoolGrad', opts, 'NHWC'));
}

/** Gradient of avgPool3d (TF's AvgPool3DGrad). */
export function avgPool3dGrad(
  dy: TensorLike,
  inShape: readonly number[],
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: PoolPadding,
  opts: Pool3DOptions = {},
): Tensor {
  return avgPoolGradImpl('avgPool3dGrad', K.AvgPool3DGrad, 3, dy, inShape, ksize, strides, padding, poolFormat('avgPool3dGrad', opts, 'NDHWC'));
}
