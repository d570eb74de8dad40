import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { FArr } from './rnn_math.js';


/** [outer, C, inner] of x for the channel position. */
export function bnDims(shape: readonly number[], channelsLast: boolean): [number, number, number] {
  const ax = channelsLast ? shape.length - 1 : 1;
  let outer = 1, inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i]!;
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[ax]!, inner];
}

/** Visits every element of x as (index, channel). */
export function forChannels(outer: number, C: number, inner: number, f: (i: number, c: number) => void): void {
  for (let o = 0, i = 0; o < outer; o++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++, i++) f(i, c);
}

/**
 * FusedBatchNorm: training statistics in float64 (two passes: mean, then the mean squared deviation), then
 * y = (x - mean) * scale / sqrt(variance + epsilon) + offset.
 */
export const fusedBatchNorm: KernelFn<'FusedBatchNorm'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const [x, scale, offset] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const xv = js.readSync(x.dataId) as FArr, sv = js.readSync(scale.dataId) as FArr, ov = js.readSync(offset.dataId) as FArr;
  const [yOut, y] = js.makeOutput(x.shape, x.dtype);
  const [mOut, mean] = js.makeOutput([C], x.dtype);
  const [vOut, variance] = js.makeOutput([C], x.dtype);
  const mu = new Float64Array(C), va = new Float64Array(C);
  if (a.isTraining) {
    const n = outer * inner;
    forChannels(outer, C, inner, (i, c) => { mu[c] += xv[i]!; });
    for (let c = 0; c < C; c++) mu[c] /= n;
    forChannels(outer, C, inner, (i, c) => { const d = xv[i]! - mu[c]!; va[c] += d * d; });
    for (let c = 0; c < C; c++) va[c] = va[c]! / n; // an empty batch gives NaN statistics (0 / 0)
  } else {
    const mv = js.readSync(inputs[3]!.dataId) as FArr, vv = js.readSync(inputs[4]!.dataId) as FArr;
    for (let c = 0; c < C; c++) {
      mu[c] = mv[c]!;
      va[c] = vv[c]!;
    }
  }
  const r = va.map((v) => 1 / Math.sqrt(v + a.epsilon));
  forChannels(outer, C, inner, (i, c) => { (y as FArr)[i] = (xv[i]! - mu[c]!) * r[c]! * sv[c]! + ov[c]!; });
  for (let c = 0; c < C; c++) {
    (mean as FArr)[c] = mu[c]!;
    (variance as FArr)[c] = va[c]!;
  }
  return [yOut, mOut, vOut];
};
