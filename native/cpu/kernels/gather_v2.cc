// GatherV2 (params of any dtype, indices int32 / int64; attrs axis, batchDims), as the js kernel: params viewed
// as [B, O, N, I] (batch dims, the dims before the axis, the axis, the dims after it) and indices as [B, J];
// out[b, o, j, :] = params[b, o, indices[b, j], :]. Every index is checked before anything is written, with the
// js kernel's message (a DataError, reported as is). Each output row of I elements is one contiguous copy: a
// shuffled batch of 64 rows out of a [60000, 784] training set is 64 memcpys of 3 KiB, and a gather of scalars
// (labels) is a typed element loop instead of a memcpy call per element.
#include <algorithm>
#include <cstring>

#include "../common.h"
#include "../threadpool.h"
#include "elem_util.h"
#include "kernel_call.h"

namespace tl {
namespace {

// Rows [r0, r1) of the output, row r = (b * O + o) * J + j; copy(r, source row) moves one row.
template <typename Idx, typename Copy>
void gather_rows(const Idx* idx, int64_t O, int64_t N, int64_t J, int64_t r0, int64_t r1, Copy&& copy) {
  int64_t j = r0 % J, bo = r0 / J;
  int64_t b = bo / O, o = bo % O;
  for (int64_t r = r0; r < r1; r++) {
    copy(r, (b * O + o) * N + int64_t(idx[b * J + j]));
    if (++j == J) {
      j = 0;
      if (++o == O) {
        o = 0;
        b++;
      }
    }
  }
}

// Picks the row copy: whole rows by memcpy, single elements (I == 1) by a typed store of their width.
template <typename Idx>
void gather_all(const Idx* idx, const char* src, char* dst, size_t eb, int64_t O, int64_t N, int64_t I, int64_t J, int64_t r0, int64_t r1) {
  if (I == 1) {
    auto one = [&](auto word) {
      using W = decltype(word);
      const W* s = reinterpret_cast<const W*>(src);
      W* d = reinterpret_cast<W*>(dst);
      gather_rows(idx, O, N, J, r0, r1, [&](int64_t r, int64_t from) { d[r] = s[from]; });
    };
    if (eb == 1) one(uint8_t{});
    else if (eb == 4) one(uint32_t{});
    else one(uint64_t{});
    return;
  }
  const size_t row = size_t(I) * eb;
  gather_rows(idx, O, N, J, r0, r1, [&](int64_t r, int64_t from) { std::memcpy(dst + size_t(r) * row, src + size_t(from) * row, row); });
}

void gather_v2_entry(KernelCall& c) {
  const TensorArg& p = c.in[0];
  const TensorArg& ind = c.in[1];
  const Shape& ps = p.shape;
  const Shape& is = ind.shape;
  if (ps.empty()) throw ArgError("'params' must have rank >= 1");
  const int64_t axis = c.integer("axis", 0, int64_t(ps.size()) - 1);
  const int64_t bd = c.integer("batchDims", 0, std::min<int64_t>(axis, int64_t(is.size())));
  for (int64_t d = 0; d < bd; d++)
    if (ps[size_t(d)] != is[size_t(d)]) throw ArgError("the batch dims of 'params' and 'indices' differ");
  if (c.out[0].type != p.type) throw ArgError("output element type differs from the params'");
  Shape want(ps.begin(), ps.begin() + axis);
  want.insert(want.end(), is.begin() + bd, is.end());
  want.insert(want.end(), ps.begin() + axis + 1, ps.end());
  if (c.out[0].shape != want) throw ArgError("the output shape is not params[:axis] + indices[batchDims:] + params[axis+1:]");

  const int64_t B = prod(ps, 0, size_t(bd)), O = prod(ps, size_t(bd), size_t(axis)), N = ps[size_t(axis)];
  const int64_t I = prod(ps, size_t(axis) + 1), J = prod(is, size_t(bd));
  for (int64_t q = 0; q < ind.size; q++) {
    const int64_t v = index_at(ind, q);
    if (!(v >= 0 && v < N))
      throw DataError("gather: indices" + position_of(q, is) + " = " + js_integer_string(v) + " is not in [0, " + std::to_string(N) +
                      ") (axis " + std::to_string(axis) + " of 'params' " + shape_string(ps) + ")");
  }
  const int64_t rows = B * O * J;
  if (rows == 0 || I == 0) return;
  const size_t eb = elem_size(p.type);
  const char* src = static_cast<const char*>(p.data);
  char* dst = static_cast<char*>(c.out[0].data);
  // Tasks of >= 256 KiB: a training batch (~200 KiB) is copied on the calling thread alone.
  const int64_t bytes = c.out[0].size * int64_t(eb);
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(rows, bytes >> 18));
  const int64_t per = ceil_div(rows, tasks);
  parallel_for(ceil_div(rows, per), [&](int64_t t) {
    const int64_t r0 = t * per, r1 = std::min(rows, r0 + per);
    if (ind.type == ElemType::kI64) gather_all(ind.as<const int64_t>(), src, dst, eb, O, N, I, J, r0, r1);
    else gather_all(ind.as<const int32_t>(), src, dst, eb, O, N, I, J, r0, r1);
  });
}

}  // namespace

TL_KERNEL({"GatherV2", &gather_v2_entry, 2, 2, 1, 1, {kAnyType, kIndexBits}, {{"axis", AttrKind::kNumber}, {"batchDims", AttrKind::kNumber}}});

}  // namespace tl
