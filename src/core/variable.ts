import type { DataHandle } from './backend.js';
import { isDType, type DType } from './dtype.js';
import { DTypeError, ShapeError, fmtShape } from './errors.js';
import { ENGINE } from './engine.js';
import { shapesEqual } from './shape.js';
import { Tensor } from './tensor.js';
import { convertToTensor, type TensorLike } from './tensor_util.js';

export interface VariableOptions {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /**
   * Graph variables: the collections to add it to (TF's `collections`), default the global variables; a
   * trainable variable also joins the trainable ones. Local variables (metrics' totals) pass LOCAL_VARIABLES.
   */
  collections?: readonly string[];
}

/** Set by the graph module: builds graph variables in graph mode (keeps core free of graph imports). */
export interface GraphVariableImpl {
  /** Should this Variable be a graph variable (graph mode, or a symbolic initial value)? */
  active(initialValue: unknown): boolean;
  /** Static shape, dtype and a data-less handle for the variable's symbolic tensor. */
  prepare(initialValue: TensorLike, opts: VariableOptions): { handle: DataHandle; shape: number[]; dtype: DType };
  /** Adds the variable node and its initializer to the graph; sets v.graphRef and v.name. */
  attach(v: Variable, initialValue: TensorLike, opts: VariableOptions): void;
  /** v.assign / assignAdd / assignSub in graph mode: a symbolic tensor whose evaluation assigns. */
  assign(v: Variable, value: TensorLike, kind: 'assign' | 'assignAdd' | 'assignSub'): Tensor;
}
export const graphVariables: { impl?: GraphVariableImpl } = {};

const live = new Map<number, Variable>();
/** Names of live eager variables: unique among live ones (a disposed variable's name is free again). */
const liveNames = new Set<string>();

function uniqueName(base: string): string {
  let name = base;
  for (let k = 1; liveNames.has(name); k++) name = `${base}_${k}`;
  liveNames.add(name);
  return name;
}

/**
 * A mutable tensor for model parameters. Eager: it holds data, its id stays fixed across `assign` (so gradients
 * and optimizer state follow it), and tidy never frees it. In graph mode (inside graph.asDefault or after
 * tl.disableEagerExecution) it is a graph variable whose value lives in each Session.
 */
export class Variable extends Tensor {
  readonly trainable: boolean;
  declare name: string;
  readonly isVariable: true;

  constructor(initialValue: TensorLike, opts: VariableOptions = {}) {
    if (opts.dtype !== undefined && !isDType(opts.dtype)) throw new DTypeError(`Variable: unknown dtype '${String(opts.dtype)}'`);
    const g = graphVariables.impl;
    if (g && g.active(initialValue)) {
      const spec = g.prepare(initialValue, opts);
      super(spec.handle, spec.shape, spec.dtype);
      this.isVariable = true;
      this.kept = true;
      this.trainable = opts.trainable ?? true;
      g.attach(this, initialValue, opts);
      return;
    }
    const init = ENGINE.tidy(() => {
      const t = convertToTensor(initialValue, 'initialValue', 'Variable', opts.dtype);
      return opts.dtype && t.dtype !== opts.dtype ? ENGINE.runKernel('Cast', [t], { dtype: opts.dtype }, { shape: [...t.shape], dtype: opts.dtype }) : t;
    });
    super(init.dataId, [...init.shape], init.dtype);
    this.isVariable = true;
    // Take over the initial value's buffer: one more owner, then release the temporary tensor.
    this.dataId.owners++;
    ENGINE.registerExternalTensor();
    if (initialValue !== init) init.dispose();
    this.kept = true;
    this.trainable = opts.trainable ?? true;
    this.name = uniqueName(opts.name ?? 'Variable');
    live.set(this.id, this);
  }

  /** Replaces the value (same shape and dtype). Graph mode: returns a tensor that assigns when run. */
  assign(value: TensorLike): Tensor {
    if (this.isSymbolic) return graphVariables.impl!.assign(this, value, 'assign');
    const t = convertToTensor(value, 'value', `${this.name}.assign`, this.dtype);
    if (t.dtype !== this.dtype) throw new DTypeError(`${this.name}.assign: value is ${t.dtype}, variable is ${this.dtype}`);
    if (!shapesEqual(t.shape, this.shape)) {
      throw new ShapeError(`${this.name}.assign: value ${fmtShape(t.shape)} does not match variable ${fmtShape(this.shape)}`);
    }
    this.throwIfDisposed(`${this.name}.assign`);
    const old = this.dataId;
    t.dataId.owners++;
    ENGINE.trackHandle(t.dataId);
    this.dataId = t.dataId;
    ENGINE.releaseHandle(old);
    if (!(value instanceof Tensor)) t.dispose();
    return this;
  }

  /** this += value. */
  assignAdd(value: TensorLike): Tensor {
    if (this.isSymbolic) return graphVariables.impl!.assign(this, value, 'assignAdd');
    const v = convertToTensor(value, 'value', `${this.name}.assignAdd`, this.dtype);
    const sum = ENGINE.runKernel('Add', [this, v], {}, { shape: [...this.shape], dtype: this.dtype });
    this.assign(sum);
    sum.dispose();
    if (v !== value) v.dispose();
    return this;
  }

  /** this -= value. */
  assignSub(value: TensorLike): Tensor {
    if (this.isSymbolic) return graphVariables.impl!.assign(this, value, 'assignSub');
    const v = convertToTensor(value, 'value', `${this.name}.assignSub`, this.dtype);
    const diff = ENGINE.runKernel('Sub', [this, v], {}, { shape: [...this.shape], dtype: this.dtype });
    this.assign(diff);
    diff.dispose();
    if (v !== value) v.dispose();
    return this;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.isSymbolic) {
      this.markDisposed();
      return;
    }
    live.delete(this.id);
    liveNames.delete(this.name);
    super.dispose();
  }

  /** Every live eager variable, oldest first. */
  static all(): Variable[] {
    return [...live.values()];
  }
}

export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  return new Variable(initialValue, { trainable, name, dtype });
}
