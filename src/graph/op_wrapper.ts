import { Tensor as TensorClass, type Tensor } from '../core/tensor.js';
import { ENGINE } from '../core/engine.js';
import { matMulAsync } from '../ops/matmul.js';
import { Rng, rngFromSeeds, withRandomStream } from '../core/random.js';
import { getDefaultGraph, inGraphMode, type Graph, type GraphNode } from './graph.js';
import { collectSymbolic, commonGraph, dryRun, flattenResult, rebuildResult, setStaticValue, substitute } from './symbolic.js';

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
    // A random op is a stateful node in graph mode even with no symbolic input (TF 1.x: each run draws anew).
    if (inputs.length === 0 && opName in RANDOM_OPS && inGraphMode()) {
      return addOpNode(opName, fn as unknown as (...a: unknown[]) => unknown, args, inputs);
    }
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
  const graph = inputs.length > 0 ? commonGraph(opName, inputs) : getDefaultGraph();
  // Concrete tensors among the arguments become the graph's own (a kept copy sharing the data), so a tidy or a
  // dispose in user code cannot free what a later run needs.
  const args = captureConcrete(rawArgs);
  const seedOf = RANDOM_OPS[opName];
  if (seedOf) return addRandomNode(graph, opName, fn, args, inputs, seedOf(args));
  const { template, outputs, values } = dryRun(opName, fn, args, inputs);
  const node: GraphNode = graph.addNode({
    type: nodeTypeOf(opName),
    inputs,
    outputs,
    stateful: false,
    run: (_ctx, vals) => {
      const map = new Map<Tensor, Tensor>();
      inputs.forEach((t, i) => map.set(t, vals[i]!));
      return flattenResult(fn(...substitute(args, map))).tensors;
    },
  });
  values.forEach((v, i) => v && setStaticValue(node.outputs[i]!, v));
  nodeCalls.set(node, { opName, args });
  const asyncFn = ASYNC_VARIANTS[opName];
  if (asyncFn) {
    node.runAsync = async (_ctx, vals) => {
      const map = new Map<Tensor, Tensor>();
      inputs.forEach((t, i) => map.set(t, vals[i]!));
      return flattenResult(await asyncFn(...substitute(args, map))).tensors;
    };
  }
  return rebuildResult(template, node.outputs);
}

/**
 * A random op's node. Its (graph seed, op seed) pair is fixed now, from the graph's seed at build time (TF 1.x);
 * each Session gives the node its own stream from that pair on its first run, and later runs continue it, so
 * runs differ while a new session (or the same graph built again) repeats the sequence. Without any seed the
 * stream is seeded nondeterministically. Building draws nothing (a throwaway stream serves the dry run).
 */
function addRandomNode(graph: Graph, opName: string, fn: (...a: unknown[]) => unknown, args: unknown[], inputs: Tensor[], opSeed: number | undefined): unknown {
  const { template, outputs } = withRandomStream(new Rng(0), () => dryRun(opName, fn, args, inputs));
  const seeds = graph.randomSeeds(opSeed);
  const makeStream = () => (seeds ? rngFromSeeds(seeds[0], seeds[1]) : new Rng((Math.random() * 2 ** 32) >>> 0));
  const node: GraphNode = graph.addNode({
    type: nodeTypeOf(opName),
    inputs,
    outputs,
    stateful: true,
    attrs: seeds ? { seed: seeds[0], seed2: seeds[1] } : {},
    run: (ctx, vals) => {
      const map = new Map<Tensor, Tensor>();
      inputs.forEach((t, i) => map.set(t, vals[i]!));
      return withRandomStream(ctx.randomStream(node, makeStream), () => flattenResult(fn(...substitute(args, map))).tensors);
    },
  });
  nodeCalls.set(node, { opName, args });
  return rebuildResult(template, node.outputs);
}
/** The public op and arguments each op node (random ones too) was built from (read by tl.onnx.export). */
export const nodeCalls = new WeakMap<GraphNode, { opName: string; args: unknown[] }>();

/** Ops with an off-thread variant (same arguments) that Session.runAsync awaits. */
const ASYNC_VARIANTS: Record<string, (...a: unknown[]) => Promise<unknown>> = {
  matMul: matMulAsync as (...a: unknown[]) => Promise<unknown>,
};

/** A seed given as an argument, if it is a number (a bad one is the op's own error, in the dry run). */
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const optSeed = (o: unknown): number | undefined => (o && typeof o === 'object' ? num((o as { seed?: unknown }).seed) : undefined);

/**
 * Random ops: stateful nodes (never folded or cached; each run draws anew), built in graph mode even without a
 * symbolic input. Each entry finds the op-level seed among the op's arguments.
 */
const RANDOM_OPS: Record<string, (args: unknown[]) => number | undefined> = {
  randomNormal: (a) => num(a[4]),
  truncatedNormal: (a) => num(a[4]),
  randomUniform: (a) => num(a[4]),
  randomShuffle: (a) => num(a[1]),
  dropout: (a) => optSeed(a[2]),
  multinomial: (a) => optSeed(a[2]),
  randomCrop: (a) => optSeed(a[2]),
};

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

/**
 * Frees the concrete tensors the op nodes of a throwaway graph captured (a scratch graph built only to learn
 * shapes); running that graph afterwards is an error.
 */
export function releaseCapturedConstants(graph: Graph): void {
  const visit = (x: unknown): void => {
    if (x instanceof TensorClass) {
      if (!x.graphRef && x.kept && !x.isDisposed) ENGINE.disposeTensor(x);
    } else if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(visit);
  };
  for (const node of graph.nodes) visit(nodeCalls.get(node)?.args);
}

function keptCopy(t: Tensor): Tensor {
  t.throwIfDisposed('graph');
  const c = ENGINE.shareCopy(t);
  c.kept = true;
  return c;
}
