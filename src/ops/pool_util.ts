/**
 * Argument handling and shape inference for pooling (2-D and 3-D), shared by the forward ops, their gradient
 * ops and graph mode. Everything is resolved here (window, strides, pads per spatial dim) so kernels on every
 * backend receive the same plain numbers and never re-derive TF's padding rules.
 */
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { MAX_ELEMENTS } from '../core/shape.js';

/** 'SAME' | 'VALID' (either case), one pad for every side, or explicit [before, after] pairs. */
export type PoolPadding = 'SAME' | 'VALID' | 'same' | 'valid' | number | readonly (readonly [number, number])[];

export type PoolDataFormat2D = 'NHWC' | 'NCHW';
export type PoolDataFormat3D = 'NDHWC' | 'NCDHW';

/** Resolved pooling parameters: what the kernels receive as attrs (plus the output shape). */
export interface PoolInfo {
  /** Window size per spatial dim. */
  ksize: number[];
  /** Stride per spatial dim. */
  strides: number[];
  /** [before, after] per spatial dim, flattened: [b0, a0, b1, a1, ...]. */
  pads: number[];
  dataFormat: string;
  /** Shape of the (batched) output. */
  outShape: number[];
}

const FORMATS: Record<number, readonly string[]> = { 2: ['NHWC', 'NCHW'], 3: ['NDHWC', 'NCDHW'] };

/** True when the channel axis is last (NHWC / NDHWC). */
export function isChannelsLast(dataFormat: string): boolean {
  return dataFormat[1] !== 'C';
}

export function checkDataFormat(op: string, dataFormat: string, nd: number): void {
  if (!FORMATS[nd]!.includes(dataFormat)) {
    throw new ArgumentError(`${op}: 'dataFormat' must be ${FORMATS[nd]!.join(' or ')}, got '${String(dataFormat)}'`);
  }
}

/**
 * Normalizes ksize/strides: a number (every spatial dim), one entry per spatial dim, or TF's full form with one
 * entry per dimension of x in dataFormat order, whose batch and channel entries must be 1.
 */
export function spatialParam(op: string, arg: string, v: number | readonly number[], nd: number, dataFormat: string): number[] {
  let out: number[];
  if (typeof v === 'number') out = new Array<number>(nd).fill(v);
  else if (Array.isArray(v) && v.length === nd) out = [...v];
  else if (Array.isArray(v) && v.length === nd + 2) {
    const cl = isChannelsLast(dataFormat);
    const chan = cl ? nd + 1 : 1;
    if (v[0] !== 1 || v[chan] !== 1) {
      throw new ArgumentError(
        `${op}: '${arg}' [${v.join(',')}] in ${dataFormat} form must be 1 on the batch and channel dimensions (pooling over them is not supported)`,
      );
    }
    out = cl ? v.slice(1, nd + 1) : v.slice(2);
  } else {
    throw new ArgumentError(`${op}: '${arg}' must be a number or an array of ${nd} or ${nd + 2} numbers, got ${JSON.stringify(v)}`);
  }
  for (const d of out) {
    // Bounded by the int32 range the backends take window sizes and strides in.
    if (!Number.isInteger(d) || d < 1 || d > MAX_ELEMENTS) throw new ArgumentError(`${op}: '${arg}' entries must be integers >= 1 (and below 2^31), got [${out.join(',')}]`);
  }
  return out;
}

/** TF's output size for a window over `size` cells padded by `padTotal`; a negative size is an error, as in TF. */
function windowedOutSize(op: string, xShape: readonly number[], size: number, k: number, s: number, padTotal: number): number {
  const num = size + padTotal - k + s;
  if (num < 0) {
    throw new ShapeError(`${op}: window ${k} does not fit an input dimension of ${size} (padding ${padTotal}) of x ${fmtShape(xShape)}: the output size would be negative`);
  }
  return Math.floor(num / s);
}

/**
 * Resolves pooling for x of rank nd+2 (batched): output shape and pads. 'SAME' puts the extra pad at the end
 * (TF). Explicit pads must be non-negative and smaller than the window, so every window overlaps the input.
 */
export function computePoolInfo(
  op: string,
  xShape: readonly number[],
  ksizeArg: number | readonly number[],
  stridesArg: number | readonly number[],
  padding: PoolPadding,
  dataFormat: string,
  nd: number,
): PoolInfo {
  const ksize = spatialParam(op, 'ksize', ksizeArg, nd, dataFormat);
  const strides = spatialParam(op, 'strides', stridesArg, nd, dataFormat);
  const cl = isChannelsLast(dataFormat);
  const spatialAxis = (i: number) => (cl ? 1 + i : 2 + i);
  const inSpatial = Array.from({ length: nd }, (_, i) => xShape[spatialAxis(i)]!);
  const pads: number[] = [];
  const outSpatial: number[] = [];
  const mode = typeof padding === 'string' ? padding.toUpperCase() : null;
  if (mode === 'SAME') {
    for (let i = 0; i < nd; i++) {
      const out = Math.ceil(inSpatial[i]! / strides[i]!);
      const total = Math.max((out - 1) * strides[i]! + ksize[i]! - inSpatial[i]!, 0);
      const before = Math.floor(total / 2);
      pads.push(before, total - before);
      outSpatial.push(out);
    }
  } else if (mode === 'VALID' || typeof padding === 'number' || Array.isArray(padding)) {
    const explicit = explicitPads(op, padding, nd, dataFormat);
    for (let i = 0; i < nd; i++) {
      const [b, a] = [explicit[2 * i]!, explicit[2 * i + 1]!];
      if (b >= ksize[i]! || a >= ksize[i]!) {
        throw new ArgumentError(`${op}: padding [${b},${a}] of spatial dimension ${i} must be smaller than the window ${ksize[i]} (a window would lie entirely in the padding)`);
      }
      pads.push(b, a);
      outSpatial.push(windowedOutSize(op, xShape, inSpatial[i]!, ksize[i]!, strides[i]!, b + a));
    }
  } else {
    throw new ArgumentError(`${op}: 'padding' must be 'SAME', 'VALID', a number or [before, after] pairs, got ${JSON.stringify(padding)}`);
  }
  const outShape = [...xShape];
  for (let i = 0; i < nd; i++) outShape[spatialAxis(i)] = outSpatial[i]!;
  return { ksize, strides, pads, dataFormat, outShape };
}

/** Explicit padding (VALID = 0) as [b0, a0, b1, a1, ...]. Accepts nd pairs or nd+2 pairs in dataFormat order. */
function explicitPads(op: string, padding: PoolPadding, nd: number, dataFormat: string): number[] {
  if (typeof padding === 'string') return new Array<number>(2 * nd).fill(0);
  let pairs: (readonly number[])[];
  if (typeof padding === 'number') pairs = Array.from({ length: nd }, () => [padding, padding]);
  else {
    const p = padding as readonly (readonly number[])[];
    if (!p.every((q) => Array.isArray(q) && q.length === 2)) {
      throw new ArgumentError(`${op}: explicit 'padding' must be [before, after] pairs, got ${JSON.stringify(padding)}`);
    }
    if (p.length === nd) pairs = [...p];
    else if (p.length === nd + 2) {
      const cl = isChannelsLast(dataFormat);
      const chan = cl ? nd + 1 : 1;
      if (p[0]![0] !== 0 || p[0]![1] !== 0 || p[chan]![0] !== 0 || p[chan]![1] !== 0) {
        throw new ArgumentError(`${op}: explicit 'padding' ${JSON.stringify(padding)} must be [0,0] on the batch and channel dimensions`);
      }
      pairs = cl ? p.slice(1, nd + 1) : p.slice(2);
    } else {
      throw new ArgumentError(`${op}: explicit 'padding' needs ${nd} or ${nd + 2} [before, after] pairs, got ${p.length}`);
    }
  }
  const flat = pairs.flatMap((q) => [q[0]!, q[1]!]);
  for (const v of flat) {
    if (!Number.isInteger(v) || v < 0 || v > MAX_ELEMENTS) throw new ArgumentError(`${op}: explicit 'padding' entries must be integers >= 0 (and below 2^31), got ${JSON.stringify(padding)}`);
  }
  return flat;
}
