// Transpose of 4-byte elements (float32, int32) by any permutation, rank <= 8: out[i] walks the output in
// order while an odometer keeps the matching input offset, so the innermost loop is a single strided gather.
// The convolution kernels use it to move NCHW data to and from the NHWC layout their GEMMs work in.

const cnt: usize = memory.data(32, 16);
const istr: usize = memory.data(32, 16);
const oshape: usize = memory.data(32, 16);
const inSt: usize = memory.data(32, 16);

/** out = x.transpose(perm); shape is x's shape (rank i32s), perm the permutation (rank i32s). */
export function Transpose(x: usize, out: usize, rank: i32, shape: usize, perm: usize): void {
  // Input strides, then permuted into output order.
  let s: usize = 1;
  for (let d = rank - 1; d >= 0; d--) {
    store<i32>(inSt + (<usize>d << 2), <i32>s);
    s *= <usize>load<i32>(shape + (<usize>d << 2));
  }
  const total = s;
  if (total == 0) return;
  for (let d = 0; d < rank; d++) {
    const p = load<i32>(perm + (<usize>d << 2));
    store<i32>(istr + (<usize>d << 2), load<i32>(inSt + (<usize>p << 2)));
    store<i32>(oshape + (<usize>d << 2), load<i32>(shape + (<usize>p << 2)));
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  const n = load<i32>(oshape + (<usize>(rank - 1) << 2));
  const step = <usize>load<i32>(istr + (<usize>(rank - 1) << 2)) << 2;
  let off: usize = 0;
  let o = out;
  const rows = total / <usize>n;
  for (let r: usize = 0; r < rows; r++) {
    let src = x + (off << 2);
    if (step == 4) {
      memory.copy(o, src, <usize>n << 2);
      o += <usize>n << 2;
    } else {
      for (let i = 0; i < n; i++) {
        store<u32>(o, load<u32>(src));
        o += 4;
        src += step;
      }
    }
    for (let d = rank - 2; d >= 0; d--) {
      const at = cnt + (<usize>d << 2);
      const c = load<i32>(at) + 1;
      const st = <usize>load<i32>(istr + (<usize>d << 2));
      if (c < load<i32>(oshape + (<usize>d << 2))) { store<i32>(at, c); off += st; break; }
      store<i32>(at, 0);
      off -= st * <usize>(c - 1);
    }
  }
}
