import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { ArgumentError } from '../../../core/errors.js';
import { toNumberArray } from '../../../core/dtype.js';
import { asJs } from '../backend_js.js';

/**
 * SparseSoftmaxCrossEntropyWithLogits (inputs labels [S], logits [S, classes]): loss = logSumExp(row) -
 * row[label], max-subtracted for stability. The label range is checked here because it depends on the data
 * (in graph mode the op never sees the values); TF's CPU kernel rejects it the same way.
 */
export const sparseSoftmaxCrossEntropyWithLogits: KernelFn<'SparseSoftmaxCrossEntropyWithLogits'> = (inputs, _attrs, backend) => {
  const [labels, logits] = inputs as [TensorInfo, TensorInfo];
  const js = asJs(backend);
  const [out, o] = js.makeOutput(labels.shape, logits.dtype);
  const z = js.readSync(logits.dataId) as Float64Array;
  const lab = toNumberArray(js.readSync(labels.dataId));
  const classes = logits.shape[logits.shape.length - 1]!;
  for (let r = 0; r < o.length; r++) {
    const label = lab[r]!;
    if (!(label >= 0 && label < classes)) {
      throw new ArgumentError(
        `sparseSoftmaxCrossEntropyWithLogits: 'labels' row ${r} holds ${label}, outside the valid range [0, ${classes}) of 'logits' [${logits.shape.join(',')}]`,
      );
    }
    const base = r * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, z[base + c]!);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(z[base + c]! - m);
    o[r] = m + Math.log(s) - z[base + label]!;
  }
  return out;
};
