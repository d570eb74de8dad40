// Slice: out = x[begin : begin + size] per dim, any element size. The host drops the trailing dims that are
// taken whole (merging them into the element run), so the innermost step is one contiguous memory copy per
// output row, and an odometer walks the outer dims.

const cnt: usize = memory.data(64, 16);
const strides: usize = memory.data(64, 16);

/** shape/begin/size: rank i32s each; elemBytes: bytes per element (after the host's merging). */
export function Slice(x: usize, out: usize, rank: i32, shape: usize, begin: usize, size: usize, elemBytes: i32): void {
  let s: usize = <usize>elemBytes;
  let off: usize = 0;
  for (let d = rank - 1; d >= 0; d--) {
    store<usize>(strides + (<usize>d << 2), s);
    off += <usize>load<i32>(begin + (<usize>d << 2)) * s;
    s *= <usize>load<i32>(shape + (<usize>d << 2));
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  let rows: usize = 1;
  for (let d = 0; d < rank - 1; d++) rows *= <usize>load<i32>(size + (<usize>d << 2));
  const run = <usize>load<i32>(size + (<usize>(rank - 1) << 2)) * <usize>elemBytes;
  if (rows == 0 || run == 0) return;
  let src = x + off;
  let dst = out;
  for (let r: usize = 0; r < rows; r++) {
    memory.copy(dst, src, run);
    dst += run;
    for (let d = rank - 2; d >= 0; d--) {
      const at = cnt + (<usize>d << 2);
      const c = load<i32>(at) + 1;
      const st = load<usize>(strides + (<usize>d << 2));
      if (c < load<i32>(size + (<usize>d << 2))) { store<i32>(at, c); src += st; break; }
      store<i32>(at, 0);
      src -= st * <usize>(c - 1);
    }
  }
}
