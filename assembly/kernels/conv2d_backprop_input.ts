// Conv2DBackpropInput: dx = the adjoint of Conv2D in x. Per group and chunk of output pixels, the patch
// gradients dcols = dy_g (mc x OCg) * w_g^T (OCg x Kg) come from the GEMM (w_g^T read through strides, no
// copy), and col2im adds each patch back to the input cells it was read from.

import { alloc, free } from '../alloc';
import { gemm } from './matmul';
import { prm, chunkRows, col2im, nchwToNhwc, nhwcToNchw, P_N, P_H, P_W, P_C, P_OH, P_OW, P_OC, P_KH, P_KW, P_SH, P_SW,
  P_PT, P_PL, P_G, P_NCHW, P_A, P_B, P_OUT } from './conv_util';

/** params: P_A = dy, P_B = filter, P_OUT = dx. Returns false when a scratch buffer could not be allocated. */
export function Conv2DBackpropInput(p: usize): bool {
  const N = prm(p, P_N), H = prm(p, P_H), W = prm(p, P_W), C = prm(p, P_C), OH = prm(p, P_OH), OW = prm(p, P_OW);
  const OC = prm(p, P_OC), KH = prm(p, P_KH), KW = prm(p, P_KW), G = prm(p, P_G), nchw = prm(p, P_NCHW) != 0;
  let dy = <usize>prm(p, P_A);
  const w = <usize>prm(p, P_B);
  const dxOut = <usize>prm(p, P_OUT);
  const M = N * OH * OW;
  const xBytes = <usize>N * H * W * C << 2;
  let dyt: usize = 0, dxt: usize = 0;
  if (nchw) {
    dyt = alloc(<usize>M * OC << 2);
    dxt = alloc(xBytes);
    if (dyt == 0 || dxt == 0) { free(dyt); free(dxt); return false; }
    nchwToNhwc(dy, dyt, N, OC, OH, OW);
    dy = dyt;
  }
  const dx = nchw ? dxt : dxOut;
  const cg = C / G, ocg = OC / G, kg = KH * KW * cg;
  let ok = true;
  const direct = KH == 1 && KW == 1 && prm(p, P_SH) == 1 && prm(p, P_SW) == 1 && prm(p, P_PT) == 0 && prm(p, P_PL) == 0
    && OH == H && OW == W;
  if (direct) {
    // dx_g (M x Cg) = dy_g (M x OCg) * w_g^T, written straight into dx's column block.
    for (let g = 0; g < G && ok; g++) {
      ok = gemm(M, cg, ocg, dy + (<usize>g * ocg << 2), OC, 1, w + (<usize>g * ocg << 2), 1, OC, dx + (<usize>g * cg << 2), C, false);
    }
  } else {
    memory.fill(dx, 0, xBytes);
    if (M > 0 && kg > 0) {
      const rows = chunkRows(M, kg);
      const cols = alloc(<usize>rows * kg << 2);
      if (cols == 0) ok = false;
      for (let g = 0; g < G && ok; g++) {
        for (let m0 = 0; m0 < M && ok; m0 += rows) {
          const mc = min(rows, M - m0);
          ok = gemm(mc, kg, ocg, dy + ((<usize>m0 * OC + <usize>g * ocg) << 2), OC, 1, w + (<usize>g * ocg << 2), 1, OC, cols, kg, false);
          if (ok) col2im(p, cols, dx, m0, mc, g);
        }
      }
      free(cols);
    }
  }
  if (nchw) {
    if (ok) nhwcToNchw(dxt, dxOut, N, H, W, C);
    free(dyt);
    free(dxt);
  }
  return ok;
}
