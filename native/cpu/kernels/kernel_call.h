// The one contract between the addon's dispatcher (addon.cc) and the kernels: every kernel registers itself
// under its kernel name (src/core/kernel_names.ts) with one entry `void(KernelCall&)`, the attributes it reads
// and the dtypes it accepts. The dispatcher reads and validates everything from JS (shapes, attrs, lengths,
// overlap) into a KernelCall before any kernel runs, so entries only compute. No Node-API here: kernels and
// their registrations also build into native/cpu/test/portable_check.cc, and entries may run on worker threads.
//
// The registration table is static (filled by static registrars, one per kernel file, before main); it holds
// no per-instance state: that lives in the Napi::Addon instance.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "../common.h"
#include "kernels.h"

namespace tl {

// dtype bits a kernel accepts per input (kernel_names.ts dtypes; bool travels as a Uint8Array of 0/1, int64 as
// a BigInt64Array).
enum DTypeBit : uint8_t { kF32Bit = 1, kI32Bit = 2, kBoolBit = 4, kF64Bit = 8, kI64Bit = 16 };
// The 4-byte and bool types (the kernels written before float64 / int64 travelled to the addon).
constexpr uint8_t kTyped = kF32Bit | kI32Bit | kBoolBit;
// Every dtype: kernels that only move elements (gather, concat, slice) or write any type (one-hot).
constexpr uint8_t kAnyType = kTyped | kF64Bit | kI64Bit;
constexpr uint8_t kIndexBits = kI32Bit | kI64Bit;

// The most inputs a kernel taking a list of tensors (Concat) may declare: a Keras fit stacks one value per batch
// (1875 for an epoch of Fashion-MNIST in batches of 32). Longer lists run on the js backend (addonSupports).
constexpr int kMaxListInputs = 4096;

// The attr schema: the addon exports it with its kernel list, and the TypeScript side builds from it, once at
// load, each kernel's encoder of an attrs object into the flat Float64Array that run() takes (dispatch/parse.h
// has the layout). An enum is a string attr with a fixed set of values: it travels as the value's index.
enum class AttrKind : uint8_t { kBool, kNumber, kInts, kEnum };
struct AttrSpec {
  const char* name;
  AttrKind kind;
  bool optional = false;             // absent (undefined) is allowed; the entry sees present == false
  std::vector<const char*> values{};  // kEnum: the accepted strings
};

struct AttrValue {
  bool present = false;
  bool b = false;
  double num = 0;
  std::vector<int64_t> ints;
  const char* str = "";  // kEnum: the value (one of AttrSpec::values); num is its index
};

// One tensor argument: data already offset by the view's byteOffset, its element type, shape and size.
struct TensorArg {
  void* data = nullptr;
  ElemType type = ElemType::kF32;
  Shape shape;
  int64_t size = 0;
  float* f32() const { return static_cast<float*>(data); }
  template <typename T>
  T* as() const { return static_cast<T*>(data); }
};

struct KernelDef;

struct KernelCall {
  const KernelDef* def = nullptr;
  std::vector<TensorArg> in, out;
  std::vector<AttrValue> attrs;  // in the order of def->attrs

  const AttrValue& attr(const char* name) const;
  bool flag(const char* name, bool dflt = false) const {
    const AttrValue& a = attr(name);
    return a.present ? a.b : dflt;
  }
  double num(const char* name) const { return attr(name).num; }
  // A number attr that must be an integer in [lo, hi] (an axis, a depth): an ArgError naming it otherwise.
  int64_t integer(const char* name, int64_t lo, int64_t hi) const {
    const double v = attr(name).num;
    if (!(v >= double(lo) && v <= double(hi)) || v != double(int64_t(v))) {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, v);  // the shortest form: "2", "0.5", "nan"
      throw ArgError(std::string("attr '") + name + "' is " + std::string(buf, r.ptr) + ", not an integer in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "]");
    }
    return int64_t(v);
  }
  const std::vector<int64_t>& ints(const char* name) const { return attr(name).ints; }
  const char* str(const char* name) const { return attr(name).str; }
  bool is(const char* name, const char* value) const { return std::strcmp(attr(name).str, value) == 0; }
  // Relations between shapes that the entry relies on: an ArgError naming the argument when they do not hold.
  void expect_size(bool output, size_t k, int64_t n) const {
    const TensorArg& t = output ? out[k] : in[k];
    if (t.size != n)
      throw ArgError(std::string(output ? "output " : "input ") + std::to_string(k) + " has " + std::to_string(t.size) +
                     " elements, expected " + std::to_string(n));
  }
  void expect_rank(bool output, size_t k, size_t lo, size_t hi) const {
    const TensorArg& t = output ? out[k] : in[k];
    if (t.shape.size() < lo || t.shape.size() > hi)
      throw ArgError(std::string(output ? "output " : "input ") + std::to_string(k) + " has rank " + std::to_string(t.shape.size()) +
                     ", expected " + std::to_string(lo) + (hi != lo ? ".." + std::to_string(hi) : ""));
  }
};

using KernelEntry = void (*)(KernelCall&);

// How outputs may share memory with inputs (everything else must be disjoint, checked by the dispatcher).
enum KernelFlags : uint32_t {
  kNoAlias = 0,
  // An output may be an input of the same shape, index for index (elementwise kernels run in place).
  kElementwise = 1,
};

struct KernelDef {
  KernelDef(const char* name_, KernelEntry entry_, int min_in_, int max_in_, int min_out_, int max_out_, std::vector<uint8_t> dtypes_,
            std::vector<AttrSpec> attrs_ = {}, uint32_t flags_ = kNoAlias, std::vector<int> in_place_ = {}, uint8_t out_dtypes_ = 0)
      : name(name_), entry(entry_), min_in(min_in_), max_in(max_in_), min_out(min_out_), max_out(max_out_), dtypes(std::move(dtypes_)),
        attrs(std::move(attrs_)), flags(flags_), in_place(std::move(in_place_)), out_dtypes(out_dtypes_) {}
  const char* name;
  KernelEntry entry;
  int min_in, max_in, min_out, max_out;
  // Accepted dtype bits per input; the last entry covers the remaining inputs.
  std::vector<uint8_t> dtypes;
  std::vector<AttrSpec> attrs;
  uint32_t flags = kNoAlias;
  // Optimizer updates: output k may be input in_place[k] itself (attrs.inPlace, owners === 1 on the TS side).
  std::vector<int> in_place;
  // dtype bits the outputs may hold; 0: derived from the inputs' (float32 when every input is float32-only, else
  // kTyped plus the inputs' bits). Entries check their outputs' exact types against their inputs'.
  uint8_t out_dtypes = 0;
  // For kernels that share one entry (Exp, Log, ... or Add, Sub, ...): which of them this is.
  int op = 0;
};

inline std::vector<KernelDef>& kernel_registry() {
  static std::vector<KernelDef> table;
  return table;
}

inline const AttrValue& KernelCall::attr(const char* name) const {
  for (size_t i = 0; i < def->attrs.size(); i++)
    if (std::strcmp(def->attrs[i].name, name) == 0) return attrs[i];
  throw ArgError(std::string("attr '") + name + "' is not declared");  // a bug in the entry, reported, not fatal
}

// Product of dims (sizes the dispatcher already overflow-checked, or checked_mul where the entry derives them).
inline int64_t prod(const Shape& s, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  for (size_t i = from; i < s.size() && i < to; i++) p *= s[i];
  return p;
}

struct KernelRegistrar {
  explicit KernelRegistrar(KernelDef d) { kernel_registry().push_back(std::move(d)); }
};

// TL_KERNEL(unique_id, {"MatMul", &entry, ...}): registers one kernel at load.
#define TL_KERNEL_CAT2(a, b) a##b
#define TL_KERNEL_CAT(a, b) TL_KERNEL_CAT2(a, b)
#define TL_KERNEL(...) static const ::tl::KernelRegistrar TL_KERNEL_CAT(tl_kernel_reg_, __COUNTER__)(::tl::KernelDef __VA_ARGS__)

}  // namespace tl
