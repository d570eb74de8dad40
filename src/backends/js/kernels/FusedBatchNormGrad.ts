import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { bnDims, forChannels } from './FusedBatchNorm.js';
import type { FArr } from './rnn_math.js';

/**
 * FusedBatchNormGrad (inputs dy, x, scale, mean, variance, dMean, dVariance). With r = 1/sqrt(variance + eps),
 * Sdy = sum dy and Sdyx = sum dy (x - mean) per channel, N the elements per channel:
 *   training:  dx = scale r (dy - Sdy/N - (x - mean) r^2 Sdyx / N) + dMean / N + 2 dVariance (x - mean) / N
 *   inference: dx = scale r dy;  dmean = -scale r Sdy + dMean;  dvariance = -scale r^3 Sdyx / 2 + dVariance
 *   both:      dscale = r Sdyx;  doffset = Sdy
 */
export const fusedBatchNormGrad: KernelFn<'FusedBatchNormGrad'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const x = inputs[1]!;
  const rd = (k: number) => js.readSync(inputs[k]!.dataId) as FArr;
  const dyv = rd(0), xv = rd(1), sv = rd(2), mv = rd(3), vv = rd(4), gm = rd(5), gv = rd(6);
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const n = outer * inner;
  const sdy = new Float64Array(C), sdyx = new Float64Array(C);
  forChannels(outer, C, inner, (i, c) => {
    sdy[c] += dyv[i]!;
    sdyx[c] += dyv[i]! * (xv[i]! - mv[c]!);
  });
  const r = Array.from(vv, (v) => 1 / Math.sqrt(v + a.epsilon));
  const [dxOut, dx] = js.makeOutput(x.shape, x.dtype);
  forChannels(outer, C, inner, (i, c) => {
    const A = sv[c]! * r[c]!;
    const d = xv[i]! - mv[c]!;
    (dx as FArr)[i] = a.isTraining
      ? A * (dyv[i]! - sdy[c]! / n - (d * r[c]! * r[c]! * sdyx[c]!) / n) + gm[c]! / n + (2 * gv[c]! * d) / n
      : A * dyv[i]!;
  });
  const perC = (f: (c: number) => number): TensorInfo => {
    const [info, o] = js.makeOutput([C], x.dtype);
    for (let c = 0; c < C; c++) (o as FArr)[c] = f(c);
    return info;
  };
  const outs = [dxOut, perC((c) => r[c]! * sdyx[c]!), perC((c) => sdy[c]!)];
  if (!a.isTraining) {
    outs.push(perC((c) => -sv[c]! * r[c]! * sdy[c]! + gm[c]!));
    outs.push(perC((c) => -0.5 * sv[c]! * r[c]! ** 3 * sdyx[c]! + gv[c]!));
  }
  return outs;
};
