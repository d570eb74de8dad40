/**
 * Variable sharing (tf.variable_scope / tf.get_variable) and the global step, in graph and eager mode.
 *
 * A variable made by getVariable is named `<scope path>/<name>` (independent of name scopes, as in TF) and is kept
 * in a store: one per graph in graph mode, one process-wide registry in eager mode. Whether getVariable creates
 * or returns an existing variable is decided by the enclosing scope's `reuse`: false (create; an existing name is
 * an error), true (return; a missing name is an error) or 'auto' (tf.AUTO_REUSE: either). Reuse is inherited by
 * nested scopes, and true cannot be turned off inside.
 *
 * Regularization: a variable's regularizer loss goes to the REGULARIZATION_LOSSES collection of its graph (graph
 * mode, a symbolic tensor that follows the variable in every run) or, eagerly, is recomputed from the variable's
 * current value by getRegularizationLosses().
 */
import type { DType } from '../core/dtype.js';
import { isDType, isFloatDType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import { shapesEqual } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { Variable } from '../core/variable.js';
import { GraphKeys, getDefaultGraph, inGraphMode, type Graph } from '../graph/graph.js';
import { nameScope } from '../graph/index.js';
import { add, cast, scalar } from '../graph/graph_ops.generated.js';
import { glorotUniform, zeros, type Initializer } from './initializers.js';
import type { Constraint, Regularizer } from './regularizers.js';

export type Reuse = boolean | 'auto';

export interface VariableScopeOptions {
  /** true: only existing variables; 'auto': existing or new; false/undefined: inherit (new ones by default). */
  reuse?: Reuse | null;
  /** Default initializer for getVariable calls inside. */
  initializer?: Initializer;
  /** Default regularizer for getVariable calls inside (null: none). */
  regularizer?: Regularizer | null;
  /** Default dtype for getVariable calls inside. */
  dtype?: DType;
  /** With a null name: the scope is named defaultName, made unique (defaultName_1, ...) when already used. */
  defaultName?: string;
}

export interface GetVariableOptions {
  /** Required for a new variable made by an initializer function. */
  shape?: readonly number[];
  dtype?: DType;
  /** An initializer (shape, dtype) => Tensor, or the initial value itself (a tensor, number or array). */
  initializer?: Initializer | TensorLike;
  /** null disables the scope's regularizer for this variable. */
  regularizer?: Regularizer | null;
  /** Applied by optimizers after each update (see constraintOf). */
  constraint?: Constraint;
  trainable?: boolean;
}

/** The state of one `variableScope` call (what TF's `with tf.variable_scope(...) as scope` gives). */
export class VariableScope {
  /** Graph mode: the name scope prefix opened with this scope ('' eagerly); re-entering the scope reuses it. */
  originalNameScope = '';

  constructor(
    /** Full path, '' for the root scope. */
    readonly name: string,
    public reuse: Reuse,
    public initializer?: Initializer,
    public regularizer?: Regularizer | null,
    public dtype?: DType,
  ) {}

  /** From here on, getVariable in this scope (and scopes opened inside it) returns existing variables. */
  reuseVariables(): void {
    this.reuse = true;
  }
}

interface StoreEntry {
  variable: Variable;
  regularizer?: Regularizer;
}

/** Variables made by getVariable, by full name, and how many times each scope name was opened. */
interface Store {
  vars: Map<string, StoreEntry>;
  scopeCounts: Map<string, number>;
  /** Eager only: regularization terms, recomputed from current values on request. */
  eagerRegularizers: { name: string; variable: Variable; compute: () => Tensor }[];
  globalStep?: Variable;
}

const newStore = (): Store => ({ vars: new Map(), scopeCounts: new Map(), eagerRegularizers: [] });
const graphStores = new WeakMap<Graph, Store>();
let eagerStore = newStore();

function currentStore(): Store {
  if (!inGraphMode()) return eagerStore;
  const g = getDefaultGraph();
  let s = graphStores.get(g);
  if (!s) graphStores.set(g, (s = newStore()));
  return s;
}

const ROOT = new VariableScope('', false);
const scopeStack: VariableScope[] = [];

/** The innermost open variable scope (the root scope, named '', outside every variableScope). */
export function getVariableScope(): VariableScope {
  return scopeStack[scopeStack.length - 1] ?? ROOT;
}

/**
 * Runs fn inside a variable scope (tf.variable_scope): getVariable names get the prefix `name/`, and in graph
 * mode ops built inside get a name scope `name` (made unique: name_1, ... when reopened, as TF does). `name` may
 * be a VariableScope captured earlier: it is reopened with the same full name and name scope.
 *   variableScope('layer1', () => ...)
 *   variableScope('layer1', { reuse: true }, (scope) => ...)
 */
export function variableScope<T>(name: string | VariableScope | null, fn: (scope: VariableScope) => T): T;
export function variableScope<T>(name: string | VariableScope | null, opts: VariableScopeOptions, fn: (scope: VariableScope) => T): T;
export function variableScope<T>(
  name: string | VariableScope | null,
  optsOrFn: VariableScopeOptions | ((scope: VariableScope) => T),
  maybeFn?: (scope: VariableScope) => T,
): T {
  const op = 'variableScope';
  const opts: VariableScopeOptions = typeof optsOrFn === 'function' ? {} : optsOrFn ?? {};
  const fn = typeof optsOrFn === 'function' ? optsOrFn : maybeFn;
  if (typeof fn !== 'function') throw new ArgumentError(`${op}: the last argument must be a function (scope) => result`);
  const reuseOpt = opts.reuse ?? undefined;
  if (reuseOpt !== undefined && reuseOpt !== true && reuseOpt !== false && reuseOpt !== 'auto') {
    throw new ArgumentError(`${op}: 'reuse' must be true, false or 'auto', got ${String(reuseOpt)}`);
  }
  if (opts.dtype !== undefined && !isDType(opts.dtype)) throw new DTypeError(`${op}: unknown dtype '${String(opts.dtype)}'`);
  const parent = getVariableScope();
  const store = currentStore();
  let full: string;
  let nameScopeName: string | null;
  let reopened: VariableScope | null = null;
  if (name instanceof VariableScope) {
    reopened = name;
    full = name.name;
    nameScopeName = null;
  } else if (name === null || name === undefined) {
    const base = opts.defaultName;
    if (typeof base !== 'string' || base === '' || base.includes('/')) {
      throw new ArgumentError(`${op}: with a null name, 'defaultName' must be a non-empty name without '/', got ${String(base)}`);
    }
    const prefix = parent.name ? `${parent.name}/` : '';
    let candidate = base;
    for (let k = 1; (store.scopeCounts.get(prefix + candidate) ?? 0) > 0; k++) candidate = `${base}_${k}`;
    full = prefix + candidate;
    nameScopeName = candidate;
  } else {
    if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.endsWith('/')) {
      throw new ArgumentError(`${op}: 'name' must be a non-empty scope name (not starting or ending with '/'), got '${String(name)}'`);
    }
    full = parent.name ? `${parent.name}/${name}` : name;
    nameScopeName = name;
  }
  // reuse=true is sticky; 'auto' is inherited unless set; false means "inherit".
  const own: Reuse = reuseOpt ?? (reopened ? reopened.reuse : false);
  const reuse: Reuse = parent.reuse === true || own === true ? true : own === 'auto' || (own === false && parent.reuse === 'auto') ? 'auto' : false;
  const scope = new VariableScope(
    full,
    reuse,
    opts.initializer ?? reopened?.initializer ?? parent.initializer,
    opts.regularizer !== undefined ? opts.regularizer : reopened ? reopened.regularizer : parent.regularizer,
    opts.dtype ?? reopened?.dtype ?? parent.dtype,
  );
  store.scopeCounts.set(full, (store.scopeCounts.get(full) ?? 0) + 1);
  const body = (): T => {
    scopeStack.push(scope);
    try {
      return fn(scope);
    } finally {
      scopeStack.pop();
      // As TF's close_variable_subscopes: leaving a scope opened by name forgets the counts of the scopes opened
      // inside it, so reopening it (e.g. with reuse) names unnamed layers 'dense', ... again and finds their variables.
      if (!reopened) for (const k of store.scopeCounts.keys()) if (k.startsWith(`${full}/`)) store.scopeCounts.set(k, 0);
    }
  };
  if (!inGraphMode()) return body();
  const graph = getDefaultGraph();
  if (reopened) {
    // Reopen exactly the name scope the captured scope had (TF's original_name_scope).
    const prev = graph.scopePrefix;
    graph.scopePrefix = reopened.originalNameScope;
    scope.originalNameScope = reopened.originalNameScope;
    try {
      return body();
    } finally {
      graph.scopePrefix = prev;
    }
  }
  return nameScope(nameScopeName!, () => {
    scope.originalNameScope = graph.scopePrefix;
    return body();
  }, graph);
}

/**
 * A scope name for a new object called `base` in the current variable scope: base, base_1, ... skipping names
 * of scopes already opened here (TF's unique layer names), and reserved so the next call gets the next one.
 */
export function uniqueScopeName(base: string): string {
  const store = currentStore();
  const parent = getVariableScope();
  const prefix = parent.name ? `${parent.name}/` : '';
  let candidate = base;
  for (let k = 1; (store.scopeCounts.get(prefix + candidate) ?? 0) > 0; k++) candidate = `${base}_${k}`;
  store.scopeCounts.set(prefix + candidate, 1);
  return candidate;
}

/**
 * Builds fn's nodes at the top of `graph`: no name scope (getVariable names are absolute), no control
 * dependencies and outside any cond/while body, as TF's init_scope does for variables.
 */
function atGraphTop<T>(graph: Graph, prefix: string, fn: () => T): T {
  const saved = { prefix: graph.scopePrefix, control: graph.controlStack, regions: graph.regionStack };
  graph.scopePrefix = prefix;
  graph.controlStack = [];
  graph.regionStack = [];
  try {
    return fn();
  } finally {
    graph.scopePrefix = saved.prefix;
    graph.controlStack = saved.control;
    graph.regionStack = saved.regions;
  }
}

const constraints = new WeakMap<Variable, Constraint>();

/** Gives v a constraint that optimizers apply after each update (for variables not made by getVariable). */
export function setConstraint(v: Variable, c: Constraint): void {
  constraints.set(v, c);
}

/** The constraint given to getVariable for v (optimizers apply it after each update), if any. */
export function constraintOf(v: Variable): Constraint | undefined {
  return constraints.get(v);
}

/**
 * tf.get_variable: the variable `<scope>/<name>` of the current variable scope, created (with `initializer`,
 * default the scope's, else glorotUniform for floats and zeros otherwise) or returned as the scope's reuse says.
 */
export function getVariable(name: string, opts: GetVariableOptions = {}): Variable {
  const op = 'getVariable';
  if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.endsWith('/')) {
    throw new ArgumentError(`${op}: 'name' must be a non-empty variable name (not starting or ending with '/'), got '${String(name)}'`);
  }
  if (opts.dtype !== undefined && !isDType(opts.dtype)) throw new DTypeError(`${op}: unknown dtype '${String(opts.dtype)}'`);
  if (opts.shape !== undefined && !Array.isArray(opts.shape)) throw new ShapeError(`${op}: 'shape' must be an array of dimensions, got ${String(opts.shape)}`);
  const scope = getVariableScope();
  const full = scope.name ? `${scope.name}/${name}` : name;
  const store = currentStore();
  let entry = store.vars.get(full);
  if (entry && entry.variable.isDisposed) {
    store.vars.delete(full);
    entry = undefined;
  }
  if (entry) {
    if (scope.reuse === false) {
      throw new ArgumentError(`Variable ${full} already exists, disallowed. Did you mean to set reuse=true or reuse='auto' in variableScope?`);
    }
    const v = entry.variable;
    if (opts.shape !== undefined && !shapesEqual(v.shape, opts.shape)) {
      throw new ShapeError(`${op}: trying to share variable ${full}, but specified shape ${fmtShape(opts.shape)} and found shape ${fmtShape(v.shape)}`);
    }
    const dtype = opts.dtype;
    if (dtype !== undefined && dtype !== v.dtype) {
      throw new DTypeError(`${op}: trying to share variable ${full}, but specified dtype ${dtype} and found dtype ${v.dtype}`);
    }
    return v;
  }
  if (scope.reuse === true) {
    throw new ArgumentError(`Variable ${full} does not exist, or was not created with getVariable(). Did you mean to set reuse='auto' in variableScope?`);
  }
  const { value, owned } = initialValue(full, opts, scope);
  const trainable = opts.trainable ?? true;
  let v: Variable;
  if (inGraphMode()) {
    const graph = getDefaultGraph();
    v = atGraphTop(graph, '', () => new Variable(value, { name: full, trainable, dtype: value.dtype }));
  } else {
    try {
      v = new Variable(value, { name: full, trainable, dtype: value.dtype });
    } finally {
      if (owned) value.dispose();
    }
  }
  // The scope's default regularizer skips int/bool variables (counters); one given to getVariable always applies.
  const regularizer = opts.regularizer !== undefined ? opts.regularizer ?? undefined : isFloatDType(v.dtype) ? scope.regularizer ?? undefined : undefined;
  store.vars.set(full, { variable: v, regularizer });
  if (opts.constraint) constraints.set(v, opts.constraint);
  if (regularizer) addRegularizer(v, regularizer, full);
  return v;
}

/** The new variable's initial value in the right dtype and shape; `owned` when getVariable made it. */
function initialValue(full: string, opts: GetVariableOptions, scope: VariableScope): { value: Tensor; owned: boolean } {
  const op = 'getVariable';
  const init = opts.initializer ?? scope.initializer;
  if (init !== undefined && typeof init !== 'function') {
    // The initial value itself (a tensor, possibly symbolic, or JS values).
    const t = convertToTensor(init as TensorLike, 'initializer', op, opts.dtype ?? scope.dtype);
    if (opts.shape !== undefined && !shapesEqual(t.shape, opts.shape)) {
      throw new ShapeError(`${op}: variable ${full} has shape ${fmtShape(opts.shape)} but its initial value has shape ${fmtShape(t.shape)}`);
    }
    const dtype = opts.dtype ?? t.dtype;
    if (t.dtype === dtype) return { value: t, owned: !(init instanceof Tensor) };
    return { value: cast(t, dtype), owned: !t.isSymbolic };
  }
  if (opts.shape === undefined) {
    throw new ShapeError(`${op}: the shape of a new variable (${full}) must be given when its initializer is a function`);
  }
  const dtype: DType = opts.dtype ?? scope.dtype ?? 'float32';
  const fn = (init as Initializer | undefined) ?? (isFloatDType(dtype) ? glorotUniform() : zeros());
  const t = fn(opts.shape, dtype);
  if (!(t instanceof Tensor)) throw new ArgumentError(`${op}: the initializer of ${full} did not return a tensor`);
  if (!shapesEqual(t.shape, opts.shape) || t.dtype !== dtype) {
    t.dispose();
    throw new ShapeError(`${op}: the initializer of ${full} returned ${t.dtype} ${fmtShape(t.shape)}, expected ${dtype} ${fmtShape(opts.shape)}`);
  }
  return { value: t, owned: true };
}

/**
 * Registers regularizer(v) as a regularization loss: in graph mode the symbolic loss goes to the graph's
 * REGULARIZATION_LOSSES collection (built under `<name>/Regularizer/`); eagerly the term is recomputed from v's
 * current value by getRegularizationLosses(). Layers use this for their kernel and bias regularizers.
 */
export function addRegularizer(v: Variable, regularizer: Regularizer, name: string = v.name): void {
  if (v.isSymbolic) {
    const graph = v.graphRef!.graph as Graph;
    const loss = atGraphTop(graph, '', () => nameScope(`${name}/Regularizer`, () => regularizer(v), graph));
    graph.addToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
    return;
  }
  eagerStore.eagerRegularizers.push({ name, variable: v, compute: () => regularizer(v) });
}

/**
 * The regularization losses (tf.losses.get_regularization_losses), optionally only those whose name starts with
 * `scope`. Graph mode: the symbolic tensors of the default graph's collection. Eager: freshly computed tensors
 * (the caller owns them) from the variables' current values; variables disposed since are dropped.
 */
export function getRegularizationLosses(scope?: string): Tensor[] {
  if (inGraphMode()) return getDefaultGraph().getCollection<Tensor>(GraphKeys.REGULARIZATION_LOSSES, scope);
  const live = eagerStore.eagerRegularizers.filter((r) => !r.variable.isDisposed);
  eagerStore.eagerRegularizers = live;
  return live.filter((r) => !scope || r.name.startsWith(scope)).map((r) => r.compute());
}

/** The sum of the regularization losses (tf.losses.get_regularization_loss); a float32 0 when there are none. */
export function getRegularizationLoss(scope?: string, name = 'total_regularization_loss'): Tensor {
  if (inGraphMode()) {
    const losses = getRegularizationLosses(scope);
    if (losses.length === 0) return scalar(0, 'float32');
    return nameScope(name, () => losses.reduce((a, b) => add(a, b)));
  }
  return ENGINE.tidy(() => {
    const losses = getRegularizationLosses(scope);
    return losses.length === 0 ? scalar(0, 'float32') : losses.reduce((a, b) => add(a, b));
  });
}

/** The global step variable, or null when none was made (tf.train.get_global_step). */
export function getGlobalStep(graph?: Graph): Variable | null {
  if (graph || inGraphMode()) {
    const g = graph ?? getDefaultGraph();
    const inCollection = g.getCollection<Variable>(GraphKeys.GLOBAL_STEP)[0];
    if (inCollection) return inCollection;
    return g.getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES).find((v) => v.name === 'global_step') ?? null;
  }
  const v = eagerStore.globalStep;
  return v && !v.isDisposed ? v : null;
}

/**
 * The global step (tf.train.get_or_create_global_step): an int64 scalar, non-trainable variable named
 * 'global_step', starting at 0. Graph mode: in the GLOBAL_STEP and GLOBAL_VARIABLES collections of the graph
 * (initialize it with the other variables). Eager: one process-wide variable.
 */
export function getOrCreateGlobalStep(graph?: Graph): Variable {
  const existing = getGlobalStep(graph);
  if (existing) return existing;
  if (graph || inGraphMode()) {
    const g = graph ?? getDefaultGraph();
    const v = g.asDefault(() => atGraphTop(g, '', () => new Variable(scalar(0, 'int64'), { name: 'global_step', trainable: false, dtype: 'int64' })));
    g.addToCollection(GraphKeys.GLOBAL_STEP, v);
    return v;
  }
  const init = scalar(0, 'int64');
  const v = new Variable(init, { name: 'global_step', trainable: false, dtype: 'int64' });
  init.dispose();
  eagerStore.globalStep = v;
  return v;
}

/**
 * Forgets every eager variable made by getVariable, their regularizers and the eager global step (disposing
 * them when `dispose`), so names can be created again. Graph stores belong to their graphs and go with them.
 */
export function resetEagerVariableStore(dispose = false): void {
  if (dispose) {
    for (const { variable } of eagerStore.vars.values()) variable.dispose();
    eagerStore.globalStep?.dispose();
  }
  eagerStore = newStore();
}
