import { ENGINE } from '../../core/engine.js';
import * as K from '../../core/kernel_names.js';
import type { KernelFn } from '../../core/backend.js';
import { cast as jsCast } from '../js/kernels/Cast.js';
import { NativeBackend, type SupportFn } from './backend_native.js';
import type { NativeBinding, NativeKernelInfo } from './binding.js';
import { loadNativeBinding } from './loader.js';
import { kernels as coreKernels } from './kernels/core.js';
import { addonAsyncKernel, addonKernel, addonSupports } from './kernels/addon_kernel.js';

/** Native priority: cuda 4, native 3, wasm 2, js 1. */
export const NATIVE_PRIORITY = 3;

let loaded: { binding: NativeBinding; file: string } | null = null;

/** The loaded addon, or null when the native backend is absent (TL_DISABLE_NATIVE, no binary, load error). */
export function nativeBinding(): NativeBinding | null {
  return loaded?.binding ?? null;
}

/** Every kernel name the engine knows (core/kernel_names.ts). */
const KNOWN = new Set<string>(Object.values(K).filter((v) => typeof v === 'string'));

/** The addon's kernels the engine knows: what the native backend registers (besides the core data movers). */
export function addonKernels(binding: NativeBinding): NativeKernelInfo[] {
  return binding.kernels().filter((k) => KNOWN.has(k.name));
}

/** Registrations: [name, kernel, supports]. The glue is Cast's: dtypes the addon lacks run the js loop on the same arrays. */
function nativeKernels(addon: readonly NativeKernelInfo[]): [string, KernelFn, SupportFn][] {
  const list: [string, KernelFn, SupportFn][] = coreKernels.map(([name, fn]): [string, KernelFn, SupportFn] => [name, fn, () => true]);
  for (const k of addon) {
    const fn = addonKernel(k), ok = addonSupports(k);
    const entry: [string, KernelFn, SupportFn] = k.name === K.Cast
      ? [k.name, (ins, attrs, b, outs) => (ok(ins) && ok(outs) ? fn(ins, attrs, b, outs) : jsCast(ins, attrs, b, outs)), () => true]
      : [k.name, fn, ok];
    const at = list.findIndex(([name]) => name === k.name);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
  }
  return list;
}

/**
 * Loads the CPU addon and registers the native backend and its kernels. When the addon is absent (or
 * TL_DISABLE_NATIVE=1), records why, for tl.info(), and registers nothing else: the other backends remain.
 */
export function registerNativeBackend(): void {
  const env = typeof process !== 'undefined' ? process.env : undefined;
  if (env?.TL_DISABLE_NATIVE && env.TL_DISABLE_NATIVE !== '0') {
    ENGINE.markBackendMissing('native', 'disabled by TL_DISABLE_NATIVE', NATIVE_PRIORITY);
    return;
  }
  try {
    loaded = loadNativeBinding();
  } catch (e) {
    ENGINE.markBackendMissing('native', (e as Error).message, NATIVE_PRIORITY);
    return;
  }
  const { binding, file } = loaded;
  const addon = addonKernels(binding);
  const list = nativeKernels(addon);
  const matMul = addon.find((k) => k.name === K.MatMul);
  ENGINE.registerBackend('native', () => {
    const b = new NativeBackend(binding, file);
    for (const [k, , ok] of list) b.supportFns.set(k, ok);
    if (matMul) b.asyncKernels.set(K.MatMul, addonAsyncKernel(matMul));
    return b;
  }, NATIVE_PRIORITY);
  for (const [name, fn] of list) ENGINE.registerKernel(name, 'native', fn);
}
