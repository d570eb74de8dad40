import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { FArr } from './rnn_math.js';
import { LSTM_OUTPUTS, lstmForward, lstmInputs, type LstmStates } from './LSTMBlockSequence.js';

/** LSTMBlockCell: one step, x [B, I] -> i, cs, f, o, ci, co, h, each [B, H]; the sequence code with T = 1. */
export const lstmBlockCell: KernelFn<'LSTMBlockCell'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const [B, I] = inputs[0]!.shape as [number, number];
  const H = inputs[1]!.shape[1]!;
  const outs = LSTM_OUTPUTS.map(() => js.makeOutput([B, H], inputs[0]!.dtype));
  const st = Object.fromEntries(LSTM_OUTPUTS.map((k, n) => [k, outs[n]![1] as FArr])) as unknown as LstmStates;
  const v = lstmInputs(js, inputs, a);
  lstmForward({ T: 1, B, I, H }, v.x, v.cs0, v.h0, v.w, v.b, v.peep, a, st);
  return outs.map(([info]) => info);
};
