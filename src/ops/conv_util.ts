/**
 * Shape inference shared by the convolution ops (1-D, 2-D, 3-D, transposed, depthwise): parsing strides,
 * dilations and padding, resolving 'SAME'/'VALID'/explicit padding into explicit pads, and the output size.
 * Pure functions of shapes, so graph mode reuses them; -1 (unknown in graph mode) propagates for batch and
 * spatial dims.
 *
 * TF 1.x rules (tensorflow/core/framework/kernel_shape_util): with effective filter size
 * eff = (k - 1) * dilation + 1,
 *   VALID:    out = floor((in - eff) / stride) + 1, no pads
 *   SAME:     out = ceil(in / stride), total pad = max((out - 1) * stride + eff - in, 0), the odd pad at the end
 *   explicit: out = floor((in + before + after - eff) / stride) + 1
 * An output size of 0 is allowed (window larger than the padded input by less than one stride, or an empty
 * input); a negative one is an error.
 */
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { MAX_ELEMENTS, checkOptions, validateShape } from '../core/shape.js';

/** 'SAME' | 'VALID' (any case), one pad for every side, or explicit per-dim [before, after] pairs. */
export type ConvPadding = string | number | readonly (readonly number[])[];

export type DataFormat1D = 'NWC' | 'NCW';
export type DataFormat2D = 'NHWC' | 'NCHW';
export type DataFormat3D = 'NDHWC' | 'NCDHW';

/** Fully resolved geometry of one convolution: the attrs every conv kernel receives, plus the output shape. */
export interface ConvPlan {
  strides: number[];
  /** [before0, after0, before1, after1, ...] per spatial dim. */
  pads: number[];
  dilations: number[];
  dataFormat: string;
  groups: number;
  /** Output shape in the op's data format. */
  outShape: number[];
}

const SPATIAL_NAMES: Record<number, string[]> = { 1: ['width'], 2: ['height', 'width'], 3: ['depth', 'height', 'width'] };

/** Whether a data format puts channels last ('NHWC', 'NWC', 'NDHWC'); throws for unknown formats. */
export function channelsLastOf(op: string, dataFormat: string, nSpatial: number): boolean {
  const last = { 1: 'NWC', 2: 'NHWC', 3: 'NDHWC' }[nSpatial]!;
  const first = { 1: 'NCW', 2: 'NCHW', 3: 'NCDHW' }[nSpatial]!;
  if (dataFormat === last) return true;
  if (dataFormat === first) return false;
  throw new ArgumentError(`${op}: 'dataFormat' must be '${last}' or '${first}', got '${String(dataFormat)}'`);
}

/**
 * Parses a per-spatial-dim parameter (strides, dilations): a number for all dims, one entry per spatial dim,
 * or TF's full-rank form (one entry per dim of x, whose batch and channel entries must be 1).
 */
export function parseSpatialParam(
  op: string,
  arg: string,
  value: number | readonly number[] | undefined,
  nSpatial: number,
  channelsLast: boolean,
): number[] {
  if (value === undefined || value === null) throw new ArgumentError(`${op}: '${arg}' is required`);
  let list: number[];
  if (typeof value === 'number') list = new Array<number>(nSpatial).fill(value);
  else if (!Array.isArray(value)) throw new ArgumentError(`${op}: '${arg}' must be a number or an array, got ${typeof value}`);
  else if (value.length === nSpatial) list = [...value];
  else if (value.length === nSpatial + 2) {
    const cAxis = channelsLast ? nSpatial + 1 : 1;
    if (value[0] !== 1 || value[cAxis] !== 1) {
      throw new ArgumentError(
        `${op}: '${arg}' ${JSON.stringify(value)} must be 1 in the batch and channel dims (only spatial ${arg} are supported)`,
      );
    }
    list = value.filter((_, i) => i !== 0 && i !== cAxis);
  } else {
    throw new ArgumentError(
      `${op}: '${arg}' ${JSON.stringify(value)} must be a number or have ${nSpatial} (spatial) or ${nSpatial + 2} (full-rank) entries`,
    );
  }
  for (const v of list) {
    // Bounded by the int32 range the backends take these in (a larger stride or dilation means nothing anyway).
    if (!Number.isInteger(v) || v < 1 || v > MAX_ELEMENTS) {
      throw new ArgumentError(`${op}: '${arg}' ${JSON.stringify(value)} must hold positive integers (below 2^31)`);
    }
  }
  return list;
}

export type PaddingMode = { kind: 'SAME' } | { kind: 'VALID' } | { kind: 'EXPLICIT'; pads: number[] };

/**
 * Parses padding: 'SAME'/'VALID' in any case; a non-negative integer for every side; explicit
 * [[before, after], ...] per spatial dim, or TF's full-rank form with [0, 0] for the batch and channel dims.
 */
export function parsePadding(op: string, padding: ConvPadding | undefined, nSpatial: number, channelsLast: boolean): PaddingMode {
  if (padding === undefined || padding === null) throw new ArgumentError(`${op}: 'padding' is required`);
  if (typeof padding === 'string') {
    const u = padding.toUpperCase();
    if (u === 'SAME' || u === 'VALID') return { kind: u };
    throw new ArgumentError(`${op}: 'padding' must be 'SAME', 'VALID' or explicit pads, got '${padding}'`);
  }
  const checkPad = (v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ArgumentError(`${op}: 'padding' ${JSON.stringify(padding)} must hold non-negative integers`);
    }
  };
  if (typeof padding === 'number') {
    checkPad(padding);
    return { kind: 'EXPLICIT', pads: new Array<number>(2 * nSpatial).fill(padding) };
  }
  if (!Array.isArray(padding) || !padding.every((p) => Array.isArray(p) && p.length === 2)) {
    throw new ArgumentError(`${op}: explicit 'padding' ${JSON.stringify(padding)} must be a list of [before, after] pairs`);
  }
  let pairs = padding as readonly (readonly number[])[];
  if (pairs.length === nSpatial + 2) {
    const cAxis = channelsLast ? nSpatial + 1 : 1;
    for (const i of [0, cAxis]) {
      if (pairs[i]![0] !== 0 || pairs[i]![1] !== 0) {
        throw new ArgumentError(`${op}: explicit 'padding' ${JSON.stringify(padding)} must be [0, 0] in the batch and channel dims`);
      }
    }
    pairs = pairs.filter((_, i) => i !== 0 && i !== cAxis);
  } else if (pairs.length !== nSpatial) {
    throw new ArgumentError(
      `${op}: explicit 'padding' ${JSON.stringify(padding)} must have ${nSpatial} (spatial) or ${nSpatial + 2} (full-rank) pairs`,
    );
  }
  const pads: number[] = [];
  for (const [b, a] of pairs) {
    checkPad(b);
    checkPad(a);
    pads.push(b!, a!);
  }
  return { kind: 'EXPLICIT', pads };
}

/**
 * Output size and [before, after] pads of one spatial dim. `inSize` -1 (unknown) gives -1 and the pads a
 * SAME conv would need cannot be known: they come back as 0 (graph mode resolves them at run time).
 */
export function convOutSize(
  op: string,
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
  mode: PaddingMode,
  dim: number,
  describe: () => string,
  dimLabel = `spatial dim ${dim}`,
): [number, number, number] {
  const eff = (k - 1) * dilation + 1;
  if (inSize < 0) return [-1, mode.kind === 'EXPLICIT' ? mode.pads[2 * dim]! : 0, mode.kind === 'EXPLICIT' ? mode.pads[2 * dim + 1]! : 0];
  let before = 0, after = 0, out: number;
  if (mode.kind === 'SAME') {
    out = Math.ceil(inSize / stride);
    const total = Math.max((out - 1) * stride + eff - inSize, 0);
    before = Math.floor(total / 2);
    after = total - before;
  } else {
    if (mode.kind === 'EXPLICIT') {
      before = mode.pads[2 * dim]!;
      after = mode.pads[2 * dim + 1]!;
    }
    out = Math.floor((inSize + before + after - eff) / stride) + 1;
    if (out < 0) {
      throw new ShapeError(
        `${op}: the filter's ${dimLabel} extent ${eff}${dilation > 1 ? ` (size ${k}, dilation ${dilation})` : ''} ` +
          `exceeds the padded input size ${inSize + before + after} by more than the stride ${stride}, ` +
          `so the output size would be negative (${describe()})`,
      );
    }
  }
  return [out, before, after];
}

/** The channel axis of x for a layout. */
function channelAxis(rank: number, channelsLast: boolean): number {
  return channelsLast ? rank - 1 : 1;
}

/**
 * Validates a convolution's shapes and options and resolves its geometry. x has rank nSpatial + 2 in
 * `dataFormat`; the filter is [k0, ..., k_{n-1}, inC / groups, outC] (TF's HWIO / DHWIO).
 */
export function planConv(
  op: string,
  nSpatial: number,
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | readonly number[],
  padding: ConvPadding,
  opts: { dataFormat?: string; dilations?: number | readonly number[]; groups?: number },
  names: { x: string; filter: string } = { x: 'x', filter: 'filter' },
): ConvPlan {
  const rank = nSpatial + 2;
  const dataFormat = opts.dataFormat ?? { 1: 'NWC', 2: 'NHWC', 3: 'NDHWC' }[nSpatial]!;
  const channelsLast = channelsLastOf(op, dataFormat, nSpatial);
  const shapes = () => `'${names.x}' ${fmtShape(xShape)}, '${names.filter}' ${fmtShape(filterShape)}, ${dataFormat}`;
  if (xShape.length !== rank) throw new ShapeError(`${op}: '${names.x}' must have rank ${rank} (${dataFormat}), got shape ${fmtShape(xShape)}`);
  if (filterShape.length !== rank) {
    throw new ShapeError(`${op}: '${names.filter}' must have rank ${rank} ([spatial..., in, out]), got shape ${fmtShape(filterShape)}`);
  }
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ArgumentError(`${op}: 'groups' must be a positive integer, got ${groups}`);
  const st = parseSpatialParam(op, 'strides', strides, nSpatial, channelsLast);
  const dil = parseSpatialParam(op, 'dilations', opts.dilations ?? 1, nSpatial, channelsLast);
  const mode = parsePadding(op, padding, nSpatial, channelsLast);
  const cAxis = channelAxis(rank, channelsLast);
  const inC = xShape[cAxis]!;
  const fIn = filterShape[nSpatial]!;
  const outC = filterShape[nSpatial + 1]!;
  for (const d of filterShape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: '${names.filter}' has an invalid shape ${fmtShape(filterShape)}`);
  }
  for (let i = 0; i < nSpatial; i++) {
    if (filterShape[i] === 0) throw new ShapeError(`${op}: '${names.filter}' ${fmtShape(filterShape)} has an empty spatial dim`);
  }
  for (const d of xShape) {
    if (!Number.isInteger(d) || d < -1) throw new ShapeError(`${op}: '${names.x}' has an invalid shape ${fmtShape(xShape)}`);
  }
  if (inC < 0) throw new ShapeError(`${op}: the channel dim of '${names.x}' must be known (${shapes()})`);
  if (inC !== fIn * groups) {
    throw new ShapeError(
      `${op}: '${names.x}' has ${inC} input channels but '${names.filter}' expects ${fIn * groups} ` +
        `(filter in-channels ${fIn}${groups > 1 ? ` x groups ${groups}` : ''}) (${shapes()})`,
    );
  }
  if (outC % groups !== 0) {
    throw new ShapeError(`${op}: the ${outC} output channels of '${names.filter}' are not divisible by groups ${groups} (${shapes()})`);
  }
  const sAxis0 = channelsLast ? 1 : 2;
  const pads: number[] = [];
  const outSpatial: number[] = [];
  for (let i = 0; i < nSpatial; i++) {
    const [o, b, a] = convOutSize(op, xShape[sAxis0 + i]!, filterShape[i]!, st[i]!, dil[i]!, mode, i, shapes, SPATIAL_NAMES[nSpatial]![i]);
    outSpatial.push(o);
    pads.push(b, a);
  }
  const n = xShape[0]!;
  const outShape = channelsLast ? [n, ...outSpatial, outC] : [n, outC, ...outSpatial];
  // Huge strides, dilations or pads give huge outputs: refused here under the op's own name.
  validateShape(op, outShape.filter((d) => d !== -1), 'output shape'); // -1: unknown in graph mode
  return { strides: st, pads, dilations: dil, dataFormat, groups, outShape };
}

/**
 * A conv op's options: an options object, or tfjs's positional form — the data format as a string, then
 * optionally the dilation(s) as the next argument (`extra`, stored under `key`).
 */
export function convOptions<T extends object>(op: string, opts: T | string | undefined, extra?: unknown, key = 'dilations'): T {
  if (typeof opts === 'string') return (extra === undefined ? { dataFormat: opts } : { dataFormat: opts, [key]: extra }) as T;
  if (extra !== undefined) throw new ArgumentError(`${op}: pass '${key}' inside the options object, not as an extra argument`);
  if (opts === undefined) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError(`${op}: options must be an object or a data format string, got ${JSON.stringify(opts)}`);
  }
  checkOptions(op, opts, ['dataFormat', key, 'groups']);
  return opts;
}

/** Explicit-padding form ([[before, after], ...]) of resolved pads, for ops re-called from gradients. */
export function padsToPairs(pads: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < pads.length; i += 2) out.push([pads[i]!, pads[i + 1]!]);
  return out;
}

/**
 * Resolves padding to explicit pads for one convolution's spatial sizes (TF's rule; see the file comment).
 * Returns [before0, after0, before1, after1, ...].
 */
export function convPads(
  inSpatial: readonly number[],
  filterSpatial: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
  padding: ConvPadding,
): number[] {
  const n = inSpatial.length;
  if (filterSpatial.length !== n) {
    throw new ShapeError(`convPads: 'filterSpatial' ${fmtShape(filterSpatial)} and 'inSpatial' ${fmtShape(inSpatial)} differ in length`);
  }
  const st = parseSpatialParam('convPads', 'strides', strides, n, true);
  const dil = parseSpatialParam('convPads', 'dilations', dilations, n, true);
  const mode = parsePadding('convPads', padding, n, true);
  const pads: number[] = [];
  for (let i = 0; i < n; i++) {
    const [, b, a] = convOutSize('convPads', inSpatial[i]!, filterSpatial[i]!, st[i]!, dil[i]!, mode, i, () =>
      `input ${fmtShape(inSpatial)}, filter ${fmtShape(filterSpatial)}`,
    );
    pads.push(b, a);
  }
  return pads;
}
