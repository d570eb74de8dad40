// Select (TF's SelectV2, tl.where): y = cond ? a : b with cond (bool), a and b all broadcasting to y. The
// values are moved as raw 4-byte or 1-byte elements, so one walk serves float32, int32 and bool.
#include "kernel_call.h"
#include "broadcast.h"

namespace tl {

namespace {
template <typename T>
void select_t(const uint8_t* c, const Shape& cs, const T* a, const Shape& as, const T* b, const Shape& bs, T* y, const Shape& ys) {
  const BroadcastWalk w(ys, {&cs, &as, &bs});
  const int64_t n = w.inner(), sc = w.inner_stride(0), sa = w.inner_stride(1), sb = w.inner_stride(2);
  w.for_rows([&](int64_t row, const int64_t* off) {
    const uint8_t* pc = c + off[0];
    const T* pa = a + off[1];
    const T* pb = b + off[2];
    T* py = y + row * n;
    for (int64_t i = 0; i < n; i++) py[i] = pc[i * sc] ? pa[i * sa] : pb[i * sb];
  });
}
}  // namespace

void select(const uint8_t* c, const Shape& cs, ElemType type, const void* a, const Shape& as, const void* b, const Shape& bs, void* y,
            const Shape& ys) {
  if (type == ElemType::kU8)
    select_t(c, cs, static_cast<const uint8_t*>(a), as, static_cast<const uint8_t*>(b), bs, static_cast<uint8_t*>(y), ys);
  else  // float32 and int32 move as 4-byte words
    select_t(c, cs, static_cast<const uint32_t*>(a), as, static_cast<const uint32_t*>(b), bs, static_cast<uint32_t*>(y), ys);
}

}  // namespace tl

// ---- registration ----------------------------------------------------------------------------------------
namespace tl {
namespace {
// Select (where): inputs cond (bool), a, b (one dtype), all broadcasting to the output.
void select_entry(KernelCall& c) {
  if (c.in[1].type != c.in[2].type || c.out[0].type != c.in[1].type) throw ArgError("inputs 1, 2 and the output must have one dtype");
  select(static_cast<const uint8_t*>(c.in[0].data), c.in[0].shape, c.in[1].type, c.in[1].data, c.in[1].shape, c.in[2].data, c.in[2].shape,
         c.out[0].data, c.out[0].shape);
}
TL_KERNEL({"Select", &select_entry, 3, 3, 1, 1, {kBoolBit, kTyped}, {}});
}  // namespace
}  // namespace tl
