// MaxPoolGrad (x, y, dy): each dy cell goes to the first cell of its window holding the maximum, in row-major
// window order (a later equal value does not take over, as TF's CPU kernel); a NaN counts as the maximum and
// stops the scan, matching the forward kernel, which outputs it.

import { q, Q_N, Q_H, Q_W, Q_C, Q_OH, Q_OW, Q_KH, Q_KW, Q_SH, Q_SW, Q_PT, Q_PL, Q_NCHW, Q_X, Q_DY, Q_OUT } from './pool_util';

export function MaxPoolGrad(p: usize): void {
  const N = q(p, Q_N), H = q(p, Q_H), W = q(p, Q_W), C = q(p, Q_C), OH = q(p, Q_OH), OW = q(p, Q_OW);
  const KH = q(p, Q_KH), KW = q(p, Q_KW), SH = q(p, Q_SH), SW = q(p, Q_SW), PT = q(p, Q_PT), PL = q(p, Q_PL);
  const nchw = q(p, Q_NCHW) != 0;
  const x = <usize>q(p, Q_X), dy = <usize>q(p, Q_DY), dx = <usize>q(p, Q_OUT);
  memory.fill(dx, 0, <usize>N * H * W * C << 2);
  // Element strides of (h, w, c) in x / dx and of (oh, ow, c) in dy.
  const sc: usize = nchw ? <usize>H * W : 1, sw: usize = nchw ? 1 : <usize>C, shx: usize = <usize>W * sw;
  const osc: usize = nchw ? <usize>OH * OW : 1, osw: usize = nchw ? 1 : <usize>C, osh: usize = <usize>OW * osw;
  for (let n = 0; n < N; n++) {
    const xb = <usize>n * H * W * C, yb = <usize>n * OH * OW * C;
    for (let oh = 0; oh < OH; oh++) {
      const hs = oh * SH - PT, h0 = max(hs, 0), h1 = min(hs + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const ws = ow * SW - PL, w0 = max(ws, 0), w1 = min(ws + KW, W);
        if (h0 >= h1 || w0 >= w1) continue;
        for (let c = 0; c < C; c++) {
          const cb = xb + <usize>c * sc;
          let arg = cb + <usize>h0 * shx + <usize>w0 * sw;
          let best = load<f32>(x + (arg << 2));
          for (let ih = h0; ih < h1 && best == best; ih++) {
            for (let iw = w0; iw < w1; iw++) {
              const at = cb + <usize>ih * shx + <usize>iw * sw;
              const v = load<f32>(x + (at << 2));
              if (v != v || v > best) {
                best = v;
                arg = at;
                if (v != v) break;
              }
            }
          }
          const g = load<f32>(dy + ((yb + <usize>c * osc + <usize>oh * osh + <usize>ow * osw) << 2));
          store<f32>(dx + (arg << 2), load<f32>(dx + (arg << 2)) + g);
        }
      }
    }
  }
}
