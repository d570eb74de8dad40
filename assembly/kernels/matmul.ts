// MatMul: C (M x N) = A' (M x K) * B' (K x N), float32, with every operand given by element strides, so the
// transposes of the MatMul kernel, the column blocks of grouped convolution and the im2col products of the
// convolution kernels all run on this one GEMM.
//
// Why this shape (the classic packed GEMM): B is packed into column panels of NR and A into row panels of MR,
// each [k][lane] contiguous, so the register-blocked micro-kernel streams both with unit stride, whatever the
// original strides were; panels are zero-padded so the micro-kernel is always a full MR x NR tile. The packed
// A block (MC x KC) is sized for L2, one packed B panel (KC x NR) for L1, and the MR x NR accumulators
// (6 rows x 2 vectors = 12 v128) stay in registers across the K loop.

import { alloc, free } from '../alloc';
import { vzero, vadd, vmadd, ld, st } from '../simd';

const MR: i32 = 6;
const NR: i32 = 8;
const KC: i32 = 384;
const MC: i32 = 96; // multiple of MR
const NC: i32 = 2048; // multiple of NR

// Packing buffers are kept between calls (grown on demand) so steady-state GEMMs allocate nothing.
let packA: usize = 0;
let packACap: usize = 0;
let packB: usize = 0;
let packBCap: usize = 0;
// A tile for edge blocks: the micro-kernel writes a full tile here, then the valid part is copied out.
const edge: usize = memory.data(MR * NR * 4, 16);

function ensure(which: i32, bytes: usize): usize {
  if (which == 0) {
    if (packACap < bytes) { free(packA); packA = alloc(bytes); packACap = packA ? bytes : 0; }
    return packA;
  }
  if (packBCap < bytes) { free(packB); packB = alloc(bytes); packBCap = packB ? bytes : 0; }
  return packB;
}

/** Packs rows [i0, i0+mc) x cols [k0, k0+kc) of A into MR-row panels, [kc][MR] each, zero-padding the last. */
function packPanelsA(dst: usize, A: usize, rsA: i32, csA: i32, i0: i32, mc: i32, k0: i32, kc: i32): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const base = A + ((<usize>(i0 + ip) * rsA + <usize>k0 * csA) << 2);
    if (rows == MR && csA == 1) {
      // Row-major A: six rows read 4 k at a time and transposed in registers (a 4x4 shuffle transpose for
      // rows 0-3, pair interleaves for rows 4-5), so packing costs vector loads and stores, not 24 scalar ones.
      const r0 = base, r1 = r0 + (<usize>rsA << 2), r2 = r1 + (<usize>rsA << 2);
      const r3 = r2 + (<usize>rsA << 2), r4 = r3 + (<usize>rsA << 2), r5 = r4 + (<usize>rsA << 2);
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>k << 2;
        const a0 = v128.load(r0 + o), a1 = v128.load(r1 + o), a2 = v128.load(r2 + o), a3 = v128.load(r3 + o);
        const a4 = v128.load(r4 + o), a5 = v128.load(r5 + o);
        const t0 = v128.shuffle<i32>(a0, a1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(a0, a1, 2, 6, 3, 7);
        const t2 = v128.shuffle<i32>(a2, a3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(a2, a3, 2, 6, 3, 7);
        const u0 = v128.shuffle<i32>(a4, a5, 0, 4, 1, 5), u1 = v128.shuffle<i32>(a4, a5, 2, 6, 3, 7);
        v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
        store<u64>(dst + 16, i64x2.extract_lane(u0, 0));
        v128.store(dst + 24, v128.shuffle<i64>(t0, t2, 1, 3));
        store<u64>(dst + 40, i64x2.extract_lane(u0, 1));
        v128.store(dst + 48, v128.shuffle<i64>(t1, t3, 0, 2));
        store<u64>(dst + 64, i64x2.extract_lane(u1, 0));
        v128.store(dst + 72, v128.shuffle<i64>(t1, t3, 1, 3));
        store<u64>(dst + 88, i64x2.extract_lane(u1, 1));
        dst += 4 * (MR << 2);
      }
      for (; k < kc; k++) {
        const o = <usize>k << 2;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8);
        store<f32>(dst, load<f32>(r3 + o), 12);
        store<f32>(dst, load<f32>(r4 + o), 16);
        store<f32>(dst, load<f32>(r5 + o), 20);
        dst += MR << 2;
      }
    } else if (rows == MR && rsA == 1) {
      // Column-major A (a transposed operand, the patch matrix of the filter gradient): MR contiguous values.
      for (let k = 0; k < kc; k++) {
        const col = base + (<usize>k * csA << 2);
        v128.store(dst, v128.load(col));
        store<u64>(dst + 16, load<u64>(col + 16));
        dst += MR << 2;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const col = base + (<usize>k * csA << 2);
        let r = 0;
        for (; r < rows; r++) store<f32>(dst + (<usize>r << 2), load<f32>(col + (<usize>r * rsA << 2)));
        for (; r < MR; r++) store<f32>(dst + (<usize>r << 2), 0);
        dst += MR << 2;
      }
    }
  }
}

/** Packs rows [k0, k0+kc) x cols [j0, j0+nc) of B into NR-column panels, [kc][NR] each, zero-padding the last. */
function packPanelsB(dst: usize, B: usize, rsB: i32, csB: i32, k0: i32, kc: i32, j0: i32, nc: i32): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const base = B + ((<usize>k0 * rsB + <usize>(j0 + jp) * csB) << 2);
    if (cols == NR && csB == 1) {
      for (let k = 0; k < kc; k++) {
        const row = base + (<usize>k * rsB << 2);
        st(dst, v128.load(row));
        st(dst + 16, v128.load(row, 16));
        dst += NR << 2;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const row = base + (<usize>k * rsB << 2);
        let c = 0;
        for (; c < cols; c++) store<f32>(dst + (<usize>c << 2), load<f32>(row + (<usize>c * csB << 2)));
        for (; c < NR; c++) store<f32>(dst + (<usize>c << 2), 0);
        dst += NR << 2;
      }
    }
  }
}

/**
 * The MR x NR micro-kernel: C[0..6, 0..8] (+)= sum_k pa[k][0..6] * pb[k][0..8]. A values are splat straight
 * from memory (load32_splat), B rows are two vectors, `pbStride` bytes apart (32: a packed panel).
 */
function micro(kc: i32, pa: usize, pb: usize, pbStride: usize, C: usize, ldc: i32, acc: bool): void {
  let c00 = vzero(), c01 = vzero(), c10 = vzero(), c11 = vzero(), c20 = vzero(), c21 = vzero();
  let c30 = vzero(), c31 = vzero(), c40 = vzero(), c41 = vzero(), c50 = vzero(), c51 = vzero();
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = vmadd(c00, a, b0); c01 = vmadd(c01, a, b1);
    a = v128.load32_splat(pa, 4);
    c10 = vmadd(c10, a, b0); c11 = vmadd(c11, a, b1);
    a = v128.load32_splat(pa, 8);
    c20 = vmadd(c20, a, b0); c21 = vmadd(c21, a, b1);
    a = v128.load32_splat(pa, 12);
    c30 = vmadd(c30, a, b0); c31 = vmadd(c31, a, b1);
    a = v128.load32_splat(pa, 16);
    c40 = vmadd(c40, a, b0); c41 = vmadd(c41, a, b1);
    a = v128.load32_splat(pa, 20);
    c50 = vmadd(c50, a, b0); c51 = vmadd(c51, a, b1);
    pa += MR << 2;
    pb += pbStride;
  }
  const rs = <usize>ldc << 2;
  let p = C;
  if (acc) {
    st(p, vadd(ld(p), c00)); st(p + 16, vadd(ld(p + 16), c01)); p += rs;
    st(p, vadd(ld(p), c10)); st(p + 16, vadd(ld(p + 16), c11)); p += rs;
    st(p, vadd(ld(p), c20)); st(p + 16, vadd(ld(p + 16), c21)); p += rs;
    st(p, vadd(ld(p), c30)); st(p + 16, vadd(ld(p + 16), c31)); p += rs;
    st(p, vadd(ld(p), c40)); st(p + 16, vadd(ld(p + 16), c41)); p += rs;
    st(p, vadd(ld(p), c50)); st(p + 16, vadd(ld(p + 16), c51));
  } else {
    st(p, c00); st(p + 16, c01); p += rs;
    st(p, c10); st(p + 16, c11); p += rs;
    st(p, c20); st(p + 16, c21); p += rs;
    st(p, c30); st(p + 16, c31); p += rs;
    st(p, c40); st(p + 16, c41); p += rs;
    st(p, c50); st(p + 16, c51);
  }
}

/**
 * C = A' B' (accumulate: C += A' B'). A' element (i, k) is A[i*rsA + k*csA], B' element (k, j) is
 * B[k*rsB + j*csB], C element (i, j) is C[i*ldc + j]. Returns false when the packing buffers could not be
 * allocated (out of memory).
 */
export function gemm(M: i32, N: i32, K: i32, A: usize, rsA: i32, csA: i32, B: usize, rsB: i32, csB: i32,
  C: usize, ldc: i32, accumulate: bool): bool {
  if (M <= 0 || N <= 0) return true;
  if (K <= 0) {
    if (!accumulate) for (let i = 0; i < M; i++) memory.fill(C + (<usize>i * ldc << 2), 0, <usize>N << 2);
    return true;
  }
  const kcMax = min(KC, K);
  const mcMax = min(MC, (M + MR - 1) / MR * MR);
  const ncMax = min(NC, (N + NR - 1) / NR * NR);
  const pA = ensure(0, <usize>mcMax * kcMax << 2);
  const pB = ensure(1, <usize>ncMax * kcMax << 2);
  if (pA == 0 || pB == 0) return false;
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = min(NC, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = min(KC, K - k0);
      const acc = accumulate || k0 > 0;
      // B is always packed, even for a short A: read in place, rows 4 KiB apart (N = 1024) alias in L1.
      packPanelsB(pB, B, rsB, csB, k0, kc, j0, nc);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        packPanelsA(pA, A, rsA, csA, i0, mc, k0, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const pb = pB + (<usize>jr * kc << 2);
          const pbStride: usize = NR << 2;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const pa = pA + (<usize>ir * kc << 2);
            const cAt = C + ((<usize>(i0 + ir) * ldc + <usize>(j0 + jr)) << 2);
            if (rows == MR && cols == NR) {
              micro(kc, pa, pb, pbStride, cAt, ldc, acc);
            } else {
              micro(kc, pa, pb, pbStride, edge, NR, false);
              for (let r = 0; r < rows; r++) {
                const src = edge + (<usize>(r * NR) << 2);
                const dst = cAt + (<usize>r * ldc << 2);
                if (acc) for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>c << 2), load<f32>(dst + (<usize>c << 2)) + load<f32>(src + (<usize>c << 2)));
                else for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
              }
            }
          }
        }
      }
    }
  }
  return true;
}

/**
 * The MatMul kernel for one batch entry pair (the host loops over batches): out (M x N, dense) = op(a) op(b), with a stored as M x K (K x M
 * when transposeA) and b as K x N (N x K when transposeB), both dense row-major.
 */
export function MatMul(a: usize, b: usize, out: usize, M: i32, N: i32, K: i32, transposeA: bool, transposeB: bool): bool {
  const rsA = transposeA ? 1 : K, csA = transposeA ? M : 1;
  const rsB = transposeB ? 1 : N, csB = transposeB ? K : 1;
  return gemm(M, N, K, a, rsA, csA, b, rsB, csB, out, N, false);
}
