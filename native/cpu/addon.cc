// Node-API entry points of the CPU addon. This file only converts and validates JS arguments, then calls the
// kernels (kernels/*.cc), which read and write the tensors' ArrayBuffers in place: the float32 data of a
// tensor is an ordinary JS Float32Array, and the kernels get its pointer, never a copy. No external buffers
// are created (NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED), so the addon also works inside Electron's V8 memory cage.
//
// Every entry point checks its argument count, each argument's type, array lengths against shape products
// (with overflow checks), and output/input overlap, and throws a JS TypeError/RangeError: nothing reachable
// from JS aborts. The TypeScript backend validates first; these checks are the last line.
//
// State is per instance (Napi::Addon): each worker_thread / Electron renderer loading the addon gets its own.
// The only process-wide state is the compute thread pool (threadpool.h explains why) and the ISA table.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "common.h"
#include "kernels/conv_geom.h"
#include "kernels/kernels.h"
#include "kernels/pool_geom.h"
#include "simd/isa.h"
#include "threadpool.h"

#ifndef TL_VERSION
#define TL_VERSION "0.1.0"
#endif

namespace {

using tl::Shape;

constexpr size_t kMaxRank = 16;
// Any single dimension above 2^40 is certainly a bug (and keeps products far from overflow checks' edge).
constexpr double kMaxDim = 1099511627776.0;

struct F32View {
  float* data = nullptr;
  int64_t length = 0;
};

void check_count(const Napi::CallbackInfo& info, size_t n, const char* fn) {
  if (info.Length() < n)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": expected " + std::to_string(n) + " arguments, got " +
                                               std::to_string(info.Length()));
}

// Arguments are read through the C Node-API directly: one call per typed array and two per shape entry,
// where the C++ wrappers' type tests and conversions made three to four (a small matMul spent ~0.9 us of
// its ~1.1 us in argument parsing).

// The data (already offset by the view's byteOffset) and length of a Float32Array; false when v is not one.
bool f32_of(napi_env env, napi_value v, F32View& r) {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float32_array)
    return false;
  r.data = static_cast<float*>(data);
  r.length = static_cast<int64_t>(length);
  return true;
}

F32View get_f32(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  F32View r;
  if (!f32_of(info.Env(), info[i], r))
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument '" + name + "' must be a Float32Array");
  if (r.length > 0 && r.data == nullptr)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument '" + name + "' has no data (detached?)");
  return r;
}

Shape get_shape(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  const napi_env env = info.Env();
  const napi_value arr = info[i];
  bool is_array = false;
  uint32_t n = 0;
  if (napi_is_array(env, arr, &is_array) != napi_ok || !is_array || napi_get_array_length(env, arr, &n) != napi_ok)
    throw Napi::TypeError::New(env, std::string(fn) + ": '" + name + "' must be an array of dims");
  if (n > kMaxRank)
    throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' has rank " + std::to_string(n) +
                                         " (at most " + std::to_string(kMaxRank) + ")");
  Shape s(n);
  int64_t prod = 1;
  for (uint32_t k = 0; k < n; k++) {
    napi_value d;
    if (napi_get_element(env, arr, k, &d) != napi_ok) throw Napi::Error::New(env);  // a throwing getter
    double x = 0;
    if (napi_get_value_double(env, d, &x) != napi_ok)
      throw Napi::TypeError::New(env, std::string(fn) + ": '" + name + "' dims must be numbers");
    if (!(x >= 0) || x > kMaxDim || std::floor(x) != x)
      throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' dim " + std::to_string(k) +
                                           " is not an integer in [0, 2^40]");
    s[k] = static_cast<int64_t>(x);
    if (s[k] != 0 && prod > tl::kMaxElements / s[k])
      throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' has too many elements (overflow)");
    prod *= s[k];
  }
  return s;
}

int64_t shape_size(const Shape& s) {
  int64_t p = 1;
  for (int64_t d : s) p *= d;  // already overflow-checked by get_shape
  return p;
}

void check_len(const Napi::Env& env, const F32View& a, const Shape& s, const char* fn, const char* name) {
  if (a.length != shape_size(s))
    throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' has " + std::to_string(a.length) +
                                         " elements but its shape holds " + std::to_string(shape_size(s)));
}

bool overlap(const F32View& x, const F32View& y) {
  if (x.length == 0 || y.length == 0) return false;
  const float* x1 = x.data + x.length;
  const float* y1 = y.data + y.length;
  return x.data < y1 && y.data < x1;
}

void check_no_overlap(const Napi::Env& env, const F32View& out, const F32View& in, const char* fn, const char* name) {
  if (overlap(out, in)) throw Napi::RangeError::New(env, std::string(fn) + ": output overlaps input '" + name + "'");
}

// Same data or disjoint (elementwise kernels may run in place, index for index).
void check_same_or_disjoint(const Napi::Env& env, const F32View& out, const F32View& in, const char* fn, const char* name) {
  if (overlap(out, in) && !(out.data == in.data && out.length == in.length))
    throw Napi::RangeError::New(env, std::string(fn) + ": output partially overlaps input '" + name + "'");
}

bool get_bool(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  bool b = false;
  if (napi_get_value_bool(info.Env(), info[i], &b) != napi_ok)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' must be a boolean");
  return b;
}

double get_number(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  double x = 0;
  if (napi_get_value_double(info.Env(), info[i], &x) != napi_ok)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' must be a number");
  return x;
}

int64_t get_int(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name, int64_t lo, int64_t hi) {
  double x = get_number(info, i, fn, name);
  if (!(x >= double(lo)) || !(x <= double(hi)) || std::floor(x) != x)
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": '" + name + "' must be an integer in [" +
                                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return static_cast<int64_t>(x);
}

// An array of exactly `count` integers, each >= lo (strides, pads, dilations, window sizes).
std::vector<int64_t> get_ints(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name, uint32_t count,
                              int64_t lo) {
  Napi::Value v = info[i];
  if (!v.IsArray() || v.As<Napi::Array>().Length() != count)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' must be an array of " + std::to_string(count) + " integers");
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<int64_t> out(count);
  for (uint32_t k = 0; k < count; k++) {
    Napi::Value d = arr.Get(k);
    double x = d.IsNumber() ? d.As<Napi::Number>().DoubleValue() : NAN;
    if (!(x >= double(lo)) || x > kMaxDim || std::floor(x) != x)
      throw Napi::RangeError::New(info.Env(), std::string(fn) + ": '" + name + "' entries must be integers >= " + std::to_string(lo));
    out[k] = static_cast<int64_t>(x);
  }
  return out;
}

// Runs a kernel, turning C++ exceptions into JS errors (kernel argument errors become RangeErrors).
template <typename F>
void guarded(const Napi::Env& env, const char* fn, F&& f) {
  try {
    f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const tl::ArgError& e) {
    throw Napi::RangeError::New(env, std::string(fn) + ": " + e.what());
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, std::string(fn) + ": out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string(fn) + ": " + e.what());
  }
}

Napi::Array names_to_js(const Napi::Env& env, const std::vector<const char*>& names) {
  Napi::Array a = Napi::Array::New(env, names.size());
  for (size_t i = 0; i < names.size(); i++) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, names[i]));
  return a;
}

// Arguments of matMul / matMulAsync: (a, aShape, b, bShape, out, outShape, transposeA, transposeB).
struct MatMulCall {
  F32View a, b, out;
  Shape as, bs, os;
  bool ta = false, tb = false;
};

MatMulCall parse_matmul(const Napi::CallbackInfo& info, const char* fn) {
  check_count(info, 8, fn);
  MatMulCall c;
  c.a = get_f32(info, 0, fn, "a");
  c.as = get_shape(info, 1, fn, "aShape");
  c.b = get_f32(info, 2, fn, "b");
  c.bs = get_shape(info, 3, fn, "bShape");
  c.out = get_f32(info, 4, fn, "out");
  c.os = get_shape(info, 5, fn, "outShape");
  c.ta = get_bool(info, 6, fn, "transposeA");
  c.tb = get_bool(info, 7, fn, "transposeB");
  const Napi::Env env = info.Env();
  check_len(env, c.a, c.as, fn, "a");
  check_len(env, c.b, c.bs, fn, "b");
  check_len(env, c.out, c.os, fn, "out");
  check_no_overlap(env, c.out, c.a, fn, "a");
  check_no_overlap(env, c.out, c.b, fn, "b");
  Shape expect;
  guarded(env, fn, [&] { expect = tl::matmul_out_shape(c.as, c.bs, c.ta, c.tb); });
  if (expect != c.os) throw Napi::RangeError::New(env, std::string(fn) + ": outShape does not match the inputs");
  return c;
}

// Runs a MatMul off the JS thread. The typed arrays are held by references until the promise settles, so
// they cannot be collected while the worker reads them.
class MatMulWorker : public Napi::AsyncWorker {
 public:
  MatMulWorker(Napi::Env env, const Napi::CallbackInfo& info, MatMulCall call)
      : Napi::AsyncWorker(env, "tensorlane:matMulAsync"), call_(std::move(call)), deferred_(Napi::Promise::Deferred::New(env)) {
    for (size_t i : {size_t(0), size_t(2), size_t(4)}) refs_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
  }
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      tl::matmul(call_.a.data, call_.as, call_.b.data, call_.bs, call_.ta, call_.tb, call_.out.data, call_.os);
    } catch (const std::exception& e) {
      SetError(std::string("matMulAsync: ") + e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  MatMulCall call_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> refs_;
};


// ---- recurrent kernels: argument lists of many arrays ---------------------------------------------------------

// An array of `count` Float32Arrays; with allow_null, a null entry gives a view with no data and length -1.
std::vector<F32View> get_f32_list(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name, uint32_t count,
                                  bool allow_null = false) {
  Napi::Value v = info[i];
  if (!v.IsArray() || v.As<Napi::Array>().Length() != count)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' must be an array of " + std::to_string(count) + " Float32Arrays");
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<F32View> out(count);
  for (uint32_t k = 0; k < count; k++) {
    Napi::Value e = arr.Get(k);
    if (allow_null && e.IsNull()) {
      out[k].length = -1;
      continue;
    }
    if (!f32_of(info.Env(), e, out[k]))
      throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' entries must be Float32Arrays");
    if (out[k].length > 0 && out[k].data == nullptr)
      throw Napi::TypeError::New(info.Env(), std::string(fn) + ": '" + name + "' entry has no data (detached?)");
  }
  return out;
}

// The peephole weights: null (none) or an array [wci, wcf, wco].
std::vector<F32View> get_peep(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  if (info[i].IsNull() || info[i].IsUndefined()) return {};
  return get_f32_list(info, i, fn, "peephole", 3);
}

// Dims [T, B, I, H] of a recurrent kernel, with every size the kernel will index checked against overflow.
tl::RnnDims get_rnn_dims(const Napi::CallbackInfo& info, size_t i, const char* fn, int64_t gates) {
  std::vector<int64_t> v = get_ints(info, i, fn, "dims", 4, 0);
  tl::RnnDims d{v[0], v[1], v[2], v[3]};
  const Napi::Env env = info.Env();
  guarded(env, fn, [&] {
    const int64_t tb = tl::checked_mul(d.T, d.B, fn);
    tl::checked_mul(tb, std::max(d.I, tl::checked_mul(d.H, gates + 1, fn)), fn);
    tl::checked_mul(d.I + d.H, tl::checked_mul(d.H, gates + 1, fn), fn);
  });
  return d;
}

// Checks lengths and that no output overlaps an input or another output.
struct ArgCheck {
  const Napi::Env env;
  const char* fn;
  std::vector<std::pair<F32View, std::string>> ins, outs;
  void in(const F32View& v, int64_t len, const std::string& name) { expect(v, len, name); ins.push_back({v, name}); }
  void out(const F32View& v, int64_t len, const std::string& name) { expect(v, len, name); outs.push_back({v, name}); }
  void expect(const F32View& v, int64_t len, const std::string& name) {
    if (v.length != len)
      throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' has " + std::to_string(v.length) + " elements, expected " + std::to_string(len));
  }
  void done() {
    for (size_t a = 0; a < outs.size(); a++) {
      for (auto& i : ins) if (overlap(outs[a].first, i.first)) throw Napi::RangeError::New(env, std::string(fn) + ": output '" + outs[a].second + "' overlaps input '" + i.second + "'");
      for (size_t b = a + 1; b < outs.size(); b++)
        if (overlap(outs[a].first, outs[b].first)) throw Napi::RangeError::New(env, std::string(fn) + ": outputs '" + outs[a].second + "' and '" + outs[b].second + "' overlap");
    }
  }
};


// ---- typed arrays of any supported element type (float32, int32, bool as uint8) -------------------------------
struct AnyView {
  void* data = nullptr;
  int64_t length = 0;
  tl::ElemType type = tl::ElemType::kF32;
  int64_t bytes() const { return length * (type == tl::ElemType::kU8 ? 1 : 4); }
};

AnyView get_any(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsTypedArray()) throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument '" + name + "' must be a typed array");
  Napi::TypedArray t = v.As<Napi::TypedArray>();
  AnyView r;
  switch (t.TypedArrayType()) {
    case napi_float32_array: r.type = tl::ElemType::kF32; break;
    case napi_int32_array: r.type = tl::ElemType::kI32; break;
    case napi_uint8_array: r.type = tl::ElemType::kU8; break;
    default: throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument '" + name + "' must be a Float32Array, Int32Array or Uint8Array");
  }
  r.length = static_cast<int64_t>(t.ElementLength());
  r.data = static_cast<uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset();
  if (r.length > 0 && t.ArrayBuffer().Data() == nullptr)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": argument '" + name + "' has no data (detached?)");
  return r;
}

bool any_overlap(const AnyView& x, const AnyView& y) {
  if (x.length == 0 || y.length == 0) return false;
  const uint8_t *x0 = static_cast<uint8_t*>(x.data), *y0 = static_cast<uint8_t*>(y.data);
  return x0 < y0 + y.bytes() && y0 < x0 + x.bytes();
}

void check_any_len(const Napi::Env& env, const AnyView& a, const Shape& s, const char* fn, const char* name) {
  if (a.length != shape_size(s))
    throw Napi::RangeError::New(env, std::string(fn) + ": '" + name + "' has " + std::to_string(a.length) +
                                         " elements but its shape holds " + std::to_string(shape_size(s)));
}

}  // namespace

class TensorlaneAddon : public Napi::Addon<TensorlaneAddon> {
 public:
  TensorlaneAddon(Napi::Env env, Napi::Object exports) {
    DefineAddon(exports, {
                             InstanceMethod("info", &TensorlaneAddon::Info),
                             InstanceMethod("setNumThreads", &TensorlaneAddon::SetNumThreads),
                             InstanceMethod("getNumThreads", &TensorlaneAddon::GetNumThreads),
                             InstanceMethod("alignmentOf", &TensorlaneAddon::AlignmentOf),
                             InstanceMethod("unaryOps", &TensorlaneAddon::UnaryOps),
                             InstanceMethod("binaryOps", &TensorlaneAddon::BinaryOps),
                             InstanceMethod("reduceOps", &TensorlaneAddon::ReduceOps),
                             InstanceMethod("matMul", &TensorlaneAddon::MatMul),
                             InstanceMethod("matMulAsync", &TensorlaneAddon::MatMulAsync),
                             InstanceMethod("unary", &TensorlaneAddon::Unary),
                             InstanceMethod("binary", &TensorlaneAddon::Binary),
                             InstanceMethod("reduce", &TensorlaneAddon::Reduce),
                             InstanceMethod("softmax", &TensorlaneAddon::Softmax),
                             InstanceMethod("conv2d", &TensorlaneAddon::Conv2D),
                             InstanceMethod("conv2dBackpropInput", &TensorlaneAddon::Conv2DBackpropInput),
                             InstanceMethod("conv2dBackpropFilter", &TensorlaneAddon::Conv2DBackpropFilter),
                             InstanceMethod("maxPool", &TensorlaneAddon::MaxPool),
                             InstanceMethod("maxPoolGrad", &TensorlaneAddon::MaxPoolGrad),
                             InstanceMethod("avgPool", &TensorlaneAddon::AvgPool),
                             InstanceMethod("avgPoolGrad", &TensorlaneAddon::AvgPoolGrad),
                             InstanceMethod("lstmSequence", &TensorlaneAddon::LstmSequence),
                             InstanceMethod("lstmSequenceGrad", &TensorlaneAddon::LstmSequenceGrad),
                             InstanceMethod("gruSequence", &TensorlaneAddon::GruSequence),
                             InstanceMethod("gruSequenceGrad", &TensorlaneAddon::GruSequenceGrad),
                             InstanceMethod("rnnSequence", &TensorlaneAddon::RnnSequence),
                             InstanceMethod("rnnSequenceGrad", &TensorlaneAddon::RnnSequenceGrad),
                             InstanceMethod("optimizerKinds", &TensorlaneAddon::OptimizerKinds),
                             InstanceMethod("applyOptimizer", &TensorlaneAddon::ApplyOptimizer),
                             InstanceMethod("compareOps", &TensorlaneAddon::CompareOps),
                             InstanceMethod("compare", &TensorlaneAddon::Compare),
                             InstanceMethod("select", &TensorlaneAddon::Select),
                             InstanceMethod("cast", &TensorlaneAddon::Cast),
                             InstanceMethod("batchNorm", &TensorlaneAddon::BatchNorm),
                             InstanceMethod("batchNormGrad", &TensorlaneAddon::BatchNormGrad),
                         });
  }

 private:
  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    const tl::IsaKernels& k = tl::isa();
    o.Set("version", TL_VERSION);
    o.Set("isa", k.name);
    o.Set("vectorWidth", k.vec_width);
    o.Set("gemmTile", std::to_string(k.gemm_mr) + "x" + std::to_string(k.gemm_nr));
    const tl::IsaKernels* list[4];
    int n = tl::available_isas(list, 4);
    Napi::Array isas = Napi::Array::New(env, n);
    for (int i = 0; i < n; i++) isas.Set(uint32_t(i), list[i]->name);
    o.Set("availableIsas", isas);
    o.Set("threads", tl::num_threads());
    o.Set("cores", tl::available_cores());
    o.Set("calls", static_cast<double>(calls_));
    return o;
  }

  Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
    check_count(info, 1, "setNumThreads");
    tl::set_num_threads(static_cast<int>(get_int(info, 0, "setNumThreads", "n", 1, 1024)));
    return info.Env().Undefined();
  }

  Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), tl::num_threads()); }

  // alignmentOf(buffer): the ArrayBuffer's data address modulo 64. V8 puts large backing stores 16 bytes past
  // a page boundary, so every row of a large matrix straddles cache lines; the backend uses this to place its
  // arrays on 64-byte boundaries (a 1024^3 matmul ran ~3% faster with aligned operands).
  Napi::Value AlignmentOf(const Napi::CallbackInfo& info) {
    check_count(info, 1, "alignmentOf");
    if (!info[0].IsArrayBuffer()) throw Napi::TypeError::New(info.Env(), "alignmentOf: buffer must be an ArrayBuffer");
    const auto addr = reinterpret_cast<uintptr_t>(info[0].As<Napi::ArrayBuffer>().Data());
    return Napi::Number::New(info.Env(), static_cast<double>(addr % 64));
  }

  Napi::Value UnaryOps(const Napi::CallbackInfo& info) { return names_to_js(info.Env(), tl::unary_op_names()); }
  Napi::Value BinaryOps(const Napi::CallbackInfo& info) { return names_to_js(info.Env(), tl::binary_op_names()); }
  Napi::Value ReduceOps(const Napi::CallbackInfo& info) { return names_to_js(info.Env(), tl::reduce_op_names()); }

  // matMul(a, aShape, b, bShape, out, outShape, transposeA, transposeB): out = a' b' (batched, broadcast).
  Napi::Value MatMul(const Napi::CallbackInfo& info) {
    MatMulCall c = parse_matmul(info, "matMul");
    calls_++;
    guarded(info.Env(), "matMul", [&] { tl::matmul(c.a.data, c.as, c.b.data, c.bs, c.ta, c.tb, c.out.data, c.os); });
    return info.Env().Undefined();
  }

  // matMulAsync(same arguments) -> Promise<void>, computed on a libuv worker thread.
  Napi::Value MatMulAsync(const Napi::CallbackInfo& info) {
    MatMulCall c = parse_matmul(info, "matMulAsync");
    calls_++;
    auto* w = new MatMulWorker(info.Env(), info, std::move(c));
    Napi::Promise p = w->promise();
    w->Queue();
    return p;
  }

  // unary(op, x, out, alpha): out[i] = op(x[i]).
  Napi::Value Unary(const Napi::CallbackInfo& info) {
    const char* fn = "unary";
    check_count(info, 4, fn);
    int64_t op = get_int(info, 0, fn, "op", 0, int64_t(tl::unary_op_names().size()) - 1);
    F32View x = get_f32(info, 1, fn, "x");
    F32View out = get_f32(info, 2, fn, "out");
    double alpha = get_number(info, 3, fn, "alpha");
    if (x.length != out.length) throw Napi::RangeError::New(info.Env(), "unary: x and out differ in length");
    check_same_or_disjoint(info.Env(), out, x, fn, "x");
    calls_++;
    guarded(info.Env(), fn, [&] { tl::unary(static_cast<int>(op), x.data, out.data, x.length, static_cast<float>(alpha)); });
    return info.Env().Undefined();
  }

  // binary(op, a, aShape, b, bShape, out, outShape): out = a op b, broadcasting.
  Napi::Value Binary(const Napi::CallbackInfo& info) {
    const char* fn = "binary";
    check_count(info, 7, fn);
    int64_t op = get_int(info, 0, fn, "op", 0, int64_t(tl::binary_op_names().size()) - 1);
    F32View a = get_f32(info, 1, fn, "a");
    Shape as = get_shape(info, 2, fn, "aShape");
    F32View b = get_f32(info, 3, fn, "b");
    Shape bs = get_shape(info, 4, fn, "bShape");
    F32View out = get_f32(info, 5, fn, "out");
    Shape os = get_shape(info, 6, fn, "outShape");
    const Napi::Env env = info.Env();
    check_len(env, a, as, fn, "a");
    check_len(env, b, bs, fn, "b");
    check_len(env, out, os, fn, "out");
    if (as.size() > os.size() || bs.size() > os.size())
      throw Napi::RangeError::New(env, "binary: an input has a higher rank than the output");
    // In place only when the input is not broadcast (same shape as the output).
    if (as == os) check_same_or_disjoint(env, out, a, fn, "a"); else check_no_overlap(env, out, a, fn, "a");
    if (bs == os) check_same_or_disjoint(env, out, b, fn, "b"); else check_no_overlap(env, out, b, fn, "b");
    calls_++;
    guarded(env, fn, [&] { tl::binary(static_cast<int>(op), a.data, as, b.data, bs, out.data, os); });
    return env.Undefined();
  }

  // reduce(op, x, outer, r, inner, out): out[o, i] = reduce_k x[o, k, i].
  Napi::Value Reduce(const Napi::CallbackInfo& info) {
    const char* fn = "reduce";
    check_count(info, 6, fn);
    int64_t op = get_int(info, 0, fn, "op", 0, int64_t(tl::reduce_op_names().size()) - 1);
    F32View x = get_f32(info, 1, fn, "x");
    int64_t outer = get_int(info, 2, fn, "outer", 0, tl::kMaxElements);
    int64_t r = get_int(info, 3, fn, "r", 0, tl::kMaxElements);
    int64_t inner = get_int(info, 4, fn, "inner", 0, tl::kMaxElements);
    F32View out = get_f32(info, 5, fn, "out");
    const Napi::Env env = info.Env();
    int64_t total = 0, out_n = 0;
    guarded(env, fn, [&] {
      out_n = tl::checked_mul(outer, inner, "reduce");
      total = tl::checked_mul(out_n, r, "reduce");
    });
    if (x.length != total) throw Napi::RangeError::New(env, "reduce: x length does not match outer * r * inner");
    if (out.length != out_n) throw Napi::RangeError::New(env, "reduce: out length does not match outer * inner");
    check_no_overlap(env, out, x, fn, "x");
    calls_++;
    guarded(env, fn, [&] { tl::reduce(static_cast<int>(op), x.data, outer, r, inner, out.data); });
    return env.Undefined();
  }

  // softmax(x, outer, n, inner, out, log): softmax over the middle axis of [outer, n, inner].
  Napi::Value Softmax(const Napi::CallbackInfo& info) {
    const char* fn = "softmax";
    check_count(info, 6, fn);
    F32View x = get_f32(info, 0, fn, "x");
    int64_t outer = get_int(info, 1, fn, "outer", 0, tl::kMaxElements);
    int64_t n = get_int(info, 2, fn, "n", 0, tl::kMaxElements);
    int64_t inner = get_int(info, 3, fn, "inner", 0, tl::kMaxElements);
    F32View out = get_f32(info, 4, fn, "out");
    bool log = get_bool(info, 5, fn, "log");
    const Napi::Env env = info.Env();
    int64_t total = 0;
    guarded(env, fn, [&] { total = tl::checked_mul(tl::checked_mul(outer, n, fn), inner, fn); });
    if (x.length != total || out.length != total)
      throw Napi::RangeError::New(env, "softmax: x / out length does not match outer * n * inner");
    check_no_overlap(env, out, x, fn, "x");
    calls_++;
    guarded(env, fn, [&] { tl::softmax(x.data, outer, n, inner, out.data, log); });
    return env.Undefined();
  }

  // Conv entry points share one argument layout: (in0, in0Shape, in1, in1Shape, out, outShape, strides[2],
  // pads[4], dilations[2], nchw, groups). `which` says which of x / filter / y the three tensors are.
  enum class ConvKind { kForward, kInput, kFilter };
  Napi::Value Conv(const Napi::CallbackInfo& info, const char* fn, ConvKind kind) {
    check_count(info, 11, fn);
    F32View in0 = get_f32(info, 0, fn, "in0");
    Shape s0 = get_shape(info, 1, fn, "in0Shape");
    F32View in1 = get_f32(info, 2, fn, "in1");
    Shape s1 = get_shape(info, 3, fn, "in1Shape");
    F32View out = get_f32(info, 4, fn, "out");
    Shape so = get_shape(info, 5, fn, "outShape");
    std::vector<int64_t> strides = get_ints(info, 6, fn, "strides", 2, 1);
    std::vector<int64_t> pads = get_ints(info, 7, fn, "pads", 4, 0);
    std::vector<int64_t> dil = get_ints(info, 8, fn, "dilations", 2, 1);
    bool nchw = get_bool(info, 9, fn, "nchw");
    int64_t groups = get_int(info, 10, fn, "groups", 1, int64_t(1) << 30);
    const Napi::Env env = info.Env();
    check_len(env, in0, s0, fn, "in0");
    check_len(env, in1, s1, fn, "in1");
    check_len(env, out, so, fn, "out");
    check_no_overlap(env, out, in0, fn, "in0");
    check_no_overlap(env, out, in1, fn, "in1");
    // Shapes of x, filter and y in each case.
    const Shape& xs = kind == ConvKind::kInput ? so : s0;
    const Shape& fs = kind == ConvKind::kForward ? s1 : kind == ConvKind::kInput ? s1 : so;
    const Shape& ys = kind == ConvKind::kForward ? so : kind == ConvKind::kInput ? s0 : s1;
    calls_++;
    guarded(env, fn, [&] {
      tl::ConvGeom g = tl::conv_geometry(xs, fs, ys, strides.data(), pads.data(), dil.data(), groups, nchw);
      if (kind == ConvKind::kForward) tl::conv2d(in0.data, in1.data, out.data, g);
      else if (kind == ConvKind::kInput) tl::conv2d_backprop_input(in0.data, in1.data, out.data, g);
      else tl::conv2d_backprop_filter(in0.data, in1.data, out.data, g);
    });
    return env.Undefined();
  }
  // conv2d(x, xShape, filter, filterShape, y, yShape, strides, pads, dilations, nchw, groups)
  Napi::Value Conv2D(const Napi::CallbackInfo& info) { return Conv(info, "conv2d", ConvKind::kForward); }
  // conv2dBackpropInput(dy, dyShape, filter, filterShape, dx, dxShape, ...)
  Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) { return Conv(info, "conv2dBackpropInput", ConvKind::kInput); }
  // conv2dBackpropFilter(x, xShape, dy, dyShape, dfilter, filterShape, ...)
  Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) { return Conv(info, "conv2dBackpropFilter", ConvKind::kFilter); }

  // Pool entry points: (in, inShape, [in2, in2Shape,] out, outShape, ksize[2], strides[2], pads[4], nchw).
  enum class PoolKind { kMax, kAvg, kMaxGrad, kAvgGrad };
  Napi::Value Pool(const Napi::CallbackInfo& info, const char* fn, PoolKind kind) {
    const bool two = kind == PoolKind::kMaxGrad;  // maxPoolGrad(x, xShape, dy, dyShape, dx, dxShape, ...)
    const size_t o = two ? 2 : 0;
    check_count(info, 8 + o, fn);
    F32View in0 = get_f32(info, 0, fn, "in0");
    Shape s0 = get_shape(info, 1, fn, "in0Shape");
    F32View in1;
    Shape s1;
    if (two) {
      in1 = get_f32(info, 2, fn, "in1");
      s1 = get_shape(info, 3, fn, "in1Shape");
    }
    F32View out = get_f32(info, 2 + o, fn, "out");
    Shape so = get_shape(info, 3 + o, fn, "outShape");
    std::vector<int64_t> ksize = get_ints(info, 4 + o, fn, "ksize", 2, 1);
    std::vector<int64_t> strides = get_ints(info, 5 + o, fn, "strides", 2, 1);
    std::vector<int64_t> pads = get_ints(info, 6 + o, fn, "pads", 4, 0);
    bool nchw = get_bool(info, 7 + o, fn, "nchw");
    const Napi::Env env = info.Env();
    check_len(env, in0, s0, fn, "in0");
    if (two) check_len(env, in1, s1, fn, "in1");
    check_len(env, out, so, fn, "out");
    check_no_overlap(env, out, in0, fn, "in0");
    if (two) check_no_overlap(env, out, in1, fn, "in1");
    // x / y shapes: forward (x -> y), avg grad (dy -> dx), max grad (x, dy -> dx).
    const Shape& xs = kind == PoolKind::kMax || kind == PoolKind::kAvg ? s0 : kind == PoolKind::kAvgGrad ? so : s0;
    const Shape& ys = kind == PoolKind::kMax || kind == PoolKind::kAvg ? so : kind == PoolKind::kAvgGrad ? s0 : s1;
    if (kind == PoolKind::kMaxGrad && so != s0) throw Napi::RangeError::New(env, std::string(fn) + ": dx must have x's shape");
    calls_++;
    guarded(env, fn, [&] {
      tl::PoolGeom g = tl::pool_geometry(xs, ys, ksize.data(), strides.data(), pads.data(), nchw);
      switch (kind) {
        case PoolKind::kMax: tl::max_pool(in0.data, out.data, g); break;
        case PoolKind::kAvg: tl::avg_pool(in0.data, out.data, g); break;
        case PoolKind::kMaxGrad: tl::max_pool_grad(in0.data, in1.data, out.data, g); break;
        case PoolKind::kAvgGrad: tl::avg_pool_grad(in0.data, out.data, g); break;
      }
    });
    return env.Undefined();
  }
  // maxPool(x, xShape, y, yShape, ksize, strides, pads, nchw)
  Napi::Value MaxPool(const Napi::CallbackInfo& info) { return Pool(info, "maxPool", PoolKind::kMax); }
  // avgPool(x, xShape, y, yShape, ksize, strides, pads, nchw)
  Napi::Value AvgPool(const Napi::CallbackInfo& info) { return Pool(info, "avgPool", PoolKind::kAvg); }
  // maxPoolGrad(x, xShape, dy, dyShape, dx, dxShape, ksize, strides, pads, nchw)
  Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) { return Pool(info, "maxPoolGrad", PoolKind::kMaxGrad); }
  // avgPoolGrad(dy, dyShape, dx, dxShape, ksize, strides, pads, nchw)
  Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) { return Pool(info, "avgPoolGrad", PoolKind::kAvgGrad); }

  // ---- recurrent sequences (a cell is T = 1). dims = [T, B, I, H]. -------------------------------------------
  // lstmSequence(dims, x, cs0, h0, w, b, peep | null, forgetBias, cellClip, [i, cs, f, o, ci, co, h]); i, f, o,
  // ci and co may all be null together (inference: only cs and h are written).
  Napi::Value LstmSequence(const Napi::CallbackInfo& info) {
    const char* fn = "lstmSequence";
    check_count(info, 10, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 4);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 1, fn, "x"), cs0 = get_f32(info, 2, fn, "cs0"), h0 = get_f32(info, 3, fn, "h0");
    F32View w = get_f32(info, 4, fn, "w"), b = get_f32(info, 5, fn, "b");
    std::vector<F32View> peep = get_peep(info, 6, fn);
    const double fb = get_number(info, 7, fn, "forgetBias"), clip = get_number(info, 8, fn, "cellClip");
    std::vector<F32View> o = get_f32_list(info, 9, fn, "outputs", 7, true);
    const bool gates = o[0].length >= 0;
    if (o[1].length < 0 || o[6].length < 0)
      throw Napi::TypeError::New(info.Env(), std::string(fn) + ": outputs cs and h must be Float32Arrays");
    for (int k : {2, 3, 4, 5})
      if ((o[k].length >= 0) != gates)
        throw Napi::TypeError::New(info.Env(), std::string(fn) + ": outputs i, f, o, ci and co must be all Float32Arrays or all null");
    c.in(x, T * B * I, "x"); c.in(cs0, B * H, "cs0"); c.in(h0, B * H, "h0"); c.in(w, (I + H) * 4 * H, "w"); c.in(b, 4 * H, "b");
    for (auto& p : peep) c.in(p, H, "peephole");
    const char* names[7] = {"i", "cs", "f", "o", "ci", "co", "h"};
    for (int k = 0; k < 7; k++)
      if (gates || k == 1 || k == 6) c.out(o[k], T * B * H, names[k]);
    c.done();
    calls_++;
    const bool pp = !peep.empty();
    guarded(info.Env(), fn, [&] {
      tl::lstm_sequence(d, x.data, cs0.data, h0.data, w.data, b.data, pp ? peep[0].data : nullptr, pp ? peep[1].data : nullptr,
                        pp ? peep[2].data : nullptr, float(fb), float(clip),
                        tl::LstmOut{o[0].data, o[1].data, o[2].data, o[3].data, o[4].data, o[5].data, o[6].data});
    });
    return info.Env().Undefined();
  }

  // lstmSequenceGrad(dims, x, cs0, h0, w, peep | null, cellClip, [i, cs, f, o, ci, co, h], dcs, dh,
  //                  [dx, dcs0, dh0, dw, db(, dwci, dwcf, dwco)])
  Napi::Value LstmSequenceGrad(const Napi::CallbackInfo& info) {
    const char* fn = "lstmSequenceGrad";
    check_count(info, 11, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 4);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 1, fn, "x"), cs0 = get_f32(info, 2, fn, "cs0"), h0 = get_f32(info, 3, fn, "h0"), w = get_f32(info, 4, fn, "w");
    std::vector<F32View> peep = get_peep(info, 5, fn);
    const double clip = get_number(info, 6, fn, "cellClip");
    std::vector<F32View> st = get_f32_list(info, 7, fn, "states", 7);
    F32View dcs = get_f32(info, 8, fn, "dcs"), dh = get_f32(info, 9, fn, "dh");
    const bool pp = !peep.empty();
    std::vector<F32View> g = get_f32_list(info, 10, fn, "grads", pp ? 8 : 5);
    c.in(x, T * B * I, "x"); c.in(cs0, B * H, "cs0"); c.in(h0, B * H, "h0"); c.in(w, (I + H) * 4 * H, "w");
    for (auto& p : peep) c.in(p, H, "peephole");
    for (auto& s : st) c.in(s, T * B * H, "state");
    c.in(dcs, T * B * H, "dcs"); c.in(dh, T * B * H, "dh");
    c.out(g[0], T * B * I, "dx"); c.out(g[1], B * H, "dcs0"); c.out(g[2], B * H, "dh0"); c.out(g[3], (I + H) * 4 * H, "dw"); c.out(g[4], 4 * H, "db");
    if (pp) for (int k = 5; k < 8; k++) c.out(g[k], H, "dpeephole");
    c.done();
    calls_++;
    guarded(info.Env(), fn, [&] {
      tl::lstm_sequence_grad(d, x.data, cs0.data, h0.data, w.data, pp ? peep[0].data : nullptr, pp ? peep[1].data : nullptr,
                             pp ? peep[2].data : nullptr, float(clip),
                             tl::LstmStates{st[0].data, st[1].data, st[2].data, st[3].data, st[4].data, st[5].data, st[6].data}, dcs.data, dh.data,
                             tl::LstmGradOut{g[0].data, g[1].data, g[2].data, g[3].data, g[4].data, pp ? g[5].data : nullptr,
                                             pp ? g[6].data : nullptr, pp ? g[7].data : nullptr});
    });
    return info.Env().Undefined();
  }

  // gruSequence(dims, x, h0, wRu, bRu, wC, bC, [r, u, c, h])
  Napi::Value GruSequence(const Napi::CallbackInfo& info) {
    const char* fn = "gruSequence";
    check_count(info, 8, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 3);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 1, fn, "x"), h0 = get_f32(info, 2, fn, "h0"), wru = get_f32(info, 3, fn, "wRu"), bru = get_f32(info, 4, fn, "bRu");
    F32View wc = get_f32(info, 5, fn, "wC"), bc = get_f32(info, 6, fn, "bC");
    std::vector<F32View> o = get_f32_list(info, 7, fn, "outputs", 4);
    c.in(x, T * B * I, "x"); c.in(h0, B * H, "h0"); c.in(wru, (I + H) * 2 * H, "wRu"); c.in(bru, 2 * H, "bRu"); c.in(wc, (I + H) * H, "wC"); c.in(bc, H, "bC");
    const char* names[4] = {"r", "u", "c", "h"};
    for (int k = 0; k < 4; k++) c.out(o[k], T * B * H, names[k]);
    c.done();
    calls_++;
    guarded(info.Env(), fn, [&] {
      tl::gru_sequence(d, x.data, h0.data, wru.data, bru.data, wc.data, bc.data, tl::GruOut{o[0].data, o[1].data, o[2].data, o[3].data});
    });
    return info.Env().Undefined();
  }

  // gruSequenceGrad(dims, x, h0, wRu, wC, [r, u, c, h], dh, [dx, dh0, dwRu, dbRu, dwC, dbC])
  Napi::Value GruSequenceGrad(const Napi::CallbackInfo& info) {
    const char* fn = "gruSequenceGrad";
    check_count(info, 8, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 3);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 1, fn, "x"), h0 = get_f32(info, 2, fn, "h0"), wru = get_f32(info, 3, fn, "wRu"), wc = get_f32(info, 4, fn, "wC");
    std::vector<F32View> st = get_f32_list(info, 5, fn, "states", 4);
    F32View dh = get_f32(info, 6, fn, "dh");
    std::vector<F32View> g = get_f32_list(info, 7, fn, "grads", 6);
    c.in(x, T * B * I, "x"); c.in(h0, B * H, "h0"); c.in(wru, (I + H) * 2 * H, "wRu"); c.in(wc, (I + H) * H, "wC");
    for (auto& s : st) c.in(s, T * B * H, "state");
    c.in(dh, T * B * H, "dh");
    c.out(g[0], T * B * I, "dx"); c.out(g[1], B * H, "dh0"); c.out(g[2], (I + H) * 2 * H, "dwRu"); c.out(g[3], 2 * H, "dbRu");
    c.out(g[4], (I + H) * H, "dwC"); c.out(g[5], H, "dbC");
    c.done();
    calls_++;
    guarded(info.Env(), fn, [&] {
      tl::gru_sequence_grad(d, x.data, h0.data, wru.data, wc.data, tl::GruStates{st[0].data, st[1].data, st[2].data, st[3].data}, dh.data,
                            g[0].data, g[1].data, g[2].data, g[3].data, g[4].data, g[5].data);
    });
    return info.Env().Undefined();
  }

  // rnnSequence(dims, act, x, h0, w, b, h): act 0 tanh, 1 relu, 2 sigmoid, 3 linear.
  Napi::Value RnnSequence(const Napi::CallbackInfo& info) {
    const char* fn = "rnnSequence";
    check_count(info, 7, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 1);
    const int64_t act = get_int(info, 1, fn, "act", 0, 3);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 2, fn, "x"), h0 = get_f32(info, 3, fn, "h0"), w = get_f32(info, 4, fn, "w"), b = get_f32(info, 5, fn, "b");
    F32View h = get_f32(info, 6, fn, "h");
    c.in(x, T * B * I, "x"); c.in(h0, B * H, "h0"); c.in(w, (I + H) * H, "w"); c.in(b, H, "b");
    c.out(h, T * B * H, "h");
    c.done();
    calls_++;
    guarded(info.Env(), fn, [&] { tl::rnn_sequence(d, int(act), x.data, h0.data, w.data, b.data, h.data); });
    return info.Env().Undefined();
  }

  // rnnSequenceGrad(dims, act, x, h0, w, h, dh, [dx, dh0, dw, db])
  Napi::Value RnnSequenceGrad(const Napi::CallbackInfo& info) {
    const char* fn = "rnnSequenceGrad";
    check_count(info, 8, fn);
    const tl::RnnDims d = get_rnn_dims(info, 0, fn, 1);
    const int64_t act = get_int(info, 1, fn, "act", 0, 3);
    const int64_t T = d.T, B = d.B, I = d.I, H = d.H;
    ArgCheck c{info.Env(), fn, {}, {}};
    F32View x = get_f32(info, 2, fn, "x"), h0 = get_f32(info, 3, fn, "h0"), w = get_f32(info, 4, fn, "w"), h = get_f32(info, 5, fn, "h");
    F32View dh = get_f32(info, 6, fn, "dh");
    std::vector<F32View> g = get_f32_list(info, 7, fn, "grads", 4);
    c.in(x, T * B * I, "x"); c.in(h0, B * H, "h0"); c.in(w, (I + H) * H, "w"); c.in(h, T * B * H, "h"); c.in(dh, T * B * H, "dh");
    c.out(g[0], T * B * I, "dx"); c.out(g[1], B * H, "dh0"); c.out(g[2], (I + H) * H, "dw"); c.out(g[3], H, "db");
    c.done();
    calls_++;
    guarded(info.Env(), fn, [&] {
      tl::rnn_sequence_grad(d, int(act), x.data, h0.data, w.data, h.data, dh.data, g[0].data, g[1].data, g[2].data, g[3].data);
    });
    return info.Env().Undefined();
  }

  // optimizerKinds(): the names of applyOptimizer's kinds, by number.
  Napi::Value OptimizerKinds(const Napi::CallbackInfo& info) {
    static const std::vector<const char*> names = {"GradientDescent", "Momentum", "Nesterov", "Adam", "RMSProp", "CenteredRMSProp", "Adagrad"};
    return names_to_js(info.Env(), names);
  }

  // applyOptimizer(kind, g, [x, s1.. (slots of the kind)], [ox, os1..], [lr, a, b, c]): see simd/isa.h.
  // Each output is its own input (in place) or disjoint from every input; outputs are disjoint.
  Napi::Value ApplyOptimizer(const Napi::CallbackInfo& info) {
    const char* fn = "applyOptimizer";
    check_count(info, 5, fn);
    const int64_t kind = get_int(info, 0, fn, "kind", 0, tl::kNumOptimizers - 1);
    static const uint32_t kSlots[] = {0, 1, 1, 2, 2, 3, 1};
    const uint32_t ns = kSlots[kind];
    F32View g = get_f32(info, 1, fn, "g");
    std::vector<F32View> in = get_f32_list(info, 2, fn, "state", ns + 1);
    std::vector<F32View> out = get_f32_list(info, 3, fn, "outputs", ns + 1);
    Napi::Value hv = info[4];
    if (!hv.IsArray() || hv.As<Napi::Array>().Length() != 4) throw Napi::TypeError::New(info.Env(), "applyOptimizer: 'hyper' must be an array of 4 numbers");
    float hy[4];
    for (uint32_t k = 0; k < 4; k++) {
      Napi::Value e = hv.As<Napi::Array>().Get(k);
      if (!e.IsNumber()) throw Napi::TypeError::New(info.Env(), "applyOptimizer: 'hyper' must be an array of 4 numbers");
      hy[k] = static_cast<float>(e.As<Napi::Number>().DoubleValue());
    }
    const Napi::Env env = info.Env();
    const int64_t n = g.length;
    for (uint32_t k = 0; k <= ns; k++) {
      if (in[k].length != n || out[k].length != n) throw Napi::RangeError::New(env, "applyOptimizer: every state array and output must have the gradient's length");
      check_no_overlap(env, out[k], g, fn, "g");
      for (uint32_t j = 0; j <= ns; j++) {
        if (j == k) check_same_or_disjoint(env, out[k], in[j], fn, "its own input");
        else check_no_overlap(env, out[k], in[j], fn, "another state input");
        if (j > k && overlap(out[k], out[j])) throw Napi::RangeError::New(env, "applyOptimizer: outputs overlap");
      }
    }
    auto at = [&](const std::vector<F32View>& v, uint32_t k) { return k < v.size() ? v[k].data : nullptr; };
    tl::OptimizerArgs a{n, g.data, in[0].data, at(in, 1), at(in, 2), at(in, 3), out[0].data, at(out, 1), at(out, 2), at(out, 3),
                        hy[0], hy[1], hy[2], hy[3]};
    calls_++;
    guarded(env, fn, [&] { tl::optimizer_update(static_cast<int>(kind), a); });
    return env.Undefined();
  }

  Napi::Value CompareOps(const Napi::CallbackInfo& info) { return names_to_js(info.Env(), tl::compare_op_names()); }

  // compare(op, a, aShape, b, bShape, out, outShape): out (Uint8Array 0/1) = a op b, broadcasting; a and b
  // of one element type (Float32Array, Int32Array or Uint8Array).
  Napi::Value Compare(const Napi::CallbackInfo& info) {
    const char* fn = "compare";
    check_count(info, 7, fn);
    const int64_t op = get_int(info, 0, fn, "op", 0, tl::kNumCompare - 1);
    AnyView a = get_any(info, 1, fn, "a");
    Shape as = get_shape(info, 2, fn, "aShape");
    AnyView b = get_any(info, 3, fn, "b");
    Shape bs = get_shape(info, 4, fn, "bShape");
    AnyView out = get_any(info, 5, fn, "out");
    Shape os = get_shape(info, 6, fn, "outShape");
    const Napi::Env env = info.Env();
    if (a.type != b.type) throw Napi::TypeError::New(env, "compare: a and b must have the same element type");
    if (out.type != tl::ElemType::kU8) throw Napi::TypeError::New(env, "compare: out must be a Uint8Array");
    check_any_len(env, a, as, fn, "a");
    check_any_len(env, b, bs, fn, "b");
    check_any_len(env, out, os, fn, "out");
    if (any_overlap(out, a) || any_overlap(out, b)) throw Napi::RangeError::New(env, "compare: output overlaps an input");
    calls_++;
    guarded(env, fn, [&] { tl::compare(int(op), a.type, a.data, as, b.data, bs, static_cast<uint8_t*>(out.data), os); });
    return env.Undefined();
  }

  // select(cond, condShape, a, aShape, b, bShape, out, outShape): out = cond ? a : b, broadcasting; cond a
  // Uint8Array, a / b / out of one element type.
  Napi::Value Select(const Napi::CallbackInfo& info) {
    const char* fn = "select";
    check_count(info, 8, fn);
    AnyView c = get_any(info, 0, fn, "cond");
    Shape cs = get_shape(info, 1, fn, "condShape");
    AnyView a = get_any(info, 2, fn, "a");
    Shape as = get_shape(info, 3, fn, "aShape");
    AnyView b = get_any(info, 4, fn, "b");
    Shape bs = get_shape(info, 5, fn, "bShape");
    AnyView out = get_any(info, 6, fn, "out");
    Shape os = get_shape(info, 7, fn, "outShape");
    const Napi::Env env = info.Env();
    if (c.type != tl::ElemType::kU8) throw Napi::TypeError::New(env, "select: cond must be a Uint8Array");
    if (a.type != b.type || a.type != out.type) throw Napi::TypeError::New(env, "select: a, b and out must have the same element type");
    check_any_len(env, c, cs, fn, "cond");
    check_any_len(env, a, as, fn, "a");
    check_any_len(env, b, bs, fn, "b");
    check_any_len(env, out, os, fn, "out");
    if (any_overlap(out, a) || any_overlap(out, b) || any_overlap(out, c)) throw Napi::RangeError::New(env, "select: output overlaps an input");
    calls_++;
    guarded(env, fn, [&] { tl::select(static_cast<const uint8_t*>(c.data), cs, a.type, a.data, as, b.data, bs, out.data, os); });
    return env.Undefined();
  }

  // cast(x, out): element-wise conversion between Float32Array, Int32Array and Uint8Array (bool) of one length.
  Napi::Value Cast(const Napi::CallbackInfo& info) {
    const char* fn = "cast";
    check_count(info, 2, fn);
    AnyView x = get_any(info, 0, fn, "x");
    AnyView out = get_any(info, 1, fn, "out");
    const Napi::Env env = info.Env();
    if (x.length != out.length) throw Napi::RangeError::New(env, "cast: x and out differ in length");
    if (any_overlap(x, out)) throw Napi::RangeError::New(env, "cast: output overlaps the input");
    calls_++;
    guarded(env, fn, [&] { tl::cast(x.type, x.data, out.type, out.data, x.length); });
    return env.Undefined();
  }

  // batchNorm([outer, C, inner], x, scale, offset, mean | null, variance | null, epsilon, y, meanOut, varOut):
  // null statistics = training (batch statistics, written to meanOut / varOut).
  Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
    const char* fn = "batchNorm";
    check_count(info, 10, fn);
    std::vector<int64_t> d = get_ints(info, 0, fn, "dims", 3, 0);
    const Napi::Env env = info.Env();
    int64_t n = 0;
    guarded(env, fn, [&] { n = tl::checked_mul(tl::checked_mul(d[0], d[1], fn), d[2], fn); });
    const int64_t C = d[1];
    const bool training = info[4].IsNull() || info[4].IsUndefined();
    ArgCheck c{env, fn, {}, {}};
    F32View x = get_f32(info, 1, fn, "x"), sc = get_f32(info, 2, fn, "scale"), of = get_f32(info, 3, fn, "offset");
    F32View mi, vi;
    if (!training) {
      mi = get_f32(info, 4, fn, "mean");
      vi = get_f32(info, 5, fn, "variance");
    }
    const double eps = get_number(info, 6, fn, "epsilon");
    F32View y = get_f32(info, 7, fn, "y"), mo = get_f32(info, 8, fn, "meanOut"), vo = get_f32(info, 9, fn, "varOut");
    c.in(x, n, "x"); c.in(sc, C, "scale"); c.in(of, C, "offset");
    if (!training) { c.in(mi, C, "mean"); c.in(vi, C, "variance"); }
    c.out(y, n, "y"); c.out(mo, C, "meanOut"); c.out(vo, C, "varOut");
    c.done();
    calls_++;
    guarded(env, fn, [&] {
      tl::batch_norm(x.data, d[0], C, d[2], sc.data, of.data, training ? nullptr : mi.data, training ? nullptr : vi.data, float(eps), y.data,
                     mo.data, vo.data);
    });
    return env.Undefined();
  }

  // batchNormGrad([outer, C, inner], dy, x, scale, mean, variance, dMean, dVariance, epsilon, training,
  //               [dx, dscale, doffset(, dmean, dvariance when !training)])
  Napi::Value BatchNormGrad(const Napi::CallbackInfo& info) {
    const char* fn = "batchNormGrad";
    check_count(info, 11, fn);
    std::vector<int64_t> d = get_ints(info, 0, fn, "dims", 3, 0);
    const Napi::Env env = info.Env();
    int64_t n = 0;
    guarded(env, fn, [&] { n = tl::checked_mul(tl::checked_mul(d[0], d[1], fn), d[2], fn); });
    const int64_t C = d[1];
    ArgCheck c{env, fn, {}, {}};
    F32View dy = get_f32(info, 1, fn, "dy"), x = get_f32(info, 2, fn, "x"), sc = get_f32(info, 3, fn, "scale");
    F32View m = get_f32(info, 4, fn, "mean"), v = get_f32(info, 5, fn, "variance"), gm = get_f32(info, 6, fn, "dMean"), gv = get_f32(info, 7, fn, "dVariance");
    const double eps = get_number(info, 8, fn, "epsilon");
    const bool training = get_bool(info, 9, fn, "training");
    std::vector<F32View> g = get_f32_list(info, 10, fn, "grads", training ? 3 : 5);
    c.in(dy, n, "dy"); c.in(x, n, "x"); c.in(sc, C, "scale"); c.in(m, C, "mean"); c.in(v, C, "variance"); c.in(gm, C, "dMean"); c.in(gv, C, "dVariance");
    c.out(g[0], n, "dx"); c.out(g[1], C, "dscale"); c.out(g[2], C, "doffset");
    if (!training) { c.out(g[3], C, "dmean"); c.out(g[4], C, "dvariance"); }
    c.done();
    calls_++;
    guarded(env, fn, [&] {
      tl::batch_norm_grad(dy.data, x.data, d[0], C, d[2], sc.data, m.data, v.data, gm.data, gv.data, float(eps), training, g[0].data, g[1].data,
                          g[2].data, training ? nullptr : g[3].data, training ? nullptr : g[4].data);
    });
    return env.Undefined();
  }

  uint64_t calls_ = 0;
};

NODE_API_ADDON(TensorlaneAddon)
