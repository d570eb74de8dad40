import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { indexValues } from './index_util.js';

/**
 * OneHot: views indices as [outer, inner] split at `axis` and the output as [outer, depth, inner];
 * out[o, d, i] = d == indices[o, i] ? onValue : offValue. Out-of-range indices match no d (all off).
 */
export const oneHot: KernelFn<'OneHot'> = (inputs, attrs, backend) => {
  const ind = inputs[0] as TensorInfo;
  const { depth, onValue, offValue, dtype, axis } = attrs;
  const js = asJs(backend);
  const idx = indexValues(js.readSync(ind.dataId));
  const outer = sizeFromShape(ind.shape.slice(0, axis));
  const inner = sizeFromShape(ind.shape.slice(axis));
  const shape = [...ind.shape];
  shape.splice(axis, 0, depth);
  const [out, o] = js.makeOutput(shape, dtype);
  if (o instanceof BigInt64Array) {
    const on = BigInt(onValue), off = BigInt(offValue);
    o.fill(off);
    for (let a = 0; a < outer; a++) {
      for (let i = 0; i < inner; i++) {
        const v = idx[a * inner + i]!;
        if (v >= 0 && v < depth) o[(a * depth + v) * inner + i] = on;
      }
    }
    return out;
  }
  const dst = o as Float64Array;
  dst.fill(offValue);
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const v = idx[a * inner + i]!;
      if (v >= 0 && v < depth) dst[(a * depth + v) * inner + i] = onValue;
    }
  }
  return out;
};
