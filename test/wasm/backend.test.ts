/**
 * The wasm backend itself: registration and priority, loading (sync in Node, async from bytes), explicit
 * memory (blocks freed on dispose, reused), views re-made after memory.grow, data moving to and from js,
 * other dtypes stored and handed to js, TL_DISABLE_WASM, and the no-SIMD message.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';
import { ENGINE } from '../../src/core/engine.js';
import { wasmExports } from '../../src/backends/wasm/register.js';
import { loadWasm, loadWasmSync, simdSupported } from '../../src/backends/wasm/loader.js';
import { expectClose } from '../util/index.js';

const hasWasm = tl.backends().includes('wasm');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const fixture = fileURLToPath(new URL('./fixtures/backend_status.ts', import.meta.url));

function status(env: Record<string, string>, arg = ''): { backends: string[]; wasm?: { present: boolean; priority: number; reason?: string } } {
  const p = spawnSync(process.execPath, [tsxCli, fixture, arg], { encoding: 'utf8', env: { ...process.env, ...env } });
  const line = p.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`fixture failed: ${p.stderr}`);
  return JSON.parse(line);
}

describe.skipIf(!hasWasm)('wasm backend', () => {
  const onWasm = <T>(fn: () => T): T => tl.device('/wasm:0', fn);

  it('registers with priority 2, between native and js, and describes itself', () => {
    const names = tl.backends();
    expect(names.indexOf('wasm')).toBeLessThan(names.indexOf('js'));
    if (names.includes('native')) expect(names.indexOf('native')).toBeLessThan(names.indexOf('wasm'));
    const s = tl.info().backends.find((b) => b.name === 'wasm')!;
    expect(s.priority).toBe(2);
    expect(s.details).toMatchObject({ threads: 1, dtypes: ['float32'] });
    expect(simdSupported()).toBe(true);
  });

  it('frees blocks on dispose and reuses them', () => {
    const ex = wasmExports()!;
    const mm = () => onWasm(() => tl.tidy(() => void tl.matMul(tl.ones([37, 41]), tl.ones([41, 29]))));
    mm(); // the GEMM's packing buffers are kept between calls: allocate them before the baseline
    const before = ex.allocatedBytes();
    const blocks = ex.allocatedBlocks();
    const t = onWasm(() => tl.tidy(() => tl.add(tl.ones([1000]), tl.ones([1000]))));
    expect(t.dataId.backend.name).toBe('wasm');
    expect(ex.allocatedBytes()).toBeGreaterThan(before);
    const top = ex.heapTop();
    t.dispose();
    expect(ex.allocatedBytes()).toBe(before);
    expect(ex.allocatedBlocks()).toBe(blocks);
    // A training-loop pattern (same sizes again and again) does not grow the heap.
    for (let i = 0; i < 50; i++) mm();
    expect(ex.heapTop()).toBeLessThanOrEqual(top + 64 * 1024);
    expect(ex.allocatedBytes()).toBe(before);
  });

  it('keeps data and re-makes views after linear memory grows', () => {
    const ex = wasmExports()!;
    const a = onWasm(() => tl.tensor([1.5, -2, 3.25], [3]));
    const view = a.dataSync();
    const pages = ex.memory.buffer.byteLength;
    const big = onWasm(() => tl.fill([24 * 1024 * 1024], 0.5)); // 96 MiB: forces memory.grow
    expect(ex.memory.buffer.byteLength).toBeGreaterThan(pages);
    expectClose(a, [1.5, -2, 3.25]);
    expectClose(view, [1.5, -2, 3.25]);
    expectClose(onWasm(() => tl.mul(a, 2)), [3, -4, 6.5]);
    expectClose(onWasm(() => tl.sum(big)), 12 * 1024 * 1024);
    tl.dispose([a, big]);
  });

  it('moves data to js and back with the values intact; other dtypes live on wasm and compute on js', () => {
    const x = onWasm(() => tl.tensor([1, 2, 3, 4], [2, 2]));
    expect(x.dataId.backend.name).toBe('wasm');
    const c = onWasm(() => tl.cumsum(x, 1)); // no wasm kernel: x moves to js
    expectClose(c, [1, 3, 3, 7]);
    expect(x.dataId.backend.name).toBe('js');
    const y = onWasm(() => tl.matMul(x, x)); // back to wasm
    expect(x.dataId.backend.name).toBe('wasm');
    expectClose(y, [7, 10, 15, 22]);
    const i = onWasm(() => tl.tensor([5, -7, 9], [3], 'int32'));
    expect(i.dataId.backend.name).toBe('wasm');
    expect(Array.from(i.dataSync() as Int32Array)).toEqual([5, -7, 9]);
    expect(Array.from(onWasm(() => tl.add(i, tl.tensor([1, 1, 1], [3], 'int32'))).dataSync() as Int32Array)).toEqual([6, -6, 10]);
    const d = onWasm(() => tl.tensor([0.1, 0.2], [2], 'float64'));
    expectClose(onWasm(() => tl.mul(d, 3)), [0.30000000000000004, 0.6000000000000001], { atol: 0, rtol: 0 });
    const b = onWasm(() => tl.greater(tl.tensor([1, -1]), 0));
    expect(b.dtype).toBe('bool');
    expect(Array.from(b.dataSync() as Uint8Array)).toEqual([1, 0]);
    tl.dispose([x, c, y, i, d, b]);
  });

  it('loads synchronously from the built file and asynchronously from bytes', async () => {
    const { exports, file } = loadWasmSync();
    expect(file).toMatch(/tensorlane\.wasm$/);
    const { readFileSync } = await import('node:fs');
    const again = await loadWasm(readFileSync(file));
    for (const ex of [exports, again.exports]) {
      const p = ex.alloc(4 * 4), q = ex.alloc(4 * 4), r = ex.alloc(4 * 4);
      const f = new Float32Array(ex.memory.buffer);
      f.set([1, 2, 3, 4], p / 4);
      f.set([1, 0, 0, 1], q / 4);
      ex.MatMul(p, q, r, 2, 2, 2, 0, 0);
      expect(Array.from(new Float32Array(ex.memory.buffer, r, 4))).toEqual([1, 2, 3, 4]);
    }
  });

  it('TL_DISABLE_WASM=1 skips it; an engine without SIMD gets a clear reason; both leave the js backend', () => {
    const off = status({ TL_DISABLE_WASM: '1' });
    expect(off.backends).not.toContain('wasm');
    expect(off.backends).toContain('js');
    expect(off.wasm).toMatchObject({ present: false, priority: 2, reason: 'disabled by TL_DISABLE_WASM' });
    const noSimd = status({}, 'no-simd');
    expect(noSimd.backends).not.toContain('wasm');
    expect(noSimd.wasm?.reason).toMatch(/lacks SIMD/);
  }, 60_000);

  it('ENGINE has no fallbacks logged from wasm for float32 MLP kernels', () => {
    const before = ENGINE.fallbackLog.length;
    onWasm(() =>
      tl.tidy(() => {
        const w = tl.variable(tl.ones([4, 3]));
        const x = tl.ones([2, 4]);
        tl.grads((v: tl.Tensor) => tl.mean(tl.losses.softmaxCrossEntropy(tl.oneHot(tl.tensor([0, 2], [2], 'int32'), 3), tl.relu(tl.matMul(x, v)))))([w]);
        w.dispose();
      }),
    );
    const fromWasm = ENGINE.fallbackLog.slice(before).filter((k) => k.includes(':wasm->') && k.endsWith('float32'));
    expect(fromWasm).toEqual([]);
  });
});
