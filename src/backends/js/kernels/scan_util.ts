import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { KernelWithAttrs, ScanAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { axisSplit } from './reduce_util.js';

interface ScanOps {
  /** Identity element: what an exclusive scan starts from. */
  init: number;
  num: (acc: number, x: number) => number;
  /** int32 variant (exact 32-bit wrap). */
  i32: (acc: number, x: number) => number;
  big: (acc: bigint, x: bigint) => bigint;
}

/**
 * A scan (running fold) along `axis`. exclusive: element k gets the fold of the elements before it (the first
 * gets `init`); reverse: the scan runs from the end. Floats accumulate in float64.
 */
export function scanKernel(ops: ScanOps): KernelFn<KernelWithAttrs<ScanAttrs>> {
  return (inputs, { axis, exclusive, reverse }, backend) => {
    const x = inputs[0] as TensorInfo;
    const js = asJs(backend);
    const [out, o] = js.makeOutput(x.shape, x.dtype);
    const v = js.readSync(x.dataId);
    const { outer, n, inner } = axisSplit(x.shape, axis);
    const run = <T>(vals: ArrayLike<T>, res: { [i: number]: T }, init: T, f: (a: T, b: T) => T) => {
      for (let p = 0; p < outer; p++) {
        for (let q = 0; q < inner; q++) {
          const base = p * n * inner + q;
          let acc = init;
          for (let s = 0; s < n; s++) {
            const idx = base + (reverse ? n - 1 - s : s) * inner;
            if (exclusive) {
              res[idx] = acc;
              acc = f(acc, vals[idx]!);
            } else {
              acc = f(acc, vals[idx]!);
              res[idx] = acc;
            }
          }
        }
      }
    };
    if (x.dtype === 'int64') run(v as BigInt64Array, o as BigInt64Array, BigInt(ops.init), ops.big);
    else if (x.dtype === 'int32') run(v as Int32Array, o as Int32Array, ops.init, ops.i32);
    else run(v as Float64Array, o as Float64Array, ops.init, ops.num);
    return out;
  };
}
