import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { GRU_OUTPUTS, gruInputs, type GruStates, type GruWeights } from './GRUBlockSequence.js';
import type { RnnDims } from './LSTMBlockSequence.js';
import { asF, gemmAcc, mat, store, sumRows, tr, type FArr } from './rnn_math.js';

/**
 * Backpropagation through time for gruForward. Per step, newest first, with dh_t = dh[t] + (recurrent part):
 *   dcBar = dh_t (1 - u) (1 - c^2)            (candidate pre-activation)
 *   duBar = dh_t (hPrev - c) u (1 - u)
 *   d(r h) = dcBar @ wC_h^T;  drBar = d(r h) hPrev r (1 - r)
 *   dhPrev = dh_t u + d(r h) r + [drBar, duBar] @ wRu_h^T
 * dx, dw and db then come from whole-sequence products over the stored [drBar, duBar] and dcBar.
 */
export function gruBackward(d: RnnDims, v: GruWeights, s: GruStates, dh: FArr): Float64Array[] {
  const { T, B, I, H } = d;
  const H2 = 2 * H, BH = B * H;
  const dRu = new Float64Array(T * B * H2), dC = new Float64Array(T * BH), rhAll = new Float64Array(T * BH);
  let dhRec = new Float64Array(BH);
  for (let t = T - 1; t >= 0; t--) {
    const hp = t > 0 ? s.h : v.h0, pOff = t > 0 ? (t - 1) * BH : 0;
    const dhNew = new Float64Array(BH);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) {
        const k = r * H + j, n = t * BH + k;
        const hpv = hp[pOff + k]!, u = s.u[n]!, c = s.c[n]!;
        const dht = dh[n]! + dhRec[k]!;
        dC[n] = dht * (1 - u) * (1 - c * c);
        dRu[(t * B + r) * H2 + H + j] = dht * (hpv - c) * u * (1 - u);
        rhAll[n] = s.r[n]! * hpv;
        dhNew[k] = dht * u;
      }
    }
    const drh = new Float64Array(BH);
    gemmAcc(B, H, H, mat(dC, t * BH, H), tr(mat(v.wC, I * H, H)), drh, 0, H);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) {
        const k = r * H + j, n = t * BH + k, rv = s.r[n]!;
        dRu[(t * B + r) * H2 + j] = drh[k]! * hp[pOff + k]! * rv * (1 - rv);
        dhNew[k] += drh[k]! * rv;
      }
    }
    gemmAcc(B, H, H2, mat(dRu, t * B * H2, H2), tr(mat(v.wRu, I * H2, H2)), dhNew, 0, H);
    dhRec = dhNew;
  }
  const dx = new Float64Array(T * B * I);
  gemmAcc(T * B, I, H2, mat(dRu, 0, H2), tr(mat(v.wRu, 0, H2)), dx, 0, I);
  gemmAcc(T * B, I, H, mat(dC, 0, H), tr(mat(v.wC, 0, H)), dx, 0, I);
  const dwRu = new Float64Array((I + H) * H2), dwC = new Float64Array((I + H) * H);
  gemmAcc(I, H2, T * B, tr(mat(v.x, 0, I)), mat(dRu, 0, H2), dwRu, 0, H2);
  gemmAcc(I, H, T * B, tr(mat(v.x, 0, I)), mat(dC, 0, H), dwC, 0, H);
  for (let t = 0; t < T; t++) {
    const hp = t > 0 ? s.h : v.h0, pOff = t > 0 ? (t - 1) * BH : 0;
    gemmAcc(H, H2, B, tr(mat(hp, pOff, H)), mat(dRu, t * B * H2, H2), dwRu, I * H2, H2);
  }
  gemmAcc(H, H, T * B, tr(mat(rhAll, 0, H)), mat(dC, 0, H), dwC, I * H, H);
  const dbRu = new Float64Array(H2), dbC = new Float64Array(H);
  sumRows(dRu, T * B, H2, dbRu);
  sumRows(dC, T * B, H, dbC);
  return [dx, dhRec, dwRu, dbRu, dwC, dbC];
}

/** Inputs of the GRU grad kernels: the 6 forward inputs, the 4 forward outputs, dh. */
export function gruGrad(js: ReturnType<typeof asJs>, inputs: TensorInfo[], d: RnnDims): TensorInfo[] {
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  const states = Object.fromEntries(GRU_OUTPUTS.map((k, n) => [k, r(6 + n)])) as unknown as GruStates;
  const grads = gruBackward(d, gruInputs(js, inputs), states, r(10));
  return grads.map((g, k) => {
    const [info, arr] = js.makeOutput(inputs[k]!.shape, inputs[0]!.dtype);
    store(arr as FArr, g);
    return info;
  });
}

/** GRUBlockSequenceGrad: outputs dx, dh0, dwRu, dbRu, dwC, dbC. */
export const gruBlockSequenceGrad: KernelFn<'GRUBlockSequenceGrad'> = (inputs, _attrs, backend) => {
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  return gruGrad(asJs(backend), inputs, { T, B, I, H: inputs[1]!.shape[1]! });
};
