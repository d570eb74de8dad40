// LSTMBlockSequenceGrad (and LSTMBlockCellGrad, T = 1): backpropagation through time; see rnn_common.h and
// kernel_names.ts. Steps run newest first, one parallel region each; a task owns a tile of rows x hidden
// units (StepSplit) and
//   1. computes its columns of the recurrent gradient dhRec = dgates_{t+1} @ w_h^T (packed operands),
//   2. turns dh[t] + dhRec into its units' gate gradients (TF's LSTMBlockCellBprop, with the exact
//      gradient of the cell clip), written to the whole-sequence dgates and, packed, to the next region's
//      GEMM operand; it also owns its units' recurrent cell gradient (no races).
// The peephole gradients are sums over every step and row, taken from dgates after the loop.
// dx, dw and db are then three whole-sequence GEMMs (and column sums) over dgates [T*B, 4H].
#include <cmath>

#include "rnn_common.h"

namespace tl {

void lstm_sequence_grad(const RnnDims& d, const float* x, const float* cs0, const float* h0, const float* w, const float* wci,
                        const float* wcf, const float* wco, float cell_clip, const LstmStates& s, const float* dcs,
                        const float* dh, const LstmGradOut& g) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H, G = 4 * H, BH = B * H;
  const bool peep = wci != nullptr;
  if (peep) {  // summed after the loop (a task may own only some rows of a unit)
    std::memset(g.dwci, 0, sizeof(float) * H);
    std::memset(g.dwcf, 0, sizeof(float) * H);
    std::memset(g.dwco, 0, sizeof(float) * H);
  }
  if (T == 0 || B == 0 || H == 0) {  // nothing flows back: every gradient is zero
    std::memset(g.dx, 0, sizeof(float) * T * B * I);
    std::memset(g.dcs0, 0, sizeof(float) * BH);
    std::memset(g.dh0, 0, sizeof(float) * BH);
    std::memset(g.dw, 0, sizeof(float) * (I + H) * G);
    std::memset(g.db, 0, sizeof(float) * G);
    return;
  }
  const PackedA pa(B, G);
  const size_t nwt = packed_b_size(G, H);
  Arena arena(Arena::need(size_t(T * B * G)) + Arena::need(nwt) + 2 * Arena::need(pa.size()) + 2 * Arena::need(size_t(BH)));
  float* dgates = arena.take(size_t(T * B * G));
  float* wtp = arena.take(nwt);
  float* dgp[2] = {arena.take(pa.size()), arena.take(pa.size())};
  float* dhrec = arena.take(size_t(BH));
  float* dcsrec = arena.take(size_t(BH));
  // w_h^T [4H, H] as the B operand of dhRec = dgates_t @ w_h^T, packed once.
  pack_b_all(w + I * G, G, true, G, H, wtp);
  std::memset(dgp[0], 0, sizeof(float) * pa.size());
  std::memset(dgp[1], 0, sizeof(float) * pa.size());
  std::memset(dcsrec, 0, sizeof(float) * BH);

  const StepSplit sp = split_step(B, H, pa.MR, 2.0 * double(B) * double(H) * double(G));
  for (int64_t t = T - 1; t >= 0; t--) {
    const float* dgnext = dgp[(t + 1) & 1];
    float* dgcur = dgp[t & 1];
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      if (t + 1 < T) {
        gemm_packed_tile(B, H, G, pa.MR, dgnext, wtp, tile.ir0, tile.ir1, tile.q0, tile.q1, dhrec, H, false);
      } else {
        for (int64_t r = tile.r0; r < tile.r1; r++) std::memset(dhrec + r * H + j0, 0, sizeof(float) * n);
      }
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        const int64_t st = (t * B + r) * H + j0, k0 = r * H + j0;
        const float* cp = t > 0 ? s.cs + st - BH : cs0 + k0;
        float* dg = dgates + (t * B + r) * G;
        for (int64_t q = 0; q < n; q++) {
          const int64_t j = j0 + q;
          const float dht = dh[st + q] + dhrec[k0 + q];
          const float ig = s.i[st + q], fg = s.f[st + q], og = s.o[st + q], cig = s.ci[st + q], co = s.co[st + q];
          const float cs = s.cs[st + q], cprev = cp[q];
          const float d_o = og * (1.0f - og) * dht * co;
          float dc = (1.0f - co * co) * dht * og + dcs[st + q] + dcsrec[k0 + q];
          if (peep) dc += d_o * wco[j];
          if (cell_clip > 0.0f && !(std::fabs(cs) < cell_clip)) dc = 0.0f;  // the clip was active
          const float dci = (1.0f - cig * cig) * dc * ig;
          const float df = fg * (1.0f - fg) * dc * cprev;
          const float di = ig * (1.0f - ig) * dc * cig;
          dg[j] = di;
          dg[H + j] = dci;
          dg[2 * H + j] = df;
          dg[3 * H + j] = d_o;
          dcsrec[k0 + q] = dc * fg + (peep ? di * wci[j] + df * wcf[j] : 0.0f);
        }
        if (t > 0)
          for (int gate = 0; gate < 4; gate++) pa.put_row(dgcur, r, gate * H + j0, dg + gate * H + j0, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
  std::memcpy(g.dcs0, dcsrec, sizeof(float) * BH);
  if (peep) {
    // dwci = sum di csPrev, dwcf = sum df csPrev, dwco = sum do cs over steps and rows (double per unit).
    parallel_for(ceil_div(H, 64), [&](int64_t task) {
      const int64_t j0 = task * 64, j1 = std::min(H, j0 + 64);
      for (int64_t j = j0; j < j1; j++) {
        double a = 0, b = 0, c = 0;
        for (int64_t t = 0; t < T; t++)
          for (int64_t r = 0; r < B; r++) {
            const float* dg = dgates + (t * B + r) * G;
            const int64_t st = (t * B + r) * H + j;
            const float cprev = t > 0 ? s.cs[st - BH] : cs0[r * H + j];
            a += double(dg[j]) * cprev;
            b += double(dg[2 * H + j]) * cprev;
            c += double(dg[3 * H + j]) * s.cs[st];
          }
        g.dwci[j] = float(a);
        g.dwcf[j] = float(b);
        g.dwco[j] = float(c);
      }
    }, T * B * H > (1 << 15) ? 0 : 1);
  }
  // dh0 = dgates_0 @ w_h^T; dx = dgates @ w_x^T; dw = [x; hPrev]^T @ dgates; db = column sums.
  gemm(GemmArgs{B, H, G, dgates, G, false, w + I * G, G, true, g.dh0, H, false}, 0);
  gemm(GemmArgs{T * B, I, G, dgates, G, false, w, G, true, g.dx, I, false}, 0);
  gemm(GemmArgs{I, G, T * B, x, I, true, dgates, G, false, g.dw, G, false}, 0);
  gemm(GemmArgs{H, G, B, h0, H, true, dgates, G, false, g.dw + I * G, G, false}, 0);
  if (T > 1) gemm(GemmArgs{H, G, (T - 1) * B, s.h, H, true, dgates + B * G, G, false, g.dw + I * G, G, true}, 0);
  col_sums(dgates, T * B, G, G, g.db);
}

}  // namespace tl

// ---- registration: LSTMBlockCellGrad / LSTMBlockSequenceGrad ----------------------------------------------
namespace tl {
namespace {
// inputs: the forward inputs (5, or 8 with peepholes), the 7 forward outputs, dcs, dh -> one gradient per
// forward input (b's included).
void lstm_grad_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 2, 4);
  const bool pp = c.flag("usePeephole");
  const size_t n = pp ? 8 : 5;
  if (c.in.size() != n + 9 || c.out.size() != n) throw ArgError(pp ? "usePeephole wants 17 inputs and 8 outputs" : "14 inputs and 5 outputs expected without peepholes");
  const int64_t BH = d.B * d.H, TBH = d.T * BH;
  const int64_t sizes[8] = {d.T * d.B * d.I, BH, BH, (d.I + d.H) * 4 * d.H, 4 * d.H, d.H, d.H, d.H};
  for (size_t k = 0; k < n; k++) { c.expect_size(false, k, sizes[k]); c.expect_size(true, k, sizes[k]); }
  for (size_t k = n; k < n + 9; k++) c.expect_size(false, k, TBH);
  auto in = [&](size_t k) { return c.in[k].f32(); };
  auto out = [&](size_t k) { return k < n ? c.out[k].f32() : nullptr; };
  lstm_sequence_grad(d, in(0), in(1), in(2), in(3), pp ? in(5) : nullptr, pp ? in(6) : nullptr, pp ? in(7) : nullptr, float(c.num("cellClip")),
                     LstmStates{in(n), in(n + 1), in(n + 2), in(n + 3), in(n + 4), in(n + 5), in(n + 6)}, in(n + 7), in(n + 8),
                     LstmGradOut{out(0), out(1), out(2), out(3), out(4), out(5), out(6), out(7)});
}
const bool registered = [] {
  for (const char* name : {"LSTMBlockCellGrad", "LSTMBlockSequenceGrad"})
    kernel_registry().push_back(KernelDef{name, &lstm_grad_entry, 14, 17, 5, 8, {kF32Bit}, {{"forgetBias", AttrKind::kNumber}, {"cellClip", AttrKind::kNumber}, {"usePeephole", AttrKind::kBool}, {"gateOutputs", AttrKind::kBool, true}}});
  return true;
}();
}  // namespace
}  // namespace tl
