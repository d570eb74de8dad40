/**
 * Optimizer.computeGradients in both modes. Like TF 1.x it returns, per variable, a dense gradient, sparse
 * IndexedSlices (the variable is read only through gather along axis 0, as an embedding lookup), or null when the
 * loss does not depend on the variable (such pairs are skipped by applyGradients).
 */
import { gradientPath, gradientsOf, recordedAttrs } from '../../core/autodiff.js';
import { isFloatDType } from '../../core/dtype.js';
import type { Tape, TapeNode } from '../../core/engine.js';
import { ArgumentError, DTypeError, TensorlaneError } from '../../core/errors.js';
import { Tensor } from '../../core/tensor.js';
import { tensor } from '../../core/tensor_util.js';
import { Variable } from '../../core/variable.js';
import { gatherParamsGrad } from '../../gradients/GatherV2_grad.js';
import { graphOf, nodeOf, type GraphNode } from '../../graph/graph.js';
import { gradients as symbolicGradients } from '../../graph/gradients.js';
import { addStatefulNode, trainableVariables } from '../../graph/variables.js';
import * as raw from '../../ops/index.js';
import { ENGINE } from '../../core/engine.js';
import { IndexedSlices } from './indexed_slices.js';

export type Gradient = Tensor | IndexedSlices | null;

function checkVarList(op: string, varList: unknown, graphMode: boolean): Variable[] | undefined {
  if (varList === undefined || varList === null) return undefined;
  if (!Array.isArray(varList)) throw new ArgumentError(`${op}: 'varList' must be an array of Variables`);
  if (varList.length === 0) throw new ArgumentError(`${op}: 'varList' is empty: no variables to optimize`);
  varList.forEach((v, i) => {
    if (!(v instanceof Variable)) throw new ArgumentError(`${op}: varList[${i}] is not a Variable`);
    if (v.isSymbolic !== graphMode) {
      throw new ArgumentError(`${op}: varList[${i}] '${v.name}' is ${v.isSymbolic ? 'a graph' : 'an eager'} variable but the loss is ${graphMode ? 'symbolic (graph mode)' : 'eager'}`);
    }
  });
  return varList as Variable[];
}

// ---- eager ------------------------------------------------------------------------------------------

interface EagerPlan {
  v: Variable;
  kind: 'none' | 'dense' | 'sparse';
  /** Positions in the xs handed to backprop: the variable (dense) or each gather output (sparse). */
  xs: number[];
  /** Sparse: the row numbers each gather read, copied off the tape before it is released. */
  indices: number[][];
}

/** The tape nodes on a float path from any of `fromIds` to `toId`, oldest first (nothing flows through StopGradient). */
function tapePath(tape: Tape, fromIds: Set<number>, toId: number): TapeNode[] {
  return gradientPath(tape, fromIds, [toId], (n) => n.kernel === 'StopGradient').nodes.reverse();
}

function isRowGather(n: TapeNode, v: Tensor): boolean {
  const a = recordedAttrs(n, 'GatherV2');
  return a !== undefined && n.inputs[0]!.id === v.id && n.inputs[1]!.id !== v.id && a.axis === 0 && a.batchDims === 0;
}

/**
 * Eager gradients of loss() (recorded on a tape). varList defaults to the trainable variables the loss reads.
 * Returns the loss value too; the caller owns it and the gradients.
 */
export function eagerGradients(op: string, loss: () => Tensor, varList?: Variable[]): { value: Tensor; vars: Variable[]; grads: Gradient[] } {
  if (typeof loss !== 'function') {
    throw new ArgumentError(`${op}: in eager mode 'loss' must be a function returning a scalar tensor (the computation must be recorded to differentiate it)`);
  }
  const given = checkVarList(op, varList, false);
  let valueId = -1;
  const plans: EagerPlan[] = [];
  const pick = (tape: Tape): Tensor[] => {
    const read = new Set<number>();
    for (const n of tape.nodes) for (const t of n.inputs) read.add(t.id);
    const cands = given ?? Variable.all().filter((v) => v.trainable && (read.has(v.id) || v.id === valueId));
    const path = tapePath(tape, new Set(cands.map((v) => v.id)), valueId);
    const xs: Tensor[] = [];
    for (const v of cands) {
      const consumers = path.filter((n) => n.inputs.some((t) => t.id === v.id));
      const plan: EagerPlan = { v, kind: 'none', xs: [], indices: [] };
      if (v.id === valueId || (consumers.length > 0 && !consumers.every((n) => isRowGather(n, v)))) {
        plan.kind = 'dense';
        plan.xs.push(xs.push(v) - 1);
      } else if (consumers.length > 0) {
        plan.kind = 'sparse';
        for (const n of consumers) {
          plan.xs.push(xs.push(n.outputs[0]!) - 1);
          plan.indices.push(Array.from(n.inputs[1]!.dataSync() as ArrayLike<number | bigint>, Number));
        }
      }
      plans.push(plan);
    }
    return xs;
  };
  const r = gradientsOf(op, () => {
    const value = loss();
    if (value instanceof Tensor) valueId = value.id;
    return value;
  }, pick);
  // Sparse: the gather outputs' gradients become one [K, ...rowShape] block with the gathered row numbers.
  const sparse = ENGINE.tidy(() => plans.map((p) => {
    if (p.kind !== 'sparse') return null;
    const rowShape = p.v.shape.slice(1);
    const parts = p.xs.map((k, j) => raw.reshape(r.grads[k]!, [p.indices[j]!.length, ...rowShape]));
    const values = parts.length === 1 ? parts[0]! : raw.concat(parts, 0);
    return { values, indices: tensor(Int32Array.from(p.indices.flat()), [values.shape[0]!], 'int32') };
  }));
  plans.forEach((p) => p.kind === 'sparse' && p.xs.forEach((k) => r.grads[k]!.dispose()));
  const grads = plans.map((p, i): Gradient => {
    if (p.kind === 'none') return null;
    if (p.kind === 'dense') return r.grads[p.xs[0]!]!;
    const s = sparse[i]!;
    return new IndexedSlices(s.values, s.indices, p.v.shape);
  });
  return { value: r.value, vars: plans.map((p) => p.v), grads };
}

// ---- graph ------------------------------------------------------------------------------------------

/** Nodes the loss depends on through float tensors (a gradient can flow), stopping at StopGradient. */
function gradientAncestors(loss: Tensor): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const stack = [nodeOf(loss)];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.type === 'StopGradient') continue;
    for (const t of n.inputs) if (isFloatDType(t.dtype)) stack.push(nodeOf(t));
  }
  return seen;
}

/**
 * Symbolic gradients of `loss` (one tl.gradients node). A variable read only by gather nodes gets IndexedSlices
 * made by a small node that, at run time, finds each gather's indices on the run's tape (the indices may be
 * placeholders or constants the graph node does not expose).
 */
export function graphGradients(op: string, loss: Tensor, varList?: Variable[]): { vars: Variable[]; grads: Gradient[] } {
  if (!isFloatDType(loss.dtype)) throw new DTypeError(`${op}: the loss is ${loss.dtype}; gradients need a float loss`);
  const graph = graphOf(loss);
  const vars = checkVarList(op, varList, true) ?? trainableVariables(graph);
  if (vars.length === 0) throw new ArgumentError(`${op}: no variables to optimize (the graph has no trainable variables)`);
  for (const v of vars) if (graphOf(v) !== graph) throw new ArgumentError(`${op}: variable '${v.name}' belongs to another graph than the loss`);
  const ancestors = gradientAncestors(loss);
  const nodes = graph.nodes.filter((n) => ancestors.has(n));
  const xs: Tensor[] = [];
  const plans = vars.map((v) => {
    const plan = { v, kind: 'none' as 'none' | 'dense' | 'sparse', xs: [] as number[], gathers: [] as Tensor[] };
    if (!ancestors.has(nodeOf(v))) return plan;
    const consumers = nodes.filter((n) => n.inputs.includes(v));
    const rowGather = (n: GraphNode) => n.type === 'Gather' && n.inputs[0] === v && n.inputs.indexOf(v, 1) < 0 && v.rank > 0;
    if (loss === v || consumers.length === 0 || !consumers.every(rowGather)) {
      plan.kind = 'dense';
      plan.xs.push(xs.push(v) - 1);
    } else {
      plan.kind = 'sparse';
      for (const n of consumers) {
        plan.gathers.push(n.outputs[0]!);
        plan.xs.push(xs.push(n.outputs[0]!) - 1);
      }
    }
    return plan;
  });
  const gs = xs.length > 0 ? symbolicGradients(loss, xs) : [];
  const grads = plans.map((p): Gradient => {
    if (p.kind === 'none') return null;
    if (p.kind === 'dense') return gs[p.xs[0]!]!;
    return sparseGradNode(op, p.v, p.gathers, p.xs.map((k) => gs[k]!));
  });
  return { vars, grads };
}

function sparseGradNode(op: string, v: Variable, gathers: Tensor[], grads: Tensor[]): IndexedSlices {
  const rowShape = v.shape.slice(1);
  const k = gathers.length;
  const { outputs } = addStatefulNode({
    type: 'IndexedSlicesGrad',
    name: `${v.name}/sparse_grad`,
    inputs: [...gathers, ...grads],
    outputs: [{ shape: [-1, ...rowShape], dtype: v.dtype }, { shape: [-1], dtype: 'int32' }],
    run: (ctx, vals) => {
      const values: Tensor[] = [];
      const indices: Tensor[] = [];
      for (let j = 0; j < k; j++) {
        const out = vals[j]!, g = vals[k + j]!;
        const tn = ctx.tape?.nodes.find((n) => n.kernel === 'GatherV2' && n.outputs[0]!.id === out.id);
        const gatherAttrs = tn && recordedAttrs(tn, 'GatherV2');
        if (!tn || !gatherAttrs) throw new TensorlaneError(`${op}: the gather reading '${v.name}' was not recorded in this run; cannot build its sparse gradient`);
        const { axis, batchDims } = gatherAttrs;
        const idx = tn.inputs[1]!;
        if (axis === 0 && batchDims === 0) {
          values.push(raw.reshape(g, [idx.size, ...rowShape]));
          indices.push(raw.reshape(raw.cast(idx, 'int32'), [idx.size]));
        } else {
          // A gather along another axis touches every row: its gradient is dense, given for all rows.
          values.push(gatherParamsGrad(g, v.shape, idx, axis, batchDims));
          indices.push(raw.range(0, v.shape[0]!, 1, 'int32'));
        }
      }
      return k === 1 ? [values[0]!, indices[0]!] : [raw.concat(values, 0), raw.concat(indices, 0)];
    },
  });
  return new IndexedSlices(outputs[0]!, outputs[1]!, v.shape);
}
