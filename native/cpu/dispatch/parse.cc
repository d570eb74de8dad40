// run()'s argument parsing and checks (parse.h has the layout and the order that keeps pointers valid).
// Error texts are built only on failure: this runs for every tensor of every call.
#include "parse.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tl::dispatch {
namespace {

// Any single dimension above 2^40 is certainly a bug (and keeps products far from overflow checks' edge).
constexpr double kMaxDim = 1099511627776.0;
constexpr uint32_t kMaxInts = 64;

// Marks an ArrayBuffer already found not resizable (fixed when a buffer is made; a tag is a private property
// JS cannot forge or copy), so later calls on the same buffer skip the resizable getter (a builtin call). Only
// buffers that may be resizable by their address (may_be_resizable) are looked up: the lookup costs ~0.1 us.
constexpr napi_type_tag kPlainBuffer = {0x7e1a5c0de0b1f4a9ULL, 0x3d52c8e6a1f09b77ULL};

std::string fmt_shape(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); i++) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

// The dtype bits in the order kernels() lists them, with their names and typed arrays.
struct DTypeInfo {
  uint8_t bit;
  const char* name;
  const char* array;
};
constexpr DTypeInfo kDTypes[] = {{kF32Bit, "float32", "Float32Array"}, {kI32Bit, "int32", "Int32Array"}, {kBoolBit, "bool", "Uint8Array"},
                                 {kF64Bit, "float64", "Float64Array"}, {kI64Bit, "int64", "BigInt64Array"}};

int64_t elem_bytes(ElemType t) { return int64_t(elem_size(t)); }

bool overlap(const TensorArg& x, const TensorArg& y) {
  if (x.size == 0 || y.size == 0) return false;
  const auto* x0 = static_cast<const uint8_t*>(x.data);
  const auto* y0 = static_cast<const uint8_t*>(y.data);
  return x0 < y0 + y.size * elem_bytes(y.type) && y0 < x0 + x.size * elem_bytes(x.type);
}

bool same(const TensorArg& x, const TensorArg& y) { return x.data == y.data && x.size == y.size && x.type == y.type; }

// Outputs of a float32-only kernel must be float32 too; kernels with other inputs check theirs (out_dtypes, when
// declared, else the 4-byte and bool types plus whatever the inputs may be).
uint8_t output_mask(const KernelDef& d) {
  if (d.out_dtypes) return d.out_dtypes;
  uint8_t all = 0;
  for (uint8_t m : d.dtypes) all |= m;
  return all == kF32Bit ? uint8_t(kF32Bit) : uint8_t(kTyped | all);
}

[[noreturn]] void type_error(napi_env env, const std::string& m) { throw Napi::TypeError::New(env, m); }
[[noreturn]] void range_error(napi_env env, const std::string& m) { throw Napi::RangeError::New(env, m); }

// Reads meta's slots in order, each once; every failure names the kernel.
struct MetaReader {
  napi_env env;
  const char* fn;
  const double* p;
  size_t n, pos = 0;
  double next(const char* what) {
    if (pos >= n) range_error(env, std::string(fn) + ": meta ends before " + what);
    return p[pos++];
  }
  // An integer in [lo, hi].
  int64_t integer(const char* what, double lo, double hi) {
    const double x = next(what);
    if (!(x >= lo && x <= hi) || std::floor(x) != x)
      range_error(env, std::string(fn) + ": " + what + " is not an integer in [" + std::to_string(int64_t(lo)) + ", " + std::to_string(int64_t(hi)) + "]");
    return int64_t(x);
  }
};

void read_shapes(MetaReader& m, std::vector<TensorArg>& ts, const char* side) {
  auto who = [&](size_t k) { return std::string(m.fn) + ": " + side + " " + std::to_string(k); };
  for (size_t k = 0; k < ts.size(); k++) {
    const double r = m.next("a rank");
    if (!(r >= 0 && r <= kMaxRank) || std::floor(r) != r) range_error(m.env, who(k) + " has a rank not in [0, 16]");
    Shape& s = ts[k].shape;
    s.resize(size_t(r));
    int64_t prod = 1;
    for (size_t j = 0; j < s.size(); j++) {
      const double x = m.next("a dim");
      if (!(x >= 0 && x <= kMaxDim) || std::floor(x) != x) range_error(m.env, who(k) + " dim " + std::to_string(j) + " is not an integer in [0, 2^40]");
      s[j] = int64_t(x);
      if (s[j] != 0 && prod > kMaxElements / s[j]) range_error(m.env, who(k) + " has too many elements (overflow)");
      prod *= s[j];
    }
    ts[k].size = prod;
  }
}

void read_attrs(MetaReader& m, const KernelDef& d, KernelCall& c) {
  c.attrs.resize(d.attrs.size());
  for (size_t k = 0; k < d.attrs.size(); k++) {
    const AttrSpec& s = d.attrs[k];
    AttrValue& a = c.attrs[k];
    auto bad = [&](const char* want) { type_error(m.env, std::string(d.name) + ": attr '" + s.name + "' must be " + want); };
    const double x = m.next(s.name);
    a.present = s.kind == AttrKind::kNumber ? x == 1 : x != -1;
    if (s.kind == AttrKind::kNumber) {
      const double v = m.next(s.name);
      if (x != 0 && x != 1) bad("a number");
      a.num = v;
    }
    if (!a.present) {
      if (!s.optional) type_error(m.env, std::string(d.name) + ": attr '" + s.name + "' is missing");
      continue;
    }
    switch (s.kind) {
      case AttrKind::kNumber: break;
      case AttrKind::kBool:
        if (x != 0 && x != 1) bad("a boolean");
        a.b = x == 1;
        break;
      case AttrKind::kEnum: {
        if (!(x >= 0 && x < double(s.values.size())) || std::floor(x) != x) {
          std::string want = "one of";
          for (const char* v : s.values) want += std::string(" '") + v + "'";
          bad(want.c_str());
        }
        a.num = x;
        a.str = s.values[size_t(x)];
        break;
      }
      case AttrKind::kInts: {
        if (!(x >= 0 && x <= kMaxInts) || std::floor(x) != x) bad("an array of at most 64 integers");
        a.ints.resize(size_t(x));
        for (int64_t& v : a.ints) {
          const double e = m.next(s.name);
          if (!(std::fabs(e) <= kMaxDim) || std::floor(e) != e) bad("an array of integers");
          v = int64_t(e);
        }
        break;
      }
    }
  }
}

// Resizable backing stores are reserved whole pages at a time (V8: BackingStore::TryAllocateAndPartially-
// CommitMemory, from the page allocator), so their data starts on a page boundary; a plain ArrayBuffer's comes
// from the embedder's allocator (malloc: 16 bytes past a boundary at best). Only a buffer starting on a 4 KiB
// boundary (or with no data) can be resizable, and only those take the slow check. The addon verifies this at
// load on the running runtime (resizable_buffers_page_aligned); where it does not hold, every buffer is checked.
bool may_be_resizable(const ParseContext& ctx, void* data, size_t offset) {
  return !ctx.resizable_page_aligned || (reinterpret_cast<uintptr_t>(data) - offset) % 4096 == 0;
}

// A typed array's data, element type and length, checked against its shape. Runs no user JS.
void read_tensor(napi_env env, napi_value v, bool is_out, uint32_t index, uint8_t mask, TensorArg& t, const KernelCall& c,
                 ParseContext& ctx) {
  auto err = [&](const std::string& m) {
    return std::string(c.def->name) + ": " + (is_out ? "output " : "input ") + std::to_string(index) + m + fmt_shapes(c);
  };
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  size_t offset = 0;
  napi_value buffer;
  // Fails (napi_invalid_arg) for anything but a typed array: no separate napi_is_typedarray.
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &offset) != napi_ok) type_error(env, err(" must be a typed array"));
  uint8_t bit = 0;
  switch (type) {
    case napi_float32_array: bit = kF32Bit; t.type = ElemType::kF32; break;
    case napi_int32_array: bit = kI32Bit; t.type = ElemType::kI32; break;
    case napi_uint8_array: bit = kBoolBit; t.type = ElemType::kU8; break;
    case napi_float64_array: bit = kF64Bit; t.type = ElemType::kF64; break;
    case napi_bigint64_array: bit = kI64Bit; t.type = ElemType::kI64; break;
    default: break;
  }
  if (!(bit & mask)) {
    std::string want, arrays;
    for (const DTypeInfo& d : kDTypes)
      if (mask & d.bit) {
        want += std::string(want.empty() ? "" : " or ") + d.name;
        arrays += std::string(arrays.empty() ? "" : ", ") + d.array;
      }
    type_error(env, err(" must hold " + want + " (a " + arrays + ")"));
  }
  bool ok = false;
  // napi_is_arraybuffer is false for a SharedArrayBuffer: another thread could write it while we compute.
  if (napi_is_arraybuffer(env, buffer, &ok) != napi_ok || !ok) type_error(env, err(" is backed by a SharedArrayBuffer (refused)"));
  if (may_be_resizable(ctx, data, offset) && (napi_check_object_type_tag(env, buffer, &kPlainBuffer, &ok) != napi_ok || !ok)) {
    // A resizable buffer could shrink under a kernel running off the JS thread (runAsync), and is refused on
    // run too, so that both take the same arrays. The getter is the builtin captured at load (runs no user JS).
    if (!ctx.resizable_getter.IsEmpty()) {
      napi_value r;
      if (napi_call_function(env, buffer, ctx.resizable_getter.Value(), 0, nullptr, &r) != napi_ok) throw Napi::Error::New(env);
      if (napi_get_value_bool(env, r, &ok) == napi_ok && ok) type_error(env, err(" is backed by a resizable ArrayBuffer (refused)"));
    }
    napi_type_tag_object(env, buffer, &kPlainBuffer);
  }
  // A detached buffer reads as length 0: asked only then (or on a mismatch, for the message).
  if (length == 0 || int64_t(length) != t.size) {
    if (napi_is_detached_arraybuffer(env, buffer, &ok) != napi_ok || ok) type_error(env, err("'s ArrayBuffer is detached"));
    if (int64_t(length) != t.size)
      range_error(env, err(" has " + std::to_string(length) + " elements but its shape holds " + std::to_string(t.size)));
  }
  if (length > 0 && data == nullptr) type_error(env, err(" has no data"));
  t.data = data;
}

}  // namespace

std::string fmt_shapes(const KernelCall& c) {
  std::string r = " (inputs";
  for (auto& t : c.in) r += " " + fmt_shape(t.shape);
  r += " -> outputs";
  for (auto& t : c.out) r += " " + fmt_shape(t.shape);
  return r + ")";
}

bool parse_call(napi_env env, const Napi::CallbackInfo& info, ParseContext& ctx, KernelCall& c, std::vector<napi_value>* held) {
  if (info.Length() < 2) type_error(env, "run: expected (id, meta, ...tensors)");
  double idd = -1;
  napi_get_value_double(env, info[0], &idd);
  if (!(idd >= 0 && idd < double(ctx.defs.size())) || std::floor(idd) != idd)
    type_error(env, "run: unknown kernel id (resolve ids by name from kernels())");
  const KernelDef& d = ctx.defs[size_t(idd)];
  c.def = &d;
  const char* fn = d.name;

  // No argument can run JS: the tensors are arguments themselves (no array whose elements could be getters),
  // meta is a typed array, the id is read without coercion. So nothing can detach a buffer between the
  // checks below and the kernel's return.
  const uint32_t n = uint32_t(info.Length() - 2);
  if (n > kMaxTensors) type_error(env, std::string(fn) + ": more than " + std::to_string(kMaxTensors) + " tensors");
  napi_typedarray_type mt;
  size_t mlen = 0;
  void* mdata = nullptr;
  if (napi_get_typedarray_info(env, info[1], &mt, &mlen, &mdata, nullptr, nullptr) != napi_ok || mt != napi_float64_array)
    type_error(env, std::string(fn) + ": 'meta' must be a Float64Array");
  MetaReader m{env, fn, static_cast<const double*>(mdata), mdata ? mlen : 0};
  const int64_t n_in = m.integer("the input count", 0, n), n_out = int64_t(n) - n_in;
  if (n_in < d.min_in || n_in > d.max_in || n_out < d.min_out || n_out > d.max_out)
    type_error(env, std::string(fn) + ": takes " + std::to_string(d.min_in) + ".." + std::to_string(d.max_in) + " inputs and " +
                        std::to_string(d.min_out) + ".." + std::to_string(d.max_out) + " outputs, got " + std::to_string(n_in) + " and " +
                        std::to_string(n_out));
  c.in.resize(size_t(n_in));
  c.out.resize(size_t(n_out));
  read_shapes(m, c.in, "input");
  read_shapes(m, c.out, "output");
  read_attrs(m, d, c);

  // The data pointers, then the relations between them.
  const uint8_t out_mask = output_mask(d);
  for (uint32_t k = 0; k < n; k++) {
    const bool is_out = k >= n_in;
    const uint32_t i = is_out ? k - uint32_t(n_in) : k;
    read_tensor(env, info[2 + k], is_out, i, is_out ? out_mask : d.dtypes[std::min<size_t>(k, d.dtypes.size() - 1)], is_out ? c.out[i] : c.in[i],
                c, ctx);
  }
  for (size_t o = 0; o < c.out.size(); o++) {
    for (size_t i = 0; i < c.in.size(); i++) {
      if (!overlap(c.out[o], c.in[i])) continue;
      const bool elementwise = (d.flags & kElementwise) && c.out[o].shape == c.in[i].shape;
      const bool in_place = o < d.in_place.size() && d.in_place[o] == int(i);
      if (!((elementwise || in_place) && same(c.out[o], c.in[i])))
        range_error(env, std::string(fn) + ": output " + std::to_string(o) + " overlaps input " + std::to_string(i) + fmt_shapes(c));
    }
    for (size_t p = o + 1; p < c.out.size(); p++)
      if (overlap(c.out[o], c.out[p]))
        range_error(env, std::string(fn) + ": outputs " + std::to_string(o) + " and " + std::to_string(p) + " overlap" + fmt_shapes(c));
  }
  if (held)
    for (uint32_t k = 0; k < n; k++) held->push_back(info[2 + k]);
  // Nothing to write: return at once, whatever the other dims (a zero-size tensor may carry huge ones).
  for (auto& t : c.out)
    if (t.size > 0) return true;
  return false;
}

bool resizable_buffers_page_aligned(Napi::Env env) {
  Napi::Value ctor = env.Global().Get("ArrayBuffer");
  for (double len : {0.0, 16.0, 1000.0, 65536.0 + 24, 3.0 * (1 << 20)}) {
    Napi::Object opts = Napi::Object::New(env);
    opts.Set("maxByteLength", len * 4 + 64);
    Napi::Object ab = ctor.As<Napi::Function>().New({Napi::Number::New(env, len), opts});
    void* data = nullptr;
    size_t n = 0;
    if (napi_get_arraybuffer_info(env, ab, &data, &n) != napi_ok) return false;
    if (reinterpret_cast<uintptr_t>(data) % 4096 != 0) return false;
  }
  return true;
}

void run_guarded(napi_env env, KernelCall& c) {
  try {
    c.def->entry(c);
  } catch (const DataError& e) {
    range_error(env, e.what());
  } catch (const ArgError& e) {
    range_error(env, std::string(c.def->name) + ": " + e.what() + fmt_shapes(c));
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, std::string(c.def->name) + ": out of memory" + fmt_shapes(c));
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string(c.def->name) + ": " + e.what() + fmt_shapes(c));
  }
}

}  // namespace tl::dispatch
