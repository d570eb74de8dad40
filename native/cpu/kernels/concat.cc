// Concat (1 .. kMaxListInputs inputs of one dtype, any dtype; attr axis): each input fills its window of the
// output along the axis. With the output viewed as [outer, axis * inner], every input contributes one contiguous
// block per outer row, so the copy is one memcpy per (row, input): a Keras fit stacking its per-batch metric
// values ([1] each) is one 4-byte copy per batch, and concatenating along axis 0 is one memcpy per input.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../common.h"
#include "../threadpool.h"
#include "kernel_call.h"

namespace tl {
namespace {

void concat_entry(KernelCall& c) {
  const TensorArg& y = c.out[0];
  const Shape& ys = y.shape;
  if (ys.empty()) throw ArgError("cannot concatenate scalars (rank 0)");
  const size_t axis = size_t(c.integer("axis", 0, int64_t(ys.size()) - 1));
  int64_t along = 0;
  for (size_t i = 0; i < c.in.size(); i++) {
    const TensorArg& x = c.in[i];
    if (x.type != y.type) throw ArgError("input " + std::to_string(i) + " and the output differ in dtype");
    if (x.shape.size() != ys.size()) throw ArgError("input " + std::to_string(i) + " and the output differ in rank");
    for (size_t d = 0; d < ys.size(); d++)
      if (d != axis && x.shape[d] != ys[d]) throw ArgError("input " + std::to_string(i) + " differs from the output outside the axis");
    along += x.shape[axis];
  }
  if (along != ys[axis]) throw ArgError("the inputs' sizes along the axis do not add up to the output's");
  const int64_t outer = prod(ys, 0, axis);
  const size_t eb = elem_size(y.type), inner_bytes = size_t(prod(ys, axis + 1)) * eb, row = size_t(ys[axis]) * inner_bytes;
  if (outer == 0 || row == 0) return;
  // Each input's block per output row, and where it starts within the row.
  const size_t n = c.in.size();
  std::vector<size_t> block(n), at(n);
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    block[i] = size_t(c.in[i].shape[axis]) * inner_bytes;
    at[i] = off;
    off += block[i];
  }
  char* dst = static_cast<char*>(y.data);
  // Units (row r, input i), r-major: the order the output is written in. Tasks of >= 256 KiB of output.
  const int64_t units = outer * int64_t(n);
  const int64_t tasks = std::max<int64_t>(1, std::min<int64_t>(units, int64_t(size_t(outer) * row) >> 18));
  const int64_t per = ceil_div(units, tasks);
  parallel_for(ceil_div(units, per), [&](int64_t t) {
    for (int64_t u = t * per; u < std::min(units, (t + 1) * per); u++) {
      const size_t r = size_t(u) / n, i = size_t(u) % n;
      if (block[i]) std::memcpy(dst + r * row + at[i], static_cast<const char*>(c.in[i].data) + r * block[i], block[i]);
    }
  });
}

}  // namespace

TL_KERNEL({"Concat", &concat_entry, 1, kMaxListInputs, 1, 1, {kAnyType}, {{"axis", AttrKind::kNumber}}});

}  // namespace tl
