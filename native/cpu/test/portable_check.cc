// Standalone correctness check of the CPU kernels, without Node: linked from the kernel sources (kernels/*.cc,
// threadpool.cc, cpu_features.cc, simd/isa_*.cc; not addon.cc) and run by test/native/arm64_portable.test.ts,
// cross-compiled for aarch64 under qemu-aarch64 (where only the generic ISA exists) and natively on the host.
// Every result is compared with a plain double-precision loop written here. One line per check; exit 1 on any
// mismatch.
//
// Tolerances: a sum is compared against rtol * (sum of |terms|), the float32 error bound of any summation order
// (1e-5 here, ~80 ulps of the terms' magnitude), so a wrong index or a missing term fails; vector math against
// libm by relative error (a few float32 ulps).
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "../kernels/conv_geom.h"
#include "../kernels/elem_util.h"
#include "../kernels/kernel_call.h"
#include "../kernels/kernels.h"
#include "../kernels/pool_geom.h"
#include "../simd/isa.h"
#include "../threadpool.h"

using namespace tl;
using Vec = std::vector<float>;

namespace {

int g_failures = 0;

// Deterministic inputs in [-scale, scale).
Vec rnd(size_t n, uint32_t seed, float scale = 1.0f) {
  Vec v(n);
  uint32_t s = seed * 2654435761u + 1u;
  for (auto& e : v) {
    s = s * 1664525u + 1013904223u;
    e = (float((s >> 8) & 0xffffff) / 16777216.0f * 2.0f - 1.0f) * scale;
  }
  return v;
}

// A double-precision reference: values and, per element, the sum of |terms| (the scale of its rounding error).
struct Ref {
  std::vector<double> v, mag;
  explicit Ref(size_t n) : v(n, 0.0), mag(n, 0.0) {}
  void add(size_t i, double t) { v[i] += t; mag[i] += std::fabs(t); }
  void set(size_t i, double t) { v[i] = t; mag[i] = std::fabs(t); }
};

// |got - ref| <= rtol * mag + atol, NaN matching NaN and infinities matching exactly.
void check(const std::string& name, const Vec& got, const Ref& ref, double rtol, double atol = 0.0) {
  double worst = 0.0;
  for (size_t i = 0; i < got.size(); i++) {
    const double g = got[i], r = ref.v[i];
    bool ok;
    if (std::isnan(r) || std::isinf(r)) ok = std::isnan(r) ? std::isnan(g) : g == r;
    else ok = std::isfinite(g) && std::fabs(g - r) <= rtol * ref.mag[i] + atol;
    if (!ok) {
      std::printf("FAIL %s: [%zu] got %.9g, want %.9g (of %zu)\n", name.c_str(), i, g, r, got.size());
      g_failures++;
      return;
    }
    const double tol = rtol * ref.mag[i] + atol;
    if (std::isfinite(r) && tol > 0) worst = std::fmax(worst, std::fabs(g - r) / tol);
  }
  std::printf("ok   %s (%zu values, worst error %.2g of the tolerance)\n", name.c_str(), got.size(), worst);
}

void pass_if(const std::string& name, bool ok, const std::string& why = "") {
  std::printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", name.c_str(), ok ? "" : ": ", ok ? "" : why.c_str());
  if (!ok) g_failures++;
}

std::string dims(std::initializer_list<int64_t> d) {
  std::string s;
  for (int64_t x : d) s += (s.empty() ? "" : "x") + std::to_string(x);
  return s;
}

// ---- GEMM / MatMul ----------------------------------------------------------------------------------------------
// A(i, p) = a[i * lda + p] (ta: a[p * lda + i]); B(p, j) = b[p * ldb + j] (tb: b[j * ldb + p]).
void gemm_ref(Ref& c, size_t c0, int64_t ldc, int64_t M, int64_t N, int64_t K, const float* a, int64_t lda, bool ta,
              const float* b, int64_t ldb, bool tb) {
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++)
      for (int64_t p = 0; p < K; p++)
        c.add(c0 + size_t(i * ldc + j), double(ta ? a[p * lda + i] : a[i * lda + p]) * double(tb ? b[j * ldb + p] : b[p * ldb + j]));
}

void check_gemm(int64_t M, int64_t K, int64_t N, bool ta, bool tb, bool accumulate, uint32_t seed) {
  // Leading dimensions wider than the matrices (3 spare columns), so a row-stride mistake shows.
  const int64_t lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 3, ldc = N + 3;
  const Vec a = rnd(size_t((ta ? K : M) * lda), seed), b = rnd(size_t((tb ? N : K) * ldb), seed + 1);
  Vec c = rnd(size_t(M * ldc), seed + 2);
  Ref ref(c.size());
  for (size_t i = 0; i < c.size(); i++) {
    const bool inside = int64_t(i) % ldc < N;
    if (!inside || accumulate) ref.set(i, c[i]);  // padding columns must stay as they were
  }
  gemm_ref(ref, 0, ldc, M, N, K, a.data(), lda, ta, b.data(), ldb, tb);
  gemm(GemmArgs{M, N, K, a.data(), lda, ta, b.data(), ldb, tb, c.data(), ldc, accumulate}, 0);
  check("gemm " + dims({M, K, N}) + (ta ? " ta" : "") + (tb ? " tb" : "") + (accumulate ? " acc" : ""), c, ref, 1e-5);
}

// out[batch..., M, N] = a[batchA..., M, K] b[batchB..., K, N] with numpy broadcasting of the batch dims.
void check_matmul(const Shape& as, const Shape& bs, bool ta, bool tb, uint32_t seed) {
  const Shape os = matmul_out_shape(as, bs, ta, tb);
  const size_t ra = as.size(), rb = bs.size(), ro = os.size();
  const int64_t M = os[ro - 2], N = os[ro - 1], K = ta ? as[ra - 2] : as[ra - 1];
  auto count = [](const Shape& s, size_t from, size_t to) { int64_t n = 1; for (size_t i = from; i < to; i++) n *= s[i]; return n; };
  const Vec a = rnd(size_t(count(as, 0, ra)), seed), b = rnd(size_t(count(bs, 0, rb)), seed + 1);
  Vec out(size_t(count(os, 0, ro)), NAN);
  Ref ref(out.size());
  const int64_t nb = count(os, 0, ro - 2);
  for (int64_t e = 0; e < nb; e++) {
    // Batch index e of the output -> entry offsets in a and b (size-1 or missing dims broadcast).
    int64_t ea = 0, eb = 0, rest = e, sa = 1, sb = 1;
    for (size_t d = ro - 2; d-- > 0;) {
      const int64_t idx = rest % os[d];
      rest /= os[d];
      const int64_t da = d + ra >= ro ? as[d + ra - ro] : 1, db = d + rb >= ro ? bs[d + rb - ro] : 1;
      ea += (da == 1 ? 0 : idx) * sa;
      eb += (db == 1 ? 0 : idx) * sb;
      sa *= da;
      sb *= db;
    }
    gemm_ref(ref, size_t(e * M * N), N, M, N, K, a.data() + ea * M * K, ta ? M : K, ta, b.data() + eb * K * N, tb ? K : N, tb);
  }
  matmul(a.data(), as, b.data(), bs, ta, tb, out.data(), os);
  std::string name = "matmul";
  for (const Shape* s : {&as, &bs}) {
    name += " [";
    for (size_t i = 0; i < s->size(); i++) name += (i ? "," : "") + std::to_string((*s)[i]);
    name += "]";
  }
  check(name + (ta ? " ta" : "") + (tb ? " tb" : ""), out, ref, 1e-5);
}

// ---- Conv2D and its backprops ------------------------------------------------------------------------------------
struct ConvCase {
  int64_t N, H, W, C, KH, KW, OC, sh, sw, dh, dw, pt, pb, pl, pr, groups;
  bool nchw;
};

void check_conv(const ConvCase& k, uint32_t seed) {
  const int64_t OH = (k.H + k.pt + k.pb - ((k.KH - 1) * k.dh + 1)) / k.sh + 1;
  const int64_t OW = (k.W + k.pl + k.pr - ((k.KW - 1) * k.dw + 1)) / k.sw + 1;
  const int64_t Cg = k.C / k.groups, OCg = k.OC / k.groups;
  const Shape xs = k.nchw ? Shape{k.N, k.C, k.H, k.W} : Shape{k.N, k.H, k.W, k.C};
  const Shape ys = k.nchw ? Shape{k.N, k.OC, OH, OW} : Shape{k.N, OH, OW, k.OC};
  const Shape fs{k.KH, k.KW, Cg, k.OC};
  const int64_t strides[2] = {k.sh, k.sw}, pads[4] = {k.pt, k.pb, k.pl, k.pr}, dil[2] = {k.dh, k.dw};
  const ConvGeom g = conv_geometry(xs, fs, ys, strides, pads, dil, k.groups, k.nchw);
  auto xi = [&](int64_t n, int64_t h, int64_t w, int64_t c) { return size_t(k.nchw ? ((n * k.C + c) * k.H + h) * k.W + w : ((n * k.H + h) * k.W + w) * k.C + c); };
  auto yi = [&](int64_t n, int64_t h, int64_t w, int64_t c) { return size_t(k.nchw ? ((n * k.OC + c) * OH + h) * OW + w : ((n * OH + h) * OW + w) * k.OC + c); };
  auto fi = [&](int64_t kh, int64_t kw, int64_t c, int64_t oc) { return size_t(((kh * k.KW + kw) * Cg + c) * k.OC + oc); };
  const Vec x = rnd(size_t(k.N * k.H * k.W * k.C), seed), f = rnd(size_t(k.KH * k.KW * Cg * k.OC), seed + 1);
  const Vec dy = rnd(size_t(k.N * OH * OW * k.OC), seed + 2);
  Ref y(dy.size()), dx(x.size()), df(f.size());
  // Every (output pixel, output channel, tap, in-channel of its group) term, once, for all three products.
  for (int64_t n = 0; n < k.N; n++)
    for (int64_t oh = 0; oh < OH; oh++)
      for (int64_t ow = 0; ow < OW; ow++)
        for (int64_t oc = 0; oc < k.OC; oc++)
          for (int64_t kh = 0; kh < k.KH; kh++)
            for (int64_t kw = 0; kw < k.KW; kw++) {
              const int64_t ih = oh * k.sh - k.pt + kh * k.dh, iw = ow * k.sw - k.pl + kw * k.dw;
              if (ih < 0 || ih >= k.H || iw < 0 || iw >= k.W) continue;
              for (int64_t c = 0; c < Cg; c++) {
                const size_t xo = xi(n, ih, iw, (oc / OCg) * Cg + c), yo = yi(n, oh, ow, oc), fo = fi(kh, kw, c, oc);
                y.add(yo, double(x[xo]) * f[fo]);
                dx.add(xo, double(dy[yo]) * f[fo]);
                df.add(fo, double(dy[yo]) * x[xo]);
              }
            }
  const std::string name = std::string(k.nchw ? "NCHW " : "NHWC ") + dims({k.N, k.H, k.W, k.C}) + " k" + dims({k.KH, k.KW}) + " oc" +
                           std::to_string(k.OC) + " s" + dims({k.sh, k.sw}) + " d" + dims({k.dh, k.dw}) + " p" +
                           dims({k.pt, k.pb, k.pl, k.pr}) + " g" + std::to_string(k.groups);
  Vec got(dy.size(), NAN), gdx(x.size(), NAN), gdf(f.size(), NAN);
  conv2d(x.data(), f.data(), got.data(), g);
  check("conv2d " + name, got, y, 1e-5);
  conv2d_backprop_input(dy.data(), f.data(), gdx.data(), g);
  check("conv2d_backprop_input " + name, gdx, dx, 1e-5);
  conv2d_backprop_filter(x.data(), dy.data(), gdf.data(), g);
  check("conv2d_backprop_filter " + name, gdf, df, 1e-5);
}

// ---- pooling ------------------------------------------------------------------------------------------------------
void check_pool(bool nchw, uint32_t seed) {
  const int64_t N = 2, H = 7, W = 8, C = 5, KH = 3, KW = 2, sh = 2, sw = 1, pt = 1, pb = 1, pl = 0, pr = 1;
  const int64_t OH = (H + pt + pb - KH) / sh + 1, OW = (W + pl + pr - KW) / sw + 1;
  const Shape xs = nchw ? Shape{N, C, H, W} : Shape{N, H, W, C}, ys = nchw ? Shape{N, C, OH, OW} : Shape{N, OH, OW, C};
  const int64_t ks[2] = {KH, KW}, st[2] = {sh, sw}, pads[4] = {pt, pb, pl, pr};
  const PoolGeom g = pool_geometry(xs, ys, ks, st, pads, nchw);
  const Vec x = rnd(size_t(N * H * W * C), seed), dy = rnd(size_t(N * OH * OW * C), seed + 1);
  Ref ymax(dy.size()), yavg(dy.size()), dxmax(x.size()), dxavg(x.size());
  for (int64_t n = 0; n < N; n++)
    for (int64_t oh = 0; oh < OH; oh++)
      for (int64_t ow = 0; ow < OW; ow++)
        for (int64_t c = 0; c < C; c++) {
          double best = -INFINITY, sum = 0;
          int64_t cnt = 0;
          size_t arg = 0;
          for (int64_t h = oh * sh - pt; h < oh * sh - pt + KH; h++)
            for (int64_t w = ow * sw - pl; w < ow * sw - pl + KW; w++) {
              if (h < 0 || h >= H || w < 0 || w >= W) continue;  // padded cells take no part
              const size_t xo = g.xoff(n, h, w, c);
              if (x[xo] > best) { best = x[xo]; arg = xo; }
              sum += x[xo];
              cnt++;
            }
          const size_t yo = size_t(g.yoff(n, oh, ow, c));
          ymax.set(yo, best);
          yavg.set(yo, sum / double(cnt));
          dxmax.add(arg, dy[yo]);
          for (int64_t h = oh * sh - pt; h < oh * sh - pt + KH; h++)
            for (int64_t w = ow * sw - pl; w < ow * sw - pl + KW; w++)
              if (h >= 0 && h < H && w >= 0 && w < W) dxavg.add(size_t(g.xoff(n, h, w, c)), dy[yo] / double(cnt));
        }
  const std::string name = std::string(nchw ? " NCHW " : " NHWC ") + dims({N, H, W, C}) + " k3x2 s2x1 p1,1,0,1";
  Vec y(dy.size(), NAN), dx(x.size(), NAN);
  max_pool(x.data(), y.data(), g);
  check("max_pool" + name, y, ymax, 0.0);
  max_pool_grad(x.data(), dy.data(), dx.data(), g);
  check("max_pool_grad" + name, dx, dxmax, 1e-6);
  avg_pool(x.data(), y.data(), g);
  check("avg_pool" + name, y, yavg, 1e-6, 1e-7);
  avg_pool_grad(dy.data(), dx.data(), g);
  check("avg_pool_grad" + name, dx, dxavg, 1e-5);
}

// ---- LSTM sequence ------------------------------------------------------------------------------------------------
double sigm(double v) { return 1.0 / (1.0 + std::exp(-v)); }

void check_lstm(int64_t T, int64_t B, int64_t I, int64_t H, bool peep, float clip, bool gates, uint32_t seed) {
  const int64_t G = 4 * H, S = T * B * H;
  const Vec x = rnd(size_t(T * B * I), seed), cs0 = rnd(size_t(B * H), seed + 1), h0 = rnd(size_t(B * H), seed + 2);
  const Vec w = rnd(size_t((I + H) * G), seed + 3, 0.4f), b = rnd(size_t(G), seed + 4, 0.5f);
  const Vec wci = rnd(size_t(H), seed + 5, 0.5f), wcf = rnd(size_t(H), seed + 6, 0.5f), wco = rnd(size_t(H), seed + 7, 0.5f);
  const float fb = 0.7f;
  // Reference (double): gate columns i, ci, f, o of w [I + H, 4H]; rows 0..I-1 multiply x, the rest h.
  std::vector<Ref> r(7, Ref(size_t(S)));  // i, cs, f, o, ci, co, h
  std::vector<double> cprev(cs0.begin(), cs0.end()), hprev(h0.begin(), h0.end());
  for (int64_t t = 0; t < T; t++)
    for (int64_t bi = 0; bi < B; bi++)
      for (int64_t j = 0; j < H; j++) {
        double gt[4];
        for (int q = 0; q < 4; q++) {
          double s = b[size_t(q * H + j)];
          for (int64_t p = 0; p < I; p++) s += double(x[size_t((t * B + bi) * I + p)]) * w[size_t(p * G + q * H + j)];
          for (int64_t p = 0; p < H; p++) s += hprev[size_t(bi * H + p)] * w[size_t((I + p) * G + q * H + j)];
          gt[q] = s;
        }
        const double cp = cprev[size_t(bi * H + j)];
        const double ig = sigm(gt[0] + (peep ? cp * wci[size_t(j)] : 0)), ci = std::tanh(gt[1]);
        const double fg = sigm(gt[2] + fb + (peep ? cp * wcf[size_t(j)] : 0));
        double cs = ci * ig + cp * fg;
        if (clip > 0) cs = std::fmin(clip, std::fmax(-double(clip), cs));
        const double og = sigm(gt[3] + (peep ? cs * wco[size_t(j)] : 0)), co = std::tanh(cs);
        const size_t o = size_t((t * B + bi) * H + j);
        const double vals[7] = {ig, cs, fg, og, ci, co, co * og};
        for (int q = 0; q < 7; q++) r[size_t(q)].set(o, vals[q]);
        if (bi == B - 1 && j == H - 1)  // step t done: its cs and h are the next step's states
          for (size_t e = 0; e < size_t(B * H); e++) {
            cprev[e] = r[1].v[size_t(t * B * H) + e];
            hprev[e] = r[6].v[size_t(t * B * H) + e];
          }
      }
  std::vector<Vec> out(7, Vec(size_t(S), NAN));
  const LstmOut lo{gates ? out[0].data() : nullptr, out[1].data(), gates ? out[2].data() : nullptr, gates ? out[3].data() : nullptr,
                   gates ? out[4].data() : nullptr, gates ? out[5].data() : nullptr, out[6].data()};
  lstm_sequence(RnnDims{T, B, I, H}, x.data(), cs0.data(), h0.data(), w.data(), b.data(), peep ? wci.data() : nullptr,
                peep ? wcf.data() : nullptr, peep ? wco.data() : nullptr, fb, clip, lo);
  static const char* names[7] = {"i", "cs", "f", "o", "ci", "co", "h"};
  const std::string name = "lstm_sequence " + dims({T, B, I, H}) + (peep ? " peephole" : "") + (clip > 0 ? " clip" : "") + (gates ? "" : " states-only");
  for (int q = 0; q < 7; q++)
    if (gates || q == 1 || q == 6) check(name + " " + names[q], out[size_t(q)], r[size_t(q)], 1e-4, 2e-6);
}

}  // namespace

namespace {

// ---- softmax ------------------------------------------------------------------------------------------------------
void check_softmax(int64_t outer, int64_t n, int64_t inner, bool log, uint32_t seed) {
  const Vec x = rnd(size_t(outer * n * inner), seed, 6.0f);
  Ref ref(x.size());
  for (int64_t o = 0; o < outer; o++)
    for (int64_t i = 0; i < inner; i++) {
      auto at = [&](int64_t j) { return size_t((o * n + j) * inner + i); };
      double m = -INFINITY, s = 0;
      for (int64_t j = 0; j < n; j++) m = x[at(j)] > m ? x[at(j)] : m;  // (std::fmax here: GCC 12 aarch64 -O3 ICE)
      for (int64_t j = 0; j < n; j++) s += std::exp(x[at(j)] - m);
      for (int64_t j = 0; j < n; j++) ref.set(at(j), log ? x[at(j)] - m - std::log(s) : std::exp(x[at(j)] - m) / s);
    }
  Vec y(x.size(), NAN);
  softmax(x.data(), outer, n, inner, y.data(), log);
  check(std::string(log ? "log_softmax " : "softmax ") + dims({outer, n, inner}), y, ref, 1e-5, 1e-7);
}

// ---- vector math against libm -------------------------------------------------------------------------------------
int unary_index(const char* name) {
  const auto& names = unary_op_names();
  for (size_t i = 0; i < names.size(); i++)
    if (std::strcmp(names[i], name) == 0) return int(i);
  throw std::runtime_error(std::string("no unary op ") + name);
}

void check_unary(const char* name, double (*fn)(double), Vec x, double rtol, double atol) {
  // Edge values every path must get right (range limits, infinities, NaN, zero, a denormal), then the sweep.
  const float edge[] = {0.0f, -0.0f, 1e-40f, 1.0f, -1.0f, 88.0f, 89.0f, -87.0f, -104.0f, 1e30f, -1e30f, INFINITY, -INFINITY, NAN};
  x.insert(x.end(), std::begin(edge), std::end(edge));
  Ref ref(x.size());
  for (size_t i = 0; i < x.size(); i++) {
    double r = fn(x[i]);
    if (std::isfinite(r) && std::fabs(r) > 3.4028234663852886e38) r = std::copysign(INFINITY, r);  // float overflow
    ref.set(i, r);
  }
  Vec y(x.size(), NAN);
  unary(unary_index(name), x.data(), y.data(), int64_t(x.size()), 0.0f);
  check(std::string("unary ") + name, y, ref, rtol, atol);
}

double sigmoid_d(double v) { return 1.0 / (1.0 + std::exp(-v)); }
double exp_d(double v) { return std::exp(v); }
double log_d(double v) { return std::log(v); }
double tanh_d(double v) { return std::tanh(v); }

// ---- thread pool --------------------------------------------------------------------------------------------------
void check_threads() {
  // Each task exactly once, and an exception in a task reaches the caller.
  set_num_threads(3);
  std::vector<std::atomic<int>> hits(1000);
  for (auto& h : hits) h = 0;
  parallel_for(1000, [&](int64_t t) { hits[size_t(t)]++; });
  bool once = true;
  for (auto& h : hits) once = once && h == 1;
  pass_if("parallel_for 3 threads: every task once", once);
  bool caught = false;
  try {
    parallel_for(64, [&](int64_t t) { if (t == 17) throw std::runtime_error("task 17"); });
  } catch (const std::runtime_error& e) {
    caught = std::string(e.what()) == "task 17";
  }
  pass_if("parallel_for 3 threads: a task's exception is rethrown", caught);

  // GEMM sums each element in the same order whatever the thread count: bitwise equal results.
  struct Case { int64_t M, K, N; bool ta, tb; };
  for (const Case& k : {Case{150, 333, 170, false, false}, Case{97, 401, 211, true, true}, Case{1, 5000, 1100, false, false}}) {
    const Vec a = rnd(size_t(k.M * k.K), 90), b = rnd(size_t(k.K * k.N), 91);
    Vec c1(size_t(k.M * k.N)), c3(c1.size());
    const GemmArgs g1{k.M, k.N, k.K, a.data(), k.ta ? k.M : k.K, k.ta, b.data(), k.tb ? k.K : k.N, k.tb, c1.data(), k.N};
    GemmArgs g3 = g1;
    g3.c = c3.data();
    set_num_threads(1);
    gemm(g1, 0);
    set_num_threads(3);
    gemm(g3, 0);
    pass_if("gemm " + dims({k.M, k.K, k.N}) + (k.ta ? " ta tb" : "") + ": 1 and 3 threads identical",
            std::memcmp(c1.data(), c3.data(), sizeof(float) * c1.size()) == 0);
  }
  // Batched: many small entries in parallel (one per task) against one thread.
  const Shape as{6, 9, 31}, bs{6, 31, 20}, os{6, 9, 20};
  const Vec a = rnd(6 * 9 * 31, 92), b = rnd(6 * 31 * 20, 93);
  Vec o1(6 * 9 * 20), o3(o1.size());
  set_num_threads(1);
  matmul(a.data(), as, b.data(), bs, false, false, o1.data(), os);
  set_num_threads(3);
  matmul(a.data(), as, b.data(), bs, false, false, o3.data(), os);
  pass_if("matmul [6,9,31] [6,31,20]: 1 and 3 threads identical", std::memcmp(o1.data(), o3.data(), sizeof(float) * o1.size()) == 0);
}

// ---- kernels through the registration table: 8-byte elements, index data, the js number conventions ---------------
// These entries move and convert elements rather than compute sums, so the expected values are exact, written
// here by hand; the conversions (double -> wrapped int64 / int32 / uint8, int64 -> JS number text) are the kind
// whose edge cases differ between x86 and arm64 instructions.
TensorArg arg(const void* data, ElemType t, const Shape& s) {
  TensorArg a;
  a.data = const_cast<void*>(data);
  a.type = t;
  a.shape = s;
  a.size = prod(s);
  return a;
}

void run_kernel(const char* name, std::vector<TensorArg> in, std::vector<TensorArg> out, std::vector<std::pair<const char*, double>> nums) {
  KernelCall c;
  for (const KernelDef& d : kernel_registry())
    if (std::strcmp(d.name, name) == 0) c.def = &d;
  if (!c.def) throw std::runtime_error(std::string("no kernel ") + name);
  c.in = std::move(in);
  c.out = std::move(out);
  c.attrs.resize(c.def->attrs.size());
  for (auto& [attr, v] : nums)
    for (size_t i = 0; i < c.attrs.size(); i++)
      if (std::strcmp(c.def->attrs[i].name, attr) == 0) {
        c.attrs[i].present = true;
        c.attrs[i].num = v;
      }
  c.def->entry(c);
}

void check_registry_kernels() {
  const double p[] = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5};  // [3, 2]
  const int64_t rows[] = {2, 0, 2};
  double g[6];
  run_kernel("GatherV2", {arg(p, ElemType::kF64, {3, 2}), arg(rows, ElemType::kI64, {3})}, {arg(g, ElemType::kF64, {3, 2})}, {{"axis", 0}, {"batchDims", 0}});
  pass_if("registry GatherV2 float64 rows, int64 indices", std::vector<double>(g, g + 6) == std::vector<double>{5.5, 6.5, 1.5, 2.5, 5.5, 6.5});
  const int64_t wide[] = {INT64_MIN, 7, int64_t(1) << 62};  // [3]
  const int32_t cols[] = {2, 2, 0, 1};
  int64_t gw[4];
  run_kernel("GatherV2", {arg(wide, ElemType::kI64, {3}), arg(cols, ElemType::kI32, {4})}, {arg(gw, ElemType::kI64, {4})}, {{"axis", 0}, {"batchDims", 0}});
  pass_if("registry GatherV2 int64 elements", std::vector<int64_t>(gw, gw + 4) == std::vector<int64_t>{int64_t(1) << 62, int64_t(1) << 62, INT64_MIN, 7});
  std::string msg;
  const int64_t bad[] = {0, (int64_t(1) << 62) + 1};
  try {
    run_kernel("GatherV2", {arg(p, ElemType::kF64, {3, 2}), arg(bad, ElemType::kI64, {1, 2})}, {arg(g, ElemType::kF64, {1, 2, 2})}, {{"axis", 0}, {"batchDims", 0}});
  } catch (const DataError& e) {
    msg = e.what();
  }
  pass_if("registry GatherV2 index error text", msg == "gather: indices[0,1] = 4611686018427388000 is not in [0, 3) (axis 0 of 'params' [3,2])", msg);

  const int64_t a[] = {1, 2, 3, 4}, b[] = {-5, -6};  // [2, 2] and [2, 1] along axis 1
  int64_t cat[6];
  run_kernel("Concat", {arg(a, ElemType::kI64, {2, 2}), arg(b, ElemType::kI64, {2, 1})}, {arg(cat, ElemType::kI64, {2, 3})}, {{"axis", 1}});
  pass_if("registry Concat int64 axis 1", std::vector<int64_t>(cat, cat + 6) == std::vector<int64_t>{1, 2, -5, 3, 4, -6});

  // Typed-array stores of a double: BigInt64Array wraps 2^63 to INT64_MIN and keeps -3; Int32Array wraps 3e9;
  // Uint8Array keeps the low byte of the truncated value (-1 -> 255, 257.9 -> 1).
  const int32_t hot[] = {1, -1, 5};
  int64_t oh64[6];
  run_kernel("OneHot", {arg(hot, ElemType::kI32, {3})}, {arg(oh64, ElemType::kI64, {3, 2})}, {{"depth", 2}, {"onValue", 9223372036854775808.0}, {"offValue", -3}, {"axis", 1}});
  pass_if("registry OneHot int64 wrap", std::vector<int64_t>(oh64, oh64 + 6) == std::vector<int64_t>{-3, INT64_MIN, -3, -3, -3, -3});
  int32_t oh32[6];
  run_kernel("OneHot", {arg(hot, ElemType::kI32, {3})}, {arg(oh32, ElemType::kI32, {2, 3})}, {{"depth", 2}, {"onValue", 3e9}, {"offValue", -7.9}, {"axis", 0}});
  pass_if("registry OneHot int32 wrap", std::vector<int32_t>(oh32, oh32 + 6) == std::vector<int32_t>{-7, -7, -7, -1294967296, -7, -7});
  uint8_t oh8[6];
  run_kernel("OneHot", {arg(hot, ElemType::kI32, {3})}, {arg(oh8, ElemType::kU8, {3, 2})}, {{"depth", 2}, {"onValue", 257.9}, {"offValue", -1}, {"axis", 1}});
  pass_if("registry OneHot uint8 wrap", std::vector<uint8_t>(oh8, oh8 + 6) == std::vector<uint8_t>{255, 1, 255, 255, 255, 255});

  const double x[] = {1, NAN, 3, 3, 0, -1};  // [2, 3]: a NaN wins, ties take the first
  int32_t am[2], an[3];
  run_kernel("ArgMax", {arg(x, ElemType::kF64, {2, 3})}, {arg(am, ElemType::kI32, {2})}, {{"axis", 1}});
  run_kernel("ArgMin", {arg(x, ElemType::kF64, {2, 3})}, {arg(an, ElemType::kI32, {3})}, {{"axis", 0}});
  pass_if("registry ArgMax / ArgMin float64 NaN and ties", am[0] == 1 && am[1] == 0 && an[0] == 0 && an[1] == 0 && an[2] == 1);

  const double cx[] = {-0.0, 0.0, NAN, 5, -5}, lo = -0.0, hi = 0.0;
  double cy[5];
  run_kernel("ClipByValue", {arg(cx, ElemType::kF64, {5}), arg(&lo, ElemType::kF64, {}), arg(&hi, ElemType::kF64, {})}, {arg(cy, ElemType::kF64, {5})}, {});
  // Math.max(-0, -0) = -0 then Math.min(-0, +0) = -0; Math.max(+0, -0) = +0, Math.min(+0, +0) = +0.
  pass_if("registry ClipByValue signed zeros, NaN", std::signbit(cy[0]) && cy[0] == 0 && !std::signbit(cy[1]) && std::isnan(cy[2]) && cy[3] == 0 &&
                                                       !std::signbit(cy[3]) && cy[4] == 0 && std::signbit(cy[4]));

  const float pred[] = {0.1f, 0.9f, 0.9f, 0.5f, INFINITY, 0.1f};  // [2, 3]
  const int64_t tgt[] = {2, 0};
  uint8_t top[2];
  run_kernel("InTopK", {arg(pred, ElemType::kF32, {2, 3}), arg(tgt, ElemType::kI64, {2})}, {arg(top, ElemType::kU8, {2})}, {{"k", 1}});
  pass_if("registry InTopK ties in, non-finite row out", top[0] == 1 && top[1] == 0);

  const int64_t s0[] = {INT64_MAX, -3}, s1[] = {1};
  int64_t sum[2];
  run_kernel("Add", {arg(s0, ElemType::kI64, {2}), arg(s1, ElemType::kI64, {1})}, {arg(sum, ElemType::kI64, {2})}, {});
  pass_if("registry Add int64 wraps", sum[0] == INT64_MIN && sum[1] == -2);
}

}  // namespace

int main() {
  const IsaKernels* isas[3];
  const int nisa = available_isas(isas, 3);
  std::string avail;
  for (int i = 0; i < nisa; i++) avail += std::string(i ? "," : "") + isas[i]->name;
#if defined(__aarch64__)
  const char* arch = "aarch64";
#elif defined(__x86_64__)
  const char* arch = "x86_64";
#else
  const char* arch = "other";
#endif
  std::printf("arch %s isa %s available %s gemm %dx%d\n", arch, isa().name, avail.c_str(), isa().gemm_mr, isa().gemm_nr);
  try {
    set_num_threads(3);
    uint32_t seed = 1;
    struct G { int64_t M, K, N; };
    for (const G& k : {G{1, 1, 1}, G{7, 13, 5}, G{33, 17, 65}, G{100, 3, 257}, G{1, 37, 29}, G{41, 53, 1}, G{40, 700, 37}})
      for (int t = 0; t < 4; t++) check_gemm(k.M, k.K, k.N, t & 1, t & 2, false, seed++);
    check_gemm(33, 17, 65, false, false, true, seed++);
    check_gemm(29, 331, 19, true, false, true, seed++);
    check_matmul({2, 3, 7, 13}, {3, 13, 5}, false, false, seed++);    // broadcast batch dims
    check_matmul({4, 11, 9}, {9, 6}, false, false, seed++);           // shared B: one tall product
    check_matmul({1, 9, 11}, {5, 6, 9}, true, true, seed++);          // broadcast A, both transposed
    check_matmul({3, 1, 17, 4}, {1, 2, 23, 4}, false, true, seed += 2);  // both broadcast, B transposed
    const ConvCase convs[] = {
        {2, 9, 11, 6, 3, 2, 4, 2, 1, 1, 2, 1, 0, 2, 1, 2, false},   // NHWC: stride, dilation, asymmetric pads, groups
        {2, 9, 11, 6, 3, 2, 9, 1, 2, 2, 1, 0, 1, 1, 0, 3, true},    // NCHW: the same kinds of geometry
        {1, 5, 7, 13, 1, 1, 17, 1, 1, 1, 1, 0, 0, 0, 0, 1, false},  // 1x1 (plain GEMM)
        {1, 8, 6, 5, 3, 3, 10, 1, 1, 1, 1, 1, 1, 1, 1, 5, true},    // depthwise (groups = C), "same" pads
        {3, 10, 9, 4, 5, 3, 7, 3, 2, 1, 1, 2, 2, 1, 1, 1, false},   // large stride, 5x3 taps
    };
    for (const ConvCase& c : convs) check_conv(c, seed += 3);
    check_pool(false, seed += 2);
    check_pool(true, seed += 2);
    check_lstm(4, 5, 7, 37, true, 0.6f, true, seed += 8);  // the clip is active for some cells
    check_lstm(3, 9, 13, 70, false, 0.0f, true, seed += 8);
    check_lstm(5, 2, 3, 21, true, 0.0f, false, seed += 8);
    check_softmax(3, 37, 1, false, seed++);
    check_softmax(3, 37, 1, true, seed++);
    check_softmax(2, 11, 5, false, seed++);
    check_softmax(2, 11, 5, true, seed++);
    // atol FLT_MIN where results below it may flush to 0 (the kernels' documented exp behaviour).
    check_unary("Exp", exp_d, rnd(1001, seed++, 20.0f), 4e-7, 1.18e-38);
    Vec lx = rnd(1001, seed++, 30.0f);
    for (auto& v : lx) v = std::exp(v);  // log over 1e-13 .. 1e13
    check_unary("Log", log_d, lx, 4e-7, 1e-7);
    check_unary("Tanh", tanh_d, rnd(1001, seed++, 6.0f), 4e-7, 0);
    check_unary("Sigmoid", sigmoid_d, rnd(1001, seed++, 30.0f), 4e-7, 1.18e-38);
    check_threads();
    check_registry_kernels();
  } catch (const std::exception& e) {
    std::printf("FAIL exception: %s\n", e.what());
    g_failures++;
  }
  std::printf("%s: %d failure(s)\n", g_failures ? "FAILED" : "PASSED", g_failures);
  return g_failures ? 1 : 0;
}
