import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';
import { prod } from '../../kernel_shapes.js';

/** Softmax / LogSoftmax over attrs.axis (normalized), x viewed as [outer, n, inner]. */
export function softmaxKernel(log: boolean): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const nb = asNative(backend);
    const axis = (attrs as { axis: number }).axis;
    const [out, o] = nb.makeOutputUninit(x.shape);
    if (x.shape.length === 0) {
      // A scalar is a row of one: softmax 1, log-softmax 0 (NaN stays NaN).
      const v = nb.f32(x)[0]!;
      (o)[0] = Number.isNaN(v) ? NaN : log ? 0 : 1;
      return out;
    }
    const outer = prod(x.shape, 0, axis), n = x.shape[axis]!, inner = prod(x.shape, axis + 1);
    nb.binding.softmax(nb.f32(x), outer, n, inner, o, log);
    return out;
  };
}

/**
 * SoftmaxCrossEntropyWithLogits (inputs labels, logits; attr axis): loss = -sum_c labels[c] logSoftmax(logits)[c]
 * per slice along axis, the log-softmax from the addon (max subtracted: finite for logits of +-1000); a zero
 * label contributes nothing, as in the js kernel. Keeps a training loop's loss on the native backend.
 */
export const softmaxCrossEntropyWithLogits: KernelFn = (inputs, attrs, backend) => {
  const [labels, logits] = inputs as [TensorInfo, TensorInfo];
  const nb = asNative(backend);
  const axis = (attrs as { axis: number }).axis;
  const shape = logits.shape;
  const outShape = shape.filter((_, i) => i !== axis);
  const [out, o] = nb.makeOutputUninit(outShape);
  if (o.length === 0) return out;
  const outer = prod(shape, 0, axis), classes = shape[axis]!, inner = prod(shape, axis + 1);
  const lsm = new Float32Array(outer * classes * inner);
  nb.binding.softmax(nb.f32(logits), outer, classes, inner, lsm, true);
  const p = nb.f32(labels);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const base = a * classes * inner + b;
      let loss = 0;
      for (let c = 0; c < classes; c++) {
        const l = p[base + c * inner]!;
        if (l !== 0) loss -= l * lsm[base + c * inner]!;
      }
      o[a * inner + b] = loss;
    }
  }
  return out;
};
