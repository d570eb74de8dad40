/**
 * Thin callers of the fused recurrent kernels (kernel_names.ts, rnn block): each computes the output specs
 * and runs one kernel. Shared by the public cell / sequence ops (which validate first) and by the gradients
 * (which call the *Grad kernels on concrete tensors). Not exported from ops/index.ts: they do no validation.
 */
import { ENGINE, type OutSpec } from '../core/engine.js';
import type { FusedActivation, LstmAttrs } from '../core/kernel_attrs.js';
import * as K from '../core/kernel_names.js';
import type { Tensor } from '../core/tensor.js';


const specs = (n: number, shape: number[], dtype: Tensor['dtype']): OutSpec[] => Array.from({ length: n }, () => ({ shape: [...shape], dtype }));
/** Gradient outputs: one per differentiable input, shaped as that input. */
const like = (ts: Tensor[]): OutSpec[] => ts.map((t) => ({ shape: [...t.shape], dtype: t.dtype }));

/** The state shape of the outputs: [B, H] for a cell, [T, B, H] for a sequence (x is [B, I] or [T, B, I]). */
function stateShape(x: Tensor, h: Tensor): number[] {
  return [...x.shape.slice(0, -1), h.shape[1]!];
}

/** inputs [x, h, w, b] -> newH (cell) or h for every step (sequence). */
export function runBasicRNN(seq: boolean, inputs: Tensor[], activation: FusedActivation): Tensor {
  const [x, h] = inputs as [Tensor, Tensor];
  return ENGINE.runKernel(seq ? K.BasicRNNSequence : K.BasicRNNCell, inputs, { activation }, { shape: stateShape(x, h), dtype: x.dtype });
}

/** [dx, dh, dw, db] from the forward inputs [x, h, w, b], its output and the output's gradient. */
export function runBasicRNNGrad(seq: boolean, inputs: Tensor[], out: Tensor, dOut: Tensor, activation: FusedActivation): Tensor[] {
  return ENGINE.runKernel(seq ? K.BasicRNNSequenceGrad : K.BasicRNNCellGrad, [...inputs, out, dOut], { activation }, like(inputs));
}

/** inputs [x, cs, h, w, b, (wci, wcf, wco)] -> [i, cs, f, o, ci, co, h]. */
export function runLSTM(seq: boolean, inputs: Tensor[], attrs: LstmAttrs): Tensor[] {
  const [x, , h] = inputs as [Tensor, Tensor, Tensor];
  return ENGINE.runKernel(seq ? K.LSTMBlockSequence : K.LSTMBlockCell, inputs, attrs, specs(7, stateShape(x, h), x.dtype));
}

/** [dx, dcs, dh, dw, db, (dwci, dwcf, dwco)] from the forward inputs, its 7 outputs and dcs, dh. */
export function runLSTMGrad(seq: boolean, inputs: Tensor[], outputs: Tensor[], dcs: Tensor, dh: Tensor, attrs: LstmAttrs): Tensor[] {
  return ENGINE.runKernel(seq ? K.LSTMBlockSequenceGrad : K.LSTMBlockCellGrad, [...inputs, ...outputs, dcs, dh], attrs, like(inputs));
}

/** inputs [x, h, wRu, bRu, wC, bC] -> [r, u, c, h]. */
export function runGRU(seq: boolean, inputs: Tensor[]): Tensor[] {
  const [x, h] = inputs as [Tensor, Tensor];
  return ENGINE.runKernel(seq ? K.GRUBlockSequence : K.GRUBlockCell, inputs, {}, specs(4, stateShape(x, h), x.dtype));
}

/** [dx, dh, dwRu, dbRu, dwC, dbC] from the forward inputs, its 4 outputs and dh. */
export function runGRUGrad(seq: boolean, inputs: Tensor[], outputs: Tensor[], dh: Tensor): Tensor[] {
  return ENGINE.runKernel(seq ? K.GRUBlockSequenceGrad : K.GRUBlockCellGrad, [...inputs, ...outputs, dh], {}, like(inputs));
}
