/**
 * Argument handling shared by the recurrent ops (rnn_cells.ts, rnn_sequence.ts): conversion, dtype and shape
 * checks with messages naming the op, the argument and the shapes, and the options of the LSTM. Internal
 * (not exported from ops/index.ts).
 */
import { FLOAT_DTYPES } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { relu, sigmoid } from './activation.js';
import { identity } from './cast.js';
import { tanh } from './unary_math.js';

/** An activation: a name TF's cells commonly use, or any function of one tensor. */
export type RnnActivation = 'tanh' | 'relu' | 'sigmoid' | 'linear' | ((x: Tensor) => Tensor);

export function activationFn(op: string, a: RnnActivation): (x: Tensor) => Tensor {
  if (typeof a === 'function') return a;
  switch (a) {
    case 'tanh': return tanh;
    case 'relu': return relu;
    case 'sigmoid': return sigmoid;
    case 'linear': return identity;
    default:
      throw new ArgumentError(`${op}: unknown 'activation' '${String(a)}'; expected 'tanh', 'relu', 'sigmoid', 'linear' or a function`);
  }
}

export interface CellArgs {
  x: Tensor;
  h: Tensor;
  batch: number;
  inputSize: number;
  units: number;
  /** The name of the state argument ('h', 'h0'). */
  hName: string;
}

/**
 * Converts and checks the arguments every cell shares: x [batch, inputSize] (sequences: [time, batch,
 * inputSize], xRank 3) and the state tensors [batch, units] (rank 2, float, one dtype). JS arrays take the
 * dtype of x.
 */
export function cellArgs(op: string, x: TensorLike, h: TensorLike, hName = 'h', xRank = 2): CellArgs {
  const tx = convertToTensor(x, 'x', op);
  const th = convertToTensor(h, hName, op, tx.dtype);
  if (!FLOAT_DTYPES.includes(tx.dtype)) throw new DTypeError(`${op}: 'x' has dtype ${tx.dtype}; expected float32 or float64`);
  checkDType(op, hName, th, tx);
  if (tx.rank !== xRank) {
    const want = xRank === 2 ? 'rank 2 [batch, inputSize]' : 'rank 3 [time, batch, inputSize]';
    throw new ShapeError(`${op}: 'x' must have ${want}, got shape ${fmtShape(tx.shape)}`);
  }
  if (th.rank !== 2) throw new ShapeError(`${op}: '${hName}' must have rank 2 [batch, units], got shape ${fmtShape(th.shape)}`);
  const batch = tx.shape[xRank - 2]!;
  if (th.shape[0] !== batch) {
    throw new ShapeError(`${op}: batch sizes of 'x' ${fmtShape(tx.shape)} and '${hName}' ${fmtShape(th.shape)} differ`);
  }
  return { x: tx, h: th, batch, inputSize: tx.shape[xRank - 1]!, units: th.shape[1]!, hName };
}

export function checkDType(op: string, name: string, t: Tensor, x: Tensor): void {
  if (t.dtype !== x.dtype) {
    throw new DTypeError(`${op}: '${name}' is ${t.dtype}${fmtShape(t.shape)} but 'x' is ${x.dtype}${fmtShape(x.shape)}; cast one so the dtypes match`);
  }
}

/** Converts a weight (kernel [inputSize + units, k*units] or bias [k*units]) and checks its shape. */
export function weight(op: string, name: string, w: TensorLike, want: number[], what: string, a: CellArgs): Tensor {
  const t = convertToTensor(w, name, op, a.x.dtype);
  checkDType(op, name, t, a.x);
  if (t.rank !== want.length || t.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(
      `${op}: '${name}' ${fmtShape(t.shape)} must have shape ${what} = ${fmtShape(want)} ` +
        `(x ${fmtShape(a.x.shape)}, h ${fmtShape(a.h.shape)})`,
    );
  }
  return t;
}


/** The fused kernels' activation name, or null for a custom function (which only the composite form runs). */
export function fusedActivation(op: string, a: RnnActivation): 'tanh' | 'relu' | 'sigmoid' | 'linear' | null {
  if (typeof a === 'function') return null;
  activationFn(op, a); // validates the name
  return a;
}

/** Options of lstmCell / lstmSequence. */
export interface LstmOptions {
  /** Added to the forget gate's pre-activation (default 1, as TF's BasicLSTMCell). */
  forgetBias?: number;
  /** When > 0, the new cell state is clipped to [-cellClip, cellClip] (TF's cell_clip; default -1: none). */
  cellClip?: number;
  /** Peephole weights [units] (all three or none): i and f see csPrev * wci / wcf, o sees cs * wco. */
  wci?: TensorLike;
  wcf?: TensorLike;
  wco?: TensorLike;
  /** false: the composite form in public ops (default true: the fused kernels). */
  fused?: boolean;
}

export interface ResolvedLstm {
  forgetBias: number;
  cellClip: number;
  peep: [Tensor, Tensor, Tensor] | null;
  fused: boolean;
}

/** Checks the options of an LSTM op (a [B, H] state shape known from `a`). */
export function lstmOptions(op: string, opts: LstmOptions, a: CellArgs): ResolvedLstm {
  checkOptions(op, opts, ['forgetBias', 'cellClip', 'wci', 'wcf', 'wco', 'fused']);
  opts ??= {};
  const forgetBias = opts.forgetBias ?? 1;
  if (typeof forgetBias !== 'number' || !Number.isFinite(forgetBias)) {
    throw new ArgumentError(`${op}: 'forgetBias' must be a finite number, got ${String(forgetBias)}`);
  }
  const cellClip = opts.cellClip ?? -1;
  if (typeof cellClip !== 'number' || Number.isNaN(cellClip)) {
    throw new ArgumentError(`${op}: 'cellClip' must be a number (<= 0: no clipping), got ${String(cellClip)}`);
  }
  const fused = opts.fused ?? true;
  if (typeof fused !== 'boolean') throw new ArgumentError(`${op}: 'fused' must be a boolean, got ${String(fused)}`);
  const given = [opts.wci, opts.wcf, opts.wco].filter((w) => w !== undefined && w !== null).length;
  if (given !== 0 && given !== 3) throw new ArgumentError(`${op}: the peephole weights 'wci', 'wcf' and 'wco' must be given together`);
  const peep = given === 3
    ? (['wci', 'wcf', 'wco'] as const).map((n) => weight(op, n, opts[n]!, [a.units], '[units]', a)) as [Tensor, Tensor, Tensor]
    : null;
  return { forgetBias, cellClip: cellClip === Infinity ? -1 : cellClip, peep, fused };
}

/** The state `c` of an LSTM: the dtype of x and the shape of h. */
export function lstmState(op: string, name: string, c: TensorLike, a: CellArgs): Tensor {
  const tc = convertToTensor(c, name, op, a.x.dtype);
  checkDType(op, name, tc, a.x);
  if (tc.rank !== 2 || tc.shape[0] !== a.h.shape[0] || tc.shape[1] !== a.units) {
    throw new ShapeError(`${op}: '${name}' ${fmtShape(tc.shape)} must have the shape of '${a.hName}' ${fmtShape(a.h.shape)}`);
  }
  return tc;
}

/** The `fused` option of a recurrent op (default true). */
export function fusedFlag(op: string, opts: { fused?: boolean } | undefined): boolean {
  checkOptions(op, opts, ['fused']);
  const f = opts?.fused ?? true;
  if (typeof f !== 'boolean') throw new ArgumentError(`${op}: 'fused' must be a boolean, got ${String(f)}`);
  return f;
}
