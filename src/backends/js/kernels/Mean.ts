import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { foldBigInts, foldNumbers, reductionMap } from './reduce_util.js';

/**
 * Mean over `axes`: float64 sum divided by the group size (an empty group gives 0/0 = NaN, as numpy and TF do).
 * Integer inputs divide and truncate toward zero, as TF's reduce_mean on ints does; the op rejects empty int groups.
 */
export const mean: KernelFn<'Mean'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { axes, keepDims } = attrs;
  const js = asJs(backend);
  const { outShape, outSize, map } = reductionMap(x, axes, keepDims);
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const v = js.readSync(x.dataId);
  const count = outSize === 0 ? 0 : map.length / outSize;
  if (x.dtype === 'int64') {
    const s = foldBigInts(v as BigInt64Array, map, outSize, 0n, (a, b) => a + b);
    const r = o as BigInt64Array;
    for (let i = 0; i < outSize; i++) r[i] = count === 0 ? 0n : BigInt.asIntN(64, s[i]! / BigInt(count));
    return out;
  }
  const s = foldNumbers(v as Float64Array, map, outSize, 0, (a, b) => a + b);
  const r = o as Float64Array;
  const isInt = x.dtype === 'int32';
  for (let i = 0; i < outSize; i++) r[i] = isInt ? (count === 0 ? 0 : Math.trunc(s[i]! / count)) : s[i]! / count;
  return out;
};
