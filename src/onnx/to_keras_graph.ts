/**
 * The graph tl.onnx.toKeras maps to layers: the ONNX nodes that compute on the model's inputs, with every value's
 * static shape and every constant folded (both from one importer build), tidied so that layers fit:
 *
 * - Identity nodes disappear (their output is another name for their input);
 * - consecutive Transposes merge, and ones that cancel disappear;
 * - a Transpose moves below the elementwise ops that follow it (activations; Add/Sub/Mul/Max/Min with a
 *   constant, whose value is transposed the other way; two inputs transposed alike; Concat of inputs transposed
 *   alike), so the NHWC <-> NCHW pairs that exporters wrap around each conv, pool and batch norm of a channels-
 *   last model meet and cancel, and a conv's bias Add ends up right after the conv.
 *
 * Nothing here builds a layer; the planner (to_keras_plan.ts) reads the result.
 */
import type { DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { FileFormatError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as g from '../graph/graph_ops.generated.js';
import type { GraphObj, NodeObj } from './model_proto.js';
import type { OpContext } from './op_context.js';

/** One value: its static shape (-1 for an unknown dim) and, for a constant, its concrete tensor. */
export interface KValue {
  shape: number[];
  dtype: DType;
  constant: Tensor | null;
}

/** One node that computes on activations. */
export interface KNode {
  op: string;
  /** The node's name, or '#index' when it has none (for errors). */
  label: string;
  /** Value names ('' for an absent optional input). */
  inputs: string[];
  outputs: string[];
  /** Attributes with ONNX defaults, and the node's inputs as the importer saw them. */
  ctx: OpContext;
  /** Transpose: the permutation (resolved, also after merging). */
  perm?: number[];
  /** Concat: the axis after a Transpose moved below it (overrides the attribute). */
  axis?: number;
}

const UNARY = new Set(['Relu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'LeakyRelu', 'Softplus', 'Softsign', 'HardSigmoid', 'Gelu', 'Exp', 'Clip', 'Dropout', 'ThresholdedRelu']);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Max', 'Min']);

const isIdentityPerm = (p: number[]) => p.every((v, i) => v === i);
const inversePerm = (p: number[]) => {
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return inv;
};

export class KGraph {
  readonly values = new Map<string, KValue>();
  nodes: KNode[] = [];
  /** The model's (non-initializer) inputs, in order. */
  readonly inputs: string[] = [];
  /** The model's outputs: ONNX output name -> the value computing it (renamed as the graph is tidied). */
  readonly outputs: { name: string; value: string }[] = [];
  /** Tensors made here (transposed constants): freed by dispose(). */
  private readonly made: Tensor[] = [];
  private fresh = 0;

  /** A new value name for an intermediate result. */
  freshName(base: string): string {
    let name: string;
    do name = `${base}__tk${this.fresh++}`;
    while (this.values.has(name));
    return name;
  }

  value(name: string): KValue {
    const v = this.values.get(name);
    if (!v) throw new FileFormatError(`onnx.toKeras: value '${name}' is produced by no node`);
    return v;
  }

  constant(name: string): Tensor | null {
    return name === '' ? null : this.value(name).constant;
  }

  /** A concrete tensor made while converting: kept until dispose(). */
  keep(t: Tensor): Tensor {
    this.made.push(t);
    return t;
  }

  addConstant(base: string, t: Tensor): string {
    const name = this.freshName(base);
    this.values.set(name, { shape: [...t.shape], dtype: t.dtype, constant: this.keep(t) });
    return name;
  }

  producer(value: string): KNode | undefined {
    return this.nodes.find((n) => n.outputs.includes(value));
  }

  consumers(value: string): KNode[] {
    return this.nodes.filter((n) => n.inputs.includes(value));
  }

  isOutput(value: string): boolean {
    return this.outputs.some((o) => o.value === value);
  }

  /** Every reader of `from` (nodes and model outputs) reads `to` instead. */
  private rename(from: string, to: string): void {
    for (const n of this.nodes) n.inputs = n.inputs.map((v) => (v === from ? to : v));
    for (const o of this.outputs) if (o.value === from) o.value = to;
  }

  private remove(n: KNode): void {
    this.nodes = this.nodes.filter((m) => m !== n);
  }

  /** Tidies until nothing changes, then drops nodes whose outputs nothing reads. */
  simplify(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const n of [...this.nodes]) {
        if (!this.nodes.includes(n)) continue;
        if (this.step(n)) {
          changed = true;
          break;
        }
      }
    }
    this.prune();
  }

  private step(n: KNode): boolean {
    if (n.op === 'Identity') {
      this.remove(n);
      this.rename(n.outputs[0]!, n.inputs[0]!);
      return true;
    }
    if (n.op !== 'Transpose') return false;
    const src = this.producer(n.inputs[0]!);
    if (src?.op === 'Transpose') {
      // transpose(transpose(x, p), q) = transpose(x, r) with r[i] = p[q[i]].
      n.perm = n.perm!.map((q) => src.perm![q]!);
      n.inputs = [src.inputs[0]!];
      return true;
    }
    if (isIdentityPerm(n.perm!)) {
      this.remove(n);
      this.rename(n.outputs[0]!, n.inputs[0]!);
      return true;
    }
    return this.sink(n);
  }

  /** Moves Transpose `t` below its only reader when that reader is elementwise (or a Concat); true if it did. */
  private sink(t: KNode): boolean {
    const v = t.outputs[0]!;
    const readers = this.consumers(v);
    if (readers.length !== 1 || this.isOutput(v)) return false;
    const c = readers[0]!;
    const p = t.perm!;
    const x = t.inputs[0]!;
    const single = (name: string) => this.consumers(name).length === 1 && !this.isOutput(name);
    const alike = (name: string) => {
      const q = this.producer(name);
      return q && q !== t && q.op === 'Transpose' && q.perm!.every((d, i) => d === p[i]) && single(name) ? q : null;
    };
    if (c.outputs.filter((o) => o !== '').length !== 1 || c.outputs[0] === '') return false;
    if (UNARY.has(c.op)) {
      if (c.inputs[0] !== v || c.inputs.slice(1).some((i) => i !== '' && this.constant(i) === null)) return false;
      c.inputs = [x, ...c.inputs.slice(1)];
    } else if (BINARY.has(c.op) && c.inputs.length === 2) {
      const k = c.inputs.indexOf(v);
      const other = c.inputs[1 - k]!;
      if (other === v) return false;
      const cst = this.constant(other);
      const twin = cst ? null : alike(other);
      if (cst) {
        if (cst.rank > p.length) return false;
        // Broadcast the constant to the rank of x's transpose, then transpose it back, so op(x, c') = op(T(x), c) transposed back.
        const back = this.addConstant(other, ENGINE.tidy(() => g.transpose(g.reshape(cst, [...Array<number>(p.length - cst.rank).fill(1), ...cst.shape]), inversePerm(p))));
        c.inputs[1 - k] = back;
      } else if (twin) {
        c.inputs[1 - k] = twin.inputs[0]!;
        this.remove(twin);
      } else return false;
      c.inputs[k] = x;
    } else if (c.op === 'Concat') {
      const twins = c.inputs.map((i) => (i === v ? t : alike(i)));
      if (twins.some((q) => !q)) return false;
      const rank = p.length;
      const axis = c.axis ?? c.ctx.int('axis', 0);
      c.axis = p[axis < 0 ? axis + rank : axis];
      c.inputs = twins.map((q) => q!.inputs[0]!);
      for (const q of twins) if (q !== t) this.remove(q!);
    } else return false;
    // c now computes on untransposed data into a new value; t transposes that into c's old output.
    const out = c.outputs[0]!;
    const outShape = this.value(out).shape;
    const inner = this.freshName(out);
    const inv = inversePerm(p);
    this.values.set(inner, { shape: inv.map((i) => outShape[i]!), dtype: this.value(out).dtype, constant: null });
    c.outputs = [inner, ...c.outputs.slice(1)];
    t.inputs = [inner];
    t.outputs = [out];
    this.values.delete(v);
    // Keep the node list in computing order: t now comes right after c.
    this.remove(t);
    this.nodes.splice(this.nodes.indexOf(c) + 1, 0, t);
    return true;
  }

  /** Drops nodes none of whose outputs is read (by a node or as a model output). */
  prune(): void {
    let again = true;
    while (again) {
      again = false;
      const read = new Set([...this.nodes.flatMap((m) => m.inputs), ...this.outputs.map((o) => o.value)]);
      const kept = this.nodes.filter((n) => n.outputs.some((o) => o !== '' && read.has(o)));
      again = kept.length !== this.nodes.length;
      this.nodes = kept;
    }
  }

  dispose(): void {
    for (const t of this.made.splice(0)) if (!t.isDisposed) t.dispose();
  }
}

/** Names a subgraph reads (If/Loop bodies see outer values by name): dependencies of the node holding it. */
function subgraphReads(sg: GraphObj, out: Set<string>): void {
  for (const n of sg.node ?? []) {
    for (const i of n.input ?? []) if (i) out.add(i);
    for (const a of n.attribute ?? []) {
      if (a.g) subgraphReads(a.g, out);
      for (const s of a.graphs ?? []) subgraphReads(s, out);
    }
  }
}

/** What a node reads: its inputs and the outer values its subgraphs use. */
export function readsOf(n: NodeObj): string[] {
  const reads = new Set((n.input ?? []).filter((i) => i !== ''));
  for (const a of n.attribute ?? []) {
    if (a.g) subgraphReads(a.g, reads);
    for (const s of a.graphs ?? []) subgraphReads(s, reads);
  }
  return [...reads];
}

/**
 * The nodes the model's outputs depend on, in an order where each node follows the producers of what it
 * reads (ONNX requires that order, but not every writer keeps it). A cycle is a broken file.
 */
export function liveNodesInOrder(gp: GraphObj, file: string): { node: NodeObj; index: number }[] {
  const nodes = gp.node ?? [];
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => o !== '' && producer.set(o, i)));
  const state = new Map<number, 'visiting' | 'done'>();
  const order: number[] = [];
  // Depth-first from the outputs with an explicit stack (a chain of a million nodes would overflow recursion).
  const visit = (root: number) => {
    const stack: { i: number; deps: number[] }[] = [];
    const enter = (i: number) => {
      state.set(i, 'visiting');
      const deps = readsOf(nodes[i]!).map((r) => producer.get(r)).filter((p): p is number => p !== undefined);
      stack.push({ i, deps });
    };
    if (state.get(root) === 'done') return;
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.deps.pop();
      if (next === undefined) {
        stack.pop();
        state.set(top.i, 'done');
        order.push(top.i);
        continue;
      }
      const s = state.get(next);
      if (s === 'done') continue;
      if (s === 'visiting') throw new FileFormatError(`onnx.toKeras: '${file}': the nodes form a cycle through node '${nodes[next]!.name || `#${next}`}'`);
      enter(next);
    }
  };
  for (const o of gp.output ?? []) {
    const p = producer.get(o.name ?? '');
    if (p !== undefined) visit(p);
  }
  return order.map((i) => ({ node: nodes[i]!, index: i }));
}
