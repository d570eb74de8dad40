import { releaseTape } from '../core/autodiff.js';
import type { BackendName } from '../core/backend.js';
import { isDType, type TypedArray } from '../core/dtype.js';
import { ENGINE, type Tape } from '../core/engine.js';
import type { Rng } from '../core/random.js';
import { ArgumentError, BackendError, DTypeError, ShapeError, TensorlaneError, fmtShape } from '../core/errors.js';
import { Tensor, type NestedArray } from '../core/tensor.js';
import { convertToTensor, isTypedArray, makeTensorFrom } from '../core/tensor_util.js';
import { getDefaultGraph, nodeOf, type Graph, type GraphNode, type Region, type RunContext } from './graph.js';
import { Operation } from './operation.js';
import { pushDefaultSession, removeDefaultSession } from './session_registry.js';
import { shapeCompatible } from '../core/shape.js';

export type FeedValue = Tensor | TypedArray | NestedArray | number | boolean;
/** Feeds keyed by placeholder (a Map or [placeholder, value] pairs) or by tensor name ({ 'x': value }). */
export type Feeds = Map<Tensor | string, FeedValue> | [Tensor | string, FeedValue][] | Record<string, FeedValue>;
export type Fetch = Tensor | Operation | string | null | Fetch[] | { [key: string]: Fetch };

export interface SessionConfig {
  /** When a node's pinned device is absent: run it elsewhere with a notice (default) or throw. */
  allowSoftPlacement?: boolean;
  /** Log which backend each node runs on. */
  logDevicePlacement?: boolean;
}

export interface SessionOptions {
  graph?: Graph;
  /** Backend preferred for every node without a pinned device. */
  backend?: BackendName;
  config?: SessionConfig;
}

interface Plan {
  order: GraphNode[];
  /** Index in `order` of the last node reading each tensor. */
  lastUse: Map<Tensor, number>;
  needsTape: boolean;
}

type Target = { kind: 'tensor'; t: Tensor } | { kind: 'op'; node: GraphNode } | { kind: 'none' };

export class FailedPreconditionError extends TensorlaneError {}

/**
 * Executes graph nodes (TF 1.x `tf.Session`). A run prunes the graph to what the fetches need, orders it,
 * frees every intermediate after its last use, and caches the plan per (fetches, fed tensors). Variable values
 * live in the session. Results are tensors the caller owns (dispose them, or run inside tl.tidy).
 */
export class Session {
  readonly graph: Graph;
  readonly config: Required<SessionConfig>;
  readonly backend?: BackendName;
  private variables = new Map<GraphNode, Tensor>();
  private plans = new Map<string, Plan>();
  private closed = false;
  private noticed = new Set<string>();
  /** Each random-op node's stream in this session: successive runs continue it, a new session starts over. */
  private randomStreams = new Map<GraphNode, Rng>();

  constructor(opts: SessionOptions = {}) {
    this.graph = opts.graph ?? getDefaultGraph();
    this.backend = opts.backend;
    this.config = { allowSoftPlacement: opts.config?.allowSoftPlacement ?? true, logDevicePlacement: opts.config?.logDevicePlacement ?? false };
  }

  /** Computes fetches; the result mirrors their structure (tensors; null for operations). */
  run(fetches: Fetch, feeds?: Feeds): any {
    const { targets, rebuild, fed, owned, plan } = this.prepare(fetches, feeds);
    const ctx = this.context(plan, [], fed);
    const values = new Map<Tensor, Tensor>(fed);
    try {
      plan.order.forEach((node, i) => this.step(node, i, plan, values, ctx));
      return this.deliver(rebuild(this.collect(targets, values)));
    } finally {
      this.finish(values, owned, ctx);
    }
  }

  /**
   * Same as run, but yields to the event loop between nodes when a run takes long, so timers and I/O keep
   * going during training.
   */
  async runAsync(fetches: Fetch, feeds?: Feeds): Promise<any> {
    const { targets, rebuild, fed, owned, plan } = this.prepare(fetches, feeds);
    const ctx = this.context(plan, [], fed);
    const values = new Map<Tensor, Tensor>(fed);
    try {
      let last = performance.now();
      for (let i = 0; i < plan.order.length; i++) {
        // close() may run while this awaits: stop with that as the reason, not with whatever the freed state
        // (variables already disposed) would make the next node report.
        if (this.closed) throw new FailedPreconditionError('Session.runAsync: session closed while running');
        const node = plan.order[i]!;
        // Nodes with an off-thread variant (matMul on native) are awaited: the event loop runs meanwhile. Nodes
        // that only work asynchronously (a dataset iterator over an async source) are awaited wherever placed.
        if (node.runAsync && (node.attrs.asyncOnly === true || (!node.device && !this.backend))) {
          await this.stepAsync(node, i, plan, values, ctx);
          last = performance.now();
          continue;
        }
        this.step(node, i, plan, values, ctx);
        if (performance.now() - last > 8) {
          await new Promise<void>((r) => setImmediate(r));
          last = performance.now();
        }
      }
      if (this.closed) throw new FailedPreconditionError('Session.runAsync: session closed while running');
      return this.deliver(rebuild(this.collect(targets, values)));
    } finally {
      this.finish(values, owned, ctx);
    }
  }

  /** Results belong to the caller (reported to the leak-accounting hook when called from user code). */
  private deliver<T>(result: T): T {
    if (ENGINE.opDepth === 0) ENGINE.onUserResult?.(result);
    return result;
  }

  /** Frees the session's variable values. */
  close(): void {
    for (const v of this.variables.values()) ENGINE.disposeTensor(v);
    this.variables.clear();
    this.plans.clear();
    this.randomStreams.clear();
    this.closed = true;
    removeDefaultSession(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs fn with this session as the default (for t.eval() and op.run()). */
  asDefault<T>(fn: () => T): T {
    pushDefaultSession(this);
    try {
      return fn();
    } finally {
      removeDefaultSession(this);
    }
  }

  /** The session's current value of a graph variable (a copy the caller owns), or undefined. */
  variableValue(v: Tensor): Tensor | undefined {
    const val = this.variables.get(nodeOf(v));
    return val ? ENGINE.shareCopy(val) : undefined;
  }

  /** Sets a graph variable's value in this session (Saver.restore, Variable.load). Shape and dtype are checked. */
  setVariableValue(v: Tensor, value: Tensor): void {
    const node = nodeOf(v);
    if (node.type !== 'VariableV2') throw new ArgumentError(`setVariableValue: '${v.name}' is not a graph variable`);
    if (value.dtype !== v.dtype) throw new DTypeError(`setVariableValue: value for '${v.name}' is ${value.dtype}, variable is ${v.dtype}`);
    if (!shapeCompatible(v.shape, value.shape)) {
      throw new ShapeError(`setVariableValue: value for '${v.name}' has shape ${fmtShape(value.shape)}, variable has ${fmtShape(v.shape)}`);
    }
    this.context({ order: [], lastUse: new Map(), needsTape: false }).writeVariable(node, value);
  }

  /** Whether a graph variable has a value in this session. */
  isVariableInitialized(v: Tensor): boolean {
    return this.variables.has(nodeOf(v));
  }

  // ---- preparation ----------------------------------------------------------------------------------

  private prepare(fetches: Fetch, feeds?: Feeds) {
    if (this.closed) throw new TensorlaneError('Session.run: the session is closed');
    const targets: Target[] = [];
    const rebuild = this.flattenFetches(fetches, targets);
    const { fed, owned } = this.convertFeeds(feeds);
    try {
      return this.planFor(targets, rebuild, fed, owned);
    } catch (e) {
      for (const t of owned) t.dispose();
      throw e;
    }
  }

  private planFor(targets: Target[], rebuild: (vals: (Tensor | null)[]) => any, fed: Map<Tensor, Tensor>, owned: Tensor[]) {
    const key = targets.map((t) => (t.kind === 'tensor' ? `t${t.t.id}` : t.kind === 'op' ? `o${t.node.id}` : '-')).join(',') +
      '|' + [...fed.keys()].map((t) => t.id).sort((a, b) => a - b).join(',');
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.makePlan(targets, fed);
      this.plans.set(key, plan);
    }
    return { targets, rebuild, fed, owned, plan };
  }

  private flattenFetches(fetches: Fetch, targets: Target[]): (vals: (Tensor | null)[]) => any {
    const resolve = (f: Fetch): Target => {
      if (f === null) return { kind: 'none' };
      if (typeof f === 'string') {
        const t = this.graph.getTensorByName(f);
        if (t && /:\d+$/.test(f)) return { kind: 'tensor', t };
        const node = this.graph.getNodeByName(f);
        if (node) return node.outputs.length > 0 ? { kind: 'tensor', t: node.outputs[0]! } : { kind: 'op', node };
        throw new ArgumentError(`Session.run: no tensor or operation named '${f}' in the graph`);
      }
      if (f instanceof Operation) {
        if (f.graph !== this.graph) throw new ArgumentError(`Session.run: operation '${f.name}' belongs to another graph`);
        return { kind: 'op', node: f.node };
      }
      if (f instanceof Tensor) {
        if (f.graphRef && f.graphRef.graph !== this.graph) throw new ArgumentError(`Session.run: tensor '${f.name}' belongs to another graph`);
        return { kind: 'tensor', t: f };
      }
      throw new ArgumentError(`Session.run: cannot fetch ${typeof f}`);
    };
    const rec = (f: Fetch): ((vals: (Tensor | null)[]) => any) => {
      if (Array.isArray(f)) {
        const parts = f.map(rec);
        return (vals) => parts.map((p) => p(vals));
      }
      if (f && typeof f === 'object' && !(f instanceof Tensor) && !(f instanceof Operation)) {
        const entries = Object.entries(f).map(([k, v]) => [k, rec(v)] as const);
        return (vals) => Object.fromEntries(entries.map(([k, p]) => [k, p(vals)]));
      }
      const i = targets.length;
      targets.push(resolve(f));
      return (vals) => vals[i] ?? null;
    };
    return rec(fetches);
  }

  private convertFeeds(feeds?: Feeds): { fed: Map<Tensor, Tensor>; owned: Tensor[] } {
    const fed = new Map<Tensor, Tensor>();
    const owned: Tensor[] = [];
    if (!feeds) return { fed, owned };
    const pairs: [Tensor | string, FeedValue][] =
      feeds instanceof Map ? [...feeds.entries()] : Array.isArray(feeds) ? feeds : Object.entries(feeds);
    for (const [key, value] of pairs) {
      const target = typeof key === 'string' ? this.graph.getTensorByName(key) : key;
      if (!target) throw new ArgumentError(`Session.run: feed key '${String(key)}' names no tensor in the graph`);
      if (!(target instanceof Tensor) || !target.graphRef) throw new ArgumentError('Session.run: feed keys must be graph tensors (placeholders)');
      if (target.graphRef.graph !== this.graph) throw new ArgumentError(`Session.run: fed tensor '${target.name}' belongs to another graph`);
      let v: Tensor;
      try {
        v = this.feedValue(target, value);
      } catch (e) {
        for (const t of owned) t.dispose();
        throw e;
      }
      owned.push(v);
      fed.set(target, v);
    }
    return { fed, owned };
  }

  /** Converts and checks one fed value against its placeholder; always a fresh tensor the run owns. */
  private feedValue(target: Tensor, value: FeedValue): Tensor {
    const where = `Session.run: feed for '${target.name}'`;
    let t: Tensor;
    if (value instanceof Tensor) {
      if (value.isSymbolic) throw new ArgumentError(`${where}: a symbolic tensor cannot be fed; feed a concrete value`);
      if (value.dtype !== target.dtype) throw new DTypeError(`${where}: value is ${value.dtype}, placeholder is ${target.dtype}`);
      // A fresh tensor per fed placeholder (sharing the data) keeps gradient identities distinct.
      t = ENGINE.shareCopy(value);
    } else if (isTypedArray(value) && target.shape.length !== 1) {
      t = makeTensorFrom(where, 'value', value, resolveFlatShape(where, target.shape, value.length), target.dtype);
    } else {
      if (isDType(target.dtype) && typeof value === 'boolean' && target.dtype !== 'bool') {
        throw new DTypeError(`${where}: boolean value for a ${target.dtype} placeholder`);
      }
      t = convertToTensor(value as NestedArray, 'value', where, target.dtype);
      if (t.dtype !== target.dtype) {
        const d = t.dtype;
        t.dispose();
        throw new DTypeError(`${where}: value is ${d}, placeholder is ${target.dtype}`);
      }
    }
    if (!shapeCompatible(target.shape, t.shape)) {
      const s = fmtShape(t.shape);
      t.dispose();
      throw new ShapeError(`${where}: value has shape ${s}, placeholder expects ${fmtShape(target.shape)}`);
    }
    return t;
  }

  private makePlan(targets: Target[], fed: Map<Tensor, Tensor>): Plan {
    const order: GraphNode[] = [];
    const state = new Map<GraphNode, 1 | 2>();
    const visit = (node: GraphNode) => {
      const s = state.get(node);
      if (s === 2) return;
      if (s === 1) throw new TensorlaneError(`Session.run: the graph has a cycle through '${node.name}'`);
      state.set(node, 1);
      for (const t of node.inputs) if (!fed.has(t)) visit(nodeOf(t));
      for (const c of node.controlInputs) visit(c);
      state.set(node, 2);
      order.push(node);
    };
    for (const t of targets) {
      if (t.kind === 'op') visit(t.node);
      else if (t.kind === 'tensor' && t.t.graphRef && !fed.has(t.t)) visit(nodeOf(t.t));
    }
    for (const n of order) {
      if (n.region) throw new ArgumentError(`Session.run: '${n.name}' is inside a cond/while body and cannot be fetched from outside it`);
    }
    const lastUse = new Map<Tensor, number>();
    order.forEach((n, i) => n.inputs.forEach((t) => lastUse.set(t, i)));
    for (const t of targets) if (t.kind === 'tensor') lastUse.set(t.t, Infinity);
    return { order, lastUse, needsTape: order.some((n) => n.type === 'Gradients') };
  }

  // ---- execution ------------------------------------------------------------------------------------

  /**
   * The run context. `retired` collects variable values replaced during the run: the run may still hold them
   * (a fetch of the variable next to its update), so they are freed when the run ends; outside a run
   * (setVariableValue) they are freed at once.
   */
  private context(plan: Plan, retired?: Tensor[], fed?: Map<Tensor, Tensor>): RunContext & { retired?: Tensor[] } {
    const sess = this;
    const tape: Tape | undefined = plan.needsTape ? { nodes: [] } : undefined;
    return {
      tape,
      retired,
      fed,
      recording: !!tape,
      readVariable(node) {
        const v = sess.variables.get(node);
        if (!v) throw new FailedPreconditionError(`Attempting to use uninitialized value ${node.name} (run its initializer or tl.globalVariablesInitializer() first)`);
        return v;
      },
      writeVariable(node, value) {
        const old = sess.variables.get(node);
        const copy = ENGINE.shareCopy(value);
        copy.kept = true;
        sess.variables.set(node, copy);
        if (old) {
          if (retired) retired.push(old);
          else ENGINE.disposeTensor(old);
        }
      },
      isInitialized(node) {
        return sess.variables.has(node);
      },
      randomStream(node, make) {
        let rng = sess.randomStreams.get(node);
        if (!rng) sess.randomStreams.set(node, (rng = make()));
        return rng;
      },
      evalRegion(_region: Region, outputs: Tensor[], bindings: Map<Tensor, Tensor>): Tensor[] {
        return sess.evalSub(outputs, bindings, this);
      },
    };
  }

  /** Evaluates tensors of a branch/loop region given bound values (no pruning cache: regions are small). */
  evalSub(outputs: Tensor[], bindings: Map<Tensor, Tensor>, ctx: RunContext): Tensor[] {
    const values = new Map(bindings);
    const order: GraphNode[] = [];
    const seen = new Set<GraphNode>();
    const visit = (node: GraphNode) => {
      if (seen.has(node)) return;
      seen.add(node);
      for (const t of node.inputs) if (!values.has(t)) visit(nodeOf(t));
      for (const c of node.controlInputs) visit(c);
      order.push(node);
    };
    for (const t of outputs) if (t.graphRef && !values.has(t)) visit(nodeOf(t));
    const created: Tensor[] = [];
    for (const node of order) {
      const ins = node.inputs.map((t) =>
        nodeOf(t).type === 'VariableV2' && !values.has(t) && !ctx.fed?.has(t) ? ctx.readVariable(nodeOf(t)) : values.get(t) ?? ctx.fed!.get(t)!,
      );
      const outs = this.execNode(node, ins, ctx);
      node.outputs.forEach((o, k) => {
        values.set(o, outs[k]!);
        created.push(outs[k]!);
      });
    }
    const result = outputs.map((t) => (t.graphRef ? values.get(t)! : t));
    const keep = new Set(result);
    for (const t of created) if (!keep.has(t) && !t.kept) ENGINE.disposeTensor(t);
    return result;
  }

  private step(node: GraphNode, i: number, plan: Plan, values: Map<Tensor, Tensor>, ctx: RunContext): void {
    const outs = this.execNode(node, this.inputsOf(node, values, ctx), ctx);
    this.storeOutputs(node, i, plan, values, outs);
  }

  /** The concrete inputs of a node in this run. */
  private inputsOf(node: GraphNode, values: Map<Tensor, Tensor>, ctx: RunContext): Tensor[] {
    return node.inputs.map((t) => {
      // Variables are read when consumed, so a reader ordered after an assignment (control dependencies)
      // sees the new value, as TF's reference semantics give; a fed tensor (a variable included) takes the
      // fed value.
      const producer = nodeOf(t);
      const v = producer.type === 'VariableV2' && !ctx.fed?.has(t) ? ctx.readVariable(producer) : values.get(t);
      if (!v) throw new TensorlaneError(`Session.run: value of '${t.name}' is missing for '${node.name}'`);
      return v;
    });
  }

  /** Records a node's outputs and frees what no later node reads. */
  private storeOutputs(node: GraphNode, i: number, plan: Plan, values: Map<Tensor, Tensor>, outs: Tensor[]): void {
    node.outputs.forEach((o, k) => {
      if (values.has(o)) {
        // A fed output overrides what the node computed.
        if (!outs[k]!.kept) outs[k]!.dispose();
        return;
      }
      values.set(o, outs[k]!);
      if (!plan.lastUse.has(o) && !outs[k]!.kept) {
        outs[k]!.dispose();
        values.delete(o);
      }
    });
    for (const t of node.inputs) {
      if (plan.lastUse.get(t) === i) {
        const v = values.get(t);
        if (v && !v.kept) v.dispose();
        values.delete(t);
      }
    }
  }

  /** step() for a node with an off-thread variant; the run's tape is on the stack only while JS runs. */
  private async stepAsync(node: GraphNode, i: number, plan: Plan, values: Map<Tensor, Tensor>, ctx: RunContext): Promise<void> {
    const inputs = this.inputsOf(node, values, ctx);
    const outs = await onRunTape(ctx, () => node.runAsync!(ctx, inputs));
    this.checkOutputs(node, outs);
    this.storeOutputs(node, i, plan, values, outs);
  }

  /** Runs one node eagerly on its backend; checks its outputs against the static shapes. */
  private execNode(node: GraphNode, inputs: Tensor[], ctx: RunContext): Tensor[] {
    const device = this.placement(node);
    const exec = () => ENGINE.tidy(() => node.run(ctx, inputs));
    const outs = onRunTape(ctx, () => (device ? ENGINE.withDevice(device, exec) : exec()));
    this.checkOutputs(node, outs);
    return outs;
  }

  private checkOutputs(node: GraphNode, outs: Tensor[]): void {
    if (outs.length !== node.outputs.length) {
      throw new TensorlaneError(`Session.run: node '${node.name}' produced ${outs.length} outputs, expected ${node.outputs.length}`);
    }
    outs.forEach((o, k) => {
      const s = node.outputs[k]!;
      if (o.dtype !== s.dtype || !shapeCompatible(s.shape, o.shape)) {
        throw new ShapeError(`Session.run: node '${node.name}' output ${k} is ${o.dtype}${fmtShape(o.shape)}, graph says ${s.dtype}${fmtShape(s.shape)}`);
      }
    });
  }

  private placement(node: GraphNode): BackendName | undefined {
    const want = node.device ?? this.backend;
    if (!want) {
      if (this.config.logDevicePlacement) console.log(`${node.name} (${node.type}): ${ENGINE.getBackend()}`);
      return undefined;
    }
    if (ENGINE.getBackendInstance(want)) {
      if (this.config.logDevicePlacement) console.log(`${node.name} (${node.type}): ${want}`);
      return want;
    }
    if (!this.config.allowSoftPlacement) {
      throw new BackendError(`Session.run: node '${node.name}' is pinned to '${want}', which is not available here (allowSoftPlacement is false)`);
    }
    if (!this.noticed.has(node.name)) {
      this.noticed.add(node.name);
      console.warn(`tensorlane: node '${node.name}' asked for '${want}', not available; running on '${ENGINE.getBackend()}'`);
    }
    return undefined;
  }

  private collect(targets: Target[], values: Map<Tensor, Tensor>): (Tensor | null)[] {
    return targets.map((t) => {
      if (t.kind !== 'tensor') return null;
      const v = t.t.graphRef ? values.get(t.t) : t.t;
      if (!v) throw new TensorlaneError(`Session.run: '${t.t.name}' was not computed`);
      // The caller owns what it gets: a copy (sharing data) of anything the session keeps or shares.
      return ENGINE.shareCopy(v);
    });
  }

  private finish(values: Map<Tensor, Tensor>, owned: Tensor[], ctx: { tape?: Tape; retired?: Tensor[] }): void {
    for (const v of values.values()) if (!v.kept && !v.isDisposed) v.dispose();
    for (const v of ctx.retired ?? []) ENGINE.disposeTensor(v);
    for (const t of owned) if (!t.isDisposed) t.dispose();
    if (ctx.tape) releaseTape(ctx.tape);
  }
}

/** The shape for a flat typed array fed to a placeholder with at most one unknown dim. */
function resolveFlatShape(where: string, shape: readonly number[], length: number): number[] {
  const unknown = shape.filter((d) => d < 0).length;
  const known = shape.reduce((a, d) => (d < 0 ? a : a * d), 1);
  if (unknown > 1) throw new ShapeError(`${where}: a flat typed array cannot fill shape ${fmtShape(shape)} with several unknown dims; pass a tensor`);
  if (unknown === 0) return [...shape];
  if (known === 0 || length % known !== 0) throw new ShapeError(`${where}: ${length} values do not fit shape ${fmtShape(shape)}`);
  return shape.map((d) => (d < 0 ? length / known : d));
}

/** A session that makes itself the default (for t.eval() and op.run() without a session). */
/**
 * Runs fn with the run's tape recording (pushed once: region nodes run nested inside their cond/while node).
 * An async fn finds the tape on the stack only in its synchronous part (runKernelAsync keeps the tapes it
 * started under).
 */
function onRunTape<T>(ctx: RunContext, fn: () => T): T {
  const push = !!ctx.tape && !ENGINE.tapes.includes(ctx.tape);
  if (push) ENGINE.tapes.push(ctx.tape!);
  try {
    return fn();
  } finally {
    if (push) ENGINE.tapes.splice(ENGINE.tapes.lastIndexOf(ctx.tape!), 1);
  }
}

export class InteractiveSession extends Session {
  constructor(opts: SessionOptions = {}) {
    super(opts);
    pushDefaultSession(this);
  }
}
