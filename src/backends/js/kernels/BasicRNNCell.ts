import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { rnnForward } from './BasicRNNSequence.js';
import { asF, type FArr } from './rnn_math.js';

/** BasicRNNCell: newH = act(concat([x, h]) @ w + b), the sequence code with T = 1. */
export const basicRNNCell: KernelFn<'BasicRNNCell'> = (inputs, attrs, backend) => {
  const js = asJs(backend);
  const [B, I] = inputs[0]!.shape as [number, number];
  const H = inputs[1]!.shape[1]!;
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  const [info, out] = js.makeOutput([B, H], inputs[0]!.dtype);
  rnnForward({ T: 1, B, I, H }, r(0), r(1), r(2), r(3), attrs.activation, out as FArr);
  return info;
};
