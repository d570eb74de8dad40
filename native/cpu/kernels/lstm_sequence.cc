// LSTMBlockSequence forward (and LSTMBlockCell, T = 1): see rnn_common.h for the structure and
// kernel_names.ts for the math. Per step and task (a tile of batch rows x hidden units j0..j1, StepSplit):
//   gates[:, g*H + j] += hPrev @ w_h[:, g*H + j]   for the 4 gates (packed weights, packed hPrev)
//   i = sig(gi + b + csPrev wci), f = sig(gf + b + forgetBias + csPrev wcf), ci = tanh(gci + b)
//   cs = clip(ci i + csPrev f), o = sig(go + b + cs wco), co = tanh(cs), h = co o
// (the ISA's lstm_row: one vectorized pass per row segment), and h goes both to the output and, packed, to
// the next step's GEMM operand.
#include "rnn_common.h"

namespace tl {

void lstm_sequence(const RnnDims& d, const float* x, const float* cs0, const float* h0, const float* w, const float* b,
                   const float* wci, const float* wcf, const float* wco, float forget_bias, float cell_clip,
                   const LstmOut& out) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H, G = 4 * H;
  if (T == 0 || B == 0 || H == 0) return;
  const IsaKernels& k = isa();
  const bool peep = wci != nullptr;
  const bool gates = out.i != nullptr;  // null i, f, o, ci, co: inference, only cs and h are kept
  const PackedA pa(B, H);
  const size_t nw = packed_b_size(H, H);
  Arena arena(Arena::need(size_t(T * B * G)) + 4 * Arena::need(nw) + 2 * Arena::need(pa.size()));
  float* xw = arena.take(size_t(T * B * G));
  float* wp[4];
  for (auto& p : wp) p = arena.take(nw);
  float* hp[2] = {arena.take(pa.size()), arena.take(pa.size())};

  // The input projection of every step: one [T*B, I] x [I, 4H] GEMM (the bias is added in the gate pass).
  gemm(GemmArgs{T * B, G, I, x, I, false, w, G, false, xw, G, false}, 0);
  // The recurrent weights of each gate, packed once for all steps.
  for (int g = 0; g < 4; g++) pack_b_all(w + I * G + g * H, G, false, H, H, wp[g]);
  std::memset(hp[1], 0, sizeof(float) * pa.size());
  pack_a_all(h0, H, false, B, H, pa.MR, hp[0]);

  const StepSplit sp = split_step(B, H, pa.MR, 2.0 * double(B) * double(H) * double(G));
  for (int64_t t = 0; t < T; t++) {
    const float* hprev = hp[t & 1];
    float* hnext = hp[(t + 1) & 1];
    const float* csprev = t > 0 ? out.cs + (t - 1) * B * H : cs0;
    float* xwt = xw + t * B * G;
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      for (int g = 0; g < 4; g++) gemm_packed_tile(B, H, H, pa.MR, hprev, wp[g], tile.ir0, tile.ir1, tile.q0, tile.q1, xwt + g * H, G, true);
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        const float* row = xwt + r * G;
        const int64_t s = (t * B + r) * H + j0;
        LstmRow a{n, row + j0, row + H + j0, row + 2 * H + j0, row + 3 * H + j0, b + j0, b + H + j0, b + 2 * H + j0, b + 3 * H + j0,
                  forget_bias, cell_clip, csprev + r * H + j0, peep ? wci + j0 : nullptr, peep ? wcf + j0 : nullptr,
                  peep ? wco + j0 : nullptr, gates ? out.i + s : nullptr, out.cs + s, gates ? out.f + s : nullptr,
                  gates ? out.o + s : nullptr, gates ? out.ci + s : nullptr, gates ? out.co + s : nullptr, out.h + s};
        k.lstm_row(a);
        if (t + 1 < T) pa.put_row(hnext, r, j0, out.h + s, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
}

}  // namespace tl

// ---- registration: LSTMBlockCell / LSTMBlockSequence (a cell is T = 1) ------------------------------------
namespace tl {
namespace {
// inputs x, cs0, h0, w, b (, wci, wcf, wco) -> i, cs, f, o, ci, co, h. gateOutputs false: i, f, o, ci, co are
// left unwritten (the op discards them; ~5% of a forward sequence).
void lstm_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 2, 4);
  const bool pp = c.flag("usePeephole");
  if (c.in.size() != (pp ? 8u : 5u)) throw ArgError(pp ? "usePeephole wants 8 inputs" : "5 inputs expected without peepholes");
  const int64_t BH = d.B * d.H, TBH = d.T * BH;
  c.expect_size(false, 0, d.T * d.B * d.I); c.expect_size(false, 1, BH); c.expect_size(false, 2, BH);
  c.expect_size(false, 3, (d.I + d.H) * 4 * d.H); c.expect_size(false, 4, 4 * d.H);
  if (pp) for (size_t k = 5; k < 8; k++) c.expect_size(false, k, d.H);
  for (size_t k = 0; k < 7; k++) c.expect_size(true, k, TBH);
  const bool gates = c.flag("gateOutputs", true);
  auto o = [&](size_t k) { return gates || k == 1 || k == 6 ? c.out[k].f32() : nullptr; };
  lstm_sequence(d, c.in[0].f32(), c.in[1].f32(), c.in[2].f32(), c.in[3].f32(), c.in[4].f32(), pp ? c.in[5].f32() : nullptr,
                pp ? c.in[6].f32() : nullptr, pp ? c.in[7].f32() : nullptr, float(c.num("forgetBias")), float(c.num("cellClip")),
                LstmOut{o(0), o(1), o(2), o(3), o(4), o(5), o(6)});
}
const bool registered = [] {
  for (const char* name : {"LSTMBlockCell", "LSTMBlockSequence"})
    kernel_registry().push_back(KernelDef{name, &lstm_entry, 5, 8, 7, 7, {kF32Bit}, {{"forgetBias", AttrKind::kNumber}, {"cellClip", AttrKind::kNumber}, {"usePeephole", AttrKind::kBool}, {"gateOutputs", AttrKind::kBool, true}}});
  return true;
}();
}  // namespace
}  // namespace tl
