// MatMul: a cache-blocked, packed GEMM after the GotoBLAS / BLIS papers, with the two inner loops swapped.
//
//   parallel over a grid of output tiles (one region per GEMM; the grid is chosen in gemm()):
//     for jc in tile columns step NC:
//       for pc in K step KC:
//         pack B~ (KC x NC), this task's own buffer, at most ~1 MiB      (L2)
//         for ir in tile rows step MR (MRS for a short last stretch):
//           pack one A~ micro-panel (MR x KC, 12 KiB), or read A in place (L1)
//           for jr step NR: the ISA micro-kernel, an MR x NR register tile over KC, streaming one B~ panel
//
// The micro-kernel accumulates into C on every pc pass but the first. Packing turns both operands (and
// both transposes) into unit-stride streams, so the micro-kernel never sees a transpose. Tiles at the edges
// go through a small scratch tile. Batched products reuse this per batch entry, fold a broadcast B into one
// tall GEMM, or run whole entries in parallel when each is small. Every output element is summed in the same
// order whatever the thread count, so results do not depend on it.
#include <algorithm>
#include <cstring>
#if defined(__SSE2__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {

namespace {

// Block sizes (measured on AVX-512 and AVX2 machines; see scripts/bench). The k block keeps an A~ micro-panel
// (MR x KC) small in L1 and the C passes few; B~ (KC x NC) is bounded to stay in L2, which on the development
// machine holds ~1 MiB before random reads slow down (its 2 MiB is shared with whatever else the core runs).
constexpr int64_t kKC = 320;  // the deepest k block; gemm() splits K into equal blocks of at most this
constexpr int64_t kBBytes = 1 << 20;

// Zeros for the padding rows / columns of edge panels (kc <= kKC).
alignas(64) const float kZeros[kKC] = {};

// Interleaves `rows` source rows (each kc long, contiguous) into dst[p * stride + r]: a transpose. Done in
// blocks of 16 k-steps so the written block (16 x stride floats) stays in L1 while each source row is read
// one cache line at a time; writing whole panel rows at once would scatter across kc cache lines.
template <int STRIDE>
inline void interleave_t(const float* const* src, int64_t kc, float* dst) {
  constexpr int64_t kBlock = 16;
#if defined(__SSE2__) || defined(_M_X64)
  // 4 x 4 register transposes (SSE is in every x86-64 baseline): 4 rows x 4 k-steps become 4 stores of 4
  // floats into consecutive panel rows, instead of 16 scalar loads and stores. Packing A (always through
  // here without a transpose) was ~5% of a 1024^3 product with the scalar loop.
  if (STRIDE % 4 == 0) {
    int64_t p = 0;
    for (; p + 4 <= kc; p += 4) {
      for (int r = 0; r < STRIDE; r += 4) {
        __m128 r0 = _mm_loadu_ps(src[r] + p), r1 = _mm_loadu_ps(src[r + 1] + p);
        __m128 r2 = _mm_loadu_ps(src[r + 2] + p), r3 = _mm_loadu_ps(src[r + 3] + p);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        _mm_storeu_ps(dst + (p + 0) * STRIDE + r, r0);
        _mm_storeu_ps(dst + (p + 1) * STRIDE + r, r1);
        _mm_storeu_ps(dst + (p + 2) * STRIDE + r, r2);
        _mm_storeu_ps(dst + (p + 3) * STRIDE + r, r3);
      }
    }
    for (; p < kc; p++)
      for (int r = 0; r < STRIDE; r++) dst[p * STRIDE + r] = src[r][p];
    return;
  }
#endif
  for (int64_t p0 = 0; p0 < kc; p0 += kBlock) {
    const int64_t p1 = p0 + kBlock < kc ? p0 + kBlock : kc;
    for (int r = 0; r < STRIDE; r++) {
      const float* s = src[r];
      for (int64_t p = p0; p < p1; p++) dst[p * STRIDE + r] = s[p];
    }
  }
}

void interleave(const float* const* src, int64_t n, int64_t kc, float* dst) {
  switch (n) {  // the tile sizes of the ISA tables: compile-time strides vectorize and unroll
    case 4: interleave_t<4>(src, kc, dst); return;
    case 6: interleave_t<6>(src, kc, dst); return;
    case 12: interleave_t<12>(src, kc, dst); return;
    case 16: interleave_t<16>(src, kc, dst); return;
    case 32: interleave_t<32>(src, kc, dst); return;
    default:
      for (int64_t p = 0; p < kc; p++)
        for (int64_t r = 0; r < n; r++) dst[p * n + r] = src[r][p];
  }
}

// B~ panel for rows [pc, pc+kc) and columns [j0, j0+nr_valid), zero-padded to NR columns.
void pack_b_panel(const GemmArgs& g, int64_t pc, int64_t kc, int64_t j0, int64_t nr_valid, int64_t NR, float* dst) {
  if (!g.tb && nr_valid == NR) {
    for (int64_t p = 0; p < kc; p++) copy_runs(g.b + (pc + p) * g.ldb + j0, 1, NR, 0, dst + p * NR);
  } else if (!g.tb) {
    for (int64_t p = 0; p < kc; p++) {
      const float* src = g.b + (pc + p) * g.ldb + j0;
      float* d = dst + p * NR;
      std::memcpy(d, src, sizeof(float) * nr_valid);
      for (int64_t j = nr_valid; j < NR; j++) d[j] = 0.0f;
    }
  } else {
    const float* rows[64];
    for (int64_t j = 0; j < NR; j++) rows[j] = j < nr_valid ? g.b + (j0 + j) * g.ldb + pc : kZeros;
    interleave(rows, NR, kc, dst);
  }
}

// All ceil(nc / NR) B~ panels of columns [j0, j0+nc), rows [pc, pc+kc). Without a transpose, B is read
// row by row across every panel: one long sequential read per source row, which the hardware prefetcher
// follows, instead of kc short reads one page apart per panel (a TLB walk and a cold line each).
void pack_b_block(const GemmArgs& g, int64_t pc, int64_t kc, int64_t j0, int64_t nc, int64_t NR, float* dst) {
  const int64_t npanels = ceil_div(nc, NR);
  if (g.tb) {
    for (int64_t q = 0; q < npanels; q++)
      pack_b_panel(g, pc, kc, j0 + q * NR, std::min(NR, nc - q * NR), NR, dst + q * NR * kc);
    return;
  }
  const int64_t full = nc / NR, tail = nc - full * NR;
  for (int64_t p = 0; p < kc; p++) {
    const float* src = g.b + (pc + p) * g.ldb + j0;
    float* d = dst + p * NR;
    copy_runs(src, full, NR, NR * kc, d);
    if (tail) {
      float* e = d + full * NR * kc;
      std::memcpy(e, src + full * NR, sizeof(float) * tail);
      for (int64_t j = tail; j < NR; j++) e[j] = 0.0f;
    }
  }
}

// A~ for rows [i0, i0+mc) and k range [pc, pc+kc): ceil(mc / MR) panels of kc x MR, zero-padded.
void pack_a_block(const GemmArgs& g, int64_t i0, int64_t mc, int64_t pc, int64_t kc, int64_t MR, float* dst) {
  for (int64_t ir = 0; ir < mc; ir += MR) {
    const int64_t mr = std::min<int64_t>(MR, mc - ir);
    float* panel = dst + ir * kc;  // panels are kc * MR floats apart
    if (!g.ta) {
      const float* rows[64];
      for (int64_t i = 0; i < MR; i++) rows[i] = i < mr ? g.a + (i0 + ir + i) * g.lda + pc : kZeros;
      interleave(rows, MR, kc, panel);
    } else {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = g.a + (pc + p) * g.lda + i0 + ir;
        float* d = panel + p * MR;
        std::memcpy(d, src, sizeof(float) * mr);
        for (int64_t i = mr; i < MR; i++) d[i] = 0.0f;
      }
    }
  }
}

// The valid mr x nr corner of a scratch tile (row stride ld_edge) into C: stored, or added when accumulating.
void store_edge_tile(const float* edge, int64_t ld_edge, int64_t mr, int64_t nr, float* c, int64_t ldc, bool accumulate) {
  for (int64_t r = 0; r < mr; r++) {
    float* crow = c + r * ldc;
    const float* e = edge + r * ld_edge;
    if (accumulate)
      for (int64_t j = 0; j < nr; j++) crow[j] += e[j];
    else
      std::memcpy(crow, e, sizeof(float) * nr);
  }
}

// Where a block of mc rows switches from MR-row to MRS-row (MRS < MR) micro-panels: the last rows are covered
// by short panels when that computes fewer padding rows, e.g. 1024 = 84 x 12 + 2 x 8 instead of 86 x 12
// (8 rows of padding, 0.8% of a 1024^3 product). Returns mc when every panel is MR rows tall.
int64_t short_tail_start(int64_t mc, int64_t MR, int64_t MRS) {
  const int64_t r = mc % MR;
  if (MRS >= MR || r == 0) return mc;
  const int64_t pad_tall = MR - r;
  const int64_t pad_short = ceil_div(r, MRS) * MRS - r;  // the r leftover rows in short panels
  const int64_t pad_both = mc >= MR ? ceil_div(MR + r, MRS) * MRS - (MR + r) : pad_tall;  // the last MR + r rows
  if (pad_both < pad_tall && pad_both < pad_short) return mc - r - MR;
  if (pad_short < pad_tall) return mc - r;
  return mc;
}

// Whether MR rows lda floats apart can be read in place without crowding L1 sets: a 48 KiB, 12-way L1 has 64
// sets of 64-byte lines, so rows 4 KiB apart all land in one set (mm1024: 2.4% slower read in place than
// packed). Allows at most a quarter of the rows per set (lda = 256: 3 of 12).
bool rows_spread_in_l1(int64_t lda, int64_t MR) {
  int count[64] = {};
  int worst = 0;
  for (int64_t i = 0; i < MR; i++) worst = std::max(worst, ++count[(i * lda * int64_t(sizeof(float)) / 64) % 64]);
  return worst * 4 <= MR;
}

// Row vector times matrix (M == 1) and matrix times column vector (N == 1): memory-bound, so no packing;
// the work is split over output chunks.
bool gemv_path(const GemmArgs& g, int max_threads) {
  const IsaKernels& k = isa();
  if (g.M == 1 && !g.tb) {
    // c[j] = sum_p A(0, p) * b[p, j]: axpy over B's rows, parallel over column chunks.
    const int64_t chunk = 1024;
    parallel_for(ceil_div(g.N, chunk), [&](int64_t t) {
      int64_t j0 = t * chunk, n = std::min(chunk, g.N - j0);
      float* c = g.c + j0;
      if (!g.accumulate)
        for (int64_t j = 0; j < n; j++) c[j] = 0.0f;
      for (int64_t p = 0; p < g.K; p++) {
        float av = g.ta ? g.a[p * g.lda] : g.a[p];
        k.axpy(n, av, g.b + p * g.ldb + j0, c);
      }
    }, g.K * g.N > (1 << 16) ? max_threads : 1);
    return true;
  }
  if (g.N == 1 && !g.ta) {
    // c[i] = dot(A[i, :], B(:, 0)); B's column is contiguous only when tb (or ldb == 1).
    const float* bcol = g.b;
    float* tmp = nullptr;
    if (!g.tb && g.ldb != 1) {
      tmp = thread_scratch(3, static_cast<size_t>(g.K));
      for (int64_t p = 0; p < g.K; p++) tmp[p] = g.b[p * g.ldb];
      bcol = tmp;
    }
    const int64_t chunk = 64;
    parallel_for(ceil_div(g.M, chunk), [&](int64_t t) {
      int64_t i0 = t * chunk, n = std::min(chunk, g.M - i0);
      float* prod = thread_scratch(2, static_cast<size_t>(g.K));
      for (int64_t i = i0; i < i0 + n; i++) {
        const float* arow = g.a + i * g.lda;
        std::memcpy(prod, arow, sizeof(float) * g.K);
        k.binary(kMul, prod, 1, bcol, 1, prod, g.K);
        const float v = k.sum(prod, g.K);
        g.c[i * g.ldc] = g.accumulate ? g.c[i * g.ldc] + v : v;
      }
    }, g.K * g.M > (1 << 16) ? max_threads : 1);
    return true;
  }
  return false;
}

}  // namespace

void gemm(const GemmArgs& g, int max_threads) {
  if (g.M <= 0 || g.N <= 0) return;
  if (g.K <= 0) {
    if (!g.accumulate)
      for (int64_t i = 0; i < g.M; i++) std::memset(g.c + i * g.ldc, 0, sizeof(float) * g.N);
    return;
  }
  if (gemv_path(g, max_threads)) return;

  const IsaKernels& isa_k = isa();
  // Short products (a batch of 32 or 64 rows) use the ISA's short tile when it pads fewer rows.
  const int64_t MR = packed_mr(g.M), NR = isa_k.gemm_nr;
  const auto ukernel_mr = MR == isa_k.gemm_mr ? isa_k.gemm_ukernel : isa_k.gemm_ukernel_small;
  // The short tile also finishes blocks whose row count the tall one does not divide (see short_tail_start).
  const int64_t MRS = MR == isa_k.gemm_mr ? isa_k.gemm_mr_small : MR;
  const auto strided = MR == isa_k.gemm_mr && !g.ta && rows_spread_in_l1(g.lda, MR) ? isa_k.gemm_ukernel_strided : nullptr;
  const double flops = 2.0 * double(g.M) * double(g.N) * double(g.K);
  // Below ~2 MFLOP per extra thread the wake-up cost outweighs the gain.
  int threads = max_threads > 0 ? max_threads : num_threads();
  threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, int64_t(flops / 2.0e6) + 1)));

  // One parallel region per GEMM: the output is cut into a tm x tn grid of tiles (whole micro-tiles), and
  // each task computes its tile over the whole K range, packing the A rows and B columns it needs into its
  // own buffers, so tasks never wait on each other. Packing is then repeated tn times for A and tm times for
  // B; the grid minimizes that traffic (tm * N + tn * M) with at least 2 tiles per thread, so a thread
  // delayed by the OS does not hold the others up.
  // Equal k blocks (K = 288 as one block of 288, not 256 + 32: a shallow block costs almost a full pass of
  // C loads and stores for little arithmetic), rounded to 8 for aligned panel rows.
  const int64_t nkb = ceil_div(g.K, kKC);
  const int64_t kc_step = std::min(kKC, ceil_div(ceil_div(g.K, nkb), 8) * 8);
  const int64_t nc_step = std::max<int64_t>(NR, kBBytes / (kc_step * int64_t(sizeof(float))) / NR * NR);
  const int64_t mu = ceil_div(g.M, MR), nu = ceil_div(g.N, NR);
  int64_t tm = 1, tn = 1;
  if (threads > 1) {
    const int64_t want = std::min<int64_t>(int64_t(threads) * 2, mu * nu);
    double best = -1;
    for (int64_t n_ = 1; n_ <= std::min<int64_t>(want, nu); n_++) {
      const int64_t m_ = std::min<int64_t>(ceil_div(want, n_), mu);
      if (m_ * n_ < want && !(m_ == mu && n_ == nu)) continue;
      const double cost = double(m_) * double(g.N) + double(n_) * double(g.M);
      if (best < 0 || cost < best) { best = cost; tm = m_; tn = n_; }
    }
  }
  const int64_t mu_per = ceil_div(mu, tm), nu_per = ceil_div(nu, tn);
  tm = ceil_div(mu, mu_per);
  tn = ceil_div(nu, nu_per);

  parallel_for(tm * tn, [&](int64_t t) {
    const int64_t m0 = (t / tn) * mu_per * MR, m1 = std::min(g.M, m0 + mu_per * MR);
    const int64_t n0 = (t % tn) * nu_per * NR, n1 = std::min(g.N, n0 + nu_per * NR);
    if (m0 >= m1 || n0 >= n1) return;
    float* edge = thread_scratch(2, static_cast<size_t>(MR * NR));
    for (int64_t jc = n0; jc < n1; jc += nc_step) {
      const int64_t nc = std::min(nc_step, n1 - jc);
      const int64_t npanels = ceil_div(nc, NR);
      for (int64_t pc = 0; pc < g.K; pc += kc_step) {
        const int64_t kc = std::min(kc_step, g.K - pc);
        const int accumulate = pc > 0 || g.accumulate;
        float* bpack = thread_scratch(1, static_cast<size_t>(npanels * NR * kc));
        pack_b_block(g, pc, kc, jc, nc, NR, bpack);
        // One A~ micro-panel at a time, multiplied by every B~ panel: the micro-panel (MR x kc, 12 KiB) stays
        // in L1 while the B~ panels stream from L2, and C is walked along its rows (MR sequential streams).
        // Against the BLIS order (a B~ panel in L1 reused by an L2-resident block of A~ micro-panels) this was
        // 1-3% faster on a 1024^3 product here (in-process A/B medians): the L1 footprint is a third, which
        // matters on a core whose caches are shared with other tenants, and C's lines are read in order.
        float* ap = thread_scratch(0, static_cast<size_t>(MR * kc));
        const int64_t short_from = m0 + short_tail_start(m1 - m0, MR, MRS);
        for (int64_t i = m0, step = MR; i < m1; i += step) {
          step = i < short_from ? MR : MRS;
          const int64_t mr = std::min(step, m1 - i);
          // A full tall micro-panel of an untransposed A whose rows spread over L1 is read in place (strided
          // kernel): packing it would be one more pass over A for nothing, since the micro-panel stays in L1
          // for the whole sweep (mm256 3% faster, in-process A/B).
          const bool in_place = strided && step == MR && mr == MR;
          const float* a_rows = g.a + i * g.lda + pc;
          const auto ukernel = step == MR ? ukernel_mr : isa_k.gemm_ukernel_small;
          if (!in_place) pack_a_block(g, i, mr, pc, kc, step, ap);
          for (int64_t q = 0; q < npanels; q++) {
            const int64_t j = jc + q * NR;
            const int64_t nr = std::min(NR, jc + nc - j);
            const float* bp = bpack + q * NR * kc;
            float* c = g.c + i * g.ldc + j;
            // A partial tile is computed whole into the scratch tile, then its valid part goes to C.
            const bool full = mr == step && nr == NR;
            float* out = full ? c : edge;
            const int64_t ldo = full ? g.ldc : NR;
            const int acc = full ? accumulate : 0;
            if (in_place)
              strided(kc, a_rows, g.lda, bp, out, ldo, acc);
            else
              ukernel(kc, ap, bp, out, ldo, acc);
            if (!full) store_edge_tile(edge, NR, mr, nr, c, g.ldc, accumulate);
          }
        }
      }
    }
  }, static_cast<int>(std::min<int64_t>(threads, tm * tn)));
}

Shape matmul_out_shape(const Shape& as, const Shape& bs, bool ta, bool tb) {
  if (as.size() < 2 || bs.size() < 2) throw ArgError("matMul: a and b must have rank >= 2");
  const size_t ra = as.size(), rb = bs.size();
  const int64_t M = ta ? as[ra - 1] : as[ra - 2], Ka = ta ? as[ra - 2] : as[ra - 1];
  const int64_t Kb = tb ? bs[rb - 1] : bs[rb - 2], N = tb ? bs[rb - 2] : bs[rb - 1];
  if (Ka != Kb) throw ArgError("matMul: inner dimensions differ (" + std::to_string(Ka) + " vs " + std::to_string(Kb) + ")");
  const size_t ba = ra - 2, bb = rb - 2, bo = std::max(ba, bb);
  Shape out(bo + 2);
  for (size_t i = 0; i < bo; i++) {
    int64_t da = i + ba >= bo ? as[i + ba - bo] : 1;
    int64_t db = i + bb >= bo ? bs[i + bb - bo] : 1;
    if (da != db && da != 1 && db != 1) throw ArgError("matMul: batch dimensions cannot be broadcast");
    out[i] = da == 1 ? db : da;
  }
  out[bo] = M;
  out[bo + 1] = N;
  return out;
}

void matmul(const float* a, const Shape& as, const float* b, const Shape& bs, bool ta, bool tb, float* out,
            const Shape& os) {
  const Shape expect = matmul_out_shape(as, bs, ta, tb);
  if (expect != os) throw ArgError("matMul: output shape does not match the inputs");
  const size_t ra = as.size(), rb = bs.size(), ro = os.size();
  const int64_t M = os[ro - 2], N = os[ro - 1];
  const int64_t K = ta ? as[ra - 2] : as[ra - 1];
  const int64_t a_mat = as[ra - 2] * as[ra - 1], b_mat = bs[rb - 2] * bs[rb - 1], o_mat = M * N;

  // Batch entries: for each output batch index, the offsets of its a and b matrices (broadcast dims step 0).
  const size_t bo = ro - 2;
  int64_t nbatch = 1;
  for (size_t i = 0; i < bo; i++) nbatch *= os[i];
  int64_t a_batch = 1, b_batch = 1;
  for (size_t i = 0; i + 2 < ra; i++) a_batch *= as[i];
  for (size_t i = 0; i + 2 < rb; i++) b_batch *= bs[i];

  GemmArgs g{M, N, K, a, ta ? M : K, ta, b, tb ? K : N, tb, out, N, false};
  if (nbatch == 0 || o_mat == 0) return;

  // B shared by every entry and A's batch not broadcast: one tall GEMM of (nbatch * M) rows.
  if (b_batch == 1 && a_batch == nbatch && !ta) {
    g.M = nbatch * M;
    gemm(g, 0);
    return;
  }

  std::vector<int64_t> a_off(nbatch), b_off(nbatch);
  {
    // Strides of a's and b's batch dims, aligned right with the output batch dims (0 where broadcast).
    std::vector<int64_t> sa(bo, 0), sb(bo, 0);
    int64_t acc = a_mat;
    for (size_t i = ra - 2; i-- > 0;) {
      size_t oi = i + bo - (ra - 2);
      sa[oi] = as[i] == 1 ? 0 : acc;
      acc *= as[i];
    }
    acc = b_mat;
    for (size_t i = rb - 2; i-- > 0;) {
      size_t oi = i + bo - (rb - 2);
      sb[oi] = bs[i] == 1 ? 0 : acc;
      acc *= bs[i];
    }
    std::vector<int64_t> idx(bo, 0);
    int64_t offa = 0, offb = 0;
    for (int64_t e = 0; e < nbatch; e++) {
      a_off[e] = offa;
      b_off[e] = offb;
      for (size_t d = bo; d-- > 0;) {  // odometer
        idx[d]++;
        offa += sa[d];
        offb += sb[d];
        if (idx[d] < os[d]) break;
        offa -= sa[d] * idx[d];
        offb -= sb[d] * idx[d];
        idx[d] = 0;
      }
    }
  }

  const double flops_each = 2.0 * double(M) * double(N) * double(K);
  auto run_entry = [&](int64_t e, int threads) {
    GemmArgs ge = g;
    ge.a = a + a_off[e];
    ge.b = b + b_off[e];
    ge.c = out + e * o_mat;
    gemm(ge, threads);
  };
  if (nbatch > 1 && flops_each < 4.0e6) {
    // Many small products: one entry per task, each single-threaded.
    parallel_for(nbatch, [&](int64_t e) { run_entry(e, 1); });
  } else {
    for (int64_t e = 0; e < nbatch; e++) run_entry(e, 0);
  }
}


// ---- pre-packed operands ---------------------------------------------------------------------------------------
// A recurrent kernel multiplies by the same weight matrix at every time step: packing it once (instead of in
// every gemm() call) removes a full pass over the weights per step, and lets a step's GEMM be split over
// column panels inside the step's own parallel region. The layouts are exactly what gemm() builds per call.

int64_t packed_kc_step(int64_t K) {
  if (K <= 0) return 8;
  const int64_t nkb = ceil_div(K, kKC);
  return std::min(kKC, ceil_div(ceil_div(K, nkb), 8) * 8);
}

size_t packed_b_size(int64_t K, int64_t N) {
  const int64_t NR = isa().gemm_nr;
  return static_cast<size_t>(std::max<int64_t>(K, 0) * ceil_div(std::max<int64_t>(N, 0), NR) * NR);
}

void pack_b_all(const float* b, int64_t ldb, bool tb, int64_t K, int64_t N, float* dst) {
  const int64_t NR = isa().gemm_nr, NP = ceil_div(N, NR), kc_step = packed_kc_step(K);
  GemmArgs g{K, N, K, nullptr, 0, false, b, ldb, tb, nullptr, 0, false};
  for (int64_t pc = 0; pc < K; pc += kc_step) {
    const int64_t kc = std::min(kc_step, K - pc);
    for (int64_t q = 0; q < NP; q++) pack_b_panel(g, pc, kc, q * NR, std::min(NR, N - q * NR), NR, dst + pc * NP * NR + q * NR * kc);
  }
}

int64_t packed_mr(int64_t M) {
  const IsaKernels& k = isa();
  const int64_t big = k.gemm_mr, small = k.gemm_mr_small;
  if (M <= 0 || small == big) return big;
  // The short tile does a little less arithmetic per load: worth it only when it saves > 5% padding rows.
  const int64_t saved = (ceil_div(M, big) * big - M) - (ceil_div(M, small) * small - M);
  return saved * 20 > M ? small : big;
}

size_t packed_a_size(int64_t M, int64_t K, int64_t MR) {
  return static_cast<size_t>(std::max<int64_t>(K, 0) * ceil_div(std::max<int64_t>(M, 0), MR) * MR);
}

void pack_a_all(const float* a, int64_t lda, bool ta, int64_t M, int64_t K, int64_t MR, float* dst) {
  const int64_t MP = ceil_div(M, MR), kc_step = packed_kc_step(K);
  GemmArgs g{M, 0, K, a, lda, ta, nullptr, 0, false, nullptr, 0, false};
  for (int64_t pc = 0; pc < K; pc += kc_step) pack_a_block(g, 0, M, pc, std::min(kc_step, K - pc), MR, dst + pc * MP * MR);
}

void gemm_packed_tile(int64_t M, int64_t N, int64_t K, int64_t MR, const float* ap, const float* bp, int64_t ir0, int64_t ir1, int64_t q0,
                      int64_t q1, float* c, int64_t ldc, bool accumulate) {
  const IsaKernels& k = isa();
  if (MR != k.gemm_mr && MR != k.gemm_mr_small) throw ArgError("gemm_packed_tile: unsupported tile height");
  const auto ukernel = MR == k.gemm_mr ? k.gemm_ukernel : k.gemm_ukernel_small;
  const int64_t NR = k.gemm_nr, MP = ceil_div(M, MR), NP = ceil_div(N, NR), kc_step = packed_kc_step(K);
  q1 = std::min(q1, NP);
  ir1 = std::min(ir1, MP);
  if (M <= 0 || q0 >= q1 || ir0 >= ir1) return;
  if (K <= 0) {
    if (!accumulate)
      for (int64_t i = ir0 * MR; i < std::min(M, ir1 * MR); i++)
        for (int64_t j = q0 * NR; j < std::min(N, q1 * NR); j++) c[i * ldc + j] = 0.0f;
    return;
  }
  float* edge = thread_scratch(2, static_cast<size_t>(std::max<int64_t>(MR, k.gemm_mr) * NR));
  for (int64_t pc = 0; pc < K; pc += kc_step) {
    const int64_t kc = std::min(kc_step, K - pc);
    const int acc = accumulate || pc > 0;
    for (int64_t q = q0; q < q1; q++) {
      const float* bpanel = bp + pc * NP * NR + q * NR * kc;
      const int64_t j = q * NR, nr = std::min(NR, N - j);
      for (int64_t ir = ir0; ir < ir1; ir++) {
        const float* apanel = ap + pc * MP * MR + ir * MR * kc;
        const int64_t i0 = ir * MR, mr = std::min(MR, M - i0);
        float* ct = c + i0 * ldc + j;
        if (mr == MR && nr == NR) {
          ukernel(kc, apanel, bpanel, ct, ldc, acc);
        } else {
          ukernel(kc, apanel, bpanel, edge, NR, 0);
          store_edge_tile(edge, NR, mr, nr, ct, ldc, acc);
        }
      }
    }
  }
}

}  // namespace tl

// ---- registration ----------------------------------------------------------------------------------------
namespace tl {
namespace {
void matmul_entry(KernelCall& c) {
  const bool ta = c.flag("transposeA"), tb = c.flag("transposeB");
  // matmul() checks the shapes against each other (inner dims, batch broadcast, the output) before any work.
  matmul(c.in[0].f32(), c.in[0].shape, c.in[1].f32(), c.in[1].shape, ta, tb, c.out[0].f32(), c.out[0].shape);
}
TL_KERNEL({"MatMul", &matmul_entry, 2, 2, 1, 1, {kF32Bit},
           {{"transposeA", AttrKind::kBool, true}, {"transposeB", AttrKind::kBool, true}}});
}  // namespace
}  // namespace tl
