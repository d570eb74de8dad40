// runAsync: one validated kernel call run on a libuv worker thread, safe against the two ways JS can pull the
// ground from under it (issue #13).
//
// 1. Buffers change owner while the kernel runs. A non-resizable ArrayBuffer can still be detached
//    (structuredClone(buf, {transfer}), buf.transfer(), postMessage transfer): its memory then belongs to the
//    new owner, which may write it or drop it (freed by the next GC). A reference to the typed array keeps the
//    object alive, not the memory. Node-API offers no way to pin or share a backing store, and no external
//    buffers are allowed (Electron's memory cage), so the kernel never touches JS memory off the JS thread:
//      - inputs are copied, on the JS thread, before runAsync returns: the result is the product of the values
//        at the call, whatever happens to the arrays afterwards;
//      - outputs are computed into buffers the call owns (an in-place output shares its input's copy) and
//        copied into the output arrays on the JS thread at completion. An output array whose buffer was
//        detached meanwhile is never written (its memory belongs to someone else): the promise rejects with a
//        TypeError whose code is 'ERR_TL_DETACHED', and no output is written.
//    The copies cost O(size) on the JS thread (the only async kernel the backend registers is MatMul, O(n^3)).
// 2. The environment goes away (worker.terminate(), process.exit() in a worker). Node waits for queued async
//    work before it runs the environment's cleanup hooks, then calls our completion with JS disabled: every
//    Node-API call that would run JS fails. The completion uses the C API, checks every status and never
//    throws; the first failure marks the addon instance closing, so its calls still queued skip their kernels.
//    The owned buffers and references are released either way. At process exit libuv finishes (or skips) the
//    queued kernels before the isolate is disposed; they only touch memory the calls own.
#pragma once

#include <atomic>
#include <memory>

#include "parse.h"

namespace tl::dispatch {

// Shared by an addon instance and its queued calls.
struct AsyncState {
  // The environment can no longer run JS: queued kernels are skipped, completions only release.
  std::atomic<bool> closing{false};
  // Calls queued and not yet completed (info()).
  std::atomic<int64_t> pending{0};
};

// runAsync(id, meta, ...tensors) -> Promise<void>. Argument errors throw synchronously (as run's do).
napi_value queue_async(napi_env env, const Napi::CallbackInfo& info, ParseContext& ctx, const std::shared_ptr<AsyncState>& state);

}  // namespace tl::dispatch
