import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend, expectClose, randValues, tolFor } from '../util/index.js';

describeEachBackend('matMulAsync and Session.runAsync', (backend) => {
  it('matMulAsync equals matMul (all transposes, batched)', async () => {
    const a = tl.tensor(Float32Array.from(randValues(2 * 3 * 5, 1)), [2, 3, 5]);
    const b = tl.tensor(Float32Array.from(randValues(5 * 4, 2)), [5, 4]);
    const r = await tl.matMulAsync(a, b);
    expectClose(r, tl.matMul(a, b), tolFor(backend));
    const r2 = await tl.matMulAsync(b, a, true, true);
    expectClose(r2, tl.matMul(b, a, true, true), tolFor(backend));
    await expect(tl.matMulAsync(a, tl.ones([4, 4]))).rejects.toThrow(tl.ShapeError);
    // The same argument checks as matMul: transposes must be booleans.
    await expect(tl.matMulAsync(a, b, 1 as unknown as boolean)).rejects.toThrow(/matMulAsync: 'transposeA' and 'transposeB' must be booleans/);
    tl.dispose([a, b, r, r2]);
  });

  it('runAsync gives the same values and gradients as run', async () => {
    const g = new tl.Graph();
    const { x, loss, grads } = g.asDefault(() => {
      const x = tl.placeholder('float32', [null, 6], 'x');
      const w1 = new tl.Variable(tl.tensor(Float32Array.from(randValues(6 * 5, 3, -0.5, 0.5)), [6, 5]), { name: 'w1' });
      const w2 = new tl.Variable(tl.tensor(Float32Array.from(randValues(5 * 2, 4, -0.5, 0.5)), [5, 2]), { name: 'w2' });
      const loss = tl.sum(tl.square(tl.matMul(tl.tanh(tl.matMul(x, w1)), w2)));
      return { x, loss, grads: tl.gradients(loss, [w1, w2]) };
    });
    const sess = new tl.Session({ graph: g });
    g.asDefault(() => sess.run(tl.globalVariablesInitializer()));
    const feed = { x: tl.tensor(Float32Array.from(randValues(4 * 6, 5)), [4, 6]) };
    const before = tl.memory().numTensors;
    const sync = sess.run([loss, ...grads], feed) as Tensor[];
    const asyncRes = (await sess.runAsync([loss, ...grads], feed)) as Tensor[];
    sync.forEach((t, i) => expectClose(asyncRes[i]!, t, tolFor(backend)));
    tl.dispose([...sync, ...asyncRes]);
    expect(tl.memory().numTensors).toBe(before);
    void x;
  });
});

describe.skipIf(!tl.backends().includes('native'))('runAsync off the JS thread (native)', () => {
  it('a timer fires while one large matMul node computes', async () => {
    const prev = tl.getBackend();
    await tl.setBackend('native');
    try {
      const g = new tl.Graph();
      const { a, out } = g.asDefault(() => {
        const a = tl.placeholder('float32', [1536, 1536], 'a');
        return { a, out: tl.matMul(a, a) };
      });
      const sess = new tl.Session({ graph: g });
      const feed = tl.randomUniform([1536, 1536], -1, 1);
      let done = false;
      let ticksDuring = 0;
      const timer = setInterval(() => {
        if (!done) ticksDuring++;
      }, 1);
      const start = performance.now();
      const r = (await sess.runAsync(out, new Map([[a, feed]]))) as Tensor;
      done = true;
      const ms = performance.now() - start;
      clearInterval(timer);
      expect(r.shape).toEqual([1536, 1536]);
      // The product takes tens of ms; the event loop must have turned during it.
      if (ms > 15) expect(ticksDuring).toBeGreaterThan(0);
      tl.dispose([r, feed]);
    } finally {
      await tl.setBackend(prev);
    }
  });
});
