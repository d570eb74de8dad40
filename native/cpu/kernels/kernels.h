// The CPU kernels' C++ entry points (no Node-API here: addon.cc validates JS arguments and calls these, on
// the JS thread or on an AsyncWorker thread). Shapes arrive validated; kernels still check the relations
// they rely on and throw tl::ArgError instead of reading out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../simd/isa.h"

namespace tl {

using Shape = std::vector<int64_t>;

// One row-major GEMM: C[M x N] = op(A) op(B), op = transpose when ta / tb. A(i, p) is a[i * lda + p]
// (ta: a[p * lda + i]); B(p, j) is b[p * ldb + j] (tb: b[j * ldb + p]). C rows are ldc apart.
struct GemmArgs {
  int64_t M, N, K;
  const float* a;
  int64_t lda;
  bool ta;
  const float* b;
  int64_t ldb;
  bool tb;
  float* c;
  int64_t ldc;
  // Add the product to C instead of overwriting it (C += A B).
  bool accumulate = false;
};
void gemm(const GemmArgs& g, int max_threads);

// The MatMul kernel contract (kernel_names.ts): a [...batchA, M, K] (ta: [..., K, M]), b [...batchB, K, N]
// (tb: [..., N, K]), out [...broadcast(batchA, batchB), M, N].
void matmul(const float* a, const Shape& as, const float* b, const Shape& bs, bool ta, bool tb, float* out,
            const Shape& os);
// Output shape of matmul (throws ArgError when the shapes do not fit).
Shape matmul_out_shape(const Shape& as, const Shape& bs, bool ta, bool tb);


// The batch, channel and spatial sizes of a rank-4 image tensor in NHWC or NCHW (the caller checks the rank).
struct ImageDims {
  int64_t N, C, H, W;
};
inline ImageDims image_dims(const Shape& s, bool nchw) {
  return nchw ? ImageDims{s[0], s[1], s[2], s[3]} : ImageDims{s[0], s[3], s[1], s[2]};
}

// ---- pre-packed GEMM operands (matmul.cc) ------------------------------------------------------------------
// For products that reuse one operand many times (the recurrent weights of an RNN, at every time step).
// Packed B (K x N): NR-wide column panels, K cut in blocks of packed_kc_step(K) rows; the panel q of the block
// starting at row pc is dst[pc * NP * NR + q * NR * kc ...] (NP = ceil(N / NR)), row-major kc x NR, zero-padded.
// Packed A (M x K): MR-tall row panels (MR from packed_mr) in the same k blocks; element (m, k) of the block at pc is
// dst[pc * MP * MR + (m / MR) * MR * kc + (k - pc) * MR + m % MR] (MP = ceil(M / MR)). Padding rows may hold
// anything finite: a row of C depends only on its own row of A.
int64_t packed_kc_step(int64_t K);
// Copies `count` runs of NR floats, src contiguous, dst `stride` floats apart: one source row into the NR-wide
// panels of the packed-B layout. NR is the ISA's, known only at run time; the common widths get fixed-size
// copies, which compile to a few vector moves where a variable size calls libc's memcpy for every 128 bytes
// (packing B of a 256^3 product made ~2000 such calls, ~5% of its time).
inline void copy_runs(const float* src, int64_t count, int64_t NR, int64_t stride, float* dst) {
  switch (NR) {
    case 16:
      for (int64_t q = 0; q < count; q++) std::memcpy(dst + q * stride, src + q * 16, sizeof(float) * 16);
      return;
    case 32:
      for (int64_t q = 0; q < count; q++) std::memcpy(dst + q * stride, src + q * 32, sizeof(float) * 32);
      return;
    default:
      for (int64_t q = 0; q < count; q++) std::memcpy(dst + q * stride, src + q * NR, sizeof(float) * NR);
  }
}
// The tile height MR for packing an M-row A: the ISA's short tile when it pads fewer rows, else its main one.
int64_t packed_mr(int64_t M);
size_t packed_b_size(int64_t K, int64_t N);
size_t packed_a_size(int64_t M, int64_t K, int64_t MR);
// B(p, j) = b[p * ldb + j] (tb: b[j * ldb + p]); A(i, p) = a[i * lda + p] (ta: a[p * lda + i]).
void pack_b_all(const float* b, int64_t ldb, bool tb, int64_t K, int64_t N, float* dst);
void pack_a_all(const float* a, int64_t lda, bool ta, int64_t M, int64_t K, int64_t MR, float* dst);
// C[ir0*MR : min(M, ir1*MR), q0*NR : min(N, q1*NR)] (+)= A * B over the row panels [ir0, ir1) and column
// panels [q0, q1), on the calling thread; A packed with tile height MR (packed_mr). c points at C(0, 0).
void gemm_packed_tile(int64_t M, int64_t N, int64_t K, int64_t MR, const float* ap, const float* bp, int64_t ir0, int64_t ir1, int64_t q0,
                      int64_t q1, float* c, int64_t ldc, bool accumulate);

// ---- recurrent sequences (lstm_sequence*.cc, gru_sequence*.cc, rnn_sequence*.cc; rnn_common.h) --------------
// The kernel_names.ts rnn block has the math. x is [T, B, I] time-major, states [B, H], per-step outputs
// [T, B, H], weights [I + H, k*H] (rows 0..I-1 multiply x). A cell is a sequence with T = 1.
struct RnnDims {
  int64_t T, B, I, H;
};
struct LstmOut {
  float *i, *cs, *f, *o, *ci, *co, *h;  // i, f, o, ci, co may all be null (forward only: not written)
};
struct LstmStates {
  const float *i, *cs, *f, *o, *ci, *co, *h;
};
struct LstmGradOut {
  float *dx, *dcs0, *dh0, *dw, *db, *dwci, *dwcf, *dwco;  // the peephole gradients only with peepholes
};
// wci / wcf / wco: nullptr without peepholes. cell_clip <= 0: no clipping.
void lstm_sequence(const RnnDims& d, const float* x, const float* cs0, const float* h0, const float* w, const float* b,
                   const float* wci, const float* wcf, const float* wco, float forget_bias, float cell_clip, const LstmOut& out);
void lstm_sequence_grad(const RnnDims& d, const float* x, const float* cs0, const float* h0, const float* w, const float* wci,
                        const float* wcf, const float* wco, float cell_clip, const LstmStates& s, const float* dcs,
                        const float* dh, const LstmGradOut& g);

struct GruOut {
  float *r, *u, *c, *h;
};
struct GruStates {
  const float *r, *u, *c, *h;
};
void gru_sequence(const RnnDims& d, const float* x, const float* h0, const float* wru, const float* bru, const float* wc,
                  const float* bc, const GruOut& out);
void gru_sequence_grad(const RnnDims& d, const float* x, const float* h0, const float* wru, const float* wc,
                       const GruStates& s, const float* dh, float* dx, float* dh0, float* dwru, float* dbru, float* dwc,
                       float* dbc);

// act: 0 tanh, 1 relu, 2 sigmoid, 3 linear.
void rnn_sequence(const RnnDims& d, int act, const float* x, const float* h0, const float* w, const float* b, float* h);
void rnn_sequence_grad(const RnnDims& d, int act, const float* x, const float* h0, const float* w, const float* h,
                       const float* dh, float* dx, float* dh0, float* dw, float* db);

// ---- optimizer updates (optimizer.cc) ------------------------------------------------------------------------
// kind and the arguments as simd/isa.h's OptimizerArgs; outputs may be their own inputs (index for index).
void optimizer_update(int kind, const OptimizerArgs& a);

// ---- int32 / bool kernels (compare.cc, select.cc, cast.cc) ----------------------------------------------------
// Element types of typed arrays: float32, int32, bool as uint8 0/1, float64, int64 (a BigInt64Array).
enum class ElemType { kF32, kI32, kU8, kF64, kI64 };
inline size_t elem_size(ElemType t) { return t == ElemType::kU8 ? 1 : t == ElemType::kF64 || t == ElemType::kI64 ? 8 : 4; }
enum CompareOp : int { kCmpEqual, kCmpNotEqual, kCmpLess, kCmpLessEqual, kCmpGreater, kCmpGreaterEqual, kCmpLogicalAnd, kCmpLogicalOr, kNumCompare };
const std::vector<const char*>& compare_op_names();
// y = a op b (bool), broadcasting; a and b of element type `type`.
void compare(int op, ElemType type, const void* a, const Shape& as, const void* b, const Shape& bs, uint8_t* y, const Shape& ys);
// y = c ? a : b, broadcasting; a, b, y of element type `type`.
void select(const uint8_t* c, const Shape& cs, ElemType type, const void* a, const Shape& as, const void* b, const Shape& bs, void* y,
            const Shape& ys);
void cast(ElemType from, const void* x, ElemType to, void* y, int64_t n);

// ---- fused batch normalization (batch_norm.cc) ------------------------------------------------------------
// x viewed as [outer, C, inner]. Training: mean_in == nullptr, the batch mean and population variance are
// computed and written to mean_out / var_out; inference: mean_in / var_in are used (and copied out).
void batch_norm(const float* x, int64_t outer, int64_t C, int64_t inner, const float* scale, const float* offset, const float* mean_in,
                const float* var_in, float epsilon, float* y, float* mean_out, float* var_out);
// The FusedBatchNormGrad contract; dmean / dvar are written only when !training.
void batch_norm_grad(const float* dy, const float* x, int64_t outer, int64_t C, int64_t inner, const float* scale, const float* mean,
                     const float* var, const float* dmean_up, const float* dvar_up, float epsilon, bool training, float* dx,
                     float* dscale, float* doffset, float* dmean, float* dvar);
}  // namespace tl

namespace tl {

// ---- elementwise (unary.cc, binary.cc) ----------------------------------------------------------------------
// Names of the unary / binary ops, indexed by the op numbers the entry points take. They are the kernel names
// of kernel_names.ts, so TypeScript maps names to numbers once, at load.
const std::vector<const char*>& unary_op_names();
const std::vector<const char*>& binary_op_names();
void unary(int op, const float* x, float* y, int64_t n, float alpha);
// y = a op b with numpy broadcasting; ys must be broadcast(as, bs).
void binary(int op, const float* a, const Shape& as, const float* b, const Shape& bs, float* y, const Shape& ys);

// ---- reductions (reduce.cc) --------------------------------------------------------------------------------
enum ReduceOp : int { kReduceSum, kReduceMean, kReduceMax, kReduceMin, kNumReduce };
const std::vector<const char*>& reduce_op_names();
// x viewed as [outer, r, inner]; y[o, i] = reduce_k x[o, k, i].
void reduce(int op, const float* x, int64_t outer, int64_t r, int64_t inner, float* y);

// ---- softmax (softmax.cc) ----------------------------------------------------------------------------------
// x viewed as [outer, n, inner], softmax over n.
void softmax(const float* x, int64_t outer, int64_t n, int64_t inner, float* y, bool log);

}  // namespace tl
