// BasicRNNSequence forward (and BasicRNNCell, T = 1): see rnn_common.h and kernel_names.ts. With one gate
// the output itself holds the pre-activations: h = x @ w_x for all steps (one GEMM), then per step and
// chunk of units h_t[:, j] += hPrev @ w_h[:, j] (packed), + b, act() in place, and the packed copy of h_t
// for the next step's GEMM.
#include "rnn_common.h"

namespace tl {

void rnn_sequence(const RnnDims& d, int act, const float* x, const float* h0, const float* w, const float* b, float* h) {
  using namespace rnn;
  const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
  if (T == 0 || B == 0 || H == 0) return;
  const PackedA pa(B, H);
  const size_t nw = packed_b_size(H, H);
  Arena arena(Arena::need(nw) + 2 * Arena::need(pa.size()));
  float* wp = arena.take(nw);
  float* hp[2] = {arena.take(pa.size()), arena.take(pa.size())};
  gemm(GemmArgs{T * B, H, I, x, I, false, w, H, false, h, H, false}, 0);
  pack_b_all(w + I * H, H, false, H, H, wp);
  std::memset(hp[1], 0, sizeof(float) * pa.size());
  pack_a_all(h0, H, false, B, H, pa.MR, hp[0]);
  const StepSplit sp = split_step(B, H, pa.MR, 2.0 * double(B) * double(H) * double(H));
  for (int64_t t = 0; t < T; t++) {
    const float* hpk = hp[t & 1];
    float* hnext = hp[(t + 1) & 1];
    float* ht = h + t * B * H;
    parallel_for(sp.tasks(), [&](int64_t task) {
      const StepSplit::Range tile = sp.range(task);
      if (tile.empty()) return;
      const int64_t j0 = tile.j0, n = tile.j1 - tile.j0;
      gemm_packed_tile(B, H, H, pa.MR, hpk, wp, tile.ir0, tile.ir1, tile.q0, tile.q1, ht, H, true);
      for (int64_t r = tile.r0; r < tile.r1; r++) {
        float* row = ht + r * H + j0;
        for (int64_t q = 0; q < n; q++) row[q] += b[j0 + q];
        rnn_activation(act, row, row, n);
        if (t + 1 < T) pa.put_row(hnext, r, j0, row, n);
      }
    }, static_cast<int>(sp.tasks()));
  }
}

}  // namespace tl

// ---- registration: BasicRNNCell / BasicRNNSequence: x, h0, w, b -> h ---------------------------------------
namespace tl {
namespace {
void rnn_entry(KernelCall& c) {
  const RnnDims d = rnn_dims_of(c, 1, 1);
  c.expect_size(false, 0, d.T * d.B * d.I); c.expect_size(false, 1, d.B * d.H); c.expect_size(false, 2, (d.I + d.H) * d.H);
  c.expect_size(false, 3, d.H); c.expect_size(true, 0, d.T * d.B * d.H);
  rnn_sequence(d, rnn_act_of(c), c.in[0].f32(), c.in[1].f32(), c.in[2].f32(), c.in[3].f32(), c.out[0].f32());
}
const bool registered = [] {
  for (const char* name : {"BasicRNNCell", "BasicRNNSequence"})
    kernel_registry().push_back(KernelDef{name, &rnn_entry, 4, 4, 1, 1, {kF32Bit}, {rnn_activation_attr()}});
  return true;
}();
}  // namespace
}  // namespace tl
