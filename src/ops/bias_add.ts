/**
 * tf.nn's bias and fully-connected primitives: bias_add, xw_plus_b and relu_layer. Compositions of add, matMul
 * and relu, so their gradients (the bias gradient is dy summed over every axis but the channels) come from those.
 */
import { FLOAT_DTYPES, NUMERIC_DTYPES, assertDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { relu } from './activation.js';
import { add } from './arithmetic.js';
import { MATMUL_DTYPES, matMul } from './matmul.js';
import { reshape } from './reshape.js';

/**
 * Where the channels are: last for 'NHWC', 'NWC', 'NDHWC' (any 'N...C'), at axis 1 for 'NCHW', 'NCW', 'NCDHW'
 * (any 'NC...'). As in TF the letters name a layout, not a rank: 'NHWC' serves a [batch, features] matrix too.
 */
export type BiasAddDataFormat = 'NHWC' | 'NCHW' | 'NWC' | 'NCW' | 'NDHWC' | 'NCDHW' | 'N...C' | 'NC...';

/** Whether `dataFormat` puts the channels at axis 1 (true) or last (false); refuses other strings. */
function channelsFirst(op: string, dataFormat: unknown): boolean {
  if (typeof dataFormat === 'string' && dataFormat.startsWith('NC')) return true;
  if (typeof dataFormat === 'string' && dataFormat.length >= 2 && dataFormat.startsWith('N') && dataFormat.endsWith('C')) return false;
  throw new ArgumentError(`${op}: 'dataFormat' must be of the form 'N...C' (e.g. 'NHWC') or 'NC...' (e.g. 'NCHW'), got ${JSON.stringify(dataFormat)}`);
}

/**
 * tf.nn.bias_add: value + bias along the channel axis. value has rank >= 2; bias is 1-D with the size of the
 * channel dim (the last dim for 'N...C' formats, dim 1 for 'NC...'). bias must have value's dtype (a JS array
 * takes it). Unlike a plain add, the shapes are checked, so a bias of the wrong length never broadcasts.
 */
export function biasAdd(value: TensorLike, bias: TensorLike, dataFormat: BiasAddDataFormat = 'NHWC'): Tensor {
  return ENGINE.tidy(() => biasAddImpl('biasAdd', value, bias, dataFormat, ['value', 'bias']));
}

function biasAddImpl(op: string, value: TensorLike, bias: TensorLike, dataFormat: unknown, names: [string, string]): Tensor {
  const [vName, bName] = names;
  const v = convertToTensor(value, vName, op);
  assertDType(op, vName, v.dtype, NUMERIC_DTYPES);
  const b = convertToTensor(bias, bName, op, v.dtype);
  if (b.dtype !== v.dtype) {
    throw new DTypeError(`${op}: '${bName}' is ${b.dtype}${fmtShape(b.shape)} but '${vName}' is ${v.dtype}${fmtShape(v.shape)}; the dtypes must match`);
  }
  const first = channelsFirst(op, dataFormat);
  if (v.rank < 2) throw new ShapeError(`${op}: '${vName}' must have rank >= 2 (batch and channels), got shape ${fmtShape(v.shape)}`);
  const axis = first ? 1 : v.rank - 1;
  const channels = v.shape[axis]!;
  if (b.rank !== 1 || b.shape[0] !== channels) {
    throw new ShapeError(
      `${op}: '${bName}' ${fmtShape(b.shape)} must have shape [${channels}] ` +
        `(the channel dim ${axis} of '${vName}' ${fmtShape(v.shape)}, ${first ? 'NC...' : 'N...C'})`,
    );
  }
  // Channels first: [C] -> [C, 1, ..., 1] so it broadcasts along axis 1.
  return add(v, first ? reshape(b, [channels, ...new Array<number>(v.rank - 2).fill(1)]) : b);
}

/** Checks a fully-connected layer's operands: x [batch, in], weights [in, units], biases [units]. */
function affine(op: string, x: TensorLike, weights: TensorLike, biases: TensorLike, allowed: readonly DType[]): Tensor {
  const tx = convertToTensor(x, 'x', op);
  const tw = convertToTensor(weights, 'weights', op, tx.dtype);
  assertDType(op, 'x', tx.dtype, allowed);
  if (tw.dtype !== tx.dtype) {
    throw new DTypeError(`${op}: 'weights' is ${tw.dtype}${fmtShape(tw.shape)} but 'x' is ${tx.dtype}${fmtShape(tx.shape)}; the dtypes must match`);
  }
  if (tx.rank !== 2) throw new ShapeError(`${op}: 'x' must have rank 2 [batch, inputs], got shape ${fmtShape(tx.shape)}`);
  if (tw.rank !== 2) throw new ShapeError(`${op}: 'weights' must have rank 2 [inputs, units], got shape ${fmtShape(tw.shape)}`);
  if (tx.shape[1] !== tw.shape[0]) {
    throw new ShapeError(`${op}: 'x' ${fmtShape(tx.shape)} has ${tx.shape[1]} inputs but 'weights' ${fmtShape(tw.shape)} expects ${tw.shape[0]}`);
  }
  return biasAddImpl(op, matMul(tx, tw), biases, 'NHWC', ['x @ weights', 'biases']);
}

/**
 * tf.nn.xw_plus_b: matMul(x, weights) + biases, with x [batch, in], weights [in, units], biases [units];
 * float32, float64 or int32 (matMul's dtypes).
 */
export function xwPlusB(x: TensorLike, weights: TensorLike, biases: TensorLike): Tensor {
  return ENGINE.tidy(() => affine('xwPlusB', x, weights, biases, MATMUL_DTYPES));
}

/** tf.nn.relu_layer: relu(matMul(x, weights) + biases), shapes as xwPlusB; float dtypes. */
export function reluLayer(x: TensorLike, weights: TensorLike, biases: TensorLike): Tensor {
  return ENGINE.tidy(() => relu(affine('reluLayer', x, weights, biases, FLOAT_DTYPES)));
}
