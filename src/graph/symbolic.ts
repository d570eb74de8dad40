import { DataHandle } from '../core/backend.js';
import { ENGINE, HOST_VALUES, type SymbolicHandler } from '../core/engine.js';
import { ArgumentError, ShapeError, TensorlaneError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import type { DType } from '../core/dtype.js';
import { graphOf, type Graph } from './graph.js';

/**
 * Helpers to find symbolic tensors in op arguments, substitute concrete values for them, and infer an op's
 * output shapes at build time by a dry run.
 */

type Path = (string | number)[];

/**
 * How deep the argument walks below descend. Deeper than any valid argument (tensors have rank <= 254), so a
 * 10,000-deep nested array or a cyclic object cannot overflow the stack here; the op then refuses the
 * argument itself with a typed error.
 */
const MAX_WALK_DEPTH = 300;

function walk(x: unknown, visit: (t: Tensor) => void, depth = 0): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (x instanceof Tensor) visit(x);
  else if (Array.isArray(x)) for (const v of x) walk(v, visit, depth + 1);
  else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) walk(v, visit, depth + 1);
  }
}

/** Whether any tensor in x is symbolic (no allocation: every eager op call asks this first). */
export function containsSymbolic(x: unknown, depth = 0): boolean {
  if (depth > MAX_WALK_DEPTH) return false;
  if (x instanceof Tensor) return !!x.graphRef;
  if (Array.isArray(x)) {
    for (const v of x) if (containsSymbolic(v, depth + 1)) return true;
    return false;
  }
  if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const k in x) if (containsSymbolic((x as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

/** The distinct symbolic tensors in args, in first-seen order. */
export function collectSymbolic(args: unknown): Tensor[] {
  if (!containsSymbolic(args)) return [];
  const seen = new Set<Tensor>();
  walk(args, (t) => {
    if (t.graphRef) seen.add(t);
  });
  return [...seen];
}

/** A copy of args with every tensor found in `map` replaced. */
export function substitute<T>(x: T, map: Map<Tensor, Tensor>): T {
  if (x instanceof Tensor) return (map.get(x) ?? x) as T;
  if (Array.isArray(x)) return x.map((v) => substitute(v, map)) as T;
  if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = substitute(v, map);
    return out as T;
  }
  return x;
}

/** The tensors of an op's result (a tensor, an array or an object of tensors) with their paths. */
export function flattenResult(r: unknown): { tensors: Tensor[]; paths: Path[] } {
  const tensors: Tensor[] = [];
  const paths: Path[] = [];
  const rec = (x: unknown, path: Path) => {
    if (x instanceof Tensor) {
      tensors.push(x);
      paths.push(path);
    } else if (Array.isArray(x)) x.forEach((v, i) => rec(v, [...path, i]));
    else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      for (const [k, v] of Object.entries(x)) rec(v, [...path, k]);
    }
  };
  rec(r, []);
  return { tensors, paths };
}

/** Rebuilds a result of the dry run's structure with `tensors` in place of its tensors. */
export function rebuildResult(template: unknown, tensors: Tensor[]): unknown {
  let i = 0;
  const rec = (x: unknown): unknown => {
    if (x instanceof Tensor) return tensors[i++];
    if (Array.isArray(x)) return x.map(rec);
    if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rec(v)]));
    }
    return x;
  };
  return rec(template);
}

/**
 * Unknown dims (-1) stand in the dry run as this prime, so ordinary shape arithmetic (reshape's -1, flatten,
 * broadcasting) goes through; output dims that are multiples of it are unknown again. One value for every
 * unknown dim, so unknown matches unknown as in TF. A known dim that is a multiple of it would read as unknown.
 */
export const UNKNOWN_DIM = 1009;
/**
 * A second stand-in: where an op computes a size from an unknown one (a slice x[1:] of an unknown dim gives 1008,
 * a pad 1012), the result is not a multiple of UNKNOWN_DIM; a second dry run with this value shows which output
 * dims (and static values) follow the unknown input, and those are unknown. Dims equal in both runs are known.
 */
const SECOND_UNKNOWN_DIM = 1013;

function fromDry(shape: readonly number[]): number[] {
  return shape.map((d) => (d !== 0 && d % UNKNOWN_DIM === 0 ? -1 : d));
}

const dryStorage = {
  name: 'js' as const,
  write(): never { throw new TensorlaneError('dry run: no data'); },
  readSync(): never { throw new DryRunNeedsData(); },
  read(): never { throw new DryRunNeedsData(); },
  free(): void {},
  adopt(): never { throw new DryRunNeedsData(); },
};

class DryRunNeedsData extends Error {}

function dryTensor(shape: number[], dtype: DType): Tensor {
  const t = new Tensor(new DataHandle(dryStorage, 0), shape, dtype);
  t.kept = true;
  return t;
}

/**
 * Values known while a graph is built, of small int tensors: tl.shape(x) (unknown dims of x are null), int
 * constants, and what ops compute from them (tl.gather(tl.shape(x), 0)). The dry run gives such an input a
 * stand-in holding these values, so an op that needs a shape's values (tl.randomNormal(tl.shape(x)),
 * tl.reshape(x, shape)) infers its output shape instead of refusing a symbolic shape.
 */
const staticValues = new WeakMap<Tensor, readonly (number | null)[]>();
/** Larger int tensors are not tracked: static values are for shapes and small index lists. */
const MAX_STATIC_SIZE = 64;

export function setStaticValue(t: Tensor, values: readonly (number | null)[]): void {
  if ((t.dtype === 'int32' || t.dtype === 'int64') && t.rank <= 1 && values.length <= MAX_STATIC_SIZE) staticValues.set(t, values);
}

export function getStaticValue(t: Tensor): readonly (number | null)[] | undefined {
  return staticValues.get(t);
}

/**
 * Runs `fn` on stand-ins of its symbolic inputs, with every kernel returning a data-less tensor of the shape
 * the op inferred: this validates the call and gives the output structure, shapes and dtypes, without work.
 * Inputs with static values get stand-ins holding them, and kernels whose inputs all hold values (and are
 * tiny) run for real, so static values flow through shape arithmetic.
 *
 * Unknown dims first stand in as UNKNOWN_DIM (unknown matches unknown). If the op then rejects the shapes, an
 * unknown dim probably meets a known one (x[?, 4] + y[3, 4]): as TF's shape unification would, the unknown
 * dims are retried as each known size found among the inputs, and the first that the op accepts wins. If the
 * op needs the values of a small int input that has none known (a fed shape), they are taken as unknown.
 */
export function dryRun(opName: string, fn: (...a: unknown[]) => unknown, args: unknown[], inputs: Tensor[]): DryRunResult {
  const hasUnknown = inputs.some((t) => t.shape.includes(-1));
  let firstError: unknown;
  try {
    return withSecondRun(dryRunWith(fn, args, inputs, UNKNOWN_DIM, false), fn, args, inputs, false, hasUnknown);
  } catch (e) {
    firstError = e;
  }
  if (firstError instanceof DryRunNeedsData) {
    try {
      return withSecondRun(dryRunWith(fn, args, inputs, UNKNOWN_DIM, true), fn, args, inputs, true, true);
    } catch {
      // report the first error
    }
  }
  if (hasUnknown && firstError instanceof ShapeError) {
    const sizes: number[] = [];
    walk(args, (t) => sizes.push(...t.shape.filter((d) => d > 1)));
    const candidates = [...new Set(sizes)].sort((a, b) => a - b);
    for (const c of candidates) {
      try {
        return dryRunWith(fn, args, inputs, c, false);
      } catch {
        // try the next size
      }
    }
  }
  throw restate(opName, firstError, hasUnknown);
}

/**
 * Marks unknown what changes when the unknown dims (and unknown shape values) stand in as another size. Where the
 * second run fails (a size constraint that only the first stand-in meets) or changes a rank, the first run's
 * multiples-of-UNKNOWN_DIM rule stands alone.
 */
function withSecondRun(
  first: DryRunResult, fn: (...a: unknown[]) => unknown, args: unknown[], inputs: Tensor[], valuesUnknown: boolean, needed: boolean,
): DryRunResult {
  if (!needed) return first;
  let second: DryRunResult;
  try {
    second = dryRunWith(fn, args, inputs, SECOND_UNKNOWN_DIM, valuesUnknown);
  } catch {
    return first;
  }
  if (second.raw.length !== first.raw.length || second.raw.some((s, i) => s.length !== first.raw[i]!.length)) return first;
  const outputs = first.outputs.map((o, i) => ({
    dtype: o.dtype,
    shape: first.raw[i]!.map((d, k) => (d !== second.raw[i]![k] ? -1 : d)),
  }));
  const values = first.values.map((v, i) => {
    const w = second.rawValues[i];
    if (!v || !w || w.length !== v.length) return v;
    return first.rawValues[i]!.map((x, k) => (x !== w[k] ? null : x));
  });
  return { ...first, outputs, values };
}

export interface DryRunResult {
  template: unknown;
  outputs: { shape: number[]; dtype: DType }[];
  /** Per output: its values when known at build time (small int tensors), else undefined. */
  values: (readonly (number | null)[] | undefined)[];
  /** The run's output shapes and int values as computed, with the stand-in sizes in them. */
  raw: number[][];
  rawValues: (number[] | undefined)[];
}

const isDry = (t: Tensor) => t.dataId.backend === (dryStorage as unknown);
const small = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1) <= MAX_STATIC_SIZE;
const isIntVector = (t: { dtype: DType; shape: readonly number[] }) =>
  (t.dtype === 'int32' || t.dtype === 'int64') && t.shape.length <= 1 && !t.shape.includes(-1) && small(t.shape);

function standIn(t: Tensor, unknownAs: number, valuesUnknown: boolean, made: Tensor[]): Tensor {
  const shape = t.shape.map((d) => (d < 0 ? unknownAs : d));
  const known = staticValues.get(t);
  if ((known || valuesUnknown) && isIntVector(t)) {
    const n = shape.reduce((a, d) => a * d, 1);
    const vals = Array.from({ length: n }, (_, i) => known?.[i] ?? unknownAs);
    const data = t.dtype === 'int64' ? BigInt64Array.from(vals, BigInt) : Int32Array.from(vals);
    const real = ENGINE.makeTensor(data, shape, t.dtype);
    real.kept = true;
    made.push(real);
    return real;
  }
  return dryTensor(shape, t.dtype);
}

function dryRunWith(fn: (...a: unknown[]) => unknown, args: unknown[], inputs: Tensor[], unknownAs: number, valuesUnknown: boolean): DryRunResult {
  const map = new Map<Tensor, Tensor>();
  const made: Tensor[] = [];
  const prevHandler = ENGINE.symbolicHandler;
  const handler: SymbolicHandler = (kernel, ins, attrs, outs) => {
    // Tiny kernels on known values run for real (static values propagate); a failure there only means unknown.
    if (kernel !== HOST_VALUES && ins.every((t) => !isDry(t) && small(t.shape)) && outs.every((o) => small(o.shape))) {
      ENGINE.symbolicHandler = null;
      try {
        return ENGINE.runKernelUnchecked(kernel, ins, attrs, outs);
      } catch {
        // fall through to a data-less result
      } finally {
        ENGINE.symbolicHandler = handler;
      }
    }
    return outs.map((o) => dryTensor([...o.shape], o.dtype));
  };
  ENGINE.startScope();
  ENGINE.symbolicHandler = handler;
  try {
    for (const t of inputs) map.set(t, standIn(t, unknownAs, valuesUnknown, made));
    const result = fn(...substitute(args, map));
    const { tensors } = flattenResult(result);
    const rawValues = tensors.map((t) => (isDry(t) || !isIntVector(t) ? undefined : Array.from(t.dataSync() as ArrayLike<number | bigint>, Number)));
    const values = rawValues.map((vs) => (vs === undefined || unknownAs !== UNKNOWN_DIM ? undefined : vs.map((n) => (n !== 0 && n % UNKNOWN_DIM === 0 ? null : n))));
    return {
      template: result, outputs: tensors.map((t) => ({ shape: fromDry(t.shape), dtype: t.dtype })), values, raw: tensors.map((t) => [...t.shape]), rawValues,
    };
  } finally {
    ENGINE.symbolicHandler = prevHandler;
    ENGINE.endScope();
    for (const t of made) ENGINE.disposeTensor(t);
  }
}

function restate(opName: string, e: unknown, hasUnknown: boolean): unknown {
  if (e instanceof DryRunNeedsData) {
    return new ArgumentError(`${opName}: this op needs the values of its inputs at graph-building time and cannot take symbolic tensors`);
  }
  if (e instanceof TensorlaneError) {
    // Restate shapes with unknown dims shown as '?'.
    e.message = e.message.replaceAll(String(UNKNOWN_DIM), '?');
    if (hasUnknown && e instanceof ShapeError) e.message += ' (graph mode: no size of the unknown dims fits)';
  }
  return e;
}

/** The one graph that all symbolic inputs belong to. */
export function commonGraph(opName: string, inputs: Tensor[]): Graph {
  const g = graphOf(inputs[0]!);
  for (const t of inputs) {
    if (graphOf(t) !== g) throw new ArgumentError(`${opName}: inputs '${inputs[0]!.name}' and '${t.name}' belong to different graphs`);
  }
  return g;
}

export function describeShape(shape: readonly number[]): string {
  return fmtShape(shape);
}
