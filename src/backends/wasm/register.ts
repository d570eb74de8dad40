import { ENGINE } from '../../core/engine.js';
import * as K from '../../core/kernel_names.js';
import type { KernelFn, TensorInfo } from '../../core/backend.js';
import type { KernelName } from '../../core/kernel_attrs.js';
import { WasmBackend } from './backend_wasm.js';
import { canLoadSync, loadWasm, loadWasmSync, type ExportsOf, type KernelExport, type WasmExports, type WasmSource } from './loader.js';
import { entry, type Entry } from './entry.js';
import { WASM_EXPORT_FILES } from './wasm_exports.js';
import { kernels as coreKernels, anyDType } from './kernels/core.js';
import { concat, slice, split, transpose } from './kernels/copy.js';
import { matMul } from './kernels/MatMul.js';
import { binaryKernel, type BinaryName } from './kernels/binary.js';
import { unaryKernel, type UnaryName } from './kernels/unary.js';
import { reduceKernel, type ReduceName } from './kernels/reduce.js';
import { softmaxKernel, softmaxCrossEntropyWithLogits } from './kernels/Softmax.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './kernels/conv.js';
import { avgPoolGrad, maxPoolGrad, poolKernel } from './kernels/pool.js';
import { applyAdagrad, applyAdam, applyGradientDescent, applyMomentum, applyRMSProp } from './kernels/train.js';
import { fusedBatchNorm, fusedBatchNormGrad } from './kernels/batch_norm.js';
import { gruBackward, gruForward, lstmBackward, lstmForward, rnnBackward, rnnForward } from './kernels/rnn.js';

/** wasm priority: cuda 4, native 3, wasm 2, js 1. */
export const WASM_PRIORITY = 2;

/** A family of assembly kernel files whose exports share one glue, bound to each export at load. */
type FamilyName = UnaryName | BinaryName | ReduceName;
/** Compiles only while every export of a family file is a kernel name (a helper there would get kernel glue). */
type AllKernels<T extends KernelName> = T;
export type FamilyExports = AllKernels<ExportsOf<'kernels/unary' | 'kernels/binary' | 'kernels/compare' | 'kernels/reduce'>>;
const FAMILIES: Record<string, (fn: never) => KernelFn<never>> = {
  'kernels/unary': unaryKernel,
  'kernels/binary': binaryKernel,
  'kernels/compare': binaryKernel,
  'kernels/reduce': reduceKernel,
};

/**
 * The glue of every other kernel the module exports, one line each. The type requires an entry for each kernel
 * export outside the families, so a kernel added to assembly/index.ts fails to compile here until it has glue.
 */
const named = (ex: WasmExports): { [N in Exclude<KernelExport, FamilyName>]: KernelFn<N> } => ({
  MatMul: matMul,
  Softmax: softmaxKernel(ex.Softmax),
  LogSoftmax: softmaxKernel(ex.LogSoftmax),
  SoftmaxCrossEntropyWithLogits: softmaxCrossEntropyWithLogits,
  Transpose: transpose,
  Slice: slice,
  Conv2D: conv2d,
  Conv2DBackpropInput: conv2dBackpropInput,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  MaxPool: poolKernel(ex.MaxPool, true),
  AvgPool: poolKernel(ex.AvgPool, false),
  MaxPoolGrad: maxPoolGrad,
  AvgPoolGrad: avgPoolGrad,
  ApplyGradientDescent: applyGradientDescent,
  ApplyMomentum: applyMomentum,
  ApplyAdam: applyAdam,
  ApplyRMSProp: applyRMSProp,
  ApplyAdagrad: applyAdagrad,
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormGrad: fusedBatchNormGrad,
});

/**
 * The kernels the module exports, each bound once to its export (no lookup by name per call). The instance's
 * exports are enumerated, so exactly what this module implements is registered.
 */
function moduleKernels(ex: WasmExports): Entry[] {
  const glue = named(ex) as Record<string, KernelFn<never> | undefined>;
  const files: Record<string, string> = WASM_EXPORT_FILES;
  const list: Entry[] = [];
  for (const [name, fn] of Object.entries(ex)) {
    const family = FAMILIES[files[name] ?? ''];
    // Names come from the instance here, so types are widened once: each glue is typed for its kernels above.
    const k = family ? family(fn as never) : glue[name];
    if (k) list.push([name, k as unknown as KernelFn]);
  }
  return list;
}

/** Kernels written here that compose module helpers (gemm, copyRows, the cell steps) or run the js code. */
const hostKernels = (): Entry[] => [
  ...coreKernels,
  entry(K.Concat, concat),
  entry(K.Split, split),
  entry(K.LSTMBlockCell, lstmForward),
  entry(K.LSTMBlockSequence, lstmForward),
  entry(K.LSTMBlockCellGrad, lstmBackward),
  entry(K.LSTMBlockSequenceGrad, lstmBackward),
  entry(K.GRUBlockCell, gruForward),
  entry(K.GRUBlockSequence, gruForward),
  entry(K.GRUBlockCellGrad, gruBackward),
  entry(K.GRUBlockSequenceGrad, gruBackward),
  entry(K.BasicRNNCell, rnnForward),
  entry(K.BasicRNNSequence, rnnForward),
  entry(K.BasicRNNCellGrad, rnnBackward),
  entry(K.BasicRNNSequenceGrad, rnnBackward),
];

/** Pure data movement: any dtype. */
const MOVES = new Set<string>([K.Concat, K.Split, K.Slice, K.Transpose]);

const allF32 = (inputs: readonly TensorInfo[]) => inputs.every((t) => t.dtype === 'float32');

let loaded: { exports: WasmExports; file: string } | null = null;

/** The instantiated module, or null while the wasm backend is absent or still loading. */
export function wasmExports(): WasmExports | null {
  return loaded?.exports ?? null;
}

/** Registers the kernels bound to this module's exports (a later load re-binds them to its module). */
function registerKernels(l: { exports: WasmExports; file: string }): Entry[] {
  const list = [...hostKernels(), ...moduleKernels(l.exports)];
  for (const [name, fn] of list) ENGINE.registerKernel(name, 'wasm', fn);
  return list;
}

function makeBackend(l: { exports: WasmExports; file: string }, list: Entry[]): WasmBackend {
  loaded = l;
  const b = new WasmBackend(l.exports, l.file);
  for (const [k] of list) b.supportFns.set(k, anyDType.has(k) || MOVES.has(k) ? () => true : allF32);
  return b;
}

/**
 * Registers the wasm backend. In Node (and Electron's main process) the module is read and compiled
 * synchronously, so the backend and its kernels are present at import; in a browser it compiles asynchronously
 * from `tensorlane.wasm` next to the bundle (await tl.ready()), and the kernels are registered once it has.
 * A failure (no SIMD, file not built, ...) is recorded for tl.info() and the other backends remain.
 * TL_DISABLE_WASM=1 skips it.
 */
export function registerWasmBackend(): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.TL_DISABLE_WASM && env.TL_DISABLE_WASM !== '0') {
    ENGINE.markBackendMissing('wasm', 'disabled by TL_DISABLE_WASM', WASM_PRIORITY);
    return;
  }
  if (canLoadSync()) {
    let l: { exports: WasmExports; file: string };
    try {
      l = loadWasmSync();
    } catch (e) {
      ENGINE.markBackendMissing('wasm', (e as Error).message, WASM_PRIORITY);
      return;
    }
    const list = registerKernels(l);
    ENGINE.registerBackend('wasm', () => makeBackend(l, list), WASM_PRIORITY);
  } else {
    ENGINE.registerBackend('wasm', async () => loadAndRegister(await loadWasm()), WASM_PRIORITY);
  }
}

function loadAndRegister(l: { exports: WasmExports; file: string }): WasmBackend {
  return makeBackend(l, registerKernels(l));
}

/**
 * Browsers: (re)loads the wasm backend from a URL, the module's bytes or a compiled module (when
 * `tensorlane.wasm` is not served next to the bundle). Resolves true once the backend is present.
 */
export async function loadWasmBackend(source?: WasmSource): Promise<boolean> {
  ENGINE.registerBackend('wasm', async () => loadAndRegister(await loadWasm(source)), WASM_PRIORITY);
  await ENGINE.ready();
  return ENGINE.getBackendInstance('wasm') !== undefined;
}
