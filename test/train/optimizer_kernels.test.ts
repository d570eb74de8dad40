/**
 * The fused optimizer updates (kernel_names.ts, train block) against the pure-tensor rules they replace for
 * float32 variables, and their copy-on-write in-place behaviour: eager steps reuse the variable's buffer
 * unless another tensor shares it; graph runs never write in place; float64 keeps the pure rule.
 */
import { expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { ENGINE } from '../../src/core/engine.js';
import * as K from '../../src/core/kernel_names.js';
import { adamRule } from '../../src/train/optimizers/adam.js';
import { adagradRule } from '../../src/train/optimizers/adagrad.js';
import { gradientDescentRule } from '../../src/train/optimizers/gradient_descent.js';
import { momentumRule } from '../../src/train/optimizers/momentum.js';
import { rmspropRule } from '../../src/train/optimizers/rmsprop.js';
import { describeEachBackend, expectClose, randValues } from '../util/index.js';

const N = 1000; // several vector widths and a tail
const vec = (seed: number, lo = -1, hi = 1) => tl.tensor(Float32Array.from(randValues(N, seed, lo, hi)), [N], 'float32');
const s = (v: number) => tl.scalar(v, 'float32');
const run = (k: string, inputs: Tensor[], n: number, attrs: Record<string, unknown> = {}) =>
  ENGINE.runKernelUnchecked(k, inputs, { inPlace: false, ...attrs }, Array.from({ length: n }, () => ({ shape: [N], dtype: 'float32' as const })));
const TOL = { atol: 2e-6, rtol: 2e-5 };

describeEachBackend('Apply* kernels', () => {
  it('equal the pure-tensor rules (float32), inputs untouched when not in place', () => {
    const x = vec(1), g = vec(2), m = vec(3), v = vec(4, 0, 1), acc = vec(5, 0.1, 1);
    const before = x.dataSync();
    expectClose(run(K.ApplyGradientDescent, [x, g, s(0.1)], 1)[0]!, gradientDescentRule(x, g, s(0.1)), TOL);
    for (const nesterov of [false, true]) {
      const [x1, a1] = run(K.ApplyMomentum, [x, m, g, s(0.1), s(0.9)], 2, { useNesterov: nesterov });
      const r = momentumRule(x, g, m, s(0.1), s(0.9), nesterov);
      expectClose(x1!, r.x, TOL);
      expectClose(a1!, r.a, TOL);
    }
    const h = { lr: s(0.01), beta1: s(0.9), beta2: s(0.999), epsilon: s(1e-8), beta1Power: s(0.9 ** 3), beta2Power: s(0.999 ** 3) };
    const ad = run(K.ApplyAdam, [x, m, v, g, h.lr, h.beta1, h.beta2, h.epsilon, h.beta1Power, h.beta2Power], 3);
    const ar = adamRule(x, g, m, v, h);
    [ar.x, ar.m, ar.v].forEach((t, k) => expectClose(ad[k]!, t, TOL));
    for (const centered of [false, true]) {
      const hp = { lr: s(0.05), decay: s(0.9), momentum: s(0.3), epsilon: s(1e-10) };
      const out = run(K.ApplyRMSProp, [x, v, m, g, hp.lr, hp.decay, hp.momentum, hp.epsilon, ...(centered ? [vec(6, -0.1, 0.1)] : [])],
        centered ? 4 : 3, { centered });
      const r = rmspropRule(x, g, v, m, centered ? vec(6, -0.1, 0.1) : null, hp);
      [r.x, r.ms, r.mom, ...(r.mg ? [r.mg] : [])].forEach((t, k) => expectClose(out[k]!, t, TOL));
    }
    const [xa, aa] = run(K.ApplyAdagrad, [x, acc, g, s(0.3)], 2);
    const ra = adagradRule(x, g, acc, s(0.3));
    expectClose(xa!, ra.x, TOL);
    expectClose(aa!, ra.a, TOL);
    expect(x.dataSync()).toEqual(before);
  });

  it('in place only into buffers nothing else owns (copy-on-write)', () => {
    const x = vec(1), g = vec(2);
    const shared = tl.identity(x); // shares x's buffer
    const before = x.dataSync();
    const [y] = run(K.ApplyGradientDescent, [x, g, s(0.5)], 1, { inPlace: true });
    expect(y!.dataId).not.toBe(x.dataId);
    expect(shared.dataSync()).toEqual(before);
    shared.dispose();
    const [z] = run(K.ApplyGradientDescent, [x, g, s(0.5)], 1, { inPlace: true });
    if (tl.getBackend() !== 'wasm') {
      // js and native run the kernel where x lives: x's own buffer was updated.
      expect(z!.dataId).toBe(x.dataId);
      expectClose(x, y!, { atol: 0, rtol: 0 });
    }
  });
});

describeEachBackend('optimizers use the fused updates for float32', (backend) => {
  const quad = (w: tl.Variable, t: Tensor) => () => tl.sum(tl.square(tl.sub(w, t)));
  const opts: [string, () => tl.train.Optimizer][] = [
    ['GradientDescent', () => new tl.train.GradientDescentOptimizer(0.1)],
    ['Momentum', () => new tl.train.MomentumOptimizer(0.1, 0.9)],
    ['Adam', () => new tl.train.AdamOptimizer(0.1)],
    ['RMSProp', () => new tl.train.RMSPropOptimizer(0.05, { momentum: 0.3, centered: true })],
    ['Adagrad', () => new tl.train.AdagradOptimizer(0.3)],
  ];

  for (const [name, make] of opts) {
    it(`${name}: float32 steps match float64 steps (pure rule); the variable keeps its buffer`, () => {
      const t32 = vec(7), t64 = tl.cast(t32, 'float64');
      const w32 = tl.variable(vec(8)), w64 = tl.variable(tl.cast(w32, 'float64'));
      const o32 = make(), o64 = make();
      let h0 = w32.dataId;
      for (let i = 0; i < 5; i++) {
        o32.minimize(quad(w32, t32));
        o64.minimize(quad(w64, t64));
        // The first step copies: the tensor passed to tl.variable still shares the initial buffer.
        if (i === 0) {
          expect(w32.dataId).not.toBe(h0);
          h0 = w32.dataId;
        }
      }
      expectClose(w32, w64, { atol: 1e-5, rtol: 1e-4 });
      // Eager float32 updates run in place where the kernel runs (js, native); wasm has no Apply kernels.
      if (backend !== 'wasm') expect(w32.dataId).toBe(h0);
      const shared = tl.identity(w32);
      const snap = shared.dataSync();
      o32.minimize(quad(w32, t32));
      expect(shared.dataSync(), 'a tensor sharing the old buffer keeps its values').toEqual(snap);
      expect(w32.dataSync()).not.toEqual(snap);
      tl.dispose([t32, t64, w32, w64, shared, ...o32.variables(), ...o64.variables()]);
    });
  }

  it('graph mode: the update node computes what eager does, without writing in place', () => {
    const t = vec(9);
    const eager = tl.variable(vec(10));
    const oe = new tl.train.AdamOptimizer(0.05);
    for (let i = 0; i < 3; i++) oe.minimize(() => tl.sum(tl.square(tl.sub(eager, t))));
    const g = new tl.Graph();
    const w0 = vec(10);
    const { w, train } = g.asDefault(() => {
      const w = new tl.Variable(w0, { name: 'w' });
      const loss = tl.sum(tl.square(tl.sub(w, t)));
      return { w, train: new tl.train.AdamOptimizer(0.05).minimize(loss) };
    });
    const sess = new tl.Session({ graph: g });
    sess.run(g.asDefault(() => tl.globalVariablesInitializer()));
    const fetched: Tensor[] = [];
    for (let i = 0; i < 3; i++) fetched.push((sess.run([w, train] as never) as Tensor[])[0]!);
    const final = sess.run(w) as Tensor;
    expectClose(final, eager, { atol: 1e-6, rtol: 1e-5 });
    // Values fetched before each update are unchanged by the later in-session updates.
    expect(fetched[0]!.dataSync()).not.toEqual(final.dataSync());
    tl.dispose([t, w0, eager, final, ...fetched, ...oe.variables()]);
  });
});
