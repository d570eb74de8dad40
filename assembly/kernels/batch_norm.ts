// FusedBatchNorm / FusedBatchNormGrad with x viewed as [outer, C, inner] (channel c of element (o, c, k) at
// (o C + c) inner + k). Per-channel statistics and sums are accumulated in f64, like the js reference.

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

/**
 * y = (x - mean) scale / sqrt(variance + eps) + offset. training: mean and the population variance of the
 * batch (two passes), written to meanOut / varOut; otherwise the given meanIn / varIn, copied there.
 */
export function FusedBatchNorm(x: usize, scale: usize, offset: usize, meanIn: usize, varIn: usize, outer: i32, C: i32,
  inner: i32, eps: f64, training: bool, y: usize, meanOut: usize, varOut: usize): void {
  const n = <f64>outer * <f64>inner;
  for (let c = 0; c < C; c++) {
    let mu: f64, va: f64;
    if (training) {
      let s: f64 = 0;
      for (let o = 0; o < outer; o++) {
        const b = (o * C + c) * inner;
        for (let k = 0; k < inner; k++) s += f(x, b + k);
      }
      mu = s / n;
      let q: f64 = 0;
      for (let o = 0; o < outer; o++) {
        const b = (o * C + c) * inner;
        for (let k = 0; k < inner; k++) { const d = f(x, b + k) - mu; q += d * d; }
      }
      va = q / n; // an empty batch gives NaN statistics (0 / 0)
    } else {
      mu = f(meanIn, c);
      va = f(varIn, c);
    }
    const a = (1 / Math.sqrt(va + eps)) * f(scale, c), off = f(offset, c);
    for (let o = 0; o < outer; o++) {
      const b = (o * C + c) * inner;
      for (let k = 0; k < inner; k++) put(y, b + k, (f(x, b + k) - mu) * a + off);
    }
    put(meanOut, c, mu);
    put(varOut, c, va);
  }
}

/**
 * With r = 1/sqrt(variance + eps), Sdy = sum dy, Sdyx = sum dy (x - mean) per channel, N = outer inner:
 *   training:  dx = scale r (dy - Sdy/N - (x - mean) r^2 Sdyx / N) + dMean / N + 2 dVariance (x - mean) / N
 *   inference: dx = scale r dy;  dmean = -scale r Sdy + dMean;  dvariance = -scale r^3 Sdyx / 2 + dVariance
 *   both:      dscale = r Sdyx;  doffset = Sdy
 * dmeanOut / dvarOut are written only when !training.
 */
export function FusedBatchNormGrad(dy: usize, x: usize, scale: usize, mean: usize, variance: usize, dMean: usize,
  dVar: usize, outer: i32, C: i32, inner: i32, eps: f64, training: bool, dx: usize, dscale: usize, doffset: usize,
  dmeanOut: usize, dvarOut: usize): void {
  const n = <f64>outer * <f64>inner;
  for (let c = 0; c < C; c++) {
    const mu = f(mean, c);
    let sdy: f64 = 0, sdyx: f64 = 0;
    for (let o = 0; o < outer; o++) {
      const b = (o * C + c) * inner;
      for (let k = 0; k < inner; k++) { const d = f(dy, b + k); sdy += d; sdyx += d * (f(x, b + k) - mu); }
    }
    const r = 1 / Math.sqrt(f(variance, c) + eps);
    const sc = f(scale, c), A = sc * r;
    if (training) {
      const gm = f(dMean, c), gv = f(dVar, c);
      for (let o = 0; o < outer; o++) {
        const b = (o * C + c) * inner;
        for (let k = 0; k < inner; k++) {
          const i = b + k, d = f(x, i) - mu;
          put(dx, i, A * (f(dy, i) - sdy / n - (d * r * r * sdyx) / n) + gm / n + (2 * gv * d) / n);
        }
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const b = (o * C + c) * inner;
        for (let k = 0; k < inner; k++) put(dx, b + k, A * f(dy, b + k));
      }
      put(dmeanOut, c, -sc * r * sdy + f(dMean, c));
      put(dvarOut, c, -0.5 * sc * r * r * r * sdyx + f(dVar, c));
    }
    put(dscale, c, r * sdyx);
    put(doffset, c, sdy);
  }
}
