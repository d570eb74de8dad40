import { isDType, scalarForDType, type DType } from '../core/dtype.js';
import { DTypeError, OutOfMemoryError } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, makeTensorFrom, type TensorLike } from '../core/tensor_util.js';
import { shapeArg, type ShapeLike } from './op_util.js';

export { tensor } from '../core/tensor_util.js';

/** A rank-0 tensor. */
export function scalar(value: number | boolean | bigint, dtype?: DType): Tensor {
  return makeTensorFrom('scalar', 'value', value, [], dtype);
}

function checkDType(op: string, dtype: DType): void {
  if (!isDType(dtype)) throw new DTypeError(`${op}: unknown dtype '${String(dtype)}'`);
}

/** A tensor of `shape` with every element `value`. */
export function fill(shape: ShapeLike, value: number | boolean | bigint, dtype?: DType): Tensor {
  return fillAs('fill', shape, value, dtype);
}

/** fill under the name of the public op that called it, so errors name what the user called. */
function fillAs(op: string, shapeIn: ShapeLike, value: number | boolean | bigint, dtype?: DType): Tensor {
  const d: DType = dtype ?? (typeof value === 'boolean' ? 'bool' : typeof value === 'bigint' ? 'int64' : 'float32');
  checkDType(op, d);
  const shape = shapeArg(op, shapeIn);
  const v = scalarForDType(op, 'value', value, d);
  const s = Array.from(shape);
  try {
    return ENGINE.runKernel(K.Fill, [], { shape: s, value: v, dtype: d }, { shape: [...s], dtype: d });
  } catch (e) {
    // The backend names its kernel (Fill); say which op the user called.
    if (e instanceof OutOfMemoryError) throw new OutOfMemoryError(`${op}: ${e.message}`);
    throw e;
  }
}

export function zeros(shape: ShapeLike, dtype: DType = 'float32'): Tensor {
  return fillAs('zeros', shape, dtype === 'bool' ? false : dtype === 'int64' ? 0n : 0, dtype);
}

export function ones(shape: ShapeLike, dtype: DType = 'float32'): Tensor {
  return fillAs('ones', shape, dtype === 'bool' ? true : dtype === 'int64' ? 1n : 1, dtype);
}

export function zerosLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'zerosLike');
  return zeros(t.shape, t.dtype);
}

export function onesLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'onesLike');
  return ones(t.shape, t.dtype);
}
