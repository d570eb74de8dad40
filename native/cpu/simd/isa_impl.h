// Inner loops shared by every ISA, written once against the lane type VecF (lanes_*.h). Each ISA translation
// unit includes this inside an anonymous namespace after its lanes header, so every function here gets
// internal linkage and is compiled for exactly one instruction set. Keep this file free of std:: templates:
// an inline template instantiated here with -mavx512f could be merged by the linker into code that runs on
// CPUs without AVX-512.
//
// Requires: VecF, MaskF and the free functions of lanes_*.h; `IsaKernels`, `UnaryOp`, `BinaryOp` from isa.h.

#if defined(__GNUC__) && !defined(__clang__)
#define TL_UNROLL _Pragma("GCC unroll 32")
#elif defined(__clang__)
#define TL_UNROLL _Pragma("unroll")
#else
#define TL_UNROLL
#endif

// ---- GEMM micro-kernel ---------------------------------------------------------------------------------------
// Register tile of MR rows x NV vectors. Per k step: NV loads of B~, MR broadcasts of A, MR*NV FMAs into
// accumulators that never leave registers (MR*NV + NV + 1 <= register count). B~ and A are streamed
// sequentially, which the hardware prefetchers follow; C is prefetched at the start so the final
// load-add-store does not stall. Where the tile's A elements come from is a policy:
//   PackedRows: a packed panel, A(i, p) = a[p * MR + i] (matmul.cc's A~);
//   StridedRows: A itself, A(i, p) = a[i * lda + p]. Rows go in threes from one base pointer each, so every
//     broadcast is one addressing mode ([base], [base + lda], [base + 2 lda]) and 12 rows need 4 pointers.
template <int MR>
struct PackedRows {
  const float* a;
  inline float at(int i) const { return a[i]; }
  inline void next() { a += MR; }
};

template <int MR>
struct StridedRows {
  static_assert(MR % 3 == 0, "StridedRows groups rows in threes");
  const float* base[MR / 3];
  int64_t lda;
  StridedRows(const float* a, int64_t ld) : lda(ld) {
    for (int g = 0; g < MR / 3; g++) base[g] = a + 3 * g * ld;
  }
  inline float at(int i) const { return base[i / 3][(i % 3) * lda]; }
  inline void next() {
    for (int g = 0; g < MR / 3; g++) base[g]++;
  }
};

template <int MR, int NV, class Rows>
static inline void gemm_tile(int64_t kc, Rows a, const float* __restrict b, float* __restrict c, int64_t ldc, int accumulate) {
  constexpr int W = VecF::W;
  constexpr int NR = NV * W;
  VecF acc[MR][NV];
  // A plain (not unrolled) loop with one running pointer: unrolled, GCC kept 2 * MR prefetch addresses live
  // and spilled them around the k loop (measured: the whole 1024^3 product ~4% faster with this and the 4x
  // k unroll below than without both).
  {
    const char* cp = reinterpret_cast<const char*>(c);
    const int64_t step = ldc * int64_t(sizeof(float));
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC unroll 1
#endif
    for (int i = 0; i < MR; i++, cp += step) {
      prefetch_l1(cp);
      prefetch_l1(cp + (NR - 1) * sizeof(float));
    }
  }
  TL_UNROLL for (int i = 0; i < MR; i++)
    TL_UNROLL for (int j = 0; j < NV; j++) acc[i][j] = VecF::zero();
  // Unrolled 4x: the loop's pointer bumps and branch otherwise take issue slots from the FMAs.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 4
#elif defined(__clang__)
#pragma unroll 4
#endif
  for (int64_t p = 0; p < kc; p++) {
    VecF bv[NV];
    TL_UNROLL for (int j = 0; j < NV; j++) bv[j] = VecF::load(b + j * W);
    TL_UNROLL for (int i = 0; i < MR; i++) {
      VecF av = VecF::set1(a.at(i));
      TL_UNROLL for (int j = 0; j < NV; j++) acc[i][j] = fma(av, bv[j], acc[i][j]);
    }
    a.next();
    b += NR;
  }
  if (accumulate) {
    TL_UNROLL for (int i = 0; i < MR; i++)
      TL_UNROLL for (int j = 0; j < NV; j++) (acc[i][j] + VecF::load(c + i * ldc + j * W)).store(c + i * ldc + j * W);
  } else {
    TL_UNROLL for (int i = 0; i < MR; i++)
      TL_UNROLL for (int j = 0; j < NV; j++) acc[i][j].store(c + i * ldc + j * W);
  }
}

template <int MR, int NV>
static void gemm_ukernel_t(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                           int64_t ldc, int accumulate) {
  gemm_tile<MR, NV>(kc, PackedRows<MR>{a}, b, c, ldc, accumulate);
}

template <int MR, int NV>
static void gemm_ukernel_strided_t(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict b,
                                   float* __restrict c, int64_t ldc, int accumulate) {
  gemm_tile<MR, NV>(kc, StridedRows<MR>(a, lda), b, c, ldc, accumulate);
}

// ---- vector math ---------------------------------------------------------------------------------------------
// Polynomial approximations accurate to a few float32 ulps (checked against libm in test/native). They are
// derived from the usual range reductions; coefficients are Taylor coefficients of the reduced functions.

static inline VecF horner(VecF x, const float* c, int n) {  // c[0] + c[1] x + ... + c[n-1] x^(n-1)
  VecF r = VecF::set1(c[n - 1]);
  for (int i = n - 2; i >= 0; i--) r = fma(r, x, VecF::set1(c[i]));
  return r;
}

// e^x: x = n ln2 + r, |r| <= ln2/2 (ln2 split in two so n*ln2 is exact), e^r by its degree-7 Taylor
// polynomial (error < 1e-8 relative), then scaled by 2^n. Results below 2^-126 flush to 0; above FLT_MAX: inf.
static inline VecF vexp(VecF x) {
  static const float c[8] = {1.0f, 1.0f, 0.5f, 1.0f / 6, 1.0f / 24, 1.0f / 120, 1.0f / 720, 1.0f / 5040};
  const VecF hi = VecF::set1(88.7228317f), lo = VecF::set1(-87.3365479f);
  VecF xc = vmin(vmax(x, lo), hi);
  VecF n = vround(xc * VecF::set1(1.44269504089f));  // in [-126, 128]
  VecF r = fnma(n, VecF::set1(0.693359375f), xc);
  r = fnma(n, VecF::set1(-2.12194440e-4f), r);
  // 2^n in two halves, each within the normal exponent range (n = 128 near FLT_MAX would overflow one).
  VecF n1 = vfloor(n * VecF::set1(0.5f));
  VecF y = ldexp_i(ldexp_i(horner(r, c, 8), n1), n - n1);
  y = select(cmp_gt(x, hi), VecF::set1(HUGE_VALF), y);
  y = select(cmp_lt(x, lo), VecF::zero(), y);
  return select(is_nan(x), x, y);
}

// e^x - 1 without cancellation near 0: Taylor series for |x| < 0.35, e^x - 1 elsewhere.
static inline VecF vexpm1(VecF x) {
  static const float c[9] = {0.0f, 1.0f, 0.5f, 1.0f / 6, 1.0f / 24, 1.0f / 120, 1.0f / 720, 1.0f / 5040, 1.0f / 40320};
  VecF small = horner(x, c, 9);
  VecF big = vexp(x) - VecF::set1(1.0f);
  return select(cmp_lt(vabs(x), VecF::set1(0.35f)), small, big);
}

// log(x): x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) = 2 atanh(s), s = (m-1)/(m+1) (|s| < 0.172), odd
// series to s^9. Denormals are rescaled first; 0 -> -inf, negative -> NaN, inf -> inf, NaN -> NaN.
static inline VecF vlog(VecF x) {
  static const float c[5] = {2.0f, 2.0f / 3, 2.0f / 5, 2.0f / 7, 2.0f / 9};
  const VecF one = VecF::set1(1.0f);
  MaskF tiny = cmp_lt(x, VecF::set1(1.17549435e-38f));
  VecF xs = select(tiny, x * VecF::set1(8388608.0f), x);  // * 2^23
  VecF m = mantissa_1_2(xs);
  VecF e = exponent_of(xs) - select(tiny, VecF::set1(23.0f), VecF::zero());
  MaskF big = cmp_gt(m, VecF::set1(1.41421356f));
  m = select(big, m * VecF::set1(0.5f), m);
  e = select(big, e + one, e);
  VecF s = (m - one) / (m + one);
  VecF s2 = s * s;
  VecF lm = s * horner(s2, c, 5);
  VecF y = fma(e, VecF::set1(0.693147180559945f), lm);
  y = select(cmp_lt(x, VecF::zero()), VecF::set1(NAN), y);
  y = select(cmp_lt(vabs(x), VecF::set1(1e-45f)), VecF::set1(-HUGE_VALF), y);  // x == +-0
  y = select(cmp_gt(x, VecF::set1(3.40282347e38f)), x, y);                                 // +inf
  return select(is_nan(x), x, y);
}

// log(1 + x) = log(u) - ((u - 1) - x) / u with u = 1 + x: the second term restores what rounding u lost.
static inline VecF vlog1p(VecF x) {
  const VecF one = VecF::set1(1.0f);
  VecF u = x + one;
  VecF corr = ((u - one) - x) / u;
  VecF y = vlog(u) - corr;
  // u == 1 exactly (tiny x): log1p(x) = x. u == 0 (x == -1): -inf (the correction would be 0/0). u == inf: inf.
  y = select(cmp_lt(vabs(u - one), VecF::set1(1e-45f)), x, y);
  y = select(cmp_lt(vabs(u), VecF::set1(1e-45f)), VecF::set1(-HUGE_VALF), y);
  return select(cmp_gt(u, VecF::set1(3.40282347e38f)), u, y);
}

// tanh: odd Taylor series to x^17 for |x| < 0.625 (error < 1e-7 relative), 1 - 2 / (e^{2|x|} + 1) beyond.
static inline VecF vtanh(VecF x) {
  static const float c[9] = {1.0f, -0.333333333f, 0.133333333f, -0.0539682540f, 0.0218694885f,
                             -0.00886323552f, 0.00359212803f, -0.00145583438f, 0.000590027441f};
  VecF ax = vabs(x);
  VecF x2 = x * x;
  VecF small = x * horner(x2, c, 9);
  VecF e = vexp(ax + ax);
  VecF big = VecF::set1(1.0f) - VecF::set1(2.0f) / (e + VecF::set1(1.0f));
  big = select(cmp_lt(x, VecF::zero()), VecF::zero() - big, big);
  VecF y = select(cmp_lt(ax, VecF::set1(0.625f)), small, big);
  return select(is_nan(x), x, y);
}

static inline VecF vsigmoid(VecF x) {
  const VecF one = VecF::set1(1.0f);
  return one / (one + vexp(VecF::zero() - x));
}

// softplus(x) = max(x, 0) + log1p(e^{-|x|}) (never overflows).
static inline VecF vsoftplus(VecF x) {
  VecF y = vmax(x, VecF::zero()) + vlog1p(vexp(VecF::zero() - vabs(x)));
  return select(is_nan(x), x, y);
}

// Round half to even: adding and subtracting 1.5 * 2^23 rounds in the current (nearest-even) mode.
static inline VecF vround_even(VecF x) {
  VecF r = vround(x);  // round-to-nearest-even instruction (generic: nearbyint)
  return r;
}

template <int OP>
static inline VecF unary_op(VecF x, VecF alpha) {
  const VecF zero = VecF::zero(), one = VecF::set1(1.0f);
  switch (OP) {
    case kNeg: return zero - x;
    case kAbs: return vabs(x);
    case kSquare: return x * x;
    case kSqrt: return vsqrt(x);
    case kRsqrt: return one / vsqrt(x);
    case kReciprocal: return one / x;
    case kExp: return vexp(x);
    case kExpm1: return vexpm1(x);
    case kLog: return vlog(x);
    case kLog1p: return vlog1p(x);
    case kTanh: return vtanh(x);
    case kSigmoid: return vsigmoid(x);
    // max(x, 0) with the NaN in the first operand's place... the instructions return the second operand
    // on NaN, so put x second: NaN propagates as TF's relu does.
    case kRelu: return vmax(zero, x);
    case kRelu6: return vmin(VecF::set1(6.0f), vmax(zero, x));
    case kElu: return select(cmp_gt(x, zero), x, vexpm1(x));
    case kSelu: {
      const VecF scale = VecF::set1(1.05070098735548f), a = VecF::set1(1.67326324235438f);
      return select(cmp_gt(x, zero), scale * x, scale * a * vexpm1(x));
    }
    case kSoftplus: return vsoftplus(x);
    case kFloor: return vfloor(x);
    case kCeil: return zero - vfloor(zero - x);
    case kRound: return vround_even(x);
    case kSign: {
      VecF s = select(cmp_gt(x, zero), one, select(cmp_lt(x, zero), zero - one, zero));
      return select(is_nan(x), x, s);
    }
    case kLeakyRelu: return select(cmp_lt(x, zero), alpha * x, x);
    case kStep: {
      VecF s = select(cmp_gt(x, zero), one, alpha);
      return select(is_nan(x), x, s);
    }
  }
  return x;
}

template <int OP>
static void unary_loop(const float* x, float* y, int64_t n, float alpha) {
  constexpr int W = VecF::W;
  const VecF va = VecF::set1(alpha);
  int64_t i = 0;
  for (; i + W <= n; i += W) unary_op<OP>(VecF::load(x + i), va).store(y + i);
  if (i < n) unary_op<OP>(VecF::load_n(x + i, int(n - i)), va).store_n(y + i, int(n - i));
}

static void unary_impl(int op, const float* x, float* y, int64_t n, float alpha) {
  switch (op) {
#define TL_CASE(OP) case OP: unary_loop<OP>(x, y, n, alpha); break;
    TL_CASE(kNeg) TL_CASE(kAbs) TL_CASE(kSquare) TL_CASE(kSqrt) TL_CASE(kRsqrt) TL_CASE(kReciprocal)
    TL_CASE(kExp) TL_CASE(kExpm1) TL_CASE(kLog) TL_CASE(kLog1p) TL_CASE(kTanh) TL_CASE(kSigmoid)
    TL_CASE(kRelu) TL_CASE(kRelu6) TL_CASE(kElu) TL_CASE(kSelu) TL_CASE(kSoftplus) TL_CASE(kFloor)
    TL_CASE(kCeil) TL_CASE(kRound) TL_CASE(kSign) TL_CASE(kLeakyRelu) TL_CASE(kStep)
#undef TL_CASE
    default: break;
  }
}

template <int OP>
static inline VecF binary_op(VecF a, VecF b) {
  switch (OP) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kMul: return a * b;
    case kDiv: return a / b;
    // The instructions return b when either is NaN; a NaN in a must win too (TF propagates NaN).
    case kMax: return select(is_nan(a), a, vmax(a, b));
    case kMin: return select(is_nan(a), a, vmin(a, b));
    case kSquaredDiff: { VecF d = a - b; return d * d; }
  }
  return a;
}

// sa / sb are 1 for a contiguous operand and 0 for a scalar: the scalar is broadcast once, outside the loop.
template <int OP>
static void binary_loop(const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n) {
  constexpr int W = VecF::W;
  int64_t i = 0;
  if (sa && sb) {
    for (; i + W <= n; i += W) binary_op<OP>(VecF::load(a + i), VecF::load(b + i)).store(y + i);
    if (i < n) binary_op<OP>(VecF::load_n(a + i, int(n - i)), VecF::load_n(b + i, int(n - i))).store_n(y + i, int(n - i));
  } else if (sb == 0 && sa) {
    const VecF bv = VecF::set1(b[0]);
    for (; i + W <= n; i += W) binary_op<OP>(VecF::load(a + i), bv).store(y + i);
    if (i < n) binary_op<OP>(VecF::load_n(a + i, int(n - i)), bv).store_n(y + i, int(n - i));
  } else if (sa == 0 && sb) {
    const VecF av = VecF::set1(a[0]);
    for (; i + W <= n; i += W) binary_op<OP>(av, VecF::load(b + i)).store(y + i);
    if (i < n) binary_op<OP>(av, VecF::load_n(b + i, int(n - i))).store_n(y + i, int(n - i));
  } else {
    const VecF r = binary_op<OP>(VecF::set1(a[0]), VecF::set1(b[0]));
    for (; i + W <= n; i += W) r.store(y + i);
    if (i < n) r.store_n(y + i, int(n - i));
  }
}

static void binary_impl(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* y, int64_t n) {
  switch (op) {
#define TL_CASE(OP) case OP: binary_loop<OP>(a, sa, b, sb, y, n); break;
    TL_CASE(kAdd) TL_CASE(kSub) TL_CASE(kMul) TL_CASE(kDiv) TL_CASE(kMax) TL_CASE(kMin) TL_CASE(kSquaredDiff)
#undef TL_CASE
    default: break;
  }
}

// ---- reductions ----------------------------------------------------------------------------------------------
// Four independent accumulators hide the add latency (and give a pairwise-like error profile).
static float sum_impl(const float* x, int64_t n) {
  constexpr int W = VecF::W;
  VecF s0 = VecF::zero(), s1 = VecF::zero(), s2 = VecF::zero(), s3 = VecF::zero();
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    s0 = s0 + VecF::load(x + i);
    s1 = s1 + VecF::load(x + i + W);
    s2 = s2 + VecF::load(x + i + 2 * W);
    s3 = s3 + VecF::load(x + i + 3 * W);
  }
  for (; i + W <= n; i += W) s0 = s0 + VecF::load(x + i);
  if (i < n) s1 = s1 + VecF::load_n(x + i, int(n - i));
  return hsum((s0 + s1) + (s2 + s3));
}

static float max_impl(const float* x, int64_t n) {
  constexpr int W = VecF::W;
  const float ninf = -HUGE_VALF;
  VecF m = VecF::set1(ninf);
  MaskF nan = is_nan(VecF::zero());  // all false
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    VecF v = VecF::load(x + i);
    nan = mask_or(nan, is_nan(v));
    m = vmax(m, v);
  }
  if (i < n) {
    VecF v = VecF::load_n(x + i, int(n - i));
    VecF pad = VecF::set1(ninf);
    // lanes past n were loaded as 0: replace them by -inf so they cannot win.
    float tmp[VecF::W];
    v.store(tmp);
    for (int k = int(n - i); k < W; k++) tmp[k] = ninf;
    v = VecF::load(tmp);
    (void)pad;
    nan = mask_or(nan, is_nan(v));
    m = vmax(m, v);
  }
  float r = hmax(m);
  float nanf[VecF::W];
  select(nan, VecF::set1(1.0f), VecF::zero()).store(nanf);
  for (int k = 0; k < W; k++)
    if (nanf[k] != 0.0f) return NAN;
  return r;
}

// softmax(x)_i = e^{x_i - m} / sum_j e^{x_j - m}, m = max(x); log_softmax = x_i - m - log(sum).
static void softmax_row_impl(const float* x, float* y, int64_t n, int log) {
  constexpr int W = VecF::W;
  if (n <= 0) return;
  const float m = max_impl(x, n);
  const VecF vm = VecF::set1(m);
  VecF s = VecF::zero();
  int64_t i = 0;
  if (log) {
    for (; i + W <= n; i += W) s = s + vexp(VecF::load(x + i) - vm);
    float t = hsum(s);
    if (i < n) {
      float tmp[VecF::W];
      vexp(VecF::load_n(x + i, int(n - i)) - vm).store(tmp);
      for (int k = 0; k < int(n - i); k++) t += tmp[k];
    }
    float ls[VecF::W];
    vlog(VecF::set1(t)).store(ls);
    const VecF sub = VecF::set1(m + ls[0]);
    for (i = 0; i + W <= n; i += W) (VecF::load(x + i) - sub).store(y + i);
    if (i < n) (VecF::load_n(x + i, int(n - i)) - sub).store_n(y + i, int(n - i));
    return;
  }
  for (; i + W <= n; i += W) {
    VecF e = vexp(VecF::load(x + i) - vm);
    e.store(y + i);
    s = s + e;
  }
  float t = hsum(s);
  if (i < n) {
    VecF e = vexp(VecF::load_n(x + i, int(n - i)) - vm);
    e.store_n(y + i, int(n - i));
    float tmp[VecF::W];
    e.store(tmp);
    for (int k = 0; k < int(n - i); k++) t += tmp[k];
  }
  const VecF inv = VecF::set1(1.0f / t);
  for (i = 0; i + W <= n; i += W) (VecF::load(y + i) * inv).store(y + i);
  if (i < n) (VecF::load_n(y + i, int(n - i)) * inv).store_n(y + i, int(n - i));
}

static void axpy_impl(int64_t n, float a, const float* x, float* y) {
  constexpr int W = VecF::W;
  const VecF va = VecF::set1(a);
  int64_t i = 0;
  for (; i + W <= n; i += W) fma(va, VecF::load(x + i), VecF::load(y + i)).store(y + i);
  if (i < n) fma(va, VecF::load_n(x + i, int(n - i)), VecF::load_n(y + i, int(n - i))).store_n(y + i, int(n - i));
}

// ---- recurrent gate math ---------------------------------------------------------------------------------------
// e^x for x <= 0 only (the callers pass -|x|): no overflow handling, and n = round(x / ln2) >= -126 after the
// clamp, so one exponent scaling suffices. Degree-6 Taylor polynomial of e^r, |r| <= ln2 / 2 (error ~1.2e-7).
static inline VecF vexp_nonpos(VecF x) {
  static const float c[7] = {1.0f, 1.0f, 0.5f, 1.0f / 6, 1.0f / 24, 1.0f / 120, 1.0f / 720};
  x = vmax(VecF::set1(-87.0f), x);  // NaN stays (second operand)
  VecF n = vround(x * VecF::set1(1.44269504089f));
  VecF r = fnma(n, VecF::set1(0.693359375f), x);
  r = fnma(n, VecF::set1(-2.12194440e-4f), r);
  return ldexp_i(horner(r, c, 7), n);
}

// sigmoid(x) = 1 / (1 + e^-|x|) for x >= 0, e^-|x| / (1 + e^-|x|) below: never overflows; the reciprocal of
// 1 + e (in [1, 2]) by estimate and Newton step.
static inline VecF vsigmoid_rnn(VecF x) {
  VecF e = vexp_nonpos(VecF::zero() - vabs(x));
  VecF s = vrcp_ge1(VecF::set1(1.0f) + e);
  return select(cmp_lt(x, VecF::zero()), e * s, s);
}

// tanh(x) = sign(x) (1 - e) / (1 + e), e = e^-2|x|; below |x| = 0.25 (where 1 - e would cancel) the odd
// Taylor series to x^9 (relative error < 3e-8).
static inline VecF vtanh_rnn(VecF x) {
  static const float c[5] = {1.0f, -1.0f / 3, 2.0f / 15, -17.0f / 315, 62.0f / 2835};
  const VecF one = VecF::set1(1.0f);
  VecF a = vabs(x);
  VecF e = vexp_nonpos(VecF::set1(-2.0f) * a);
  VecF t = (one - e) * vrcp_ge1(one + e);
  t = select(cmp_lt(x, VecF::zero()), VecF::zero() - t, t);
  VecF small = x * horner(x * x, c, 5);
  return select(cmp_lt(a, VecF::set1(0.25f)), small, t);
}

template <bool PEEP, bool CLIP>
static void lstm_row_t(const LstmRow& a) {
  constexpr int W = VecF::W;
  const VecF fb = VecF::set1(a.forget_bias), hi = VecF::set1(a.clip), lo = VecF::set1(-a.clip);
  for (int64_t i = 0; i < a.n; i += W) {
    const int m = a.n - i < W ? int(a.n - i) : W;
    auto ld = [&](const float* p) { return m == W ? VecF::load(p + i) : VecF::load_n(p + i, m); };
    auto st = [&](VecF v, float* p) { if (m == W) v.store(p + i); else v.store_n(p + i, m); };
    const VecF cp = ld(a.cprev);
    VecF gi = ld(a.gi) + ld(a.bi), gf = ld(a.gf) + ld(a.bf) + fb, gc = ld(a.gci) + ld(a.bci), go = ld(a.go) + ld(a.bo);
    if (PEEP) {
      gi = fma(cp, ld(a.wci), gi);
      gf = fma(cp, ld(a.wcf), gf);
    }
    const VecF ig = vsigmoid_rnn(gi), fg = vsigmoid_rnn(gf), cg = vtanh_rnn(gc);
    VecF c = fma(cg, ig, cp * fg);
    if (CLIP) c = vmin(hi, vmax(lo, c));  // NaN stays (second operand)
    if (PEEP) go = fma(c, ld(a.wco), go);
    const VecF og = vsigmoid_rnn(go), co = vtanh_rnn(c);
    if (a.i) {  // the gate values backprop needs; null when the caller keeps only the states
      st(ig, a.i);
      st(fg, a.f);
      st(cg, a.ci);
      st(og, a.o);
      st(co, a.co);
    }
    st(c, a.cs);
    st(co * og, a.h);
  }
}

static void lstm_row_impl(const LstmRow& a) {
  const bool peep = a.wci != nullptr, clip = a.clip > 0.0f;
  if (peep) {
    if (clip) lstm_row_t<true, true>(a); else lstm_row_t<true, false>(a);
  } else {
    if (clip) lstm_row_t<false, true>(a); else lstm_row_t<false, false>(a);
  }
}

// ---- optimizer updates ---------------------------------------------------------------------------------------
template <int KIND>
static void optimizer_t(const OptimizerArgs& a) {
  constexpr int W = VecF::W;
  const VecF lr = VecF::set1(a.lr), ca = VecF::set1(a.a), cb = VecF::set1(a.b), cc = VecF::set1(a.c);
  for (int64_t i = 0; i < a.n; i += W) {
    const int m = a.n - i < W ? int(a.n - i) : W;
    auto ld = [&](const float* p) { return m == W ? VecF::load(p + i) : VecF::load_n(p + i, m); };
    auto st = [&](VecF v, float* p) { if (m == W) v.store(p + i); else v.store_n(p + i, m); };
    const VecF g = ld(a.g), x = ld(a.x);
    switch (KIND) {
      case kOptGradientDescent: st(fnma(lr, g, x), a.ox); break;
      case kOptMomentum: case kOptNesterov: {
        const VecF acc = fma(ld(a.s1), ca, g);
        const VecF step = KIND == kOptNesterov ? fma(acc * ca, lr, g * lr) : lr * acc;
        st(acc, a.os1);
        st(x - step, a.ox);
        break;
      }
      case kOptAdam: {
        const VecF m0 = ld(a.s1), v0 = ld(a.s2);
        const VecF m1 = fma(g - m0, ca, m0), v1 = fma(g * g - v0, cb, v0);
        st(m1, a.os1);
        st(v1, a.os2);
        st(x - (m1 * lr) / (vsqrt(v1) + cc), a.ox);
        break;
      }
      case kOptRMSProp: case kOptCenteredRMSProp: {
        const VecF ms0 = ld(a.s1);
        const VecF ms1 = fma(g * g - ms0, ca, ms0);
        VecF den = ms1 + cc;
        if (KIND == kOptCenteredRMSProp) {
          const VecF mg0 = ld(a.s3);
          const VecF mg1 = fma(g - mg0, ca, mg0);
          st(mg1, a.os3);
          den = fnma(mg1, mg1, ms1) + cc;
        }
        const VecF mom1 = fma(ld(a.s2), cb, (lr * g) / vsqrt(den));
        st(ms1, a.os1);
        st(mom1, a.os2);
        st(x - mom1, a.ox);
        break;
      }
      case kOptAdagrad: {
        const VecF acc = fma(g, g, ld(a.s1));
        st(acc, a.os1);
        st(x - (lr * g) / vsqrt(acc), a.ox);
        break;
      }
    }
  }
}

static void optimizer_impl(int kind, const OptimizerArgs& a) {
  switch (kind) {
    case kOptGradientDescent: optimizer_t<kOptGradientDescent>(a); break;
    case kOptMomentum: optimizer_t<kOptMomentum>(a); break;
    case kOptNesterov: optimizer_t<kOptNesterov>(a); break;
    case kOptAdam: optimizer_t<kOptAdam>(a); break;
    case kOptRMSProp: optimizer_t<kOptRMSProp>(a); break;
    case kOptCenteredRMSProp: optimizer_t<kOptCenteredRMSProp>(a); break;
    case kOptAdagrad: optimizer_t<kOptAdagrad>(a); break;
    default: break;
  }
}

template <int MR, int NV, int MRS = MR>
static IsaKernels make_table() {
  IsaKernels t;
  t.name = TL_ISA_NAME;
  t.vec_width = VecF::W;
  t.gemm_mr = MR;
  t.gemm_nr = NV * VecF::W;
  t.gemm_ukernel = &gemm_ukernel_t<MR, NV>;
  t.gemm_mr_small = MRS;
  t.gemm_ukernel_small = &gemm_ukernel_t<MRS, NV>;
  // The strided-A tile exists where MR groups in threes (12 on AVX-512, 6 on AVX2); elsewhere A is always packed.
  if constexpr (MR % 3 == 0)
    t.gemm_ukernel_strided = &gemm_ukernel_strided_t<MR, NV>;
  else
    t.gemm_ukernel_strided = nullptr;
  t.unary = &unary_impl;
  t.binary = &binary_impl;
  t.sum = &sum_impl;
  t.max = &max_impl;
  t.softmax_row = &softmax_row_impl;
  t.axpy = &axpy_impl;
  t.lstm_row = &lstm_row_impl;
  t.optimizer_update = &optimizer_impl;
  return t;
}
