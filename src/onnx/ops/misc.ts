/** Identity, Dropout (inference), Cast, CastLike, Constant, ConstantOfShape, Range, Clip and CumSum. */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import { laneDTypeOf } from '../model_proto.js';
import type { OpContext, OpDef } from '../op_context.js';

function constant(c: OpContext): Tensor {
  const t = c.tensorAttr('value');
  if (t) return g.tensor(t.data, t.dims, t.dtype);
  const f = c.attrs.get('value_float')?.f;
  if (f !== undefined) return g.scalar(f, 'float32');
  const fs = c.floats('value_floats');
  if (fs) return g.tensor(fs, [fs.length], 'float32');
  if (c.has('value_int')) return g.scalar(c.int('value_int', 0), 'int32');
  const is = c.ints('value_ints');
  if (is) return g.tensor(is, [is.length], 'int32');
  throw c.error('needs one of value, value_float(s), value_int(s) (string and sparse constants are not supported)');
}

function constantOfShape(c: OpContext): Tensor {
  const shape = c.values(0);
  const v = c.tensorAttr('value');
  if (!v) return g.zeros(shape, 'float32');
  return g.fill(shape, v.dtype === 'bool' ? v.data[0] !== 0 : v.data[0]!, v.dtype);
}

function clip(c: OpContext): Tensor {
  const x = c.input(0);
  if (c.opset < 11) {
    return g.clipByValue(x, c.float('min', -3.4028234663852886e38), c.float('max', 3.4028234663852886e38));
  }
  let y = x;
  const lo = c.opt(1), hi = c.opt(2);
  if (lo) y = g.maximum(y, lo);
  if (hi) y = g.minimum(y, hi);
  return y;
}

function range(c: OpContext): Tensor {
  const [start, limit, delta] = [0, 1, 2].map((i) => c.values(i)[0]!) as [number, number, number];
  if (delta === 0) throw c.error('delta must not be 0');
  const dtype = c.input(0).dtype;
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  const vals = Array.from({ length: n }, (_, i) => start + i * delta);
  return g.tensor(vals, [n], dtype);
}

function eyeLike(c: OpContext): Tensor {
  const x = c.input(0);
  const [n, m] = x.shape as [number, number];
  if (x.rank !== 2 || n < 0 || m < 0) throw c.error(`needs a 2-D input of known shape, got [${x.shape}]`);
  const k = c.int('k', 0);
  const dtype = c.has('dtype') ? laneDTypeOf(c.int('dtype', 1), `onnx EyeLike node '${c.node}'`) : x.dtype;
  const vals: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) vals.push(j - i === k ? 1 : 0);
  return dtype === 'bool' ? g.tensor(vals.map(Boolean), [n, m], 'bool') : g.tensor(vals, [n, m], dtype);
}

export const MISC_OPS: Record<string, OpDef> = {
  Identity: { translate: (c) => g.identity(c.input(0)) },
  Dropout: {
    // Inference: the identity; the optional mask is all true.
    translate: (c) => [g.identity(c.input(0)), c.numOutputs > 1 ? g.onesLike(g.cast(c.input(0), 'bool')) : null],
  },
  Cast: {
    translate: (c) => {
      const to = laneDTypeOf(c.int('to', 0), `onnx Cast node '${c.node}'`);
      const x = c.input(0);
      return x.dtype === to ? g.identity(x) : g.cast(x, to);
    },
  },
  CastLike: {
    translate: (c) => {
      const x = c.input(0), to = c.input(1).dtype;
      return x.dtype === to ? g.identity(x) : g.cast(x, to);
    },
  },
  Constant: { translate: constant },
  ConstantOfShape: { staticInputs: [0],
    translate: constantOfShape,
    runtimeShapes: (c) => [{ shape: Array(c.input(0).shape[0]!).fill(-1), dtype: c.tensorAttr('value')?.dtype ?? 'float32' }],
  },
  Range: { staticInputs: [0, 1, 2], translate: range, runtimeShapes: (c) => [{ shape: [-1], dtype: c.input(0).dtype }] },
  Clip: { translate: clip },
  EyeLike: { translate: eyeLike },
  CumSum: { staticInputs: [1],
    translate: (c) => {
      const x = c.input(0);
      return g.cumsum(x, c.axis(c.values(1)[0]!, x.rank), c.int('exclusive', 0) === 1, c.int('reverse', 0) === 1);
    },
  },
};
