/**
 * Cross-entropy losses of tf.nn, per example (no reduction): softmax (dense labels), sparse softmax (class
 * indices), sigmoid (independent binary labels) and weighted sigmoid. All are stable for large |logits|.
 */
import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { assertShapesEqual, broadcastShapes, normAxis, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add, mul, sub } from './arithmetic.js';
import { exp, log1p, neg } from './unary_math.js';
import { greaterEqual } from './compare.js';
import { where } from './logical.js';
import { zerosLike } from './creation.js';

function floatPair(op: string, labels: TensorLike, logits: TensorLike, labelsName = 'labels'): [Tensor, Tensor] {
  const [tl, tz] = convertAll(op, [[logits, 'logits'], [labels, labelsName]]).reverse() as [Tensor, Tensor];
  assertDType(op, 'logits', tz.dtype, FLOAT_DTYPES);
  if (tl.dtype !== tz.dtype) {
    throw new DTypeError(`${op}: '${labelsName}' is ${tl.dtype}${fmtShape(tl.shape)} and 'logits' is ${tz.dtype}${fmtShape(tz.shape)}; the dtypes must match`);
  }
  assertShapesEqual(op, tl.shape, tz.shape, [labelsName, 'logits']);
  return [tl, tz];
}

/**
 * tf.nn.softmax_cross_entropy_with_logits (v2): -sum(labels * logSoftmax(logits)) along `axis`, one value per
 * example. labels are a probability distribution per example (not checked) and get a gradient too, as in
 * TF 2 (wrap them in stopGradient for TF 1's v1 behaviour).
 */
export function softmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike, axis = -1): Tensor {
  const op = 'softmaxCrossEntropyWithLogits';
  const [tl, tz] = floatPair(op, labels, logits);
  if (tz.rank === 0) throw new ShapeError(`${op}: 'logits' must have rank >= 1 (the class axis), got a scalar`);
  const ax = normAxis(op, axis, tz.rank);
  const outShape = tz.shape.filter((_, i) => i !== ax);
  return ENGINE.runKernel(K.SoftmaxCrossEntropyWithLogits, [tl, tz], { axis: ax }, { shape: outShape, dtype: tz.dtype });
}

/**
 * tf.nn.sparse_softmax_cross_entropy_with_logits: labels are class indices (int32/int64, shape S), logits have
 * shape [...S, classes]. A label outside [0, classes) throws an ArgumentError naming its row.
 */
export function sparseSoftmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const op = 'sparseSoftmaxCrossEntropyWithLogits';
  const tz = convertToTensor(logits, 'logits', op);
  const tl = convertToTensor(labels, 'labels', op, 'int32');
  assertDType(op, 'logits', tz.dtype, FLOAT_DTYPES);
  assertDType(op, 'labels', tl.dtype, ['int32', 'int64']);
  if (tz.rank === 0 || !shapesEqual(tl.shape, tz.shape.slice(0, -1))) {
    throw new ShapeError(
      `${op}: 'labels' ${fmtShape(tl.shape)} must have the shape of 'logits' ${fmtShape(tz.shape)} without its last (class) dimension`,
    );
  }
  if (tz.shape[tz.rank - 1] === 0 && tl.size > 0) {
    throw new ShapeError(`${op}: 'logits' ${fmtShape(tz.shape)} must have at least one class`);
  }
  return ENGINE.runKernel(K.SparseSoftmaxCrossEntropyWithLogits, [tl, tz], {}, { shape: [...tl.shape], dtype: tz.dtype });
}

/**
 * tf.nn.sigmoid_cross_entropy_with_logits, elementwise: labels*-log(sigmoid(x)) + (1-labels)*-log(1-sigmoid(x)),
 * computed as max(x, 0) - x*labels + log(1 + exp(-|x|)), which never overflows. max and |.| are written as
 * selects on x >= 0 (as TF does) so that at x = 0 the gradient is the true sigmoid(0) - labels, not the
 * -labels that relu'(0) = sign(0) = 0 would give (zero logits are common: zero-initialized output layers).
 */
export function sigmoidCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const op = 'sigmoidCrossEntropyWithLogits';
  return ENGINE.tidy(() => {
    const [tl, tz] = floatPair(op, labels, logits);
    const nonNeg = greaterEqual(tz, 0);
    const reluZ = where(nonNeg, tz, zerosLike(tz));
    const negAbsZ = where(nonNeg, neg(tz), tz);
    return add(sub(reluZ, mul(tz, tl)), log1p(exp(negAbsZ)));
  });
}

/**
 * tf.nn.weighted_cross_entropy_with_logits: sigmoid cross-entropy with the positive term weighted by posWeight
 * (q), trading recall against precision: targets * -log(sigmoid(x)) * q + (1 - targets) * -log(1 - sigmoid(x)).
 * Computed with TF's stable formula (1 - z) x + l (log(1 + exp(-|x|)) + max(-x, 0)), l = 1 + (q - 1) z, where
 * |x| and max(-x, 0) are selects on x >= 0 so the gradient at x = 0 is the true one (see
 * sigmoidCrossEntropyWithLogits). posWeight: a number or a tensor of logits' dtype that broadcasts to logits'
 * shape (e.g. one weight per class); it gets a gradient too.
 */
export function weightedCrossEntropyWithLogits(targets: TensorLike, logits: TensorLike, posWeight: TensorLike): Tensor {
  const op = 'weightedCrossEntropyWithLogits';
  return ENGINE.tidy(() => {
    const [z, x] = floatPair(op, targets, logits, 'targets');
    if (posWeight === undefined || posWeight === null) throw new ArgumentError(`${op}: 'posWeight' is required (1 gives sigmoidCrossEntropyWithLogits)`);
    const q = convertToTensor(posWeight, 'posWeight', op, x.dtype);
    if (q.dtype !== x.dtype) {
      throw new DTypeError(`${op}: 'posWeight' is ${q.dtype}${fmtShape(q.shape)} but 'logits' is ${x.dtype}${fmtShape(x.shape)}; the dtypes must match`);
    }
    if (!shapesEqual(broadcastShapes(op, x.shape, q.shape, ['logits', 'posWeight']), x.shape)) {
      throw new ShapeError(`${op}: 'posWeight' ${fmtShape(q.shape)} must broadcast to the shape of 'logits' ${fmtShape(x.shape)} without enlarging it`);
    }
    const nonNeg = greaterEqual(x, 0);
    const negAbsX = where(nonNeg, neg(x), x);
    const reluNegX = where(nonNeg, zerosLike(x), neg(x));
    const l = add(mul(sub(q, 1), z), 1);
    return add(mul(sub(1, z), x), mul(l, add(log1p(exp(negAbsX)), reluNegX)));
  });
}
