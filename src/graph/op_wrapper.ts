import { Tensor as TensorClass, type Tensor } from '../core/tensor.js';
import { ENGINE } from '../core/engine.js';
import { matMulAsync } from '../ops/matmul.js';
import type { GraphNode } from './graph.js';
import { collectSymbolic, commonGraph, dryRun, flattenResult, rebuildResult, substitute } from './symbolic.js';

/** 'matMul' -> 'MatMul' (TF-style node type). */
export function nodeTypeOf(opName: string): string {
  return opName.charAt(0).toUpperCase() + opName.slice(1);
}

/**
 * Makes a public op graph-aware: with concrete arguments it computes at once (one scan of the arguments is the
 * whole cost); with any symbolic argument it adds one node to that graph and returns symbolic outputs of the
 * same structure (tensor, array or object of tensors).
 */
export function graphAware<F extends (...args: never[]) => unknown>(opName: string, fn: F): F {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const inputs = collectSymbolic(args);
    // Eager: one scope per op call, so tensors the op makes from JS values (or a composite op's intermediates)
    // are freed when it returns, as tfjs's op() does.
    if (inputs.length === 0) {
      ENGINE.opDepth++;
      let r: unknown;
      try {
        r = ENGINE.tidyApply(fn as unknown as (...a: unknown[]) => unknown, this, args);
      } finally {
        ENGINE.opDepth--;
      }
      if (ENGINE.opDepth === 0) ENGINE.onUserResult?.(r);
      return r;
    }
    return addOpNode(opName, fn as unknown as (...a: unknown[]) => unknown, args, inputs);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name || opName });
  return wrapped as unknown as F;
}

export function addOpNode(opName: string, fn: (...a: unknown[]) => unknown, rawArgs: unknown[], inputs: Tensor[]): unknown {
  const graph = commonGraph(opName, inputs);
  // Concrete tensors among the arguments become the graph's own (a kept copy sharing the data), so a tidy or a
  // dispose in user code cannot free what a later run needs.
  const args = captureConcrete(rawArgs);
  const { template, outputs } = dryRun(opName, fn, args, inputs);
  const node: GraphNode = graph.addNode({
    type: nodeTypeOf(opName),
    inputs,
    outputs,
    stateful: STATEFUL_OPS.has(opName),
    run: (_ctx, values) => {
      const map = new Map<Tensor, Tensor>();
      inputs.forEach((t, i) => map.set(t, values[i]!));
      return flattenResult(fn(...substitute(args, map))).tensors;
    },
  });
  nodeCalls.set(node, { opName, args });
  const asyncFn = ASYNC_VARIANTS[opName];
  if (asyncFn) {
    node.runAsync = async (_ctx, values) => {
      const map = new Map<Tensor, Tensor>();
      inputs.forEach((t, i) => map.set(t, values[i]!));
      return flattenResult(await asyncFn(...substitute(args, map))).tensors;
    };
  }
  return rebuildResult(template, node.outputs);
}

/** The public op and arguments each op node was built from (read by exporters such as tl.onnx.export). */
export const nodeCalls = new WeakMap<GraphNode, { opName: string; args: unknown[] }>();

/** Ops with an off-thread variant (same arguments) that Session.runAsync awaits. */
const ASYNC_VARIANTS: Record<string, (...a: unknown[]) => Promise<unknown>> = {
  matMul: matMulAsync as (...a: unknown[]) => Promise<unknown>,
};

/** Ops whose result changes from run to run with the same inputs (never folded or cached). */
const STATEFUL_OPS = new Set(['dropout', 'randomNormal', 'truncatedNormal', 'randomUniform', 'randomShuffle']);

/** A copy of args in which every concrete tensor is replaced by a kept copy sharing its data. */
export function captureConcrete<T>(args: T): T {
  const map = new Map<Tensor, Tensor>();
  const visit = (x: unknown): void => {
    if (x instanceof TensorClass) {
      if (!x.graphRef && !map.has(x)) map.set(x, keptCopy(x));
    } else if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(visit);
  };
  visit(args);
  return map.size > 0 ? substitute(args, map) : args;
}

function keptCopy(t: Tensor): Tensor {
  t.throwIfDisposed('graph');
  const c = ENGINE.shareCopy(t);
  c.kept = true;
  return c;
}
