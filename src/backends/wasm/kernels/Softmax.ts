import type { KernelFn } from '../../../core/backend.js';
import { asWasm } from '../backend_wasm.js';
import type { WasmExports } from '../loader.js';
import { prod } from '../../kernel_shapes.js';

/** Binds Softmax / LogSoftmax along attrs.axis (normalized): x viewed as [outer, n, inner]. */
export const softmaxKernel = (fn: WasmExports['Softmax' | 'LogSoftmax']): KernelFn<'Softmax' | 'LogSoftmax'> => (inputs, { axis }, backend, outs) => {
  const s = inputs[0]!.shape;
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  fn(wb.ptr(inputs[0]!), prod(s, 0, axis), s[axis]!, prod(s, axis + 1), po);
  return out;
};

/** SoftmaxCrossEntropyWithLogits (labels, logits): the loss per example, the class axis removed. */
export const softmaxCrossEntropyWithLogits: KernelFn<'SoftmaxCrossEntropyWithLogits'> = (inputs, { axis }, backend, outs) => {
  const [labels, logits] = inputs as [typeof inputs[0], typeof inputs[0]];
  const wb = asWasm(backend);
  const s = logits.shape;
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  wb.ex.SoftmaxCrossEntropyWithLogits(wb.ptr(labels), wb.ptr(logits), prod(s, 0, axis), s[axis]!, prod(s, axis + 1), po);
  return out;
};
