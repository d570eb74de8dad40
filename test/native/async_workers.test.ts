/**
 * Off-thread and multi-thread use of the addon: matMulAsync leaves the event loop free (a timer fires while a
 * long product runs), and two worker_threads plus the main thread can use the addon at once (each thread has
 * its own addon instance; they share the process-wide compute pool).
 */
import { describe, it, expect } from 'vitest';
import { RUN_JS, runKernelAsync } from './addon_call.js';
import { Worker } from 'node:worker_threads';
import * as tl from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';
import { asNative } from '../../src/backends/native/backend_native.js';
import { ENGINE } from '../../src/core/engine.js';

const hasNative = tl.backends().includes('native');

function filled(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return a;
}

describe.skipIf(!hasNative)('native async and threads', () => {
  const mmId = () => nativeBinding()!.kernels().find((k) => k.name === 'MatMul')!.id;
  it('matMulAsync keeps the event loop responsive (a timer fires during a long matmul)', async () => {
    const b = nativeBinding()!;
    const n = 1536; // ~7 GFLOP: tens of ms or more on any machine
    const x = filled(n * n, 1), y = filled(n * n, 2), out = new Float32Array(n * n);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    let settled = false;
    const p = runKernelAsync(b, mmId(), [x, y], [[n, n], [n, n]], [out], [[n, n]], { transposeA: false, transposeB: false }).then(() => { settled = true; });
    expect(settled).toBe(false);
    await p;
    clearInterval(timer);
    const ms = performance.now() - t0;
    expect(ticks, `only ${ticks} ticks in ${ms.toFixed(1)} ms`).toBeGreaterThan(0);
    // Spot-check a few entries against a float64 dot product.
    for (const [i, j] of [[0, 0], [n - 1, n - 1], [17, 1000]] as const) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[i * n + k]! * y[k * n + j]!;
      expect(Math.abs(out[i * n + j]! - s)).toBeLessThan(1e-3);
    }
  });

  it('runAsync rejects bad arguments synchronously and never crashes', () => {
    const b = nativeBinding()!;
    const f = (n: number) => new Float32Array(n);
    expect(() => runKernelAsync(b, mmId(), [f(3), f(4)], [[2, 2], [2, 2]], [f(4)], [[2, 2]], {})).toThrow(RangeError);
    // Resizable buffers could shrink while the worker runs: refused.
    const rs = new Float32Array(new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(16, { maxByteLength: 64 }));
    expect(() => runKernelAsync(b, mmId(), [rs, f(4)], [[2, 2], [2, 2]], [f(4)], [[2, 2]], {})).toThrow(/resizable/);
    expect(() => runKernelAsync(b, mmId(), [f(4), f(4)], [[2, 2], [2, 2]], [rs], [[2, 2]], {})).toThrow(/resizable/);
  });

  it('the async MatMul kernel returns a tensor info on the native backend, filled when done settles', async () => {
    const nb = asNative(ENGINE.getBackendInstance('native')!);
    const a = tl.tensor([[1, 2], [3, 4]]), c = tl.tensor([[5, 6], [7, 8]]);
    const infos = [a, c].map((x) => ({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }));
    const { result, done } = nb.asyncKernels.get('MatMul')!(infos, { transposeB: true }, nb, [{ shape: [2, 2], dtype: 'float32' }]);
    await done;
    const t = ENGINE.makeTensorFromInfo(Array.isArray(result) ? result[0]! : result);
    expect(Array.from(t.dataSync() as Float32Array)).toEqual([17, 23, 39, 53]);
    tl.dispose([a, c, t]);
  });

  it('two worker threads and the main thread use the addon at once', async () => {
    const file = (tl.info().backends.find((x) => x.name === 'native')!.details as { binary: string }).binary;
    // Workers load the addon directly (plain JS), so each gets its own Napi::Addon instance.
    const src = RUN_JS + `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(workerData.file);
      const n = workerData.n;
      let s = workerData.seed; const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) / 2 ** 24 - 0.5; };
      let worst = 0;
      for (let rep = 0; rep < workerData.reps; rep++) {
        const x = Float32Array.from({ length: n * n }, rnd), y = Float32Array.from({ length: n * n }, rnd);
        const out = new Float32Array(n * n);
        const id = b.kernels().find((k) => k.name === 'MatMul').id;
        call(b, id, [x, y], [[n, n], [n, n]], [out], [[n, n]], { transposeA: false, transposeB: rep % 2 === 1 });
        for (let t = 0; t < 20; t++) {
          const i = (t * 37) % n, j = (t * 91) % n;
          let r = 0;
          for (let k = 0; k < n; k++) r += x[i * n + k] * (rep % 2 === 1 ? y[j * n + k] : y[k * n + j]);
          worst = Math.max(worst, Math.abs(out[i * n + j] - r));
        }
      }
      parentPort.postMessage({ worst, isa: b.info().isa });
    `;
    const run = (seed: number) =>
      new Promise<{ worst: number; isa: string }>((resolve, reject) => {
        const w = new Worker(src, { eval: true, workerData: { file, n: 200, reps: 12, seed } });
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
      });
    const workers = [run(11), run(22)];
    // Meanwhile, the main thread keeps multiplying through the engine.
    let mainWorst = 0;
    for (let rep = 0; rep < 12; rep++) {
      const x = filled(180 * 180, 100 + rep), y = filled(180 * 180, 200 + rep);
      const c = tl.tidy(() => tl.matMul(tl.tensor(x, [180, 180]), tl.tensor(y, [180, 180])).dataSync() as Float32Array);
      let r = 0;
      for (let k = 0; k < 180; k++) r += x[5 * 180 + k]! * y[k * 180 + 7]!;
      mainWorst = Math.max(mainWorst, Math.abs(c[5 * 180 + 7]! - r));
      await new Promise((res) => setImmediate(res));
    }
    const results = await Promise.all(workers);
    for (const r of results) {
      expect(r.worst).toBeLessThan(1e-3);
      expect(r.isa).toBe(nativeBinding()!.info().isa);
    }
    expect(mainWorst).toBeLessThan(1e-3);
  });
});
