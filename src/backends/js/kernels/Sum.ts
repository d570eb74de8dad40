import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { reductionMap } from './reduce_util.js';

export const sum: KernelFn<'Sum'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { axes, keepDims } = attrs;
  const js = asJs(backend);
  const { outShape, map } = reductionMap(x, axes, keepDims);
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const v = js.readSync(x.dataId);
  if (x.dtype === 'int64') {
    const r = o as BigInt64Array, xv = v as BigInt64Array;
    for (let i = 0; i < xv.length; i++) r[map[i]!] = BigInt.asIntN(64, r[map[i]!]! + xv[i]!);
    return out;
  }
  // Accumulate in float64 (JS numbers) so float32 sums round once, at the end.
  const acc = new Float64Array(o.length);
  const xv = v as Float64Array;
  for (let i = 0; i < xv.length; i++) acc[map[i]!] += xv[i]!;
  (o as Float64Array).set(acc);
  return out;
};
