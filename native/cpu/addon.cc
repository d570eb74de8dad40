// Node-API entry points of the CPU addon: one generic, validated kernel dispatcher (run, and runAsync on an
// AsyncWorker) plus the non-kernel entry points (info, threads, alignmentOf, the kernel list). Kernels register
// themselves by kernel name (kernels/kernel_call.h, TL_KERNEL); the TypeScript backend resolves each name to an
// id once, at load, from kernels(), and calls run(id, inputs, inputShapes, outputs, outputShapes, attrs).
//
// Tensors are the JS typed arrays themselves: kernels read and write their ArrayBuffers in place, never a copy,
// and no external buffers are created (NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED: Electron's V8 memory cage).
//
// Safety lives here, once for every kernel. A call is parsed in two phases: first everything that can run JS
// (array elements, shape entries, attrs: any of them may be a getter that detaches or transfers a buffer),
// then, with no JS running any more, the data pointers, which are checked (typed array kind, SharedArrayBuffer,
// resizable and detached buffers refused, lengths against shape products, overlap) before the kernel runs.
// Every C++ exception becomes a JS error naming the kernel, the argument and the shapes: nothing reachable
// from JS aborts.
//
// State is per instance (Napi::Addon): each worker_thread / Electron renderer loading the addon gets its own.
// The only process-wide state is the compute thread pool (threadpool.h explains why), the ISA table and the
// static registration table of kernels (read-only after load).
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "kernels/kernel_call.h"
#include "simd/isa.h"
#include "threadpool.h"

#ifndef TL_VERSION
#define TL_VERSION "0.1.0"
#endif

namespace {

using tl::KernelCall;
using tl::KernelDef;
using tl::Shape;

constexpr uint32_t kMaxRank = 16;
constexpr uint32_t kMaxTensors = 32;
// Any single dimension above 2^40 is certainly a bug (and keeps products far from overflow checks' edge).
constexpr double kMaxDim = 1099511627776.0;

std::string fmt_shape(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); i++) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

// "inputs [2,3] [3,4] -> outputs [2,4]": appended to every error raised once the shapes are known.
std::string fmt_shapes(const KernelCall& c) {
  std::string r = " (inputs";
  for (auto& t : c.in) r += " " + fmt_shape(t.shape);
  r += " -> outputs";
  for (auto& t : c.out) r += " " + fmt_shape(t.shape);
  return r + ")";
}

const char* dtype_name(uint8_t bit) { return bit == tl::kF32Bit ? "float32" : bit == tl::kI32Bit ? "int32" : "bool"; }

// Bytes of one element of each element type (bool is a Uint8Array).
int64_t elem_bytes(tl::ElemType t) { return t == tl::ElemType::kU8 ? 1 : 4; }

bool overlap(const tl::TensorArg& x, const tl::TensorArg& y) {
  if (x.size == 0 || y.size == 0) return false;
  const auto* x0 = static_cast<const uint8_t*>(x.data);
  const auto* y0 = static_cast<const uint8_t*>(y.data);
  return x0 < y0 + y.size * elem_bytes(y.type) && y0 < x0 + x.size * elem_bytes(x.type);
}

bool same(const tl::TensorArg& x, const tl::TensorArg& y) { return x.data == y.data && x.size == y.size && x.type == y.type; }

// Outputs the entries of a float32-only kernel must be float32 too; kernels with int / bool inputs check theirs.
uint8_t output_mask(const KernelDef& d) {
  for (uint8_t m : d.dtypes)
    if (m != tl::kF32Bit) return tl::kTyped;
  return tl::kF32Bit;
}

}  // namespace

class TensorlaneAddon : public Napi::Addon<TensorlaneAddon> {
 public:
  TensorlaneAddon(Napi::Env env, Napi::Object exports) : defs_(tl::kernel_registry()) {
    DefineAddon(exports, {
                             InstanceMethod("info", &TensorlaneAddon::Info),
                             InstanceMethod("setNumThreads", &TensorlaneAddon::SetNumThreads),
                             InstanceMethod("getNumThreads", &TensorlaneAddon::GetNumThreads),
                             InstanceMethod("alignmentOf", &TensorlaneAddon::AlignmentOf),
                             InstanceMethod("kernels", &TensorlaneAddon::Kernels),
                             InstanceMethod("run", &TensorlaneAddon::Run),
                             InstanceMethod("runAsync", &TensorlaneAddon::RunAsync),
                         });
    // Attr names as internalized property keys (the keys of an object are), made once here and kept in one
    // referenced array (Node 20 cannot reference a string itself), so a per-call attr read is one fast element
    // read and one property lookup, without making and hashing a new string.
    Napi::Array keys = Napi::Array::New(env);
    for (const KernelDef& d : defs_) {
      attr_key_base_.push_back(keys.Length());
      for (const tl::AttrSpec& a : d.attrs) {
        Napi::Object o = Napi::Object::New(env);
        o.Set(a.name, true);
        keys.Set(keys.Length(), o.GetPropertyNames().Get(0u));
      }
    }
    attr_keys_ = Napi::Persistent(keys.As<Napi::Object>());
    // The builtin getter of ArrayBuffer.prototype.resizable, captured at load: later user code cannot replace
    // what we call. Absent on runtimes without resizable buffers (then none exist to refuse).
    Napi::Object global = env.Global();
    Napi::Object proto = global.Get("ArrayBuffer").As<Napi::Object>().Get("prototype").As<Napi::Object>();
    Napi::Value desc = global.Get("Object").As<Napi::Object>().Get("getOwnPropertyDescriptor").As<Napi::Function>().Call({proto, Napi::String::New(env, "resizable")});
    if (desc.IsObject() && desc.As<Napi::Object>().Get("get").IsFunction())
      resizable_getter_ = Napi::Persistent(desc.As<Napi::Object>().Get("get").As<Napi::Function>());
  }

 private:
  // ---- non-kernel entry points ------------------------------------------------------------------------------
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
    double n = 0;
    if (info.Length() < 1 || napi_get_value_double(info.Env(), info[0], &n) != napi_ok || !(n >= 1 && n <= 1024) || std::floor(n) != n)
      throw Napi::RangeError::New(info.Env(), "setNumThreads: n must be an integer in [1, 1024]");
    tl::set_num_threads(static_cast<int>(n));
    return info.Env().Undefined();
  }

  Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), tl::num_threads()); }

  // alignmentOf(buffer): the ArrayBuffer's data address modulo 64. V8 puts large backing stores 16 bytes past
  // a page boundary, so every row of a large matrix straddles cache lines; the backend uses this to place its
  // arrays on 64-byte boundaries (a 1024^3 matmul ran ~3% faster with aligned operands).
  Napi::Value AlignmentOf(const Napi::CallbackInfo& info) {
    if (info.Length() < 1) throw Napi::TypeError::New(info.Env(), "alignmentOf: expected 1 argument");
    if (!info[0].IsArrayBuffer()) throw Napi::TypeError::New(info.Env(), "alignmentOf: buffer must be an ArrayBuffer");
    const auto addr = reinterpret_cast<uintptr_t>(info[0].As<Napi::ArrayBuffer>().Data());
    return Napi::Number::New(info.Env(), static_cast<double>(addr % 64));
  }

  // kernels(): [{ name, id, inputs: [min, max], outputs: [min, max], dtypes: string[][] (per input, the last
  // covering the rest), attrs: string[], inPlace: number[], elementwise }], id = the index run() takes.
  Napi::Value Kernels(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array list = Napi::Array::New(env, defs_.size());
    auto pair = [&](int a, int b) {
      Napi::Array p = Napi::Array::New(env, 2);
      p.Set(0u, a);
      p.Set(1u, b);
      return p;
    };
    for (size_t i = 0; i < defs_.size(); i++) {
      const KernelDef& d = defs_[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", d.name);
      o.Set("id", double(i));
      o.Set("inputs", pair(d.min_in, d.max_in));
      o.Set("outputs", pair(d.min_out, d.max_out));
      Napi::Array dt = Napi::Array::New(env, d.dtypes.size());
      for (size_t k = 0; k < d.dtypes.size(); k++) {
        Napi::Array names = Napi::Array::New(env);
        for (uint8_t bit : {tl::kF32Bit, tl::kI32Bit, tl::kBoolBit})
          if (d.dtypes[k] & bit) names.Set(names.Length(), dtype_name(bit));
        dt.Set(uint32_t(k), names);
      }
      o.Set("dtypes", dt);
      Napi::Array at = Napi::Array::New(env, d.attrs.size());
      for (size_t k = 0; k < d.attrs.size(); k++) at.Set(uint32_t(k), d.attrs[k].name);
      o.Set("attrs", at);
      Napi::Array ip = Napi::Array::New(env, d.in_place.size());
      for (size_t k = 0; k < d.in_place.size(); k++) ip.Set(uint32_t(k), d.in_place[k]);
      o.Set("inPlace", ip);
      o.Set("elementwise", (d.flags & tl::kElementwise) != 0);
      list.Set(uint32_t(i), o);
    }
    return list;
  }

  // ---- the dispatcher ---------------------------------------------------------------------------------------
  // run(id, inputs, inputShapes, outputs, outputShapes, attrs): validates, then runs kernel `id` on this thread.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    // The parse scratch is reused between calls (its vectors keep their capacity); a getter that calls run()
    // again while we parse gets a fresh one.
    std::unique_ptr<KernelCall> fresh;
    KernelCall* c = &scratch_;
    if (busy_) c = (fresh = std::make_unique<KernelCall>()).get();
    struct Busy {
      bool& b;
      bool was;
      ~Busy() { b = was; }
    } guard{busy_, busy_};
    busy_ = true;
    if (!Parse(info, *c, nullptr)) return info.Env().Undefined();
    calls_++;
    Guarded(info.Env(), *c);
    return info.Env().Undefined();
  }

  // runAsync(same arguments) -> Promise<void>: the kernel runs on a libuv worker thread. The arrays are held by
  // references until the promise settles; the caller must not touch them until then.
  Napi::Value RunAsync(const Napi::CallbackInfo& info);

  // Reads and checks a call into c; false when there is no work (every output is empty). `held`, when given,
  // receives the typed arrays (for the AsyncWorker's references).
  bool Parse(const Napi::CallbackInfo& info, KernelCall& c, std::vector<napi_value>* held) {
    const napi_env env = info.Env();
    if (info.Length() < 6) throw Napi::TypeError::New(env, "run: expected 6 arguments (id, inputs, inputShapes, outputs, outputShapes, attrs)");
    double idd = -1;
    napi_get_value_double(env, info[0], &idd);
    if (!(idd >= 0 && idd < double(defs_.size())) || std::floor(idd) != idd)
      throw Napi::TypeError::New(env, "run: unknown kernel id (resolve ids by name from kernels())");
    const size_t id = size_t(idd);
    const KernelDef& d = defs_[id];
    c.def = &d;
    const char* fn = d.name;

    // Phase 1: everything that may run JS. Array elements first (getters on them may run here, harmlessly).
    napi_value arrays[2 * kMaxTensors];
    uint32_t n_in = 0, n_out = 0;
    ListLength(env, info[1], fn, "inputs", n_in);
    ListLength(env, info[3], fn, "outputs", n_out);
    if (n_in < uint32_t(d.min_in) || n_in > uint32_t(d.max_in) || n_out < uint32_t(d.min_out) || n_out > uint32_t(d.max_out))
      throw Napi::TypeError::New(env, std::string(fn) + ": takes " + std::to_string(d.min_in) + ".." + std::to_string(d.max_in) + " inputs and " +
                                          std::to_string(d.min_out) + ".." + std::to_string(d.max_out) + " outputs, got " +
                                          std::to_string(n_in) + " and " + std::to_string(n_out));
    for (uint32_t k = 0; k < n_in; k++) Element(env, info[1], k, arrays[k]);
    for (uint32_t k = 0; k < n_out; k++) Element(env, info[3], k, arrays[n_in + k]);
    c.in.resize(n_in);
    c.out.resize(n_out);
    ReadShapes(env, info[2], fn, "inputShapes", c.in);
    ReadShapes(env, info[4], fn, "outputShapes", c.out);
    ReadAttrs(env, info[5], id, c);

    // Phase 2: no JS runs from here on, so the pointers taken stay valid until the kernel returns.
    for (uint32_t k = 0; k < n_in + n_out; k++) {
      const bool is_out = k >= n_in;
      tl::TensorArg& t = is_out ? c.out[k - n_in] : c.in[k];
      const uint8_t mask = is_out ? output_mask(d) : d.dtypes[std::min<size_t>(k, d.dtypes.size() - 1)];
      TypedArray(env, arrays[k], is_out, is_out ? k - n_in : k, mask, t, c, held != nullptr);
    }
    for (size_t o = 0; o < c.out.size(); o++) {
      for (size_t i = 0; i < c.in.size(); i++) {
        if (!overlap(c.out[o], c.in[i])) continue;
        const bool elementwise = (d.flags & tl::kElementwise) && c.out[o].shape == c.in[i].shape;
        const bool in_place = o < d.in_place.size() && d.in_place[o] == int(i);
        if (!((elementwise || in_place) && same(c.out[o], c.in[i])))
          throw Napi::RangeError::New(env, std::string(fn) + ": output " + std::to_string(o) + " overlaps input " + std::to_string(i) + fmt_shapes(c));
      }
      for (size_t p = o + 1; p < c.out.size(); p++)
        if (overlap(c.out[o], c.out[p]))
          throw Napi::RangeError::New(env, std::string(fn) + ": outputs " + std::to_string(o) + " and " + std::to_string(p) + " overlap" + fmt_shapes(c));
    }
    if (held) held->assign(arrays, arrays + n_in + n_out);
    // Nothing to write: return at once, whatever the other dims (a zero-size tensor may carry huge ones).
    bool work = false;
    for (auto& t : c.out) work = work || t.size > 0;
    return work;
  }

  static void Element(napi_env env, napi_value list, uint32_t k, napi_value& out) {
    if (napi_get_element(env, list, k, &out) != napi_ok) throw Napi::Error::New(env);  // a throwing getter
  }

  static void ListLength(napi_env env, napi_value v, const char* fn, const char* name, uint32_t& n) {
    bool is_array = false;
    if (napi_is_array(env, v, &is_array) != napi_ok || !is_array || napi_get_array_length(env, v, &n) != napi_ok)
      throw Napi::TypeError::New(env, std::string(fn) + ": '" + name + "' must be an array");
    if (n > kMaxTensors) throw Napi::TypeError::New(env, std::string(fn) + ": '" + name + "' has too many entries");
  }

  // Shapes: one array of dims per tensor, each dim an integer in [0, 2^40], products overflow-checked.
  static void ReadShapes(napi_env env, napi_value list, const char* fn, const char* name, std::vector<tl::TensorArg>& ts) {
    uint32_t n = 0;
    ListLength(env, list, fn, name, n);
    if (n != ts.size()) throw Napi::TypeError::New(env, std::string(fn) + ": '" + name + "' must have one shape per tensor");
    for (uint32_t k = 0; k < n; k++) {
      napi_value arr;
      Element(env, list, k, arr);
      uint32_t rank = 0;
      ListLength(env, arr, fn, name, rank);
      if (rank > kMaxRank) throw Napi::RangeError::New(env, std::string(fn) + ": " + name + "[" + std::to_string(k) + "] has rank above 16");
      Shape& s = ts[k].shape;
      s.resize(rank);
      int64_t prod = 1;
      for (uint32_t j = 0; j < rank; j++) {
        napi_value v;
        Element(env, arr, j, v);
        double x = -1;
        if (napi_get_value_double(env, v, &x) != napi_ok || !(x >= 0) || x > kMaxDim || std::floor(x) != x)
          throw Napi::RangeError::New(env, std::string(fn) + ": " + name + "[" + std::to_string(k) + "] dim " + std::to_string(j) + " is not an integer in [0, 2^40]");
        s[j] = int64_t(x);
        if (s[j] != 0 && prod > tl::kMaxElements / s[j])
          throw Napi::RangeError::New(env, std::string(fn) + ": " + name + "[" + std::to_string(k) + "] has too many elements (overflow)");
        prod *= s[j];
      }
      ts[k].size = prod;
    }
  }

  // The attrs the kernel declares, read by name from the op's attrs object into C++ values.
  void ReadAttrs(napi_env env, napi_value obj, size_t id, KernelCall& c) {
    const KernelDef& d = defs_[id];
    c.attrs.resize(d.attrs.size());
    if (d.attrs.empty()) return;
    napi_valuetype t;
    napi_typeof(env, obj, &t);
    if (t != napi_object) throw Napi::TypeError::New(env, std::string(d.name) + ": attrs must be an object");
    const napi_value keys = attr_keys_.Value();
    for (size_t k = 0; k < d.attrs.size(); k++) {
      const tl::AttrSpec& s = d.attrs[k];
      tl::AttrValue& a = c.attrs[k];
      const std::string bad = std::string(d.name) + ": attr '" + s.name + "' must be ";
      napi_value key, v;
      napi_get_element(env, keys, uint32_t(attr_key_base_[id] + k), &key);
      if (napi_get_property(env, obj, key, &v) != napi_ok) throw Napi::Error::New(env);
      napi_typeof(env, v, &t);
      a.present = t != napi_undefined;
      if (!a.present) {
        if (!s.optional) throw Napi::TypeError::New(env, std::string(d.name) + ": attr '" + s.name + "' is missing");
        continue;
      }
      switch (s.kind) {
        case tl::AttrKind::kBool:
          if (napi_get_value_bool(env, v, &a.b) != napi_ok) throw Napi::TypeError::New(env, bad + "a boolean");
          break;
        case tl::AttrKind::kNumber:
          if (napi_get_value_double(env, v, &a.num) != napi_ok) throw Napi::TypeError::New(env, bad + "a number");
          break;
        case tl::AttrKind::kString: {
          size_t len = 0;
          if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok || len > 64) throw Napi::TypeError::New(env, bad + "a short string");
          a.str.resize(len);
          napi_get_value_string_utf8(env, v, &a.str[0], len + 1, &len);
          break;
        }
        case tl::AttrKind::kInts: {
          uint32_t n = 0;
          ListLength(env, v, d.name, s.name, n);
          a.ints.resize(n);
          for (uint32_t j = 0; j < n; j++) {
            napi_value e;
            Element(env, v, j, e);
            double x = NAN;
            napi_get_value_double(env, e, &x);
            if (!(std::fabs(x) <= kMaxDim) || std::floor(x) != x) throw Napi::TypeError::New(env, bad + "an array of integers");
            a.ints[j] = int64_t(x);
          }
          break;
        }
      }
    }
  }

  // A typed array's data, element type and length, checked against its shape. Runs no JS.
  void TypedArray(napi_env env, napi_value v, bool is_out, uint32_t index, uint8_t mask, tl::TensorArg& t, const KernelCall& c,
                  bool held) {
    // Error texts are built only on failure: this runs for every tensor of every call.
    auto err = [&](const std::string& m) { return std::string(c.def->name) + ": " + (is_out ? "output " : "input ") + std::to_string(index) + m + fmt_shapes(c); };
    napi_typedarray_type type;
    size_t length = 0, offset = 0;
    void* data = nullptr;
    napi_value buffer;
    bool ok = false;
    if (napi_is_typedarray(env, v, &ok) != napi_ok || !ok ||
        napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &offset) != napi_ok)
      throw Napi::TypeError::New(env, err(" must be a typed array"));
    uint8_t bit = 0;
    switch (type) {
      case napi_float32_array: bit = tl::kF32Bit; t.type = tl::ElemType::kF32; break;
      case napi_int32_array: bit = tl::kI32Bit; t.type = tl::ElemType::kI32; break;
      case napi_uint8_array: bit = tl::kBoolBit; t.type = tl::ElemType::kU8; break;
      default: break;
    }
    if (!(bit & mask)) {
      std::string want;
      for (uint8_t b : {tl::kF32Bit, tl::kI32Bit, tl::kBoolBit})
        if (mask & b) want += std::string(want.empty() ? "" : " or ") + dtype_name(b);
      throw Napi::TypeError::New(env, err(" must hold " + want + " (a Float32Array, Int32Array or Uint8Array)"));
    }
    // napi_is_arraybuffer is false for a SharedArrayBuffer: another thread could write it while we compute.
    if (napi_is_arraybuffer(env, buffer, &ok) != napi_ok || !ok)
      throw Napi::TypeError::New(env, err(" is backed by a SharedArrayBuffer (refused)"));
    if (napi_is_detached_arraybuffer(env, buffer, &ok) != napi_ok || ok)
      throw Napi::TypeError::New(env, err("'s ArrayBuffer is detached"));
    // A resizable buffer could shrink under a kernel running off the JS thread (runAsync: `held` is given). A
    // synchronous kernel is safe from it: no JS runs between this length check and the kernel's return. The
    // check costs a builtin call (~0.3 us, a sixth of a small op), so only the async path pays it; the backend
    // never stores resizable buffers (NativeBackend.write copies them).
    if (held && !resizable_getter_.IsEmpty()) {
      napi_value r;
      if (napi_call_function(env, buffer, resizable_getter_.Value(), 0, nullptr, &r) != napi_ok) throw Napi::Error::New(env);
      if (napi_get_value_bool(env, r, &ok) == napi_ok && ok)
        throw Napi::TypeError::New(env, err(" is backed by a resizable ArrayBuffer (refused)"));
    }
    if (int64_t(length) != t.size)
      throw Napi::RangeError::New(env, err(" has " + std::to_string(length) + " elements but its shape holds " + std::to_string(t.size)));
    if (length > 0 && data == nullptr) throw Napi::TypeError::New(env, err(" has no data"));
    t.data = data;
  }

  // Runs the kernel, turning every C++ exception into a JS error naming the kernel and the shapes (kernel
  // argument errors become RangeErrors). Built without RTTI, so the exception types are told apart by catch.
  static void Guarded(napi_env env, KernelCall& c) {
    try {
      c.def->entry(c);
    } catch (const tl::ArgError& e) {
      throw Napi::RangeError::New(env, std::string(c.def->name) + ": " + e.what() + fmt_shapes(c));
    } catch (const std::bad_alloc&) {
      throw Napi::Error::New(env, std::string(c.def->name) + ": out of memory" + fmt_shapes(c));
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, std::string(c.def->name) + ": " + e.what() + fmt_shapes(c));
    }
  }

  const std::vector<KernelDef>& defs_;
  Napi::ObjectReference attr_keys_;
  std::vector<uint32_t> attr_key_base_;
  Napi::FunctionReference resizable_getter_;
  KernelCall scratch_;
  bool busy_ = false;
  uint64_t calls_ = 0;
};

// Runs one kernel call off the JS thread; the typed arrays are referenced until the promise settles, so they
// cannot be collected while the worker uses them.
class KernelWorker : public Napi::AsyncWorker {
 public:
  KernelWorker(Napi::Env env, std::unique_ptr<KernelCall> call, const std::vector<napi_value>& arrays, bool work)
      : Napi::AsyncWorker(env, "tensorlane:runAsync"), call_(std::move(call)), work_(work), deferred_(Napi::Promise::Deferred::New(env)) {
    for (napi_value a : arrays) refs_.push_back(Napi::Persistent(Napi::Object(env, a)));
  }
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    if (!work_) return;
    try {
      call_->def->entry(*call_);
    } catch (const std::exception& e) {
      SetError(std::string(call_->def->name) + ": " + e.what() + fmt_shapes(*call_));
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::unique_ptr<KernelCall> call_;
  bool work_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> refs_;
};

Napi::Value TensorlaneAddon::RunAsync(const Napi::CallbackInfo& info) {
  auto call = std::make_unique<KernelCall>();
  std::vector<napi_value> arrays;
  const bool work = Parse(info, *call, &arrays);
  calls_++;
  auto* w = new KernelWorker(info.Env(), std::move(call), arrays, work);
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

NODE_API_ADDON(TensorlaneAddon)
