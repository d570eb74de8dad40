import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { toNumberArray } from '../../../core/dtype.js';
import { asJs } from '../backend_js.js';

/**
 * InTopK (inputs predictions [batch, classes], targets [batch]; attr k), TF's rule: a row is true when its
 * target's prediction has fewer than k strictly larger predictions (so ties all count as in the top k). A
 * target out of range, or any non-finite prediction in the row, gives false (TF's "cannot say").
 */
export const inTopK: KernelFn<'InTopK'> = (inputs, attrs, backend) => {
  const [pred, targets] = inputs as [TensorInfo, TensorInfo];
  const k = attrs.k;
  const js = asJs(backend);
  const batch = pred.shape[0]!;
  const classes = pred.shape[1]!;
  const [out, o] = js.makeOutput([batch], 'bool');
  const p = js.readSync(pred.dataId) as Float64Array;
  const t = toNumberArray(js.readSync(targets.dataId));
  for (let b = 0; b < batch; b++) {
    const target = t[b]!;
    if (!(target >= 0 && target < classes)) continue;
    const base = b * classes;
    const tp = p[base + target]!;
    let ok = Number.isFinite(tp);
    let larger = 0;
    for (let c = 0; ok && c < classes; c++) {
      const v = p[base + c]!;
      if (!Number.isFinite(v)) ok = false;
      else if (v > tp) larger++;
    }
    o[b] = ok && larger < k ? 1 : 0;
  }
  return out;
};
