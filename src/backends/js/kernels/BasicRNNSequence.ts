import type { KernelFn } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { RnnDims } from './LSTMBlockSequence.js';
import { activate, asF, gemmAcc, mat, type FArr } from './rnn_math.js';
import type { FusedActivation } from '../../../core/kernel_attrs.js';

/** TF's BasicRNNCell over T steps: h_t = act(x_t @ w[:I] + h_{t-1} @ w[I:] + b). */
export function rnnForward(d: RnnDims, x: FArr, h0: FArr, w: FArr, b: FArr, act: FusedActivation, out: FArr): void {
  const { T, B, I, H } = d;
  const BH = B * H;
  const pre = new Float64Array(BH);
  for (let t = 0; t < T; t++) {
    const hp = t > 0 ? out : h0, pOff = t > 0 ? (t - 1) * BH : 0;
    for (let r = 0; r < B; r++) for (let j = 0; j < H; j++) pre[r * H + j] = b[j]!;
    gemmAcc(B, H, I, mat(x, t * B * I, I), mat(w, 0, H), pre, 0, H);
    gemmAcc(B, H, H, mat(hp, pOff, H), mat(w, I * H, H), pre, 0, H);
    for (let k = 0; k < BH; k++) out[t * BH + k] = activate(act, pre[k]!);
  }
}

/** BasicRNNSequence: x [T, B, I], h0, w, b -> h [T, B, H]. */
export const basicRNNSequence: KernelFn<'BasicRNNSequence'> = (inputs, attrs, backend) => {
  const js = asJs(backend);
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  const H = inputs[1]!.shape[1]!;
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  const [info, out] = js.makeOutput([T, B, H], inputs[0]!.dtype);
  rnnForward({ T, B, I, H }, r(0), r(1), r(2), r(3), attrs.activation, out as FArr);
  return info;
};
