// BasicRNNSequenceGrad (and BasicRNNCellGrad, T = 1): backpropagation through time; see rnn_common.h and
// kernel_names.ts. Per step (newest first), one parallel region over chunks of units:
//   dhRec[:, j] = dpre_{t+1} @ w_h^T[:, j];  dpre_t = (dh[t] + dhRec) act'(h_t)  (act' from the output)
// then dx, dw and db are whole-sequence GEMMs over dpre [T*B, H].
#include "rnn_common.h"

namespace tl {

void rnn_sequence_grad(const RnnDims& d, int act, const float* x, const float* h0, const float* w, const float* h,
                       const float* dh, float* dx, float* dh0, float* dw, float* db) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H, BH = B * H;
  if (T == 0 || B == 0 || H == 0) {
    std::memset(dx, 0, sizeof(float) * T * B * I);
    std::memset(dh0, 0, sizeof(float) * BH);
    std::memset(dw, 0, sizeof(float) * (I + H) * H);
    std::memset(db, 0, sizeof(float) * H);
    return;
  }
  const PackedA pa(B, H);
  const size_t nw = packed_b_size(H, H);
  Arena arena(Arena::need(size_t(T * BH)) + Arena::need(nw) + 2 * Arena::need(pa.size()) + Arena::need(size_t(BH)));
  float* dpre = arena.take(size_t(T * BH));
  float* wtp = arena.take(nw);
  float* dpp[2] = {arena.take(pa.size()), arena.take(pa.size())};
  float* dhrec = arena.take(size_t(BH));
  pack_b_all(w + I * H, H, true, H, H, wtp);  // w_h^T
  std::memset(dpp[0], 0, sizeof(float) * pa.size());
  std::memset(dpp[1], 0, sizeof(float) * pa.size());
  const StepSplit sp = split_step(B, H, pa.MR, 2.0 * double(B) * double(H) * double(H));
  for (int64_t t = T - 1; t >= 0; t--) {
    const float* dnext = dpp[(t + 1) & 1];
    float* dcur = dpp[t & 1];
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      if (t + 1 < T) {
        gemm_packed_tile(B, H, H, pa.MR, dnext, wtp, tile.ir0, tile.ir1, tile.q0, tile.q1, dhrec, H, false);
      } else {
        for (int64_t r = tile.r0; r < tile.r1; r++) std::memset(dhrec + r * H + j0, 0, sizeof(float) * n);
      }
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        const int64_t st = (t * B + r) * H + j0;
        float* dp = dpre + st;
        for (int64_t q = 0; q < n; q++) dp[q] = (dh[st + q] + dhrec[r * H + j0 + q]) * rnn_activation_grad(act, h[st + q]);
        if (t > 0) pa.put_row(dcur, r, j0, dp, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
  gemm(GemmArgs{B, H, H, dpre, H, false, w + I * H, H, true, dh0, H, false}, 0);
  gemm(GemmArgs{T * B, I, H, dpre, H, false, w, H, true, dx, I, false}, 0);
  gemm(GemmArgs{I, H, T * B, x, I, true, dpre, H, false, dw, H, false}, 0);
  gemm(GemmArgs{H, H, B, h0, H, true, dpre, H, false, dw + I * H, H, false}, 0);
  if (T > 1) gemm(GemmArgs{H, H, (T - 1) * B, h, H, true, dpre + BH, H, false, dw + I * H, H, true}, 0);
  col_sums(dpre, T * B, H, H, db);
}

}  // namespace tl

// ---- registration: BasicRNNCellGrad / BasicRNNSequenceGrad: x, h0, w, b, h, dh -> dx, dh0, dw, db ----------
namespace tl {
namespace {
void rnn_grad_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 1, 1);
  const int64_t sizes[4] = {d.T * d.B * d.I, d.B * d.H, (d.I + d.H) * d.H, d.H};
  for (size_t k = 0; k < 4; k++) { c.expect_size(false, k, sizes[k]); c.expect_size(true, k, sizes[k]); }
  c.expect_size(false, 4, d.T * d.B * d.H); c.expect_size(false, 5, d.T * d.B * d.H);
  auto in = [&](size_t k) { return c.in[k].f32(); };
  auto out = [&](size_t k) { return c.out[k].f32(); };
  rnn_sequence_grad(d, rnn_act_of(c), in(0), in(1), in(2), in(4), in(5), out(0), out(1), out(2), out(3));
}
const bool registered = [] {
  for (const char* name : {"BasicRNNCellGrad", "BasicRNNSequenceGrad"})
    kernel_registry().push_back(KernelDef{name, &rnn_grad_entry, 6, 6, 4, 4, {kF32Bit}, {rnn_activation_attr()}});
  return true;
}();
}  // namespace
}  // namespace tl
