// Comparisons and logical ops with numpy broadcasting, on float32, int32 or bool (uint8) inputs, giving bool
// (uint8 0/1): Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, LogicalAnd, LogicalOr. NaN compares
// false (NotEqual: true), as IEEE and the js backend. Typed so that training loops (ReLU and clip gradients,
// masks, accuracy) keep their bool tensors on the native backend.
#include "kernel_call.h"
#include "broadcast.h"

namespace tl {

namespace {
template <typename T>
void compare_t(int op, const T* a, const Shape& as, const T* b, const Shape& bs, uint8_t* y, const Shape& ys) {
  const BroadcastWalk w(ys, {&as, &bs});
  const int64_t n = w.inner(), sa = w.inner_stride(0), sb = w.inner_stride(1);
  w.for_rows([&](int64_t row, const int64_t* off) {
    const T* pa = a + off[0];
    const T* pb = b + off[1];
    uint8_t* py = y + row * n;
    switch (op) {
#define TL_CMP(K, E) case K: for (int64_t i = 0; i < n; i++) { const T x = pa[i * sa], z = pb[i * sb]; py[i] = (E) ? 1 : 0; } break;
      TL_CMP(kCmpEqual, x == z)
      TL_CMP(kCmpNotEqual, x != z)
      TL_CMP(kCmpLess, x < z)
      TL_CMP(kCmpLessEqual, x <= z)
      TL_CMP(kCmpGreater, x > z)
      TL_CMP(kCmpGreaterEqual, x >= z)
      TL_CMP(kCmpLogicalAnd, x != 0 && z != 0)
      TL_CMP(kCmpLogicalOr, x != 0 || z != 0)
#undef TL_CMP
      default: break;
    }
  });
}
}  // namespace

const std::vector<const char*>& compare_op_names() {
  static const std::vector<const char*> names = {"Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr"};
  return names;
}

void compare(int op, ElemType type, const void* a, const Shape& as, const void* b, const Shape& bs, uint8_t* y, const Shape& ys) {
  if (op < 0 || op >= kNumCompare) throw ArgError("compare: unknown op");
  switch (type) {
    case ElemType::kF32: compare_t(op, static_cast<const float*>(a), as, static_cast<const float*>(b), bs, y, ys); break;
    case ElemType::kI32: compare_t(op, static_cast<const int32_t*>(a), as, static_cast<const int32_t*>(b), bs, y, ys); break;
    case ElemType::kU8: compare_t(op, static_cast<const uint8_t*>(a), as, static_cast<const uint8_t*>(b), bs, y, ys); break;
    default: throw ArgError("compare: float64 and int64 are not native comparison types");  // the kernels' dtypes exclude them
  }
}

}  // namespace tl

// ---- registration: Equal ... LogicalOr share compare(); LogicalNot is x == false --------------------------
namespace tl {
namespace {
void compare_entry(KernelCall& c) {
  if (c.in[0].type != c.in[1].type) throw ArgError("inputs 0 and 1 must have the same dtype");
  if (c.out[0].type != ElemType::kU8) throw ArgError("output 0 must be bool");
  compare(c.def->op, c.in[0].type, c.in[0].data, c.in[0].shape, c.in[1].data, c.in[1].shape, static_cast<uint8_t*>(c.out[0].data),
          c.out[0].shape);
}
void logical_not_entry(KernelCall& c) {
  if (c.out[0].type != ElemType::kU8) throw ArgError("output 0 must be bool");
  c.expect_size(true, 0, c.in[0].size);
  const uint8_t* x = static_cast<const uint8_t*>(c.in[0].data);
  uint8_t* y = static_cast<uint8_t*>(c.out[0].data);
  for (int64_t i = 0; i < c.in[0].size; i++) y[i] = x[i] == 0;
}
const bool registered = [] {
  const auto& names = compare_op_names();
  for (size_t i = 0; i < names.size(); i++) {
    const bool logical = i == kCmpLogicalAnd || i == kCmpLogicalOr;
    KernelDef d{names[i], &compare_entry, 2, 2, 1, 1, {logical ? uint8_t(kBoolBit) : kTyped}, {}};
    d.op = int(i);
    kernel_registry().push_back(std::move(d));
  }
  kernel_registry().push_back(KernelDef{"LogicalNot", &logical_not_entry, 1, 1, 1, 1, {kBoolBit}, {}, kElementwise});
  return true;
}();
}  // namespace
}  // namespace tl
