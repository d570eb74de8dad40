import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asJs } from '../backend_js.js';
import type { RnnDims } from './LSTMBlockSequence.js';
import { asF, gemmAcc, mat, sigmoid, type FArr } from './rnn_math.js';

/** The per-step outputs of a GRU, each [T, B, H]: reset gate, update gate, candidate, new state. */
export interface GruStates {
  r: FArr; u: FArr; c: FArr; h: FArr;
}

export interface GruWeights {
  x: FArr; h0: FArr; wRu: FArr; bRu: FArr; wC: FArr; bC: FArr;
}

export function gruInputs(js: ReturnType<typeof asJs>, inputs: TensorInfo[]): GruWeights {
  const r = (k: number) => asF(js.readSync(inputs[k]!.dataId));
  return { x: r(0), h0: r(1), wRu: r(2), bRu: r(3), wC: r(4), bC: r(5) };
}

export const GRU_OUTPUTS = ['r', 'u', 'c', 'h'] as const;

/**
 * TF's GRUCell over T steps: [r, u] = sig(xh @ wRu + bRu); c = tanh(concat(x, r * hPrev) @ wC + bC);
 * h = u * hPrev + (1 - u) * c. wRu [I+H, 2H] (r columns first), wC [I+H, H].
 */
export function gruForward(d: RnnDims, v: GruWeights, out: GruStates): void {
  const { T, B, I, H } = d;
  const H2 = 2 * H, BH = B * H;
  const ru = new Float64Array(B * H2), cp = new Float64Array(BH), rh = new Float64Array(BH);
  for (let t = 0; t < T; t++) {
    const hp = t > 0 ? out.h : v.h0, pOff = t > 0 ? (t - 1) * BH : 0;
    for (let r = 0; r < B; r++) {
      for (let g = 0; g < H2; g++) ru[r * H2 + g] = v.bRu[g]!;
      for (let j = 0; j < H; j++) cp[r * H + j] = v.bC[j]!;
    }
    gemmAcc(B, H2, I, mat(v.x, t * B * I, I), mat(v.wRu, 0, H2), ru, 0, H2);
    gemmAcc(B, H2, H, mat(hp, pOff, H), mat(v.wRu, I * H2, H2), ru, 0, H2);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) {
        const s = t * BH + r * H + j;
        out.r[s] = sigmoid(ru[r * H2 + j]!);
        out.u[s] = sigmoid(ru[r * H2 + H + j]!);
        rh[r * H + j] = out.r[s]! * hp[pOff + r * H + j]!;
      }
    }
    gemmAcc(B, H, I, mat(v.x, t * B * I, I), mat(v.wC, 0, H), cp, 0, H);
    gemmAcc(B, H, H, mat(rh, 0, H), mat(v.wC, I * H, H), cp, 0, H);
    for (let k = 0; k < BH; k++) {
      const s = t * BH + k;
      out.c[s] = Math.tanh(cp[k]!);
      const u = out.u[s]!;
      out.h[s] = u * hp[pOff + k]! + (1 - u) * out.c[s]!;
    }
  }
}

/** GRUBlockSequence: x [T, B, I] -> r, u, c, h, each [T, B, H]. */
export const gruBlockSequence: KernelFn<'GRUBlockSequence'> = (inputs, _attrs, backend) => {
  const js = asJs(backend);
  const [T, B, I] = inputs[0]!.shape as [number, number, number];
  const H = inputs[1]!.shape[1]!;
  const outs = GRU_OUTPUTS.map(() => js.makeOutput([T, B, H], inputs[0]!.dtype));
  const st = Object.fromEntries(GRU_OUTPUTS.map((k, n) => [k, outs[n]![1] as FArr])) as unknown as GruStates;
  gruForward({ T, B, I, H }, gruInputs(js, inputs), st);
  return outs.map(([info]) => info);
};
