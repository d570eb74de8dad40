// The per-ISA function table. Each ISA translation unit (isa_generic.cc, isa_avx2.cc, isa_avx512.cc) compiles
// the same templated inner loops (isa_impl.h) with its own lane type and exports one table; cpu_features.cc
// picks the best table the CPU supports once, at load. Kernels (kernels/*.cc) are ISA-agnostic drivers
// (shapes, blocking, threads) that call through this table, so only the hot loops are compiled per ISA.
#pragma once

#include <cstdint>

// binding.gyp defines TL_HAVE_X86_ISAS for x86 targets only (target_arch, not the host's arch): the AVX tables
// and cpu_features.cc's cpuid checks exist only there. Catch a misconfigured (cross) build here, with a clear
// message, rather than as unknown intrinsics or -mavx2 errors from a non-x86 compiler.
#if defined(TL_HAVE_X86_ISAS) && !(defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86))
#error "TL_HAVE_X86_ISAS is set for a non-x86 target: build the generic ISA only (see binding.gyp, tl_x86)"
#endif

namespace tl {

// Unary float32 ops with a vectorized loop. The numbering is private to the addon: TypeScript asks the
// binding for the list of names (unaryOps()) and passes indexes.
enum UnaryOp : int {
  kNeg, kAbs, kSquare, kSqrt, kRsqrt, kReciprocal, kExp, kExpm1, kLog, kLog1p, kTanh, kSigmoid, kRelu, kRelu6,
  kElu, kSelu, kSoftplus, kFloor, kCeil, kRound, kSign, kLeakyRelu, kStep,
  kNumVecUnary
};

// Binary float32 ops with a vectorized loop.
enum BinaryOp : int { kAdd, kSub, kMul, kDiv, kMax, kMin, kSquaredDiff, kNumVecBinary };

// One row segment of the LSTM gate pass (lstm_sequence.cc): from the gate pre-activations (GEMM results,
// without bias) to the seven saved outputs. Peephole weights are nullptr without peepholes; clip <= 0: none.
struct LstmRow {
  int64_t n;
  const float *gi, *gci, *gf, *go;
  const float *bi, *bci, *bf, *bo;
  float forget_bias, clip;
  const float* cprev;
  const float *wci, *wcf, *wco;
  float *i, *cs, *f, *o, *ci, *co, *h;  // i, f, o, ci, co: all null when only cs and h are wanted
};

// One optimizer update over n elements (optimizer.cc; kernel_names.ts, train block). x and the slots s1..s3
// are read, ox / os1.. written (an output may be its own input: elementwise, index for index). Per kind:
//   kOptGradientDescent  ox = x - lr g
//   kOptMomentum         os1 = s1 a + g; ox = x - lr os1                 (a = momentum)
//   kOptNesterov         os1 = s1 a + g; ox = x - (g lr + os1 a lr)
//   kOptAdam             os1 = s1 + (g - s1) a; os2 = s2 + (g^2 - s2) b; ox = x - os1 lr / (sqrt(os2) + c)
//                        (s1 = m, s2 = v, lr = lr_t, a = 1 - beta1, b = 1 - beta2, c = epsilon)
//   kOptRMSProp          os1 = s1 + (g^2 - s1) a; os2 = s2 b + lr g / sqrt(os1 + c); ox = x - os2
//                        (s1 = ms, s2 = mom, a = 1 - decay, b = momentum, c = epsilon)
//   kOptCenteredRMSProp  as kOptRMSProp with os3 = s3 + (g - s3) a and sqrt(os1 - os3^2 + c)   (s3 = mg)
//   kOptAdagrad          os1 = s1 + g^2; ox = x - lr g / sqrt(os1)
enum OptimizerKind : int {
  kOptGradientDescent, kOptMomentum, kOptNesterov, kOptAdam, kOptRMSProp, kOptCenteredRMSProp, kOptAdagrad, kNumOptimizers
};
struct OptimizerArgs {
  int64_t n;
  const float *g, *x, *s1, *s2, *s3;
  float *ox, *os1, *os2, *os3;
  float lr, a, b, c;
};

struct IsaKernels {
  const char* name;
  int vec_width;

  // GEMM micro-kernel: C[mr x nr] (+)= A~ * B~, where A~ is a packed kc x mr panel (column i of the tile is
  // A~[p*mr + i]) and B~ a packed kc x nr panel (B~[p*nr + j]). `accumulate` adds to C instead of storing.
  int gemm_mr, gemm_nr;
  void (*gemm_ukernel)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int accumulate);
  // A second tile height for short products (the recurrent GEMMs: M = batch, often 32 or 64, where 12-row
  // tiles would compute 4 padding rows of every 36). Same NR and panel layouts; may equal gemm_mr.
  int gemm_mr_small;
  void (*gemm_ukernel_small)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int accumulate);
  // The main tile reading A in place (row i of the tile at a + i * lda, unpacked), or null where the ISA has
  // none: for products whose A rows need no packing (matmul.cc decides).
  void (*gemm_ukernel_strided)(int64_t kc, const float* a, int64_t lda, const float* b, float* c, int64_t ldc, int accumulate);

  // y[i] = op(x[i]) for i < n (alpha: LeakyRelu / Step parameter). x and y may alias.
  void (*unary)(int op, const float* x, float* y, int64_t n, float alpha);
  // y[i] = a[i] op b[i]; a scalar operand is passed with stride 0 (sa / sb = 0 or 1). Aliasing allowed.
  void (*binary)(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n);

  float (*sum)(const float* x, int64_t n);
  // NaN propagates; n == 0 gives -inf.
  float (*max)(const float* x, int64_t n);
  // Softmax (log_softmax when log != 0) of one contiguous row.
  void (*softmax_row)(const float* x, float* y, int64_t n, int log);
  // y[i] += a * x[i]
  void (*axpy)(int64_t n, float a, const float* x, float* y);
  // The LSTM gate pass of one row segment (see LstmRow), with the recurrent kernels' sigmoid / tanh (a few
  // float32 ulps, cheaper than the unary ops' versions: one exp and one division each).
  void (*lstm_row)(const LstmRow& a);
  // One optimizer update (see OptimizerArgs).
  void (*optimizer_update)(int kind, const OptimizerArgs& a);
};

// The table chosen for this CPU (thread-safe, computed once).
const IsaKernels& isa();
// Every table this build contains and this CPU can run, best first (tests compare them).
int available_isas(const IsaKernels** out, int max);

const IsaKernels* isa_table_generic();
#if defined(TL_HAVE_X86_ISAS)
const IsaKernels* isa_table_avx2();
const IsaKernels* isa_table_avx512();
#endif

}  // namespace tl
