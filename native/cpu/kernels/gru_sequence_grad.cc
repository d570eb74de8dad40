// GRUBlockSequenceGrad (and GRUBlockCellGrad, T = 1): backpropagation through time; see rnn_common.h and
// kernel_names.ts. Per step (newest first), two parallel regions over tiles of rows x units (StepSplit):
//   A: dhRec[:, j] = dRu_{t+1} @ wRu_h^T[:, j] + (dh_{t+1} u + d(rh) r) of step t+1; dh_t = dh[t] + dhRec;
//      dcBar = dh_t (1 - u)(1 - c^2), duBar = dh_t (hPrev - c) u (1 - u)
//   B: d(rh)[:, j] = dcBar @ wC_h^T[:, j]; drBar = d(rh) hPrev r (1 - r); the local part of dhPrev
// then dx, dwRu, dwC and the bias gradients are whole-sequence GEMMs over [drBar, duBar] and dcBar.
#include "rnn_common.h"

namespace tl {

void gru_sequence_grad(const RnnDims& d, const float* x, const float* h0, const float* wru, const float* wc,
                       const GruStates& s, const float* dh, float* dx, float* dh0, float* dwru, float* dbru, float* dwc,
                       float* dbc) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H, H2 = 2 * H, BH = B * H;
  if (T == 0 || B == 0 || H == 0) {
    std::memset(dx, 0, sizeof(float) * T * B * I);
    std::memset(dh0, 0, sizeof(float) * BH);
    std::memset(dwru, 0, sizeof(float) * (I + H) * H2);
    std::memset(dbru, 0, sizeof(float) * H2);
    std::memset(dwc, 0, sizeof(float) * (I + H) * H);
    std::memset(dbc, 0, sizeof(float) * H);
    return;
  }
  const PackedA paRu(B, H2), paC(B, H);
  const size_t nwr = packed_b_size(H2, H), nwc = packed_b_size(H, H);
  Arena arena(Arena::need(size_t(T * B * H2)) + 2 * Arena::need(size_t(T * BH)) + Arena::need(nwr) + Arena::need(nwc) +
              2 * Arena::need(paRu.size()) + Arena::need(paC.size()) + 4 * Arena::need(size_t(BH)));
  float* dru = arena.take(size_t(T * B * H2));
  float* dcb = arena.take(size_t(T * BH));
  float* rh = arena.take(size_t(T * BH));
  float* wrut = arena.take(nwr);
  float* wct = arena.take(nwc);
  float* drup[2] = {arena.take(paRu.size()), arena.take(paRu.size())};
  float* dcp = arena.take(paC.size());
  float* dhrec = arena.take(size_t(BH));
  float* dht = arena.take(size_t(BH));
  float* drh = arena.take(size_t(BH));
  float* part = arena.take(size_t(BH));
  pack_b_all(wru + I * H2, H2, true, H2, H, wrut);  // wRu_h^T [2H, H]
  pack_b_all(wc + I * H, H, true, H, H, wct);        // wC_h^T [H, H]
  std::memset(drup[0], 0, sizeof(float) * paRu.size());
  std::memset(drup[1], 0, sizeof(float) * paRu.size());
  std::memset(dcp, 0, sizeof(float) * paC.size());

  const StepSplit sp = split_step(B, H, paRu.MR, 2.0 * double(B) * double(H) * double(H2));
  for (int64_t t = T - 1; t >= 0; t--) {
    const float* hprev = t > 0 ? s.h + (t - 1) * BH : h0;
    const float* drnext = drup[(t + 1) & 1];
    float* drcur = drup[t & 1];
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      if (t + 1 < T) {
        gemm_packed_tile(B, H, H2, paRu.MR, drnext, wrut, tile.ir0, tile.ir1, tile.q0, tile.q1, dhrec, H, false);
        for (int64_t r = tile.r0; r < tile.r1; r++)
          for (int64_t q = 0; q < n; q++) dhrec[r * H + j0 + q] += part[r * H + j0 + q];
      } else {
        for (int64_t r = tile.r0; r < tile.r1; r++) std::memset(dhrec + r * H + j0, 0, sizeof(float) * n);
      }
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        for (int64_t q = 0; q < n; q++) {
          const int64_t j = j0 + q, k0 = r * H + j, st = t * BH + k0;
          const float d = dh[st] + dhrec[k0], u = s.u[st], c = s.c[st], hp = hprev[k0];
          dht[k0] = d;
          const float dcbar = d * (1.0f - u) * (1.0f - c * c);
          const float dubar = d * (hp - c) * u * (1.0f - u);
          dcb[st] = dcbar;
          dru[(t * B + r) * H2 + H + j] = dubar;
          rh[st] = s.r[st] * hp;
        }
        paC.put_row(dcp, r, j0, dcb + t * BH + r * H + j0, n);
        if (t > 0) paRu.put_row(drcur, r, H + j0, dru + (t * B + r) * H2 + H + j0, n);
      }
    }, static_cast<int>(sp.tasks()));
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      gemm_packed_tile(B, H, H, paC.MR, dcp, wct, tile.ir0, tile.ir1, tile.q0, tile.q1, drh, H, false);
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        for (int64_t q = 0; q < n; q++) {
          const int64_t j = j0 + q, k0 = r * H + j, st = t * BH + k0;
          const float rv = s.r[st];
          const float drbar = drh[k0] * hprev[k0] * rv * (1.0f - rv);
          dru[(t * B + r) * H2 + j] = drbar;
          part[k0] = dht[k0] * s.u[st] + drh[k0] * rv;
        }
        if (t > 0) paRu.put_row(drcur, r, j0, dru + (t * B + r) * H2 + j0, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
  // dh0 = the local part of step 0 + [drBar, duBar]_0 @ wRu_h^T.
  std::memcpy(dh0, part, sizeof(float) * BH);
  gemm(GemmArgs{B, H, H2, dru, H2, false, wru + I * H2, H2, true, dh0, H, true}, 0);
  gemm(GemmArgs{T * B, I, H2, dru, H2, false, wru, H2, true, dx, I, false}, 0);
  gemm(GemmArgs{T * B, I, H, dcb, H, false, wc, H, true, dx, I, true}, 0);
  gemm(GemmArgs{I, H2, T * B, x, I, true, dru, H2, false, dwru, H2, false}, 0);
  gemm(GemmArgs{H, H2, B, h0, H, true, dru, H2, false, dwru + I * H2, H2, false}, 0);
  if (T > 1) gemm(GemmArgs{H, H2, (T - 1) * B, s.h, H, true, dru + B * H2, H2, false, dwru + I * H2, H2, true}, 0);
  gemm(GemmArgs{I, H, T * B, x, I, true, dcb, H, false, dwc, H, false}, 0);
  gemm(GemmArgs{H, H, T * B, rh, H, true, dcb, H, false, dwc + I * H, H, false}, 0);
  col_sums(dru, T * B, H2, H2, dbru);
  col_sums(dcb, T * B, H, H, dbc);
}

}  // namespace tl

// ---- registration: GRUBlockCellGrad / GRUBlockSequenceGrad ------------------------------------------------
namespace tl {
namespace {
// inputs: the 6 forward inputs, the 4 forward outputs, dh -> dx, dh0, dwRu, dbRu, dwC, dbC.
void gru_grad_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 1, 3);
  const int64_t BH = d.B * d.H;
  const int64_t sizes[6] = {d.T * d.B * d.I, BH, (d.I + d.H) * 2 * d.H, 2 * d.H, (d.I + d.H) * d.H, d.H};
  for (size_t k = 0; k < 6; k++) { c.expect_size(false, k, sizes[k]); c.expect_size(true, k, sizes[k]); }
  for (size_t k = 6; k < 11; k++) c.expect_size(false, k, d.T * BH);
  auto in = [&](size_t k) { return c.in[k].f32(); };
  auto out = [&](size_t k) { return c.out[k].f32(); };
  gru_sequence_grad(d, in(0), in(1), in(2), in(4), GruStates{in(6), in(7), in(8), in(9)}, in(10), out(0), out(1), out(2), out(3), out(4), out(5));
}
const bool registered = [] {
  for (const char* name : {"GRUBlockCellGrad", "GRUBlockSequenceGrad"})
    kernel_registry().push_back(KernelDef{name, &gru_grad_entry, 11, 11, 6, 6, {kF32Bit}, {}});
  return true;
}();
}  // namespace
}  // namespace tl
