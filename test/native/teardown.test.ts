/**
 * Workers and teardown (issue #13): async native work must finish or be dropped without touching a dead
 * environment, and the memory a queued kernel uses must stay valid and fixed until it completes.
 *
 * Every risky part runs in a child process, so a crash (SIGABRT from a C++ exception escaping a completion
 * callback, SIGSEGV from a kernel writing freed memory) shows as a failed test naming the signal, not a dead
 * runner:
 *  - worker_threads terminated at a random moment while they run tl.matMulAsync, Session.runAsync or the raw
 *    runAsync (100 rounds); the parent then still computes a matmul equal to the js backend's;
 *  - the raw runAsync with its input or output buffers transferred away (detached) while the kernel is queued
 *    or running: a correct result (inputs are the values at the call) or a typed error (a detached output);
 *  - processes that end (process.exit() and the natural end, main thread and worker) with async work queued.
 * The tl parts of the workers load the compiled dist/ (loading the TypeScript sources in 60+ workers is too
 * slow); without a dist/ those rounds use the raw binding only.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';
import { RUN_JS } from './addon_call.js';

const hasNative = tl.backends().includes('native');
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const hasDist = existsSync(DIST);

function binary(): string {
  return (tl.info().backends.find((x) => x.name === 'native')!.details as { binary: string }).binary;
}

/** Runs `code` (an ES module) in a fresh node; argv[1..] = the addon binary, dist's index.js or ''. */
function child(code: string, timeout = 120_000) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, binary(), hasDist ? DIST : ''], { encoding: 'utf8', timeout });
  const why = `signal ${r.signal}, status ${r.status}\nstderr: ${r.stderr.slice(-2000)}\nstdout: ${r.stdout.slice(-500)}`;
  return { ...r, why };
}

// What a worker of the terminate test runs: the raw binding, tl.matMulAsync or Session.runAsync, forever.
const WORKER_JS = RUN_JS + `
const { parentPort, workerData: wd } = require('node:worker_threads');
const n = wd.n;
const rnd = (k) => Float32Array.from({ length: k }, (_, i) => Math.sin(i * 0.37 + wd.seed));
async function raw() {
  const b = require(wd.file);
  const id = b.kernels().find((k) => k.name === 'MatMul').id;
  const x = rnd(n * n), y = rnd(n * n);
  parentPort.postMessage('go');
  for (let i = 0; ; i++) {
    const ps = [];
    for (let q = 0; q < 3; q++) ps.push(callAsync(b, id, [x, y], [[n, n], [n, n]], [new Float32Array(n * n)], [[n, n]], {}));
    call(b, id, [x, y], [[n, n], [n, n]], [new Float32Array(n * n)], [[n, n]], { transposeB: true });
    await Promise.all(ps);
  }
}
async function withTl(session) {
  const tl = await import(wd.dist);
  await tl.setBackend('native');
  const a = tl.tensor(rnd(n * n), [n, n]), c = tl.tensor(rnd(n * n), [n, n]);
  let run;
  if (session) {
    const g = new tl.Graph();
    const { p, out } = g.asDefault(() => { const p = tl.placeholder('float32', [n, n], 'p'); return { p, out: tl.matMul(tl.matMul(p, p), p) }; });
    const sess = new tl.Session({ graph: g });
    run = () => sess.runAsync(out, new Map([[p, a]]));
  } else {
    run = () => Promise.all([tl.matMulAsync(a, c), tl.matMulAsync(c, a, false, true)]);
  }
  parentPort.postMessage('go');
  for (;;) tl.dispose(await run());
}
(wd.kind === 'raw' ? raw() : withTl(wd.kind === 'session')).catch((e) => { console.error('worker failed', e); process.exit(3); });
`;

const TERMINATE_JS = `
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
const [file, dist] = process.argv.slice(1);
const WORKER_JS = ${JSON.stringify(WORKER_JS)};
const kinds = dist ? ['raw', 'matMulAsync', 'session'] : ['raw'];
let s = 12345; const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
const counts = {};
for (let round = 0; round < 100; round++) {
  const kind = kinds[round % kinds.length];
  const w = new Worker(WORKER_JS, { eval: true, execArgv: [], workerData: { file, dist, kind, n: 160 + (round % 4) * 48, seed: round } });
  let failed = null;
  w.on('error', (e) => { failed = e; });
  const exited = new Promise((r) => w.once('exit', r));
  const started = await Promise.race([new Promise((r) => w.once('message', () => r(true))), exited.then(() => false)]);
  if (!started) throw new Error('worker ' + kind + ' exited before it started: ' + failed);
  // A random moment: while queued, while computing, between calls.
  await new Promise((r) => setTimeout(r, rand() * 25));
  await w.terminate();
  if (failed) throw new Error('worker ' + kind + ' failed: ' + failed);
  counts[kind] = (counts[kind] || 0) + 1;
}
// The parent still computes, on the addon (raw) and through tl when dist is there, and agrees with js.
const b = createRequire(import.meta.url)(file);
const n = 150, x = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)), y = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
const out = new Float32Array(n * n);
const id = b.kernels().find((k) => k.name === 'MatMul').id;
const meta = Float64Array.from([2, 2, n, n, 2, n, n, 2, n, n, -1, -1]);
await b.runAsync(id, meta, x, y, out);
let worst = 0;
for (let i = 0; i < n; i += 7) for (let j = 0; j < n; j += 5) {
  let r = 0; for (let k = 0; k < n; k++) r += x[i * n + k] * y[k * n + j];
  worst = Math.max(worst, Math.abs(r - out[i * n + j]));
}
let tlWorst = null;
if (dist) {
  const tl = await import(dist);
  const a = tl.tensor(x, [n, n]), c = tl.tensor(y, [n, n]);
  await tl.setBackend('native');
  const got = (await tl.matMulAsync(a, c)).dataSync();
  await tl.setBackend('js');
  const want = tl.matMul(a, c).dataSync();
  tlWorst = 0;
  for (let i = 0; i < want.length; i++) tlWorst = Math.max(tlWorst, Math.abs(want[i] - got[i]));
}
console.log(JSON.stringify({ counts, worst, tlWorst }));
`;

// runAsync with its buffers transferred away while the kernel is queued or running.
const DETACH_JS = RUN_JS + `
import { createRequire } from 'node:module';
const b = createRequire(import.meta.url)(process.argv[1]);
const id = b.kernels().find((k) => k.name === 'MatMul').id;
const expId = b.kernels().find((k) => k.name === 'Exp').id;
const n = 384;
const mk = (seed) => Float32Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.01 + seed));
const check = (x, y, out) => {
  let worst = 0;
  for (let i = 0; i < n; i += 37) for (let j = 0; j < n; j += 29) {
    let r = 0; for (let k = 0; k < n; k++) r += x[i * n + k] * y[k * n + j];
    worst = Math.max(worst, Math.abs(r - out[i * n + j]));
  }
  return worst;
};
const detach = (buf) => structuredClone(buf, { transfer: [buf] });
const gc = () => { for (let i = 0; i < 4; i++) new ArrayBuffer(64 << 20); globalThis.gc?.(); };
const res = { inputs: [], outputs: [], inPlace: [], many: 0 };
for (let round = 0; round < 12; round++) {
  // Inputs transferred away (and the new owner dropped, its memory freed) after the call: the result is the
  // product of the values at the call.
  const x = mk(round), y = mk(round + 1), xs = x.slice(), ys = y.slice(), out = new Float32Array(n * n);
  const p = callAsync(b, id, [x, y], [[n, n], [n, n]], [out], [[n, n]], {});
  if (round % 2) await new Promise((r) => setTimeout(r, 1));
  const moved = detach(x.buffer); detach(y.buffer);
  new Float32Array(moved).fill(7);
  gc();
  try { await p; res.inputs.push(check(xs, ys, out) < 1e-3 ? 'correct' : 'WRONG'); } catch (e) { res.inputs.push(e.constructor.name + ': ' + e.message); }
  // The output transferred away: the new owner's data must stay as it put it, and the promise rejects.
  // (After a 1 ms wait the product may be done already: then it resolved before the transfer, correctly.)
  const o2 = new Float32Array(n * n);
  let early = false;
  const p2 = callAsync(b, id, [xs, ys], [[n, n], [n, n]], [o2], [[n, n]], {}).then(() => { early = true; });
  if (round % 2) await new Promise((r) => setTimeout(r, 1));
  if (early) res.early = (res.early ?? 0) + (check(xs, ys, o2) < 1e-3 ? 1 : 1000);
  const owner = new Float32Array(detach(o2.buffer)).fill(5);
  if (!early) try { await p2; res.outputs.push('resolved'); } catch (e) { res.outputs.push(e.constructor.name + '/' + e.code + ': ' + e.message); }
  res.ownerKept = (res.ownerKept ?? true) && owner.every((v) => v === 5);
  gc();
}
// In place (an elementwise kernel's output is its input), the buffer transferred away while queued.
{
  const x = new Float32Array(1 << 20).fill(0);
  const p = callAsync(b, expId, [x], [[1 << 20]], [x], [[1 << 20]], {});
  const owner = new Float32Array(detach(x.buffer));
  try { await p; res.inPlace.push('resolved'); } catch (e) { res.inPlace.push(e.constructor.name + '/' + e.code); }
  res.inPlaceOwnerKept = owner.every((v) => v === 0);
}
// Many queued at once, every buffer detached and collected: no crash.
const ps = [];
for (let i = 0; i < 24; i++) {
  const x = mk(i), y = mk(i + 2), o = new Float32Array(n * n);
  ps.push(callAsync(b, id, [x, y], [[n, n], [n, n]], [o], [[n, n]], {}).then(() => 'ok', (e) => e.code));
  detach(x.buffer); detach(y.buffer); if (i % 2) detach(o.buffer);
}
gc();
const settled = await Promise.all(ps);
res.many = settled.filter((v) => v === 'ok').length + '/' + settled.filter((v) => v === 'ERR_TL_DETACHED').length;
console.log(JSON.stringify(res));
`;

// A process (or a worker) that ends with async work still queued: exits with its code, no abort, no hang.
const EXIT_JS = RUN_JS + `
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
const [file, mode] = [process.argv[1], process.argv[3]];
const b = createRequire(import.meta.url)(file);
const id = b.kernels().find((k) => k.name === 'MatMul').id;
const n = 512, x = new Float32Array(n * n).fill(1), y = new Float32Array(n * n).fill(1);
const queue = (k) => { for (let i = 0; i < k; i++) callAsync(b, id, [x, y], [[n, n], [n, n]], [new Float32Array(n * n)], [[n, n]], {}).then(() => { if (mode === 'natural') process.exitCode = 7; }); };
if (mode === 'exit') { queue(16); process.exit(5); }
if (mode === 'natural') { queue(16); process.exitCode = 6; }
if (mode === 'worker-exit') {
  const src = RUN_JS_SRC + "const b = require(require('node:worker_threads').workerData); const id = b.kernels().find((k) => k.name === 'MatMul').id;" +
    "const n = 512, x = new Float32Array(n * n).fill(1);" +
    "for (let i = 0; i < 16; i++) callAsync(b, id, [x, x], [[n, n], [n, n]], [new Float32Array(n * n)], [[n, n]], {});" +
    "process.exit(4);";
  const w = new Worker(src, { eval: true, execArgv: [], workerData: file });
  w.on('exit', (code) => { console.log('worker exit ' + code); queue(8); process.exit(9); });
}
`.replace('RUN_JS_SRC', JSON.stringify(RUN_JS));

describe.skipIf(!hasNative)('native workers and teardown', () => {
  it('terminating workers mid-op (tl.matMulAsync, Session.runAsync, raw runAsync) leaves the process alive and correct', () => {
    const r = child(TERMINATE_JS, 240_000);
    expect(r.signal, r.why).toBeNull();
    expect(r.status, r.why).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { counts: Record<string, number>; worst: number; tlWorst: number | null };
    expect(Object.values(out.counts).reduce((a, b) => a + b, 0)).toBe(100);
    expect(out.worst).toBeLessThan(1e-3);
    if (hasDist) expect(out.tlWorst).toBeLessThan(1e-3);
  }, 300_000);

  it('runAsync with its buffers detached while queued: no crash; a correct result or a typed error', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', DETACH_JS, binary()], { encoding: 'utf8', timeout: 120_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { inputs: string[]; outputs: string[]; early?: number; ownerKept: boolean; inPlace: string[]; inPlaceOwnerKept: boolean; many: string };
    // Inputs: the worker computes on its own copy of the values at the call.
    for (const v of out.inputs) expect(v).toBe('correct');
    // Outputs: never written into memory that now belongs to another buffer; the promise rejects, typed.
    expect(out.outputs.length + (out.early ?? 0), 'a result settled early was wrong').toBe(12);
    expect(out.outputs.length).toBeGreaterThanOrEqual(6);
    for (const v of out.outputs) expect(v).toMatch(/^TypeError\/ERR_TL_DETACHED: MatMul: output 0's ArrayBuffer was detached while the kernel ran/);
    expect(out.ownerKept).toBe(true);
    expect(out.inPlace).toEqual(['TypeError/ERR_TL_DETACHED']);
    expect(out.inPlaceOwnerKept).toBe(true);
    expect(out.many).toBe('12/12');
  });

  for (const mode of ['exit', 'natural', 'worker-exit'] as const) {
    it(`a process ending with async work queued exits with its code (${mode})`, () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', EXIT_JS, binary(), '', mode], { encoding: 'utf8', timeout: 60_000 });
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe({ exit: 5, natural: 7, 'worker-exit': 9 }[mode]);
      if (mode === 'worker-exit') expect(r.stdout).toContain('worker exit 4');
    });
  }
});
