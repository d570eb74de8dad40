// AvgPoolGrad (dy): each dy cell is spread evenly over the cells of its window inside the input (the count
// the forward kernel divided by). NHWC adds whole channel rows with vectors; NCHW walks channel planes.

import { q, Q_N, Q_H, Q_W, Q_C, Q_OH, Q_OW, Q_KH, Q_KW, Q_SH, Q_SW, Q_PT, Q_PL, Q_NCHW, Q_DY, Q_OUT } from './pool_util';

export function AvgPoolGrad(p: usize): void {
  const N = q(p, Q_N), H = q(p, Q_H), W = q(p, Q_W), C = q(p, Q_C), OH = q(p, Q_OH), OW = q(p, Q_OW);
  const KH = q(p, Q_KH), KW = q(p, Q_KW), SH = q(p, Q_SH), SW = q(p, Q_SW), PT = q(p, Q_PT), PL = q(p, Q_PL);
  const nchw = q(p, Q_NCHW) != 0;
  const dy = <usize>q(p, Q_DY), dx = <usize>q(p, Q_OUT);
  memory.fill(dx, 0, <usize>N * H * W * C << 2);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const hs = oh * SH - PT, h0 = max(hs, 0), h1 = min(hs + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const ws = ow * SW - PL, w0 = max(ws, 0), w1 = min(ws + KW, W);
        const count = max(h1 - h0, 0) * max(w1 - w0, 0);
        if (count == 0) continue;
        const inv: f32 = <f32>(1.0 / <f64>count);
        if (!nchw) {
          const g = dy + ((<usize>((n * OH + oh) * OW + ow) * C) << 2);
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = w0; iw < w1; iw++) {
              const d = dx + ((<usize>((n * H + ih) * W + iw) * C) << 2);
              let c = 0;
              const sv = f32x4.splat(inv);
              for (; c + 4 <= C; c += 4) {
                const o = <usize>c << 2;
                v128.store(d + o, f32x4.add(v128.load(d + o), f32x4.mul(v128.load(g + o), sv)));
              }
              for (; c < C; c++) {
                const o = <usize>c << 2;
                store<f32>(d + o, load<f32>(d + o) + load<f32>(g + o) * inv);
              }
            }
          }
        } else {
          for (let c = 0; c < C; c++) {
            const gv = load<f32>(dy + ((<usize>(n * C + c) * OH * OW + <usize>(oh * OW + ow)) << 2)) * inv;
            const plane = dx + (<usize>(n * C + c) * H * W << 2);
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const d = plane + (<usize>(ih * W + iw) << 2);
                store<f32>(d, load<f32>(d) + gv);
              }
            }
          }
        }
      }
    }
  }
}
