// Optimizer updates (TF's Apply* kernels), elementwise over n elements. Every output is a fresh buffer (the
// wasm backend never updates in place). Arithmetic in f64, rounded to f32 on store, like the js reference.

@inline function f(p: usize, i: i32): f64 { return <f64>load<f32>(p + (<usize>i << 2)); }
@inline function put(p: usize, i: i32, v: f64): void { store<f32>(p + (<usize>i << 2), <f32>v); }

/** var' = var - lr g. */
export function ApplyGradientDescent(x: usize, g: usize, n: i32, lr: f64, ox: usize): void {
  for (let i = 0; i < n; i++) put(ox, i, f(x, i) - lr * f(g, i));
}

/** accum' = accum momentum + g; var' = var - lr accum' (Nesterov: var - (g lr + accum' momentum lr)). */
export function ApplyMomentum(x: usize, acc: usize, g: usize, n: i32, lr: f64, mom: f64, nesterov: bool, ox: usize, oa: usize): void {
  for (let i = 0; i < n; i++) {
    const gi = f(g, i);
    const a1 = f(acc, i) * mom + gi;
    const step = nesterov ? gi * lr + a1 * mom * lr : lr * a1;
    put(ox, i, f(x, i) - step);
    put(oa, i, a1);
  }
}

/** m' = m + (g - m)(1 - beta1); v' = v + (g^2 - v)(1 - beta2); var' = var - lrT m' / (sqrt(v') + eps). */
export function ApplyAdam(x: usize, m: usize, v: usize, g: usize, n: i32, lrT: f64, b1: f64, b2: f64, eps: f64,
  ox: usize, om: usize, ov: usize): void {
  for (let i = 0; i < n; i++) {
    const gi = f(g, i), mi = f(m, i), vi = f(v, i);
    const m1 = mi + (gi - mi) * (1 - b1);
    const v1 = vi + (gi * gi - vi) * (1 - b2);
    put(ox, i, f(x, i) - (m1 * lrT) / (Math.sqrt(v1) + eps));
    put(om, i, m1);
    put(ov, i, v1);
  }
}

/**
 * ms' = ms + (g^2 - ms)(1 - decay); mg' = mg + (g - mg)(1 - decay) when centered;
 * mom' = mom momentum + lr g / sqrt(ms' (- mg'^2) + eps); var' = var - mom'. mg / omg are unused unless centered.
 */
export function ApplyRMSProp(x: usize, ms: usize, mom: usize, g: usize, mg: usize, n: i32, lr: f64, decay: f64,
  momentum: f64, eps: f64, centered: bool, ox: usize, os: usize, om: usize, omg: usize): void {
  for (let i = 0; i < n; i++) {
    const gi = f(g, i), si = f(ms, i);
    const s1 = si + (gi * gi - si) * (1 - decay);
    let den = s1 + eps;
    if (centered) {
      const gai = f(mg, i);
      const g1 = gai + (gi - gai) * (1 - decay);
      put(omg, i, g1);
      den = s1 - g1 * g1 + eps;
    }
    const m1 = f(mom, i) * momentum + (lr * gi) / Math.sqrt(den);
    put(ox, i, f(x, i) - m1);
    put(os, i, s1);
    put(om, i, m1);
  }
}

/** accum' = accum + g^2; var' = var - lr g / sqrt(accum'). */
export function ApplyAdagrad(x: usize, acc: usize, g: usize, n: i32, lr: f64, ox: usize, oa: usize): void {
  for (let i = 0; i < n; i++) {
    const gi = f(g, i);
    const a1 = f(acc, i) + gi * gi;
    put(ox, i, f(x, i) - (lr * gi) / Math.sqrt(a1));
    put(oa, i, a1);
  }
}
