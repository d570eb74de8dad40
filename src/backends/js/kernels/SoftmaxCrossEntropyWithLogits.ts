import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';

/**
 * SoftmaxCrossEntropyWithLogits (inputs labels, logits; attr axis): per slice along `axis`,
 *   loss = sum_c labels[c] * (logSumExp(logits) - logits[c]),
 * with the max subtracted before exp so logits of +-1000 stay finite. Output: logits' shape without `axis`.
 */
export const softmaxCrossEntropyWithLogits: KernelFn<'SoftmaxCrossEntropyWithLogits'> = (inputs, attrs, backend) => {
  const [labels, logits] = inputs as [TensorInfo, TensorInfo];
  const axis = attrs.axis;
  const js = asJs(backend);
  const shape = logits.shape;
  const outShape = shape.filter((_, i) => i !== axis);
  const [out, o] = js.makeOutput(outShape, logits.dtype);
  const z = js.readSync(logits.dataId) as Float64Array;
  const p = js.readSync(labels.dataId) as Float64Array;
  const classes = shape[axis]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const outer = o.length / Math.max(inner, 1);
  if (o.length === 0) return out;
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const base = a * classes * inner + b;
      let m = -Infinity;
      for (let c = 0; c < classes; c++) m = Math.max(m, z[base + c * inner]!);
      let s = 0;
      for (let c = 0; c < classes; c++) s += Math.exp(z[base + c * inner]! - m);
      const lse = m + Math.log(s);
      let loss = 0;
      for (let c = 0; c < classes; c++) {
        const l = p[base + c * inner]!;
        // A zero label contributes nothing, even where logSumExp - logit is infinite.
        if (l !== 0) loss += l * (lse - z[base + c * inner]!);
      }
      o[a * inner + b] = loss;
    }
  }
  return out;
};
