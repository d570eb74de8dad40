// MaxPool and AvgPool (2-D, NHWC or NCHW). Windows are clipped to the input: max pooling ignores padded cells,
// average pooling divides by the number of cells inside (TF); an empty window gives -inf / NaN as the js
// oracle. NHWC runs on vectors across channels (each window cell is a contiguous channel row); NCHW walks one
// channel plane at a time. Max uses wasm max, which propagates NaN, as the oracle does.

import { q, Q_N, Q_H, Q_W, Q_C, Q_OH, Q_OW, Q_KH, Q_KW, Q_SH, Q_SW, Q_PT, Q_PL, Q_NCHW, Q_X, Q_OUT } from './pool_util';

function pool(p: usize, isMax: bool): void {
  const N = q(p, Q_N), H = q(p, Q_H), W = q(p, Q_W), C = q(p, Q_C), OH = q(p, Q_OH), OW = q(p, Q_OW);
  const KH = q(p, Q_KH), KW = q(p, Q_KW), SH = q(p, Q_SH), SW = q(p, Q_SW), PT = q(p, Q_PT), PL = q(p, Q_PL);
  const nchw = q(p, Q_NCHW) != 0;
  const x = <usize>q(p, Q_X), y = <usize>q(p, Q_OUT);
  const init: f32 = isMax ? -Infinity : 0;
  if (!nchw) {
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const hs = oh * SH - PT, h0 = max(hs, 0), h1 = min(hs + KH, H);
        for (let ow = 0; ow < OW; ow++) {
          const ws = ow * SW - PL, w0 = max(ws, 0), w1 = min(ws + KW, W);
          const dst = y + ((<usize>((n * OH + oh) * OW + ow) * C) << 2);
          const count = max(h1 - h0, 0) * max(w1 - w0, 0);
          const scale: f32 = <f32>(1.0 / <f64>count); // count 0: 0 * inf = NaN, as 0/0 in the oracle
          let c = 0;
          for (; c + 4 <= C; c += 4) {
            let acc = f32x4.splat(init);
            for (let ih = h0; ih < h1; ih++) {
              let src = x + ((<usize>((n * H + ih) * W + w0) * C + <usize>c) << 2);
              for (let iw = w0; iw < w1; iw++) {
                const v = v128.load(src);
                acc = isMax ? f32x4.max(acc, v) : f32x4.add(acc, v);
                src += <usize>C << 2;
              }
            }
            v128.store(dst + (<usize>c << 2), isMax ? acc : f32x4.mul(acc, f32x4.splat(scale)));
          }
          for (; c < C; c++) {
            let acc = init;
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const v = load<f32>(x + ((<usize>((n * H + ih) * W + iw) * C + <usize>c) << 2));
                acc = isMax ? max<f32>(acc, v) : acc + v;
              }
            }
            store<f32>(dst + (<usize>c << 2), isMax ? acc : acc * scale);
          }
        }
      }
    }
    return;
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x + (<usize>(n * C + c) * H * W << 2);
      let dst = y + (<usize>(n * C + c) * OH * OW << 2);
      for (let oh = 0; oh < OH; oh++) {
        const hs = oh * SH - PT, h0 = max(hs, 0), h1 = min(hs + KH, H);
        for (let ow = 0; ow < OW; ow++) {
          const ws = ow * SW - PL, w0 = max(ws, 0), w1 = min(ws + KW, W);
          const count = max(h1 - h0, 0) * max(w1 - w0, 0);
          let acc = init;
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = w0; iw < w1; iw++) {
              const v = load<f32>(plane + (<usize>(ih * W + iw) << 2));
              acc = isMax ? max<f32>(acc, v) : acc + v;
            }
          }
          store<f32>(dst, isMax ? acc : <f32>(<f64>acc / <f64>count));
          dst += 4;
        }
      }
    }
  }
}

// The kernels, exported under their kernel names (the host binds each by name).
export function MaxPool(p: usize): void { pool(p, true); }
export function AvgPool(p: usize): void { pool(p, false); }
