/**
 * MaxPool, AveragePool (count_include_pad, ceil_mode), GlobalAveragePool and GlobalMaxPool, 1-D to 3-D, on
 * tensorlane's NCHW / NCDHW pools. Explicit pads of tensorlane's pools are left out of max and out of the
 * average's count, which is ONNX's default; count_include_pad=1 pads with zeros first. ceil_mode adds end
 * padding for the last window. Dilated windows are built from strided slices (dilated_pool.ts).
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';
import { spatialParams } from './conv_util.js';
import { dilatedPool, pooledSize } from './dilated_pool.js';

function pool(c: OpContext, kind: 'max' | 'avg'): Tensor {
  let x = c.input(0);
  const nSpatial = x.rank - 2;
  if (nSpatial < 1 || nSpatial > 3) throw c.error(`only 1-D, 2-D and 3-D pooling is supported, got input shape [${x.shape}]`);
  if (c.numOutputs > 1) throw c.error('the Indices output of MaxPool is not supported');
  const kernel = c.ints('kernel_shape');
  if (!kernel) throw c.error(`attribute 'kernel_shape' is required`);
  const p = spatialParams(c, x.shape.slice(2), kernel);
  const ceil = c.int('ceil_mode', 0) === 1;
  const countIncludePad = kind === 'avg' && c.int('count_include_pad', 0) === 1;
  if (p.dilations.some((d) => d !== 1)) return dilatedPool(c, x, p, kind, ceil, countIncludePad);
  if (ceil) {
    x.shape.slice(2).forEach((size, i) => {
      if (size < 0) throw c.error('ceil_mode needs known spatial sizes');
      const [b, e] = p.pads[i]!;
      const out = pooledSize(size, [b, e], p.kernel[i]!, p.strides[i]!, true);
      p.pads[i]![1] = Math.max(e, (out - 1) * p.strides[i]! + p.kernel[i]! - size - b);
    });
  }
  if (countIncludePad && p.pads.some(([b, e]) => b > 0 || e > 0)) {
    const declared = c.ints('pads');
    const zeroPads = p.pads.map(([b, e], i) => [b, declared ? declared[i + nSpatial]! : e] as [number, number]);
    x = g.pad(x, [[0, 0], [0, 0], ...zeroPads]);
    p.pads = p.pads.map(([, e], i) => [0, e - zeroPads[i]![1]]);
  }
  if (nSpatial === 1) {
    x = g.expandDims(x, 2);
    p.kernel.unshift(1); p.strides.unshift(1); p.pads.unshift([0, 0]);
  }
  if (nSpatial === 3) {
    const f3d = kind === 'max' ? g.maxPool3d : g.avgPool3d;
    return f3d(x, p.kernel, p.strides, p.pads, { dataFormat: 'NCDHW' });
  }
  const f = kind === 'max' ? g.maxPool : g.avgPool;
  let y = f(x, p.kernel, p.strides, p.pads, { dataFormat: 'NCHW' });
  if (nSpatial === 1) y = g.squeeze(y, [2]);
  return y;
}

const spatialAxes = (x: Tensor) => Array.from({ length: x.rank - 2 }, (_, i) => i + 2);

export const POOL_OPS: Record<string, OpDef> = {
  MaxPool: { translate: (c) => pool(c, 'max') },
  AveragePool: { translate: (c) => pool(c, 'avg') },
  GlobalAveragePool: { translate: (c) => g.mean(c.input(0), spatialAxes(c.input(0)), true) },
  GlobalMaxPool: { translate: (c) => g.max(c.input(0), spatialAxes(c.input(0)), true) },
};
