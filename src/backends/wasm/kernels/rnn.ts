import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';
import type { FusedActivation } from '../../../core/kernel_attrs.js';

/**
 * The fused recurrent kernels (kernel_names.ts, rnn block) for float32: LSTMBlock*, GRUBlock*, BasicRNN*, cell
 * (one step, [B, ...]) and sequence (time-major [T, B, ...]) forms, forward and backward. A cell is the
 * sequence code with T = 1 (the layouts coincide). The products run on the module's packed GEMM: the input
 * projections of all steps in one [T*B, I] x [I, kH] product (bias rows first), the recurrent product per
 * step, and in the backward pass dx, dW and db over the whole sequence at once; the gate nonlinearities of a
 * step are one module call (assembly/kernels/lstm_cell.ts, gru_cell.ts, rnn_cell.ts).
 */

const F = 4;

/** Scratch blocks of one kernel call, released together. */
class Scratch {
  private blocks: number[] = [];
  constructor(private wb: WasmBackend) {}
  take(floats: number, zero = false): number {
    const p = this.wb.alloc(floats * F);
    this.blocks.push(p);
    if (zero) this.wb.heapF32().fill(0, p >>> 2, (p >>> 2) + floats);
    return p;
  }
  release(): void {
    for (const p of this.blocks) this.wb.release(p);
  }
}

function zero(wb: WasmBackend, p: number, floats: number): void {
  wb.heapF32().fill(0, p >>> 2, (p >>> 2) + floats);
}

function gemm(wb: WasmBackend, M: number, N: number, Kd: number, A: number, rsA: number, csA: number, B: number, rsB: number, csB: number,
  C: number, ldc: number, acc: boolean): void {
  if (!wb.ex.gemm(M, N, Kd, A, rsA, csA, B, rsB, csB, C, ldc, acc ? 1 : 0)) throw wb.outOfMemory('the GEMM packing buffers');
}

/** dims of a cell ([B, I] x) or a sequence ([T, B, I] x); H from the state input. */
function dims(x: TensorInfo, state: TensorInfo): { T: number; B: number; I: number; H: number; cell: boolean } {
  const cell = x.shape.length === 2;
  const [T, B, I] = cell ? [1, x.shape[0]!, x.shape[1]!] : (x.shape as [number, number, number]);
  return { T, B, I, H: state.shape[1]!, cell };
}

/** rows x n block at dst filled with the bias row, then += x W_x (the input projections of every step). */
function projections(wb: WasmBackend, dst: number, rows: number, n: number, bias: number, x: number, I: number, w: number): void {
  if (rows === 0 || n === 0) return;
  wb.ex.copyRows(bias, 0, dst, n * F, rows, n * F);
  gemm(wb, rows, n, I, x, I, 1, w, n, 1, dst, n, true);
}

/** dW rows of the recurrent part: h0^T dg_0 + h[0..T-2]^T dg[1..T-1] into dw (H x n, row stride n). */
function recurrentWeightGrad(wb: WasmBackend, T: number, B: number, H: number, n: number, h0: number, h: number, dg: number, dw: number): void {
  gemm(wb, H, n, T > 0 ? B : 0, h0, 1, H, dg, n, 1, dw, n, false); // T = 0: zeros
  if (T > 1) gemm(wb, H, n, (T - 1) * B, h, 1, H, dg + B * n * F, n, 1, dw, n, true);
}

/** Column sums of a rows x n block (bias gradients), accumulated in float64 by the reduce kernel. */
function colSum(wb: WasmBackend, g: number, rows: number, n: number, out: number): void {
  if (!wb.ex.Sum(g, 1, rows, n, out)) throw wb.outOfMemory('a reduction buffer');
}

// ---- LSTM ----------------------------------------------------------------------------------------------

export const lstmForward: KernelFn<'LSTMBlockCell' | 'LSTMBlockSequence'> = (inputs, a, backend, specs) => {
  const wb = asWasm(backend);
  const [x, cs0, h0, w, b] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const { T, B, I, H, cell } = dims(x, cs0);
  const G = 4 * H, BH = B * H;
  const [outs, ptrs] = wb.makeOutputs(specs);
  const [pi, pcs, pf, po, pci, pco, ph] = ptrs as [number, number, number, number, number, number, number];
  const s = new Scratch(wb);
  try {
    const gates = s.take(T * B * G);
    projections(wb, gates, T * B, G, wb.ptr(b), wb.ptr(x), I, wb.ptr(w));
    const wh = wb.ptr(w) + I * G * F;
    const peep = a.usePeephole ? [wb.ptr(inputs[5]!), wb.ptr(inputs[6]!), wb.ptr(inputs[7]!)] : [0, 0, 0];
    for (let t = 0; t < T; t++) {
      const off = t * BH * F, prev = (t - 1) * BH * F;
      const hPrev = t > 0 ? ph + prev : wb.ptr(h0), csPrev = t > 0 ? pcs + prev : wb.ptr(cs0);
      const gt = gates + t * B * G * F;
      if (B > 0 && G > 0) gemm(wb, B, G, H, hPrev, H, 1, wh, G, 1, gt, G, true);
      wb.ex.lstmStep(gt, csPrev, peep[0]!, peep[1]!, peep[2]!, a.forgetBias, a.cellClip > 0 ? a.cellClip : 0, B, H,
        pi + off, pcs + off, pf + off, po + off, pci + off, pco + off, ph + off);
    }
  } finally {
    s.release();
  }
  return outs;
};

export const lstmBackward: KernelFn<'LSTMBlockCellGrad' | 'LSTMBlockSequenceGrad'> = (inputs, a, backend, specs) => {
  const wb = asWasm(backend);
  const nIn = a.usePeephole ? 8 : 5;
  const [x, cs0, h0, w] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [si, scs, sf, so, sci, sco, sh, dcs, dh] = inputs.slice(nIn).map((t) => t) as TensorInfo[];
  const { T, B, I, H } = dims(x, cs0);
  const G = 4 * H, BH = B * H;
  const [outs, ptrs] = wb.makeOutputs(specs);
  const [pdx, pdcs0, pdh0, pdw, pdb] = ptrs as [number, number, number, number, number];
  const dpeep = a.usePeephole ? ptrs.slice(5) : [0, 0, 0];
  if (a.usePeephole) for (const p of dpeep) zero(wb, p, H);
  zero(wb, pdcs0, BH); // dcsRec, carried back step by step
  zero(wb, pdh0, BH); // dhRec
  const peep = a.usePeephole ? [wb.ptr(inputs[5]!), wb.ptr(inputs[6]!), wb.ptr(inputs[7]!)] : [0, 0, 0];
  const p = (t: TensorInfo) => wb.ptr(t);
  const s = new Scratch(wb);
  try {
    const dg = s.take(T * B * G);
    const wx = p(w), wh = p(w) + I * G * F;
    for (let t = T - 1; t >= 0; t--) {
      const off = t * BH * F;
      const csPrev = t > 0 ? p(scs!) + (t - 1) * BH * F : p(cs0);
      const dgt = dg + t * B * G * F;
      wb.ex.lstmBackStep(p(dh!) + off, p(dcs!) + off, pdh0, pdcs0, p(si!) + off, p(scs!) + off, p(sf!) + off, p(so!) + off,
        p(sci!) + off, p(sco!) + off, csPrev, peep[0]!, peep[1]!, peep[2]!, dpeep[0]!, dpeep[1]!, dpeep[2]!,
        a.cellClip > 0 ? a.cellClip : 0, B, H, dgt);
      if (B > 0 && H > 0) gemm(wb, B, H, G, dgt, G, 1, wh, 1, G, pdh0, H, false);
    }
    gemm(wb, T * B, I, G, dg, G, 1, wx, 1, G, pdx, I, false);
    gemm(wb, I, G, T * B, p(x), 1, I, dg, G, 1, pdw, G, false);
    recurrentWeightGrad(wb, T, B, H, G, p(h0), p(sh!), dg, pdw + I * G * F);
    colSum(wb, dg, T * B, G, pdb);
  } finally {
    s.release();
  }
  return outs;
};

// ---- GRU -----------------------------------------------------------------------------------------------

export const gruForward: KernelFn<'GRUBlockCell' | 'GRUBlockSequence'> = (inputs, _attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, h0, wRu, bRu, wC, bC] = inputs as TensorInfo[];
  const { T, B, I, H, cell } = dims(x!, h0!);
  const H2 = 2 * H, BH = B * H;
  const [outs, ptrs] = wb.makeOutputs(specs);
  const [pr, pu, pc, ph] = ptrs as [number, number, number, number];
  const p = (t: TensorInfo) => wb.ptr(t);
  const s = new Scratch(wb);
  try {
    const ru = s.take(T * B * H2), cp = s.take(T * BH), rh = s.take(BH);
    projections(wb, ru, T * B, H2, p(bRu!), p(x!), I, p(wRu!));
    projections(wb, cp, T * B, H, p(bC!), p(x!), I, p(wC!));
    const wRuH = p(wRu!) + I * H2 * F, wCH = p(wC!) + I * H * F;
    for (let t = 0; t < T; t++) {
      const off = t * BH * F;
      const hPrev = t > 0 ? ph + (t - 1) * BH * F : p(h0!);
      const rut = ru + t * B * H2 * F, cpt = cp + off;
      if (B > 0 && H > 0) gemm(wb, B, H2, H, hPrev, H, 1, wRuH, H2, 1, rut, H2, true);
      wb.ex.gruGates(rut, hPrev, B, H, pr + off, pu + off, rh);
      if (B > 0 && H > 0) gemm(wb, B, H, H, rh, H, 1, wCH, H, 1, cpt, H, true);
      wb.ex.gruOut(cpt, pu + off, hPrev, BH, pc + off, ph + off);
    }
  } finally {
    s.release();
  }
  return outs;
};

export const gruBackward: KernelFn<'GRUBlockCellGrad' | 'GRUBlockSequenceGrad'> = (inputs, _attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, h0, wRu, , wC, , sr, su, sc, sh, dh] = inputs as TensorInfo[];
  const { T, B, I, H } = dims(x!, h0!);
  const H2 = 2 * H, BH = B * H;
  const [outs, ptrs] = wb.makeOutputs(specs);
  const [pdx, pdh0, pdwRu, pdbRu, pdwC, pdbC] = ptrs as [number, number, number, number, number, number];
  const p = (t: TensorInfo) => wb.ptr(t);
  const s = new Scratch(wb);
  try {
    const dRu = s.take(T * B * H2), dC = s.take(T * BH), rhAll = s.take(T * BH), drh = s.take(BH);
    let dhRec = s.take(BH, true), dhNew = s.take(BH);
    const wRuH = p(wRu!) + I * H2 * F, wCH = p(wC!) + I * H * F;
    for (let t = T - 1; t >= 0; t--) {
      const off = t * BH * F;
      const hPrev = t > 0 ? p(sh!) + (t - 1) * BH * F : p(h0!);
      const dRut = dRu + t * B * H2 * F;
      wb.ex.gruBack1(p(dh!) + off, dhRec, p(sr!) + off, p(su!) + off, p(sc!) + off, hPrev, B, H, dC + off, dRut, rhAll + off, dhNew);
      if (B > 0 && H > 0) gemm(wb, B, H, H, dC + off, H, 1, wCH, 1, H, drh, H, false);
      wb.ex.gruBack2(drh, p(sr!) + off, hPrev, B, H, dRut, dhNew);
      if (B > 0 && H > 0) gemm(wb, B, H, H2, dRut, H2, 1, wRuH, 1, H2, dhNew, H, true);
      [dhRec, dhNew] = [dhNew, dhRec];
    }
    wb.ex.copyRows(dhRec, BH * F, pdh0, BH * F, 1, BH * F);
    gemm(wb, T * B, I, H2, dRu, H2, 1, p(wRu!), 1, H2, pdx, I, false);
    gemm(wb, T * B, I, H, dC, H, 1, p(wC!), 1, H, pdx, I, true);
    gemm(wb, I, H2, T * B, p(x!), 1, I, dRu, H2, 1, pdwRu, H2, false);
    recurrentWeightGrad(wb, T, B, H, H2, p(h0!), p(sh!), dRu, pdwRu + I * H2 * F);
    gemm(wb, I, H, T * B, p(x!), 1, I, dC, H, 1, pdwC, H, false);
    gemm(wb, H, H, T * B, rhAll, 1, H, dC, H, 1, pdwC + I * H * F, H, false);
    colSum(wb, dRu, T * B, H2, pdbRu);
    colSum(wb, dC, T * B, H, pdbC);
  } finally {
    s.release();
  }
  return outs;
};

// ---- BasicRNN ------------------------------------------------------------------------------------------

type Act = FusedActivation;
/** The unary kernel export of each activation (null: linear, a copy). */
const FWD_FN = { tanh: 'Tanh', relu: 'Relu', sigmoid: 'Sigmoid', linear: null } as const;
/** The backward step export of each activation (assembly/kernels/rnn_cell.ts). */
const BACK_FN = { tanh: 'rnnBackTanh', relu: 'rnnBackRelu', sigmoid: 'rnnBackSigmoid', linear: 'rnnBackLinear' } as const;

export const rnnForward: KernelFn<'BasicRNNCell' | 'BasicRNNSequence'> = (inputs, attrs, backend, specs) => {
  const wb = asWasm(backend);
  const act: Act = attrs.activation ?? 'tanh';
  const fwd = FWD_FN[act] === null ? null : wb.ex[FWD_FN[act]]; // resolved once per call, not per step
  const [x, h0, w, b] = inputs as TensorInfo[];
  const { T, B, I, H, cell } = dims(x!, h0!);
  const BH = B * H;
  const [out, ph] = wb.makeOutput(specs[0]!.shape, 'float32');
  const p = (t: TensorInfo) => wb.ptr(t);
  const s = new Scratch(wb);
  try {
    const pre = s.take(T * BH);
    projections(wb, pre, T * B, H, p(b!), p(x!), I, p(w!));
    const wh = p(w!) + I * H * F;
    for (let t = 0; t < T; t++) {
      const off = t * BH * F;
      const hPrev = t > 0 ? ph + (t - 1) * BH * F : p(h0!);
      if (B > 0 && H > 0) gemm(wb, B, H, H, hPrev, H, 1, wh, H, 1, pre + off, H, true);
      if (fwd) fwd(pre + off, ph + off, BH, 0);
      else wb.ex.copyRows(pre + off, BH * F, ph + off, BH * F, 1, BH * F);
    }
  } finally {
    s.release();
  }
  return out;
};

export const rnnBackward: KernelFn<'BasicRNNCellGrad' | 'BasicRNNSequenceGrad'> = (inputs, attrs, backend, specs) => {
  const wb = asWasm(backend);
  const act: Act = attrs.activation ?? 'tanh';
  const back = wb.ex[BACK_FN[act]]; // resolved once per call, not per step
  const [x, h0, w, , sh, dh] = inputs as TensorInfo[];
  const { T, B, I, H } = dims(x!, h0!);
  const BH = B * H;
  const [outs, ptrs] = wb.makeOutputs(specs);
  const [pdx, pdh0, pdw, pdb] = ptrs as [number, number, number, number];
  const p = (t: TensorInfo) => wb.ptr(t);
  zero(wb, pdh0, BH);
  const s = new Scratch(wb);
  try {
    const dpre = s.take(T * BH);
    const wh = p(w!) + I * H * F;
    for (let t = T - 1; t >= 0; t--) {
      const off = t * BH * F;
      back(p(dh!) + off, pdh0, p(sh!) + off, BH, dpre + off);
      if (B > 0 && H > 0) gemm(wb, B, H, H, dpre + off, H, 1, wh, 1, H, pdh0, H, false);
    }
    gemm(wb, T * B, I, H, dpre, H, 1, p(w!), 1, H, pdx, I, false);
    gemm(wb, I, H, T * B, p(x!), 1, I, dpre, H, 1, pdw, H, false);
    recurrentWeightGrad(wb, T, B, H, H, p(h0!), p(sh!), dpre, pdw + I * H * F);
    colSum(wb, dpre, T * B, H, pdb);
  } finally {
    s.release();
  }
  return outs;
};
