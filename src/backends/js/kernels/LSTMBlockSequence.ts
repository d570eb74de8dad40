import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { LstmAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { asF, gemmAcc, mat, sigmoid, type FArr } from './rnn_math.js';


export interface RnnDims {
  T: number;
  B: number;
  I: number;
  H: number;
}

/** The seven per-step outputs of an LSTM, each [T, B, H] (TF's order). */
export interface LstmStates {
  i: FArr; cs: FArr; f: FArr; o: FArr; ci: FArr; co: FArr; h: FArr;
}

/**
 * TF LSTMBlockCell over T steps (kernel_names.ts, rnn block). x [T*B, I]; w [I+H, 4H] with gate columns
 * i, ci, f, o; peep = [wci, wcf, wco] or null. Each step reads the previous step's stored (dtype-rounded)
 * h and cs, as a step-by-step loop of the cell would.
 */
export function lstmForward(d: RnnDims, x: FArr, cs0: FArr, h0: FArr, w: FArr, b: FArr, peep: FArr[] | null, a: LstmAttrs, out: LstmStates): void {
  const { T, B, I, H } = d;
  const G = 4 * H, BH = B * H;
  const gates = new Float64Array(B * G);
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < B; r++) for (let g = 0; g < G; g++) gates[r * G + g] = b[g]!;
    gemmAcc(B, G, I, mat(x, t * B * I, I), mat(w, 0, G), gates, 0, G);
    const hp = t > 0 ? out.h : h0, csp = t > 0 ? out.cs : cs0, pOff = t > 0 ? (t - 1) * BH : 0;
    gemmAcc(B, G, H, mat(hp, pOff, H), mat(w, I * G, G), gates, 0, G);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) {
        const row = r * G, s = t * BH + r * H + j;
        const cPrev = csp[pOff + r * H + j]!;
        let iv = gates[row + j]!, fv = gates[row + 2 * H + j]! + a.forgetBias, ov = gates[row + 3 * H + j]!;
        if (peep) {
          iv += cPrev * peep[0]![j]!;
          fv += cPrev * peep[1]![j]!;
        }
        const ig = sigmoid(iv), fg = sigmoid(fv), cig = Math.tanh(gates[row + H + j]!);
        let c = cig * ig + cPrev * fg;
        if (a.cellClip > 0) c = Math.min(Math.max(c, -a.cellClip), a.cellClip);
        out.cs[s] = c;
        const cs = out.cs[s]!;
        if (peep) ov += cs * peep[2]![j]!;
        const og = sigmoid(ov), co = Math.tanh(cs);
        out.i[s] = ig;
        out.f[s] = fg;
        out.ci[s] = cig;
        out.o[s] = og;
        out.co[s] = co;
        out.h[s] = co * og;
      }
    }
  }
}

/** Reads the inputs of LSTMBlockCell / LSTMBlockSequence (peepholes only when usePeephole). */
export function lstmInputs(js: ReturnType<typeof asJs>, inputs: TensorInfo[], a: LstmAttrs): { x: FArr; cs0: FArr; h0: FArr; w: FArr; b: FArr; peep: FArr[] | null } {
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  return { x: r(0), cs0: r(1), h0: r(2), w: r(3), b: r(4), peep: a.usePeephole ? [r(5), r(6), r(7)] : null };
}

export const LSTM_OUTPUTS = ['i', 'cs', 'f', 'o', 'ci', 'co', 'h'] as const;

/** LSTMBlockSequence: x [T, B, I] -> i, cs, f, o, ci, co, h, each [T, B, H]. */
export const lstmBlockSequence: KernelFn<'LSTMBlockSequence'> = (inputs, a, backend) => {
  const js = asJs(backend);
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  const H = inputs[1]!.shape[1]!;
  const dtype = inputs[0]!.dtype;
  const outs = LSTM_OUTPUTS.map(() => js.makeOutput([T, B, H], dtype));
  const st = Object.fromEntries(LSTM_OUTPUTS.map((k, n) => [k, outs[n]![1] as FArr])) as unknown as LstmStates;
  const v = lstmInputs(js, inputs, a);
  lstmForward({ T, B, I, H }, v.x, v.cs0, v.h0, v.w, v.b, v.peep, a, st);
  return outs.map(([info]) => info);
};
