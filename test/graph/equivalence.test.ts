import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';

/**
 * Graph gradients equal eager gradients: random compositions of ops are built once eagerly (tl.grads) and once
 * as a graph (placeholders, tl.gradients, Session), on the same float64 inputs.
 */
type Step = (x: Tensor, y: Tensor) => Tensor;

const STEPS: [string, Step][] = [
  ['tanh', (x) => tl.tanh(x)],
  ['sin', (x) => tl.sin(x)],
  ['sigmoid', (x) => tl.sigmoid(x)],
  ['softplus', (x) => tl.softplus(x)],
  ['square*0.5', (x) => tl.mul(tl.square(x), 0.5)],
  ['exp(x/4)', (x) => tl.exp(tl.div(x, 4))],
  ['add y', (x, y) => tl.add(x, y)],
  ['mul y', (x, y) => tl.mul(x, y)],
  ['sub y', (x, y) => tl.sub(x, y)],
  ['matMul yT', (x, y) => tl.matMul(tl.matMul(x, y, false, true), x)],
  ['softmax', (x) => tl.softmax(x, -1)],
  ['mean bcast', (x) => tl.sub(x, tl.mean(x, 1, true))],
  ['elu', (x) => tl.elu(x)],
  ['maximum y', (x, y) => tl.maximum(x, tl.add(y, 0.05))],
  ['transpose twice', (x) => tl.transpose(tl.transpose(x))],
  ['concat+slice', (x, y) => tl.slice(tl.concat([x, y], 1), [0, 2], [-1, 4])],
  ['logSumExp bcast', (x) => tl.add(x, tl.logSumExp(x, 1, true))],
];

function pick(seed: number, n: number): [string, Step][] {
  const r = randValues(n, seed, 0, STEPS.length);
  return Array.from(r, (v) => STEPS[Math.floor(v)]!);
}

describe('graph gradients equal eager gradients', () => {
  for (let seed = 1; seed <= 24; seed++) {
    const steps = pick(seed * 7919, 4);
    it(`composition ${seed}: ${steps.map(([n]) => n).join(' → ')}`, () => {
      const xv = randValues(12, seed, -1, 1);
      const yv = randValues(12, seed + 1000, -1, 1);
      const compose = (x: Tensor, y: Tensor) => {
        let h = x;
        for (const [, f] of steps) h = f(h, y);
        return tl.sum(tl.mul(h, h));
      };
      const x = tl.tensor(xv, [3, 4], 'float64');
      const y = tl.tensor(yv, [3, 4], 'float64');
      const eager = tl.valueAndGrads(compose)([x, y]);

      const g = new tl.Graph();
      const { px, py, loss, grads } = g.asDefault(() => {
        // Half the cases with unknown batch dims on both inputs, half fully known.
        // Unknown batch dims on both inputs, on one of them (unified with the other at build time), or none.
        const rows = seed % 3 === 0 ? null : 3;
        const px = tl.placeholder('float64', [rows, 4], 'x');
        const py = tl.placeholder('float64', [seed % 3 === 1 ? 3 : null, 4], 'y');
        const loss = compose(px, py);
        return { px, py, loss, grads: tl.gradients(loss, [px, py]) };
      });
      const sess = new tl.Session({ graph: g });
      const [l, gx, gy] = sess.run([loss, ...grads], new Map([[px, x], [py, y]])) as Tensor[];
      expectClose(l!, eager.value, { atol: 1e-10, rtol: 1e-10 });
      expectClose(gx!, eager.grads[0]!, { atol: 1e-10, rtol: 1e-10 });
      expectClose(gy!, eager.grads[1]!, { atol: 1e-10, rtol: 1e-10 });
      tl.dispose([x, y, l!, gx!, gy!, eager.value, ...eager.grads]);
    });
  }
});

describe('graph building: names, scopes, collections, static shapes', () => {
  it('unique names and name scopes', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const a = tl.placeholder('float32', [2], 'a');
      const s1 = tl.add(a, 1);
      const s2 = tl.add(a, 2);
      expect(s1.name).toBe('Add');
      expect(s2.name).toBe('Add_1');
      tl.nameScope('layer1', () => {
        expect(tl.mul(a, 2).name).toBe('layer1/Mul');
        const v = new tl.Variable(tl.zeros([2]), { name: 'w' });
        expect(v.name).toBe('layer1/w');
        tl.nameScope('inner', () => expect(tl.exp(a).name).toBe('layer1/inner/Exp'));
      });
      tl.nameScope('layer1', () => expect(tl.mul(a, 2).name).toBe('layer1_1/Mul'));
      expect(g.getTensorByName('Add_1:0')).toBe(s2);
    });
  });

  it('collections of global and trainable variables', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const w = new tl.Variable(tl.ones([2]), { name: 'w' });
      const step = new tl.Variable(0, { name: 'step', trainable: false, dtype: 'int32' });
      expect(tl.getCollection(tl.GraphKeys.GLOBAL_VARIABLES)).toEqual([w, step]);
      expect(tl.getCollection(tl.GraphKeys.TRAINABLE_VARIABLES)).toEqual([w]);
      expect(tl.trainableVariables()).toEqual([w]);
      tl.addToCollection('mine', w);
      expect(tl.getCollection('mine')).toEqual([w]);
    });
  });

  it('static shape inference, with clear build-time errors', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 28, 28, 1], 'images');
      const flat = tl.reshape(x, [-1, 784]);
      expect(flat.shape).toEqual([-1, 784]);
      const y = tl.matMul(flat, tl.zeros([784, 10]));
      expect(y.shape).toEqual([-1, 10]);
      expect(tl.softmax(y).shape).toEqual([-1, 10]);
      expect(tl.sum(y, 1).shape).toEqual([-1]);
      expect(() => tl.matMul(flat, tl.zeros([100, 10]))).toThrow(/matMul.*\[\?,784\].*no size of the unknown dims fits/);
      // An unknown dim meeting a known one unifies with it, as in TF.
      expect(tl.add(tl.placeholder('float32', [null, 10]), tl.zeros([32, 10])).shape).toEqual([32, 10]);
      expect(() => x.dataSync()).toThrow(/symbolic/);
    });
  });

  it('sizes computed from an unknown dim (slices, pads, concats) stay unknown, and a known multiple of the stand-in stays known', () => {
    const g = new tl.Graph();
    const built = g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 3]);
      const outs = {
        stridedSlice: tl.stridedSlice(x, [1, 0], [0, 3], [1, 1], { endMask: 1 }),
        slice: tl.slice(x, [1, 0], [-1, -1]),
        pad: tl.pad(x, [[1, 2], [0, 0]]),
        mirrorPad: tl.mirrorPad(x, [[1, 1], [0, 0]], 'REFLECT'),
        concat: tl.concat([x, x], 0),
        zerosOfShape: tl.zeros(tl.shape(tl.pad(x, [[0, 3], [0, 0]]))),
        // 2018 = 2 * 1009, the first stand-in for unknown dims: a known size that must not read as unknown.
        known2018: tl.tile(tl.slice(x, [0, 0], [-1, 1]), [1, 2018]),
      };
      return { x, outs };
    });
    const o = built.outs;
    for (const k of ['stridedSlice', 'slice', 'pad', 'mirrorPad', 'concat', 'zerosOfShape'] as const) expect(o[k].shape, k).toEqual([-1, 3]);
    expect(o.known2018.shape).toEqual([-1, 2018]);
    const sess = new tl.Session({ graph: g });
    const feed = tl.randomNormal([4, 3]);
    const want = { stridedSlice: [3, 3], slice: [3, 3], pad: [7, 3], mirrorPad: [6, 3], concat: [8, 3], zerosOfShape: [7, 3], known2018: [4, 2018] };
    for (const [k, shape] of Object.entries(want)) expect((sess.run(o[k as keyof typeof o], [[built.x, feed]]) as tl.Tensor).shape, k).toEqual(shape);
  });
});

describe('sessions: device placement, async runs, defaults', () => {
  it('pins nodes with tl.device; soft placement falls back, strict placement throws', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const a = tl.placeholder('float32', [2], 'a');
      const onJs = tl.device('/js:0', () => tl.mul(a, 3));
      const onGpu = tl.device('/gpu:0', () => tl.add(a, 1));
      const logs: string[] = [];
      const log = console.log;
      console.log = (s: string) => logs.push(s);
      try {
        const r = new tl.Session({ config: { logDevicePlacement: true } }).run(onJs, { a: [1, 2] }) as Tensor;
        expectClose(r, [3, 6]);
      } finally {
        console.log = log;
      }
      expect(logs.some((l) => /^Mul \(Mul\): js$/.test(l))).toBe(true);
      if (!tl.backends().includes('cuda')) {
        const warn = console.warn;
        const warnings: string[] = [];
        console.warn = (s: string) => warnings.push(s);
        try {
          expectClose(new tl.Session().run(onGpu, { a: [1, 2] }) as Tensor, [2, 3]);
        } finally {
          console.warn = warn;
        }
        expect(warnings.join()).toMatch(/asked for 'cuda', not available/);
        expect(() => new tl.Session({ config: { allowSoftPlacement: false } }).run(onGpu, { a: [1, 2] })).toThrow(tl.BackendError);
      }
    });
  });

  it('runAsync keeps the event loop turning during a long run', async () => {
    const g = new tl.Graph();
    const { x, out } = g.asDefault(() => {
      const x = tl.placeholder('float32', [128, 128], 'x');
      let h = x;
      for (let i = 0; i < 60; i++) h = tl.tanh(tl.matMul(h, x));
      return { x, out: h };
    });
    const sess = new tl.Session({ graph: g });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const start = performance.now();
    const r = (await sess.runAsync(out, { x: tl.randomUniform([128, 128], -0.1, 0.1) })) as Tensor;
    const elapsed = performance.now() - start;
    clearInterval(timer);
    expect(r.shape).toEqual([128, 128]);
    // Only meaningful when the run took a while; then the timer must have fired during it.
    if (elapsed > 50) expect(ticks).toBeGreaterThan(0);
    r.dispose();
  });

  it('InteractiveSession makes t.eval() and op.run() work without passing a session', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const v = new tl.Variable([1, 2], { name: 'v' });
      const sess = new tl.InteractiveSession();
      v.initializer.run();
      expectClose(tl.mul(v, 10).eval(), [10, 20]);
      sess.close();
      expect(() => tl.mul(v, 10).eval()).toThrow(/no default session/);
    });
  });

  it('controlDependencies and group order side effects', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const v = new tl.Variable(0, { name: 'c' });
      const inc = v.assignAdd(1);
      const read = tl.controlDependencies([inc], () => tl.identity(v));
      const sess = new tl.Session();
      sess.run(v.initializer);
      expectClose(sess.run(read) as Tensor, 1);
      expectClose(sess.run(read) as Tensor, 2);
      const both = tl.group(v.assignAdd(10), v.assignAdd(100));
      expect(sess.run(both)).toBeNull();
      expectClose(sess.run(v) as Tensor, 112);
    });
  });

  it('placeholderWithDefault, closed sessions, graph mismatch', () => {
    const g = new tl.Graph();
    const other = new tl.Graph();
    g.asDefault(() => {
      const p = tl.placeholderWithDefault(tl.tensor([1, 2]), [null], 'p');
      const d = tl.mul(p, 2);
      const sess = new tl.Session();
      expectClose(sess.run(d) as Tensor, [2, 4]);
      expectClose(sess.run(d, { p: [5, 6, 7] }) as Tensor, [10, 12, 14]);
      sess.close();
      expect(() => sess.run(d)).toThrow(/closed/);
      expect(() => new tl.Session({ graph: other }).run(d)).toThrow(/another graph/);
    });
  });
});
