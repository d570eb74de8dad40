/**
 * Every instruction-set path this CPU can run (TL_ISA=avx512|avx2|generic forces one, per process) gives the
 * same results as the default path within float32 tolerance: GEMM, the vector math, reductions, softmax,
 * the LSTM gate pass (its own sigmoid / tanh) with peepholes and a cell clip.
 */
import { describe, it, expect } from 'vitest';
import { RUN_JS } from './addon_call.js';
import { spawnSync } from 'node:child_process';
import * as tl from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';

const hasNative = tl.backends().includes('native');

// Runs in a child process against the addon directly; prints the results as JSON.
const script = RUN_JS + `
const b = require(process.argv[1]);
const rnd = (n, s) => Float32Array.from({ length: n }, () => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) / 2 ** 24 * 8 - 4; });
const out = { isa: b.info().isa };
const id = Object.fromEntries(b.kernels().map((k) => [k.name, k.id]));
const unaryNames = b.kernels().filter((k) => k.inputs[1] === 1 && k.elementwise && k.dtypes[0].join() === 'float32').map((k) => k.name);
const [M, K, N] = [67, 129, 45];
const a = rnd(M * K, 1), w = rnd(K * N, 2), c = new Float32Array(M * N);
call(b, id.MatMul, [a, w], [[M, K], [K, N]], [c], [[M, N]], { transposeA: false, transposeB: false });
out.mm = Array.from(c);
const x = rnd(333, 3);
out.unary = unaryNames.map((name) => { const y = new Float32Array(x.length); call(b, id[name], [x], [[333]], [y], [[333]], { alpha: 0.2 }); return [name, Array.from(y)]; });
const s = new Float32Array(3); call(b, id.Sum, [x], [[3, 111]], [s], [[3]], { axes: [1], keepDims: false }); out.sum = Array.from(s);
const sm = new Float32Array(333); call(b, id.Softmax, [x], [[9, 37]], [sm], [[9, 37]], { axis: 1 }); out.softmax = Array.from(sm);
// LSTM [T=3, B=5, I=7, H=37] (37 units: full vectors and a tail on every path).
const [T, B, I, H] = [3, 5, 7, 37];
const ls = Array.from({ length: 7 }, () => new Float32Array(T * B * H));
const sc = (v, f) => v.map((e) => e * f);
call(b, id.LSTMBlockSequence, [rnd(T * B * I, 4), rnd(B * H, 5), rnd(B * H, 6), sc(rnd((I + H) * 4 * H, 7), 0.1), rnd(4 * H, 8), rnd(H, 9), rnd(H, 10), rnd(H, 11)],
  [[T, B, I], [B, H], [B, H], [I + H, 4 * H], [4 * H], [H], [H], [H]], ls, ls.map(() => [T, B, H]), { forgetBias: 1, cellClip: 3, usePeephole: true });
out.lstm = ls.flatMap((v) => Array.from(v));
console.log(JSON.stringify(out));
`;

function run(isa: string | undefined, file: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', env: { ...process.env, TL_ISA: isa ?? '' } });
  if (r.status !== 0) throw new Error(`child (TL_ISA=${isa}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout, (_k, v) => (v === null ? NaN : v)) as Record<string, unknown>;
}

function close(a: number[], b: number[], rtol: number, atol: number, what: string): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    const ok = Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) expect.fail(`${what}[${i}]: ${x} vs ${y}`);
  }
}

describe.skipIf(!hasNative)('native ISA paths', () => {
  it('each available path agrees with the default one', () => {
    const file = (tl.info().backends.find((x) => x.name === 'native')!.details as { binary: string }).binary;
    const isas = nativeBinding()!.info().availableIsas;
    expect(isas[isas.length - 1]).toBe('generic');
    const base = run(undefined, file);
    for (const isa of isas) {
      const r = run(isa, file);
      expect(r.isa).toBe(isa);
      close(r.mm as number[], base.mm as number[], 1e-5, 1e-4, `${isa} matMul`);
      const bu = new Map(base.unary as [string, number[]][]);
      for (const [name, v] of r.unary as [string, number[]][]) close(v, bu.get(name)!, 1e-6, 1e-37, `${isa} ${name}`);
      close(r.sum as number[], base.sum as number[], 1e-5, 1e-5, `${isa} sum`);
      close(r.softmax as number[], base.softmax as number[], 1e-6, 1e-9, `${isa} softmax`);
      close(r.lstm as number[], base.lstm as number[], 1e-5, 1e-6, `${isa} lstmSequence`);
    }
  });
});
