import { assertDType, type DType } from '../core/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import { broadcastShapes, validateShape } from '../core/shape.js';
import { Tensor as TensorClass, type Tensor } from '../core/tensor.js';
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

/**
 * A shape argument: an array of dimensions, a 1-D int32/int64 tensor of them (tl.shape(x), symbolic in a graph,
 * where the values come at run time), or an array mixing numbers and int scalar tensors (TF packs such a list).
 */
export type ShapeLike = readonly number[] | Tensor | readonly (number | Tensor)[];

/** Resolves a ShapeLike to validated dimensions (reads tensor values on the host). */
export function shapeArg(op: string, shape: unknown, arg = 'shape'): number[] {
  const dims = shapeValues(op, shape, arg);
  validateShape(op, dims, arg);
  return dims;
}

/** The numbers of a ShapeLike, unvalidated (reshape accepts a -1); arrays of numbers come back as they are. */
export function shapeValues(op: string, shape: unknown, arg = 'shape'): number[] {
  if (shape instanceof TensorClass) {
    if (shape.dtype !== 'int32' && shape.dtype !== 'int64') {
      throw new DTypeError(`${op}: '${arg}' given as a tensor must be int32 or int64, got ${shape.dtype}`);
    }
    if (shape.rank !== 1) throw new ShapeError(`${op}: '${arg}' given as a tensor must be 1-D, got shape ${fmtShape(shape.shape)}`);
    return Array.from(shape.dataSync() as ArrayLike<number | bigint>, Number);
  }
  if (!Array.isArray(shape) || !shape.some((d) => d instanceof TensorClass)) return shape as number[];
  return (shape as unknown[]).map((d, i) => {
    if (!(d instanceof TensorClass)) return d as number;
    if ((d.dtype !== 'int32' && d.dtype !== 'int64') || d.size !== 1) {
      throw new ShapeError(`${op}: '${arg}[${i}]' must be a number or an int scalar tensor, got ${d.dtype}${fmtShape(d.shape)}`);
    }
    return Number(d.dataSync()[0]);
  });
}
