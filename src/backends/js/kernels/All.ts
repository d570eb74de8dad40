import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { KernelWithAttrs, ReduceAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { reductionMap } from './reduce_util.js';

/** Logical and (isAll) or or over `axes` of a bool tensor; empty groups give true (all) / false (any). */
export function boolReduceKernel(isAll: boolean): KernelFn<KernelWithAttrs<ReduceAttrs>> {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const { axes, keepDims } = attrs;
    const js = asJs(backend);
    const { outShape, map } = reductionMap(x, axes, keepDims);
    const [out, o] = js.makeOutput(outShape, 'bool');
    const r = o as Uint8Array;
    const v = js.readSync(x.dataId) as Uint8Array;
    r.fill(isAll ? 1 : 0);
    for (let i = 0; i < v.length; i++) {
      if (isAll) {
        if (v[i] === 0) r[map[i]!] = 0;
      } else if (v[i] !== 0) r[map[i]!] = 1;
    }
    return out;
  };
}

export const all = boolReduceKernel(true);
