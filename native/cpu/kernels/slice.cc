// Slice: the window [begin, begin + size) of every dim, any element type (float64 and int64 included). The
// trailing dims that the window takes whole are one contiguous run per row, so the copy is one memcpy per row of
// the leading dims (a batch of rows from a [N, features] tensor is a single memcpy).
#include <cmath>
#include <cstring>

#include "../common.h"
#include "kernel_call.h"

namespace tl {
namespace {

void slice_entry(KernelCall& c) {
  const TensorArg& x = c.in[0];
  const Shape& s = x.shape;
  const std::vector<int64_t>& begin = c.ints("begin");
  const std::vector<int64_t>& size = c.ints("size");
  if (begin.size() != s.size() || size.size() != s.size()) throw ArgError("begin and size must have one entry per input dim");
  for (size_t d = 0; d < s.size(); d++)
    if (begin[d] < 0 || size[d] < 0 || begin[d] + size[d] > s[d]) throw ArgError("the window leaves the input in dim " + std::to_string(d));
  if (c.out[0].type != x.type) throw ArgError("output element type differs from the input's");
  c.expect_size(true, 0, prod(size));
  if (c.out[0].size == 0) return;
  const size_t eb = elem_size(x.type);
  // Innermost run: the dims from `k` on are taken whole (after the first partial one, counted from the end).
  size_t k = s.size();
  int64_t run = 1;
  while (k > 0) {
    run *= size[k - 1];
    k--;
    if (size[k] != s[k]) break;
  }
  // Dims before k are iterated; dim k (partial or the first) is folded into `run` with its offset.
  std::vector<int64_t> stride(s.size() + 1, 1);
  for (size_t d = s.size(); d-- > 0;) stride[d] = stride[d + 1] * s[d];
  int64_t base_off = 0;
  for (size_t d = k; d < s.size(); d++) base_off += begin[d] * stride[d + 1];
  const char* src = static_cast<const char*>(x.data);
  char* dst = static_cast<char*>(c.out[0].data);
  const int64_t rows = prod(size, 0, k);
  std::vector<int64_t> idx(k, 0);
  for (int64_t r = 0; r < rows; r++) {
    int64_t off = base_off;
    for (size_t d = 0; d < k; d++) off += (begin[d] + idx[d]) * stride[d + 1];
    std::memcpy(dst + size_t(r * run) * eb, src + size_t(off) * eb, size_t(run) * eb);
    for (size_t d = k; d-- > 0;) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
}

// SparseSoftmaxCrossEntropyWithLogits (labels int32 [S], logits float32 [S, classes]): loss = logSumExp(row) -
// row[label], max-subtracted, accumulated in double as the js kernel; a label outside [0, classes) is an error
// naming the row (it depends on the data, so only the kernel can see it).
void sparse_xent_entry(KernelCall& c) {
  const TensorArg& labels = c.in[0];
  const TensorArg& logits = c.in[1];
  if (logits.shape.empty()) throw ArgError("logits must have rank >= 1");
  const int64_t classes = logits.shape.back();
  const int64_t rows = labels.size;
  if (prod(logits.shape, 0, logits.shape.size() - 1) != rows) throw ArgError("labels and logits differ in their leading dims");
  c.expect_size(true, 0, rows);
  const int32_t* lab = static_cast<const int32_t*>(labels.data);
  const float* z = logits.f32();
  float* o = c.out[0].f32();
  for (int64_t r = 0; r < rows; r++) {
    const int32_t label = lab[r];
    if (label < 0 || label >= classes)
      throw ArgError("'labels' row " + std::to_string(r) + " holds " + std::to_string(label) + ", outside the valid range [0, " +
                     std::to_string(classes) + ")");
    const float* row = z + r * classes;
    float m = row[0];
    for (int64_t k = 1; k < classes; k++) m = row[k] > m ? row[k] : m;
    double s = 0;
    for (int64_t k = 0; k < classes; k++) s += std::exp(double(row[k]) - m);
    o[r] = float(double(m) + std::log(s) - double(row[label]));
  }
}

}  // namespace

TL_KERNEL({"Slice", &slice_entry, 1, 1, 1, 1, {kAnyType}, {{"begin", AttrKind::kInts}, {"size", AttrKind::kInts}}});
TL_KERNEL({"SparseSoftmaxCrossEntropyWithLogits", &sparse_xent_entry, 2, 2, 1, 1, {kI32Bit, kF32Bit}});

}  // namespace tl
