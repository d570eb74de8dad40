import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { DType } from '../../../core/dtype.js';
import type { KernelWithAttrs, ReduceAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { foldBigInts, foldNumbers, reductionMap } from './reduce_util.js';

/** The identity of max/min for each dtype: what an empty group reduces to (TF gives the dtype's lowest/highest). */
export function extremeOf(dtype: DType, highest: boolean): number | bigint {
  if (dtype === 'int64') return highest ? 2n ** 63n - 1n : -(2n ** 63n);
  if (dtype === 'int32') return highest ? 2 ** 31 - 1 : -(2 ** 31);
  return highest ? Infinity : -Infinity;
}

/**
 * Max (isMax) or min over `axes`. NaN propagates (a group holding a NaN reduces to NaN, as numpy does): once the
 * accumulator is NaN no comparison replaces it, and a NaN element always replaces the accumulator.
 */
export function extremeKernel(isMax: boolean): KernelFn<KernelWithAttrs<ReduceAttrs>> {
  return (inputs, { axes, keepDims }, backend) => {
    const x = inputs[0] as TensorInfo;
    const js = asJs(backend);
    const { outShape, outSize, map } = reductionMap(x, axes, keepDims);
    const [out, o] = js.makeOutput(outShape, x.dtype);
    const v = js.readSync(x.dataId);
    const init = extremeOf(x.dtype, !isMax);
    if (x.dtype === 'int64') {
      const pick = isMax ? (a: bigint, b: bigint) => (b > a ? b : a) : (a: bigint, b: bigint) => (b < a ? b : a);
      (o as BigInt64Array).set(foldBigInts(v as BigInt64Array, map, outSize, init as bigint, pick));
    } else {
      const pick = isMax
        ? (a: number, b: number) => (b > a || b !== b ? b : a)
        : (a: number, b: number) => (b < a || b !== b ? b : a);
      (o as Float64Array).set(foldNumbers(v as Float64Array, map, outSize, init as number, pick));
    }
    return out;
  };
}

export const max = extremeKernel(true);
