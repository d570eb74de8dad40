/**
 * tl.train.Optimizer: the TF 1.x optimizer protocol in both modes.
 *
 * - Eager: `minimize(() => loss)` records the loss on a tape, differentiates it and updates the Variables in
 *   place (assign); it returns null (or the loss with `returnLoss`).
 * - Graph: `minimize(lossTensor)` adds tl.gradients and ONE stateful update node for all variables (plus the
 *   globalStep increment) and returns its Operation; running it in a Session updates the session's values.
 *
 * Each subclass writes its update rule once, as a pure function of concrete tensors (variable, gradient, slots,
 * hyperparameters -> new variable and slots). Both modes call that same function: eagerly on the Variables'
 * values, and in a graph inside the update node on the session's values. Slots are Variables (graph variables
 * named `<var>/<Optimizer>`, `<var>/<Optimizer>_1`, ... in GLOBAL_VARIABLES, like TF's slot variables).
 */
import type { DType } from '../../core/dtype.js';
import { isFloatDType } from '../../core/dtype.js';
import { ENGINE } from '../../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../../core/errors.js';
import { Tensor } from '../../core/tensor.js';
import { Variable } from '../../core/variable.js';
import { graphOf, inGraphMode, type Graph, type RunContext } from '../../graph/graph.js';
import type { Operation } from '../../graph/operation.js';
import { shapeCompatible } from '../../core/shape.js';
import { addStatefulNode, variableNode } from '../../graph/variables.js';
import * as raw from '../../ops/index.js';
import { eagerGradients, graphGradients, type Gradient } from './gradients.js';
import { dedupSlices, gatherRows, IndexedSlices, scatterRows, type DedupedSlices } from './indexed_slices.js';

/** A hyperparameter: a number, a scalar tensor (graph: placeholder, variable, schedule output), or a function
 * giving one (called every eager step; called once when a graph is built). */
export type HyperValue = number | Tensor | (() => number | Tensor);
export type LearningRate = HyperValue;

/** Concrete scalar tensors in the variable's dtype, keyed by hyperparameter name. */
export type Hyper = Record<string, Tensor>;
/** Concrete slot values keyed by slot name. */
export type Slots = Record<string, Tensor>;
/** What a rule returns: the new variable value and the new slot values. */
export interface Update {
  x: Tensor;
  slots: Slots;
}

export interface SlotSpec {
  /** Slot name for getSlot ('m', 'momentum', ...). */
  name: string;
  /** Initial value of every element. */
  init: number;
  /** Suffix of the slot variable's name (default: the optimizer's name). */
  varSuffix?: string;
}

export interface MinimizeOptions {
  /** Variables to update (default: eager, the trainable variables the loss reads; graph, TRAINABLE_VARIABLES). */
  varList?: Variable[];
  /** A scalar Variable incremented by 1 after the update. */
  globalStep?: Variable;
  /** Name of the update operation (graph). */
  name?: string;
  /** Eager only: return the loss value (the caller owns it) instead of null. */
  returnLoss?: boolean;
}

export interface ApplyOptions {
  globalStep?: Variable;
  name?: string;
}

export type GradAndVar = [Gradient, Variable];

/** Reads and writes variables: Variable.assign eagerly, the session's values during a graph run. */
export interface VarAccess {
  read(v: Variable): Tensor;
  write(v: Variable, value: Tensor): void;
}

const eagerAccess: VarAccess = {
  read: (v) => v,
  write: (v, value) => {
    v.assign(value);
  },
};

function graphAccess(ctx: RunContext): VarAccess {
  return {
    read: (v) => ctx.readVariable(variableNode(v)),
    write: (v, value) => ctx.writeVariable(variableNode(v), value),
  };
}

interface Item {
  v: Variable;
  g: Tensor | IndexedSlices;
}

export abstract class Optimizer {
  readonly name: string;
  private readonly hyper: Record<string, HyperValue>;
  private readonly slotVars = new Map<Variable, Map<string, Variable>>();
  /** Non-slot variables (Adam's beta powers), one set per graph (eager ones under the key 'eager'). */
  private readonly nonSlot = new Map<Graph | 'eager', Record<string, Variable>>();
  private readonly created: Variable[] = [];
  /**
   * True while an eager update runs: the fused Apply* kernels may then update variables and slots in place
   * (copy-on-write; see apply_kernels.ts). False in graph runs.
   */
  protected inPlace = false;

  protected constructor(name: string, hyper: Record<string, HyperValue>) {
    if (typeof name !== 'string' || name === '') throw new ArgumentError(`${new.target.name}: 'name' must be a non-empty string`);
    this.name = name;
    for (const [k, h] of Object.entries(hyper)) checkHyper(name, k, h);
    this.hyper = hyper;
  }

  /** Adds a hyperparameter after construction (a subclass extending another's set, as AdamW). */
  protected setHyper(name: string, value: HyperValue): void {
    checkHyper(this.name, name, value);
    this.hyper[name] = value;
  }

  // ---- what subclasses define -----------------------------------------------------------------------

  /** The slots each variable gets, in creation order. */
  protected abstract slotSpecs(): SlotSpec[];

  /** The dense update rule (pure: new tensors, no assignment). */
  protected abstract applyDense(x: Tensor, g: Tensor, slots: Slots, h: Hyper): Update;

  /**
   * The sparse update (TF's _apply_sparse, after duplicate indices are summed). Default: the dense rule on the
   * touched rows of the variable and its slots only, as TF's SparseApply* kernels do.
   */
  protected applySparse(x: Tensor, g: DedupedSlices, slots: Slots, h: Hyper): Update {
    const rows = this.applyDense(gatherRows(x, g.indices), g.values, mapValues(slots, (s) => gatherRows(s, g.indices)), h);
    return { x: scatterRows(x, g.indices, rows.x), slots: mapValues(rows.slots, (s, k) => scatterRows(slots[k]!, g.indices, s)) };
  }

  /** Non-slot variables (name -> initial value), created once per graph with the first variable's dtype. */
  protected nonSlotSpecs(): Record<string, number> {
    return {};
  }

  /** Extra per-step hyperparameters computed before any update (e.g. from non-slot variables). */
  protected stepValues(_access: VarAccess, _nonSlot: Record<string, Variable>): Record<string, Tensor> {
    return {};
  }

  /** Runs after every variable's update (Adam advances its beta powers here). */
  protected finish(_access: VarAccess, _nonSlot: Record<string, Variable>): void {}

  // ---- public API ---------------------------------------------------------------------------------

  /**
   * [gradient, variable] pairs. Eager: `loss` is a function returning a scalar; the gradients are tensors the
   * caller owns. Graph: `loss` is a symbolic scalar; the gradients are symbolic. A gradient is null when the loss
   * does not depend on the variable, and IndexedSlices when the variable is read only through gather (axis 0).
   */
  computeGradients(loss: Tensor | (() => Tensor), varList?: Variable[]): GradAndVar[] {
    const op = `${this.name}.computeGradients`;
    const sym = this.symbolicLoss(op, loss);
    if (sym) {
      const { vars, grads } = graphGradients(op, sym, varList);
      return vars.map((v, i) => [grads[i]!, v]);
    }
    const { value, vars, grads } = eagerGradients(op, loss as () => Tensor, varList);
    value.dispose();
    return vars.map((v, i) => [grads[i]!, v]);
  }

  /**
   * Applies gradients. Eager: updates the Variables (and slots) in place and returns null. Graph: returns the
   * Operation that does it when run. Pairs with a null gradient are skipped; all null is an error (as TF).
   */
  applyGradients(gradsAndVars: readonly GradAndVar[], opts: ApplyOptions = {}): Operation | null {
    const op = `${this.name}.applyGradients`;
    const items = this.checkPairs(op, gradsAndVars);
    const graphMode = items[0]!.v.isSymbolic;
    const gs = opts.globalStep;
    if (gs !== undefined && gs !== null) {
      if (!(gs instanceof Variable)) throw new ArgumentError(`${op}: 'globalStep' must be a Variable`);
      if (gs.rank !== 0) throw new ShapeError(`${op}: 'globalStep' must be a scalar, got ${fmtShape(gs.shape)}`);
      if (gs.dtype === 'bool') throw new DTypeError(`${op}: 'globalStep' must be numeric, got ${gs.dtype}`);
      if (gs.isSymbolic !== graphMode || (graphMode && graphOf(gs) !== graphOf(items[0]!.v))) {
        throw new ArgumentError(`${op}: 'globalStep' '${gs.name}' must live where the variables do (${graphMode ? 'the same graph' : 'eager'})`);
      }
    }
    for (const it of items) this.ensureSlots(it.v);
    const nonSlot = this.ensureNonSlot(items[0]!.v);
    if (!graphMode) {
      const resolved = this.resolveHyperEager(op);
      ENGINE.tidy(() => this.applyConcrete(eagerAccess, items, resolved, nonSlot, gs ?? undefined));
      return null;
    }
    return this.buildUpdateNode(op, items, nonSlot, gs ?? undefined, opts.name);
  }

  /** computeGradients + applyGradients. Graph: returns the update Operation. Eager: null (or the loss). */
  minimize(loss: Tensor | (() => Tensor), opts: MinimizeOptions = {}): Operation | Tensor | null {
    const op = `${this.name}.minimize`;
    const sym = this.symbolicLoss(op, loss);
    if (sym) {
      if (opts.returnLoss) throw new ArgumentError(`${op}: 'returnLoss' is for eager mode; fetch the loss tensor in the same Session.run`);
      const { vars, grads } = graphGradients(op, sym, opts.varList);
      return this.applyGradients(vars.map((v, i) => [grads[i]!, v]), { globalStep: opts.globalStep, name: opts.name });
    }
    const { value, vars, grads } = eagerGradients(op, loss as () => Tensor, opts.varList);
    try {
      this.applyGradients(vars.map((v, i) => [grads[i]!, v]), { globalStep: opts.globalStep });
    } catch (e) {
      value.dispose();
      throw e;
    } finally {
      for (const g of grads) g?.dispose();
    }
    if (opts.returnLoss) return value;
    value.dispose();
    return null;
  }

  /**
   * The learning rate ('lr' hyperparameter) as given: a number, a scalar tensor or a function. Settable, so
   * Keras callbacks (ReduceLROnPlateau, LearningRateScheduler) can change it between steps; a number set here
   * takes effect at the next eager step and at the next run of an already-built graph update node.
   */
  get learningRate(): HyperValue {
    return this.hyper.lr!;
  }

  set learningRate(value: HyperValue) {
    if (!('lr' in this.hyper)) throw new ArgumentError(`${this.name}: this optimizer has no learning rate`);
    checkHyper(`${this.name}.learningRate`, 'lr', value);
    this.hyper.lr = value;
  }

  /** The slot variable `name` of `v`, or null (before the first update, or an unknown name). */
  getSlot(v: Variable, name: string): Variable | null {
    return this.slotVars.get(v)?.get(name) ?? null;
  }

  /** Slot names, sorted (as TF's get_slot_names). */
  getSlotNames(): string[] {
    return this.slotSpecs().map((s) => s.name).sort();
  }

  /** Every variable this optimizer created (slots and non-slot variables), in creation order. */
  variables(): Variable[] {
    return [...this.created];
  }

  // ---- internals ----------------------------------------------------------------------------------

  /** The symbolic loss in graph mode (calling a loss function there), or null for eager. */
  private symbolicLoss(op: string, loss: Tensor | (() => Tensor)): Tensor | null {
    if (loss instanceof Tensor) {
      if (loss.isSymbolic) return loss;
      throw new ArgumentError(`${op}: in eager mode 'loss' must be a function returning a scalar tensor, not a computed tensor (it must be recorded to be differentiated)`);
    }
    if (typeof loss !== 'function') throw new ArgumentError(`${op}: 'loss' must be a symbolic tensor (graph) or a function (eager)`);
    if (!inGraphMode()) return null;
    const t = loss();
    if (!(t instanceof Tensor) || !t.isSymbolic) throw new ArgumentError(`${op}: in graph mode the loss function must return a symbolic tensor`);
    return t;
  }

  private checkPairs(op: string, pairs: readonly GradAndVar[]): Item[] {
    if (!Array.isArray(pairs)) throw new ArgumentError(`${op}: expected an array of [gradient, variable] pairs`);
    const items: Item[] = [];
    const seen = new Set<Variable>();
    let mode: boolean | undefined;
    pairs.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new ArgumentError(`${op}: element ${i} is not a [gradient, variable] pair`);
      const [g, v] = p;
      if (!(v instanceof Variable)) throw new ArgumentError(`${op}: pair ${i}: the second element is not a Variable`);
      if (mode !== undefined && v.isSymbolic !== mode) throw new ArgumentError(`${op}: pair ${i}: graph and eager variables are mixed`);
      mode = v.isSymbolic;
      if (seen.has(v)) throw new ArgumentError(`${op}: variable '${v.name}' appears in more than one pair`);
      seen.add(v);
      if (g === null || g === undefined) return;
      if (!isFloatDType(v.dtype)) throw new DTypeError(`${op}: variable '${v.name}' is ${v.dtype}; only float variables can be optimized`);
      const values = g instanceof IndexedSlices ? g.values : g;
      if (!(values instanceof Tensor)) throw new ArgumentError(`${op}: the gradient of '${v.name}' is not a Tensor or IndexedSlices`);
      if (values.dtype !== v.dtype) throw new DTypeError(`${op}: the gradient of '${v.name}' is ${values.dtype}, the variable is ${v.dtype}`);
      if (!v.isSymbolic && (values.isSymbolic || (g instanceof IndexedSlices && g.indices.isSymbolic))) {
        throw new ArgumentError(`${op}: the gradient of eager variable '${v.name}' is symbolic`);
      }
      if (g instanceof IndexedSlices) {
        if (!shapeCompatible(v.shape, g.denseShape)) {
          throw new ShapeError(`${op}: sparse gradient of dense shape ${fmtShape(g.denseShape)} for variable '${v.name}' ${fmtShape(v.shape)}`);
        }
      } else if (!(v.isSymbolic ? shapeCompatible(v.shape, g.shape) : g.shape.join() === v.shape.join())) {
        throw new ShapeError(`${op}: the gradient of '${v.name}' has shape ${fmtShape(g.shape)}, the variable ${fmtShape(v.shape)}`);
      }
      items.push({ v, g });
    });
    if (items.length === 0) {
      throw new ArgumentError(`${op}: no gradients provided for any variable (${pairs.map((p) => `'${p?.[1]?.name}'`).join(', ')}); check that the loss depends on them through differentiable ops`);
    }
    return items;
  }

  private ensureSlots(v: Variable): Map<string, Variable> {
    let m = this.slotVars.get(v);
    if (m) return m;
    m = new Map();
    for (const s of this.slotSpecs()) m.set(s.name, this.makeVariable(v, `${v.name}/${s.varSuffix ?? this.name}`, v.shape, v.dtype, s.init));
    this.slotVars.set(v, m);
    return m;
  }

  private ensureNonSlot(first: Variable): Record<string, Variable> {
    const key = first.isSymbolic ? graphOf(first) : 'eager';
    let rec = this.nonSlot.get(key);
    if (!rec) {
      rec = {};
      for (const [name, init] of Object.entries(this.nonSlotSpecs())) rec[name] = this.makeVariable(first, name, [], first.dtype, init);
      this.nonSlot.set(key, rec);
    }
    return rec;
  }

  /** A non-trainable Variable beside `near`: eager, or a graph variable in its graph, outside name scopes and
   * control dependencies (as TF's slot creation), added to GLOBAL_VARIABLES for globalVariablesInitializer. */
  private makeVariable(near: Variable, name: string, shape: number[], dtype: DType, init: number): Variable {
    let v: Variable;
    if (!near.isSymbolic) {
      const value = raw.fill(shape, init, dtype);
      v = new Variable(value, { name, trainable: false });
      value.dispose();
    } else {
      const graph = graphOf(near);
      const prefix = graph.scopePrefix;
      const control = graph.controlStack;
      graph.scopePrefix = '';
      graph.controlStack = [];
      try {
        v = graph.asDefault(() => new Variable(ENGINE.keep(raw.fill(shape, init, dtype)), { name, trainable: false }));
      } finally {
        graph.scopePrefix = prefix;
        graph.controlStack = control;
      }
    }
    this.created.push(v);
    return v;
  }

  /** Hyperparameters for an eager step: numbers or concrete tensors. */
  private resolveHyperEager(op: string): Record<string, number | Tensor> {
    const out: Record<string, number | Tensor> = {};
    for (const [k, h] of Object.entries(this.hyper)) {
      const val = typeof h === 'function' ? h() : h;
      checkHyper(op, k, val);
      if (val instanceof Tensor && val.isSymbolic) throw new ArgumentError(`${op}: hyperparameter '${k}' is a symbolic tensor but the variables are eager`);
      out[k] = val as number | Tensor;
    }
    return out;
  }

  /** The shared update: reads state through `access`, calls the rule for each pair, writes the results back. */
  private applyConcrete(access: VarAccess, items: Item[], resolved: Record<string, number | Tensor>, nonSlot: Record<string, Variable>, gs?: Variable): void {
    this.inPlace = access === eagerAccess;
    try {
      this.applyItems(access, items, resolved, nonSlot, gs);
    } finally {
      this.inPlace = false;
    }
  }

  private applyItems(access: VarAccess, items: Item[], resolved: Record<string, number | Tensor>, nonSlot: Record<string, Variable>, gs?: Variable): void {
    const all: Record<string, number | Tensor> = { ...resolved, ...this.stepValues(access, nonSlot) };
    const byDType = new Map<DType, Hyper>();
    for (const { v, g } of items) {
      let h = byDType.get(v.dtype);
      if (!h) byDType.set(v.dtype, (h = mapValues(all, (val) => toDType(val, v.dtype))));
      const slotMap = this.slotVars.get(v)!;
      const slots: Slots = {};
      for (const [n, s] of slotMap) slots[n] = access.read(s);
      const x = access.read(v);
      let out: Update;
      if (g instanceof IndexedSlices) {
        const d = dedupSlices(this.name, v.name, v.shape, g);
        if (d.count === 0) continue;
        out = this.applySparse(x, d, slots, h);
      } else {
        out = this.applyDense(x, g, slots, h);
      }
      access.write(v, out.x);
      for (const [n, s] of slotMap) access.write(s, out.slots[n]!);
    }
    this.finish(access, nonSlot);
    if (gs) access.write(gs, raw.add(access.read(gs), raw.scalar(1, gs.dtype)));
  }

  /** Graph mode: one stateful node whose run applies every pair on the session's values. */
  private buildUpdateNode(op: string, items: Item[], nonSlot: Record<string, Variable>, gs: Variable | undefined, name?: string): Operation {
    const inputs: Tensor[] = [];
    const add = (t: Tensor) => {
      if (!t.isSymbolic) ENGINE.keep(t);
      return inputs.push(t) - 1;
    };
    const graph = graphOf(items[0]!.v);
    const at = items.map(({ g }) => (g instanceof IndexedSlices ? [add(g.values), add(g.indices)] : [add(g)]));
    const hyperAt: Record<string, number> = {};
    const numbers: Record<string, number> = {};
    for (const [k, h0] of Object.entries(this.hyper)) {
      const h = typeof h0 === 'function' ? h0() : h0;
      checkHyper(op, k, h);
      if (typeof h === 'number') numbers[k] = h;
      else {
        if (h.isSymbolic && graphOf(h) !== graph) throw new ArgumentError(`${op}: hyperparameter '${k}' belongs to another graph`);
        hyperAt[k] = add(h);
      }
    }
    const { op: operation } = addStatefulNode({
      type: 'ApplyGradients',
      name: name ?? this.name,
      inputs,
      run: (ctx, vals) => {
        const concrete = items.map(({ v, g }, i): Item => {
          const k = at[i]!;
          return { v, g: g instanceof IndexedSlices ? new IndexedSlices(vals[k[0]!]!, vals[k[1]!]!, v.shape) : vals[k[0]!]! };
        });
        const resolved: Record<string, number | Tensor> = { ...numbers };
        // A number hyperparameter changed after the node was built (optimizer.learningRate = ...) applies here.
        for (const k of Object.keys(numbers)) {
          const cur = this.hyper[k];
          if (typeof cur === 'number') resolved[k] = cur;
        }
        for (const [k, i] of Object.entries(hyperAt)) {
          checkHyper(op, k, vals[i]!);
          resolved[k] = vals[i]!;
        }
        this.applyConcrete(graphAccess(ctx), concrete, resolved, nonSlot, gs);
        return [];
      },
    });
    return operation;
  }
}

function checkHyper(op: string, name: string, h: unknown): void {
  if (typeof h === 'number') {
    if (!Number.isFinite(h)) throw new ArgumentError(`${op}: hyperparameter '${name}' must be a finite number, got ${h}`);
    return;
  }
  if (typeof h === 'function') return;
  if (!(h instanceof Tensor)) throw new ArgumentError(`${op}: hyperparameter '${name}' must be a number, a scalar tensor or a function`);
  if (h.rank !== 0) throw new ShapeError(`${op}: hyperparameter '${name}' must be a scalar, got shape ${fmtShape(h.shape)}`);
  if (h.dtype === 'bool') throw new DTypeError(`${op}: hyperparameter '${name}' must be numeric, got ${h.dtype}`);
}

function toDType(val: number | Tensor, dtype: DType): Tensor {
  if (typeof val === 'number') return raw.scalar(val, dtype);
  return val.dtype === dtype ? val : raw.cast(val, dtype);
}

function mapValues<T, U>(rec: Record<string, T>, f: (v: T, k: string) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = f(v, k);
  return out;
}

/** Options objects or TF-style positional arguments: `(lr, a, b)` or `(lr, {a, b})` or `({learningRate, a, b})`. */
export function parseArgs<T extends object>(op: string, args: unknown[], names: (keyof T & string)[], defaults: Partial<T>): T {
  const out: Record<string, unknown> = { ...defaults };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a !== null && typeof a === 'object' && !(a instanceof Tensor)) {
      if (i !== args.length - 1) throw new ArgumentError(`${op}: the options object must be the last argument`);
      for (const [k, v] of Object.entries(a)) {
        if (!names.includes(k as keyof T & string)) throw new ArgumentError(`${op}: unknown option '${k}' (expected ${names.join(', ')})`);
        if (v !== undefined) out[k] = v;
      }
      break;
    }
    if (i >= names.length) throw new ArgumentError(`${op}: too many arguments (${args.length})`);
    if (a !== undefined) out[names[i]!] = a;
  }
  for (const n of names) if (out[n] === undefined) throw new ArgumentError(`${op}: '${n}' is required`);
  return out as T;
}
