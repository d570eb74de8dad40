// Conv2D forward: y = conv(x, w) as GEMMs of im2col patch chunks with the filter matrix, one per group.
// A 1x1 stride-1 unpadded convolution (a dense layer per pixel) skips im2col: x itself is the patch matrix.

import { alloc, free } from '../alloc';
import { gemm } from './matmul';
import { prm, chunkRows, im2col, nchwToNhwc, nhwcToNchw, P_N, P_H, P_W, P_C, P_OH, P_OW, P_OC, P_KH, P_KW, P_SH, P_SW,
  P_PT, P_PL, P_DH, P_DW, P_G, P_NCHW, P_A, P_B, P_OUT } from './conv_util';

/** Returns false when a scratch buffer could not be allocated. */
export function Conv2D(p: usize): bool {
  const N = prm(p, P_N), H = prm(p, P_H), W = prm(p, P_W), C = prm(p, P_C), OH = prm(p, P_OH), OW = prm(p, P_OW);
  const OC = prm(p, P_OC), KH = prm(p, P_KH), KW = prm(p, P_KW), G = prm(p, P_G), nchw = prm(p, P_NCHW) != 0;
  let x = <usize>prm(p, P_A);
  const w = <usize>prm(p, P_B);
  const yOut = <usize>prm(p, P_OUT);
  const M = N * OH * OW;
  if (M == 0 || OC == 0) return true;
  const cg = C / G, ocg = OC / G, kg = KH * KW * cg;
  let xt: usize = 0, yt: usize = 0;
  if (nchw) {
    xt = alloc(<usize>N * H * W * C << 2);
    yt = alloc(<usize>M * OC << 2);
    if (xt == 0 || yt == 0) { free(xt); free(yt); return false; }
    nchwToNhwc(x, xt, N, C, H, W);
    x = xt;
  }
  const y = nchw ? yt : yOut;
  let ok = true;
  const direct = KH == 1 && KW == 1 && prm(p, P_SH) == 1 && prm(p, P_SW) == 1 && prm(p, P_PT) == 0 && prm(p, P_PL) == 0
    && OH == H && OW == W;
  if (direct) {
    for (let g = 0; g < G && ok; g++) {
      ok = gemm(M, ocg, cg, x + (<usize>g * cg << 2), C, 1, w + (<usize>g * ocg << 2), OC, 1, y + (<usize>g * ocg << 2), OC, false);
    }
  } else if (kg == 0) {
    memory.fill(y, 0, <usize>M * OC << 2);
  } else {
    const rows = chunkRows(M, kg);
    const cols = alloc(<usize>rows * kg << 2);
    if (cols == 0) ok = false;
    for (let g = 0; g < G && ok; g++) {
      for (let m0 = 0; m0 < M && ok; m0 += rows) {
        const mc = min(rows, M - m0);
        im2col(p, x, cols, m0, mc, g);
        ok = gemm(mc, ocg, kg, cols, kg, 1, w + (<usize>g * ocg << 2), OC, 1, y + ((<usize>m0 * OC + <usize>g * ocg) << 2), OC, false);
      }
    }
    free(cols);
  }
  if (nchw) {
    if (ok) nhwcToNchw(yt, yOut, N, OH, OW, OC);
    free(xt);
    free(yt);
  }
  return ok;
}
