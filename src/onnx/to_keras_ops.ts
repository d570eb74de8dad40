/**
 * How each ONNX op type becomes tl.keras layers (tl.onnx.toKeras). ONNX lays images out NCHW, so convs and
 * pools become channelsFirst layers and normalizations use axis 1; weights are rearranged to Keras's layouts
 * (Conv [O, I, kh, kw] -> [kh, kw, I, O], ConvTranspose [I, O, kh, kw] -> [kh, kw, O, I], Gemm's B^T). Padding
 * maps to 'valid', to 'same' when the pads are exactly Keras's, or to a ZeroPadding2D layer before a 'valid'
 * layer where zeros are what ONNX pads with (convolutions; average pooling that counts the pads).
 */
import type { Tensor } from '../core/tensor.js';
import * as g from '../graph/graph_ops.generated.js';
import {
  Activation, Add, Average, BatchNormalization, Concatenate, Conv1D, Conv2D, Conv2DTranspose, Dense, Dropout, Flatten,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, LayerNormalization, LeakyReLU,
  AveragePooling1D, AveragePooling2D, MaxPooling1D, MaxPooling2D, Maximum, Minimum, Multiply, Permute, ReLU, Reshape,
  Softmax, Subtract, ZeroPadding2D,
} from '../keras/layers.js';
import type { Layer } from '../layers/base_layer.js';
import { spatialParams } from './ops/conv_util.js';
import type { KNode } from './to_keras_graph.js';
import { kerasPadding, samePads, type Handler, type Planner } from './to_keras_plan.js';

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

const matMul: Handler = (p: Planner, n: KNode) => {
  if (p.graph.constant(n.inputs[0]!) !== null) p.fail(n, 'the constant is the left operand (W·x); only x·W maps to Dense');
  const x = p.act(n, 0, 'A');
  const W = p.cst(n, 1, 'B (the weights)');
  if (W.rank !== 2) p.fail(n, `the weights must be 2-D for Dense, got shape [${W.shape}]`);
  dense(p, n, x, W, null);
};

/** A ZeroPadding2D (channelsFirst) before a 'valid' layer: returns the padded value. */
function zeroPad(p: Planner, n: KNode, x: string, pads: [number, number][]): string {
  if (pads.some(([b, e]) => b < 0 || e < 0)) p.fail(n, `negative pads ${fmt(pads)} (cropping) have no tl.keras form`);
  const s = p.shape(x);
  const padded = p.newValue(`${x}_padded`, [s[0]!, s[1]!, ...s.slice(2).map((d, i) => (d < 0 ? -1 : d + pads[i]![0] + pads[i]![1]))], x);
  const pad2 = pads.map((q) => [...q]) as [[number, number], [number, number]];
  p.add({ label: n.label, inputs: [x], output: padded, make: () => new ZeroPadding2D(pad2, { dataFormat: 'channelsFirst' }) });
  return padded;
}

/** The spatial rank of a channels-first input (1 or 2; anything else refused). */
function spatialRank(p: Planner, n: KNode, x: string, what: string): 1 | 2 {
  const rank = p.shape(x).length - 2;
  if (rank !== 1 && rank !== 2) p.fail(n, `only 1-D and 2-D ${what} map to tl.keras layers; the input has shape [${p.shape(x)}]`);
  return rank;
}

/** Bias from the optional input 2 and a following per-channel Add, as [channels] (or null). */
function convBias(p: Planner, n: KNode, channels: number): { bias: Tensor | null; output: string } {
  const B = p.optCst(n, 2, 'B (the bias)');
  let bias = B ? p.perUnit(B, channels, 1, 0) : null;
  if (B && !bias) p.fail(n, `the bias has shape [${B.shape}]; expected [${channels}]`);
  const more = p.fuseBias(n.outputs[0]!, channels, 1);
  if (more) bias = p.sumBias(bias, more.bias);
  return { bias, output: more?.output ?? n.outputs[0]! };
}

const conv: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  const W = p.cst(n, 1, 'W (the filters)');
  const nsp = spatialRank(p, n, x, 'convolutions');
  const xs = p.shape(x);
  const group = c.int('group', 1);
  if (group !== 1) {
    if (group === xs[1]) p.fail(n, `a depthwise convolution (group ${group} = the input channels) needs a DepthwiseConv2D layer, which tl.keras does not have`);
    p.fail(n, `a grouped convolution (group ${group}) has no tl.keras layer`);
  }
  if (xs[1]! < 0) p.fail(n, `the input channels must be known, got shape [${xs}]`);
  const kernel = c.ints('kernel_shape') ?? W.shape.slice(2);
  if (W.rank !== nsp + 2 || W.shape[1] !== xs[1] || kernel.some((k, i) => k !== W.shape[2 + i])) {
    p.fail(n, `W of shape [${W.shape}] does not fit the input [${xs}] and kernel_shape ${fmt(kernel)}`);
  }
  const sp = spatialParams(c, xs.slice(2), kernel);
  if (sp.strides.some((s) => s > 1) && sp.dilations.some((d) => d > 1)) {
    p.fail(n, `strides ${fmt(sp.strides)} together with dilations ${fmt(sp.dilations)} are not supported by tl.keras convolutions (as in TF)`);
  }
  let input = x;
  let padding = kerasPadding(sp.pads, xs.slice(2), kernel, sp.strides, sp.dilations);
  if (!padding) {
    if (nsp === 1) p.fail(n, `pads ${fmt(sp.pads)} are not Keras's 'same' and tl.keras has no ZeroPadding1D layer to add them`);
    input = zeroPad(p, n, x, sp.pads);
    padding = 'valid';
  }
  const filters = W.shape[0]!;
  const kernelK = p.made(() => g.transpose(W, nsp === 2 ? [2, 3, 1, 0] : [2, 1, 0]));
  const { bias, output } = convBias(p, n, filters);
  const act = p.fuseActivation(output);
  const opts = { strides: sp.strides, padding, dataFormat: 'channelsFirst' as const, dilationRate: sp.dilations, useBias: bias !== null, ...withActivation(act) };
  p.add({
    label: n.label, inputs: [input], output: act.output, weights: bias ? [kernelK, bias] : [kernelK],
    make: () => (nsp === 2 ? new Conv2D(filters, kernel, opts) : new Conv1D(filters, kernel, opts)),
  });
};

/**
 * ConvTranspose -> Conv2DTranspose: ONNX's output is the full transposed convolution (length s(n-1)+k, then
 * output_padding cells) cropped by the pads. Keras's 'valid' crops nothing (length ns + max(k-s, 0)); its
 * 'same' gives length ns, cropping floor((k-s)/2) at the start as TF does. The node maps when its (start,
 * length) per dim equals one of them.
 */
const convTranspose: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  const W = p.cst(n, 1, 'W (the filters)');
  const xs = p.shape(x);
  if (xs.length !== 4) p.fail(n, `only 2-D ConvTranspose maps to Conv2DTranspose; the input has shape [${xs}]`);
  if (c.int('group', 1) !== 1) p.fail(n, `a grouped ConvTranspose (group ${c.int('group', 1)}) has no tl.keras layer`);
  const dil = c.ints('dilations') ?? [1, 1];
  if (dil.some((d) => d !== 1)) p.fail(n, `dilations ${fmt(dil)}: tl.keras's Conv2DTranspose has no dilation`);
  const spatial = xs.slice(2);
  if (spatial.some((d) => d < 0) || xs[1] !== W.shape[0]) p.fail(n, `needs known spatial sizes and W [${W.shape}] matching the input [${xs}]`);
  const kernel = c.ints('kernel_shape') ?? W.shape.slice(2);
  const strides = c.ints('strides') ?? [1, 1];
  const outPad = c.ints('output_padding') ?? [0, 0];
  const full = spatial.map((d, i) => strides[i]! * (d - 1) + outPad[i]! + kernel[i]!);
  const autoPad = c.str('auto_pad', 'NOTSET');
  const split = (total: number): [number, number] => {
    const half = Math.floor(total / 2);
    return autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half];
  };
  const outputShape = c.ints('output_shape');
  let pads: [number, number][];
  if (outputShape) pads = outputShape.slice(-2).map((o, i) => split(full[i]! - o));
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') pads = spatial.map((d, i) => split(full[i]! - d * strides[i]!));
  else {
    const pr = autoPad === 'VALID' ? [0, 0, 0, 0] : c.ints('pads') ?? [0, 0, 0, 0];
    pads = [[pr[0]!, pr[2]!], [pr[1]!, pr[3]!]];
  }
  const got = spatial.map((_, i) => [pads[i]![0], full[i]! - pads[i]![0] - pads[i]![1]]);
  const valid = spatial.map((d, i) => [0, d * strides[i]! + Math.max(kernel[i]! - strides[i]!, 0)]);
  const same = spatial.map((d, i) => [Math.max(Math.floor((kernel[i]! - strides[i]!) / 2), 0), d * strides[i]!]);
  const eq = (a: number[][]) => a.every((q, i) => q[0] === got[i]![0] && q[1] === got[i]![1]);
  const padding = eq(valid) ? 'valid' : eq(same) ? 'same' : null;
  if (!padding) p.fail(n, `its output (start, length) per dim ${fmt(got)} matches neither Keras's 'valid' ${fmt(valid)} nor 'same' ${fmt(same)}`);
  const filters = W.shape[1]!;
  const kernelK = p.made(() => g.transpose(W, [2, 3, 1, 0]));
  const { bias, output } = convBias(p, n, filters);
  const act = p.fuseActivation(output);
  p.add({
    label: n.label, inputs: [x], output: act.output, weights: bias ? [kernelK, bias] : [kernelK],
    make: () => new Conv2DTranspose(filters, kernel, { strides, padding, dataFormat: 'channelsFirst', useBias: bias !== null, ...withActivation(act) }),
  });
};

/**
 * MaxPool / AveragePool. Keras's 'same' leaves pads out of the max and out of the average's count, as ONNX does
 * by default; count_include_pad=1 counts them, which a ZeroPadding2D before a 'valid' pool reproduces.
 */
function pool(kind: 'max' | 'avg'): Handler {
  return (p: Planner, n: KNode) => {
    const c = n.ctx;
    const x = p.act(n, 0, 'X');
    const nsp = spatialRank(p, n, x, 'pools');
    if (p.used(n, 1)) p.fail(n, 'the Indices output has no tl.keras form');
    const kernel = c.ints('kernel_shape');
    if (!kernel) p.fail(n, `attribute 'kernel_shape' is required`);
    const spatial = p.shape(x).slice(2);
    const sp = spatialParams(c, spatial, kernel);
    if (sp.dilations.some((d) => d !== 1)) p.fail(n, `dilations ${fmt(sp.dilations)}: tl.keras pooling has no dilation`);
    if (c.int('ceil_mode', 0) === 1) {
      // ceil_mode only matters when the last window would hang over the end.
      const exact = spatial.every((d, i) => d >= 0 && (d + sp.pads[i]![0] + sp.pads[i]![1] - kernel[i]!) % sp.strides[i]! === 0);
      if (!exact) p.fail(n, 'ceil_mode=1 rounds the output size up here, which tl.keras pooling does not');
    }
    const countPads = kind === 'avg' && c.int('count_include_pad', 0) === 1;
    let padding = kerasPadding(sp.pads, spatial, kernel, sp.strides, sp.dilations);
    let input = x;
    if (padding === 'same' && countPads) padding = null;
    if (!padding) {
      if (!countPads) {
        const same = spatial.map((d, i) => samePads(d, kernel[i]!, sp.strides[i]!, 1));
        p.fail(n, `pads ${fmt(sp.pads)} differ from Keras's 'same' ${fmt(same)}, and padding with zeros first would change the ${kind === 'max' ? 'maximum' : 'average (ONNX leaves pads out of the count)'}`);
      }
      if (nsp === 1) p.fail(n, `pads ${fmt(sp.pads)} counted in the average need a ZeroPadding1D layer, which tl.keras does not have`);
      input = zeroPad(p, n, x, sp.pads);
      padding = 'valid';
    }
    const opts = { padding, dataFormat: 'channelsFirst' as const };
    const make = (): Layer => {
      if (kind === 'max') return nsp === 2 ? new MaxPooling2D(kernel, sp.strides, opts) : new MaxPooling1D(kernel, sp.strides, opts);
      return nsp === 2 ? new AveragePooling2D(kernel, sp.strides, opts) : new AveragePooling1D(kernel, sp.strides, opts);
    };
    p.add({ label: n.label, inputs: [input], output: n.outputs[0]!, make });
  };
}

/**
 * GlobalAveragePool / GlobalMaxPool keep the spatial dims as 1s ([N, C, 1, 1]); Keras's global pools drop them.
 * A following Flatten (or Reshape to [N, C]) is folded in; otherwise a Reshape restores the 1s.
 */
function globalPool(kind: 'max' | 'avg'): Handler {
  return (p: Planner, n: KNode) => {
    const x = p.act(n, 0, 'X');
    const nsp = spatialRank(p, n, x, 'global pools');
    const C = p.shape(x)[1]!;
    const make = (): Layer => {
      const opts = { dataFormat: 'channelsFirst' as const };
      if (kind === 'max') return nsp === 2 ? new GlobalMaxPooling2D(opts) : new GlobalMaxPooling1D(opts);
      return nsp === 2 ? new GlobalAveragePooling2D(opts) : new GlobalAveragePooling1D(opts);
    };
    const out = n.outputs[0]!;
    const next = p.sole(out);
    const flattens = next && (next.op === 'Flatten' || next.op === 'Reshape') && next.inputs[0] === out && p.shape(next.outputs[0]!).length === 2 && p.shape(next.outputs[0]!)[1] === C && C >= 0;
    if (flattens) {
      p.consume(next);
      p.add({ label: n.label, inputs: [x], output: next.outputs[0]!, make });
      return;
    }
    if (C < 0) p.fail(n, `the channels must be known, got shape [${p.shape(x)}]`);
    const pooled = p.newValue(`${out}_pooled`, [p.shape(x)[0]!, C], x);
    p.add({ label: n.label, inputs: [x], output: pooled, make });
    p.add({ label: n.label, inputs: [pooled], output: out, make: () => new Reshape([C, ...Array<number>(nsp).fill(1)]) });
  };
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
  else if (n.op === 'LeakyRelu') {
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
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool('max'),
  AveragePool: pool('avg'),
  GlobalMaxPool: globalPool('max'),
  GlobalAveragePool: globalPool('avg'),
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  ...Object.fromEntries(['Relu', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Elu', 'Selu', 'LeakyRelu', 'Softplus', 'Softsign', 'HardSigmoid', 'Gelu', 'Exp', 'Clip'].map((op) => [op, activation])),
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
