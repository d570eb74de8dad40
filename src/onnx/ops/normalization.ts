/**
 * BatchNormalization (inference form, running statistics), LayerNormalization, InstanceNormalization and
 * Softmax/LogSoftmax/Hardmax, composed from public ops so an imported network stays differentiable.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

/** [C] -> [1, C, 1, ...] to broadcast over an NC... tensor. */
function perChannel(v: Tensor, rank: number): Tensor {
  return g.reshape(v, [1, -1, ...Array(rank - 2).fill(1)]);
}

function batchNorm(c: OpContext): Tensor {
  const x = c.input(0);
  if (c.int('training_mode', 0) === 1) throw c.error('training_mode=1 is not supported (import for inference or fine-tune with the running statistics)');
  const eps = c.float('epsilon', 1e-5);
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => perChannel(c.input(i), x.rank)) as [Tensor, Tensor, Tensor, Tensor];
  const inv = g.mul(scale, g.rsqrt(g.add(variance, g.scalar(eps, variance.dtype))));
  return g.add(g.mul(g.sub(x, mean), inv), bias);
}

function layerNorm(c: OpContext): (Tensor | null)[] {
  const x = c.input(0);
  const axis = c.axis(c.int('axis', -1), x.rank);
  const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
  const eps = c.float('epsilon', 1e-5);
  const mean = g.mean(x, axes, true);
  const centered = g.sub(x, mean);
  const variance = g.mean(g.square(centered), axes, true);
  const invStd = g.rsqrt(g.add(variance, g.scalar(eps, x.dtype)));
  let y = g.mul(centered, invStd);
  y = g.mul(y, c.input(1));
  const b = c.opt(2);
  if (b) y = g.add(y, b);
  return [y, mean, invStd];
}

function instanceNorm(c: OpContext): Tensor {
  const x = c.input(0);
  const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
  const eps = c.float('epsilon', 1e-5);
  const mean = g.mean(x, axes, true);
  const centered = g.sub(x, mean);
  const variance = g.mean(g.square(centered), axes, true);
  const y = g.mul(centered, g.rsqrt(g.add(variance, g.scalar(eps, x.dtype))));
  return g.add(g.mul(y, perChannel(c.input(1), x.rank)), perChannel(c.input(2), x.rank));
}

/**
 * Opset < 13 coerces the input to 2-D at `axis` (default 1) and normalizes each row; opset >= 13 normalizes
 * along `axis` (default -1).
 */
function softmaxFamily(f: (x: Tensor, axis: number) => Tensor) {
  return (c: OpContext): Tensor => {
    const x = c.input(0);
    if (c.opset >= 13) return f(x, c.axis(c.int('axis', -1), x.rank));
    const axis = c.axis(c.int('axis', 1), Math.max(x.rank, 1));
    if (axis === x.rank - 1) return f(x, -1);
    const rows = x.shape.slice(0, axis);
    const cols = x.shape.slice(axis);
    if (cols.some((d) => d < 0)) throw c.error(`opset ${c.opset} softmax over axis ${axis} needs the trailing dims known`);
    const inner = cols.reduce((a, b) => a * b, 1);
    const y = f(g.reshape(x, [-1, inner]), -1);
    return g.reshape(y, rows.some((d) => d < 0) ? [-1, ...cols] : x.shape);
  };
}

function hardmax(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis < 0 ? x.rank + axis : axis]!;
  const idx = g.argMax(x, axis < 0 ? x.rank + axis : axis);
  return g.oneHot(idx, n, 1, 0, x.dtype, axis);
}

export const NORMALIZATION_OPS: Record<string, OpDef> = {
  BatchNormalization: { frozenInputs: [3, 4], translate: batchNorm },
  LayerNormalization: { translate: layerNorm },
  InstanceNormalization: { translate: instanceNorm },
  Softmax: { translate: softmaxFamily((x, a) => g.softmax(x, a)) },
  LogSoftmax: { translate: softmaxFamily((x, a) => g.logSoftmax(x, a)) },
  Hardmax: { translate: softmaxFamily(hardmax) },
};
