// GRUBlockSequence forward (and GRUBlockCell, T = 1): see rnn_common.h and kernel_names.ts. The input
// projections of both weight matrices for all steps are one GEMM (x @ [wRu_x | wC_x], [T*B, 3H]). The
// candidate needs r * hPrev of every unit, so a step is two parallel regions over tiles of rows x units:
//   A: ru[:, j] += hPrev @ wRu_h[:, j] (r and u columns); r = sig(. + bRu), u = sig(. + bRu); r*hPrev -> packed
//   B: c[:, j] += (r*hPrev) @ wC_h[:, j]; c = tanh(. + bC); h = u hPrev + (1 - u) c -> output and packed
#include "rnn_common.h"

namespace tl {

void gru_sequence(const RnnDims& d, const float* x, const float* h0, const float* wru, const float* bru, const float* wc,
                  const float* bc, const GruOut& out) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H, H2 = 2 * H, H3 = 3 * H;
  if (T == 0 || B == 0 || H == 0) return;
  const IsaKernels& k = isa();
  const PackedA pa(B, H);
  const size_t nw = packed_b_size(H, H);
  Arena arena(Arena::need(size_t(T * B * H3)) + Arena::need(size_t(I * H3)) + 3 * Arena::need(nw) + 3 * Arena::need(pa.size()));
  float* xw = arena.take(size_t(T * B * H3));
  float* wx = arena.take(size_t(I * H3));
  float* wp[3] = {arena.take(nw), arena.take(nw), arena.take(nw)};  // r, u, candidate recurrent weights
  float* hp[2] = {arena.take(pa.size()), arena.take(pa.size())};
  float* rhp = arena.take(pa.size());

  for (int64_t i = 0; i < I; i++) {
    std::memcpy(wx + i * H3, wru + i * H2, sizeof(float) * H2);
    std::memcpy(wx + i * H3 + H2, wc + i * H, sizeof(float) * H);
  }
  gemm(GemmArgs{T * B, H3, I, x, I, false, wx, H3, false, xw, H3, false}, 0);
  pack_b_all(wru + I * H2, H2, false, H, H, wp[0]);
  pack_b_all(wru + I * H2 + H, H2, false, H, H, wp[1]);
  pack_b_all(wc + I * H, H, false, H, H, wp[2]);
  std::memset(hp[1], 0, sizeof(float) * pa.size());
  std::memset(rhp, 0, sizeof(float) * pa.size());
  pack_a_all(h0, H, false, B, H, pa.MR, hp[0]);

  const StepSplit sp = split_step(B, H, pa.MR, 2.0 * double(B) * double(H) * double(H2));
  for (int64_t t = 0; t < T; t++) {
    const float* hpk = hp[t & 1];
    float* hnext = hp[(t + 1) & 1];
    const float* hprev = t > 0 ? out.h + (t - 1) * B * H : h0;
    float* xwt = xw + t * B * H3;
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      gemm_packed_tile(B, H, H, pa.MR, hpk, wp[0], tile.ir0, tile.ir1, tile.q0, tile.q1, xwt, H3, true);
      gemm_packed_tile(B, H, H, pa.MR, hpk, wp[1], tile.ir0, tile.ir1, tile.q0, tile.q1, xwt + H, H3, true);
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        float *gr = xwt + r * H3 + j0, *gu = xwt + r * H3 + H + j0;
        const int64_t s = (t * B + r) * H + j0;
        for (int64_t q = 0; q < n; q++) {
          gr[q] += bru[j0 + q];
          gu[q] += bru[H + j0 + q];
        }
        k.unary(kSigmoid, gr, out.r + s, n, 0.0f);
        k.unary(kSigmoid, gu, out.u + s, n, 0.0f);
        // r * hPrev (into the spent pre-activations), packed as the candidate GEMM's operand.
        const float* hrow = hprev + r * H + j0;
        for (int64_t q = 0; q < n; q++) gr[q] = out.r[s + q] * hrow[q];
        pa.put_row(rhp, r, j0, gr, n);
      }
    }, static_cast<int>(sp.tasks()));
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      gemm_packed_tile(B, H, H, pa.MR, rhp, wp[2], tile.ir0, tile.ir1, tile.q0, tile.q1, xwt + H2, H3, true);
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        float* gc = xwt + r * H3 + H2 + j0;
        const int64_t s = (t * B + r) * H + j0;
        for (int64_t q = 0; q < n; q++) gc[q] += bc[j0 + q];
        float *c = out.c + s, *h = out.h + s;
        const float *u = out.u + s, *hrow = hprev + r * H + j0;
        k.unary(kTanh, gc, c, n, 0.0f);
        for (int64_t q = 0; q < n; q++) h[q] = u[q] * hrow[q] + (1.0f - u[q]) * c[q];
        if (t + 1 < T) pa.put_row(hnext, r, j0, h, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
}

}  // namespace tl

// ---- registration: GRUBlockCell / GRUBlockSequence: x, h0, wRu, bRu, wC, bC -> r, u, c, h ------------------
namespace tl {
namespace {
void gru_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 1, 3);
  const int64_t BH = d.B * d.H;
  c.expect_size(false, 0, d.T * d.B * d.I); c.expect_size(false, 1, BH); c.expect_size(false, 2, (d.I + d.H) * 2 * d.H);
  c.expect_size(false, 3, 2 * d.H); c.expect_size(false, 4, (d.I + d.H) * d.H); c.expect_size(false, 5, d.H);
  for (size_t k = 0; k < 4; k++) c.expect_size(true, k, d.T * BH);
  auto in = [&](size_t k) { return c.in[k].f32(); };
  gru_sequence(d, in(0), in(1), in(2), in(3), in(4), in(5), GruOut{c.out[0].f32(), c.out[1].f32(), c.out[2].f32(), c.out[3].f32()});
}
const bool registered = [] {
  for (const char* name : {"GRUBlockCell", "GRUBlockSequence"}) kernel_registry().push_back(KernelDef{name, &gru_entry, 6, 6, 4, 4, {kF32Bit}, {}});
  return true;
}();
}  // namespace
}  // namespace tl
