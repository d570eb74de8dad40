/**
 * Argument normalization shared by the layers: integer tuples (kernel sizes, strides), padding and data format
 * names in TF's and Keras's spellings, option-key checks, and the training switch (a boolean or a bool tensor).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { cond } from '../graph/control_flow.js';
import type { Shape } from './base_layer.js';

export type Padding = 'valid' | 'same';
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** The option keys every layer accepts (LayerArgs). */
export const LAYER_ARG_KEYS = ['name', 'trainable', 'dtype', 'inputShape', 'batchInputShape', 'reuse'] as const;

/** Refuses unknown option keys; `keys` are the layer's own, LayerArgs' are added. */
export function checkLayerOptions(where: string, opts: unknown, keys: readonly string[]): void {
  checkOptions(where, opts, [...keys, ...LAYER_ARG_KEYS]);
}

/** LayerArgs picked out of an options object (to pass to the Layer constructor). */
export function baseArgs(opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of LAYER_ARG_KEYS) if (opts[k] !== undefined) out[k] = opts[k];
  return out;
}

/** A number or a list of n numbers -> n positive integers (kernel sizes, strides, dilation rates, pool sizes). */
export function intTuple(where: string, arg: string, v: unknown, n: number, allowZero = false): number[] {
  const list = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? [...(v as number[])] : null;
  if (!list || list.length !== n || list.some((d) => !Number.isInteger(d) || d < (allowZero ? 0 : 1))) {
    throw new ArgumentError(`${where}: '${arg}' must be ${allowZero ? 'a non-negative' : 'a positive'} integer or a list of ${n}, got ${JSON.stringify(v)}`);
  }
  return list;
}

export function positiveInt(where: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArgumentError(`${where}: '${arg}' must be a positive integer, got ${String(v)}`);
  return v;
}

export function rateIn01(where: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new ArgumentError(`${where}: '${arg}' must be a number in [0, 1), got ${String(v)}`);
  return v;
}

/** 'valid' / 'VALID' / 'same' / 'SAME' -> 'valid' | 'same'. */
export function normPadding(where: string, v: unknown = 'valid'): Padding {
  const p = typeof v === 'string' ? v.toLowerCase() : v;
  if (p !== 'valid' && p !== 'same') throw new ArgumentError(`${where}: 'padding' must be 'valid' or 'same', got ${JSON.stringify(v)}`);
  return p;
}

/** 'channelsLast' / 'channels_last' / 'channelsFirst' / 'channels_first' -> camelCase. */
export function normDataFormat(where: string, v: unknown = 'channelsLast'): DataFormat {
  if (v === 'channelsLast' || v === 'channels_last') return 'channelsLast';
  if (v === 'channelsFirst' || v === 'channels_first') return 'channelsFirst';
  throw new ArgumentError(`${where}: 'dataFormat' must be 'channelsLast' or 'channelsFirst', got ${JSON.stringify(v)}`);
}

/** The ops' format names: channelsLast -> NWC / NHWC / NDHWC, channelsFirst -> NCW / NCHW / NCDHW. */
export function opsFormat(df: DataFormat, nd: 1 | 2 | 3): string {
  const sp = ['W', 'HW', 'DHW'][nd - 1]!;
  return df === 'channelsLast' ? `N${sp}C` : `NC${sp}`;
}

/** Checks an input shape's rank and that a dimension the layer needs (channels, features) is known. */
export function requireRank(where: string, shape: Shape, rank: number | number[], what = 'inputs'): void {
  const ranks = Array.isArray(rank) ? rank : [rank];
  if (!ranks.includes(shape.length)) {
    throw new ShapeError(`${where}: ${what} must have rank ${ranks.join(' or ')}, got shape [${shape.map((d) => d ?? '?').join(',')}]`);
  }
}

export function knownDim(where: string, shape: Shape, axis: number, what: string): number {
  const d = shape[axis < 0 ? shape.length + axis : axis];
  if (d === null || d === undefined || d < 0) {
    throw new ShapeError(`${where}: the ${what} dimension of the inputs must be known, got shape [${shape.map((x) => x ?? '?').join(',')}]`);
  }
  return d;
}

/**
 * training ? whenTrue() : whenFalse() where `training` is a boolean (undefined = false) or a bool scalar tensor
 * (a placeholder in graph mode: both branches are built and the run picks one, so one graph serves both).
 */
export function inTraining<T>(training: boolean | Tensor | undefined, whenTrue: () => T, whenFalse: () => T): T {
  if (training === undefined || training === null || training === false) return whenFalse();
  if (training === true) return whenTrue();
  if (training instanceof Tensor) return cond(training, whenTrue, whenFalse);
  throw new ArgumentError(`training must be a boolean or a bool scalar tensor, got ${String(training)}`);
}

/** The static output size of a conv/pool dimension (null when the input size is unknown). */
export function convOutLength(inLen: number | null, k: number, padding: Padding, stride: number, dilation = 1): number | null {
  if (inLen === null || inLen < 0) return null;
  const eff = (k - 1) * dilation + 1;
  const out = padding === 'same' ? Math.ceil(inLen / stride) : Math.ceil((inLen - eff + 1) / stride);
  return Math.max(out, 0);
}

/**
 * The static output size of a transposed conv dimension (Keras's deconv_output_length): without output padding
 * in * s ('same') or in * s + max(k - s, 0) ('valid'); with it (in - 1) * s + k - 2 * pad + outputPadding, pad
 * k // 2 for 'same'. k is the dilated window (k - 1) * dilation + 1.
 */
export function deconvOutLength(inLen: number | null, k: number, padding: Padding, stride: number, outputPadding: number | null = null, dilation = 1): number | null {
  if (inLen === null || inLen < 0) return null;
  const eff = (k - 1) * dilation + 1;
  if (outputPadding === null) return padding === 'valid' ? inLen * stride + Math.max(eff - stride, 0) : inLen * stride;
  const pad = padding === 'same' ? Math.floor(eff / 2) : 0;
  return (inLen - 1) * stride + eff - 2 * pad + outputPadding;
}
