/**
 * One step of the classic TF 1.x RNN cells. The weights use TF's layout: one kernel applied to
 * concat([x, h], 1), shape [inputSize + units, k * units].
 *
 * By default each cell is one fused kernel (BasicRNNCell, LSTMBlockCell, GRUBlockCell: kernel_names.ts, rnn
 * block) with a fused backward kernel: a GEMM pair and one elementwise pass instead of a dozen ops, with the
 * gate activations saved for the backward pass instead of recomputed. `{ fused: false }` (and a custom
 * activation function) selects the composite form written in public ops (matMul, concat, split, sigmoid,
 * tanh, ...): the reference the fused kernels are tested against, and the form that supports gradients of
 * gradients.
 *
 * Each cell runs inside tidy: its intermediates are freed when it returns, so a step in an eager loop holds
 * on to nothing but its outputs (a tape keeps what the backward pass needs).
 *
 * Whole sequences (x [time, batch, inputSize]) are in rnn_sequence.ts: lstmSequence, gruSequence, rnnSequence.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { affine, gruComposite, lstmComposite } from './rnn_composite.js';
import { runBasicRNN, runGRU, runLSTM } from './rnn_kernels.js';
import {
  activationFn, cellArgs, fusedActivation, fusedFlag, lstmOptions, lstmState, weight, type LstmOptions, type RnnActivation,
} from './rnn_util.js';

export type { LstmOptions, RnnActivation } from './rnn_util.js';
export { gruSequence, lstmSequence, rnnSequence } from './rnn_sequence.js';

/** Options of basicRNNCell / gruCell. */
export interface CellOptions {
  /** false: the composite form in public ops (default true: the fused kernel). */
  fused?: boolean;
}


/**
 * TF's BasicRNNCell: newH = activation(concat([x, h], 1) @ kernel + bias).
 * x [batch, inputSize], h [batch, units], kernel [inputSize + units, units], bias [units]. A custom activation
 * function runs the composite form.
 */
export function basicRNNCell(
  x: TensorLike, h: TensorLike, kernel: TensorLike, bias: TensorLike, activation: RnnActivation = 'tanh', opts?: CellOptions,
): Tensor {
  const op = 'basicRNNCell';
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h);
    const act = fusedActivation(op, activation);
    const k = weight(op, 'kernel', kernel, [a.inputSize + a.units, a.units], '[inputSize + units, units]', a);
    const b = weight(op, 'bias', bias, [a.units], '[units]', a);
    // fusedFlag first: it also checks the options object, which a custom activation would otherwise skip.
    if (fusedFlag(op, opts) && act !== null) return runBasicRNN(false, [a.x, a.h, k, b], act);
    return activationFn(op, activation)(affine(a.x, a.h, k, b));
  });
}

/**
 * An LSTM step with TF's LSTMBlockCell semantics (gate order i, j, f, o as BasicLSTMCell):
 *   i = sig(i_ + c * wci), f = sig(f_ + forgetBias + c * wcf)             (peephole terms only with wci/wcf/wco)
 *   newC = c * f + i * tanh(j), clipped to [-cellClip, cellClip] when cellClip > 0
 *   newH = tanh(newC) * sig(o_ + newC * wco)
 * x [batch, inputSize], c and h [batch, units], kernel [inputSize + units, 4 * units], bias [4 * units],
 * wci / wcf / wco [units]. Returns [newC, newH].
 */
export function lstmCell(x: TensorLike, c: TensorLike, h: TensorLike, kernel: TensorLike, bias: TensorLike, opts: LstmOptions = {}): [Tensor, Tensor] {
  return lstmImpl('lstmCell', x, c, h, kernel, bias, opts);
}

function lstmImpl(op: string, x: TensorLike, c: TensorLike, h: TensorLike, kernel: TensorLike, bias: TensorLike, opts: LstmOptions): [Tensor, Tensor] {
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h);
    const tc = lstmState(op, 'c', c, a);
    const o = lstmOptions(op, opts, a);
    const u = a.units;
    const k = weight(op, 'kernel', kernel, [a.inputSize + u, 4 * u], '[inputSize + units, 4 * units]', a);
    const b = weight(op, 'bias', bias, [4 * u], '[4 * units]', a);
    if (!o.fused) return lstmComposite(a, tc, k, b, o);
    const outs = runLSTM(false, [a.x, tc, a.h, k, b, ...(o.peep ?? [])], { forgetBias: o.forgetBias, cellClip: o.cellClip, usePeephole: !!o.peep });
    return [outs[1]!, outs[6]!] as [Tensor, Tensor];
  });
}

/**
 * TF's BasicLSTMCell (no peepholes, no projection). With gates = concat([x, h], 1) @ kernel + bias split
 * into i, j, f, o (TF's order: input gate, new input, forget gate, output gate):
 *   newC = c * sigmoid(f + forgetBias) + sigmoid(i) * tanh(j);  newH = tanh(newC) * sigmoid(o).
 * x [batch, inputSize], c and h [batch, units], kernel [inputSize + units, 4 * units], bias [4 * units].
 * Returns [newC, newH]. lstmCell adds peepholes and the cell clip.
 */
export function basicLSTMCell(
  x: TensorLike,
  c: TensorLike,
  h: TensorLike,
  kernel: TensorLike,
  bias: TensorLike,
  forgetBias = 1,
  opts?: CellOptions,
): [Tensor, Tensor] {
  const op = 'basicLSTMCell';
  if (typeof forgetBias !== 'number' || !Number.isFinite(forgetBias)) {
    throw new ArgumentError(`${op}: 'forgetBias' must be a finite number, got ${String(forgetBias)}`);
  }
  return lstmImpl(op, x, c, h, kernel, bias, { forgetBias, fused: fusedFlag(op, opts) });
}

/**
 * TF 1.x's GRUCell:
 *   [r, u] = split(sigmoid(concat([x, h], 1) @ gateKernel + gateBias), 2, 1)   (reset gate first)
 *   cand = tanh(concat([x, r * h], 1) @ candidateKernel + candidateBias)
 *   newH = u * h + (1 - u) * cand
 * x [batch, inputSize], h [batch, units], gateKernel [inputSize + units, 2 * units], gateBias [2 * units],
 * candidateKernel [inputSize + units, units], candidateBias [units].
 */
export function gruCell(
  x: TensorLike,
  h: TensorLike,
  gateKernel: TensorLike,
  gateBias: TensorLike,
  candidateKernel: TensorLike,
  candidateBias: TensorLike,
  opts?: CellOptions,
): Tensor {
  const op = 'gruCell';
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h);
    const u = a.units, rows = a.inputSize + u;
    const gk = weight(op, 'gateKernel', gateKernel, [rows, 2 * u], '[inputSize + units, 2 * units]', a);
    const gb = weight(op, 'gateBias', gateBias, [2 * u], '[2 * units]', a);
    const ck = weight(op, 'candidateKernel', candidateKernel, [rows, u], '[inputSize + units, units]', a);
    const cb = weight(op, 'candidateBias', candidateBias, [u], '[units]', a);
    if (!fusedFlag(op, opts)) return gruComposite(a, gk, gb, ck, cb);
    return runGRU(false, [a.x, a.h, gk, gb, ck, cb])[3]!;
  });
}
