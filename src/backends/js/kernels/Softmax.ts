import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { AxisAttrs, KernelWithAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { axisSplit } from './reduce_util.js';

/**
 * softmax (log = false) or log-softmax along `axis`, with the max subtracted first so that large logits do not
 * overflow: softmax = e^(x-m) / sum(e^(x-m)); logSoftmax = (x - m) - log(sum(e^(x-m))). A row of -inf (or with
 * +inf) gives NaN, as TF does.
 */
export function softmaxKernel(log: boolean): KernelFn<KernelWithAttrs<AxisAttrs>> {
  return (inputs, { axis }, backend) => {
    const x = inputs[0] as TensorInfo;
    const js = asJs(backend);
    const [out, o] = js.makeOutput(x.shape, x.dtype);
    const v = js.readSync(x.dataId) as Float64Array;
    const r = o as Float64Array;
    const { outer, n, inner } = axisSplit(x.shape, axis);
    const e = new Float64Array(n);
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        const base = p * n * inner + q;
        let m = -Infinity;
        // A NaN is skipped here but still reaches the sum below, which makes the whole row NaN.
        for (let k = 0; k < n; k++) {
          const c = v[base + k * inner]!;
          if (c > m) m = c;
        }
        let s = 0;
        for (let k = 0; k < n; k++) {
          e[k] = v[base + k * inner]! - m;
          s += Math.exp(e[k]!);
        }
        const ls = Math.log(s);
        for (let k = 0; k < n; k++) r[base + k * inner] = log ? e[k]! - ls : Math.exp(e[k]!) / s;
      }
    }
    return out;
  };
}

export const softmax = softmaxKernel(false);
