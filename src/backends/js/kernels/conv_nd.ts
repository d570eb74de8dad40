/**
 * Direct-loop N-d convolution (1 to 3 spatial dims) for the js reference backend: the forward pass and its
 * two adjoints, over a precomputed table of which input position each (output position, filter tap) reads.
 * Everything accumulates in float64, so float32 results round once at the end. The contract (layouts, pads,
 * groups) is documented with the kernel names in src/core/kernel_names.ts.
 */
import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { TensorlaneError } from '../../../core/errors.js';
import type { ConvAttrs } from '../../../core/kernel_attrs.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';

/** Geometry of one convolution in flat-index terms, independent of the data format. */
interface Geometry {
  batch: number;
  inC: number;
  outC: number;
  groups: number;
  inSpatial: number[];
  outSpatial: number[];
  kSpatial: number[];
  /** x strides: per batch, per channel, per flat spatial position (same for y with outSpatial). */
  xBatch: number; xChan: number; xPos: number;
  yBatch: number; yChan: number; yPos: number;
}

function geometry(xShape: readonly number[], filterShape: readonly number[], yShape: readonly number[], a: ConvAttrs): Geometry {
  const n = filterShape.length - 2;
  const last = a.dataFormat.endsWith('C');
  const spatial = (s: readonly number[]) => (last ? s.slice(1, n + 1) : s.slice(2));
  const inSpatial = spatial(xShape);
  const outSpatial = spatial(yShape);
  const inC = last ? xShape[n + 1]! : xShape[1]!;
  const outC = filterShape[n + 1]!;
  const inS = sizeFromShape(inSpatial);
  const outS = sizeFromShape(outSpatial);
  if (inC !== filterShape[n]! * a.groups || (last ? yShape[n + 1] : yShape[1]) !== outC) {
    throw new TensorlaneError(`conv kernel: inconsistent shapes x ${xShape}, filter ${filterShape}, y ${yShape}, groups ${a.groups}`);
  }
  return {
    batch: xShape[0]!,
    inC,
    outC,
    groups: a.groups,
    inSpatial,
    outSpatial,
    kSpatial: filterShape.slice(0, n),
    xBatch: inS * inC, xChan: last ? 1 : inS, xPos: last ? inC : 1,
    yBatch: outS * outC, yChan: last ? 1 : outS, yPos: last ? outC : 1,
  };
}

/**
 * For every (output position, filter tap) pair, the flat input position it reads, or -1 where the tap falls
 * in the padding. Size outPositions * taps: linear in the work the convolution does anyway.
 */
function windowTable(g: Geometry, a: ConvAttrs): Int32Array {
  const n = g.kSpatial.length;
  const outS = sizeFromShape(g.outSpatial);
  const taps = sizeFromShape(g.kSpatial);
  const table = new Int32Array(outS * taps);
  const oc = new Array<number>(n).fill(0);
  for (let p = 0; p < outS; p++) {
    // oc: coordinates of output position p (row-major).
    let rem = p;
    for (let d = n - 1; d >= 0; d--) {
      oc[d] = rem % g.outSpatial[d]!;
      rem = Math.floor(rem / g.outSpatial[d]!);
    }
    for (let t = 0; t < taps; t++) {
      let tr = t;
      let flat = 0;
      let mult = 1;
      let inside = true;
      for (let d = n - 1; d >= 0; d--) {
        const k = tr % g.kSpatial[d]!;
        tr = Math.floor(tr / g.kSpatial[d]!);
        const i = oc[d]! * a.strides[d]! - a.pads[2 * d]! + k * a.dilations[d]!;
        if (i < 0 || i >= g.inSpatial[d]!) {
          inside = false;
          break;
        }
        flat += i * mult;
        mult *= g.inSpatial[d]!;
      }
      table[p * taps + t] = inside ? flat : -1;
    }
  }
  return table;
}

/*
 * The three loops walk every (batch b, output position p, filter tap t) whose input position lies inside x
 * (window table entry >= 0). Innermost runs over a group's output channels, contiguous in the HWIO filter;
 * `row` holds one output position's channels contiguously (accumulated for y, gathered from dy). They are
 * written out separately, not through a shared callback, so each stays a tight monomorphic loop.
 */

function forwardLoop(g: Geometry, a: ConvAttrs, xv: ArrayLike<number>, wv: ArrayLike<number>, acc: Float64Array): void {
  const table = windowTable(g, a);
  const taps = sizeFromShape(g.kSpatial), outS = sizeFromShape(g.outSpatial);
  const { groups, xChan, yChan, xBatch, xPos, yBatch, yPos } = g;
  const cg = g.inC / groups, og = g.outC / groups, O = g.outC;
  const row = new Float64Array(O);
  for (let b = 0; b < g.batch; b++) {
    for (let p = 0; p < outS; p++) {
      row.fill(0);
      for (let t = 0; t < taps; t++) {
        const ip = table[p * taps + t]!;
        if (ip < 0) continue;
        const xp = b * xBatch + ip * xPos;
        for (let gr = 0; gr < groups; gr++) {
          const o0 = gr * og;
          for (let c = 0; c < cg; c++) {
            const xval = xv[xp + (gr * cg + c) * xChan]!;
            const w0 = (t * cg + c) * O + o0;
            for (let k = 0; k < og; k++) row[o0 + k] += xval * wv[w0 + k]!;
          }
        }
      }
      const yBase = b * yBatch + p * yPos;
      for (let o = 0; o < O; o++) acc[yBase + o * yChan] = row[o]!;
    }
  }
}

/**
 * The walk both backprops share: for every batch entry and output position (dy's channels copied to `row`),
 * every tap that reads inside x, every group and input channel c of it, calls visit(xi, w0, o0): xi = x's
 * index for (position, tap, channel), w0 = the filter index of (tap, c, first output channel o0 of the group);
 * the group's og output channels follow at w0 + k and row[o0 + k].
 */
function forEachTapChannel(g: Geometry, a: ConvAttrs, dyv: ArrayLike<number>, row: Float64Array,
  visit: (xi: number, w0: number, o0: number) => void): void {
  const table = windowTable(g, a);
  const taps = sizeFromShape(g.kSpatial), outS = sizeFromShape(g.outSpatial);
  const { groups, xChan, yChan, xBatch, xPos, yBatch, yPos } = g;
  const cg = g.inC / groups, og = g.outC / groups, O = g.outC;
  for (let b = 0; b < g.batch; b++) {
    for (let p = 0; p < outS; p++) {
      const yBase = b * yBatch + p * yPos;
      for (let o = 0; o < O; o++) row[o] = dyv[yBase + o * yChan]!;
      for (let t = 0; t < taps; t++) {
        const ip = table[p * taps + t]!;
        if (ip < 0) continue;
        const xp = b * xBatch + ip * xPos;
        for (let gr = 0; gr < groups; gr++)
          for (let c = 0; c < cg; c++) visit(xp + (gr * cg + c) * xChan, (t * cg + c) * O + gr * og, gr * og);
      }
    }
  }
}

function backpropInputLoop(g: Geometry, a: ConvAttrs, wv: ArrayLike<number>, dyv: ArrayLike<number>, acc: Float64Array): void {
  const og = g.outC / g.groups;
  const row = new Float64Array(g.outC);
  forEachTapChannel(g, a, dyv, row, (xi, w0, o0) => {
    let s = 0;
    for (let k = 0; k < og; k++) s += row[o0 + k]! * wv[w0 + k]!;
    acc[xi] += s;
  });
}

function backpropFilterLoop(g: Geometry, a: ConvAttrs, xv: ArrayLike<number>, dyv: ArrayLike<number>, acc: Float64Array): void {
  const og = g.outC / g.groups;
  const row = new Float64Array(g.outC);
  forEachTapChannel(g, a, dyv, row, (xi, w0, o0) => {
    const xval = xv[xi]!;
    for (let k = 0; k < og; k++) acc[w0 + k] += xval * row[o0 + k]!;
  });
}

/** y = conv(x, filter), of the shape the op inferred. */
export const convForward: KernelFn<'Conv2D' | 'Conv3D'> = (inputs, a, backend, outs) => {
  const [x, w] = inputs as [TensorInfo, TensorInfo];
  const yShape = outs[0]!.shape;
  const js = asJs(backend);
  const g = geometry(x.shape, w.shape, yShape, a);
  const [out, o] = js.makeOutput(yShape, x.dtype);
  const acc = new Float64Array(o.length);
  forwardLoop(g, a, js.readSync(x.dataId) as Float64Array, js.readSync(w.dataId) as Float64Array, acc);
  (o as Float64Array).set(acc);
  return out;
};

/** dx of shape attrs.inputShape from dy and the filter. */
export const convBackpropInput: KernelFn<'Conv2DBackpropInput' | 'Conv3DBackpropInput'> = (inputs, a, backend) => {
  const [dy, w] = inputs as [TensorInfo, TensorInfo];
  const xShape = a.inputShape;
  const js = asJs(backend);
  const g = geometry(xShape, w.shape, dy.shape, a);
  const [out, o] = js.makeOutput(xShape, dy.dtype);
  const acc = new Float64Array(o.length);
  backpropInputLoop(g, a, js.readSync(w.dataId) as Float64Array, js.readSync(dy.dataId) as Float64Array, acc);
  (o as Float64Array).set(acc);
  return out;
};

/** dfilter of shape attrs.filterShape from x and dy. */
export const convBackpropFilter: KernelFn<'Conv2DBackpropFilter' | 'Conv3DBackpropFilter'> = (inputs, a, backend) => {
  const [x, dy] = inputs as [TensorInfo, TensorInfo];
  const wShape = a.filterShape;
  const js = asJs(backend);
  const g = geometry(x.shape, wShape, dy.shape, a);
  const [out, o] = js.makeOutput(wShape, x.dtype);
  const acc = new Float64Array(o.length);
  backpropFilterLoop(g, a, js.readSync(x.dataId) as Float64Array, js.readSync(dy.dataId) as Float64Array, acc);
  (o as Float64Array).set(acc);
  return out;
};
