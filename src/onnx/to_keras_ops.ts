/**
 * How each ONNX op type becomes tl.keras layers (tl.onnx.toKeras): the registry of handlers, and those for
 * dense layers (Gemm, MatMul; MatMul of two activations -> Dot), normalizations, activations, and the ops that
 * reshape, permute, join or merge. ONNX lays images out NCHW, so normalizations use axis 1; Gemm's weights
 * become Dense's [in, units]. Convolutions and pools are in to_keras_conv_ops.ts, padding, cropping and
 * upsampling in to_keras_spatial_ops.ts.
 */
import type { Tensor } from '../core/tensor.js';
import * as g from '../graph/graph_ops.generated.js';
import {
  Activation, Add, Average, BatchNormalization, Concatenate, Dense, Dot, Dropout, ELU, Flatten, LayerNormalization, LeakyReLU,
  Maximum, Minimum, Multiply, Permute, PReLU, ReLU, Reshape, Softmax, Subtract, ThresholdedReLU,
} from '../keras/layers.js';
import type { Layer } from '../layers/base_layer.js';
import type { KNode } from './to_keras_graph.js';
import { CONV_HANDLERS } from './to_keras_conv_ops.js';
import type { Handler, Planner } from './to_keras_plan.js';
import { SPATIAL_HANDLERS } from './to_keras_spatial_ops.js';

const fmt = (v: unknown) => JSON.stringify(v);
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
const withActivation = (a: { activation?: string }) => (a.activation ? { activation: a.activation } : {});

/** Dense from a [in, units] kernel, folding a following bias Add and activation. */
function dense(p: Planner, n: KNode, x: string, kernel: Tensor, bias: Tensor | null): void {
  const units = kernel.shape[1]!;
  const features = p.shape(x).at(-1)!;
  if (p.shape(x).length < 2) p.fail(n, `the input has shape [${p.shape(x)}]; Dense needs [batch, ..., features]`);
  if (features !== kernel.shape[0]) p.fail(n, `the input's last dim (${features < 0 ? 'unknown' : features}) must be known and match the weights' ${kernel.shape[0]} rows`);
  let out = n.outputs[0]!;
  const more = p.fuseBias(out, units, 'last');
  if (more) {
    bias = p.sumBias(bias, more.bias);
    out = more.output;
  }
  const act = p.fuseActivation(out);
  const useBias = bias !== null;
  p.add({ label: n.label, inputs: [x], output: act.output, make: () => new Dense(units, { useBias, ...withActivation(act) }), weights: bias ? [kernel, bias] : [kernel] });
}

const gemm: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  if (c.int('transA', 0) !== 0) p.fail(n, 'transA=1 (the input transposed) has no Dense form');
  const x = p.act(n, 0, 'A');
  const B = p.cst(n, 1, 'B (the weights)');
  if (B.rank !== 2) p.fail(n, `B must be 2-D, got shape [${B.shape}]`);
  const alpha = c.float('alpha', 1), beta = c.float('beta', 1);
  let kernel = c.int('transB', 0) === 1 ? p.made(() => g.transpose(B, [1, 0])) : B;
  if (alpha !== 1) kernel = p.made(() => g.mul(kernel, g.scalar(alpha, kernel.dtype)));
  const C = p.optCst(n, 2, 'C (the bias)');
  let bias: Tensor | null = null;
  if (C) {
    const units = kernel.shape[1]!;
    const b = p.perUnit(C, units, 2, 1);
    if (!b) p.fail(n, `C of shape [${C.shape}] is not one bias per output unit (${units}); a per-row bias has no Dense form`);
    bias = beta === 1 ? b : p.made(() => g.mul(b, g.scalar(beta, b.dtype)));
  }
  dense(p, n, x, kernel, bias);
};

/**
 * MatMul(x, W) with constant 2-D weights -> Dense. MatMul of two activations [N, M, K] x [N, K, P] (one batch
 * dim, the model's) -> Dot(axes [2, 1]); more batch dims, or an operand without the batch, have no Dot form.
 */
const matMul: Handler = (p: Planner, n: KNode) => {
  if (p.graph.constant(n.inputs[0]!) !== null) p.fail(n, 'the constant is the left operand (W·x); only x·W maps to Dense');
  if (p.graph.constant(n.inputs[1]!) === null) return dot(p, n);
  const x = p.act(n, 0, 'A');
  const W = p.cst(n, 1, 'B (the weights)');
  if (W.rank !== 2) p.fail(n, `the weights must be 2-D for Dense, got shape [${W.shape}]`);
  dense(p, n, x, W, null);
};

/** MatMul of two activations: Dot(axes [2, 1]) when they are [batch, M, K] x [batch, K, P], else refused. */
function dot(p: Planner, n: KNode): void {
  const a = p.act(n, 0, 'A'), b = p.act(n, 1, 'B');
  const sa = p.shape(a), sb = p.shape(b);
  const shapes = `[${sa}] x [${sb}]`;
  if (sa.length !== 3 || sb.length !== 3) {
    p.fail(n, `a product of two activations maps to Dot only as [batch, M, K] x [batch, K, N]; got ${shapes}${sa.length > 3 || sb.length > 3 ? ' (more than one batch dim)' : ''}`);
  }
  if (sa[0] !== sb[0]) p.fail(n, `the operands' batch dims differ (${shapes}); Dot multiplies example by example`);
  if ([sa[1], sa[2], sb[2]].some((d) => d! < 0) || sa[2] !== sb[1]) p.fail(n, `Dot needs every dim but the batch known and K equal, got ${shapes}`);
  p.add({ label: n.label, inputs: [a, b], output: n.outputs[0]!, make: () => new Dot([2, 1]) });
}

const batchNorm: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  if (c.int('training_mode', 0) === 1) p.fail(n, 'training_mode=1 (batch statistics) is not the inference form that maps to BatchNormalization');
  if (p.opset < 9 && c.int('spatial', 1) === 0) p.fail(n, 'spatial=0 (statistics per position) has no tl.keras form');
  for (let k = 1; k < n.outputs.length; k++) if (p.used(n, k)) p.fail(n, `output ${k} (training statistics) has no tl.keras form`);
  const xs = p.shape(x);
  if (xs.length < 2 || xs[1]! < 0) p.fail(n, `needs an input [batch, channels, ...] with known channels, got [${xs}]`);
  const C = xs[1]!;
  const params = [['scale', 1], ['B', 2], ['mean', 3], ['var', 4]] as const;
  const weights = params.map(([what, i]) => {
    const t = p.cst(n, i, what);
    if (t.size !== C) p.fail(n, `${what} has shape [${t.shape}]; expected [${C}]`);
    return p.made(() => g.reshape(t, [C]));
  });
  const epsilon = c.float('epsilon', 1e-5), momentum = c.float('momentum', 0.9);
  p.add({ label: n.label, inputs: [x], output: n.outputs[0]!, weights, make: () => new BatchNormalization({ axis: 1, epsilon, momentum }) });
};

const layerNorm: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  for (let k = 1; k < n.outputs.length; k++) if (p.used(n, k)) p.fail(n, `output ${k} (mean / inverse std) has no tl.keras form`);
  const xs = p.shape(x);
  const a = c.axis(c.int('axis', -1), xs.length);
  if (a < 1) p.fail(n, 'normalizing over the batch axis has no tl.keras form');
  const normShape = xs.slice(a);
  if (normShape.some((d) => d < 0)) p.fail(n, `the normalized dims must be known, got [${xs}]`);
  const full = (t: Tensor, what: string) => {
    try {
      return p.made(() => g.broadcastTo(t, normShape));
    } catch {
      p.fail(n, `${what} of shape [${t.shape}] does not broadcast to the normalized dims [${normShape}]`);
    }
  };
  const scale = full(p.cst(n, 1, 'Scale'), 'Scale');
  const B = p.optCst(n, 2, 'B');
  const axis = normShape.map((_, i) => a + i);
  const epsilon = c.float('epsilon', 1e-5);
  p.add({
    label: n.label, inputs: [x], output: n.outputs[0]!, weights: B ? [scale, full(B, 'B')] : [scale],
    make: () => new LayerNormalization({ axis, epsilon, center: B !== null }),
  });
};

const activation: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'X');
  const out = n.outputs[0]!;
  const name = p.activationName(n);
  const c = n.ctx;
  let make: () => Layer;
  if (name) make = () => new Activation(name);
  else if (n.op === 'Elu' || n.op === 'ThresholdedRelu') {
    const alpha = c.float('alpha', 1);
    if (!(alpha >= 0)) p.fail(n, `alpha ${alpha} < 0 has no ${n.op === 'Elu' ? 'ELU' : 'ThresholdedReLU'} form`);
    make = n.op === 'Elu' ? () => new ELU({ alpha }) : () => new ThresholdedReLU({ theta: alpha });
  } else if (n.op === 'LeakyRelu') {
    const alpha = c.float('alpha', 0.01);
    if (alpha < 0) p.fail(n, `alpha ${alpha} < 0 has no LeakyReLU form`);
    make = () => new LeakyReLU({ alpha });
  } else if (n.op === 'Clip') {
    const [lo, hi] = p.clipRange(n);
    if (lo !== 0 || hi < 0) p.fail(n, `Clip(min ${lo}, max ${hi}) maps only with min 0 (ReLU with maxValue)`);
    make = hi === 6 ? () => new Activation('relu6') : () => new ReLU(hi === Infinity ? {} : { maxValue: hi });
  } else if (n.op === 'Softmax') {
    const a = p.softmaxAxis(n);
    if (a === 'rows') p.fail(n, `opset ${p.opset} Softmax over axis ${c.int('axis', 1)} normalizes the flattened trailing dims together, which no tl.keras layer does`);
    if (a === 0) p.fail(n, 'normalizing over the batch axis has no tl.keras form');
    make = () => new Softmax({ axis: a as number });
  } else if (n.op === 'Gelu') p.fail(n, `approximate '${c.str('approximate', 'none')}': tl.keras's gelu activation is the exact (erf) form`);
  else if (n.op === 'LogSoftmax') p.fail(n, 'LogSoftmax maps only over the last axis');
  else p.fail(n, `its parameters differ from those of tl.keras's '${n.op.toLowerCase()}' activation`);
  p.add({ label: n.label, inputs: [x], output: out, make });
};

/**
 * PRelu with a constant slope broadcast (from the right) over x [N, ...] -> PReLU with the slope as its alpha
 * [...x's dims past the batch, 1 where the slope is shared] and those axes as sharedAxes.
 */
const prelu: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'X');
  const slope = p.cst(n, 1, 'slope');
  const xs = p.shape(x);
  const r = xs.length;
  if (r < 2) p.fail(n, `the input has shape [${xs}]; PReLU needs [batch, ...]`);
  if (slope.rank > r) p.fail(n, `the slope of shape [${slope.shape}] has more dims than the input [${xs}]`);
  const s = [...Array<number>(r - slope.rank).fill(1), ...slope.shape];
  if (s[0] !== 1) p.fail(n, `the slope of shape [${slope.shape}] varies along the batch axis of [${xs}]; PReLU's slopes are per example cell`);
  const shared: number[] = [];
  for (let i = 1; i < r; i++) {
    if (s[i] === 1 && xs[i] !== 1) shared.push(i);
    else if (s[i] !== xs[i]) p.fail(n, `the slope of shape [${slope.shape}] does not broadcast to the input [${xs}]${xs[i]! < 0 ? ' (a slope along an axis of unknown size)' : ''}`);
  }
  const alpha = p.made(() => g.reshape(slope, s.slice(1)));
  const sharedAxes = shared.length > 0 ? shared : null;
  p.add({ label: n.label, inputs: [x], output: n.outputs[0]!, weights: [alpha], make: () => new PReLU({ sharedAxes }) });
};

const dropout: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'data');
  if (p.used(n, 1)) p.fail(n, 'the mask output has no tl.keras form');
  const ratioT = p.opset >= 12 ? p.optCst(n, 1, 'ratio') : null;
  const rate = p.opset >= 12 ? (ratioT ? Number(ratioT.dataSync()[0]) : 0.5) : n.ctx.float('ratio', 0.5);
  if (!(rate >= 0 && rate < 1)) p.fail(n, `ratio ${rate} is outside [0, 1)`);
  p.add({ label: n.label, inputs: [x], output: n.outputs[0]!, make: () => new Dropout(rate) });
};

const flatten: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'input');
  const xs = p.shape(x);
  const axis = n.ctx.int('axis', 1);
  if ((axis < 0 ? axis + xs.length : axis) !== 1) p.fail(n, `axis ${axis} mixes the batch into the rows; only axis 1 maps to Flatten`);
  if (xs.slice(1).some((d) => d < 0)) p.fail(n, `Flatten needs known non-batch dims, got [${xs}]`);
  if (xs.length === 2) return p.alias(n.outputs[0]!, x);
  p.add({ label: n.label, inputs: [x], output: n.outputs[0]!, make: () => new Flatten() });
};

/** Reshape with a constant shape that keeps dim 0 as the batch (0 copies it, -1 infers it, or the fixed batch). */
const reshape: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'data');
  const xs = p.shape(x);
  const target = p.opset >= 5 ? Array.from(p.cst(n, 1, 'shape').dataSync() as ArrayLike<number>, Number) : n.ctx.ints('shape') ?? [];
  const allowZero = n.ctx.int('allowzero', 0) === 1;
  if (allowZero && target.includes(0)) p.fail(n, 'allowzero=1 with a 0 in the shape makes an empty tensor');
  const first = target[0];
  if (first === undefined || !(first === 0 || first === -1 || (p.fixedBatch !== null && first === p.fixedBatch))) {
    p.fail(n, `the target shape ${fmt(target)} does not keep dim 0 as the batch (0, -1${p.fixedBatch !== null ? ` or ${p.fixedBatch}` : ''})`);
  }
  const rest = target.slice(1).map((d, k) => {
    if (d !== 0) return d;
    const copied = xs[k + 1];
    if (copied === undefined || copied < 0) p.fail(n, `a 0 in the target shape ${fmt(target)} copies an unknown or absent dim of [${xs}]`);
    return copied;
  });
  const inner = xs.slice(1);
  const known = inner.every((d) => d >= 0);
  if (first === -1 && (rest.includes(-1) || !known || prod(rest) !== prod(inner))) {
    p.fail(n, `the target shape ${fmt(target)} with the batch inferred (-1) must hold exactly the known non-batch dims [${inner}]`);
  }
  const out = n.outputs[0]!;
  if (rest.length === inner.length && rest.every((d, i) => d === inner[i])) return p.alias(out, x);
  if (rest.length === 1 && xs.length > 2 && known && (rest[0] === -1 || rest[0] === prod(inner))) {
    p.add({ label: n.label, inputs: [x], output: out, make: () => new Flatten() });
    return;
  }
  p.add({ label: n.label, inputs: [x], output: out, make: () => new Reshape(rest) });
};

const transpose: Handler = (p: Planner, n: KNode) => {
  const x = p.act(n, 0, 'data');
  const perm = n.perm!;
  if (perm[0] !== 0) p.fail(n, `perm ${fmt(perm)} moves the batch dimension; only perms keeping dim 0 map to Permute`);
  p.add({ label: n.label, inputs: [x], output: n.outputs[0]!, make: () => new Permute(perm.slice(1)) });
};

const concat: Handler = (p: Planner, n: KNode) => {
  const xs = n.inputs.map((_, i) => p.act(n, i, `input ${i}`));
  const rank = p.shape(xs[0]!).length;
  const axis = n.ctx.axis(n.axis ?? n.ctx.int('axis', 0), rank);
  if (axis === 0) p.fail(n, 'concatenating along the batch axis has no tl.keras form');
  if (xs.length === 1) return p.alias(n.outputs[0]!, xs[0]!);
  p.add({ label: n.label, inputs: xs, output: n.outputs[0]!, make: () => new Concatenate({ axis }) });
};

const MERGE_WHY: Record<string, string> = {
  Add: 'adds a constant to an activation; only the bias right after a MatMul, Gemm, Conv or ConvTranspose maps (into that layer)',
  Sub: 'subtracts with a constant operand, which no tl.keras layer does',
  Mul: 'multiplies an activation by a constant, which no tl.keras layer does',
};

function merge(make: () => Layer, exactly?: number): Handler {
  return (p: Planner, n: KNode) => {
    n.inputs.forEach((v, i) => {
      if (p.graph.constant(v) !== null) p.fail(n, MERGE_WHY[n.op] ?? `input ${i} is a constant; ${n.op} maps to a merge layer of activations only`);
    });
    const xs = n.inputs.map((_, i) => p.act(n, i, `input ${i}`));
    if (xs.length === 1 && exactly === undefined) return p.alias(n.outputs[0]!, xs[0]!);
    const ranks = new Set(xs.map((x) => p.shape(x).length));
    if (ranks.size > 1) p.fail(n, `its inputs have different ranks (${xs.map((x) => `[${p.shape(x)}]`).join(', ')}); merge layers need them equal`);
    p.add({ label: n.label, inputs: xs, output: n.outputs[0]!, make });
  };
}

const identity: Handler = (p: Planner, n: KNode) => p.alias(n.outputs[0]!, p.act(n, 0, 'input'));

/** Every op type a node computing on the model's inputs may have. */
export const HANDLERS: Record<string, Handler> = {
  Gemm: gemm,
  MatMul: matMul,
  ...CONV_HANDLERS,
  ...SPATIAL_HANDLERS,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  ...Object.fromEntries(['Relu', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Elu', 'Selu', 'LeakyRelu', 'ThresholdedRelu', 'Softplus', 'Softsign', 'HardSigmoid', 'Gelu', 'Exp', 'Clip'].map((op) => [op, activation])),
  PRelu: prelu,
  Dropout: dropout,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
  Identity: identity,
  Add: merge(() => new Add()),
  Sum: merge(() => new Add()),
  Sub: merge(() => new Subtract(), 2),
  Mul: merge(() => new Multiply()),
  Max: merge(() => new Maximum()),
  Min: merge(() => new Minimum()),
  Mean: merge(() => new Average()),
};

/** The op types tl.onnx.toKeras maps (nodes on constants alone are folded, whatever their type). */
export function kerasMappableOps(): string[] {
  return Object.keys(HANDLERS).sort();
}
