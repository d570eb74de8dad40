/**
 * Conv and ConvTranspose, NCHW / NCDHW as ONNX lays them out, on tensorlane's conv2d / conv3d (dataFormat
 * 'NCHW' / 'NCDHW', groups, explicit pads). ONNX weights [M, C/group, k...] become HWIO / DHWIO by a transpose
 * (folded at load for constant weights); 1-D convolutions run as 2-D ones with a height of 1. ConvTranspose runs
 * on conv2dTranspose / conv3dTranspose; a grouped one runs one transposed convolution per group on its slice of
 * the channels and concatenates the results.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';
import { spatialParams } from './conv_util.js';

function addBias(y: Tensor, b: Tensor | null): Tensor {
  if (!b) return y;
  return g.add(y, g.reshape(b, [1, b.shape[0]!, ...Array(y.rank - 2).fill(1)]));
}

function conv(c: OpContext): Tensor {
  let x = c.input(0), w = c.input(1);
  const nSpatial = x.rank - 2;
  if (nSpatial < 1 || nSpatial > 3) throw c.error(`only 1-D, 2-D and 3-D convolutions are supported, got input shape [${x.shape}]`);
  const kernel = c.ints('kernel_shape') ?? w.shape.slice(2);
  const p = spatialParams(c, x.shape.slice(2), kernel);
  const groups = c.int('group', 1);
  if (nSpatial === 3) {
    const filter3d = g.transpose(w, [2, 3, 4, 1, 0]);
    const y3d = g.conv3d(x, filter3d, p.strides, p.pads, { dataFormat: 'NCDHW', dilations: p.dilations, groups });
    return addBias(y3d, c.opt(2));
  }
  if (nSpatial === 1) {
    x = g.expandDims(x, 2);
    w = g.expandDims(w, 2);
    p.kernel.unshift(1); p.strides.unshift(1); p.dilations.unshift(1); p.pads.unshift([0, 0]);
  }
  const filter = g.transpose(w, [2, 3, 1, 0]);
  let y = g.conv2d(x, filter, p.strides, p.pads, { dataFormat: 'NCHW', dilations: p.dilations, groups });
  if (nSpatial === 1) y = g.squeeze(y, [2]);
  return addBias(y, c.opt(2));
}

function convTranspose(c: OpContext): Tensor {
  let x = c.input(0), w = c.input(1);
  const nSpatial = x.rank - 2;
  if (nSpatial < 1 || nSpatial > 3) throw c.error(`only 1-D, 2-D and 3-D transposed convolutions are supported, got input shape [${x.shape}]`);
  const group = c.int('group', 1);
  const inC = x.shape[1]!;
  if (!Number.isInteger(group) || group < 1) throw c.error(`group must be a positive integer, got ${group}`);
  if (inC < 0 || inC % group !== 0 || w.shape[0] !== inC) {
    throw c.error(`input channels ${inC} must be known, divisible by group ${group} and match the weight's first dim (weight shape [${w.shape}])`);
  }
  const kernel = c.ints('kernel_shape') ?? w.shape.slice(2);
  const strides = c.ints('strides') ?? Array(nSpatial).fill(1);
  const dil = c.ints('dilations') ?? Array(nSpatial).fill(1);
  const outPad = c.ints('output_padding') ?? Array(nSpatial).fill(0);
  if ([kernel, strides, dil, outPad].some((a) => a.length !== nSpatial)) {
    throw c.error(`kernel_shape/strides/dilations/output_padding must have ${nSpatial} entries (input shape [${x.shape}])`);
  }
  const spatial = x.shape.slice(2);
  if (spatial.some((d) => d < 0)) throw c.error('ConvTranspose needs known spatial input sizes');
  const full = spatial.map((d, i) => strides[i]! * (d - 1) + outPad[i]! + (kernel[i]! - 1) * dil[i]! + 1);
  const outputShape = c.ints('output_shape');
  const autoPad = c.str('auto_pad', 'NOTSET');
  let pads: [number, number][];
  let out: number[];
  if (outputShape) {
    const os = outputShape.slice(-nSpatial);
    pads = os.map((o, i) => {
      const total = full[i]! - o;
      const half = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half];
    });
    out = os;
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    out = spatial.map((d, i) => d * strides[i]!);
    pads = out.map((o, i) => {
      const total = full[i]! - o;
      const half = Math.floor(total / 2);
      return autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half];
    });
  } else {
    const pr = autoPad === 'VALID' ? Array(2 * nSpatial).fill(0) : c.ints('pads') ?? Array(2 * nSpatial).fill(0);
    pads = spatial.map((_, i) => [pr[i]!, pr[i + nSpatial]!]);
    out = full.map((f, i) => f - pads[i]![0] - pads[i]![1]);
  }
  const outC = w.shape[1]! * group;
  // conv2dTranspose / conv3dTranspose take the forward filter [k..., outC, inC], and their pads must agree with
  // their output size:
  // the end pad shrinks by output_padding; where it would go negative, the cells past the convolution's reach
  // (they receive nothing) are appended as zeros.
  const short = pads.map(([, e], i) => Math.max(0, outPad[i]! - e));
  let padsT = pads.map(([b, e], i) => [b, e - outPad[i]! + short[i]!] as [number, number]);
  let outT = out.map((o, i) => o - short[i]!);
  let stridesT = strides, dilT = dil, shortT = short;
  if (nSpatial === 1) {
    x = g.expandDims(x, 2);
    w = g.expandDims(w, 2);
    stridesT = [1, ...strides]; dilT = [1, ...dil]; padsT = [[0, 0], ...padsT]; outT = [1, ...outT]; shortT = [0, ...short];
  }
  // Group k maps input channels [k*C/group, (k+1)*C/group) to output channels [k*M/group, (k+1)*M/group).
  const xs = group === 1 ? [x] : g.split(x, group, 1);
  const ws = group === 1 ? [w] : g.split(w, group, 0);
  const parts = xs.map((xg, k) => {
    const outShape = [x.shape[0]!, outC / group, ...outT];
    if (nSpatial === 3) {
      const filter3d = g.transpose(ws[k]!, [2, 3, 4, 1, 0]);
      return g.conv3dTranspose(xg, filter3d, outShape, stridesT, padsT, { dataFormat: 'NCDHW', dilations: dilT });
    }
    const filter = g.transpose(ws[k]!, [2, 3, 1, 0]);
    return g.conv2dTranspose(xg, filter, outShape, stridesT, padsT, { dataFormat: 'NCHW', dilations: dilT });
  });
  let y = parts.length === 1 ? parts[0]! : g.concat(parts, 1);
  if (short.some((e) => e > 0)) y = g.pad(y, [[0, 0], [0, 0], ...shortT.map((e) => [0, e] as [number, number])]);
  if (nSpatial === 1) y = g.squeeze(y, [2]);
  return addBias(y, c.opt(2));
}

export const CONV_OPS: Record<string, OpDef> = {
  Conv: { translate: conv },
  ConvTranspose: { translate: convTranspose },
};
