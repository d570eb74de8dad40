// SoftmaxCrossEntropyWithLogits: loss = -sum_k labels_k * logSoftmax(logits)_k along the middle axis of
// [outer, n, inner], computed as sum_k labels_k * (m + log(sum exp(logits - m)) - logits_k) so no log of a
// tiny probability is ever taken. Accumulates in float64: the loss is a difference of similar magnitudes.

export function SoftmaxCrossEntropyWithLogits(labels: usize, logits: usize, outer: i32, n: i32, inner: i32, out: usize): void {
  const st4 = <usize>inner << 2;
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const base = ((<usize>a * n * inner) + <usize>i) << 2;
      let m: f64 = -Infinity;
      for (let k = 0; k < n; k++) m = max<f64>(m, <f64>load<f32>(logits + base + <usize>k * st4));
      let s: f64 = 0;
      for (let k = 0; k < n; k++) s += Math.exp(<f64>load<f32>(logits + base + <usize>k * st4) - m);
      const c = m + Math.log(s);
      let loss: f64 = 0;
      for (let k = 0; k < n; k++) {
        const off = base + <usize>k * st4;
        loss += <f64>load<f32>(labels + off) * (c - <f64>load<f32>(logits + off));
      }
      store<f32>(out + ((<usize>a * inner + <usize>i) << 2), <f32>loss);
    }
  }
}
