import { ENGINE } from '../../core/engine.js';
import * as K from '../../core/kernel_names.js';
import type { KernelFn, TensorInfo } from '../../core/backend.js';
import { WasmBackend } from './backend_wasm.js';
import { canLoadSync, loadWasm, loadWasmSync, type WasmExports, type WasmSource } from './loader.js';
import { kernels as coreKernels, anyDType } from './kernels/core.js';
import { concat, slice, split, transpose } from './kernels/copy.js';
import { matMul } from './kernels/MatMul.js';
import { BINARY_OPS, COMPARE_OPS, binaryKernel, compareKernel } from './kernels/binary.js';
import { UNARY_OPS, unaryKernel } from './kernels/unary.js';
import { REDUCE_OPS, reduceKernel } from './kernels/reduce.js';
import { softmaxKernel, softmaxCrossEntropyWithLogits } from './kernels/Softmax.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './kernels/conv.js';
import { avgPool, avgPoolGrad, maxPool, maxPoolGrad } from './kernels/pool.js';
import { applyAdagrad, applyAdam, applyGradientDescent, applyMomentum, applyRMSProp } from './kernels/train.js';
import { fusedBatchNorm, fusedBatchNormGrad } from './kernels/batch_norm.js';
import { gruBackward, gruForward, lstmBackward, lstmForward, rnnBackward, rnnForward } from './kernels/rnn.js';

/** wasm priority: cuda 4, native 3, wasm 2, js 1. */
export const WASM_PRIORITY = 2;

function wasmKernels(): [string, KernelFn][] {
  return [
    ...coreKernels,
    [K.Concat, concat],
    [K.Split, split],
    [K.Slice, slice],
    [K.Transpose, transpose],
    [K.MatMul, matMul],
    ...BINARY_OPS.map((k): [string, KernelFn] => [k, binaryKernel(k)]),
    ...COMPARE_OPS.map((k): [string, KernelFn] => [k, compareKernel(k)]),
    ...UNARY_OPS.map((k): [string, KernelFn] => [k, unaryKernel(k)]),
    ...REDUCE_OPS.map((k): [string, KernelFn] => [k, reduceKernel(k)]),
    [K.Softmax, softmaxKernel(false)],
    [K.LogSoftmax, softmaxKernel(true)],
    [K.SoftmaxCrossEntropyWithLogits, softmaxCrossEntropyWithLogits],
    [K.Conv2D, conv2d],
    [K.Conv2DBackpropInput, conv2dBackpropInput],
    [K.Conv2DBackpropFilter, conv2dBackpropFilter],
    [K.MaxPool, maxPool],
    [K.AvgPool, avgPool],
    [K.MaxPoolGrad, maxPoolGrad],
    [K.AvgPoolGrad, avgPoolGrad],
    [K.LSTMBlockCell, lstmForward],
    [K.LSTMBlockSequence, lstmForward],
    [K.LSTMBlockCellGrad, lstmBackward],
    [K.LSTMBlockSequenceGrad, lstmBackward],
    [K.GRUBlockCell, gruForward],
    [K.GRUBlockSequence, gruForward],
    [K.GRUBlockCellGrad, gruBackward],
    [K.GRUBlockSequenceGrad, gruBackward],
    [K.BasicRNNCell, rnnForward],
    [K.BasicRNNSequence, rnnForward],
    [K.BasicRNNCellGrad, rnnBackward],
    [K.BasicRNNSequenceGrad, rnnBackward],
    [K.ApplyGradientDescent, applyGradientDescent],
    [K.ApplyMomentum, applyMomentum],
    [K.ApplyAdam, applyAdam],
    [K.ApplyRMSProp, applyRMSProp],
    [K.ApplyAdagrad, applyAdagrad],
    [K.FusedBatchNorm, fusedBatchNorm],
    [K.FusedBatchNormGrad, fusedBatchNormGrad],
  ];
}

/** Pure data movement: any dtype. */
const MOVES = new Set<string>([K.Concat, K.Split, K.Slice, K.Transpose]);

const allF32 = (inputs: readonly TensorInfo[]) => inputs.every((t) => t.dtype === 'float32');

let loaded: { exports: WasmExports; file: string } | null = null;

/** The instantiated module, or null while the wasm backend is absent or still loading. */
export function wasmExports(): WasmExports | null {
  return loaded?.exports ?? null;
}

function makeBackend(l: { exports: WasmExports; file: string }, list: [string, KernelFn][]): WasmBackend {
  loaded = l;
  const b = new WasmBackend(l.exports, l.file);
  for (const [k] of list) b.supportFns.set(k, anyDType.has(k) || MOVES.has(k) ? () => true : allF32);
  return b;
}

let kernelsRegistered = false;

function registerKernels(list: [string, KernelFn][]): void {
  if (kernelsRegistered) return;
  kernelsRegistered = true;
  for (const [name, fn] of list) ENGINE.registerKernel(name, 'wasm', fn);
}

/**
 * Registers the wasm backend. In Node (and Electron's main process) the module is read and compiled
 * synchronously, so the backend is present at import; in a browser it compiles asynchronously from
 * `tensorlane.wasm` next to the bundle (await tl.ready()). A failure (no SIMD, file not built, ...) is recorded
 * for tl.info() and the other backends remain. TL_DISABLE_WASM=1 skips it.
 */
export function registerWasmBackend(): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.TL_DISABLE_WASM && env.TL_DISABLE_WASM !== '0') {
    ENGINE.markBackendMissing('wasm', 'disabled by TL_DISABLE_WASM', WASM_PRIORITY);
    return;
  }
  const list = wasmKernels();
  if (canLoadSync()) {
    let l: { exports: WasmExports; file: string };
    try {
      l = loadWasmSync();
    } catch (e) {
      ENGINE.markBackendMissing('wasm', (e as Error).message, WASM_PRIORITY);
      return;
    }
    ENGINE.registerBackend('wasm', () => makeBackend(l, list), WASM_PRIORITY);
  } else {
    ENGINE.registerBackend('wasm', async () => makeBackend(await loadWasm(), list), WASM_PRIORITY);
  }
  registerKernels(list);
}

/**
 * Browsers: (re)loads the wasm backend from a URL, the module's bytes or a compiled module (when
 * `tensorlane.wasm` is not served next to the bundle). Resolves true once the backend is present.
 */
export async function loadWasmBackend(source?: WasmSource): Promise<boolean> {
  const list = wasmKernels();
  ENGINE.registerBackend('wasm', async () => makeBackend(await loadWasm(source), list), WASM_PRIORITY);
  registerKernels(list);
  await ENGINE.ready();
  return ENGINE.getBackendInstance('wasm') !== undefined;
}
