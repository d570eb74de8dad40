/**
 * Indexing operators: Gather (negative indices), GatherElements, GatherND, ScatterND, OneHot, Trilu, TopK and
 * NonZero. TopK and NonZero pick indices in JS (their outputs are data-dependent) and gather values with public
 * ops, so TopK's values stay differentiable.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import { NeedsRuntimeValue as NeedsRuntime, type OpContext, type OpDef } from '../op_context.js';

/** Adds the axis size to negative indices (ONNX allows them; tensorlane's gather does not). */
function wrapIndices(idx: Tensor, size: number): Tensor {
  const i32 = idx.dtype === 'int32' ? idx : g.cast(idx, 'int32');
  if (size < 0) return i32;
  return g.where(g.less(i32, g.scalar(0, 'int32')), g.add(i32, g.scalar(size, 'int32')), i32);
}

function gather(c: OpContext): Tensor {
  const x = c.input(0);
  const axis = c.axis(c.int('axis', 0), x.rank);
  return g.gather(x, wrapIndices(c.input(1), x.shape[axis]!), axis);
}

/** Full coordinates [..., rank] for GatherElements: the index tensor on `axis`, the position elsewhere. */
function elementCoords(c: OpContext, idx: Tensor, axis: number, rank: number): Tensor {
  const shape = idx.shape;
  if (shape.some((d) => d < 0)) throw c.error('GatherElements/ScatterElements need known index shapes');
  const parts = shape.map((d, ax) => {
    if (ax === axis) return idx;
    const r = g.reshape(g.range(0, d, 1, 'int32'), shape.map((s, k) => (k === ax ? d : 1)));
    return g.broadcastTo(r, shape);
  });
  return g.stack(parts.slice(0, rank), -1);
}

function gatherElements(c: OpContext): Tensor {
  const x = c.input(0);
  const axis = c.axis(c.int('axis', 0), x.rank);
  const idx = wrapIndices(c.input(1), x.shape[axis]!);
  return g.gatherND(x, elementCoords(c, idx, axis, x.rank));
}

function gatherND(c: OpContext): Tensor {
  if (c.int('batch_dims', 0) !== 0) throw c.error('batch_dims other than 0 is not supported');
  return g.gatherND(c.input(0), g.cast(c.input(1), 'int32'));
}

function scatterND(c: OpContext): Tensor {
  const data = c.input(0), idx = g.cast(c.input(1), 'int32'), upd = c.input(2);
  const reduction = c.str('reduction', 'none');
  if (data.shape.some((d) => d < 0)) throw c.error('ScatterND needs a known data shape');
  const scattered = g.scatterND(idx, upd, data.shape);
  if (reduction === 'add') return g.add(data, scattered);
  if (reduction !== 'none') throw c.error(`reduction '${reduction}' is not supported (none, add)`);
  const mask = g.greater(g.scatterND(idx, g.onesLike(g.cast(upd, 'float32')), data.shape), g.scalar(0, 'float32'));
  return g.where(mask, scattered, data);
}

/** ScatterElements: ScatterND with full coordinates built as GatherElements builds them. */
function scatterElements(c: OpContext): Tensor {
  const data = c.input(0), upd = c.input(2);
  const axis = c.axis(c.int('axis', 0), data.rank);
  if (data.shape.some((d) => d < 0)) throw c.error('ScatterElements needs a known data shape');
  const coords = elementCoords(c, wrapIndices(c.input(1), data.shape[axis]!), axis, data.rank);
  const reduction = c.str('reduction', 'none');
  const scattered = g.scatterND(coords, upd, data.shape);
  if (reduction === 'add') return g.add(data, scattered);
  if (reduction !== 'none') throw c.error(`reduction '${reduction}' is not supported (none, add)`);
  const mask = g.greater(g.scatterND(coords, g.onesLike(g.cast(upd, 'float32')), data.shape), g.scalar(0, 'float32'));
  return g.where(mask, scattered, data);
}

function oneHot(c: OpContext): Tensor {
  const indices = c.input(0);
  const depth = c.values(1)[0]!;
  const vals = c.input(2);
  const rank = indices.rank + 1;
  const axis = c.axis(c.int('axis', -1), rank);
  const idx = wrapIndices(indices, depth);
  const positions = g.reshape(g.range(0, depth, 1, 'int32'), Array.from({ length: rank }, (_, k) => (k === axis ? depth : 1)));
  const hit = g.equal(g.expandDims(idx, axis), positions);
  const [off, on] = g.split(vals, 2, 0).map((t) => g.reshape(t, []));
  return g.where(hit, on!, off!);
}

function trilu(c: OpContext): Tensor {
  const x = c.input(0);
  const k = c.opt(1) ? c.values(1)[0]! : 0;
  const upper = c.int('upper', 1) === 1;
  const [n, m] = x.shape.slice(-2) as [number, number];
  if (n < 0 || m < 0) throw c.error('Trilu needs the last two dims known');
  const mask: boolean[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) mask.push(upper ? j - i >= k : j - i <= k);
  return g.where(g.tensor(mask, [n, m], 'bool'), x, g.zerosLike(x));
}

function topK(c: OpContext): Tensor[] {
  const x = c.input(0);
  const k = c.opset >= 10 ? c.values(1)[0]! : c.int('k', 1);
  const axis = c.axis(c.int('axis', -1), x.rank);
  const largest = c.int('largest', 1) === 1;
  if (x.isSymbolic) throw c.error('internal: TopK runs on concrete values');
  const data = Array.from(x.dataSync() as ArrayLike<number>, Number);
  const shape = x.shape;
  const d = shape[axis]!;
  if (k < 0 || k > d) throw c.error(`k ${k} is out of range for axis size ${d}`);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Int32Array(outer * k * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const order = Array.from({ length: d }, (_, j) => j);
      const at = (j: number) => data[(o * d + j) * inner + i]!;
      // Ties keep the lower index first, as ONNX requires for sorted output.
      order.sort((a, b) => (at(a) === at(b) ? a - b : largest ? at(b) - at(a) : at(a) - at(b)));
      for (let j = 0; j < k; j++) out[(o * k + j) * inner + i] = order[j]!;
    }
  }
  const idxShape = shape.map((s, a) => (a === axis ? k : s));
  const idx = g.tensor(out, idxShape, 'int32');
  const values = g.gatherND(x, elementCoords(c, idx, axis, x.rank));
  return [values, idx];
}

function nonZero(c: OpContext): Tensor {
  const x = c.input(0);
  const data = x.dataSync() as ArrayLike<number>;
  const coords: number[][] = x.shape.map(() => []);
  const strides = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let f = 0; f < data.length; f++) {
    if (!data[f]) continue;
    strides.forEach((s, ax) => coords[ax]!.push(Math.floor(f / s) % x.shape[ax]!));
  }
  const n = coords[0]?.length ?? (data[0] ? 1 : 0);
  return g.tensor(coords.flat(), [x.rank, n], 'int32');
}

/** TopK and NonZero read their input's data, so with a symbolic input they run at run time. */
const needsData = (f: (c: OpContext) => Tensor | Tensor[]) => (c: OpContext) => {
  if (c.input(0).isSymbolic) throw new NeedsRuntime();
  return f(c);
};


export const INDEXING_OPS: Record<string, OpDef> = {
  Gather: { translate: gather },
  GatherElements: { translate: gatherElements },
  GatherND: { translate: gatherND },
  ScatterND: { translate: scatterND },
  ScatterElements: { translate: scatterElements },
  OneHot: { staticInputs: [1], translate: oneHot },
  Trilu: { staticInputs: [1], translate: trilu },
  TopK: { staticInputs: [1],
    translate: needsData(topK),
    runtimeShapes: (c) => {
      const x = c.input(0);
      const axis = c.axis(c.int('axis', -1), x.rank);
      const k = c.opset >= 10 && c.isStatic(1) ? c.values(1)[0]! : c.opset < 10 ? c.int('k', 1) : -1;
      const s = x.shape.map((d, a) => (a === axis ? k : d));
      return [{ shape: s, dtype: x.dtype }, { shape: s, dtype: 'int32' }];
    },
  },
  NonZero: { translate: needsData(nonZero), runtimeShapes: (c) => [{ shape: [c.input(0).rank, -1], dtype: 'int32' }] },
};
