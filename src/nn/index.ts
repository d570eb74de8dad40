/**
 * tl.nn: TF 1.x's tf.nn under its camelCase names, so that `tf.nn.relu(x)` ports as `tl.nn.relu(x)`. Almost
 * every entry is the graph-aware top-level op itself (tl.nn.relu === tl.relu); the exceptions are TF's aliases
 * (batchNormalization = tl.batchNorm, softmaxCrossEntropyWithLogitsV2 = tl.softmaxCrossEntropyWithLogits) and
 * softmaxCrossEntropyWithLogits, which keeps TF 1.x's v1 behaviour (no gradient into the labels).
 * The RNN cells, dynamic_rnn and friends will join this folder.
 */
import * as ops from '../graph/graph_ops.generated.js';

// ---- activations ----
export {
  relu, relu6, elu, selu, softplus, softsign, sigmoid, tanh, leakyRelu, gelu, swish, silu, crelu, softmax, logSoftmax,
} from '../graph/graph_ops.generated.js';

// ---- convolution and pooling ----
export {
  conv1d, conv2d, conv3d, conv2dTranspose, conv3dTranspose, depthwiseConv2d, separableConv2d, atrousConv2d, conv2dBackpropInput,
  conv2dBackpropFilter, maxPool, avgPool, maxPool3d, avgPool3d,
} from '../graph/graph_ops.generated.js';

// ---- normalization, regularization, statistics ----
export { l2Normalize, l2Loss, moments, fusedBatchNorm, lrn, localResponseNormalization, zeroFraction } from '../graph/graph_ops.generated.js';

/**
 * tf.nn.batch_normalization(x, mean, variance, offset, scale, variance_epsilon): tl.batchNorm, whose arguments
 * come in the same order (offset and scale may be null).
 */
export const batchNormalization: typeof ops.batchNorm = ops.batchNorm;

/**
 * tf.nn.dropout: tl.dropout, with its signature (x, rate, {keepProb, noiseShape, seed}). TF 1.x's second
 * positional argument was keep_prob, so a port of `tf.nn.dropout(x, keep_prob)` writes
 * `tl.nn.dropout(x, null, {keepProb})` or `tl.nn.dropout(x, 1 - keepProb)`.
 */
export const dropout: typeof ops.dropout = ops.dropout;

// ---- losses, evaluation ----
export { softmaxCrossEntropyWithLogits } from './cross_entropy.js';
/** tf.nn.softmax_cross_entropy_with_logits_v2: tl.softmaxCrossEntropyWithLogits (labels get a gradient too). */
export const softmaxCrossEntropyWithLogitsV2: typeof ops.softmaxCrossEntropyWithLogits = ops.softmaxCrossEntropyWithLogits;
export {
  sparseSoftmaxCrossEntropyWithLogits, sigmoidCrossEntropyWithLogits, weightedCrossEntropyWithLogits, inTopK, topK,
} from '../graph/graph_ops.generated.js';

// ---- embeddings, fully-connected layers ----
export { embeddingLookup, biasAdd, xwPlusB, reluLayer } from '../graph/graph_ops.generated.js';
