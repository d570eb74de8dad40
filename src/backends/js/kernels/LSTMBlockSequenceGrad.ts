import type { LstmAttrs } from '../../../core/kernel_attrs.js';
import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import { LSTM_OUTPUTS, lstmInputs, type LstmStates, type RnnDims } from './LSTMBlockSequence.js';
import { asF, gemmAcc, mat, store, sumRows, tr, type FArr } from './rnn_math.js';

/** Gradients of an LSTM over T steps, as float64 accumulators (the kernels round them into the outputs). */
export interface LstmGrads {
  dx: Float64Array; dcs0: Float64Array; dh0: Float64Array; dw: Float64Array; db: Float64Array; dpeep: Float64Array[] | null;
}

/**
 * Backpropagation through time for lstmForward. Per step, newest first (TF's LSTMBlockCellBprop):
 *   dh_t  = dh[t] + dgates[t+1] @ w_h^T
 *   do    = o (1 - o) dh_t co
 *   dcs_t = (1 - co^2) dh_t o + dcs[t] + dcs_{t+1} f_{t+1} (+ di wci + df wcf of step t+1) (+ do wco)
 *           (zero where the cell clip was active: the exact gradient of the clip)
 *   dci = (1 - ci^2) dcs_t i;  df = f (1 - f) dcs_t csPrev;  di = i (1 - i) dcs_t ci
 * dgates [di, dci, df, do] of all steps then give dx, dw and db in three whole-sequence products.
 */
export function lstmBackward(
  d: RnnDims, x: FArr, cs0: FArr, h0: FArr, w: FArr, peep: FArr[] | null, a: LstmAttrs, s: LstmStates, dcs: FArr, dh: FArr,
): LstmGrads {
  const { T, B, I, H } = d;
  const G = 4 * H, BH = B * H;
  const dgates = new Float64Array(T * B * G);
  let dhRec = new Float64Array(BH);
  const dcsRec = new Float64Array(BH);
  const dpeep = peep ? [new Float64Array(H), new Float64Array(H), new Float64Array(H)] : null;
  // The forward pass stored min(max(c, -clip), clip) in the output dtype: compare with the clip as stored.
  const clip = s.cs instanceof Float32Array ? Math.fround(a.cellClip) : a.cellClip;
  for (let t = T - 1; t >= 0; t--) {
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) {
        const k = r * H + j, n = t * BH + k, row = (t * B + r) * G;
        const cPrev = t > 0 ? s.cs[n - BH]! : cs0[k]!;
        const dht = dh[n]! + dhRec[k]!;
        const ig = s.i[n]!, fg = s.f[n]!, og = s.o[n]!, cig = s.ci[n]!, co = s.co[n]!, cs = s.cs[n]!;
        const dO = og * (1 - og) * dht * co;
        let dc = (1 - co * co) * dht * og + dcs[n]! + dcsRec[k]!;
        if (peep) dc += dO * peep[2]![j]!;
        if (clip > 0 && !(Math.abs(cs) < clip)) dc = 0;
        const dci = (1 - cig * cig) * dc * ig;
        const df = fg * (1 - fg) * dc * cPrev;
        const di = ig * (1 - ig) * dc * cig;
        dgates[row + j] = di;
        dgates[row + H + j] = dci;
        dgates[row + 2 * H + j] = df;
        dgates[row + 3 * H + j] = dO;
        dcsRec[k] = dc * fg + (peep ? di * peep[0]![j]! + df * peep[1]![j]! : 0);
        if (dpeep) {
          dpeep[0]![j] += di * cPrev;
          dpeep[1]![j] += df * cPrev;
          dpeep[2]![j] += dO * cs;
        }
      }
    }
    dhRec = new Float64Array(BH);
    gemmAcc(B, H, G, mat(dgates, t * B * G, G), tr(mat(w, I * G, G)), dhRec, 0, H);
  }
  const dx = new Float64Array(T * B * I);
  gemmAcc(T * B, I, G, mat(dgates, 0, G), tr(mat(w, 0, G)), dx, 0, I);
  const dw = new Float64Array((I + H) * G);
  gemmAcc(I, G, T * B, tr(mat(x, 0, I)), mat(dgates, 0, G), dw, 0, G);
  for (let t = 0; t < T; t++) {
    const hp = t > 0 ? s.h : h0, off = t > 0 ? (t - 1) * BH : 0;
    gemmAcc(H, G, B, tr(mat(hp, off, H)), mat(dgates, t * B * G, G), dw, I * G, G);
  }
  const db = new Float64Array(G);
  sumRows(dgates, T * B, G, db);
  return { dx, dcs0: dcsRec, dh0: dhRec, dw, db, dpeep };
}

/**
 * Reads the inputs of LSTMBlockCellGrad / LSTMBlockSequenceGrad: the forward inputs (5 or 8), the 7 forward
 * outputs, then dcs and dh.
 */
export function lstmGradInputs(js: ReturnType<typeof asJs>, inputs: TensorInfo[], a: LstmAttrs) {
  const fwd = lstmInputs(js, inputs, a);
  const base = a.usePeephole ? 8 : 5;
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  const states = Object.fromEntries(LSTM_OUTPUTS.map((k, n) => [k, r(base + n)])) as unknown as LstmStates;
  return { ...fwd, states, dcs: r(base + 7), dh: r(base + 8) };
}

/** Allocates the outputs dx, dcs0, dh0, dw, db (+ dwci, dwcf, dwco), each shaped as its input, and fills them. */
export function lstmGradOutputs(js: ReturnType<typeof asJs>, inputs: TensorInfo[], g: LstmGrads): TensorInfo[] {
  const dtype = inputs[0]!.dtype;
  const vals: Float64Array[] = [g.dx, g.dcs0, g.dh0, g.dw, g.db, ...(g.dpeep ?? [])];
  return vals.map((v, k) => {
    const [info, arr] = js.makeOutput(inputs[k]!.shape, dtype);
    store(arr as FArr, v);
    return info;
  });
}

/** LSTMBlockSequenceGrad (kernel_names.ts): BPTT over the whole sequence. */
export const lstmBlockSequenceGrad: KernelFn<'LSTMBlockSequenceGrad'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  const H = inputs[1]!.shape[1]!;
  const v = lstmGradInputs(js, inputs, a);
  const g = lstmBackward({ T, B, I, H }, v.x, v.cs0, v.h0, v.w, v.peep, a, v.states, v.dcs, v.dh);
  return lstmGradOutputs(js, inputs, g);
};
