/**
 * tfjs-style chaining: `x.add(y).relu().sum()`. Each method calls the public (graph-aware) op with the tensor
 * as its first argument, so chains work eagerly and on symbolic tensors alike.
 */
import { Tensor } from '../core/tensor.js';
import * as ops from './graph_ops.generated.js';

const METHODS = [
  'abs', 'acos', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'atan', 'broadcastTo', 'cast', 'ceil',
  'clipByValue', 'clone', 'cos', 'cosh', 'cumsum', 'div', 'dot', 'elu', 'equal', 'erf', 'exp', 'expandDims',
  'expm1', 'flatten', 'floor', 'floorDiv', 'gather', 'greater', 'greaterEqual', 'isFinite', 'isNaN', 'leakyRelu',
  'less', 'lessEqual', 'log', 'log1p', 'logSoftmax', 'logSumExp', 'logicalAnd', 'logicalNot', 'logicalOr',
  'matMul', 'max', 'maximum', 'mean', 'min', 'minimum', 'mod', 'mul', 'neg', 'norm', 'notEqual', 'oneHot', 'pad',
  'pow', 'prelu', 'prod', 'reciprocal', 'relu', 'relu6', 'reshape', 'reverse', 'round', 'rsqrt', 'selu',
  'sigmoid', 'sign', 'sin', 'sinh', 'slice', 'softmax', 'softplus', 'split', 'sqrt', 'square',
  'squaredDifference', 'squeeze', 'stridedSlice', 'sub', 'sum', 'tan', 'tanh', 'tile', 'transpose', 'unstack',
] as const;

type Ops = typeof ops;
type MethodName = (typeof METHODS)[number];
type AsMethod<F> = F extends (first: never, ...rest: infer R) => infer O ? (...rest: R) => O : never;

declare module '../core/tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends TensorMethods {}
}

export type TensorMethods = { [K in MethodName]: AsMethod<Ops[K]> };

for (const name of METHODS) {
  const op = (ops as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  if (typeof op !== 'function') throw new Error(`tensor_methods: op '${name}' is not exported`);
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return op(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
