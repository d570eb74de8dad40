/**
 * tensorlane public API (`import * as tl from 'tensorlane'`).
 */
import { ENGINE } from './core/engine.js';
import { initialize } from './register_all.js';
import { Rng } from './core/random.js';
import type { Tensor } from './core/tensor.js';
import type { BackendName } from './core/backend.js';
import { ArgumentError, BackendError } from './core/errors.js';
import { onnxRuntimeAvailable } from './onnx/onnxruntime_runner.js';
import { setThreadSource } from './onnx/threads.js';
import { getNumThreads } from './backends/native/threads.js';
import { getDefaultGraph } from './graph/graph.js';

initialize();

export { Tensor } from './core/tensor.js';
export type { NestedArray } from './core/tensor.js';
export { Variable, variable } from './core/variable.js';
export type { VariableOptions } from './core/variable.js';
export type { DType, TypedArray } from './core/dtype.js';
export type { TensorLike } from './core/tensor_util.js';
export {
  TensorlaneError, ShapeError, DTypeError, ArgumentError, BackendError, DisposedError, FileFormatError, OutOfMemoryError, OutOfRangeError,
} from './core/errors.js';
import * as coreErrors from './core/errors.js';
import { FailedPreconditionError } from './graph/session.js';
export { info, VERSION } from './core/info.js';
export { grad, grads, valueAndGrad, valueAndGrads, variableGrads } from './core/autodiff.js';
export type { MemoryInfo } from './core/engine.js';
export * from './graph/graph_ops.generated.js';
import { losses as graphLosses } from './train/graph_losses.generated.js';
import { getRegularizationLoss, getRegularizationLosses } from './train/variable_scope.js';
/** tl.losses: the graph-aware losses plus tf.losses.get_regularization_loss(es). */
export const losses = { ...graphLosses, getRegularizationLoss, getRegularizationLosses };
import './graph/tensor_methods.js';
export * from './graph/index.js';

/** Selects the backend for new tensors and kernels. Resolves false when that backend is absent here. */
export function setBackend(name: string): Promise<boolean> {
  if (name === 'onnxruntime') {
    return Promise.reject(new BackendError(`setBackend: 'onnxruntime' serves whole ONNX models only (tl.onnx.load(model, {backend: 'onnxruntime'})); it runs no single ops`));
  }
  return ENGINE.setBackend(name);
}

export function getBackend(): string {
  return ENGINE.getBackend();
}

/** Names of the backends present (loaded), highest priority first. */
export function backends(): string[] {
  // 'onnxruntime' (a whole-model runner for tl.onnx.load, not a kernel backend) is listed when its package is found.
  return onnxRuntimeAvailable() ? [...ENGINE.backendNames(), 'onnxruntime'] : ENGINE.backendNames();
}

/** Resolves when every backend has finished loading (wasm compiles asynchronously in browsers). */
export function ready(): Promise<void> {
  return ENGINE.ready();
}

/** Runs fn preferring backend `device` ('/cpu:0' = native, '/wasm:0', '/gpu:0' = cuda, '/js:0'). */
export function device<T>(device: string, fn: () => T): T {
  const backend = deviceToBackend(device);
  // Graph nodes built inside fn are pinned to the device; eager kernels prefer it.
  const graph = getDefaultGraph();
  graph.deviceStack.push(backend);
  try {
    return ENGINE.withDevice(backend, fn);
  } finally {
    graph.deviceStack.pop();
  }
}

export function deviceToBackend(device: string): BackendName {
  const m = /^\/?(?:device:)?(cpu|gpu|wasm|js|native|cuda)(?::\d+)?$/i.exec(device.trim());
  if (!m) throw new ArgumentError(`device: unknown device string '${device}'; expected e.g. '/cpu:0', '/wasm:0', '/gpu:0', '/js:0'`);
  const kind = m[1]!.toLowerCase();
  return kind === 'cpu' ? 'native' : kind === 'gpu' ? 'cuda' : (kind as BackendName);
}

export function tidy<T>(fn: () => T): T {
  return ENGINE.tidy(fn);
}

export function keep<T extends Tensor>(t: T): T {
  return ENGINE.keep(t);
}

/** Disposes tensors (a tensor, an array, or an object of them). */
export function dispose(x: Tensor | Tensor[] | Record<string, Tensor>): void {
  const list = x instanceof Array ? x : 'dispose' in x && typeof x.dispose === 'function' ? [x as Tensor] : Object.values(x);
  for (const t of list) (t as Tensor).dispose();
}

export function memory() {
  return ENGINE.memory();
}

/**
 * tf.set_random_seed: restarts the eager global stream (eager random ops without a seed draw from it) and sets
 * the graph-level seed of the default graph (graph.seed), which random ops built in it afterwards pair with
 * their op-level seed: each new Session then repeats the same sequence of draws (docs/graph-mode.md).
 */
export function setRandomSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new ArgumentError(`setRandomSeed: 'seed' must be an integer, got ${String(seed)}`);
  ENGINE.rng = new Rng(seed);
  getDefaultGraph().seed = seed;
}

export { loadDigits, loadDiabetes } from './data/bundled.js';
export * as data from './data/index.js';
export * as datasets from './data/datasets.js';

/** TF's tf.errors: the typed errors, e.g. `catch (e) { if (e instanceof tl.errors.OutOfRangeError) ... }`. */
export const errors = {
  TensorlaneError: coreErrors.TensorlaneError,
  ShapeError: coreErrors.ShapeError,
  DTypeError: coreErrors.DTypeError,
  ArgumentError: coreErrors.ArgumentError,
  /** TF's InvalidArgumentError is tensorlane's ArgumentError. */
  InvalidArgumentError: coreErrors.ArgumentError,
  BackendError: coreErrors.BackendError,
  DisposedError: coreErrors.DisposedError,
  FileFormatError: coreErrors.FileFormatError,
  OutOfMemoryError: coreErrors.OutOfMemoryError,
  OutOfRangeError: coreErrors.OutOfRangeError,
  FailedPreconditionError,
} as const;

// Native CPU backend threads (process-wide pool; TL_NUM_THREADS sets the default).
export { setNumThreads, getNumThreads } from './backends/native/threads.js';
export * as train from './train/index.js';
export * as io from './io/index.js';
// TensorBoard: summary ops, FileWriter, the eager writer, readEvents.
export * as summary from './summary/index.js';
export * as onnx from './onnx/index.js';
setThreadSource(getNumThreads);
export * as initializers from './train/initializers.js';
// tf.get_variable / tf.variable_scope live at the top level in TF 1.x.
export { getVariable, variableScope } from './train/variable_scope.js';
export * as regularizers from './train/regularizers.js';
export * as layers from './layers/index.js';
// tf.nn's names (activations, convolutions, losses, embedding lookups, ...): src/nn/index.ts.
export * as nn from './nn/index.js';
export * as contrib from './layers/contrib_index.js';
export { argScope } from './layers/arg_scope.js';
export * as keras from './keras/index.js';
// tf.clip_by_global_norm / tf.clip_by_norm / tf.global_norm live at the top level in TF 1.x.
export { clipByNorm, clipByGlobalNorm, globalNorm } from './train/clip_ops.js';
export * as metrics from './train/metrics.js';
