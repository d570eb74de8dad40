import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { RnnDims } from './LSTMBlockSequence.js';
import { activationGrad, asF, gemmAcc, mat, store, sumRows, tr, type FArr } from './rnn_math.js';
import type { FusedActivation } from '../../../core/kernel_attrs.js';

/**
 * BPTT for rnnForward: dpre_t = (dh[t] + dpre_{t+1} @ w_h^T) * act'(h_t); then dx = dpre @ w_x^T,
 * dw = [x; hPrev]^T @ dpre and db = sum of dpre, over all steps at once. Returns [dx, dh0, dw, db].
 */
export function rnnBackward(d: RnnDims, x: FArr, h0: FArr, w: FArr, h: FArr, dh: FArr, act: FusedActivation): Float64Array[] {
  const { T, B, I, H } = d;
  const BH = B * H;
  const dpre = new Float64Array(T * BH);
  let dhRec = new Float64Array(BH);
  for (let t = T - 1; t >= 0; t--) {
    for (let k = 0; k < BH; k++) {
      const n = t * BH + k;
      dpre[n] = (dh[n]! + dhRec[k]!) * activationGrad(act, h[n]!);
    }
    dhRec = new Float64Array(BH);
    gemmAcc(B, H, H, mat(dpre, t * BH, H), tr(mat(w, I * H, H)), dhRec, 0, H);
  }
  const dx = new Float64Array(T * B * I);
  gemmAcc(T * B, I, H, mat(dpre, 0, H), tr(mat(w, 0, H)), dx, 0, I);
  const dw = new Float64Array((I + H) * H);
  gemmAcc(I, H, T * B, tr(mat(x, 0, I)), mat(dpre, 0, H), dw, 0, H);
  for (let t = 0; t < T; t++) {
    const hp = t > 0 ? h : h0, pOff = t > 0 ? (t - 1) * BH : 0;
    gemmAcc(H, H, B, tr(mat(hp, pOff, H)), mat(dpre, t * BH, H), dw, I * H, H);
  }
  const db = new Float64Array(H);
  sumRows(dpre, T * B, H, db);
  return [dx, dhRec, dw, db];
}

/** Inputs x, h0, w, b, h (forward output), dh; outputs dx, dh0, dw, db shaped as x, h0, w, b. */
export function rnnGrad(js: ReturnType<typeof asJs>, inputs: TensorInfo[], d: RnnDims, act: FusedActivation): TensorInfo[] {
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  const grads = rnnBackward(d, r(0), r(1), r(2), r(4), r(5), act);
  return grads.map((g, k) => {
    const [info, arr] = js.makeOutput(inputs[k]!.shape, inputs[0]!.dtype);
    store(arr as FArr, g);
    return info;
  });
}

export const basicRNNSequenceGrad: KernelFn<'BasicRNNSequenceGrad'> = (inputs, attrs, backend) => {
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  return rnnGrad(asJs(backend), inputs, { T, B, I, H: inputs[1]!.shape[1]! }, attrs.activation);
};
