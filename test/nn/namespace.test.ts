/**
 * tl.nn: TF 1.x's tf.nn names. Each is a function; most are the top-level graph-aware op itself, the aliases are
 * the op they stand for, and softmaxCrossEntropyWithLogits keeps TF 1.x's v1 gradient (none into the labels).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend, expectClose, expectNoLeak } from '../util/index.js';

/** tl.nn name -> the tl.* function it is (same name unless listed). */
const SAME_AS: Record<string, string> = {
  batchNormalization: 'batchNorm',
  softmaxCrossEntropyWithLogitsV2: 'softmaxCrossEntropyWithLogits',
};
/** Names whose behaviour differs from the top-level op of the same name on purpose (tested below). */
const OWN_FUNCTION = new Set(['softmaxCrossEntropyWithLogits']);

const nn = tl.nn as unknown as Record<string, unknown>;
const top = tl as unknown as Record<string, unknown>;

describe('tl.nn namespace', () => {
  it('every name is a function: the top-level op itself, or the op its alias names', () => {
    for (const [name, fn] of Object.entries(nn)) {
      expect(typeof fn, name).toBe('function');
      if (OWN_FUNCTION.has(name)) {
        expect(fn, name).not.toBe(top[name]);
        continue;
      }
      const target = SAME_AS[name] ?? name;
      expect(top[target], `tl.${target} for tl.nn.${name}`).toBeTypeOf('function');
      expect(fn === top[target], `tl.nn.${name} === tl.${target}`).toBe(true);
    }
  });

  it('the seeds\' tf.nn calls are there', () => {
    for (const n of ['relu', 'elu', 'sigmoid', 'inTopK', 'softmax', 'conv2d', 'sigmoidCrossEntropyWithLogits', 'sparseSoftmaxCrossEntropyWithLogits',
      'softmaxCrossEntropyWithLogits', 'dropout', 'embeddingLookup', 'biasAdd']) {
      expect(nn[n], n).toBeTypeOf('function');
    }
  });
});

describeEachBackend('tl.nn behaviour', () => {
  it('aliases compute what TF documents for them', () => {
    // batch_normalization(x, mean, variance, offset, scale, variance_epsilon): (x - m) / sqrt(v + eps) * scale + offset
    expectClose(tl.nn.batchNormalization([[1, 3]], [1, 1], [4, 0.25], [10, 0], [2, 1], 0), [[10, 4]]);
    expectClose(tl.nn.relu([-1, 2]), [0, 2]);
    expectClose(tl.nn.biasAdd([[1, 2]], [10, 20]), [[11, 22]]);
    // dropout keeps tl.dropout's (x, rate, opts): TF 1.x's keep_prob goes in opts
    expectClose(tl.nn.dropout([1, 2, 3], null, { keepProb: 1 }), [1, 2, 3]);
    const half = tl.nn.dropout(tl.ones([1000]), 0.5, { seed: 3 }).dataSync();
    expect(new Set(half)).toEqual(new Set([0, 2]));
  });

  it('softmaxCrossEntropyWithLogits is v1 (no gradient into labels); V2 and tl.* let it reach the labels', () => {
    const labels = tl.tensor([[0.25, 0.75], [1, 0]], undefined, 'float64');
    const logits = tl.tensor([[0, Math.log(3)], [2, 0]], undefined, 'float64');
    // -(0.25 log(1/4) + 0.75 log(3/4)) and -log(e^2 / (e^2 + 1))
    const want = [-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), Math.log(1 + Math.exp(-2))];
    for (const f of [tl.nn.softmaxCrossEntropyWithLogits, tl.nn.softmaxCrossEntropyWithLogitsV2, tl.softmaxCrossEntropyWithLogits]) {
      expectClose(f(labels, logits), want);
    }
    const v1 = tl.grads((l: Tensor, z: Tensor) => tl.nn.softmaxCrossEntropyWithLogits(l, z))([labels, logits]);
    const v2 = tl.grads((l: Tensor, z: Tensor) => tl.nn.softmaxCrossEntropyWithLogitsV2(l, z))([labels, logits]);
    // d/dlogits = softmax - labels in both; d/dlabels = -logSoftmax(logits) in v2 only
    const softmaxMinusLabels = [0.25 - 0.25, 0.75 - 0.75, Math.exp(2) / (Math.exp(2) + 1) - 1, 1 / (Math.exp(2) + 1)];
    expectClose(v1[1]!, softmaxMinusLabels);
    expectClose(v2[1]!, softmaxMinusLabels);
    expectClose(v1[0]!, [0, 0, 0, 0]);
    expectClose(v2[0]!, [Math.log(4), -Math.log(0.75), Math.log(1 + Math.exp(-2)), 2 + Math.log(1 + Math.exp(-2))]);
    // JS labels convert to the logits' dtype as with the top-level op; the axis argument is kept
    expectClose(tl.nn.softmaxCrossEntropyWithLogits([[0.5], [0.5]], tl.zeros([2, 1], 'float64'), 0), [Math.log(2)]);
    expect(() => tl.nn.softmaxCrossEntropyWithLogits([1, 0], [0, 0, 0])).toThrow(/softmaxCrossEntropyWithLogits: .*'labels' \[2\]/);
    expectNoLeak(() => tl.grads((l: Tensor, z: Tensor) => tl.nn.softmaxCrossEntropyWithLogits(l, z))([labels, logits]));
  });

  it('v1 in a graph: a node with placeholders, logits gradient as eager', () => {
    const g = new tl.Graph();
    const r = g.asDefault(() => {
      const y = tl.placeholder('float64', [null, 2]);
      const z = tl.placeholder('float64', [null, 2]);
      const loss = tl.mean(tl.nn.softmaxCrossEntropyWithLogits(y, z));
      return { y, z, loss, dz: tl.gradients(loss, [z])[0]! };
    });
    const feeds = new Map([[r.y, tl.tensor([[0, 1]], undefined, 'float64')], [r.z, tl.zeros([1, 2], 'float64')]]);
    const [loss, dz] = new tl.Session({ graph: g }).run([r.loss, r.dz], feeds) as Tensor[];
    expectClose(loss!, Math.log(2));
    expectClose(dz!, [0.5, -0.5]);
  });
});
