/**
 * The addon's one dispatcher (run / runAsync) is where hostile arguments are stopped: getters that detach or
 * transfer an input's ArrayBuffer after its array was handed over, SharedArrayBuffer and resizable buffers,
 * unknown kernels, wrong counts. The hostile cases run in a child process, so a crash shows as a failed test
 * (a signal, no output) instead of killing the test runner. Also: the addon's kernel list is what TS registered.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as tl from '../../src/index.js';
import { nativeBinding, addonKernels } from '../../src/backends/native/register.js';
import { ENGINE } from '../../src/core/engine.js';

const hasNative = tl.backends().includes('native');

// Each case prints 'TypeError: <message>' (or what it threw, or 'no error').
const script = `
const b = require(process.argv[1]);
const id = Object.fromEntries(b.kernels().map((k) => [k.name, k.id]));
const f = (n) => new Float32Array(n);
const cases = {
  // A getter on the attrs object detaches input 0 after the inputs list was read.
  attrsDetach() {
    const a = f(1 << 16), w = f(4);
    const attrs = { get transposeA() { structuredClone(a.buffer, { transfer: [a.buffer] }); return false; }, transposeB: false };
    b.run(id.MatMul, [a, w], [[1 << 15, 2], [2, 2]], [f(1 << 16)], [[1 << 15, 2]], attrs);
  },
  // The same with ArrayBuffer.prototype.transfer() (Node 21+; structuredClone otherwise).
  attrsTransfer() {
    const a = f(1 << 16);
    const attrs = { get axes() { if (a.buffer.transfer) a.buffer.transfer(); else structuredClone(a.buffer, { transfer: [a.buffer] }); return [0]; }, keepDims: false };
    b.run(id.Sum, [a], [[1 << 16]], [f(1)], [[]], attrs);
  },
  // A getter on a shape entry detaches an output.
  shapeDetach() {
    const x = f(1 << 16), o = f(1 << 16);
    const shape = [1 << 16];
    Object.defineProperty(shape, 0, { get() { structuredClone(o.buffer, { transfer: [o.buffer] }); return 1 << 16; } });
    b.run(id.Exp, [x], [[1 << 16]], [o], [shape], {});
  },
  // A getter on the inputs list detaches the other input.
  listDetach() {
    const x = f(1 << 16), y = f(1 << 16), ins = [x];
    Object.defineProperty(ins, 1, { get() { structuredClone(x.buffer, { transfer: [x.buffer] }); return y; } });
    b.run(id.Add, ins, [[1 << 16], [1 << 16]], [f(1 << 16)], [[1 << 16]], {});
  },
  shared() { const s = new Float32Array(new SharedArrayBuffer(16)); b.run(id.Exp, [s], [[4]], [f(4)], [[4]], {}); },
  sharedOut() { const s = new Float32Array(new SharedArrayBuffer(16)); b.run(id.Exp, [f(4)], [[4]], [s], [[4]], {}); },
  resizableAsync() { const r = new Float32Array(new ArrayBuffer(16, { maxByteLength: 64 })); b.runAsync(id.Exp, [r], [[4]], [f(4)], [[4]], {}); },
  detached() { const x = f(4); structuredClone(x.buffer, { transfer: [x.buffer] }); b.run(id.Exp, [x], [[0]], [f(0)], [[0]], {}); },
  unknownId() { b.run(10000, [f(1)], [[1]], [f(1)], [[1]], {}); },
  wrongCounts() { b.run(id.Add, [f(1)], [[1]], [f(1)], [[1]], {}); },
  // Zero-size work with huge other dims returns at once.
  hugeZeroPool() {
    const d = 2 ** 40;
    b.run(id.MaxPool, [f(0)], [[0, d, d, 1]], [f(0)], [[0, d, d, 1]], { ksize: [d, d], strides: [1, 1], pads: [0, 0, 0, 0], dataFormat: 'NHWC' });
    b.run(id.AvgPool, [f(0)], [[1, d, 0, 1]], [f(0)], [[1, d, 0, 1]], { ksize: [3, 3], strides: [1, 1], pads: [0, 0, 0, 0], dataFormat: 'NHWC' });
  },
};
const out = {};
for (const [name, fn] of Object.entries(cases)) {
  try { fn(); out[name] = 'no error'; } catch (e) { out[name] = e.constructor.name + ': ' + e.message; }
}
console.log(JSON.stringify(out));
`;

describe.skipIf(!hasNative)('native dispatcher safety', () => {
  it('hostile arguments give JS errors, never a crash', () => {
    const file = (tl.info().backends.find((x) => x.name === 'native')!.details as { binary: string }).binary;
    const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out.attrsDetach).toMatch(/^TypeError: MatMul: input 0's ArrayBuffer is detached/);
    expect(out.attrsTransfer).toMatch(/^TypeError: Sum: input 0's ArrayBuffer is detached/);
    expect(out.shapeDetach).toMatch(/^TypeError: Exp: output 0's ArrayBuffer is detached/);
    expect(out.listDetach).toMatch(/^TypeError: Add: input 0's ArrayBuffer is detached/);
    expect(out.shared).toMatch(/^TypeError: Exp: input 0 is backed by a SharedArrayBuffer/);
    expect(out.sharedOut).toMatch(/^TypeError: Exp: output 0 is backed by a SharedArrayBuffer/);
    expect(out.resizableAsync).toMatch(/^TypeError: Exp: input 0 is backed by a resizable ArrayBuffer/);
    expect(out.detached).toMatch(/^TypeError: Exp: input 0's ArrayBuffer is detached/);
    expect(out.unknownId).toMatch(/^TypeError: run: unknown kernel id/);
    expect(out.wrongCounts).toMatch(/^TypeError: Add: takes 2\.\.2 inputs/);
    expect(out.hugeZeroPool).toBe('no error');
  });

  it('the kernels the addon lists are the ones registered for native, with the addon kernel', () => {
    const b = nativeBinding()!;
    const listed = b.kernels().map((k) => k.name).sort();
    expect(addonKernels(b).map((k) => k.name).sort()).toEqual(listed);
    for (const name of listed) expect(ENGINE.hasKernel(name, 'native'), name).toBe(true);
    // Every listed kernel runs on native through supports(): a float32 MatMul does not fall back.
    tl.tidy(() => tl.device('/native:0', () => tl.matMul(tl.ones([2, 2]), tl.ones([2, 2])).dataSync()));
    expect(new Set(b.kernels().map((k) => k.id)).size).toBe(listed.length);
  });
});
