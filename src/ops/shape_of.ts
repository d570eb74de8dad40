/**
 * tf.shape, tf.size, tf.rank: a tensor's shape, element count and rank as int tensors. They read only the
 * tensor's metadata, so they need no kernel; in a graph each is a node computed from the value that flows at run
 * time, so tl.shape(x) of a placeholder [null, 784] fed with 50 rows gives [50, 784]. No gradient (TF has none).
 */
import { DTypeError } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';

type IndexDType = 'int32' | 'int64';

function checkOutType(op: string, outType: unknown): IndexDType {
  if (outType !== 'int32' && outType !== 'int64') throw new DTypeError(`${op}: 'outType' must be int32 or int64, got ${String(outType)}`);
  return outType;
}

function intVector(values: number[], shape: number[], dtype: IndexDType): Tensor {
  const data = dtype === 'int64' ? BigInt64Array.from(values, BigInt) : Int32Array.from(values);
  return ENGINE.makeTensor(data, shape, dtype);
}

/** The dynamic shape of x as a 1-D int tensor (tf.shape). */
export function shape(x: TensorLike, outType: IndexDType = 'int32'): Tensor {
  const t = convertToTensor(x, 'x', 'shape');
  const d = checkOutType('shape', outType);
  return intVector([...t.shape], [t.rank], d);
}

/** The number of elements of x as an int scalar (tf.size). */
export function size(x: TensorLike, outType: IndexDType = 'int32'): Tensor {
  const t = convertToTensor(x, 'x', 'size');
  const d = checkOutType('size', outType);
  return intVector([t.size], [], d);
}

/** The rank of x as an int32 scalar (tf.rank). */
export function rank(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'rank');
  return intVector([t.rank], [], 'int32');
}
