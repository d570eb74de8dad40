// runAsync on raw Node-API async work (async_call.h explains the ownership and teardown rules). No C++
// exception leaves the execute or complete callbacks: the first runs off the JS thread, the second may run
// while the environment is being torn down.
#include "async_call.h"

#include <cstring>
#include <new>
#include <string>
#include <vector>

namespace tl::dispatch {
namespace {

size_t bytes_of(const TensorArg& t) { return size_t(t.size) * elem_size(t.type); }

enum class Fail { kNone, kRange, kError, kDetached };

struct AsyncCall {
  napi_env env = nullptr;
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  std::shared_ptr<AsyncState> state;
  KernelCall call;
  bool has_work = false;
  // The inputs' copies, then the outputs' buffers (an in-place output shares its input's copy: alias >= 0).
  std::vector<std::unique_ptr<AlignedBuffer>> owned;
  std::vector<int> alias;
  std::vector<napi_ref> out_refs;  // the output typed arrays, written at completion
  int64_t external = 0;            // bytes reported to V8 as external memory
  bool ran = false;
  Fail fail = Fail::kNone;
  std::string message;

  void* take(size_t bytes) {
    owned.push_back(std::make_unique<AlignedBuffer>());
    return owned.back()->get((bytes + 3) / 4);
  }

  // Off the JS thread: only the call's own memory.
  void execute() {
    if (!has_work || state->closing.load(std::memory_order_acquire)) return;
    try {
      for (size_t o = 0; o < call.out.size(); o++) {
        TensorArg& t = call.out[o];
        if (alias[o] >= 0) {
          t.data = call.in[size_t(alias[o])].data;
        } else if (t.size > 0) {
          t.data = take(bytes_of(t));
          std::memset(t.data, 0, bytes_of(t));  // as the sync path: a kernel that leaves elements leaves zeros
        }
      }
      call.def->entry(call);
      ran = true;
    } catch (const DataError& e) {
      fail = Fail::kRange;
      message = e.what();
    } catch (const ArgError& e) {
      fail = Fail::kRange;
      message = std::string(call.def->name) + ": " + e.what() + fmt_shapes(call);
    } catch (const std::bad_alloc&) {
      fail = Fail::kError;
      message = std::string(call.def->name) + ": out of memory" + fmt_shapes(call);
    } catch (const std::exception& e) {
      fail = Fail::kError;
      message = std::string(call.def->name) + ": " + e.what() + fmt_shapes(call);
    }
  }

  // Writes the outputs on the JS thread, or finds one detached (fail = kDetached, nothing written).
  napi_status copy_out(napi_env e) {
    std::vector<void*> dst(call.out.size(), nullptr);
    for (size_t o = 0; o < call.out.size(); o++) {
      napi_value v, buffer;
      napi_typedarray_type type;
      size_t length = 0, offset = 0;
      bool detached = false;
      napi_status s = napi_get_reference_value(e, out_refs[o], &v);
      if (s == napi_ok && v == nullptr) s = napi_generic_failure;  // collected: cannot happen, the ref is strong
      if (s == napi_ok) s = napi_get_typedarray_info(e, v, &type, &length, &dst[o], &buffer, &offset);
      if (s == napi_ok) s = napi_is_detached_arraybuffer(e, buffer, &detached);
      if (s != napi_ok) return s;
      if (detached || int64_t(length) != call.out[o].size) {
        fail = Fail::kDetached;
        message = std::string(call.def->name) + ": output " + std::to_string(o) +
                  "'s ArrayBuffer was detached while the kernel ran (transferred away: the result is dropped, the new owner's data is untouched)" +
                  fmt_shapes(call);
        return napi_ok;
      }
    }
    for (size_t o = 0; o < call.out.size(); o++)
      if (call.out[o].size > 0) std::memcpy(dst[o], call.out[o].data, bytes_of(call.out[o]));
    return napi_ok;
  }

  // Settles the promise; returns the first failed Node-API status (napi_ok when settled or skipped).
  napi_status settle(napi_env e, napi_status status) {
    if (status == napi_cancelled && fail == Fail::kNone) {
      fail = Fail::kError;
      message = std::string(call.def->name) + ": cancelled";
    }
    // Skipped because the instance is closing: nobody can observe the promise any more.
    if (fail == Fail::kNone && has_work && !ran) return napi_ok;
    napi_status s = napi_ok;
    if (fail == Fail::kNone && ran && (s = copy_out(e)) != napi_ok) return s;
    if (fail == Fail::kNone) {
      napi_value undef;
      if ((s = napi_get_undefined(e, &undef)) != napi_ok) return s;
      return napi_resolve_deferred(e, deferred, undef);
    }
    napi_value msg, code = nullptr, err;
    if ((s = napi_create_string_utf8(e, message.data(), message.size(), &msg)) != napi_ok) return s;
    if (fail == Fail::kDetached && (s = napi_create_string_utf8(e, "ERR_TL_DETACHED", NAPI_AUTO_LENGTH, &code)) != napi_ok) return s;
    s = fail == Fail::kRange      ? napi_create_range_error(e, nullptr, msg, &err)
        : fail == Fail::kDetached ? napi_create_type_error(e, code, msg, &err)
                                  : napi_create_error(e, nullptr, msg, &err);
    return s != napi_ok ? s : napi_reject_deferred(e, deferred, err);
  }

  // Releases what the call holds; never throws, whatever state the environment is in.
  void release(napi_env e) {
    for (napi_ref r : out_refs) napi_delete_reference(e, r);
    out_refs.clear();
    int64_t ignored;
    if (external) napi_adjust_external_memory(e, -external, &ignored);
    if (work) napi_delete_async_work(e, work);
    work = nullptr;
    state->pending.fetch_sub(1, std::memory_order_relaxed);
  }
};

void on_execute(napi_env, void* data) { static_cast<AsyncCall*>(data)->execute(); }

void on_complete(napi_env env, napi_status status, void* data) {
  std::unique_ptr<AsyncCall> c(static_cast<AsyncCall*>(data));
  napi_status s = napi_generic_failure;
  try {
    s = c->settle(env, status);
  } catch (...) {
    // Only allocation can throw here (message strings): the promise stays pending rather than abort.
  }
  // node-addon-api's test for a dying environment: a call failed as if an exception were pending, and none is
  // (napi_cannot_run_js, 23, is what Node-API 10 reports instead). Then the calls still queued are skipped.
  bool pending = true;
  if ((s == napi_pending_exception || int(s) == 23) && napi_is_exception_pending(env, &pending) == napi_ok && !pending)
    c->state->closing.store(true, std::memory_order_release);
  c->release(env);
}

}  // namespace

napi_value queue_async(napi_env env, const Napi::CallbackInfo& info, ParseContext& ctx, const std::shared_ptr<AsyncState>& state) {
  auto c = std::make_unique<AsyncCall>();
  c->env = env;
  c->state = state;
  std::vector<napi_value> arrays;
  c->has_work = parse_call(env, info, ctx, c->call, &arrays);
  KernelCall& k = c->call;
  // In-place outputs (found before the inputs move to their copies: same pointer, size and type).
  c->alias.assign(k.out.size(), -1);
  for (size_t o = 0; o < k.out.size(); o++)
    for (size_t i = 0; i < k.in.size() && c->alias[o] < 0; i++)
      if (k.out[o].size > 0 && k.out[o].data == k.in[i].data && k.out[o].size == k.in[i].size && k.out[o].type == k.in[i].type)
        c->alias[o] = int(i);
  int64_t bytes = 0;
  if (c->has_work) {
    for (TensorArg& t : k.in) {
      if (t.size == 0) continue;
      void* copy = c->take(bytes_of(t));
      std::memcpy(copy, t.data, bytes_of(t));
      t.data = copy;
      bytes += int64_t(bytes_of(t));
    }
    for (size_t o = 0; o < k.out.size(); o++)
      if (c->alias[o] < 0) bytes += int64_t(bytes_of(k.out[o]));
  }
  for (TensorArg& t : k.out) t.data = nullptr;  // set in execute: JS memory is never written off the JS thread
  const size_t n_in = k.in.size();
  c->out_refs.reserve(k.out.size());
  napi_value promise, name;
  auto fail = [&](const char* what) {
    c->release(env);
    throw Napi::Error::New(env, std::string(k.def->name) + ": runAsync: " + what);
  };
  state->pending.fetch_add(1, std::memory_order_relaxed);
  for (size_t o = 0; o < k.out.size(); o++) {
    napi_ref r;
    if (napi_create_reference(env, arrays[n_in + o], 1, &r) != napi_ok) fail("cannot reference an output");
    c->out_refs.push_back(r);
  }
  int64_t ignored;
  if (bytes && napi_adjust_external_memory(env, bytes, &ignored) == napi_ok) c->external = bytes;
  if (napi_create_promise(env, &c->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "tensorlane:runAsync", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, on_execute, on_complete, c.get(), &c->work) != napi_ok)
    fail("cannot create the async work");
  if (napi_queue_async_work(env, c->work) != napi_ok) fail("cannot queue the async work");
  c.release();  // on_complete owns it now
  return promise;
}

}  // namespace tl::dispatch
