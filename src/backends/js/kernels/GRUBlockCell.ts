import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { GRU_OUTPUTS, gruForward, gruInputs, type GruStates } from './GRUBlockSequence.js';
import type { FArr } from './rnn_math.js';

/** GRUBlockCell: one step, x [B, I] -> r, u, c, h, each [B, H]; the sequence code with T = 1. */
export const gruBlockCell: KernelFn<'GRUBlockCell'> = (inputs, _attrs, backend) => {
  const js = asJs(backend);
  const [B, I] = inputs[0]!.shape as [number, number];
  const H = inputs[1]!.shape[1]!;
  const outs = GRU_OUTPUTS.map(() => js.makeOutput([B, H], inputs[0]!.dtype));
  const st = Object.fromEntries(GRU_OUTPUTS.map((k, n) => [k, outs[n]![1] as FArr])) as unknown as GruStates;
  gruForward({ T: 1, B, I, H }, gruInputs(js, inputs), st);
  return outs.map(([info]) => info);
};
