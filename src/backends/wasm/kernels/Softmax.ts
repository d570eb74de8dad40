import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm } from '../backend_wasm.js';
import { prod } from '../../kernel_shapes.js';

/** Softmax / LogSoftmax along attrs.axis (normalized): x viewed as [outer, n, inner]. */
export function softmaxKernel(log: boolean): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const wb = asWasm(backend);
    const axis = attrs.axis as number;
    const [out, po] = wb.makeOutput(x.shape, 'float32');
    wb.ex.softmax(wb.ptr(x), prod(x.shape, 0, axis), x.shape[axis]!, prod(x.shape, axis + 1), po, log ? 1 : 0);
    return out;
  };
}

/** SoftmaxCrossEntropyWithLogits (labels, logits): the loss per example, the class axis removed. */
export const softmaxCrossEntropyWithLogits: KernelFn = (inputs, attrs, backend) => {
  const [labels, logits] = inputs as [TensorInfo, TensorInfo];
  const wb = asWasm(backend);
  const axis = attrs.axis as number;
  const s = logits.shape;
  const [out, po] = wb.makeOutput(s.filter((_, i) => i !== axis), 'float32');
  wb.ex.softmaxXent(wb.ptr(labels), wb.ptr(logits), prod(s, 0, axis), s[axis]!, prod(s, axis + 1), po);
  return out;
};
