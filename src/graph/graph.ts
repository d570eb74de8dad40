import { DataHandle, type Backend, type BackendName } from '../core/backend.js';
import type { DType, TypedArray } from '../core/dtype.js';
import { ArgumentError, TensorlaneError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import type { Tape } from '../core/engine.js';
import type { Rng } from '../core/random.js';

/**
 * A Graph holds the nodes that graph-mode code builds (TF 1.x style). A node is one call of a public op (or a
 * placeholder, variable, assignment, gradient, control-flow construct) with its symbolic inputs; a Session
 * executes nodes by calling the same op eagerly on concrete values, so graph results equal eager results and
 * gradients come from the same registry (recorded on a tape during the run).
 */

/** Runs a node given the concrete values of its symbolic inputs; returns its outputs (in order). */
export type NodeRunner = (ctx: RunContext, inputs: Tensor[]) => Tensor[];

/** What a node sees of the running session. */
export interface RunContext {
  /** The session's current value of a variable node (throws if uninitialized). */
  readVariable(node: GraphNode): Tensor;
  /** Replaces a variable's value (the session keeps the tensor). */
  writeVariable(node: GraphNode, value: Tensor): void;
  isInitialized(node: GraphNode): boolean;
  /** Evaluates symbolic tensors of a sub-region (cond branches, loop bodies) with extra bindings. */
  evalRegion(region: Region, outputs: Tensor[], bindings: Map<Tensor, Tensor>): Tensor[];
  /** The tape recording this run, when the plan computes gradients. */
  readonly tape?: Tape;
  /** Values fed for this run (placeholders, or any tensor the caller overrides). */
  readonly fed?: Map<Tensor, Tensor>;
  readonly recording: boolean;
  /** The session's random stream of a random-op node, made by `make` on the node's first run in the session. */
  randomStream(node: GraphNode, make: () => Rng): Rng;
}

/** A set of nodes built inside a branch or loop body: run only by the node that owns the region. */
export interface Region {
  id: number;
  parent?: Region;
}

export interface GraphNode {
  id: number;
  name: string;
  /** Node type, e.g. 'MatMul', 'Placeholder', 'VariableV2', 'Assign', 'Gradients', 'NoOp'. */
  type: string;
  /** Symbolic tensors this node reads, in order. */
  inputs: Tensor[];
  /** Nodes that must run first (tl.controlDependencies, tl.group). */
  controlInputs: GraphNode[];
  outputs: Tensor[];
  run: NodeRunner;
  /** An off-thread variant Session.runAsync may await instead of `run` (e.g. matMul on native). */
  runAsync?: (ctx: RunContext, inputs: Tensor[]) => Promise<Tensor[]>;
  /** Backend the node is pinned to (tl.device). */
  device?: BackendName;
  region?: Region;
  /** Extra facts for display (attrs, shapes). */
  attrs: Record<string, unknown>;
  /** Marks nodes with side effects or fresh randomness per run (assignments, updates, dropout), for display. */
  stateful: boolean;
}

/** Pseudo-backend under symbolic tensors: they have no data, and reading one explains why. */
class SymbolicStorage implements Backend {
  readonly name = 'js' as const;
  write(): never {
    throw new TensorlaneError('symbolic tensors hold no data');
  }
  readSync(): TypedArray {
    throw new TensorlaneError('this tensor is symbolic (graph mode): evaluate it with sess.run(t) or t.eval()');
  }
  read(): Promise<TypedArray> {
    return Promise.reject(new TensorlaneError('this tensor is symbolic (graph mode): evaluate it with sess.run(t) or t.eval()'));
  }
  free(): void {}
  adopt(): void {
    throw new TensorlaneError('symbolic tensors cannot move between backends');
  }
}
const SYMBOLIC = new SymbolicStorage();

/** Makes a symbolic tensor (not counted in tl.memory()). Unknown dims are -1. */
export function makeSymbolic(graph: Graph, node: GraphNode, index: number, shape: number[], dtype: DType): Tensor {
  const t = new Tensor(new DataHandle(SYMBOLIC, 0), shape, dtype);
  t.graphRef = { graph, node, index };
  t.name = index === 0 ? node.name : `${node.name}:${index}`;
  t.kept = true;
  return t;
}

export function nodeOf(t: Tensor): GraphNode {
  if (!t.graphRef) throw new ArgumentError(`tensor is not symbolic`);
  return t.graphRef.node as GraphNode;
}

export function graphOf(t: Tensor): Graph {
  return t.graphRef!.graph as Graph;
}

export const GraphKeys = {
  GLOBAL_VARIABLES: 'variables',
  TRAINABLE_VARIABLES: 'trainable_variables',
  LOCAL_VARIABLES: 'local_variables',
  METRIC_VARIABLES: 'metric_variables',
  REGULARIZATION_LOSSES: 'regularization_losses',
  UPDATE_OPS: 'update_ops',
  MOVING_AVERAGE_VARIABLES: 'moving_average_variables',
  SUMMARIES: 'summaries',
  LOSSES: 'losses',
  GLOBAL_STEP: 'global_step',
} as const;

/** TF's DEFAULT_GRAPH_SEED, used when only an op-level seed is given. */
const DEFAULT_GRAPH_SEED = 87654321;

let nextNodeId = 1;
let nextRegionId = 1;

export class Graph {
  readonly nodes: GraphNode[] = [];
  private names = new Map<string, number>();
  private collections = new Map<string, unknown[]>();
  /** Current name scope prefix ('' or 'a/b/'). */
  scopePrefix = '';
  deviceStack: BackendName[] = [];
  controlStack: GraphNode[][] = [];
  regionStack: Region[] = [];
  /**
   * Graph-level random seed (tf.set_random_seed / graph.seed): with it, every random op built afterwards draws a
   * reproducible sequence in each new Session. Read when a random op is built, as in TF 1.x.
   */
  seed: number | undefined = undefined;

  /**
   * The (graph seed, op seed) pair of a random op built now, by TF 1.x's rules: both given → both; only the graph
   * seed → the op seed is the graph's node count (so the same graph built twice pairs its ops alike); only the
   * op seed → the graph seed is TF's default 87654321; neither → null (a nondeterministic stream).
   */
  randomSeeds(opSeed: number | undefined): [number, number] | null {
    if (this.seed === undefined) return opSeed === undefined ? null : [DEFAULT_GRAPH_SEED, opSeed];
    return [this.seed, opSeed ?? this.nodes.length];
  }

  /** A unique node name under the current name scope: name, name_1, name_2, ... */
  uniqueName(base: string, applyScope = true): string {
    const full = (applyScope ? this.scopePrefix : '') + base;
    const n = this.names.get(full);
    if (n === undefined && !this.names.has(full)) {
      this.names.set(full, 1);
      return full;
    }
    let k = n ?? 1;
    while (this.names.has(`${full}_${k}`)) k++;
    this.names.set(full, k + 1);
    this.names.set(`${full}_${k}`, 1);
    return `${full}_${k}`;
  }

  hasName(name: string): boolean {
    return this.names.has(name);
  }

  /** Adds a node whose outputs have the given static shapes/dtypes. */
  addNode(spec: {
    type: string;
    name?: string;
    inputs: Tensor[];
    outputs: { shape: number[]; dtype: DType }[];
    run: NodeRunner;
    attrs?: Record<string, unknown>;
    stateful?: boolean;
    controlInputs?: GraphNode[];
  }): GraphNode {
    for (const t of spec.inputs) {
      if (t.graphRef && t.graphRef.graph !== this) {
        throw new ArgumentError(`${spec.type}: input '${t.name}' belongs to another graph`);
      }
    }
    const node: GraphNode = {
      id: nextNodeId++,
      name: this.uniqueName(spec.name ?? spec.type),
      type: spec.type,
      inputs: spec.inputs,
      controlInputs: [...(spec.controlInputs ?? []), ...this.controlStack.flat()],
      outputs: [],
      run: spec.run,
      device: this.deviceStack[this.deviceStack.length - 1],
      region: this.regionStack[this.regionStack.length - 1],
      attrs: spec.attrs ?? {},
      stateful: spec.stateful ?? false,
    };
    node.outputs = spec.outputs.map((o, i) => makeSymbolic(this, node, i, o.shape, o.dtype));
    this.nodes.push(node);
    return node;
  }

  getNodeByName(name: string): GraphNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** 'name' or 'name:0' → the symbolic tensor. */
  getTensorByName(name: string): Tensor | undefined {
    const m = /^(.*?)(?::(\d+))?$/.exec(name)!;
    const node = this.getNodeByName(m[1]!);
    return node?.outputs[m[2] ? Number(m[2]) : 0];
  }

  addToCollection(key: string, value: unknown): void {
    let c = this.collections.get(key);
    if (!c) this.collections.set(key, (c = []));
    c.push(value);
  }

  getCollection<T = unknown>(key: string, scope?: string): T[] {
    const c = (this.collections.get(key) ?? []) as T[];
    if (!scope) return [...c];
    return c.filter((v) => {
      const name = (v as { name?: string }).name;
      return typeof name === 'string' && name.startsWith(scope);
    });
  }

  /** Removes every occurrence of `value` from a collection (a layer that keeps its updates out of UPDATE_OPS). */
  removeFromCollection(key: string, value: unknown): void {
    const c = this.collections.get(key);
    if (c) this.collections.set(key, c.filter((v) => v !== value));
  }

  clearCollection(key: string): void {
    this.collections.delete(key);
  }

  /** Runs fn with this graph as the default graph (graph mode inside fn). */
  asDefault<T>(fn: () => T): T {
    graphStack.push(this);
    try {
      return fn();
    } finally {
      graphStack.pop();
    }
  }

  /** Runs fn with nodes built inside it belonging to a new region (a branch or loop body). */
  inRegion<T>(fn: (region: Region) => T): [T, Region] {
    const region: Region = { id: nextRegionId++, parent: this.regionStack[this.regionStack.length - 1] };
    this.regionStack.push(region);
    try {
      return [fn(region), region];
    } finally {
      this.regionStack.pop();
    }
  }
}

const graphStack: Graph[] = [];
let defaultGraph = new Graph();
let eagerDisabled = false;

/** The innermost graph set by graph.asDefault, or the global default graph. */
export function getDefaultGraph(): Graph {
  return graphStack[graphStack.length - 1] ?? defaultGraph;
}

/** Replaces the global default graph with a new empty one (tf.reset_default_graph). */
export function resetDefaultGraph(): void {
  if (graphStack.length > 0) throw new TensorlaneError('resetDefaultGraph: not allowed inside graph.asDefault()');
  defaultGraph = new Graph();
}

/**
 * Graph mode is on inside graph.asDefault(fn) and after tl.disableEagerExecution(): there, new Variables are
 * graph variables. Ops build nodes whenever an input is symbolic, in either mode.
 */
export function inGraphMode(): boolean {
  return eagerDisabled || graphStack.length > 0;
}

/** TF 1.x behaviour for the whole program: Variables become graph variables in the default graph. */
export function disableEagerExecution(): void {
  eagerDisabled = true;
}

export function enableEagerExecution(): void {
  eagerDisabled = false;
}

export function executingEagerly(): boolean {
  return !inGraphMode();
}
