/**
 * Finds, checks and instantiates the AssemblyScript module (assembly/, built by `npm run build:wasm`).
 *
 * - Node / Electron main: synchronously, so the backend is present as soon as tensorlane is imported. The file
 *   is read next to this module (`dist/backends/wasm/tensorlane.wasm` in the package), or from there when
 *   running from the sources (src/ next to dist/). Node's fs is reached through
 *   `process.getBuiltinModule`, so this file has no `node:` import and bundles for browsers unchanged.
 * - Browsers / Electron renderers: asynchronously, from a URL (default: `tensorlane.wasm` next to the bundle)
 *   or bytes the application passes to `loadWasmBackend`.
 *
 * The module needs WebAssembly SIMD (128-bit); an engine without it gets one clear message instead of a
 * compile error.
 */

import type { WasmExports, WASM_EXPORT_FILES } from './wasm_exports.js';
import type { KernelName } from '../../core/kernel_attrs.js';

// The exports' types are generated from assembly/ by scripts/build-wasm.mjs (wasm_exports.ts), never written here.
export type { WasmExports } from './wasm_exports.js';

type ExportFiles = typeof WASM_EXPORT_FILES;
/** The names of the functions defined in one file under assembly/ (`'kernels/unary'`: Neg, Exp, ...). */
export type ExportsOf<F extends string> = { [N in keyof ExportFiles]: ExportFiles[N] extends F ? N : never }[keyof ExportFiles];
/** The kernel exports of a family file (register.ts checks that every export of a family file is a kernel name). */
export type KernelExportsOf<F extends string> = Extract<ExportsOf<F>, KernelName>;
/** Every export named after a kernel. */
export type KernelExport = Extract<keyof WasmExports, KernelName>;

/** What the host itself needs besides the kernels (which are registered for exactly the names the module exports). */
const REQUIRED: (keyof WasmExports)[] = ['memory', 'alloc', 'free', 'allocatedBytes', 'gemm', 'copyRows'];

export const WASM_FILE = 'tensorlane.wasm';

/**
 * The smallest module using a v128 instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
 * WebAssembly.validate on it says whether this engine has SIMD.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function assertSimd(): void {
  if (typeof WebAssembly !== 'object') throw new Error('wasm backend unavailable: this JavaScript engine has no WebAssembly');
  if (!simdSupported()) {
    throw new Error(
      'wasm backend unavailable: this WebAssembly engine lacks SIMD (128-bit), which the tensorlane module needs ' +
        '(Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4, Electron >= 13); the js backend is used instead',
    );
  }
}

function instantiate(mod: WebAssembly.Module, where: string): WasmExports {
  const inst = new WebAssembly.Instance(mod, {});
  const ex = inst.exports as unknown as WasmExports;
  const lacking = REQUIRED.filter((k) => !(k in ex));
  if (lacking.length > 0) throw new Error(`${where}: not a compatible tensorlane module (missing ${lacking.join(', ')}); run npm run build:wasm`);
  return ex;
}

interface NodeFs {
  existsSync(p: string): boolean;
  readFileSync(p: string): Uint8Array;
}
type GetBuiltin = (id: string) => unknown;

function nodeBuiltin(): GetBuiltin | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: GetBuiltin; versions?: { node?: string } } }).process;
  return p?.versions?.node && typeof p.getBuiltinModule === 'function' ? p.getBuiltinModule.bind(p) : undefined;
}

/** True where the module can be read synchronously from disk (Node, Electron main). */
export function canLoadSync(): boolean {
  return nodeBuiltin() !== undefined;
}

/** The files the Node loader tries, in order. */
export function wasmCandidates(): URL[] {
  const next = new URL(`./${WASM_FILE}`, import.meta.url);
  const built = new URL(`../../../dist/backends/wasm/${WASM_FILE}`, import.meta.url);
  return next.href === built.href ? [next] : [next, built];
}

/** Loads the module synchronously in Node; throws an Error naming every candidate that failed. */
export function loadWasmSync(): { exports: WasmExports; file: string } {
  assertSimd();
  const getBuiltin = nodeBuiltin();
  if (!getBuiltin) throw new Error('wasm backend: synchronous loading needs Node (process.getBuiltinModule); use loadWasmBackend()');
  const fs = getBuiltin('node:fs') as NodeFs;
  const { fileURLToPath } = getBuiltin('node:url') as { fileURLToPath(u: URL): string };
  const failures: string[] = [];
  for (const url of wasmCandidates()) {
    if (url.protocol !== 'file:') {
      failures.push(`${url.href}: not a file URL`);
      continue;
    }
    const file = fileURLToPath(url);
    if (!fs.existsSync(file)) {
      failures.push(`${file}: not built (npm run build:wasm)`);
      continue;
    }
    try {
      const mod = new WebAssembly.Module(fs.readFileSync(file) as Uint8Array<ArrayBuffer>);
      return { exports: instantiate(mod, file), file };
    } catch (e) {
      failures.push(`${file}: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
    }
  }
  throw new Error(`wasm backend unavailable: ${failures.join('; ')}`);
}

/** Where the module comes from in a browser: a URL, the bytes, or an already compiled module. */
export type WasmSource = string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** Loads the module asynchronously (browsers): from `source`, or `tensorlane.wasm` next to this module. */
export async function loadWasm(source?: WasmSource): Promise<{ exports: WasmExports; file: string }> {
  assertSimd();
  if (source instanceof WebAssembly.Module) return { exports: instantiate(source, 'module'), file: 'module' };
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { exports: instantiate(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), 'bytes'), file: 'bytes' };
  }
  const url = source === undefined ? new URL(`./${WASM_FILE}`, import.meta.url) : new URL(String(source), (globalThis as { location?: { href: string } }).location?.href ?? import.meta.url);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasm backend unavailable: fetching ${url.href} gave HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { exports: instantiate(await WebAssembly.compile(bytes), url.href), file: url.href };
}
