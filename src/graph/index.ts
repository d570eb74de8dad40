/**
 * Graph mode (TF 1.x): graphs, placeholders, graph variables, sessions, symbolic gradients, control flow.
 * Importing this module also gives tensors `eval()` and graph variables `initializer`.
 */
import { Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import { getDefaultGraph, type Graph } from './graph.js';
import { Operation } from './operation.js';
import type { Feeds, Session } from './session.js';
import { getDefaultSession } from './session_registry.js';
import { initializerOf } from './variables.js';

export {
  Graph, GraphKeys, getDefaultGraph, resetDefaultGraph, disableEagerExecution, enableEagerExecution, executingEagerly,
} from './graph.js';
export type { GraphNode, RunContext } from './graph.js';
export { Operation } from './operation.js';
export { Session, InteractiveSession, FailedPreconditionError } from './session.js';
export type { Feeds, FeedValue, Fetch, SessionConfig, SessionOptions } from './session.js';
export { placeholder, placeholderWithDefault, constant } from './placeholder.js';
export {
  globalVariablesInitializer, localVariablesInitializer, localVariables, variablesInitializer, globalVariables, trainableVariables, variableNode, addStatefulNode,
} from './variables.js';
export { gradients } from './gradients.js';
export { cond, caseOf, caseOf as case, whileLoop, group, controlDependencies, noOp } from './control_flow.js';
export type { WhileOptions } from './control_flow.js';
export { getDefaultSession } from './session_registry.js';

declare module '../core/tensor.js' {
  interface Tensor {
    /** Graph mode: the value of this tensor in `sess` (or the default session). */
    eval(feeds?: Feeds, sess?: Session): Tensor;
  }
}

declare module '../core/variable.js' {
  interface Variable {
    /** Graph mode: the operation that sets the variable to its initial value. */
    readonly initializer: Operation;
  }
}

Tensor.prototype.eval = function (this: Tensor, feeds?: Feeds, sess?: Session): Tensor {
  return (sess ?? getDefaultSession('Tensor.eval')).run(this, feeds) as Tensor;
};

Object.defineProperty(Variable.prototype, 'initializer', {
  get(this: Variable) {
    return initializerOf(this);
  },
  configurable: true,
});

/** Adds `value` to the collection `key` of the default graph (tf.add_to_collection). */
export function addToCollection(key: string, value: unknown): void {
  getDefaultGraph().addToCollection(key, value);
}

/** The collection `key` of the default graph, optionally filtered by name prefix (tf.get_collection). */
export function getCollection<T = unknown>(key: string, scope?: string): T[] {
  return getDefaultGraph().getCollection<T>(key, scope);
}

/** Prefixes the names of nodes built inside fn with `name/` (tf.name_scope). */
export function nameScope<T>(name: string, fn: () => T, graph: Graph = getDefaultGraph()): T {
  const prev = graph.scopePrefix;
  const unique = graph.uniqueName(name).slice(prev.length);
  graph.scopePrefix = `${prev}${unique}/`;
  try {
    return fn();
  } finally {
    graph.scopePrefix = prev;
  }
}
