/**
 * tl.onnx.toKeras for convolutions and pools, 1-D to 3-D. ONNX lays them out channels-first (NCW, NCHW,
 * NCDHW), so they become channelsFirst layers. Weights are rearranged to Keras's layouts: Conv [O, I, k...] ->
 * [k..., I, O]; a depthwise Conv (group = input channels) [C * m, 1, kh, kw] -> [kh, kw, C, m]; ConvTranspose
 * [I, O, k...] -> [k..., O, I]. Padding maps to 'valid', to 'same' when the pads are exactly Keras's, or to a
 * ZeroPadding1D/2D/3D layer before a 'valid' layer where zeros are what ONNX pads with (convolutions; average
 * pooling that counts the pads).
 */
import type { Tensor } from '../core/tensor.js';
import * as g from '../graph/graph_ops.generated.js';
import {
  AveragePooling1D, AveragePooling2D, AveragePooling3D, Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose,
  DepthwiseConv2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  GlobalMaxPooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
} from '../keras/layers.js';
import type { Layer } from '../layers/base_layer.js';
import { spatialParams } from './ops/conv_util.js';
import type { KNode } from './to_keras_graph.js';
import { kerasPadding, samePads, type Handler, type Planner } from './to_keras_plan.js';
import { zeroPad } from './to_keras_spatial_ops.js';

type Rank = 1 | 2 | 3;

const fmt = (v: unknown) => JSON.stringify(v);
const withActivation = (a: { activation?: string }) => (a.activation ? { activation: a.activation } : {});
/** [2, 3, ..., nsp + 1, 1, 0]: ONNX's [A, B, k...] weights to Keras's [k..., B, A]. */
const kernelPerm = (nsp: Rank) => [...Array.from({ length: nsp }, (_, i) => i + 2), 1, 0];

/** One class per spatial rank. */
const byRank = <T>(nsp: Rank, one: T, two: T, three: T): T => (nsp === 1 ? one : nsp === 2 ? two : three);

/** The spatial rank of a channels-first input (1 to 3; anything else refused). */
function spatialRank(p: Planner, n: KNode, x: string, what: string): Rank {
  const rank = p.shape(x).length - 2;
  if (rank !== 1 && rank !== 2 && rank !== 3) p.fail(n, `only 1-D, 2-D and 3-D ${what} map to tl.keras layers; the input has shape [${p.shape(x)}]`);
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

/**
 * Conv -> Conv1D/2D/3D; with group = the input channels (each channel convolved with its own `m` filters) and
 * 2-D -> DepthwiseConv2D (depthMultiplier m). Other groups have no tl.keras layer.
 */
const conv: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  const W = p.cst(n, 1, 'W (the filters)');
  const nsp = spatialRank(p, n, x, 'convolutions');
  const xs = p.shape(x);
  const inC = xs[1]!;
  if (inC < 0) p.fail(n, `the input channels must be known, got shape [${xs}]`);
  const group = c.int('group', 1);
  const depthwise = group !== 1 && group === inC;
  if (group !== 1 && !depthwise) p.fail(n, `a grouped convolution (group ${group} of ${inC} input channels) has no tl.keras layer; group 1 and depthwise (group = the input channels) map`);
  if (depthwise && nsp !== 2) p.fail(n, `a ${nsp}-D depthwise convolution (group ${group} = the input channels) has no tl.keras layer; DepthwiseConv2D is 2-D`);
  const kernel = c.ints('kernel_shape') ?? W.shape.slice(2);
  const fits = depthwise ? W.shape[1] === 1 && W.shape[0]! % inC === 0 : W.shape[1] === inC;
  if (W.rank !== nsp + 2 || !fits || kernel.some((k, i) => k !== W.shape[2 + i])) {
    p.fail(n, `W of shape [${W.shape}] does not fit the input [${xs}]${depthwise ? ` (depthwise: [${inC} * multiplier, 1, kh, kw])` : ''} and kernel_shape ${fmt(kernel)}`);
  }
  const sp = spatialParams(c, xs.slice(2), kernel);
  if (sp.strides.some((s) => s > 1) && sp.dilations.some((d) => d > 1)) {
    p.fail(n, `strides ${fmt(sp.strides)} together with dilations ${fmt(sp.dilations)} are not supported by tl.keras convolutions (as in TF)`);
  }
  let input = x;
  let padding = kerasPadding(sp.pads, xs.slice(2), kernel, sp.strides, sp.dilations);
  if (!padding) {
    input = zeroPad(p, n, x, sp.pads);
    padding = 'valid';
  }
  const filters = W.shape[0]!;
  // Depthwise: output channel c * m + k is input channel c's filter k, so [C * m, 1, kh, kw] -> [C, m, kh, kw] -> [kh, kw, C, m].
  const multiplier = filters / inC;
  const kernelK = depthwise
    ? p.made(() => g.transpose(g.reshape(W, [inC, multiplier, ...kernel]), [2, 3, 0, 1]))
    : p.made(() => g.transpose(W, kernelPerm(nsp)));
  const { bias, output } = convBias(p, n, filters);
  const act = p.fuseActivation(output);
  const opts = { strides: sp.strides, padding, dataFormat: 'channelsFirst' as const, dilationRate: sp.dilations, useBias: bias !== null, ...withActivation(act) };
  p.add({
    label: n.label, inputs: [input], output: act.output, weights: bias ? [kernelK, bias] : [kernelK],
    make: () => (depthwise ? new DepthwiseConv2D(kernel, { ...opts, depthMultiplier: multiplier }) : new (byRank(nsp, Conv1D, Conv2D, Conv3D))(filters, kernel, opts)),
  });
};

/**
 * ConvTranspose -> Conv1DTranspose/2D/3D: ONNX's output is the full transposed convolution (length s(n-1)+k with
 * the dilated window k, then output_padding cells) cropped by the pads. Keras's 'valid' crops nothing (length
 * ns + max(k-s, 0)); its 'same' gives length ns, cropping floor((k-s)/2) at the start as TF does; with
 * outputPadding q the length is (n-1)s + k - 2 pad + q (pad k // 2 for 'same', 0 for 'valid') and TF crops the
 * start by half of what the full length exceeds it. The node maps when its (start, length) per dim equals one
 * of these for one padding (outputPadding may differ per dim).
 */
const convTranspose: Handler = (p: Planner, n: KNode) => {
  const c = n.ctx;
  const x = p.act(n, 0, 'X');
  const W = p.cst(n, 1, 'W (the filters)');
  const nsp = spatialRank(p, n, x, 'transposed convolutions');
  const xs = p.shape(x);
  if (c.int('group', 1) !== 1) p.fail(n, `a grouped ConvTranspose (group ${c.int('group', 1)}) has no tl.keras layer`);
  const ones = Array<number>(nsp).fill(1);
  const dil = c.ints('dilations') ?? ones;
  const spatial = xs.slice(2);
  if (spatial.some((d) => d < 0) || xs[1] !== W.shape[0] || W.rank !== nsp + 2) p.fail(n, `needs known spatial sizes and W [${W.shape}] matching the input [${xs}]`);
  const kernel = c.ints('kernel_shape') ?? W.shape.slice(2);
  const strides = c.ints('strides') ?? ones;
  if (strides.some((st) => st > 1) && dil.some((d) => d > 1)) p.fail(n, `strides ${fmt(strides)} with dilations ${fmt(dil)}: tl.keras (as TF) takes one or the other`);
  const eff = kernel.map((k, i) => (k - 1) * dil[i]! + 1);
  const outPad = c.ints('output_padding') ?? Array<number>(nsp).fill(0);
  const full = spatial.map((d, i) => strides[i]! * (d - 1) + outPad[i]! + eff[i]!);
  const autoPad = c.str('auto_pad', 'NOTSET');
  const split = (total: number): [number, number] => {
    const half = Math.floor(total / 2);
    return autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half];
  };
  const outputShape = c.ints('output_shape');
  let pads: [number, number][];
  if (outputShape) pads = outputShape.slice(-nsp).map((o, i) => split(full[i]! - o));
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') pads = spatial.map((d, i) => split(full[i]! - d * strides[i]!));
  else {
    const pr = autoPad === 'VALID' ? [] : c.ints('pads') ?? [];
    pads = spatial.map((_, i) => [pr[i] ?? 0, pr[i + nsp] ?? 0]);
  }
  const got = spatial.map((_, i) => [pads[i]![0], full[i]! - pads[i]![0] - pads[i]![1]] as [number, number]);
  // Keras's (start, length) per dim for a padding and an output padding q (null: none).
  const keras = (padding: 'valid' | 'same', i: number, q: number | null): [number, number] => {
    const [d, st, k] = [spatial[i]!, strides[i]!, eff[i]!];
    const len = q === null ? (padding === 'valid' ? d * st + Math.max(k - st, 0) : d * st) : (d - 1) * st + k - 2 * (padding === 'same' ? Math.floor(k / 2) : 0) + q;
    return [padding === 'same' ? Math.floor(Math.max((d - 1) * st + k - len, 0) / 2) : 0, len];
  };
  const same2 = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];
  let choice: { padding: 'valid' | 'same'; outputPadding: number[] | null } | null = null;
  for (const padding of ['valid', 'same'] as const) {
    if (!choice && got.every((g2, i) => same2(g2, keras(padding, i, null)))) choice = { padding, outputPadding: null };
  }
  for (const padding of ['valid', 'same'] as const) {
    if (choice) break;
    // The q that gives the node's length, if Keras allows it (0 <= q < max(stride, dilation)) and the start agrees.
    const qs = got.map((g2, i) => g2[1] - keras(padding, i, 0)[1]);
    if (qs.every((q, i) => q >= 0 && q < Math.max(strides[i]!, dil[i]!) && same2(got[i]!, keras(padding, i, q)))) choice = { padding, outputPadding: qs };
  }
  if (!choice) {
    p.fail(n, `its output (start, length) per dim ${fmt(got)} matches neither Keras's 'valid' ${fmt(spatial.map((_, i) => keras('valid', i, null)))} nor 'same' ${fmt(spatial.map((_, i) => keras('same', i, null)))}, with or without an outputPadding`);
  }
  const filters = W.shape[1]!;
  const kernelK = p.made(() => g.transpose(W, kernelPerm(nsp)));
  const { bias, output } = convBias(p, n, filters);
  const act = p.fuseActivation(output);
  const opts = {
    strides, dilationRate: dil, padding: choice.padding, outputPadding: choice.outputPadding, dataFormat: 'channelsFirst' as const,
    useBias: bias !== null, ...withActivation(act),
  };
  p.add({
    label: n.label, inputs: [x], output: act.output, weights: bias ? [kernelK, bias] : [kernelK],
    make: () => new (byRank(nsp, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose))(filters, kernel, opts),
  });
};

/**
 * MaxPool / AveragePool. Keras's 'same' leaves pads out of the max and out of the average's count, as ONNX does
 * by default; count_include_pad=1 counts them, which a ZeroPadding layer before a 'valid' pool reproduces.
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
      input = zeroPad(p, n, x, sp.pads);
      padding = 'valid';
    }
    const opts = { padding, dataFormat: 'channelsFirst' as const };
    const cls = kind === 'max' ? byRank(nsp, MaxPooling1D, MaxPooling2D, MaxPooling3D) : byRank(nsp, AveragePooling1D, AveragePooling2D, AveragePooling3D);
    p.add({ label: n.label, inputs: [input], output: n.outputs[0]!, make: () => new cls(kernel, sp.strides, opts) });
  };
}

/**
 * GlobalAveragePool / GlobalMaxPool keep the spatial dims as 1s ([N, C, 1, 1]), as the Keras global pools do with
 * keepdims: true. A following Flatten (or Reshape to [N, C]) is folded in instead: the pool without keepdims.
 */
function globalPool(kind: 'max' | 'avg'): Handler {
  return (p: Planner, n: KNode) => {
    const x = p.act(n, 0, 'X');
    const nsp = spatialRank(p, n, x, 'global pools');
    const C = p.shape(x)[1]!;
    const cls = kind === 'max' ? byRank(nsp, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D) : byRank(nsp, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D);
    const make = (keepdims: boolean) => (): Layer => new cls({ dataFormat: 'channelsFirst', keepdims });
    const out = n.outputs[0]!;
    const next = p.sole(out);
    const flattens = next && (next.op === 'Flatten' || next.op === 'Reshape') && next.inputs[0] === out && p.shape(next.outputs[0]!).length === 2 && p.shape(next.outputs[0]!)[1] === C && C >= 0;
    if (flattens) {
      p.consume(next);
      p.add({ label: n.label, inputs: [x], output: next.outputs[0]!, make: make(false) });
      return;
    }
    p.add({ label: n.label, inputs: [x], output: out, make: make(true) });
  };
}

export const CONV_HANDLERS: Record<string, Handler> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool('max'),
  AveragePool: pool('avg'),
  GlobalMaxPool: globalPool('max'),
  GlobalAveragePool: globalPool('avg'),
};
