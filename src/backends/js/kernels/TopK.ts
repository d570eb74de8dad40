import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';

/** Larger first; NaN above every number (TF's order); equal values keep the lower index first. */
function before(a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  if (Number.isNaN(b)) return false;
  return a > b;
}

/**
 * TopK (input x; attrs k, sorted): per last-axis row, the k largest values and their indices. A stable sort of
 * the row's indices (Array.prototype.sort is stable) orders equal values by index, which is TF's tie rule.
 */
export const topK: KernelFn<'TopK'> = (inputs, attrs, backend, outs) => {
  const [x] = inputs as [TensorInfo];
  const js = asJs(backend);
  const k = attrs.k;
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : x.shape.reduce((a, d) => a * d, 1) / n;
  const [values, v] = js.makeOutput(outs[0]!.shape, x.dtype);
  const [indices, ix] = js.makeOutput(outs[1]!.shape, 'int32');
  const data = js.readSync(x.dataId) as Float64Array;
  const order = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => {
      const va = data[base + a]!;
      const vb = data[base + b]!;
      return before(va, vb) ? -1 : before(vb, va) ? 1 : 0;
    });
    for (let j = 0; j < k; j++) {
      v[r * k + j] = data[base + order[j]!]!;
      ix[r * k + j] = order[j]!;
    }
  }
  return [values, indices];
};
