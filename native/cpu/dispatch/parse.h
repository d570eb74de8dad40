// Reading and checking one kernel call from JS: the dispatcher's half of the kernel contract (kernel_call.h).
//
// run(id, meta, ...tensors): the tensors are the typed arrays themselves, the inputs then the outputs, passed as
// arguments (no array: reading its elements cost a property lookup each, and elements could be getters);
// `meta` is one Float64Array holding everything else, so one Node-API call reads all shapes and attrs:
//
//   meta = [nIn, (rank, dim_0 .. dim_rank-1) for every tensor in argument order, attr slots in declared order]
//   attr slots: bool   -1 absent | 0 | 1
//               number  0 absent | 1 present, then the value (always 2 slots)
//               ints   -1 absent | n, then n integers
//               enum   -1 absent | the index of the value in AttrSpec::values
//
// Anything after the last slot is ignored (the TypeScript side reuses one scratch array). Each slot is read
// once into C++ and checked there: meta may be any Float64Array, even a shared one.
//
// The safety rule, that nothing able to run JS (a getter that detaches or transfers a buffer) runs between
// taking a data pointer and the kernel's return, holds by construction: no argument is read by a call that
// can run user JS (no array elements, no property reads, no coercions), and the only JS called, the builtin
// ArrayBuffer.prototype.resizable getter captured at load, runs none.
#pragma once

#include "../napi_include.h"

#include <string>
#include <vector>

#include "../kernels/kernel_call.h"

namespace tl::dispatch {

constexpr uint32_t kMaxRank = 16;
// Tensors per call: a list kernel's inputs plus room for outputs.
constexpr uint32_t kMaxTensors = uint32_t(kMaxListInputs) + 32;

// Per-addon-instance state the parser uses (owned by the Napi::Addon).
struct ParseContext {
  const std::vector<KernelDef>& defs;
  // The builtin getter of ArrayBuffer.prototype.resizable captured at load (empty where the runtime has none).
  Napi::FunctionReference resizable_getter;
  // Resizable buffers start on a 4 KiB boundary on this runtime (checked at load): others skip the getter.
  bool resizable_page_aligned = false;
};

// Whether resizable ArrayBuffers made by this runtime start on a 4 KiB boundary (a few sizes, at load).
bool resizable_buffers_page_aligned(Napi::Env env);

// Reads and checks run()'s arguments into c; false when there is no work (every output is empty). `held`, when
// given, receives the typed arrays (for runAsync's references).
bool parse_call(napi_env env, const Napi::CallbackInfo& info, ParseContext& ctx, KernelCall& c, std::vector<napi_value>* held);

// "(inputs [2,3] [3,4] -> outputs [2,4])": appended to every error raised once the shapes are known.
std::string fmt_shapes(const KernelCall& c);

// Runs the kernel, turning every C++ exception into a JS error naming the kernel and the shapes.
void run_guarded(napi_env env, KernelCall& c);

}  // namespace tl::dispatch
