/** tl.metrics: streaming metrics over several batches, against counts done by hand. */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, expectNoLeak } from '../util/index.js';

const num = (t: Tensor) => Number(t.dataSync()[0]);

/** A graph with int32 placeholders for labels and predictions and the metric built on them. */
function graphMetric(make: (l: Tensor, p: Tensor) => [Tensor, Tensor]) {
  const g = new tl.Graph();
  const built = g.asDefault(() => {
    const l = tl.placeholder('int32', [null], 'labels');
    const p = tl.placeholder('int32', [null], 'predictions');
    const [value, update] = make(l, p);
    return { l, p, value, update, init: tl.localVariablesInitializer() };
  });
  const sess = new tl.Session({ graph: g });
  sess.run(built.init);
  const update = (labels: number[], preds: number[]) => num(sess.run(built.update, [[built.l, labels], [built.p, preds]]) as Tensor);
  const value = () => num(sess.run(built.value) as Tensor);
  return { g, sess, update, value, init: built.init };
}

describe('tl.metrics in a graph: [value, updateOp] over local variables', () => {
  it('accuracy accumulates over batches; value reads without updating; the local initializer resets', () => {
    const m = graphMetric((l, p) => tl.metrics.accuracy(l, p));
    expect(m.update([1, 2, 3, 4], [1, 2, 0, 4])).toBeCloseTo(3 / 4, 6);
    expect(m.value()).toBeCloseTo(3 / 4, 6);
    expect(m.update([0, 0], [1, 0])).toBeCloseTo(4 / 6, 6);
    expect(m.value()).toBeCloseTo(4 / 6, 6);
    expect(m.value()).toBeCloseTo(4 / 6, 6);
    m.sess.run(m.init);
    expect(m.value()).toBe(0);
    expect(m.update([5], [5])).toBe(1);
  });

  it('its totals are LOCAL and METRIC variables, named under the metric scope, not global or trainable', () => {
    const m = graphMetric((l, p) => tl.metrics.accuracy(l, p, { name: 'acc' }));
    const locals = m.g.getCollection<tl.Variable>(tl.GraphKeys.LOCAL_VARIABLES);
    expect(locals.map((v) => v.name)).toEqual(['acc/total', 'acc/count']);
    expect(m.g.getCollection(tl.GraphKeys.METRIC_VARIABLES)).toHaveLength(2);
    expect(tl.globalVariables(m.g)).toHaveLength(0);
    expect(tl.trainableVariables(m.g)).toHaveLength(0);
  });

  it('weighted accuracy: weights 0 leave examples out', () => {
    const g = new tl.Graph();
    const { w, update } = g.asDefault(() => {
      const w = tl.placeholder('float32', [4]);
      const [, update] = tl.metrics.accuracy(tl.constant([1, 2, 3, 4]), tl.constant([1, 2, 0, 4]), { weights: w });
      return { w, update };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.localVariablesInitializer()));
    // correct·w = 1 + 0 + 0 + 1, Σw = 3
    expect(num(sess.run(update, [[w, [1, 0, 1, 1]]]) as Tensor)).toBeCloseTo(2 / 3, 6);
  });

  it('precision and recall count true positives, false positives and false negatives', () => {
    const pr = graphMetric((l, p) => tl.metrics.precision(l, p));
    const rc = graphMetric((l, p) => tl.metrics.recall(l, p));
    // batch 1: tp 2, fp 1, fn 1; batch 2: tp 1, fp 1, fn 0
    expect(pr.update([1, 0, 1, 1, 0], [1, 1, 0, 1, 0])).toBeCloseTo(2 / 3, 6);
    expect(rc.update([1, 0, 1, 1, 0], [1, 1, 0, 1, 0])).toBeCloseTo(2 / 3, 6);
    expect(pr.update([0, 1], [1, 1])).toBeCloseTo(3 / 5, 6);
    expect(rc.update([0, 1], [1, 1])).toBeCloseTo(3 / 4, 6);
    expect(pr.value()).toBeCloseTo(3 / 5, 6);
    // no predicted positives: 0, not NaN (div_no_nan)
    const empty = graphMetric((l, p) => tl.metrics.precision(l, p));
    expect(empty.update([1, 1], [0, 0])).toBe(0);
  });

  it('meanIoU averages per-class IoU from the accumulated confusion matrix; absent classes are left out', () => {
    const m = graphMetric((l, p) => tl.metrics.meanIoU(l, p, 3));
    // cm = [[1,0,0],[0,0,1],[0,1,1]]: IoU 1, 0, 1/3
    expect(m.update([0, 1, 2, 2], [0, 2, 2, 1])).toBeCloseTo((1 + 0 + 1 / 3) / 3, 6);
    // cm = [[1,0,0],[1,1,1],[0,1,1]]: IoU 1/2, 1/4, 1/3
    expect(m.update([1, 1], [1, 0])).toBeCloseTo((1 / 2 + 1 / 4 + 1 / 3) / 3, 6);
    const four = graphMetric((l, p) => tl.metrics.meanIoU(l, p, 4));
    expect(four.update([0, 1, 2, 2], [0, 2, 2, 1])).toBeCloseTo((1 + 0 + 1 / 3) / 3, 6);
  });

  it('mean of every value seen', () => {
    const g = new tl.Graph();
    const { x, update, value } = g.asDefault(() => {
      const x = tl.placeholder('float32', [null]);
      const [value, update] = tl.metrics.mean(x);
      return { x, update, value };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.localVariablesInitializer()));
    expect(num(sess.run(update, [[x, [1, 2, 3]]]) as Tensor)).toBeCloseTo(2, 6);
    expect(num(sess.run(update, [[x, [10]]]) as Tensor)).toBeCloseTo(4, 6);
    expect(num(sess.run(value) as Tensor)).toBeCloseTo(4, 6);
  });

  it('eager tensors outside a graph, mismatched shapes and unknown options are typed errors naming the metric', () => {
    expect(() => tl.metrics.accuracy([1], [1])).toThrow(/accuracy: .*new tl.metrics.Accuracy\(\)/);
    const g = new tl.Graph();
    g.asDefault(() => {
      expect(() => tl.metrics.accuracy(tl.placeholder('int32', [3]), tl.placeholder('int32', [2]))).toThrow(tl.ShapeError);
      expect(() => tl.metrics.recall(tl.placeholder('int32', [3]), tl.placeholder('int32', [3]), { wieghts: 1 } as never)).toThrow(/unknown option 'wieghts'/);
      expect(() => tl.metrics.meanIoU(tl.placeholder('int32', [3]), tl.placeholder('int32', [3]), 0)).toThrow(/meanIoU: 'numClasses'/);
    });
  });
});

/** Independent PR/ROC area in plain JS: TF's thresholds, counts per threshold, trapezoids. */
function jsAuc(labels: number[], preds: number[], curve: 'ROC' | 'PR', n = 200): number {
  const th = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const t of th) {
    let tp = 0, fp = 0, tn = 0, fn = 0;
    labels.forEach((l, i) => {
      const pos = preds[i]! > Math.fround(t);
      if (l && pos) tp++;
      else if (l) fn++;
      else if (pos) fp++;
      else tn++;
    });
    const rec = tp / (tp + fn + 1e-7);
    xs.push(curve === 'ROC' ? fp / (fp + tn + 1e-7) : rec);
    ys.push(curve === 'ROC' ? rec : tp / (tp + fp + 1e-7));
  }
  let area = 0;
  for (let i = 0; i + 1 < n; i++) area += (xs[i]! - xs[i + 1]!) * (ys[i]! + ys[i + 1]!) / 2;
  return area;
}

describe('tl.metrics.auc', () => {
  it('ROC area accumulates over batches: 3 of 4 positive-negative pairs ordered → 0.75; PR matches a plain JS count', () => {
    const g = new tl.Graph();
    const { l, p, roc, pr } = g.asDefault(() => {
      const l = tl.placeholder('int32', [null]);
      const p = tl.placeholder('float32', [null]);
      return { l, p, roc: tl.metrics.auc(l, p), pr: tl.metrics.auc(l, p, { curve: 'PR', numThresholds: 50 }) };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.localVariablesInitializer()));
    const run = (labels: number[], preds: number[]) =>
      (sess.run([roc[1], pr[1]], [[l, labels], [p, preds]]) as Tensor[]).map(num);
    // batch 1 has no positives: true positive rate 0 everywhere
    expect(run([0, 0], [0.1, 0.4])[0]).toBeCloseTo(0, 6);
    const [r, q] = run([1, 1], [0.35, 0.8]);
    expect(r).toBeCloseTo(0.75, 5);
    expect(q).toBeCloseTo(jsAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 'PR', 50), 5);
    expect(num(sess.run(roc[0]) as Tensor)).toBeCloseTo(0.75, 5);
  });

  it('eager AUC agrees; perfect ordering gives 1; bad options are typed errors', () => {
    const m = new tl.metrics.AUC();
    m.update([0, 0], [0.1, 0.4]);
    expect(num(m.update([1, 1], [0.35, 0.8]))).toBeCloseTo(0.75, 5);
    const perfect = new tl.metrics.AUC({ curve: 'ROC' });
    expect(num(perfect.update([0, 1, 0, 1], [0.2, 0.9, 0.1, 0.7]))).toBeCloseTo(1, 5);
    expect(() => new tl.metrics.AUC({ numThresholds: 1 })).toThrow(/AUC: 'numThresholds'/);
    expect(() => new tl.metrics.AUC({ curve: 'XY' as 'PR' })).toThrow(tl.ArgumentError);
    expectNoLeak(() => new tl.metrics.AUC().update([0, 1], [0.3, 0.6]));
  });
});

describe('tl.metrics eagerly: update / result / reset', () => {
  it('Accuracy, Precision, Recall, Mean and MeanIoU accumulate like their graph forms', () => {
    const acc = new tl.metrics.Accuracy();
    expect(num(acc.result())).toBe(0);
    expect(num(acc.update([1, 2, 3, 4], [1, 2, 0, 4]))).toBeCloseTo(0.75, 6);
    expect(num(acc.update([0, 0], [1, 0]))).toBeCloseTo(4 / 6, 6);
    expect(num(acc.result())).toBeCloseTo(4 / 6, 6);
    acc.reset();
    expect(num(acc.update([1, 2], [1, 1], { weights: [0, 1] }))).toBe(0);

    const p = new tl.metrics.Precision();
    const r = new tl.metrics.Recall();
    p.update([1, 0, 1, 1, 0], [1, 1, 0, 1, 0]);
    r.update([1, 0, 1, 1, 0], [1, 1, 0, 1, 0]);
    expect(num(p.update([0, 1], [1, 1]))).toBeCloseTo(3 / 5, 6);
    expect(num(r.update([0, 1], [1, 1]))).toBeCloseTo(3 / 4, 6);

    const mean = new tl.metrics.Mean();
    mean.update([1, 2, 3], { weights: [1, 1, 0] });
    expect(num(mean.result())).toBeCloseTo(1.5, 6);

    const iou = new tl.metrics.MeanIoU(3);
    iou.update([0, 1, 2, 2], [0, 2, 2, 1]);
    expectClose(iou.update([1, 1], [1, 0]), [(1 / 2 + 1 / 4 + 1 / 3) / 3]);
    expect(() => new tl.metrics.MeanIoU(0)).toThrow(tl.ArgumentError);
  });

  it('updates leak no tensors', () => {
    const acc = new tl.metrics.Accuracy();
    expectNoLeak(() => acc.update([1, 2], [1, 0]));
    const iou = new tl.metrics.MeanIoU(2);
    expectNoLeak(() => iou.update([1, 0], [1, 1]));
  });
});
