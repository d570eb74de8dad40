/**
 * Whole-sequence recurrent ops over time-major inputs x [time, batch, inputSize], with TF's cell semantics
 * (the same as lstmCell, gruCell and basicRNNCell step by step). Fused (the default), each is one kernel
 * (LSTMBlockSequence, GRUBlockSequence, BasicRNNSequence) that computes the input projections of every step
 * in one GEMM, runs the recurrence inside the backend, and has one backward kernel for backpropagation
 * through time. `{ fused: false }` (or a custom activation) loops over the composite cells instead.
 */
import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import { stack, unstack } from './concat_split.js';
import { zeros } from './creation.js';
import { affine, gruComposite, lstmComposite } from './rnn_composite.js';
import { runBasicRNN, runGRU, runLSTM } from './rnn_kernels.js';
import { activationFn, cellArgs, fusedFlag, fusedActivation, lstmOptions, lstmState, weight, type CellArgs, type LstmOptions, type RnnActivation } from './rnn_util.js';


/** Runs `step` over the time axis (composite form): the outputs of every step stacked on axis 0. */
function loop(a: CellArgs, nOut: number, step: (xt: Tensor, state: Tensor[]) => Tensor[], init: Tensor[]): Tensor[] {
  const T = a.x.shape[0]!;
  if (T === 0) return Array.from({ length: nOut }, () => zeros([0, a.batch, a.units], a.x.dtype));
  const outs: Tensor[][] = Array.from({ length: nOut }, () => []);
  let state = init;
  for (const xt of unstack(a.x, 0)) {
    state = step(xt, state);
    state.forEach((s, k) => outs[k]!.push(s));
  }
  return outs.map((o) => stack(o, 0));
}

/**
 * An LSTM (lstmCell's semantics and options: forgetBias, cellClip, peepholes) over every step of
 * x [time, batch, inputSize] from the states c0, h0 [batch, units]. Returns [c, h], each
 * [time, batch, units] (the final states are the last steps).
 */
export function lstmSequence(
  x: TensorLike, c0: TensorLike, h0: TensorLike, kernel: TensorLike, bias: TensorLike, opts: LstmOptions = {},
): [Tensor, Tensor] {
  const op = 'lstmSequence';
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h0, 'h0', 3);
    const tc = lstmState(op, 'c0', c0, a);
    const o = lstmOptions(op, opts, a);
    const u = a.units;
    const k = weight(op, 'kernel', kernel, [a.inputSize + u, 4 * u], '[inputSize + units, 4 * units]', a);
    const b = weight(op, 'bias', bias, [4 * u], '[4 * units]', a);
    if (!o.fused) {
      return loop(a, 2, (xt, [c, h]) => lstmComposite({ ...a, x: xt, h: h! }, c!, k, b, o), [tc, a.h]) as [Tensor, Tensor];
    }
    // Without a tape recording, no gradient can be asked of this call: the kernel may skip the five gate
    // outputs it would otherwise store for backprop (only cs and h are returned).
    const outs = runLSTM(true, [a.x, tc, a.h, k, b, ...(o.peep ?? [])], {
      forgetBias: o.forgetBias, cellClip: o.cellClip, usePeephole: !!o.peep, gateOutputs: ENGINE.isRecording(),
    });
    return [outs[1]!, outs[6]!] as [Tensor, Tensor];
  });
}

/**
 * A GRU (gruCell's semantics) over every step of x [time, batch, inputSize] from h0 [batch, units].
 * Returns h [time, batch, units].
 */
export function gruSequence(
  x: TensorLike, h0: TensorLike, gateKernel: TensorLike, gateBias: TensorLike, candidateKernel: TensorLike, candidateBias: TensorLike,
  opts?: { fused?: boolean },
): Tensor {
  const op = 'gruSequence';
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h0, 'h0', 3);
    const u = a.units, rows = a.inputSize + u;
    const gk = weight(op, 'gateKernel', gateKernel, [rows, 2 * u], '[inputSize + units, 2 * units]', a);
    const gb = weight(op, 'gateBias', gateBias, [2 * u], '[2 * units]', a);
    const ck = weight(op, 'candidateKernel', candidateKernel, [rows, u], '[inputSize + units, units]', a);
    const cb = weight(op, 'candidateBias', candidateBias, [u], '[units]', a);
    if (!fusedFlag(op, opts)) return loop(a, 1, (xt, [h]) => [gruComposite({ ...a, x: xt, h: h! }, gk, gb, ck, cb)], [a.h])[0]!;
    return runGRU(true, [a.x, a.h, gk, gb, ck, cb])[3]!;
  });
}

/**
 * A basic RNN (basicRNNCell's semantics) over every step of x [time, batch, inputSize] from h0
 * [batch, units]. Returns h [time, batch, units]. A custom activation function runs the composite loop.
 */
export function rnnSequence(
  x: TensorLike, h0: TensorLike, kernel: TensorLike, bias: TensorLike, activation: RnnActivation = 'tanh', opts?: { fused?: boolean },
): Tensor {
  const op = 'rnnSequence';
  return ENGINE.tidy(() => {
    const a = cellArgs(op, x, h0, 'h0', 3);
    const act = fusedActivation(op, activation);
    const k = weight(op, 'kernel', kernel, [a.inputSize + a.units, a.units], '[inputSize + units, units]', a);
    const b = weight(op, 'bias', bias, [a.units], '[units]', a);
    // fusedFlag first: it also checks the options object, which a custom activation would otherwise skip.
    if (fusedFlag(op, opts) && act !== null) return runBasicRNN(true, [a.x, a.h, k, b], act);
    const f = activationFn(op, activation);
    return loop(a, 1, (xt, [h]) => [f(affine(xt, h!, k, b))], [a.h])[0]!;
  });
}
