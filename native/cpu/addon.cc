// Node-API entry points of the CPU addon: one generic, validated kernel dispatcher (run, and runAsync on
// Node-API async work, dispatch/async_call.h) plus the non-kernel entry points (info, threads, alignmentOf, the
// kernel list). Kernels register themselves by kernel name (kernels/kernel_call.h, TL_KERNEL); the TypeScript backend resolves each name to an
// id once, at load, from kernels(), and calls run(id, meta, ...tensors): one Float64Array with the input count,
// every shape and the attrs, encoded from the attr schema kernels() exports (dispatch/parse.h has the layout),
// then the typed arrays (inputs then outputs).
//
// Tensors are the JS typed arrays themselves: run's kernels read and write their ArrayBuffers in place, never a
// copy (runAsync's work on copies: a buffer can be transferred away while they run), and no external buffers
// are created (NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED: Electron's V8 memory cage).
//
// Safety lives in dispatch/parse.cc, once for every kernel: meta is copied and checked, then the data pointers
// (typed array kind, SharedArrayBuffer, resizable and detached buffers refused, lengths against shape products,
// overlap) before the kernel runs; no argument is read by anything that can run user JS, so no getter can
// detach a buffer whose pointer was taken.
// Every C++ exception becomes a JS error naming the kernel, the argument and the shapes: nothing reachable
// from JS aborts.
//
// State is per instance (Napi::Addon): each worker_thread / Electron renderer loading the addon gets its own.
// The only process-wide state is the compute thread pool (threadpool.h explains why), the ISA table and the
// static registration table of kernels (read-only after load).
#include "napi_include.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common.h"
#include "dispatch/async_call.h"
#include "dispatch/parse.h"
#include "kernels/kernel_call.h"
#include "malloc_tune.h"
#include "simd/isa.h"
#include "threadpool.h"

#ifndef TL_VERSION
#define TL_VERSION "0.1.0"
#endif

namespace {

using tl::KernelCall;
using tl::KernelDef;

const char* dtype_name(uint8_t bit) {
  switch (bit) {
    case tl::kF32Bit: return "float32";
    case tl::kI32Bit: return "int32";
    case tl::kF64Bit: return "float64";
    case tl::kI64Bit: return "int64";
    default: return "bool";
  }
}
const char* kind_name(tl::AttrKind k) {
  switch (k) {
    case tl::AttrKind::kBool: return "bool";
    case tl::AttrKind::kNumber: return "number";
    case tl::AttrKind::kInts: return "ints";
    default: return "enum";
  }
}

}  // namespace

class TensorlaneAddon : public Napi::Addon<TensorlaneAddon> {
 public:
  TensorlaneAddon(Napi::Env env, Napi::Object exports) : ctx_{tl::kernel_registry(), {}} {
    malloc_tuned_ = tl::tune_malloc();  // once per process: reading results reuses mapped memory (malloc_tune.cc)
    DefineAddon(exports, {
                             InstanceMethod("info", &TensorlaneAddon::Info),
                             InstanceMethod("setNumThreads", &TensorlaneAddon::SetNumThreads),
                             InstanceMethod("getNumThreads", &TensorlaneAddon::GetNumThreads),
                             InstanceMethod("alignmentOf", &TensorlaneAddon::AlignmentOf),
                             InstanceMethod("kernels", &TensorlaneAddon::Kernels),
                             InstanceMethod("run", &TensorlaneAddon::Run),
                             InstanceMethod("runAsync", &TensorlaneAddon::RunAsync),
                         });
    // The builtin getter of ArrayBuffer.prototype.resizable, captured at load: later user code cannot replace
    // what we call. Absent on runtimes without resizable buffers (then none exist to refuse).
    Napi::Object global = env.Global();
    Napi::Object proto = global.Get("ArrayBuffer").As<Napi::Object>().Get("prototype").As<Napi::Object>();
    Napi::Value desc = global.Get("Object").As<Napi::Object>().Get("getOwnPropertyDescriptor").As<Napi::Function>().Call({proto, Napi::String::New(env, "resizable")});
    if (desc.IsObject() && desc.As<Napi::Object>().Get("get").IsFunction())
      ctx_.resizable_getter = Napi::Persistent(desc.As<Napi::Object>().Get("get").As<Napi::Function>());
    ctx_.resizable_page_aligned = !ctx_.resizable_getter.IsEmpty() && tl::dispatch::resizable_buffers_page_aligned(env);
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
    o.Set("pendingAsync", static_cast<double>(async_->pending.load()));
    o.Set("mallocTuned", malloc_tuned_);
    o.Set("resizableCheck", ctx_.resizable_page_aligned ? "page-aligned buffers" : "every buffer");
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
  // covering the rest), attrs: { name, kind: 'bool' | 'number' | 'ints' | 'enum', optional, values? }[] (the
  // schema meta's attr slots follow), inPlace: number[], elementwise }], id = the index run() takes.
  Napi::Value Kernels(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array list = Napi::Array::New(env, ctx_.defs.size());
    auto pair = [&](int a, int b) {
      Napi::Array p = Napi::Array::New(env, 2);
      p.Set(0u, a);
      p.Set(1u, b);
      return p;
    };
    for (size_t i = 0; i < ctx_.defs.size(); i++) {
      const KernelDef& d = ctx_.defs[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", d.name);
      o.Set("id", double(i));
      o.Set("inputs", pair(d.min_in, d.max_in));
      o.Set("outputs", pair(d.min_out, d.max_out));
      Napi::Array dt = Napi::Array::New(env, d.dtypes.size());
      for (size_t k = 0; k < d.dtypes.size(); k++) {
        Napi::Array names = Napi::Array::New(env);
        for (uint8_t bit : {tl::kF32Bit, tl::kI32Bit, tl::kBoolBit, tl::kF64Bit, tl::kI64Bit})
          if (d.dtypes[k] & bit) names.Set(names.Length(), dtype_name(bit));
        dt.Set(uint32_t(k), names);
      }
      o.Set("dtypes", dt);
      Napi::Array at = Napi::Array::New(env, d.attrs.size());
      for (size_t k = 0; k < d.attrs.size(); k++) {
        const tl::AttrSpec& a = d.attrs[k];
        Napi::Object spec = Napi::Object::New(env);
        spec.Set("name", a.name);
        spec.Set("kind", kind_name(a.kind));
        spec.Set("optional", a.optional);
        if (a.kind == tl::AttrKind::kEnum) {
          Napi::Array values = Napi::Array::New(env, a.values.size());
          for (size_t j = 0; j < a.values.size(); j++) values.Set(uint32_t(j), a.values[j]);
          spec.Set("values", values);
        }
        at.Set(uint32_t(k), spec);
      }
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
  // run(id, meta, ...tensors): validates, then runs kernel `id` on this thread.
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
    if (!tl::dispatch::parse_call(info.Env(), info, ctx_, *c, nullptr)) return info.Env().Undefined();
    calls_++;
    tl::dispatch::run_guarded(info.Env(), *c);
    return info.Env().Undefined();
  }

  // runAsync(same arguments) -> Promise<void>: the kernel runs on a libuv worker thread, on copies of the inputs
  // taken now, into buffers copied to the outputs when it completes (dispatch/async_call.h: detached buffers,
  // worker termination and exit).
  Napi::Value RunAsync(const Napi::CallbackInfo& info);

  tl::dispatch::ParseContext ctx_;
  KernelCall scratch_;
  bool busy_ = false;
  uint64_t calls_ = 0;
  bool malloc_tuned_ = false;
  std::shared_ptr<tl::dispatch::AsyncState> async_ = std::make_shared<tl::dispatch::AsyncState>();
};

Napi::Value TensorlaneAddon::RunAsync(const Napi::CallbackInfo& info) {
  napi_value promise = tl::dispatch::queue_async(info.Env(), info, ctx_, async_);
  calls_++;
  return Napi::Value(info.Env(), promise);
}

NODE_API_ADDON(TensorlaneAddon)
