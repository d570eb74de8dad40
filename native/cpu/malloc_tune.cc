// Keeps glibc from handing large freed blocks back to the kernel, so that fresh ArrayBuffers come from memory
// already mapped instead of new zero pages.
//
// Why: every result a user reads (`await t.data()`, `dataSync()`) is a new JS ArrayBuffer, which Node allocates
// with calloc. glibc serves blocks of 128 KiB and more by mmap, and trims the heap top once more than twice the
// largest freed mmap block is free; V8 frees dead ArrayBuffers in batches after each GC, so the heap top is
// trimmed again and again and each new 256 KiB result takes most of its 64 pages as fresh page faults (a
// 256x256 matMul + dataSync + dispose loop measured ~54 extra faults per read; ~2 with the settings below). That made reading a result cost
// several times what copying it costs. glibc's own adaptive threshold only grows to the largest block freed so
// far; these fixed values are that mechanism's documented ceiling (32 MiB on 64-bit) and twice it for the trim.
// The cost is that up to 64 MiB of freed heap stays mapped for reuse. TL_MALLOC_TUNE=0 leaves malloc alone.
#include "malloc_tune.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tl {

namespace {
std::once_flag g_once;
bool g_tuned = false;
}  // namespace

bool tune_malloc() {
  std::call_once(g_once, [] {
#if defined(__GLIBC__)
    const char* env = std::getenv("TL_MALLOC_TUNE");
    if (env != nullptr && std::strcmp(env, "0") == 0) return;
    constexpr int kMmapThreshold = 32 * 1024 * 1024;
    constexpr int kTrimThreshold = 64 * 1024 * 1024;
    g_tuned = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
#endif
  });
  return g_tuned;
}

}  // namespace tl
