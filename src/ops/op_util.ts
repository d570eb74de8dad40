import { assertDType, type DType } from '../core/dtype.js';
import { DTypeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { DataFormat2D, DataFormat3D, Empty, KernelWithAttrs } from '../core/kernel_attrs.js';

const KERNEL_DATA_FORMATS: readonly string[] = ['NHWC', 'NCHW', 'NDHWC', 'NCDHW'];

/** Whether a (validated) data format is one the 2-D / 3-D conv and pool kernels take (1-D ops run as 2-D). */
export function isKernelDataFormat(f: string): f is DataFormat2D | DataFormat3D {
  return KERNEL_DATA_FORMATS.includes(f);
}

/**
 * Shared validation for elementwise binary ops: converts JS values to the other operand's dtype, requires
 * equal dtypes (TF does not upcast silently), checks `allowed` dtypes and broadcasts the shapes.
 */
export function binaryOp(
  op: string,
  kernel: KernelWithAttrs<Empty>,
  a: TensorLike,
  b: TensorLike,
  opts: { allowed?: readonly DType[]; outDType?: DType } = {},
): Tensor {
  const [ta, tb] = convertAll(op, [[a, 'a'], [b, 'b']]) as [Tensor, Tensor];
  if (ta.dtype !== tb.dtype) {
    throw new DTypeError(
      `${op}: 'a' is ${ta.dtype}${fmtShape(ta.shape)} and 'b' is ${tb.dtype}${fmtShape(tb.shape)}; cast one so the dtypes match`,
    );
  }
  if (opts.allowed) assertDType(op, 'a', ta.dtype, opts.allowed);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  return ENGINE.runKernel(kernel, [ta, tb], {}, { shape, dtype: opts.outDType ?? ta.dtype });
}

/** Shared validation for elementwise unary ops. */
export function unaryOp(
  op: string,
  kernel: KernelWithAttrs<Empty>,
  x: TensorLike,
  opts: { allowed?: readonly DType[]; outDType?: DType } = {},
): Tensor {
  const t = convertToTensor(x, 'x', op);
  if (opts.allowed) assertDType(op, 'x', t.dtype, opts.allowed);
  return ENGINE.runKernel(kernel, [t], {}, { shape: [...t.shape], dtype: opts.outDType ?? t.dtype });
}
