import { ENGINE, type Tape, type TapeNode } from './engine.js';
import { isFloatDType } from './dtype.js';
import type { KernelAttrs, KernelName } from './kernel_attrs.js';
import { ArgumentError, TensorlaneError, fmtShape } from './errors.js';
import { broadcastShapes, shapesEqual } from './shape.js';
import { Tensor } from './tensor.js';
import { Variable } from './variable.js';

/**
 * The attrs of a recorded call of `kernel`, typed by its declaration; undefined when the node ran another kernel.
 * (The engine records exactly the attrs the typed runKernel accepted for that name.)
 */
export function recordedAttrs<N extends KernelName>(node: TapeNode, kernel: N): KernelAttrs[N] | undefined {
  return node.kernel === kernel ? (node.attrs as unknown as KernelAttrs[N]) : undefined;
}

// Core never imports ops: the three tensors backprop makes itself (seed ones, zeros for outputs no gradient
// reached, the sum of two gradients) come straight from the Fill and Add kernels through the engine.
function filledLike(t: Tensor, one: boolean): Tensor {
  const value = t.dtype === 'bool' ? one : t.dtype === 'int64' ? (one ? 1n : 0n) : one ? 1 : 0;
  return ENGINE.runKernel('Fill', [], { shape: [...t.shape], value, dtype: t.dtype }, { shape: [...t.shape], dtype: t.dtype });
}
const zerosLike = (t: Tensor) => filledLike(t, false);
const onesLike = (t: Tensor) => filledLike(t, true);

function add(a: Tensor, b: Tensor): Tensor {
  return ENGINE.runKernel('Add', [a, b], {}, { shape: broadcastShapes('backprop', a.shape, b.shape), dtype: a.dtype });
}

/**
 * The tape nodes on a float path from some tensor of `fromIds` to some of `toIds`, newest first, and the ids of
 * the tensors on those paths whose gradients are needed. Only float values carry gradients: an int/bool input
 * (indices, masks) is never on a path. `skip` leaves nodes out (nothing flows through them).
 */
export function gradientPath(
  tape: Tape,
  fromIds: ReadonlySet<number>,
  toIds: readonly number[],
  skip?: (n: TapeNode) => boolean,
): { nodes: TapeNode[]; need: Set<number> } {
  const reach = new Set(fromIds);
  const forward: TapeNode[] = [];
  for (const n of tape.nodes) {
    if (skip?.(n) || !n.inputs.some((t) => reach.has(t.id))) continue;
    forward.push(n);
    for (const o of n.outputs) reach.add(o.id);
  }
  const need = new Set(toIds);
  const nodes: TapeNode[] = [];
  for (let i = forward.length - 1; i >= 0; i--) {
    const n = forward[i]!;
    if (!n.outputs.some((o) => need.has(o.id))) continue;
    nodes.push(n);
    for (const t of n.inputs) if (reach.has(t.id) && isFloatDType(t.dtype)) need.add(t.id);
  }
  return { nodes, need };
}

/**
 * Reverse-mode differentiation over a tape: walks the nodes that lie on a path from some x to some y, newest
 * first, calling each kernel's gradient. The gradient ops run through the engine like any op, so an outer
 * tape records them (second-order gradients).
 */
export function backprop(tape: Tape, ys: Tensor[], dys: Tensor[], xs: Tensor[]): Tensor[] {
  const { nodes: relevant, need } = gradientPath(tape, new Set(xs.map((x) => x.id)), ys.map((y) => y.id));
  const gradOf = new Map<number, Tensor>();
  const accumulate = (id: number, g: Tensor) => {
    const prev = gradOf.get(id);
    gradOf.set(id, prev ? add(prev, g) : g);
  };
  ys.forEach((y, i) => accumulate(y.id, dys[i]!));
  for (const n of relevant) {
    if (!n.outputs.some((o) => gradOf.has(o.id))) continue;
    const cfg = ENGINE.getGradient(n.kernel);
    if (!cfg) {
      throw new TensorlaneError(
        `gradient of ${n.kernel} is not implemented: the result depends on the differentiated inputs through it (e.g. a second-order gradient through max pooling)`,
      );
    }
    const dy = n.outputs.map((o) => gradOf.get(o.id) ?? zerosLike(o));
    const thunks = cfg.gradFunc(dy, n.inputs, n.outputs, n.attrs);
    n.inputs.forEach((inp, i) => {
      const th = thunks[i];
      if (!th || !need.has(inp.id) || !isFloatDType(inp.dtype)) return;
      const g = th();
      if (!shapesEqual(g.shape, inp.shape) || g.dtype !== inp.dtype) {
        throw new TensorlaneError(
          `gradient of ${n.kernel}: input ${i} is ${inp.dtype}${fmtShape(inp.shape)} but its gradient is ${g.dtype}${fmtShape(g.shape)}`,
        );
      }
      accumulate(inp.id, g);
    });
  }
  // Each gradient is a tensor of its own: never one object for two xs, nor the caller's dy itself.
  const handedOut = new Set<Tensor>(dys);
  return xs.map((x) => {
    let g = gradOf.get(x.id) ?? zerosLike(x);
    if (handedOut.has(g)) g = ENGINE.shareCopy(g);
    handedOut.add(g);
    return g;
  });
}

/** Frees the tensors a tape saved and empties it. */
export function releaseTape(tape: Tape): void {
  for (const n of tape.nodes) {
    for (const t of n.inputs) ENGINE.disposeTensor(t);
    for (const t of n.outputs) ENGINE.disposeTensor(t);
  }
  tape.nodes.length = 0;
}

/**
 * Runs f under a tape and returns its value and the gradients of sum(value * dy) with respect to xs. Every
 * intermediate tensor is freed; value and gradients survive.
 */
export function gradientsOf(
  op: string,
  f: () => Tensor,
  xsOrPick: Tensor[] | ((tape: Tape) => Tensor[]),
  dy?: Tensor,
): { value: Tensor; grads: Tensor[] } {
  const given = Array.isArray(xsOrPick) ? xsOrPick : [];
  for (const x of given) {
    if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: every x must be a Tensor`);
    x.throwIfDisposed(op);
  }
  ENGINE.startScope();
  // Ops run by f and by the backward pass are internal to this call (for leak accounting).
  ENGINE.opDepth++;
  const tape: Tape = { nodes: [] };
  ENGINE.tapes.push(tape);
  let result: { value: Tensor; grads: Tensor[] } | undefined;
  try {
    let value: Tensor;
    try {
      value = f();
    } finally {
      ENGINE.tapes.splice(ENGINE.tapes.indexOf(tape), 1);
    }
    if (!(value instanceof Tensor)) throw new ArgumentError(`${op}: the function must return a Tensor`);
    if (!isFloatDType(value.dtype)) throw new ArgumentError(`${op}: the function returned a ${value.dtype} tensor; gradients need a float result`);
    let seed = dy;
    if (seed !== undefined) {
      if (!shapesEqual(seed.shape, value.shape)) {
        throw new ArgumentError(`${op}: 'dy' ${fmtShape(seed.shape)} must have the shape of the result ${fmtShape(value.shape)}`);
      }
    } else seed = onesLike(value);
    const xs = Array.isArray(xsOrPick) ? xsOrPick : xsOrPick(tape);
    const grads = backprop(tape, [value], [seed], xs);
    result = { value, grads };
    return result;
  } finally {
    ENGINE.opDepth--;
    releaseTape(tape);
    ENGINE.endScope(result);
    if (result && ENGINE.opDepth === 0) ENGINE.onUserResult?.(result);
  }
}

/** tl.grad(f)(x, dy?) = df/dx (f's result summed, or weighted by dy). */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const r = gradientsOf('grad', () => f(x), [x], dy);
    r.value.dispose();
    return r.grads[0]!;
  };
}

/** tl.grads(f)([a, b, ...], dy?) = [df/da, df/db, ...]. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    if (!Array.isArray(xs)) throw new ArgumentError('grads: the arguments must be passed as an array of tensors');
    const r = gradientsOf('grads', () => f(...xs), xs, dy);
    r.value.dispose();
    return r.grads;
  };
}

export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const r = gradientsOf('valueAndGrad', () => f(x), [x], dy);
    return { value: r.value, grad: r.grads[0]! };
  };
}

export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => gradientsOf('valueAndGrads', () => f(...xs), xs, dy);
}

/**
 * Gradients of a scalar f() with respect to variables: `varList`, or every trainable variable that f read.
 * Returns grads keyed by variable name.
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
  if (varList) {
    for (const v of varList) {
      if (!(v instanceof Variable)) throw new ArgumentError('variableGrads: varList must hold Variables');
    }
  }
  const pick = (tape: Tape): Tensor[] => {
    if (varList) return varList;
    const read = new Set<number>();
    for (const n of tape.nodes) for (const t of n.inputs) read.add(t.id);
    return Variable.all().filter((v) => v.trainable && read.has(v.id));
  };
  let vars: Tensor[] = [];
  const r = gradientsOf('variableGrads', f, (tape) => (vars = pick(tape)));
  if (r.value.rank !== 0) {
    const shape = fmtShape(r.value.shape);
    r.value.dispose();
    r.grads.forEach((g) => g.dispose());
    throw new ArgumentError(`variableGrads: f must return a scalar, got shape ${shape}`);
  }
  const out: Record<string, Tensor> = {};
  vars.forEach((v, i) => {
    out[(v as Variable).name] = r.grads[i]!;
  });
  return { value: r.value, grads: out };
}
