/**
 * tl.contrib.layers with TF 1.x contrib signatures and defaults, which differ from tf.layers': dropout takes
 * keep_prob and is_training (default true); batch_norm has decay 0.999, no gamma, 'BatchNorm' scope and
 * updates_collections (null: updates run with the output); conv2d pads 'SAME' and applies relu by default
 * ('Conv/weights'); max_pool2d strides 2 by default.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose } from '../util/index.js';

const C = tl.contrib.layers;
const G = tl.GraphKeys;
const names = (vs: { name: string }[]) => vs.map((v) => v.name);

function inGraph<T>(fn: (g: tl.Graph) => T): T {
  const g = new tl.Graph();
  return g.asDefault(() => fn(g));
}

describe('tl.contrib.layers (TF 1.x contrib signatures)', () => {
  it('dropout(inputs, keepProb, {isTraining}) keeps with keepProb, scales by 1/keepProb, is the identity when not training', () => {
    inGraph(() => {
      const x = tl.placeholder('float32', [null, 2000]);
      const isTraining = tl.placeholderWithDefault(false, []);
      const y = C.dropout(x, 0.7, { isTraining });
      const sess = new tl.Session();
      const ones = [new Array(2000).fill(1)];
      expect(Array.from((sess.run(y, [[x, ones]]) as tl.Tensor).dataSync()).every((v) => v === 1)).toBe(true);
      const train = Array.from((sess.run(y, [[x, ones], [isTraining, true]]) as tl.Tensor).dataSync());
      const kept = train.filter((v) => v !== 0);
      // keep 70% (binomial sd ~1%), each kept value 1 / 0.7
      expect(kept.length / 2000).toBeGreaterThan(0.65);
      expect(kept.length / 2000).toBeLessThan(0.75);
      expectClose(kept.slice(0, 5), new Array(5).fill(1 / 0.7), { atol: 1e-6 });
    });
    // Eagerly, isTraining defaults to true (TF contrib's default).
    const e = C.dropout(tl.ones([4000]), 0.5).dataSync();
    const zeros = Array.from(e).filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.45);
    expect(zeros / 4000).toBeLessThan(0.55);
    expect(() => C.dropout(tl.ones([2]), 0)).toThrow(/keepProb/);
    expect(() => C.dropout(tl.ones([2]), 0.5, { rate: 0.5 } as never)).toThrow(/rate/);
  });

  it('batchNorm: contrib defaults (no gamma, decay 0.999, BatchNorm scope), UPDATE_OPS by default', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 3]);
      const y = C.batchNorm(x);
      C.batchNorm(x, { scale: true });
      expect(names(g.getCollection(G.TRAINABLE_VARIABLES))).toEqual(['BatchNorm/beta', 'BatchNorm_1/gamma', 'BatchNorm_1/beta']);
      expect(names(g.getCollection(G.GLOBAL_VARIABLES))).toContain('BatchNorm/moving_mean');
      expect(g.getCollection(G.UPDATE_OPS)).toHaveLength(4);
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const data = [[1, 2, 3], [3, 6, 9]];
      // Training (the default): batch statistics; mean [2, 4, 6], variance [1, 4, 9].
      const out = sess.run(y, [[x, data]]) as tl.Tensor;
      const z = (v: number, m: number, s2: number) => (v - m) / Math.sqrt(s2 + 0.001);
      expectClose(out, [z(1, 2, 1), z(2, 4, 4), z(3, 6, 9), z(3, 2, 1), z(6, 4, 4), z(9, 6, 9)], { atol: 1e-5 });
      // The moving mean moves by (1 - decay) toward the batch mean when the update ops run.
      sess.run(g.getCollection(G.UPDATE_OPS).slice(0, 2) as tl.Tensor[], [[x, data]]);
      const mm = g.getCollection<tl.Variable>(G.GLOBAL_VARIABLES).find((v) => v.name === 'BatchNorm/moving_mean')!;
      expectClose(sess.run(mm) as tl.Tensor, [2 * 0.001, 4 * 0.001, 6 * 0.001], { atol: 1e-7 });
    });
  });

  it('batchNorm with updatesCollections null updates the moving statistics with every run of its output', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 2]);
      const isTraining = tl.placeholderWithDefault(true, []);
      const y = C.batchNorm(x, { updatesCollections: null, decay: 0.5, isTraining, activationFn: tl.relu });
      expect(g.getCollection(G.UPDATE_OPS)).toHaveLength(0);
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const mm = g.getCollection<tl.Variable>(G.GLOBAL_VARIABLES).find((v) => v.name === 'BatchNorm/moving_mean')!;
      sess.run(y, [[x, [[2, 4], [4, 8]]]]);
      expectClose(sess.run(mm) as tl.Tensor, [1.5, 3], { atol: 1e-6 }); // 0.5 * 0 + 0.5 * [3, 6]
      sess.run(y, [[x, [[2, 4], [4, 8]]]]);
      expectClose(sess.run(mm) as tl.Tensor, [2.25, 4.5], { atol: 1e-6 });
      // Inference: moving statistics, relu applied.
      const inf = sess.run(y, [[x, [[2.25, 0]]], [isTraining, false]]) as tl.Tensor;
      expect(inf.dataSync()[0]).toBeCloseTo(0, 5);
      expect(inf.dataSync()[1]).toBe(0);
      expect(() => C.batchNorm(x, { decay: 2 })).toThrow(/momentum/);
      expect(() => C.batchNorm(x, { isTrainig: true } as never)).toThrow(/isTrainig/);
    });
  });

  it("conv2d: 'SAME' padding, relu and Conv/weights by default; maxPool2d strides 2 by default", () => {
    inGraph((g) => {
      const img = tl.placeholder('float32', [null, 4, 4, 1]);
      const c = C.conv2d(img, 2, 3, { weightsInitializer: tl.initializers.constant(-1), biasesInitializer: tl.initializers.constant(5) });
      const p = C.maxPool2d(c, 2);
      C.conv2d(img, 1, [1, 1], { activationFn: null, padding: 'VALID' });
      expect(names(g.getCollection(G.TRAINABLE_VARIABLES))).toEqual(['Conv/weights', 'Conv/biases', 'Conv_1/weights', 'Conv_1/biases']);
      expect(c.shape).toEqual([-1, 4, 4, 2]);
      expect(p.shape).toEqual([-1, 2, 2, 2]);
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const ones = tl.ones([1, 4, 4, 1]);
      // relu(5 - (cells of the 3x3 window inside the image)): corners 4 cells -> 1, edges 6 -> 0, inside 9 -> 0.
      const cv = (sess.run(c, [[img, ones]]) as tl.Tensor).dataSync();
      expect(cv[0]).toBeCloseTo(1, 6);
      expect(cv[2]).toBeCloseTo(0, 6);
      const pv = (sess.run(p, [[img, ones]]) as tl.Tensor).dataSync();
      expectClose(Array.from(pv), [1, 1, 1, 1, 1, 1, 1, 1], { atol: 1e-6 });
      expect(() => C.conv2d(img, 0, 3)).toThrow(/numOutputs/);
      expect(() => C.maxPool2d(c, 2, { strides: 1 } as never)).toThrow(/strides/);
    });
  });
});
