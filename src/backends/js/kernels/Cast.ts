import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { convertArray, type DType } from '../../../core/dtype.js';
import { asJs } from '../backend_js.js';

/** Cast: floats to ints truncate toward zero (NaN/out of range: INT_MIN, as TF on x86); nonzero (and NaN) to bool is true. */
export const cast: KernelFn = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const dtype = attrs.dtype as DType;
  const js = asJs(backend);
  const v = js.readSync(x.dataId);
  const values = convertArray(v as ArrayLike<number | bigint>, dtype);
  return js.write(values, x.shape, dtype);
};

export const fill: KernelFn = (_inputs, attrs, backend) => {
  const { shape, value, dtype } = attrs as { shape: number[]; value: number | bigint | boolean; dtype: DType };
  const js = asJs(backend);
  const [out, o] = js.makeOutput(shape, dtype);
  if (dtype === 'int64') (o as BigInt64Array).fill(BigInt(value as number));
  else (o as Float64Array).fill(Number(value));
  return out;
};
