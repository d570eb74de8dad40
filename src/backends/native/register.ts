import { ENGINE } from '../../core/engine.js';
import * as K from '../../core/kernel_names.js';
import type { KernelFn, TensorInfo } from '../../core/backend.js';
import { NativeBackend } from './backend_native.js';
import type { NativeBinding } from './binding.js';
import { loadNativeBinding } from './loader.js';
import { kernels as coreKernels, anyDType } from './kernels/core.js';
import { matMul, matMulAsyncKernel } from './kernels/MatMul.js';
import { binaryKernel, unaryKernel } from './kernels/elementwise.js';
import { reduceKernel } from './kernels/reduce.js';
import { softmaxCrossEntropyWithLogits, softmaxKernel } from './kernels/Softmax.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './kernels/conv2d.js';
import { avgPool, avgPoolGrad, maxPool, maxPoolGrad } from './kernels/pool.js';
import { applyAdagrad, applyAdam, applyGradientDescent, applyMomentum, applyRMSProp } from './kernels/apply.js';
import { kernels as intBoolKernels, supports as intBoolSupports } from './kernels/int_bool.js';
import { fusedBatchNorm, fusedBatchNormGrad } from './kernels/batch_norm.js';
import { basicRNN, basicRNNGrad, gruBlock, gruBlockGrad, lstmBlock, lstmBlockGrad } from './kernels/rnn.js';

/** Native priority: cuda 4, native 3, wasm 2, js 1. */
export const NATIVE_PRIORITY = 3;

let loaded: { binding: NativeBinding; file: string } | null = null;

/** The loaded addon, or null when the native backend is absent (TL_DISABLE_NATIVE, no binary, load error). */
export function nativeBinding(): NativeBinding | null {
  return loaded?.binding ?? null;
}

const UNARY = [
  K.Neg, K.Abs, K.Square, K.Sqrt, K.Rsqrt, K.Reciprocal, K.Exp, K.Expm1, K.Log, K.Log1p, K.Tanh, K.Sigmoid, K.Relu,
  K.Relu6, K.Elu, K.Selu, K.Softplus, K.Floor, K.Ceil, K.Round, K.Sign, K.LeakyRelu, K.Step, K.Sin, K.Cos, K.Tan,
  K.Asin, K.Acos, K.Atan, K.Sinh, K.Cosh, K.Erf,
];
const BINARY = [K.Add, K.Sub, K.Mul, K.RealDiv, K.Maximum, K.Minimum, K.SquaredDifference, K.Pow, K.Atan2, K.FloorDiv, K.FloorMod];
const REDUCE = [K.Sum, K.Mean, K.Max, K.Min];

function nativeKernels(): [string, KernelFn][] {
  return [
    ...coreKernels,
    [K.MatMul, matMul],
    ...UNARY.map((k): [string, KernelFn] => [k, unaryKernel(k)]),
    ...BINARY.map((k): [string, KernelFn] => [k, binaryKernel(k)]),
    ...REDUCE.map((k): [string, KernelFn] => [k, reduceKernel(k)]),
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
    // rnn family: a cell is the sequence kernel with T = 1.
    [K.LSTMBlockCell, lstmBlock],
    [K.LSTMBlockSequence, lstmBlock],
    [K.LSTMBlockCellGrad, lstmBlockGrad],
    [K.LSTMBlockSequenceGrad, lstmBlockGrad],
    [K.GRUBlockCell, gruBlock],
    [K.GRUBlockSequence, gruBlock],
    [K.GRUBlockCellGrad, gruBlockGrad],
    [K.GRUBlockSequenceGrad, gruBlockGrad],
    [K.BasicRNNCell, basicRNN],
    [K.BasicRNNSequence, basicRNN],
    [K.BasicRNNCellGrad, basicRNNGrad],
    [K.BasicRNNSequenceGrad, basicRNNGrad],
    // train family: optimizer updates.
    [K.ApplyGradientDescent, applyGradientDescent],
    [K.ApplyMomentum, applyMomentum],
    [K.ApplyAdam, applyAdam],
    [K.ApplyRMSProp, applyRMSProp],
    [K.ApplyAdagrad, applyAdagrad],
    // norm family: fused batch normalization.
    [K.FusedBatchNorm, fusedBatchNorm],
    [K.FusedBatchNormGrad, fusedBatchNormGrad],
    // int32 / bool: comparisons, logical ops, Select, Cast (replaces the core list's js Cast).
    ...intBoolKernels,
  ];
}

const allF32 = (inputs: readonly TensorInfo[]) => inputs.every((t) => t.dtype === 'float32');

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
  const list = nativeKernels();
  ENGINE.registerBackend('native', () => {
    const b = new NativeBackend(binding, file);
    for (const [k] of list) b.supportFns.set(k, intBoolSupports.get(k) ?? (anyDType.has(k) ? () => true : allF32));
    b.asyncKernels.set(K.MatMul, matMulAsyncKernel);
    return b;
  }, NATIVE_PRIORITY);
  for (const [name, fn] of list) ENGINE.registerKernel(name, 'native', fn);
}
