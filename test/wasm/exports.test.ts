/**
 * The wasm module binds by table: its kernels are exported under their kernel names, the host registers a wasm
 * kernel for each (and no positional op codes exist), and src/backends/wasm/wasm_exports.ts, the typed view of
 * the exports generated from assembly/ by scripts/build-wasm.mjs, is not stale.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';
import { ENGINE } from '../../src/core/engine.js';
import * as K from '../../src/core/kernel_names.js';
import { wasmExports } from '../../src/backends/wasm/register.js';
import { WASM_EXPORT_FILES } from '../../src/backends/wasm/wasm_exports.js';

const hasWasm = tl.backends().includes('wasm');
const root = fileURLToPath(new URL('../../', import.meta.url));
const kernelNames = new Set<string>(Object.values(K));

describe('wasm exports', () => {
  it('wasm_exports.ts matches what asc generates from assembly/ (npm run build:wasm regenerates it)', () => {
    const p = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(p.stderr + p.stdout).toContain('is up to date');
    expect(p.status).toBe(0);
  }, 120_000);

  it.skipIf(!hasWasm)('the built module exports exactly the functions wasm_exports.ts lists', () => {
    const ex = wasmExports()!;
    const fns = Object.keys(ex).filter((k) => typeof (ex as unknown as Record<string, unknown>)[k] === 'function');
    expect(fns.sort()).toEqual(Object.keys(WASM_EXPORT_FILES).sort());
  });

  it.skipIf(!hasWasm)('every kernel the module exports is registered on wasm, and no module export is an op code table', () => {
    const ex = wasmExports()!;
    const exported = Object.keys(ex).filter((k) => kernelNames.has(k));
    expect(exported).toEqual(expect.arrayContaining([K.Exp, K.Add, K.Greater, K.Sum, K.MatMul, K.Conv2D, K.Softmax]));
    for (const k of exported) expect(ENGINE.hasKernel(k, 'wasm'), k).toBe(true);
    for (const gone of ['unary', 'binary', 'compare', 'reduce', 'softmax', 'matmul']) expect(Object.keys(ex)).not.toContain(gone);
    // Lower-case exports are the allocator and helpers; everything else is a kernel name.
    for (const k of Object.keys(ex)) if (/^[A-Z]/.test(k)) expect(kernelNames.has(k), k).toBe(true);
  });
});
