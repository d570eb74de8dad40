/**
 * Activations by name ('relu', Keras's 'hard_sigmoid' or 'hardSigmoid', ...) or as functions (tl.relu, any
 * x => y). Layers keep the function and serialize it back to its name; a custom function has no name to
 * serialize and getConfig refuses it (as Keras needs custom_objects).
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import * as ops from '../graph/graph_ops.generated.js';
import { toCamelCase } from './serialization.js';

export type ActivationFn = (x: Tensor) => Tensor;
export type ActivationIdentifier = string | ActivationFn | ((x: TensorLike) => Tensor) | null;

/** The identity ('linear' in Keras, activation=None in TF). */
export const linear: ActivationFn = (x) => x;

const TABLE: Record<string, ActivationFn> = {
  linear,
  relu: ops.relu,
  relu6: ops.relu6,
  elu: ops.elu,
  selu: ops.selu,
  sigmoid: ops.sigmoid,
  tanh: ops.tanh,
  softmax: (x) => ops.softmax(x, -1),
  logSoftmax: (x) => ops.logSoftmax(x, -1),
  softplus: ops.softplus,
  softsign: ops.softsign,
  hardSigmoid: ops.hardSigmoid,
  swish: ops.swish,
  silu: ops.silu,
  gelu: (x) => ops.gelu(x),
  exponential: ops.exp,
  leakyRelu: (x) => ops.leakyRelu(x),
};

/** Functions users pass (tl.relu, tl.nn-style names) mapped back to their names for serialization. */
const NAMES = new Map<unknown, string>();
for (const [name, fn] of Object.entries(TABLE)) if (!NAMES.has(fn)) NAMES.set(fn, name);
NAMES.set(ops.softmax, 'softmax');
NAMES.set(ops.logSoftmax, 'logSoftmax');
NAMES.set(ops.gelu, 'gelu');
NAMES.set(ops.leakyRelu, 'leakyRelu');

/** The activation function for a name or function; null/undefined is linear. */
export function getActivation(id: ActivationIdentifier | undefined, where = 'activation'): ActivationFn {
  if (id === null || id === undefined) return linear;
  if (typeof id === 'function') return id as ActivationFn;
  if (typeof id !== 'string') throw new ArgumentError(`${where}: an activation must be a name or a function, got ${String(id)}`);
  const fn = TABLE[toCamelCase(id)];
  if (!fn) throw new ArgumentError(`${where}: unknown activation '${id}'; known: ${Object.keys(TABLE).join(', ')}`);
  return fn;
}

/** The name of an activation for getConfig ('linear' for the identity). */
export function serializeActivation(fn: ActivationFn, where = 'activation'): string {
  const name = NAMES.get(fn);
  if (!name) {
    throw new ArgumentError(`${where}: a custom activation function cannot be serialized; give it by name (e.g. 'relu') or register it with registerActivation`);
  }
  return name;
}

/** Makes a custom activation available by name (for configs and model files). */
export function registerActivation(name: string, fn: ActivationFn): void {
  if (typeof name !== 'string' || name === '' || typeof fn !== 'function') {
    throw new ArgumentError(`registerActivation: expected a non-empty name and a function, got ${String(name)}, ${typeof fn}`);
  }
  TABLE[toCamelCase(name)] = fn;
  NAMES.set(fn, toCamelCase(name));
}
