/**
 * The dimension-generic bodies of the convolution ops (forward, backprop-input, backprop-filter) for 1 to 3
 * spatial dims. The public ops in conv2d.ts / conv3d.ts / conv_composite.ts are thin wrappers that fix the
 * spatial rank, the kernel names and the argument names used in error messages.
 */
import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { isKernelDataFormat } from './op_util.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { validateShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, type TensorLike } from '../core/tensor_util.js';
import { planConv, type ConvPadding, type ConvPlan } from './conv_util.js';
import { reshape } from './reshape.js';
import type { ConvAttrs } from '../core/kernel_attrs.js';

export interface ConvOpts {
  dataFormat?: string;
  dilations?: number | readonly number[];
  groups?: number;
}

/** Which kernels and spatial rank an op family uses. */
export interface ConvSpec {
  nSpatial: number;
  forward: 'Conv2D' | 'Conv3D';
  backpropInput: 'Conv2DBackpropInput' | 'Conv3DBackpropInput';
  backpropFilter: 'Conv2DBackpropFilter' | 'Conv3DBackpropFilter';
}

/** Argument names as the public op calls them, for error messages. */
export interface ConvNames {
  x: string;
  filter: string;
  dy: string;
  shape: string;
}

export const CONV2D_SPEC: ConvSpec = {
  nSpatial: 2,
  forward: K.Conv2D,
  backpropInput: K.Conv2DBackpropInput,
  backpropFilter: K.Conv2DBackpropFilter,
};

export const CONV3D_SPEC: ConvSpec = {
  nSpatial: 3,
  forward: K.Conv3D,
  backpropInput: K.Conv3DBackpropInput,
  backpropFilter: K.Conv3DBackpropFilter,
};

const DEFAULT_NAMES: ConvNames = { x: 'x', filter: 'filter', dy: 'dy', shape: 'inputShape' };

function kernelAttrs(p: ConvPlan): ConvAttrs {
  const { dataFormat } = p;
  // planConv validated the format for the spec's rank (2 or 3): this only narrows the type.
  if (!isKernelDataFormat(dataFormat)) throw new ArgumentError(`convolution: dataFormat '${dataFormat}' has no 2-D/3-D kernel`);
  return { strides: p.strides, pads: p.pads, dilations: p.dilations, dataFormat, groups: p.groups };
}

function checkFloatPair(op: string, a: Tensor, b: Tensor, names: [string, string]): void {
  assertDType(op, names[0], a.dtype, FLOAT_DTYPES);
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: '${names[0]}' is ${a.dtype}${fmtShape(a.shape)} and '${names[1]}' is ${b.dtype}${fmtShape(b.shape)}; cast one so the dtypes match`,
    );
  }
}

/** Whether a tensor of `rank` is batched (rank n+2) or a single example (rank n+1); other ranks throw. */
function isBatched(op: string, arg: string, shape: readonly number[], nSpatial: number, dataFormat: string | undefined): boolean {
  if (shape.length === nSpatial + 2) return true;
  if (shape.length === nSpatial + 1) return false;
  throw new ShapeError(
    `${op}: '${arg}' must have rank ${nSpatial + 2}${dataFormat ? ` (${dataFormat})` : ''} or ${nSpatial + 1} (one example), got shape ${fmtShape(shape)}`,
  );
}

/** Equal shapes where -1 (unknown in graph mode) matches anything. */
function shapesCompatible(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || d === -1 || b[i] === -1);
}

/** y = conv(x, filter); x of rank n+1 is one example (a batch of 1, dropped again from y). */
export function convNd(
  op: string,
  spec: ConvSpec,
  x: TensorLike,
  filter: TensorLike,
  strides: number | readonly number[],
  padding: ConvPadding,
  opts: ConvOpts,
  names: ConvNames = DEFAULT_NAMES,
): Tensor {
  const [tx, tw] = convertAll(op, [[x, names.x], [filter, names.filter]]) as [Tensor, Tensor];
  checkFloatPair(op, tx, tw, [names.x, names.filter]);
  const batched = isBatched(op, names.x, tx.shape, spec.nSpatial, opts.dataFormat);
  const xShape = batched ? tx.shape : [1, ...tx.shape];
  const plan = planConv(op, spec.nSpatial, xShape, tw.shape, strides, padding, opts, names);
  const xb = batched ? tx : reshape(tx, xShape);
  const y = ENGINE.runKernel(spec.forward, [xb, tw], kernelAttrs(plan), { shape: plan.outShape, dtype: tx.dtype });
  return batched ? y : reshape(y, plan.outShape.slice(1));
}

/** The shape conv(x, filter) has, validating everything convNd validates (graph mode and tests use it). */
export function convNdOutShape(
  op: string,
  nSpatial: number,
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | readonly number[],
  padding: ConvPadding,
  opts: ConvOpts,
): number[] {
  const batched = isBatched(op, 'x', xShape, nSpatial, opts.dataFormat);
  const plan = planConv(op, nSpatial, batched ? xShape : [1, ...xShape], filterShape, strides, padding, opts);
  return batched ? plan.outShape : plan.outShape.slice(1);
}

/**
 * dx = the gradient of <dy, conv(x, filter)> with respect to x, for x of `inputShape` (the transposed
 * convolution of dy). dy of rank n+1 goes with an `inputShape` of rank n+1.
 */
export function convNdBackpropInput(
  op: string,
  spec: ConvSpec,
  inputShape: readonly number[],
  dy: TensorLike,
  filter: TensorLike,
  strides: number | readonly number[],
  padding: ConvPadding,
  opts: ConvOpts,
  names: ConvNames = DEFAULT_NAMES,
): Tensor {
  const [tdy, tw] = convertAll(op, [[dy, names.dy], [filter, names.filter]]) as [Tensor, Tensor];
  checkFloatPair(op, tdy, tw, [names.dy, names.filter]);
  if (!Array.isArray(inputShape)) throw new ShapeError(`${op}: '${names.shape}' must be an array of dims, got ${String(inputShape)}`);
  // A batch of -1 or null takes dy's batch (the result's batch always is dy's): a graph whose batch size is
  // unknown can build a transposed convolution, as TF's conv2d_transpose with a dynamic output_shape.
  const batch = inputShape[0] as number | null | undefined;
  if (inputShape.length === spec.nSpatial + 2 && tdy.rank === inputShape.length && (batch === -1 || batch === null)) {
    inputShape = [tdy.shape[0]!, ...inputShape.slice(1)];
  }
  validateShape(op, inputShape, names.shape);
  const batched = isBatched(op, names.shape, inputShape, spec.nSpatial, opts.dataFormat);
  if (tdy.rank !== inputShape.length) {
    throw new ShapeError(`${op}: '${names.dy}' ${fmtShape(tdy.shape)} and '${names.shape}' ${fmtShape(inputShape)} must have the same rank`);
  }
  const xShape = batched ? [...inputShape] : [1, ...inputShape];
  const dyShape = batched ? tdy.shape : [1, ...tdy.shape];
  const plan = planConv(op, spec.nSpatial, xShape, tw.shape, strides, padding, opts, { x: names.shape, filter: names.filter });
  if (!shapesCompatible(dyShape, plan.outShape)) {
    throw new ShapeError(
      `${op}: '${names.dy}' ${fmtShape(tdy.shape)} does not match the convolution output ` +
        `${fmtShape(batched ? plan.outShape : plan.outShape.slice(1))} of '${names.shape}' ${fmtShape(inputShape)} ` +
        `and '${names.filter}' ${fmtShape(tw.shape)}`,
    );
  }
  const dyb = batched ? tdy : reshape(tdy, dyShape);
  const dx = ENGINE.runKernel(spec.backpropInput, [dyb, tw], { ...kernelAttrs(plan), inputShape: xShape }, { shape: xShape, dtype: tdy.dtype });
  return batched ? dx : reshape(dx, [...inputShape]);
}

/** dfilter = the gradient of <dy, conv(x, filter)> with respect to a filter of `filterShape`. */
export function convNdBackpropFilter(
  op: string,
  spec: ConvSpec,
  x: TensorLike,
  dy: TensorLike,
  filterShape: readonly number[],
  strides: number | readonly number[],
  padding: ConvPadding,
  opts: ConvOpts,
  names: ConvNames = { ...DEFAULT_NAMES, shape: 'filterShape' },
): Tensor {
  const [tx, tdy] = convertAll(op, [[x, names.x], [dy, names.dy]]) as [Tensor, Tensor];
  checkFloatPair(op, tx, tdy, [names.x, names.dy]);
  if (!Array.isArray(filterShape)) throw new ShapeError(`${op}: '${names.shape}' must be an array of dims, got ${String(filterShape)}`);
  validateShape(op, filterShape, names.shape);
  const batched = isBatched(op, names.x, tx.shape, spec.nSpatial, opts.dataFormat);
  if (tdy.rank !== tx.rank) {
    throw new ShapeError(`${op}: '${names.dy}' ${fmtShape(tdy.shape)} and '${names.x}' ${fmtShape(tx.shape)} must have the same rank`);
  }
  const xShape = batched ? tx.shape : [1, ...tx.shape];
  const dyShape = batched ? tdy.shape : [1, ...tdy.shape];
  const plan = planConv(op, spec.nSpatial, xShape, filterShape, strides, padding, opts, { x: names.x, filter: names.shape });
  if (!shapesCompatible(dyShape, plan.outShape)) {
    throw new ShapeError(
      `${op}: '${names.dy}' ${fmtShape(tdy.shape)} does not match the convolution output ` +
        `${fmtShape(batched ? plan.outShape : plan.outShape.slice(1))} of '${names.x}' ${fmtShape(tx.shape)} ` +
        `and '${names.shape}' ${fmtShape(filterShape)}`,
    );
  }
  const xb = batched ? tx : reshape(tx, xShape);
  const dyb = batched ? tdy : reshape(tdy, dyShape);
  return ENGINE.runKernel(spec.backpropFilter, [xb, dyb], { ...kernelAttrs(plan), filterShape: [...filterShape] }, {
    shape: [...filterShape],
    dtype: tx.dtype,
  });
}
