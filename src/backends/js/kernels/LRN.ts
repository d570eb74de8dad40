import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';


/**
 * LRN (TF): over the last axis, y[d] = x[d] / (bias + alpha * sum_{|j-d| <= r} x[j]^2)^beta (alpha is not
 * divided by the window size, unlike Caffe). Each window sum is added up afresh rather than kept as a running
 * difference, so it stays exact when a row mixes very large and very small values; the cost per row is
 * depth * min(2r+1, depth).
 */
export const lrn: KernelFn<'LRN'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { depthRadius: r, bias, alpha, beta } = attrs;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(x.shape, x.dtype);
  const xv = js.readSync(x.dataId) as Float64Array;
  const depth = x.shape[x.shape.length - 1] ?? 1;
  if (depth === 0) return out;
  const rows = xv.length / depth;
  const sq = new Float64Array(depth);
  for (let row = 0; row < rows; row++) {
    const base = row * depth;
    for (let d = 0; d < depth; d++) sq[d] = xv[base + d]! * xv[base + d]!;
    for (let d = 0; d < depth; d++) {
      let s = 0;
      const lo = Math.max(0, d - r), hi = Math.min(depth - 1, d + r);
      for (let j = lo; j <= hi; j++) s += sq[j]!;
      o[base + d] = xv[base + d]! * Math.pow(bias + alpha * s, -beta);
    }
  }
  return out;
};
