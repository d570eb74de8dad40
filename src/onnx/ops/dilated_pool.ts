/**
 * MaxPool / AveragePool with dilations other than 1. tensorlane's pool kernels take no dilations, so the pool is
 * built from ops that all have gradients (a trainable import differentiates through it): the input is padded
 * (-inf for max, 0 for average), each of the kernel's prod(k) window positions is one strided slice of it (the
 * values that position sees in every output window), the slices are stacked and reduced with max or sum. The
 * average divides by a per-output count computed at load from the geometry: the window positions inside the
 * input, or with count_include_pad inside the input and its declared pads (never the ceil_mode overhang).
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext } from '../op_context.js';
import type { SpatialParams } from './conv_util.js';

/** Output size along one spatial dim, ONNX's formula with the effective (dilated) kernel. */
export function pooledSize(size: number, [b, e]: [number, number], kEff: number, stride: number, ceil: boolean): number {
  if (!ceil) return Math.floor((size + b + e - kEff) / stride) + 1;
  let out = Math.ceil((size + b + e - kEff) / stride) + 1;
  // The last window must start inside the input or its leading pad.
  if ((out - 1) * stride >= size + b) out--;
  return out;
}

/** Per output position along one dim: how many of the window's taps fall in [lo, hi). */
function tapCounts(out: number, stride: number, begin: number, k: number, d: number, lo: number, hi: number): number[] {
  return Array.from({ length: out }, (_, o) => {
    let n = 0;
    for (let j = 0; j < k; j++) {
      const at = o * stride - begin + j * d;
      if (at >= lo && at < hi) n++;
    }
    return n;
  });
}

export function dilatedPool(c: OpContext, x: Tensor, p: SpatialParams, kind: 'max' | 'avg', ceil: boolean, countIncludePad: boolean): Tensor {
  const spatial = x.shape.slice(2);
  const n = spatial.length;
  if (spatial.some((d) => d < 0)) throw c.error(`dilated pooling needs known spatial sizes, got input shape [${x.shape}]`);
  const kEff = p.kernel.map((k, i) => (k - 1) * p.dilations[i]! + 1);
  const out = spatial.map((size, i) => pooledSize(size, p.pads[i]!, kEff[i]!, p.strides[i]!, ceil));
  if (out.some((o) => o < 1)) {
    throw c.error(`the dilated window [${kEff}] does not fit the padded input [${spatial.map((s, i) => s + p.pads[i]![0] + p.pads[i]![1])}]`);
  }
  // Pad only as far as the windows read (ceil_mode may read past the declared end pad, or stop short of it).
  const readEnd = spatial.map((size, i) => Math.max(0, (out[i]! - 1) * p.strides[i]! + kEff[i]! - size - p.pads[i]![0]));
  const padValue = kind === 'avg' ? 0 : x.dtype.startsWith('float') ? -Infinity : -2147483648;
  const xp = g.pad(x, [[0, 0], [0, 0], ...spatial.map((_, i) => [p.pads[i]![0], readEnd[i]!] as [number, number])], 'CONSTANT', padValue);
  const taps: Tensor[] = [];
  const offset = Array(n).fill(0);
  for (;;) {
    const begin = [0, 0, ...offset.map((j, i) => j * p.dilations[i]!)];
    const end = [0, 0, ...offset.map((j, i) => j * p.dilations[i]! + (out[i]! - 1) * p.strides[i]! + 1)];
    // Masks 0b11: the batch and channel dims are taken whole (the batch may be unknown at load).
    taps.push(g.stridedSlice(xp, begin, end, [1, 1, ...p.strides], { beginMask: 3, endMask: 3 }));
    let i = n - 1;
    while (i >= 0 && ++offset[i] === p.kernel[i]) offset[i--] = 0;
    if (i < 0) break;
  }
  const stacked = taps.length === 1 ? g.expandDims(taps[0]!, 0) : g.stack(taps, 0);
  if (kind === 'max') return g.max(stacked, 0);
  // The count is separable: a window is a product of per-dim tap sets.
  const counts = spatial.map((size, i) => {
    const [b, e] = p.pads[i]!;
    return tapCounts(out[i]!, p.strides[i]!, b, p.kernel[i]!, p.dilations[i]!, countIncludePad ? -b : 0, countIncludePad ? size + e : size);
  });
  const total = out.reduce((a, b) => a * b, 1);
  const inv = new Array<number>(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat, cnt = 1;
    for (let i = n - 1; i >= 0; i--) {
      cnt *= counts[i]![rest % out[i]!]!;
      rest = Math.floor(rest / out[i]!);
    }
    inv[flat] = cnt > 0 ? 1 / cnt : 0;
  }
  return g.mul(g.sum(stacked, 0), g.tensor(inv, [1, 1, ...out], x.dtype));
}
