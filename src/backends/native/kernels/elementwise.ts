import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';
import { broadcast } from '../../kernel_shapes.js';

/** A unary float32 kernel running the addon's op `name` (the addon uses the kernel names). */
export function unaryKernel(name: string): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const nb = asNative(backend);
    const op = nb.unaryOp.get(name);
    if (op === undefined) throw new Error(`native backend: the addon has no unary op ${name}`);
    const [out, o] = nb.makeOutputUninit(x.shape);
    const alpha = typeof (attrs as { alpha?: unknown }).alpha === 'number' ? ((attrs as { alpha: number }).alpha) : 0;
    nb.binding.unary(op, nb.f32(x), o, alpha);
    return out;
  };
}

/** A broadcasting binary float32 kernel running the addon's op `name`. */
export function binaryKernel(name: string): KernelFn {
  return (inputs, _attrs, backend) => {
    const [a, b] = inputs as [TensorInfo, TensorInfo];
    const nb = asNative(backend);
    const op = nb.binaryOp.get(name);
    if (op === undefined) throw new Error(`native backend: the addon has no binary op ${name}`);
    const outShape = broadcast(a.shape, b.shape);
    const [out, o] = nb.makeOutputUninit(outShape);
    nb.binding.binary(op, nb.f32(a), a.shape, nb.f32(b), b.shape, o, outShape);
    return out;
  };
}
