/**
 * The addon's one dispatcher (run / runAsync) is where hostile arguments are stopped: SharedArrayBuffer,
 * resizable and detached buffers, arguments that would run JS if read (a getter could detach a buffer whose
 * pointer was taken: the addon reads no argument through anything that runs user JS), malformed meta, unknown
 * kernels, wrong counts. The hostile cases run in a child process, so a crash shows as a failed test (a
 * signal, no output) instead of killing the test runner. Also: the addon's kernel list is what TS registered.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as tl from '../../src/index.js';
import { nativeBinding, addonKernels } from '../../src/backends/native/register.js';
import { ENGINE } from '../../src/core/engine.js';
import { RUN_JS } from './addon_call.js';

const hasNative = tl.backends().includes('native');

// Each case prints 'TypeError: <message>' (or what it threw, or 'no error').
const script = RUN_JS + `
const b = require(process.argv[1]);
const id = Object.fromEntries(b.kernels().map((k) => [k.name, k.id]));
const f = (n) => new Float32Array(n);
const detach = (buf) => structuredClone(buf, { transfer: [buf] });
const rab = (n) => new Float32Array(new ArrayBuffer(4 * n, { maxByteLength: 16 * n + 64 }));
let ran = 0;
const cases = {
  // Arguments that run JS when read are never read that way: no coercion of the id, no proxies for arrays.
  idValueOf() { const x = f(4); b.run({ valueOf() { ran++; detach(x.buffer); return id.Exp; } }, metaOf(b, id.Exp, [[4]], [[4]], {}), x, f(4)); },
  tensorProxy() { const x = f(4); call(b, id.Exp, [new Proxy(x, { get(t, k) { ran++; return Reflect.get(t, k); } })], [[4]], [f(4)], [[4]], {}); },
  metaProxy() { b.run(id.Exp, new Proxy(new Float64Array([1, 1, 4, 1, 4]), { get(t, k) { ran++; return Reflect.get(t, k); } }), f(4), f(4)); },
  // The resizable check calls the builtin getter captured at load, never one user code put on the prototype.
  replacedGetter() {
    const d = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable');
    Object.defineProperty(ArrayBuffer.prototype, 'resizable', { configurable: true, get() { ran++; return false; } });
    try { call(b, id.Exp, [rab(4)], [[4]], [f(4)], [[4]], {}); } finally { Object.defineProperty(ArrayBuffer.prototype, 'resizable', d); }
  },
  shared() { const s = new Float32Array(new SharedArrayBuffer(16)); call(b, id.Exp, [s], [[4]], [f(4)], [[4]], {}); },
  sharedOut() { const s = new Float32Array(new SharedArrayBuffer(16)); call(b, id.Exp, [f(4)], [[4]], [s], [[4]], {}); },
  growableShared() { const s = new Float32Array(new SharedArrayBuffer(16, { maxByteLength: 64 })); call(b, id.Exp, [f(4)], [[4]], [s], [[4]], {}); },
  resizable() { call(b, id.Exp, [rab(4)], [[4]], [f(4)], [[4]], {}); },
  resizableOut() { call(b, id.MatMul, [f(4), f(4)], [[2, 2], [2, 2]], [rab(4)], [[2, 2]], {}); },
  resizableView() { const r = new Float32Array(new ArrayBuffer(64, { maxByteLength: 256 }), 4, 4); call(b, id.Exp, [f(4)], [[4]], [r], [[4]], {}); },
  resizableBig() { call(b, id.Exp, [rab(1 << 18)], [[1 << 18]], [f(1 << 18)], [[1 << 18]], {}); },
  resizableAsync() { callAsync(b, id.Exp, [rab(4)], [[4]], [f(4)], [[4]], {}); },
  resizableAsyncOut() { callAsync(b, id.Exp, [f(4)], [[4]], [rab(4)], [[4]], {}); },
  // A plain buffer seen again (its check is remembered) and a plain large one still run.
  plainTwice() { const x = f(1 << 16).fill(0), o = f(1 << 16); for (let i = 0; i < 2; i++) call(b, id.Exp, [x], [[1 << 16]], [o], [[1 << 16]], {}); if (o[7] !== 1) throw new Error('wrong result'); },
  detached() { const x = f(4); detach(x.buffer); call(b, id.Exp, [x], [[0]], [f(0)], [[0]], {}); },
  detachedSized() { const x = f(4); detach(x.buffer); call(b, id.Exp, [x], [[4]], [f(4)], [[4]], {}); },
  detachedOut() { const o = f(1 << 16); detach(o.buffer); call(b, id.Exp, [f(1 << 16)], [[1 << 16]], [o], [[1 << 16]], {}); },
  unknownId() { call(b, 10000, [f(1)], [[1]], [f(1)], [[1]], {}); },
  wrongCounts() { call(b, id.Add, [f(1)], [[1]], [f(1)], [[1]], {}); },
  metaShort() { b.run(id.Exp, new Float64Array([1, 1]), f(4), f(4)); },
  metaOverflow() { b.run(id.Exp, new Float64Array([1, 3, 2 ** 30, 2 ** 30, 2 ** 30, 3, 2 ** 30, 2 ** 30, 2 ** 30]), f(4), f(4)); },
  metaEnum() { b.run(id.MaxPool, new Float64Array([1, 4, 1, 2, 2, 1, 4, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 4, 0, 0, 0, 0, 7]), f(4), f(1)); },
  // Zero-size work with huge other dims returns at once.
  hugeZeroPool() {
    const d = 2 ** 40;
    call(b, id.MaxPool, [f(0)], [[0, d, d, 1]], [f(0)], [[0, d, d, 1]], { ksize: [d, d], strides: [1, 1], pads: [0, 0, 0, 0], dataFormat: 'NHWC' });
    call(b, id.AvgPool, [f(0)], [[1, d, 0, 1]], [f(0)], [[1, d, 0, 1]], { ksize: [3, 3], strides: [1, 1], pads: [0, 0, 0, 0], dataFormat: 'NHWC' });
  },
};
const out = {};
for (const [name, fn] of Object.entries(cases)) {
  try { fn(); out[name] = 'no error'; } catch (e) { out[name] = e.constructor.name + ': ' + e.message; }
}
out.ran = ran;
console.log(JSON.stringify(out));
`;

describe.skipIf(!hasNative)('native dispatcher safety', () => {
  it('hostile arguments give JS errors, never a crash', () => {
    const file = (tl.info().backends.find((x) => x.name === 'native')!.details as { binary: string }).binary;
    const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(out.ran, 'user JS ran during a call').toBe(0);
    expect(out.idValueOf).toMatch(/^TypeError: run: unknown kernel id/);
    expect(out.tensorProxy).toMatch(/^TypeError: Exp: input 0 must be a typed array/);
    expect(out.metaProxy).toMatch(/^TypeError: Exp: 'meta' must be a Float64Array/);
    expect(out.replacedGetter).toMatch(/^TypeError: Exp: input 0 is backed by a resizable ArrayBuffer/);
    expect(out.shared).toMatch(/^TypeError: Exp: input 0 is backed by a SharedArrayBuffer/);
    expect(out.sharedOut).toMatch(/^TypeError: Exp: output 0 is backed by a SharedArrayBuffer/);
    expect(out.growableShared).toMatch(/^TypeError: Exp: output 0 is backed by a SharedArrayBuffer/);
    expect(out.resizable).toMatch(/^TypeError: Exp: input 0 is backed by a resizable ArrayBuffer/);
    expect(out.resizableOut).toMatch(/^TypeError: MatMul: output 0 is backed by a resizable ArrayBuffer/);
    expect(out.resizableView).toMatch(/^TypeError: Exp: output 0 is backed by a resizable ArrayBuffer/);
    expect(out.resizableBig).toMatch(/^TypeError: Exp: input 0 is backed by a resizable ArrayBuffer/);
    expect(out.resizableAsync).toMatch(/^TypeError: Exp: input 0 is backed by a resizable ArrayBuffer/);
    expect(out.resizableAsyncOut).toMatch(/^TypeError: Exp: output 0 is backed by a resizable ArrayBuffer/);
    expect(out.plainTwice).toBe('no error');
    expect(out.detached).toMatch(/^TypeError: Exp: input 0's ArrayBuffer is detached/);
    expect(out.detachedSized).toMatch(/^TypeError: Exp: input 0's ArrayBuffer is detached/);
    expect(out.detachedOut).toMatch(/^TypeError: Exp: output 0's ArrayBuffer is detached/);
    expect(out.unknownId).toMatch(/^TypeError: run: unknown kernel id/);
    expect(out.wrongCounts).toMatch(/^TypeError: Add: takes 2\.\.2 inputs/);
    expect(out.metaShort).toMatch(/^RangeError: Exp: meta ends before/);
    expect(out.metaOverflow).toMatch(/^RangeError: Exp: input 0 has too many elements \(overflow\)/);
    expect(out.metaEnum).toMatch(/^TypeError: MaxPool: attr 'dataFormat' must be one of 'NHWC' 'NCHW'/);
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
