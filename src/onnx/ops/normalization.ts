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

/** LRN across channels: x / (bias + alpha / size * sum of squares over the window)^beta. */
function lrn(c: OpContext): Tensor {
  const x = c.input(0);
  const size = c.int('size', 0);
  if (size < 1) throw c.error(`size must be a positive integer, got ${size}`);
  const alpha = c.float('alpha', 1e-4), beta = c.float('beta', 0.75), bias = c.float('bias', 1);
  const C = x.shape[1]!;
  const before = Math.floor((size - 1) / 2), after = Math.ceil((size - 1) / 2);
  const sq = g.pad(g.square(x), [[0, 0], [before, after], ...Array(x.rank - 2).fill([0, 0])]);
  let sum: Tensor | null = null;
  for (let j = 0; j < size; j++) {
    const part = g.slice(sq, [0, j, ...Array(x.rank - 2).fill(0)], [-1, C, ...Array(x.rank - 2).fill(-1)]);
    sum = sum ? g.add(sum, part) : part;
  }
  const s = (v: number) => g.scalar(v, x.dtype);
  return g.div(x, g.pow(g.add(s(bias), g.mul(s(alpha / size), sum!)), s(beta)));
}

function lpNormalization(c: OpContext): Tensor {
  const x = c.input(0);
  const axis = c.axis(c.int('axis', -1), x.rank);
  const p = c.int('p', 2);
  if (p !== 1 && p !== 2) throw c.error(`p must be 1 or 2, got ${p}`);
  const norm = p === 1 ? g.sum(g.abs(x), [axis], true) : g.sqrt(g.sum(g.square(x), [axis], true));
  return g.div(x, norm);
}

function meanVarianceNormalization(c: OpContext): Tensor {
  const x = c.input(0);
  const axes = (c.ints('axes') ?? [0, 2, 3]).map((a) => c.axis(a, x.rank, 'axes entry'));
  const mean = g.mean(x, axes, true);
  const centered = g.sub(x, mean);
  const std = g.sqrt(g.mean(g.square(centered), axes, true));
  return g.div(centered, g.add(std, g.scalar(1e-9, x.dtype)));
}

export const NORMALIZATION_OPS: Record<string, OpDef> = {
  BatchNormalization: { frozenInputs: [3, 4], translate: batchNorm },
  LayerNormalization: { translate: layerNorm },
  InstanceNormalization: { translate: instanceNorm },
  LRN: { translate: lrn },
  LpNormalization: { translate: lpNormalization },
  MeanVarianceNormalization: { translate: meanVarianceNormalization },
  Softmax: { translate: softmaxFamily((x, a) => g.softmax(x, a)) },
  LogSoftmax: { translate: softmaxFamily((x, a) => g.logSoftmax(x, a)) },
  Hardmax: { translate: softmaxFamily(hardmax) },
};
