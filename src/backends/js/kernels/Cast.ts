import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { convertArray } from '../../../core/dtype.js';
import { asJs } from '../backend_js.js';

/** Cast: floats to ints truncate toward zero (NaN/out of range: INT_MIN, as TF on x86); nonzero (and NaN) to bool is true. */
export const cast: KernelFn<'Cast'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const dtype = attrs.dtype;
  const js = asJs(backend);
  const v = js.readSync(x.dataId);
  const values = convertArray(v as ArrayLike<number | bigint>, dtype);
  return js.write(values, x.shape, dtype);
};

/** `cast` for callers holding unchecked attrs (the native backend's Cast falls back to it for other dtypes). */
export const castUnchecked: KernelFn = cast;

export const fill: KernelFn<'Fill'> = (_inputs, attrs, backend) => {
  const { shape, value, dtype } = attrs;
  const js = asJs(backend);
  const [out, o] = js.makeOutput(shape, dtype);
  if (dtype === 'int64') (o as BigInt64Array).fill(BigInt(value));
  else (o as Float64Array).fill(Number(value));
  return out;
};
