// Shared helpers for the CPU addon: the error type kernels throw (turned into JS errors by addon.cc),
// overflow-checked size arithmetic, and an aligned scratch buffer. Nothing here touches Node-API, so the
// kernels stay testable and usable from AsyncWorker threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace tl {

// Thrown for bad arguments that slipped past the TypeScript checks; addon.cc converts it to a RangeError.
class ArgError : public std::runtime_error {
 public:
  explicit ArgError(const std::string& m) : std::runtime_error(m) {}
};

// A bad value in the data (an index out of range), which only a kernel can see: its message is the js kernel's
// own, naming the op, and the dispatcher reports it as is (a RangeError, ArgumentError on the TS side, with no
// kernel name or shapes added), so that every backend gives the same error for the same input.
class DataError : public ArgError {
 public:
  explicit DataError(const std::string& m) : ArgError(m) {}
};

// Largest element count we accept: typed arrays cannot be larger, and staying below 2^53 keeps every
// product exactly representable when it travels back to JS as a double.
constexpr int64_t kMaxElements = int64_t(1) << 53;

// ceil(a / b) for a >= 0, b > 0 (tile and panel counts).
inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// a * b with an overflow check (sizes are non-negative).
inline int64_t checked_mul(int64_t a, int64_t b, const char* what) {
  if (a < 0 || b < 0) throw ArgError(std::string(what) + ": negative size");
  if (a != 0 && b > kMaxElements / a) throw ArgError(std::string(what) + ": size overflows");
  return a * b;
}

// 64-byte aligned, uninitialised float storage that only grows (scratch for packing and tails).
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  ~AlignedBuffer() { release(); }
  float* get(size_t n) {
    if (n > cap_) {
      release();
      // Round up to whole cache lines; aligned_alloc wants a multiple of the alignment.
      size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
#if defined(_MSC_VER)
      ptr_ = static_cast<float*>(_aligned_malloc(bytes, 64));
#else
      ptr_ = static_cast<float*>(std::aligned_alloc(64, bytes));
#endif
      if (!ptr_) throw std::bad_alloc();
      cap_ = bytes / sizeof(float);
    }
    return ptr_;
  }

 private:
  void release() {
#if defined(_MSC_VER)
    _aligned_free(ptr_);
#else
    std::free(ptr_);
#endif
    ptr_ = nullptr;
    cap_ = 0;
  }
  float* ptr_ = nullptr;
  size_t cap_ = 0;
};

// Per-thread scratch buffers (0: packed A, 1: packed B, 2: edge tile / row temp, 3: gemv, 4: conv columns,
// 5: RNN arena, 6: one im2col row). Each pool thread and each calling thread has its own, so kernels never share
// scratch.
float* thread_scratch(int slot, size_t n);

}  // namespace tl
