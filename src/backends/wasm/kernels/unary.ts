import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asWasm } from '../backend_wasm.js';

/** Kernel names in the module's op-code order (assembly/kernels/unary.ts). */
export const UNARY_OPS = [
  K.Neg, K.Abs, K.Square, K.Sqrt, K.Rsqrt, K.Reciprocal, K.Exp, K.Expm1, K.Log, K.Log1p, K.Tanh, K.Sigmoid, K.Relu,
  K.Relu6, K.Elu, K.Selu, K.Softplus, K.Floor, K.Ceil, K.Round, K.Sign, K.LeakyRelu, K.Step, K.Sin, K.Cos, K.Tan,
  K.Asin, K.Acos, K.Atan, K.Sinh, K.Cosh,
];

/** A unary float32 kernel (alpha: LeakyRelu's / Step's attribute). */
export function unaryKernel(name: string): KernelFn {
  const op = UNARY_OPS.indexOf(name);
  if (op < 0) throw new Error(`wasm backend: no unary op ${name}`);
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const wb = asWasm(backend);
    const [out, po] = wb.makeOutput(x.shape, 'float32');
    const alpha = typeof attrs.alpha === 'number' ? attrs.alpha : 0;
    wb.ex.unary(op, wb.ptr(x), po, sizeFromShape(x.shape), alpha);
    return out;
  };
}
