/**
 * SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss: class axis 1, optional per-class weights,
 * ignore_index, and reduction none/sum/mean (mean divides by the summed weights of the counted targets).
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

/** -logProb[n, target[n, ...], ...] weighted, from log-probabilities [N, C, d...] and targets [N, d...]. */
function nll(c: OpContext, logProb: Tensor, target: Tensor, weight: Tensor | null): Tensor {
  const C = logProb.shape[1]!;
  const reduction = c.str('reduction', 'mean');
  const ignore = c.has('ignore_index') ? c.int('ignore_index', 0) : null;
  let t = target.dtype === 'int32' ? target : g.cast(target, 'int32');
  let valid: Tensor | null = null;
  if (ignore !== null) {
    valid = g.notEqual(t, g.scalar(ignore, 'int32'));
    t = g.where(valid, t, g.zerosLike(t)); // any in-range class: its term is masked below
  }
  const hot = g.oneHot(t, C, 1, 0, logProb.dtype, 1); // [N, C, d...]
  let picked = g.neg(g.sum(g.mul(logProb, hot), [1])); // [N, d...]
  let w: Tensor = weight ? g.sum(g.mul(hot, g.reshape(weight, [1, C, ...Array(logProb.rank - 2).fill(1)])), [1]) : g.onesLike(picked);
  if (valid) w = g.mul(w, g.cast(valid, w.dtype));
  picked = g.mul(picked, w);
  if (reduction === 'none') return picked;
  if (reduction === 'sum') return g.sum(picked);
  if (reduction !== 'mean') throw c.error(`reduction '${reduction}' is not none, sum or mean`);
  return g.div(g.sum(picked), g.sum(w));
}

export const LOSS_OPS: Record<string, OpDef> = {
  NegativeLogLikelihoodLoss: { translate: (c) => nll(c, c.input(0), c.input(1), c.opt(2)) },
  SoftmaxCrossEntropyLoss: {
    translate: (c) => {
      const logProb = g.logSoftmax(c.input(0), 1);
      return [nll(c, logProb, c.input(1), c.opt(2)), c.numOutputs > 1 ? logProb : null];
    },
  },
};
