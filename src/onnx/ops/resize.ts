/**
 * Resize (opsets 10-19) and Upsample (7-9): nearest, (bi/tri)linear and (Resize from opset 11) cubic, separable
 * per axis. Each resized axis is a gather of source indices (nearest) or a weighted sum of two (linear) or four
 * (cubic) gathers, with index and weight tables computed at load from the static sizes, so the result is
 * differentiable with respect to the input.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

type CoordMode = 'half_pixel' | 'asymmetric' | 'align_corners' | 'pytorch_half_pixel';

function sourceCoord(c: OpContext, mode: string, i: number, scale: number, inSize: number, outSize: number): number {
  switch (mode as CoordMode) {
    case 'half_pixel': return (i + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel': return outSize > 1 ? (i + 0.5) / scale - 0.5 : 0;
    case 'asymmetric': return i / scale;
    case 'align_corners': return outSize === 1 ? 0 : (i * (inSize - 1)) / (outSize - 1);
    default: throw c.error(`coordinate_transformation_mode '${mode}' is not supported (half_pixel, pytorch_half_pixel, asymmetric, align_corners)`);
  }
}

function nearestIndex(c: OpContext, mode: string, x: number): number {
  switch (mode) {
    case 'round_prefer_floor': return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil': return Math.round(x);
    case 'floor': return Math.floor(x);
    case 'ceil': return Math.ceil(x);
    default: throw c.error(`nearest_mode '${mode}' is not supported`);
  }
}

export interface ResizeSpec {
  mode: string;
  coord: string;
  nearestMode: string;
  scales: number[];
  sizes: number[];
  /** Cubic only: the kernel's a (cubic_coeff_a) and whether taps outside the input get weight 0 (renormalized). */
  cubicA?: number;
  excludeOutside?: boolean;
}

/** Keys' cubic convolution kernel with parameter a, at distance t >= 0. */
function cubicWeight(t: number, a: number): number {
  if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/**
 * Four taps per output position: source indices floor(x)-1 .. floor(x)+2 (clamped to the edge) and their weights.
 * The source coordinate is not clamped (unlike linear): near the border the clamped taps repeat the edge value.
 */
function cubicTables(c: OpContext, spec: ResizeSpec, i: number, inSize: number, outSize: number, scale: number): { idx: number[]; w: number[] } {
  const x = sourceCoord(c, spec.coord, i, scale, inSize, outSize);
  const f = Math.floor(x), r = x - f;
  const idx: number[] = [], w: number[] = [];
  for (let j = -1; j <= 2; j++) {
    const at = f + j;
    const outside = at < 0 || at >= inSize;
    idx.push(Math.min(Math.max(at, 0), inSize - 1));
    w.push(spec.excludeOutside && outside ? 0 : cubicWeight(Math.abs(r - j), spec.cubicA!));
  }
  if (spec.excludeOutside) {
    const sum = w.reduce((a, b) => a + b, 0);
    for (let j = 0; j < 4; j++) w[j]! /= sum;
  }
  return { idx, w };
}

/** Nearest mode: the source index of each output position along axis `ax` (of input size `inSize`). */
export function nearestTable(c: OpContext, spec: ResizeSpec, ax: number, inSize: number): number[] {
  const outSize = spec.sizes[ax]!, scale = spec.scales[ax]!;
  return Array.from({ length: outSize }, (_, i) => {
    const at = nearestIndex(c, spec.nearestMode, sourceCoord(c, spec.coord, i, scale, inSize, outSize));
    return Math.min(Math.max(at, 0), inSize - 1);
  });
}

function resizeAxes(c: OpContext, x: Tensor, spec: ResizeSpec): Tensor {
  let y = x;
  for (let ax = 0; ax < x.rank; ax++) {
    const inSize = x.shape[ax]!, outSize = spec.sizes[ax]!, scale = spec.scales[ax]!;
    if (inSize === outSize && scale === 1) continue;
    if (inSize < 0) throw c.error('resizing an axis of unknown size is not supported');
    const idx = (v: number) => Math.min(Math.max(v, 0), inSize - 1);
    if (spec.mode === 'nearest') {
      y = g.gather(y, g.tensor(nearestTable(c, spec, ax, inSize), [outSize], 'int32'), ax);
      continue;
    }
    const wShape = y.shape.map((_, k) => (k === ax ? outSize : 1));
    if (spec.mode === 'cubic') {
      const taps = Array.from({ length: outSize }, (_, i) => cubicTables(c, spec, i, inSize, outSize, scale));
      let acc: Tensor | null = null;
      for (let j = 0; j < 4; j++) {
        const picked = g.gather(y, g.tensor(taps.map((t) => t.idx[j]!), [outSize], 'int32'), ax);
        const term = g.mul(picked, g.tensor(taps.map((t) => t.w[j]!), wShape, y.dtype));
        acc = acc ? g.add(acc, term) : term;
      }
      y = acc!;
      continue;
    }
    const lo: number[] = [], hi: number[] = [], w: number[] = [];
    for (let i = 0; i < outSize; i++) {
      const xs = Math.min(Math.max(sourceCoord(c, spec.coord, i, scale, inSize, outSize), 0), inSize - 1);
      const f = Math.floor(xs);
      lo.push(f);
      hi.push(idx(f + 1));
      w.push(xs - f);
    }
    const wt = g.tensor(w, wShape, y.dtype);
    const a = g.gather(y, g.tensor(lo, [outSize], 'int32'), ax);
    const b = g.gather(y, g.tensor(hi, [outSize], 'int32'), ax);
    y = g.add(a, g.mul(g.sub(b, a), wt));
  }
  return y;
}

function modeOf(c: OpContext, cubic: boolean): string {
  const mode = c.str('mode', 'nearest');
  if (mode === 'bilinear' || mode === 'trilinear' || mode === 'linear') return 'linear';
  if (mode === 'cubic' && cubic) return mode;
  if (mode !== 'nearest') throw c.error(`mode '${mode}' is not supported (nearest, linear${cubic ? ', cubic' : ''})`);
  return mode;
}

/**
 * What a Resize (or Upsample) node does to an input of `shape` (all sizes known): mode, coordinate rules, and the
 * scale and output size per axis. tl.onnx.toKeras reads it too, to tell a nearest upsampling by whole factors.
 */
export function resizeSpec(c: OpContext, shape: readonly number[]): ResizeSpec {
  if (c.op === 'Upsample') {
    const scales = c.opset >= 9 ? c.values(1) : c.floats('scales');
    if (!scales || scales.length !== shape.length) throw c.error(`needs ${shape.length} scales`);
    const sizes = shape.map((d, i) => Math.floor(d * scales[i]!));
    return { mode: modeOf(c, false), coord: 'asymmetric', nearestMode: 'floor', scales, sizes };
  }
  if (c.int('antialias', 0) !== 0) throw c.error('antialias=1 is not supported');
  // Cubic arrived with opset 11's Resize (Upsample and Resize-10 know nearest and linear only).
  const mode = modeOf(c, c.opset >= 11);
  let scalesIn: number[] | null, sizesIn: number[] | null;
  if (c.opset < 11) {
    scalesIn = c.values(1); sizesIn = null;
  } else {
    scalesIn = c.optValues(2); sizesIn = c.optValues(3);
    if (scalesIn && scalesIn.length === 0) scalesIn = null;
    if (sizesIn && sizesIn.length === 0) sizesIn = null;
  }
  const axes = (c.ints('axes') ?? shape.map((_, i) => i)).map((a) => c.axis(a, shape.length, 'axes entry'));
  const scales = shape.map(() => 1);
  const sizes = [...shape];
  if (sizesIn) {
    if (c.str('keep_aspect_ratio_policy', 'stretch') !== 'stretch') throw c.error('keep_aspect_ratio_policy other than stretch is not supported');
    axes.forEach((a, k) => { sizes[a] = sizesIn![k]!; scales[a] = sizesIn![k]! / shape[a]!; });
  } else if (scalesIn) {
    axes.forEach((a, k) => { scales[a] = scalesIn![k]!; sizes[a] = Math.floor(shape[a]! * scalesIn![k]!); });
  } else throw c.error('needs scales or sizes');
  const coord = c.opset < 11 ? 'asymmetric' : c.str('coordinate_transformation_mode', 'half_pixel');
  const nearestMode = c.opset < 11 ? 'floor' : c.str('nearest_mode', 'round_prefer_floor');
  const cubicA = c.float('cubic_coeff_a', -0.75);
  const excludeOutside = c.int('exclude_outside', 0) === 1;
  return { mode, coord, nearestMode, scales, sizes, cubicA, excludeOutside };
}

function resize(c: OpContext): Tensor {
  const x = c.input(0);
  if (x.shape.some((d) => d < 0)) throw c.error(`${c.op} needs known input sizes`);
  return resizeAxes(c, x, resizeSpec(c, x.shape));
}

export const RESIZE_OPS: Record<string, OpDef> = {
  Resize: { staticInputs: [1, 2, 3], translate: resize },
  Upsample: { staticInputs: [1, 2, 3], translate: resize },
};
