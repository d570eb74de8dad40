// Conv2DBackpropFilter: dw = the adjoint of Conv2D in the filter, dw_g (Kg x OCg) = sum over chunks of
// cols^T (Kg x mc) * dy_g (mc x OCg). The transposed patch matrix is read through strides (the GEMM packs it),
// and chunks after the first accumulate into dw, so the patch matrix never exists whole.

import { alloc, free } from '../alloc';
import { gemm } from './matmul';
import { prm, chunkRows, im2col, nchwToNhwc, P_N, P_H, P_W, P_C, P_OH, P_OW, P_OC, P_KH, P_KW, P_SH, P_SW,
  P_PT, P_PL, P_G, P_NCHW, P_A, P_B, P_OUT } from './conv_util';

/** params: P_A = x, P_B = dy, P_OUT = dw (HWIO). Returns false when a scratch buffer could not be allocated. */
export function Conv2DBackpropFilter(p: usize): bool {
  const N = prm(p, P_N), H = prm(p, P_H), W = prm(p, P_W), C = prm(p, P_C), OH = prm(p, P_OH), OW = prm(p, P_OW);
  const OC = prm(p, P_OC), KH = prm(p, P_KH), KW = prm(p, P_KW), G = prm(p, P_G), nchw = prm(p, P_NCHW) != 0;
  let x = <usize>prm(p, P_A);
  let dy = <usize>prm(p, P_B);
  const dw = <usize>prm(p, P_OUT);
  const M = N * OH * OW;
  const cg = C / G, ocg = OC / G, kg = KH * KW * cg;
  let xt: usize = 0, dyt: usize = 0;
  if (nchw) {
    xt = alloc(<usize>N * H * W * C << 2);
    dyt = alloc(<usize>M * OC << 2);
    if (xt == 0 || dyt == 0) { free(xt); free(dyt); return false; }
    nchwToNhwc(x, xt, N, C, H, W);
    nchwToNhwc(dy, dyt, N, OC, OH, OW);
    x = xt;
    dy = dyt;
  }
  let ok = true;
  if (M == 0 || kg == 0) {
    memory.fill(dw, 0, <usize>kg * OC << 2);
  } else {
    const direct = KH == 1 && KW == 1 && prm(p, P_SH) == 1 && prm(p, P_SW) == 1 && prm(p, P_PT) == 0 && prm(p, P_PL) == 0
      && OH == H && OW == W;
    if (direct) {
      // dw_g (Cg x OCg) = x_g^T (Cg x M) * dy_g (M x OCg).
      for (let g = 0; g < G && ok; g++) {
        ok = gemm(cg, ocg, M, x + (<usize>g * cg << 2), 1, C, dy + (<usize>g * ocg << 2), OC, 1, dw + (<usize>g * ocg << 2), OC, false);
      }
    } else {
      const rows = chunkRows(M, kg);
      const cols = alloc(<usize>rows * kg << 2);
      if (cols == 0) ok = false;
      for (let g = 0; g < G && ok; g++) {
        for (let m0 = 0; m0 < M && ok; m0 += rows) {
          const mc = min(rows, M - m0);
          im2col(p, x, cols, m0, mc, g);
          ok = gemm(kg, ocg, mc, cols, 1, kg, dy + ((<usize>m0 * OC + <usize>g * ocg) << 2), OC, 1, dw + (<usize>g * ocg << 2), OC, m0 > 0);
        }
      }
      free(cols);
    }
  }
  if (nchw) { free(xt); free(dyt); }
  return ok;
}
