import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { foldBigInts, foldNumbers, reductionMap } from './reduce_util.js';

/** Product over `axes`; an empty group gives 1. int32 wraps to 32 bits (Math.imul keeps every bit exact). */
export const prod: KernelFn<'Prod'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { axes, keepDims } = attrs;
  const js = asJs(backend);
  const { outShape, outSize, map } = reductionMap(x, axes, keepDims);
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const v = js.readSync(x.dataId);
  if (x.dtype === 'int64') {
    (o as BigInt64Array).set(foldBigInts(v as BigInt64Array, map, outSize, 1n, (a, b) => BigInt.asIntN(64, a * b)));
  } else if (x.dtype === 'int32') {
    (o as Int32Array).set(foldNumbers(v as Int32Array, map, outSize, 1, (a, b) => Math.imul(a, b)));
  } else {
    (o as Float64Array).set(foldNumbers(v as Float64Array, map, outSize, 1, (a, b) => a * b));
  }
  return out;
};
