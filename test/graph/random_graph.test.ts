/**
 * Random ops in graphs (TF 1.x): stateful nodes that draw anew on every run, reproducible per Session from the
 * pair (graph seed, op seed); tl.shape(x) follows the fed batch, so noise can have a run-time shape.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { describeEachBackend, expectClose } from '../util/index.js';

const vals = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>, Number);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

/** Builds a graph with fn under `seed` (if given) and returns [graph, fn's result]. */
function build<T>(fn: () => T, seed?: number): [tl.Graph, T] {
  const g = new tl.Graph();
  if (seed !== undefined) g.seed = seed;
  return [g, g.asDefault(fn)];
}

/** `runs` successive draws of t in one new session. */
function draws(g: tl.Graph, t: Tensor, runs: number, feeds?: tl.Feeds): number[][] {
  const sess = new tl.Session({ graph: g });
  try {
    return Array.from({ length: runs }, () => tl.tidy(() => vals(sess.run(t, feeds) as Tensor)));
  } finally {
    sess.close();
  }
}

describe('random ops in graph mode are stateful nodes', () => {
  it('randomNormal gives different values on successive runs (it is not folded into a constant)', () => {
    const [g, n] = build(() => tl.randomNormal([2, 3]));
    expect(n.isSymbolic).toBe(true);
    expect(n.shape).toEqual([2, 3]);
    const [a, b] = draws(g, n, 2);
    expect(a).toHaveLength(6);
    expect(a).not.toEqual(b);
  });

  it('after tl.disableEagerExecution random ops build nodes too; re-enabled, they compute at once', () => {
    tl.disableEagerExecution();
    let n: Tensor;
    try {
      n = tl.randomUniform([3]);
    } finally {
      tl.enableEagerExecution();
    }
    expect(n.isSymbolic).toBe(true);
    const eager = tl.randomUniform([3]);
    expect(eager.isSymbolic).toBe(false);
    eager.dispose();
  });

  it('the same graph seed and op seed give the same sequence in each new session; runs within one differ', () => {
    const [g, n] = build(() => tl.randomNormal([4], 0, 1, 'float32', 7), 3);
    const first = draws(g, n, 3);
    const again = draws(g, n, 3);
    expect(again).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
    expect(first[1]).not.toEqual(first[2]);
  });

  it('rebuilding the graph with the same seeds repeats the sequence (graph seed only: ops pair by build order)', () => {
    const make = () => build(() => [tl.randomUniform([5]), tl.truncatedNormal([5])], 42);
    const [g1, [u1, t1]] = make();
    const [g2, [u2, t2]] = make();
    expect(draws(g2, u2!, 2)).toEqual(draws(g1, u1!, 2));
    expect(draws(g2, t2!, 2)).toEqual(draws(g1, t1!, 2));
    // Two ops of one graph do not share a sequence.
    expect(draws(g1, u1!, 1)[0]).not.toEqual(draws(g1, t1!, 1)[0]);
  });

  it('tl.setRandomSeed inside graph.asDefault sets that graph seed; a different seed gives a different sequence', () => {
    const g = new tl.Graph();
    const u = g.asDefault(() => {
      tl.setRandomSeed(11);
      return tl.randomUniform([4]);
    });
    expect(g.seed).toBe(11);
    const [g2, u2] = build(() => tl.randomUniform([4]), 11);
    const [g3, u3] = build(() => tl.randomUniform([4]), 12);
    expect(draws(g, u, 2)).toEqual(draws(g2, u2, 2));
    expect(draws(g3, u3, 1)).not.toEqual(draws(g, u, 1));
  });

  it('an op seed without a graph seed is reproducible too; different op seeds differ', () => {
    const [g1, a] = build(() => tl.randomNormal([3], 0, 1, 'float32', 5));
    const [g2, b] = build(() => tl.randomNormal([3], 0, 1, 'float32', 5));
    const [g3, c] = build(() => tl.randomNormal([3], 0, 1, 'float32', 6));
    expect(draws(g2, b, 2)).toEqual(draws(g1, a, 2));
    expect(draws(g3, c, 1)).not.toEqual(draws(g1, a, 1));
  });

  it('without any seed, new sessions give different values', () => {
    const [g, n] = build(() => tl.randomNormal([6]));
    expect(draws(g, n, 1)).not.toEqual(draws(g, n, 1));
  });

  it('eagerly, tl.setRandomSeed still restarts the global stream and an op seed repeats its numbers', () => {
    tl.setRandomSeed(9);
    const a = vals(tl.randomNormal([4]));
    tl.setRandomSeed(9);
    const b = vals(tl.randomNormal([4]));
    expect(b).toEqual(a);
    expect(vals(tl.randomUniform([3], 0, 1, 'float32', 4))).toEqual(vals(tl.randomUniform([3], 0, 1, 'float32', 4)));
  });

  it('building a graph draws nothing from the eager stream', () => {
    tl.setRandomSeed(21);
    const expected = vals(tl.randomUniform([3]));
    tl.setRandomSeed(21);
    build(() => [tl.randomNormal([100]), tl.randomCrop(tl.placeholder('float32', [8, 8]), [2, 2]), tl.dropout(tl.ones([5]), 0.5)]);
    expect(vals(tl.randomUniform([3]))).toEqual(expected);
  });
});

describe('statistics of each random op in a graph (many draws)', () => {
  it('randomNormal(mean 2, stddev 3)', () => {
    const [g, n] = build(() => tl.randomNormal([2000], 2, 3), 1);
    const a = draws(g, n, 5).flat();
    expect(Math.abs(mean(a) - 2)).toBeLessThan(0.15);
    expect(Math.abs(std(a) - 3)).toBeLessThan(0.15);
  });

  it('truncatedNormal stays within 2 stddev, std ≈ 0.8796 stddev', () => {
    const [g, n] = build(() => tl.truncatedNormal([2000], -1, 2), 2);
    const a = draws(g, n, 5).flat();
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...a)).toBeLessThanOrEqual(3);
    expect(Math.abs(mean(a) + 1)).toBeLessThan(0.08);
    // Variance of N(0,1) truncated to ±2: 1 - 2·φ(2)·2/(Φ(2)-Φ(-2)) = 0.7737 → std 0.8796.
    expect(Math.abs(std(a) - 2 * 0.8796)).toBeLessThan(0.08);
  });

  it('randomUniform in [-1, 3): mean 1, std 4/sqrt(12); int32 covers every value', () => {
    const [g, [u, i]] = build(() => [tl.randomUniform([2000], -1, 3), tl.randomUniform([2000], 0, 4, 'int32')], 3);
    const sess = new tl.Session({ graph: g });
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < 5; r++) {
      const [x, y] = sess.run([u!, i!]) as Tensor[];
      a.push(...vals(x!));
      b.push(...vals(y!));
    }
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThan(3);
    expect(Math.abs(mean(a) - 1)).toBeLessThan(0.05);
    expect(Math.abs(std(a) - 4 / Math.sqrt(12))).toBeLessThan(0.05);
    for (let v = 0; v < 4; v++) expect(Math.abs(b.filter((x) => x === v).length / b.length - 0.25)).toBeLessThan(0.02);
  });

  it('randomShuffle permutes the rows of a fed tensor anew each run', () => {
    const [g, { x, s }] = build(() => {
      const x = tl.placeholder('float32', [null, 2]);
      return { x, s: tl.randomShuffle(x) };
    }, 4);
    const rows = Array.from({ length: 6 }, (_, i) => [i, 10 * i]);
    const runs = draws(g, s, 200, [[x, rows]]);
    const firstCounts = new Array(6).fill(0);
    for (const r of runs) {
      const got = [];
      for (let k = 0; k < 6; k++) {
        expect(r[2 * k + 1]).toBe(10 * r[2 * k]!); // rows stay intact
        got.push(r[2 * k]!);
      }
      expect([...got].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      firstCounts[got[0]!]++;
    }
    // Each row leads about 1/6 of the time (200 runs: expected 33, sd ≈ 5.3).
    for (const c of firstCounts) expect(Math.abs(c - 200 / 6)).toBeLessThan(20);
  });

  it('multinomial draws classes with probability softmax(logits)', () => {
    const p = [0.1, 0.2, 0.7];
    const [g, m] = build(() => tl.multinomial(tl.log(tl.tensor([p, [0.5, 0.5, 0]])), 500), 5);
    const samples = draws(g, m, 4);
    const row0 = samples.flatMap((r) => r.slice(0, 500));
    const row1 = samples.flatMap((r) => r.slice(500));
    p.forEach((q, c) => expect(Math.abs(row0.filter((v) => v === c).length / row0.length - q)).toBeLessThan(0.04));
    expect(row1.filter((v) => v === 2)).toHaveLength(0); // log(0) = -Infinity is never drawn
    expect(Math.abs(row1.filter((v) => v === 0).length / row1.length - 0.5)).toBeLessThan(0.05);
    expect(samples[0]).not.toEqual(samples[1]);
  });

  it('randomCrop picks every offset uniformly, anew each run', () => {
    const [g, c] = build(() => tl.randomCrop(tl.range(0, 5), [2]), 6);
    const starts = draws(g, c, 400).map((r) => {
      expect(r[1]).toBe(r[0]! + 1);
      return r[0]!;
    });
    for (let o = 0; o <= 3; o++) expect(Math.abs(starts.filter((v) => v === o).length / 400 - 0.25)).toBeLessThan(0.08);
  });
});

describe('dropout in a graph', () => {
  it('draws a fresh mask each run; kept elements are scaled by 1/(1-rate), about 1-rate of them', () => {
    const [g, { x, d }] = build(() => {
      const x = tl.placeholder('float32', [null, 100]);
      return { x, d: tl.dropout(x, 0.25) };
    });
    const ones = Array.from({ length: 10 }, () => new Array(100).fill(1));
    const [a, b] = draws(g, d, 2, [[x, ones]]);
    expect(a).not.toEqual(b);
    for (const v of a!) expect([0, 4 / 3].some((e) => Math.abs(v - e) < 1e-6)).toBe(true);
    expect(Math.abs(a!.filter((v) => v !== 0).length / 1000 - 0.75)).toBeLessThan(0.05);
  });

  it('with a seed the masks repeat per session and still change between runs', () => {
    const [g, d] = build(() => tl.dropout(tl.ones([50]), 0.5, { seed: 3 }));
    const s1 = draws(g, d, 2);
    expect(draws(g, d, 2)).toEqual(s1);
    expect(s1[0]).not.toEqual(s1[1]);
  });

  it('tl.gradients through dropout uses the same run\'s mask', () => {
    const [g, { x, y, dx }] = build(() => {
      const x = tl.placeholder('float32', [8]);
      const y = tl.dropout(x, 0.5);
      const [dx] = tl.gradients(tl.sum(y), [x]);
      return { x, y, dx };
    });
    const sess = new tl.Session({ graph: g });
    const seen = new Set<string>();
    for (let k = 0; k < 4; k++) {
      const [yv, dv] = sess.run([y, dx!], [[x, new Array(8).fill(1)]]) as Tensor[];
      expect(vals(dv!)).toEqual(vals(yv!)); // d(sum(x·mask))/dx = mask, and y = mask for x = 1
      seen.add(vals(yv!).join());
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a random op inside a whileLoop body draws anew on each iteration', () => {
    // One random op; a keeps its iteration-0 draw and b its iteration-1 draw.
    const [g, out] = build(() => tl.whileLoop(
      (i: Tensor) => tl.less(i, 2),
      (i: Tensor, a: Tensor, b: Tensor) => {
        const u = tl.randomUniform([1]);
        const fi = tl.cast(i, 'float32');
        return [tl.add(i, 1), tl.add(a, tl.mul(u, tl.sub(1, fi))), tl.add(b, tl.mul(u, fi))];
      },
      [tl.constant(0), tl.zeros([1]), tl.zeros([1])],
    ) as Tensor[], 8);
    const sess = new tl.Session({ graph: g });
    const [a, b] = sess.run([out[1]!, out[2]!]) as Tensor[];
    expect(vals(a!)[0]).toBeGreaterThan(0);
    expect(vals(b!)[0]).toBeGreaterThan(0);
    expect(vals(a!)[0]).not.toBe(vals(b!)[0]);
  });

  it('rate 0 and keepProb 1 are the identity, in a graph and eagerly', () => {
    const [g, { x, d0, d1 }] = build(() => {
      const x = tl.placeholder('float32', [2, 2]);
      return { x, d0: tl.dropout(x, 0), d1: tl.dropout(x, null, { keepProb: 1 }) };
    });
    const feed = [[1.5, -2], [3, 4]];
    const sess = new tl.Session({ graph: g });
    const [r0, r1] = sess.run([d0, d1], [[x, feed]]) as Tensor[];
    expectClose(r0!, feed.flat());
    expectClose(r1!, feed.flat());
    expectClose(tl.dropout(tl.tensor(feed), null, { keepProb: 1 }), feed.flat());
  });

  it('keepProb p is rate 1 - p; giving both or neither is an ArgumentError naming dropout', () => {
    const d = tl.dropout(tl.ones([400]), null, { keepProb: 0.8, seed: 1 });
    const v = vals(d);
    for (const e of v) expect([0, 1.25].some((k) => Math.abs(e - k) < 1e-6)).toBe(true);
    expect(() => tl.dropout(tl.ones([2]), 0.5, { keepProb: 0.5 })).toThrow(tl.ArgumentError);
    expect(() => tl.dropout(tl.ones([2]))).toThrow(/dropout: give exactly one of 'rate' and 'keepProb'/);
    expect(() => tl.dropout(tl.ones([2]), null, { keepProb: 0 })).toThrow(/keepProb/);
  });
});

describeEachBackend('tl.shape and run-time shapes in a graph', () => {
  it('tl.shape of a placeholder [null, 784] fed with 50 rows is [50, 784]; size and rank follow', () => {
    const [g, { x, s, n, r }] = build(() => {
      const x = tl.placeholder('float32', [null, 784]);
      return { x, s: tl.shape(x), n: tl.size(x), r: tl.rank(x) };
    });
    expect(s.shape).toEqual([2]);
    expect(s.dtype).toBe('int32');
    const sess = new tl.Session({ graph: g });
    const [sv, nv, rv] = sess.run([s, n, r], [[x, tl.zeros([50, 784])]]) as Tensor[];
    expect(vals(sv!)).toEqual([50, 784]);
    expect(vals(nv!)).toEqual([50 * 784]);
    expect(vals(rv!)).toEqual([2]);
    const [sv2] = sess.run([s], [[x, tl.zeros([3, 784])]]) as Tensor[];
    expect(vals(sv2!)).toEqual([3, 784]);
  });

  it('tl.randomNormal(tl.shape(x)) follows the batch: the denoising autoencoder noise', () => {
    const [g, { x, noisy, z }] = build(() => {
      const x = tl.placeholder('float32', [null, 4]);
      const noise = tl.randomNormal(tl.shape(x), 0, 0.1);
      const z = tl.zeros(tl.shape(x));
      return { x, noisy: tl.add(x, noise), z };
    }, 1);
    expect(noisy.shape).toEqual([-1, 4]);
    expect(z.shape).toEqual([-1, 4]);
    const sess = new tl.Session({ graph: g });
    for (const rows of [2, 7]) {
      const [a, b] = sess.run([noisy, z], [[x, tl.ones([rows, 4])]]) as Tensor[];
      expect(a!.shape).toEqual([rows, 4]);
      expect(b!.shape).toEqual([rows, 4]);
      for (const v of vals(a!)) expect(Math.abs(v - 1)).toBeLessThan(0.6);
    }
  });

  it('a shape built from tl.shape(x)[0] and a number (the VAE epsilon) infers [?, 3] and runs', () => {
    const [g, { x, eps, r }] = build(() => {
      const x = tl.placeholder('float32', [null, 6]);
      const batch = tl.gather(tl.shape(x), 0);
      const eps = tl.randomNormal([batch, 3]);
      const r = tl.reshape(x, tl.stack([batch, tl.scalar(3, 'int32'), tl.scalar(2, 'int32')]));
      return { x, eps, r };
    });
    expect(eps.shape).toEqual([-1, 3]);
    expect(r.shape).toEqual([-1, 3, 2]);
    const sess = new tl.Session({ graph: g });
    const [e, rr] = sess.run([eps, r], [[x, tl.zeros([5, 6])]]) as Tensor[];
    expect(e!.shape).toEqual([5, 3]);
    expect(rr!.shape).toEqual([5, 3, 2]);
  });

  it('a fed shape (no static value) gives unknown dims and the fed shape at run time', () => {
    const [g, { s, f, u }] = build(() => {
      const s = tl.placeholder('int32', [2]);
      return { s, f: tl.fill(s, 7), u: tl.randomUniform(s) };
    });
    expect(f.shape).toEqual([-1, -1]);
    const sess = new tl.Session({ graph: g });
    const [fv, uv] = sess.run([f, u], [[s, [2, 3]]]) as Tensor[];
    expect(fv!.shape).toEqual([2, 3]);
    expectClose(fv!, new Array(6).fill(7));
    expect(uv!.shape).toEqual([2, 3]);
  });

  it('eagerly, shapes given as int tensors work for fill, zeros, ones, reshape and random ops', () => {
    const s = tl.tensor([2, 3], undefined, 'int32');
    expect(tl.ones(s).shape).toEqual([2, 3]);
    expect(tl.fill(s, 2).shape).toEqual([2, 3]);
    expect(tl.randomNormal(s).shape).toEqual([2, 3]);
    expectClose(tl.reshape(tl.range(0, 6), tl.tensor([3, -1], undefined, 'int32')), [0, 1, 2, 3, 4, 5]);
    expect(tl.reshape(tl.range(0, 6), tl.tensor([3, -1], undefined, 'int32')).shape).toEqual([3, 2]);
    expect(vals(tl.shape(tl.zeros([4, 0, 2]), 'int64'))).toEqual([4, 0, 2]);
    expect(vals(tl.size(tl.zeros([4, 5])))).toEqual([20]);
    expect(vals(tl.rank(tl.scalar(1)))).toEqual([0]);
  });

  it('bad shape tensors are typed errors naming the op', () => {
    expect(() => tl.zeros(tl.tensor([2.5, 1]))).toThrow(tl.DTypeError);
    expect(() => tl.randomNormal(tl.tensor([[2, 1]], undefined, 'int32'))).toThrow(/randomNormal: 'shape' given as a tensor must be 1-D/);
    expect(() => tl.fill(tl.tensor([-2], undefined, 'int32'), 1)).toThrow(tl.ShapeError);
    expect(() => tl.shape(tl.ones([2]), 'float32' as 'int32')).toThrow(/shape: 'outType'/);
  });
});
