import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { foldNumbers, reductionMap } from './reduce_util.js';

/**
 * log(sum(exp(x))) over `axes`, as m + log(sum(exp(x - m))) with m the group's max, so large inputs do not
 * overflow. As TF does, an infinite max is not subtracted (shift 0): all -inf (or an empty group) gives -inf,
 * any +inf gives +inf. NaN propagates through the sum.
 */
export const logSumExp: KernelFn<'LogSumExp'> = (inputs, attrs, backend) => {
  const x = inputs[0] as TensorInfo;
  const { axes, keepDims } = attrs;
  const js = asJs(backend);
  const { outShape, outSize, map } = reductionMap(x, axes, keepDims);
  const [out, o] = js.makeOutput(outShape, x.dtype);
  const v = js.readSync(x.dataId) as Float64Array;
  const m = foldNumbers(v, map, outSize, -Infinity, (a, b) => (b > a ? b : a));
  for (let i = 0; i < outSize; i++) if (!Number.isFinite(m[i]!)) m[i] = 0;
  const s = new Float64Array(outSize);
  for (let i = 0; i < v.length; i++) s[map[i]!] += Math.exp(v[i]! - m[map[i]!]!);
  const r = o as Float64Array;
  for (let i = 0; i < outSize; i++) r[i] = m[i]! + Math.log(s[i]!);
  return out;
};
