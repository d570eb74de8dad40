import type { AsyncKernelFn, Attrs, Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';
import type { NativeBinding } from '../binding.js';
import { matMulOutShape } from '../../kernel_shapes.js';

interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** The output (every element is written, so a recycled array) and the addon's arguments that fill it. */
function prepare(inputs: readonly TensorInfo[], attrs: Attrs, backend: Backend): [TensorInfo, Parameters<NativeBinding['matMul']>] {
  const [a, b] = inputs as [TensorInfo, TensorInfo];
  const nb = asNative(backend);
  const { transposeA = false, transposeB = false } = attrs as MatMulAttrs;
  const outShape = matMulOutShape(a.shape, b.shape, transposeA, transposeB);
  const [out, o] = nb.makeOutputUninit(outShape);
  return [out, [nb.f32(a), a.shape, nb.f32(b), b.shape, o, outShape, transposeA, transposeB]];
}

/** MatMul (batched, broadcast, transposes) on the addon's packed GEMM. float32 only (supports()). */
export const matMul: KernelFn = (inputs, attrs, backend) => {
  const [out, args] = prepare(inputs, attrs, backend);
  asNative(backend).binding.matMul(...args);
  return out;
};

/**
 * The engine's async-kernel form of MatMul: the output is allocated now and filled by an AsyncWorker. The
 * inputs must stay alive and unmodified until `done` settles (runKernelAsync holds their buffers).
 */
export const matMulAsyncKernel: AsyncKernelFn = (inputs, attrs, backend) => {
  const [out, args] = prepare(inputs, attrs, backend);
  const done = asNative(backend).binding.matMulAsync(...args).then(() => undefined);
  return { result: out, done };
};
