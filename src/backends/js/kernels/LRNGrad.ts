import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';

/**
 * LRNGrad (inputs dy, x, y). With N[i] = bias + alpha * sum_{|j-i| <= r} x[j]^2 and y[i] = x[i] N[i]^-beta:
 *   dx[j] = dy[j] N[j]^-beta - 2 alpha beta x[j] sum_{|i-j| <= r} dy[i] x[i] N[i]^(-beta-1).
 * The window is symmetric, so "i's window holds j" is "j's window holds i". N is recomputed from x (y alone
 * cannot give it back where x is 0).
 */
export const lrnGrad: KernelFn<'LRNGrad'> = (inputs, attrs, backend) => {
  const [dy, x] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const { depthRadius: r, bias, alpha, beta } = attrs;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  const dyv = js.readSync(dy.dataId) as Float64Array;
  const depth = x.shape[x.shape.length - 1] ?? 1;
  if (depth === 0) return out;
  const rows = xv.length / depth;
  const sq = new Float64Array(depth);
  const powB = new Float64Array(depth);
  const t = new Float64Array(depth);
  for (let row = 0; row < rows; row++) {
    const base = row * depth;
    for (let d = 0; d < depth; d++) sq[d] = xv[base + d]! * xv[base + d]!;
    for (let i = 0; i < depth; i++) {
      let s = 0;
      const lo = Math.max(0, i - r), hi = Math.min(depth - 1, i + r);
      for (let j = lo; j <= hi; j++) s += sq[j]!;
      const n = bias + alpha * s;
      powB[i] = Math.pow(n, -beta);
      // dy[i] x[i] N[i]^(-beta-1)
      t[i] = (dyv[base + i]! * xv[base + i]! * powB[i]!) / n;
    }
    for (let j = 0; j < depth; j++) {
      let s = 0;
      const lo = Math.max(0, j - r), hi = Math.min(depth - 1, j + r);
      for (let i = lo; i <= hi; i++) s += t[i]!;
      o[base + j] = dyv[base + j]! * powB[j]! - 2 * alpha * beta * xv[base + j]! * s;
    }
  }
  return out;
};
