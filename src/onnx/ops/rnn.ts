/**
 * LSTM, GRU and RNN with ONNX's semantics: gate orders (LSTM i,o,f,c; GRU z,r,h), separate input and recurrent
 * biases, peepholes, input_forget, linear_before_reset, per-direction activation lists with alpha/beta, clip,
 * forward/reverse/bidirectional, sequence_lens (each sequence stops, and reverses, within its length), initial
 * states and both layouts. The steps are unrolled with public ops (the time length must be known at load), so
 * an imported recurrent network is differentiable on every backend.
 */
import type { Tensor } from '../../core/tensor.js';
import * as g from '../../graph/graph_ops.generated.js';
import type { OpContext, OpDef } from '../op_context.js';

type Act = (x: Tensor) => Tensor;

function activation(c: OpContext, name: string, alpha: number | undefined, beta: number | undefined): Act {
  const s = (x: Tensor, v: number) => g.scalar(v, x.dtype);
  switch (name.toLowerCase()) {
    case 'sigmoid': return g.sigmoid;
    case 'tanh': return g.tanh;
    case 'relu': return g.relu;
    case 'softsign': return g.softsign;
    case 'softplus': return g.softplus;
    case 'leakyrelu': return (x) => g.leakyRelu(x, alpha ?? 0.01);
    case 'thresholdedrelu': return (x) => g.where(g.greater(x, s(x, alpha ?? 1)), x, g.zerosLike(x));
    case 'hardsigmoid': return (x) => g.clipByValue(g.add(g.mul(x, s(x, alpha ?? 0.2)), s(x, beta ?? 0.5)), 0, 1);
    case 'affine': return (x) => g.add(g.mul(x, s(x, alpha ?? 1)), s(x, beta ?? 0));
    case 'scaledtanh': return (x) => g.mul(s(x, alpha ?? 1), g.tanh(g.mul(x, s(x, beta ?? 1))));
    case 'elu': return (x) => g.where(g.greater(x, s(x, 0)), x, g.mul(s(x, alpha ?? 1), g.expm1(x)));
    default: throw c.error(`activation '${name}' is not supported`);
  }
}

const TAKES_ALPHA = new Set(['leakyrelu', 'thresholdedrelu', 'hardsigmoid', 'affine', 'scaledtanh', 'elu']);
const TAKES_BETA = new Set(['hardsigmoid', 'affine', 'scaledtanh']);

/** The activation functions per direction: the attribute's list (alpha/beta consumed in order) or defaults. */
function activations(c: OpContext, defaults: string[], numDirections: number): Act[][] {
  const names = c.strs('activations') ?? Array.from({ length: numDirections }, () => defaults).flat();
  if (names.length !== defaults.length * numDirections) throw c.error(`activations must list ${defaults.length * numDirections} functions, got ${names.length}`);
  const alphas = c.floats('activation_alpha') ?? [];
  const betas = c.floats('activation_beta') ?? [];
  let ai = 0, bi = 0;
  const fns = names.map((n) => {
    const a = TAKES_ALPHA.has(n.toLowerCase()) ? alphas[ai++] : undefined;
    const b = TAKES_BETA.has(n.toLowerCase()) ? betas[bi++] : undefined;
    return activation(c, n, a, b);
  });
  return Array.from({ length: numDirections }, (_, d) => fns.slice(d * defaults.length, (d + 1) * defaults.length));
}

interface Common {
  x: Tensor; // [T, B, I]
  T: number;
  B: number;
  H: number;
  dirs: ('forward' | 'reverse')[];
  lens: number[] | null;
  clip: number | null;
  layout: number;
}

function common(c: OpContext): Common {
  let x = c.input(0);
  const layout = c.int('layout', 0);
  if (layout === 1) x = g.transpose(x, [1, 0, 2]);
  const [T, B] = x.shape as [number, number];
  if (T < 0) throw c.error('the sequence length must be known at load (the steps are unrolled)');
  const direction = c.str('direction', 'forward');
  const dirs: ('forward' | 'reverse')[] = direction === 'bidirectional' ? ['forward', 'reverse'] : direction === 'reverse' ? ['reverse'] : direction === 'forward' ? ['forward'] : (() => { throw c.error(`direction '${direction}' is not forward, reverse or bidirectional`); })();
  const H = c.int('hidden_size', c.input(2).shape[2]!);
  const lens = c.opt(4) ? c.values(4) : null;
  const clip = c.has('clip') ? c.float('clip', 0) : null;
  return { x, T, B, H, dirs, lens, clip, layout };
}

/** Slice d of a [D, ...] tensor. */
const dir = (t: Tensor, d: number) => g.squeeze(g.slice(t, [d, ...t.shape.slice(1).map(() => 0)], [1, ...t.shape.slice(1)]), [0]);

/** Runs one direction: step(t, xw_t, state) -> new state (first entry is h). Returns the per-step h and final state. */
function runDirection(cm: Common, reverse: boolean, state: Tensor[], step: (xwT: Tensor, s: Tensor[]) => Tensor[], xw: Tensor): { ys: Tensor[]; last: Tensor[] } {
  const ys: Tensor[] = Array(cm.T);
  const order = Array.from({ length: cm.T }, (_, i) => (reverse ? cm.T - 1 - i : i));
  for (const t of order) {
    const xwT = g.squeeze(g.slice(xw, [t, 0, 0], [1, cm.B, xw.shape[2]!]), [0]);
    const next = step(xwT, state);
    if (cm.lens) {
      // Batch entries whose sequence has ended keep their state and output zeros.
      const live = g.tensor(cm.lens.map((l) => t < l), [cm.B, 1], 'bool');
      state = next.map((s, k) => g.where(live, s, state[k]!));
      ys[t] = g.where(live, next[0]!, g.zerosLike(next[0]!));
    } else {
      state = next;
      ys[t] = next[0]!;
    }
  }
  return { ys, last: state };
}

const clipped = (cm: Common, x: Tensor) => (cm.clip === null ? x : g.clipByValue(x, -cm.clip, cm.clip));

/** x [T,B,I] times W_d [G*H, I] transposed, for every step at once: [T, B, G*H]. */
function inputProjection(cm: Common, w: Tensor, bias: Tensor | null): Tensor {
  const I = cm.x.shape[2]!;
  let xw = g.matMul(g.reshape(cm.x, [cm.T * cm.B, I]), w, false, true);
  if (bias) xw = g.add(xw, bias);
  return g.reshape(xw, [cm.T, cm.B, w.shape[0]!]);
}

/** Stacks per-direction results into ONNX's outputs Y [T, D, B, H] and Y_h [D, B, H] (layout 1: batch first). */
function outputs(cm: Common, perDir: { ys: Tensor[]; last: Tensor[] }[], c: OpContext): (Tensor | null)[] {
  const Y = g.stack(perDir.map((r) => g.stack(r.ys, 0)), 1); // [T, D, B, H]
  const finals = perDir[0]!.last.map((_, k) => g.stack(perDir.map((r) => r.last[k]!), 0)); // each [D, B, H]
  if (cm.layout === 1) {
    return [c.numOutputs > 0 ? g.transpose(Y, [2, 0, 1, 3]) : null, ...finals.map((f) => g.transpose(f, [1, 0, 2]))];
  }
  return [Y, ...finals];
}

function initial(c: OpContext, i: number, cm: Common, d: number): Tensor {
  const t = c.opt(i);
  if (!t) return g.zeros([cm.B, cm.H], cm.x.dtype);
  return dir(cm.layout === 1 ? g.transpose(t, [1, 0, 2]) : t, d);
}

/** W and R biases of direction d summed into one [G*H] vector (ONNX's B is [D, 2*G*H]: Wb then Rb). */
function biasParts(c: OpContext, d: number, G: number, H: number): [Tensor, Tensor] | null {
  const b = c.opt(3);
  if (!b) return null;
  const bd = dir(b, d);
  const [wb, rb] = g.split(bd, [G * H, G * H], 0);
  return [wb!, rb!];
}

function lstm(c: OpContext): (Tensor | null)[] {
  const cm = common(c);
  const acts = activations(c, ['Sigmoid', 'Tanh', 'Tanh'], cm.dirs.length);
  const H = cm.H;
  const inputForget = c.int('input_forget', 0) === 1;
  const perDir = cm.dirs.map((direction, d) => {
    const [f, gAct, h] = acts[d]! as [Act, Act, Act];
    const W = dir(c.input(1), d), R = dir(c.input(2), d);
    const bias = biasParts(c, d, 4, H);
    const xw = inputProjection(cm, W, bias ? g.add(bias[0], bias[1]) : null);
    const P = c.opt(7) ? g.split(dir(c.input(7), d), 3, 0) : null; // i, o, f
    const step = (xwT: Tensor, [hPrev, cPrev]: Tensor[]) => {
      const z = g.add(xwT, g.matMul(hPrev!, R, false, true));
      const [zi, zo, zf, zc] = g.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
      const it = f(clipped(cm, P ? g.add(zi, g.mul(P[0]!, cPrev!)) : zi));
      const ft = inputForget ? g.sub(g.onesLike(it), it) : f(clipped(cm, P ? g.add(zf, g.mul(P[2]!, cPrev!)) : zf));
      const ct = gAct(clipped(cm, zc));
      const C = g.add(g.mul(ft, cPrev!), g.mul(it, ct));
      const ot = f(clipped(cm, P ? g.add(zo, g.mul(P[1]!, C)) : zo));
      return [g.mul(ot, h(C)), C];
    };
    return runDirection(cm, direction === 'reverse', [initial(c, 5, cm, d), initial(c, 6, cm, d)], step, xw);
  });
  return outputs(cm, perDir, c);
}

function gru(c: OpContext): (Tensor | null)[] {
  const cm = common(c);
  const acts = activations(c, ['Sigmoid', 'Tanh'], cm.dirs.length);
  const H = cm.H;
  const lbr = c.int('linear_before_reset', 0) === 1;
  const perDir = cm.dirs.map((direction, d) => {
    const [f, gAct] = acts[d]! as [Act, Act];
    const W = dir(c.input(1), d), R = dir(c.input(2), d);
    const [Rzr, Rh] = g.split(R, [2 * H, H], 0) as [Tensor, Tensor];
    const bias = biasParts(c, d, 3, H);
    const [rbzr, rbh] = bias ? (g.split(bias[1], [2 * H, H], 0) as [Tensor, Tensor]) : [null, null];
    const xw = inputProjection(cm, W, bias ? bias[0] : null);
    const step = (xwT: Tensor, [hPrev]: Tensor[]) => {
      const [xz, xr, xh] = g.split(xwT, 3, 1) as [Tensor, Tensor, Tensor];
      let hzr = g.matMul(hPrev!, Rzr, false, true);
      if (rbzr) hzr = g.add(hzr, rbzr);
      const [hz, hr] = g.split(hzr, 2, 1) as [Tensor, Tensor];
      const zt = f(clipped(cm, g.add(xz, hz)));
      const rt = f(clipped(cm, g.add(xr, hr)));
      let rec: Tensor;
      if (lbr) {
        let hh = g.matMul(hPrev!, Rh, false, true);
        if (rbh) hh = g.add(hh, rbh);
        rec = g.mul(rt, hh);
      } else {
        rec = g.matMul(g.mul(rt, hPrev!), Rh, false, true);
        if (rbh) rec = g.add(rec, rbh);
      }
      const ht = gAct(clipped(cm, g.add(xh, rec)));
      return [g.add(g.mul(g.sub(g.onesLike(zt), zt), ht), g.mul(zt, hPrev!))];
    };
    return runDirection(cm, direction === 'reverse', [initial(c, 5, cm, d)], step, xw);
  });
  return outputs(cm, perDir, c);
}

function rnn(c: OpContext): (Tensor | null)[] {
  const cm = common(c);
  const acts = activations(c, ['Tanh'], cm.dirs.length);
  const perDir = cm.dirs.map((direction, d) => {
    const [f] = acts[d]! as [Act];
    const W = dir(c.input(1), d), R = dir(c.input(2), d);
    const bias = biasParts(c, d, 1, cm.H);
    const xw = inputProjection(cm, W, bias ? g.add(bias[0], bias[1]) : null);
    const step = (xwT: Tensor, [hPrev]: Tensor[]) => [f(clipped(cm, g.add(xwT, g.matMul(hPrev!, R, false, true))))];
    return runDirection(cm, direction === 'reverse', [initial(c, 5, cm, d)], step, xw);
  });
  return outputs(cm, perDir, c);
}

export const RNN_OPS: Record<string, OpDef> = {
  LSTM: { translate: lstm },
  GRU: { translate: gru },
  RNN: { translate: rnn },
};
