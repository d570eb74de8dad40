import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { ArgAttrs, KernelWithAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { axisSplit } from './reduce_util.js';

/**
 * Index (int32) of the largest (isMax) or smallest value along `axis`; ties give the first index, as TF does.
 * A NaN counts as more extreme than any number (numpy's rule), so the first NaN wins: a NaN never goes unnoticed.
 * The op guarantees the axis is not empty.
 */
export function argExtremeKernel(isMax: boolean): KernelFn<KernelWithAttrs<ArgAttrs>> {
  return (inputs, { axis }, backend) => {
    const x = inputs[0] as TensorInfo;
    const js = asJs(backend);
    const outShape = x.shape.filter((_, i) => i !== axis);
    const [out, o] = js.makeOutput(outShape, 'int32');
    const r = o as Int32Array;
    const v = js.readSync(x.dataId);
    const { outer, n, inner } = axisSplit(x.shape, axis);
    const better = isMax ? (a: number | bigint, b: number | bigint) => a > b : (a: number | bigint, b: number | bigint) => a < b;
    const vals = v as ArrayLike<number | bigint>;
    for (let p = 0; p < outer; p++) {
      for (let q = 0; q < inner; q++) {
        const base = p * n * inner + q;
        let best = 0;
        let bv = vals[base]!;
        for (let k = 1; k < n && bv === bv; k++) {
          const c = vals[base + k * inner]!;
          if (c !== c || better(c, bv)) {
            best = k;
            bv = c;
          }
        }
        r[p * inner + q] = best;
      }
    }
    return out;
  };
}

export const argMax = argExtremeKernel(true);
