// Shared pieces of the recurrent kernels (lstm_sequence*.cc, gru_sequence*.cc, rnn_sequence*.cc). A cell is
// the sequence kernel with T = 1, so these six kernels serve the twelve kernel names of the rnn family.
//
// Structure of every kernel (kernel_names.ts, rnn block, has the math):
//  - forward: the input projections of all steps are ONE GEMM, x [T*B, I] @ w[0:I], into a [T*B, kH]
//    scratch (the bias is added in the gate pass). The recurrent weights w[I:] are packed once (pack_b_all),
//    and each step is one parallel region over tiles of batch rows x hidden units (StepSplit): a task adds
//    hPrev @ w_h to its tile of every gate (gemm_packed_tile), applies the gate math to the tile and writes
//    the new state straight into the packed-A layout the next step's GEMM reads: no step packs serially.
//  - backward (BPTT): the same per-step regions run newest first, each task computing its tile of the
//    recurrent gradient and then its tile's gate gradients; dx, dw and db come after the loop from
//    whole-sequence GEMMs over the stored gate gradients.
// Scratch comes from one per-thread arena (thread_scratch slot 5, grow-only, so repeated calls of one size
// fault no pages).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "../common.h"
#include "../simd/isa.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {
namespace rnn {

// Packed-A geometry (see kernels.h): where element (m, k) of an M x K operand lives.
struct PackedA {
  int64_t M, K, MR, MP, kc_step;
  PackedA(int64_t m, int64_t k) : M(m), K(k), MR(packed_mr(m)), MP(ceil_div(m, MR)), kc_step(packed_kc_step(k)) {}
  size_t size() const { return static_cast<size_t>(MP * MR * K); }
  int64_t index(int64_t m, int64_t k) const {
    const int64_t pc = (k / kc_step) * kc_step, kc = std::min(kc_step, K - pc);
    return pc * MP * MR + (m / MR) * MR * kc + (k - pc) * MR + m % MR;
  }
  // Writes row m's values for columns [k0, k0 + n) (contiguous in the source): within one k block the
  // packed elements of a row are MR apart, so the index is computed once per block, not per element.
  void put_row(float* dst, int64_t m, int64_t k0, const float* src, int64_t n) const {
    const int64_t panel = (m / MR) * MR, lane = m % MR;
    for (int64_t q = 0; q < n;) {
      const int64_t k = k0 + q, pc = (k / kc_step) * kc_step, kc = std::min(kc_step, K - pc);
      const int64_t run = std::min(n - q, pc + kc - k);
      float* p = dst + pc * MP * MR + panel * kc + (k - pc) * MR + lane;
      for (int64_t i = 0; i < run; i++) p[i * MR] = src[q + i];
      q += run;
    }
  }
};

// Carves consecutive 64-byte aligned blocks out of the calling thread's arena.
class Arena {
 public:
  explicit Arena(size_t total_floats) : base_(thread_scratch(5, total_floats + 64)), used_(0) {}
  float* take(size_t n) {
    float* p = base_ + used_;
    used_ += (n + 15) / 16 * 16;
    return p;
  }
  // Floats a take() of n uses (for sizing the arena up front).
  static size_t need(size_t n) { return (n + 15) / 16 * 16; }

 private:
  float* base_;
  size_t used_;
};

// How a time step is split into tasks: a grid of batch-row groups (whole MR-row panels) by hidden-unit
// groups (whole NR-column panels). Rows first: a task whose rows are its own writes the state its next step
// reads, so no state crosses cores between steps (the weights, read-only, sit in every core's L2); units
// are split only when there are more threads than row panels. A step below ~0.5 MFLOP is one task (waking
// the pool would cost more).
struct StepSplit {
  int64_t MR, NR, B, H;
  int64_t panels_per_task, row_tasks, units_per_task, unit_tasks;
  int64_t tasks() const { return row_tasks * unit_tasks; }
  struct Range {
    int64_t ir0, ir1;  // row panels
    int64_t r0, r1;    // rows
    int64_t j0, j1;    // units
    int64_t q0, q1;    // column panels of the units
    bool empty() const { return r0 >= r1 || j0 >= j1; }
  };
  Range range(int64_t t) const {
    Range g;
    const int64_t rt = t / unit_tasks, ut = t % unit_tasks;
    g.ir0 = rt * panels_per_task;
    g.ir1 = g.ir0 + panels_per_task;
    g.r0 = std::min(B, g.ir0 * MR);
    g.r1 = std::min(B, g.ir1 * MR);
    g.j0 = std::min(H, ut * units_per_task);
    g.j1 = std::min(H, g.j0 + units_per_task);
    g.q0 = g.j0 / NR;
    g.q1 = ceil_div(g.j1, NR);
    return g;
  }
};
inline StepSplit split_step(int64_t B, int64_t H, int64_t MR, double step_flops) {
  const int64_t NR = isa().gemm_nr;
  const int64_t MP = std::max<int64_t>(1, ceil_div(B, MR)), NP = std::max<int64_t>(1, ceil_div(H, NR));
  int64_t threads = step_flops > 5.0e5 ? num_threads() : 1;
  const int64_t rt = std::min<int64_t>(MP, threads);
  const int64_t ppt = ceil_div(MP, rt);
  const int64_t ut = std::min<int64_t>(NP, ceil_div(threads, ceil_div(MP, ppt)));
  const int64_t upt = ceil_div(NP, ut) * NR;
  return StepSplit{MR, NR, B, H, ppt, ceil_div(MP, ppt), upt, std::max<int64_t>(1, ceil_div(H, upt))};
}

// out[j] = sum over rows of g[r * ld + j], j < n, over r < rows (bias gradients), parallel over columns.
void col_sums(const float* g, int64_t rows, int64_t n, int64_t ld, float* out);

// y = act(x) for one of the activations of the basic RNN (0 tanh, 1 relu, 2 sigmoid, 3 linear), in place allowed.
void rnn_activation(int act, const float* x, float* y, int64_t n);
// d act / d pre-activation from the activation's output y.
inline float rnn_activation_grad(int act, float y) {
  switch (act) {
    case 0: return 1.0f - y * y;
    case 1: return y > 0.0f ? 1.0f : 0.0f;
    case 2: return y * (1.0f - y);
    default: return 1.0f;
  }
}

}  // namespace rnn
}  // namespace tl

namespace tl {
// [T, B, I, H] of a recurrent kernel call from x ([B, I] for a cell, [T, B, I] for a sequence) and the state
// input `state` ([B, H]), with every size the kernel will index checked against overflow, and the sizes of the
// inputs the entries read checked against them.
inline RnnDims rnn_dims_of(const KernelCall& c, size_t state, int64_t gates) {
  c.expect_rank(false, 0, 2, 3);
  c.expect_rank(false, state, 2, 2);
  const Shape& x = c.in[0].shape;
  const bool cell = x.size() == 2;
  RnnDims d{cell ? 1 : x[0], x[cell ? 0 : 1], x[cell ? 1 : 2], c.in[state].shape[1]};
  const int64_t tb = checked_mul(d.T, d.B, "dims");
  checked_mul(tb, std::max(d.I, checked_mul(d.H, gates + 1, "dims")), "dims");
  checked_mul(d.I + d.H, checked_mul(d.H, gates + 1, "dims"), "dims");
  if (c.in[state].shape[0] != d.B) throw ArgError("the state's batch differs from x's");
  return d;
}
// The activation attr of the BasicRNN kernels as rnn_activation's number.
inline int rnn_act_of(const KernelCall& c) {
  return int(c.num("activation"));  // the index into rnn_activation_attr().values, checked by the dispatcher
}
// The activation attr: its values in rnn_activation's order.
inline AttrSpec rnn_activation_attr() { return {"activation", AttrKind::kEnum, false, {"tanh", "relu", "sigmoid", "linear"}}; }
}  // namespace tl
