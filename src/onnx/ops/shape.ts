/**
 * Shape operators: Reshape (0 copies a dim unless allowzero, -1 infers), Shape (start/end), Size, Flatten,
 * Squeeze/Unsqueeze (axes as attribute before opset 13, as input after), Transpose, Expand, Tile, Concat,
 * Split, Slice (steps, negative and clamped bounds) and Pad (constant, reflect, edge; negative pads crop).
 * Shape arguments are read as static values; when one is only known at run time, the node runs at run time.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import { NeedsRuntimeValue, type OpContext, type OpDef } from '../op_context.js';

const known = (shape: readonly number[]) => shape.every((d) => d >= 0);
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function reshape(c: OpContext): Tensor {
  const x = c.input(0);
  const target = c.opset >= 5 && c.inputs.length > 1 ? c.values(1) : (c.ints('shape') ?? []);
  const allowZero = c.int('allowzero', 0) === 1;
  const shape = target.map((d, i) => (d === 0 && !allowZero ? x.shape[i]! : d));
  if (shape.filter((d) => d < 0).length > 1) throw c.error(`target shape [${target}] leaves more than one dim unknown for input [${x.shape}]`);
  return g.reshape(x, shape);
}

function shapeOf(c: OpContext): Tensor {
  const x = c.input(0);
  const r = x.rank;
  const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const start = clampIdx(c.int('start', 0));
  const end = clampIdx(c.int('end', r));
  const dims = x.shape.slice(start, end);
  if (!known(dims)) throw new NeedsRuntimeValue();
  return g.tensor(dims, [dims.length], 'int32');
}

function unsqueeze(c: OpContext): Tensor {
  let x = c.input(0);
  const axes = c.opset >= 13 ? c.values(1) : c.ints('axes');
  if (!axes) throw c.error('axes are required');
  const outRank = x.rank + axes.length;
  const norm = axes.map((a) => c.axis(a, outRank, 'axes entry')).sort((a, b) => a - b);
  for (const a of norm) x = g.expandDims(x, a);
  return x;
}

function squeeze(c: OpContext): Tensor {
  const x = c.input(0);
  const axes = c.opset >= 13 ? c.optValues(1) : c.ints('axes');
  if (!axes) return g.squeeze(x, x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0));
  return g.squeeze(x, axes.map((a) => c.axis(a, x.rank, 'axes entry')));
}

function flatten(c: OpContext): Tensor {
  const x = c.input(0);
  const axis = c.int('axis', 1);
  const a = axis < 0 ? axis + x.rank : axis;
  if (a < 0 || a > x.rank) throw c.error(`axis ${axis} is out of range for rank ${x.rank}`);
  const left = x.shape.slice(0, a), right = x.shape.slice(a);
  if (known(left)) return g.reshape(x, [prod(left), -1]);
  if (known(right)) return g.reshape(x, [-1, prod(right)]);
  throw c.error(`Flatten at axis ${axis} of [${x.shape}] has unknown dims on both sides`);
}

/** Numpy broadcast of two shapes (Expand is bidirectional). */
function broadcastShapes(c: OpContext, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw c.error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

function expand(c: OpContext): Tensor {
  const x = c.input(0);
  const out = broadcastShapes(c, x.shape, c.values(1));
  return g.broadcastTo(x, out);
}

function split(c: OpContext): Tensor[] {
  const x = c.input(0);
  const axis = c.axis(c.int('axis', 0), x.rank);
  const sizes = c.opset >= 13 ? c.optValues(1) : c.ints('split');
  if (sizes && sizes.length > 0) return g.split(x, sizes, axis);
  const n = c.numOutputs;
  const d = x.shape[axis]!;
  if (d < 0) throw c.error('splitting an axis of unknown size needs explicit sizes');
  const chunk = Math.ceil(d / n);
  // Equal parts; opset 18's num_outputs lets the last one be smaller.
  const parts = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
  return g.split(x, parts, axis);
}

function slice(c: OpContext): Tensor {
  const x = c.input(0);
  let starts: number[], ends: number[], axes: number[] | null, steps: number[] | null;
  if (c.opset >= 10) {
    starts = c.values(1); ends = c.values(2); axes = c.optValues(3); steps = c.optValues(4);
  } else {
    starts = c.ints('starts') ?? []; ends = c.ints('ends') ?? []; axes = c.ints('axes'); steps = null;
  }
  const r = x.rank;
  const begin = Array(r).fill(0), end = x.shape.map((d) => (d < 0 ? 0 : d)), stride = Array(r).fill(1);
  let beginMask = 0, endMask = 0;
  for (let i = 0; i < r; i++) endMask |= 1 << i;
  for (let i = 0; i < r; i++) beginMask |= 1 << i;
  starts.forEach((s, k) => {
    const ax = c.axis(axes ? axes[k]! : k, r, 'axes entry');
    const step = steps ? steps[k]! : 1;
    if (step === 0) throw c.error('steps must not be 0');
    const d = x.shape[ax]!;
    let e = ends[k]!;
    beginMask &= ~(1 << ax);
    endMask &= ~(1 << ax);
    stride[ax] = step;
    if (d < 0) {
      // Unknown size: stridedSlice clamps as ONNX does, except that a very large end means "to the end".
      begin[ax] = s;
      if ((step > 0 && e >= 2147483647) || (step < 0 && e <= -2147483647)) endMask |= 1 << ax;
      else end[ax] = e;
      return;
    }
    let b = s < 0 ? s + d : s;
    e = e < 0 ? e + d : e;
    if (step > 0) {
      b = Math.min(Math.max(b, 0), d);
      e = Math.min(Math.max(e, 0), d);
      begin[ax] = b; end[ax] = Math.max(e, b);
    } else {
      b = Math.min(Math.max(b, -1), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
      begin[ax] = b;
      if (e < 0) endMask |= 1 << ax; // through index 0 inclusive
      else end[ax] = Math.min(e, b);
      if (b < 0) { begin[ax] = 0; end[ax] = 0; stride[ax] = 1; endMask &= ~(1 << ax); }
    }
  });
  return g.stridedSlice(x, begin, end, stride, { beginMask, endMask });
}

function pad(c: OpContext): Tensor {
  let x = c.input(0);
  const mode = c.str('mode', 'constant');
  const r = x.rank;
  let pads: number[];
  let value = 0;
  let axes: number[] = Array.from({ length: r }, (_, i) => i);
  if (c.opset >= 11) {
    pads = c.values(1);
    const cv = c.optValues(2);
    if (cv && cv.length > 0) value = cv[0]!;
    const ax = c.optValues(3);
    if (ax) axes = ax.map((a) => c.axis(a, r, 'axes entry'));
  } else {
    pads = c.ints('pads') ?? [];
    value = c.float('value', 0);
  }
  const n = axes.length;
  if (pads.length !== 2 * n) throw c.error(`pads must have ${2 * n} entries, got ${pads.length}`);
  const full: [number, number][] = x.shape.map(() => [0, 0]);
  axes.forEach((a, k) => (full[a] = [pads[k]!, pads[k + n]!]));
  const grow = full.map(([b, e]) => [Math.max(b, 0), Math.max(e, 0)] as [number, number]);
  if (grow.some(([b, e]) => b > 0 || e > 0)) {
    if (mode === 'constant') x = g.pad(x, grow, 'CONSTANT', x.dtype === 'bool' ? value !== 0 : value);
    else if (mode === 'reflect') x = g.mirrorPad(x, grow, 'REFLECT');
    else if (mode === 'edge') x = edgePad(c, x, grow);
    else if (mode === 'wrap') x = wrapPad(c, x, grow);
    else throw c.error(`mode '${mode}' is not constant, reflect, edge or wrap`);
  }
  if (full.some(([b, e]) => b < 0 || e < 0)) {
    const begin = full.map(([b]) => Math.max(-b, 0));
    const size = x.shape.map((d, i) => d - begin[i]! - Math.max(-full[i]![1], 0));
    x = g.slice(x, begin, size);
  }
  return x;
}

/** Edge padding: gather with clamped indices along each padded axis. */
function edgePad(c: OpContext, x: Tensor, pads: [number, number][]): Tensor {
  pads.forEach(([b, e], ax) => {
    if (b === 0 && e === 0) return;
    const d = x.shape[ax]!;
    if (d < 0) throw c.error('edge padding needs known sizes');
    const idx = Array.from({ length: d + b + e }, (_, i) => Math.min(Math.max(i - b, 0), d - 1));
    x = g.gather(x, g.tensor(idx, [idx.length], 'int32'), ax);
  });
  return x;
}

function wrapPad(c: OpContext, x: Tensor, pads: [number, number][]): Tensor {
  pads.forEach(([b, e], ax) => {
    if (b === 0 && e === 0) return;
    const d = x.shape[ax]!;
    if (d < 0) throw c.error('wrap padding needs known sizes');
    const idx = Array.from({ length: d + b + e }, (_, i) => (((i - b) % d) + d) % d);
    x = g.gather(x, g.tensor(idx, [idx.length], 'int32'), ax);
  });
  return x;
}

/** DepthToSpace (DCR or CRD order) and SpaceToDepth on NCHW, as reshape-transpose-reshape. */
function depthToSpace(c: OpContext): Tensor {
  const x = c.input(0);
  const b = c.int('blocksize', 0);
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  if (x.rank !== 4 || b < 1 || ch % (b * b) !== 0) throw c.error(`needs an NCHW input whose channels divide by blocksize^2, got [${x.shape}] and blocksize ${b}`);
  const cOut = ch / (b * b);
  const crd = c.str('mode', 'DCR') === 'CRD';
  const t = crd
    ? g.transpose(g.reshape(x, [n, cOut, b, b, h, w]), [0, 1, 4, 2, 5, 3])
    : g.transpose(g.reshape(x, [n, b, b, cOut, h, w]), [0, 3, 4, 1, 5, 2]);
  return g.reshape(t, [n, cOut, h * b, w * b]);
}

function spaceToDepth(c: OpContext): Tensor {
  const x = c.input(0);
  const b = c.int('blocksize', 0);
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  if (x.rank !== 4 || b < 1 || h % b !== 0 || w % b !== 0) throw c.error(`needs an NCHW input whose height and width divide by blocksize, got [${x.shape}] and blocksize ${b}`);
  const t = g.transpose(g.reshape(x, [n, ch, h / b, b, w / b, b]), [0, 3, 5, 1, 2, 4]);
  return g.reshape(t, [n, ch * b * b, h / b, w / b]);
}

/** Output specs of shape ops whose shape argument is only known at run time. */
const unknownOfRank = (rank: number, dtype: Tensor['dtype']) => [{ shape: Array(rank).fill(-1), dtype }];

export const SHAPE_OPS: Record<string, OpDef> = {
  Reshape: { staticInputs: [1], translate: reshape, runtimeShapes: (c) => unknownOfRank(c.input(1).shape[0]!, c.input(0).dtype) },
  Shape: {
    translate: shapeOf,
    runtimeShapes: (c) => {
      const r = c.input(0).rank;
      const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
      return [{ shape: [Math.max(0, clampIdx(c.int('end', r)) - clampIdx(c.int('start', 0)))], dtype: 'int32' }];
    },
  },
  Size: {
    translate: (c) => {
      if (!known(c.input(0).shape)) throw new NeedsRuntimeValue();
      return g.scalar(prod(c.input(0).shape), 'int32');
    },
    runtimeShapes: () => [{ shape: [], dtype: 'int32' }],
  },
  Flatten: { translate: flatten },
  Squeeze: { staticInputs: [1], translate: squeeze },
  Unsqueeze: { staticInputs: [1], translate: unsqueeze },
  Transpose: {
    translate: (c) => {
      const x = c.input(0);
      return g.transpose(x, c.ints('perm') ?? x.shape.map((_, i) => x.rank - 1 - i));
    },
  },
  Expand: { staticInputs: [1], translate: expand, runtimeShapes: (c) => unknownOfRank(Math.max(c.input(0).rank, c.input(1).shape[0]!), c.input(0).dtype) },
  Tile: { staticInputs: [1], translate: (c) => g.tile(c.input(0), c.values(1)), runtimeShapes: (c) => unknownOfRank(c.input(0).rank, c.input(0).dtype) },
  Concat: {
    translate: (c) => {
      const xs = c.inputs.filter((t): t is Tensor => !!t);
      return g.concat(xs, c.axis(c.int('axis', 0), xs[0]!.rank));
    },
  },
  Split: { staticInputs: [1], translate: split },
  DepthToSpace: { translate: depthToSpace },
  SpaceToDepth: { translate: spaceToDepth },
  Slice: { staticInputs: [1, 2, 3, 4], translate: slice, runtimeShapes: (c) => unknownOfRank(c.input(0).rank, c.input(0).dtype) },
  Pad: { staticInputs: [1, 2, 3], translate: pad, runtimeShapes: (c) => unknownOfRank(c.input(0).rank, c.input(0).dtype) },
};
